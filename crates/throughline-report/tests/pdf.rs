//! The PDF as leadership gets it, checked with poppler's tools: real text, embedded fonts,
//! vector drawings, no blank pages, the title in the metadata, and the chosen paper.

use std::path::{Path, PathBuf};
use std::process::Command;

use throughline_core::{Map, analyze, json};
use throughline_report::{Paper, ReportOptions, render};

const SAMPLES: [&str; 3] =
    ["inbound-b2b-saas-hubspot", "enterprise-salesforce-asc606", "product-led-self-serve"];

fn sample(name: &str) -> Map {
    json::from_str(&throughline_tests::sample_text(name)).unwrap()
}

/// A report on A4 of that date, with nothing besides the map.
fn dated(year: i32, month: u8, day: u8) -> ReportOptions {
    ReportOptions { date: Some((year, month, day)), ..ReportOptions::default() }
}

fn write_report(dir: &Path, name: &str, map: &Map, paper: Paper) -> PathBuf {
    let options =
        ReportOptions { paper, version: Some("Current map".into()), ..dated(2026, 11, 23) };
    let pdf = render(map, &options).expect("the report renders");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// Runs a poppler tool; they come from Debian's poppler-utils, which scripts/test installs.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_stage_owner_and_finding_is_searchable_text() {
    let dir = tempfile::tempdir().unwrap();
    for name in SAMPLES {
        let map = sample(name);
        let pdf = write_report(dir.path(), name, &map, Paper::A4);
        let text = squash(&poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]));
        for stage in &map.stages {
            assert!(
                text.contains(&squash(&stage.name)),
                "{name}: stage {:?} is not in the text",
                stage.name
            );
        }
        let owners = map
            .stages
            .iter()
            .flat_map(|s| &s.owners)
            .chain(map.transitions.iter().flat_map(|t| &t.owners))
            .chain(map.terms.iter().flat_map(|t| &t.owners));
        for id in owners {
            let person = &map.person(id).unwrap().name;
            assert!(text.contains(&squash(person)), "{name}: owner {person:?} is not in the text");
        }
        let analysis = analyze(&map);
        assert!(!analysis.findings.is_empty());
        for finding in &analysis.findings {
            assert!(
                text.contains(&squash(&finding.message)),
                "{name}: finding {:?} is not in the text",
                finding.message
            );
            assert!(text.contains(&squash(&finding.fix)), "{name}: fix {:?} missing", finding.fix);
        }
        for waived in &analysis.waived {
            assert!(text.contains(&squash(&waived.reason)), "{name}: waiver reason missing");
        }
    }
}

#[test]
fn fonts_are_embedded_and_drawings_are_vectors() {
    let dir = tempfile::tempdir().unwrap();
    for name in SAMPLES {
        let pdf = write_report(dir.path(), name, &sample(name), Paper::A4);
        let pdf = pdf.to_str().unwrap();
        let fonts = poppler("pdffonts", &[pdf]);
        let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
        assert!(!rows.is_empty(), "{name}: no fonts listed");
        for row in rows {
            let fields: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni object-id generation
            assert_eq!(fields[fields.len() - 5], "yes", "{name}: a font is not embedded: {row}");
        }
        let images = poppler("pdfimages", &["-list", pdf]);
        assert_eq!(images.lines().count(), 2, "{name}: the report has raster images:\n{images}");
    }
}

