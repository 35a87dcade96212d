//! The fast way to read a valid file of the current version: straight from the text into the
//! model, without building a `serde_json::Value` of the whole file first.
//!
//! It reads by the same tables and codecs as the full reader (see `format::schema`), through
//! a [`Source`] over the text itself. At the first thing it is not sure of — a syntax or
//! content error, a duplicate key, an older or newer version — it gives up, and the full
//! reader reads the file again to report every error with its place (or to migrate).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::format::schema::{self, DOCUMENT, Parts, Scalar, Source};
use crate::format::{FORMAT_NAME, VERSION};
use crate::model::Document;

/// The document in `text`, if it is a valid journey of the current version.
pub(super) fn document(text: &str) -> Option<Document> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut parts = Parts::default();
    let mut source = Fast::new(&mut de);
    schema::read_object(&mut source, &"a journey", &DOCUMENT, &mut parts);
    source.finish().ok()?;
    de.end().ok()?;
    if parts.format.as_deref() != Some(FORMAT_NAME) || parts.version != Some(VERSION) {
        return None;
    }
    parts.into_document().ok()
}

/// Any reason to leave the file to the full reader.
fn give_up<E: de::Error>() -> E {
    E::custom("left to the full reader")
}

/// One value of the text, read once by a codec; the first thing wrong ends the read.
struct Fast<'de, D: Deserializer<'de>> {
    /// The value, until it is read.
    de: Option<D>,
    /// Why the read ends, once something was wrong.
    error: Option<D::Error>,
    input: PhantomData<&'de str>,
}

impl<'de, D: Deserializer<'de>> Fast<'de, D> {
    fn new(de: D) -> Self {
        Self {
            de: Some(de),
            error: None,
            input: PhantomData,
        }
    }

    fn fail(&mut self, error: D::Error) {
        self.error.get_or_insert(error);
    }

    /// The value to read; a second read of one value is a mistake of a codec: give up.
    fn take(&mut self) -> Option<D> {
        let de = self.de.take();
        if de.is_none() {
            self.fail(give_up());
        }
        de
    }

    fn keep<T>(&mut self, result: Result<T, D::Error>) -> Option<T> {
        result.map_err(|e| self.fail(e)).ok()
    }

    /// Ends the read: the error if anything was wrong; a value no codec read is skipped.
    fn finish(mut self) -> Result<(), D::Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if let Some(de) = self.de.take() {
            de.deserialize_ignored_any(IgnoredAny)?;
        }
        Ok(())
    }
}

impl<'de, D: Deserializer<'de>> Source for Fast<'de, D> {
    fn string(&mut self, _: &dyn fmt::Display) -> Option<String> {
        let de = self.take()?;
        self.keep(String::deserialize(de))
    }

    fn scalar(
        &mut self,
        _: &dyn fmt::Display,
        read: &mut dyn FnMut(Scalar<'_>) -> Result<(), Option<String>>,
    ) -> bool {
        let Some(de) = self.take() else {
            return false;
        };
        let read = de.deserialize_any(ScalarVisitor(read));
        self.keep(read).is_some()
    }

    fn list(
        &mut self,
        _: &dyn fmt::Display,
        len: Option<usize>,
        item: &mut dyn FnMut(usize, &mut dyn Source),
    ) -> bool {
        let Some(de) = self.take() else {
            return false;
        };
        let read = de.deserialize_seq(ListVisitor { item, len });
        self.keep(read).is_some()
    }

    fn object(
        &mut self,
        _: &dyn fmt::Display,
        entry: &mut dyn FnMut(&str, &mut dyn Source),
    ) -> bool {
        let Some(de) = self.take() else {
            return false;
        };
        let read = de.deserialize_map(ObjectVisitor(entry));
        self.keep(read).is_some()
    }

    fn value(&mut self) -> Option<Value> {
        let de = self.take()?;
        self.keep(Value::deserialize(de))
    }

    fn missing(&mut self, _: &str, _: &str) {
        self.fail(give_up());
    }

    fn mark(&mut self, _: Option<&str>) {}

    fn repeated_key(&mut self) {
        self.fail(give_up());
    }
}

/// A scalar passed to a codec, without allocating (a number is built as `serde_json`
/// builds it for a `Value`, so both readers see the same number).
struct ScalarVisitor<'a, 'f>(&'a mut (dyn FnMut(Scalar<'_>) -> Result<(), Option<String>> + 'f));

impl ScalarVisitor<'_, '_> {
    fn read<E: de::Error>(self, scalar: Scalar<'_>) -> Result<(), E> {
        (self.0)(scalar).map_err(|_| give_up())
    }
}

impl Visitor<'_> for ScalarVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.read(Scalar::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.read(Scalar::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.read(Scalar::Number(&Number::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.read(Scalar::Number(&Number::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        let n = Number::from_f64(v).ok_or_else(give_up)?;
        self.read(Scalar::Number(&n))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.read(Scalar::Str(v))
    }
}

/// A list, each item passed to a codec; with `len`, exactly that many.
struct ListVisitor<'a, 'f> {
    item: &'a mut (dyn FnMut(usize, &mut dyn Source) + 'f),
    len: Option<usize>,
}

impl<'de> Visitor<'de> for ListVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut index = 0;
        loop {
            if self.len.is_some_and(|n| index >= n) {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(give_up());
                }
                break;
            }
            let seed = Item {
                item: &mut *self.item,
                index,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
            index += 1;
        }
        if self.len.is_some_and(|n| n != index) {
            return Err(give_up());
        }
        Ok(())
    }
}

/// One item of a list, read by a codec.
struct Item<'a, 'f> {
    item: &'a mut (dyn FnMut(usize, &mut dyn Source) + 'f),
    index: usize,
}

impl<'de> DeserializeSeed<'de> for Item<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        let mut source = Fast::new(de);
        (self.item)(self.index, &mut source);
        source.finish()
    }
}

/// An object, each entry passed to a codec in file order.
struct ObjectVisitor<'a, 'f>(&'a mut (dyn FnMut(&str, &mut dyn Source) + 'f));

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(Key)? {
            map.next_value_seed(Entry {
                entry: &mut *self.0,
                key: &key,
            })?;
        }
        Ok(())
    }
}

/// A key, borrowed from the text unless it holds escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// The value of an object's entry, read by a codec.
struct Entry<'a, 'f, 'k> {
    entry: &'a mut (dyn FnMut(&str, &mut dyn Source) + 'f),
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for Entry<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        let mut source = Fast::new(de);
        (self.entry)(self.key, &mut source);
        source.finish()
    }
}
