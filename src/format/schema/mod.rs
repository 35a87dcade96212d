//! The file schema, written once: for every object of a journey file, one table of its
//! fields in canonical order. Each field gives its key, where it lives in the model, how its
//! value is read and how (and whether) it is written. Both readers, the writer, the key
//! order and the known keys (the rest is kept in each object's `extra`) come from these
//! tables.
//!
//! A value is read through a [`Source`]: the full reader's (a `serde_json::Value` that
//! reports every wrong value at its JSON path) or the fast reader's (the text itself, which
//! gives up at the first wrong value and leaves the file to the full reader). The codecs
//! below are written once against it, so both readers accept the same values.
//!
//! # Adding a field
//!
//! One line in its object's table, in the place it takes in the file:
//!
//! ```text
//! field!("fail_point", fail_point, FLAG, omit Option::is_none),
//! ```
//!
//! `omit` leaves the field out of the file while it holds nothing, so files that do not use
//! it save back byte for byte. A field of a new kind needs a [`Codec`] (a read function over
//! a [`Source`] and a write function): a bounded number is one `bounded!` line; a nested
//! object (`wait: {text, minutes}`) is a model type with its own table
//! (`impl Schema for Wait`) read with `object::<Wait>()`; a list of objects (`metrics`,
//! `opportunities`) is `list::<Metric>()`. Ids that other fields refer to are checked by
//! the model's rules (`model::validate`), not here; mark such a field `checked(…)` so the
//! reader shows those problems at its place. The key order in `docs/file-format.md` is
//! tested against these tables.
//!
//! The parts: the machinery here (the [`Source`] a value is read through, [`Codec`],
//! [`Field`], [`Object`] and reading and writing an object by its table); `codecs`, how each
//! kind of value is read and written; `tables`, every object's table.

use std::fmt;
use std::ops::{Deref, DerefMut};
use thin_vec::ThinVec;

use serde_json::{Number, Value};

use super::write::Writer;
use super::{FORMAT_NAME, VERSION};
use crate::model::{
    Audience, BUDGET_SHARE_RANGE, Better, Bookmark, Change, Colour, DISCOUNT_RANGE, Desire,
    Desires, Document, EFFORT_MAX, EFFORT_RANGE, EVENTS_RANGE, Economics, EconomicsOverride,
    Emotion, Extra, FailPoint, Lane, Link, LinkOverride, MINUTES_RANGE, MONEY_RANGE, Metric,
    ModelError, Observation, Opportunity, PERIOD_RANGE, Persona, Point, Problems, REACH_RANGE,
    REFERRALS_RANGE, STAY_RANGE, Scenario, Stage, Status, Step, StepObservations, StepOverride,
    ToBe, VALUE_MAX, VALUE_RANGE, View, Wait, event_pattern_problem, is_budget_share, is_count,
    is_discount, is_minutes, is_money, is_share,
};

