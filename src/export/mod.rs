//! Exports of a journey, shared by the command line and the app: SVG (the master render),
//! PNG and PDF drawn from that SVG, Mermaid `journey` text and CSV.
//!
//! Nothing here knows egui: pictures are laid out with [`crate::layout::geometry`],
//! coloured with [`crate::layout::palette`] and measured with the embedded font ([`text`]).
//! Every export is a pure function from a document to bytes; [`write_file`] saves them
//! atomically.

mod canvas;
mod map;
mod mermaid;
mod pdf;
mod raster;
pub mod svg;
mod table;
pub mod text;

use std::fmt;
use std::path::Path;

use crate::format;
use crate::model::Document;

pub use canvas::SLIDE_PAGE;
pub use mermaid::escape as mermaid_escape;
pub use pdf::placement as pdf_placement;
pub use raster::{MAX_PIXELS, fonts, parse as parse_svg, pixel_size, png as svg_to_png};
pub use table::{BOM as CSV_BOM, HEADER as CSV_HEADER};

/// What an export writes, chosen by the output file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A journey file in canonical form (`.json`).
    Json,
    /// A vector picture (`.svg`).
    Svg,
    /// A raster picture (`.png`).
    Png,
    /// A printable page (`.pdf`).
    Pdf,
    /// Mermaid `journey` text (`.mmd`).
    Mermaid,
    /// A spreadsheet of the steps (`.csv`).
    Csv,
}

impl Format {
    /// Every format, in the order menus and messages list them.
    pub const ALL: [Self; 6] = [
        Self::Json,
        Self::Svg,
        Self::Png,
        Self::Pdf,
        Self::Mermaid,
        Self::Csv,
    ];

    /// The file extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
            Self::Mermaid => "mmd",
            Self::Csv => "csv",
        }
    }

    /// The name shown to people, as in a save dialog's filter.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Json => "Journey file",
            Self::Svg => "SVG picture",
            Self::Png => "PNG picture",
            Self::Pdf => "PDF document",
            Self::Mermaid => "Mermaid journey diagram",
            Self::Csv => "CSV spreadsheet",
        }
    }

    /// The format written for an extension (any case), if there is one.
    pub fn from_extension(extension: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(extension))
    }

    /// The format a path's extension asks for.
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_extension(path.extension()?.to_str()?)
    }

    /// Whether the format is a picture, drawn from a [`View`].
    pub const fn is_picture(self) -> bool {
        matches!(self, Self::Svg | Self::Png | Self::Pdf)
    }

    /// Every extension as ".json, .svg, …", for messages.
    pub fn extension_list() -> String {
        let list: Vec<String> = Self::ALL
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect();
        list.join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which view a picture shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// The canvas: cards and arrows where the user placed them.
    #[default]
    Canvas,
    /// The journey map: stages as columns, lanes, the emotion curve.
    Map,
}

impl View {
    /// Every view.
    pub const ALL: [Self; 2] = [Self::Canvas, Self::Map];

    /// The name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Canvas => "canvas",
            Self::Map => "map",
        }
    }
}

/// The page of a PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Page {
    /// A page the size of the picture.
    #[default]
    Fit,
    /// A4 landscape, the picture scaled down to fit.
    A4,
    /// US Letter landscape, the picture scaled down to fit.
    Letter,
}

impl Page {
    /// Every page choice.
    pub const ALL: [Self; 3] = [Self::Fit, Self::A4, Self::Letter];

    /// The name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Fit => "fit",
            Self::A4 => "a4",
            Self::Letter => "letter",
        }
    }
}

/// How to draw a picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// The view shown.
    pub view: View,
    /// Pixels per canvas unit in a PNG (2 by default, sharp on high-density screens).
    pub scale: f32,
    /// The page of a PDF.
    pub page: Page,
    /// Whether the marketing frame is shown in a box beside the canvas.
    pub frame: bool,
    /// Whether a PDF has a page per slide of the presentation ([`slides`]) instead of one
    /// picture.
    pub slides: bool,
    /// Whether the journey map shows the to-be journey: each step's to-be title, notes and
    /// emotion (today's where it says none).
    pub to_be: bool,
}

impl Options {
    /// The smallest PNG scale accepted.
    pub const MIN_SCALE: f32 = 0.1;
    /// The largest PNG scale accepted.
    pub const MAX_SCALE: f32 = 16.0;
}

