//! Where each person is, period by period, turned into the [`Counts`] table as the log is
//! read.
//!
//! A person is at the step of their latest mapped event (the latest time; at equal times the
//! step listed later in the journey). A person with no mapped event for `lost_after`
//! periods in a row has left at their step, in the period of their last event; silent for
//! fewer, they stayed where they were. A person whose last event comes within
//! `lost_after` periods of the log's end is censored: nobody can tell yet whether they left,
//! so no loss is counted (and the fit leaves those periods out for everyone; see
//! `fit`). A person who comes back after leaving enters anew.
//!
//! The log is read in time order when it is in time order — then memory holds only the
//! people seen within the last `lost_after` + 1 periods, about 40 bytes each (people are
//! told apart by a 128-bit hash of their id). An event of an earlier period than one already
//! read shows the log is not in order; the caller then reads it again into [`Sorted`] and
//! replays it by period: the same counts, for memory that grows with the log.

use std::hash::{BuildHasher, Hash};

use super::counts::{Counts, Kind, NO_STEP};
use super::map::StepIndex;

/// A person entered without a referrer (in [`Person::entered`]).
const UNREFERRED: StepIndex = NO_STEP - 1;

/// The largest number of steps a journey may have for a fit.
pub const MAX_STEPS: usize = UNREFERRED as usize;

/// An event of an earlier period than one already read: the log is not in time order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disorder;

/// One person's place: the periods of their last two periods with an event (relative to
/// the tracker's base), their step at the end of each, and how they entered.
#[derive(Clone, Copy, Debug)]
struct Person {
    /// The latest event's time in the current period, to keep the latest.
    cur_time: i64,
    /// The period before `cur_period` with an event, in this life (if `prev_step` is a step).
    prev_period: i32,
    /// The latest period with an event.
    cur_period: i32,
    /// The step at the end of `prev_period`; [`NO_STEP`] while `cur_period` is the first
    /// period of this life.
    prev_step: StepIndex,
    /// The step of the latest event so far in `cur_period`.
    cur_step: StepIndex,
    /// In the first period of a life: [`UNREFERRED`], or the step of the referrer at the end
    /// of the period before ([`NO_STEP`]: at none).
    entered: StepIndex,
}

impl Person {
    fn new(period: i32, time: i64, step: StepIndex, entered: StepIndex) -> Self {
        Self {
            cur_time: time,
            prev_period: period,
            cur_period: period,
            prev_step: NO_STEP,
            cur_step: step,
            entered,
        }
    }
}

/// People by id: the entries in a slab, found through an index of their places in it.
///
/// A hash table of whole entries that loses and gains people all the time fills with the
/// marks of removed entries and grows for them; the index here does too, but its entries are
/// 4 bytes, and the slab reuses freed places. So memory stays near 40 bytes per person held
/// (the entry) plus the index's few bytes.
struct People<K> {
    index: hashbrown::HashTable<u32>,
    slab: Vec<(K, Person)>,
    free: Vec<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl<K: Hash + Eq + Copy> People<K> {
    fn new() -> Self {
        Self {
            index: hashbrown::HashTable::new(),
            slab: Vec::new(),
            free: Vec::new(),
            hasher: hashbrown::DefaultHashBuilder::default(),
        }
    }

    fn len(&self) -> usize {
        self.index.len()
    }

    fn place(&self, who: &K) -> Option<usize> {
        let hash = self.hasher.hash_one(who);
        let slab = &self.slab;
        self.index
            .find(hash, |&i| slab[i as usize].0 == *who)
            .map(|&i| i as usize)
    }

    fn get(&self, who: &K) -> Option<&Person> {
        self.place(who).map(|i| &self.slab[i].1)
    }

    fn get_mut(&mut self, who: &K) -> Option<&mut Person> {
        self.place(who).map(|i| &mut self.slab[i].1)
    }

    /// Adds `who`, who is not held yet.
    fn insert(&mut self, who: K, person: Person) {
        let at = if let Some(at) = self.free.pop() {
            self.slab[at as usize] = (who, person);
            at
        } else {
            self.slab.push((who, person));
            u32::try_from(self.slab.len() - 1).unwrap_or(u32::MAX)
        };
        let Self {
            index,
            slab,
            hasher,
            ..
        } = self;
        index.insert_unique(hasher.hash_one(who), at, |&i| {
            hasher.hash_one(slab[i as usize].0)
        });
    }

    /// Keeps the people `keep` says to keep.
    fn retain(&mut self, mut keep: impl FnMut(&Person) -> bool) {
        let Self {
            index, slab, free, ..
        } = self;
        index.retain(|i| {
            let kept = keep(&slab[*i as usize].1);
            if !kept {
                free.push(*i);
            }
            kept
        });
    }

    fn values(&self) -> impl Iterator<Item = &Person> {
        self.index.iter().map(|&i| &self.slab[i as usize].1)
    }
}

/// The people of a log being read, and the table of counts so far.
pub struct Tracker<K> {
    lost_after: i32,
    base: Option<i64>,
    first: i32,
    last: i32,
    events_first: u64,
    events_last: u64,
    people: People<K>,
    counts: Counts,
    /// The most people held at once.
    peak_people: usize,
}

impl<K: Hash + Eq + Copy> Tracker<K> {
    /// A tracker for a journey with these step ids.
    pub fn new(steps: Vec<String>, lost_after: u32) -> Self {
        Self {
            lost_after: i32::try_from(lost_after.max(1)).unwrap_or(i32::MAX),
            base: None,
            first: 0,
            last: 0,
            events_first: 0,
            events_last: 0,
            people: People::new(),
            counts: Counts::new(steps),
            peak_people: 0,
        }
    }

