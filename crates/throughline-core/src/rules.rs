//! The catalogue of analysis rules: stable ids, default severities and each rule's
//! documentation, like a linter's rule list.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use specta::Type;

/// How loudly a finding speaks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    Type,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// A rule id. Ids are kebab-case and stable forever once released.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    Type,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Rule {
    HandoffWithoutOwner,
    StageWithoutOwner,
    SharedAccountability,
    ConflictingDefinitions,
    DefinitionDrift,
    DefinitionWithoutOwner,
    MissingEntryCriteria,
    MissingExitCriteria,
    CriteriaGap,
    DeadEndStage,
    TrappedLoop,
    UnreachableStage,
    NoPathToRevenue,
    HandoffPingPong,
    HandoffWithoutSla,
    DuplicateSystemMapping,
    // Rules on reality: they need the CRM's stage history (`throughline flow`).
    UndocumentedPath,
    UnusedTransition,
    SlaBreach,
    HandoffLeak,
    HandoffSkipped,
    // Drift: they need the CRM's configuration (`throughline check --crm`).
    CrmValueMissing,
    CrmValueUnmapped,
    CrmKindMismatch,
}

/// A rule's documentation: what it checks, why it matters to the business, and how to fix it.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub title: &'static str,
    pub fires_when: &'static str,
    pub why: &'static str,
    pub example: &'static str,
    pub fix: &'static str,
}

impl Rule {
    /// Every rule, in catalogue order.
    pub const ALL: &'static [Rule] = <Rule as strum::VariantArray>::VARIANTS;