/// The share of dark pixels in a page rendered as a greyscale PGM, within a horizontal band
/// given as fractions of the height.
fn ink_between(pgm: &[u8], top: f64, bottom: f64) -> f64 {
    // Header: "P5\n<width> <height>\n255\n", then one byte per pixel.
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in pgm.iter().enumerate() {
        if b.is_ascii_whitespace() && i > 0 && !pgm[i - 1].is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    let pixels = &pgm[start..];
    let band =
        &pixels[(pixels.len() as f64 * top) as usize..(pixels.len() as f64 * bottom) as usize];
    band.iter().filter(|&&p| p < 200).count() as f64 / band.len() as f64
}

fn ink(pgm: &[u8]) -> f64 {
    ink_between(pgm, 0.0, 1.0)
}

/// How far down a page its content reaches, as a share of the height above the footer (the
/// bottom 46 pt of 595): the lowest band of 1% with ink in it.
fn filled(pgm: &[u8]) -> f64 {
    let above_footer = 1.0 - 46.0 / 595.0;
    let band = above_footer / 100.0;
    (0..100)
        .rev()
        .map(|k| f64::from(k) * band)
        .find(|&top| ink_between(pgm, top, top + band) > 0.0005)
        .map_or(0.0, |top| (top + band) / above_footer)
}

/// Each page of `pdf` as a 30 dpi grey image (PGM bytes), drawn by poppler in `work`.
fn page_images(pdf: &Path, work: &Path) -> Vec<Vec<u8>> {
    let prefix = work.join("page");
    poppler("pdftoppm", &["-gray", "-r", "30", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(work)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|page| {
            let pgm = std::fs::read(page).unwrap();
            std::fs::remove_file(page).unwrap();
            pgm
        })
        .collect()
}

/// Every page but the last at least a quarter filled.
fn assert_no_page_mostly_empty(pdf: &Path, work: &Path) {
    let pages = page_images(pdf, work);
    let last = pages.len();
    for (i, pgm) in pages.iter().enumerate() {
        let share = filled(pgm);
        assert!(
            i + 1 == last || share >= 0.25,
            "{}: page {} of {last} is {:.0}% filled",
            pdf.display(),
            i + 1,
            share * 100.0
        );
    }
}

fn assert_no_blank_page(pdf: &Path, work: &Path) {
    let pages = page_images(pdf, work);
    assert!(pages.len() >= 5, "summary, journey, findings, ownership, glossary");
    for (i, pgm) in pages.iter().enumerate() {
        let share = ink(pgm);
        assert!(share > 0.002, "{}: page {} looks blank ({share})", pdf.display(), i + 1);
        // A map page has its drawing in the middle, not just a heading.
        let number = (i + 1).to_string();
        let text =
            poppler("pdftotext", &["-f", &number, "-l", &number, pdf.to_str().unwrap(), "-"]);
        if text.contains("The journey") {
            let middle = ink_between(pgm, 0.3, 0.8);
            assert!(
                middle > 0.001,
                "{}: map page {} has no drawing ({middle})",
                pdf.display(),
                i + 1
            );
        }
    }
}

#[test]
fn no_page_is_blank() {
    let dir = tempfile::tempdir().unwrap();
    for name in SAMPLES {
        for (paper, positions) in [(Paper::A4, true), (Paper::Letter, true), (Paper::A4, false)] {
            let mut map = sample(name);
            if !positions {
                map.stages.iter_mut().for_each(|s| s.position = None);
            }
            let pdf = write_report(dir.path(), name, &map, paper);
            assert_no_blank_page(&pdf, dir.path());
        }
    }
}

#[test]
fn title_metadata_and_paper_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let map = sample(SAMPLES[1]);
    let a4 = write_report(dir.path(), "a4", &map, Paper::A4);
    let info = poppler("pdfinfo", &[a4.to_str().unwrap()]);
    assert!(info.contains(&format!("Title:           {}", map.name)), "{info}");
    assert!(info.contains("Page size:       841.89 x 595.276 pts (A4)"), "A4 landscape: {info}");
    let letter = write_report(dir.path(), "letter", &map, Paper::Letter);
    let info = poppler("pdfinfo", &[letter.to_str().unwrap()]);
    assert!(info.contains("Page size:       792 x 612 pts (letter)"), "Letter landscape: {info}");
    // The map name and page numbers in every footer.
    let text = poppler("pdftotext", &["-raw", a4.to_str().unwrap(), "-"]);
    let pages: usize =
        info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert_eq!(text.matches(&format!("Page {pages} of {pages}")).count(), 1);
    assert!(text.matches(map.name.as_str()).count() >= pages);
}

#[test]
fn a_large_map_splits_into_legible_pages() {
    let dir = tempfile::tempdir().unwrap();
    let map = throughline_core::generate::large_map(300, 450, 5);
    let pdf = write_report(dir.path(), "large", &map, Paper::A4);
    let text = squash(&poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]));
    assert!(text.contains("The journey, part 2 of"), "the map is split across pages");
    assert!(text.contains("Stage 299"));
}

