//! Every user command in one table: its menu text, tooltip and keyboard shortcut.
//!
//! Menus, the toolbar, the keyboard handler and Help ▸ Keyboard shortcuts all read this
//! table, so a shortcut shown in a menu is always the one that works.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can ask the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Start a new journey (from a template).
    New,
    /// Open a journey file.
    Open,
    /// Save to the current file (or ask where, if it has none).
    Save,
    /// Save to a new file.
    SaveAs,
    /// Close the window.
    Quit,
    /// Take back the last change.
    Undo,
    /// Repeat the last change taken back.
    Redo,
    /// Redo, by its second shortcut.
    RedoAlt,
    /// Copy the selected steps.
    Copy,
    /// Cut the selected steps.
    Cut,
    /// Paste steps.
    Paste,
    /// Duplicate the selected steps.
    Duplicate,
    /// Delete the selection.
    Delete,
    /// Delete the selection, by its second key.
    DeleteAlt,
    /// Select every step.
    SelectAll,
    /// Clear the selection.
    SelectNone,
    /// Select the next step.
    SelectNext,
    /// Select the previous step.
    SelectPrevious,
    /// Start editing the selected step's title.
    EditTitle,
    /// Zoom so that the whole journey is visible.
    ZoomToFit,
    /// Zoom in.
    ZoomIn,
    /// Zoom out.
    ZoomOut,
    /// Zoom to 100 %.
    ZoomReset,
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
    /// Show the list of keyboard shortcuts.
    ShowShortcuts,
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "keeps the shortcut table one call per row"
)]
const fn key(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;

impl Command {
    /// Every command, in the order Help lists them.
    pub const ALL: [Self; 40] = [
        Self::New,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::RedoAlt,
        Self::Copy,
        Self::Cut,
        Self::Paste,
        Self::Duplicate,
        Self::Delete,
        Self::DeleteAlt,
        Self::SelectAll,
        Self::SelectNone,
        Self::SelectNext,
        Self::SelectPrevious,
        Self::EditTitle,
        Self::ZoomToFit,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::NudgeLeft,
        Self::NudgeRight,
        Self::NudgeUp,
        Self::NudgeDown,
        Self::NudgeLeftFar,
        Self::NudgeRightFar,
        Self::NudgeUpFar,
        Self::NudgeDownFar,
        Self::ToggleSnap,
        Self::ArrangeLoop,
        Self::AlignLeft,
        Self::AlignRight,
        Self::AlignTop,
        Self::AlignBottom,
        Self::DistributeHorizontally,
        Self::DistributeVertically,
        Self::ShowShortcuts,
    ];

    /// The menus and their commands, in order; a `None` is a separator. The menu bar is
    /// drawn from this table.
    pub const MENUS: [(&'static str, &'static [Option<Self>]); 5] = [
        (
            "File",
            &[
                Some(Self::New),
                Some(Self::Open),
                None,
                Some(Self::Save),
                Some(Self::SaveAs),
                None,
                Some(Self::Quit),
            ],
        ),
        (
            "Edit",
            &[
                Some(Self::Undo),
                Some(Self::Redo),
                None,
                Some(Self::Cut),
                Some(Self::Copy),
                Some(Self::Paste),
                Some(Self::Duplicate),
                Some(Self::Delete),
                None,
                Some(Self::SelectAll),
                Some(Self::SelectNone),
                Some(Self::SelectNext),
                Some(Self::SelectPrevious),
                Some(Self::EditTitle),
            ],
        ),
        (
            "View",
            &[
                Some(Self::ZoomToFit),
                Some(Self::ZoomIn),
                Some(Self::ZoomOut),
                Some(Self::ZoomReset),
            ],
        ),
        (
            "Arrange",
            &[
                Some(Self::ToggleSnap),
                None,
                Some(Self::ArrangeLoop),
                Some(Self::AlignLeft),
                Some(Self::AlignRight),
                Some(Self::AlignTop),
                Some(Self::AlignBottom),
                Some(Self::DistributeHorizontally),
                Some(Self::DistributeVertically),
            ],
        ),
        ("Help", &[Some(Self::ShowShortcuts)]),
    ];

    /// The text of its menu entry or button.
    pub const fn label(self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo | Self::RedoAlt => "Redo",
            Self::Copy => "Copy",
            Self::Cut => "Cut",
            Self::Paste => "Paste",
            Self::Duplicate => "Duplicate",
            Self::Delete | Self::DeleteAlt => "Delete",
            Self::SelectAll => "Select all",
            Self::SelectNone => "Select none",
            Self::SelectNext => "Select next step",
            Self::SelectPrevious => "Select previous step",
            Self::EditTitle => "Edit title",
            Self::ZoomToFit => "Zoom to fit",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Zoom to 100%",
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
            Self::ShowShortcuts => "Keyboard shortcuts",
        }
    }

    /// What it does, for tooltips and the shortcut list.
    pub const fn tooltip(self) -> &'static str {
        match self {
            Self::New => "Start a new journey from a template",
            Self::Open => "Open a journey file",
            Self::Save => "Save the journey to its file",
            Self::SaveAs => "Save the journey to a new file",
            Self::Quit => "Close Journey Designer",
            Self::Undo => "Take back the last change",
            Self::Redo | Self::RedoAlt => "Repeat the last change taken back",
            Self::Copy => "Copy the selected steps and the links among them",
            Self::Cut => "Copy the selected steps, then delete them",
            Self::Paste => "Paste copied steps at the mouse pointer",
            Self::Duplicate => "Copy and paste the selected steps in one go",
            Self::Delete | Self::DeleteAlt => {
                "Delete the selected steps (with their links) or link"
            }
            Self::SelectAll => "Select every step",
            Self::SelectNone => "Clear the selection",
            Self::SelectNext => "Select the next step",
            Self::SelectPrevious => "Select the previous step",
            Self::EditTitle => "Edit the selected step's title",
            Self::ZoomToFit => "Show the whole journey",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Show the journey at its real size",
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
            Self::ShowShortcuts => "List every keyboard shortcut",
        }
    }

    /// Its keyboard shortcut, if it has one.
    pub const fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::New => key(CMD, Key::N),
            Self::Open => key(CMD, Key::O),
            Self::Save => key(CMD, Key::S),
            Self::SaveAs => key(CMD_SHIFT, Key::S),
            Self::Quit => key(CMD, Key::Q),
            Self::Undo => key(CMD, Key::Z),
            Self::Redo => key(CMD_SHIFT, Key::Z),
            Self::RedoAlt => key(CMD, Key::Y),
            Self::Copy => key(CMD, Key::C),
            Self::Cut => key(CMD, Key::X),
            Self::Paste => key(CMD, Key::V),
            Self::Duplicate => key(CMD, Key::D),
            Self::Delete => key(NONE, Key::Delete),
            Self::DeleteAlt => key(NONE, Key::Backspace),
            Self::SelectAll => key(CMD, Key::A),
            Self::SelectNone => key(NONE, Key::Escape),
            Self::SelectNext => key(NONE, Key::Tab),
            Self::SelectPrevious => key(SHIFT, Key::Tab),
            Self::EditTitle => key(NONE, Key::Enter),
            Self::ZoomToFit => key(NONE, Key::F),
            Self::ZoomIn => key(NONE, Key::Plus),
            Self::ZoomOut => key(NONE, Key::Minus),
            Self::ZoomReset => key(NONE, Key::Num0),
            Self::NudgeLeft => key(NONE, Key::ArrowLeft),
            Self::NudgeRight => key(NONE, Key::ArrowRight),
            Self::NudgeUp => key(NONE, Key::ArrowUp),
            Self::NudgeDown => key(NONE, Key::ArrowDown),
            Self::NudgeLeftFar => key(SHIFT, Key::ArrowLeft),
            Self::NudgeRightFar => key(SHIFT, Key::ArrowRight),
            Self::NudgeUpFar => key(SHIFT, Key::ArrowUp),
            Self::NudgeDownFar => key(SHIFT, Key::ArrowDown),
            Self::ToggleSnap => key(NONE, Key::G),
            Self::ArrangeLoop
            | Self::AlignLeft
            | Self::AlignRight
            | Self::AlignTop
            | Self::AlignBottom
            | Self::DistributeHorizontally
            | Self::DistributeVertically => None,
            Self::ShowShortcuts => key(NONE, Key::F1),
        }
    }

    /// Whether the shortcut also works while a text field has the keyboard: the file
    /// commands and help, which no text field uses.
    pub const fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::New | Self::Open | Self::Save | Self::SaveAs | Self::Quit | Self::ShowShortcuts
        )
    }

    /// Whether the shortcut is a plain key (no ctrl/cmd) that would clash with typing, and so
    /// works only while no text field has the keyboard.
    pub fn is_plain_key(self) -> bool {
        self.shortcut()
            .is_some_and(|s| !s.modifiers.command && !s.modifiers.ctrl)
    }

    /// Its shortcut in the platform's words ("Ctrl+Shift+S"), or an empty string.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut()
            .map(|s| ctx.format_shortcut(&s))
            .unwrap_or_default()
    }

    /// The tooltip with the shortcut appended.
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(_) => format!("{} ({})", self.tooltip(), self.shortcut_text(ctx)),
            None => self.tooltip().to_owned(),
        }
    }

    /// The commands whose shortcut was pressed this frame, most specific first.
    ///
    /// Shortcuts with more modifiers are checked first so that ctrl+shift+Z is not taken
    /// for ctrl+Z. While a text field has the keyboard, only the commands that
    /// [work while typing](Self::works_while_typing) are taken; the rest go to the field.
    pub fn pressed(ctx: &egui::Context) -> Vec<Self> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut commands: Vec<Self> = Self::ALL
            .into_iter()
            .filter(|c| c.shortcut().is_some())
            .collect();
        commands.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| {
                u8::from(s.modifiers.shift)
                    + u8::from(s.modifiers.alt)
                    + u8::from(s.modifiers.command)
            }))
        });
        let mut pressed = Vec::new();
        for command in commands {
            if typing && !command.works_while_typing() {
                continue;
            }
            if let Some(shortcut) = command.shortcut()
                && ctx.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                pressed.push(command);
            }
        }
        pressed
    }
}

/// The rows of Help ▸ Keyboard shortcuts: keys, command, what it does; one row per shortcut.
pub fn shortcut_table(ctx: &egui::Context) -> Vec<(String, &'static str, &'static str)> {
    Command::ALL
        .into_iter()
        .filter(|c| c.shortcut().is_some())
        .map(|c| (c.shortcut_text(ctx), c.label(), c.tooltip()))
        .collect()
}
