//! The journey document: steps, links, the marketing frame and the saved view.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use thin_vec::ThinVec;

use super::ids::IdIndex;
use super::shared::SharedList;
use super::validate::{self, Journey, Part, Problem};
use super::{
    Audience, Economics, Emotion, Extra, FailPoint, Lane, Metric, MoneyBox, Opportunity, Persona,
    Problems, Scenario, Stage, ToBe, Wait,
};

/// A point in canvas space (x to the right, y downwards).
pub type Point = [f64; 2];

/// The size of every step's card in canvas units, width and height; a step's position is
/// the centre of its card.
pub const CARD_SIZE: Point = [200.0, 84.0];

/// One step of the journey: a card on the canvas.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Step {
    /// Unique among the steps of a document, never empty.
    pub id: String,
    /// The stage of the service loop this step belongs to.
    pub stage: Stage,
    /// The short title shown on the card.
    pub title: String,
    /// Free notes on what happens here.
    pub notes: String,
    /// The centre of the card in canvas space.
    pub position: Point,
    /// How the customer feels here.
    pub emotion: Emotion,
    /// Channels the customer meets us through (social media, email, shop…).
    pub channels: Vec<String>,
    /// Concrete touchpoints (the checkout page, the welcome call…).
    pub touchpoints: Vec<String>,
    /// What hurts here.
    pub pain_points: Vec<String>,
    /// What we could do better here.
    pub opportunities: Vec<String>,
    /// The ids of the personas this step applies to; none listed means everyone.
    pub personas: Vec<String>,
    /// Personas who feel differently here than the step's `emotion`, in file order; each
    /// persona at most once.
    pub persona_emotions: Vec<(String, Emotion)>,
    /// What the customer sees or holds here (an email, a receipt): the blueprint's physical
    /// evidence.
    pub evidence: Vec<String>,
    /// What staff or the product do here in the customer's view.
    pub frontstage: Vec<String>,
    /// What happens here out of the customer's view.
    pub backstage: Vec<String>,
    /// The systems and partners behind the frontstage and backstage.
    pub support: Vec<String>,
    /// Whether the service is likely to go wrong here, and how.
    pub fail_point: Option<Box<FailPoint>>,
    /// How long the customer waits here.
    pub wait: Option<Box<Wait>>,
    /// Measured figures of the step, with their targets.
    pub metrics: Vec<Metric>,
    /// The step as it is to be in the future journey.
    pub to_be: Option<Box<ToBe>>,
    /// The names of the events of an analytics log that mean "a person is here": exact
    /// names, or patterns with `*` standing for any run of characters (see
    /// [`event_pattern_problem`](super::event_pattern_problem)).
    pub events: ThinVec<String>,
    /// People brought in here by marketing per period (counted at tell steps only), if set;
    /// 0 or more.
    pub reach: Option<f64>,
    /// The share of the people here who stay for the next period, 0..=1, if set (0 if not).
    pub stay: Option<f64>,
    /// New people each person here brings per period by word of mouth, if set; 0 or more.
    pub referrals: Option<f64>,
    /// Money per person per period, a buy step's price, a tell step's marketing (out of
    /// line: reads as a [`StepMoney`](super::StepMoney)).
    pub money: MoneyBox,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Step {
    /// A step with the given id, stage, title and position and everything else empty.
    pub fn new(
        id: impl Into<String>,
        stage: Stage,
        title: impl Into<String>,
        position: Point,
    ) -> Self {
        Self {
            id: id.into(),
            stage,
            title: title.into(),
            position,
            ..Self::default()
        }
    }
}

/// An arrow along which customers move from one step to another.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Link {
    /// Unique among the links of a document, never empty.
    pub id: String,
    /// The id of the step the arrow starts at.
    pub from: String,
    /// The id of the step the arrow points to.
    pub to: String,
    /// An optional label drawn on the arrow.
    pub label: String,
    /// The share of customers moving along the link per period, 0..=1, if known; for a
    /// referral link, its weight in splitting its start's referrals among its referral links.
    pub rate: Option<f64>,
    /// Whether the link carries referrals instead of people: the newcomers its start brings
    /// by word of mouth enter at its end, a tell step. A referral link moves nobody.
    pub referral: bool,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Link {
    /// A link with an empty label and no rate.
    pub fn new(id: impl Into<String>, from: impl Into<String>, to: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            ..Self::default()
        }
    }
}

