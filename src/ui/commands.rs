//! Every user command in one table: its menu, menu text, tooltip and keyboard shortcuts.
//!
//! Menus, the toolbar, the keyboard handler and Help ▸ Keyboard shortcuts all read this
//! table, so a shortcut shown in a menu is always the one that works. The app runs commands
//! in one exhaustive `match`: a command added here does not compile until it is handled.

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::IntoEnumIterator as _;

use super::view::ViewKind;
use crate::model::builders::{Arrangement, Axis, Extreme};

/// Something the user can ask the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Command {
    /// Start a new journey (from a template).
    New,
    /// Open a journey file.
    Open,
    /// Open a recently used file (a submenu of them).
    OpenRecent,
    /// Open a Mermaid journey diagram or a CSV table of steps as a new journey.
    Import,
    /// Fit the journey's numbers to event logs and review them against the drawn ones.
    Calibrate,
    /// Save to the current file (or ask where, if it has none).
    Save,
    /// Save to a new file.
    SaveAs,
    /// Export as a picture, Mermaid or CSV.
    Export,
    /// Close the window.
    Quit,
    /// Take back the last change.
    Undo,
    /// Repeat the last change taken back.
    Redo,
    /// Cut the selected steps.
    Cut,
    /// Copy the selected steps.
    Copy,
    /// Paste steps.
    Paste,
    /// Duplicate the selected steps.
    Duplicate,
    /// Delete the selection.
    Delete,
    /// Select every step.
    SelectAll,
    /// Clear the selection.
    SelectNone,
    /// Select the next step.
    SelectNext,
    /// Select the previous step.
    SelectPrevious,
    /// Select the step the selected step's link leads to.
    FollowLinkForward,
    /// Select the step whose link leads to the selected step.
    FollowLinkBack,
    /// Put the keyboard into the inspector's first field.
    FocusInspector,
    /// Start editing the selected step's title.
    EditTitle,
    /// Open the find panel with the keyboard in its search field.
    Find,
    /// Go to the next match of the search.
    FindNext,
    /// Go to the previous match of the search.
    FindPrevious,
    /// Close the find panel.
    CloseFind,
    /// Show the journey as a canvas of cards and arrows.
    ShowCanvas,
    /// Show the journey as a map of stages and lanes.
    ShowMap,
    /// Show the scored opportunities: a list and a matrix of value against effort.
    ShowOpportunities,
    /// Show only the service blueprint's lanes on the map, in its order.
    LanesBlueprint,
    /// Show every lane of the map.
    LanesAll,
    /// Show or hide the Simulation panel.
    ToggleSimulation,
    /// Zoom so that the whole journey is visible.
    ZoomToFit,
    /// Zoom so that the selected steps fill the view.
    ZoomToSelection,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Zoom to 100 %.
    ZoomReset,
    /// Show or hide the minimap.
    ToggleMinimap,
    /// Save the current view under a name.
    AddBookmark,
    /// Go back to a bookmarked view (a submenu of them).
    Bookmarks,
    /// Show the journey full screen as slides: the bookmarks, or the frame, each stage and
    /// the whole loop.
    Present,
    /// Use the light theme.
    ThemeLight,
    /// Use the dark theme.
    ThemeDark,
    /// Follow the system's theme.
    ThemeSystem,
    /// Move the selection left.
    NudgeLeft,
    /// Move the selection right.
    NudgeRight,
    /// Move the selection up.
    NudgeUp,
    /// Move the selection down.
    NudgeDown,
    /// Move the selection left by a large step.
    NudgeLeftFar,
    /// Move the selection right by a large step.
    NudgeRightFar,
    /// Move the selection up by a large step.
    NudgeUpFar,
    /// Move the selection down by a large step.
    NudgeDownFar,
    /// Toggle snapping to the grid.
    ToggleSnap,
    /// Place the steps around a ring in stage order.
    ArrangeLoop,
    /// Line the selected steps up on the leftmost one.
    AlignLeft,
    /// Line the selected steps up on the rightmost one.
    AlignRight,
    /// Line the selected steps up on the topmost one.
    AlignTop,
    /// Line the selected steps up on the lowest one.
    AlignBottom,
    /// Space the selected steps evenly from left to right.
    DistributeHorizontally,
    /// Space the selected steps evenly from top to bottom.
    DistributeVertically,
    /// Show the welcome: what the loop is, how to add steps, where the map and the
    /// simulation are.
    GettingStarted,
    /// Show the list of keyboard shortcuts.
    ShowShortcuts,
}

