//! No reader work grows the stack with the file's nesting: lanes nested a million deep read
//! like any other file (the deepest lane is the team), on a test thread's ordinary stack.

use throughline_bpmn::from_bpmn;

/// A process whose one lane holds a child lane set `depth` times over, the innermost lane
/// holding a task.
fn nested_lanes(depth: usize) -> String {
    let mut text = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
<process id="p"><laneSet id="s0">"#,
    );
    for i in 0..depth {
        text.push_str(&format!(
            r#"<lane id="l{i}" name="Lane {i}"><childLaneSet id="s{}">"#,
            i + 1
        ));
    }
    text.push_str(r#"<lane id="deepest" name="Deepest"><flowNodeRef>t</flowNodeRef></lane>"#);
    for _ in 0..depth {
        text.push_str("</childLaneSet></lane>");
    }
    text.push_str(r#"</laneSet><task id="t" name="Qualify"/></process></definitions>"#);
    text
}

#[test]
fn lanes_nested_a_million_deep_are_read_without_recursion() {
    for depth in [3, 1_000_000] {
        let map = from_bpmn(&nested_lanes(depth)).expect("reads");
        let team = &map.stages.iter().find(|s| s.id == "t").expect("the task").team;
        let name = &map.teams.iter().find(|t| &t.id == team).expect("its team").name;
        assert_eq!(name, "Deepest", "at depth {depth}");
    }
}
