//! The stage history laid over a map, on logs written by hand: every number of the
//! `throughline-flow/1` document worked out on paper first.

use std::io::Write;
use std::path::PathBuf;

use throughline_core::{Map, Severity, json};
use throughline_history::{Columns, FlowReport, LogKind, flow, log, percentile};

/// Lead (entry, 24 h SLA) → MQL → SAL → Won (revenue); MQL → Lost (exit). Lead → MQL has a 48 h
/// SLA. Won and Lost share the system value "Closed" (ambiguous in a log).
fn map() -> Map {
    json::from_str(
        r#"{ "format": "throughline/1", "name": "Inbound",
          "teams": [ { "id": "mkt", "name": "Marketing" }, { "id": "sales", "name": "Sales" } ],
          "people": [],
          "stages": [
            { "id": "lead", "name": "Lead", "team": "mkt", "kind": "entry", "owners": [], "entry": [], "exit": [], "sla_hours": 24,
              "system": { "name": "HubSpot", "value": "lead" } },
            { "id": "mql", "name": "Marketing qualified lead", "team": "mkt", "kind": "stage", "owners": [], "entry": [], "exit": [],
              "system": { "name": "HubSpot", "value": "marketingqualifiedlead" } },
            { "id": "sal", "name": "Sales accepted lead", "team": "sales", "kind": "stage", "owners": [], "entry": [], "exit": [] },
            { "id": "won", "name": "Won", "team": "sales", "kind": "revenue", "owners": [], "entry": [], "exit": [],
              "system": { "name": "Salesforce", "value": "Closed" } },
            { "id": "lost", "name": "Lost", "team": "sales", "kind": "exit", "owners": [], "entry": [], "exit": [],
              "system": { "name": "Salesforce", "value": "Closed" } }
          ],
          "transitions": [
            { "id": "t1", "from": "lead", "to": "mql", "owners": [], "criteria": [], "sla_hours": 48 },
            { "id": "t2", "from": "mql", "to": "sal", "owners": [], "criteria": [] },
            { "id": "t3", "from": "sal", "to": "won", "owners": [], "criteria": [] },
            { "id": "t4", "from": "mql", "to": "lost", "owners": [], "criteria": [] }
          ],
          "terms": [] }"#,
    )
    .unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
    path
}

/// Hours after 2025-01-01T00:00:00Z, as a log writes them.
fn at(hours: u32) -> String {
    format!("2025-01-{:02}T{:02}:00:00Z", 1 + hours / 24, hours % 24)
}

/// Four leads: A runs the whole way; B is slow into MQL; C skips MQL; D never moves.
fn story() -> String {
    let mut rows = vec!["case:concept:name,concept:name,time:timestamp".to_owned()];
    for (case, value, hours) in [
        ("A", "lead", 0),
        ("A", "Marketing Qualified  LEAD", 10), // by name: case folded, spaces collapsed
        ("A", "sal", 20),                       // by id
        ("A", "won", 30),
        ("B", "lead", 0),
        ("B", "marketingqualifiedlead", 50),
        ("B", "marketingqualifiedlead", 55), // the same stage again: one visit
        ("B", "sal", 60),
        ("C", "lead", 0),
        ("C", "sal", 5),
        ("C", "won", 100),
        ("D", "lead", 0),
        ("D", "Prospecting (old)", 1),
        ("E", "Prospecting (old)", 2),
        ("E", "Closed", 3),
    ] {
        rows.push(format!("{case},{value},{}", at(hours)));
    }
    rows.join("\n")
}

fn report(text: &str) -> FlowReport {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "log.csv", text);
    flow(&map(), &path, &Columns::default()).unwrap()
}

