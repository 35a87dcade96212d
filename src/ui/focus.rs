//! Who has the keyboard: the canvas (commands and shortcuts apply) or a text field (keys go
//! to it). The canvas says which ids hold the keyboard for it; the command table and the app
//! ask.

use egui::Id;

/// The id in egui's memory under which the canvas keeps the ids that hold the keyboard
/// while it is on the canvas.
fn memory_id() -> Id {
    Id::unique("canvas keyboard focus")
}

/// Records the ids that hold the keyboard for the canvas this frame: the canvas itself and
/// the card or link whose accessibility node follows the selection.
pub fn set_canvas_ids(ctx: &egui::Context, ids: [Option<Id>; 2]) {
    ctx.data_mut(|d| d.insert_temp(memory_id(), ids));
}

/// Whether the keyboard is the canvas's: no widget has focus, or the canvas or its selected
/// card or link has it. Commands and shortcuts apply then; otherwise a field is typed in.
pub fn keyboard_on_canvas(ctx: &egui::Context) -> bool {
    let Some(focused) = ctx.memory(egui::Memory::focused) else {
        return true;
    };
    ctx.data(|d| d.get_temp::<[Option<Id>; 2]>(memory_id()))
        .is_some_and(|ours| ours.contains(&Some(focused)))
}
