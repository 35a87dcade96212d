use super::chunk::CHUNK_BYTES;
use super::*;
use crate::model::{Link, Stage, Step};

fn journey() -> Document {
    let mut a = Step::new("a", Stage::Tell, "Sees the café poster", [0.0, 0.0]);
    a.touchpoints = vec!["Poster at the bus stop".into()];
    a.notes = "Mostly commuters".into();
    let mut b = Step::new("b", Stage::Buy, "Pays at the counter", [300.0, 0.0]);
    b.channels = vec!["In store".into()];
    b.pain_points = vec!["Queue at lunch".into()];
    let mut c = Step::new("c", Stage::Experience, "Posters", [600.0, 0.0]);
    c.opportunities = vec!["ÉCOLE discount".into()];
    c.notes = "A stop-over".into();
    let mut link = Link::new("l", "a", "b");
    link.label = "Most STOP here".into();
    let mut doc = Document::new("t");
    doc.set_steps_and_links(vec![a, b, c], vec![link, Link::new("m", "b", "c")])
        .unwrap();
    doc
}

#[test]
fn a_byte_is_found_eight_at_a_time_where_a_plain_loop_finds_it() {
    let text = "e\0abcdefgh\0été e-mail\0zzzzzzzzzzzzzzzzze\0ee\0xyz☺e".as_bytes();
    for byte in [b'e', b'z', b'\0', b'x', b'q', 0xA9] {
        for start in 0..text.len() {
            for end in start..=text.len() {
                let plain = text[start..end].iter().position(|&b| b == byte);
                assert_eq!(
                    first_byte(text, byte, start, end),
                    plain.map(|p| start + p),
                    "{byte} in {start}..{end}"
                );
            }
        }
    }
}

#[test]
fn folding_ignores_case_and_accents() {
    assert_eq!(fold("Café CRÈME"), "cafe creme");
    assert_eq!(fold("Ångström naïve"), "angstrom naive");
    // Precomposed and decomposed forms fold alike.
    assert_eq!(fold("e\u{301}"), fold("\u{e9}"));
    assert_eq!(fold("ÉCOLE"), "ecole");
    // Letters without a base letter stay themselves (lower-cased).
    assert_eq!(fold("Straße ØRE"), "straße øre");
}

#[test]
fn a_query_finds_every_field_ignoring_case_and_accents() {
    let doc = journey();
    let index = SearchIndex::build(&doc);
    let found = index.search("CAFE");
    assert_eq!(found.steps, vec![0]);
    assert_eq!(found.hit(0).unwrap().field, Field::Title);

    let found = index.search("école");
    assert_eq!(found.steps, vec![2]);
    assert_eq!(found.hit(0).unwrap().field, Field::Opportunities);

    let found = index.search("in store");
    assert_eq!(found.len(), 1);
    assert_eq!(found.hit(0).unwrap().field, Field::Channels);

    let found = index.search("queue");
    assert_eq!(found.hit(0).unwrap().field, Field::PainPoints);
    assert_eq!(found.hit(0).unwrap().item, Item::Step(1));

    let found = index.search("commuters");
    assert_eq!(found.hit(0).unwrap().field, Field::Notes);

    assert!(index.search("").is_empty());
    assert!(index.search("   ").is_empty());
    assert!(index.search("nowhere").is_empty());
    // A match never runs from one entry into the next.
    assert!(index.search("poster at the bus stopmostly").is_empty());
}

#[test]
fn matches_rank_whole_then_word_start_then_inside_a_word() {
    let doc = journey();
    let index = SearchIndex::build(&doc);
    // "posters" is c's whole title; "poster" starts words in a's title and touchpoint.
    let found = index.search("posters");
    assert_eq!(found.len(), 1);
    let found = index.search("poster");
    let order: Vec<_> = found.hits().map(|h| (h.item, h.field, h.tier)).collect();
    assert_eq!(
        order,
        [
            // Word starts: a (its title, not its touchpoint), then c.
            (Item::Step(0), Field::Title, 1),
            (Item::Step(2), Field::Title, 1),
        ]
    );
    // "stop": a's touchpoint (word start), c's notes (word start, after "A "), the
    // link label (word start) — a touchpoint before a link label before notes.
    let found = index.search("stop");
    let order: Vec<_> = found.hits().map(|h| (h.item, h.field, h.tier)).collect();
    assert_eq!(
        order,
        [
            (Item::Step(0), Field::Touchpoints, 1),
            (Item::Link(0), Field::Label, 1),
            (Item::Step(2), Field::Notes, 1),
        ]
    );
    assert_eq!(found.steps, vec![0, 2]);
    assert_eq!(found.links, vec![0]);
    assert!(found.has_link(0) && !found.has_link(1));
    // Inside a word ranks last: "ost" is inside "poster", "posters", "most".
    let found = index.search("ost");
    assert!(found.hits().all(|h| h.tier == 2));
    let found = index.search("pays at the counter");
    assert_eq!(found.hit(0).unwrap().tier, 0);
}