#[test]
fn maps_without_positions_or_stages_still_make_a_report() {
    let dir = tempfile::tempdir().unwrap();
    // Without positions: the automatic layered layout.
    let mut map = sample(SAMPLES[2]);
    for s in &mut map.stages {
        s.position = None;
    }
    let pdf = write_report(dir.path(), "auto", &map, Paper::A4);
    let text = squash(&poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]));
    assert!(text.contains("Expansion opportunity"));

    // A brand-new, empty map.
    let empty = Map::new("Empty journey");
    let pdf = write_report(dir.path(), "empty", &empty, Paper::Letter);
    let text = squash(&poppler("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]));
    assert!(text.contains("Empty journey"));
    assert!(text.contains("The journey does not reach revenue yet"), "{text}");
}

#[test]
fn huge_names_and_words_make_a_readable_report_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut map = sample("inbound-b2b-saas-hubspot");
    map.name = format!("Pipeline {}", "title ".repeat(5_000));
    map.stages[0].name = "é".repeat(32_768);
    map.stages[1].name = format!("Qualified {}", "w".repeat(3_000));
    map.description = Some("d".repeat(1_000_000));
    let started = std::time::Instant::now();
    let pdf = write_report(dir.path(), "huge", &map, Paper::A4);
    let took = started.elapsed();
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("more characters"), "the cut is said");
    assert!(text.contains("Pipeline title"));
    // The long word is broken across lines, never run off the page: no line holds it whole.
    assert!(text.lines().all(|line| line.chars().count() < 400), "a line runs off the page");
    assert!(took.as_secs() < 60, "took {took:?}");
    assert_no_blank_page(&pdf, dir.path());
}

#[test]
fn a_map_too_long_to_read_is_summarised_not_printed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let map = throughline_core::generate::large_map(2_000, 2_600, 11);
    let pdf = write_report(dir.path(), "long", &map, Paper::A4);
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    // At most 12 pages of journey and 300 rows a table, however long the map.
    assert!(pages <= 100, "{pages} pages");
    let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    for what in ["more stages, not printed", "more handoffs, not printed"] {
        assert!(text.contains(what), "no note of {what:?}");
    }
}

#[test]
fn arabic_and_hebrew_names_are_drawn_with_embedded_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let mut map = sample("inbound-b2b-saas-hubspot");
    map.stages[0].name = "مرحلة التأهيل".into();
    map.stages[1].name = "שלב ההסמכה".into();
    let pdf = write_report(dir.path(), "scripts", &map, Paper::A4);
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    for family in ["NotoSansArabic", "NotoSansHebrew"] {
        assert!(fonts.contains(family), "{family} is not embedded:\n{fonts}");
    }
    // Real text, in reading order: poppler gives back the words as written.
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("التأهيل") || text.contains("مرحلة"), "no Arabic text");
    assert!(text.contains("ההסמכה") || text.contains("שלב"), "no Hebrew text");
}

#[test]
fn chinese_japanese_korean_and_emoji_names_use_the_systems_noto_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let mut map = sample("inbound-b2b-saas-hubspot");
    map.stages[0].name = "销售线索".into();
    map.stages[1].name = "見込み客".into();
    map.stages[2].name = "잠재 고객".into();
    map.stages[3].name = "Launch 🚀".into();
    let pdf = write_report(dir.path(), "cjk", &map, Paper::A4);
    let fonts = poppler("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("NotoSansCJKsc"), "Noto Sans CJK is not embedded:\n{fonts}");
    // Colour emoji are pictures: typst embeds them as a Type 3 font.
    assert!(fonts.contains("Type 3"), "no emoji glyphs:\n{fonts}");
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for name in ["销售线索", "見込み客", "잠재 고객"] {
        assert!(text.contains(name), "{name} is not in the text");
    }
    // Every character has a font: no note about boxes.
    assert!(!squash(&text).contains("they print as boxes"));

    // A character no font has is named on the first page, not left as a box unexplained.
    map.stages[4].name = "Stage \u{13000}".into();
    let pdf = write_report(dir.path(), "hieroglyph", &map, Paper::A4);
    let first = squash(&poppler("pdftotext", &["-l", "1", pdf.to_str().unwrap(), "-"]));
    // (The character itself has no glyph to give back: poppler reads the code point only.)
    assert!(first.contains("(U+13000): they print as boxes"), "{first}");
}

