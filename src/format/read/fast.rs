//! The fast way to read a valid file of the current version: straight from the text into the
//! model, without building a `serde_json::Value` of the whole file first.
//!
//! It accepts only what the full reader accepts, and gives the same document. At the first
//! thing it is not sure of — a syntax or content error, a duplicate key, an older or newer
//! version — it gives up, and the full reader reads the file again to report every error
//! with its place (or to migrate).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Path, Reader};
use crate::format::{FORMAT_NAME, VERSION, keys};
use crate::model::{Document, Emotion, Extra, Link, Point, Stage, Step};

/// The document in `text`, if it is a valid journey of the current version.
pub(super) fn document(text: &str) -> Option<Document> {
    let mut de = serde_json::Deserializer::from_str(text);
    let doc = (&mut de).deserialize_map(DocumentVisitor).ok()?;
    de.end().ok()?;
    Some(doc)
}

/// Any reason to leave the file to the full reader.
fn give_up<E: de::Error>() -> E {
    E::custom("left to the full reader")
}

/// A key: the index of a known one, or an unknown one's text.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Result<usize, String>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .position(|k| *k == v)
            .ok_or_else(|| v.to_owned()))
    }
}

/// Marks known key `i` as seen; a key seen twice is left to the full reader.
fn first_time<E: de::Error>(seen: &mut u32, i: usize) -> Result<(), E> {
    let bit = 1 << i;
    if *seen & bit != 0 {
        return Err(give_up());
    }
    *seen |= bit;
    Ok(())
}

/// Keeps an unknown field; a duplicate is left to the full reader.
fn keep<'de, A: MapAccess<'de>>(
    extra: &mut Extra,
    key: String,
    map: &mut A,
) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    if extra.insert(key, value).is_some() {
        return Err(give_up());
    }
    Ok(())
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a journey")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut doc = Document::default();
        let (mut steps, mut links) = (Vec::new(), Vec::new());
        let mut personas = Vec::new();
        let mut seen = 0;
        // The small parts are read by the full reader's own code, from their values.
        let mut reader = Reader::default();
        let root = Path::ROOT;
        while let Some(key) = map.next_key_seed(Key(keys::DOCUMENT))? {
            let i = match key {
                Ok(i) => i,
                Err(unknown) => {
                    keep(&mut doc.extra, unknown, &mut map)?;
                    continue;
                }
            };
            first_time(&mut seen, i)?;
            match i {
                0 => {
                    if map.next_value::<String>()? != FORMAT_NAME {
                        return Err(give_up());
                    }
                }
                1 => {
                    if map.next_value::<u64>()? != VERSION {
                        return Err(give_up());
                    }
                }
                2 => doc.title = map.next_value()?,
                3 => doc.core_narrative = map.next_value()?,
                4 => doc.audience = reader.audience(map.next_value()?, root.key("audience")),
                5 => doc.problems = reader.problems(map.next_value()?, root.key("problems")),
                6 => {
                    let path = root.key("personas");
                    personas = reader.list(map.next_value()?, path, Reader::persona);
                }
                7 => steps = map.next_value_seed(List(StepVisitor))?,
                8 => links = map.next_value_seed(List(LinkVisitor))?,
                _ => doc.view = reader.view(map.next_value()?, root.key("view")),
            }
        }
        // "format" and "version" must both be there.
        if seen & 0b11 != 0b11 || !reader.errors.is_empty() {
            return Err(give_up());
        }
        doc.set_personas(personas)
            .and_then(|()| doc.set_steps_and_links(steps, links))
            .map_err(|_| give_up::<A::Error>())?;
        Ok(doc)
    }
}

/// A list of items, each read by the visitor `V`.
struct List<V>(V);

impl<'de, V: Visitor<'de> + Copy> DeserializeSeed<'de> for List<V> {
    type Value = Vec<V::Value>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de, V: Visitor<'de> + Copy> Visitor<'de> for List<V> {
    type Value = Vec<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Item(self.0))? {
            out.push(item);
        }
        Ok(out)
    }
}

/// One object of a list, read by `V`.
struct Item<V>(V);

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for Item<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_map(self.0)
    }
}

#[derive(Clone, Copy)]
struct StepVisitor;

