//! The personas: adding, changing, reordering and removing them, which steps they apply to
//! and how each feels at a step.

use super::fresh_id;
use crate::model::{Colour, Document, Edit, Emotion, FrameValue, Persona, Step, StepValue};

/// The colours new personas get, in turn; none of them is a stage colour.
pub const PERSONA_COLOURS: [Colour; 5] = [
    Colour([0x25, 0x63, 0xeb]),
    Colour([0xc0, 0x26, 0xd3]),
    Colour([0xd9, 0x77, 0x06]),
    Colour([0x08, 0x91, 0xb2]),
    Colour([0x4b, 0x55, 0x63]),
];

/// The edit that adds a persona at the end of the list — a fresh id, "Persona N" as its
/// name and the next of [`PERSONA_COLOURS`] — and the new persona's id.
pub fn add_persona(doc: &Document) -> (Edit, String) {
    let personas = doc.personas();
    let id = fresh_id("persona", |id| doc.persona(id).is_some());
    let colour = PERSONA_COLOURS[personas.len() % PERSONA_COLOURS.len()];
    let mut new = personas.to_vec();
    new.push(Persona::new(
        id.clone(),
        format!("Persona {}", personas.len() + 1),
        colour,
    ));
    (Edit::SetFrame(FrameValue::Personas(new)), id)
}

/// The edit that puts `changed` in the place of persona `index` (its name, description,
/// goals or colour edited); `None` if there is no such persona or nothing changed. The id
/// stays the one at `index`, so steps keep referring to it.
pub fn update_persona(doc: &Document, index: usize, changed: Persona) -> Option<Edit> {
    let old = doc.personas().get(index)?;
    let changed = Persona {
        id: old.id.clone(),
        ..changed
    };
    if *old == changed {
        return None;
    }
    let mut new = doc.personas().to_vec();
    new[index] = changed;
    Some(Edit::SetFrame(FrameValue::Personas(new)))
}

/// The edit that moves persona `index` one place up (`by` < 0) or down; `None` at either end.
pub fn move_persona(doc: &Document, index: usize, by: isize) -> Option<Edit> {
    let to = index.checked_add_signed(by.signum())?;
    let personas = doc.personas();
    if index >= personas.len() || to >= personas.len() {
        return None;
    }
    let mut new = personas.to_vec();
    new.swap(index, to);
    Some(Edit::SetFrame(FrameValue::Personas(new)))
}

/// The edit that makes the step apply to `persona` if it does not, or no longer if it does;
/// the step's list stays in the journey's persona order. `None` if either does not exist.
pub fn toggle_step_persona(doc: &Document, step: &str, persona: &str) -> Option<Edit> {
    let step = doc.step(step)?;
    doc.persona(persona)?;
    let new: Vec<String> = doc
        .personas()
        .iter()
        .filter(|q| (q.id == persona) != step.personas.contains(&q.id))
        .map(|q| q.id.clone())
        .collect();
    Some(super::set_step(&step.id, StepValue::Personas(new)))
}

/// The edit that gives `persona` an emotion of its own at `step` (`Some`) or lets it feel
/// as the step does (`None`); `None` if that is already so. A persona that already has an
/// emotion there keeps its place in `persona_emotions`, a new one goes last, so the saved
/// order does not depend on which view made the change.
pub fn set_persona_emotion(step: &Step, persona: &str, emotion: Option<Emotion>) -> Option<Edit> {
    let at = step
        .persona_emotions
        .iter()
        .position(|(id, _)| id == persona);
    let mut own = step.persona_emotions.clone();
    match (at, emotion) {
        (Some(i), Some(e)) if own[i].1 == e => return None,
        (Some(i), Some(e)) => own[i].1 = e,
        (Some(i), None) => {
            own.remove(i);
        }
        (None, Some(e)) => own.push((persona.to_owned(), e)),
        (None, None) => return None,
    }
    Some(super::set_step(&step.id, StepValue::PersonaEmotions(own)))
}

/// The edit that sets the emotion shown for `step`: the step's own, or with a persona
/// filter on, that persona's (see [`set_persona_emotion`]). `None` if it is already so.
pub fn set_emotion(step: &Step, persona: Option<&str>, emotion: Emotion) -> Option<Edit> {
    match persona {
        None if step.emotion == emotion => None,
        None => Some(super::set_step(&step.id, StepValue::Emotion(emotion))),
        Some(p) => set_persona_emotion(step, p, Some(emotion)),
    }
}