/// A map a workshop drew: 16 or 21 stages over five teams, with the gaps a first draft has.
fn workshop(stages: usize) -> Map {
    let path = throughline_tests::fixtures().join(format!("report/workshop-{stages}.json"));
    json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    poppler("pdftotext", &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"])
}

/// The heights of the words poppler finds on a page, in points (about the font size).
fn word_heights(pdf: &Path, page: usize) -> Vec<f64> {
    let n = page.to_string();
    let html = poppler("pdftotext", &["-bbox", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"]);
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter_map(|l| {
            let attr = |name: &str| -> Option<f64> {
                let start = l.find(&format!("{name}=\""))? + name.len() + 2;
                l[start..].split('"').next()?.parse().ok()
            };
            Some(attr("yMax")? - attr("yMin")?)
        })
        .collect()
}

#[test]
fn a_workshop_map_reads_in_a_few_pages_with_the_whole_journey_on_one() {
    let dir = tempfile::tempdir().unwrap();
    for (stages, most) in [(16, 6), (21, 8)] {
        let drawn = workshop(stages);
        // The same map as an older version placed it: each stage a column right of the last.
        let mut staircase = drawn.clone();
        for (i, stage) in staircase.stages.iter_mut().enumerate() {
            stage.position =
                Some(throughline_core::model::Position { x: 250.0 * i as f64, y: 40.0 });
        }
        for (how, map) in [("as drawn", drawn), ("as a staircase", staircase)] {
            assert_eq!(map.stages.len(), stages);
            let name = format!("workshop-{stages}-{}", how.replace(' ', "-"));
            let pdf = write_report(dir.path(), &name, &map, Paper::A4);
            let what = format!("{stages} stages {how}");
            let pages = page_count(&pdf);
            assert!(pages <= most, "{what}: {pages} pages, at most {most}");
            // Page 2 is the whole journey: every stage, every handoff's owner, no second part.
            let journey = squash(&page_text(&pdf, 2));
            assert!(journey.starts_with("The journey"), "{journey}");
            for stage in &map.stages {
                let name = squash(&stage.name);
                assert!(journey.contains(&name), "{what}: {name} not on the journey page");
            }
            assert!(journey.contains("Lucas Meyer") && journey.contains("No owner"));
            assert!(!journey.contains("part 2"));
            let smallest = word_heights(&pdf, 2).into_iter().fold(f64::MAX, f64::min);
            assert!(smallest >= 6.5, "{what}: text drawn {smallest:.1} pt tall");
            assert_no_blank_page(&pdf, dir.path());
            assert_no_page_mostly_empty(&pdf, dir.path());
        }
    }
}

#[test]
fn every_journey_up_to_30_stages_and_6_teams_is_whole_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    for (stages, teams, branches) in
        [(10, 3, 0), (16, 4, 1), (21, 4, 1), (25, 5, 2), (30, 6, 2), (30, 3, 1)]
    {
        let map = throughline_core::generate::staircase(stages, teams, branches, 1, 7);
        let pdf = write_report(dir.path(), &format!("generated-{stages}-{teams}"), &map, Paper::A4);
        let journey = squash(&page_text(&pdf, 2));
        let what = format!("{stages} stages over {teams} teams");
        assert!(journey.starts_with("The journey") && !journey.contains("part 2"), "{what}");
        for stage in &map.stages {
            assert!(journey.contains(&squash(&stage.name)), "{what}: {} not on page 2", stage.name);
        }
        let smallest = word_heights(&pdf, 2).into_iter().fold(f64::MAX, f64::min);
        assert!(smallest >= 6.5, "{what}: text drawn {smallest:.1} pt tall");
        assert_no_page_mostly_empty(&pdf, dir.path());
    }
}

#[test]
fn page_one_gives_the_verdict_the_journey_and_the_decisions_grouped() {
    let dir = tempfile::tempdir().unwrap();
    let map = workshop(21);
    let pdf = write_report(dir.path(), "summary", &map, Paper::A4);
    let first = squash(&page_text(&pdf, 1));
    assert!(first.contains("problems need a decision"), "{first}");
    assert!(first.contains("DECISIONS TO MAKE"));
    // One decision per pair of teams, not one line per finding.
    assert!(first.contains("Name an owner for the handoff from Marketing to Sales development"));
    assert!(first.contains("Agree one definition of “MQL”"), "{first}");
    assert!(first.contains("smaller decisions"), "the rest are counted: {first}");
    // The thumbnail: ink in the lower left quarter of the page, where it is drawn.
    poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            dir.path().join("first").to_str().unwrap(),
        ],
    );
    let pgm = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pgm"))
        .unwrap();
    assert!(ink_between(&std::fs::read(pgm).unwrap(), 0.45, 0.9) > 0.02, "no thumbnail drawn");
}

