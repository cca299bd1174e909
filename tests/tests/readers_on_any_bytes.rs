//! Every reader of other tools' files — stage histories (CSV, Salesforce and HubSpot exports,
//! XES, OCEL 2.0 JSON and XML), CRM configurations (HubSpot JSON, Salesforce metadata XML) and
//! BPMN — on random bytes, on truncations of real files and on mutations of them: a result or
//! an error, never a panic, and never much more memory than the input.
//!
//! One test runs every case in turn: the allocator below counts this binary's memory, which a
//! second test running alongside would muddle.

use std::path::{Path, PathBuf};

use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use throughline_core::Map;

// The system allocator, counting the most memory held since last asked.
#[global_allocator]
static ALLOCATOR: &PeakMemAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// What reading takes beyond the input itself: a fixed allowance for buffers and tables.
const ALLOWANCE: usize = 48 << 20;

/// Runs `read` and fails if it held more than the allowance plus 64 times the input.
fn bounded(input: usize, what: &str, read: impl FnOnce()) {
    ALLOCATOR.reset_peak_memory();
    read();
    let held = ALLOCATOR.get_peak_memory();
    assert!(held <= ALLOWANCE + 64 * input, "{what}: {held} bytes for {input} bytes of input");
}

/// Reads a file; says why not, when it does not.
type Reader = fn(&Path, &Map) -> Option<String>;

/// A kind of file a reader takes, with the name it is saved under and real files of it.
struct Kind {
    name: &'static str,
    seeds: Vec<Vec<u8>>,
    read: Reader,
}

fn sample(name: &str) -> PathBuf {
    throughline_tests::sample_path("inbound-b2b-saas-hubspot").with_file_name(name)
}

fn read_history(path: &Path, map: &Map) -> Option<String> {
    throughline_history::history_of_many(map, &[path], &throughline_history::Columns::default())
        .err()
        .map(|e| e.to_string())
}

fn read_crm(path: &Path, _: &Map) -> Option<String> {
    throughline_crm::read(&[path.to_path_buf()]).err().map(|e| e.to_string())
}

fn read_bpmn(path: &Path, _: &Map) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    throughline_bpmn::from_bpmn_noting(&text).err().map(|e| e.to_string())
}

/// The most an error says beyond the file's path: where, what, and an excerpt of the input of
/// 80 characters (each control character written out as up to eight).
const LONGEST_ERROR: usize = 1_000;

const OCEL_JSON: &str = r#"{"objectTypes":[{"name":"contact","attributes":[]},{"name":"deal","attributes":[]}],
"eventTypes":[{"name":"MQL","attributes":[]},{"name":"Discovery","attributes":[]}],
"objects":[{"id":"c1","type":"contact","attributes":[]},{"id":"d1","type":"deal","attributes":[],
"relationships":[{"objectId":"c1","qualifier":"for"}]}],
"events":[{"id":"e1","type":"MQL","time":"2026-01-01T09:00:00Z","attributes":[],
"relationships":[{"objectId":"c1","qualifier":"contact"}]},{"id":"e2","type":"Discovery",
"time":"2026-01-03T09:00:00+02:00","relationships":[{"objectId":"d1","qualifier":"deal"}]}]}"#;

const OCEL_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<log><object-types><object-type name="contact"><attributes/></object-type>
<object-type name="deal"><attributes/></object-type></object-types>
<event-types><event-type name="MQL"><attributes/></event-type></event-types>
<objects><object id="c1" type="contact"/><object id="d1" type="deal"><objects>
<relationship object-id="c1" qualifier="for"/></objects></object></objects>
<events><event id="e1" type="MQL" time="2026-01-01T09:00:00Z"><objects>
<relationship object-id="c1" qualifier="contact"/></objects></event></events></log>"#;

const XES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/"><trace>
<string key="concept:name" value="c1"/><event><string key="concept:name" value="lead"/>
<date key="time:timestamp" value="2026-01-01T09:00:00Z"/></event></trace></log>"#;

fn kinds(map: &Map) -> Vec<Kind> {
    let file = |name: &str| std::fs::read(sample(name)).unwrap();
    let crm = throughline_tests::in_workspace("assets/samples/crm");
    let salesforce = crm.join("enterprise-salesforce-asc606/force-app/main/default");
    // A history's first few thousand bytes: mutations of a whole log take long to read.
    let head = |name: &str| file(name).into_iter().take(4_000).collect::<Vec<u8>>();
    vec![
        Kind {
            name: "history.csv",
            seeds: vec![
                head("inbound-b2b-saas-hubspot.history.csv"),
                head("enterprise-salesforce-asc606.history.csv"),
                head("enterprise-salesforce-asc606.LeadHistory.csv"),
                head("enterprise-salesforce-asc606.Lead.csv"),
                head("inbound-b2b-saas-hubspot.contacts.csv"),
                head("inbound-b2b-saas-hubspot.deals.csv"),
            ],
            read: read_history,
        },
        Kind { name: "history.xes", seeds: vec![XES.into()], read: read_history },
        Kind { name: "history.jsonocel", seeds: vec![OCEL_JSON.into()], read: read_history },
        Kind { name: "history.xmlocel", seeds: vec![OCEL_XML.into()], read: read_history },
        Kind {
            name: "pipelines.json",
            seeds: vec![
                std::fs::read(crm.join("inbound-b2b-saas-hubspot/deal-pipelines.json")).unwrap(),
                std::fs::read(crm.join("product-led-self-serve/lifecyclestage.json")).unwrap(),
            ],
            read: read_crm,
        },
        Kind {
            name: "OpportunityStage.standardValueSet-meta.xml",
            seeds: vec![
                std::fs::read(
                    salesforce.join("standardValueSets/OpportunityStage.standardValueSet-meta.xml"),
                )
                .unwrap(),
            ],
            read: read_crm,
        },
        Kind {
            name: "model.bpmn",
            seeds: vec![throughline_bpmn::to_bpmn(map).into_bytes()],
            read: read_bpmn,
        },
    ]
}

