//! The stage histories of the sample maps: `sample_history [FOLDER]` writes
//! `<sample>.history.csv` beside each sample (default `assets/samples`), and the histories
//! across records of two of them (`across.rs`). Each journey below is
//! how records move in reality, step by step: who goes where, how often, and how long it takes.
//! The planted patterns are marked; `assets/samples/README.md` lists them and
//! `tests/samples.rs` checks that they are found, and that the files are this script's output.
//! Seeded, so the files only change when this script does.

use std::fmt::Write as _;

mod across;

/// A step records take: from a value to another, a weight among the steps out of the same
/// value, and the median hours it takes (times are log-normal around it with spread `sigma`).
#[derive(Debug)]
struct Step {
    from: &'static str,
    to: &'static str,
    weight: f64,
    median_hours: f64,
    sigma: f64,
}

const fn step(from: &'static str, to: &'static str, weight: f64, median_hours: f64) -> Step {
    Step { from, to, weight, median_hours, sigma: 0.5 }
}

/// The format a sample's history is exported in.
#[derive(Debug, Clone, Copy)]
enum Export {
    /// `case_id,activity,timestamp`, times as `2026-01-05 09:12:00` (UTC).
    Generic,
    /// Salesforce's `OpportunityFieldHistory`: stage changes among other fields' changes.
    SalesforceFieldHistory,
    /// `PM4Py`'s column names, RFC 3339 times.
    Pm4py,
}

