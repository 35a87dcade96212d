//! The keys the app knows in each object of a journey file, in the order files list them.
//! The writer writes them in this order; the fast reader matches keys against these lists.

/// The top level.
pub const DOCUMENT: &[&str] = &[
    "format",
    "version",
    "title",
    "core_narrative",
    "audience",
    "problems",
    "personas",
    "steps",
    "links",
    "scenarios",
    "view",
];
/// `audience`.
pub const AUDIENCE: &[&str] = &["description", "size", "uniqueness", "desires"];
/// `problems`.
pub const PROBLEMS: &[&str] = &["external", "internal", "philosophical"];
/// Each of `steps`.
pub const STEP: &[&str] = &[
    "id",
    "stage",
    "title",
    "notes",
    "position",
    "emotion",
    "channels",
    "touchpoints",
    "pain_points",
    "opportunities",
    "personas",
    "persona_emotions",
    "reach",
    "stay",
    "referrals",
];
/// Each of `links`.
pub const LINK: &[&str] = &["id", "from", "to", "label", "rate"];
/// `view`.
pub const VIEW: &[&str] = &["center", "zoom", "lanes", "hidden_lanes", "bookmarks"];
/// Each of `personas`.
pub const PERSONA: &[&str] = &["id", "name", "description", "goals", "colour"];
/// Each of `scenarios`.
pub const SCENARIO: &[&str] = &["name", "steps", "links"];
/// Each override in a scenario's `steps`.
pub const STEP_OVERRIDE: &[&str] = &["reach", "stay", "referrals"];
/// Each override in a scenario's `links`.
pub const LINK_OVERRIDE: &[&str] = &["rate"];
/// Each of `view.bookmarks`.
pub const BOOKMARK: &[&str] = &["name", "center", "zoom"];
