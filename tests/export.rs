//! Exports of the templates: golden SVG, Mermaid and CSV files, and checks that the SVG, PNG
//! and PDF are what a user would open.
//!
//! `UPDATE_GOLDEN=1 cargo test --test export` rewrites the golden files after a deliberate
//! change; review the diff (and look at the pictures) before committing them.

#![expect(
    clippy::unwrap_used,
    reason = "the helpers that read exports back fail loudly, as the tests do"
)]

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use journey_designer::export::{self, Format, Options, Page, View, text};
use journey_designer::format::{self, TEMPLATES};
use journey_designer::layout::palette;
use journey_designer::model::{Document, Stage};
use resvg::tiny_skia;
use resvg::usvg;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The file name of a template: "Service loop" → "service-loop", as in `assets/templates`.
fn slug(doc: &Document) -> String {
    let first_word = doc.title.split([':', ' ']).next().unwrap_or_default();
    match first_word {
        "Service" => "service-loop".to_owned(),
        other => other.to_lowercase(),
    }
}

fn templates() -> Vec<Document> {
    TEMPLATES.iter().map(|t| t.load().unwrap()).collect()
}

/// Compares `actual` with the golden file, or rewrites it under `UPDATE_GOLDEN=1`.
fn check_golden(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{name} differs from its golden file; if the change is meant, run \
         `UPDATE_GOLDEN=1 cargo test --test export` and review the diff"
    );
}

#[test]
fn golden_files_of_every_template() {
    let docs = templates();
    assert_eq!(docs.len(), 4);
    for doc in &docs {
        let name = slug(doc);
        let svg = export::svg(doc, &Options::default()).unwrap();
        check_golden(&format!("{name}.svg"), svg.as_bytes());
        let framed = Options {
            frame: true,
            ..Options::default()
        };
        check_golden(
            &format!("{name}-frame.svg"),
            export::svg(doc, &framed).unwrap().as_bytes(),
        );
        let map = Options {
            view: View::Map,
            ..Options::default()
        };
        check_golden(
            &format!("{name}-map.svg"),
            export::svg(doc, &map).unwrap().as_bytes(),
        );
        check_golden(&format!("{name}.mmd"), export::mermaid(doc).as_bytes());
        check_golden(&format!("{name}.csv"), &export::csv(doc).unwrap());
    }
}

/// A journey with a service blueprint behind its steps, metrics, to-be steps and scored
/// opportunities (`tests/corpus/good/canonical-blueprint.json`): its map, its to-be map, its
/// CSV and its Mermaid text.
#[test]
fn golden_files_of_the_blueprint_journey() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/good/canonical-blueprint.json");
    let doc = format::load_file(&path).unwrap();
    for (name, to_be) in [
        ("blueprint-map.svg", false),
        ("blueprint-to-be-map.svg", true),
    ] {
        let options = Options {
            view: View::Map,
            to_be,
            ..Options::default()
        };
        let svg = export::svg(&doc, &options).unwrap();
        // Every drawn text fits the width measured for it.
        let tree = export::parse_svg(&svg).unwrap();
        let mut texts = Vec::new();
        text_nodes(tree.root(), &mut texts);
        for t in texts {
            let chunk = &t.chunks()[0];
            let measured = text::width(chunk.text(), chunk.spans()[0].font_size().get());
            assert!(
                t.bounding_box().width() <= measured + 1.0,
                "{:?}",
                chunk.text()
            );
        }
        check_golden(name, svg.as_bytes());
    }
    let csv = export::csv(&doc).unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(
        text.contains(
            ",Key card; Lobby,Greets the guest; Hands over the key,Checks the booking; Prints the key card,\
             Property system,The booking is not found,queue at the desk,12,Time at the desk: 12 min / 5 min; \
             CSAT: – / 4.5,2,Check in on the phone,\r\n"
        ),
        "{text}"
    );
    check_golden("blueprint.csv", &csv);
    let mermaid = export::mermaid(&doc);
    assert!(mermaid.contains("%% Left out, since a Mermaid journey cannot hold them:"));
    assert!(mermaid.contains("scored opportunities, evidence, frontstage, backstage, support, fail points, waits, metrics, the to-be journey"));
    check_golden("blueprint.mmd", mermaid.as_bytes());
}

/// The width, height and top-left corner of an SVG's view box.
fn view_box(svg: &str) -> [f32; 4] {
    let start = svg.find("viewBox=\"").unwrap() + 9;
    let end = start + svg[start..].find('"').unwrap();
    let v: Vec<f32> = svg[start..end]
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    [v[2], v[3], v[0], v[1]]
}

