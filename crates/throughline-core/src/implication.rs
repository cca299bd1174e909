//! How criteria compare: identity, sameness of sets, and implication.
//!
//! Exact by design: a gap or a conflict is reported only when the criteria say so, never
//! guessed. Structured criteria are identified by field, operator and value (numbers as
//! numbers, `in` values as sets); text-only ones by their normalised text.
//!
//! Everything here works on borrowed criteria without allocating: the analysis compares
//! criteria on every transition of maps with tens of thousands of them.

use std::cmp::Ordering;

use crate::model::{Criterion, Definition, Op, Scalar, Value};

/// Case folded, white space collapsed, trailing punctuation dropped.
pub fn normalize_text(text: &str) -> String {
    normalized_chars(text).collect()
}

/// The characters of [`normalize_text`], produced lazily.
fn normalized_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    // Trimming first is the same as trimming last: folding case makes no punctuation.
    text.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| {
            (i > 0).then_some(' ').into_iter().chain(word.chars().flat_map(char::to_lowercase))
        })
}

/// Whether two texts are the same once normalised.
pub fn same_text(a: &str, b: &str) -> bool {
    normalized_chars(a).eq(normalized_chars(b))
}

/// The structured part of a criterion: field, operator and value.
fn structured(c: &Criterion) -> Option<(&str, Op, Option<&Value>)> {
    match (&c.field, c.op) {
        (Some(field), Some(op)) => Some((field.trim(), op, c.value.as_ref())),
        _ => None,
    }
}

fn scalar_eq(a: &Scalar, b: &Scalar) -> bool {
    match (a, b) {
        // Numbers as numbers: 50 and 50.0 are one value, and so are -0 and 0.
        (Scalar::Number(x), Scalar::Number(y)) => x == y,
        (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
        (Scalar::Text(x), Scalar::Text(y)) => x == y,
        _ => false,
    }
}

fn subset(a: &[Scalar], b: &[Scalar]) -> bool {
    a.iter().all(|x| b.iter().any(|y| scalar_eq(x, y)))
}

fn values_eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(Value::Scalar(x)), Some(Value::Scalar(y))) => scalar_eq(x, y),
        // `in` values are sets: order and repetition do not matter.
        (Some(Value::List(x)), Some(Value::List(y))) => subset(x, y) && subset(y, x),
        _ => false,
    }
}

/// Whether two criteria are identical: the same field, operator and value, or, for text-only
/// criteria, the same normalised text.
pub fn identical(a: &Criterion, b: &Criterion) -> bool {
    match (structured(a), structured(b)) {
        (Some((af, aop, av)), Some((bf, bop, bv))) => af == bf && aop == bop && values_eq(av, bv),
        (None, None) => same_text(&a.text, &b.text),
        _ => false,
    }
}

/// Two criteria sets are the same when every criterion of each has an identical one in the
/// other.
pub fn same_set(a: &[Criterion], b: &[Criterion]) -> bool {
    let within =
        |x: &[Criterion], y: &[Criterion]| x.iter().all(|c| y.iter().any(|d| identical(c, d)));
    within(a, b) && within(b, a)
}

/// Whether two definitions are the same: one with criteria is identified by its criteria
/// set, one without by its normalised text.
pub fn same_definition(a: &Definition, b: &Definition) -> bool {
    same_definition_parts(&a.text, &a.criteria, &b.text, &b.criteria)
}

/// [`same_definition`] for definitions given by their parts.
pub fn same_definition_parts(a_text: &str, a: &[Criterion], b_text: &str, b: &[Criterion]) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => same_text(a_text, b_text),
        (false, false) => same_set(a, b),
        _ => false,
    }
}

/// Whether the guaranteed criteria cover the required one: one of them implies it. A
/// text-only requirement is covered only by a criterion with the same normalised text.
pub fn covers<'a>(
    guaranteed: impl IntoIterator<Item = &'a Criterion>,
    required: &Criterion,
) -> bool {
    let mut guaranteed = guaranteed.into_iter();
    let Some(required_parts) = structured(required) else {
        return guaranteed.any(|g| same_text(&g.text, &required.text));
    };
    // Each criterion taken apart once: this runs for every criterion on every transition.
    guaranteed.any(|g| structured(g).is_some_and(|g| structured_implies(g, required_parts)))
}

