//! One history across records: contacts become deals in an OCEL 2.0 log, and the handoff
//! where the record changes is measured — its moves, the records that leak and those that
//! skip it — with `handoff-leak` and `handoff-skipped` where they fire and where they must not.

use serde_json::{Value, json};
use throughline_core::Map;
use throughline_core::Rule;
use throughline_history::{Columns, FlowReport, flow};

/// Contacts (Marketing: MQL, SQL) and deals (Sales: Discovery, Won); the handoff SQL →
/// Discovery is where the record changes, with a 48-hour SLA.
fn map() -> Map {
    throughline_core::json::from_str(
        &json!({
            "format": "throughline/1",
            "name": "Contacts to deals",
            "teams": [{"id": "mkt", "name": "Marketing"}, {"id": "sales", "name": "Sales"}],
            "stages": [
                {"id": "mql", "name": "Marketing qualified lead", "team": "mkt", "kind": "entry",
                 "system": {"name": "HubSpot", "object": "contact", "value": "MQL"}},
                {"id": "sql", "name": "Sales qualified lead", "team": "mkt", "kind": "stage",
                 "system": {"name": "HubSpot", "object": "contact", "value": "SQL"}},
                {"id": "disc", "name": "Discovery", "team": "sales", "kind": "stage",
                 "system": {"name": "HubSpot", "object": "Deals", "value": "Discovery"}},
                {"id": "won", "name": "Closed won", "team": "sales", "kind": "revenue",
                 "system": {"name": "HubSpot", "object": "deal", "value": "Won"}}
            ],
            "transitions": [
                {"id": "t-mql-sql", "from": "mql", "to": "sql"},
                {"id": "t-sql-disc", "from": "sql", "to": "disc", "sla_hours": 48},
                {"id": "t-disc-won", "from": "disc", "to": "won"}
            ]
        })
        .to_string(),
    )
    .unwrap()
}

/// `day` days after 2026-01-01, at `hour`.
fn at(day: u32, hour: u32) -> String {
    format!("2026-01-{:02}T{hour:02}:00:00Z", day + 1)
}

/// An OCEL 2.0 JSON log: `contacts` contacts reaching MQL on day 0 and SQL on day 1; a deal
/// for each pair in `deals` (deal id, contact ids) entering Discovery on day 3, the first
/// also winning on day 5; `events_name_both`: links as events naming both, not relationships.
fn log(contacts: usize, deals: &[(&str, &[&str])], events_name_both: bool) -> Value {
    let mut objects: Vec<Value> = (1..=contacts)
        .map(|i| json!({"id": format!("c{i}"), "type": "contact", "attributes": []}))
        .collect();
    let mut events = Vec::new();
    for i in 1..=contacts {
        let c = format!("c{i}");
        events.push(json!({"id": format!("e-mql-{i}"), "type": "MQL", "time": at(0, 9),
            "attributes": [], "relationships": [{"objectId": c, "qualifier": "contact"}]}));
        events.push(json!({"id": format!("e-sql-{i}"), "type": "SQL", "time": at(1, 9),
            "relationships": [{"objectId": c, "qualifier": "contact"}]}));
    }
    for (n, (deal, linked)) in deals.iter().enumerate() {
        let mut object = json!({"id": deal, "type": "deal", "attributes": []});
        let mut named = vec![json!({"objectId": deal, "qualifier": "deal"})];
        for c in *linked {
            if events_name_both {
                named.push(json!({"objectId": c, "qualifier": "contact"}));
            } else {
                let rel = object["relationships"].as_array().cloned().unwrap_or_default();
                let mut rel = rel;
                rel.push(json!({"objectId": c, "qualifier": "for contact"}));
                object["relationships"] = Value::Array(rel);
            }
        }
        objects.push(object);
        events.push(json!({"id": format!("e-disc-{deal}"), "type": "Discovery", "time": at(3, 9),
            "relationships": named}));
        if n == 0 {
            events.push(json!({"id": format!("e-won-{deal}"), "type": "Won", "time": at(5, 9),
                "relationships": [{"objectId": deal, "qualifier": "deal"}]}));
        }
    }
    json!({
        "objectTypes": [{"name": "contact", "attributes": []}, {"name": "deal", "attributes": []}],
        "eventTypes": [{"name": "MQL", "attributes": []}, {"name": "SQL", "attributes": []},
                       {"name": "Discovery", "attributes": []}, {"name": "Won", "attributes": []}],
        "objects": objects,
        "events": events
    })
}