impl<'de> Visitor<'de> for StepVisitor {
    type Value = Step;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a step")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
        let mut step = Step::default();
        let mut seen = 0;
        while let Some(key) = map.next_key_seed(Key(keys::STEP))? {
            let i = match key {
                Ok(i) => i,
                Err(unknown) => {
                    keep(&mut step.extra, unknown, &mut map)?;
                    continue;
                }
            };
            first_time(&mut seen, i)?;
            match i {
                0 => step.id = map.next_value()?,
                1 => step.stage = map.next_value_seed(StageSeed)?,
                2 => step.title = map.next_value()?,
                3 => step.notes = map.next_value()?,
                4 => step.position = map.next_value_seed(PointSeed)?,
                5 => step.emotion = map.next_value_seed(EmotionSeed)?,
                6 => step.channels = map.next_value()?,
                7 => step.touchpoints = map.next_value()?,
                8 => step.pain_points = map.next_value()?,
                9 => step.opportunities = map.next_value()?,
                10 => step.personas = map.next_value()?,
                _ => step.persona_emotions = map.next_value_seed(PersonaEmotionsSeed)?,
            }
        }
        // An id (not empty) and a stage are required.
        if seen & 0b11 != 0b11 || step.id.is_empty() {
            return Err(give_up());
        }
        Ok(step)
    }
}

#[derive(Clone, Copy)]
struct LinkVisitor;

impl<'de> Visitor<'de> for LinkVisitor {
    type Value = Link;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a link")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Link, A::Error> {
        let mut link = Link::default();
        let mut seen = 0;
        while let Some(key) = map.next_key_seed(Key(keys::LINK))? {
            let i = match key {
                Ok(i) => i,
                Err(unknown) => {
                    keep(&mut link.extra, unknown, &mut map)?;
                    continue;
                }
            };
            first_time(&mut seen, i)?;
            match i {
                0 => link.id = map.next_value()?,
                1 => link.from = map.next_value()?,
                2 => link.to = map.next_value()?,
                3 => link.label = map.next_value()?,
                _ => {
                    link.rate = map.next_value()?;
                    if link.rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
                        return Err(give_up());
                    }
                }
            }
        }
        if seen & 0b111 != 0b111 || link.id.is_empty() || link.from.is_empty() || link.to.is_empty()
        {
            return Err(give_up());
        }
        Ok(link)
    }
}

/// A step's `persona_emotions`: persona id → emotion in file order; a key given twice is
/// left to the full reader.
struct PersonaEmotionsSeed;

impl<'de> DeserializeSeed<'de> for PersonaEmotionsSeed {
    type Value = Vec<(String, Emotion)>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PersonaEmotionsSeed {
    type Value = Vec<(String, Emotion)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("persona emotions")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<(String, Emotion)> = Vec::new();
        while let Some(id) = map.next_key::<String>()? {
            let emotion = map.next_value_seed(EmotionSeed)?;
            if out.iter().any(|(p, _)| *p == id) {
                return Err(give_up());
            }
            out.push((id, emotion));
        }
        Ok(out)
    }
}

/// A stage name, without allocating.
struct StageSeed;

impl<'de> DeserializeSeed<'de> for StageSeed {
    type Value = Stage;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Stage, D::Error> {
        de.deserialize_str(self)
    }
}

impl Visitor<'_> for StageSeed {
    type Value = Stage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a stage")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Stage, E> {
        Stage::from_str_value(v).ok_or_else(give_up)
    }
}

/// A whole number from −2 to 2 (as the full reader: a number written with a fraction or
/// exponent is not whole).
struct EmotionSeed;

impl<'de> DeserializeSeed<'de> for EmotionSeed {
    type Value = Emotion;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Emotion, D::Error> {
        de.deserialize_any(self)
    }
}

impl Visitor<'_> for EmotionSeed {
    type Value = Emotion;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an emotion")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Emotion, E> {
        Emotion::new(v).ok_or_else(give_up)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Emotion, E> {
        i64::try_from(v)
            .ok()
            .and_then(Emotion::new)
            .ok_or_else(give_up)
    }
}

/// A point `[x, y]` of two finite numbers.
struct PointSeed;

impl<'de> DeserializeSeed<'de> for PointSeed {
    type Value = Point;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Point, D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PointSeed {
    type Value = Point;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a point")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Point, S::Error> {
        let x: Option<f64> = seq.next_element()?;
        let y: Option<f64> = seq.next_element()?;
        let more: Option<IgnoredAny> = seq.next_element()?;
        match (x, y, more) {
            (Some(x), Some(y), None) if x.is_finite() && y.is_finite() => Ok([x, y]),
            _ => Err(give_up()),
        }
    }
}