#[test]
fn snippets_show_the_original_text_around_the_match() {
    let doc = journey();
    let index = SearchIndex::build(&doc);
    let found = index.search("cafe");
    let (before, matched, after) = snippet(&doc, &found.hit(0).unwrap(), 60).unwrap();
    assert_eq!(
        (before.as_str(), matched.as_str(), after.as_str()),
        ("Sees the ", "café", " poster")
    );
    let found = index.search("ecole");
    let (before, matched, after) = snippet(&doc, &found.hit(0).unwrap(), 60).unwrap();
    assert_eq!((before.as_str(), matched.as_str()), ("", "ÉCOLE"));
    assert_eq!(after, " discount");
    // Long text is cut around the match.
    let mut long = journey();
    let mut step = long.steps()[0].as_ref().clone();
    step.notes = format!("{} needle {}", "x".repeat(100), "y".repeat(100));
    long.set_steps_and_links(vec![step], vec![]).unwrap();
    let found = SearchIndex::build(&long).search("NEEDLE");
    let (before, matched, after) = snippet(&long, &found.hit(0).unwrap(), 30).unwrap();
    assert_eq!(
        before,
        format!("…{}", &format!("{} ", "x".repeat(100))[91..])
    );
    assert_eq!(matched, "needle");
    assert_eq!(after, format!(" {}…", "y".repeat(19)));
}

/// Every hit of `query` found the plain way: each entry on its own, every occurrence in
/// it, the best of each item kept, sorted by tier, field and item.
fn plain_search(index: &SearchIndex, query: &str) -> Vec<Hit> {
    let needle = fold(query.trim()).replace(SEPARATOR, "");
    if needle.is_empty() {
        return Vec::new();
    }
    let mut best: Vec<Hit> = Vec::new();
    for e in index.entries() {
        let text = e.text.as_bytes();
        for (offset, _) in e.text.match_indices(needle.as_str()) {
            let tier = if offset == 0 && needle.len() == text.len() {
                0
            } else if offset == 0 || !is_word_byte(text, offset - 1) {
                1
            } else {
                2
            };
            let hit = Hit {
                item: e.item,
                field: e.field,
                entry: e.entry,
                start: offset as u32,
                len: needle.len() as u32,
                tier,
            };
            match best.last_mut() {
                Some(b) if b.item == hit.item => {
                    if (hit.tier, hit.field) < (b.tier, b.field) {
                        *b = hit;
                    }
                }
                _ => best.push(hit),
            }
        }
    }
    best.sort_by_key(|h| (h.tier, h.field, h.item));
    best
}

/// A generated journey with some accented, repeated and multi-byte text.
fn mixed_journey() -> Document {
    let mut doc = crate::model::generate::journey(300, 300, 5);
    let mut steps: Vec<Step> = doc.steps().iter().map(|s| Step::clone(s)).collect();
    let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
    for (i, step) in steps.iter_mut().enumerate().step_by(7) {
        step.touchpoints = vec![format!("Café été {i}"), "eee e-e ée".into()];
        step.pain_points = vec!["ÉTÉ".into(), "naïve ☺e".into()];
        step.opportunities = vec!["e".into()];
    }
    doc.set_steps_and_links(steps, links).unwrap();
    doc
}

#[test]
fn the_search_finds_what_a_plain_scan_of_every_entry_finds() {
    let doc = mixed_journey();
    let index = SearchIndex::build(&doc);
    for query in [
        "e",
        "E",
        "ee",
        "é",
        "ete",
        "été",
        "cafe",
        "a",
        "s",
        "signs",
        "step 4",
        "12",
        "most people",
        "☺",
        "☺e",
        "e-e",
        " e",
        "-",
        "n",
        "nai",
        "es",
        "what happens",
    ] {
        let found = index.search(query);
        assert_eq!(
            found.hits().collect::<Vec<_>>(),
            plain_search(&index, query),
            "query {query:?}"
        );
        let mut steps: Vec<u32> = found
            .hits()
            .filter_map(|h| match h.item {
                Item::Step(i) => Some(i),
                Item::Link(_) => None,
            })
            .collect();
        steps.sort_unstable();
        assert_eq!(found.steps, steps);
    }
}

