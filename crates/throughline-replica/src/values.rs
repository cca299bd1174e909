//! Field values between the model's JSON and Yjs's `Any`. Written by hand rather than through
//! `Any`'s serde impls so that numbers read back the way the model expects: JavaScript clients
//! write every number as a float, and `3.0` must still read as the whole number 3.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use yrs::Any;
use yrs::any::Number;

pub fn to_any(value: &Value) -> Any {
    match value {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) if i.unsigned_abs() <= (1 << 53) => Any::Number(Number::Int(i)),
            _ => Any::Number(Number::Float(n.as_f64().unwrap_or(f64::NAN))),
        },
        Value::String(s) => Any::String(Arc::from(s.as_str())),
        Value::Array(items) => Any::Array(items.iter().map(to_any).collect()),
        Value::Object(fields) => Any::Map(Arc::new(
            fields.iter().map(|(k, v)| (k.clone(), to_any(v))).collect::<HashMap<_, _>>(),
        )),
    }
}

/// The JSON of a value; `None` for what JSON cannot hold (binary, undefined, NaN), which a
/// reader treats as a value it cannot read.
pub fn to_json(any: &Any) -> Option<Value> {
    Some(match any {
        Any::Null => Value::Null,
        Any::Undefined | Any::Buffer(_) => return None,
        Any::Bool(b) => Value::Bool(*b),
        Any::Number(Number::Int(i)) => Value::from(*i),
        Any::Number(Number::Float(f)) => {
            if f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                Value::from(*f as i64)
            } else {
                Value::from(serde_json::Number::from_f64(*f)?)
            }
        }
        Any::String(s) => Value::String(s.to_string()),
        Any::Array(items) => Value::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        Any::Map(fields) => Value::Object(
            fields.iter().map(|(k, v)| Some((k.clone(), to_json(v)?))).collect::<Option<_>>()?,
        ),
    })
}

/// Whether a field already holds this value (comparing as JSON, so that 3 and 3.0 are equal
/// and a write that changes nothing is skipped).
pub fn same(current: Option<&Any>, value: &Value) -> bool {
    current.and_then(to_json).is_some_and(|c| json_eq(&c, value))
}

fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_written_as_floats_read_as_whole_numbers() {
        assert_eq!(to_json(&Any::Number(Number::Float(3.0))), Some(json!(3)));
        assert_eq!(to_json(&Any::Number(Number::Float(2.5))), Some(json!(2.5)));
        assert_eq!(to_json(&Any::Number(Number::Float(f64::NAN))), None);
    }

    #[test]
    fn values_round_trip() {
        let value = json!({"text": "a", "criteria": [{"field": "x", "op": "in", "value": [1, "b", true]}], "n": null});
        assert_eq!(to_json(&to_any(&value)), Some(value.clone()));
        assert!(same(Some(&to_any(&value)), &value));
        assert!(!same(Some(&to_any(&json!(1))), &json!(2)));
        assert!(!same(None, &json!(null)));
    }
}