    /// The most people held at once so far.
    pub fn peak_people(&self) -> usize {
        self.peak_people.max(self.people.len())
    }

    /// Takes one mapped event: `who` did something of `step` at `time_ms` in `period`,
    /// referred by `referrer` if the log says.
    ///
    /// # Errors
    ///
    /// [`Disorder`] when `period` comes before a period already read.
    pub fn event(
        &mut self,
        who: K,
        period: i64,
        time_ms: i64,
        step: StepIndex,
        referrer: Option<K>,
    ) -> Result<(), Disorder> {
        let base = *self.base.get_or_insert(period);
        let Ok(p) = i32::try_from(period - base) else {
            return Err(Disorder);
        };
        if self.events_first + self.events_last == 0 {
            self.first = p;
            self.last = p;
        }
        if p < self.last {
            return Err(Disorder);
        }
        if p > self.last {
            self.last = p;
            self.events_last = 0;
            self.drop_silent(p);
        }
        if p == self.first {
            self.events_first += 1;
        }
        self.events_last += 1;
        let entered = match referrer {
            Some(r) if r != who => self.step_before(r, p),
            Some(_) | None => UNREFERRED,
        };
        let lost_after = self.lost_after;
        let Self { people, counts, .. } = self;
        match people.get_mut(&who) {
            Some(person) if p == person.cur_period => {
                if (time_ms, step) >= (person.cur_time, person.cur_step) {
                    person.cur_time = time_ms;
                    person.cur_step = step;
                }
                if person.prev_step == NO_STEP && entered != UNREFERRED {
                    // Several referrers in the first period: the one at the step listed first.
                    person.entered = if person.entered == UNREFERRED {
                        entered
                    } else {
                        person.entered.min(entered)
                    };
                }
            }
            Some(person) => {
                close(person, base, counts);
                if p - person.cur_period > lost_after {
                    lost(person, base, counts);
                    *person = Person::new(p, time_ms, step, entered);
                } else {
                    person.prev_period = person.cur_period;
                    person.prev_step = person.cur_step;
                    person.cur_period = p;
                    person.cur_step = step;
                    person.cur_time = time_ms;
                }
            }
            None => people.insert(who, Person::new(p, time_ms, step, entered)),
        }
        Ok(())
    }

    /// The step of `referrer` at the end of period `p − 1`: of their latest event in the
    /// `lost_after` periods before `p` (silent for fewer, they are still there);
    /// [`NO_STEP`] if none.
    fn step_before(&self, referrer: K, p: i32) -> StepIndex {
        let Some(r) = self.people.get(&referrer) else {
            return NO_STEP;
        };
        let within = |t: i32| t < p && t >= p - self.lost_after;
        if within(r.cur_period) {
            r.cur_step
        } else if r.cur_period >= p && r.prev_step != NO_STEP && within(r.prev_period) {
            r.prev_step
        } else {
            NO_STEP
        }
    }