/// Whether the index's chunks are as [`Chunk::split`] leaves them: none empty, none
/// larger than twice [`CHUNK_BYTES`] but by its last item, each entry in its place.
fn chunks_are_whole(index: &SearchIndex) -> bool {
    index.step_chunks.iter().chain(&index.link_chunks).all(|c| {
        let numbered = c.spans.windows(2).all(|w| w[0].item <= w[1].item)
            && c.spans.last().is_none_or(|s| s.item < c.items);
        let placed = c.starts.len() == c.spans.len()
            && c.starts
                .iter()
                .all(|&s| s == 0 || c.text.as_bytes()[s as usize - 1] == 0)
            && c.text.ends_with(SEPARATOR);
        // Where its last item's text starts: a chunk is cut before the first item that
        // starts that far in.
        let last_item = c
            .spans
            .last()
            .map_or(0, |last| c.starts[c.first_span(last.item)] as usize);
        c.items > 0
            && numbered
            && (c.spans.is_empty() || placed)
            && (c.text.len() <= 2 * CHUNK_BYTES || last_item < CHUNK_BYTES)
    })
}

#[test]
fn an_index_kept_up_to_date_through_random_edits_equals_one_folded_again() {
    use crate::model::{Edit, LinkValue, StepValue};
    use rand::{RngExt as _, SeedableRng as _};

    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(17);
    let mut doc = mixed_journey();
    let mut index = SearchIndex::build(&doc);
    assert!(
        index.step_chunks.len() > 20 && index.link_chunks.len() > 1,
        "{} and {} chunks",
        index.step_chunks.len(),
        index.link_chunks.len()
    );
    let mut undo = Vec::new();
    let words = [
        "été", "poster", "e", "Queue", "stop", "☺", "signs up", "école",
    ];
    let text = |rng: &mut rand_pcg::Pcg64Mcg, most: usize| -> String {
        (0..rng.random_range(0..most))
            .map(|_| words[rng.random_range(0..words.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    for round in 0..400 {
        let n = doc.steps().len();
        let id = |i: usize| doc.steps()[i % n].id.clone();
        let edit = match rng.random_range(0..7) {
            // A title long enough to make its chunk split, or empty.
            0 => Edit::SetStep {
                id: id(rng.random_range(0..n)),
                value: StepValue::Title(text(&mut rng, 200)),
            },
            1 => Edit::SetStep {
                id: id(rng.random_range(0..n)),
                value: StepValue::PainPoints(vec![text(&mut rng, 4), text(&mut rng, 4)]),
            },
            2 => {
                let mut ids: Vec<String> = (0..rng.random_range(1..20))
                    .map(|_| id(rng.random_range(0..n)))
                    .collect();
                ids.sort();
                ids.dedup();
                Edit::remove_steps(ids)
            }
            3 => {
                let at = rng.random_range(0..=n);
                let steps = (0..rng.random_range(1..30))
                    .map(|k| {
                        let title = text(&mut rng, 6);
                        (
                            at + k,
                            Step::new(format!("new-{round}-{k}"), Stage::Buy, title, [0.0, 0.0]),
                        )
                    })
                    .collect();
                Edit::Insert {
                    steps,
                    links: Vec::new(),
                }
            }
            4 => Edit::Reorder {
                id: id(rng.random_range(0..n)),
                index: rng.random_range(0..n),
            },
            5 if !doc.links().is_empty() => Edit::SetLink {
                id: doc.links()[rng.random_range(0..doc.links().len())]
                    .id
                    .clone(),
                value: LinkValue::Label(text(&mut rng, 5)),
            },
            _ => match undo.pop() {
                Some(edit) => edit,
                None => continue,
            },
        };
        let Ok(inverse) = edit.apply(&mut doc) else {
            continue;
        };
        if rng.random_range(0..3) > 0 {
            undo.push(inverse);
        }
        index.update(&doc);
        assert!(chunks_are_whole(&index), "round {round}");
        let fresh = SearchIndex::build(&doc);
        assert_eq!(index, fresh, "round {round}");
        for query in ["e", "été", "signs", "stop p"] {
            assert_eq!(index.search(query), fresh.search(query), "round {round}");
        }
    }
}

#[test]
fn one_letter_matches_kept_through_edits_still_place_each_hit_in_its_own_text() {
    use crate::model::{Edit, StepValue};

    let mut doc = mixed_journey();
    let mut index = SearchIndex::build(&doc);
    let kept = index.search("s");
    let expected = plain_search(&index, "s");
    assert!(expected.len() > 100, "{}", expected.len());
    assert!(expected.iter().any(|h| h.start > 0 && h.tier == 2));
    // Edits that rewrite the chunks the hits were found in, at the front and in the middle.
    let first = doc.steps()[0].id.clone();
    let middle = doc.steps()[150].id.clone();
    for edit in [
        Edit::SetStep {
            id: first,
            value: StepValue::Title("Ssss, a new first title".into()),
        },
        Edit::remove_steps(vec![middle]),
    ] {
        let _ = edit.apply(&mut doc).unwrap();
        index.update(&doc);
    }
    assert_ne!(index.search("s"), kept, "the edits changed what matches");
    assert_eq!(kept.hits().collect::<Vec<_>>(), expected);
    assert_eq!(kept.hit(7), Some(expected[7]));
}

#[test]
fn an_updated_index_equals_one_folded_again() {
    use crate::model::{Edit, LinkValue, StepValue};

    let mut doc = mixed_journey();
    let mut index = SearchIndex::build(&doc);
    let id = |doc: &Document, i: usize| doc.steps()[i].id.clone();
    let retitle = Edit::SetStep {
        id: id(&doc, 150),
        value: StepValue::Title("A much longer title with été".into()),
    };
    let notes = Edit::SetStep {
        id: id(&doc, 0),
        value: StepValue::Notes("Typed into the first step".into()),
    };
    let channels = Edit::SetStep {
        id: id(&doc, 299),
        value: StepValue::Channels(vec!["email".into(), String::new(), "Phone".into()]),
    };
    let label = Edit::SetLink {
        id: doc.links()[10].id.clone(),
        value: LinkValue::Label("Most people".into()),
    };
    let added = Edit::add(
        &doc,
        vec![Step::new("new", Stage::Buy, "Signs again", [0.0, 0.0])],
        vec![Link::new("new-link", "new", id(&doc, 3))],
    );
    let removed = Edit::remove_steps(vec![id(&doc, 2), id(&doc, 40), id(&doc, 298)]);
    let reorder = Edit::Reorder {
        id: id(&doc, 5),
        index: 200,
    };
    let mut undo = Vec::new();
    // Each edit and how many steps and links it makes the index fold again: the ones
    // whose words changed, not those that only moved up or down the list.
    for (edit, refolds) in [
        (retitle, 1),
        (notes, 1),
        (channels, 1),
        (label, 1),
        (added, 2),
        (removed, 0),
        (reorder, 1),
    ] {
        undo.push(edit.apply(&mut doc).unwrap());
        assert_eq!(index.update(&doc), refolds);
        assert_eq!(index, SearchIndex::build(&doc));
        for query in ["e", "été", "signs", "most people"] {
            assert_eq!(index.search(query), SearchIndex::build(&doc).search(query));
        }
    }
    // Edits that change no words fold nothing, however far apart the steps they change.
    let moved = Edit::Move(vec![(id(&doc, 1), [5.0, 5.0]), (id(&doc, 290), [9.0, 9.0])]);
    undo.push(moved.apply(&mut doc).unwrap());
    let _ = Edit::SetFrame(crate::model::FrameValue::Title("Other".into()))
        .apply(&mut doc)
        .unwrap();
    assert_eq!(index.update(&doc), 0);
    assert_eq!(
        index,
        SearchIndex::build(&doc),
        "with the moved steps' new Arcs"
    );
    // Undoing everything comes back to the journey's first index.
    for edit in undo.into_iter().rev() {
        let _ = edit.apply(&mut doc).unwrap();
        index.update(&doc);
        assert_eq!(index, SearchIndex::build(&doc));
    }
    // Another journey altogether is folded again, unless that is more than allowed.
    let other = crate::model::generate::journey(20, 20, 1);
    let before = index.clone();
    assert_eq!(index.update_at_most(&other, 10), None);
    assert_eq!(index, before, "left as it was");
    assert!(index.update(&other) > 20);
    assert_eq!(index, SearchIndex::build(&other));
}