#[test]
fn visits_moves_and_statistics_as_specified() {
    let r = report(&story());
    assert_eq!(r.format, "throughline-flow/1");
    assert_eq!((r.log.events, r.log.cases), (15, 5));
    assert_eq!(r.log.from.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert_eq!(r.log.to.as_deref(), Some("2025-01-05T04:00:00Z"));
    assert_eq!(r.log.unmatched.len(), 1);
    assert_eq!(
        (r.log.unmatched[0].value.as_str(), r.log.unmatched[0].events),
        ("Prospecting (old)", 2)
    );
    assert_eq!(r.log.ambiguous[0].stages, ["won", "lost"]);

    let stage = |id: &str| r.stages.iter().find(|s| s.id == id).unwrap();
    // Lead: entered 4 times; moves out took 10, 50 and 5 hours; D is still there at the
    // log's end (100 h): over its 24 h SLA with B's move.
    let lead = stage("lead");
    assert_eq!((lead.entered, lead.current), (4, 1));
    assert_eq!(lead.median_hours, Some(10.0));
    assert_eq!(lead.p90_hours, Some(42.0)); // 10 + (50 − 10) × 0.8
    assert_eq!(lead.over_sla, Some(2));
    assert_eq!((stage("mql").entered, stage("sal").entered, stage("won").current), (2, 3, 2));
    assert_eq!(stage("mql").over_sla, None, "no SLA: null");
    assert_eq!(stage("lost").entered, 0, "listed with zeros");

    let transition = |id: &str| r.transitions.iter().find(|t| t.id == id).unwrap();
    let t1 = transition("t1");
    assert_eq!((t1.records, t1.over_sla), (2, Some(1)));
    assert_eq!(t1.share, Some(2.0 / 3.0));
    assert_eq!((t1.median_hours, t1.p90_hours), (Some(30.0), Some(46.0)));
    let t3 = transition("t3");
    assert_eq!((t3.records, t3.median_hours, t3.p90_hours), (2, Some(52.5), Some(86.5)));
    let t4 = transition("t4");
    assert_eq!((t4.records, t4.share, t4.median_hours), (0, Some(0.0), None));

    assert_eq!(r.undocumented.len(), 1);
    let u = &r.undocumented[0];
    assert_eq!(
        (u.from.as_str(), u.to.as_str(), u.records, u.median_hours),
        ("lead", "sal", 1, 5.0)
    );
}

#[test]
fn the_reality_rules_fire_where_the_log_says_so() {
    let r = report(&story());
    let fired: Vec<(&str, Vec<&str>)> = r
        .findings
        .iter()
        .map(|f| (f.rule.id(), f.subjects.iter().map(String::as_str).collect()))
        .collect();
    assert!(fired.contains(&("undocumented-path", vec!["lead", "sal"])), "{fired:?}");
    assert!(fired.contains(&("unused-transition", vec!["t4"])));
    assert!(fired.contains(&("sla-breach", vec!["t1"])), "1 of 2 moves over 48 h");
    assert!(fired.contains(&("sla-breach", vec!["lead"])), "2 of 4 visits over 24 h");
    assert_eq!(fired.len(), 4);
    let undocumented = &r.findings.iter().find(|f| f.rule.id() == "undocumented-path").unwrap();
    assert_eq!(undocumented.severity, Severity::Warning);
    assert_eq!(
        undocumented.message,
        "1 record moved from Lead (Marketing) to Sales accepted lead (Sales), a way the map does not draw."
    );
    assert_eq!(r.findings[0].severity, Severity::Warning, "most severe first");
}

#[test]
fn and_stay_quiet_where_it_does_not() {
    // Every move on a drawn transition, within every SLA, and every transition taken.
    let text = [
        "case,activity,timestamp",
        &format!("A,lead,{}", at(0)),
        &format!("A,mql,{}", at(10)),
        &format!("A,sal,{}", at(11)),
        &format!("A,won,{}", at(12)),
        &format!("B,lead,{}", at(0)),
        &format!("B,mql,{}", at(1)),
        &format!("B,lost,{}", at(2)),
    ]
    .join("\r\n");
    let r = report(&text);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    // Lost matched by id although Won shares its system value: only values are ambiguous.
    assert_eq!(r.stages.iter().find(|s| s.id == "lost").unwrap().entered, 1);
}

#[test]
fn waivers_and_severity_overrides_apply_to_the_reality_rules() {
    let mut m = map();
    m.waivers.push(throughline_core::model::Waiver {
        rule: throughline_core::Rule::UndocumentedPath,
        subject: Some("sal".into()),
        reason: "Inbound demo requests go straight to sales".into(),
    });
    m.severities.insert(throughline_core::Rule::UnusedTransition, Severity::Error);
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "log.csv", &story());
    let r = flow(&m, &path, &Columns::default()).unwrap();
    assert!(r.findings.iter().all(|f| f.rule.id() != "undocumented-path"));
    assert_eq!(r.waived, 1);
    assert_eq!(r.findings[0].rule.id(), "unused-transition");
    assert_eq!(r.findings[0].severity, Severity::Error);
}

