//! The little XML writing needs: escaped text and attributes, and ids XML accepts.

use std::collections::HashSet;

/// Text content with markup characters escaped.
pub fn text(value: &str) -> String {
    escaped(value, false)
}

/// An attribute value in double quotes. Line breaks and tabs are written as character
/// references: a parser turns literal ones into spaces.
pub fn attribute(value: &str) -> String {
    escaped(value, true)
}

fn escaped(value: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match (c, in_attribute) {
            ('&', _) => out.push_str("&amp;"),
            ('<', _) => out.push_str("&lt;"),
            ('>', _) => out.push_str("&gt;"),
            ('"', true) => out.push_str("&quot;"),
            ('\n', true) => out.push_str("&#10;"),
            ('\r', true) => out.push_str("&#13;"),
            ('\t', true) => out.push_str("&#9;"),
            (c, _) => out.push(c),
        }
    }
    out
}

/// Hands out ids unique in one document that XML accepts (`xsd:ID`, an NCName): the wanted
/// id when it is one, otherwise `prefix_` and the id with other characters as `_`.
#[derive(Debug, Default)]
pub struct Ids(HashSet<String>);

impl Ids {
    pub fn claim(&mut self, wanted: &str, prefix: &str) -> String {
        let base = if is_ncname(wanted) {
            wanted.to_owned()
        } else {
            let safe: String = wanted
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' })
                .collect();
            format!("{prefix}_{safe}")
        };
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

/// An XML name without a colon, in the ASCII range (other letters are valid XML too, but
/// not every modeler's id handling is).
fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim("mql", "Stage"), "mql");
        assert_eq!(ids.claim("mql", "Stage"), "mql_2");
        assert_eq!(ids.claim("1st touch", "Stage"), "Stage_1st_touch");
        assert_eq!(ids.claim("é", "Stage"), "Stage__");
        assert_eq!(ids.claim("", "Stage"), "Stage_");
    }

    #[test]
    fn attributes_keep_line_breaks_and_quotes() {
        assert_eq!(attribute("a\n\"b\" & <c>"), "a&#10;&quot;b&quot; &amp; &lt;c&gt;");
    }
}
