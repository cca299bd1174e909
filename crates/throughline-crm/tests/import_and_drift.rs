//! A map imported from the CRM's configuration, and the drift rules holding a map against
//! one: each rule where it fires and where it must not.

use proptest::prelude::*;
use throughline_core::model::StageKind;
use throughline_core::{Map, Rule, analyze, json};
use throughline_crm::{CrmConfig, CrmValue, ValueSet, ValueState, drift, import, read};

fn value(value: &str, state: ValueState) -> CrmValue {
    CrmValue {
        value: value.into(),
        label: value.into(),
        state,
        probability: None,
        forecast_category: None,
        criteria: Vec::new(),
    }
}

fn set(system: &str, object: &str, field: &str, label: &str, values: Vec<CrmValue>) -> ValueSet {
    ValueSet {
        system: system.into(),
        object: object.into(),
        field: field.into(),
        label: label.into(),
        values,
    }
}

fn salesforce() -> CrmConfig {
    use ValueState::{Converted, Lost, Open, Won};
    CrmConfig {
        sources: vec!["test".into()],
        sets: vec![
            set(
                "Salesforce",
                "Lead",
                "Status",
                "Lead status",
                vec![
                    value("Open", Open),
                    value("Working", Open),
                    value("Converted", Converted),
                    value("Unqualified", Lost),
                ],
            ),
            set(
                "Salesforce",
                "Opportunity",
                "StageName",
                "Opportunity stages",
                vec![
                    value("Qualification", Open),
                    value("Proposal", Open),
                    value("Closed Won", Won),
                    value("Closed Lost", Lost),
                ],
            ),
        ],
    }
}

fn kinds(map: &Map) -> Vec<(&str, StageKind)> {
    map.stages.iter().map(|s| (s.name.as_str(), s.kind)).collect()
}

fn arrows(map: &Map) -> Vec<String> {
    let name = |id: &str| map.stages.iter().find(|s| s.id == id).unwrap().name.clone();
    map.transitions.iter().map(|t| format!("{} → {}", name(&t.from), name(&t.to))).collect()
}

fn rules(findings: &[throughline_core::Finding]) -> Vec<(Rule, Vec<String>)> {
    findings.iter().map(|f| (f.rule, f.subjects.clone())).collect()
}

#[test]
fn an_import_follows_the_crms_order_ends_and_the_converted_lead() {
    use StageKind::{Entry, Exit, Revenue, Stage};
    let map = import::map(&salesforce(), "Imported");
    assert_eq!(
        kinds(&map),
        [
            ("Open", Entry),
            ("Working", Stage),
            ("Converted", Revenue),
            ("Unqualified", Exit),
            // Led into from the converted lead: not an entry.
            ("Qualification", Stage),
            ("Proposal", Stage),
            ("Closed Won", Revenue),
            ("Closed Lost", Exit),
        ]
    );
    assert_eq!(
        arrows(&map),
        [
            "Open → Working",
            "Working → Converted",
            "Open → Unqualified",
            "Working → Unqualified",
            "Qualification → Proposal",
            "Proposal → Closed Won",
            "Qualification → Closed Lost",
            "Proposal → Closed Lost",
            "Converted → Qualification",
        ]
    );
    let teams: Vec<&str> = map.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Lead status", "Opportunity stages"]);
    // Laid out: the opportunity lane starts after the converted lead, below its lane.
    let at = |name: &str| map.stages.iter().find(|s| s.name == name).unwrap().position.unwrap();
    assert!(at("Qualification").x > at("Converted").x);
    assert!(at("Qualification").y > at("Unqualified").y);
    assert!(at("Closed Lost").y > at("Closed Won").y, "ends stack in one column");
    // A valid map that the analysis reads, and that owes nothing to its configuration.
    throughline_core::validate::check_map(&map).unwrap();
    assert!(drift::check(&map, &salesforce()).is_empty());
    let found = analyze(&map);
    assert!(
        found.findings.iter().any(|f| f.rule == Rule::StageWithoutOwner),
        "it says what to fill in"
    );
}

