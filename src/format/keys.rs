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
    "steps",
    "links",
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
];
/// Each of `links`.
pub const LINK: &[&str] = &["id", "from", "to", "label", "rate"];
/// `view`.
pub const VIEW: &[&str] = &["center", "zoom", "bookmarks"];
/// Each of `view.bookmarks`.
pub const BOOKMARK: &[&str] = &["name", "center", "zoom"];
