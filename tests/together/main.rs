//! Journeys coming in, tested from outside the crate: Mermaid and CSV coming in (`import`).

#![expect(clippy::unwrap_used, reason = "a test fails loudly on purpose")]

mod import;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journey_designer::model::Document;

/// The service-loop template: six steps, seven links, two personas.
fn service_loop() -> Document {
    journey_designer::format::service_loop()
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
