//! Other modelers' BPMN, from files written by hand in the styles they write (see each
//! fixture's comment): pools and nested lanes become teams, gateways are followed through,
//! message flows between nodes are handoffs, a sub-process is one stage, ids are kept.

use throughline_bpmn::{BpmnError, from_bpmn};
use throughline_core::Map;
use throughline_core::model::StageKind;

fn fixture(name: &str) -> Map {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    from_bpmn(&std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn names(map: &Map) -> Vec<&str> {
    map.stages.iter().map(|s| s.name.as_str()).collect()
}

/// Each transition as "from → to" by stage id, sorted.
fn arrows(map: &Map) -> Vec<String> {
    let mut arrows: Vec<String> =
        map.transitions.iter().map(|t| format!("{} → {}", t.from, t.to)).collect();
    arrows.sort();
    arrows
}

fn stage<'a>(map: &'a Map, id: &str) -> &'a throughline_core::model::Stage {
    map.stage(id).unwrap_or_else(|| panic!("no stage {id}"))
}

/// The criteria of the transition between two stages, in words.
fn criteria(map: &Map, from: &str, to: &str) -> Vec<String> {
    let t = map.transitions.iter().find(|t| t.from == from && t.to == to);
    t.unwrap_or_else(|| panic!("no transition {from} → {to}"))
        .criteria
        .iter()
        .map(|c| c.text.clone())
        .collect()
}

#[test]
fn camunda_pools_nested_lanes_gateways_sub_processes_boundary_events_and_messages() {
    let map = fixture("camunda-two-pools.bpmn");
    assert_eq!(map.name, "Acme revenue team", "the first pool names the map, on one line");
    let teams: Vec<(&str, &str)> = map.teams.iter().map(|t| (&t.id[..], &t.name[..])).collect();
    assert_eq!(
        teams,
        [
            ("Lane_demand", "Demand generation"),
            ("Lane_field", "Field marketing"),
            ("Lane_sales", "Sales"),
            ("Participant_customer", "Customer"),
        ],
        "every leaf lane, and the pool without lanes, is a team"
    );
    assert_eq!(
        names(&map),
        [
            "Form submitted",
            "Marketing qualified lead",
            "Sales accepted lead",
            "Demo",
            "No response in 14 days",
            "Send quote",
            "Closed won",
            "Closed lost",
            "Review quote",
            "Sign contract",
        ],
        "gateways are not stages; the sub-process is one stage, its inside left out"
    );
    assert_eq!(stage(&map, "StartEvent_1").kind, StageKind::Entry);
    assert_eq!(stage(&map, "Event_won").kind, StageKind::Revenue, "named as a win");
    assert_eq!(stage(&map, "Event_lost").kind, StageKind::Exit);
    assert_eq!(stage(&map, "Activity_demo").kind, StageKind::Stage);
    assert_eq!(stage(&map, "Activity_mql").team, "Lane_demand");
    assert_eq!(stage(&map, "Activity_review").team, "Participant_customer");
    assert_eq!(stage(&map, "Activity_mql").entry[0].text, "Lead score at least 50");
    assert_eq!(
        arrows(&map),
        [
            "Activity_demo → Activity_quote",
            "Activity_demo → Event_timeout",
            "Activity_mql → Activity_sal",
            "Activity_mql → Event_lost",
            "Activity_quote → Activity_review",
            "Activity_quote → Event_won",
            "Activity_review → Activity_sign",
            "Activity_sal → Activity_demo",
            "Activity_sign → Event_won",
            "Event_timeout → Event_lost",
            "StartEvent_1 → Activity_mql",
        ],
        "through gateways (and a chain of two), the boundary event from its host, message \
         flows between nodes but not between pools"
    );
    let ids: Vec<&str> = map.transitions.iter().map(|t| t.id.as_str()).collect();
    assert!(ids.contains(&"Flow_1") && ids.contains(&"Flow_quote_sent"), "flow ids kept: {ids:?}");
    // A gateway's question and the flow's answer are what a record needs to go that way.
    assert_eq!(criteria(&map, "Activity_mql", "Activity_sal"), ["Fits the ICP? yes"]);
    assert_eq!(criteria(&map, "Activity_mql", "Event_lost"), ["Fits the ICP? no"]);
    assert!(criteria(&map, "Activity_demo", "Activity_quote").is_empty(), "unnamed flows");
    // Every stage was drawn, so each is placed as in the diagram: in its column, at its
    // height, and never over another card (the boundary event sits on its task there).
    let at = |id: &str| stage(&map, id).position.unwrap();
    let (mql, sal) = (at("Activity_mql"), at("Activity_sal"));
    assert_eq!(
        (sal.x - mql.x, sal.y - mql.y),
        (250.0, 220.0),
        "the next column (a gateway is no card), as far down as drawn"
    );
    assert!((at("Event_timeout").x - at("Activity_demo").x).abs() < 0.5, "in its task's column");
    assert!(at("Event_timeout").y >= at("Activity_demo").y + 100.0, "moved off its task");
    for a in &map.stages {
        for b in map.stages.iter().filter(|b| b.id < a.id) {
            let (pa, pb) = (a.position.unwrap(), b.position.unwrap());
            let apart = (pa.x - pb.x).abs() >= 250.0 || (pa.y - pb.y).abs() >= 100.0;
            assert!(apart, "{} and {} overlap", a.id, b.id);
        }
    }
    let analysis = throughline_core::analyze(&map);
    assert!(analysis.summary.handoffs >= 3, "lanes and pools make handoffs");
}