    pub fn id(self) -> &'static str {
        self.into()
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        id.parse().ok()
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::HandoffWithoutOwner
            | Rule::StageWithoutOwner
            | Rule::SharedAccountability
            | Rule::ConflictingDefinitions
            | Rule::DeadEndStage
            | Rule::TrappedLoop
            | Rule::UnreachableStage
            | Rule::NoPathToRevenue
            | Rule::CrmValueMissing => Severity::Error,
            Rule::DefinitionDrift
            | Rule::DefinitionWithoutOwner
            | Rule::MissingEntryCriteria
            | Rule::MissingExitCriteria
            | Rule::CriteriaGap
            | Rule::HandoffPingPong
            | Rule::HandoffWithoutSla
            | Rule::DuplicateSystemMapping
            | Rule::UndocumentedPath
            | Rule::SlaBreach
            | Rule::HandoffLeak
            | Rule::HandoffSkipped
            | Rule::CrmValueUnmapped
            | Rule::CrmKindMismatch => Severity::Warning,
            Rule::UnusedTransition => Severity::Info,
        }
    }

    #[allow(clippy::too_many_lines)]
    pub fn doc(self) -> RuleDoc {
        match self {
            Rule::HandoffWithoutOwner => RuleDoc {
                title: "Handoff without an owner",
                fires_when: "a transition between stages of different teams has no owner",
                why: "Handoffs are where leads slip through the cracks: each team assumes the \
                      other one acts. Without one accountable person nobody chases a lead that \
                      stalls between teams.",
                example: "Marketing qualified lead (Marketing) → Sales accepted lead (Sales \
                          development) with no owner.",
                fix: "Name one person accountable for the handoff, usually the receiving team's \
                      manager, who answers for leads that wait too long.",
            },
            Rule::StageWithoutOwner => RuleDoc {
                title: "Stage without an owner",
                fires_when: "a stage has no accountable owner",
                why: "A stage nobody owns has no one who keeps its definition, its criteria and \
                      its data honest.",
                example: "\"Forecastable opportunity\" has no owner.",
                fix: "Name the one person accountable for the stage.",
            },
            Rule::SharedAccountability => RuleDoc {
                title: "Shared accountability",
                fires_when: "a stage, handoff or term has more than one accountable owner",
                why: "When everyone has partial ownership, no one has decision rights: disputes \
                      are settled by negotiation instead of by a standard.",
                example: "\"Sales qualified lead\" is owned by both the SDR manager and the \
                          marketing operations lead.",
                fix: "Keep one accountable owner; record the others as consulted elsewhere.",
            },
            Rule::ConflictingDefinitions => RuleDoc {
                title: "Conflicting definitions",
                fires_when: "two or more teams define a term differently and there is no \
                             canonical definition",
                why: "Teams that mean different things by the same word produce reports that \
                      disagree, and the board gets numbers that need explaining every quarter.",
                example: "Marketing calls a lead an MQL at score 50, Sales only at score 70 with \
                          a booked meeting.",
                fix: "Agree on one canonical definition, ideally with objective criteria, and \
                      have the term's owner publish it.",
            },
            Rule::DefinitionDrift => RuleDoc {
                title: "Definition drift",
                fires_when: "a team's definition, or the entry criteria of a stage bound to a \
                             term, differ from the term's canonical definition",
                why: "An agreed definition only helps when every team and every stage actually \
                      uses it; drift brings the old disagreements back quietly.",
                example: "The canonical SQL needs a budget confirmed, but the \"Sales qualified \
                          lead\" stage admits leads on a booked meeting alone.",
                fix: "Bring the team's definition or the stage's entry criteria in line with the \
                      canonical definition, or change the canonical one on purpose.",
            },
            Rule::DefinitionWithoutOwner => RuleDoc {
                title: "Definition without an owner",
                fires_when: "a term has no owner",
                why: "Without an owner nobody has the right to settle disputes about what the \
                      word means.",
                example: "\"Booked\" has no owner.",
                fix: "Name the one person who decides what the term means.",
            },
            Rule::MissingEntryCriteria => RuleDoc {
                title: "Missing entry criteria",
                fires_when: "a stage, revenue or exit stage has no entry criteria",
                why: "Without objective entry criteria a record moves on because someone felt \
                      like it, and conversion rates stop meaning anything.",
                example: "\"Sales accepted lead\" has no entry criteria.",
                fix: "Write down what must be true to enter the stage, ideally as `field op \
                      value` so it can be checked.",
            },
            Rule::MissingExitCriteria => RuleDoc {
                title: "Missing exit criteria",
                fires_when: "an entry stage or a stage has no exit criteria",
                why: "Without exit criteria nobody can tell when work at a stage is done and the \
                      next team may take over.",
                example: "\"Website visitor\" has no exit criteria.",
                fix: "Write down what must be true to leave the stage.",
            },
            Rule::CriteriaGap => RuleDoc {
                title: "Criteria gap",
                fires_when: "on a transition, the receiving stage's entry criteria are not \
                             guaranteed by the sending stage's exit criteria plus the \
                             transition's own criteria",
                why: "A gap means records arrive that the receiving stage would not accept: the \
                      receiving team rejects them, or worse, quietly works bad leads.",
                example: "MQL exits at lead score 40 but Sales accepted lead requires a score of \
                          at least 50.",
                fix: "Tighten the sending stage's exit criteria or add criteria to the \
                      transition so that they guarantee what the next stage requires.",
            },
            Rule::DeadEndStage => RuleDoc {
                title: "Dead-end stage",
                fires_when: "a stage that is not revenue or exit has no way out",
                why: "Records that reach a dead end are neither won nor lost: they sit there and \
                      inflate the pipeline.",
                example: "\"Nurture\" has no transition to anywhere.",
                fix: "Add the transitions out of the stage, or make it an exit stage if it is a \
                      legitimate end.",
            },
            Rule::TrappedLoop => RuleDoc {
                title: "Trapped loop",
                fires_when: "a group of stages from which no revenue or exit stage can be reached",
                why: "Records can circle between these stages forever and never be won or \
                      closed.",
                example: "\"Recycle\" and \"Nurture\" lead only to each other.",
                fix: "Add a way out of the loop: a transition to a stage that leads to revenue, \
                      or to an exit.",
            },
            Rule::UnreachableStage => RuleDoc {
                title: "Unreachable stage",
                fires_when: "no path leads to the stage from any entry stage",
                why: "A stage no record can reach is either dead process or a sign that a \
                      transition is missing from the map.",
                example: "\"Partner referral\" has no way in.",
                fix: "Connect the stage from where records come from, make it an entry stage, or \
                      remove it.",
            },
            Rule::NoPathToRevenue => RuleDoc {
                title: "No path to revenue",
                fires_when: "the map has no entry, no revenue stage, or no path from an entry to \
                             a revenue stage",
                why: "A journey that cannot end in revenue cannot explain how the company makes \
                      money.",
                example: "The map stops at \"Closed won\" and never reaches \"Revenue \
                          recognised\".",
                fix: "Add the missing entry or revenue stage and connect the journey end to end.",
            },
            Rule::HandoffPingPong => RuleDoc {
                title: "Handoff ping-pong",
                fires_when: "work bounces A → B → A between two teams without criteria on the way",
                why: "Leads bounced back and forth without criteria are where blame starts: each \
                      team thinks the other sends junk.",
                example: "Sales sends leads back to Marketing with no rule for when that is \
                          allowed.",
                fix: "Give both transitions objective criteria, so that a record only goes back \
                      for a stated reason.",
            },
            Rule::HandoffWithoutSla => RuleDoc {
                title: "Handoff without an SLA",
                fires_when: "a handoff has no SLA",
                why: "Without a time limit, a handoff can wait for weeks and nobody is late.",
                example: "MQL → SAL has no SLA.",
                fix: "Agree how many hours the receiving team has to act on the handoff.",
            },
            Rule::DuplicateSystemMapping => RuleDoc {
                title: "Duplicate system mapping",
                fires_when: "two or more stages map to the same system of record value",
                why: "When two stages share one system value, reports cannot tell them apart and \
                      every conversion rate between them is fiction.",
                example: "\"Sales accepted\" and \"Sales qualified\" both map to HubSpot \
                          lifecyclestage = salesqualifiedlead.",
                fix: "Give each stage its own value in the system of record, or merge the \
                      stages.",
            },
            Rule::UndocumentedPath => RuleDoc {
                title: "Undocumented path",
                fires_when: "records moved from stage A to stage B in the CRM's stage history \
                             and the map has no transition A → B",
                why: "The map is the journey as the teams say it runs; records that take a way \
                      nobody drew skip the criteria, the owner and the SLA of the way they \
                      should have taken, and every conversion rate along it is off.",
                example: "45 opportunities went from Sales accepted lead straight to Closed won.",
                fix: "Either draw the transition, with an owner and criteria, if the path is \
                      legitimate, or stop records from taking it in the CRM.",
            },
            Rule::UnusedTransition => RuleDoc {
                title: "Unused transition",
                fires_when: "records left a transition's source stage in the stage history but \
                             none took the transition",
                why: "A drawn way that nobody takes is either dead process that still costs \
                      attention, or a sign that the CRM records the step under another value.",
                example: "Nurture → Marketing qualified lead: 300 records left Nurture, none to \
                          Marketing qualified lead.",
                fix: "Remove the transition if the path is gone, or check how the CRM records \
                      the move.",
            },
            Rule::SlaBreach => RuleDoc {
                title: "SLA breached",
                fires_when: "more than 10% of the moves on a transition, or of the visits to a \
                             stage, took longer than its SLA",
                why: "An SLA that one record in ten misses is not an agreement anybody keeps: \
                      records wait, and the handoff leaks.",
                example: "MQL → SAL has a 24-hour SLA; 31% of the 900 moves took longer.",
                fix: "Find out why records wait (capacity, routing, unclear criteria) with the \
                      receiving team, then fix that or agree an SLA the team can keep.",
            },
            Rule::HandoffLeak => RuleDoc {
                title: "Handoff leak",
                fires_when: "more than 20% of the records that reached the source of a handoff \
                             where the record changes (lead → opportunity, contact → deal) never \
                             got a linked record on the other side, those still younger than the \
                             handoff's SLA aside",
                why: "Where one team's record becomes another team's, nobody's report shows the \
                      records that fall between the two: marketing counts them as delivered, \
                      sales never sees them.",
                example: "312 of 1,040 contacts that reached Sales qualified lead never became \
                          a deal.",
                fix: "Agree with both teams what makes the receiving record, automate creating \
                      it, and have the handoff's owner review the records left behind.",
            },
            Rule::HandoffSkipped => RuleDoc {
                title: "Handoff skipped",
                fires_when: "more than 10% of the records entering the target of a handoff where \
                             the record changes have no linked record that passed its source",
                why: "Records that appear on the other side without passing the handoff skipped \
                      its criteria: a deal without a qualified contact, an opportunity no lead \
                      converted into.",
                example: "140 of 600 deals entered Discovery without a contact that reached \
                          Sales qualified lead.",
                fix: "Find where those records come from (created by hand, imported) and route \
                      them through the handoff, or draw the way they really take.",
            },
            Rule::CrmValueMissing => RuleDoc {
                title: "CRM value missing",
                fires_when: "a stage maps to a value that the CRM's configuration does not have \
                             for that system, object and field",
                why: "Someone renamed or deleted the value in the CRM after the workshop: no \
                      record can reach the stage any more, and every report built on the map \
                      counts nothing there.",
                example: "Proposal maps to Salesforce Opportunity.StageName = \"Proposal/Price \
                          Quote\", but the org renamed it \"Proposal\".",
                fix: "Map the stage to the value the CRM uses now, or restore the value in the \
                      CRM if it was removed by mistake.",
            },
            Rule::CrmValueUnmapped => RuleDoc {
                title: "CRM value not on the map",
                fires_when: "a value of the CRM's configuration is one no stage maps to",
                why: "Records can sit in a state the map does not know: nobody owns it, no \
                      criteria say how records get there, and the map's funnel misses them.",
                example: "HubSpot's deal pipeline has \"Legal review\", which no stage maps to.",
                fix: "Add a stage for the value (with an owner and criteria), or map an existing \
                      stage to it, or remove the value from the CRM if nobody uses it.",
            },
            Rule::CrmKindMismatch => RuleDoc {
                title: "CRM and map disagree on an ending",
                fires_when: "a stage mapped to a lost value is not an exit stage, or a stage \
                             mapped to a won or open value is an exit stage",
                why: "When the CRM closes records as lost at a stage the map keeps open (or the \
                      other way round), forecasts and conversion rates count them on the wrong \
                      side.",
                example: "\"Closed lost\" is a stage on the map, but the CRM marks the value \
                          closed and not won.",
                fix: "Make the stage an exit if records end there, or fix the value's closed and \
                      won flags in the CRM.",
            },
        }
    }
}

