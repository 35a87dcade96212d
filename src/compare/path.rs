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

/// A path of the file reader's messages (`steps[3].personas[1]`,
/// `steps[0].persona_emotions["odd.id"]`) as segments; `None` for `(file)` or a path it
/// cannot read.
pub fn parse(text: &str) -> Option<Vec<Seg>> {
    if text == "(file)" {
        return None;
    }
    let mut segs = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            if after.starts_with('"') {
                let mut de = serde_json::Deserializer::from_str(after).into_iter::<String>();
                let key = de.next()?.ok()?;
                let used = de.byte_offset();
                segs.push(Seg::Key(key));
                rest = after[used..].strip_prefix(']')?;
            } else {
                let end = after.find(']')?;
                segs.push(Seg::Index(after[..end].parse().ok()?));
                rest = &after[end + 1..];
            }
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            if end == 0 {
                return None;
            }
            segs.push(Seg::Key(rest_key[..end].to_owned()));
            rest = &rest_key[end..];
        }
    }
    Some(segs)
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

    #[test]
    fn the_readers_paths_are_read_back() {
        assert_eq!(
            parse("steps[3].personas[1]"),
            Some(vec![
                key("steps"),
                Seg::Index(3),
                key("personas"),
                Seg::Index(1)
            ])
        );
        assert_eq!(
            parse(r#"steps[0].persona_emotions["odd.id"]"#),
            Some(vec![
                key("steps"),
                Seg::Index(0),
                key("persona_emotions"),
                key("odd.id")
            ])
        );
        assert_eq!(
            parse("scenarios[0].steps.gone"),
            Some(vec![
                key("scenarios"),
                Seg::Index(0),
                key("steps"),
                key("gone")
            ])
        );
        assert_eq!(parse("title"), Some(vec![key("title")]));
        assert_eq!(parse("(file)"), None);
        assert_eq!(parse("steps[x]"), None);
    }
}
