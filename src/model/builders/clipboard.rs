//! Copy and paste: the selected steps as a journey of their own, and copies of a copied
//! journey with fresh ids.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::arrange::middle;
use super::{NothingToDo, fresh_id, plural, steps_of};
use crate::model::{Document, Edit, Link, Point, Step};

/// How far pasted or duplicated steps land from the originals when there is no pointer.
pub const PASTE_OFFSET: Point = [30.0, 30.0];

/// The steps in `ids` and the links among them, as a journey of their own (what Copy puts on
/// the clipboard, in the file format).
pub fn copy(doc: &Document, ids: &BTreeSet<String>) -> Result<Document, NothingToDo> {
    let steps: Vec<Step> = steps_of(doc, ids).into_iter().cloned().collect();
    if steps.is_empty() {
        return Err(NothingToDo::NoSelection("copy"));
    }
    let inside: HashSet<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    let links: Vec<Link> = doc
        .links()
        .iter()
        .filter(|l| inside.contains(l.from.as_str()) && inside.contains(l.to.as_str()))
        .map(|l| Link::clone(l))
        .collect();
    let mut clip = Document::new(doc.title.clone());
    // Ids come from a valid document and links only join copied steps: this cannot fail.
    clip.set_personas(doc.personas().to_vec())
        .map_err(|_| NothingToDo::NoSelection("copy"))?;
    clip.set_steps_and_links(steps, links)
        .map_err(|_| NothingToDo::NoSelection("copy"))?;
    Ok(clip)
}

/// Copies of `clip`'s steps and links with ids fresh in `doc`, centred on `at` (or moved by
/// [`PASTE_OFFSET`] from where they were); links keep joining the copies of their steps.
/// Returns the edit and the new steps' ids.
pub fn paste(
    doc: &Document,
    clip: &Document,
    at: Option<Point>,
) -> Result<(Edit, BTreeSet<String>), NothingToDo> {
    if clip.steps().is_empty() {
        return Err(NothingToDo::NoSteps);
    }
    let offset = match (at, middle(clip.steps().iter().map(AsRef::as_ref))) {
        (Some(at), Some(mid)) => [at[0] - mid[0], at[1] - mid[1]],
        _ => PASTE_OFFSET,
    };
    let mut taken: HashSet<String> = HashSet::new();
    let mut renamed: HashMap<&str, String> = HashMap::new();
    let steps: Vec<Step> = clip
        .steps()
        .iter()
        .map(|step| {
            let id = fresh_id(&step.id, |id| doc.step(id).is_some() || taken.contains(id));
            taken.insert(id.clone());
            renamed.insert(step.id.as_str(), id.clone());
            // Personas this journey does not have are left out of the copies.
            let known = |p: &String| doc.persona(p).is_some();
            Step {
                id,
                position: [step.position[0] + offset[0], step.position[1] + offset[1]],
                personas: step.personas.iter().filter(|p| known(p)).cloned().collect(),
                persona_emotions: step
                    .persona_emotions
                    .iter()
                    .filter(|(p, _)| known(p))
                    .cloned()
                    .collect(),
                ..Step::clone(step)
            }
        })
        .collect();
    let mut taken_links: HashSet<String> = HashSet::new();
    let links: Vec<Link> = clip
        .links()
        .iter()
        .filter_map(|link| {
            let from = renamed.get(link.from.as_str())?.clone();
            let to = renamed.get(link.to.as_str())?.clone();
            let id = fresh_id(&format!("{from}-{to}"), |id| {
                doc.link(id).is_some() || taken_links.contains(id)
            });
            taken_links.insert(id.clone());
            Some(Link {
                id,
                from,
                to,
                ..Link::clone(link)
            })
        })
        .collect();
    let ids: BTreeSet<String> = steps.iter().map(|s| s.id.clone()).collect();
    let count = steps.len();
    let edit = Edit::Batch {
        label: if count == 1 {
            "Paste step".to_owned()
        } else {
            format!("Paste {}", plural(count, "step"))
        },
        edits: vec![Edit::add(doc, steps, links)],
    };
    Ok((edit, ids))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builders::fixtures::{applied, doc, ids, pos};
    use crate::model::{Persona, Stage};

    #[test]
    fn copy_and_paste_give_fresh_ids_and_keep_inner_links() {
        let d = doc(
            &[
                ("a", Stage::Tell, [0.0, 0.0]),
                ("b", Stage::Buy, [100.0, 0.0]),
                ("c", Stage::Care, [200.0, 0.0]),
            ],
            &[("a", "b"), ("b", "c")],
        );
        assert_eq!(
            copy(&d, &BTreeSet::new()),
            Err(NothingToDo::NoSelection("copy"))
        );
        let clip = copy(&d, &ids(&["a", "b"])).unwrap();
        assert_eq!(clip.steps().len(), 2);
        assert_eq!(clip.links().len(), 1, "only the link inside the copy");
        let (edit, new) = paste(&d, &clip, None).unwrap();
        assert_eq!(new, ids(&["a-2", "b-2"]));
        let d2 = applied(d.clone(), edit);
        assert_eq!(pos(&d2, "a-2"), [30.0, 30.0]);
        assert!(d2.has_link_between("a-2", "b-2"));
        let (edit, _) = paste(&d2, &clip, Some([1000.0, 1000.0])).unwrap();
        let d3 = applied(d2, edit);
        assert_eq!(pos(&d3, "a-3"), [950.0, 1000.0], "centred on the pointer");
        assert_eq!(
            paste(&d, &Document::new("x"), None).err(),
            Some(NothingToDo::NoSteps)
        );
    }

    #[test]
    fn pasting_into_a_journey_without_the_personas_drops_them() {
        let mut source = doc(&[("a", Stage::Care, [0.0, 0.0])], &[]);
        let colour = crate::model::Colour([1, 2, 3]);
        source
            .set_personas(vec![Persona::new("early", "Early", colour)])
            .unwrap();
        let mut step = Step::clone(&source.steps()[0]);
        step.personas = vec!["early".into()];
        step.persona_emotions = vec![("early".into(), crate::model::Emotion::new(2).unwrap())];
        source.set_steps_and_links(vec![step], vec![]).unwrap();
        let clip = copy(&source, &ids(&["a"])).unwrap();
        assert_eq!(clip.personas().len(), 1);
        let mut target = doc(&[], &[]);
        let (edit, _) = paste(&target, &clip, None).unwrap();
        let _ = edit.apply(&mut target).unwrap();
        assert!(target.steps()[0].personas.is_empty());
        assert!(target.steps()[0].persona_emotions.is_empty());
        // Pasted back into its own journey, the copy keeps them.
        let (edit, _) = paste(&source, &clip, None).unwrap();
        let _ = edit.apply(&mut source).unwrap();
        assert_eq!(source.steps()[1].personas, ["early"]);
    }
}