/// A menu of the menu bar, in the bar's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Menu {
    /// Files.
    File,
    /// Editing and selecting.
    Edit,
    /// Views, zoom and theme.
    View,
    /// Placing steps.
    Arrange,
    /// Help.
    Help,
}

impl Menu {
    /// Its title in the menu bar.
    pub const fn title(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::View => "View",
            Self::Arrange => "Arrange",
            Self::Help => "Help",
        }
    }

    /// Its entries top to bottom, a `None` between groups.
    pub fn entries(self) -> Vec<Option<Command>> {
        let mut entries = Vec::new();
        let mut group = None;
        for command in Command::iter() {
            let Some((menu, g)) = command.place() else {
                continue;
            };
            if menu != self {
                continue;
            }
            if group.is_some_and(|last| last != g) {
                entries.push(None);
            }
            group = Some(g);
            entries.push(Some(command));
        }
        entries
    }
}

/// How a command shows in a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A plain entry.
    Action,
    /// A check box that shows whether the setting is on.
    Toggle(Toggle),
    /// One choice among a group, shown as a radio button.
    Choice(Choice),
    /// A submenu filled by the app.
    Submenu(Submenu),
}

/// A setting a check-box entry turns on and off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    /// Snapping moved steps to the grid.
    Snap,
    /// The Simulation panel.
    Simulation,
    /// The canvas's minimap.
    Minimap,
}

/// One of a group of choices shown as radio buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The view shown in the central area.
    View(ViewKind),
    /// The colour theme.
    Theme(egui::ThemePreference),
}

/// A submenu whose entries the app fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Submenu {
    /// The recently used files.
    RecentFiles,
    /// The bookmarked views.
    Bookmarks,
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;

impl Command {
    /// Every command, in the order Help lists them.
    pub fn all() -> impl Iterator<Item = Self> {
        Self::iter()
    }

    /// The menu it sits in and its group there (groups are separated by lines); `None` for
    /// commands reached by keyboard only.
    pub const fn place(self) -> Option<(Menu, u8)> {
        Some(match self {
            Self::New | Self::Open | Self::OpenRecent | Self::Import | Self::Calibrate => {
                (Menu::File, 0)
            }
            Self::Save | Self::SaveAs | Self::Export => (Menu::File, 1),
            Self::Quit => (Menu::File, 2),
            Self::Undo | Self::Redo => (Menu::Edit, 0),
            Self::Cut | Self::Copy | Self::Paste | Self::Duplicate | Self::Delete => {
                (Menu::Edit, 1)
            }
            Self::SelectAll
            | Self::SelectNone
            | Self::SelectNext
            | Self::SelectPrevious
            | Self::FollowLinkForward
            | Self::FollowLinkBack
            | Self::FocusInspector
            | Self::EditTitle => (Menu::Edit, 2),
            Self::Find | Self::FindNext | Self::FindPrevious | Self::CloseFind => (Menu::Edit, 3),
            Self::ShowCanvas | Self::ShowMap | Self::ShowOpportunities => (Menu::View, 0),
            Self::LanesBlueprint | Self::LanesAll => (Menu::View, 6),
            Self::ToggleSimulation => (Menu::View, 5),
            Self::ZoomToFit
            | Self::ZoomToSelection
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset => (Menu::View, 1),
            Self::ToggleMinimap => (Menu::View, 2),
            Self::AddBookmark | Self::Bookmarks | Self::Present => (Menu::View, 4),
            Self::ThemeLight | Self::ThemeDark | Self::ThemeSystem => (Menu::View, 3),
            Self::ToggleSnap => (Menu::Arrange, 0),
            Self::ArrangeLoop
            | Self::AlignLeft
            | Self::AlignRight
            | Self::AlignTop
            | Self::AlignBottom
            | Self::DistributeHorizontally
            | Self::DistributeVertically => (Menu::Arrange, 1),
            Self::GettingStarted | Self::ShowShortcuts => (Menu::Help, 0),
            Self::NudgeLeft
            | Self::NudgeRight
            | Self::NudgeUp
            | Self::NudgeDown
            | Self::NudgeLeftFar
            | Self::NudgeRightFar
            | Self::NudgeUpFar
            | Self::NudgeDownFar => return None,
        })
    }

