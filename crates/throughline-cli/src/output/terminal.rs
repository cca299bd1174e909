//! What goes to stdout: text for people, styled on a terminal and plain in a pipe or a file;
//! JSON for tools, straight.

use std::io::{BufWriter, Write};

use anstream::ColorChoice;
use anstyle::{AnsiColor, Style};
use throughline_core::Severity;
use throughline_core::json::HtmlSafe;

/// The styles text is rendered in. Where stdout takes no colour every style is empty, so text
/// for a pipe or a file is rendered plain, not styled and then stripped again by anstream
/// (which reads every byte of it).
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub bold: Style,
    pub dim: Style,
    colour: bool,
}

impl Palette {
    /// For stdout, by anstream's rules: a terminal, `NO_COLOR`, `CLICOLOR_FORCE`.
    pub fn for_stdout() -> Self {
        Self::new(anstream::stdout().current_choice() != ColorChoice::Never)
    }

    pub(crate) fn new(colour: bool) -> Self {
        let mut palette = Palette { bold: Style::new(), dim: Style::new(), colour };
        palette.bold = palette.paint(Style::new().bold());
        palette.dim = palette.paint(Style::new().dimmed());
        palette
    }

    /// `style` where there is colour, else no style.
    pub fn paint(self, style: Style) -> Style {
        if self.colour { style } else { Style::new() }
    }

    /// A severity's colour and mark.
    pub fn severity(self, severity: Severity) -> (Style, &'static str) {
        let (colour, mark) = match severity {
            Severity::Error => (AnsiColor::Red, "✖"),
            Severity::Warning => (AnsiColor::Yellow, "▲"),
            Severity::Info => (AnsiColor::Blue, "●"),
        };
        (self.paint(colour.on_default().bold()), mark)
    }

    /// Writes text rendered in this palette to stdout. A closed pipe (`| head`) is not an
    /// error worth reporting.
    pub fn print(self, text: &str) {
        let _ = self.write_stdout(|out| out.write_all(text.as_bytes()));
    }

    /// Gives `write` stdout, buffered: through anstream where there is colour (it knows the
    /// terminal), straight otherwise.
    pub fn write_stdout(
        self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut out: BufWriter<Box<dyn Write>> = BufWriter::with_capacity(
            1 << 16,
            if self.colour {
                Box::new(anstream::stdout().lock())
            } else {
                Box::new(std::io::stdout().lock())
            },
        );
        write(&mut out)?;
        out.flush()
    }
}

/// Machine output straight into a buffered stdout, pretty-printed: JSON has no styles for
/// anstream to strip. Safe to paste into HTML and JavaScript (`HtmlSafe`).
pub fn write_json(document: &impl serde::Serialize) -> std::io::Result<()> {
    let mut out = json_stdout();
    serde_json::to_writer_pretty(&mut out, document)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Stdout for JSON, buffered, with the characters HTML and JavaScript do not take raw
/// escaped.
pub fn json_stdout() -> HtmlSafe<BufWriter<std::io::StdoutLock<'static>>> {
    HtmlSafe::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_nothing_is_styled() {
        let plain = Palette::new(false);
        let (colour, mark) = plain.severity(Severity::Error);
        let text = format!("{0}x{0:#}{1}y{1:#}{2}{mark}{2:#}", plain.bold, plain.dim, colour);
        assert_eq!(text, "xy✖");
        let styled = Palette::new(true);
        assert!(format!("{0}x{0:#}", styled.bold).contains('\u{1b}'));
    }
}
