//! The samples' histories across records, as the CRMs export them: the inbound sample's
//! HubSpot contacts and deals (each contact's deals in `Associated Deal IDs`, each deal's
//! contacts in `Associated Contact IDs`), and the enterprise sample's Salesforce leads
//! (`LeadHistory` and the `Lead` export) converting into the opportunities of its
//! `OpportunityFieldHistory`. The planted leaks and skips are marked.

use std::fmt::Write as _;

use super::{END, START, Step, normal, quoted, salesforce_id, step, time, walk};

/// A file the generator writes beside the sample: its name's suffix and its text.
pub struct File {
    pub suffix: &'static str,
    pub text: String,
}

/// Where a contact's walk gets a deal: the contact's lifecycle stage becomes Opportunity and
/// the deal starts in Qualified To Buy.
const DEAL: &str = "a deal";

const CONTACT_STEPS: &[Step] = &[
    step("Lead", "Marketing Qualified Lead", 0.75, 72.0),
    // Planted: 15% of MQLs are never followed up (sla-breach on the MQL stage's 2 days).
    step("Marketing Qualified Lead", "Sales Accepted Lead", 0.75, 10.0),
    // Planted: account executives open deals straight from MQLs that asked for a demo, so
    // those deals never passed SQL (handoff-skipped, and an undocumented MQL → Qualified to
    // buy).
    step("Marketing Qualified Lead", DEAL, 0.10, 30.0),
    step("Sales Accepted Lead", "Sales Qualified Lead", 0.95, 8.0),
    // Planted: 45% of SQLs never get a deal (handoff-leak on SQL → Qualified to buy, and
    // sla-breach on the SQL stage's 3 days: those left behind stay there).
    step("Sales Qualified Lead", DEAL, 0.55, 16.0),
];

const DEAL_STEPS: &[Step] = &[
    step("Qualified To Buy", "Contract Sent", 0.62, 48.0),
    step("Qualified To Buy", "Closed Lost", 0.33, 60.0),
    step("Contract Sent", "Closed Won", 0.65, 100.0),
    step("Contract Sent", "Closed Lost", 0.35, 150.0),
];

/// HubSpot's lifecycle stages as the export's `Date entered` columns name them. Opportunity
/// and Customer are set by HubSpot itself when a deal is made and won; the map draws neither.
const LIFECYCLE: [&str; 6] = [
    "Lead",
    "Marketing Qualified Lead",
    "Sales Accepted Lead",
    "Sales Qualified Lead",
    "Opportunity",
    "Customer",
];
const DEAL_STAGES: [&str; 4] = ["Qualified To Buy", "Contract Sent", "Closed Won", "Closed Lost"];
const FIRST_NAMES: [&str; 8] = ["Ana", "Ben", "Chloé", "Dev", "Eitan", "Fatou", "Gus", "Hana"];

struct Deal {
    id: u64,
    contact: Option<u64>,
    /// When it entered each of `DEAL_STAGES`, if it did.
    entered: [Option<i64>; 4],
}

