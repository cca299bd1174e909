//! The leadership PDF: a typst template (`assets/report/report.typ`) fed with the map and its
//! analysis as JSON data, compiled in-process with fonts compiled into the binary.

mod data;
mod funnel;
mod legible;
mod lookup;
mod summary;
mod svg;
mod world;

use std::collections::HashMap;

use throughline_core::compare::compare;
use throughline_core::{Map, Severity, analyze, analyze_with, kept};
use throughline_layout as layout;
use typst::foundations::Datetime;
use typst_layout::PagedDocument;
use world::Template;

/// The journey's thumbnail on the first page: a share of the page's width, and a height in
/// points.
const THUMBNAIL: (f64, f64) = (0.58, 190.0);

/// Paper sizes, both landscape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// The typst paper name and the area left for the map drawing, in points: the page less
    /// its margins (72 across, 82 down) and the section's heading and key (64).
    fn layout(self) -> (&'static str, f64, f64) {
        match self {
            Paper::A4 => ("a4", 842.0 - 72.0, 595.0 - 146.0),
            Paper::Letter => ("us-letter", 792.0 - 72.0, 612.0 - 146.0),
        }
    }
}

/// What to put on the report besides the map.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub paper: Paper,
    /// Which version of the map this is (a named version, or the current map).
    pub version: Option<String>,
    /// The report's date as (year, month, day); today when `None`.
    pub date: Option<(i32, u8, u8)>,
    /// An earlier version to say what changed since: its name and its map.
    pub since: Option<(String, Map)>,
    /// The CRM's stage history kept with the map: adds how records really moved.
    pub history: Option<throughline_history::History>,
    /// The CRM's configuration held against the map: adds the drift findings.
    pub crm: Option<throughline_crm::CrmConfig>,
}

/// Why a report could not be produced. Either is a bug in the template or in this crate, not
/// in the map: every valid map has a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the report template failed: {0}")]
    Template(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the report could not be made ({0}); please report this as a bug")]
    Internal(String),
}

/// The steps of making a report, in order, for progress shown while it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStep {
    Analysing,
    Drawing,
    Typesetting,
    WritingPdf,
}

impl ReportStep {
    pub const ALL: [ReportStep; 4] = [
        ReportStep::Analysing,
        ReportStep::Drawing,
        ReportStep::Typesetting,
        ReportStep::WritingPdf,
    ];

    /// What the step does, for a person watching.
    pub fn label(self) -> &'static str {
        match self {
            ReportStep::Analysing => "Analysing the map",
            ReportStep::Drawing => "Drawing the journey",
            ReportStep::Typesetting => "Typesetting",
            ReportStep::WritingPdf => "Writing the PDF",
        }
    }
}

/// Renders the report of a map as PDF bytes.
pub fn render(map: &Map, options: &ReportOptions) -> Result<Vec<u8>, ReportError> {
    render_with_progress(map, options, &mut |_| {})
}

/// Renders the report, calling `progress` as each step begins.
pub fn render_with_progress(
    map: &Map,
    options: &ReportOptions,
    progress: &mut dyn FnMut(ReportStep),
) -> Result<Vec<u8>, ReportError> {
    progress(ReportStep::Analysing);
    // The rules on reality and the CRM's drift are findings like the map's own.
    let analysis = analyze_with(map, [kept(options.history.as_ref()), kept(options.crm.as_ref())]);
    let changes = options.since.as_ref().map(|(name, older)| (name, compare(older, map)));
    let (stages, transitions) = severities(map, &analysis);
    progress(ReportStep::Drawing);
    let (paper, width, height) = options.paper.layout();
    let drawing = layout::draw(map, &stages, &transitions, (width, height));
    let (year, month, day) = options.date.unwrap_or_else(today);
    let mut data = data::build(data::Inputs {
        map,
        analysis: &analysis,
        date: format!("{year:04}-{month:02}-{day:02}"),
        version: options.version.clone(),
        paper,
        thumbnail: layout::thumbnail(&drawing, width * THUMBNAIL.0, THUMBNAIL.1),
        map_pages: layout::paginate(&drawing, width, height),
        changes: changes.as_ref().map(|(name, c)| (name.as_str(), c)),
        history: options.history.as_ref(),
    });
    data.order_findings();
    data.summarise();
    let data = serde_json::to_value(&data).map_err(|e| ReportError::Template(e.to_string()))?;
    progress(ReportStep::Typesetting);
    let document = typeset(Template::Report, data, (year, month, day))?;
    progress(ReportStep::WritingPdf);
    let pdf =
        guarded("writing the PDF", || typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()));
    comemo::evict(0);
    let pdf = pdf?;
    pdf.map_err(|errors| {
        ReportError::Pdf(
            errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "),
        )
    })
}

/// The formats of a picture of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureFormat {
    /// Vector, with real text: for slides that scale and for the web.
    Svg,
    /// Pixels, at twice the drawing's size in points (as sharp as a projector needs), smaller
    /// only where a very large map would pass what image programs open.
    Png,
}

/// The most pixels a PNG picture has across or down.
const PNG_MOST: f64 = 16_000.0;

