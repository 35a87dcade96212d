//! The editor window: the open journey, its history, the file workflow and the panels.

pub mod commands;
pub mod dialogs;
mod edit_ops;
pub mod history;
pub mod storage;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use egui::{RichText, Ui};

use self::commands::Command;
use self::dialogs::{DialogAnswer, DialogKind, DialogRequest, FileDialogs, NativeDialogs};
use self::history::History;
use self::storage::{Leftover, Recovery, Settings};
use crate::format::{self, TEMPLATES};
use crate::model::{Document, Stage};
use crate::ui::canvas::{self, CanvasState};
use crate::ui::{Action, inspector, theme};

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

/// What the user wanted to do when the unsaved-changes question came up.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    /// Start a new journey: `None` blank, `Some(i)` from template `i`.
    New(Option<usize>),
    /// Ask for a file and open it.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Close the window.
    Quit,
}

/// Why a file dialog is open.
#[derive(Clone, Debug, PartialEq)]
enum Awaiting {
    Open,
    SaveAs { then: Option<Pending> },
}

/// A question or message over the window.
#[derive(Debug)]
enum Modal {
    Unsaved {
        then: Pending,
    },
    Error {
        title: String,
        message: String,
    },
    Restore(Box<Leftover>),
    ChangedOnDisk {
        then: Option<Pending>,
    },
    NewJourney,
    TypePath {
        reason: String,
        awaiting: Awaiting,
        text: String,
    },
    Shortcuts,
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

/// Work a dialog button asks for, done once the dialog is drawn.
type Deferred = Box<dyn FnOnce(&mut App)>;

/// What was on disk when the journey was opened or last saved, to notice changes by others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DiskStamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl DiskStamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }
}

/// A journey file being read on a worker thread.
struct Loading {
    path: PathBuf,
    bytes: u64,
    started: Instant,
    result: mpsc::Receiver<Result<Document, format::FileError>>,
}

/// The editor: one journey in one window.
pub struct App {
    doc: Document,
    history: History,
    canvas: CanvasState,
    file: Option<PathBuf>,
    disk: Option<DiskStamp>,
    dialogs: Box<dyn FileDialogs>,
    awaiting: Option<Awaiting>,
    modal: Option<Modal>,
    notice: Option<String>,
    focus_title: bool,
    data_dir: Option<PathBuf>,
    settings: Settings,
    recovery: Option<Recovery>,
    recovery_interval: Duration,
    /// The history state last copied to the recovery file, and when.
    recovered: Option<(u64, Instant)>,
    close: Closing,
    title_sent: String,
    /// Steps copied in this window, for the menu's Paste when the system clipboard is silent.
    clipboard: Option<String>,
    /// The context to wake when a dialog answers.
    repaint_ctx: egui::Context,
    /// Take the keyboard focus away from widgets at the end of this frame.
    surrender_focus: bool,
    /// A file being opened in the background.
    loading: Option<Loading>,
    /// Files above this size open in the background.
    background_open_bytes: u64,
    /// Steps per stage for the status bar, and the document revision they were counted at.
    stage_counts: Option<(u64, [usize; 6])>,
}