#[test]
fn an_imported_sample_keeps_probability_forecast_and_guidance_through_json() {
    let config =
        read(&[throughline_tests::in_workspace("assets/samples/crm/enterprise-salesforce-asc606")])
            .unwrap();
    let map = import::map(&config, "Enterprise");
    let back = json::from_str(&json::to_string(&map)).unwrap();
    assert_eq!(map, back);
    let proposal = back.stages.iter().find(|s| s.name == "Proposal").unwrap();
    assert_eq!(proposal.probability, Some(0.75));
    assert_eq!(proposal.forecast_category.as_deref(), Some("BestCase"));
    assert_eq!(
        proposal.entry[0].text,
        "Pricing approved by the deal desk before the proposal goes out."
    );
}

/// A map whose stages map to the Salesforce configuration above, as a workshop drew it.
fn drawn() -> Map {
    import::map(&salesforce(), "Drawn")
}

#[test]
fn crm_value_missing_fires_on_a_renamed_value_only() {
    let mut map = drawn();
    assert!(drift::check(&map, &salesforce()).is_empty(), "no drift against its own configuration");
    let mut renamed = salesforce();
    renamed.sets[1].values[1].value = "Proposal/Price Quote".into();
    let found = rules(&drift::check(&map, &renamed));
    let proposal = map.stages.iter().find(|s| s.name == "Proposal").unwrap().id.clone();
    assert_eq!(
        found,
        [(Rule::CrmValueMissing, vec![proposal.clone()]), (Rule::CrmValueUnmapped, vec![])],
        "the stage's value is gone, and the new one is on no stage"
    );
    // A stage mapped to a system, object or field the configuration does not cover is not
    // judged.
    let stage = map.stages.iter_mut().find(|s| s.id == proposal).unwrap();
    stage.system.as_mut().unwrap().field = Some("ForecastCategoryName".into());
    let found = rules(&drift::check(&map, &salesforce()));
    assert_eq!(
        found,
        [(Rule::CrmValueUnmapped, vec![])],
        "only Proposal's own value goes unmapped"
    );
}

#[test]
fn systems_and_objects_compare_loosely_fields_and_values_exactly() {
    let mut map = drawn();
    for stage in &mut map.stages {
        let system = stage.system.as_mut().unwrap();
        system.name = system.name.to_uppercase();
        // "Opportunities", "leads": plural and lower case are the same object.
        system.object = system.object.as_ref().map(|o| {
            if o == "Opportunity" {
                "opportunities".to_owned()
            } else {
                format!("{}s", o.to_lowercase())
            }
        });
    }
    assert!(drift::check(&map, &salesforce()).is_empty());
    map.stages[0].system.as_mut().unwrap().value = Some("open".into());
    let found = rules(&drift::check(&map, &salesforce()));
    assert_eq!(found[0].0, Rule::CrmValueMissing, "values compare exactly: {found:?}");
}

#[test]
fn crm_value_unmapped_names_each_value_and_can_be_waived() {
    let mut map = drawn();
    let mut grown = salesforce();
    grown.sets[1].values.insert(2, value("Legal Review", ValueState::Open));
    let found = drift::check(&map, &grown);
    assert_eq!(rules(&found), [(Rule::CrmValueUnmapped, vec![])]);
    assert!(found[0].message.contains("“Legal Review”"), "{}", found[0].message);
    assert!(found[0].message.contains("Opportunity stages"));
    // Waivers and severities apply as to any rule.
    map.waivers.push(throughline_core::model::Waiver {
        rule: Rule::CrmValueUnmapped,
        subject: None,
        reason: "Legal review is tracked in the contract tool".into(),
    });
    let (findings, waived) = drift::settled(&map, &grown);
    assert!(findings.is_empty());
    assert_eq!(waived.len(), 1);
}