fn text_nodes<'a>(group: &'a usvg::Group, out: &mut Vec<&'a usvg::Text>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => text_nodes(g, out),
            usvg::Node::Text(t) => out.push(t),
            _ => {}
        }
    }
}

#[test]
fn the_svg_parses_and_every_text_is_drawn_within_its_measured_width() {
    for doc in templates() {
        for (view, frame) in [
            (View::Canvas, false),
            (View::Canvas, true),
            (View::Map, false),
        ] {
            let options = Options {
                view,
                frame,
                ..Options::default()
            };
            let svg = export::svg(&doc, &options).unwrap();
            let tree = export::parse_svg(&svg).unwrap();
            let [w, h, _, _] = view_box(&svg);
            assert_eq!((tree.size().width(), tree.size().height()), (w, h));
            let mut texts = Vec::new();
            text_nodes(tree.root(), &mut texts);
            // The title, and per card its title, its stage and its emotion mark at least.
            assert!(texts.len() > 3 * doc.steps().len(), "{}", doc.title);
            for t in texts {
                let chunk = &t.chunks()[0];
                let content = chunk.text();
                let size = chunk.spans()[0].font_size().get();
                let measured = text::width(content, size);
                let ink = t.bounding_box().width();
                // Drawn with the embedded font: glyphs were found and laid out…
                if content.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                    assert!(ink > 0.6 * measured, "{content:?}: {ink} vs {measured}");
                }
                // …and never wider than the width the layout reserved for them.
                assert!(ink <= measured + 1.0, "{content:?}: {ink} vs {measured}");
            }
        }
    }
}

#[test]
fn the_same_journey_gives_the_same_bytes_in_every_format() {
    let doc = format::service_loop();
    for f in Format::ALL {
        let first = export::export(&doc, f, &Options::default()).unwrap();
        let again = export::export(&format::service_loop(), f, &Options::default()).unwrap();
        assert!(first == again, "{f:?} is not deterministic");
    }
}

#[test]
fn the_png_has_the_scaled_size_and_shows_the_cards() {
    let doc = format::service_loop();
    let svg = export::svg(&doc, &Options::default()).unwrap();
    let [w, h, left, top] = view_box(&svg);
    for scale in [1.0, 2.0] {
        let options = Options {
            scale,
            ..Options::default()
        };
        let bytes = export::png(&doc, &options).unwrap();
        let pixmap = tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!(
            (pixmap.width(), pixmap.height()),
            ((w * scale) as u32, (h * scale) as u32)
        );
        let at = |x: f32, y: f32| {
            let p = pixmap
                .pixel(((x - left) * scale) as u32, ((y - top) * scale) as u32)
                .unwrap()
                .demultiply();
            palette::Rgb(p.red(), p.green(), p.blue())
        };
        // A corner is background; the middle of the "tell" card's stripe is the stage colour
        // (the card is centred on (0, −280), 200 wide, its stripe the leftmost 6 units).
        assert_eq!(at(left + 1.0, top + 1.0), palette::background(false));
        let tell = doc.step("tell").unwrap();
        assert_eq!(tell.position, [0.0, -280.0]);
        assert_eq!(at(-97.0, -280.0), palette::stage(Stage::Tell));
        assert_eq!(at(-50.0, -250.0), palette::card_fill(Stage::Tell, false));
    }
}

