//! The editor window: an egui shell (menus, toolbar, status bar, dialogs) around a
//! window-free [`Session`] and the views of [`crate::ui`].
//!
//! - [`session`]: the open journey, its history, selection, file and recovery — no egui.
//! - `files`: opening, saving, the unsaved-changes guard, recent files.
//! - `shell`: the menu bar, toolbar and status bar, drawn from the command table.
//! - `modals`: questions and messages over the window, as data.
//! - `edit_ops`: commands on the selection, built with [`crate::model::builders`].

pub mod dialogs;
mod edit_ops;
mod files;
pub mod history;
mod modals;
mod pending;
pub mod session;
mod shell;
pub mod storage;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::Ui;

use self::dialogs::{FileDialogs, NativeDialogs};
use self::files::Files;
use self::modals::Modal;
use self::pending::Pending;
use self::session::Session;
use self::storage::{Recovery, Settings};
use crate::format;
use crate::model::{Document, RevisionCache, builders};
use crate::task::Wake;
use crate::ui::Action;
use crate::ui::canvas::{self, CanvasState};
use crate::ui::commands::{Choice, Command, Toggle};
use crate::ui::find::{self, FindState};
use crate::ui::focus;
use crate::ui::inspector::{self, InspectorState};
use crate::ui::map::{self, MapState};
use crate::ui::simulation::{self, SimulationState};
use crate::ui::view::{ViewContext, ViewKind, ViewSettings};

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
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Journey Designer")
            .with_app_id("journey-designer")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
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
        let modal = match found.leftover {
            Some(leftover) => Some(Modal::Restore(Box::new(leftover))),
            None => set_aside.clone().map(|message| Modal::Error {
                title: "Recovery files set aside".to_owned(),
                message,
            }),
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

    /// What background work calls to wake the window.
    fn wake(&self) -> Wake {
        let ctx = self.egui_ctx.clone();
        Arc::new(move || ctx.request_repaint())
    }

    /// Applies an edit through the history, reporting a refused edit in the status bar.
    fn apply(&mut self, edit: crate::model::Edit) {
        if let Err(err) = self.session.apply(edit) {
            self.notice = Some(format!("That change was not possible: {err}"));
        }
    }

    /// Applies an edit as an undo step of its own.
    fn apply_alone(&mut self, edit: crate::model::Edit) {
        if let Err(err) = self.session.apply_alone(edit) {
            self.notice = Some(format!("That change was not possible: {err}"));
        }
    }

    fn handle(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Edit(edit) => self.apply(edit),
                Action::Seal => self.session.seal(),
                Action::Command(command) => self.run_command(ctx, command),
                Action::Select(selection) => self.session.select(selection),
                Action::Show(selection) => self.canvas.show(self.session.document(), &selection),
                Action::FocusTitle => self.focus_title = true,
                Action::Notice(text) => self.notice = Some(text),
            }
        }
    }

    /// Runs a command from a menu, a button or the keyboard. Every command is handled here,
    /// by name: a new command does not compile until it is.
    #[expect(
        clippy::too_many_lines,
        reason = "one exhaustive match, an arm per command"
    )]
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.modal = Some(Modal::NewJourney),
            Command::Open => self.request(Pending::Open),
            // The submenus list the files and the bookmarks; choosing one opens it (or goes
            // there).
            Command::OpenRecent | Command::Bookmarks => {}
            Command::Save => self.save(None),
            Command::SaveAs => self.save_as(None),
            Command::Export => {
                // Pictures show the view the user is looking at, unless they choose another.
                let mut choice = modals::ExportChoice::default();
                if self.view == ViewKind::Map {
                    choice.options.view = crate::export::View::Map;
                }
                self.modal = Some(Modal::Export(choice));
            }
            Command::Quit => self.request(Pending::Quit),
            Command::Undo => {
                let label = self.session.undo();
                self.notice = label.map(|l| format!("Undid {}", lowercase_first(&l)));
            }
            Command::Redo => {
                let label = self.session.redo();
                self.notice = label.map(|l| format!("Redid {}", lowercase_first(&l)));
            }
            Command::ShowCanvas => self.view = ViewKind::Canvas,
            Command::ShowMap => self.view = ViewKind::Map,
            Command::ToggleSimulation => self.show_simulation = !self.show_simulation,
            Command::ZoomToFit => self.canvas.zoom_to_fit(self.session.document()),
            Command::ZoomToSelection => {
                if !self
                    .canvas
                    .zoom_to_selection(self.session.document(), self.session.selection())
                {
                    self.notice = Some("Select steps or a link to zoom to them.".to_owned());
                }
            }
            Command::ToggleMinimap => {
                self.canvas.minimap = Some(!self.canvas.minimap_shown);
                self.canvas.minimap_shown = !self.canvas.minimap_shown;
            }
            Command::AddBookmark => {
                let text = format!("View {}", self.session.document().view.bookmarks.len() + 1);
                self.modal = Some(Modal::NameBookmark { text, rename: None });
            }
            Command::ZoomIn => self.canvas.zoom_by(1.25),
            Command::ZoomOut => self.canvas.zoom_by(0.8),
            Command::ZoomReset => self.canvas.zoom_by(1.0 / self.canvas.camera.zoom),
            Command::ThemeLight => ctx.set_theme(egui::ThemePreference::Light),
            Command::ThemeDark => ctx.set_theme(egui::ThemePreference::Dark),
            Command::ThemeSystem => ctx.set_theme(egui::ThemePreference::System),
            Command::ShowShortcuts => self.modal = Some(Modal::Shortcuts),
            Command::EditTitle => {
                if self.session.selection().single_step().is_some() {
                    self.focus_title = true;
                }
            }
            Command::Find => self.find.open(),
            Command::FindNext => self.find_step(true),
            Command::FindPrevious => self.find_step(false),
            Command::CloseFind => self.find.close(),
            Command::ToggleSnap => {
                self.view_settings.snap = !self.view_settings.snap;
                self.notice = Some(
                    if self.view_settings.snap {
                        "Snapping to the grid."
                    } else {
                        "Not snapping to the grid."
                    }
                    .to_owned(),
                );
            }
            Command::Copy => self.copy(ctx),
            Command::Cut => self.cut(ctx),
            Command::Paste => self.paste(ctx),
            Command::Duplicate => self.duplicate(),
            Command::Delete => self.delete_selection(),
            Command::SelectAll => self.select_all(),
            Command::SelectNone => self.session.select(crate::model::Selection::none()),
            Command::SelectNext => self.select_neighbour(1),
            Command::SelectPrevious => self.select_neighbour(-1),
            Command::FollowLinkForward => self.follow_link(true),
            Command::FollowLinkBack => self.follow_link(false),
            Command::FocusInspector => {
                if self.session.selection().steps.len() > 1 {
                    self.notice =
                        Some("Select one step (or a link) to edit its fields.".to_owned());
                } else {
                    self.focus_title = true;
                }
            }
            Command::NudgeLeft => self.nudge([-1.0, 0.0], false),
            Command::NudgeRight => self.nudge([1.0, 0.0], false),
            Command::NudgeUp => self.nudge([0.0, -1.0], false),
            Command::NudgeDown => self.nudge([0.0, 1.0], false),
            Command::NudgeLeftFar => self.nudge([-1.0, 0.0], true),
            Command::NudgeRightFar => self.nudge([1.0, 0.0], true),
            Command::NudgeUpFar => self.nudge([0.0, -1.0], true),
            Command::NudgeDownFar => self.nudge([0.0, 1.0], true),
            Command::ArrangeLoop
            | Command::AlignLeft
            | Command::AlignRight
            | Command::AlignTop
            | Command::AlignBottom
            | Command::DistributeHorizontally
            | Command::DistributeVertically => {
                if let Some(arrangement) = command.arrangement() {
                    self.arrange(arrangement);
                }
            }
        }
    }

    /// Goes to the next (or previous) match of the search; opens the panel if it has no query.
    fn find_step(&mut self, forward: bool) {
        if self.find.query.trim().is_empty() {
            self.find.open();
            return;
        }
        self.find.open = true;
        match self.find.step(self.session.document(), forward) {
            Some(selection) => {
                self.canvas.show(self.session.document(), &selection);
                self.session.select(selection);
            }
            None => self.notice = Some(format!("Nothing matches '{}'.", self.find.query.trim())),
        }
    }

    /// Adds the current view as a bookmark called `name` (an undoable edit of the journey).
    fn add_bookmark(&mut self, name: &str) {
        let camera = self.canvas.camera;
        let center = [f64::from(camera.center.x), f64::from(camera.center.y)];
        let edit = builders::add_bookmark(
            self.session.document(),
            name,
            center,
            f64::from(camera.zoom),
        );
        self.apply_alone(edit);
        self.notice = Some(format!("Bookmarked this view as '{name}'."));
    }

    /// Removes bookmark `index` (an undoable edit of the journey).
    fn remove_bookmark(&mut self, index: usize) {
        if let Some((edit, gone)) = builders::remove_bookmark(self.session.document(), index) {
            self.apply_alone(edit);
            self.notice = Some(format!("Removed the bookmark '{gone}'."));
        }
    }

    /// Renames bookmark `index` (an undoable edit of the journey).
    pub(super) fn rename_bookmark(&mut self, index: usize, name: &str) {
        if let Some((edit, old)) = builders::rename_bookmark(self.session.document(), index, name) {
            self.apply_alone(edit);
            self.notice = Some(format!("Renamed the bookmark '{old}' to '{name}'."));
        }
    }

    /// Moves the canvas to bookmark `index`.
    fn go_to_bookmark(&mut self, index: usize) {
        if let Some(bookmark) = self.session.document().view.bookmarks.get(index) {
            self.canvas.go_to(canvas::Camera {
                center: egui::pos2(bookmark.center[0] as f32, bookmark.center[1] as f32),
                zoom: (bookmark.zoom as f32)
                    .clamp(*canvas::ZOOM_RANGE.start(), *canvas::ZOOM_RANGE.end()),
            });
            self.view = ViewKind::Canvas;
        }
    }

    /// Whether a check-box entry's setting is on.
    fn is_on(&self, toggle: Toggle) -> bool {
        match toggle {
            Toggle::Snap => self.view_settings.snap,
            Toggle::Simulation => self.show_simulation,
            Toggle::Minimap => self.canvas.minimap_shown,
        }
    }

    /// Whether a radio entry's choice is the one made.
    fn is_chosen(&self, ctx: &egui::Context, choice: Choice) -> bool {
        match choice {
            Choice::View(kind) => self.view == kind,
            Choice::Theme(theme) => ctx.options(|o| o.theme_preference) == theme,
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.close != Closing::No || !self.is_dirty() {
                self.session.end();
            } else {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved {
                    then: Pending::Quit,
                });
            }
        }
        if self.close == Closing::Allowed {
            self.close = Closing::Requested;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.request(Pending::OpenPath(path));
        }
    }

    fn handle_keyboard(&mut self, ctx: &egui::Context) {
        // An open menu or dialog owns the keyboard (Escape closes it).
        if self.modal.is_some() || self.files.loading.is_some() || egui::Popup::is_any_open(ctx) {
            return;
        }
        // The window turns ctrl+C/X/V into clipboard events; a text field takes them itself.
        if focus::keyboard_on_canvas(ctx) {
            let mut paste = None;
            let (copy, cut) = ctx.input(|i| {
                let mut copy = false;
                let mut cut = false;
                for event in &i.events {
                    match event {
                        egui::Event::Copy => copy = true,
                        egui::Event::Cut => cut = true,
                        egui::Event::Paste(text) => paste = Some(text.clone()),
                        _ => {}
                    }
                }
                (copy, cut)
            });
            if copy {
                self.run_command(ctx, Command::Copy);
            }
            if cut {
                self.run_command(ctx, Command::Cut);
            }
            if let Some(text) = paste {
                self.paste_text(&text);
            }
        }
        // Escape closes the find panel (its field has already let go of the keyboard).
        if self.find.open
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.find.close();
        }
        // shift+Tab in the inspector's first field gives the keyboard back to the canvas
        // (rather than to the toolbar before it).
        let focused = ctx.memory(egui::Memory::focused);
        if focused.is_some()
            && focused == self.inspector.first_field
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::SHIFT, egui::Key::Tab))
            && let Some(id) = focused
        {
            ctx.memory_mut(|m| {
                m.surrender_focus(id);
                m.move_focus(egui::FocusDirection::None);
            });
            self.canvas.refocus = true;
        }
        for command in Command::pressed(ctx) {
            if command == Command::FocusInspector {
                // Tab goes to the inspector's first field, not to the next widget in the
                // window (the menu bar).
                ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            }
            self.run_command(ctx, command);
        }
    }

    /// Draws the view shown in the central area and returns what it asks for.
    fn view_ui(&mut self, ui: &mut Ui) -> Vec<Action> {
        let ctx = ViewContext {
            doc: self.session.document(),
            selection: self.session.selection(),
            selection_revision: self.session.selection_revision(),
            settings: &self.view_settings,
            found: if self.find.open {
                self.find.current_matches(self.session.document())
            } else {
                None
            },
            simulated: None,
        };
        match self.view {
            ViewKind::Canvas => canvas::canvas_ui(ui, &ctx, &mut self.canvas),
            ViewKind::Map => map::map_ui(ui, &ctx, &mut self.map),
        }
    }
}

