//! Mermaid's `journey` diagram: the title, one section per stage in loop order, one task
//! per step with its score (emotion + 3, so 1…5) and its actors (the step's personas, or
//! the audience for a step that applies to everyone).
//!
//! Mermaid's grammar ends a task's name at `:`, splits actors at `,`, and lets `#` and `;`
//! end a line, so those characters are written as Mermaid's `#NN;` entities, which it turns
//! back into the characters when drawing. What Mermaid cannot hold (links and their rates,
//! channels, pain points, the service blueprint, metrics, the to-be journey, the marketing
//! frame) is left out, and a `%%` comment at the end names what this journey held of it.

use std::fmt::Write as _;

use crate::model::{Document, Stage, Step};

/// Words that start a statement in a `journey` diagram: text starting with one of them gets
/// its first letter written as an entity, so a step called "section two" stays a task.
const KEYWORDS: [&str; 4] = ["title", "section", "accTitle", "accDescr"];

/// The journey as a Mermaid `journey` diagram.
pub fn mermaid(doc: &Document) -> String {
    let mut out = String::from("journey\n");
    let title = escape(&doc.title);
    if !title.is_empty() {
        let _ = writeln!(out, "    title {title}");
    }
    let audience = escape(doc.audience.description.lines().next().unwrap_or_default());
    for stage in Stage::ALL {
        let mut steps = doc.steps().iter().filter(|s| s.stage == stage).peekable();
        if steps.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "    section {}", escape(stage.label()));
        for step in steps {
            let name = escape(&step.title);
            let name = if name.is_empty() {
                escape(&step.id)
            } else {
                name
            };
            let score = i32::from(step.emotion.value()) + 3;
            let actors = actors(doc, step, &audience);
            if actors.is_empty() {
                let _ = writeln!(out, "      {name}: {score}");
            } else {
                let _ = writeln!(out, "      {name}: {score}: {actors}");
            }
        }
    }
    let left_out = left_out(doc);
    if !left_out.is_empty() {
        let _ = writeln!(
            out,
            "    %% Left out, since a Mermaid journey cannot hold them: {}. The journey file and the CSV export keep them.",
            left_out.join(", ")
        );
    }
    out
}

/// What `doc` holds that a Mermaid journey cannot, in words.
fn left_out(doc: &Document) -> Vec<&'static str> {
    let steps = doc.steps();
    let any = |has: fn(&Step) -> bool| steps.iter().any(|s| has(s));
    let frame = &doc.audience;
    let problems = &doc.problems;
    [
        (!doc.links().is_empty(), "links and their rates"),
        (any(|s| !s.notes.trim().is_empty()), "notes"),
        (any(|s| !s.channels.is_empty()), "channels"),
        (any(|s| !s.touchpoints.is_empty()), "touchpoints"),
        (any(|s| !s.pain_points.is_empty()), "pain points"),
        (any(|s| !s.opportunities.is_empty()), "opportunities"),
        (!doc.opportunities().is_empty(), "scored opportunities"),
        (any(|s| !s.evidence.is_empty()), "evidence"),
        (any(|s| !s.frontstage.is_empty()), "frontstage"),
        (any(|s| !s.backstage.is_empty()), "backstage"),
        (any(|s| !s.support.is_empty()), "support"),
        (any(|s| s.fail_point.is_some()), "fail points"),
        (any(|s| s.wait.is_some()), "waits"),
        (any(|s| !s.metrics.is_empty()), "metrics"),
        (any(|s| s.to_be.is_some()), "the to-be journey"),
        (
            any(|s| s.reach.is_some() || s.stay.is_some() || s.referrals.is_some())
                || !doc.scenarios().is_empty(),
            "the loop's numbers and scenarios",
        ),
        (
            !doc.core_narrative.trim().is_empty()
                || frame.size.is_some()
                || !frame.uniqueness.trim().is_empty()
                || !frame.desires.is_empty()
                || !problems.external.trim().is_empty()
                || !problems.internal.trim().is_empty()
                || !problems.philosophical.trim().is_empty(),
            "the marketing frame",
        ),
    ]
    .into_iter()
    .filter_map(|(held, what)| held.then_some(what))
    .collect()
}

/// Who takes part in a step: the names of the personas it lists, or (a step for everyone)
/// the audience, named by the first line of its description.
fn actors(doc: &Document, step: &Step, audience: &str) -> String {
    if step.personas.is_empty() {
        return audience.to_owned();
    }
    let names: Vec<String> = step
        .personas
        .iter()
        .map(|id| escape(doc.persona(id).map_or(id.as_str(), |p| p.name.as_str())))
        .collect();
    names.join(", ")
}

