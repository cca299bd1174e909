//! The sample maps in `assets/samples/` load, and each shows exactly its documented problems.

use throughline_core::{Rule, Severity, analyze, json};

fn findings(file: &str) -> (Vec<(Rule, Severity, Vec<String>)>, throughline_core::Analysis) {
    let path = throughline_tests::sample_path(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let map = json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let analysis = analyze(&map);
    let list = analysis.findings.iter().map(|f| (f.rule, f.severity, f.subjects.clone())).collect();
    (list, analysis)
}

fn expect(rule: Rule, severity: Severity, subjects: &[&str]) -> (Rule, Severity, Vec<String>) {
    (rule, severity, subjects.iter().map(|s| (*s).to_owned()).collect())
}

use Rule::*;
use Severity::{Error, Info, Warning};

#[test]
fn inbound_hubspot_sample() {
    let (found, analysis) = findings("inbound-b2b-saas-hubspot.json");
    assert_eq!(
        found,
        vec![
            expect(HandoffWithoutOwner, Error, &["t-mql-sal"]),
            expect(SharedAccountability, Error, &["t-sql-qualified"]),
            expect(ConflictingDefinitions, Error, &["mql"]),
            expect(DeadEndStage, Error, &["nurture"]),
            expect(DefinitionDrift, Warning, &["sql", "ae"]),
            expect(DefinitionWithoutOwner, Warning, &["sql"]),
            expect(CriteriaGap, Warning, &["t-mql-sal"]),
            expect(HandoffPingPong, Warning, &["t-mql-sal", "t-sal-mql"]),
            expect(HandoffWithoutSla, Warning, &["t-won-invoiced"]),
            expect(DuplicateSystemMapping, Warning, &["sal", "sql"]),
        ]
    );
    let s = &analysis.summary;
    assert_eq!((s.stages, s.transitions, s.handoffs), (11, 12, 4));
    assert_eq!((s.owned_stages, s.owned_handoffs, s.terms, s.agreed_terms), (11, 2, 2, 0));
    assert_eq!(s.min_handoffs_to_revenue, Some(3));
    assert_eq!(
        s.critical_stages,
        vec!["mql", "sal", "sql", "qualified", "contract", "won", "invoiced"]
    );
}

#[test]
fn enterprise_salesforce_sample() {
    let (found, analysis) = findings("enterprise-salesforce-asc606.json");
    assert_eq!(
        found,
        vec![
            expect(StageWithoutOwner, Error, &["recognised"]),
            expect(SharedAccountability, Error, &["negotiation"]),
            expect(TrappedLoop, Error, &["legal-review", "redlines"]),
            expect(UnreachableStage, Error, &["partner"]),
            expect(DefinitionDrift, Warning, &["booked", "sales"]),
            expect(DefinitionWithoutOwner, Warning, &["booked"]),
        ]
    );
    assert_eq!(analysis.waived.len(), 1);
    assert_eq!(analysis.waived[0].finding.rule, HandoffWithoutSla);
    assert_eq!(analysis.waived[0].finding.subjects, vec!["t-negotiation-legal"]);
    assert_eq!(analysis.summary.waived, 1);
    assert_eq!(analysis.summary.min_handoffs_to_revenue, Some(5));
}

#[test]
fn product_led_sample() {
    let (found, analysis) = findings("product-led-self-serve.json");
    assert_eq!(
        found,
        vec![
            expect(HandoffWithoutOwner, Error, &["t-checkout-paying"]),
            expect(SharedAccountability, Error, &["pql"]),
            expect(ConflictingDefinitions, Error, &["activated"]),
            expect(DeadEndStage, Error, &["dormant"]),
            expect(DefinitionDrift, Warning, &["pql", "assist"]),
            expect(MissingEntryCriteria, Warning, &["expansion"]),
            expect(CriteriaGap, Warning, &["t-activated-pql"]),
            expect(HandoffPingPong, Warning, &["t-pql-trial", "t-trial-pql"]),
            expect(HandoffWithoutSla, Info, &["t-pql-trial"]),
        ]
    );
    assert_eq!(analysis.summary.min_handoffs_to_revenue, Some(1));
    assert_eq!(analysis.summary.critical_stages, vec!["activated"]);
}
