//! git with the journey merge driver and textconv configured as docs/together.md says, in a
//! temporary repository: a merge of two branches that edited different steps succeeds with
//! no conflict markers, one that edited the same field stops with a valid journey keeping
//! ours, and `git diff` reads as the semantic diff.

use std::path::Path;
use std::process::Command;

use journey_designer::model::{Emotion, StepValue};

use super::*;

/// Runs git in `dir` with no user or system configuration but the repository's.
fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git runs")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A repository set up as docs/together.md says, holding the service loop as
/// `plan.journey.json` on `main`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let bin = env!("CARGO_BIN_EXE_journey-designer");
    ok(path, &["init", "-q", "-b", "main"]);
    ok(
        path,
        &[
            "config",
            "merge.journey.name",
            "Journey Designer merge by id",
        ],
    );
    ok(
        path,
        &[
            "config",
            "merge.journey.driver",
            &format!("'{bin}' merge %O %A %B -o %A"),
        ],
    );
    ok(
        path,
        &[
            "config",
            "diff.journey.textconv",
            &format!("'{bin}' textconv"),
        ],
    );
    std::fs::write(
        path.join(".gitattributes"),
        "*.journey.json merge=journey diff=journey\n",
    )
    .unwrap();
    write(path, "plan.journey.json", &service_loop());
    ok(path, &["add", "."]);
    ok(path, &["commit", "-q", "-m", "The service loop"]);
    dir
}

/// Commits `edit` of the journey on the branch checked out.
fn commit(dir: &Path, message: &str, edit: journey_designer::model::Edit) {
    let path = dir.join("plan.journey.json");
    let doc = journey_designer::format::load_file(&path).unwrap();
    let doc = edited(&doc, [edit]);
    journey_designer::format::save_file(&path, &doc).unwrap();
    ok(dir, &["commit", "-q", "-am", message]);
}

#[test]
fn merging_branches_that_edited_different_steps_needs_no_hand() {
    let repo = repository();
    let dir = repo.path();
    ok(dir, &["checkout", "-q", "-b", "care"]);
    commit(
        dir,
        "Care asks",
        set_step("care", StepValue::Title("Ask for help".into())),
    );
    ok(dir, &["checkout", "-q", "main"]);
    commit(
        dir,
        "Buying hurts",
        set_step("buy", StepValue::Emotion(Emotion::new(-1).unwrap())),
    );
    let merge = git(dir, &["merge", "--no-edit", "care"]);
    assert!(
        merge.status.success(),
        "{}{}",
        text(&merge.stdout),
        text(&merge.stderr)
    );
    let merged = std::fs::read_to_string(dir.join("plan.journey.json")).unwrap();
    assert!(!merged.contains("<<<<<<<") && !merged.contains(">>>>>>>"));
    let doc = journey_designer::format::from_str(&merged).unwrap();
    assert_eq!(doc.step("care").unwrap().title, "Ask for help");
    assert_eq!(doc.step("buy").unwrap().emotion.value(), -1);
    // Canonical, as the editor writes it.
    assert_eq!(merged, journey_designer::format::to_string(&doc));

    // git diff reads as the semantic diff, through the textconv.
    let diff = ok(dir, &["diff", "HEAD~1", "HEAD", "--", "plan.journey.json"]);
    assert!(diff.contains("-steps[id=care].title: \"Care\"\n"), "{diff}");
    assert!(
        diff.contains("+steps[id=care].title: \"Ask for help\"\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("\"title\": "),
        "the JSON's lines are not what is compared: {diff}"
    );
}

#[test]
fn a_field_both_branches_changed_stops_the_merge_with_a_valid_journey() {
    let repo = repository();
    let dir = repo.path();
    ok(dir, &["checkout", "-q", "-b", "theirs"]);
    commit(
        dir,
        "Theirs",
        set_step("care", StepValue::Title("Get support".into())),
    );
    ok(dir, &["checkout", "-q", "main"]);
    commit(
        dir,
        "Ours",
        set_step("care", StepValue::Title("Ask for help".into())),
    );
    let merge = git(dir, &["merge", "--no-edit", "theirs"]);
    assert!(!merge.status.success(), "a conflict stops the merge");
    let said = format!("{}{}", text(&merge.stdout), text(&merge.stderr));
    assert!(
        said.contains("steps[id=care].title (Ask for help): both changed it"),
        "{said}"
    );
    let merged = std::fs::read_to_string(dir.join("plan.journey.json")).unwrap();
    assert!(!merged.contains("<<<<<<<"));
    let doc = journey_designer::format::from_str(&merged).unwrap();
    assert_eq!(
        doc.step("care").unwrap().title,
        "Ask for help",
        "ours is kept"
    );
    let status = ok(dir, &["status", "--porcelain"]);
    assert!(status.contains("UU plan.journey.json"), "{status}");
}