#[derive(Debug)]
pub struct Journey {
    /// The sample's id (its file name without `.json`).
    pub sample: &'static str,
    seed: u64,
    cases: usize,
    /// Records arrive uniformly over this many days from 2026-01-05.
    days: i64,
    /// The value records start at, and a value some of them had before (or `None`).
    entry: &'static str,
    before_entry: Option<(&'static str, f64)>,
    export: Export,
    steps: &'static [Step],
}

/// When the first record arrives, and where the log ends: six months of history after it.
const START: i64 = 1_767_571_200; // 2026-01-05T00:00:00Z
const END: i64 = START + 180 * 86_400;

pub const JOURNEYS: [Journey; 3] = [
    Journey {
        sample: "inbound-b2b-saas-hubspot",
        seed: 2026,
        cases: 600,
        days: 150,
        entry: "lead",
        // HubSpot's first lifecycle stage, which the map does not draw: reported unmatched.
        before_entry: Some(("subscriber", 0.2)),
        export: Export::Generic,
        steps: &[
            step("lead", "marketingqualifiedlead", 0.70, 72.0),
            // Planted: demo requests go straight to sales development (undocumented path).
            step("lead", "Sales accepted lead", 0.12, 6.0),
            // Planted: MQLs wait for sales development past the 24-hour SLA (sla-breach).
            Step {
                from: "marketingqualifiedlead",
                to: "Sales accepted lead",
                weight: 0.65,
                median_hours: 20.0,
                sigma: 0.6,
            },
            step("marketingqualifiedlead", "Nurture", 0.35, 10.0),
            // Planted: nurture is no dead end, leads come back (undocumented path).
            step("Nurture", "marketingqualifiedlead", 0.25, 400.0),
            step("Sales accepted lead", "Sales qualified lead", 0.70, 8.0),
            // Planted: sales development recycles into Nurture, never back to MQL as drawn
            // (an undocumented path, and SAL → MQL unused).
            step("Sales accepted lead", "Nurture", 0.30, 12.0),
            step("Sales qualified lead", "qualifiedtobuy", 1.0, 16.0),
            step("qualifiedtobuy", "contractsent", 0.55, 60.0),
            step("qualifiedtobuy", "closedlost", 0.35, 90.0),
            // Planted: click-through order forms skip the contract (undocumented path).
            step("qualifiedtobuy", "closedwon", 0.10, 48.0),
            step("contractsent", "closedwon", 0.65, 100.0),
            step("contractsent", "closedlost", 0.35, 150.0),
            step("closedwon", "open", 1.0, 24.0),
            step("open", "paid in full", 1.0, 24.0),
        ],
    },
    Journey {
        sample: "enterprise-salesforce-asc606",
        seed: 606,
        cases: 350,
        days: 150,
        entry: "Prospecting",
        before_entry: None,
        export: Export::SalesforceFieldHistory,
        steps: &[
            step("Prospecting", "Qualification", 1.0, 20.0),
            step("Qualification", "Needs Analysis", 0.50, 60.0),
            // Planted: reps skip discovery (undocumented path).
            step("Qualification", "Proposal/Price Quote", 0.25, 72.0),
            step("Qualification", "Closed Lost", 0.25, 48.0),
            step("Needs Analysis", "Proposal/Price Quote", 0.70, 100.0),
            step("Needs Analysis", "Closed Lost", 0.30, 80.0),
            // Planted: deals wait for the deal desk past the 24-hour SLA (sla-breach).
            Step {
                from: "Proposal/Price Quote",
                to: "Negotiation/Review",
                weight: 1.0,
                median_hours: 30.0,
                sigma: 0.6,
            },
            step("Negotiation/Review", "Closed Won", 0.45, 8.0),
            // A custom stage value the org added; it matches the map's stage by name.
            step("Negotiation/Review", "Legal Review", 0.35, 6.0),
            step("Negotiation/Review", "Closed Lost", 0.20, 10.0),
            // Planted: legal review ends in a signature, not in the redlines loop the map
            // draws (an undocumented path, and Legal review → Redlines unused).
            Step {
                from: "Legal Review",
                to: "Closed Won",
                weight: 1.0,
                median_hours: 60.0,
                sigma: 0.4,
            },
        ],
    },
    Journey {
        sample: "product-led-self-serve",
        seed: 42,
        cases: 800,
        days: 150,
        entry: "free",
        before_entry: None,
        export: Export::Pm4py,
        steps: &[
            step("free", "activated", 0.60, 48.0),
            step("activated", "Product qualified lead", 0.30, 100.0),
            step("activated", "Self-serve checkout", 0.25, 120.0),
            step("activated", "Dormant user", 0.45, 150.0),
            // Planted: dormant users come back (undocumented path).
            step("Dormant user", "activated", 0.15, 900.0),
            step("Product qualified lead", "Team trial", 0.60, 10.0),
            // Planted: PQLs buy on their own before sales assist reaches out (undocumented).
            step("Product qualified lead", "Self-serve checkout", 0.40, 5.0),
            step("Team trial", "active", 0.65, 8.0),
            // Planted: team trials convert through self-serve checkout (undocumented path),
            // and none goes back to PQL as drawn (Team trial → PQL unused).
            step("Team trial", "Self-serve checkout", 0.35, 12.0),
            Step {
                from: "Self-serve checkout",
                to: "active",
                weight: 0.9,
                median_hours: 0.1,
                sigma: 1.0,
            },
            // Planted: onboarding starts past its 72-hour SLA for a third (sla-breach).
            step("active", "Onboarded account", 1.0, 60.0),
            step("Onboarded account", "Expansion opportunity", 0.25, 300.0),
            step("Onboarded account", "canceled", 0.15, 400.0),
            step("Expansion opportunity", "subscription_update", 1.0, 10.0),
        ],
    },
];

/// A record's walk from `value`, entered at `at`, until it stays where it is or the log ends
/// at `end`: each move as (when, the value left, the value entered).
fn walk<'a>(
    steps: &'a [Step],
    mut value: &'a str,
    mut at: i64,
    end: i64,
    rng: &mut fastrand::Rng,
) -> Vec<(i64, &'a str, &'a str)> {
    let mut moves = Vec::new();
    loop {
        let out_of: Vec<&Step> = steps.iter().filter(|s| s.from == value).collect();
        // The weights short of 1 are the records that stay where they are.
        let stay = 1.0 - out_of.iter().map(|s| s.weight).sum::<f64>();
        let mut pick = rng.f64() - stay.max(0.0);
        if pick < 0.0 {
            return moves;
        }
        let Some(step) = out_of.iter().find(|s| {
            pick -= s.weight;
            pick < 0.0
        }) else {
            return moves;
        };
        let hours = step.median_hours * (step.sigma * normal(rng)).exp();
        at += (hours * 3_600.0) as i64 + 60;
        if at > end {
            return moves;
        }
        moves.push((at, value, step.to));
        value = step.to;
    }
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut fastrand::Rng) -> f64 {
    let (u, v) = (1.0 - rng.f64(), rng.f64());
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// An 18-character Salesforce record id with the given key prefix.
fn salesforce_id(prefix: &str, n: usize, rng: &mut fastrand::Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let tail: String = (0..6).map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char).collect();
    format!("{prefix}5f00000{n:05}{tail}")
}

