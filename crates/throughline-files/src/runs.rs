//! A streamed reader holds one record, tag or value at a time, and a CSV or XML parser holds
//! it whole however long it is: a 300 MB line cost 1.4 GB before its error. So the bytes pass
//! through [`RunLimit`], which stops the read once more than [`MAX_RUN`] bytes go by without a
//! place where the format ends one (a line break outside quotes, a `<` or `>`, a quote), so
//! that memory never depends on one line's length. The reader then says where.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// The most bytes one record, tag or value of a streamed input may hold.
pub const MAX_RUN: usize = 1 << 20;

/// Where a format can end a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A record ends at a line break outside double quotes (RFC 4180).
    Csv,
    /// A tag ends at `>`, text at `<`.
    Xml,
    /// A string ends at its closing quote; anything else is short or streamed.
    Json,
}

impl Shape {
    fn what(self) -> &'static str {
        match self {
            Shape::Csv => "a record (an unclosed quote, or not a table)",
            Shape::Xml => "a tag or text between tags",
            Shape::Json => "a string",
        }
    }
}

/// Where a run went past the limit: the line it started on, and what it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    pub line: u64,
    shape: Shape,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} runs on past {} MB, the limit for one: refused",
            self.shape.what(),
            MAX_RUN >> 20
        )
    }
}

/// Tells, after a read failed, whether it was stopped for a run too long, and where.
#[derive(Debug, Clone, Default)]
pub struct Tripped(Rc<Cell<Option<TooLong>>>);

impl Tripped {
    pub fn get(&self) -> Option<TooLong> {
        self.0.get()
    }
}

/// Passes bytes on, failing the read once a run is longer than [`MAX_RUN`].
#[derive(Debug)]
pub struct RunLimit<R> {
    inner: R,
    shape: Shape,
    run: usize,
    in_quotes: bool,
    line: u64,
    run_line: u64,
    tripped: Tripped,
}

impl<R: Read> RunLimit<R> {
    pub fn new(inner: R, shape: Shape) -> (Self, Tripped) {
        let tripped = Tripped::default();
        let limit = RunLimit {
            inner,
            shape,
            run: 0,
            in_quotes: false,
            line: 1,
            run_line: 1,
            tripped: tripped.clone(),
        };
        (limit, tripped)
    }

    fn ends_run(&mut self, byte: u8) -> bool {
        match self.shape {
            Shape::Csv => {
                if byte == b'"' {
                    self.in_quotes = !self.in_quotes;
                }
                byte == b'\n' && !self.in_quotes
            }
            Shape::Xml => byte == b'<' || byte == b'>',
            Shape::Json => byte == b'"',
        }
    }
}

impl<R: Read> Read for RunLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(long) = self.tripped.get() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, long.to_string()));
        }
        let n = self.inner.read(buf)?;
        for &byte in &buf[..n] {
            if byte == b'\n' {
                self.line += 1;
            }
            if self.ends_run(byte) {
                self.run = 0;
                self.run_line = self.line;
                continue;
            }
            self.run += 1;
            if self.run > MAX_RUN {
                let long = TooLong { line: self.run_line, shape: self.shape };
                self.tripped.0.set(Some(long));
                return Err(io::Error::new(io::ErrorKind::InvalidData, long.to_string()));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8], shape: Shape) -> (io::Result<Vec<u8>>, Option<TooLong>) {
        let (mut limited, tripped) = RunLimit::new(text, shape);
        let mut out = Vec::new();
        let read = limited.read_to_end(&mut out).map(|_| out);
        (read, tripped.get())
    }

    #[test]
    fn records_tags_and_strings_within_the_limit_pass_whole() {
        let long_file: Vec<u8> = b"a,b\n".repeat(MAX_RUN);
        assert_eq!(read_all(&long_file, Shape::Csv).0.unwrap(), long_file);
        let quoted = b"a,\"one\ntwo\"\n".repeat(1000);
        assert_eq!(read_all(&quoted, Shape::Csv).1, None);
    }

    #[test]
    fn a_run_past_the_limit_stops_the_read_and_says_where_it_began() {
        let mut csv = b"case,activity\n1,lead\n2,\"".to_vec();
        csv.extend(std::iter::repeat_n(b'x', MAX_RUN + 1));
        let (read, tripped) = read_all(&csv, Shape::Csv);
        assert!(read.is_err());
        let long = tripped.unwrap();
        assert_eq!(long.line, 3);
        assert_eq!(
            long.to_string(),
            "a record (an unclosed quote, or not a table) runs on past 1 MB, the limit for one: refused"
        );
        // Line breaks inside quotes do not end a record.
        let quoted: Vec<u8> =
            [&b"1,\""[..], &b"x\n".repeat(MAX_RUN / 2 + 1), &b"\"\n"[..]].concat();
        assert!(read_all(&quoted, Shape::Csv).1.is_some());
        let xml = [&b"<log><string value=\""[..], &vec![b'y'; MAX_RUN + 1]].concat();
        assert_eq!(read_all(&xml, Shape::Xml).1.map(|l| l.line), Some(1));
        let json = [&b"{\"name\": \""[..], &vec![b'z'; MAX_RUN + 1]].concat();
        assert!(read_all(&json, Shape::Json).1.is_some());
    }
}
