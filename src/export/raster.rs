//! PNG: the SVG drawn by resvg with the app's own font, so the picture is the same on every
//! machine (no system font is ever loaded).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{ExportError, text};

/// The largest picture drawn, in pixels (width × height): about 400 MB of memory while it
/// is drawn.
pub const MAX_PIXELS: u64 = 100_000_000;

/// The font database of every export: egui's proportional font, and Hack as the monospace
/// family; nothing from the system.
pub fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(text::FONT_DATA.to_vec());
            db.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
            db.set_sans_serif_family(text::FAMILY);
            db.set_serif_family(text::FAMILY);
            db.set_monospace_family("Hack");
            Arc::new(db)
        })
        .clone()
}

/// Parses SVG text with the export fonts, as PNG and PDF exports read it.
pub fn parse(svg: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        font_family: text::FAMILY.to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Render(e.to_string()))
}

/// The size in pixels of a `width` × `height` picture drawn at `scale`.
pub fn pixel_size(width: f32, height: f32, scale: f32) -> (u32, u32) {
    let px = |v: f32| (v * scale).round().max(1.0) as u32;
    (px(width), px(height))
}

/// Draws SVG text at `scale` (2 gives twice as many pixels each way) and encodes it as PNG.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let (width, height) = pixel_size(size.width(), size.height(), scale);
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ExportError::TooLarge { width, height });
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(ExportError::TooLarge { width, height })?;
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}
