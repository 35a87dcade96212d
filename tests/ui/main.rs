//! The editor driven as a user drives it: by labels, clicks, drags and keys, through the
//! real `App`, with scripted file dialogs. Each test checks the journey document afterwards.

#![expect(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    reason = "test helpers fail the test loudly on purpose"
)]

mod access;
mod blueprint;
mod calibrate;
mod canvas;
mod export;
mod faults;
mod files;
mod frame;
mod keyboard;
mod map;
mod navigate;
mod present;
mod simulation;
mod speed;
mod together;
mod welcome;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Pos2, Rect, accesskit::Role, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use journey_designer::app::dialogs::ScriptedDialogs;
use journey_designer::app::storage::Settings;
use journey_designer::app::{App, AppConfig};
use journey_designer::model::Document;

/// A journey of one buy step titled "Only step", called `title`.
pub fn journey(title: &str) -> Document {
    let mut doc = Document::new(title);
    doc.set_steps_and_links(
        vec![journey_designer::model::Step::new(
            "only",
            journey_designer::model::Stage::Buy,
            "Only step",
            [0.0, 0.0],
        )],
        vec![],
    )
    .unwrap();
    doc
}

/// Saves [`journey`] called `title` as `dir/name`; returns its path.
pub fn write_journey(dir: &std::path::Path, name: &str, title: &str) -> PathBuf {
    let path = dir.join(name);
    journey_designer::format::save_file(&path, &journey(title)).unwrap();
    path
}

/// A running editor with its data folder and scripted dialogs.
pub struct Editor {
    /// The harness running the app.
    pub harness: Harness<'static, App>,
    /// The answers the file dialogs give.
    pub dialogs: ScriptedDialogs,
    /// The app's data folder (recent files, recovery copies).
    pub data: tempfile::TempDir,
}

/// How long a test waits for background work (a file read, an export, a simulation, a
/// recovery copy) before it fails: long, so a loaded machine only makes it slower.
pub const PATIENCE: Duration = Duration::from_mins(1);