#[test]
fn crm_kind_mismatch_fires_where_the_ends_disagree() {
    let mut map = drawn();
    let id = |map: &Map, name: &str| map.stages.iter().find(|s| s.name == name).unwrap().id.clone();
    // The CRM closes records as lost where the map goes on, and keeps them open where the map
    // ends them.
    let lost = id(&map, "Closed Lost");
    let working = id(&map, "Working");
    map.stages.iter_mut().find(|s| s.id == lost).unwrap().kind = StageKind::Stage;
    map.stages.iter_mut().find(|s| s.id == working).unwrap().kind = StageKind::Exit;
    let found = drift::check(&map, &salesforce());
    assert_eq!(
        rules(&found),
        [(Rule::CrmKindMismatch, vec![working]), (Rule::CrmKindMismatch, vec![lost])]
    );
    assert!(found[0].message.contains("keeps records open"), "{}", found[0].message);
    assert!(found[1].message.contains("closes records as lost"), "{}", found[1].message);
    // Revenue at a won value, an exit at a lost one, an entry at an open one: all agree.
    assert!(drift::check(&drawn(), &salesforce()).is_empty());
}

#[test]
fn the_samples_show_their_one_planted_drift() {
    let root = throughline_tests::in_workspace("assets/samples");
    let drift_of = |sample: &str| {
        let map = json::from_str(&throughline_tests::sample_text(sample)).unwrap();
        let config = read(&[root.join("crm").join(sample)]).unwrap();
        drift::check(&map, &config)
            .into_iter()
            .map(|f| (f.rule, f.subjects, f.message))
            .collect::<Vec<_>>()
    };
    let inbound = drift_of("inbound-b2b-saas-hubspot");
    assert_eq!(inbound.len(), 1, "{inbound:?}");
    assert_eq!(inbound[0].0, Rule::CrmValueUnmapped);
    assert!(inbound[0].2.contains("“Legal review”"));

    let enterprise = drift_of("enterprise-salesforce-asc606");
    let found: Vec<(Rule, Vec<String>)> = enterprise.iter().map(|f| (f.0, f.1.clone())).collect();
    assert_eq!(
        found,
        [(Rule::CrmValueMissing, vec!["proposal".to_owned()]), (Rule::CrmValueUnmapped, vec![])]
    );

    let product = drift_of("product-led-self-serve");
    assert_eq!(product.len(), 1, "{product:?}");
    assert!(product[0].2.contains("“Customer”"));
}

fn state() -> impl Strategy<Value = ValueState> {
    prop_oneof![
        4 => Just(ValueState::Open),
        1 => Just(ValueState::Won),
        1 => Just(ValueState::Lost),
        1 => Just(ValueState::Converted),
    ]
}

fn config() -> impl Strategy<Value = CrmConfig> {
    let names = prop::sample::select(vec!["Lead", "Opportunity", "deals", "contacts", "tickets"]);
    let one_set = (names, prop::collection::vec(("[A-Za-z][A-Za-z /%-]{0,12}", state()), 1..8));
    prop::collection::vec(one_set, 1..4).prop_map(|sets| CrmConfig {
        sources: vec!["generated".into()],
        sets: sets
            .into_iter()
            .enumerate()
            .map(|(i, (object, values))| {
                let system =
                    if matches!(object, "Lead" | "Opportunity") { "Salesforce" } else { "HubSpot" };
                let mut seen = std::collections::HashSet::new();
                ValueSet {
                    system: system.into(),
                    object: object.into(),
                    // One field per set, so that values never collide across sets.
                    field: format!("field{i}"),
                    label: format!("Set {i}"),
                    values: values
                        .into_iter()
                        .filter(|(v, _)| seen.insert(v.clone()))
                        .map(|(v, s)| value(&v, s))
                        .collect(),
                }
            })
            .collect(),
    })
}

proptest! {
    #[test]
    fn an_imported_map_has_no_drift_against_its_configuration(config in config()) {
        let map = import::map(&config, "Generated");
        prop_assert!(throughline_core::validate::check_map(&map).is_ok());
        prop_assert_eq!(drift::check(&map, &config), vec![]);
        // Every value became one stage.
        let values: usize = config.sets.iter().map(|s| s.values.len()).sum();
        prop_assert_eq!(map.stages.len(), values);
    }
}

