//! Bringing files of older format versions up to the current one.
//!
//! Each migration turns version `n` into `n + 1` on the raw JSON, before the content is read,
//! so the reader only ever sees the current version. Version 1 is the first version: there is
//! nothing older to migrate yet, and a file of version 1 passes through unchanged.

use serde_json::{Map, Value};

use super::VERSION;

/// One step of migration: changes a version-`from` object into a version-`from + 1` one.
type Migration = fn(&mut Map<String, Value>);

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`.
const MIGRATIONS: [Migration; (VERSION - 1) as usize] = [];

/// Migrates `map`, read as version `from` (1..=[`VERSION`]), to the current version.
pub fn to_current(map: &mut Map<String, Value>, from: u64) {
    let start = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
    for migration in MIGRATIONS.iter().skip(start) {
        migration(map);
    }
    map.insert("version".to_owned(), Value::from(VERSION));
}
