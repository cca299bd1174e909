//! The picture of the map as SVG, written straight from the layout's page: the drawing
//! `assets/report/map.typ` makes for the report and the PNG (lanes, arrows, cards, marks,
//! owners' names), with text as text. Typesetting a whole map through typst drew each letter
//! as an outline: 26 s and 315 MB for 50,000 stages, and words nobody could search or select.
//!
//! Written by hand rather than with `xmlwriter` (in the tree through typst): it leaves `&`
//! unescaped. Styles are presentation attributes, not a style sheet, because slide programs
//! read attributes more reliably than CSS. Each lane, arrow, card and handoff owner is a group
//! with its class, to be picked up whole in a drawing program.

mod measure;

use std::fmt::Write;

use throughline_core::excerpt::one_line;
use throughline_core::style::{DRAWING_COLOURS, SEVERITY_COLOURS};
use throughline_layout::{Card, Lane, MapPage};

use measure::{Weight, width, wrap};

/// The white margin around the drawing, and the band below it that holds the key, in points.
pub const MARGIN: f64 = 12.0;
pub const KEY_HEIGHT: f64 = 18.0;
/// The narrowest picture: room for the key on one line.
pub const NARROWEST: f64 = 420.0;

/// Inter where it is installed; otherwise Arial's metrics, which are narrower than Inter's, so
/// names wrapped to Inter's widths still fit their cards.
const FONTS: &str =
    "Inter, Arial, 'Liberation Sans', Arimo, 'Noto Sans Arabic', 'Noto Sans Hebrew', sans-serif";

/// The picture's size in points: the page's drawing with its margin and key.
pub fn size(page: &MapPage) -> (f64, f64) {
    (page.width.max(NARROWEST) + 2.0 * MARGIN, page.height + 2.0 * MARGIN + KEY_HEIGHT)
}