#[test]
fn a_png_too_large_to_draw_is_refused() {
    let doc = journey_designer::model::generate::journey(10_000, 0, 1);
    let options = Options {
        scale: 16.0,
        ..Options::default()
    };
    let err = export::png(&doc, &options).unwrap_err();
    assert!(matches!(err, export::ExportError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("too large to draw"));
}

/// The decompressed streams of a PDF.
fn pdf_streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut streams = Vec::new();
    let mut rest = pdf;
    while let Some(at) = find(rest, b"stream") {
        let before = &rest[..at];
        let after = &rest[at + 6..];
        if before.ends_with(b"end") {
            rest = after;
            continue;
        }
        let skip = if after.starts_with(b"\r\n") { 2 } else { 1 };
        let data = &after[skip..];
        let end = find(data, b"endstream").unwrap();
        let raw = data[..end].strip_suffix(b"\n").unwrap_or(&data[..end]);
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(raw)
            .read_to_end(&mut inflated)
            .is_ok()
        {
            streams.push(inflated);
        } else {
            streams.push(raw.to_vec());
        }
        rest = &data[end..];
    }
    streams
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The hex strings (`<…>`) of a content stream, as bytes, in order.
fn hex_strings(content: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find('<') {
        if rest[start + 1..].starts_with('<') {
            rest = &rest[start + 2..];
            continue;
        }
        let Some(len) = rest[start + 1..].find('>') else {
            break;
        };
        let hex: String = rest[start + 1..start + 1 + len]
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect();
        let bytes = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        out.push(bytes);
        rest = &rest[start + 1 + len..];
    }
    out
}

/// The glyph-code → text map of a `ToUnicode` `CMap` (`bfchar` and `bfrange` entries).
fn to_unicode(cmap: &str) -> HashMap<Vec<u8>, String> {
    let decode = |bytes: &[u8]| {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = HashMap::new();
    for section in cmap.split("beginbfchar").skip(1) {
        let body = section.split("endbfchar").next().unwrap();
        for pair in hex_strings(body).chunks(2) {
            map.insert(pair[0].clone(), decode(&pair[1]));
        }
    }
    for section in cmap.split("beginbfrange").skip(1) {
        let body = section.split("endbfrange").next().unwrap();
        for triple in hex_strings(body).chunks(3) {
            let (lo, hi, dst) = (&triple[0], &triple[1], &triple[2]);
            let start = u16::from_be_bytes([lo[0], lo[1]]);
            let end = u16::from_be_bytes([hi[0], hi[1]]);
            let first = u16::from_be_bytes([dst[0], dst[1]]);
            for (i, code) in (start..=end).enumerate() {
                let unit = first + u16::try_from(i).unwrap();
                map.insert(
                    code.to_be_bytes().to_vec(),
                    String::from_utf16_lossy(&[unit]),
                );
            }
        }
    }
    map
}

/// The strings a content stream shows, in order: literal `(…)` strings with their escapes,
/// and hex `<…>` strings.
fn shown_strings(content: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'(' => {
                let mut bytes = Vec::new();
                let mut depth = 1;
                i += 1;
                while i < content.len() {
                    let c = content[i];
                    match c {
                        b'\\' => {
                            i += 1;
                            let e = content[i];
                            if e.is_ascii_digit() {
                                let digits: Vec<u8> = content[i..]
                                    .iter()
                                    .take(3)
                                    .take_while(|d| (b'0'..=b'7').contains(d))
                                    .copied()
                                    .collect();
                                i += digits.len() - 1;
                                let value =
                                    digits.iter().fold(0u32, |v, d| v * 8 + u32::from(d - b'0'));
                                bytes.push(u8::try_from(value & 0xFF).unwrap());
                            } else {
                                bytes.push(match e {
                                    b'n' => b'\n',
                                    b'r' => b'\r',
                                    b't' => b'\t',
                                    b'b' => 8,
                                    b'f' => 12,
                                    other => other,
                                });
                            }
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(c);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            bytes.push(c);
                        }
                        _ => bytes.push(c),
                    }
                    i += 1;
                }
                out.push(bytes);
            }
            b'<' if content.get(i + 1) == Some(&b'<') => i += 1,
            b'<' => {
                let end = i + content[i..].iter().position(|&c| c == b'>').unwrap();
                out.extend(hex_strings(&String::from_utf8_lossy(&content[i..=end])));
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The text shown on the PDF's pages, decoded through its `ToUnicode` maps.
fn pdf_text(pdf: &[u8]) -> String {
    let streams = pdf_streams(pdf);
    let maps: Vec<_> = streams
        .iter()
        .map(|s| String::from_utf8_lossy(s))
        .filter(|s| s.contains("beginbfchar") || s.contains("beginbfrange"))
        .map(|s| to_unicode(&s))
        .collect();
    assert!(!maps.is_empty(), "no ToUnicode map: the text is not text");
    let mut text = String::new();
    for content in streams
        .iter()
        .filter(|s| find(s, b"Tj").is_some() || find(s, b"TJ").is_some())
    {
        let shown = shown_strings(content);
        for map in &maps {
            for code in &shown {
                for glyph in code.chunks(2) {
                    text.push_str(map.get(glyph).map_or("\u{FFFD}", String::as_str));
                }
            }
            text.push('\n');
        }
    }
    text
}

/// The numbers of the page's `/MediaBox`.
fn media_box(pdf: &[u8]) -> Vec<f32> {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/MediaBox").unwrap() + 9;
    let start = start + text[start..].find('[').unwrap() + 1;
    let end = start + text[start..].find(']').unwrap();
    text[start..end]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn the_pdf_is_one_page_with_the_journey_title_as_text() {
    for doc in templates() {
        let pdf = export::pdf(&doc, &Options::default()).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // One page tree holding one page (PDF allows spaces between names; krilla writes none).
        let compact = String::from_utf8_lossy(&pdf).replace(' ', "");
        assert_eq!(compact.matches("/Type/Pages").count(), 1, "{}", doc.title);
        assert_eq!(
            compact.matches("/Type/Page/").count() + compact.matches("/Type/Page>").count(),
            1
        );
        assert_eq!(compact.matches("/Count").count(), 1);
        assert!(compact.contains("/Count1/"), "{}", doc.title);
        let shown = pdf_text(&pdf);
        assert!(
            shown.contains(&doc.title),
            "{:?} not among the PDF's text:\n{shown}",
            doc.title
        );
        // Steps' titles are text too, so they can be searched and copied (a long title is
        // wrapped into two rows, so look for its first word).
        for step in doc.steps() {
            let first_word = step.title.split(' ').next().unwrap();
            assert!(shown.contains(first_word), "{first_word:?} not in {shown}");
        }
        assert!(shown.contains("TELL"), "{shown}");
    }
}

#[test]
fn the_pdf_page_fits_the_picture_or_is_a_landscape_paper_page() {
    let doc = format::service_loop();
    let svg = export::svg(&doc, &Options::default()).unwrap();
    let [w, h, _, _] = view_box(&svg);
    let page = |page| {
        let options = Options {
            page,
            ..Options::default()
        };
        media_box(&export::pdf(&doc, &options).unwrap())
    };
    assert_eq!(page(Page::Fit), [0.0, 0.0, w, h]);
    assert_eq!(page(Page::A4), [0.0, 0.0, 841.89, 595.28]);
    assert_eq!(page(Page::Letter), [0.0, 0.0, 792.0, 612.0]);
    // On paper the picture shrinks to fit inside 28 pt margins, centred.
    let ((pw, ph), scale, (dx, dy)) = export::pdf_placement(w, h, Page::A4);
    assert_eq!((pw, ph), (841.89, 595.28));
    let expected = ((841.89 - 56.0) / w).min((595.28 - 56.0) / h).min(1.0);
    assert!((scale - expected).abs() < 1e-6);
    assert!((dx - (841.89 - w * scale) / 2.0).abs() < 1e-3);
    assert!((dy - (595.28 - h * scale) / 2.0).abs() < 1e-3);
    // A small picture keeps its size.
    let (_, small, _) = export::pdf_placement(100.0, 50.0, Page::Letter);
    assert_eq!(small, 1.0);
}

#[test]
fn slides_are_a_page_each_numbered_as_presented() {
    let doc = format::service_loop();
    let options = Options {
        slides: true,
        ..Options::default()
    };
    let pdf = export::pdf(&doc, &options).unwrap();
    let compact = String::from_utf8_lossy(&pdf).replace(' ', "");
    // The frame, six stages and the whole loop.
    assert!(
        compact.contains("/Count8/") || compact.contains("/Count8>"),
        "eight pages"
    );
    assert_eq!(media_box(&pdf), [0.0, 0.0, 960.0, 540.0], "a 16:9 slide");
    let shown = pdf_text(&pdf);
    for label in [
        "1 / 8 · The marketing frame",
        "2 / 8 · Tell",
        "7 / 8 · Word of mouth",
        "8 / 8 · The whole loop",
    ] {
        assert!(shown.contains(label), "{label:?} not in {shown}");
    }
    // Each stage's page shows its own steps' cards.
    let svgs = export::slides(&doc);
    assert_eq!(svgs.len(), 8);
    assert!(
        svgs[0].contains(">Service loop</text>"),
        "the frame's page has the title"
    );
    assert!(svgs[1].contains(">TELL</text>") && !svgs[1].contains(">CARE</text>"));
    assert!(svgs[4].contains(">CARE</text>"));
}

#[test]
fn a_bookmarks_page_shows_the_bookmarked_view_on_a_16_9_screen() {
    let mut doc = format::service_loop();
    doc.view.bookmarks = vec![
        journey_designer::model::Bookmark::new("Buying", [250.0, -140.0], 2.0),
        journey_designer::model::Bookmark::new("All", [0.0, 0.0], 0.5),
    ];
    let svgs = export::slides(&doc);
    assert_eq!(svgs.len(), 2, "the bookmarks are the slides");
    // 1280 × 720 screen points at zoom 2 are 640 × 360 canvas units around the centre.
    assert_eq!(view_box(&svgs[0]), [640.0, 360.0, -70.0, -320.0]);
    assert_eq!(view_box(&svgs[1]), [2560.0, 1440.0, -1280.0, -720.0]);
    assert!(
        svgs[0]
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"540\"")
    );
    assert!(svgs[1].contains(">2 / 2 · All</text>"));
}