fn run(log: &Value) -> FlowReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonocel");
    std::fs::write(&path, log.to_string()).unwrap();
    flow(&map(), &path, &Columns::default()).unwrap()
}

fn transition<'a>(report: &'a FlowReport, id: &str) -> &'a throughline_history::TransitionFlow {
    report.transitions.iter().find(|t| t.id == id).unwrap()
}

fn fired(report: &FlowReport, rule: Rule) -> Vec<Vec<String>> {
    report.findings.iter().filter(|f| f.rule == rule).map(|f| f.subjects.clone()).collect()
}

#[test]
fn the_handoff_where_contacts_become_deals_is_measured_and_its_leaks_found() {
    // Ten contacts reach SQL; three get a deal; a fourth deal has no contact.
    let report =
        run(&log(10, &[("d1", &["c1"]), ("d2", &["c2"]), ("d3", &["c3"]), ("d4", &[])], false));
    let handoff = transition(&report, "t-sql-disc");
    assert_eq!(handoff.records, 3, "one move per deal with a contact");
    assert_eq!(handoff.median_hours, Some(48.0), "from the contact's SQL to the deal's Discovery");
    assert_eq!(handoff.share, Some(0.3), "of the contacts that reached SQL");
    let leaks = handoff.leaks.unwrap();
    assert_eq!((leaks.reached, leaks.leaked, leaks.waiting), (10, 7, 0));
    assert_eq!((leaks.entered, leaks.skipped), (4, 1));
    // Within a record kind, as before; no leak counted there.
    assert_eq!(transition(&report, "t-mql-sql").records, 10);
    assert!(transition(&report, "t-mql-sql").leaks.is_none());
    assert_eq!(transition(&report, "t-disc-won").records, 1);
    let objects: Vec<(String, u64, u64)> =
        report.log.objects.iter().map(|o| (o.kind.clone(), o.objects, o.events)).collect();
    assert_eq!(objects, [("contact".to_owned(), 10, 20), ("deal".to_owned(), 4, 5)]);
    assert_eq!(fired(&report, Rule::HandoffLeak), [vec!["t-sql-disc".to_owned()]]);
    assert_eq!(fired(&report, Rule::HandoffSkipped), [vec!["t-sql-disc".to_owned()]]);
    let leak = report.findings.iter().find(|f| f.rule == Rule::HandoffLeak).unwrap();
    assert_eq!(
        leak.message,
        "7 of 10 contact records that reached Sales qualified lead (Marketing) never became a \
         deal at Discovery (Sales)."
    );
    // The JSON contract: the leaks sit on the transition, flat.
    let json = serde_json::to_value(&report).unwrap();
    let t =
        json["transitions"].as_array().unwrap().iter().find(|t| t["id"] == "t-sql-disc").unwrap();
    assert_eq!(
        (t["leaked"].as_u64(), t["waiting"].as_u64(), t["skipped"].as_u64()),
        (Some(7), Some(0), Some(1))
    );
    assert_eq!(json["log"]["objects"][0]["type"], "contact");
}

#[test]
fn a_handoff_most_records_cross_fires_neither_rule() {
    let deals: Vec<(String, Vec<String>)> =
        (1..=9).map(|i| (format!("d{i}"), vec![format!("c{i}")])).collect();
    let borrowed: Vec<(&str, Vec<&str>)> =
        deals.iter().map(|(d, cs)| (d.as_str(), cs.iter().map(String::as_str).collect())).collect();
    let refs: Vec<(&str, &[&str])> = borrowed.iter().map(|(d, cs)| (*d, cs.as_slice())).collect();
    let report = run(&log(10, &refs, false));
    let leaks = transition(&report, "t-sql-disc").leaks.unwrap();
    assert_eq!((leaks.leaked, leaks.skipped), (1, 0));
    assert!(fired(&report, Rule::HandoffLeak).is_empty());
    assert!(fired(&report, Rule::HandoffSkipped).is_empty());
}

