//! Small helpers that turn lists and criteria into readable English.

use crate::model::{Criterion, Scalar, Value};

/// "A", "A and B", "A, B and C".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let head: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", head.join(", "), last.as_ref())
        }
    }
}

/// "Marketing's", "Sales'".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') { format!("{name}'") } else { format!("{name}'s") }
}

/// An agreed time (an SLA) as people state one: "1 hour", "36 hours", "2 days".
pub fn agreed_hours(hours: f64) -> String {
    if hours >= 48.0 && hours % 24.0 == 0.0 {
        format!("{} days", hours / 24.0)
    } else if (hours - 1.0).abs() < f64::EPSILON {
        "1 hour".to_owned()
    } else {
        format!("{hours} hours")
    }
}

/// A criterion as people read it: its text, or `field op value` when it has none.
pub fn criterion(c: &Criterion) -> String {
    if !c.text.trim().is_empty() {
        return c.text.trim().to_owned();
    }
    match (&c.field, c.op) {
        (Some(field), Some(op)) => match &c.value {
            Some(v) => format!("{field} {} {}", op.symbol(), value(v)),
            None => format!("{field} {}", op.symbol()),
        },
        _ => String::new(),
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Scalar(s) => scalar(s),
        Value::List(items) => {
            format!("[{}]", items.iter().map(scalar).collect::<Vec<_>>().join(", "))
        }
    }
}

fn scalar(s: &Scalar) -> String {
    match s {
        Scalar::Number(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Text(t) => format!("\"{t}\""),
    }
}

/// Criteria quoted and joined: "“Score at least 50” and “Budget confirmed”".
pub fn quoted_criteria<'a>(criteria: impl IntoIterator<Item = &'a Criterion>) -> String {
    let quoted: Vec<String> = criteria.into_iter().map(|c| format!("“{}”", criterion(c))).collect();
    and_list(&quoted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Op;

    #[test]
    fn lists_read_like_english() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["A"]), "A");
        assert_eq!(and_list(&["A", "B"]), "A and B");
        assert_eq!(and_list(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn agreed_times_read_as_people_state_them() {
        let said: Vec<String> = [1.0, 0.5, 24.0, 36.0, 48.0, 720.0].map(agreed_hours).into();
        assert_eq!(said, ["1 hour", "0.5 hours", "24 hours", "36 hours", "2 days", "30 days"]);
    }

    #[test]
    fn structured_criteria_without_text_read_as_expressions() {
        let c = Criterion::structured(
            "",
            "lead.score",
            Op::Ge,
            Some(Value::Scalar(Scalar::Number(50.0))),
        );
        assert_eq!(criterion(&c), "lead.score >= 50");
        let c = Criterion::structured("", "budget", Op::Exists, None);
        assert_eq!(criterion(&c), "budget exists");
    }
}