    /// How it shows in a menu.
    pub const fn kind(self) -> Kind {
        match self {
            Self::ToggleSnap => Kind::Toggle(Toggle::Snap),
            Self::ToggleSimulation => Kind::Toggle(Toggle::Simulation),
            Self::ToggleMinimap => Kind::Toggle(Toggle::Minimap),
            Self::ShowCanvas => Kind::Choice(Choice::View(ViewKind::Canvas)),
            Self::ShowMap => Kind::Choice(Choice::View(ViewKind::Map)),
            Self::ShowOpportunities => Kind::Choice(Choice::View(ViewKind::Opportunities)),
            Self::ThemeLight => Kind::Choice(Choice::Theme(egui::ThemePreference::Light)),
            Self::ThemeDark => Kind::Choice(Choice::Theme(egui::ThemePreference::Dark)),
            Self::ThemeSystem => Kind::Choice(Choice::Theme(egui::ThemePreference::System)),
            Self::OpenRecent => Kind::Submenu(Submenu::RecentFiles),
            Self::Bookmarks => Kind::Submenu(Submenu::Bookmarks),
            Self::New
            | Self::Open
            | Self::Import
            | Self::Calibrate
            | Self::Present
            | Self::Save
            | Self::SaveAs
            | Self::Export
            | Self::Quit
            | Self::Undo
            | Self::Redo
            | Self::Cut
            | Self::Copy
            | Self::Paste
            | Self::Duplicate
            | Self::Delete
            | Self::SelectAll
            | Self::SelectNone
            | Self::SelectNext
            | Self::SelectPrevious
            | Self::FollowLinkForward
            | Self::FollowLinkBack
            | Self::FocusInspector
            | Self::EditTitle
            | Self::Find
            | Self::FindNext
            | Self::FindPrevious
            | Self::CloseFind
            | Self::ZoomToFit
            | Self::ZoomToSelection
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::AddBookmark
            | Self::LanesBlueprint
            | Self::LanesAll
            | Self::NudgeLeft
            | Self::NudgeRight
            | Self::NudgeUp
            | Self::NudgeDown
            | Self::NudgeLeftFar
            | Self::NudgeRightFar
            | Self::NudgeUpFar
            | Self::NudgeDownFar
            | Self::ArrangeLoop
            | Self::AlignLeft
            | Self::AlignRight
            | Self::AlignTop
            | Self::AlignBottom
            | Self::DistributeHorizontally
            | Self::DistributeVertically
            | Self::GettingStarted
            | Self::ShowShortcuts => Kind::Action,
        }
    }

    /// How it arranges the selected steps, for the Arrange menu's commands.
    pub const fn arrangement(self) -> Option<Arrangement> {
        Some(match self {
            Self::ArrangeLoop => Arrangement::Loop,
            Self::AlignLeft => Arrangement::Align(Axis::X, Extreme::Min),
            Self::AlignRight => Arrangement::Align(Axis::X, Extreme::Max),
            Self::AlignTop => Arrangement::Align(Axis::Y, Extreme::Min),
            Self::AlignBottom => Arrangement::Align(Axis::Y, Extreme::Max),
            Self::DistributeHorizontally => Arrangement::Distribute(Axis::X),
            Self::DistributeVertically => Arrangement::Distribute(Axis::Y),
            Self::New
            | Self::Open
            | Self::OpenRecent
            | Self::Import
            | Self::Calibrate
            | Self::Present
            | Self::Save
            | Self::SaveAs
            | Self::Export
            | Self::Quit
            | Self::Undo
            | Self::Redo
            | Self::Cut
            | Self::Copy
            | Self::Paste
            | Self::Duplicate
            | Self::Delete
            | Self::SelectAll
            | Self::SelectNone
            | Self::SelectNext
            | Self::SelectPrevious
            | Self::FollowLinkForward
            | Self::FollowLinkBack
            | Self::FocusInspector
            | Self::EditTitle
            | Self::Find
            | Self::FindNext
            | Self::FindPrevious
            | Self::CloseFind
            | Self::ShowCanvas
            | Self::ShowMap
            | Self::ShowOpportunities
            | Self::LanesBlueprint
            | Self::LanesAll
            | Self::ToggleSimulation
            | Self::ZoomToFit
            | Self::ZoomToSelection
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::ToggleMinimap
            | Self::AddBookmark
            | Self::Bookmarks
            | Self::ThemeLight
            | Self::ThemeDark
            | Self::ThemeSystem
            | Self::NudgeLeft
            | Self::NudgeRight
            | Self::NudgeUp
            | Self::NudgeDown
            | Self::NudgeLeftFar
            | Self::NudgeRightFar
            | Self::NudgeUpFar
            | Self::NudgeDownFar
            | Self::ToggleSnap
            | Self::GettingStarted
            | Self::ShowShortcuts => return None,
        })
    }