/// `inbound-b2b-saas-hubspot.contacts.csv` and `.deals.csv`: 600 contacts over 150 days.
pub fn inbound_hubspot() -> Vec<File> {
    let mut rng = fastrand::Rng::with_seed(2027);
    let mut contacts = Vec::new();
    let mut deals: Vec<Deal> = Vec::new();
    for n in 0..600u64 {
        let id = 51_800_000 + n * 11;
        let created = START + rng.i64(0..150 * 86_400);
        let mut entered: [Option<i64>; 6] = [None; 6];
        entered[0] = Some(created);
        let mut own_deals = Vec::new();
        for (at, _, to) in walk(CONTACT_STEPS, "Lead", created, END, &mut rng) {
            if to != DEAL {
                let stage = LIFECYCLE.iter().position(|s| *s == to).expect("a lifecycle stage");
                entered[stage] = Some(at);
                continue;
            }
            entered[4] = Some(at);
            let deal_id = 9_100_000_000 + deals.len() as u64 * 13;
            let mut stages = [Some(at), None, None, None];
            for (at, _, to) in walk(DEAL_STEPS, "Qualified To Buy", at, END, &mut rng) {
                let stage = DEAL_STAGES.iter().position(|s| *s == to).expect("a deal stage");
                stages[stage] = Some(at);
            }
            // HubSpot makes the contact a customer when its deal is won.
            entered[5] = stages[2];
            deals.push(Deal { id: deal_id, contact: Some(id), entered: stages });
            own_deals.push(deal_id);
        }
        contacts.push((id, entered, own_deals));
    }

    let mut text = String::from("Record ID,First Name,Last Name,Email,Lifecycle Stage");
    for stage in LIFECYCLE {
        text.push(',');
        text.push_str(&quoted(&format!("Date entered \"{stage} (Lifecycle Stage Pipeline)\"")));
    }
    text.push_str(",Associated Deal IDs\n");
    for (n, (id, entered, own_deals)) in contacts.iter().enumerate() {
        let first = FIRST_NAMES[n % FIRST_NAMES.len()];
        let current = (0..6).rev().find(|&s| entered[s].is_some()).map_or("", |s| LIFECYCLE[s]);
        let _ = write!(
            text,
            "{id},{first},Contact {n},{}.{n}@example.com,{current}",
            first.to_lowercase()
        );
        for at in entered {
            text.push(',');
            text.push_str(&at.map(hubspot_time).unwrap_or_default());
        }
        let ids: Vec<String> = own_deals.iter().map(u64::to_string).collect();
        let _ = writeln!(text, ",{}", quoted(&ids.join(";")));
    }
    let contacts = File { suffix: "contacts.csv", text };

    let mut text =
        String::from("Record ID,Deal Name,Deal Stage,Pipeline,Amount,Associated Contact IDs");
    for stage in DEAL_STAGES {
        text.push(',');
        text.push_str(&quoted(&format!("Date entered \"{stage} (Sales Pipeline)\"")));
    }
    text.push('\n');
    for (n, deal) in deals.iter().enumerate() {
        let current = (0..4)
            .filter(|&s| deal.entered[s].is_some())
            .max_by_key(|&s| deal.entered[s])
            .map_or("", |s| DEAL_STAGES[s]);
        let amount = 1_200 * rng.u32(5..80);
        let contact = deal.contact.map(|c| c.to_string()).unwrap_or_default();
        let _ = write!(
            text,
            "{},Company {n} - New Business,{current},Sales Pipeline,{amount},{contact}",
            deal.id
        );
        for at in deal.entered {
            text.push(',');
            text.push_str(&at.map(hubspot_time).unwrap_or_default());
        }
        text.push('\n');
    }
    vec![contacts, File { suffix: "deals.csv", text }]
}

/// HubSpot's export times: `2026-01-05 09:12`, in UTC.
fn hubspot_time(at: i64) -> String {
    time(at, "%Y-%m-%d %H:%M")
}

/// A lead: when it was created, its status changes as (when, old, new), and the opportunity
/// it became.
type Lead = (i64, Vec<(i64, &'static str, &'static str)>, Option<String>);

const UNCONVERTED_STEPS: &[Step] = &[
    step("Open - Not Contacted", "Working - Contacted", 0.70, 20.0),
    step("Working - Contacted", "Closed - Not Converted", 0.60, 200.0),
];

