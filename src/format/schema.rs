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

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde_json::{Number, Value};

use super::write::Writer;
use super::{FORMAT_NAME, VERSION};
use crate::model::{
    Audience, Bookmark, Colour, Desire, Desires, Document, Emotion, Extra, Lane, Link,
    LinkOverride, ModelError, Persona, Point, Problems, REACH_RANGE, REFERRALS_RANGE, STAY_RANGE,
    Scenario, Stage, Step, StepOverride, View, is_count, is_share,
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

/// Reads a scalar with `read`, which refuses it with a message or `None` (`expected what`).
fn scalar<T>(
    src: &mut dyn Source,
    what: &dyn fmt::Display,
    read: impl FnOnce(Scalar<'_>) -> Result<T, Option<String>>,
) -> Option<T> {
    let mut read = Some(read);
    let mut out = None;
    src.scalar(what, &mut |s| {
        let read = read.take().ok_or(None)?;
        out = Some(read(s)?);
        Ok(())
    });
    out
}

/// The number in `s`, as `f64`, if `ok` takes it.
fn number_if(s: Scalar<'_>, ok: impl Fn(f64) -> bool) -> Result<f64, Option<String>> {
    match s {
        Scalar::Number(n) => n.as_f64().filter(|&x| ok(x)).ok_or(None),
        _ => Err(None),
    }
}

/// The names of a fixed set of values, for messages: `tell, buy, …`.
struct Names<T: 'static>(&'static [T], fn(T) -> &'static str);

impl<T: Copy> fmt::Display for Names<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, value) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str((self.1)(*value))?;
        }
        Ok(())
    }
}

const STAGES: Names<Stage> = Names(&Stage::ALL, Stage::as_str);
const DESIRES_NAMES: Names<Desire> = Names(&Desire::ALL, Desire::as_str);
const LANES_NAMES: Names<Lane> = Names(&Lane::ALL, Lane::as_str);

/// Text.
pub(super) const TEXT: Codec<String> = Codec {
    read: |s| s.string(&"a string"),
    write: |v, w| w.scalar(v),
};

/// A list of text.
pub(super) const STRINGS: Codec<Vec<String>> = Codec {
    read: |s| {
        let mut out = Vec::new();
        let read = s.list(&"a list of strings", None, &mut |_, item| {
            out.extend(item.string(&"a string"));
        });
        read.then_some(out)
    },
    write: |v, w| w.inline_list(v),
};

/// A point `[x, y]` of two finite numbers.
pub(super) const POINT: Codec<Point> = Codec {
    read: |s| {
        let mut xy = [None, None];
        let read = s.list(
            &"a point [x, y] of two finite numbers",
            Some(2),
            &mut |i, item| {
                if let Some(slot) = xy.get_mut(i) {
                    *slot = scalar(item, &"a finite number", |s| number_if(s, f64::is_finite));
                }
            },
        );
        let [Some(x), Some(y)] = xy else {
            return None;
        };
        read.then_some([x, y])
    },
    write: |v, w| w.inline_list(*v),
};

/// A whole number from −2 to 2.
pub(super) const EMOTION: Codec<Emotion> = Codec {
    read: |s| {
        scalar(
            s,
            &"a whole number from -2 (very unhappy) to 2 (delighted)",
            |s| match s {
                Scalar::Number(n) => n.as_i64().and_then(Emotion::new).ok_or(None),
                _ => Err(None),
            },
        )
    },
    write: |v, w| w.scalar(&v.value()),
};

/// One of the six stage names.
pub(super) const STAGE: Codec<Stage> = Codec {
    read: |s| {
        scalar(
            s,
            &format_args!("a stage name (one of {STAGES})"),
            |s| match s {
                Scalar::Str(v) => Stage::from_str_value(v).ok_or_else(|| {
                    Some(format!(
                        "unknown stage {}; expected one of {STAGES}",
                        s.show()
                    ))
                }),
                _ => Err(None),
            },
        )
    },
    write: |v, w| w.scalar(v.as_str()),
};

