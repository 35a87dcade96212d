//! The views of a journey shown in the central area, one at a time, and what each gets to
//! draw with.

use crate::model::search::Matches;
use crate::model::{Document, Selection};

/// A way of showing the journey in the central area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum ViewKind {
    /// Steps as cards and links as arrows on a canvas.
    #[default]
    Canvas,
    /// Stages as columns and lanes as rows: steps, emotion curve, channels, touchpoints,
    /// pain points and opportunities, metrics and the service blueprint's lanes.
    Map,
    /// The scored opportunities: a sortable list and a matrix of value against effort.
    Opportunities,
}

impl ViewKind {
    /// Its name in the View menu and the window.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Canvas => "Canvas",
            Self::Map => "Map",
            Self::Opportunities => "Opportunities",
        }
    }
}

/// Editor settings every view may read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewSettings {
    /// Whether moved steps snap to the grid.
    pub snap: bool,
    /// Show only the steps of this persona (an id), in every view.
    pub persona: Option<String>,
}

impl ViewSettings {
    /// Whether `step` is shown under the persona filter.
    pub fn shows(&self, step: &crate::model::Step) -> bool {
        self.persona.as_deref().is_none_or(|p| step.applies_to(p))
    }
}

/// What a view reads to draw a frame. Views change nothing in it: they return actions.
#[derive(Clone, Copy, Debug)]
pub struct ViewContext<'a> {
    /// The open journey.
    pub doc: &'a Document,
    /// What is selected, shared by every view and the inspector.
    pub selection: &'a Selection,
    /// A number that changes whenever the selection does, to key caches derived from it.
    pub selection_revision: u64,
    /// Editor settings.
    pub settings: &'a ViewSettings,
    /// What Find matched while its panel is open, to mark on the view.
    pub found: Option<&'a Matches>,
    /// The Simulation panel's run of the first scenario it shows, when it is for this
    /// revision of the journey: the inspector and the map's metrics lane show its figures.
    pub simulated: Option<&'a crate::simulation::Outcome>,
    /// What each opportunity's change is worth, when computed for this revision of the
    /// journey and the Simulation panel's periods.
    pub impacts: Option<&'a crate::simulation::Impacts>,
}
