//! Writing many findings on two threads: a large map's second half is made into text on
//! another thread while the first is made and goes out, which halves most of the time a
//! large check spends writing.

use std::io::{self, Write};
use std::ops::Range;

/// From this many findings on, the second half is made into text on another thread.
pub(crate) const FINDINGS_ON_TWO_THREADS: usize = 10_000;

/// How many findings are made into text at a time before they go out.
const FINDINGS_AT_A_TIME: usize = 256;

/// Writes the findings `0..count`, which `lines` makes into text a range at a time.
pub fn write_in_halves(
    out: &mut (impl Write + ?Sized),
    count: usize,
    lines: impl Fn(&mut Vec<u8>, Range<usize>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let half = if count < FINDINGS_ON_TWO_THREADS { count } else { count / 2 };
    let (first, second) = throughline_core::threads::both(
        half < count,
        || -> io::Result<()> {
            let mut text = Vec::with_capacity(1 << 16);
            for range in pieces(0..half) {
                text.clear();
                lines(&mut text, range)?;
                out.write_all(&text)?;
            }
            Ok(())
        },
        // Kept a piece at a time, so that no buffer of megabytes is copied as it grows.
        || {
            pieces(half..count)
                .map(|range| {
                    let mut text = Vec::new();
                    lines(&mut text, range).map(|()| text)
                })
                .collect::<io::Result<Vec<_>>>()
        },
    );
    first?;
    second?.iter().try_for_each(|text| out.write_all(text))
}

/// `range` in pieces of [`FINDINGS_AT_A_TIME`].
fn pieces(range: Range<usize>) -> impl Iterator<Item = Range<usize>> {
    let end = range.end;
    range
        .clone()
        .step_by(FINDINGS_AT_A_TIME)
        .map(move |start| start..end.min(start + FINDINGS_AT_A_TIME))
}

#[cfg(test)]
mod tests {
    use super::{FINDINGS_ON_TWO_THREADS, write_in_halves};

    #[test]
    fn halves_write_what_one_thread_would() {
        for count in [0, 1, 255, 256, 257, FINDINGS_ON_TWO_THREADS - 1, 25_001] {
            let mut out = Vec::new();
            write_in_halves(&mut out, count, |text, range| {
                range.for_each(|i| text.extend_from_slice(format!("{i}\n").as_bytes()));
                Ok(())
            })
            .unwrap();
            let expected: Vec<String> = (0..count).map(|i| i.to_string()).collect();
            assert_eq!(String::from_utf8(out).unwrap().lines().collect::<Vec<_>>(), expected);
        }
    }
}
