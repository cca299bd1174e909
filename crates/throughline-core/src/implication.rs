//! How criteria compare: identity, sameness of sets, and implication.
//!
//! Exact by design: a gap or a conflict is reported only when the criteria say so, never
//! guessed. Structured criteria are identified by field, operator and value (numbers as
//! numbers, `in` values as sets); text-only ones by their normalised text.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::model::{Criterion, Definition, Op, Scalar, Value};

/// Case folded, white space collapsed, trailing punctuation dropped.
pub fn normalize_text(text: &str) -> String {
    let folded = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    folded
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_owned()
}

/// A scalar as it is compared: numbers by value (`-0` is `0`), text exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScalarKey {
    Number(NumberKey),
    Bool(bool),
    Text(String),
}

/// A finite number with a total order, so keys can live in sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberKey(u64);

impl NumberKey {
    fn new(n: f64) -> Self {
        // Adding 0.0 turns -0.0 into 0.0, so both compare equal.
        NumberKey((n + 0.0).to_bits())
    }

    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl PartialOrd for NumberKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NumberKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.get().total_cmp(&other.get())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueKey {
    None,
    Scalar(ScalarKey),
    Set(BTreeSet<ScalarKey>),
}

/// What identifies a criterion.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CriterionKey {
    Text(String),
    Structured {
        field: String,
        op: Op,
        value: ValueKey,
    },
}

fn scalar_key(s: &Scalar) -> ScalarKey {
    match s {
        Scalar::Number(n) => ScalarKey::Number(NumberKey::new(*n)),
        Scalar::Bool(b) => ScalarKey::Bool(*b),
        Scalar::Text(t) => ScalarKey::Text(t.clone()),
    }
}

fn value_key(v: Option<&Value>) -> ValueKey {
    match v {
        None => ValueKey::None,
        Some(Value::Scalar(s)) => ValueKey::Scalar(scalar_key(s)),
        Some(Value::List(items)) => ValueKey::Set(items.iter().map(scalar_key).collect()),
    }
}

pub fn key(c: &Criterion) -> CriterionKey {
    match (&c.field, c.op) {
        (Some(field), Some(op)) => CriterionKey::Structured {
            field: field.trim().to_owned(),
            op,
            value: value_key(c.value.as_ref()),
        },
        _ => CriterionKey::Text(normalize_text(&c.text)),
    }
}

/// Two criteria sets are the same when every criterion of each has an identical one in the
/// other.
pub fn same_set(a: &[Criterion], b: &[Criterion]) -> bool {
    let a: BTreeSet<_> = a.iter().map(key).collect();
    let b: BTreeSet<_> = b.iter().map(key).collect();
    a == b
}

/// A definition with criteria is identified by its criteria set, one without by its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DefinitionKey {
    Criteria(BTreeSet<CriterionKey>),
    Text(String),
}

pub fn definition_key(text: &str, criteria: &[Criterion]) -> DefinitionKey {
    if criteria.is_empty() {
        DefinitionKey::Text(normalize_text(text))
    } else {
        DefinitionKey::Criteria(criteria.iter().map(key).collect())
    }
}

pub fn same_definition(a: &Definition, b: &Definition) -> bool {
    definition_key(&a.text, &a.criteria) == definition_key(&b.text, &b.criteria)
}

/// Whether the guaranteed criteria cover the required one: one of them implies it.
pub fn covers(guaranteed: &[Criterion], required: &Criterion) -> bool {
    let required_key = key(required);
    if let CriterionKey::Text(text) = &required_key {
        return guaranteed.iter().any(|g| normalize_text(&g.text) == *text);
    }
    guaranteed.iter().any(|g| implies(&key(g), &required_key))
}

