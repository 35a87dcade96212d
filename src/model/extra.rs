//! The fields of a file that this version does not know, kept with their object.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::LazyLock;

use serde_json::{Map, Value};

/// Fields of a file that this version does not know, kept in their order and written back.
///
/// Almost every object has none, so the map lives out of line and only once a field is
/// kept: an object without unknown fields pays one pointer for them, not a whole map. It
/// reads (and is compared) as a [`Map`], empty when there is none.
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Map<String, Value>>>);

/// What an object without unknown fields reads as.
static NONE: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

impl Extra {
    /// No unknown fields.
    pub const fn new() -> Self {
        Self(None)
    }
}

impl Deref for Extra {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Self::Target {
        self.0.as_deref().unwrap_or(&NONE)
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl FromIterator<(String, Value)> for Extra {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(entries: I) -> Self {
        Self::from(entries.into_iter().collect::<Map<_, _>>())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn no_fields_and_an_emptied_map_read_and_compare_the_same() {
        let none = Extra::new();
        assert!(none.is_empty());
        assert_eq!(none.get("x"), None);
        let mut emptied = Extra::new();
        emptied.insert("x".into(), json!(1));
        assert_eq!(emptied.get("x"), Some(&json!(1)));
        assert_ne!(emptied, none);
        emptied.shift_remove("x");
        assert_eq!(emptied, none);
    }

    #[test]
    fn fields_keep_their_order() {
        let extra: Extra = [("b".to_owned(), json!(1)), ("a".to_owned(), json!(2))]
            .into_iter()
            .collect();
        let keys: Vec<&String> = extra.keys().collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn an_object_without_unknown_fields_pays_one_pointer_for_them() {
        assert_eq!(size_of::<Extra>(), size_of::<usize>());
    }
}