#[test]
fn the_history_names_its_log_by_name_size_and_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "history.csv", "case,activity,timestamp\nA,lead,2025-01-01\n");
    let h = throughline_history::history(&map(), &path, &Columns::default()).unwrap();
    assert_eq!(h.log.name, "history.csv");
    assert_eq!(h.log.size, 42);
    // sha256sum of the same 42 bytes.
    assert_eq!(h.log.sha256, "86dcc244454c064d1977fbc7c973653a2deda886b7f1fc815cd3a1d864e0c72b");
    let back: throughline_history::History =
        serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
    assert_eq!(back, h);
}

#[test]
fn a_path_the_map_draws_after_the_log_was_read_is_no_longer_undocumented() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "log.csv", &story());
    let mut m = map();
    let h = throughline_history::history(&m, &path, &Columns::default()).unwrap();
    let count = |m: &Map| {
        let (findings, _) = throughline_history::settled(m, &h.found);
        findings.iter().filter(|f| f.rule.id() == "undocumented-path").count()
    };
    assert_eq!(count(&m), 1);
    m.transitions.push(throughline_core::model::Transition {
        id: "t5".into(),
        from: "lead".into(),
        to: "sal".into(),
        ..m.transitions[0].clone()
    });
    assert_eq!(count(&m), 0);
}

#[test]
fn percentiles_interpolate_between_closest_ranks_as_numpy_does() {
    // numpy.percentile([1, 2, 3, 4], [50, 90]) == [2.5, 3.7]
    let mut xs = vec![4.0, 1.0, 3.0, 2.0];
    assert_eq!(percentile(&mut xs, 0.5), Some(2.5));
    assert!((percentile(&mut xs, 0.9).unwrap() - 3.7).abs() < 1e-12);
    assert_eq!(percentile(&mut [7.0], 0.9), Some(7.0));
    assert_eq!(percentile(&mut [], 0.5), None);
}

#[test]
fn salesforce_exports_and_xes_read_as_the_same_history() {
    let dir = tempfile::tempdir().unwrap();
    let read = |path: &PathBuf| {
        let mut seen = Vec::new();
        let read = log::read(path, &Columns::default(), |e| {
            seen.push((e.case.to_owned(), e.value.to_owned(), e.time));
        })
        .unwrap();
        (read.kind, seen)
    };
    // Field history: only the StageName rows, quoted, with a byte order mark and CRLF. A
    // record's first stage is the value its first change left, entered when it was created.
    let field = write(
        &dir,
        "OpportunityFieldHistory.csv",
        "\u{feff}\"Id\",\"OpportunityId\",\"Field\",\"OldValue\",\"NewValue\",\"CreatedDate\"\r\n\
         \"0\",\"006A\",\"created\",\"\",\"\",\"2025-03-05T08:00:00.000+0000\"\r\n\
         \"1\",\"006A\",\"Amount\",\"100\",\"200\",\"2025-03-05T14:22:10.000+0000\"\r\n\
         \"2\",\"006A\",\"StageName\",\"Prospecting\",\"Needs Analysis, phase 2\",\"2025-03-05T14:22:10.000+0000\"\r\n\
         \"3\",\"006B\",\"StageName\",\"\",\"Closed \"\"Won\"\"\",\"2025-03-06T09:00:00.000+0100\"\r\n\
         \"4\",\"006A\",\"StageName\",\"Needs Analysis, phase 2\",\"Closed Lost\",\"2025-03-07T08:00:00.000+0000\"\r\n",
    );
    let (kind, seen) = read(&field);
    assert_eq!(kind, LogKind::SalesforceFieldHistory);
    let values: Vec<(&str, &str)> = seen.iter().map(|(c, v, _)| (c.as_str(), v.as_str())).collect();
    assert_eq!(
        values,
        [
            ("006A", "Prospecting"),
            ("006A", "Needs Analysis, phase 2"),
            ("006B", "Closed \"Won\""),
            ("006A", "Closed Lost"),
        ]
    );
    assert_eq!(seen[1].2 - seen[0].2, 6 * 3600 + 22 * 60 + 10, "in Prospecting since created");
    assert_eq!(seen[2].2 - seen[1].2, 17 * 3600 + 37 * 60 + 50);

    let history = write(
        &dir,
        "OpportunityHistory.csv",
        "OpportunityId,StageName,Amount,CreatedDate\n006A,\"Proposal\nPrice Quote\",5,2025-03-05\n",
    );
    let (kind, seen) = read(&history);
    assert_eq!(kind, LogKind::SalesforceOpportunityHistory);
    assert_eq!(seen, [("006A".to_owned(), "Proposal\nPrice Quote".to_owned(), 1_741_132_800)]);

    // XES: the trace's name may follow its events; attributes nested in others are not its.
    let xes = write(
        &dir,
        "log.xes",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <string key="concept:name" value="the log itself"/>
  <trace>
    <event>
      <string key="concept:name" value="Lead &amp; contact"/>
      <date key="time:timestamp" value="2025-03-05T14:22:10.000+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="mql"><string key="concept:name" value="nested"/></string>
      <date key="time:timestamp" value="2025-03-06T14:22:10Z"/>
    </event>
    <string key="concept:name" value="case 1"/>
  </trace>
</log>"#,
    );
    let (kind, seen) = read(&xes);
    assert_eq!(kind, LogKind::Xes);
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[0].0.as_str(), seen[0].1.as_str()), ("case 1", "Lead & contact"));
    assert_eq!(seen[1].1, "mql");
    assert_eq!(seen[1].2 - seen[0].2, 25 * 3600);
}

