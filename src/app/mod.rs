//! The editor window: an egui shell (menus, toolbar, status bar, dialogs) around a
//! window-free [`Session`] and the views of [`crate::ui`].
//!
//! - [`session`]: the open journey, its history, selection, file and recovery — no egui.
//! - `files`: opening, saving, the unsaved-changes guard, recent files.
//! - `shell`: the menu bar, toolbar and status bar, drawn from the command table.
//! - `modals`: questions and messages over the window, as data.
//! - `edit_ops`: commands on the selection, built with [`crate::model::builders`].
//! - `dispatch`: the views' actions and every command of the table, in one exhaustive match.
//! - `input`: the keyboard, dropped files and the window's close button.
//! - `bookmarks`: bookmarked views and their submenu.
//! - `window`: the frame's layout: panels around the view, then the dialogs.
//! - `pending`: what the user is on the way to doing while a question is open.
//! - `incoming`: File ▸ Import… and merging in changes made to the file on disk.
//! - `calibrate`: File ▸ Calibrate from events…: the form, the fit in the background, the review.
//! - `present`: View ▸ Present, the journey full screen as slides.
//! - `welcome`: the welcome at the first start (and Help ▸ Getting started).

mod bookmarks;
mod calibrate;
pub mod dialogs;
mod dispatch;
mod edit_ops;
mod files;
pub mod history;
mod incoming;
mod input;
mod modals;
mod pending;
mod present;
pub mod session;
mod shell;
pub mod storage;
mod welcome;
mod window;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use self::dialogs::{FileDialogs, NativeDialogs};
use self::files::Files;
use self::modals::Modal;
use self::session::Session;
use self::storage::{Recovery, Settings};
use crate::format;
use crate::model::{Document, RevisionCache};
use crate::task::Wake;
use crate::ui::canvas::CanvasState;
use crate::ui::find::FindState;
use crate::ui::inspector::InspectorState;
use crate::ui::map::MapState;
use crate::ui::opportunities::{ImpactState, OpportunitiesState};
use crate::ui::simulation::SimulationState;
use crate::ui::view::{ViewKind, ViewSettings};

pub use self::files::{suggested_file_name, suggested_name};

/// How the app is set up: where it keeps its data, which dialogs it shows, what it opens.
pub struct AppConfig {
    /// Where recent files and recovery copies live; `None` keeps nothing across runs.
    pub data_dir: Option<PathBuf>,
    /// The file dialogs.
    pub dialogs: Box<dyn FileDialogs>,
    /// A file to open at start.
    pub open: Option<PathBuf>,
    /// How often unsaved changes are copied to the recovery file.
    pub recovery_interval: Duration,
    /// Files larger than this many bytes are read on a worker thread while the window
    /// shows that they are opening; smaller ones are read at once.
    pub background_open_bytes: u64,
}

/// The default of [`AppConfig::background_open_bytes`]: files over 2 MB (about 7,000 steps)
/// are read off the UI thread.
pub const BACKGROUND_OPEN_BYTES: u64 = 2_000_000;

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            data_dir: storage::default_data_dir(),
            dialogs: Box::new(NativeDialogs::default()),
            open: None,
            recovery_interval: Duration::from_secs(5),
            background_open_bytes: BACKGROUND_OPEN_BYTES,
        }
    }
}