/// Gives the region `ui` fills a role and a name, so a screen reader can tell the panels
/// apart and jump between them.
fn name_region(ui: &Ui, role: egui::accesskit::Role, name: &str) {
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(role);
        node.set_label(name);
    });
}

/// What a side panel (inspector, simulation, find) reads: the journey, the selection and the
/// settings, without the find panel's matches.
fn panel_context<'a>(session: &'a Session, settings: &'a ViewSettings) -> ViewContext<'a> {
    ViewContext {
        doc: session.document(),
        selection: session.selection(),
        selection_revision: session.selection_revision(),
        settings,
        found: None,
        simulated: None,
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_dialog();
        // A filter on a persona the journey no longer has (removed, undone, another file)
        // shows everyone again.
        if let Some(p) = &self.view_settings.persona
            && self.session.document().persona(p).is_none()
        {
            self.view_settings.persona = None;
        }
        self.handle_dropped_files(&ctx);
        self.handle_keyboard(&ctx);
        self.poll_loading();
        self.poll_exporting();

        // The window is named as its title bar names it (without the unsaved mark).
        let title = self.window_title();
        let dirty = self.is_dirty();
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(title.trim_start_matches("● "));
            if dirty {
                node.set_description("unsaved changes");
            }
        });
        let mut actions = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            name_region(ui, egui::accesskit::Role::MenuBar, "Menu bar");
            self.menu_bar_ui(ui, &mut actions);
        });
        egui::Panel::top("toolbar").show(ui, |ui| {
            name_region(ui, egui::accesskit::Role::Toolbar, "Toolbar");
            self.toolbar_ui(ui, &mut actions);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            name_region(ui, egui::accesskit::Role::Status, "Status bar");
            self.status_ui(ui);
        });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                name_region(ui, egui::accesskit::Role::Pane, "Inspector");
                let focus = std::mem::take(&mut self.focus_title);
                let mut view = panel_context(&self.session, &self.view_settings);
                if self.show_simulation {
                    view.simulated = self.simulation.current_outcome(view.doc);
                }
                inspector::inspector_ui(ui, &view, &mut self.inspector, focus, &mut actions);
            });
        if self.show_simulation {
            egui::Panel::bottom("simulation")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| {
                    let view = panel_context(&self.session, &self.view_settings);
                    simulation::simulation_ui(ui, &view, &mut self.simulation, &mut actions);
                });
        }
        // While the panel is open (and its "Flow on the canvas" is ticked), links are as
        // wide as the people moving along them and each step shows its leak.
        let flow = self.show_simulation && self.simulation.show_flow;
        let doc = self.session.document();
        self.canvas.flow_widths = flow
            .then(|| self.simulation.current_flow_widths(doc))
            .flatten();
        self.canvas.leaks = flow.then(|| self.simulation.current_leaks(doc)).flatten();
        if self.find.open {
            egui::Panel::left("find")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| {
                    let view = panel_context(&self.session, &self.view_settings);
                    actions.extend(find::find_ui(ui, &view, &mut self.find));
                });
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                name_region(ui, egui::accesskit::Role::Pane, "Journey map");
                actions.extend(self.view_ui(ui));
            });
        self.modal_ui(&ctx);
        self.loading_ui(&ctx);
        self.handle(&ctx, actions);

        self.handle_close_request(&ctx);
        if let Some(due) = self.session.keep_recovery() {
            ctx.request_repaint_after(due);
        }
        let title = self.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }
}