/// The view saved with a document, restored when it is opened.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The canvas point at the centre of the window.
    pub center: Point,
    /// Screen pixels per canvas unit.
    pub zoom: f64,
    /// The order of the journey map's lanes; lanes left out follow in the default order, so
    /// an empty list is the default order. Each lane at most once.
    pub lanes: Vec<Lane>,
    /// The journey map's lanes the user has hidden, each at most once.
    pub hidden_lanes: Vec<Lane>,
    /// Views saved under a name, to come back to (presenting a big map part by part).
    pub bookmarks: Vec<Bookmark>,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Default for View {
    fn default() -> Self {
        Self {
            center: [0.0, 0.0],
            zoom: 1.0,
            lanes: Vec::new(),
            hidden_lanes: Vec::new(),
            bookmarks: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// A view saved under a name.
#[derive(Clone, Debug, PartialEq)]
pub struct Bookmark {
    /// What the user called it.
    pub name: String,
    /// The canvas point at the centre of the window.
    pub center: Point,
    /// Screen pixels per canvas unit.
    pub zoom: f64,
    /// Fields this version does not know, kept and written back.
    pub extra: Extra,
}

impl Bookmark {
    /// A bookmark without unknown fields.
    pub fn new(name: impl Into<String>, center: Point, zoom: f64) -> Self {
        Self {
            name: name.into(),
            center,
            zoom,
            extra: Extra::new(),
        }
    }
}

/// Why a document refuses a change.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The change would break a rule of [`super::validate`]: the first problem, at the
    /// JSON path of the file where it would lie.
    #[error("{0}")]
    Invalid(Problem),
    /// Something named by an edit does not exist.
    #[error("there is no {kind} \"{id}\"")]
    NotFound {
        /// "step" or "link".
        kind: &'static str,
        /// The id that was not found.
        id: String,
    },
    /// A value is outside its allowed range.
    #[error("{0}")]
    OutOfRange(String),
}

impl ModelError {
    /// The first of `problems` as an error; `Ok` when there are none.
    pub(super) fn refuse(problems: impl IntoIterator<Item = Problem>) -> Result<(), Self> {
        problems
            .into_iter()
            .next()
            .map_or(Ok(()), |p| Err(Self::Invalid(p)))
    }
}

/// A customer-journey map: the marketing frame, steps, links and the saved view.
///
/// Steps and links are kept in order (files list them in that order); they change only
/// through [`crate::model::Edit`]s, which keep ids unique and links pointing at steps.
///
/// Each step and link, the lists of them and the id indexes are shared (`Arc`): a clone costs
/// a pointer per thousand steps (the lists are shared in chunks; see `model::shared`), not a
/// copy of the journey, so a snapshot for a recovery copy or a background task is cheap on
/// the UI thread, and an edit while a snapshot is alive copies only the items it changes.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// The journey's title.
    pub title: String,
    /// The better world behind what we do.
    pub core_narrative: String,
    /// Who the product is for.
    pub audience: Audience,
    /// The customer's problem in three layers.
    pub problems: Problems,
    /// What purchases earn and cost, fixed costs and the discount rate.
    pub economics: Economics,
    /// The view saved with the file.
    pub view: View,
    /// Top-level fields this version does not know, kept and written back.
    pub extra: Extra,
    /// The people the journey is drawn for, in file order; see [`Document::personas`].
    personas: Vec<Persona>,
    steps: SharedList<Step>,
    links: SharedList<Link>,
    /// Named sets of overrides of the loop's numbers; see [`Document::scenarios`].
    pub(super) scenarios: Vec<Scenario>,
    /// Improvements scored by value and effort; see [`Document::opportunities`].
    pub(super) opportunities: Vec<Opportunity>,
    /// Derived: step id → index in `steps`; rebuilt whole, never changed in place.
    step_index: Arc<IdIndex>,
    /// Derived: link id → index in `links`; rebuilt whole, never changed in place.
    link_index: Arc<IdIndex>,
    /// Changes whenever steps or links may have changed; see [`Document::revision`].
    revision: u64,
    /// Changes whenever where steps are, or what links join, may have changed; see
    /// [`Document::geometry_revision`].
    geometry_revision: u64,
}

/// The source of revisions: unique across all documents of the process.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

impl PartialEq for Document {
    /// Documents are equal when their content is; the revision is not content.
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.core_narrative == other.core_narrative
            && self.audience == other.audience
            && self.problems == other.problems
            && self.view == other.view
            && self.extra == other.extra
            && self.personas == other.personas
            && self.steps == other.steps
            && self.links == other.links
            && self.scenarios == other.scenarios
            && self.opportunities == other.opportunities
    }
}

