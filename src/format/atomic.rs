//! Saving without ever leaving a half-written file: write a temporary file beside the
//! target, flush and sync it, then rename it over the target.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The points at which a save can fail; tests inject failures at each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStep {
    /// Creating the temporary file beside the target.
    Create,
    /// Writing the bytes.
    Write,
    /// Flushing them to the disk.
    Sync,
    /// Renaming the temporary file over the target.
    Rename,
}

impl SaveStep {
    /// Every step, in order.
    pub const ALL: [Self; 4] = [Self::Create, Self::Write, Self::Sync, Self::Rename];
}

/// Writes `bytes` to `path` atomically: afterwards the file holds either its old content or
/// all of `bytes`, never a mixture, whatever fails. A symbolic link is followed, so the file
/// it points to is replaced and the link stays.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// [`write_atomic`] with a hook called before each [`SaveStep`]; an error from the hook fails
/// the save at that point, as the operating system might.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before: impl FnMut(SaveStep) -> io::Result<()>,
) -> io::Result<()> {
    atomic(path, before, |file| file.write_all(bytes))
}

/// Writes a file that `write` produces piece by piece (a log far larger than memory)
/// atomically, as [`write_atomic`] does: the file appears, or is replaced, only once `write`
/// has succeeded, and nothing is left behind when it fails.
pub fn write_atomic_streamed<T>(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<T>,
) -> io::Result<T> {
    atomic(path, |_| Ok(()), write)
}

fn atomic<T>(
    path: &Path,
    mut before: impl FnMut(SaveStep) -> io::Result<()>,
    write: impl FnOnce(&mut fs::File) -> io::Result<T>,
) -> io::Result<T> {
    let target = resolve(path);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "journey".into(), |n| n.to_string_lossy().into_owned());

    before(SaveStep::Create)?;
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if fs::metadata(&target).is_err() {
        // A new file is readable as any file the user makes (0666 less the umask), not
        // only by its owner as a temporary file would be.
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    before(SaveStep::Write)?;
    let written = write(tmp.as_file_mut())?;
    tmp.flush()?;
    before(SaveStep::Sync)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(&target) {
        // Keep the permissions the user gave the file.
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
    }
    before(SaveStep::Rename)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable; not every platform can open a folder, so this is best effort.
    if let Ok(dir) = fs::File::open(&dir) {
        let _ = dir.sync_all();
    }
    Ok(written)
}

fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn save_replaces_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.json");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(leftovers(dir.path()), ["j.json"]);
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_file_intact() {
        for failing in SaveStep::ALL {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("j.json");
            fs::write(&path, "old content").unwrap();
            let result = write_atomic_with(&path, b"new content", |step| {
                if step == failing {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            });
            assert!(result.is_err(), "{failing:?}");
            assert_eq!(fs::read(&path).unwrap(), b"old content", "{failing:?}");
            assert_eq!(
                leftovers(dir.path()),
                ["j.json"],
                "temporary file left after {failing:?}"
            );
        }
    }

    #[test]
    fn a_streamed_file_appears_only_once_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        fs::write(&path, "old").unwrap();
        let failed = write_atomic_streamed(&path, |file| {
            file.write_all(b"half of it")?;
            Err::<(), _>(io::Error::other("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(leftovers(dir.path()), ["log.csv"]);
        let lines = write_atomic_streamed(&path, |file| {
            for line in 0..3 {
                writeln!(file, "line {line}")?;
            }
            Ok(3)
        });
        assert_eq!(lines.unwrap(), 3);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "line 0\nline 1\nline 2\n"
        );
    }

    #[test]
    fn a_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no such folder").join("j.json");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_permissions_and_an_old_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // A file made the ordinary way gets 0666 less the umask, whatever it is here.
        let ordinary = dir.path().join("ordinary.json");
        fs::File::create(&ordinary).unwrap();
        let new = dir.path().join("new.json");
        write_atomic(&new, b"new").unwrap();
        assert_eq!(mode(&new), mode(&ordinary));
        assert_ne!(
            mode(&new) & 0o044,
            0,
            "readable by others as the umask allows"
        );
        let private = dir.path().join("private.json");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&private, b"new").unwrap();
        assert_eq!(mode(&private), 0o640);
    }
}
