//! Maps from BPMN 2.0 files, ours or any modeler's.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};
use serde::de::DeserializeOwned;
use throughline_core::model::{Criterion, Map, Stage, StageKind, Team, Transition};
use throughline_core::{excerpt, validate};

use crate::{MODEL, NAMESPACE};

mod diagram;
use diagram::{place, shapes};

/// Activities: each is one stage (a sub-process too, its inside left out).
const ACTIVITIES: [&str; 12] = [
    "task",
    "userTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "manualTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
];
const EVENTS: [&str; 5] =
    ["startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"];
/// Followed through: A → gateway → B is the transition A → B.
const GATEWAYS: [&str; 5] = [
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "complexGateway",
];
/// Words in an end event's name that make it revenue rather than an exit.
const WIN: [&str; 9] =
    ["won", "win", "revenue", "paid", "purchase", "purchased", "signed", "booked", "invoiced"];

/// Why a BPMN file could not be read as a map.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BpmnError {
    #[error("not XML: {0}")]
    NotXml(String),
    #[error(
        "not BPMN 2.0: the document is <{0}>, not <definitions> in the BPMN 2.0 model namespace \
         ({MODEL})"
    )]
    NotBpmn(String),
    #[error("the BPMN file has no process to read")]
    NoProcess,
    #[error("Throughline's data in the file is damaged, in <tl:{element}>: {message}")]
    Damaged { element: String, message: String },
    #[error("the BPMN does not make a valid map: at {path}: {message}")]
    Invalid { path: String, message: String },
}

/// One pool: a participant and its process, or a process no participant names.
struct Pool<'a, 'input> {
    id: &'a str,
    name: String,
    process: Node<'a, 'input>,
}

/// Reads a map from BPMN 2.0 XML. A file Throughline wrote reads back as the map written
/// (with names and lanes as changed in the modeler); any other is read as `docs/interchange.md`
/// says, with stages keeping their BPMN ids.
pub fn from_bpmn(text: &str) -> Result<Map, BpmnError> {
    from_bpmn_noting(text).map(|(map, _)| map)
}