#[test]
fn links_from_events_naming_both_count_as_relationships_do() {
    let deals: &[(&str, &[&str])] =
        &[("d1", &["c1"]), ("d2", &["c2"]), ("d3", &["c3"]), ("d4", &[])];
    let (related, named) = (run(&log(10, deals, false)), run(&log(10, deals, true)));
    assert_eq!(related.transitions, named.transitions);
    assert_eq!(related.findings, named.findings);
}

#[test]
fn a_contact_with_two_deals_counts_for_each_deal_and_a_deal_with_two_contacts_once() {
    let report = run(&log(4, &[("d1", &["c1"]), ("d2", &["c1"]), ("d3", &["c2", "c3"])], false));
    let handoff = transition(&report, "t-sql-disc");
    assert_eq!(handoff.records, 3, "d1 and d2 from c1, d3 once for c2 and c3");
    let leaks = handoff.leaks.unwrap();
    assert_eq!((leaks.reached, leaks.leaked, leaks.entered, leaks.skipped), (4, 1, 3, 0));
}

#[test]
fn a_record_younger_than_the_sla_is_waiting_not_leaked() {
    let mut log = log(3, &[("d1", &["c1"])], false);
    // A contact that reached SQL an hour before the log ends (the deal's Won on day 5).
    let events = log["events"].as_array_mut().unwrap();
    events.push(json!({"id": "late", "type": "SQL", "time": at(5, 8),
        "relationships": [{"objectId": "c9", "qualifier": "contact"}]}));
    log["objects"].as_array_mut().unwrap().push(json!({"id": "c9", "type": "contact"}));
    let leaks = transition(&run(&log), "t-sql-disc").leaks.unwrap();
    assert_eq!((leaks.reached, leaks.leaked, leaks.waiting), (4, 3, 1));
}

#[test]
fn times_in_other_zones_are_counted_as_instants() {
    let mut log = log(1, &[("d1", &["c1"])], false);
    for e in log["events"].as_array_mut().unwrap() {
        if e["type"] == "Discovery" {
            // Day 3 at 09:00 UTC written as 11:00 at +02:00.
            e["time"] = json!("2026-01-04T11:00:00+02:00");
        }
    }
    assert_eq!(transition(&run(&log), "t-sql-disc").median_hours, Some(48.0));
}

#[test]
fn links_to_records_without_events_are_left_out() {
    let mut log = log(2, &[("d1", &["c1"])], false);
    log["objects"].as_array_mut().unwrap().push(json!({"id": "ghost", "type": "deal",
        "relationships": [{"objectId": "c2", "qualifier": "for contact"}]}));
    let leaks = transition(&run(&log), "t-sql-disc").leaks.unwrap();
    assert_eq!((leaks.reached, leaks.leaked), (2, 1), "the ghost deal entered nothing");
}