fn time(seconds: i64, format: &str) -> String {
    jiff::Timestamp::from_second(seconds).expect("a time in range").strftime(format).to_string()
}

fn quoted(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

impl Journey {
    /// The history as CSV text: every record's walk from the entry value until it stops or
    /// the log ends.
    pub fn generate(&self) -> String {
        self.generate_cases(self.cases)
    }

    /// The same journey walked by `cases` records (the benchmarks' large logs).
    pub fn generate_cases(&self, cases: usize) -> String {
        let mut rng = fastrand::Rng::with_seed(self.seed);
        let mut out = String::new();
        out.push_str(match self.export {
            Export::Generic => "case_id,activity,timestamp\n",
            Export::SalesforceFieldHistory => {
                "Id,OpportunityId,CreatedById,CreatedDate,Field,OldValue,NewValue\n"
            }
            Export::Pm4py => "case:concept:name,concept:name,time:timestamp\n",
        });
        let mut row_id = 0;
        for n in 0..cases {
            let case = match self.export {
                Export::Generic => format!("{}", 51_200_000 + n * 7),
                Export::SalesforceFieldHistory => salesforce_id("006", n, &mut rng),
                Export::Pm4py => format!("acct_{n:04}"),
            };
            let owner = salesforce_id("005", rng.usize(..12), &mut rng);
            let at = START + rng.i64(0..self.days * 86_400);
            let mut rows: Vec<(i64, Option<&str>, &str)> = Vec::new();
            if let Some((value, share)) = self.before_entry
                && rng.f64() < share
            {
                rows.push((at - rng.i64(3_600..30 * 86_400), None, value));
            }
            rows.push((at, rows.last().map(|r| r.2), self.entry));
            for (at, from, to) in walk(self.steps, self.entry, at, END, &mut rng) {
                rows.push((at, Some(from), to));
            }
            for (at, old, new) in rows {
                match self.export {
                    Export::Generic => {
                        let when = time(at, "%Y-%m-%d %H:%M:%S");
                        let _ = writeln!(out, "{case},{},{when}", quoted(new));
                    }
                    Export::Pm4py => {
                        let when = time(at, "%Y-%m-%dT%H:%M:%SZ");
                        let _ = writeln!(out, "{case},{},{when}", quoted(new));
                    }
                    Export::SalesforceFieldHistory => {
                        let when = time(at, "%Y-%m-%dT%H:%M:%S.000+0000");
                        let old = old.map(quoted).unwrap_or_default();
                        row_id += 1;
                        let id = format!("0175f000{row_id:06}AAA");
                        let _ = writeln!(
                            out,
                            "{id},{case},{owner},{when},StageName,{old},{}",
                            quoted(new)
                        );
                        // Other fields change along the way; the reader must skip them.
                        if rng.f64() < 0.4 {
                            row_id += 1;
                            let id = format!("0175f000{row_id:06}AAA");
                            let amount = 5_000 * rng.u32(4..60);
                            let _ = writeln!(out, "{id},{case},{owner},{when},Amount,,{amount}");
                        }
                    }
                }
            }
        }
        out
    }
}

/// Every file the generator writes, as (file name, text): each sample's history, and the
/// inbound and enterprise samples' histories across records.
pub fn files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for journey in &JOURNEYS {
        let history = journey.generate();
        let across = match journey.sample {
            "inbound-b2b-saas-hubspot" => across::inbound_hubspot(),
            "enterprise-salesforce-asc606" => across::enterprise_salesforce(&history),
            _ => Vec::new(),
        };
        files.push((format!("{}.history.csv", journey.sample), history));
        for file in across {
            files.push((format!("{}.{}", journey.sample, file.suffix), file.text));
        }
    }
    files
}

#[allow(dead_code)] // Also compiled into the samples test, which has no use for `main`.
fn main() {
    let folder = std::env::args().nth(1).unwrap_or_else(|| "assets/samples".into());
    for (name, text) in files() {
        let path = std::path::Path::new(&folder).join(name);
        std::fs::write(&path, text).expect("the sample's history is written");
        println!("{}", path.display());
    }
}
