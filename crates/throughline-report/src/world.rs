//! The typst world of a report: the template, the data file, and fonts compiled into the
//! binary; for Chinese, Japanese, Korean and emoji, the system's Noto fonts, read only when a
//! report has such text. Nothing is read from the network.

use std::collections::HashMap;
use std::sync::LazyLock;
use throughline_core::style::CANVAS_STYLE;

use typst::WorldExt;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The report's design and the pictures': readable typst, changed without touching Rust. The
/// map drawing is one file both import.
const TEMPLATES: [(&str, &str); 4] = [
    ("/report.typ", include_str!("../../../assets/report/report.typ")),
    ("/history.typ", include_str!("../../../assets/report/history.typ")),
    ("/picture.typ", include_str!("../../../assets/report/picture.typ")),
    ("/map.typ", include_str!("../../../assets/report/map.typ")),
];

/// What a compilation makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Report,
    Picture,
}

/// Inter, the report's typeface, and Noto Sans for the scripts Inter lacks (Arabic and
/// Hebrew, written right to left); all under the SIL Open Font License. Teams write their
/// stage names in their own language.
pub(crate) const INTER_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.otf");
pub(crate) const INTER_SEMIBOLD: &[u8] = include_bytes!("../../../assets/fonts/Inter-SemiBold.otf");
pub(crate) const INTER_BOLD: &[u8] = include_bytes!("../../../assets/fonts/Inter-Bold.otf");
pub(crate) const NOTO_ARABIC: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf");
pub(crate) const NOTO_HEBREW: &[u8] =
    include_bytes!("../../../assets/fonts/NotoSansHebrew-Regular.ttf");
const FONT_FILES: [&[u8]; 8] = [
    INTER_REGULAR,
    include_bytes!("../../../assets/fonts/Inter-Italic.otf"),
    INTER_SEMIBOLD,
    INTER_BOLD,
    NOTO_ARABIC,
    include_bytes!("../../../assets/fonts/NotoSansArabic-Bold.ttf"),
    NOTO_HEBREW,
    include_bytes!("../../../assets/fonts/NotoSansHebrew-Bold.ttf"),
];

/// Fonts and the standard library are built once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        FONT_FILES.iter().flat_map(|bytes| Font::iter(Bytes::new(*bytes))).collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// The families read from the system when the embedded fonts lack a character: Noto Sans CJK
/// (Chinese, Japanese, Korean) and Noto Color Emoji, under the SIL Open Font License. At tens
/// of megabytes they are too large to compile in; Debian ships them as `fonts-noto-cjk` and
/// `fonts-noto-color-emoji`.
pub const SYSTEM_FAMILIES: [&str; 2] = ["Noto Sans CJK SC", "Noto Color Emoji"];

/// The embedded fonts followed by the system's fallbacks, found once per process (`fontdb`
/// reads fontconfig's folders) and only when a report needs them.
static EXTENDED: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut files: HashMap<std::path::PathBuf, Bytes> = HashMap::new();
    let mut fallbacks = Vec::new();
    for face in db.faces() {
        let wanted = face.families.iter().any(|(name, _)| SYSTEM_FAMILIES.contains(&&name[..]));
        let fontdb::Source::File(path) = &face.source else { continue };
        if !wanted {
            continue;
        }
        let bytes = if let Some(bytes) = files.get(path) {
            bytes.clone()
        } else {
            // A font that cannot be read is left out: the text shows as boxes, and the report
            // says which characters lack a font.
            let Ok(read) = std::fs::read(path) else { continue };
            files.entry(path.clone()).or_insert_with(|| Bytes::new(read)).clone()
        };
        fallbacks.extend(Font::new(bytes, face.index));
    }
    let fonts: Vec<Font> = SHARED.fonts.iter().cloned().chain(fallbacks).collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

/// Which fonts a report's text needs.
#[derive(Debug, Default)]
pub struct FontNeeds {
    /// Whether any character needs the system's fallbacks.
    pub system: bool,
    /// Characters no font at hand has (printed as boxes), a few of them.
    pub missing: Vec<char>,
}

/// The fonts `text` needs: the embedded ones, or the system's fallbacks as well.
pub fn font_needs(text: &str) -> FontNeeds {
    let covered =
        |fonts: &[Font], c: char| fonts.iter().any(|f| f.info().coverage.contains(c as u32));
    let mut seen = std::collections::HashSet::new();
    let uncovered: Vec<char> = text
        .chars()
        // Marks that join or shape others (joiners, variation selectors) need no glyph of
        // their own.
        .filter(|&c| !c.is_ascii() && !c.is_whitespace() && !c.is_control())
        .filter(|&c| !matches!(c, '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' | '\u{2060}'))
        .filter(|&c| seen.insert(c))
        .filter(|&c| !covered(&SHARED.fonts, c))
        .collect();
    if uncovered.is_empty() {
        return FontNeeds::default();
    }
    let missing = uncovered.into_iter().filter(|&c| !covered(&EXTENDED.1, c)).take(5).collect();
    FontNeeds { system: true, missing }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation: the templates, `/report.typ` or `/picture.typ` the main one, the data as
/// `/data.json` and the shared look as `/style.json`.
pub struct ReportWorld {
    main: FileId,
    sources: Vec<Source>,
    data_id: FileId,
    data: Bytes,
    /// The canvas's look (`throughline_core::style`), which the drawing's colours come from.
    style_id: FileId,
    style: Bytes,
    today: Datetime,
    /// With the system's fallback fonts as well as the embedded ones.
    extended: bool,
}

impl ReportWorld {
    pub fn new(template: Template, data_json: Vec<u8>, today: Datetime, fonts: &FontNeeds) -> Self {
        let sources: Vec<Source> = TEMPLATES
            .iter()
            .map(|(path, text)| Source::new(file_id(path), (*text).to_owned()))
            .collect();
        ReportWorld {
            main: file_id(match template {
                Template::Report => "/report.typ",
                Template::Picture => "/picture.typ",
            }),
            sources,
            data_id: file_id("/data.json"),
            data: Bytes::new(data_json),
            style_id: file_id("/style.json"),
            // Plain constants: serialising them cannot fail.
            style: Bytes::new(serde_json::to_vec(&CANVAS_STYLE).unwrap_or_default()),
            today,
            extended: fonts.system,
        }
    }
}

impl ReportWorld {
    /// Typst's errors with the template line each one points at.
    pub fn describe(&self, errors: &[SourceDiagnostic]) -> String {
        errors
            .iter()
            .map(|e| {
                let source = e.span.id().and_then(|id| self.sources.iter().find(|s| s.id() == id));
                match (source, self.range(e.span)) {
                    (Some(source), Some(range)) => {
                        let text = source.text();
                        let line = text[..range.start.min(text.len())].lines().count();
                        let name = TEMPLATES
                            .iter()
                            .find(|(path, _)| file_id(path) == source.id())
                            .map_or("template", |(path, _)| &path[1..]);
                        format!("{name} line {line}: {}", e.message)
                    }
                    _ => e.message.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        if self.extended { &EXTENDED.0 } else { &SHARED.book }
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.iter().find(|s| s.id() == id).cloned().ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.style_id {
            Ok(self.style.clone())
        } else {
            self.source(id).map(Bytes::from_string)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        if self.extended {
            EXTENDED.1.get(index).cloned()
        } else {
            SHARED.fonts.get(index).cloned()
        }
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