/// Like [`from_bpmn`], with what the model holds that the map leaves out, in words: flows
/// from or to an id the model does not have, lanes naming nodes their process does not have.
/// The command line prints them as warnings (and refuses the file with `--strict`).
pub fn from_bpmn_noting(text: &str) -> Result<(Map, Vec<String>), BpmnError> {
    let mut notes = Vec::new();
    let doc = Document::parse(text)
        .map_err(|e| BpmnError::NotXml(throughline_core::excerpt::parser_said(e)))?;
    let root = doc.root_element();
    if !is(root, "definitions") {
        return Err(BpmnError::NotBpmn(root.tag_name().name().to_owned()));
    }
    let processes: Vec<Node> = children(root, "process").collect();
    // Every id in the model, to say which references lead nowhere.
    let ids: HashSet<&str> = root.descendants().filter_map(|n| n.attribute("id")).collect();
    let participants: Vec<Node> =
        children(root, "collaboration").flat_map(|c| children(c, "participant")).collect();
    let mut pools: Vec<Pool> = Vec::new();
    for p in &participants {
        let Some(process) = p
            .attribute("processRef")
            .and_then(|r| processes.iter().find(|n| n.attribute("id") == Some(r)))
        else {
            continue;
        };
        let name = p.attribute("name").or_else(|| process.attribute("name"));
        pools.push(Pool { id: id(*p), name: words(name.unwrap_or("")), process: *process });
    }
    for process in &processes {
        if !pools.iter().any(|p| p.process == *process) {
            let name = words(process.attribute("name").unwrap_or(""));
            pools.push(Pool { id: id(*process), name, process: *process });
        }
    }
    let first = pools.first().ok_or(BpmnError::NoProcess)?;

    let mut map: Map = match ours(first.process, "map")? {
        // Our own: the rest of the map as written, the name as the pool now has it.
        Some(rest) => Map {
            name: participants
                .first()
                .and_then(|p| p.attribute("name"))
                .map_or_else(|| first.name.clone(), str::to_owned),
            ..rest
        },
        None => Map::new(
            [first.name.as_str(), &words(root.attribute("name").unwrap_or(""))]
                .into_iter()
                .find(|n| !n.is_empty())
                .unwrap_or("Imported BPMN process"),
        ),
    };
    let shapes = shapes(root);
    let mut stage_of: HashMap<&str, usize> = HashMap::new();
    let mut gateways: HashMap<&str, Node> = HashMap::new();
    let mut flows: Vec<Node> = Vec::new();
    let mut foreign_stages: Vec<usize> = Vec::new();
    for pool in &pools {
        let mut team_of: HashMap<&str, String> = HashMap::new();
        for lane in leaf_lanes(pool.process) {
            let team = match ours::<Team>(lane, "team")? {
                Some(team) => {
                    Team { name: lane.attribute("name").unwrap_or(&team.name).to_owned(), ..team }
                }
                None => Team {
                    id: id(lane).to_owned(),
                    name: Some(words(lane.attribute("name").unwrap_or("")))
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| pool_name(pool)),
                    color: None,
                },
            };
            for node in children(lane, "flowNodeRef") {
                let named = node.text().unwrap_or("").trim();
                if !ids.contains(named) {
                    notes.push(format!(
                        "lane \"{}\" names the node \"{}\", which the model does not have: ignored",
                        excerpt::quoted(id(lane)),
                        excerpt::quoted(named)
                    ));
                }
                team_of.insert(named, team.id.clone());
            }
            map.teams.push(team);
        }
        for node in pool.process.children().filter(Node::is_element) {
            let kind = node.tag_name().name();
            if node.tag_name().namespace() != Some(MODEL) {
                continue;
            }
            if GATEWAYS.contains(&kind) {
                gateways.insert(id(node), node);
                continue;
            }
            if kind == "sequenceFlow" {
                flows.push(node);
                continue;
            }
            if !ACTIVITIES.contains(&kind) && !EVENTS.contains(&kind) {
                continue;
            }
            let team = match team_of.get(id(node)) {
                Some(team) => team.clone(),
                // A node in no lane (or a pool without lanes) is in the pool's own team.
                None => pool_team(&mut map, pool),
            };
            let stage = if let Some(stage) = ours::<Stage>(node, "stage")? {
                let name = node.attribute("name").unwrap_or(&stage.name).to_owned();
                Stage { name, team, ..stage }
            } else {
                foreign_stages.push(map.stages.len());
                foreign_stage(node, kind, team)
            };
            stage_of.insert(id(node), map.stages.len());
            map.stages.push(stage);
        }
    }
    place(&mut map, &foreign_stages, &shapes);

    let read = transitions(&map, root, &pools, &flows, &gateways, &stage_of)?;
    map.transitions = read.list;
    notes.extend(read.notes);
    // Flows whose ends the model does not have are left out, and said so.
    let known = |r: Option<&str>| r.is_some_and(|r| ids.contains(r));
    let message_flows = children(root, "collaboration").flat_map(|c| children(c, "messageFlow"));
    for flow in flows.iter().copied().chain(message_flows) {
        for end in ["sourceRef", "targetRef"] {
            if !known(flow.attribute(end)) {
                notes.push(format!(
                    "flow \"{}\" {} \"{}\", which the model does not have: left out",
                    excerpt::quoted(id(flow)),
                    if end == "sourceRef" { "starts at" } else { "ends at" },
                    excerpt::quoted(flow.attribute(end).unwrap_or(""))
                ));
            }
        }
    }

    validate::check_map(&map).map_err(|p| BpmnError::Invalid {
        path: if p.path.is_empty() { "$".to_owned() } else { p.path },
        message: p.invalid.to_string(),
    })?;
    Ok((map, notes))
}