/// A colour `#rrggbb`, written in lower case.
pub(super) const COLOUR: Codec<Colour> = Codec {
    read: |s| {
        scalar(
            s,
            &"a colour written #rrggbb (such as \"#2f6fde\")",
            |s| match s {
                Scalar::Str(v) => Colour::parse(v).ok_or(None),
                _ => Err(None),
            },
        )
    },
    write: |v, w| w.scalar(&v.hex()),
};

/// A set of desires, written in [`Desire::ALL`] order.
pub(super) const DESIRES: Codec<Desires> = Codec {
    read: |s| {
        let mut set = Desires::NONE;
        let read = s.list(
            &format_args!("a list of desires (from {DESIRES_NAMES})"),
            None,
            &mut |_, item| {
                let desire = scalar(
                    item,
                    &format_args!("a desire (one of {DESIRES_NAMES})"),
                    |s| match s {
                        Scalar::Str(v) => Desire::from_str_value(v).ok_or_else(|| {
                            Some(format!(
                                "unknown desire {}; expected one of {DESIRES_NAMES}",
                                s.show()
                            ))
                        }),
                        _ => Err(None),
                    },
                );
                if let Some(d) = desire {
                    set = set.with(d, true);
                }
            },
        );
        read.then_some(set)
    },
    write: |v, w| w.inline_list(v.iter().map(Desire::as_str)),
};

/// A list of lanes, each at most once.
pub(super) const LANES: Codec<Vec<Lane>> = Codec {
    read: |s| {
        let mut lanes = Vec::new();
        let read = s.list(
            &format_args!("a list of lanes (from {LANES_NAMES})"),
            None,
            &mut |_, item| {
                let lane = scalar(
                    item,
                    &format_args!("a lane (one of {LANES_NAMES})"),
                    |s| match s {
                        Scalar::Str(v) => match Lane::from_str_value(v) {
                            Some(lane) if lanes.contains(&lane) => {
                                Err(Some(format!("{} is listed twice", s.show())))
                            }
                            Some(lane) => Ok(lane),
                            None => Err(Some(format!(
                                "unknown lane {}; expected one of {LANES_NAMES}",
                                s.show()
                            ))),
                        },
                        _ => Err(None),
                    },
                );
                lanes.extend(lane);
            },
        );
        read.then_some(lanes)
    },
    write: |v, w| w.inline_list(v.iter().map(|l| l.as_str())),
};

/// `null` (unknown) or a whole number of people.
pub(super) const SIZE: Codec<Option<u64>> = Codec {
    read: |s| {
        scalar(
            s,
            &"null or a whole number of people (0 or more)",
            |s| match s {
                Scalar::Null => Ok(None),
                Scalar::Number(n) => n.as_u64().map(Some).ok_or(None),
                _ => Err(None),
            },
        )
    },
    write: |v, w| w.scalar(v),
};

/// `null` (unknown) or a share from 0 to 1: a link's rate.
pub(super) const RATE: Codec<Option<f64>> = Codec {
    read: |s| {
        scalar(s, &"null or a share from 0 to 1", |s| match s {
            Scalar::Null => Ok(None),
            s => number_if(s, is_share).map(Some),
        })
    },
    write: |v, w| w.scalar(v),
};

/// A finite number above 0: a zoom.
pub(super) const ZOOM: Codec<f64> = Codec {
    read: |s| {
        scalar(s, &"a finite number above 0", |s| {
            number_if(s, |z| z.is_finite() && z > 0.0)
        })
    },
    write: |v, w| w.scalar(v),
};

/// An optional number, `null` refused, that `$ok` takes; `$what` says what it must be.
macro_rules! bounded {
    ($what:expr, $ok:expr) => {
        Codec {
            read: |s| scalar(s, &$what, |s| number_if(s, $ok)).map(Some),
            write: |v: &Option<f64>, w| w.scalar(v),
        }
    };
}