    /// The text of its menu entry or button.
    pub const fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open => "Open…",
            Self::OpenRecent => "Open Recent",
            Self::Import => "Import…",
            Self::Calibrate => "Calibrate from events…",
            Self::Present => "Present",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Export => "Export…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Copy => "Copy",
            Self::Cut => "Cut",
            Self::Paste => "Paste",
            Self::Duplicate => "Duplicate",
            Self::Delete => "Delete",
            Self::SelectAll => "Select all",
            Self::SelectNone => "Select none",
            Self::SelectNext => "Select next step",
            Self::SelectPrevious => "Select previous step",
            Self::FollowLinkForward => "Follow link forward",
            Self::FollowLinkBack => "Follow link back",
            Self::FocusInspector => "Go to the inspector",
            Self::EditTitle => "Edit title",
            Self::Find => "Find…",
            Self::FindNext => "Find next",
            Self::FindPrevious => "Find previous",
            Self::CloseFind => "Close find",
            Self::ShowCanvas => "Canvas",
            Self::ShowMap => "Journey map",
            Self::ShowOpportunities => "Opportunities",
            Self::LanesBlueprint => "Blueprint lanes",
            Self::LanesAll => "All lanes",
            Self::ToggleSimulation => "Simulation panel",
            Self::ZoomToFit => "Zoom to fit",
            Self::ZoomToSelection => "Zoom to selection",
            Self::ToggleMinimap => "Minimap",
            Self::AddBookmark => "Bookmark this view…",
            Self::Bookmarks => "Bookmarks",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Zoom to 100%",
            Self::ThemeLight => "Light theme",
            Self::ThemeDark => "Dark theme",
            Self::ThemeSystem => "Follow the system's theme",
            Self::NudgeLeft => "Nudge left",
            Self::NudgeRight => "Nudge right",
            Self::NudgeUp => "Nudge up",
            Self::NudgeDown => "Nudge down",
            Self::NudgeLeftFar => "Nudge left far",
            Self::NudgeRightFar => "Nudge right far",
            Self::NudgeUpFar => "Nudge up far",
            Self::NudgeDownFar => "Nudge down far",
            Self::ToggleSnap => "Snap to grid",
            Self::ArrangeLoop => "Arrange as loop",
            Self::AlignLeft => "Align left",
            Self::AlignRight => "Align right",
            Self::AlignTop => "Align top",
            Self::AlignBottom => "Align bottom",
            Self::DistributeHorizontally => "Distribute horizontally",
            Self::DistributeVertically => "Distribute vertically",
            Self::GettingStarted => "Getting started",
            Self::ShowShortcuts => "Keyboard shortcuts",
        }
    }

    /// What it does, for tooltips and the shortcut list.
    pub const fn tooltip(self) -> &'static str {
        match self {
            Self::New => "Start a new journey from a template",
            Self::Open => "Open a journey file",
            Self::OpenRecent => "Open a journey you worked on recently",
            Self::Import => {
                "Open a Mermaid journey diagram or a CSV table of steps as a new, unsaved journey"
            }
            Self::Calibrate => {
                "Fit the journey's numbers to what really happened: read event logs (CSV, JSON Lines, .gz), review observed against drawn, and keep them as a scenario or as the journey's numbers"
            }
            Self::Present => {
                "Show the journey full screen, slide by slide: Right arrow, Space or Page Down for the next, Left arrow or Page Up back, Esc leaves"
            }
            Self::Save => "Save the journey to its file",
            Self::SaveAs => "Save the journey to a new file",
            Self::Export => "Export the journey as a picture (SVG, PNG, PDF), Mermaid or CSV",
            Self::Quit => "Close Journey Designer",
            Self::Undo => "Take back the last change",
            Self::Redo => "Repeat the last change taken back",
            Self::Copy => "Copy the selected steps and the links among them",
            Self::Cut => "Copy the selected steps, then delete them",
            Self::Paste => "Paste copied steps at the mouse pointer",
            Self::Duplicate => "Copy and paste the selected steps in one go",
            Self::Delete => "Delete the selected steps (with their links) or link",
            Self::SelectAll => "Select every step",
            Self::SelectNone => "Clear the selection",
            Self::SelectNext => "Select the next step; after the last step, the links",
            Self::SelectPrevious => "Select the previous step or link",
            Self::FollowLinkForward => "Select the step the selected step's link leads to",
            Self::FollowLinkBack => "Select the step whose link leads to the selected step",
            Self::FocusInspector => {
                "Edit the selection's first field in the inspector (shift+Tab there comes back)"
            }
            Self::EditTitle => "Edit the selected step's title",
            Self::Find => {
                "Search step titles, notes, channels, touchpoints, pain points, opportunities and link labels"
            }
            Self::FindNext => "Select and show the next match",
            Self::FindPrevious => "Select and show the previous match",
            Self::CloseFind => "Close the find panel (Escape while it is open)",
            Self::ShowCanvas => "Show the journey as cards and arrows around the loop",
            Self::ShowMap => {
                "Show the journey as a map: stages as columns; steps, emotion, channels, touchpoints, pain points, opportunities, metrics and the service blueprint as lanes"
            }
            Self::ShowOpportunities => {
                "Show the scored opportunities: a list sortable by any column and a matrix of value against effort, sized by what the simulation says each is worth"
            }
            Self::LanesBlueprint => {
                "Show only the service blueprint's lanes on the map: evidence, the steps, frontstage, backstage and support, with the lines between them"
            }
            Self::LanesAll => "Show every lane of the map",
            Self::ToggleSimulation => {
                "Run the journey's numbers: people reached, purchases, K and where it leaks"
            }
            Self::ZoomToFit => "Show the whole journey",
            Self::ZoomToSelection => "Show the selected steps (or link) as large as fits",
            Self::ToggleMinimap => {
                "Show the whole journey small in a corner; click or drag in it to move the view"
            }
            Self::AddBookmark => "Save where the canvas looks, under a name, with the journey",
            Self::Bookmarks => "Go back to a bookmarked view",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Show the journey at its real size",
            Self::ThemeLight => "Dark text on a light background, best on a projector",
            Self::ThemeDark => "Light text on a dark background",
            Self::ThemeSystem => "Light or dark as the desktop is set",
            Self::NudgeLeft | Self::NudgeRight | Self::NudgeUp | Self::NudgeDown => {
                "Move the selected steps a little"
            }
            Self::NudgeLeftFar | Self::NudgeRightFar | Self::NudgeUpFar | Self::NudgeDownFar => {
                "Move the selected steps further"
            }
            Self::ToggleSnap => "Snap moved steps to the grid",
            Self::ArrangeLoop => {
                "Place the steps (or the selected ones) around a ring in stage order, tell at the top"
            }
            Self::AlignLeft => "Line the selected steps up on the leftmost one",
            Self::AlignRight => "Line the selected steps up on the rightmost one",
            Self::AlignTop => "Line the selected steps up on the topmost one",
            Self::AlignBottom => "Line the selected steps up on the lowest one",
            Self::DistributeHorizontally => {
                "Space three or more selected steps evenly from left to right"
            }
            Self::DistributeVertically => {
                "Space three or more selected steps evenly from top to bottom"
            }
            Self::GettingStarted => {
                "What the service loop is, the ways to add a step, and where the map and the simulation are"
            }
            Self::ShowShortcuts => "List every keyboard shortcut",
        }
    }

    /// Its keyboard shortcuts, the one shown in menus first.
    pub const fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::New => const { &[key(CMD, Key::N)] },
            Self::Open => const { &[key(CMD, Key::O)] },
            Self::Import => const { &[key(CMD, Key::I)] },
            Self::Present => const { &[key(NONE, Key::F5)] },
            Self::Save => const { &[key(CMD, Key::S)] },
            Self::SaveAs => const { &[key(CMD_SHIFT, Key::S)] },
            Self::Export => const { &[key(CMD, Key::E)] },
            Self::Quit => const { &[key(CMD, Key::Q)] },
            Self::Undo => const { &[key(CMD, Key::Z)] },
            Self::Redo => const { &[key(CMD_SHIFT, Key::Z), key(CMD, Key::Y)] },
            Self::Copy => const { &[key(CMD, Key::C)] },
            Self::Cut => const { &[key(CMD, Key::X)] },
            Self::Paste => const { &[key(CMD, Key::V)] },
            Self::Duplicate => const { &[key(CMD, Key::D)] },
            Self::Delete => const { &[key(NONE, Key::Delete), key(NONE, Key::Backspace)] },
            Self::SelectAll => const { &[key(CMD, Key::A)] },
            Self::SelectNone => const { &[key(NONE, Key::Escape)] },
            Self::SelectNext => const { &[key(ALT, Key::ArrowDown)] },
            Self::SelectPrevious => const { &[key(ALT, Key::ArrowUp)] },
            Self::FollowLinkForward => const { &[key(ALT, Key::ArrowRight)] },
            Self::FollowLinkBack => const { &[key(ALT, Key::ArrowLeft)] },
            Self::FocusInspector => const { &[key(NONE, Key::Tab)] },
            Self::EditTitle => const { &[key(NONE, Key::Enter)] },
            Self::Find => const { &[key(CMD, Key::F)] },
            Self::FindNext => const { &[key(NONE, Key::F3)] },
            Self::FindPrevious => const { &[key(SHIFT, Key::F3)] },
            Self::ShowCanvas => const { &[key(CMD, Key::Num1)] },
            Self::ShowMap => const { &[key(CMD, Key::Num2)] },
            Self::ShowOpportunities => const { &[key(CMD, Key::Num3)] },
            Self::ZoomToFit => const { &[key(NONE, Key::F)] },
            Self::ZoomToSelection => const { &[key(SHIFT, Key::F), key(NONE, Key::Period)] },
            Self::ToggleMinimap => const { &[key(NONE, Key::M)] },
            Self::AddBookmark => const { &[key(CMD, Key::B)] },
            Self::ZoomIn => const { &[key(NONE, Key::Plus), key(NONE, Key::Equals)] },
            Self::ZoomOut => const { &[key(NONE, Key::Minus)] },
            Self::ZoomReset => const { &[key(NONE, Key::Num0)] },
            Self::NudgeLeft => const { &[key(NONE, Key::ArrowLeft)] },
            Self::NudgeRight => const { &[key(NONE, Key::ArrowRight)] },
            Self::NudgeUp => const { &[key(NONE, Key::ArrowUp)] },
            Self::NudgeDown => const { &[key(NONE, Key::ArrowDown)] },
            Self::NudgeLeftFar => const { &[key(SHIFT, Key::ArrowLeft)] },
            Self::NudgeRightFar => const { &[key(SHIFT, Key::ArrowRight)] },
            Self::NudgeUpFar => const { &[key(SHIFT, Key::ArrowUp)] },
            Self::NudgeDownFar => const { &[key(SHIFT, Key::ArrowDown)] },
            Self::ToggleSnap => const { &[key(NONE, Key::G)] },
            Self::ShowShortcuts => const { &[key(NONE, Key::F1)] },
            Self::OpenRecent
            | Self::Calibrate
            | Self::ToggleSimulation
            | Self::CloseFind
            | Self::Bookmarks
            | Self::LanesBlueprint
            | Self::LanesAll
            | Self::ThemeLight
            | Self::ThemeDark
            | Self::ThemeSystem
            | Self::ArrangeLoop
            | Self::AlignLeft
            | Self::AlignRight
            | Self::AlignTop
            | Self::AlignBottom
            | Self::DistributeHorizontally
            | Self::DistributeVertically
            | Self::GettingStarted => &[],
        }
    }

    /// Whether its shortcuts also work while a text field has the keyboard: the file
    /// commands and help, which no text field uses.
    pub const fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Open
                | Self::Import
                | Self::Present
                | Self::Save
                | Self::SaveAs
                | Self::Quit
                | Self::ShowShortcuts
                | Self::Find
                | Self::FindNext
                | Self::FindPrevious
        )
    }

    /// Its first shortcut in the platform's words ("Ctrl+Shift+S"), or an empty string.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }

    /// The tooltip with the shortcut appended.
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        if self.shortcuts().is_empty() {
            self.tooltip().to_owned()
        } else {
            format!("{} ({})", self.tooltip(), self.shortcut_text(ctx))
        }
    }

    /// The commands whose shortcut was pressed this frame, most specific first.
    ///
    /// Shortcuts with more modifiers are checked first so that ctrl+shift+Z is not taken
    /// for ctrl+Z. While a text field has the keyboard, only the commands that
    /// [work while typing](Self::works_while_typing) are taken; the rest go to the field.
    pub fn pressed(ctx: &egui::Context) -> Vec<Self> {
        let typing = !super::focus::keyboard_on_canvas(ctx);
        let mut shortcuts: Vec<(Self, KeyboardShortcut)> = Self::iter()
            .filter(|c| !typing || c.works_while_typing())
            .flat_map(|c| c.shortcuts().iter().map(move |s| (c, *s)))
            .collect();
        shortcuts.sort_by_key(|(_, s)| {
            std::cmp::Reverse(
                u8::from(s.modifiers.shift)
                    + u8::from(s.modifiers.alt)
                    + u8::from(s.modifiers.command),
            )
        });
        let mut pressed = Vec::new();
        for (command, shortcut) in shortcuts {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) && !pressed.contains(&command) {
                pressed.push(command);
            }
        }
        pressed
    }
}