/// The rule catalogue as Markdown (`docs/rules.md` is this text, committed).
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Analysis rules\n\nGenerated from `crates/throughline-core/src/rules.rs` by a test; \
         do not edit by hand. `throughline rules ID` prints the same.\n\n\
         | rule | default severity | fires when |\n| --- | --- | --- |\n",
    );
    for rule in Rule::ALL {
        let doc = rule.doc();
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            rule.id(),
            rule.default_severity().label(),
            doc.fires_when
        ));
    }
    for rule in Rule::ALL {
        let doc = rule.doc();
        out.push_str(&format!(
            "\n## {}\n\n**{}** ({} by default). Fires when {}.\n\n\
             **Why it matters.** {}\n\n**Example.** {}\n\n**Fix.** {}\n",
            rule.id(),
            doc.title,
            rule.default_severity().label(),
            doc.fires_when,
            doc.why,
            doc.example,
            doc.fix
        ));
    }
    out
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_serde_and_from_id() {
        for &rule in Rule::ALL {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.id()));
            assert_eq!(Rule::from_id(rule.id()), Some(rule));
        }
        assert_eq!(Rule::ALL.len(), 24);
    }

    #[test]
    fn severity_labels_are_serde_names() {
        for &severity in <Severity as strum::VariantArray>::VARIANTS {
            let json = serde_json::to_string(&severity).unwrap();
            assert_eq!(json, format!("\"{}\"", severity.label()));
            assert_eq!(severity.label().parse::<Severity>().ok(), Some(severity));
        }
    }

    #[test]
    fn the_catalogue_is_in_declaration_order() {
        // Findings are sorted by `Rule`'s derived order and expected in catalogue order.
        assert!(Rule::ALL.is_sorted());
    }

    #[test]
    fn every_rule_is_documented() {
        for &rule in Rule::ALL {
            let doc = rule.doc();
            for text in [doc.title, doc.fires_when, doc.why, doc.example, doc.fix] {
                assert!(!text.trim().is_empty(), "{rule} lacks documentation");
            }
        }
    }
}