/// `text` on one line, trimmed, with the characters Mermaid's grammar would cut at written
/// as `#NN;` entities.
pub fn escape(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len());
    let mut chars = one_line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' | ';' | '#' | ',' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            // Two percent signs start a comment anywhere on a line.
            '%' if chars.peek() == Some(&'%') => out.push_str("#37;"),
            c => out.push(c),
        }
    }
    // Mermaid reads keywords in any case ("Section two" is a section too); `journey` it
    // takes even at the start of a longer word ("Journeys").
    let starts_with_keyword = KEYWORDS.iter().any(|k| {
        out.get(..k.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(k))
            && out[k.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    }) || out
        .get(.."journey".len())
        .is_some_and(|head| head.eq_ignore_ascii_case("journey"));
    if starts_with_keyword && let Some(first) = out.chars().next() {
        out.replace_range(..first.len_utf8(), &format!("#{};", u32::from(first)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colour, Emotion, Persona};

    #[test]
    fn grammar_characters_become_entities() {
        assert_eq!(
            escape("Pay: card, cash; #1"),
            "Pay#58; card#44; cash#59; #35;1"
        );
        assert_eq!(escape("  two\n lines\t"), "two lines");
        assert_eq!(escape("Café « crème »"), "Café « crème »");
        assert_eq!(escape("50% off, 100%%"), "50% off#44; 100#37;%");
        assert_eq!(escape("section two"), "#115;ection two");
        assert_eq!(escape("title"), "#116;itle");
        assert_eq!(escape("titles"), "titles");
        assert_eq!(escape("Section B"), "#83;ection B");
        assert_eq!(escape("Journeys we love"), "#74;ourneys we love");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn sections_follow_the_loop_and_scores_run_one_to_five() {
        let mut doc = Document::new("Loop: v2");
        doc.audience.description = "Busy parents, mostly\nsecond line".into();
        let mut care = Step::new("c", crate::model::Stage::Care, "Fix it", [0.0, 0.0]);
        care.emotion = Emotion::new(-2).unwrap();
        let mut tell = Step::new("t", crate::model::Stage::Tell, "Ad", [0.0, 0.0]);
        tell.emotion = Emotion::new(2).unwrap();
        let untitled = Step::new("w", crate::model::Stage::WordOfMouth, " ", [0.0, 0.0]);
        doc.set_steps_and_links(vec![care, tell, untitled], vec![])
            .unwrap();
        assert_eq!(
            mermaid(&doc),
            "journey\n    title Loop#58; v2\n    section Tell\n      Ad: 5: Busy parents#44; mostly\n    \
             section Care\n      Fix it: 1: Busy parents#44; mostly\n    section Word of mouth\n      \
             w: 3: Busy parents#44; mostly\n"
        );
    }

    #[test]
    fn a_step_for_some_personas_names_them_as_actors() {
        let mut doc = Document::new("t");
        doc.audience.description = "Everyone".into();
        let mut step = Step::new("s", crate::model::Stage::Buy, "Pay", [0.0, 0.0]);
        step.personas = vec!["p1".into(), "p2".into()];
        let other = Step::new("o", crate::model::Stage::Buy, "Browse", [0.0, 0.0]);
        doc.set_personas(vec![
            Persona::new("p1", "Ann, the planner", Colour::default()),
            Persona::new("p2", "Bo", Colour::default()),
        ])
        .unwrap();
        doc.set_steps_and_links(vec![step, other], vec![]).unwrap();
        assert_eq!(
            mermaid(&doc),
            "journey\n    title t\n    section Buy\n      Pay: 3: Ann#44; the planner, Bo\n      Browse: 3: Everyone\n"
        );
    }

    #[test]
    fn a_comment_names_what_the_diagram_leaves_out() {
        let mut doc = Document::new("t");
        let mut desk = Step::new("d", crate::model::Stage::Experience, "Desk", [0.0, 0.0]);
        desk.frontstage = vec!["Greets the guest".into()];
        desk.fail_point = Some(Box::new(crate::model::FailPoint::new("Booking lost")));
        desk.metrics = vec![crate::model::Metric::new("CSAT", 4.0, 4.5, "")];
        doc.set_steps_and_links(vec![desk], vec![]).unwrap();
        let text = mermaid(&doc);
        assert!(
            text.ends_with(
                "      Desk: 3\n    %% Left out, since a Mermaid journey cannot hold them: \
                 frontstage, fail points, metrics. The journey file and the CSV export keep \
                 them.\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn without_an_audience_tasks_have_no_actors() {
        let mut doc = Document::new("");
        doc.set_steps_and_links(
            vec![Step::new("b", crate::model::Stage::Buy, "Buy", [0.0, 0.0])],
            vec![],
        )
        .unwrap();
        assert_eq!(mermaid(&doc), "journey\n    section Buy\n      Buy: 3\n");
    }
}
