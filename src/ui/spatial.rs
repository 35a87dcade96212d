//! A uniform-grid spatial index over the cards and links of a journey, for culling what is
//! off screen and for hit-testing, in time that follows what is asked about rather than the
//! size of the journey.
//!
//! The index is rebuilt only when [`Document::geometry_revision`] changes (moves, added or
//! removed steps and links), not when a title is typed. Each card is filed in the cell holding
//! its centre (cards all have the same size, so a query grows by half a card);
//! each link whose bounding box fits in a cell is filed by the centre of that box (a query
//! grows by half a cell); longer links are kept in a short list checked one by one.

use egui::{Pos2, Rect, Vec2, vec2};

use crate::layout::geometry::{CARD_SIZE, card_rect, link_curve};
use crate::model::Document;

/// The smallest cell side, in canvas units; links shorter than this are filed in cells.
const MIN_CELL: f32 = 1280.0;
/// At most this many cells along either axis.
const MAX_CELLS_PER_AXIS: f32 = 2048.0;

/// Items per grid cell in compressed form: the items of cell `c` are
/// `items[starts[c]..starts[c + 1]]`, in ascending order.
#[derive(Clone, Debug, Default, PartialEq)]
struct Buckets {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Buckets {
    /// Files `keys[i]` (a cell number, or `None` to leave item `i` out) for every item.
    fn build(cells: usize, keys: impl Iterator<Item = Option<usize>> + Clone) -> Self {
        let mut starts = vec![0_u32; cells + 1];
        for cell in keys.clone().flatten() {
            starts[cell + 1] += 1;
        }
        for c in 0..cells {
            starts[c + 1] += starts[c];
        }
        let mut fill: Vec<u32> = starts[..cells].to_vec();
        let mut items = vec![0_u32; starts[cells] as usize];
        for (i, key) in keys.enumerate() {
            if let Some(cell) = key {
                items[fill[cell] as usize] = i as u32;
                fill[cell] += 1;
            }
        }
        Self { starts, items }
    }

