//! Places in a journey named by key: `steps[id=care].title`.

use std::fmt::Write as _;

use crate::model::push_key;

/// One step of a place in a journey.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A field of an object.
    Key(String),
    /// An item of a keyed list, by the field that keys it and its key.
    Item {
        /// `id` or `name`.
        by: &'static str,
        /// The item's key.
        key: String,
    },
    /// An item of a list by its index (in the paths of the file reader's messages).
    Index(usize),
}

/// `path` as people read it: `steps[id=care].title`; a key that is not a plain name is
/// written as a quoted JSON string (`steps[id="a b"]`, `.persona_emotions["p.1"]`).
pub fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => push_key(&mut out, key),
            Seg::Item { by, key } => {
                if plain(key) {
                    let _ = write!(out, "[{by}={key}]");
                } else {
                    let quoted = serde_json::to_string(key).unwrap_or_default();
                    let _ = write!(out, "[{by}={quoted}]");
                }
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    if out.is_empty() {
        "(file)".to_owned()
    } else {
        out
    }
}

/// Whether a key can be written bare: letters, digits, `_`, `-` and `.`, not empty.
fn plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The place of `path` with the items left out: `steps.position`, `view.bookmarks`.
pub fn place(path: &[Seg]) -> String {
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Item { .. } | Seg::Index(_) => None,
        })
        .collect();
    keys.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    #[test]
    fn places_read_as_people_name_them() {
        let path = [
            key("steps"),
            Seg::Item {
                by: "id",
                key: "care".into(),
            },
            key("title"),
        ];
        assert_eq!(render(&path), "steps[id=care].title");
        assert_eq!(place(&path), "steps.title");
        let odd = [
            key("scenarios"),
            Seg::Item {
                by: "name",
                key: "cut care".into(),
            },
            key("steps"),
            key("a b"),
        ];
        assert_eq!(render(&odd), r#"scenarios[name="cut care"].steps["a b"]"#);
        assert_eq!(render(&[]), "(file)");
    }
}
