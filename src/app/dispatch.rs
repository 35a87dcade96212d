//! What the app does with the actions the views return and with each command of the table:
//! one exhaustive match, so a new command does not compile until it is handled here.

use super::App;
use super::modals::{self, Modal};
use super::pending::Pending;
use crate::model::builders;
use crate::ui::Action;
use crate::ui::commands::{Choice, Command, Toggle};
use crate::ui::view::ViewKind;

impl App {
    pub(super) fn handle(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
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
            Command::Import => self.request(Pending::Import),
            Command::Calibrate => self.start_calibration(),
            Command::Present => self.start_presenting(ctx),
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
            Command::ShowOpportunities => self.view = ViewKind::Opportunities,
            Command::LanesBlueprint | Command::LanesAll => {
                let preset = if command == Command::LanesBlueprint {
                    builders::LanePreset::Blueprint
                } else {
                    builders::LanePreset::All
                };
                if let Some(edit) = builders::lane_preset(self.session.document(), preset) {
                    self.apply_alone(edit);
                }
                self.view = ViewKind::Map;
            }
            Command::ToggleSimulation => self.show_simulation = !self.show_simulation,
            Command::ZoomToFit => match self.view {
                ViewKind::Canvas => self.canvas.zoom_to_fit(self.session.document()),
                ViewKind::Map => self.map.zoom_to_fit(),
                // A list and a chart that always fit.
                ViewKind::Opportunities => {}
            },
            Command::ZoomToSelection => {
                let shown = match self.view {
                    ViewKind::Canvas => self
                        .canvas
                        .zoom_to_selection(self.session.document(), self.session.selection()),
                    ViewKind::Map => {
                        self.map.reveal_selection();
                        !self.session.selection().steps.is_empty()
                    }
                    ViewKind::Opportunities => true,
                };
                if !shown {
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
            Command::ZoomIn => self.zoom_view_by(1.25),
            Command::ZoomOut => self.zoom_view_by(0.8),
            Command::ZoomReset => self.zoom_view_by(1.0 / self.view_zoom()),
            Command::ThemeLight => ctx.set_theme(egui::ThemePreference::Light),
            Command::ThemeDark => ctx.set_theme(egui::ThemePreference::Dark),
            Command::ThemeSystem => ctx.set_theme(egui::ThemePreference::System),
            Command::ShowShortcuts => self.modal = Some(Modal::Shortcuts),
            Command::GettingStarted => self.modal = Some(Modal::Welcome),
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

    /// The zoom of the view shown (1 is 100 %).
    pub(super) fn view_zoom(&self) -> f32 {
        match self.view {
            ViewKind::Canvas => self.canvas.camera.zoom,
            ViewKind::Map => self.map.zoom(),
            ViewKind::Opportunities => 1.0,
        }
    }

    /// Zooms the view shown by `factor` around its middle.
    fn zoom_view_by(&mut self, factor: f32) {
        match self.view {
            ViewKind::Canvas => self.canvas.zoom_by(factor),
            ViewKind::Map => self.map.zoom_by(factor),
            ViewKind::Opportunities => {}
        }
    }

    /// Goes to the next (or previous) match of the search; opens the panel if it has no query.
    pub(super) fn find_step(&mut self, forward: bool) {
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

    /// Whether a check-box entry's setting is on.
    pub(super) fn is_on(&self, toggle: Toggle) -> bool {
        match toggle {
            Toggle::Snap => self.view_settings.snap,
            Toggle::Simulation => self.show_simulation,
            Toggle::Minimap => self.canvas.minimap_shown,
        }
    }

    /// Whether a radio entry's choice is the one made.
    pub(super) fn is_chosen(&self, ctx: &egui::Context, choice: Choice) -> bool {
        match choice {
            Choice::View(kind) => self.view == kind,
            Choice::Theme(theme) => ctx.options(|o| o.theme_preference) == theme,
        }
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