/// The transitions: sequence flows between stages (through gateways), from each boundary
/// event's host to the event, and message flows between two stages.
fn transitions(
    map: &Map,
    root: Node,
    pools: &[Pool],
    flows: &[Node],
    gateways: &HashMap<&str, Node>,
    stage_of: &HashMap<&str, usize>,
) -> Result<Transitions, BpmnError> {
    let mut transitions = Transitions::default();
    let mut out_of: HashMap<&str, Vec<Node>> = HashMap::new();
    for flow in flows {
        out_of.entry(flow.attribute("sourceRef").unwrap_or("")).or_default().push(*flow);
    }
    for flow in flows {
        let Some(&from) = flow.attribute("sourceRef").and_then(|s| stage_of.get(s)) else {
            continue;
        };
        let target = flow.attribute("targetRef").unwrap_or("");
        if let Some(&to) = stage_of.get(target) {
            let criteria = condition(*flow, None).into_iter().collect();
            transitions.add(map, ours(*flow, "transition")?, id(*flow), from, to, criteria);
        } else if gateways.contains_key(target) {
            let reached = through_gateways(target, &out_of, gateways, stage_of);
            for (to, criteria) in &reached {
                let tid = if reached.len() == 1 {
                    id(*flow).to_owned()
                } else {
                    format!("{}-{}", id(*flow), map.stages[*to].id)
                };
                transitions.add(map, None, &tid, from, *to, criteria.clone());
            }
        }
    }
    for pool in pools {
        for event in children(pool.process, "boundaryEvent") {
            let host = event.attribute("attachedToRef").and_then(|h| stage_of.get(h));
            if let (Some(&from), Some(&to)) = (host, stage_of.get(id(event))) {
                let tid = format!("{}-{}", map.stages[from].id, map.stages[to].id);
                transitions.add(map, None, &tid, from, to, Vec::new());
            }
        }
    }
    // Message flows between two nodes are handoffs between organisations.
    for flow in children(root, "collaboration").flat_map(|c| children(c, "messageFlow")) {
        let from = flow.attribute("sourceRef").and_then(|s| stage_of.get(s));
        let to = flow.attribute("targetRef").and_then(|t| stage_of.get(t));
        if let (Some(&from), Some(&to)) = (from, to) {
            transitions.add(map, ours(flow, "transition")?, id(flow), from, to, Vec::new());
        }
    }
    Ok(transitions)
}

/// The transitions read so far, with ids unique among them: ours as written (a map may draw
/// two between the same stages), others one per pair of stages, never from a stage to itself.
#[derive(Default)]
struct Transitions {
    list: Vec<Transition>,
    pairs: HashSet<(usize, usize)>,
    ids: HashSet<String>,
    /// The ids read as another, said.
    notes: Vec<String>,
}

impl Transitions {
    fn add(
        &mut self,
        map: &Map,
        ours: Option<Transition>,
        id: &str,
        from: usize,
        to: usize,
        criteria: Vec<Criterion>,
    ) {
        let new_pair = self.pairs.insert((from, to));
        if ours.is_none() && (from == to || !new_pair) {
            return;
        }
        let (from_id, to_id) = (map.stages[from].id.clone(), map.stages[to].id.clone());
        let transition = match ours {
            Some(t) => Transition { from: from_id, to: to_id, ..t },
            None => Transition { criteria, ..Transition::new(id, from_id, to_id) },
        };
        let mut unique = transition.id.clone();
        let mut n = 2;
        while !self.ids.insert(unique.clone()) {
            unique = format!("{}-{n}", transition.id);
            n += 1;
        }
        if unique != transition.id {
            self.notes.push(format!(
                "flow \"{}\" has the id of another: read as \"{}\"",
                excerpt::quoted(&transition.id),
                excerpt::quoted(&unique)
            ));
        }
        self.list.push(Transition { id: unique, ..transition });
    }
}

/// The stages reached from `gateway` through any chain of gateways, in document order, each
/// with the conditions of the flows on the first way found to it.
fn through_gateways(
    gateway: &str,
    out_of: &HashMap<&str, Vec<Node>>,
    gateways: &HashMap<&str, Node>,
    stage_of: &HashMap<&str, usize>,
) -> Vec<(usize, Vec<Criterion>)> {
    let mut reached: Vec<(usize, Vec<Criterion>)> = Vec::new();
    let mut seen = HashSet::from([gateway.to_owned()]);
    let mut todo = vec![(gateway.to_owned(), Vec::new())];
    while let Some((g, so_far)) = todo.pop() {
        for flow in out_of.get(g.as_str()).into_iter().flatten() {
            let target = flow.attribute("targetRef").unwrap_or("");
            let mut criteria: Vec<Criterion> = so_far.clone();
            criteria.extend(condition(*flow, gateways.get(g.as_str()).copied()));
            if let Some(&stage) = stage_of.get(target) {
                if !reached.iter().any(|(s, _)| *s == stage) {
                    reached.push((stage, criteria));
                }
            } else if gateways.contains_key(target) && seen.insert(target.to_owned()) {
                todo.push((target.to_owned(), criteria));
            }
        }
    }
    reached
}

