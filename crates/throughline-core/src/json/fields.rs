//! How the map's types are read and written where serde's derived code is not enough: whole
//! numbers written without a fraction, criterion values read by the kind of JSON value they
//! are, and lists read at their length. The types themselves (`crate::model`) stay plain
//! data; their fields name these helpers.

/// Whole numbers are written without a fraction (`50`, not `50.0`), as people and other
/// tools write them.
pub(crate) mod whole {
    use serde::Serializer;

    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's serialize_with passes a reference
    pub fn number<S: Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
        // 2^53: beyond it an f64 no longer holds every integer exactly.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if n.fract() == 0.0 && n.abs() < EXACT {
            s.serialize_i64(*n as i64)
        } else {
            s.serialize_f64(*n)
        }
    }

    #[allow(clippy::ref_option)] // serde's serialize_with passes a reference
    pub fn option<S: Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match n {
            Some(n) => number(n, s),
            None => s.serialize_none(),
        }
    }
}

/// Criterion values read by the kind of JSON value they are. Serde's `untagged` would buffer
/// every value and try each variant in turn: a measurable share of reading a large map, with
/// an error ("did not match any variant") that does not say what is expected.
pub(crate) mod scalars {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, Error, SeqAccess, Visitor};

    use crate::model::{Scalar, Value};

    impl<'de> Deserialize<'de> for Scalar {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(ScalarVisitor)
        }
    }

    impl<'de> Deserialize<'de> for Value {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(ValueVisitor)
        }
    }

    struct ScalarVisitor;

    impl Visitor<'_> for ScalarVisitor {
        type Value = Scalar;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number, true or false, or text")
        }

        fn visit_bool<E: Error>(self, b: bool) -> Result<Scalar, E> {
            Ok(Scalar::Bool(b))
        }

        // Every number is an f64, as JSON's are; serde's own f64 reads integers the same way.
        #[allow(clippy::cast_precision_loss)]
        fn visit_i64<E: Error>(self, n: i64) -> Result<Scalar, E> {
            Ok(Scalar::Number(n as f64))
        }

        #[allow(clippy::cast_precision_loss)]
        fn visit_u64<E: Error>(self, n: u64) -> Result<Scalar, E> {
            Ok(Scalar::Number(n as f64))
        }

        fn visit_f64<E: Error>(self, n: f64) -> Result<Scalar, E> {
            Ok(Scalar::Number(n))
        }

        fn visit_str<E: Error>(self, s: &str) -> Result<Scalar, E> {
            Ok(Scalar::Text(s.to_owned()))
        }

        fn visit_string<E: Error>(self, s: String) -> Result<Scalar, E> {
            Ok(Scalar::Text(s))
        }
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number, true or false, text, or a list of them")
        }

        fn visit_bool<E: Error>(self, b: bool) -> Result<Value, E> {
            ScalarVisitor.visit_bool(b).map(Value::Scalar)
        }

        fn visit_i64<E: Error>(self, n: i64) -> Result<Value, E> {
            ScalarVisitor.visit_i64(n).map(Value::Scalar)
        }

        fn visit_u64<E: Error>(self, n: u64) -> Result<Value, E> {
            ScalarVisitor.visit_u64(n).map(Value::Scalar)
        }

        fn visit_f64<E: Error>(self, n: f64) -> Result<Value, E> {
            ScalarVisitor.visit_f64(n).map(Value::Scalar)
        }

        fn visit_str<E: Error>(self, s: &str) -> Result<Value, E> {
            ScalarVisitor.visit_str(s).map(Value::Scalar)
        }

        fn visit_string<E: Error>(self, s: String) -> Result<Value, E> {
            ScalarVisitor.visit_string(s).map(Value::Scalar)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(item) = seq.next_element::<Scalar>()? {
                items.push(item);
            }
            Ok(Value::List(items))
        }
    }
}

/// Lists inside an entity are read at the length they have. Serde's own `Vec` makes room for
/// four items at the first, as JSON does not say how long a list is, and most of these lists
/// hold one owner or one criterion: on a 20,000-stage map that spare room was a third of the
/// memory the map took, all of it cleared by the system before use.
pub(crate) mod lists {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

    pub fn exact<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(Exact(PhantomData))
    }

    struct Exact<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Exact<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            // Serde's own words for a list, so messages stay what they were.
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // An empty list takes no memory; one item takes room for one.
            let Some(first) = seq.next_element()? else { return Ok(Vec::new()) };
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0) + 1);
            items.push(first);
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }
    }
}
