//! An object-centric stage history for benchmarks and the cross-check with `PM4Py`:
//! `generate_ocel LEADS OUT.jsonocel OUT-map.json` writes an OCEL 2.0 JSON log of leads, the
//! opportunities qualified leads convert into and the invoices won opportunities get (linked
//! by object–object relationships), and the map they run on. Each event names one object;
//! times grow strictly per object. Deterministic (seeded).

use std::io::{BufWriter, Write};

/// Per record kind: its stages (value, stage kind) in the order records take them.
const LEAD: &[&str] = &["New", "Working", "Qualified", "Disqualified"];
const OPPORTUNITY: &[&str] = &["Discovery", "Proposal", "Negotiation", "Won", "Lost"];
const INVOICE: &[&str] = &["Issued", "Paid"];

struct Writer<W: Write> {
    out: W,
    first: bool,
    events: u64,
}

impl<W: Write> Writer<W> {
    fn item(&mut self, text: &str) {
        if !self.first {
            self.out.write_all(b",\n").unwrap();
        }
        self.first = false;
        self.out.write_all(text.as_bytes()).unwrap();
    }

    fn event(&mut self, object: &str, value: &str, at: i64) {
        self.events += 1;
        let time = jiff::Timestamp::from_second(at).unwrap();
        let item = format!(
            "{{\"id\":\"e{}\",\"type\":\"{value}\",\"time\":\"{time}\",\"attributes\":[],\"relationships\":[{{\"objectId\":\"{object}\",\"qualifier\":\"record\"}}]}}",
            self.events
        );
        self.item(&item);
    }
}

/// Who a lead becomes: its path, and the records it leads to.
struct Lead {
    qualified: bool,
    /// Whether its opportunity went through negotiation, and was won.
    opportunity: Option<(bool, bool)>,
    paid: bool,
    at: i64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, leads, log, map] = &args[..] else {
        eprintln!("usage: generate_ocel LEADS OUT.jsonocel OUT-map.json");
        std::process::exit(2);
    };
    let leads: usize = leads.parse().expect("a number of leads");
    write_map(map);
    let mut rng = fastrand::Rng::with_seed(17);
    let start = 1_735_689_600; // 2025-01-01
    let plan: Vec<Lead> = (0..leads)
        .map(|_| {
            let qualified = rng.f64() < 0.6;
            let opportunity =
                (qualified && rng.f64() < 0.8).then(|| (rng.f64() < 0.3, rng.f64() < 0.45));
            Lead {
                qualified,
                opportunity,
                paid: rng.f64() < 0.9,
                at: start + rng.i64(0..200 * 86_400),
            }
        })
        .collect();
    let file = std::fs::File::create(log).expect("the log");
    let mut out = BufWriter::new(file);
    write!(out, "{{\"objectTypes\":[{{\"name\":\"lead\",\"attributes\":[]}},{{\"name\":\"opportunity\",\"attributes\":[]}},{{\"name\":\"invoice\",\"attributes\":[]}}],\"eventTypes\":[],\n\"objects\":[\n").unwrap();
    let mut w = Writer { out, first: true, events: 0 };
    for (i, lead) in plan.iter().enumerate() {
        w.item(&format!("{{\"id\":\"L{i}\",\"type\":\"lead\",\"attributes\":[]}}"));
        if let Some((_, won)) = lead.opportunity {
            w.item(&format!(
                "{{\"id\":\"O{i}\",\"type\":\"opportunity\",\"attributes\":[],\"relationships\":[{{\"objectId\":\"L{i}\",\"qualifier\":\"converted from\"}}]}}"
            ));
            if won {
                w.item(&format!(
                    "{{\"id\":\"I{i}\",\"type\":\"invoice\",\"attributes\":[],\"relationships\":[{{\"objectId\":\"O{i}\",\"qualifier\":\"for\"}}]}}"
                ));
            }
        }
    }
    w.out.write_all(b"\n],\n\"events\":[\n").unwrap();
    w.first = true;
    let mut rng = fastrand::Rng::with_seed(23);
    let wait = |rng: &mut fastrand::Rng| 3600 + rng.i64(0..5 * 86_400);
    for (i, lead) in plan.iter().enumerate() {
        let l = format!("L{i}");
        let mut at = lead.at;
        w.event(&l, LEAD[0], at);
        at += wait(&mut rng);
        w.event(&l, LEAD[1], at);
        at += wait(&mut rng);
        w.event(&l, if lead.qualified { LEAD[2] } else { LEAD[3] }, at);
        let Some((negotiated, won)) = lead.opportunity else { continue };
        let o = format!("O{i}");
        at += wait(&mut rng);
        w.event(&o, OPPORTUNITY[0], at);
        at += wait(&mut rng);
        w.event(&o, OPPORTUNITY[1], at);
        if negotiated {
            at += wait(&mut rng);
            w.event(&o, OPPORTUNITY[2], at);
        }
        at += wait(&mut rng);
        w.event(&o, if won { OPPORTUNITY[3] } else { OPPORTUNITY[4] }, at);
        if !won {
            continue;
        }
        let inv = format!("I{i}");
        at += wait(&mut rng);
        w.event(&inv, INVOICE[0], at);
        if lead.paid {
            at += wait(&mut rng);
            w.event(&inv, INVOICE[1], at);
        }
    }
    w.out.write_all(b"\n]}\n").unwrap();
    w.out.flush().unwrap();
    eprintln!("{} events", w.events);
}

/// The map the log runs on: one lane per record kind, each stage saying the kind it tracks.
/// Negotiation is left out of the drawn ways (records take it: an undocumented path).
fn write_map(path: &str) {
    let stage = |id: &str, team: &str, kind: &str, object: &str, value: &str| {
        serde_json::json!({"id": id, "name": value, "team": team, "kind": kind,
            "system": {"name": "CRM", "object": object, "value": value}, "owners": []})
    };
    let transition = |from: &str, to: &str| serde_json::json!({"id": format!("t-{from}-{to}"), "from": from, "to": to});
    let map = serde_json::json!({
        "format": "throughline/1",
        "name": "Leads, opportunities and invoices",
        "teams": [{"id": "mkt", "name": "Marketing"}, {"id": "sales", "name": "Sales"}, {"id": "fin", "name": "Finance"}],
        "stages": [
            stage("new", "mkt", "entry", "lead", "New"),
            stage("working", "mkt", "stage", "lead", "Working"),
            stage("qualified", "mkt", "stage", "lead", "Qualified"),
            stage("disqualified", "mkt", "exit", "lead", "Disqualified"),
            stage("discovery", "sales", "stage", "opportunity", "Discovery"),
            stage("proposal", "sales", "stage", "opportunity", "Proposal"),
            stage("negotiation", "sales", "stage", "opportunity", "Negotiation"),
            stage("won", "sales", "stage", "opportunity", "Won"),
            stage("lost", "sales", "exit", "opportunity", "Lost"),
            stage("issued", "fin", "stage", "invoice", "Issued"),
            stage("paid", "fin", "revenue", "invoice", "Paid"),
        ],
        "transitions": [
            transition("new", "working"), transition("working", "qualified"),
            transition("working", "disqualified"), transition("qualified", "discovery"),
            transition("discovery", "proposal"), transition("proposal", "won"),
            transition("proposal", "lost"), transition("won", "issued"),
            transition("issued", "paid"),
        ]
    });
    std::fs::write(path, serde_json::to_string_pretty(&map).unwrap()).expect("the map");
}