impl App {
    /// Creates the app for eframe.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let mut app = Self::with_config(config);
        app.repaint_ctx = cc.egui_ctx.clone();
        // A light canvas reads best on a projector; View ▸ Theme switches.
        cc.egui_ctx.set_theme(egui::ThemePreference::Light);
        app.title_sent.clear();
        app
    }

    /// Creates the app without a window (the window calls [`App::new`]).
    pub fn with_config(config: AppConfig) -> Self {
        let doc = format::service_loop();
        let settings = config
            .data_dir
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        let leftover = config.data_dir.as_deref().and_then(Recovery::find_leftover);
        let mut app = Self {
            canvas: CanvasState::for_document(&doc).fitted(true),
            doc,
            history: History::default(),
            file: None,
            disk: None,
            dialogs: config.dialogs,
            awaiting: None,
            modal: leftover.map(|l| Modal::Restore(Box::new(l))),
            notice: None,
            focus_title: false,
            recovery: config.data_dir.as_deref().map(Recovery::new),
            data_dir: config.data_dir,
            settings,
            recovery_interval: config.recovery_interval,
            recovered: None,
            close: Closing::No,
            title_sent: String::new(),
            clipboard: None,
            repaint_ctx: egui::Context::default(),
            surrender_focus: false,
            loading: None,
            background_open_bytes: config.background_open_bytes,
            stage_counts: None,
        };
        if let Some(path) = config.open {
            app.open_path(&path);
        }
        app
    }

    /// The open journey.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The canvas's view state (camera, selection).
    pub fn canvas(&self) -> &CanvasState {
        &self.canvas
    }

    /// The canvas's view state, to change.
    pub fn canvas_mut(&mut self) -> &mut CanvasState {
        &mut self.canvas
    }

    /// The file the journey is saved in, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The edit history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The window title: the file's name or "Untitled", marked while there are unsaved changes.
    pub fn window_title(&self) -> String {
        let name = self.file.as_deref().and_then(Path::file_name).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mark = if self.is_dirty() { "● " } else { "" };
        format!("{mark}{name} — Journey Designer")
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

    /// Whether a file is being opened in the background.
    pub fn is_opening(&self) -> bool {
        self.loading.is_some()
    }

    /// The recent files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.settings.recent
    }

    /// Applies an edit through the history, reporting a refused edit in the status bar.
    fn apply(&mut self, edit: crate::model::Edit) {
        if edit.is_empty() {
            return;
        }
        if let Err(err) = self.history.apply(&mut self.doc, edit) {
            self.notice = Some(format!("That change was not possible: {err}"));
        }
        self.canvas.prune_selection(&self.doc);
    }

    fn handle(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Edit(edit) => self.apply(edit),
                Action::Seal => self.history.seal(),
                Action::Command(command) => self.run_command(ctx, command),
                Action::FocusTitle => self.focus_title = true,
                Action::Notice(text) => self.notice = Some(text),
            }
        }
    }

    /// Runs a command from a menu, a button or the keyboard.
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.modal = Some(Modal::NewJourney),
            Command::Open => self.request(Pending::Open),
            Command::Save => self.save(None),
            Command::SaveAs => self.save_as(None),
            Command::Quit => self.request(Pending::Quit),
            Command::Undo => {
                let label = self.history.undo(&mut self.doc);
                self.notice = label.map(|l| format!("Undid {}", lowercase_first(&l)));
                self.canvas.prune_selection(&self.doc);
            }
            Command::Redo | Command::RedoAlt => {
                let label = self.history.redo(&mut self.doc);
                self.notice = label.map(|l| format!("Redid {}", lowercase_first(&l)));
                self.canvas.prune_selection(&self.doc);
            }
            Command::ZoomToFit => self.canvas.zoom_to_fit(&self.doc),
            Command::ZoomIn => self.canvas.zoom_by(1.25),
            Command::ZoomOut => self.canvas.zoom_by(0.8),
            Command::ZoomReset => self.canvas.zoom_by(1.0 / self.canvas.camera.zoom),
            Command::ShowShortcuts => self.modal = Some(Modal::Shortcuts),
            Command::EditTitle => {
                if self.canvas.selection.single_step().is_some() {
                    self.focus_title = true;
                }
            }
            Command::ToggleSnap => {
                self.canvas.snap = !self.canvas.snap;
                self.notice = Some(
                    if self.canvas.snap {
                        "Snapping to the grid."
                    } else {
                        "Not snapping to the grid."
                    }
                    .to_owned(),
                );
            }
            other => self.run_edit_command(ctx, other),
        }
    }

    /// Asks about unsaved changes first, if there are any, then does `pending`.
    fn request(&mut self, pending: Pending) {
        if self.is_dirty() {
            self.modal = Some(Modal::Unsaved { then: pending });
        } else {
            self.proceed(pending);
        }
    }

    fn proceed(&mut self, pending: Pending) {
        match pending {
            Pending::New(template) => {
                let doc = match template.and_then(|i| TEMPLATES.get(i)) {
                    Some(t) => t.load().unwrap_or_else(|_| Document::new(t.name)),
                    None => Document::new("Untitled journey"),
                };
                self.replace_document(doc, None);
            }
            Pending::Open => self.ask(DialogKind::Open, Awaiting::Open),
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Quit => {
                self.close = Closing::Allowed;
                if let Some(recovery) = &mut self.recovery {
                    recovery.remove();
                }
            }
        }
    }

    fn replace_document(&mut self, doc: Document, file: Option<PathBuf>) {
        let fit = doc.view == crate::model::View::default();
        let snap = self.canvas.snap;
        self.canvas = CanvasState::for_document(&doc).fitted(fit);
        self.canvas.snap = snap;
        self.disk = file.as_deref().and_then(DiskStamp::of);
        self.doc = doc;
        self.file = file;
        self.history = History::default();
        self.recovered = None;
        self.modal = None;
        if let Some(recovery) = &mut self.recovery {
            recovery.remove();
        }
    }

    /// Opens a journey file; on failure the open journey stays as it was and the error is shown.
    ///
    /// A large file is read on a worker thread: the window keeps drawing and shows that the
    /// file is opening, and the journey is replaced once it has been read.
    fn open_path(&mut self, path: &Path) {
        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        if bytes > self.background_open_bytes {
            let (send, result) = mpsc::channel();
            let ctx = self.repaint_ctx.clone();
            let worker_path = path.to_path_buf();
            let spawned = std::thread::Builder::new()
                .name("open journey".to_owned())
                .spawn(move || {
                    // The window may have closed meanwhile; then nobody listens.
                    let _ = send.send(format::load_file(&worker_path));
                    ctx.request_repaint();
                });
            if spawned.is_ok() {
                self.loading = Some(Loading {
                    path: path.to_path_buf(),
                    bytes,
                    started: Instant::now(),
                    result,
                });
                return;
            }
        }
        let result = format::load_file(path);
        self.finish_open(path, result);
    }

    /// Takes the journey read in the background, if it is ready.
    fn poll_loading(&mut self) {
        let Some(loading) = &self.loading else {
            return;
        };
        let result = match loading.result.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => Err(format::FileError::Io {
                path: loading.path.clone(),
                source: std::io::Error::other("reading the file stopped unexpectedly"),
            }),
        };
        let path = loading.path.clone();
        self.loading = None;
        self.finish_open(&path, result);
    }

    /// Shows that a file is opening, over the window, while it is read in the background.
    fn loading_ui(&self, ctx: &egui::Context) {
        let Some(loading) = &self.loading else {
            return;
        };
        let name = loading.path.file_name().map_or_else(
            || loading.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        egui::Modal::new(egui::Id::unique("opening")).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.heading(format!("Opening {name}…"));
            });
            ui.label(format!(
                "{:.1} MB · {:.1} s",
                loading.bytes as f64 / 1e6,
                loading.started.elapsed().as_secs_f64()
            ));
        });
    }

    fn finish_open(&mut self, path: &Path, result: Result<Document, format::FileError>) {
        match result {
            Ok(doc) => {
                self.replace_document(doc, Some(path.to_path_buf()));
                self.remember(path);
                self.notice = Some(format!("Opened {}", path.display()));
            }
            Err(err) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot open the journey".to_owned(),
                    message: err.to_string(),
                });
            }
        }
    }

    fn remember(&mut self, path: &Path) {
        self.settings.remember(path);
        self.store_settings();
    }

    fn store_settings(&mut self) {
        if let Some(dir) = &self.data_dir
            && let Err(err) = self.settings.save(dir)
        {
            log::warn!("cannot keep the recent files in {}: {err}", dir.display());
        }
    }

    fn ask(&mut self, kind: DialogKind, awaiting: Awaiting) {
        let directory = self
            .file
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let file_name = (kind == DialogKind::Save).then(|| suggested_file_name(&self.doc.title));
        self.awaiting = Some(awaiting);
        self.dialogs.ask(
            DialogRequest {
                kind,
                directory,
                file_name,
            },
            self.repaint_ctx.clone(),
        );
    }

    /// Saves to the current file (asking where if there is none), then does `then`.
    fn save(&mut self, then: Option<Pending>) {
        match self.file.clone() {
            Some(path) => {
                let changed = self.disk.is_some() && DiskStamp::of(&path) != self.disk;
                if changed {
                    self.modal = Some(Modal::ChangedOnDisk { then });
                } else {
                    self.save_to(&path, then);
                }
            }
            None => self.save_as(then),
        }
    }

    fn save_as(&mut self, then: Option<Pending>) {
        self.ask(DialogKind::Save, Awaiting::SaveAs { then });
    }

    fn save_to(&mut self, path: &Path, then: Option<Pending>) {
        let path = with_json_extension(path);
        self.doc.view = self.canvas_view();
        match format::save_file(&path, &self.doc) {
            Ok(()) => {
                self.history.mark_saved();
                self.disk = DiskStamp::of(&path);
                self.file = Some(path.clone());
                self.remember(&path);
                if let Some(recovery) = &mut self.recovery {
                    recovery.remove();
                }
                self.recovered = None;
                self.notice = Some(format!("Saved {}", path.display()));
                if let Some(then) = then {
                    self.proceed(then);
                }
            }
            Err(err) => {
                self.modal = Some(Modal::Error {
                    title: "Cannot save the journey".to_owned(),
                    message: format!(
                        "{}: {err}\nThe journey is still open and unsaved; the file on disk is unchanged.",
                        path.display()
                    ),
                });
            }
        }
    }

    fn canvas_view(&self) -> crate::model::View {
        let camera = self.canvas.camera;
        crate::model::View {
            center: [f64::from(camera.center.x), f64::from(camera.center.y)],
            zoom: f64::from(camera.zoom),
            ..self.doc.view.clone()
        }
    }

    fn poll_dialog(&mut self) {
        let Some(answer) = self.dialogs.poll() else {
            return;
        };
        let Some(awaiting) = self.awaiting.take() else {
            return;
        };
        match answer {
            DialogAnswer::Chosen(path) => self.answer_with_path(awaiting, &path),
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable(reason) => {
                self.modal = Some(Modal::TypePath {
                    reason,
                    awaiting,
                    text: String::new(),
                });
            }
        }
    }

    fn answer_with_path(&mut self, awaiting: Awaiting, path: &Path) {
        match awaiting {
            Awaiting::Open => self.open_path(path),
            Awaiting::SaveAs { then } => self.save_to(path, then),
        }
    }

    /// Copies unsaved changes to the recovery file every so often; removes it once saved.
    fn keep_recovery(&mut self, ctx: &egui::Context) {
        let Some(recovery) = &mut self.recovery else {
            return;
        };
        if !self.history.is_dirty() {
            if self.recovered.take().is_some() {
                recovery.remove();
            }
            return;
        }
        let state = self.history.state();
        let due = match self.recovered {
            Some((written, _)) if written == state => return,
            Some((_, at)) => at.elapsed() >= self.recovery_interval,
            None => true,
        };
        if due {
            recovery.write(&self.doc, self.file.as_deref());
            self.recovered = Some((state, Instant::now()));
        } else if let Some((_, at)) = self.recovered {
            ctx.request_repaint_after(self.recovery_interval.saturating_sub(at.elapsed()));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.close != Closing::No || !self.is_dirty() {
                if let Some(recovery) = &mut self.recovery {
                    recovery.remove();
                }
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
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.request(Pending::OpenPath(path));
        }
    }

    fn handle_keyboard(&mut self, ctx: &egui::Context) {
        // An open menu or dialog owns the keyboard (Escape closes it).
        if self.modal.is_some() || self.loading.is_some() || egui::Popup::is_any_open(ctx) {
            return;
        }
        // The window turns ctrl+C/X/V into clipboard events; a text field takes them itself.
        if !ctx.egui_wants_keyboard_input() {
            let clipboard: Vec<egui::Event> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter(|e| {
                        matches!(
                            e,
                            egui::Event::Copy | egui::Event::Cut | egui::Event::Paste(_)
                        )
                    })
                    .cloned()
                    .collect()
            });
            for event in clipboard {
                match event {
                    egui::Event::Copy => self.run_command(ctx, Command::Copy),
                    egui::Event::Cut => self.run_command(ctx, Command::Cut),
                    egui::Event::Paste(text) => self.paste_text(&text),
                    _ => {}
                }
            }
        }
        for command in Command::pressed(ctx) {
            if matches!(command, Command::SelectNext | Command::SelectPrevious) {
                // Tab walks the steps here; egui would also move the keyboard focus to the
                // next widget, which is not wanted.
                self.surrender_focus = true;
            }
            self.run_command(ctx, command);
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// A file name from a journey's title: "Q3 launch" → "Q3 launch.json".
pub fn suggested_file_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.');
    if clean.is_empty() {
        "journey.json".to_owned()
    } else {
        format!("{clean}.json")
    }
}