#[test]
fn findings_are_one_row_per_rule_with_counts_and_every_finding_in_the_appendix() {
    let dir = tempfile::tempdir().unwrap();
    let map = workshop(21);
    let pdf = write_report(dir.path(), "grouped", &map, Paper::A4);
    let findings = squash(&page_text(&pdf, 3));
    assert!(findings.starts_with("What needs attention"), "{findings}");
    let analysis = analyze(&map);
    let gaps = analysis.findings.iter().filter(|f| f.rule.id() == "criteria-gap").count();
    assert!(gaps > 5);
    assert_eq!(findings.matches("Criteria gap").count(), 1, "one row for the rule: {findings}");
    assert!(findings.contains(&format!("{gaps} transitions")));
    // The charts, with real text.
    assert!(findings.contains("OWNERSHIP BY TEAM") && findings.contains("FINDINGS BY TEAM"));
    assert!(findings.contains("Customer success"));
    let all = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(all.contains("Appendix: every finding"));
}

#[test]
fn since_a_version_says_what_was_fixed_what_is_new_and_whose_ownership_changed() {
    let dir = tempfile::tempdir().unwrap();
    let now = workshop(21);
    let mut before = now.clone();
    // Before: Proposal had an owner nobody else had named yet; Onboarding has one now.
    let proposal = before.stages.iter_mut().find(|s| s.id == "proposal").unwrap();
    proposal.owners = vec!["sofia".into()];
    let mut now = now;
    now.stages.iter_mut().find(|s| s.id == "onboarding").unwrap().owners = vec!["kenji".into()];
    // A rename is counted in the summary as it is listed below it.
    now.stages.iter_mut().find(|s| s.id == "demo").unwrap().name = "Product demo".into();
    let options = ReportOptions {
        version: Some("Current map".into()),
        since: Some(("Workshop 1".into(), before)),
        ..dated(2026, 11, 23)
    };
    let pdf = dir.path().join("since.pdf");
    std::fs::write(&pdf, render(&now, &options).unwrap()).unwrap();
    let first = squash(&page_text(&pdf, 1));
    assert!(first.contains("SINCE WORKSHOP 1"), "{first}");
    assert!(
        first.contains("1 finding fixed, 1 new; 1 owner named, 1 owner removed; 1 renamed."),
        "{first}"
    );
    let all = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(all.contains("What changed since Workshop 1"));
    assert!(all.contains("Onboarding: none → Kenji Tanaka"), "{all}");
    assert!(all.contains("Proposal: Sofia Rossi → none"));
    assert!(all.contains("RENAMED") && all.contains("Demo → Product demo"), "{all}");
    assert!(all.contains("Nobody is accountable for Onboarding") || all.contains("Onboarding"));
}

/// The inbound sample with its stage history and its CRM's configuration has an appendix a
/// few findings longer than the room left on its page: it is set a little smaller and ends
/// there, rather than leaving one finding alone on a page of its own.
#[test]
fn a_short_appendix_ends_on_the_page_it_starts_on() {
    let dir = tempfile::tempdir().unwrap();
    let name = "inbound-b2b-saas-hubspot";
    let map = sample(name);
    let log = throughline_tests::sample_path(name).with_extension("history.csv");
    let crm = throughline_tests::in_workspace("assets/samples/crm").join(name);
    let options = ReportOptions {
        history: Some(
            throughline_history::history(&map, &log, &throughline_history::Columns::default())
                .unwrap(),
        ),
        crm: Some(throughline_crm::read(&[crm.join("deal-pipelines.json")]).unwrap()),
        ..dated(2026, 11, 23)
    };
    let pdf = dir.path().join("appendix.pdf");
    std::fs::write(&pdf, render(&map, &options).unwrap()).unwrap();
    let pages = page_count(&pdf);
    let last = squash(&page_text(&pdf, pages));
    let all = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(last.contains("Appendix: every finding"), "page {pages}: {last}");
    assert!(all.matches("Fix:").count() > 15);
    assert_eq!(last.matches("Fix:").count(), all.matches("Fix:").count(), "{last}");
    assert!(last.contains("Unused transition") && last.contains("CRM value not on the map"));
    let smallest = word_heights(&pdf, pages).into_iter().fold(f64::MAX, f64::min);
    assert!(smallest >= 6.0, "appendix text drawn {smallest:.1} pt tall");
}