#[test]
fn a_row_that_cannot_be_read_names_the_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let problem = |name: &str, text: &str, columns: &Columns| {
        let path = write(&dir, name, text);
        let e = log::read(&path, columns, |_| {}).unwrap_err();
        (e.line, e.column.clone(), e.to_string().replace(&dir.path().display().to_string(), ""))
    };
    let (line, column, said) = problem(
        "bad-time.csv",
        "case,activity,timestamp\nA,lead,2025-01-01\n\"B\",\"lead\",yesterday\n",
        &Columns::default(),
    );
    assert_eq!((line, column.as_deref()), (3, Some("timestamp")));
    assert!(
        said.starts_with(
            "/bad-time.csv, line 3, column \"timestamp\": \"yesterday\" is not a time"
        ),
        "{said}"
    );

    let (line, _, said) =
        problem("no-time.csv", "case,activity,when\nA,lead,2025-01-01\n", &Columns::default());
    assert_eq!(line, 1);
    assert!(said.contains("no column for the time"), "{said}");
    // Named columns instead.
    let columns = Columns { time: Some("when".into()), ..Columns::default() };
    let path = write(&dir, "named.csv", "case,activity,when\nA,lead,2025-01-01\n");
    assert!(log::read(&path, &columns, |_| {}).is_ok());

    let (line, column, _) =
        problem("empty.csv", "case,activity,timestamp\nA,,2025-01-01\n", &Columns::default());
    assert_eq!((line, column.as_deref()), (2, Some("activity")));
    let (line, _, said) =
        problem("short.csv", "case,activity,timestamp\nA,lead\n", &Columns::default());
    assert_eq!(line, 2);
    assert!(said.contains("column \"timestamp\": is empty"), "{said}");
    // A quote left open is said where it opens, not as the values it swallowed.
    let (line, column, said) = problem(
        "unclosed.csv",
        "case,activity,timestamp\nA,\"lead,2025-01-01\nB,mql,2025-01-02\n",
        &Columns::default(),
    );
    assert_eq!((line, column.as_deref()), (2, Some("activity")));
    assert!(said.contains("a quoted value is not closed"), "{said}");
    // A note over several lines in a column the log does not use is fine.
    let notes = write(
        &dir,
        "notes.csv",
        "case,activity,timestamp,note\nA,lead,2025-01-01,\"two\nlines\"\n",
    );
    assert!(log::read(&notes, &Columns::default(), |_| {}).is_ok());

    let (line, column, _) = problem(
        "bad.xes",
        "<log>\n<trace>\n<string key=\"concept:name\" value=\"c\"/>\n<event>\n<string key=\"concept:name\" value=\"lead\"/>\n<date key=\"time:timestamp\" value=\"soon\"/>\n</event>\n</trace>\n</log>\n",
        &Columns::default(),
    );
    assert_eq!((line, column.as_deref()), (4, Some("time:timestamp")));
    let (_, _, said) = problem("broken.xes", "<log><trace></event></log>", &Columns::default());
    assert!(said.contains("is not readable XES"), "{said}");
    let missing = log::read(&dir.path().join("nope.csv"), &Columns::default(), |_| {}).unwrap_err();
    assert!(missing.to_string().contains("nope.csv: cannot be read"));
}