    /// Counts and drops the people silent for `lost_after` periods or more before `p`:
    /// whatever comes later, they have left.
    fn drop_silent(&mut self, p: i32) {
        self.peak_people = self.peak_people.max(self.people.len());
        let lost_after = self.lost_after;
        let base = self.base.unwrap_or_default();
        let Self { people, counts, .. } = self;
        people.retain(|person| {
            if person.cur_period + lost_after < p {
                close(person, base, counts);
                lost(person, base, counts);
                false
            } else {
                true
            }
        });
    }

    /// The table: every person's last periods closed, losses counted where the log runs
    /// on for `lost_after` periods or more after them, and the log's first and last
    /// periods.
    pub fn finish(mut self) -> Counts {
        self.peak_people = self.peak_people();
        let Some(base) = self.base else {
            return self.counts;
        };
        let end = self.last;
        let lost_after = self.lost_after;
        for person in self.people.values() {
            close(person, base, &mut self.counts);
            if person.cur_period + lost_after <= end {
                lost(person, base, &mut self.counts);
            }
        }
        let (first, last) = (self.first, self.last);
        self.counts.add(
            (base + i64::from(first), Kind::LogFirst, NO_STEP, NO_STEP),
            self.events_first,
        );
        self.counts.add(
            (base + i64::from(last), Kind::LogLast, NO_STEP, NO_STEP),
            self.events_last,
        );
        self.counts
    }
}

/// Counts what the person's current period completes: their arrival, if it is their
/// life's first, else the periods since their previous one (stays while silent, then a
/// stay or a move into the current step).
fn close(person: &Person, base: i64, counts: &mut Counts) {
    let at = |p: i32| base + i64::from(p);
    if person.prev_step == NO_STEP {
        let key = if person.entered == UNREFERRED {
            (at(person.cur_period), Kind::New, NO_STEP, person.cur_step)
        } else {
            (
                at(person.cur_period),
                Kind::Referred,
                person.entered,
                person.cur_step,
            )
        };
        counts.add(key, 1);
        return;
    }
    let from = person.prev_step;
    for t in person.prev_period..person.cur_period - 1 {
        counts.add((at(t), Kind::Stay, from, from), 1);
    }
    let kind = if person.cur_step == from {
        Kind::Stay
    } else {
        Kind::Move
    };
    counts.add((at(person.cur_period - 1), kind, from, person.cur_step), 1);
}

/// Counts the person as lost at their current step, in their current period.
fn lost(person: &Person, base: i64, counts: &mut Counts) {
    counts.add(
        (
            base + i64::from(person.cur_period),
            Kind::Lost,
            person.cur_step,
            NO_STEP,
        ),
        1,
    );
}

/// Events kept to replay a log that is not in time order, 24 bytes each.
#[derive(Default)]
pub struct Sorted {
    /// The people by their id's hash, numbered in the order first seen.
    people: hashbrown::HashMap<PersonHash, u32>,
    /// (period, time, person, referrer + 1 or 0, step).
    events: Vec<(i64, i64, u32, u32, StepIndex)>,
}

impl Sorted {
    /// Keeps one mapped event.
    pub fn push(
        &mut self,
        who: PersonHash,
        period: i64,
        time_ms: i64,
        step: StepIndex,
        referrer: Option<PersonHash>,
    ) {
        let mut number = |h: PersonHash| {
            let next = u32::try_from(self.people.len()).unwrap_or(u32::MAX);
            *self.people.entry(h).or_insert(next)
        };
        let who = number(who);
        let referrer = referrer.map_or(0, |r| number(r).saturating_add(1));
        self.events.push((period, time_ms, who, referrer, step));
    }

