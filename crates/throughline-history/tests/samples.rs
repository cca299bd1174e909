//! The sample maps' stage histories (`assets/samples/*.history.csv`) are what the seeded
//! generator writes, and each shows exactly the patterns `assets/samples/README.md` documents.

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/sample_history/main.rs"]
mod generator;

use Rule::{HandoffLeak, HandoffSkipped, SlaBreach, UndocumentedPath, UnusedTransition};
use throughline_core::{Rule, json};
use throughline_history::{Columns, History, LogKind, Source, history, log};

fn history_of(sample: &str) -> History {
    let map = json::from_str(&throughline_tests::sample_text(sample)).unwrap();
    history(&map, &log_path(sample), &Columns::default()).unwrap()
}

fn log_path(sample: &str) -> std::path::PathBuf {
    throughline_tests::sample_path(sample).with_extension("history.csv")
}

/// The reality findings as `(rule, subjects)`, in the order they are reported.
fn found(h: &History) -> Vec<(Rule, Vec<&str>)> {
    h.found.iter().map(|f| (f.rule, f.subjects.iter().map(String::as_str).collect())).collect()
}

/// The sample's own history, checked to show exactly its planted findings.
fn planted(sample: &str, expected: &[(Rule, &[&str])]) -> History {
    let h = history_of(sample);
    let expected: Vec<(Rule, Vec<&str>)> = expected.iter().map(|(r, s)| (*r, s.to_vec())).collect();
    assert_eq!(found(&h), expected, "{sample}");
    h
}

#[test]
fn the_sample_histories_are_the_generators_output() {
    let folder = throughline_tests::sample_path("inbound-b2b-saas-hubspot");
    let folder = folder.parent().unwrap();
    for (name, text) in generator::files() {
        let path = folder.join(&name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale: run `cargo run -p throughline-history --example sample_history`",
            path.display()
        );
    }
}

/// A sample's history across records: the files `<sample>.<suffix>` read as one log.
fn history_across(sample: &str, suffixes: &[&str]) -> History {
    let map = json::from_str(&throughline_tests::sample_text(sample)).unwrap();
    let base = throughline_tests::sample_path(sample);
    let paths: Vec<_> = suffixes.iter().map(|s| base.with_extension(s)).collect();
    let sources: Vec<Source<'_>> = paths.iter().map(|p| Source::File(p)).collect();
    throughline_history::history_from_many(&map, &sources, &Columns::default(), &mut |_| {})
        .unwrap()
}

/// What the history says of one of the map's transitions.
fn handoff<'h>(h: &'h History, id: &str) -> &'h throughline_history::TransitionFlow {
    h.flow.transitions.iter().find(|t| t.id == id).unwrap()
}

#[test]
fn inbound_contacts_and_deals_show_their_planted_patterns() {
    let h = history_across("inbound-b2b-saas-hubspot", &["contacts.csv", "deals.csv"]);
    assert_eq!(
        found(&h),
        vec![
            (UndocumentedPath, vec!["mql", "qualified"]),
            (UnusedTransition, vec!["t-mql-nurture"]),
            (UnusedTransition, vec!["t-sal-mql"]),
            (HandoffLeak, vec!["t-sql-qualified"]),
            (HandoffSkipped, vec!["t-sql-qualified"]),
            (SlaBreach, vec!["mql"]),
            (SlaBreach, vec!["sql"]),
        ]
    );
    let leaks = handoff(&h, "t-sql-qualified").leaks.unwrap();
    assert_eq!((leaks.leaked, leaks.reached, leaks.skipped, leaks.entered), (147, 318, 45, 216));
    // The deals' invoices are in no export: that handoff is not measured.
    assert!(handoff(&h, "t-won-invoiced").leaks.is_none());
    let kinds: Vec<(&str, u64)> =
        h.flow.log.objects.iter().map(|o| (o.kind.as_str(), o.objects)).collect();
    assert_eq!(kinds, [("contact", 600), ("deal", 216)]);
}

#[test]
fn enterprise_leads_and_opportunities_show_their_planted_patterns() {
    let h = history_across(
        "enterprise-salesforce-asc606",
        &["LeadHistory.csv", "Lead.csv", "history.csv"],
    );
    assert_eq!(
        found(&h),
        vec![
            (UndocumentedPath, vec!["qualification", "proposal"]),
            (UndocumentedPath, vec!["legal-review", "won"]),
            (SlaBreach, vec!["t-proposal-negotiation"]),
            (UnusedTransition, vec!["t-legal-redlines"]),
            (HandoffLeak, vec!["t-campaign-prospecting"]),
            (HandoffSkipped, vec!["t-campaign-prospecting"]),
        ]
    );
    let handoff = handoff(&h, "t-campaign-prospecting");
    let leaks = handoff.leaks.unwrap();
    assert_eq!(
        (leaks.leaked, leaks.waiting, leaks.reached, leaks.skipped, leaks.entered),
        (186, 1, 456, 80, 350)
    );
    assert_eq!(handoff.records, 270, "one move per converted lead");
}

#[test]
fn inbound_history_shows_its_planted_patterns() {
    let h = planted(
        "inbound-b2b-saas-hubspot",
        &[
            (UndocumentedPath, &["sal", "nurture"]),
            (UndocumentedPath, &["lead", "sal"]),
            (UndocumentedPath, &["nurture", "mql"]),
            (UndocumentedPath, &["qualified", "won"]),
            (SlaBreach, &["t-mql-sal"]),
            (UnusedTransition, &["t-sal-mql"]),
        ],
    );
    let unmatched: Vec<&str> = h.flow.log.unmatched.iter().map(|u| u.value.as_str()).collect();
    assert_eq!(unmatched, ["subscriber"]);
    assert_eq!(
        (h.flow.log.cases, h.log.name.as_str()),
        (600, "inbound-b2b-saas-hubspot.history.csv")
    );
}

#[test]
fn enterprise_history_shows_its_planted_patterns() {
    planted(
        "enterprise-salesforce-asc606",
        &[
            (UndocumentedPath, &["qualification", "proposal"]),
            (UndocumentedPath, &["legal-review", "won"]),
            (SlaBreach, &["t-proposal-negotiation"]),
            (UnusedTransition, &["t-legal-redlines"]),
        ],
    );
    // A Salesforce field history: only the StageName rows count, the Amount rows do not.
    let path = log_path("enterprise-salesforce-asc606");
    let mut events = 0;
    let read = log::read(&path, &Columns::default(), |_| events += 1).unwrap();
    assert_eq!(read.kind, LogKind::SalesforceFieldHistory);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(",Amount,"));
    assert_eq!(events, text.matches(",StageName,").count());
}

#[test]
fn product_led_history_shows_its_planted_patterns() {
    planted(
        "product-led-self-serve",
        &[
            (UndocumentedPath, &["pql", "checkout"]),
            (UndocumentedPath, &["dormant", "activated"]),
            (UndocumentedPath, &["trial", "checkout"]),
            (UnusedTransition, &["t-trial-pql"]),
            (SlaBreach, &["t-paying-onboarded"]),
            (SlaBreach, &["onboarded"]),
        ],
    );
}
