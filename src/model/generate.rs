//! A deterministic generator of large journeys, for benchmarks and tests.
//!
//! The same arguments always give the same document: steps on a grid of cards whose stages
//! run in bands across the map, and links mostly between neighbours, with a few reaching a
//! little further. No randomness comes from outside; a small splitmix64 drives the choices.

use super::{Document, Emotion, Link, Stage, Step};

/// Horizontal distance between card centres, in canvas units.
pub const COLUMN_SPACING: f64 = 240.0;
/// Vertical distance between card centres, in canvas units.
pub const ROW_SPACING: f64 = 120.0;

/// A tiny deterministic pseudo-random generator (splitmix64).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 pseudo-random bits.
    pub const fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); slightly biased, which is fine for test data.
    pub const fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

const TITLES: [&str; 12] = [
    "Sees an ad",
    "Reads a review",
    "Compares plans",
    "Signs up",
    "Pays",
    "Gets the welcome email",
    "First use",
    "Asks support",
    "Problem solved",
    "Recommends to a friend",
    "Posts about it",
    "Renews",
];

const CHANNELS: [&str; 5] = ["email", "social media", "web shop", "phone", "in store"];

/// A journey of `steps` steps and `links` links, the same for the same `seed`.
///
/// Cards sit on a grid about twice as wide as it is tall, `COLUMN_SPACING` by `ROW_SPACING`
/// apart; the stage changes every few columns, so the stage colours form bands. Most links
/// join a card to its right (or, at the end of a row, left) or lower neighbour; about one
/// in twenty joins cards up to five columns and rows apart; none crosses the map. Link ids
/// are unique; if `steps` is 0 there are no links.
pub fn journey(steps: usize, links: usize, seed: u64) -> Document {
    let mut rng = SplitMix64::new(seed);
    let columns = ((steps as f64 * 2.0).sqrt().ceil() as usize).max(1);
    let rows = steps.div_ceil(columns).max(1);
    let band = (columns / Stage::ALL.len()).max(1);
    let mut all_steps = Vec::with_capacity(steps);
    for i in 0..steps {
        let (row, column) = (i / columns, i % columns);
        let stage = Stage::ALL[(column / band).min(Stage::ALL.len() - 1)];
        let title = TITLES[rng.below(TITLES.len() as u64) as usize];
        let mut step = Step::new(
            format!("s{i}"),
            stage,
            format!("{title} {i}"),
            [column as f64 * COLUMN_SPACING, row as f64 * ROW_SPACING],
        );
        step.emotion = Emotion::new(rng.below(5).cast_signed() - 2).unwrap_or_default();
        if rng.below(4) == 0 {
            step.notes = format!("What happens at step {i}, in a sentence or two.");
            step.channels
                .push(CHANNELS[rng.below(CHANNELS.len() as u64) as usize].to_owned());
        }
        all_steps.push(step);
    }
    let mut all_links = Vec::with_capacity(if steps == 0 { 0 } else { links });
    if steps > 0 {
        for i in 0..links {
            let from = i % steps;
            let (row, column) = (from / columns, from % columns);
            let right = if column + 1 < columns && from + 1 < steps {
                from + 1
            } else {
                from.saturating_sub(1)
            };
            let below = if from + columns < steps {
                from + columns
            } else {
                right
            };
            let to = match rng.below(20) {
                0 => {
                    let r = (row + rng.below(11) as usize)
                        .saturating_sub(5)
                        .min(rows - 1);
                    let c = (column + rng.below(11) as usize)
                        .saturating_sub(5)
                        .min(columns - 1);
                    (r * columns + c).min(steps - 1)
                }
                1..=4 => below,
                _ => right,
            };
            let mut link = Link::new(format!("l{i}"), format!("s{from}"), format!("s{to}"));
            if rng.below(8) == 0 {
                "most people".clone_into(&mut link.label);
                link.rate = Some(rng.below(101) as f64 / 100.0);
            }
            all_links.push(link);
        }
    }
    let mut doc = Document::new(format!("Generated journey of {steps} steps"));
    "A generated journey for measuring the editor.".clone_into(&mut doc.core_narrative);
    // Every id is unique and every link joins existing steps, by construction.
    let made = doc.set_steps_and_links(all_steps, all_links);
    debug_assert!(
        made.is_ok(),
        "the generator made an invalid journey: {made:?}"
    );
    doc
}