#[test]
fn a_map_that_names_no_record_kinds_reads_the_log_as_one_kind() {
    let mut plain = map();
    for s in &mut plain.stages {
        s.system.as_mut().unwrap().object = None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.json");
    std::fs::write(&path, log(3, &[("d1", &["c1"])], false).to_string()).unwrap();
    let report = flow(&plain, &path, &Columns::default()).unwrap();
    assert_eq!(transition(&report, "t-mql-sql").records, 3);
    assert!(report.transitions.iter().all(|t| t.leaks.is_none()));
    assert!(fired(&report, Rule::HandoffLeak).is_empty());
}

#[test]
fn a_record_whose_linked_record_took_the_journey_on_has_left_its_stage() {
    // Ten contacts reach SQL on day 1; three get a deal on day 3.
    let report =
        run(&log(10, &[("d1", &["c1"]), ("d2", &["c2"]), ("d3", &["c3"]), ("d4", &[])], false));
    let sql = report.stages.iter().find(|s| s.id == "sql").unwrap();
    assert_eq!(sql.current, 7, "the three contacts with a deal are no longer at SQL");
    assert_eq!(sql.median_hours, Some(48.0), "they left SQL when their deal entered Discovery");
}

#[test]
fn a_handoff_to_a_kind_the_log_has_no_record_of_is_not_measured() {
    let mut map = map();
    let mut invoiced = map.stages[3].clone();
    invoiced.id = "invoiced".into();
    invoiced.name = "Invoiced".into();
    invoiced.system.as_mut().unwrap().object = Some("invoice".into());
    map.stages.push(invoiced);
    let mut to_invoice = map.transitions[2].clone();
    (to_invoice.id, to_invoice.from, to_invoice.to) =
        ("t-won-inv".into(), "won".into(), "invoiced".into());
    map.transitions.push(to_invoice);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonocel");
    std::fs::write(&path, log(3, &[("d1", &["c1"])], false).to_string()).unwrap();
    let report = flow(&map, &path, &Columns::default()).unwrap();
    assert!(transition(&report, "t-won-inv").leaks.is_none(), "the log has no invoices");
    assert!(transition(&report, "t-sql-disc").leaks.is_some());
    assert!(!fired(&report, Rule::HandoffLeak).contains(&vec!["t-won-inv".to_owned()]));
}

#[test]
fn a_stage_that_names_no_record_kind_takes_records_of_any_kind() {
    let mut map = map();
    let mut review = map.stages[2].clone();
    (review.id, review.name, review.system) = ("review".into(), "Legal review".into(), None);
    map.stages.insert(3, review);
    let mut log = log(1, &[("d1", &["c1"])], false);
    log["eventTypes"].as_array_mut().unwrap().push(json!({"name": "Legal review"}));
    log["events"].as_array_mut().unwrap().push(json!({"id": "e-review", "type": "Legal review",
        "time": at(4, 9), "relationships": [{"objectId": "d1", "qualifier": "deal"}]}));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonocel");
    std::fs::write(&path, log.to_string()).unwrap();
    let report = flow(&map, &path, &Columns::default()).unwrap();
    assert!(report.log.unmatched.is_empty(), "{:?}", report.log.unmatched);
    let review = report.stages.iter().find(|s| s.id == "review").unwrap();
    assert_eq!(review.entered, 1);
}

fn refused(log: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonocel");
    std::fs::write(&path, log).unwrap();
    flow(&map(), &path, &Columns::default()).unwrap_err().to_string()
}

#[test]
fn a_log_that_is_not_sound_is_refused_with_the_file_and_the_place() {
    let mut unknown = log(1, &[], false);
    unknown["events"][0]["relationships"][0]["objectId"] = json!("c404");
    let said = refused(&serde_json::to_string_pretty(&unknown).unwrap());
    assert!(said.contains("bad.jsonocel, line "), "{said}");
    assert!(
        said.contains(
            "the event \"e-mql-1\" names the object \"c404\", which the log does not declare"
        ),
        "{said}"
    );

    let mut undeclared = log(1, &[], false);
    undeclared["objects"][0]["type"] = json!("lead");
    let said = refused(&undeclared.to_string());
    assert!(
        said.contains(
            "the object \"c1\" is of the type \"lead\", which objectTypes does not declare"
        ),
        "{said}"
    );

    let mut dangling = log(1, &[], false);
    dangling["objects"][0]["relationships"] = json!([{"objectId": "nobody", "qualifier": "x"}]);
    assert!(refused(&dangling.to_string()).contains("is related to \"nobody\""));

    let said = refused("\u{0}\u{1}PK\u{3}\u{4} binary");
    assert!(said.contains("is not an OCEL 2.0 JSON log"), "{said}");
    let said = refused(r#"{"objectTypes": [], "objects": []}"#);
    assert!(said.contains("it has no \"events\""), "{said}");
}

/// The same log in OCEL 2.0 XML, written element by element as the standard has it.
fn as_xml(log: &Value) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let relationships = |rels: &Value| -> String {
        rels.as_array().map_or_else(String::new, |rels| {
            let inner = rels.iter().fold(String::new(), |mut out, r| {
                use std::fmt::Write;
                let id = esc(r["objectId"].as_str().unwrap());
                let _ = write!(out, "<relationship object-id=\"{id}\" qualifier=\"x\"/>");
                out
            });
            format!("<objects>{inner}</objects>")
        })
    };
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log>\n<object-types>");
    for t in log["objectTypes"].as_array().unwrap() {
        xml.push_str(&format!(
            "<object-type name=\"{}\"><attributes/></object-type>",
            esc(t["name"].as_str().unwrap())
        ));
    }
    xml.push_str("</object-types>\n<event-types/>\n<objects>\n");
    for o in log["objects"].as_array().unwrap() {
        xml.push_str(&format!(
            "<object id=\"{}\" type=\"{}\"><attributes/>{}</object>\n",
            esc(o["id"].as_str().unwrap()),
            esc(o["type"].as_str().unwrap()),
            relationships(&o["relationships"])
        ));
    }
    xml.push_str("</objects>\n<events>\n");
    for e in log["events"].as_array().unwrap() {
        xml.push_str(&format!(
            "<event id=\"{}\" type=\"{}\" time=\"{}\"><attributes/>{}</event>\n",
            esc(e["id"].as_str().unwrap()),
            esc(e["type"].as_str().unwrap()),
            e["time"].as_str().unwrap(),
            relationships(&e["relationships"])
        ));
    }
    xml.push_str("</events>\n</log>\n");
    xml
}

fn run_as(log: &str, name: &str) -> Result<FlowReport, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, log).unwrap();
    flow(&map(), &path, &Columns::default()).map_err(|e| e.to_string())
}