/// Whether criterion `g` being true guarantees criterion `r`.
pub fn implies(g: &CriterionKey, r: &CriterionKey) -> bool {
    if g == r {
        return true;
    }
    let (
        CriterionKey::Structured {
            field: gf,
            op: gop,
            value: gv,
        },
        CriterionKey::Structured {
            field: rf,
            op: rop,
            value: rv,
        },
    ) = (g, r)
    else {
        return false;
    };
    if gf != rf {
        return false;
    }
    match rop {
        Op::Exists => *gop != Op::Ne,
        Op::Ge | Op::Gt => bound_implies(*gop, gv, *rop, rv, Bound::Lower),
        Op::Le | Op::Lt => bound_implies(*gop, gv, *rop, rv, Bound::Upper),
        Op::In => match (gop, gv, rv) {
            (Op::Eq, ValueKey::Scalar(v), ValueKey::Set(set)) => set.contains(v),
            (Op::In, ValueKey::Set(a), ValueKey::Set(b)) => a.is_subset(b),
            _ => false,
        },
        Op::Ne => match (gop, gv, rv) {
            (Op::Eq, ValueKey::Scalar(v), ValueKey::Scalar(w)) => v != w,
            _ => false,
        },
        Op::Eq => false,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    Lower,
    Upper,
}

/// `g` guarantees a bound on the field (`= v` bounds both ways); `r` requires one.
fn bound_implies(gop: Op, gv: &ValueKey, rop: Op, rv: &ValueKey, side: Bound) -> bool {
    let (ValueKey::Scalar(ScalarKey::Number(g)), ValueKey::Scalar(ScalarKey::Number(r))) = (gv, rv)
    else {
        return false;
    };
    let (g_strict, r_strict) = match side {
        Bound::Lower => match gop {
            Op::Gt => (true, rop == Op::Gt),
            Op::Ge | Op::Eq => (false, rop == Op::Gt),
            _ => return false,
        },
        Bound::Upper => match gop {
            Op::Lt => (true, rop == Op::Lt),
            Op::Le | Op::Eq => (false, rop == Op::Lt),
            _ => return false,
        },
    };
    // Facing the lower bound, a larger guaranteed value is tighter; facing the upper, smaller.
    let tighter = match side {
        Bound::Lower => g.cmp(r),
        Bound::Upper => r.cmp(g),
    };
    match tighter {
        Ordering::Greater => true,
        Ordering::Equal => g_strict || !r_strict,
        Ordering::Less => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(field: &str, op: Op, n: f64) -> Criterion {
        Criterion::structured("", field, op, Some(Value::Scalar(Scalar::Number(n))))
    }

    fn set(field: &str, items: &[&str]) -> Criterion {
        let list = items
            .iter()
            .map(|s| Scalar::Text((*s).to_owned()))
            .collect();
        Criterion::structured("", field, Op::In, Some(Value::List(list)))
    }

    fn text_eq(field: &str, v: &str) -> Criterion {
        Criterion::structured(
            "",
            field,
            Op::Eq,
            Some(Value::Scalar(Scalar::Text(v.into()))),
        )
    }

    #[test]
    fn normalizes_case_space_and_trailing_punctuation() {
        assert_eq!(
            normalize_text("  Budget   CONFIRMED.!  "),
            "budget confirmed"
        );
        assert_eq!(normalize_text("Score\tat least 50"), "score at least 50");
    }

    #[test]
    fn numeric_lower_bounds() {
        let r = num("lead.score", Op::Ge, 50.0);
        assert!(covers(&[num("lead.score", Op::Ge, 60.0)], &r));
        assert!(covers(&[num("lead.score", Op::Gt, 60.0)], &r));
        assert!(covers(&[num("lead.score", Op::Eq, 60.0)], &r));
        assert!(covers(&[num("lead.score", Op::Ge, 50.0)], &r));
        assert!(covers(&[num("lead.score", Op::Gt, 50.0)], &r));
        assert!(!covers(&[num("lead.score", Op::Ge, 40.0)], &r));
        assert!(!covers(&[num("lead.score", Op::Le, 60.0)], &r));
        assert!(!covers(&[num("other", Op::Ge, 60.0)], &r));
        let strict = num("lead.score", Op::Gt, 50.0);
        assert!(!covers(&[num("lead.score", Op::Ge, 50.0)], &strict));
        assert!(!covers(&[num("lead.score", Op::Eq, 50.0)], &strict));
        assert!(covers(&[num("lead.score", Op::Gt, 50.0)], &strict));
        assert!(covers(&[num("lead.score", Op::Ge, 50.5)], &strict));
    }

    #[test]
    fn numeric_upper_bounds() {
        let r = num("days", Op::Le, 30.0);
        assert!(covers(&[num("days", Op::Lt, 10.0)], &r));
        assert!(covers(&[num("days", Op::Eq, 30.0)], &r));
        assert!(!covers(&[num("days", Op::Le, 31.0)], &r));
        let strict = num("days", Op::Lt, 30.0);
        assert!(!covers(&[num("days", Op::Le, 30.0)], &strict));
        assert!(covers(&[num("days", Op::Lt, 30.0)], &strict));
    }

    #[test]
    fn equality_implies_membership_and_inequality() {
        let eq = text_eq("stage", "won");
        assert!(covers(
            std::slice::from_ref(&eq),
            &set("stage", &["won", "booked"])
        ));
        assert!(!covers(std::slice::from_ref(&eq), &set("stage", &["lost"])));
        assert!(covers(std::slice::from_ref(&eq), &text_eq("stage", "won")));
        let ne_lost = Criterion::structured(
            "",
            "stage",
            Op::Ne,
            Some(Value::Scalar(Scalar::Text("lost".into()))),
        );
        assert!(covers(std::slice::from_ref(&eq), &ne_lost));
        let ne_won = Criterion::structured(
            "",
            "stage",
            Op::Ne,
            Some(Value::Scalar(Scalar::Text("won".into()))),
        );
        assert!(!covers(&[eq], &ne_won));
    }

    #[test]
    fn subsets_and_exists() {
        assert!(covers(
            &[set("region", &["EU"])],
            &set("region", &["EU", "US"])
        ));
        assert!(!covers(
            &[set("region", &["EU", "APAC"])],
            &set("region", &["EU", "US"])
        ));
        let exists = Criterion::structured("", "budget", Op::Exists, None);
        assert!(covers(&[num("budget", Op::Gt, 0.0)], &exists));
        assert!(covers(std::slice::from_ref(&exists), &exists));
        let ne = Criterion::structured(
            "",
            "budget",
            Op::Ne,
            Some(Value::Scalar(Scalar::Number(0.0))),
        );
        assert!(!covers(&[ne], &exists));
    }

    #[test]
    fn numbers_compare_as_numbers_and_sets_as_sets() {
        let a = num("x", Op::Eq, 50.0);
        let b = Criterion::structured(
            "x equals fifty",
            "x",
            Op::Eq,
            Some(Value::Scalar(Scalar::Number(5e1))),
        );
        assert_eq!(key(&a), key(&b));
        assert!(same_set(
            &[set("r", &["a", "b"])],
            &[set("r", &["b", "a", "a"])]
        ));
        assert!(!same_set(&[set("r", &["a"])], &[set("r", &["a", "b"])]));
    }

    #[test]
    fn text_requirements_need_the_same_text() {
        let r = Criterion::text("Budget confirmed");
        assert!(covers(&[Criterion::text("budget  confirmed.")], &r));
        assert!(!covers(&[Criterion::text("Budget discussed")], &r));
        let structured_with_text =
            Criterion::structured("Budget confirmed", "budget", Op::Exists, None);
        assert!(covers(&[structured_with_text], &r));
        // A text-only guarantee never covers a structured requirement.
        assert!(!covers(
            &[Criterion::text("lead score at least 60")],
            &num("lead.score", Op::Ge, 50.0)
        ));
    }

    #[test]
    fn definitions_compare_by_criteria_when_they_have_them() {
        let a = Definition {
            text: "Score 50+".into(),
            criteria: vec![num("s", Op::Ge, 50.0)],
        };
        let b = Definition {
            text: "Anything".into(),
            criteria: vec![num("s", Op::Ge, 50.0)],
        };
        let c = Definition {
            text: "Score 50+".into(),
            criteria: vec![],
        };
        assert!(same_definition(&a, &b));
        assert!(!same_definition(&a, &c));
        let d = Definition {
            text: "score 50+".into(),
            criteria: vec![],
        };
        assert!(same_definition(&c, &d));
    }
}