/// The journey with numbers for the simulation: every step keeps a tenth of its people and
/// loses a tenth, its links share the other eight tenths evenly; tell steps reach 100 people
/// a period; word-of-mouth steps refer 0.05 new people per person per period, delight steps
/// 0.02.
pub fn with_numbers(doc: &Document) -> Document {
    let mut out_links = vec![0_usize; doc.steps().len()];
    for link in doc.links() {
        if let Some(i) = doc.step_position(&link.from) {
            out_links[i] += 1;
        }
    }
    let steps: Vec<Step> = doc
        .steps()
        .iter()
        .map(|s| {
            let mut s = Step::clone(s);
            s.stay = Some(0.1);
            match s.stage {
                Stage::Tell => s.reach = Some(100.0),
                Stage::Delight => s.referrals = Some(0.02),
                Stage::WordOfMouth => s.referrals = Some(0.05),
                _ => {}
            }
            s
        })
        .collect();
    let links: Vec<Link> = doc
        .links()
        .iter()
        .map(|l| {
            let mut l = Link::clone(l);
            let k = doc
                .step_position(&l.from)
                .map_or(1, |i| out_links[i].max(1));
            l.rate = Some(0.8 / k as f64);
            l
        })
        .collect();
    let mut numbered = doc.clone();
    // The same ids and ends as a valid document: this cannot fail.
    let made = numbered.set_steps_and_links(steps, links);
    debug_assert!(made.is_ok(), "{made:?}");
    numbered
}

/// The journey with a service blueprint behind every step: an item of evidence, frontstage
/// and backstage and support each (two backstage items on every third step), a fail point on
/// every fifth, a wait on every fourth, two metrics (the first off its target on every other
/// step) and a to-be emotion on every third.
pub fn with_blueprint(doc: &Document) -> Document {
    let steps: Vec<Step> = doc
        .steps()
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut s = Step::clone(s);
            s.evidence = vec![format!("Receipt {i}")];
            s.frontstage = vec![format!("Agent greets customer {i}")];
            s.backstage = vec![format!("System checks order {i}")];
            if i % 3 == 0 {
                s.backstage.push("Warehouse picks the parcel".to_owned());
                s.to_be = Some(Box::new(super::ToBe {
                    emotion: Emotion::new(2),
                    ..super::ToBe::default()
                }));
            }
            s.support = vec!["Order system".to_owned()];
            if i % 5 == 0 {
                s.fail_point = Some(Box::new(super::FailPoint::new("The order is not found")));
            }
            if i % 4 == 0 {
                s.wait = Some(Box::new(super::Wait {
                    text: "queue".to_owned(),
                    minutes: Some(12.0),
                    ..super::Wait::default()
                }));
            }
            let value = if i % 2 == 0 { 32.0 } else { 64.0 };
            s.metrics = vec![
                super::Metric::new("NPS", value, 50.0, ""),
                super::Metric::new("CSAT", 4.4, 4.2, ""),
            ];
            s
        })
        .collect();
    let links: Vec<Link> = doc.links().iter().map(|l| Link::clone(l)).collect();
    let mut out = doc.clone();
    // The same ids and ends as a valid document: this cannot fail.
    let made = out.set_steps_and_links(steps, links);
    debug_assert!(made.is_ok(), "{made:?}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_journey() {
        let a = journey(500, 500, 7);
        let b = journey(500, 500, 7);
        assert_eq!(a, b);
        assert_eq!(a.steps().len(), 500);
        assert_eq!(a.links().len(), 500);
        assert_ne!(a, journey(500, 500, 8));
        let counts = a.stage_counts();
        assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
    }

    #[test]
    fn numbered_journeys_can_be_simulated() {
        let doc = with_numbers(&journey(300, 600, 5));
        assert!(crate::model::flow_warnings(&doc).is_empty());
        assert!(doc.steps().iter().all(|s| s.stay == Some(0.1)));
        assert!(doc.links().iter().all(|l| l.rate.is_some()));
    }

    #[test]
    fn a_blueprint_fills_every_lane() {
        let doc = with_blueprint(&journey(30, 30, 2));
        assert!(doc.steps().iter().all(|s| !s.frontstage.is_empty()
            && !s.backstage.is_empty()
            && !s.support.is_empty()
            && s.metrics.len() == 2));
        assert_eq!(
            doc.steps()
                .iter()
                .filter(|s| s.fail_point.is_some())
                .count(),
            6
        );
        assert_eq!(doc.links(), journey(30, 30, 2).links());
    }

    #[test]
    fn tiny_journeys() {
        assert!(journey(0, 10, 1).links().is_empty());
        let one = journey(1, 3, 1);
        assert_eq!(one.links().len(), 3);
        assert!(one.links().iter().all(|l| l.from == "s0" && l.to == "s0"));
        // Neighbours only: no link crosses the map.
        let doc = journey(2000, 2000, 3);
        for link in doc.links() {
            let (a, b) = (
                doc.step(&link.from).map(|s| s.position),
                doc.step(&link.to).map(|s| s.position),
            );
            let (Some(a), Some(b)) = (a, b) else {
                panic!("dangling link {link:?}");
            };
            assert!((a[0] - b[0]).abs() <= 5.0 * COLUMN_SPACING, "{link:?}");
            assert!((a[1] - b[1]).abs() <= 5.0 * ROW_SPACING, "{link:?}");
        }
    }
}