/// Whether criterion `g` being true guarantees criterion `r`.
pub fn implies(g: &Criterion, r: &Criterion) -> bool {
    match (structured(g), structured(r)) {
        (Some(g), Some(r)) => structured_implies(g, r),
        (None, None) => same_text(&g.text, &r.text),
        _ => false,
    }
}

/// [`implies`] for two structured criteria, given by their parts.
fn structured_implies(
    (gf, gop, gv): (&str, Op, Option<&Value>),
    (rf, rop, rv): (&str, Op, Option<&Value>),
) -> bool {
    if gf != rf {
        return false;
    }
    // Identical criteria imply each other.
    if gop == rop && values_eq(gv, rv) {
        return true;
    }
    match rop {
        Op::Exists => gop != Op::Ne,
        Op::Ge | Op::Gt => bound_implies(gop, gv, rop, rv, Bound::Lower),
        Op::Le | Op::Lt => bound_implies(gop, gv, rop, rv, Bound::Upper),
        Op::In => match (gop, gv, rv) {
            (Op::Eq, Some(Value::Scalar(v)), Some(Value::List(set))) => {
                set.iter().any(|x| scalar_eq(x, v))
            }
            (Op::In, Some(Value::List(a)), Some(Value::List(b))) => subset(a, b),
            _ => false,
        },
        Op::Ne => match (gop, gv, rv) {
            (Op::Eq, Some(Value::Scalar(v)), Some(Value::Scalar(w))) => !scalar_eq(v, w),
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
fn bound_implies(gop: Op, gv: Option<&Value>, rop: Op, rv: Option<&Value>, side: Bound) -> bool {
    let (Some(Value::Scalar(Scalar::Number(g))), Some(Value::Scalar(Scalar::Number(r)))) = (gv, rv)
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
        Bound::Lower => g.partial_cmp(r),
        Bound::Upper => r.partial_cmp(g),
    };
    match tighter {
        Some(Ordering::Greater) => true,
        Some(Ordering::Equal) => g_strict || !r_strict,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(field: &str, op: Op, n: f64) -> Criterion {
        Criterion::structured("", field, op, Some(Value::Scalar(Scalar::Number(n))))
    }

    fn set(field: &str, items: &[&str]) -> Criterion {
        let list = items.iter().map(|s| Scalar::Text((*s).to_owned())).collect();
        Criterion::structured("", field, Op::In, Some(Value::List(list)))
    }

    fn text_eq(field: &str, v: &str) -> Criterion {
        Criterion::structured("", field, Op::Eq, Some(Value::Scalar(Scalar::Text(v.into()))))
    }

    #[test]
    fn normalizes_case_space_and_trailing_punctuation() {
        assert_eq!(normalize_text("  Budget   CONFIRMED.!  "), "budget confirmed");
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
        assert!(covers(std::slice::from_ref(&eq), &set("stage", &["won", "booked"])));
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
        assert!(covers(&[set("region", &["EU"])], &set("region", &["EU", "US"])));
        assert!(!covers(&[set("region", &["EU", "APAC"])], &set("region", &["EU", "US"])));
        let exists = Criterion::structured("", "budget", Op::Exists, None);
        assert!(covers(&[num("budget", Op::Gt, 0.0)], &exists));
        assert!(covers(std::slice::from_ref(&exists), &exists));
        let ne =
            Criterion::structured("", "budget", Op::Ne, Some(Value::Scalar(Scalar::Number(0.0))));
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
        assert!(identical(&a, &b));
        assert!(same_set(&[set("r", &["a", "b"])], &[set("r", &["b", "a", "a"])]));
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
        let a = Definition { text: "Score 50+".into(), criteria: vec![num("s", Op::Ge, 50.0)] };
        let b = Definition { text: "Anything".into(), criteria: vec![num("s", Op::Ge, 50.0)] };
        let c = Definition { text: "Score 50+".into(), criteria: vec![] };
        assert!(same_definition(&a, &b));
        assert!(!same_definition(&a, &c));
        let d = Definition { text: "score 50+".into(), criteria: vec![] };
        assert!(same_definition(&c, &d));
    }
}
