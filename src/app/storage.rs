//! What the app keeps in the user's data folder: settings (recent files, the welcome seen)
//! and crash-recovery copies.
//!
//! Nothing here ever writes to a journey file the user chose; recovery copies live in the
//! data folder only.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::format;
use crate::model::Document;
use crate::task::{Task, no_wake};

/// How many recent files are remembered.
pub const RECENT_LIMIT: usize = 10;

/// The app's data folder: `JOURNEY_DESIGNER_DATA_DIR` if set, else the platform's data
/// folder (`~/.local/share/journey-designer` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JOURNEY_DESIGNER_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join("journey-designer"))
}

/// Settings kept across runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Recently opened or saved files, newest first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// Whether the user has closed the welcome shown at the first start; it does not come
    /// back on its own after that (Help ▸ Getting started shows it).
    #[serde(default)]
    pub welcome_dismissed: bool,
}

impl Settings {
    fn path(dir: &Path) -> PathBuf {
        dir.join("settings.json")
    }

    /// Reads the settings; missing or unreadable settings are the defaults.
    pub fn load(dir: &Path) -> Self {
        std::fs::read(Self::path(dir))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the settings.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        format::write_atomic(&Self::path(dir), text.as_bytes())
    }

    /// Puts `path` first in the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Forgets `path`.
    pub fn forget(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
    }
}

/// The wrapper around a journey in a recovery file.
#[derive(Serialize, Deserialize)]
struct RecoveryFile {
    /// Marks the file as ours.
    journey_designer_recovery: u32,
    /// The file the journey belongs to, if it had one.
    file: Option<PathBuf>,
    /// The journey, in the file format.
    journey: serde_json::Value,
}

/// A journey found in a recovery file left by a run that did not end cleanly.
#[derive(Debug)]
pub struct Leftover {
    /// The recovery file.
    pub path: PathBuf,
    /// The file the journey belonged to, if any.
    pub file: Option<PathBuf>,
    /// The recovered journey.
    pub doc: Document,
}

/// This run's recovery file. Copies are serialised and written on a worker thread, from a
/// snapshot of the journey that costs a pointer per thousand steps to take, so a large
/// journey does not stall the window; removing the file first waits for a copy in flight.
#[derive(Debug)]
pub struct Recovery {
    path: PathBuf,
    writer: Option<Task<()>>,
}

impl Recovery {
    /// The recovery file of this process, in `dir`.
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join(format!("recovery-{}.json", std::process::id())),
            writer: None,
        }
    }

    /// Starts writing `snapshot` (a clone of the journey: cheap, see [`Document`]) to the
    /// recovery file.
    pub fn write(&mut self, snapshot: Document, file: Option<&Path>) {
        self.wait();
        let file = serde_json::to_string(&file).unwrap_or_else(|_| "null".to_owned());
        let path = self.path.clone();
        self.writer = Some(Task::spawn("recovery copy", no_wake(), move || {
            let mut snapshot = snapshot;
            snapshot.unshare();
            // The journey's own canonical text, wrapped as it is: no second serialisation.
            let text = format!(
                "{{\"journey_designer_recovery\":1,\"file\":{file},\"journey\":{}}}",
                format::to_string(&snapshot)
            );
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| format::write_atomic(&path, text.as_bytes()));
            if let Err(err) = written {
                log::warn!("cannot write the recovery copy {}: {err}", path.display());
            }
        }));
    }

    /// Waits for a copy in flight to be written.
    pub fn wait(&mut self) {
        if let Some(writer) = self.writer.take() {
            let _ = writer.wait();
        }
    }

    /// Removes the recovery file (after a save or a clean exit).
    pub fn remove(&mut self) {
        self.wait();
        let _ = std::fs::remove_file(&self.path);
    }

    /// The newest readable recovery file in `dir` left by a process that is no longer
    /// running. Recovery files that cannot be read are set aside (see [`Recovery::scan`],
    /// which also says which).
    pub fn find_leftover(dir: &Path) -> Option<Leftover> {
        Self::scan(dir).leftover
    }

    /// Looks at every recovery file in `dir` left by a process that is no longer running:
    /// the newest readable one is the leftover to offer; every one that cannot be read
    /// (empty, cut off, not JSON, from a newer version, not a file at all) is moved into
    /// `dir/kept/` — never deleted — and listed with the reason, so the user can be told.
    /// Nothing here fails: a data folder that cannot be listed has nothing to offer.
    pub fn scan(dir: &Path) -> Found {
        let mut found = Found::default();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return found;
        };
        let mut candidates: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix("recovery-"))
                    .and_then(|n| n.strip_suffix(".json"))
                    .and_then(|pid| pid.parse::<u32>().ok())
                    .is_some_and(|pid| !process_is_running(pid))
            })
            .map(|p| {
                // A dangling link has no target to date; the link itself does.
                let modified = std::fs::metadata(&p)
                    .or_else(|_| std::fs::symlink_metadata(&p))
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                (modified, p)
            })
            .collect();
        candidates.sort();
        while let Some((_, path)) = candidates.pop() {
            match read_recovery(&path) {
                Ok((file, doc)) => {
                    if found.leftover.is_none() {
                        found.leftover = Some(Leftover { path, file, doc });
                    }
                }
                Err(reason) => {
                    let kept_at = keep_aside(dir, &path);
                    let reason = match &kept_at {
                        Ok(_) => reason,
                        Err(err) => format!("{reason}; it could not be moved aside ({err})"),
                    };
                    found.kept_aside.push(KeptAside {
                        file: path,
                        kept_at: kept_at.ok(),
                        reason,
                    });
                }
            }
        }
        found
    }
}