/// The SVG document of one page of the drawing, titled with the map's name.
pub fn picture(title: &str, page: &MapPage) -> String {
    let (w, h) = size(page);
    let mut svg = Svg(String::with_capacity(600 * (page.cards.len() + page.arrows.len()) + 4096));
    svg.line(format_args!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}pt" height="{}pt" viewBox="0 0 {} {}" font-family="{FONTS}">"#,
        N(w),
        N(h),
        N(w),
        N(h),
    ));
    svg.line(format_args!("<title>{}</title>", Text(title)));
    svg.line(format_args!(r#"<rect width="{}" height="{}" fill="white"/>"#, N(w), N(h)));
    svg.line(format_args!(r#"<g transform="translate({MARGIN} {MARGIN})">"#));
    svg.line(format_args!(
        r#"<clipPath id="drawing"><rect width="{}" height="{}"/></clipPath><g clip-path="url(#drawing)">"#,
        N(page.width),
        N(page.height)
    ));
    let s = page.scale;
    for lane in &page.lanes {
        svg.lane(lane, page);
    }
    for arrow in &page.arrows {
        svg.arrow(&arrow.points, &arrow_stroke(arrow.severity, arrow.handoff, s), 2.8 * s);
    }
    for card in &page.cards {
        svg.card(card, page);
    }
    for arrow in &page.arrows {
        if let Some(label) = &arrow.label {
            svg.owner_label(label, arrow.label_at, page);
        }
    }
    svg.line(format_args!("</g>"));
    svg.key(page.height + 6.0);
    svg.line(format_args!("</g>"));
    svg.line(format_args!("</svg>"));
    svg.0
}

/// A line's colour, width and dash pattern.
struct Stroke {
    paint: &'static str,
    width: f64,
    dash: Option<f64>,
    dotted: bool,
}

impl Stroke {
    const fn solid(paint: &'static str, width: f64) -> Self {
        Stroke { paint, width, dash: None, dotted: false }
    }
}

/// Severity marked as on the canvas: an error solid red, a warning dashed, a note dotted.
fn severity_stroke(severity: Option<&str>, widths: [f64; 3]) -> Option<Stroke> {
    let c = SEVERITY_COLOURS;
    Some(match severity? {
        "error" => Stroke::solid(c.error, widths[0]),
        "warning" => Stroke { dash: Some(3.0), ..Stroke::solid(c.warning, widths[1]) },
        _ => Stroke { dotted: true, ..Stroke::solid(c.info, widths[2]) },
    })
}

fn arrow_stroke(severity: Option<&str>, handoff: bool, s: f64) -> Stroke {
    let plain = if handoff {
        Stroke::solid(DRAWING_COLOURS.handoff, 1.4)
    } else {
        Stroke::solid(DRAWING_COLOURS.line, 0.8)
    };
    let stroke = severity_stroke(severity, [1.5, 1.3, 1.2]).unwrap_or(plain);
    Stroke { width: stroke.width * s, ..stroke }
}

fn card_stroke(severity: Option<&str>, s: f64) -> Stroke {
    let stroke = severity_stroke(severity, [1.4, 1.1, 1.0])
        .unwrap_or(Stroke::solid(DRAWING_COLOURS.line, 0.6));
    Stroke { width: stroke.width * s, ..stroke }
}

struct Svg(String);

impl Svg {
    fn line(&mut self, args: std::fmt::Arguments) {
        let _ = self.0.write_fmt(args);
        self.0.push('\n');
    }

    fn stroke(&mut self, stroke: &Stroke) {
        let _ = write!(self.0, r#" stroke="{}" stroke-width="{}""#, stroke.paint, N(stroke.width));
        if let Some(dash) = stroke.dash {
            let _ = write!(self.0, r#" stroke-dasharray="{}""#, N(dash * stroke.width));
        } else if stroke.dotted {
            let _ = write!(
                self.0,
                r#" stroke-dasharray="0 {}" stroke-linecap="round""#,
                N(2.0 * stroke.width)
            );
        }
    }

    /// One line of text with its left end of baseline at (x, y).
    fn text(&mut self, (x, y): (f64, f64), size: f64, weight: Weight, fill: &str, text: &str) {
        let weight = match weight {
            Weight::Regular => "",
            Weight::SemiBold => r#" font-weight="600""#,
            Weight::Bold => r#" font-weight="bold""#,
        };
        let _ = writeln!(
            self.0,
            r#"<text x="{}" y="{}" font-size="{}"{weight} fill="{fill}">{}</text>"#,
            N(x),
            N(y),
            N(size),
            Text(text)
        );
    }

    fn lane(&mut self, lane: &Lane, page: &MapPage) {
        let s = page.scale;
        let colour = Text(&lane.color);
        self.line(format_args!(r#"<g class="lane">"#));
        self.line(format_args!(
            r#"<rect y="{}" width="{}" height="{}" fill="{colour}" fill-opacity="0.06"/>"#,
            N(lane.y),
            N(page.width),
            N(lane.h)
        ));
        self.line(format_args!(
            r#"<line x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="0.5"/>"#,
            N(page.width),
            N(lane.y),
            N(lane.y),
            DRAWING_COLOURS.rule
        ));
        let size = page.text_size;
        let room = page.label_w - 6.0 * s;
        let most = ((lane.h - 5.0 * s) / (size * LANE_LINE)).floor().max(1.0) as usize;
        for (i, line) in wrap(&lane.name, Weight::Bold, size, room, most).iter().enumerate() {
            let y = lane.y + 5.0 * s + CAP * size + i as f64 * size * LANE_LINE;
            self.text((3.0 * s, y), size, Weight::Bold, &lane.color, line);
        }
        self.line(format_args!("</g>"));
    }

    /// An arrow's line and its head, `head` long on each side.
    fn arrow(&mut self, points: &[(f64, f64)], stroke: &Stroke, head: f64) {
        let Some(&(ex, ey)) = points.last() else { return };
        self.0.push_str("<g class=\"arrow\"><path d=\"");
        for (i, &(x, y)) in points.iter().enumerate() {
            let _ = write!(self.0, "{}{} {}", if i == 0 { "M" } else { " L" }, N(x), N(y));
        }
        self.0.push_str("\" fill=\"none\"");
        self.stroke(stroke);
        self.0.push_str("/>");
        // Every route ends going right, into the left side of its target.
        let _ = writeln!(
            self.0,
            r#"<path d="M{} {} L{} {} L{} {}Z" fill="{}"/></g>"#,
            N(ex),
            N(ey),
            N(ex - 2.0 * head),
            N(ey - head),
            N(ex - 2.0 * head),
            N(ey + head),
            stroke.paint
        );
    }

    fn card(&mut self, card: &Card, page: &MapPage) {
        let s = page.scale;
        let (x, y) = (card.x, card.y);
        self.0.push_str(r#"<g class="card">"#);
        let _ = write!(
            self.0,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="white""#,
            N(x),
            N(y),
            N(page.card_w),
            N(page.card_h),
            N(3.0 * s)
        );
        self.stroke(&card_stroke(card.severity, s));
        self.0.push_str("/>\n");
        let size = page.text_size;
        let (left, room) = (x + 3.5 * s, page.card_w - 7.0 * s);
        // Lines as the report sets them: each baseline a cap height below the gap after the
        // line above.
        let mut baseline = y + 3.0 * s;
        if let Some(colour) = DRAWING_COLOURS.kind.of(card.kind) {
            let kind_size = size * 0.85;
            baseline += CAP * kind_size;
            self.text((left, baseline), kind_size, Weight::Bold, colour, &card.kind.to_uppercase());
            baseline += LEADING * size;
        }
        // The name takes the lines the card has left above its owner's line.
        let owner_size = size * 0.9;
        let owner_room = (CAP + DESCENT) * owner_size;
        let name_room = y + page.card_h - 3.0 * s - owner_room - baseline;
        let most = (name_room / (LINE * size)).floor().max(1.0) as usize;
        for line in wrap(&card.name, Weight::SemiBold, size, room, most) {
            baseline += CAP * size;
            self.text((left, baseline), size, Weight::SemiBold, DRAWING_COLOURS.ink, &line);
            baseline += LEADING * size;
        }
        baseline += CAP * owner_size;
        let owner_colour =
            if card.owner == "No owner" { SEVERITY_COLOURS.error } else { DRAWING_COLOURS.muted };
        if let Some(owner) = wrap(&card.owner, Weight::Regular, owner_size, room, 1).first() {
            self.text((left, baseline), owner_size, Weight::Regular, owner_colour, owner);
        }
        if let Some(severity) = card.severity {
            self.mark(severity, (x + page.card_w - 5.0 * s, y - 3.5 * s), 8.0 * s);
        }
        self.line(format_args!("</g>"));
    }

    /// A severity's mark with its top left at `at`: an error a disc with a cross, a warning a
    /// triangle, a note a dot.
    fn mark(&mut self, severity: &str, (x, y): (f64, f64), size: f64) {
        let c = SEVERITY_COLOURS;
        let r = size / 2.0;
        match severity {
            "error" => {
                let arm = size * 0.2;
                let (cx, cy) = (x + r, y + r);
                self.line(format_args!(
                    r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/><path d="M{} {} L{} {} M{} {} L{} {}" stroke="white" stroke-width="{}" stroke-linecap="round"/>"#,
                    N(cx), N(cy), N(r), c.error,
                    N(cx - arm), N(cy - arm), N(cx + arm), N(cy + arm),
                    N(cx - arm), N(cy + arm), N(cx + arm), N(cy - arm),
                    N(size * 0.14)
                ));
            }
            "warning" => self.line(format_args!(
                r#"<path d="M{} {} L{} {} L{} {}Z" fill="{}"/>"#,
                N(x),
                N(y + size),
                N(x + r),
                N(y),
                N(x + size),
                N(y + size),
                c.warning
            )),
            _ => self.line(format_args!(
                r#"<circle cx="{}" cy="{}" r="{}" fill="{}"/>"#,
                N(x + size / 2.6),
                N(y + size / 2.6),
                N(size / 2.6),
                c.info
            )),
        }
    }

    /// A handoff's owner on a white ground, centred on `at`, over everything else.
    fn owner_label(&mut self, label: &str, (x, y): (f64, f64), page: &MapPage) {
        let s = page.scale;
        let size = page.text_size;
        let (box_w, box_h) = (width(label, Weight::SemiBold, size) + 3.0 * s, size + 2.0 * s);
        let fill = if label == "No owner" { SEVERITY_COLOURS.error } else { DRAWING_COLOURS.ink };
        self.0.push_str(r#"<g class="handoff-owner">"#);
        let _ = write!(
            self.0,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="white"/>"#,
            N(x - box_w / 2.0),
            N(y - box_h / 2.0),
            N(box_w),
            N(box_h),
            N(1.5 * s)
        );
        self.text(
            (x - box_w / 2.0 + 1.5 * s, y + (CAP / 2.0) * size),
            size,
            Weight::SemiBold,
            fill,
            label,
        );
        self.line(format_args!("</g>"));
    }

    /// What the marks and arrows mean, on one line below the drawing.
    fn key(&mut self, top: f64) {
        let size = 8.0;
        let baseline = top + CAP * size + 2.0;
        let mut x = 0.0;
        let intro = "Dark arrows are handoffs between teams, with their owner. Marked:";
        self.text((x, baseline), size, Weight::Regular, DRAWING_COLOURS.muted, intro);
        x += width(intro, Weight::Regular, size) + 4.0;
        for (severity, label) in [("error", "error"), ("warning", "warning"), ("info", "note")] {
            self.mark(severity, (x, baseline - 6.2), 7.0);
            x += 9.0;
            self.text((x, baseline), size, Weight::Regular, DRAWING_COLOURS.muted, label);
            x += width(label, Weight::Regular, size) + 6.0;
        }
    }
}

/// Inter's capital height and descent, in ems.
const CAP: f64 = 0.73;
const DESCENT: f64 = 0.25;
/// The gap between lines on a card, in ems of the card's text (`map.typ` sets the card's
/// paragraphs so), and a card's baseline-to-baseline pitch.
const LEADING: f64 = 0.28;
const LINE: f64 = CAP + LEADING;
/// A lane's name is set with typst's default gap, 0.65 em.
const LANE_LINE: f64 = CAP + 0.65;

/// A number as SVG writes it: to a hundredth of a point, without trailing zeros.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // Rust writes whole numbers without a fraction, others in their shortest form.
        write!(f, "{}", (self.0 * 100.0).round() / 100.0)
    }
}

/// Map text as XML character data: markup characters escaped, and characters XML cannot hold
/// or that would reorder a line (controls, bidirectional overrides) shown as `\u{…}`, as
/// every other output shows them.
struct Text<'a>(&'a str);

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        for c in one_line(self.0).chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                // Not characters XML allows, even escaped.
                '\u{fffe}' | '\u{ffff}' => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}
