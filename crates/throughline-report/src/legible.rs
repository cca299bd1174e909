//! Text as the page can hold it. Map text is data: a 32,768-character name, a 3,000-character
//! word or a 120,000-character title must make a readable report, not a panic in the PDF
//! library, a line running off the page or a layout whose cost grows with the square of a
//! line. Every string handed to the template is cut to a length a page can show (saying how
//! much was cut) and long words get break opportunities.

use serde_json::Value;
use throughline_core::excerpt::excerpt;

/// The most characters of one text the report prints (names, criteria, messages).
const LONGEST_TEXT: usize = 600;
/// The most characters of the map's description, the cover's one paragraph of prose.
const LONGEST_DESCRIPTION: usize = 2_000;
/// The most characters of the map's name, which heads the cover and every page's footer.
const LONGEST_TITLE: usize = 120;
/// A word longer than this may break after every `WORD_PIECE` characters.
const LONGEST_WORD: usize = 40;
const WORD_PIECE: usize = 24;

/// Makes every string in the template's data legible (see the module's documentation).
pub fn make_legible(data: &mut Value) {
    legible_within(data, LONGEST_TEXT);
}

fn legible_within(data: &mut Value, longest: usize) {
    match data {
        Value::String(text) => {
            if let Some(fixed) = legible(text, longest) {
                *text = fixed;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| legible_within(item, longest)),
        Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                let longest = match key.as_str() {
                    "title" => LONGEST_TITLE,
                    "description" => LONGEST_DESCRIPTION,
                    _ => longest,
                };
                legible_within(value, longest);
            }
        }
        _ => {}
    }
}

/// The text cut and with long words breakable; `None` when it is fine as it is.
fn legible(text: &str, longest: usize) -> Option<String> {
    let cut = excerpt(text, longest);
    let long_word = cut.split_whitespace().any(|w| w.chars().count() > LONGEST_WORD);
    if !long_word {
        return matches!(cut, std::borrow::Cow::Owned(_)).then(|| cut.into_owned());
    }
    let mut out = String::with_capacity(cut.len() + cut.len() / WORD_PIECE * 3);
    let mut run = 0usize;
    for c in cut.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            if run > 0 && run.is_multiple_of(WORD_PIECE) {
                out.push('\u{200B}'); // a zero-width space: a place to break, nothing shown
            }
            run += 1;
        }
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_and_long_words_can_break() {
        let mut data = serde_json::json!({
            "title": "é".repeat(32_768),
            "rows": [{ "word": "x".repeat(100), "short": "Lead" }],
        });
        make_legible(&mut data);
        let title = data["title"].as_str().unwrap().replace('\u{200B}', "");
        assert!(title.chars().count() < LONGEST_TITLE + 40, "{}", title.len());
        assert!(title.ends_with("(32,648 more characters)"), "{title}");
        let word = data["rows"][0]["word"].as_str().unwrap();
        assert_eq!(word.replace('\u{200B}', ""), "x".repeat(100));
        assert_eq!(word.matches('\u{200B}').count(), 4);
        assert_eq!(data["rows"][0]["short"], "Lead");
    }

    #[test]
    fn a_description_of_a_long_paragraph_stays_whole() {
        let paragraph = "An inbound funnel with deliberate problems. ".repeat(16);
        let mut data = serde_json::json!({ "description": paragraph.clone() });
        make_legible(&mut data);
        assert_eq!(data["description"], paragraph.as_str());
    }
}