/// A picture of the whole map as the report draws it (every lane, card and arrow, findings
/// marked), on a white page just large enough for it.
pub fn picture(map: &Map, format: PictureFormat) -> Result<Vec<u8>, ReportError> {
    let analysis = analyze(map);
    let (stages, transitions) = severities(map, &analysis);
    let whole = (f64::INFINITY, f64::INFINITY);
    let drawing = layout::draw(map, &stages, &transitions, whole);
    let page = layout::paginate(&drawing, whole.0, whole.1)
        .into_iter()
        .next()
        .ok_or_else(|| ReportError::Internal("the map drew no page".to_owned()))?;
    match format {
        PictureFormat::Svg => {
            guarded("drawing the SVG", || svg::picture(&map.name, &page).into_bytes())
        }
        PictureFormat::Png => png(&map.name, &page),
    }
}

/// The picture as pixels, typeset by typst from the report's own drawing (`picture.typ`) on
/// a page the size of the SVG's.
fn png(title: &str, page: &layout::MapPage) -> Result<Vec<u8>, ReportError> {
    let (width, height) = svg::size(page);
    let data = serde_json::json!({
        "title": title,
        "picture": page,
        "page": { "width": width, "height": height, "margin": svg::MARGIN },
    });
    let document = typeset(Template::Picture, data, today())?;
    // One page, as large as the drawing and its key: a second would be cut off.
    let [page] = document.pages() else {
        let pages = document.pages().len();
        return Err(ReportError::Internal(format!("the picture took {pages} pages, not one")));
    };
    let size = page.frame.size();
    let pixels_per_point = (PNG_MOST / size.x.to_pt().max(size.y.to_pt())).min(2.0);
    let options = typst_render::RenderOptions {
        pixel_per_pt: pixels_per_point.into(),
        ..typst_render::RenderOptions::default()
    };
    let pixmap = guarded("drawing the PNG", || typst_render::render(page, &options))?;
    comemo::evict(0);
    pixmap.encode_png().map_err(|e| ReportError::Pdf(e.to_string()))
}

/// The worst severity of each stage's and each transition's findings, in one pass: asking
/// each finding for each stage was quadratic.
fn severities(
    map: &Map,
    analysis: &throughline_core::analysis::Analysis,
) -> (Vec<Option<Severity>>, Vec<Option<Severity>>) {
    let mut worst: HashMap<&str, Severity> = HashMap::new();
    for f in &analysis.findings {
        for id in &f.subjects {
            let w = worst.entry(id).or_insert(f.severity);
            *w = (*w).min(f.severity); // errors order first
        }
    }
    let severity = |id: &str| worst.get(id).copied();
    (
        map.stages.iter().map(|s| severity(&s.id)).collect(),
        map.transitions.iter().map(|t| severity(&t.id)).collect(),
    )
}

/// Typesets a template with its data: every string made legible, the system's fonts added
/// when the text needs them (characters no font has are named on the page as `missing_fonts`).
fn typeset(
    template: Template,
    mut data: serde_json::Value,
    (year, month, day): (i32, u8, u8),
) -> Result<PagedDocument, ReportError> {
    legible::make_legible(&mut data);
    let mut json = serde_json::to_vec(&data).map_err(|e| ReportError::Template(e.to_string()))?;
    let fonts = world::font_needs(&String::from_utf8_lossy(&json));
    if !fonts.missing.is_empty() {
        // Said on the first page rather than left as unexplained boxes.
        data["missing_fonts"] =
            fonts.missing.iter().map(|c| format!("“{c}” (U+{:04X})", *c as u32)).collect();
        json = serde_json::to_vec(&data).map_err(|e| ReportError::Template(e.to_string()))?;
    }
    let typst_date = Datetime::from_ymd(year, month, day)
        .ok_or_else(|| ReportError::Template(format!("{year}-{month}-{day} is not a date")))?;
    let world = world::ReportWorld::new(template, json, typst_date, &fonts);
    let compiled = guarded("typesetting", || typst::compile::<PagedDocument>(&world).output);
    // Typst memoises across compilations; a report is a one-off, so keep no cache around
    // (a long-running app would otherwise grow with every export).
    comemo::evict(0);
    compiled?.map_err(|errors| ReportError::Template(world.describe(&errors)))
}

/// Runs a step of the typesetting libraries, turning a panic inside them into an error: the
/// app stays up with its history intact, the command line exits with a message.
fn guarded<T>(step: &str, work: impl FnOnce() -> T) -> Result<T, ReportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_owned());
        ReportError::Internal(format!("{step} failed: {reason}"))
    })
}

/// Today's date in UTC, from the system clock.
fn today() -> (i32, u8, u8) {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_from_days(days.cast_signed())
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm; a date
/// crate would be the only reason to add one).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_names_every_step_in_order() {
        let map = throughline_core::generate::large_map(30, 40, 7);
        let mut steps = Vec::new();
        let pdf = super::render_with_progress(&map, &super::ReportOptions::default(), &mut |s| {
            steps.push(s);
        })
        .expect("renders");
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(steps, super::ReportStep::ALL);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(super::civil_from_days(20_780), (2026, 11, 23));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
    }
}