#[test]
fn signavio_default_namespace_sid_ids_and_names_over_lines() {
    let map = fixture("signavio-default-namespace.bpmn");
    assert_eq!(map.name, "Lead management");
    let teams: Vec<&str> = map.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Marketing", "Inside sales"]);
    assert_eq!(
        names(&map),
        [
            "Webinar attended",
            "Qualify lead",
            "Discovery call",
            "Opportunity created",
            "Disqualified"
        ]
    );
    assert_eq!(map.stages[0].id, "sid-E0000001-0000-4000-8000-000000000001", "sid- ids kept");
    assert_eq!(map.stages[1].entry[0].text, "Job title and company size checked");
    assert_eq!(map.stages[3].kind, StageKind::Exit, "an end event not named as a win");
    assert_eq!(map.transitions.len(), 4, "two through the inclusive gateway");
    let (qualify, discovery, disqualified) = (
        "sid-E0000002-0000-4000-8000-000000000002",
        "sid-E0000003-0000-4000-8000-000000000003",
        "sid-E0000005-0000-4000-8000-000000000005",
    );
    assert_eq!(
        criteria(&map, qualify, discovery),
        ["fit (lead.score >= 50)"],
        "name and condition"
    );
    assert_eq!(criteria(&map, qualify, disqualified), ["no fit"]);
    assert!(
        map.stages.iter().all(|s| s.position.is_none()),
        "a diagram that leaves stages out places none: the app lays them out"
    );
}

#[test]
fn bpmn2_prefix_a_process_without_pools_or_lanes() {
    let map = fixture("bpmn2-process-only.bpmn");
    assert_eq!(map.name, "Order to cash", "named by the definitions when nothing else is");
    assert_eq!(map.teams.len(), 1, "the process is one team");
    assert_eq!(map.teams[0].name, "Process");
    assert_eq!(stage(&map, "recognised").kind, StageKind::Revenue);
    assert_eq!(stage(&map, "dunning").kind, StageKind::Exit);
    assert_eq!(stage(&map, "credit_check").entry.len(), 1, "blank documentation is left out");
    assert_eq!(
        arrows(&map),
        [
            "credit_check → payment_in",
            "credit_check → thirty_days",
            "order_received → credit_check",
            "payment_in → recognised",
            "thirty_days → dunning",
        ]
    );
    assert_eq!(
        criteria(&map, "thirty_days", "dunning"),
        ["invoice.status != \"paid\""],
        "a conditional flow from an activity, its expression unwrapped"
    );
    let analysis = throughline_core::analyze(&map);
    assert_eq!(analysis.summary.min_handoffs_to_revenue, Some(0));
}

#[test]
fn what_is_not_bpmn_is_refused_by_name() {
    let refused = |text: &str| from_bpmn(text).unwrap_err();
    assert!(matches!(refused("not xml <"), BpmnError::NotXml(_)));
    assert_eq!(
        refused("<svg xmlns='http://www.w3.org/2000/svg'/>"),
        BpmnError::NotBpmn("svg".into())
    );
    assert_eq!(
        refused("<definitions xmlns='http://www.omg.org/spec/BPMN/20100524/MODEL'/>"),
        BpmnError::NoProcess
    );
    let damaged = "<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL' \
        xmlns:tl='https://throughline.app/bpmn/1'><bpmn:process id='p'><bpmn:extensionElements>\
        <tl:map>{not json</tl:map></bpmn:extensionElements></bpmn:process></bpmn:definitions>";
    assert!(matches!(refused(damaged), BpmnError::Damaged { .. }), "{}", refused(damaged));
    // An entity bomb is not expanded: DTDs are refused.
    let bomb = "<!DOCTYPE d [<!ENTITY a 'aaaa'>]><definitions/>";
    assert!(matches!(refused(bomb), BpmnError::NotXml(_)));
}
