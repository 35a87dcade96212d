//! The layering ARCHITECTURE.md promises, read from the sources: which layer may use which,
//! that the model, the simulation, the format, the layout and the exports know nothing of
//! egui's windows, and that no two modules of the app or of the interface import each other.
//!
//! Only code counts: comments and the `#[cfg(test)]` part at the end of a file are left out,
//! and so are files that are test modules as a whole.

#![expect(clippy::unwrap_used, reason = "a test fails loudly on purpose")]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each layer, lowest first, with the layers it may use.
const LAYERS: [(&str, &[&str]); 11] = [
    ("model", &[]),
    ("task", &[]),
    ("format", &["model"]),
    ("simulation", &["model"]),
    ("layout", &["model"]),
    ("import", &["model"]),
    ("compare", &["model", "format"]),
    ("export", &["model", "format", "layout"]),
    ("calibrate", &["model", "task", "format", "simulation"]),
    (
        "ui",
        &[
            "model",
            "task",
            "format",
            "simulation",
            "layout",
            "import",
            "compare",
            "export",
            "calibrate",
        ],
    ),
    (
        "app",
        &[
            "model",
            "task",
            "format",
            "simulation",
            "layout",
            "import",
            "compare",
            "export",
            "calibrate",
            "ui",
        ],
    ),
];

/// Layers that draw nothing in a window: egui's `Context`, `Ui` and painters stay out.
const WINDOWLESS: [&str; 8] = [
    "model",
    "format",
    "simulation",
    "layout",
    "import",
    "compare",
    "export",
    "calibrate",
];

/// Every source file of the library with its code (comments and tests left out).
fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let test_modules = test_modules(&files);
    files
        .into_iter()
        .filter(|path| !test_modules.contains(path))
        .map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            let code = text
                .split("#[cfg(test)]\nmod ")
                .next()
                .unwrap_or_default()
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            (path.strip_prefix(&root).unwrap().to_path_buf(), code)
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Files declared as `#[cfg(test)] mod name;`: tests as a whole.
fn test_modules(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut tests = BTreeSet::new();
    for path in files {
        let text = fs::read_to_string(path).unwrap();
        let dir = if path.ends_with("mod.rs") || path.ends_with("lib.rs") {
            path.parent().unwrap().to_path_buf()
        } else {
            path.with_extension("")
        };
        for rest in text.split("#[cfg(test)]\nmod ").skip(1) {
            if let Some(name) = rest.strip_suffix_at(';') {
                tests.insert(dir.join(format!("{name}.rs")));
                tests.insert(dir.join(name).join("mod.rs"));
            }
        }
    }
    tests
}

trait StripAt {
    fn strip_suffix_at(&self, end: char) -> Option<&str>;
}

impl StripAt for str {
    /// The text before `end` when it is a bare module name (`tests;`), not a block.
    fn strip_suffix_at(&self, end: char) -> Option<&str> {
        let name = self.split(end).next()?;
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then_some(name)
    }
}

/// The layer a file belongs to: the first part of its path under `src/`.
fn layer_of(path: &Path) -> &str {
    let first = path
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_str()
        .unwrap();
    first.strip_suffix(".rs").unwrap_or(first)
}

/// The layers `code` refers to by `crate::` paths.
fn used_layers(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_layer_uses_only_the_layers_below_it() {
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.into_iter().collect();
    let mut wrong = Vec::new();
    for (path, code) in sources() {
        let layer = layer_of(&path);
        let Some(may) = allowed.get(layer) else {
            continue;
        };
        for used in used_layers(&code) {
            if used != layer && allowed.contains_key(used.as_str()) && !may.contains(&used.as_str())
            {
                wrong.push(format!("{} uses crate::{used}", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_layers_below_the_interface_know_no_window() {
    let mut wrong = Vec::new();
    for (path, code) in sources() {
        // Plain geometry comes from emath, which egui is built on; egui itself stays out.
        if WINDOWLESS.contains(&layer_of(&path))
            && ["egui::", "eframe::", "use egui", "use eframe"]
                .iter()
                .any(|window| code.contains(window))
        {
            wrong.push(path.display().to_string());
        }
    }
    assert!(wrong.is_empty(), "these draw in a window: {wrong:?}");
}

/// The module a file of `layer` is part of, one level down: `ui/canvas/draw.rs` → `canvas`,
/// `app/files.rs` → `files`; `None` for the layer's own `mod.rs`.
fn part_of(path: &Path) -> Option<String> {
    let mut parts = path.components().skip(1);
    let first = parts.next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "mod").then(|| name.to_owned())
}

/// The parts of `layer` that `code` (of a file directly in the layer's folder) imports:
/// `crate::layer::name`, `super::name` and `super::{a, b}`.
fn used_parts(code: &str, layer: &str, direct: bool) -> BTreeSet<String> {
    let word = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut parts = BTreeSet::new();
    let prefix = format!("crate::{layer}::");
    for (at, _) in code.match_indices(&prefix) {
        parts.insert(word(&code[at + prefix.len()..]));
    }
    if direct {
        for (at, _) in code.match_indices("super::") {
            let rest = &code[at + "super::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let list = list.split('}').next().unwrap_or_default();
                parts.extend(list.split(',').map(|item| word(item.trim())));
            } else {
                parts.insert(word(rest));
            }
        }
    }
    parts.retain(|p| !p.is_empty() && p != "self");
    parts
}

#[test]
fn no_two_parts_of_the_app_or_the_interface_import_each_other() {
    let sources = sources();
    for layer in ["ui", "app"] {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let parts: BTreeSet<String> = sources
            .iter()
            .filter(|(path, _)| layer_of(path) == layer)
            .filter_map(|(path, _)| part_of(path))
            .collect();
        for (path, code) in &sources {
            if layer_of(path) != layer {
                continue;
            }
            let Some(from) = part_of(path) else {
                continue;
            };
            let direct = path.components().count() == 2;
            for to in used_parts(code, layer, direct) {
                if to != from && parts.contains(&to) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        if let Some(cycle) = find_cycle(&edges) {
            panic!("{layer}: {} import each other", cycle.join(" → "));
        }
    }
}

/// A cycle in the graph, as the nodes along it, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, edges, &mut Vec::new(), &mut done))
}

#[test]
fn a_cycle_is_found_where_there_is_one() {
    let graph = |pairs: &[(&str, &str)]| {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in pairs {
            edges
                .entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
        }
        edges
    };
    assert_eq!(
        find_cycle(&graph(&[("files", "modals"), ("modals", "files")])),
        Some(vec!["files".into(), "modals".into(), "files".into()])
    );
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])),
        None
    );
    assert_eq!(
        used_parts(
            "use super::{Drag, files::Pending};\nuse super::modals::Modal;",
            "app",
            true
        ),
        BTreeSet::from(["Drag".to_owned(), "files".to_owned(), "modals".to_owned()])
    );
}