/// The edit that removes the persona `id` from the journey and from every step that names
/// it, as one undo step; `None` if there is no such persona.
pub fn remove_persona(doc: &Document, id: &str) -> Option<Edit> {
    let persona = doc.persona(id)?;
    let mut edits: Vec<Edit> = Vec::new();
    for step in doc.steps() {
        if step.personas.iter().any(|p| p == id) {
            edits.push(Edit::SetStep {
                id: step.id.clone(),
                value: StepValue::Personas(
                    step.personas.iter().filter(|p| *p != id).cloned().collect(),
                ),
            });
        }
        if step.persona_emotions.iter().any(|(p, _)| p == id) {
            edits.push(Edit::SetStep {
                id: step.id.clone(),
                value: StepValue::PersonaEmotions(
                    step.persona_emotions
                        .iter()
                        .filter(|(p, _)| p != id)
                        .cloned()
                        .collect(),
                ),
            });
        }
    }
    let rest: Vec<Persona> = doc
        .personas()
        .iter()
        .filter(|p| p.id != id)
        .cloned()
        .collect();
    edits.push(Edit::SetFrame(FrameValue::Personas(rest)));
    let name = if persona.name.is_empty() {
        persona.id.clone()
    } else {
        persona.name.clone()
    };
    Some(Edit::Batch {
        label: format!("Remove persona {name}"),
        edits,
    })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;
    use crate::model::builders::fixtures::{applied, doc};

    fn emotion(v: i64) -> Emotion {
        Emotion::new(v).unwrap()
    }

    /// A journey with personas a, b and c and one step "s" on which a and b feel their own.
    fn with_personas() -> Document {
        let mut d = doc(&[("s", Stage::Care, [0.0, 0.0])], &[]);
        let personas =
            ["a", "b", "c"].map(|id| Persona::new(id, id.to_uppercase(), Colour([1, 2, 3])));
        d.set_personas(personas.to_vec()).unwrap();
        let mut step = Step::clone(&d.steps()[0]);
        step.personas = vec!["a".into(), "c".into()];
        step.persona_emotions = vec![("a".into(), emotion(-1)), ("b".into(), emotion(2))];
        d.set_steps_and_links(vec![step], vec![]).unwrap();
        d
    }

    fn own(d: &Document) -> Vec<(String, i8)> {
        d.step("s")
            .unwrap()
            .persona_emotions
            .iter()
            .map(|(p, e)| (p.clone(), e.value()))
            .collect()
    }

    #[test]
    fn a_persona_emotion_changes_in_place_and_new_ones_go_last() {
        let d = with_personas();
        let step = d.step("s").unwrap().clone();
        // Changing a's emotion keeps it first, wherever the change comes from.
        let changed = applied(
            d.clone(),
            set_persona_emotion(&step, "a", Some(emotion(1))).unwrap(),
        );
        assert_eq!(own(&changed), [("a".to_owned(), 1), ("b".to_owned(), 2)]);
        let through_map = applied(
            d.clone(),
            set_emotion(&step, Some("a"), emotion(1)).unwrap(),
        );
        assert_eq!(own(&through_map), own(&changed));
        // c gets one of its own at the end; a goes back to feeling like the step.
        let added = applied(
            d.clone(),
            set_persona_emotion(&step, "c", Some(emotion(-2))).unwrap(),
        );
        assert_eq!(
            own(&added),
            [
                ("a".to_owned(), -1),
                ("b".to_owned(), 2),
                ("c".to_owned(), -2)
            ]
        );
        let cleared = applied(d.clone(), set_persona_emotion(&step, "a", None).unwrap());
        assert_eq!(own(&cleared), [("b".to_owned(), 2)]);
        // Nothing to do when it is so already.
        assert_eq!(set_persona_emotion(&step, "b", Some(emotion(2))), None);
        assert_eq!(set_persona_emotion(&step, "c", None), None);
        assert_eq!(set_emotion(&step, None, step.emotion), None);
        let plain = applied(d, set_emotion(&step, None, emotion(-2)).unwrap());
        assert_eq!(plain.step("s").unwrap().emotion, emotion(-2));
        assert_eq!(own(&plain), [("a".to_owned(), -1), ("b".to_owned(), 2)]);
    }

    #[test]
    fn personas_are_added_changed_moved_and_chosen_on_steps() {
        let d = with_personas();
        let (edit, id) = add_persona(&d);
        assert_eq!(id, "persona");
        let d = applied(d, edit);
        let added = d.persona("persona").unwrap();
        assert_eq!(added.name, "Persona 4");
        assert_eq!(added.colour, PERSONA_COLOURS[3]);
        // An update keeps the id, whatever the changed persona says.
        let mut renamed = d.personas()[1].clone();
        renamed.name = "Beatrix".into();
        renamed.id = "elsewhere".into();
        let d = applied(d.clone(), update_persona(&d, 1, renamed).unwrap());
        assert_eq!(d.personas()[1].id, "b");
        assert_eq!(d.personas()[1].name, "Beatrix");
        assert_eq!(update_persona(&d, 1, d.personas()[1].clone()), None);
        assert_eq!(update_persona(&d, 9, d.personas()[1].clone()), None);
        // Moving: down from the first, not up from it, not down from the last.
        let d = applied(d.clone(), move_persona(&d, 0, 1).unwrap());
        let order: Vec<&str> = d.personas().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(order, ["b", "a", "c", "persona"]);
        assert_eq!(move_persona(&d, 0, -1), None);
        assert_eq!(move_persona(&d, 3, 1), None);
        // The step's personas follow the journey's order: b is put before c… after a.
        let d = applied(d.clone(), toggle_step_persona(&d, "s", "b").unwrap());
        assert_eq!(d.step("s").unwrap().personas, ["b", "a", "c"]);
        let d = applied(d.clone(), toggle_step_persona(&d, "s", "a").unwrap());
        assert_eq!(d.step("s").unwrap().personas, ["b", "c"]);
        assert_eq!(toggle_step_persona(&d, "s", "nobody"), None);
        assert_eq!(toggle_step_persona(&d, "ghost", "a"), None);
    }
}