#[test]
fn a_log_that_says_nothing_about_the_map_is_refused_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        flow(&map(), &path, &Columns::default()).unwrap_err().to_string()
    };
    assert!(
        refused("empty.csv", b"case,activity,timestamp\n")
            .ends_with("empty.csv: has no stage changes")
    );
    let foreign = refused(
        "foreign.csv",
        b"case,activity,timestamp\nA,Prospect,2025-01-01\nB,Prospect,2025-01-01\nA,Demo,2025-01-02\n",
    );
    assert!(
        foreign.ends_with("none of its values is a stage of the map (by system value, name or id), e.g. \"Prospect\", \"Demo\""),
        "{foreign}"
    );
    let binary =
        refused("binary.csv", &[0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x9c, b'\n', 0xc3, 0x28]);
    assert!(binary.contains("binary.csv"), "{binary}");
}

/// The same events, written as generic CSV, Salesforce field history, opportunity history and
/// XES, give the same document.
#[test]
fn every_format_gives_the_same_document_for_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let events =
        [("A", "lead", 0), ("A", "mql", 10), ("A", "sal", 20), ("B", "lead", 1), ("B", "sal", 6)];
    let csv: String = std::iter::once("case_id,activity,time".to_owned())
        .chain(events.iter().map(|(c, v, h)| format!("{c},{v},{}", at(*h))))
        .collect::<Vec<_>>()
        .join("\n");
    let field: String =
        std::iter::once("OpportunityId,Field,OldValue,NewValue,CreatedDate".to_owned())
            .chain(events.iter().flat_map(|(c, v, h)| {
                [
                    format!("{c},Amount,1,2,{}", at(*h)),
                    format!("{c},StageName,,{v},{}", at(*h).replace('Z', ".000+0000")),
                ]
            }))
            .collect::<Vec<_>>()
            .join("\r\n");
    let history: String = std::iter::once("OpportunityId,StageName,CreatedDate".to_owned())
        .chain(events.iter().map(|(c, v, h)| format!("\"{c}\",\"{v}\",{}", at(*h))))
        .collect::<Vec<_>>()
        .join("\n");
    let mut xes = String::from("<log>");
    for case in ["A", "B"] {
        xes.push_str(&format!("<trace><string key=\"concept:name\" value=\"{case}\"/>"));
        for (c, v, h) in events.iter().filter(|e| e.0 == case) {
            let _ = c;
            xes.push_str(&format!(
                "<event><string key=\"concept:name\" value=\"{v}\"/><date key=\"time:timestamp\" value=\"{}\"/></event>",
                at(*h)
            ));
        }
        xes.push_str("</trace>");
    }
    xes.push_str("</log>");
    let documents: Vec<String> =
        [("a.csv", csv), ("b.csv", field), ("c.csv", history), ("d.xes", xes)]
            .iter()
            .map(|(name, text)| {
                let path = write(&dir, name, text);
                serde_json::to_string(&flow(&map(), &path, &Columns::default()).unwrap()).unwrap()
            })
            .collect();
    for d in &documents[1..] {
        assert_eq!(d, &documents[0]);
    }
}

/// Shuffling the rows of a log (no two of a case at the same time) changes nothing.
#[test]
fn the_order_of_the_rows_does_not_matter() {
    let dir = tempfile::tempdir().unwrap();
    let text = story();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let original = flow(&map(), &write(&dir, "in-order.csv", &text), &Columns::default()).unwrap();
    let mut rng = fastrand::Rng::with_seed(5);
    for round in 0..20 {
        rng.shuffle(&mut lines);
        let shuffled =
            std::iter::once(header).chain(lines.iter().copied()).collect::<Vec<_>>().join("\n");
        let path = write(&dir, &format!("shuffled-{round}.csv"), &shuffled);
        let mut again = flow(&map(), &path, &Columns::default()).unwrap();
        // Left-out values are counted the same; their order of first sight may differ.
        again.log.unmatched.sort_by(|a, b| a.value.cmp(&b.value));
        let mut expected = original.clone();
        expected.log.unmatched.sort_by(|a, b| a.value.cmp(&b.value));
        assert_eq!(again, expected, "round {round}");
    }
}
