//! PDF: the SVG drawn by krilla-svg, vector shapes and real text in the app's embedded font,
//! on a page sized to the picture or on a landscape A4 or Letter page with the picture
//! scaled to fit.

use krilla::Document;
use krilla::geom::{Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt as _, SvgSettings};

use super::{ExportError, Page, raster};

/// The longest side a PDF page may have, in points (a limit of PDF readers).
const MAX_PAGE_SIDE: f32 = 14_400.0;
/// The margin around the picture on a paper-sized page, in points (about 1 cm).
const PAPER_MARGIN: f32 = 28.0;

/// The size of a landscape page in points, or `None` for a page sized to the picture.
pub fn paper(page: Page) -> Option<(f32, f32)> {
    match page {
        Page::Fit => None,
        Page::A4 => Some((841.89, 595.28)),
        Page::Letter => Some((792.0, 612.0)),
    }
}

/// Where the picture goes on the page: the page's size, the picture's scale and its offset.
/// One SVG unit is one point at scale 1; on paper the picture shrinks to fit inside the
/// margins (and never grows, so a small journey keeps the canvas's text size).
pub fn placement(width: f32, height: f32, page: Page) -> ((f32, f32), f32, (f32, f32)) {
    match paper(page) {
        None => {
            let scale = (MAX_PAGE_SIDE / width.max(height)).min(1.0);
            ((width * scale, height * scale), scale, (0.0, 0.0))
        }
        Some((pw, ph)) => {
            let scale = ((pw - 2.0 * PAPER_MARGIN) / width)
                .min((ph - 2.0 * PAPER_MARGIN) / height)
                .min(1.0);
            let offset = ((pw - width * scale) / 2.0, (ph - height * scale) / 2.0);
            ((pw, ph), scale, offset)
        }
    }
}

/// The SVG text as a one-page PDF titled `title`.
pub fn pdf(svg: &str, title: &str, page: Page) -> Result<Vec<u8>, ExportError> {
    pages(&[svg], title, page)
}

/// Each SVG text as a page of one PDF titled `title`, in order.
pub fn pages(svgs: &[&str], title: &str, page: Page) -> Result<Vec<u8>, ExportError> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator("Journey Designer".to_owned()),
    );
    for svg in svgs {
        let tree = raster::parse(svg)?;
        let size = tree.size();
        let ((pw, ph), scale, (dx, dy)) = placement(size.width(), size.height(), page);
        let bad_size = || ExportError::Render(format!("cannot make a {pw} × {ph} pt page"));
        let page_size = Size::from_wh(pw, ph).ok_or_else(bad_size)?;
        let picture =
            Size::from_wh(size.width() * scale, size.height() * scale).ok_or_else(bad_size)?;
        let mut page = document.start_page_with(PageSettings::new(page_size));
        let mut surface = page.surface();
        surface.push_transform(&Transform::from_translate(dx, dy));
        surface.draw_svg(&tree, picture, SvgSettings::default());
        surface.pop();
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ExportError::Render(format!("{e:?}")))
}