/// The value of one field or list item, as one of the two readers sees it.
///
/// Every method consumes the value. A value of the wrong kind is reported by the full
/// reader at its path as `expected {what}, found {the value}`; the fast reader gives up on
/// the file instead. Either way the method returns `None` or `false`.
pub(super) trait Source {
    /// The value, if it is a string.
    fn string(&mut self, what: &dyn fmt::Display) -> Option<String>;
    /// Passes a scalar value (null, true/false, a number or a string) to `read`, which
    /// refuses it with its own message, or with `None` for `expected {what}`. False when
    /// the value is a list or an object, or `read` refused it.
    fn scalar(
        &mut self,
        what: &dyn fmt::Display,
        read: &mut dyn FnMut(Scalar<'_>) -> Result<(), Option<String>>,
    ) -> bool;
    /// Passes each item of a list, with its index, to `item`; false when the value is not a
    /// list, or not of length `len` when given.
    fn list(
        &mut self,
        what: &dyn fmt::Display,
        len: Option<usize>,
        item: &mut dyn FnMut(usize, &mut dyn Source),
    ) -> bool;
    /// Passes each entry of an object, in file order, to `entry`; false when the value is
    /// not an object.
    fn object(
        &mut self,
        what: &dyn fmt::Display,
        entry: &mut dyn FnMut(&str, &mut dyn Source),
    ) -> bool;
    /// The value as it is, for a field this version does not know.
    fn value(&mut self) -> Option<Value>;
    /// This object lacks the required field `key`: `missing; {why}`.
    fn missing(&mut self, key: &str, why: &str);
    /// Marks the place of this object's field `key` (of this value itself, for `None`),
    /// where problems the model's rules find are shown in file order.
    fn mark(&mut self, key: Option<&str>);
    /// The object holds a key twice. The full reader never sees one (the last value
    /// counts); the fast reader leaves the file to it.
    fn repeated_key(&mut self);
}

/// A value that is neither a list nor an object.
#[derive(Clone, Copy, Debug)]
pub(super) enum Scalar<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` holds it (whole numbers apart from fractions).
    Number(&'a Number),
    /// A string.
    Str(&'a str),
}

impl Scalar<'_> {
    /// The value as messages show it: itself when short, else its kind.
    pub(super) fn show(self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Bool(b) => b.to_string(),
            Self::Number(n) => n.to_string(),
            Self::Str(s) if s.chars().count() <= 40 => format!("{s:?}"),
            Self::Str(_) => "a string".to_owned(),
        }
    }
}

/// How a value of type `V` is read and written.
pub(super) struct Codec<V> {
    /// Reads the value; `None` when it is wrong (reported, or the fast reader gives up).
    pub read: fn(&mut dyn Source) -> Option<V>,
    /// Writes the value (its key is written already).
    pub write: fn(&V, &mut Writer),
}

/// One field of an object: `R` is what it is read into, `W` what it is written from (the
/// same type but for the document, which is read into [`Parts`]).
pub(super) struct Field<R: 'static, W: 'static = R> {
    /// Its key in the file.
    pub key: &'static str,
    /// Reads its value into the object.
    pub read: fn(&mut R, &mut dyn Source),
    /// Writes `"key": value`, or nothing when the field is left out.
    pub write: fn(&W, &mut Writer),
    /// Why it may not be missing (`missing; {why}`), if it is required.
    pub required: Option<&'static str>,
    /// Whether the model's rules check its value (ids and references).
    pub checked: bool,
}

impl<R, W> Field<R, W> {
    /// An optional field, not checked by the model's rules.
    pub const fn new(
        key: &'static str,
        read: fn(&mut R, &mut dyn Source),
        write: fn(&W, &mut Writer),
    ) -> Self {
        Self {
            key,
            read,
            write,
            required: None,
            checked: false,
        }
    }
}

/// `field`, which may not be missing, for the reason `why` (`missing; {why}`).
pub(super) const fn required<R, W>(mut field: Field<R, W>, why: &'static str) -> Field<R, W> {
    field.required = Some(why);
    field
}

/// `field`, whose value the model's rules check (ids and references).
pub(super) const fn checked<R, W>(mut field: Field<R, W>) -> Field<R, W> {
    field.checked = true;
    field
}

/// A field whose value lives at `place` in both the object read and the object written,
/// read and written by `codec`; with `omit`, left out of the file while `omit(value)`.
macro_rules! field {
    ($key:literal, $($place:ident).+, $codec:expr) => {
        field!($key, $($place).+, $codec, omit |_| false)
    };
    ($key:literal, $($place:ident).+, $codec:expr, omit $omit:expr) => {
        Field::new(
            $key,
            |target, source| {
                if let Some(value) = ($codec.read)(source) {
                    target.$($place).+ = value;
                }
            },
            |target, w| {
                let value = &target.$($place).+;
                if !($omit)(value) {
                    w.key($key);
                    ($codec.write)(value, w);
                }
            },
        )
    };
}

/// The fields of one kind of object, in canonical order.
pub(super) struct Object<R: 'static, W: 'static = R> {
    /// Its name where the documentation lists its key order (`step`).
    #[cfg_attr(
        not(any(test, feature = "testing")),
        expect(dead_code, reason = "read by the documentation's test")
    )]
    pub name: &'static str,
    /// What a list of them (or an object of them by id) is, in messages.
    pub collection: &'static str,
    /// The fields the app knows, in the order files list them.
    pub fields: &'static [Field<R, W>],
    /// A new object, every field at its default, to read into.
    pub new: fn() -> R,
    /// Where fields this version does not know are kept.
    pub extra: fn(&mut R) -> &mut Extra,
    /// Where they are written from.
    pub written_extra: fn(&W) -> &Extra,
}

impl<R, W> Object<R, W> {
    /// The index of the field `key`; `next`, the field that usually follows, is tried first.
    fn position(&self, key: &str, next: usize) -> Option<usize> {
        if self.fields.get(next).is_some_and(|f| f.key == key) {
            return Some(next);
        }
        self.fields.iter().position(|f| f.key == key)
    }

    /// Whether `key` is a field the app knows.
    pub(super) fn knows(&self, key: &str) -> bool {
        self.fields.iter().any(|f| f.key == key)
    }

    /// The keys, in canonical order.
    #[cfg(any(test, feature = "testing"))]
    pub(super) fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.key)
    }
}

/// A model type with a table of its own.
pub(super) trait Schema: Sized + 'static {
    /// Its table.
    const OBJECT: Object<Self>;
}

/// Reads an object's fields into `target` by `object`'s table: known fields by their
/// codecs, others into `extra`; then reports required fields that are missing and marks
/// the checked ones. False when the value is not an object.
pub(super) fn read_object<R, W>(
    src: &mut dyn Source,
    what: &dyn fmt::Display,
    object: &Object<R, W>,
    target: &mut R,
) -> bool {
    let mut seen: u64 = 0;
    let mut next = 0;
    let read = src.object(what, &mut |key, value| {
        let Some(i) = object.position(key, next) else {
            if let Some(v) = value.value()
                && (object.extra)(target).insert(key.to_owned(), v).is_some()
            {
                value.repeated_key();
            }
            return;
        };
        next = i + 1;
        if seen & (1 << i) != 0 {
            value.repeated_key();
        }
        seen |= 1 << i;
        (object.fields[i].read)(target, value);
    });
    if !read {
        return false;
    }
    for (i, field) in object.fields.iter().enumerate() {
        if seen & (1 << i) == 0 {
            if let Some(why) = field.required {
                src.missing(field.key, why);
            }
        } else if field.checked {
            src.mark(Some(field.key));
        }
    }
    true
}

/// Writes an object by its table: known fields in order, then the unknown ones.
pub(super) fn write_object<R, W>(w: &mut Writer, object: &Object<R, W>, value: &W) {
    w.begin_object();
    for field in object.fields {
        (field.write)(value, w);
    }
    w.extra((object.written_extra)(value), &|key| object.knows(key));
    w.end_object();
}

// After the macros above, which the parts use.
mod codecs;
mod tables;

pub(super) use self::codecs::*;
#[cfg(any(test, feature = "testing"))]
pub use self::tables::canonical_keys;
pub(super) use self::tables::*;