/// What the start found among the recovery files of earlier runs.
#[derive(Debug, Default)]
pub struct Found {
    /// The newest recovery file that could be read, to offer to restore.
    pub leftover: Option<Leftover>,
    /// The recovery files that could not be read, newest first.
    pub kept_aside: Vec<KeptAside>,
}

/// A recovery file that could not be read and was set aside rather than deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAside {
    /// Where the file was.
    pub file: PathBuf,
    /// Where it is now (in the data folder's `kept` folder); `None` if it could not be
    /// moved and is still where it was.
    pub kept_at: Option<PathBuf>,
    /// Why it could not be read, in words for the user.
    pub reason: String,
}

impl Found {
    /// What to tell the user about the files set aside, if any: one line per file, saying
    /// why it could not be read and where it is now.
    pub fn notice(&self) -> Option<String> {
        if self.kept_aside.is_empty() {
            return None;
        }
        let mut lines = vec![if self.kept_aside.len() == 1 {
            "Found a recovery file that could not be read; it was kept, not deleted:".to_owned()
        } else {
            format!(
                "Found {} recovery files that could not be read; they were kept, not deleted:",
                self.kept_aside.len()
            )
        }];
        for kept in &self.kept_aside {
            let name = kept
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let now = kept
                .kept_at
                .as_deref()
                .unwrap_or(&kept.file)
                .display()
                .to_string();
            lines.push(format!("{name}: {} (now at {now})", kept.reason));
        }
        Some(lines.join("\n"))
    }
}

/// The newest recovery format this app reads.
const RECOVERY_VERSION: u32 = 1;

/// The file and journey in a recovery file, or why they cannot be read.
fn read_recovery(path: &Path) -> Result<(Option<PathBuf>, Document), String> {
    // Only a regular file is read: a folder or a pipe in its place would fail or block.
    let meta = std::fs::metadata(path).map_err(|e| format!("it cannot be read ({e})"))?;
    if meta.is_dir() {
        return Err("it is a folder, not a file".to_owned());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("it cannot be read ({e})"))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("it is empty".to_owned());
    }
    let recovery: RecoveryFile = serde_json::from_slice(&bytes).map_err(|e| {
        let at = format!("line {}, column {}", e.line(), e.column());
        if e.is_eof() {
            format!("it ends too early ({at}); it may have been cut off")
        } else if e.is_syntax() {
            format!("it is not valid JSON ({at})")
        } else {
            format!("it is not a Journey Designer recovery file ({e})")
        }
    })?;
    if recovery.journey_designer_recovery > RECOVERY_VERSION {
        return Err(format!(
            "it was written by a newer Journey Designer (recovery format {})",
            recovery.journey_designer_recovery
        ));
    }
    let doc = format::from_value(recovery.journey)
        .map_err(|e| format!("the journey in it cannot be read: {e}"))?;
    Ok((recovery.file, doc))
}

