//! The journey file format, tested from outside the crate: the corpus of bad and good
//! files (`corpus`), save → load → save identity and robustness for any input
//! (`properties`), the two readers against each other (`readers`), loading and saving real
//! files (`files`), what `docs/file-format.md` states (`docs`) and the loader's soak
//! (`soak`). `strategies` makes the journeys and JSON the properties start from.

use std::fs;
use std::path::{Path, PathBuf};

use journey_designer::format::{self, LoadError};
use journey_designer::model::Document;

mod corpus;
mod docs;
mod files;
mod properties;
mod readers;
mod soak;
mod strategies;

fn corpus(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(kind)
}

/// The files of a corpus folder with the given extension, sorted by name.
fn files(kind: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus(kind))
        .expect("the corpus folder")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}