#[test]
fn the_same_events_in_json_and_in_xml_give_the_same_document() {
    for events_name_both in [false, true] {
        let log = log(10, &[("d1", &["c1"]), ("d2", &["c2", "c3"]), ("d4", &[])], events_name_both);
        let json =
            serde_json::to_string(&run_as(&log.to_string(), "log.jsonocel").unwrap()).unwrap();
        let xml = serde_json::to_string(&run_as(&as_xml(&log), "log.xmlocel").unwrap()).unwrap();
        assert_eq!(json, xml);
    }
}

#[test]
fn an_xml_log_that_is_not_sound_is_refused_with_the_line() {
    let mut unknown = log(2, &[], false);
    unknown["events"][1]["relationships"][0]["objectId"] = json!("c404");
    let said = run_as(&as_xml(&unknown), "bad.xmlocel").unwrap_err();
    assert!(said.contains("bad.xmlocel, line "), "{said}");
    assert!(said.contains("names the object \"c404\""), "{said}");
    let said = run_as("<log><objects></objects>", "cut.xmlocel").unwrap_err();
    assert!(said.contains("cut.xmlocel: is cut short: it ends before <log> is closed"), "{said}");
    let cut = as_xml(&log(2, &[], false));
    let half = cut[..cut.len() / 2].rfind('>').unwrap() + 1;
    let said = run_as(&cut[..half], "half.xmlocel").unwrap_err();
    assert!(said.contains("is cut short: it ends before <"), "{said}");
    let said = run_as("<!DOCTYPE log [<!ENTITY x \"y\">]><log/>", "doctype.xml").unwrap_err();
    assert!(said.contains("DOCTYPE"), "{said}");
}

/// The same log in OCEL 2.0 SQLite, in the standard's tables.
fn as_sqlite(log: &Value, path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
         CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
         CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
         CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);
         CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT);
         CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT);",
    )
    .unwrap();
    let map_name = |t: &str| t.chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    for t in log["objectTypes"].as_array().unwrap() {
        let t = t["name"].as_str().unwrap();
        conn.execute("INSERT INTO object_map_type VALUES (?1, ?2)", [t, &map_name(t)]).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE object_{} (ocel_id TEXT, ocel_time TEXT, ocel_changed_field TEXT)",
            map_name(t)
        ))
        .unwrap();
    }
    let mut event_types: Vec<String> = Vec::new();
    for o in log["objects"].as_array().unwrap() {
        let (id, t) = (o["id"].as_str().unwrap(), o["type"].as_str().unwrap());
        conn.execute("INSERT INTO object VALUES (?1, ?2)", [id, t]).unwrap();
        for r in o["relationships"].as_array().into_iter().flatten() {
            conn.execute(
                "INSERT INTO object_object VALUES (?1, ?2, 'x')",
                [id, r["objectId"].as_str().unwrap()],
            )
            .unwrap();
        }
    }
    for e in log["events"].as_array().unwrap() {
        let (id, t, time) =
            (e["id"].as_str().unwrap(), e["type"].as_str().unwrap(), e["time"].as_str().unwrap());
        if !event_types.iter().any(|k| k == t) {
            event_types.push(t.to_owned());
            conn.execute("INSERT INTO event_map_type VALUES (?1, ?2)", [t, &map_name(t)]).unwrap();
            conn.execute_batch(&format!(
                "CREATE TABLE event_{} (ocel_id TEXT, ocel_time TEXT)",
                map_name(t)
            ))
            .unwrap();
        }
        conn.execute("INSERT INTO event VALUES (?1, ?2)", [id, t]).unwrap();
        conn.execute(&format!("INSERT INTO event_{} VALUES (?1, ?2)", map_name(t)), [id, time])
            .unwrap();
        for r in e["relationships"].as_array().into_iter().flatten() {
            conn.execute(
                "INSERT INTO event_object VALUES (?1, ?2, 'x')",
                [id, r["objectId"].as_str().unwrap()],
            )
            .unwrap();
        }
    }
}