#[test]
fn one_edit_adds_the_unmapped_values_in_their_lanes_and_one_undo_takes_them_away() {
    let map =
        json::from_str(&throughline_tests::sample_text("enterprise-salesforce-asc606")).unwrap();
    let config =
        read(&[throughline_tests::in_workspace("assets/samples/crm/enterprise-salesforce-asc606")])
            .unwrap();
    let edit = throughline_crm::attach::add_unmapped(&map, &config).expect("Proposal is unmapped");
    let mut edited = map.clone();
    let applied = throughline_core::apply(&mut edited, edit).unwrap();
    let added = edited.stages.iter().find(|s| s.name == "Proposal").unwrap();
    // In the lane of the other opportunity stages (Enterprise sales holds most of them).
    assert_eq!(added.team, "sales");
    assert_eq!(added.probability, Some(0.75));
    assert_eq!(added.system.as_ref().unwrap().value.as_deref(), Some("Proposal"));
    assert!(added.position.is_some());
    let left: Vec<Rule> = drift::check(&edited, &config).iter().map(|f| f.rule).collect();
    assert_eq!(left, [Rule::CrmValueMissing], "only the renamed value's old stage is left");
    assert!(throughline_crm::attach::add_unmapped(&edited, &config).is_none());
    throughline_core::apply(&mut edited, applied.inverse).unwrap();
    assert_eq!(edited, map, "one undo takes it all back");

    // A set with no stage on the map gets a lane of its own.
    let mut leads = salesforce();
    leads.sets.remove(1);
    let edit = throughline_crm::attach::add_unmapped(&map, &leads).unwrap();
    let mut edited = map.clone();
    throughline_core::apply(&mut edited, edit).unwrap();
    let lane = edited.teams.iter().find(|t| t.name == "Lead status").expect("a lane for the set");
    assert_eq!(edited.stages.iter().filter(|s| s.team == lane.id).count(), 4);
    // (The map's own lead stage maps to "Open - Not Contacted", which this set lacks.)
    assert!(!drift::check(&edited, &leads).iter().any(|f| f.rule == Rule::CrmValueUnmapped));
}

#[test]
fn a_newer_export_says_what_changed_in_the_crm() {
    let old = salesforce();
    let mut new = salesforce();
    new.sets[1].values[1].label = "Proposal sent".into();
    new.sets[1].values.insert(2, value("Legal Review", ValueState::Open));
    new.sets[1].values.retain(|v| v.value != "Closed Lost");
    new.sets[0].values[3].state = ValueState::Open;
    assert_eq!(
        throughline_crm::attach::changes(&old, &new),
        [
            "“Unqualified” in Lead status is now open (was lost)",
            "Renamed “Proposal” to “Proposal sent” in Opportunity stages",
            "Added “Legal Review” to Opportunity stages",
            "Removed “Closed Lost” from Opportunity stages",
        ]
    );
    assert!(throughline_crm::attach::changes(&old, &old).is_empty());
}

#[test]
fn a_pipeline_of_400_open_and_400_lost_values_links_each_pair_once() {
    // Every open value leads on to the next and to every lost value: 160,399 arrows, each made
    // once (looking up the links made so far, not scanning them: this took 48 s).
    let values = (0..400)
        .map(|i| value(&format!("open {i}"), ValueState::Open))
        .chain((0..400).map(|i| value(&format!("lost {i}"), ValueState::Lost)))
        .collect();
    let config = CrmConfig {
        sources: vec!["deal-pipelines.json".into()],
        sets: vec![set("hubspot", "deal", "dealstage", "Sales", values)],
    };
    let map = import::map(&config, "Large pipeline");
    assert_eq!(map.stages.len(), 800);
    assert_eq!(map.transitions.len(), 399 + 400 * 400);
    let pairs: std::collections::HashSet<(&str, &str)> =
        map.transitions.iter().map(|t| (t.from.as_str(), t.to.as_str())).collect();
    assert_eq!(pairs.len(), map.transitions.len(), "no arrow twice");
}