impl Document {
    /// An empty journey with the given title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// Replaces all steps and links, checking that ids are non-empty and unique, that every
    /// link joins existing steps, that steps name the document's personas once each, and
    /// that the scenarios override existing steps and links.
    pub fn set_steps_and_links(
        &mut self,
        steps: Vec<Step>,
        links: Vec<Link>,
    ) -> Result<(), ModelError> {
        let journey = Journey {
            personas: &self.personas,
            steps: &steps,
            links: &links,
            scenarios: &self.scenarios,
            opportunities: &self.opportunities,
        };
        // The checks' maps of ids are gone before the journey is stored, so their memory is
        // used again; the kept indexes hold positions only, not copies of the ids.
        ModelError::refuse(validate::check(&journey, Part::StepsAndLinks))?;
        self.steps = SharedList::of(steps);
        self.links = SharedList::of(links);
        self.step_index = Arc::new(IdIndex::of(&self.steps));
        self.link_index = Arc::new(IdIndex::of(&self.links));
        self.touch_geometry();
        Ok(())
    }

    /// A number that changes whenever the steps, links, personas or the map's lanes may have
    /// changed, and differs between documents, so views can cache what they derive from them
    /// (a spatial index, counts, the map's layout) and rebuild only when it changes. A clone
    /// keeps the revision of its original.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A number that changes whenever steps may have moved, appeared or gone, or links may
    /// join other steps, so a view can keep geometry (a spatial index) across edits of titles,
    /// notes and stages. It changes at least whenever it must; [`Document::revision`] changes
    /// with it.
    pub fn geometry_revision(&self) -> u64 {
        self.geometry_revision
    }

    /// Gives the document a new revision.
    pub(super) fn touch(&mut self) {
        self.revision = NEXT_REVISION.fetch_add(1, Ordering::Relaxed);
    }

    /// Gives the document a new revision and a new geometry revision.
    pub(super) fn touch_geometry(&mut self) {
        self.touch();
        self.geometry_revision = self.revision;
    }

    /// Gives this clone its own lists of steps and links now, instead of when they are first
    /// read (a worker may call it on a snapshot; the editor's lists are never shared anyway).
    pub fn unshare(&mut self) {
        self.steps.unshare();
        self.links.unshare();
    }

    /// The personas, in file order. They change through
    /// [`crate::model::FrameValue::Personas`] edits, which keep their ids unique and every
    /// step's references valid.
    pub fn personas(&self) -> &[Persona] {
        &self.personas
    }

    /// The persona with this id.
    pub fn persona(&self, id: &str) -> Option<&Persona> {
        self.personas.iter().find(|p| p.id == id)
    }

    /// Replaces the personas, checking that their ids are non-empty and unique and that
    /// every step refers only to personas of the new list.
    pub fn set_personas(&mut self, personas: Vec<Persona>) -> Result<(), ModelError> {
        let journey = Journey {
            personas: &personas,
            steps: &self.steps,
            links: &self.links,
            scenarios: &self.scenarios,
            opportunities: &self.opportunities,
        };
        ModelError::refuse(validate::check(&journey, Part::Personas))?;
        self.personas = personas;
        self.touch();
        Ok(())
    }

    /// Replaces the personas, returning the old list, after the checks of
    /// [`Document::set_personas`].
    pub(super) fn swap_personas(
        &mut self,
        personas: Vec<Persona>,
    ) -> Result<Vec<Persona>, ModelError> {
        let old = self.personas.clone();
        self.set_personas(personas)?;
        Ok(old)
    }

