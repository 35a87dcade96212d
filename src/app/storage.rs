//! What the app keeps in the user's data folder: recent files and crash-recovery copies.
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
/// snapshot of the journey that costs a pointer per step to take, so a large journey does
/// not stall the window; removing the file first waits for a copy in flight.
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

    /// The newest recovery file in `dir` left by a process that is no longer running.
    pub fn find_leftover(dir: &Path) -> Option<Leftover> {
        let mut candidates: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
            .ok()?
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
            .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
            .collect();
        candidates.sort();
        while let Some((_, path)) = candidates.pop() {
            let parsed = std::fs::read(&path)
                .ok()
                .and_then(|b| serde_json::from_slice::<RecoveryFile>(&b).ok());
            match parsed.and_then(|r| Some((r.file, format::from_value(r.journey).ok()?))) {
                Some((file, doc)) => return Some(Leftover { path, file, doc }),
                // A recovery file we cannot read is of no use to anyone.
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        None
    }
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
}