/// Opens the editor window, with `file` or the service-loop template.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Journey Designer")
        .with_app_id("journey-designer")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    match icon() {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(err) => log::warn!("the window has no icon: {err}"),
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let config = AppConfig {
        open: file,
        ..AppConfig::default()
    };
    eframe::run_native(
        "Journey Designer",
        options,
        Box::new(|cc| Ok(Box::new(App::new(cc, config)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// The app's icon (`assets/icon.png`, 256 × 256), as the window shows it.
pub fn icon() -> Result<egui::IconData, String> {
    eframe::icon_data::from_png_bytes(ICON_PNG).map_err(|e| e.to_string())
}

/// The app's icon as PNG bytes.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// Whether the window may close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closing {
    /// Not unless the journey is saved.
    No,
    /// Yes: the user chose to quit.
    Allowed,
    /// Yes, and the window was asked to close.
    Requested,
}

/// The editor: one journey in one window.
pub struct App {
    session: Session,
    /// The view shown in the central area.
    view: ViewKind,
    /// The canvas's camera and gesture.
    canvas: CanvasState,
    /// The journey map's scrolling, cell editing and layout.
    map: MapState,
    /// Settings every view reads.
    view_settings: ViewSettings,
    /// The inspector's caches.
    inspector: InspectorState,
    /// The find panel.
    find: FindState,
    /// File dialogs, background opening and recent files.
    files: Files,
    modal: Option<Modal>,
    notice: Option<String>,
    focus_title: bool,
    close: Closing,
    /// The window title last sent, so it is sent only when it changes.
    title_sent: String,
    /// Steps copied in this window, for the menu's Paste when the system clipboard is silent.
    clipboard: Option<String>,
    /// The window's context, to wake it when background work is done.
    egui_ctx: egui::Context,
    /// Steps per stage for the status bar.
    stage_counts: RevisionCache<[usize; 6]>,
    /// The Simulation panel's settings and results.
    simulation: SimulationState,
    /// Whether the Simulation panel is shown.
    show_simulation: bool,
    /// The presentation under way, if any (View ▸ Present).
    presenting: Option<present::Presenting>,
    /// How the opportunities view sorts its list.
    opportunities: OpportunitiesState,
    /// The opportunities' impacts, computed in the background.
    impacts: ImpactState,
    /// File ▸ Calibrate from events… under way, if it is.
    calibration: Option<calibrate::Calibration>,
}

impl App {
    /// Creates the app for eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        // A light canvas reads best on a projector; View ▸ Light/Dark theme switches.
        cc.egui_ctx.set_theme(egui::ThemePreference::Light);
        Self::with_context(cc.egui_ctx.clone(), config)
    }

    /// Creates the app without a window (the window calls [`App::new`]); background work
    /// wakes nobody until a window runs it.
    pub fn with_config(config: AppConfig) -> Self {
        Self::with_context(egui::Context::default(), config)
    }

    /// Creates the app; `egui_ctx` is woken when background work is done. It is set before
    /// anything starts in the background (a file given to open).
    fn with_context(egui_ctx: egui::Context, config: AppConfig) -> Self {
        let doc = format::service_loop();
        let settings = config
            .data_dir
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        // Recovery files left by a crash: the newest readable one is offered; unreadable ones
        // are kept aside, and the user is told which and why.
        let found = config
            .data_dir
            .as_deref()
            .map(Recovery::scan)
            .unwrap_or_default();
        let set_aside = found.notice();
        // The first start (no recent files) opens on the template with a welcome over it.
        let first_start =
            config.open.is_none() && settings.recent.is_empty() && !settings.welcome_dismissed;
        let modal = match found.leftover {
            Some(leftover) => Some(Modal::Restore(Box::new(leftover))),
            None => set_aside
                .clone()
                .map(|message| Modal::Error {
                    title: "Recovery files set aside".to_owned(),
                    message,
                })
                .or(first_start.then_some(Modal::Welcome)),
        };
        let mut app = Self {
            canvas: CanvasState::for_document(&doc).fitted(true),
            map: MapState::default(),
            session: Session::new(doc, None)
                .with_recovery(config.data_dir.as_deref(), config.recovery_interval),
            view: ViewKind::default(),
            view_settings: ViewSettings::default(),
            inspector: InspectorState::default(),
            find: FindState::default(),
            files: Files {
                dialogs: config.dialogs,
                awaiting: None,
                loading: None,
                exporting: None,
                background_open_bytes: config.background_open_bytes,
                data_dir: config.data_dir,
                settings,
                recent_exists: None,
            },
            modal,
            notice: set_aside,
            focus_title: false,
            close: Closing::No,
            title_sent: String::new(),
            clipboard: None,
            egui_ctx,
            stage_counts: RevisionCache::default(),
            simulation: SimulationState::default(),
            show_simulation: false,
            presenting: None,
            opportunities: OpportunitiesState::default(),
            impacts: ImpactState::default(),
            calibration: None,
        };
        if let Some(path) = config.open {
            app.open_path(&path);
        }
        app
    }

    /// The open journey.
    pub fn document(&self) -> &Document {
        self.session.document()
    }

    /// The open journey with its history, selection and file.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What is selected, in every view.
    pub fn selection(&self) -> &crate::model::Selection {
        self.session.selection()
    }

    /// The view shown in the central area.
    pub fn view(&self) -> ViewKind {
        self.view
    }

    /// The canvas's view state (camera).
    pub fn canvas(&self) -> &CanvasState {
        &self.canvas
    }

    /// The journey map's view state (scrolling, the cell being edited).
    pub fn map(&self) -> &MapState {
        &self.map
    }

    /// The Simulation panel's settings and results.
    pub fn simulation(&self) -> &SimulationState {
        &self.simulation
    }

    /// Whether the Simulation panel is shown.
    pub fn is_simulation_shown(&self) -> bool {
        self.show_simulation
    }

    /// How the opportunities view sorts its list.
    pub fn opportunities_view(&self) -> &OpportunitiesState {
        &self.opportunities
    }

    /// The opportunities' impacts as computed for the journey as it is now over the
    /// Simulation panel's periods, once computed.
    pub fn impacts(&self) -> Option<&crate::simulation::Impacts> {
        self.impacts
            .current(self.session.document(), self.simulation.periods)
    }

    /// The opportunities' ids in the order the opportunities view lists them.
    pub fn opportunity_order(&self) -> Vec<String> {
        let ctx = crate::ui::view::ViewContext {
            doc: self.session.document(),
            selection: self.session.selection(),
            selection_revision: self.session.selection_revision(),
            settings: &self.view_settings,
            found: None,
            simulated: None,
            impacts: self.impacts(),
        };
        crate::ui::opportunities::sorted_ids(&ctx, &self.opportunities)
    }

    /// The find panel's state: open or not, the query, the current match.
    pub fn find(&self) -> &FindState {
        &self.find
    }

    /// The editor settings views read (snapping).
    pub fn view_settings(&self) -> &ViewSettings {
        &self.view_settings
    }

    /// The file the journey is saved in, if any.
    pub fn file(&self) -> Option<&Path> {
        self.session.file()
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.session.is_dirty()
    }

    /// The edit history.
    pub fn history(&self) -> &history::History {
        self.session.history()
    }

    /// The window title: the file's name or "Untitled", marked while there are unsaved changes.
    pub fn window_title(&self) -> String {
        let name = self.file().and_then(Path::file_name).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mark = if self.is_dirty() { "● " } else { "" };
        format!("{mark}{name} — Journey Designer")
    }

    /// Makes every later save fail where `faults` says, as a full disk or a read-only folder
    /// would (tests of the save workflow).
    #[cfg(feature = "testing")]
    pub fn fail_saves_with(
        &mut self,
        faults: impl FnMut(format::SaveStep) -> std::io::Result<()> + Send + 'static,
    ) {
        self.session.fail_saves_with(faults);
    }

    /// The message in the status bar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The text of the open error message, if one is shown.
    pub fn error_message(&self) -> Option<&str> {
        match &self.modal {
            Some(Modal::Error { message, .. }) => Some(message),
            _ => None,
        }
    }

    /// Whether the window was asked to close (the user quit).
    pub fn is_closing(&self) -> bool {
        self.close == Closing::Requested
    }

    /// Whether an export is being written in the background.
    pub fn is_exporting(&self) -> bool {
        self.files.exporting.is_some()
    }

    /// Whether a file is being opened in the background.
    pub fn is_opening(&self) -> bool {
        self.files.loading.is_some()
    }

    /// The recent files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.files.settings.recent
    }

    /// Whether the welcome is shown over the window.
    pub fn is_welcome_shown(&self) -> bool {
        matches!(self.modal, Some(Modal::Welcome))
    }

    /// What background work calls to wake the window.
    pub(super) fn wake(&self) -> Wake {
        let ctx = self.egui_ctx.clone();
        Arc::new(move || ctx.request_repaint())
    }

    /// Applies an edit through the history, reporting a refused edit in the status bar.
    pub(super) fn apply(&mut self, edit: crate::model::Edit) {
        if let Err(err) = self.session.apply(edit) {
            self.notice = Some(format!("That change was not possible: {err}"));
        }
    }

    /// Applies an edit as an undo step of its own.
    pub(super) fn apply_alone(&mut self, edit: crate::model::Edit) {
        if let Err(err) = self.session.apply_alone(edit) {
            self.notice = Some(format!("That change was not possible: {err}"));
        }
    }
}