/// The rows of Help ▸ Keyboard shortcuts: keys, command, what it does; one row per shortcut.
pub fn shortcut_table(ctx: &egui::Context) -> Vec<(String, &'static str, &'static str)> {
    Command::iter()
        .flat_map(|c| {
            c.shortcuts()
                .iter()
                .map(move |s| (ctx.format_shortcut(s), c.label(), c.tooltip()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
        for command in Command::iter() {
            for shortcut in command.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(s, _)| s == shortcut) {
                    panic!("{command:?} and {other:?} share {shortcut:?}");
                }
                seen.push((*shortcut, command));
            }
        }
        assert!(seen.len() > 30);
    }

    #[test]
    fn every_command_is_in_a_menu_or_has_a_shortcut() {
        for command in Command::iter() {
            assert!(
                command.place().is_some() || !command.shortcuts().is_empty(),
                "{command:?} cannot be reached"
            );
        }
    }

    #[test]
    fn menus_list_their_commands_in_groups() {
        let file = Menu::File.entries();
        assert_eq!(
            file,
            [
                Some(Command::New),
                Some(Command::Open),
                Some(Command::OpenRecent),
                Some(Command::Import),
                Some(Command::Calibrate),
                None,
                Some(Command::Save),
                Some(Command::SaveAs),
                Some(Command::Export),
                None,
                Some(Command::Quit),
            ]
        );
        for menu in Menu::iter() {
            let entries = menu.entries();
            assert!(entries.first().is_some_and(Option::is_some), "{menu:?}");
            assert!(entries.last().is_some_and(Option::is_some), "{menu:?}");
            assert!(!entries.windows(2).any(|w| w[0].is_none() && w[1].is_none()));
        }
    }

    #[test]
    fn second_shortcuts_are_listed_in_help() {
        let ctx = egui::Context::default();
        let rows = shortcut_table(&ctx);
        assert_eq!(
            rows.iter().filter(|(_, label, _)| *label == "Redo").count(),
            2
        );
        assert_eq!(
            rows.iter()
                .filter(|(_, label, _)| *label == "Delete")
                .count(),
            2
        );
    }
}