/// Draws frames until `done` holds (background work finishes on its own thread and wakes the
/// window), then lets the window settle; fails naming `what` if it does not within
/// [`PATIENCE`]. The one way UI tests wait: for what they need, never for a number of frames.
pub fn poll_until<State>(
    harness: &mut Harness<'_, State>,
    what: &str,
    mut done: impl FnMut(&Harness<'_, State>) -> bool,
) {
    let start = Instant::now();
    while !done(harness) {
        assert!(start.elapsed() < PATIENCE, "waited {PATIENCE:?} for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run();
}

impl Default for Editor {
    fn default() -> Self {
        Self::new()
    }
}

impl Editor {
    /// The editor as it starts: the service-loop template in a 1280×800 window.
    pub fn new() -> Self {
        Self::with(tempfile::tempdir().unwrap(), None)
    }

    /// An editor using `data` as its data folder, opening `open` at start, by someone who
    /// has closed the welcome before (the welcome has tests of its own).
    pub fn with(data: tempfile::TempDir, open: Option<PathBuf>) -> Self {
        let mut settings = Settings::load(data.path());
        settings.welcome_dismissed = true;
        settings.save(data.path()).unwrap();
        Self::start(data, open)
    }

    /// The editor as a new user first starts it, the data folder `data` as it is: the
    /// welcome shows unless the settings there say otherwise.
    pub fn first_start(data: tempfile::TempDir) -> Self {
        Self::start(data, None)
    }

    /// [`Editor::first_start`] opening `open` at start.
    pub fn first_start_with(data: tempfile::TempDir, open: Option<PathBuf>) -> Self {
        Self::start(data, open)
    }

    fn start(data: tempfile::TempDir, open: Option<PathBuf>) -> Self {
        let dialogs = ScriptedDialogs::default();
        let config = AppConfig {
            data_dir: Some(data.path().to_path_buf()),
            dialogs: Box::new(dialogs.clone()),
            open,
            recovery_interval: Duration::ZERO,
            background_open_bytes: journey_designer::app::BACKGROUND_OPEN_BYTES,
        };
        let mut harness = Harness::builder()
            .with_size(vec2(1280.0, 800.0))
            .with_step_dt(1.0 / 60.0)
            // A background task (an export, a file read) that finishes during the frames
            // of one click opens a window there, and a window fades in over about six
            // frames: four frames, kittest's default, are not always enough.
            .with_max_steps(12)
            .build_eframe(|cc| App::new(cc, config));
        harness.run();
        Self {
            harness,
            dialogs,
            data,
        }
    }

    /// The app.
    pub fn app(&self) -> &App {
        self.harness.state()
    }

    /// The open journey.
    pub fn doc(&self) -> &Document {
        self.harness.state().document()
    }

    /// Presses alt+↓ `times` times and returns what each press selected: a link's id, or
    /// the first selected step's.
    pub fn walk(&mut self, times: usize) -> Vec<String> {
        let mut walked = Vec::new();
        for _ in 0..times {
            self.key_with(egui::Modifiers::ALT, egui::Key::ArrowDown);
            let selection = self.app().selection();
            walked.push(
                selection
                    .link
                    .clone()
                    .or_else(|| selection.steps.first().cloned())
                    .expect("a walk always selects something"),
            );
        }
        walked
    }

    /// The screen rectangle of the card titled `title`.
    pub fn card(&self, title: &str) -> Rect {
        self.harness
            .get_by_role_and_label(Role::Button, title)
            .rect()
    }

    /// Whether a card with this title is on screen.
    pub fn has_card(&self, title: &str) -> bool {
        self.harness
            .query_all_by_role_and_label(Role::Button, title)
            .next()
            .is_some()
    }

    /// Presses at `from`, moves to `to` in a few frames, and releases there.
    pub fn drag(&mut self, from: Pos2, to: Pos2) {
        self.harness.hover_at(from);
        self.harness.run();
        self.harness.drag_at(from);
        self.harness.run();
        for i in 1..=5 {
            let t = i as f32 / 5.0;
            self.harness.hover_at(from + (to - from) * t);
            self.harness.run();
        }
        self.harness.drop_at(to);
        self.harness.run();
    }

    /// A primary click with modifiers at a screen position.
    pub fn click_at(&mut self, pos: Pos2, modifiers: egui::Modifiers) {
        self.harness.hover_at(pos);
        for pressed in [true, false] {
            self.harness.event_modifiers(
                egui::Event::PointerButton {
                    pos,
                    button: egui::PointerButton::Primary,
                    pressed,
                    modifiers,
                },
                modifiers,
            );
        }
        self.harness.run();
    }

    /// Two quick clicks at a screen position.
    pub fn double_click_at(&mut self, pos: Pos2) {
        self.harness.hover_at(pos);
        for _ in 0..2 {
            for pressed in [true, false] {
                self.harness.event(egui::Event::PointerButton {
                    pos,
                    button: egui::PointerButton::Primary,
                    pressed,
                    modifiers: egui::Modifiers::NONE,
                });
            }
            self.harness.step();
        }
        self.harness.run();
    }

    /// Clicks the button (or menu entry) with this label, scrolling it into view first.
    pub fn click(&mut self, label: &str) {
        self.scroll_into_view(label);
        self.harness.get_by_label(label).click();
        self.harness.run();
    }

    /// Opens a menu of the menu bar and clicks the entry whose label starts with `entry`
    /// (menu entries also name their shortcut).
    pub fn menu(&mut self, menu: &str, entry: &str) {
        self.harness.get_by_label(menu).click();
        self.harness.run();
        self.harness
            .get_by(|n| {
                n.label().is_some_and(|l| l.starts_with(entry))
                    && matches!(
                        n.role(),
                        Role::Button | Role::RadioButton | Role::CheckBox | Role::MenuItem
                    )
            })
            .click();
        self.harness.run();
    }

    /// Chooses an entry in an open drop-down list (not a card of the same name).
    pub fn choose(&mut self, label: &str) {
        self.harness
            .get_by(|n| n.label().as_deref() == Some(label) && n.description().is_none())
            .click();
        self.harness.run();
    }

    /// Scrolls the widget labelled `label` into view. A widget on screen may still lie
    /// outside the part of a scrolling panel that shows (under a panel below it), so the
    /// scroll area is asked every time; it does not move for a widget already in view.
    fn scroll_into_view(&mut self, label: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
    }

    /// Types into the text field labelled `label`, replacing its text.
    pub fn type_into(&mut self, label: &str, text: &str) {
        self.scroll_into_view(label);
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        self.harness.run();
        self.harness.get_by_label(label).type_text(text);
        self.harness.run();
    }

    /// A point on empty canvas, away from every card.
    pub fn empty_spot(&self) -> Pos2 {
        pos2(60.0, 700.0)
    }

    /// Presses a key.
    pub fn key(&mut self, key: egui::Key) {
        self.harness.key_press(key);
        self.harness.run();
    }

    /// Presses a key with modifiers.
    pub fn key_with(&mut self, modifiers: egui::Modifiers, key: egui::Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run();
    }
}