/// People reached per period.
pub(super) const REACH: Codec<Option<f64>> = bounded!(REACH_RANGE, is_count);
/// A share that stays (and an overridden rate).
pub(super) const SHARE: Codec<Option<f64>> = bounded!(STAY_RANGE, is_share);
/// New people each person brings per period.
pub(super) const REFERRALS: Codec<Option<f64>> = bounded!(REFERRALS_RANGE, is_count);

/// A step's persona id → emotion, in file order.
pub(super) const PERSONA_EMOTIONS: Codec<Vec<(String, Emotion)>> = Codec {
    read: |s| {
        let mut out = Vec::new();
        let read = s.object(&"an object", &mut |id, value| {
            let emotion = (EMOTION.read)(value).unwrap_or_default();
            out.push((id.to_owned(), emotion));
        });
        read.then_some(out)
    },
    write: |v, w| {
        w.begin_object();
        for (id, emotion) in v {
            w.key(id);
            w.scalar(&emotion.value());
        }
        w.end_object();
    },
};

/// An object with a table of its own.
pub(super) const fn object<T: Schema>() -> Codec<T> {
    Codec {
        read: |s| {
            let mut target = (T::OBJECT.new)();
            read_object(s, &"an object", &T::OBJECT, &mut target).then_some(target)
        },
        write: |v, w| write_object(w, &T::OBJECT, v),
    }
}

/// A list of objects with a table of their own.
pub(super) const fn list<T: Schema>() -> Codec<Vec<T>> {
    Codec {
        read: |s| {
            let mut out = Vec::new();
            let read = s.list(&T::OBJECT.collection, None, &mut |_, item| {
                let mut target = (T::OBJECT.new)();
                read_object(item, &"an object", &T::OBJECT, &mut target);
                out.push(target);
            });
            read.then_some(out)
        },
        write: |v, w| write_list(w, v.iter()),
    }
}

/// Writes a list of objects, one per line.
fn write_list<'a, T: Schema>(w: &mut Writer, items: impl Iterator<Item = &'a T>) {
    w.begin_list();
    for item in items {
        w.item();
        write_object(w, &T::OBJECT, item);
    }
    w.end_list();
}

/// An object of objects by the id of what they override, in file order; each entry's place
/// is marked, since the model's rules check the ids.
pub(super) const fn overrides<T: Schema>() -> Codec<Vec<(String, T)>> {
    Codec {
        read: |s| {
            let mut out = Vec::new();
            let read = s.object(&T::OBJECT.collection, &mut |id, value| {
                value.mark(None);
                let mut target = (T::OBJECT.new)();
                read_object(value, &"an object", &T::OBJECT, &mut target);
                out.push((id.to_owned(), target));
            });
            read.then_some(out)
        },
        write: |v, w| {
            w.begin_object();
            for (id, item) in v {
                w.key(id);
                write_object(w, &T::OBJECT, item);
            }
            w.end_object();
        },
    }
}

/// A document being read: its own fields in place, and the lists the document keeps
/// checked (personas, steps, links, scenarios) apart until the model's rules pass.
#[derive(Default)]
pub(super) struct Parts {
    /// The fields a document holds in the open.
    pub doc: Document,
    /// `format`, if it was a string.
    pub format: Option<String>,
    /// `version`, if it was a whole number.
    pub version: Option<u64>,
    /// The personas.
    pub personas: Vec<Persona>,
    /// The steps.
    pub steps: Vec<Step>,
    /// The links.
    pub links: Vec<Link>,
    /// The scenarios.
    pub scenarios: Vec<Scenario>,
}