impl Default for Options {
    fn default() -> Self {
        Self {
            view: View::Canvas,
            scale: 2.0,
            page: Page::Fit,
            frame: false,
            slides: false,
            to_be: false,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The PNG scale is outside what is drawn.
    #[error("a scale of {0} is not allowed; give a number from {min} to {max}", min = Options::MIN_SCALE, max = Options::MAX_SCALE)]
    BadScale(f32),
    /// The picture would be too large to draw.
    #[error(
        "the picture would be {width} × {height} pixels, too large to draw; use a smaller scale, or export SVG or PDF"
    )]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Drawing or encoding failed.
    #[error("cannot draw the picture: {0}")]
    Render(String),
    /// Writing the CSV failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The file could not be written.
    #[error("cannot write {}: {}", .path.display(), crate::format::io_reason(.source))]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// The picture of `doc` as SVG text.
pub fn svg(doc: &Document, options: &Options) -> Result<String, ExportError> {
    match options.view {
        View::Canvas => Ok(canvas::svg(doc, options.frame)),
        View::Map => Ok(map::svg(doc, options.to_be)),
    }
}

/// The picture of `doc` as PNG bytes, at `options.scale`.
pub fn png(doc: &Document, options: &Options) -> Result<Vec<u8>, ExportError> {
    if !(Options::MIN_SCALE..=Options::MAX_SCALE).contains(&options.scale) {
        return Err(ExportError::BadScale(options.scale));
    }
    raster::png(&svg(doc, options)?, options.scale)
}

/// The picture of `doc` as a one-page PDF on `options.page`; with `options.slides`, a page
/// per slide of the presentation.
pub fn pdf(doc: &Document, options: &Options) -> Result<Vec<u8>, ExportError> {
    if options.slides {
        let pages = slides(doc);
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        return pdf::pages(&pages, &doc.title, options.page);
    }
    pdf::pdf(&svg(doc, options)?, &doc.title, options.page)
}

/// Each slide of the presentation (View ▸ Present) as SVG, in order, numbered as presented:
/// "2 / 8 · Buy".
pub fn slides(doc: &Document) -> Vec<String> {
    let slides = crate::layout::slides::slides(doc);
    slides
        .iter()
        .enumerate()
        .map(|(i, slide)| {
            let label = crate::layout::slides::label(i, slides.len(), slide);
            canvas::slide_svg(doc, slide, &label)
        })
        .collect()
}

/// The journey as Mermaid `journey` text.
pub fn mermaid(doc: &Document) -> String {
    mermaid::mermaid(doc)
}

/// The steps as CSV bytes (UTF-8 with a byte-order mark).
pub fn csv(doc: &Document) -> Result<Vec<u8>, ExportError> {
    Ok(table::csv(doc)?)
}

/// `doc` in `format`, as the bytes of a file.
pub fn export(doc: &Document, format: Format, options: &Options) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Json => Ok(format::to_string(doc).into_bytes()),
        Format::Svg => svg(doc, options).map(String::into_bytes),
        Format::Png => png(doc, options),
        Format::Pdf => pdf(doc, options),
        Format::Mermaid => Ok(mermaid(doc).into_bytes()),
        Format::Csv => csv(doc),
    }
}

/// Exports `doc` in `format` and writes it to `path` atomically: the file is replaced only
/// when the whole export succeeded.
pub fn write_file(
    path: &Path,
    doc: &Document,
    format: Format,
    options: &Options,
) -> Result<(), ExportError> {
    let bytes = export(doc, format, options)?;
    format::write_atomic(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_found_by_extension_in_any_case() {
        for f in Format::ALL {
            assert_eq!(Format::from_extension(f.extension()), Some(f));
        }
        assert_eq!(Format::from_extension("SVG"), Some(Format::Svg));
        assert_eq!(Format::from_extension("jpeg"), None);
        assert_eq!(
            Format::from_path(Path::new("a/b.Mmd")),
            Some(Format::Mermaid)
        );
        assert_eq!(Format::from_path(Path::new("noext")), None);
        assert_eq!(
            Format::extension_list(),
            ".json, .svg, .png, .pdf, .mmd, .csv"
        );
    }

    #[test]
    fn the_map_view_is_drawn_in_every_picture_format() {
        let doc = format::service_loop();
        let options = Options {
            view: View::Map,
            ..Options::default()
        };
        let map = svg(&doc, &options).unwrap();
        assert!(map.contains(">Pain points</text>"));
        assert_ne!(map, svg(&doc, &Options::default()).unwrap());
        for f in [Format::Png, Format::Pdf] {
            assert!(!export(&doc, f, &options).unwrap().is_empty());
        }
    }

    #[test]
    fn a_scale_out_of_range_is_refused() {
        let doc = format::service_loop();
        for scale in [0.0, -1.0, 17.0, f32::NAN] {
            let options = Options {
                scale,
                ..Options::default()
            };
            assert!(matches!(png(&doc, &options), Err(ExportError::BadScale(_))));
        }
    }

    #[test]
    fn a_failed_export_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.svg");
        std::fs::write(&path, "old").unwrap();
        let options = Options {
            scale: 0.0,
            ..Options::default()
        };
        let doc = format::service_loop();
        assert!(write_file(&path, &doc, Format::Png, &options).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_file(&path, &doc, Format::Svg, &Options::default()).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("<svg"));
    }
}