#[test]
fn the_same_events_in_sqlite_give_the_same_document_and_the_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let log = log(10, &[("d1", &["c1"]), ("d2", &["c2", "c3"]), ("d4", &[])], false);
    let path = dir.path().join("log.sqlite");
    as_sqlite(&log, &path);
    let before = std::fs::read(&path).unwrap();
    let from_sqlite = flow(&map(), &path, &Columns::default()).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before, "reading never changes the log");
    let json = serde_json::to_string(&run_as(&log.to_string(), "log.jsonocel").unwrap()).unwrap();
    assert_eq!(serde_json::to_string(&from_sqlite).unwrap(), json);

    // A map file is SQLite but not an OCEL log; a hostile type table name is refused.
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let said = flow(&map(), &other, &Columns::default()).unwrap_err().to_string();
    assert!(said.contains("is not an OCEL 2.0 SQLite log: it has no table \"event\""), "{said}");
    let hostile = dir.path().join("hostile.sqlite");
    as_sqlite(&log, &hostile);
    rusqlite::Connection::open(&hostile)
        .unwrap()
        .execute("UPDATE event_map_type SET ocel_type_map = 'MQL\" UNION SELECT 1' WHERE ocel_type = 'MQL'", [])
        .unwrap();
    let said = flow(&map(), &hostile, &Columns::default()).unwrap_err().to_string();
    assert!(said.contains("is not a name an OCEL 2.0 SQLite log uses"), "{said}");
}