impl Deref for Parts {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DerefMut for Parts {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

impl Parts {
    /// The document, if its parts keep the model's rules.
    pub(super) fn into_document(self) -> Result<Document, ModelError> {
        let mut doc = self.doc;
        doc.set_personas(self.personas)?;
        doc.set_steps_and_links(self.steps, self.links)?;
        doc.set_scenarios(self.scenarios)?;
        Ok(doc)
    }
}

/// The top level.
pub(super) const DOCUMENT: Object<Parts, Document> = Object {
    name: "top level",
    collection: "a list",
    fields: &[
        required(
            Field::new(
                "format",
                |p, s| p.format = s.string(&"a string"),
                |_, w| {
                    w.key("format");
                    w.scalar(FORMAT_NAME);
                },
            ),
            "a Journey Designer file has \"format\": \"journey-designer\"",
        ),
        required(
            Field::new(
                "version",
                |p, s| {
                    p.version = scalar(s, &"a whole number", |s| match s {
                        Scalar::Number(n) => n.as_u64().ok_or(None),
                        _ => Err(None),
                    });
                },
                |_, w| {
                    w.key("version");
                    w.scalar(&VERSION);
                },
            ),
            "the file must say which format version it uses",
        ),
        field!("title", title, TEXT),
        field!("core_narrative", core_narrative, TEXT),
        field!("audience", audience, object::<Audience>()),
        field!("problems", problems, object::<Problems>()),
        Field::new(
            "personas",
            |p, s| p.personas = (list::<Persona>().read)(s).unwrap_or_default(),
            |d, w| {
                // Optional: absent when there are none, so older files save back as they were.
                if !d.personas().is_empty() {
                    w.key("personas");
                    write_list(w, d.personas().iter());
                }
            },
        ),
        Field::new(
            "steps",
            |p, s| p.steps = (list::<Step>().read)(s).unwrap_or_default(),
            |d, w| {
                w.key("steps");
                write_list(w, d.steps().iter().map(|s| &**s));
            },
        ),
        Field::new(
            "links",
            |p, s| p.links = (list::<Link>().read)(s).unwrap_or_default(),
            |d, w| {
                w.key("links");
                write_list(w, d.links().iter().map(|l| &**l));
            },
        ),
        Field::new(
            "scenarios",
            |p, s| p.scenarios = (list::<Scenario>().read)(s).unwrap_or_default(),
            |d, w| {
                if !d.scenarios().is_empty() {
                    w.key("scenarios");
                    write_list(w, d.scenarios().iter());
                }
            },
        ),
        field!("view", view, object::<View>()),
    ],
    new: Parts::default,
    extra: |p| &mut p.doc.extra,
    written_extra: |d| &d.extra,
};

impl Schema for Audience {
    const OBJECT: Object<Self> = Object {
        name: "audience",
        collection: "a list",
        fields: &[
            field!("description", description, TEXT),
            field!("size", size, SIZE),
            field!("uniqueness", uniqueness, TEXT),
            field!("desires", desires, DESIRES),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Problems {
    const OBJECT: Object<Self> = Object {
        name: "problems",
        collection: "a list",
        fields: &[
            field!("external", external, TEXT),
            field!("internal", internal, TEXT),
            field!("philosophical", philosophical, TEXT),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Persona {
    const OBJECT: Object<Self> = Object {
        name: "persona",
        collection: "a list",
        fields: &[
            checked(required(
                field!("id", id, TEXT),
                "every persona needs an id",
            )),
            field!("name", name, TEXT),
            field!("description", description, TEXT),
            field!("goals", goals, STRINGS),
            field!("colour", colour, COLOUR),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Step {
    const OBJECT: Object<Self> = Object {
        name: "step",
        collection: "a list",
        fields: &[
            checked(required(field!("id", id, TEXT), "every step needs an id")),
            required(
                field!("stage", stage, STAGE),
                "expected one of tell, buy, experience, care, delight, word_of_mouth",
            ),
            field!("title", title, TEXT),
            field!("notes", notes, TEXT),
            field!("position", position, POINT),
            field!("emotion", emotion, EMOTION),
            field!("channels", channels, STRINGS),
            field!("touchpoints", touchpoints, STRINGS),
            field!("pain_points", pain_points, STRINGS),
            field!("opportunities", opportunities, STRINGS),
            checked(field!("personas", personas, STRINGS, omit Vec::is_empty)),
            field!(
                "persona_emotions",
                persona_emotions,
                PERSONA_EMOTIONS,
                omit Vec::is_empty
            ),
            field!("reach", reach, REACH, omit Option::is_none),
            field!("stay", stay, SHARE, omit Option::is_none),
            field!("referrals", referrals, REFERRALS, omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Link {
    const OBJECT: Object<Self> = Object {
        name: "link",
        collection: "a list",
        fields: &[
            checked(required(field!("id", id, TEXT), "every link needs an id")),
            checked(required(
                field!("from", from, TEXT),
                "a link needs the id of a step",
            )),
            checked(required(
                field!("to", to, TEXT),
                "a link needs the id of a step",
            )),
            field!("label", label, TEXT),
            field!("rate", rate, RATE),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for View {
    const OBJECT: Object<Self> = Object {
        name: "view",
        collection: "a list",
        fields: &[
            field!("center", center, POINT),
            field!("zoom", zoom, ZOOM),
            field!("lanes", lanes, LANES, omit Vec::is_empty),
            field!("hidden_lanes", hidden_lanes, LANES, omit Vec::is_empty),
            field!("bookmarks", bookmarks, list::<Bookmark>(), omit Vec::is_empty),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Bookmark {
    const OBJECT: Object<Self> = Object {
        name: "bookmark",
        collection: "a list",
        fields: &[
            required(field!("name", name, TEXT), "a bookmark needs a name"),
            field!("center", center, POINT),
            field!("zoom", zoom, ZOOM),
        ],
        new: || Self::new("", [0.0, 0.0], 1.0),
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for Scenario {
    const OBJECT: Object<Self> = Object {
        name: "scenario",
        collection: "a list of scenarios",
        fields: &[
            checked(required(
                field!("name", name, TEXT),
                "every scenario needs a name",
            )),
            field!("steps", steps, overrides::<StepOverride>()),
            field!("links", links, overrides::<LinkOverride>()),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for StepOverride {
    const OBJECT: Object<Self> = Object {
        name: "step override",
        collection: "an object of step ids",
        fields: &[
            field!("reach", reach, REACH, omit Option::is_none),
            field!("stay", stay, SHARE, omit Option::is_none),
            field!("referrals", referrals, REFERRALS, omit Option::is_none),
        ],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

impl Schema for LinkOverride {
    const OBJECT: Object<Self> = Object {
        name: "link override",
        collection: "an object of link ids",
        fields: &[field!("rate", rate, SHARE, omit Option::is_none)],
        new: Self::default,
        extra: |o| &mut o.extra,
        written_extra: |o| &o.extra,
    };
}

/// Every object's name and known keys in canonical order, the top level first (for the
/// test that holds `docs/file-format.md` to the tables).
#[cfg(any(test, feature = "testing"))]
pub fn canonical_keys() -> Vec<(&'static str, Vec<&'static str>)> {
    fn of<R, W>(object: &Object<R, W>) -> (&'static str, Vec<&'static str>) {
        (object.name, object.keys().collect())
    }
    vec![
        of(&DOCUMENT),
        of(&Audience::OBJECT),
        of(&Problems::OBJECT),
        of(&Persona::OBJECT),
        of(&Step::OBJECT),
        of(&Link::OBJECT),
        of(&Scenario::OBJECT),
        of(&StepOverride::OBJECT),
        of(&LinkOverride::OBJECT),
        of(&View::OBJECT),
        of(&Bookmark::OBJECT),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_fits_the_readers_set_of_seen_fields() {
        for (name, keys) in canonical_keys() {
            assert!(keys.len() <= 64, "{name} has {} fields", keys.len());
            for (i, key) in keys.iter().enumerate() {
                assert!(!keys[..i].contains(key), "{name}.{key} listed twice");
            }
        }
    }

    #[test]
    fn the_stage_names_in_messages_are_the_stages() {
        let missing = Step::OBJECT.fields[1].required.unwrap_or_default();
        assert_eq!(missing, format!("expected one of {STAGES}"));
    }
}
