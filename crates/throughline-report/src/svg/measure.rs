//! How wide text is drawn in the picture's typeface (Inter, with Noto Sans for Arabic and
//! Hebrew), from the fonts' own advance widths: an SVG has no line breaking, so the names on
//! cards are wrapped here, to the width the report gives them.

use std::sync::LazyLock;

use ttf_parser::Face;

use crate::world;

#[derive(Debug, Clone, Copy)]
pub enum Weight {
    Regular,
    SemiBold,
    Bold,
}

struct Faces {
    regular: Face<'static>,
    semibold: Face<'static>,
    bold: Face<'static>,
    /// For the scripts Inter lacks, as in the report.
    fallbacks: [Face<'static>; 2],
}

static FACES: LazyLock<Faces> = LazyLock::new(|| {
    let face = |bytes: &'static [u8]| Face::parse(bytes, 0).expect("the embedded fonts parse");
    Faces {
        regular: face(world::INTER_REGULAR),
        semibold: face(world::INTER_SEMIBOLD),
        bold: face(world::INTER_BOLD),
        fallbacks: [face(world::NOTO_ARABIC), face(world::NOTO_HEBREW)],
    }
});

/// A character none of the fonts has (Chinese, emoji) is drawn by the viewer's own font:
/// counted as a square, the widest such a glyph usually is.
const UNKNOWN: f64 = 1.0;

/// The advance of `c` in ems.
fn advance(c: char, weight: Weight) -> f64 {
    let faces = &*FACES;
    let inter = match weight {
        Weight::Regular => &faces.regular,
        Weight::SemiBold => &faces.semibold,
        Weight::Bold => &faces.bold,
    };
    std::iter::once(inter)
        .chain(&faces.fallbacks)
        .find_map(|face| {
            let glyph = face.glyph_index(c)?;
            Some(f64::from(face.glyph_hor_advance(glyph)?) / f64::from(face.units_per_em()))
        })
        .unwrap_or(UNKNOWN)
}

/// The width of `text` at `size` points, in points.
pub fn width(text: &str, weight: Weight, size: f64) -> f64 {
    text.chars().map(|c| advance(c, weight)).sum::<f64>() * size
}

/// `text` broken into lines no wider than `room` points: between words, and inside a word
/// only when the word alone is wider than a line. At most `most` lines; when the text needs
/// more, the last line shown ends in "…".
pub fn wrap(text: &str, weight: Weight, size: f64, room: f64, most: usize) -> Vec<String> {
    let em_room = room / size;
    let space = advance(' ', weight);
    let mut lines: Vec<(String, f64)> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    let mut cut = false;
    'words: for word in text.split_whitespace() {
        let word_width: f64 = word.chars().map(|c| advance(c, weight)).sum();
        let gap = if line.is_empty() { 0.0 } else { space };
        if used + gap + word_width <= em_room {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push((std::mem::take(&mut line), used));
            used = 0.0;
        }
        // A word wider than a line is broken where the line is full.
        for c in word.chars() {
            if lines.len() == most {
                cut = true;
                break 'words;
            }
            let w = advance(c, weight);
            if used + w > em_room && !line.is_empty() {
                lines.push((std::mem::take(&mut line), used));
                used = 0.0;
                if lines.len() == most {
                    cut = true;
                    break 'words;
                }
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() {
        lines.push((line, used));
    }
    if lines.len() > most {
        lines.truncate(most);
        cut = true;
    }
    if cut && let Some((last, used)) = lines.last_mut() {
        let ellipsis = advance('…', weight);
        while *used + ellipsis > em_room
            && let Some(c) = last.pop()
        {
            *used -= advance(c, weight);
        }
        last.truncate(last.trim_end().len());
        last.push('…');
    }
    lines.into_iter().map(|(text, _)| text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_letters_are_wider_and_bold_is_wider_than_regular() {
        assert!(width("MMMM", Weight::Regular, 10.0) > width("iiii", Weight::Regular, 10.0));
        assert!(width("Revenue", Weight::Bold, 10.0) > width("Revenue", Weight::Regular, 10.0));
        // Inter's "M" is about 0.86 em wide.
        let m = width("M", Weight::Regular, 10.0);
        assert!((7.0..10.0).contains(&m), "{m}");
        // Hebrew comes from Noto Sans Hebrew, not counted as unknown squares.
        assert!(width("שלום", Weight::Regular, 10.0) < 4.0 * UNKNOWN * 10.0);
    }

    #[test]
    fn wraps_between_words_within_the_room() {
        let lines =
            wrap("Marketing qualified lead accepted by sales", Weight::SemiBold, 7.0, 85.0, 3);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), "Marketing qualified lead accepted by sales");
        for line in &lines {
            assert!(width(line, Weight::SemiBold, 7.0) <= 85.0, "{line:?}");
        }
    }

    #[test]
    fn a_word_wider_than_a_line_is_broken_inside_and_too_much_text_ends_in_an_ellipsis() {
        let word = "Onboarding".repeat(10);
        let lines = wrap(&word, Weight::SemiBold, 7.0, 85.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(width(line, Weight::SemiBold, 7.0) <= 85.0 + 1e-9, "{line:?}");
        }
        assert_eq!(wrap("", Weight::Regular, 7.0, 85.0, 3), Vec::<String>::new());
        assert_eq!(wrap("Won", Weight::Regular, 7.0, 85.0, 3), vec!["Won"]);
    }
}
