//! How each kind of value is read and written: text, lists, points, emotions, stages,
//! colours, desires, lanes, sizes, rates and bounded numbers, persona emotions, flags,
//! scores, statuses, and objects (optional ones too) and lists of objects with tables of
//! their own.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Reads a scalar with `read`, which refuses it with a message or `None` (`expected what`).
pub(super) fn scalar<T>(
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
pub(super) fn number_if(s: Scalar<'_>, ok: impl Fn(f64) -> bool) -> Result<f64, Option<String>> {
    match s {
        Scalar::Number(n) => n.as_f64().filter(|&x| ok(x)).ok_or(None),
        _ => Err(None),
    }
}

/// The names of a fixed set of values, for messages: `tell, buy, …`.
pub(super) struct Names<T: 'static>(&'static [T], fn(T) -> &'static str);

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

pub(super) const STAGES: Names<Stage> = Names(&Stage::ALL, Stage::as_str);
pub(super) const DESIRES_NAMES: Names<Desire> = Names(&Desire::ALL, Desire::as_str);
pub(super) const LANES_NAMES: Names<Lane> = Names(&Lane::ALL, Lane::as_str);

/// Text.
pub(in crate::format) const TEXT: Codec<String> = Codec {
    read: |s| s.string(&"a string"),
    write: |v, w| w.scalar(v),
};

/// A list of text.
pub(in crate::format) const STRINGS: Codec<Vec<String>> = Codec {
    read: |s| {
        let mut out = Vec::new();
        let read = s.list(&"a list of strings", None, &mut |_, item| {
            out.extend(item.string(&"a string"));
        });
        read.then_some(out)
    },
    write: |v, w| w.inline_list(v),
};

/// A step's event names and patterns, each at most once and each one
/// [`event_pattern_problem`] takes.
pub(in crate::format) const EVENTS: Codec<ThinVec<String>> = Codec {
    read: |s| {
        let mut out: ThinVec<String> = ThinVec::new();
        let read = s.list(
            &"a list of event names and patterns",
            None,
            &mut |_, item| {
                let pattern = scalar(item, &EVENTS_RANGE, |s| match s {
                    Scalar::Str(v) => match event_pattern_problem(v) {
                        Some(why) => Err(Some(format!("{}: {why}", s.show()))),
                        None if out.iter().any(|p| p == v) => {
                            Err(Some(format!("{} is listed twice", s.show())))
                        }
                        None => Ok(v.to_owned()),
                    },
                    _ => Err(None),
                });
                out.extend(pattern);
            },
        );
        read.then_some(out)
    },
    write: |v, w| w.inline_list(v),
};

/// A point `[x, y]` of two finite numbers.
pub(in crate::format) const POINT: Codec<Point> = Codec {
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
pub(in crate::format) const EMOTION: Codec<Emotion> = Codec {
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
pub(in crate::format) const STAGE: Codec<Stage> = Codec {
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
pub(in crate::format) const COLOUR: Codec<Colour> = Codec {
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
pub(in crate::format) const DESIRES: Codec<Desires> = Codec {
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
pub(in crate::format) const LANES: Codec<Vec<Lane>> = Codec {
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
pub(in crate::format) const SIZE: Codec<Option<u64>> = Codec {
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
pub(in crate::format) const RATE: Codec<Option<f64>> = Codec {
    read: |s| {
        scalar(s, &"null or a share from 0 to 1", |s| match s {
            Scalar::Null => Ok(None),
            s => number_if(s, is_share).map(Some),
        })
    },
    write: |v, w| w.scalar(v),
};

/// `true` or `false`.
pub(in crate::format) const FLAG: Codec<bool> = Codec {
    read: |s| {
        scalar(s, &"true or false", |s| match s {
            Scalar::Bool(b) => Ok(b),
            _ => Err(None),
        })
    },
    write: |v, w| w.scalar(v),
};

/// A finite number above 0: a zoom.
pub(in crate::format) const ZOOM: Codec<f64> = Codec {
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
pub(in crate::format) const REACH: Codec<Option<f64>> = bounded!(REACH_RANGE, is_count);
/// A share that stays (and an overridden rate).
pub(in crate::format) const SHARE: Codec<Option<f64>> = bounded!(STAY_RANGE, is_share);
/// New people each person brings per period.
pub(in crate::format) const REFERRALS: Codec<Option<f64>> = bounded!(REFERRALS_RANGE, is_count);

/// An amount of money.
pub(in crate::format) const MONEY: Codec<Option<f64>> = bounded!(MONEY_RANGE, is_money);
/// A discount rate per period.
pub(in crate::format) const DISCOUNT: Codec<Option<f64>> = bounded!(DISCOUNT_RANGE, is_discount);
/// A share of the revenue spent on marketing.
pub(in crate::format) const BUDGET_SHARE: Codec<Option<f64>> =
    bounded!(BUDGET_SHARE_RANGE, is_budget_share);

/// An end of an observed interval: a finite number, 0 or more.
pub(in crate::format) const BOUND: Codec<f64> = Codec {
    read: |s| scalar(s, &"a number, 0 or more", |s| number_if(s, is_count)),
    write: |v, w| w.scalar(v),
};

/// A number of observations: a whole number, 0 or more.
pub(in crate::format) const COUNT: Codec<u64> = Codec {
    read: |s| {
        scalar(s, &"a whole number, 0 or more", |s| match s {
            Scalar::Number(n) => n.as_u64().ok_or(None),
            _ => Err(None),
        })
    },
    write: |v, w| w.scalar(v),
};

/// A period: a whole number, 1 or more.
pub(in crate::format) const PERIOD: Codec<Option<u64>> = Codec {
    read: |s| {
        scalar(s, &PERIOD_RANGE, |s| match s {
            Scalar::Number(n) => n.as_u64().filter(|&t| t >= 1).map(Some).ok_or(None),
            _ => Err(None),
        })
    },
    write: |v, w| w.scalar(v),
};

/// `null` (not measured, not set) or a finite number: a metric's value or target.
pub(in crate::format) const MEASURE: Codec<Option<f64>> = Codec {
    read: |s| {
        scalar(s, &"null or a finite number", |s| match s {
            Scalar::Null => Ok(None),
            s => number_if(s, f64::is_finite).map(Some),
        })
    },
    write: |v, w| w.scalar(v),
};

/// `null` (not known) or a number of minutes, 0 or more: a wait.
pub(in crate::format) const MINUTES: Codec<Option<f64>> = Codec {
    read: |s| {
        scalar(s, &format_args!("null or {MINUTES_RANGE}"), |s| match s {
            Scalar::Null => Ok(None),
            s => number_if(s, is_minutes).map(Some),
        })
    },
    write: |v, w| w.scalar(v),
};

/// `null` (today's emotion) or a whole number from −2 to 2: a to-be emotion.
pub(in crate::format) const EMOTION_OR_NULL: Codec<Option<Emotion>> = Codec {
    read: |s| {
        scalar(
            s,
            &"null or a whole number from -2 (very unhappy) to 2 (delighted)",
            |s| match s {
                Scalar::Null => Ok(None),
                Scalar::Number(n) => n.as_i64().and_then(Emotion::new).map(Some).ok_or(None),
                _ => Err(None),
            },
        )
    },
    write: |v, w| match v {
        Some(e) => w.scalar(&e.value()),
        None => w.scalar(&None::<i64>),
    },
};

/// `null` (not scored) or a whole number from 0 to `$max`.
macro_rules! score {
    ($what:expr, $max:expr) => {
        Codec {
            read: |s| {
                scalar(s, &format_args!("null or {}", $what), |s| match s {
                    Scalar::Null => Ok(None),
                    Scalar::Number(n) => n
                        .as_u64()
                        .filter(|v| *v <= u64::from($max))
                        .and_then(|v| u8::try_from(v).ok())
                        .map(Some)
                        .ok_or(None),
                    _ => Err(None),
                })
            },
            write: |v: &Option<u8>, w| w.scalar(v),
        }
    };
}

/// A customer or business value.
pub(in crate::format) const VALUE_SCORE: Codec<Option<u8>> = score!(VALUE_RANGE, VALUE_MAX);
/// An effort.
pub(in crate::format) const EFFORT_SCORE: Codec<Option<u8>> = score!(EFFORT_RANGE, EFFORT_MAX);

pub(super) const STATUSES: Names<Status> = Names(&Status::ALL, Status::as_str);
pub(super) const BETTERS: Names<Better> = Names(&Better::ALL, Better::as_str);

/// One of the four statuses of an opportunity.
pub(in crate::format) const STATUS: Codec<Status> = Codec {
    read: |s| {
        scalar(
            s,
            &format_args!("a status (one of {STATUSES})"),
            |s| match s {
                Scalar::Str(v) => Status::from_str_value(v).ok_or_else(|| {
                    Some(format!(
                        "unknown status {}; expected one of {STATUSES}",
                        s.show()
                    ))
                }),
                _ => Err(None),
            },
        )
    },
    write: |v, w| w.scalar(v.as_str()),
};

/// Which way a metric is better.
pub(in crate::format) const BETTER: Codec<Better> = Codec {
    read: |s| {
        scalar(s, &format_args!("one of {BETTERS}"), |s| match s {
            Scalar::Str(v) => Better::from_str_value(v).ok_or_else(|| {
                Some(format!(
                    "unknown direction {}; expected one of {BETTERS}",
                    s.show()
                ))
            }),
            _ => Err(None),
        })
    },
    write: |v, w| w.scalar(v.as_str()),
};

/// A step's persona id → emotion, in file order.
pub(in crate::format) const PERSONA_EMOTIONS: Codec<Vec<(String, Emotion)>> = Codec {
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
pub(in crate::format) const fn object<T: Schema>() -> Codec<T> {
    Codec {
        read: |s| {
            let mut target = (T::OBJECT.new)();
            read_object(s, &"an object", &T::OBJECT, &mut target).then_some(target)
        },
        write: |v, w| write_object(w, &T::OBJECT, v),
    }
}

/// An object with a table of their own that most steps do not have, kept out of line.
pub(in crate::format) const fn boxed<T: Schema>() -> Codec<Option<Box<T>>> {
    Codec {
        read: |s| {
            let mut target = (T::OBJECT.new)();
            read_object(s, &"an object", &T::OBJECT, &mut target).then_some(Some(Box::new(target)))
        },
        write: |v, w| {
            if let Some(v) = v {
                write_object(w, &T::OBJECT, v);
            }
        },
    }
}

/// An optional object with a table of its own, kept in line.
pub(in crate::format) const fn optional<T: Schema>() -> Codec<Option<T>> {
    Codec {
        read: |s| {
            let mut target = (T::OBJECT.new)();
            read_object(s, &"an object", &T::OBJECT, &mut target).then_some(Some(target))
        },
        write: |v, w| {
            if let Some(v) = v {
                write_object(w, &T::OBJECT, v);
            }
        },
    }
}

/// A list of objects with a table of their own.
pub(in crate::format) const fn list<T: Schema>() -> Codec<Vec<T>> {
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
pub(super) fn write_list<'a, T: Schema>(w: &mut Writer, items: impl Iterator<Item = &'a T>) {
    w.begin_list();
    for item in items {
        w.item();
        write_object(w, &T::OBJECT, item);
    }
    w.end_list();
}

/// An object of objects by the id of what they override, in file order; each entry's place
/// is marked, since the model's rules check the ids.
pub(in crate::format) const fn overrides<T: Schema>() -> Codec<Vec<(String, T)>> {
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