/// Moves `path` into `dir/kept/` under a name not taken there; returns the new path.
fn keep_aside(dir: &Path, path: &Path) -> std::io::Result<PathBuf> {
    let kept = dir.join("kept");
    std::fs::create_dir_all(&kept)?;
    let name = path.file_name().map_or_else(
        || "recovery.json".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    let target = (1..10_000)
        .map(|n| {
            if n == 1 {
                kept.join(&name)
            } else {
                kept.join(format!("{stem}-{n}.json"))
            }
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        // Never rename over a file kept before.
        .ok_or_else(|| std::io::Error::other("every name in the kept folder is taken"))?;
    std::fs::rename(path, &target)?;
    Ok(target)
}

fn process_is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_newest_first_unique_and_capped() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/nowhere/{i}.json")));
        }
        s.remember(Path::new("/nowhere/5.json"));
        assert_eq!(s.recent.len(), RECENT_LIMIT);
        assert_eq!(s.recent[0], Path::new("/nowhere/5.json"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("5.json")).count(), 1);
        let dir = tempfile::tempdir().unwrap();
        s.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), s);
    }

    /// A data folder with a recovery file of a process that is gone holding `bytes`.
    fn folder_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recovery-4000000100.json");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn good_recovery(title: &str) -> String {
        format!(
            "{{\"journey_designer_recovery\":1,\"file\":null,\"journey\":{}}}",
            format::to_string(&Document::new(title))
        )
    }

    /// Scans `dir` expecting one file set aside for `reason`, kept in `kept/` with its bytes.
    fn assert_kept_aside(dir: &Path, path: &Path, reason: &str) -> Found {
        let before = std::fs::symlink_metadata(path).ok().map(|m| m.file_type());
        // Reading a pipe would wait for a writer: only regular files are read here.
        let bytes = before
            .is_some_and(|t| t.is_file())
            .then(|| std::fs::read(path).unwrap());
        let found = Recovery::scan(dir);
        assert!(found.leftover.is_none());
        assert_eq!(found.kept_aside.len(), 1, "{found:?}");
        let kept = &found.kept_aside[0];
        assert_eq!(kept.file, path);
        assert!(kept.reason.contains(reason), "{:?}", kept.reason);
        let at = kept.kept_at.clone().expect("moved aside");
        assert_eq!(at, dir.join("kept").join(path.file_name().unwrap()));
        assert!(
            std::fs::symlink_metadata(path).is_err(),
            "the original name is free"
        );
        assert_eq!(
            std::fs::symlink_metadata(&at).ok().map(|m| m.file_type()),
            before,
            "the same kind of thing is kept"
        );
        if let Some(bytes) = bytes {
            assert_eq!(std::fs::read(&at).unwrap(), bytes, "kept byte for byte");
        }
        let notice = found.notice().expect("a notice");
        assert!(notice.contains("recovery-4000000100.json"), "{notice}");
        assert!(notice.contains(reason), "{notice}");
        assert!(notice.contains(&at.display().to_string()), "{notice}");
        // The next start finds nothing more to say.
        let again = Recovery::scan(dir);
        assert!(
            again.leftover.is_none() && again.kept_aside.is_empty(),
            "{again:?}"
        );
        found
    }

    #[test]
    fn a_readable_leftover_is_offered_and_left_in_place() {
        let (dir, path) = folder_with(good_recovery("Lost work").as_bytes());
        let found = Recovery::scan(dir.path());
        assert!(found.kept_aside.is_empty() && found.notice().is_none());
        let leftover = found.leftover.expect("the leftover");
        assert_eq!(leftover.doc.title, "Lost work");
        assert_eq!(leftover.path, path);
        assert!(path.exists());
        assert_eq!(
            Recovery::find_leftover(dir.path()).map(|l| l.doc.title),
            Some("Lost work".to_owned())
        );
    }

    #[test]
    fn an_empty_recovery_file_is_kept_aside() {
        let (dir, path) = folder_with(b"");
        assert_kept_aside(dir.path(), &path, "it is empty");
    }

    #[test]
    fn a_truncated_recovery_file_is_kept_aside() {
        let text = good_recovery("Cut");
        let (dir, path) = folder_with(&text.as_bytes()[..text.len() / 2]);
        assert_kept_aside(dir.path(), &path, "it may have been cut off");
    }

    #[test]
    fn a_recovery_file_that_is_not_json_is_kept_aside() {
        let (dir, path) = folder_with(b"\x00\xffPK\x03\x04 not json");
        assert_kept_aside(dir.path(), &path, "it is not valid JSON (line 1, column 1)");
        let (dir, path) = folder_with(br#"{"something": "else"}"#);
        assert_kept_aside(
            dir.path(),
            &path,
            "it is not a Journey Designer recovery file",
        );
    }

    #[test]
    fn a_recovery_file_from_a_newer_version_is_kept_aside() {
        let journey = r#"{"format": "journey-designer", "version": 9}"#;
        let text =
            format!(r#"{{"journey_designer_recovery": 1, "file": null, "journey": {journey}}}"#);
        let (dir, path) = folder_with(text.as_bytes());
        let found = assert_kept_aside(dir.path(), &path, "file format version 9");
        assert!(
            found.kept_aside[0]
                .reason
                .starts_with("the journey in it cannot be read")
        );
        let text = good_recovery("Later").replace(":1,", ":2,");
        let (dir, path) = folder_with(text.as_bytes());
        assert_kept_aside(
            dir.path(),
            &path,
            "newer Journey Designer (recovery format 2)",
        );
    }

    #[test]
    fn a_folder_in_place_of_a_recovery_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recovery-4000000100.json");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside.txt"), "kept too").unwrap();
        assert_kept_aside(dir.path(), &path, "it is a folder, not a file");
        let kept = dir.path().join("kept/recovery-4000000100.json/inside.txt");
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "kept too");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_in_place_of_a_recovery_file_is_kept_aside() {
        // Root can read any file, but not one that is not there.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recovery-4000000100.json");
        std::os::unix::fs::symlink(dir.path().join("gone.json"), &path).unwrap();
        assert_kept_aside(dir.path(), &path, "it cannot be read");
        let link = std::fs::read_link(dir.path().join("kept/recovery-4000000100.json"));
        assert_eq!(link.unwrap(), dir.path().join("gone.json"));
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_in_place_of_a_recovery_file_does_not_block_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recovery-4000000100.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        assert_kept_aside(dir.path(), &path, "it is not a regular file");
    }

    #[test]
    fn a_bad_file_is_set_aside_and_the_newest_good_one_still_offered() {
        let dir = tempfile::tempdir().unwrap();
        let older = dir.path().join("recovery-4000000101.json");
        let bad = dir.path().join("recovery-4000000102.json");
        std::fs::write(&older, good_recovery("Older")).unwrap();
        std::fs::write(&bad, "{").unwrap();
        // A file already kept under the same name is not overwritten.
        std::fs::create_dir(dir.path().join("kept")).unwrap();
        std::fs::write(dir.path().join("kept/recovery-4000000102.json"), "first").unwrap();
        let found = Recovery::scan(dir.path());
        assert_eq!(
            found.leftover.map(|l| l.doc.title),
            Some("Older".to_owned())
        );
        assert_eq!(
            found.kept_aside[0].kept_at.as_deref(),
            Some(dir.path().join("kept/recovery-4000000102-2.json").as_path())
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("kept/recovery-4000000102.json")).unwrap(),
            "first"
        );
        assert!(older.exists() && !bad.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_moved_aside_stays_and_is_still_reported() {
        // `kept` is taken by a file, so the folder for kept files cannot be made.
        let (dir, path) = folder_with(b"");
        std::fs::write(dir.path().join("kept"), "not a folder").unwrap();
        let found = Recovery::scan(dir.path());
        assert_eq!(found.kept_aside.len(), 1);
        assert_eq!(found.kept_aside[0].kept_at, None);
        assert!(
            found.kept_aside[0]
                .reason
                .contains("could not be moved aside")
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"");
        let notice = found.notice().unwrap();
        assert!(notice.contains(&path.display().to_string()), "{notice}");
    }

    #[test]
    fn a_missing_data_folder_has_nothing_to_offer() {
        let dir = tempfile::tempdir().unwrap();
        let found = Recovery::scan(&dir.path().join("nowhere"));
        assert!(found.leftover.is_none() && found.kept_aside.is_empty());
    }
}