/// `enterprise-salesforce-asc606.LeadHistory.csv` and `.Lead.csv`: the leads that became the
/// opportunities of the sample's `OpportunityFieldHistory` (`opportunities`, its text), and
/// the leads that did not.
pub fn enterprise_salesforce(opportunities: &str) -> Vec<File> {
    let mut rng = fastrand::Rng::with_seed(6060);
    let mut leads: Vec<Lead> = Vec::new();
    for (opportunity, created) in first_stage_times(opportunities) {
        // Planted: 22% of the opportunities are opened by account executives or partners with
        // no lead behind them (handoff-skipped on Campaign response → Prospecting).
        if rng.f64() < 0.22 {
            continue;
        }
        // A lead is worked, then converted as its opportunity is created.
        let working = (2.0 * (0.5 * normal(&mut rng)).exp() * 3_600.0) as i64 + 60;
        let converting = (4.0 * (0.5 * normal(&mut rng)).exp() * 3_600.0) as i64 + 60;
        let lead_created = created - working - converting;
        let changes = vec![
            (lead_created + working, "Open - Not Contacted", "Working - Contacted"),
            (created, "Working - Contacted", "Closed - Converted"),
        ];
        leads.push((lead_created, changes, Some(opportunity)));
    }
    // Planted: about half of the leads never become an opportunity (handoff-leak); the
    // youngest are still within the 24-hour SLA (waiting).
    for _ in 0..260 {
        let created = START + rng.i64(0..180 * 86_400);
        let changes = walk(UNCONVERTED_STEPS, "Open - Not Contacted", created, END, &mut rng);
        leads.push((created, changes, None));
    }
    leads.sort_by_key(|l| l.0);

    let mut history = String::from("Id,LeadId,CreatedById,CreatedDate,Field,OldValue,NewValue\n");
    let mut export = String::from(
        "Id,Company,LeadSource,Status,IsConverted,ConvertedDate,ConvertedOpportunityId\n",
    );
    let mut row = 0;
    let mut row_id = || {
        row += 1;
        format!("0175f000{row:06}LHA")
    };
    for (n, (created, changes, opportunity)) in leads.iter().enumerate() {
        let lead = salesforce_id("00Q", n, &mut rng);
        let owner = salesforce_id("005", rng.usize(..12), &mut rng);
        let when = |at: i64| time(at, "%Y-%m-%dT%H:%M:%S.000+0000");
        // Salesforce writes a record's creation, not its first status.
        let _ = writeln!(history, "{},{lead},{owner},{},created,,", row_id(), when(*created));
        for (at, old, new) in changes {
            let _ = writeln!(
                history,
                "{},{lead},{owner},{},Status,{},{}",
                row_id(),
                when(*at),
                quoted(old),
                quoted(new)
            );
            // Other tracked fields change along the way; the reader must skip them.
            if rng.f64() < 0.3 {
                let _ =
                    writeln!(history, "{},{lead},{owner},{},Rating,Cold,Warm", row_id(), when(*at));
            }
        }
        let status = changes.last().map_or("Open - Not Contacted", |c| c.2);
        let source = ["Web", "Webinar", "Trade Show", "Purchased List"][rng.usize(..4)];
        let (converted, date) = match opportunity {
            Some(_) => ("true", time(changes.last().map_or(*created, |c| c.0), "%Y-%m-%d")),
            None => ("false", String::new()),
        };
        let _ = writeln!(
            export,
            "{lead},Company {n},{source},{},{converted},{date},{}",
            quoted(status),
            opportunity.as_deref().unwrap_or("")
        );
    }
    vec![
        File { suffix: "LeadHistory.csv", text: history },
        File { suffix: "Lead.csv", text: export },
    ]
}

/// Each opportunity of an `OpportunityFieldHistory` text with when it entered its first stage
/// (its first `StageName` row), in the file's order.
fn first_stage_times(text: &str) -> Vec<(String, i64)> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    // Id,OpportunityId,CreatedById,CreatedDate,Field,…: the first five never hold a comma.
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.splitn(6, ',').collect();
        if fields.get(4) != Some(&"StageName") || !seen.insert(fields[1].to_owned()) {
            continue;
        }
        let at = jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M:%S.000%z", fields[3])
            .and_then(|t| t.to_timestamp())
            .expect("the generator's own times");
        out.push((fields[1].to_owned(), at.as_second()));
    }
    out
}
