//! JSON that can be pasted into HTML or JavaScript as it is: U+2028, U+2029 and the C1
//! controls (U+0080–U+009F) are allowed raw in JSON strings but end a line in JavaScript or
//! drive a terminal, so every JSON Throughline writes has them as `\uXXXX`. JSON's own
//! structure is ASCII: these characters can only stand inside strings, where the escape means
//! the same, so the bytes are rewritten on their way out rather than by a formatter of our own.

use std::io::{self, Write};

/// A writer that escapes those characters in the JSON text written through it.
#[derive(Debug)]
pub struct HtmlSafe<W: Write> {
    inner: W,
    /// The first bytes of a character cut between two writes.
    pending: Vec<u8>,
}

impl<W: Write> HtmlSafe<W> {
    pub fn new(inner: W) -> Self {
        HtmlSafe { inner, pending: Vec::new() }
    }

    /// The writer underneath, once every byte has been written (a character cut at the very
    /// end, which valid UTF-8 never has, is written as it is).
    pub fn into_inner(mut self) -> io::Result<W> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)?;
        Ok(self.inner)
    }

    fn escape(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut start = 0;
        let mut i = 0;
        // Only a 0xC2 or 0xE2 byte can begin one of these characters: the bytes between are
        // skipped many at a time (memchr), as findings are tens of megabytes.
        while let Some(next) = memchr::memchr2(0xC2, 0xE2, &bytes[i..]) {
            i += next;
            let escaped = match bytes[i] {
                0xC2 | 0xE2
                    if i + 1 == bytes.len() || (bytes[i] == 0xE2 && i + 2 == bytes.len()) =>
                {
                    // Cut by the end of this write: kept for the next.
                    self.inner.write_all(&bytes[start..i])?;
                    self.pending.extend_from_slice(&bytes[i..]);
                    return Ok(());
                }
                0xC2 if (0x80..=0x9F).contains(&bytes[i + 1]) => Some((2, u32::from(bytes[i + 1]))),
                0xE2 if bytes[i + 1] == 0x80 && matches!(bytes[i + 2], 0xA8 | 0xA9) => {
                    Some((3, 0x2000 + u32::from(bytes[i + 2]) - 0x80))
                }
                _ => None,
            };
            match escaped {
                Some((len, code)) => {
                    self.inner.write_all(&bytes[start..i])?;
                    write!(self.inner, "\\u{code:04x}")?;
                    i += len;
                    start = i;
                }
                None => i += 1,
            }
        }
        self.inner.write_all(&bytes[start..])
    }
}

impl<W: Write> Write for HtmlSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            self.escape(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.escape(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `text`, JSON written by `serde_json`, with those characters escaped.
pub fn html_safe(text: String) -> String {
    if !text.bytes().any(|b| b == 0xC2 || b == 0xE2) {
        return text;
    }
    let mut out = HtmlSafe::new(Vec::with_capacity(text.len() + 16));
    // Writing to memory cannot fail, and the input is UTF-8, so the output is too.
    let _ = out.write_all(text.as_bytes());
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_c1_controls_are_escaped_and_the_rest_kept() {
        let value =
            serde_json::json!({ "name": "a\u{2028}b\u{2029}c\u{85}d\u{9b}e © « é “x” → …" });
        let text = html_safe(serde_json::to_string(&value).unwrap());
        assert_eq!(text, r#"{"name":"a\u2028b\u2029c\u0085d\u009be © « é “x” → …"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn a_character_cut_between_two_writes_is_escaped_whole() {
        let text = "x\u{2028}y\u{85}z\u{a9}";
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let mut out = HtmlSafe::new(Vec::new());
            out.write_all(&bytes[..cut]).unwrap();
            out.write_all(&bytes[cut..]).unwrap();
            let written = String::from_utf8(out.into_inner().unwrap()).unwrap();
            assert_eq!(written, r"x\u2028y\u0085z©", "cut at {cut}");
        }
    }
}