    fn cell(&self, cell: usize) -> &[u32] {
        match (self.starts.get(cell), self.starts.get(cell + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Where every card and link of one revision of a document is, filed on a uniform grid.
/// Two indexes are equal when they were built for the same geometry revision and file the
/// same cards and links the same way.
#[derive(Clone, Debug, PartialEq)]
pub struct SpatialIndex {
    revision: Option<u64>,
    /// Each step's card, canvas units, in document order.
    cards: Vec<Rect>,
    /// Each link's ends as step indices (`None` if an end is missing).
    link_ends: Vec<Option<(u32, u32)>>,
    /// Each link's curve, canvas units.
    curves: Vec<[Pos2; 4]>,
    /// Each link's bounding box, canvas units.
    link_bounds: Vec<Rect>,
    /// The links attached to each step.
    incident: Buckets,
    /// The union of all cards.
    bounds: Rect,
    origin: Pos2,
    cell: f32,
    columns: usize,
    rows: usize,
    card_cells: Buckets,
    link_cells: Buckets,
    /// Links too long to be filed in one cell.
    long_links: Vec<u32>,
}

impl Default for SpatialIndex {
    /// An index of nothing, built for no document (allocates nothing).
    fn default() -> Self {
        Self {
            revision: None,
            cards: Vec::new(),
            link_ends: Vec::new(),
            curves: Vec::new(),
            link_bounds: Vec::new(),
            incident: Buckets::default(),
            bounds: Rect::NOTHING,
            origin: Pos2::ZERO,
            cell: MIN_CELL,
            columns: 0,
            rows: 0,
            card_cells: Buckets::default(),
            link_cells: Buckets::default(),
            long_links: Vec::new(),
        }
    }
}

impl SpatialIndex {
    /// Rebuilds the index if `doc` changed since it was built. Returns whether it did.
    pub fn update(&mut self, doc: &Document) -> bool {
        if self.revision == Some(doc.geometry_revision()) {
            return false;
        }
        *self = Self::build(doc);
        true
    }

    /// The index of `doc`.
    pub fn build(doc: &Document) -> Self {
        let cards: Vec<Rect> = doc.steps().iter().map(|s| card_rect(s.position)).collect();
        let link_ends: Vec<Option<(u32, u32)>> = doc
            .links()
            .iter()
            .map(|l| {
                Some((
                    doc.step_position(&l.from)? as u32,
                    doc.step_position(&l.to)? as u32,
                ))
            })
            .collect();
        let curves: Vec<[Pos2; 4]> = link_ends
            .iter()
            .map(|ends| match ends {
                Some((a, b)) => link_curve(cards[*a as usize], cards[*b as usize]),
                None => [Pos2::ZERO; 4],
            })
            .collect();
        let link_bounds: Vec<Rect> = curves
            .iter()
            .zip(&link_ends)
            .map(|(c, ends)| {
                if ends.is_some() {
                    Rect::from_points(c)
                } else {
                    Rect::NOTHING
                }
            })
            .collect();
        let bounds = cards
            .iter()
            .copied()
            .reduce(Rect::union)
            .unwrap_or(Rect::ZERO);
        let area = (bounds.width() * bounds.height()).max(1.0);
        let cell = (area / cards.len().max(1) as f32 * 4.0)
            .sqrt()
            .max(MIN_CELL)
            .max(bounds.width() / MAX_CELLS_PER_AXIS)
            .max(bounds.height() / MAX_CELLS_PER_AXIS);
        let origin = bounds.min;
        let columns = (bounds.width() / cell) as usize + 1;
        let rows = (bounds.height() / cell) as usize + 1;
        let mut index = Self {
            revision: Some(doc.geometry_revision()),
            incident: Buckets::default(),
            bounds,
            origin,
            cell,
            columns,
            rows,
            card_cells: Buckets::default(),
            link_cells: Buckets::default(),
            long_links: Vec::new(),
            cards,
            link_ends,
            curves,
            link_bounds,
        };
        let cells = columns * rows;
        index.card_cells = Buckets::build(
            cells,
            index.cards.iter().map(|r| Some(index.cell_of(r.center()))),
        );
        let fits = |r: &Rect| r.width() <= cell && r.height() <= cell;
        index.link_cells = Buckets::build(
            cells,
            index
                .link_bounds
                .iter()
                .map(|r| (r.is_finite() && fits(r)).then(|| index.cell_of(r.center()))),
        );
        index.long_links = index
            .link_bounds
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_finite() && !fits(r))
            .map(|(i, _)| i as u32)
            .collect();
        // Links per step: each link is listed under both of its ends.
        let mut incident_keys = Vec::with_capacity(index.link_ends.len() * 2);
        for ends in &index.link_ends {
            incident_keys.push(ends.map(|(a, _)| a as usize));
            incident_keys.push(ends.map(|(_, b)| b as usize));
        }
        let pairs = Buckets::build(index.cards.len(), incident_keys.iter().copied());
        index.incident = Buckets {
            starts: pairs.starts,
            items: pairs.items.into_iter().map(|i| i / 2).collect(),
        };
        index
    }

    /// The cell holding a canvas point, clamped to the grid.
    fn cell_of(&self, p: Pos2) -> usize {
        let (column, row) = self.cell_coords(p);
        row * self.columns + column
    }

    fn cell_coords(&self, p: Pos2) -> (usize, usize) {
        let v = (p - self.origin) / self.cell;
        let column = (v.x.max(0.0) as usize).min(self.columns.saturating_sub(1));
        let row = (v.y.max(0.0) as usize).min(self.rows.saturating_sub(1));
        (column, row)
    }

    /// Calls `f` with every cell overlapping `area`.
    fn for_cells(&self, area: Rect, mut f: impl FnMut(usize)) {
        if self.columns == 0 || !area.intersects(self.bounds.expand(self.cell)) {
            return;
        }
        let (c0, r0) = self.cell_coords(area.min);
        let (c1, r1) = self.cell_coords(area.max);
        for row in r0..=r1 {
            for column in c0..=c1 {
                f(row * self.columns + column);
            }
        }
    }

    /// The card of step `i` (document order), canvas units.
    pub fn card(&self, i: usize) -> Rect {
        self.cards[i]
    }

    /// The union of all cards, canvas units (zero-sized at the origin when there are none).
    pub fn bounds(&self) -> Rect {
        self.bounds
    }

    /// The ends of link `i` as step indices, if both exist.
    pub fn link_ends(&self, i: usize) -> Option<(usize, usize)> {
        self.link_ends[i].map(|(a, b)| (a as usize, b as usize))
    }

    /// The curve of link `i` with its cards where the document has them.
    pub fn curve(&self, i: usize) -> [Pos2; 4] {
        self.curves[i]
    }

    /// The links attached to step `i`, each once or twice.
    pub fn incident_links(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.incident.cell(i).iter().map(|&l| l as usize)
    }

    /// Appends to `out` the steps whose cards intersect `area`, in document order.
    pub fn cards_in(&self, area: Rect, out: &mut Vec<u32>) {
        let start = out.len();
        let grown = area.expand2(CARD_SIZE / 2.0);
        self.for_cells(grown, |cell| {
            out.extend(
                self.card_cells
                    .cell(cell)
                    .iter()
                    .filter(|&&i| self.cards[i as usize].intersects(area)),
            );
        });
        out[start..].sort_unstable();
    }

    /// Whether any card intersects `area`; stops at the first one found.
    pub fn any_card_in(&self, area: Rect) -> bool {
        if self.columns == 0 || !area.intersects(self.bounds.expand(self.cell)) {
            return false;
        }
        let grown = area.expand2(CARD_SIZE / 2.0);
        let (c0, r0) = self.cell_coords(grown.min);
        let (c1, r1) = self.cell_coords(grown.max);
        (r0..=r1).any(|row| {
            (c0..=c1).any(|column| {
                self.card_cells
                    .cell(row * self.columns + column)
                    .iter()
                    .any(|&i| self.cards[i as usize].intersects(area))
            })
        })
    }

    /// Appends to `out` the links whose bounding boxes intersect `area`, in document order.
    pub fn links_in(&self, area: Rect, out: &mut Vec<u32>) {
        let start = out.len();
        let grown = area.expand2(Vec2::splat(self.cell / 2.0));
        self.for_cells(grown, |cell| {
            out.extend(
                self.link_cells
                    .cell(cell)
                    .iter()
                    .filter(|&&i| self.link_bounds[i as usize].intersects(area)),
            );
        });
        out.extend(
            self.long_links
                .iter()
                .filter(|&&i| self.link_bounds[i as usize].intersects(area)),
        );
        out[start..].sort_unstable();
    }

    /// The topmost step (last in document order) whose card contains `pos`.
    pub fn card_at(&self, pos: Pos2) -> Option<usize> {
        let mut best = None;
        self.for_cells(Rect::from_center_size(pos, CARD_SIZE), |cell| {
            for &i in self.card_cells.cell(cell) {
                if self.cards[i as usize].contains(pos) && best.is_none_or(|b| i > b) {
                    best = Some(i);
                }
            }
        });
        best.map(|i| i as usize)
    }

    /// The steps whose cards are near `pos` (within `reach` canvas units), unordered.
    pub fn cards_near(&self, pos: Pos2, reach: f32, out: &mut Vec<u32>) {
        self.cards_in(
            Rect::from_center_size(pos, vec2(2.0 * reach, 2.0 * reach)),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::journey;

    #[test]
    fn queries_match_a_linear_scan() {
        let doc = journey(3000, 3000, 11);
        let index = SpatialIndex::build(&doc);
        for area in [
            Rect::from_min_size(egui::pos2(-500.0, -500.0), vec2(1000.0, 700.0)),
            Rect::from_min_size(egui::pos2(3000.0, 1000.0), vec2(2500.0, 1500.0)),
            Rect::from_min_size(egui::pos2(-1e6, -1e6), vec2(2e6, 2e6)),
            Rect::from_min_size(egui::pos2(1e6, 1e6), vec2(10.0, 10.0)),
        ] {
            let mut cards = Vec::new();
            index.cards_in(area, &mut cards);
            let expected: Vec<u32> = (0..doc.steps().len() as u32)
                .filter(|&i| card_rect(doc.steps()[i as usize].position).intersects(area))
                .collect();
            assert_eq!(cards, expected);
            let mut links = Vec::new();
            index.links_in(area, &mut links);
            let expected: Vec<u32> = (0..doc.links().len() as u32)
                .filter(|&i| index.link_bounds[i as usize].intersects(area))
                .collect();
            assert_eq!(links, expected);
        }
        let step = &doc.steps()[1234];
        let at = card_rect(step.position).center();
        assert_eq!(index.card_at(at), Some(1234));
        assert_eq!(index.card_at(at + vec2(0.0, 1e5)), None);
        assert!(index.incident_links(1234).all(|l| {
            let link = &doc.links()[l];
            link.from == step.id || link.to == step.id
        }));
    }

    #[test]
    fn rebuilds_only_when_the_document_changes() {
        let doc = journey(10, 10, 1);
        let mut index = SpatialIndex::default();
        assert!(index.update(&doc));
        assert!(!index.update(&doc));
        let other = journey(10, 10, 1);
        assert!(index.update(&other));
        let empty = Document::default();
        assert!(index.update(&empty));
        let mut out = Vec::new();
        index.cards_in(Rect::EVERYTHING, &mut out);
        assert!(out.is_empty());
        assert_eq!(index.card_at(Pos2::ZERO), None);
    }
}
