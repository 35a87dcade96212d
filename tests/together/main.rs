//! Journeys coming in and teams working on one file together, tested from outside the
//! crate: the semantic diff (`diff`), the three-way merge by id (`merge`) and its properties
//! on generated journeys (`properties`), `git` driving both through `.gitattributes` in a
//! real repository (`git`), Mermaid and CSV coming in (`import`), and the desktop files
//! (`desktop`).

#![expect(clippy::unwrap_used, reason = "a test fails loudly on purpose")]

mod desktop;
mod diff;
mod git;
mod import;
mod merge;
mod properties;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journey_designer::model::{Document, Edit, FrameValue, StepValue};

/// The service-loop template: six steps, seven links, two personas.
fn service_loop() -> Document {
    journey_designer::format::service_loop()
}

/// `doc` with `edit` applied.
fn edited(doc: &Document, edits: impl IntoIterator<Item = Edit>) -> Document {
    let mut doc = doc.clone();
    for edit in edits {
        let _undo = edit.apply(&mut doc).unwrap();
    }
    doc
}

fn set_step(id: &str, value: StepValue) -> Edit {
    Edit::SetStep {
        id: id.to_owned(),
        value,
    }
}

fn set_frame(value: FrameValue) -> Edit {
    Edit::SetFrame(value)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `journey-designer` binary with `args` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_journey-designer"))
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .output()
        .expect("the journey-designer binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Writes `doc` as a journey file `name` in `dir`.
fn write(dir: &Path, name: &str, doc: &Document) -> PathBuf {
    let path = dir.join(name);
    journey_designer::format::save_file(&path, doc).unwrap();
    path
}