fn with_json_extension(path: &Path) -> PathBuf {
    if path.extension().is_some() {
        path.to_path_buf()
    } else {
        path.with_extension("json")
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.repaint_ctx = ctx.clone();
        self.poll_dialog();
        self.handle_dropped_files(&ctx);
        self.handle_keyboard(&ctx);

        self.poll_loading();
        if self
            .stage_counts
            .is_none_or(|(revision, _)| revision != self.doc.revision())
        {
            self.stage_counts = Some((self.doc.revision(), self.doc.stage_counts()));
        }

        let mut actions = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui, &mut actions));
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                let focus = std::mem::take(&mut self.focus_title);
                inspector::inspector_ui(ui, &self.doc, &self.canvas.selection, focus, &mut actions);
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                canvas::canvas_ui(ui, &self.doc, &mut self.canvas, &mut actions);
            });
        self.modal_ui(&ctx);
        self.loading_ui(&ctx);
        self.handle(&ctx, actions);

        if std::mem::take(&mut self.surrender_focus)
            && let Some(id) = ctx.memory(egui::Memory::focused)
        {
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
        self.handle_close_request(&ctx);
        self.keep_recovery(&ctx);
        let title = self.window_title();
        if title != self.title_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }
}

impl App {
    fn menu_bar_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            for (menu, entries) in Command::MENUS {
                ui.menu_button(menu, |ui| {
                    for entry in entries {
                        match entry {
                            Some(command) => self.menu_entry_ui(ui, *command, actions),
                            None => {
                                ui.separator();
                            }
                        }
                    }
                    if menu == "File" {
                        ui.separator();
                        ui.menu_button("Open Recent", |ui| self.recent_ui(ui));
                    }
                    if menu == "View" {
                        ui.separator();
                        ui.label("Theme");
                        let current = ui.ctx().options(|o| o.theme_preference);
                        for (preference, name) in [
                            (egui::ThemePreference::Light, "Light"),
                            (egui::ThemePreference::Dark, "Dark"),
                            (egui::ThemePreference::System, "Follow the system"),
                        ] {
                            if ui.radio(current == preference, name).clicked() {
                                ui.ctx().set_theme(preference);
                            }
                        }
                    }
                });
            }
        });
    }

    /// One menu entry: the command's label (naming what undo/redo would do), its shortcut
    /// and its tooltip, from the command table.
    fn menu_entry_ui(&self, ui: &mut Ui, command: Command, actions: &mut Vec<Action>) {
        let (text, enabled) = match command {
            Command::Undo => (
                self.history.undo_label().map(|l| format!("Undo {l}")),
                self.history.undo_label().is_some(),
            ),
            Command::Redo => (
                self.history.redo_label().map(|l| format!("Redo {l}")),
                self.history.redo_label().is_some(),
            ),
            _ => (None, true),
        };
        if command == Command::ToggleSnap {
            let mut snap = self.canvas.snap;
            if ui
                .checkbox(&mut snap, command.label())
                .on_hover_text(command.hover_text(ui.ctx()))
                .changed()
            {
                actions.push(Action::Command(command));
            }
            return;
        }
        let mut button = egui::Button::new(text.unwrap_or_else(|| command.label().to_owned()));
        if command.shortcut().is_some() {
            button = button.shortcut_text(command.shortcut_text(ui.ctx()));
        }
        if ui
            .add_enabled(enabled, button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            actions.push(Action::Command(command));
            ui.close();
        }
    }

    fn recent_ui(&mut self, ui: &mut Ui) {
        if self.settings.recent.is_empty() {
            ui.label("No recent files");
            return;
        }
        let mut open = None;
        let mut forget = None;
        for path in &self.settings.recent {
            let missing = !path.exists();
            ui.horizontal(|ui| {
                let name = path.display().to_string();
                if missing {
                    ui.label(RichText::new(format!("{name} (missing)")).weak());
                    if ui
                        .small_button("Remove")
                        .on_hover_text("Remove this missing file from the list")
                        .clicked()
                    {
                        forget = Some(path.clone());
                    }
                } else if ui.button(name).clicked() {
                    open = Some(path.clone());
                    ui.close();
                }
            });
        }
        ui.separator();
        if ui.button("Clear recent files").clicked() {
            self.settings.recent.clear();
            self.store_settings();
            ui.close();
        }
        if let Some(path) = forget {
            self.settings.forget(&path);
            self.store_settings();
        }
        if let Some(path) = open {
            self.request(Pending::OpenPath(path));
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.label("Add step:");
            for stage in Stage::ALL {
                let color = theme::stage_color(stage);
                let text = RichText::new(format!("+ {}", stage.label()))
                    .color(theme::on_stage_color())
                    .strong();
                let button = egui::Button::new(text).fill(color);
                if ui
                    .add(button)
                    .on_hover_text(format!(
                        "Add a {} step: {}",
                        stage.label(),
                        stage.description()
                    ))
                    .clicked()
                {
                    let center = self.canvas.view_center();
                    let position = canvas::free_spot(&self.doc, center);
                    let step = canvas::new_step(&self.doc, stage, position);
                    self.canvas.selection.only_step(&step.id);
                    self.canvas.add_stage = stage;
                    actions.push(Action::Seal);
                    actions.push(Action::Edit(crate::model::Edit::add(
                        &self.doc,
                        vec![step],
                        vec![],
                    )));
                }
            }
            ui.separator();
            if ui
                .button("Fit")
                .on_hover_text(Command::ZoomToFit.hover_text(ui.ctx()))
                .clicked()
            {
                actions.push(Action::Command(Command::ZoomToFit));
            }
            if ui
                .button("−")
                .on_hover_text(Command::ZoomOut.hover_text(ui.ctx()))
                .clicked()
            {
                actions.push(Action::Command(Command::ZoomOut));
            }
            let zoom = format!("{:.0}%", self.canvas.camera.zoom * 100.0);
            if ui
                .button(zoom)
                .on_hover_text(Command::ZoomReset.hover_text(ui.ctx()))
                .clicked()
            {
                actions.push(Action::Command(Command::ZoomReset));
            }
            if ui
                .button("+")
                .on_hover_text(Command::ZoomIn.hover_text(ui.ctx()))
                .clicked()
            {
                actions.push(Action::Command(Command::ZoomIn));
            }
        });
    }

    fn status_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let counts = self
                .stage_counts
                .map_or_else(|| self.doc.stage_counts(), |(_, counts)| counts);
            for stage in Stage::ALL {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, theme::stage_color(stage));
                ui.label(format!("{} {}", stage.label(), counts[stage.index()]));
            }
            ui.separator();
            ui.label(format!("{} links", self.doc.links().len()));
            ui.separator();
            match &self.notice {
                Some(notice) => ui.label(RichText::new(notice).strong()),
                None => ui.label(
                    RichText::new(
                        "Drag empty space to pan · ctrl+scroll to zoom · double-click to add · drag a card's handle to link · shift+drag to select",
                    )
                    .weak(),
                ),
            };
        });
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one match over the dialog kinds, each arm a short dialog"
    )]
    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        let mut keep = true;
        let mut then: Option<Deferred> = None;
        let modal = match modal {
            Modal::Unsaved { then: pending } => {
                egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                    ui.heading("Save changes?");
                    ui.label(format!(
                        "{} has unsaved changes.",
                        self.file.as_deref().and_then(Path::file_name).map_or_else(
                            || "This journey".to_owned(),
                            |n| n.to_string_lossy().into_owned()
                        )
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            keep = false;
                            let pending = pending.clone();
                            then = Some(Box::new(move |app: &mut Self| app.save(Some(pending))));
                        }
                        if ui.button("Don't save").clicked() {
                            keep = false;
                            let pending = pending.clone();
                            then = Some(Box::new(move |app: &mut Self| app.proceed(pending)));
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                Modal::Unsaved { then: pending }
            }
            Modal::Error { title, message } => {
                let response = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                    ui.heading(&title);
                    ui.add(egui::Label::new(RichText::new(&message).monospace()).wrap());
                    if ui.button("OK").clicked() {
                        keep = false;
                    }
                });
                if response.should_close() {
                    keep = false;
                }
                Modal::Error { title, message }
            }
            Modal::Restore(leftover) => {
                let mut choice = None;
                egui::Modal::new(egui::Id::unique("restore")).show(ctx, |ui| {
                    ui.heading("Restore unsaved work?");
                    let from = leftover.file.as_deref().map_or_else(|| "an unsaved journey".to_owned(), |p| p.display().to_string());
                    ui.label(format!("Journey Designer did not close cleanly last time. Unsaved changes to {from} were kept."));
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            choice = Some(true);
                        }
                        if ui.button("Discard").clicked() {
                            choice = Some(false);
                        }
                    });
                });
                match choice {
                    Some(restore) => {
                        self.settle_leftover(*leftover, restore);
                        return;
                    }
                    None => Modal::Restore(leftover),
                }
            }
            Modal::ChangedOnDisk { then: pending } => {
                egui::Modal::new(egui::Id::unique("changed")).show(ctx, |ui| {
                    ui.heading("The file changed on disk");
                    ui.label("Something else changed this file since you opened or saved it. Saving will replace those changes.");
                    ui.horizontal(|ui| {
                        if ui.button("Overwrite").clicked() {
                            keep = false;
                            let pending = pending.clone();
                            then = Some(Box::new(move |app: &mut Self| {
                                if let Some(path) = app.file.clone() {
                                    app.save_to(&path, pending);
                                }
                            }));
                        }
                        if ui.button("Save elsewhere").clicked() {
                            keep = false;
                            let pending = pending.clone();
                            then = Some(Box::new(move |app: &mut Self| app.save_as(pending)));
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                Modal::ChangedOnDisk { then: pending }
            }
            Modal::NewJourney => {
                let response = egui::Modal::new(egui::Id::unique("new")).show(ctx, |ui| {
                    ui.heading("New journey");
                    if ui
                        .button("Blank journey")
                        .on_hover_text("An empty canvas")
                        .clicked()
                    {
                        keep = false;
                        then = Some(Box::new(|app: &mut Self| app.request(Pending::New(None))));
                    }
                    for (i, template) in TEMPLATES.iter().enumerate() {
                        if ui
                            .button(template.name)
                            .on_hover_text(template.description)
                            .clicked()
                        {
                            keep = false;
                            then = Some(Box::new(move |app: &mut Self| {
                                app.request(Pending::New(Some(i)));
                            }));
                        }
                    }
                    ui.separator();
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
                if response.should_close() {
                    keep = false;
                }
                Modal::NewJourney
            }
            Modal::TypePath {
                reason,
                awaiting,
                mut text,
            } => {
                egui::Modal::new(egui::Id::unique("path")).show(ctx, |ui| {
                    ui.heading(if awaiting == Awaiting::Open {
                        "Open journey"
                    } else {
                        "Save journey"
                    });
                    ui.label(&reason);
                    let label = ui.label("File path");
                    let response = ui
                        .add(egui::TextEdit::singleline(&mut text).desired_width(420.0))
                        .labelled_by(label.id);
                    if text.is_empty() && !response.has_focus() {
                        // The keyboard goes straight to the only field of the dialog.
                        response.request_focus();
                    }
                    let enter =
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.horizontal(|ui| {
                        if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                            keep = false;
                            let path = PathBuf::from(text.trim());
                            let awaiting = awaiting.clone();
                            then = Some(Box::new(move |app: &mut Self| {
                                app.answer_with_path(awaiting, &path);
                            }));
                        }
                        if ui.button("Cancel").clicked() {
                            keep = false;
                        }
                    });
                });
                Modal::TypePath {
                    reason,
                    awaiting,
                    text,
                }
            }
            Modal::Shortcuts => {
                let response = egui::Modal::new(egui::Id::unique("shortcuts")).show(ctx, |ui| {
                    ui.heading("Keyboard shortcuts");
                    egui::ScrollArea::vertical()
                        .max_height(480.0)
                        .show(ui, |ui| {
                            egui::Grid::new("shortcut-grid")
                                .striped(true)
                                .show(ui, |ui| {
                                    for (keys, label, tooltip) in commands::shortcut_table(ctx) {
                                        ui.label(RichText::new(keys).monospace());
                                        ui.label(label);
                                        ui.label(RichText::new(tooltip).weak());
                                        ui.end_row();
                                    }
                                });
                        });
                    if ui.button("Close").clicked() {
                        keep = false;
                    }
                });
                if response.should_close() {
                    keep = false;
                }
                Modal::Shortcuts
            }
        };
        if keep {
            self.modal = Some(modal);
        }
        if let Some(then) = then {
            then(self);
        }
    }

    /// Restores (or discards) the journey found in a recovery file.
    fn settle_leftover(&mut self, leftover: Leftover, restore: bool) {
        let Leftover { path, file, doc } = leftover;
        if restore {
            self.replace_document(doc, file.clone());
            // The restored journey differs from its file (or has none): it is unsaved.
            self.history.mark_unsaved();
            self.notice = Some("Restored the unsaved journey. Save it to keep it.".to_owned());
        }
        let _ = std::fs::remove_file(path);
    }
}