    /// Whether the step, at `index` of the steps, could name the personas it names.
    pub(super) fn check_step_personas(&self, index: usize, step: &Step) -> Result<(), ModelError> {
        ModelError::refuse(validate::persona_rule(&self.personas, index, step))
    }

    /// The steps, in file order.
    pub fn steps(&self) -> &[Arc<Step>] {
        &self.steps
    }

    /// The links, in file order.
    pub fn links(&self) -> &[Arc<Link>] {
        &self.links
    }

    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.step_position(id).map(|i| &*self.steps[i])
    }

    /// The index in [`Document::steps`] of the step with this id.
    pub fn step_position(&self, id: &str) -> Option<usize> {
        self.step_index.get(&self.steps, id)
    }

    /// The link with this id.
    pub fn link(&self, id: &str) -> Option<&Link> {
        self.link_position(id).map(|i| &*self.links[i])
    }

    /// The index in [`Document::links`] of the link with this id.
    pub fn link_position(&self, id: &str) -> Option<usize> {
        self.link_index.get(&self.links, id)
    }

    /// Whether a link already goes from `from` to `to`.
    pub fn has_link_between(&self, from: &str, to: &str) -> bool {
        self.links.iter().any(|l| l.from == from && l.to == to)
    }

    /// A fresh step id built from `base` (`"care"`, `"care-2"`, …).
    pub fn fresh_step_id(&self, base: &str) -> String {
        super::builders::fresh_id(base, |id| self.has_step(id))
    }

    /// A fresh link id for a link from `from` to `to` (`"tell-buy"`, `"tell-buy-2"`, …).
    pub fn fresh_link_id(&self, from: &str, to: &str) -> String {
        super::builders::fresh_id(&format!("{from}-{to}"), |id| self.has_link(id))
    }

    /// The scenarios: named sets of overrides of reach, stay, referrals and rates, in file
    /// order. Every id they name is a step or link of the document.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// The scenario named `name`, if any.
    pub fn scenario(&self, name: &str) -> Option<&Scenario> {
        self.scenarios().iter().find(|s| s.name == name)
    }

    /// Replaces the scenarios, checking their names, the ids they name and their values.
    pub fn set_scenarios(&mut self, scenarios: Vec<Scenario>) -> Result<(), ModelError> {
        super::scenario::check_scenarios(self, &scenarios)?;
        self.touch();
        self.scenarios = scenarios;
        Ok(())
    }

    /// The opportunities: improvements scored by value and effort, with the change of the
    /// loop's numbers each would make, in file order. Their ids are unique; every step and
    /// link they name is one of the document's.
    pub fn opportunities(&self) -> &[Opportunity] {
        &self.opportunities
    }

    /// The opportunity with this id.
    pub fn opportunity(&self, id: &str) -> Option<&Opportunity> {
        self.opportunities.iter().find(|o| o.id == id)
    }

    /// Replaces the opportunities, checking their ids, the steps and links they name and
    /// their scores and numbers.
    pub fn set_opportunities(&mut self, opportunities: Vec<Opportunity>) -> Result<(), ModelError> {
        super::opportunity::check_opportunities(self, &opportunities)?;
        self.touch();
        self.opportunities = opportunities;
        Ok(())
    }

    /// Takes the given steps and links out of the opportunities (they are being removed):
    /// from the steps each names and from its change. Returns the opportunities as they
    /// were if any changed.
    pub(super) fn prune_opportunities(
        &mut self,
        steps: &dyn Fn(&str) -> bool,
        links: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<Opportunity>> {
        let named = self.opportunities.iter().any(|o| {
            o.steps.iter().any(|id| steps(id))
                || o.change.steps.iter().any(|(id, _)| steps(id))
                || o.change.links.iter().any(|(id, _)| links(id))
        });
        if !named {
            return None;
        }
        let old = self.opportunities.clone();
        for o in &mut self.opportunities {
            o.steps.retain(|id| !steps(id));
            o.change.steps.retain(|(id, _)| !steps(id));
            o.change.links.retain(|(id, _)| !links(id));
        }
        self.touch();
        Some(old)
    }

    /// Takes every override of the given steps and links out of the scenarios (they are being
    /// removed), returning the scenarios as they were if any changed.
    pub(super) fn prune_scenarios(
        &mut self,
        steps: &dyn Fn(&str) -> bool,
        links: &dyn Fn(&str) -> bool,
    ) -> Option<Vec<Scenario>> {
        let named = self.scenarios.iter().any(|s| {
            s.steps.iter().any(|(id, _)| steps(id)) || s.links.iter().any(|(id, _)| links(id))
        });
        if !named {
            return None;
        }
        let old = self.scenarios.clone();
        for scenario in &mut self.scenarios {
            scenario.steps.retain(|(id, _)| !steps(id));
            scenario.links.retain(|(id, _)| !links(id));
        }
        self.touch();
        Some(old)
    }

    /// How many steps there are of each stage, in [`Stage::ALL`] order.
    pub fn stage_counts(&self) -> [usize; 6] {
        let mut counts = [0; 6];
        for step in self.steps.iter() {
            counts[step.stage.index()] += 1;
        }
        counts
    }

    pub(super) fn steps_mut(&mut self) -> &mut Vec<Arc<Step>> {
        self.touch_geometry();
        self.steps.make_mut()
    }

    pub(super) fn links_mut(&mut self) -> &mut Vec<Arc<Link>> {
        self.touch_geometry();
        self.links.make_mut()
    }

    pub(super) fn step_mut(&mut self, id: &str) -> Option<&mut Step> {
        self.touch();
        self.step_position(id)
            .map(|i| Arc::make_mut(&mut self.steps.make_mut()[i]))
    }

    pub(super) fn link_mut(&mut self, id: &str) -> Option<&mut Link> {
        self.touch();
        self.link_position(id)
            .map(|i| Arc::make_mut(&mut self.links.make_mut()[i]))
    }

    pub(super) fn has_step(&self, id: &str) -> bool {
        self.step_position(id).is_some()
    }

    pub(super) fn has_link(&self, id: &str) -> bool {
        self.link_position(id).is_some()
    }

    /// Rebuilds the id indexes after steps or links were inserted or removed.
    pub(super) fn reindex(&mut self) {
        self.touch_geometry();
        self.step_index = Arc::new(IdIndex::of(&self.steps));
        self.link_index = Arc::new(IdIndex::of(&self.links));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProblemKind;

    fn two_steps() -> Vec<Step> {
        vec![
            Step::new("a", Stage::Tell, "A", [0.0, 0.0]),
            Step::new("b", Stage::Buy, "B", [10.0, 0.0]),
        ]
    }

    #[test]
    fn steps_and_links_are_checked() {
        let mut doc = Document::new("t");
        assert!(
            doc.set_steps_and_links(two_steps(), vec![Link::new("ab", "a", "b")])
                .is_ok()
        );
        assert_eq!(doc.step("b").map(|s| s.title.as_str()), Some("B"));
        assert!(doc.has_link_between("a", "b"));

        let dangling = doc.set_steps_and_links(two_steps(), vec![Link::new("ac", "a", "c")]);
        assert_eq!(
            dangling,
            Err(ModelError::Invalid(Problem {
                path: "links[0].to".into(),
                kind: ProblemKind::NoSuchStep { id: "c".into() }
            }))
        );
        let mut dup = two_steps();
        dup[1].id = "a".into();
        assert_eq!(
            doc.set_steps_and_links(dup, vec![]),
            Err(ModelError::Invalid(Problem {
                path: "steps[1].id".into(),
                kind: ProblemKind::DuplicateId {
                    list: "steps",
                    id: "a".into(),
                    first: 0
                }
            }))
        );
        // A refused replacement leaves the document as it was.
        assert_eq!(doc.steps().len(), 2);
        assert_eq!(doc.links().len(), 1);
    }

    #[test]
    fn fresh_ids_do_not_collide() {
        let mut doc = Document::new("t");
        doc.set_steps_and_links(two_steps(), vec![Link::new("a-b", "a", "b")])
            .unwrap();
        assert_eq!(doc.fresh_step_id("a"), "a-2");
        assert_eq!(doc.fresh_step_id("c"), "c");
        assert_eq!(doc.fresh_link_id("a", "b"), "a-b-2");
    }
}
