//! The editor window.

/// Opens the editor window.
pub fn run(_file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the editor window is not built yet")
}
pub mod commands;
pub mod history;
