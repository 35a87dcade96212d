//! The journey file format: JSON reading (with migration and located errors), canonical
//! writing, atomic saving, and the templates shipped with the app.
//!
//! The format is described for users in `docs/file-format.md`.

mod atomic;
mod error;
mod migrate;
pub mod parts;
mod read;
mod reason;
mod schema;
#[cfg(feature = "testing")]
pub mod soak;
mod templates;
mod write;

use std::path::Path;

pub use atomic::{SaveStep, write_atomic, write_atomic_streamed, write_atomic_with};
pub use error::{ContentError, FileError, LoadError};
pub use read::{from_slice, from_str, from_value};
#[cfg(feature = "testing")]
pub use read::{read_fast, read_full};
pub use reason::io_reason;
pub use templates::{TEMPLATES, Template, service_loop};
pub use write::to_string;

#[cfg(feature = "testing")]
pub use schema::canonical_keys;

/// The value of the `format` field of every journey file.
pub const FORMAT_NAME: &str = "journey-designer";

/// The newest format version this app reads, and the one it writes.
pub const VERSION: u64 = 2;

/// Reads a journey file.
pub fn load_file(path: &Path) -> Result<crate::model::Document, FileError> {
    let bytes = std::fs::read(path).map_err(|source| FileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_slice(&bytes).map_err(|source| FileError::Load {
        path: path.to_path_buf(),
        source,
    })
}

/// Saves a journey file atomically in canonical form.
pub fn save_file(path: &Path, doc: &crate::model::Document) -> std::io::Result<()> {
    write_atomic(path, to_string(doc).as_bytes())
}