    /// The events' table, replayed in the order of their periods.
    pub fn replay(mut self, steps: Vec<String>, lost_after: u32) -> Counts {
        self.events.sort_unstable_by_key(|e| e.0);
        let mut tracker = Tracker::<u32>::new(steps, lost_after);
        for (period, time, who, referrer, step) in self.events {
            let referrer = referrer.checked_sub(1);
            // Sorted by period, so never out of order.
            let _ = tracker.event(who, period, time, step, referrer);
        }
        tracker.finish()
    }
}

/// A person's id as a 128-bit hash.
pub type PersonHash = [u64; 2];

/// Hashes people's ids, with two independent 64-bit hashes.
#[derive(Default)]
pub struct Hasher {
    a: hashbrown::DefaultHashBuilder,
    b: hashbrown::DefaultHashBuilder,
}

impl Hasher {
    /// The hash of the id `id`.
    pub fn hash(&self, id: &str) -> PersonHash {
        [self.a.hash_one(id), self.b.hash_one(id)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of events (person, period, step, referrer) read in this order.
    fn table(events: &[(u32, i64, StepIndex, Option<u32>)], lost_after: u32) -> Vec<String> {
        let steps = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let mut t = Tracker::<u32>::new(steps, lost_after);
        for (time, &(who, period, step, referrer)) in (0..).zip(events) {
            t.event(who, period, time, step, referrer).unwrap();
        }
        let counts = t.finish();
        counts.to_csv().lines().skip(1).map(str::to_owned).collect()
    }

    #[test]
    fn a_path_gives_its_arrival_stays_moves_and_loss() {
        // Person 1: a in periods 0 and 1, b in 2, then silent; the log runs to period 5.
        // Person 2 keeps the log going.
        let rows = table(
            &[
                (1, 0, 0, None),
                (2, 0, 2, None),
                (1, 1, 0, None),
                (2, 1, 2, None),
                (1, 2, 1, None),
                (2, 2, 2, None),
                (2, 3, 2, None),
                (2, 4, 2, None),
                (2, 5, 2, None),
            ],
            1,
        );
        assert_eq!(
            rows,
            [
                "0,log_first,,,2",
                "0,new,,a,1",
                "0,new,,c,1",
                "0,stay,a,a,1",
                "0,stay,c,c,1",
                "1,stay,c,c,1",
                "1,move,a,b,1",
                "2,stay,c,c,1",
                "2,lost,b,,1",
                "3,stay,c,c,1",
                "4,stay,c,c,1",
                "5,log_last,,,1",
            ]
        );
    }

    #[test]
    fn silence_short_of_lost_after_is_a_stay_and_as_long_a_loss_and_a_new_life() {
        let rows = table(
            &[
                (1, 0, 0, None),
                // Silent in period 1 (lost_after 2): a stay at a, then a move in period 1.
                (1, 2, 1, None),
                // Silent in 3 to 6: lost at b in period 2; back in 7, new at c.
                (1, 7, 2, None),
                (9, 9, 0, None),
            ],
            2,
        );
        assert_eq!(
            rows,
            [
                "0,log_first,,,1",
                "0,new,,a,1",
                "0,stay,a,a,1",
                "1,move,a,b,1",
                "2,lost,b,,1",
                "7,new,,c,1",
                "7,lost,c,,1",
                "9,log_last,,,1",
                "9,new,,a,1",
            ]
        );
    }

    #[test]
    fn a_referrer_counts_at_their_step_of_the_period_before() {
        let rows = table(
            &[
                (1, 0, 2, None),
                // Person 1 moves to a in period 1; person 2, referred by 1 in period 1,
                // was referred by someone at c (1's step at the end of period 0).
                (1, 1, 0, None),
                (2, 1, 0, Some(1)),
                // Referred by someone never seen: from no step.
                (3, 1, 0, Some(7)),
            ],
            1,
        );
        assert!(rows.contains(&"1,referred,c,a,1".to_owned()), "{rows:?}");
        assert!(rows.contains(&"1,referred,,a,1".to_owned()), "{rows:?}");
    }

    #[test]
    fn the_latest_event_of_a_period_sets_the_step_whatever_the_order_read() {
        let steps = vec!["a".to_owned(), "b".to_owned()];
        let mut t = Tracker::<u32>::new(steps, 1);
        t.event(1, 0, 50, 1, None).unwrap();
        t.event(1, 0, 10, 0, None).unwrap();
        t.event(1, 1, 5, 0, None).unwrap();
        let csv = t.finish().to_csv();
        assert!(csv.contains("0,new,,b,1"), "{csv}");
        assert!(csv.contains("0,move,b,a,1"), "{csv}");
    }

    #[test]
    fn an_earlier_period_after_a_later_one_is_disorder() {
        let mut t = Tracker::<u32>::new(vec!["a".to_owned()], 1);
        t.event(1, 5, 0, 0, None).unwrap();
        assert_eq!(t.event(2, 4, 0, 0, None), Err(Disorder));
    }
}