/// What a sequence flow says must be true to take it, as one criterion in words: the answer
/// it stands for ("Fits the ICP? yes", the gateway's question and the flow's name) and its
/// condition expression, with `${…}` unwrapped.
fn condition(flow: Node, gateway: Option<Node>) -> Option<Criterion> {
    let answer = words(flow.attribute("name").unwrap_or(""));
    let question = gateway.map(|g| words(g.attribute("name").unwrap_or(""))).unwrap_or_default();
    let label = match (question.as_str(), answer.as_str()) {
        (_, "") => String::new(),
        ("", answer) => answer.to_owned(),
        (question, answer) if question.ends_with('?') => format!("{question} {answer}"),
        (question, answer) => format!("{question}: {answer}"),
    };
    let expression = children(flow, "conditionExpression")
        .next()
        .map(|e| unwrap_expression(&words(e.text().unwrap_or(""))).to_owned())
        .unwrap_or_default();
    let text = match (label.is_empty(), expression.is_empty()) {
        (true, true) => return None,
        (false, true) => label,
        (true, false) => expression,
        (false, false) => format!("{label} ({expression})"),
    };
    Some(Criterion::text(text))
}

/// `${a > 1}` and `#{a > 1}` (Camunda's and Activiti's expression language) read as `a > 1`.
fn unwrap_expression(expression: &str) -> &str {
    ["${", "#{"]
        .iter()
        .find_map(|open| expression.strip_prefix(open)?.strip_suffix('}'))
        .map_or(expression, str::trim)
}

fn foreign_stage(node: Node, element: &str, team: String) -> Stage {
    let name = words(node.attribute("name").unwrap_or(""));
    let kind = match element {
        "startEvent" => StageKind::Entry,
        "endEvent" if is_win(&name) => StageKind::Revenue,
        "endEvent" => StageKind::Exit,
        _ => StageKind::Stage,
    };
    let name = if name.is_empty() {
        match element {
            "startEvent" => "Start".to_owned(),
            "endEvent" => "End".to_owned(),
            _ => id(node).to_owned(),
        }
    } else {
        name
    };
    let mut stage = Stage::new(id(node), name, team, kind);
    stage.entry = children(node, "documentation")
        .map(|d| d.text().unwrap_or("").trim().to_owned())
        .filter(|t| !t.is_empty())
        .map(Criterion::text)
        .collect();
    stage
}

fn is_win(name: &str) -> bool {
    name.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| WIN.contains(&w))
}

/// The lanes that hold nodes: every lane without lanes inside it, in document order.
fn leaf_lanes<'a, 'input>(process: Node<'a, 'input>) -> Vec<Node<'a, 'input>> {
    // Depth first in document order, on a stack of its own: lanes nest as deep as a file
    // says, and a recursive walk would overflow the thread's stack on a hostile one.
    let lanes_of = |sets: &mut dyn Iterator<Item = Node<'a, 'input>>| -> Vec<Node<'a, 'input>> {
        sets.flat_map(|set| children(set, "lane")).collect()
    };
    let mut stack = lanes_of(&mut children(process, "laneSet"));
    stack.reverse();
    let mut out = Vec::new();
    while let Some(lane) = stack.pop() {
        let inner = lanes_of(&mut children(lane, "childLaneSet"));
        if inner.is_empty() {
            out.push(lane);
        } else {
            stack.extend(inner.into_iter().rev());
        }
    }
    out
}

/// The pool's own team, added the first time a node needs it.
fn pool_team(map: &mut Map, pool: &Pool) -> String {
    if !map.teams.iter().any(|t| t.id == pool.id) {
        map.teams.push(Team { id: pool.id.to_owned(), name: pool_name(pool), color: None });
    }
    pool.id.to_owned()
}

fn pool_name(pool: &Pool) -> String {
    if pool.name.is_empty() { "Process".to_owned() } else { pool.name.clone() }
}

/// Our own data on an element: the JSON in `<tl:NAME>` under its `extensionElements`.
fn ours<T: DeserializeOwned>(node: Node, name: &str) -> Result<Option<T>, BpmnError> {
    let Some(data) = children(node, "extensionElements")
        .flat_map(|e| e.children())
        .find(|n| n.has_tag_name((NAMESPACE, name)))
    else {
        return Ok(None);
    };
    serde_json::from_str(data.text().unwrap_or("")).map(Some).map_err(|e| BpmnError::Damaged {
        element: name.to_owned(),
        message: throughline_core::excerpt::parser_said(e),
    })
}

fn is(node: Node, name: &str) -> bool {
    node.has_tag_name((MODEL, name))
}

fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |n| is(*n, name))
}

fn id<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("id").unwrap_or("")
}

/// A name as one line: modelers break long names over lines.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
