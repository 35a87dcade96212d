//! Finding steps and links by id, without a second copy of every id.

use std::fmt;
use std::hash::BuildHasher as _;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::{Link, Step};

/// Something a document keeps by id.
pub(super) trait HasId {
    /// Its id, unique in its list.
    fn id(&self) -> &str;
}

impl HasId for Step {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Link {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The position of each item of a list by its id: a hash table of positions (four bytes
/// each), hashed by id, the ids read from the list itself. (A map from `String` to position
/// kept a copy of every id and took about 75 bytes per item; this takes about 6.)
#[derive(Clone, Default)]
pub(super) struct IdIndex {
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl IdIndex {
    /// The index of `items`, whose ids are unique.
    pub fn of<T: HasId>(items: &[Arc<T>]) -> Self {
        let hasher = DefaultHashBuilder::default();
        let hash = |i: &u32| hasher.hash_one(items[*i as usize].id());
        let mut table = HashTable::with_capacity(items.len());
        for i in 0..items.len() as u32 {
            table.insert_unique(hash(&i), i, hash);
        }
        Self { table, hasher }
    }

    /// The position in `items` (the list the index was made of) of the item with this id.
    pub fn get<T: HasId>(&self, items: &[Arc<T>], id: &str) -> Option<usize> {
        self.table
            .find(self.hasher.hash_one(id), |&i| {
                items.get(i as usize).is_some_and(|item| item.id() == id)
            })
            .map(|&i| i as usize)
    }
}

impl fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    #[test]
    fn items_are_found_by_id() {
        let steps: Vec<Arc<Step>> = (0..1000)
            .map(|i| Arc::new(Step::new(format!("s{i}"), Stage::Tell, "", [0.0, 0.0])))
            .collect();
        let index = IdIndex::of(&steps);
        for i in [0, 1, 500, 999] {
            assert_eq!(index.get(&steps, &format!("s{i}")), Some(i));
        }
        assert_eq!(index.get(&steps, "s1000"), None);
        assert_eq!(index.get(&steps, ""), None);
        assert_eq!(IdIndex::default().get(&steps, "s1"), None);
    }
}
