//! Why reading or writing a file failed, in the user's words: the kind of failure first, the
//! operating system's own text after it, so a message reads the same on every system and
//! still carries the detail.

use std::io::{self, ErrorKind};

/// The reason for `err`: "the disk is full (No space left on device (os error 28))".
pub fn io_reason(err: &io::Error) -> String {
    let plain = match err.kind() {
        ErrorKind::NotFound => "there is no such file",
        ErrorKind::PermissionDenied => "permission was denied",
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::QuotaExceeded => "the disk quota is used up",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        ErrorKind::IsADirectory => "it is a folder, not a file",
        ErrorKind::NotADirectory => "a part of the path is not a folder",
        ErrorKind::FileTooLarge => "the file is too large",
        ErrorKind::InvalidFilename => "the name is not a valid file name",
        _ => return err.to_string(),
    };
    format!("{plain} ({err})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_comes_first_in_plain_words() {
        let full = io::Error::from(ErrorKind::StorageFull);
        assert!(io_reason(&full).starts_with("the disk is full ("));
        let missing = io::Error::from(ErrorKind::NotFound);
        assert!(io_reason(&missing).starts_with("there is no such file ("));
        // A kind without words of ours keeps the system's text alone.
        let other = io::Error::other("the cable was pulled");
        assert_eq!(io_reason(&other), "the cable was pulled");
    }
}