#[test]
fn a_stage_history_kept_with_the_map_adds_how_records_really_move() {
    let dir = tempfile::tempdir().unwrap();
    let map = sample("inbound-b2b-saas-hubspot");
    let log =
        throughline_tests::sample_path("inbound-b2b-saas-hubspot").with_extension("history.csv");
    let history =
        throughline_history::history(&map, &log, &throughline_history::Columns::default()).unwrap();
    let options = ReportOptions { history: Some(history), ..dated(2026, 11, 23) };
    let pdf = dir.path().join("history.pdf");
    std::fs::write(&pdf, render(&map, &options).unwrap()).unwrap();
    let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(text.contains("How records really move"), "{text}");
    assert!(
        text.contains(
            "From inbound-b2b-saas-hubspot.history.csv: 3106 stage changes of 600 records"
        )
    );
    // The funnel follows the main path: Lead, then the busiest way on each time, to revenue.
    assert!(text.contains("600 in, 100 still there"), "Lead's bar: {text}");
    assert!(text.contains("483 in, 414 (69%) from Lead, 0 still there"), "MQL's bar: {text}");
    assert!(text.contains("131 in, 131 (100%) from Invoiced, 131 still there"), "revenue's bar");
    // Each handoff with its conversion, its times and its SLA missed.
    assert!(text.contains("Marketing qualified lead → Sales accepted lead 314"), "{text}");
    assert!(text.contains("38% over 24 h"), "{text}");
    // The paths the map lacks as bars, and the SLAs missed, worst first.
    assert!(text.contains("Sales accepted lead → Nurture (median 13 h)"), "{text}");
    let missed = text.split("SLAS MISSED").nth(1).unwrap_or_default();
    assert!(missed.contains("24 h 38% of 314 7.0 days 7% of 267"), "{missed}");
    // The rules on reality are findings like any other.
    assert!(text.contains("Undocumented path"));
    assert_no_blank_page(&pdf, dir.path());
}

/// The inbound sample with its HubSpot contacts and deals exports read as one log: the funnel
/// runs on from contacts to deals with the records lost between the teams drawn where the
/// record changes, and page 1's decisions say how many the worst leak loses.
#[test]
fn a_history_across_records_follows_the_journey_across_kinds_and_page_one_has_the_leak() {
    let dir = tempfile::tempdir().unwrap();
    let name = "inbound-b2b-saas-hubspot";
    let map = sample(name);
    let base = throughline_tests::sample_path(name);
    let logs = [base.with_extension("contacts.csv"), base.with_extension("deals.csv")];
    let history =
        throughline_history::history_of_many(&map, &logs, &throughline_history::Columns::default())
            .unwrap();
    let options = ReportOptions { history: Some(history), ..dated(2026, 12, 6) };
    let pdf = dir.path().join("across.pdf");
    std::fs::write(&pdf, render(&map, &options).unwrap()).unwrap();
    let first = squash(&page_text(&pdf, 1));
    assert!(
        first.contains(
            "Stop records falling between the teams at Sales qualified lead → Qualified to buy: \
             147 of 318 never became a deal"
        ),
        "{first}"
    );
    let text = squash(&poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    assert!(
        text.contains(
            "From inbound-b2b-saas-hubspot.contacts.csv and inbound-b2b-saas-hubspot.deals.csv: \
             2555 stage changes of 816 records (600 contacts and 216 deals)"
        ),
        "{text}"
    );
    // One funnel from contacts to deals, the loss drawn between the two where the record
    // changes.
    let funnel = text.split("THE MAIN PATH").nth(1).unwrap_or_default();
    let (sql, qualified) = (
        funnel.find("318 in, 318 (94%) from Sales accepted lead").unwrap(),
        funnel.find("216 in, 171 (54%) from Sales qualified lead").unwrap(),
    );
    let lost = funnel
        .find(
            "147 of 318 never became a deal; 45 of 216 deals came without passing Sales \
             qualified lead",
        )
        .unwrap();
    assert!(sql < lost && lost < qualified, "{funnel}");
    assert!(funnel.contains("80 in, 80 (60%) from Contract sent"), "the funnel reaches Closed won");
    assert_no_blank_page(&pdf, dir.path());
}