/// A Salesforce set: leads (`LeadHistory` Status rows), the `Lead` export saying which
/// opportunity each converted lead became, and `OpportunityFieldHistory`, read as one log.
#[test]
fn a_salesforce_set_of_leads_conversions_and_opportunities_is_one_log() {
    let map: Map = throughline_core::json::from_str(
        &json!({
            "format": "throughline/1", "name": "Leads to opportunities",
            "teams": [{"id": "sdr", "name": "Sales development"}, {"id": "ae", "name": "Account executives"}],
            "stages": [
                {"id": "open", "name": "Open", "team": "sdr", "kind": "entry",
                 "system": {"name": "Salesforce", "object": "Lead", "field": "Status", "value": "Open - Not Contacted"}},
                {"id": "qualified", "name": "Qualified", "team": "sdr", "kind": "stage",
                 "system": {"name": "Salesforce", "object": "Lead", "field": "Status", "value": "Qualified"}},
                {"id": "discovery", "name": "Discovery", "team": "ae", "kind": "stage",
                 "system": {"name": "Salesforce", "object": "Opportunity", "field": "StageName", "value": "Discovery"}},
                {"id": "won", "name": "Closed Won", "team": "ae", "kind": "revenue",
                 "system": {"name": "Salesforce", "object": "Opportunity", "field": "StageName", "value": "Closed Won"}}
            ],
            "transitions": [
                {"id": "t1", "from": "open", "to": "qualified"},
                {"id": "t2", "from": "qualified", "to": "discovery"},
                {"id": "t3", "from": "discovery", "to": "won"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let leads_history = write(
        "LeadHistory.csv",
        "Id,LeadId,CreatedDate,Field,OldValue,NewValue\n\
         h1,00Q1,2026-01-01T09:00:00.000+0000,Status,,Open - Not Contacted\n\
         h2,00Q1,2026-01-02T09:00:00.000+0000,Status,Open - Not Contacted,Qualified\n\
         h3,00Q2,2026-01-01T09:00:00.000+0000,Status,,Open - Not Contacted\n\
         h4,00Q2,2026-01-02T09:00:00.000+0000,Status,Open - Not Contacted,Qualified\n\
         h5,00Q2,2026-01-02T10:00:00.000+0000,Rating,,Hot\n",
    );
    let conversions = write(
        "Lead.csv",
        "Id,Status,IsConverted,ConvertedOpportunityId,ConvertedDate\n\
         00Q1,Qualified,true,0061,2026-01-03\n\
         00Q2,Qualified,false,,\n",
    );
    let opportunities = write(
        "OpportunityFieldHistory.csv",
        "Id,OpportunityId,CreatedDate,Field,OldValue,NewValue\n\
         f1,0061,2026-01-03T09:00:00.000+0000,StageName,,Discovery\n\
         f2,0061,2026-01-09T09:00:00.000+0000,StageName,Discovery,Closed Won\n",
    );
    let paths = [leads_history.as_path(), conversions.as_path(), opportunities.as_path()];
    let report = throughline_history::flow_of_many(&map, &paths, &Columns::default()).unwrap();
    let handoff = transition(&report, "t2");
    assert_eq!((handoff.records, handoff.median_hours), (1, Some(24.0)));
    let leaks = handoff.leaks.unwrap();
    assert_eq!((leaks.reached, leaks.leaked, leaks.entered, leaks.skipped), (2, 1, 1, 0));
    let kinds: Vec<&str> = report.log.objects.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(kinds, ["lead", "opportunity"]);
    // One opportunity history read alone is read as before: no kinds, no links.
    let alone = flow(&map, &opportunities, &Columns::default()).unwrap();
    assert!(alone.log.objects.is_empty());
    assert!(alone.transitions.iter().all(|t| t.leaks.is_none()));
}

/// HubSpot's contact and deal exports, each with its `Date entered` columns, the deals with
/// the contacts they are associated with: contacts becoming deals.
#[test]
fn hubspot_contact_and_deal_exports_are_contacts_becoming_deals() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let contacts = write(
        "contacts.csv",
        "Record ID,Email,Lifecycle Stage,\"Date entered \"\"MQL (Lifecycle Stage Pipeline)\"\"\",\"Date entered \"\"SQL (Lifecycle Stage Pipeline)\"\"\"\n\
         c1,a@x.com,SQL,2026-01-01 09:00,2026-01-02 09:00\n\
         c2,b@x.com,SQL,2026-01-01 09:00,2026-01-02 09:00\n\
         c3,c@x.com,MQL,2026-01-01 09:00,\n",
    );
    let deals = write(
        "deals.csv",
        "Record ID,Deal Name,Deal Stage,\"Date entered \"\"Discovery (Sales Pipeline)\"\"\",\"Date entered \"\"Won (Sales Pipeline)\"\"\",Associated Contact IDs\n\
         d1,Acme,Won,2026-01-04 09:00,2026-01-06 09:00,c1\n\
         d2,Beta,Discovery,2026-01-04 09:00,,c2;c3\n\
         d3,Gamma,Discovery,2026-01-05 09:00,,\n",
    );
    let report = throughline_history::flow_of_many(
        &map(),
        &[contacts.as_path(), deals.as_path()],
        &Columns::default(),
    )
    .unwrap();
    let handoff = transition(&report, "t-sql-disc");
    assert_eq!((handoff.records, handoff.median_hours), (2, Some(48.0)), "d1 from c1, d2 from c2");
    let leaks = handoff.leaks.unwrap();
    assert_eq!((leaks.reached, leaks.leaked, leaks.entered, leaks.skipped), (2, 0, 3, 1));
    assert_eq!(transition(&report, "t-mql-sql").records, 2);
    assert_eq!(transition(&report, "t-disc-won").records, 1);
    let said =
        throughline_history::flow_of_many(&map(), &[contacts.as_path()], &Columns::default());
    assert!(said.is_ok(), "a contacts export alone reads too");
    let bad = write(
        "bad.csv",
        "Record ID,Deal Name,\"Date entered \"\"Won (Sales Pipeline)\"\"\"\nd1,Acme,next tuesday\n",
    );
    let refused = flow(&map(), &bad, &Columns::default()).unwrap_err().to_string();
    assert!(
        refused.contains("bad.csv, line 2, column \"Date entered \"Won (Sales Pipeline)\"\""),
        "{refused}"
    );
}
