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

/// What a parser (XML, JSON, SQLite) said, as a message quotes it: parsers echo the input they
/// stumbled on, whole, so their words are cut like a value.
pub fn parser_said(message: impl std::fmt::Display) -> String {
    visible(&excerpt(&message.to_string(), 2 * QUOTED)).into_owned()
}

/// `text` with every character that could drive a terminal or reorder what it shows written as
/// `\u{…}`: control characters but newline and tab, bidirectional controls (U+202A–202E,
/// U+2066–2069, which reverse what follows them on the line) and the line and paragraph
/// separators U+2028 and U+2029. Text as data: it stays as it is in files.
pub fn visible(text: &str) -> Cow<'_, str> {
    shown(text, |c| c == '\n' || c == '\t')
}

/// Like [`visible`], for text that must stay on one line (a header, a name in a list, a
/// finding): line breaks and tabs are written as `\u{…}` too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    shown(text, |_| false)
}

fn shown(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'))
            && !keep(c)
    };
    // Such characters are ASCII's controls, U+0080 to U+009F (first byte 0xC2) and a few
    // whose first byte is 0xE2: text without those bytes (nearly all of it) has none, which
    // is checked many bytes at a time before any character is decoded.
    let may_hide = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2;
    if text.bytes().filter(|&b| may_hide(b)).count() == 0 || !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
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

    #[test]
    fn bidirectional_controls_and_separators_are_made_visible_and_lines_kept_in_one_line() {
        assert_eq!(visible("invoice\u{202e}fdp.exe"), "invoice\\u{202e}fdp.exe");
        assert_eq!(visible("a\u{2066}b\u{2069}c"), "a\\u{2066}b\\u{2069}c");
        assert_eq!(visible("one\u{2028}two\u{2029}"), "one\\u{2028}two\\u{2029}");
        // Curly quotes, dashes and arrows share the first byte and stay as they are.
        assert!(matches!(visible("“Won” – A → B …"), Cow::Borrowed(_)));
        assert_eq!(
            one_line("Inbound\nlead\r\tto revenue"),
            "Inbound\\u{a}lead\\u{d}\\u{9}to revenue"
        );
        assert!(matches!(one_line("Inbound lead to revenue"), Cow::Borrowed(_)));
    }
}
