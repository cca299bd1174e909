//! Map text quoted in messages: cut short, so that an error about a 2 MB value is one line a
//! person can read, and with its control characters made visible, so that a name can never
//! move a terminal's cursor, set its title or clear its screen.

use std::borrow::Cow;
use std::fmt::Write;

/// How many characters of a value a message quotes.
pub const QUOTED: usize = 80;

/// `text` cut to `max` characters, with what was cut said: `"abc… (1,204 more characters)"`.
pub fn excerpt(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let more = text[end..].chars().count();
            Cow::Owned(format!("{}… ({} more characters)", &text[..end], thousands(more)))
        }
    }
}

/// A value as a message quotes it: cut to [`QUOTED`] characters, control characters shown.
pub fn quoted(text: &str) -> String {
    visible(&excerpt(text, QUOTED)).into_owned()
}

/// `text` with every control character but newline and tab written as `\u{…}`.
pub fn visible(text: &str) -> Cow<'_, str> {
    let is_control = |c: char| c.is_control() && c != '\n' && c != '\t';
    // Control characters are ASCII's (below space, and delete) and U+0080 to U+009F, whose
    // first byte is 0xC2: text without those bytes (nearly all) has none. Counted byte by byte
    // rather than decoded, so that the check runs on many bytes at a time: `check` shows
    // tens of thousands of sentences.
    let may_control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2;
    if text.bytes().filter(|&b| may_control(b)).count() == 0 || !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_and_says_how_much() {
        assert_eq!(excerpt("short", 10), "short");
        let long = "é".repeat(5_000);
        let cut = excerpt(&long, 10);
        assert_eq!(cut, format!("{}… (4,990 more characters)", "é".repeat(10)));
    }

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible("Lead\u{1b}]0;pwned\u{7}"), "Lead\\u{1b}]0;pwned\\u{7}");
        assert_eq!(visible("two\nlines\tand tab"), "two\nlines\tand tab");
        // U+0085 (next line) and U+009B (a terminal's command introducer) are controls; the
        // other characters written with the byte 0xC2 are not.
        assert_eq!(visible("a\u{85}b\u{9b}31m"), "a\\u{85}b\\u{9b}31m");
        assert_eq!(visible("© « » \u{a0}"), "© « » \u{a0}");
        assert!(matches!(visible("Café ☕ 🚀"), Cow::Borrowed(_)));
        assert_eq!(quoted(&"x".repeat(100)), format!("{}… (20 more characters)", "x".repeat(80)));
    }
}
