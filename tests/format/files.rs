//! Loading and saving through the file system.

use journey_designer::format::FileError;
use journey_designer::model::{Link, Stage, Step};

use super::*;

fn sample() -> Document {
    let mut doc = Document::new("Café \"loop\"");
    doc.set_steps_and_links(
        vec![
            Step::new("a", Stage::Tell, "Advert", [0.0, -10.5]),
            Step::new("b", Stage::Buy, "Checkout", [120.0, 3.25]),
        ],
        vec![Link::new("a-b", "a", "b")],
    )
    .expect("a valid sample");
    doc
}

#[test]
fn a_saved_file_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journey.json");
    let doc = sample();
    format::save_file(&path, &doc).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), format::to_string(&doc));
    assert_eq!(format::load_file(&path).unwrap(), doc);
}

#[test]
fn a_save_over_an_existing_file_replaces_it_and_leaves_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journey.json");
    fs::write(&path, "x".repeat(10_000)).unwrap();
    let doc = sample();
    format::save_file(&path, &doc).unwrap();
    assert_eq!(format::load_file(&path).unwrap(), doc);
    let mut changed = doc.clone();
    changed.title = "Second save".into();
    format::save_file(&path, &changed).unwrap();
    assert_eq!(format::load_file(&path).unwrap(), changed);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["journey.json"]);
}

#[test]
fn a_save_into_a_missing_folder_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("missing");
    let path = folder.join("journey.json");
    assert!(format::save_file(&path, &sample()).is_err());
    assert!(!folder.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.json");
    let err = format::load_file(&path).unwrap_err();
    assert!(matches!(&err, FileError::Io { path: p, .. } if p == &path));
    let message = err.to_string();
    assert!(message.starts_with("cannot read "), "{message}");
    assert!(message.contains("nowhere.json"), "{message}");
}

#[test]
fn a_broken_file_names_the_path_and_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    fs::write(
        &path,
        r#"{"format": "journey-designer", "version": 1, "steps": [{"id": "a", "stage": "sell"}]}"#,
    )
    .unwrap();
    let err = format::load_file(&path).unwrap_err();
    let FileError::Load { path: p, source } = &err else {
        panic!("expected a load error, got {err}");
    };
    assert_eq!(p, &path);
    assert!(matches!(source, LoadError::Content(errors) if errors.len() == 1));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: steps[0].stage: unknown stage \"sell\"; expected one of tell, buy, experience, care, delight, word_of_mouth",
            path.display()
        )
    );
}