/// Bytes that mean something to one of the formats.
const TELLING: &[u8] = b"<>&;,\"'\n\r\0{}[]:=/\\\xff\xfe";

/// A real file changed in a few places: bytes replaced, put in or taken out, now and then a
/// run of thousands (a value far longer than any error should quote).
fn mutated(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let run = prop_oneof![8 => 1usize..40, 1 => Just(5_000usize)];
    let edit = (any::<prop::sample::Index>(), 0u8..3, prop::sample::select(TELLING), run);
    prop::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut bytes = seed.clone();
        for (at, how, byte, run) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes.splice(i..i, std::iter::repeat_n(byte, run)).for_each(drop),
                _ => bytes.drain(i..(i + run).min(bytes.len())).for_each(drop),
            }
        }
        bytes
    })
}

#[test]
fn every_reader_takes_any_bytes_without_a_panic_within_its_memory_however_long_or_deep() {
    let map = throughline_core::json::from_str(&throughline_tests::sample_text(
        "inbound-b2b-saas-hubspot",
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tried = std::cell::Cell::new(0);
    for kind in kinds(&map) {
        let path = dir.path().join(kind.name);
        let try_bytes = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            let mut said = None;
            bounded(bytes.len(), kind.name, || said = (kind.read)(&path, &map));
            // An error quotes a short excerpt of the input, however long the value.
            if let Some(said) = said {
                let beyond_path = said.len().saturating_sub(path.display().to_string().len());
                assert!(
                    beyond_path <= LONGEST_ERROR,
                    "{}: {} bytes: {said}",
                    kind.name,
                    said.len()
                );
            }
            tried.set(tried.get() + 1);
        };
        // Each real file whole, and cut short at every 97th byte.
        for seed in &kind.seeds {
            for end in (0..=seed.len()).step_by(97).chain([seed.len()]) {
                try_bytes(&seed[..end]);
            }
        }
        let mut runner = TestRunner::new(Config { cases: 150, ..Config::default() });
        let random = prop::collection::vec(any::<u8>(), 0..600);
        runner
            .run(&random, |bytes| {
                try_bytes(&bytes);
                Ok(())
            })
            .unwrap();
        for seed in &kind.seeds {
            let mut runner = TestRunner::new(Config { cases: 120, ..Config::default() });
            runner
                .run(&mutated(seed.clone()), |bytes| {
                    try_bytes(&bytes);
                    Ok(())
                })
                .unwrap();
        }
    }
    let tried = tried.get();
    assert!(tried > 3_000, "{tried} inputs tried");

    // A record, tag or string longer than memory should hold is refused where it begins,
    // holding no more than a megabyte or two of it.
    let long = 48 << 20;
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "long.csv",
            [&b"case_id,activity,timestamp\n1,lead,2026-01-01\n2,\""[..], &vec![b'x'; long]]
                .concat(),
        ),
        (
            "long.xes",
            [&b"<?xml version=\"1.0\"?>\n<log><trace><string value=\""[..], &vec![b'y'; long]]
                .concat(),
        ),
        ("long.jsonocel", [&b"{\"objectTypes\": [{\"name\": \""[..], &vec![b'z'; long]].concat()),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        drop(bytes);
        ALLOCATOR.reset_peak_memory();
        let refused = throughline_history::history_of_many(
            &map,
            &[&path],
            &throughline_history::Columns::default(),
        )
        .unwrap_err()
        .to_string();
        let held = ALLOCATOR.get_peak_memory();
        assert!(refused.contains("runs on past 1 MB, the limit for one"), "{name}: {refused}");
        // Where the run began: the CSV's third line, the XES's second, the JSON's first.
        let line = match name {
            "long.csv" => 3,
            "long.xes" => 2,
            _ => 1,
        };
        assert!(refused.contains(&format!(", line {line}: ")), "{name}: said where: {refused}");
        assert!(held < 8 << 20, "{name}: {held} bytes held for a {long}-byte run");
    }

    // Nesting a million deep: a reader that recursed would overflow the stack and end the
    // test's process, whatever it then said.
    let deep = |open: &str, inner: &str, close: &str| {
        [open.as_bytes(), &inner.as_bytes().repeat(1_000_000), close.as_bytes()].concat()
    };
    let nested: [(&str, Vec<u8>, Reader); 6] = [
        ("deep.xes", deep("<?xml version=\"1.0\"?><log><trace>", "<event>", ""), read_history),
        (
            "deep.xmlocel",
            deep("<?xml version=\"1.0\"?><log><objects>", "<object>", ""),
            read_history,
        ),
        ("deep.jsonocel", deep("{\"objectTypes\": ", "[", ""), read_history),
        ("pipelines.json", deep("{\"results\": ", "[", ""), read_crm),
        (
            "OpportunityStage.standardValueSet-meta.xml",
            deep("<StandardValueSet>", "<standardValue>", ""),
            read_crm,
        ),
        (
            "deep.bpmn",
            deep(
                r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">"#,
                "<process>",
                "",
            ),
            read_bpmn,
        ),
    ];
    for (name, bytes, read) in nested {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let said = read(&path, &map);
        assert!(said.is_some(), "{name}: a million open tags read as a whole file");
    }
}
