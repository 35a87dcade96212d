//! The views saved with the journey: bookmarks, each an undoable edit.

use crate::model::{Bookmark, Document, Edit, FrameValue, Point};

/// The edit that adds a bookmark called `name` for the view at `center` and `zoom`.
pub fn add_bookmark(doc: &Document, name: &str, center: Point, zoom: f64) -> Edit {
    let mut bookmarks = doc.view.bookmarks.clone();
    bookmarks.push(Bookmark::new(name, center, zoom));
    Edit::SetFrame(FrameValue::Bookmarks(bookmarks))
}

/// The edit that removes bookmark `index`, and its name; `None` if there is no such bookmark.
pub fn remove_bookmark(doc: &Document, index: usize) -> Option<(Edit, String)> {
    let mut bookmarks = doc.view.bookmarks.clone();
    if index >= bookmarks.len() {
        return None;
    }
    let gone = bookmarks.remove(index);
    Some((Edit::SetFrame(FrameValue::Bookmarks(bookmarks)), gone.name))
}

/// The edit that renames bookmark `index` to `name`, and its old name; `None` if there is no
/// such bookmark or it is called so already.
pub fn rename_bookmark(doc: &Document, index: usize, name: &str) -> Option<(Edit, String)> {
    let mut bookmarks = doc.view.bookmarks.clone();
    let bookmark = bookmarks.get_mut(index).filter(|b| b.name != name)?;
    let old = std::mem::replace(&mut bookmark.name, name.to_owned());
    Some((Edit::SetFrame(FrameValue::Bookmarks(bookmarks)), old))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builders::fixtures::{applied, doc};

    #[test]
    fn bookmarks_are_added_renamed_and_removed() {
        let d = doc(&[], &[]);
        let d = applied(d.clone(), add_bookmark(&d, "Telling", [10.0, 20.0], 1.5));
        let d = applied(d.clone(), add_bookmark(&d, "Buying", [0.0, 0.0], 1.0));
        let names = |d: &Document| {
            d.view
                .bookmarks
                .iter()
                .map(|b| b.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&d), ["Telling", "Buying"]);
        assert_eq!(d.view.bookmarks[0].center, [10.0, 20.0]);
        assert_eq!(d.view.bookmarks[0].zoom, 1.5);
        let (edit, old) = rename_bookmark(&d, 1, "Paying").unwrap();
        assert_eq!(old, "Buying");
        let d = applied(d, edit);
        assert_eq!(names(&d), ["Telling", "Paying"]);
        assert_eq!(rename_bookmark(&d, 1, "Paying"), None);
        assert_eq!(rename_bookmark(&d, 2, "Nowhere"), None);
        let (edit, gone) = remove_bookmark(&d, 0).unwrap();
        assert_eq!(gone, "Telling");
        let d = applied(d, edit);
        assert_eq!(names(&d), ["Paying"]);
        assert_eq!(remove_bookmark(&d, 1), None);
    }
}
