//! Event logs drawn at random from a journey's own numbers: the log a team would have if the
//! journey were exactly right. Users test their analytics pipeline with it; the tests fit it
//! and expect the journey's numbers back.
//!
//! People are drawn one at a time from the simulation's model ([`simulation::People`]):
//! in each period a person at a step stays, moves along one of its links or leaves, with the
//! step's stay and the links' rates as probabilities; each person brings a Poisson number of
//! newcomers with the step's referrals as its mean, each entering at one of the step's
//! referral routes; marketing brings a Poisson number of newcomers with the tell step's reach
//! as its mean. So the mean number of people at each step in each period is the simulation's
//! (exactly without an audience size; with one, each newcomer comes with the chance that the
//! audience has room, which the simulation applies to the mean). Each person at a step at
//! the end of a period makes one event there, at a time drawn evenly within the period.
//!
//! Under a scenario (`--scenario NAME`) the people follow its numbers in the periods it applies
//! to and the journey's own in the others, as the simulation runs it.
//!
//! The journey's own reach sets the size, unless `--people N` does: then the journey's reach
//! and its audience are scaled by one factor so that N people are reached over the run on
//! average; every share and every referral per person stays as drawn. Memory follows the
//! people in the journey at once, never the log.
//!
//! ```
//! use journey_designer::calibrate::sample::{self, Options};
//! use journey_designer::format;
//!
//! let doc = format::TEMPLATES[0].load()?;
//! let plan = sample::Plan::new(&doc, &Options::new(1000, 8))?;
//! let mut log = Vec::new();
//! let written = plan.write(&mut log, sample::LogFormat::Csv)?;
//! assert!(log.starts_with(b"user_id,timestamp,event,referred_by\n"));
//! assert!(written.people > 500 && written.events > written.people);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod text;

use rand::{RngExt as _, SeedableRng as _};
use rand_distr::{Distribution as _, Poisson};
use rand_pcg::Pcg64Mcg;

use super::map::EventMap;
use crate::model::{Document, Numbers};
use crate::simulation::{self, Net, People, Refusal, Run};

pub use text::{LogFormat, Written, format_time, parse_date};

/// 2025-01-01T00:00:00Z in seconds since the Unix epoch: where a log starts by default.
pub const DEFAULT_START: i64 = 1_735_689_600;

/// Where a log must end: 9999-12-31T00:00:00Z, the end of the last day whose midnight the time
/// library represents (it keeps a margin for offsets below 10000-01-01).
const YEAR_10000: i64 = 253_402_214_400;

/// What to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// People reached over the run on average (by marketing and by word of mouth); `None`
    /// for as many as the journey's own reach brings.
    pub people: Option<u64>,
    /// How many periods the log covers.
    pub periods: usize,
    /// The seed of the random draws: the same seed gives the same log.
    pub seed: u64,
    /// The length of a period in seconds.
    pub period_seconds: u64,
    /// Where the first period starts, in seconds since the Unix epoch; moved on to the next
    /// whole multiple of the period's length, so that periods counted from the epoch are the
    /// log's periods.
    pub start: i64,
    /// The scenario whose numbers the people follow (in the periods it applies to); `None`
    /// for the journey as drawn.
    pub scenario: Option<String>,
}

impl Options {
    /// `people` people over `periods` periods of a day from 2025-01-01, seed 0.
    pub fn new(people: u64, periods: usize) -> Self {
        Self {
            people: Some(people),
            periods,
            seed: 0,
            period_seconds: 86_400,
            start: DEFAULT_START,
            scenario: None,
        }
    }
}

/// Why a log cannot be drawn.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SampleError {
    /// The journey cannot be simulated as it stands.
    #[error("{0}")]
    Refused(Refusal),
    /// Nobody would ever enter the journey.
    #[error(
        "nobody enters the journey: give a tell step a reach (or a marketing budget) to bring people in"
    )]
    NobodyReached,
    /// The journey's numbers grow beyond counting.
    #[error(
        "the people reached would exceed 10^300 by period {0}; set an audience size or draw fewer periods"
    )]
    Runaway(usize),
    /// The journey would bring in more people per period than can be drawn.
    #[error(
        "the journey would bring {0:e} newcomers in a period, more than can be drawn; ask for fewer people"
    )]
    TooMany(f64),
    /// No people or no periods were asked for.
    #[error("{0}")]
    Empty(&'static str),
    /// The log would start before 1970 or end after the year 9999.
    #[error(
        "the log would fall outside the years 1970 to 9999; choose another start or fewer periods"
    )]
    TooLate,
}

/// One event: a person at a step at the end of a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// The person, numbered from 1 in the order they entered.
    pub person: u64,
    /// The person who brought them, on a newcomer's first event by word of mouth; 0 for
    /// none.
    pub referrer: u64,
    /// The step, as its index in the document.
    pub step: u32,
    /// Seconds since the start of the period.
    pub second: u32,
}

/// What people do under one set of the journey's numbers.
#[derive(Clone, Debug)]
struct Phase {
    /// Per step, `moves[bounds[i]..bounds[i + 1]]`: the cumulative shares of staying and of
    /// each link out, with where each leads; beyond the last, the person leaves.
    moves: Vec<(f64, u32)>,
    bounds: Vec<usize>,
    /// Per step: the Poisson law of the newcomers one person there brings in a period.
    referrals: Vec<Option<Poisson<f64>>>,
    /// Per step: where its newcomers enter, as cumulative shares and tell steps.
    routes: Vec<Vec<(f64, u32)>>,
}

impl Phase {
    /// What the people of a journey compiled under some numbers do.
    fn of(people: &People) -> Self {
        let (moves, bounds) = moves(people);
        let routes = people
            .routes
            .iter()
            .map(|route| {
                let mut total = 0.0;
                let mut cumulative: Vec<(f64, u32)> = route
                    .iter()
                    .map(|&(tell, share)| {
                        total += share;
                        (total, tell as u32)
                    })
                    .collect();
                // The last route takes whatever rounding leaves.
                if let Some(last) = cumulative.last_mut() {
                    last.0 = f64::INFINITY;
                }
                cumulative
            })
            .collect();
        Self {
            moves,
            bounds,
            referrals: people
                .referrals
                .iter()
                .map(|&r| Poisson::new(r).ok())
                .collect(),
            routes,
        }
    }
}

/// A journey compiled for drawing: its people's moves as cumulative shares, the reach of
/// every period and the expected run the draws follow.
#[derive(Clone, Debug)]
pub struct Plan {
    options: Options,
    /// Where the first period starts, a whole multiple of the period's length.
    start: i64,
    /// The event name of each step.
    names: Vec<String>,
    /// What people do under each set of numbers: the journey's own, then a scenario's.
    phases: Vec<Phase>,
    /// Per period (from 1), the phase whose numbers apply.
    phase_of: Vec<u8>,
    /// The tell steps.
    tells: Vec<u32>,
    /// Per period, per tell step: the mean of the newcomers marketing brings (scaled).
    reach: Vec<Vec<f64>>,
    /// The audience size, scaled.
    audience: Option<f64>,
    /// The factor by which reach and audience were scaled to reach `options.people` (1
    /// without).
    scale: f64,
    /// The journey's own run (unscaled), with its people per step and period.
    expected: Run,
}

impl Plan {
    /// Compiles the journey, as drawn or under `options.scenario`, for drawing
    /// `options.people` people (or as many as its reach brings) over `options.periods`
    /// periods.
    pub fn new(doc: &Document, options: &Options) -> Result<Self, SampleError> {
        if options.people == Some(0) {
            return Err(SampleError::Empty("ask for at least one person"));
        }
        if options.periods == 0 || options.periods > simulation::MAX_PERIODS {
            return Err(SampleError::Empty(
                "ask for 1 to 100,000 periods of the journey",
            ));
        }
        if options.period_seconds == 0 || options.period_seconds > u64::from(u32::MAX) {
            return Err(SampleError::Empty(
                "a period lasts from one second to 136 years",
            ));
        }
        let start = first_period(options)?;
        let settings = simulation::Options {
            periods: options.periods,
            seed: 0.0,
            record_steps: true,
            rank_links: false,
        };
        let scenario = options.scenario.as_deref();
        let outcome =
            simulation::simulate(doc, scenario, &settings).map_err(SampleError::Refused)?;
        let expected = outcome.run;
        if let Some(period) = expected.stopped {
            return Err(SampleError::Runaway(period));
        }
        let reached = expected.periods.last().map_or(0.0, |p| p.reached);
        if reached.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return Err(SampleError::NobodyReached);
        }
        let scale = options.people.map_or(1.0, |people| people as f64 / reached);
        // The journey's own numbers, and the scenario's in the periods it applies to, as the
        // simulation runs them.
        let found = simulation::find_scenario(doc, scenario.unwrap_or(simulation::AS_DRAWN))
            .map_err(SampleError::Refused)?;
        let mut nets = vec![Net::new(doc, &Numbers::of(doc, None))];
        nets.extend(found.map(|s| Net::new(doc, &Numbers::of(doc, Some(s)))));
        let phase_of: Vec<u8> = (1..=options.periods)
            .map(|p| u8::from(found.is_some_and(|s| s.applies_in(p as u64))))
            .collect();
        let phases: Vec<(People, Phase)> = nets
            .iter()
            .map(|net| {
                let people = net.people();
                let phase = Phase::of(&people);
                (people, phase)
            })
            .collect();
        // Marketing that follows sales follows the run's (expected) sales.
        let mut revenue_before = 0.0;
        let mut reach = Vec::with_capacity(options.periods);
        for (period, &phase) in expected.periods.iter().zip(&phase_of) {
            let here: Vec<f64> = nets[usize::from(phase)]
                .marketing_reach(revenue_before)
                .iter()
                .map(|r| r * scale)
                .collect();
            revenue_before = period.revenue;
            reach.push(here);
        }
        let most = reach.iter().flatten().copied().fold(0.0, f64::max);
        let most_referrals = phases
            .iter()
            .flat_map(|(people, _)| people.referrals.iter().copied())
            .fold(0.0, f64::max);
        if most >= Poisson::<f64>::MAX_LAMBDA || most_referrals >= Poisson::<f64>::MAX_LAMBDA {
            return Err(SampleError::TooMany(most.max(most_referrals)));
        }
        let people = &phases[0].0;
        Ok(Self {
            options: options.clone(),
            start,
            names: event_names(doc),
            tells: people.tells.iter().map(|&t| t as u32).collect(),
            audience: people.audience.map(|m| m * scale),
            phases: phases.into_iter().map(|(_, phase)| phase).collect(),
            phase_of,
            reach,
            scale,
            expected,
        })
    }

    /// The factor by which the journey's reach and audience were scaled to reach the people
    /// asked for; the mean counts of the log are the journey's run times this.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The journey's own run over the log's periods, unscaled (times [`Plan::scale`] gives
    /// the log's means).
    pub fn expected(&self) -> &Run {
        &self.expected
    }

    /// The mean number of people at `step` (document index) at the end of `period` (1, 2, …)
    /// in the log: the number of events named for that step in that period, on average.
    pub fn expected_at(&self, period: usize, step: usize) -> f64 {
        let n = self.names.len();
        self.expected.at_step[(period - 1) * n + step] * self.scale
    }

    /// The mean of the newcomers marketing brings at each tell step in `period` (1, 2, …),
    /// before the audience's cap, parallel to [`Plan::tells`].
    pub fn reach(&self, period: usize) -> &[f64] {
        &self.reach[period - 1]
    }

    /// The tell steps, as indices in the document.
    pub fn tells(&self) -> &[u32] {
        &self.tells
    }

    /// The audience size after scaling, if the journey has one.
    pub fn audience(&self) -> Option<f64> {
        self.audience
    }

    /// The event name of each step, in document order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The options the plan was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// When period `period` (1, 2, …) starts, in seconds since the Unix epoch.
    pub fn period_start(&self, period: usize) -> i64 {
        // Both were checked to fit: at most 100,000 periods of at most 2³² seconds.
        self.start + i64::from(period as u32 - 1) * i64::from(self.options.period_seconds as u32)
    }

    /// Starts drawing, period by period.
    pub fn draw(&self) -> Draw<'_> {
        Draw {
            plan: self,
            rng: Pcg64Mcg::seed_from_u64(self.options.seed),
            period: 0,
            here: Vec::new(),
            next: Vec::new(),
            newcomers: Vec::new(),
            next_person: 1,
            reached: 0.0,
        }
    }

    /// Draws the whole log and writes it to `out` as text, streamed: memory follows the
    /// people in the journey at once, not the log.
    pub fn write(
        &self,
        out: &mut dyn std::io::Write,
        format: LogFormat,
    ) -> std::io::Result<Written> {
        text::write(self, out, format)
    }
}

/// Where the first period starts: `options.start` moved on to the next whole multiple of
/// the period's length, checked to leave the log inside the years 1970 to 9999.
fn first_period(options: &Options) -> Result<i64, SampleError> {
    // Checked in Plan::new: a period is at most 2³² seconds, and there are at most 100,000.
    let length = i64::from(options.period_seconds as u32);
    let periods = i64::from(options.periods as u32);
    if !(0..YEAR_10000).contains(&options.start) {
        return Err(SampleError::TooLate);
    }
    let start = options.start.div_euclid(length) * length
        + if options.start.rem_euclid(length) == 0 {
            0
        } else {
            length
        };
    if start < 0 || start + periods * length > YEAR_10000 {
        return Err(SampleError::TooLate);
    }
    Ok(start)
}

/// Per step, the cumulative shares of staying and of each link out, with where each leads,
/// as one list and the bounds of each step's part.
fn moves(people: &People) -> (Vec<(f64, u32)>, Vec<usize>) {
    let mut moves = Vec::new();
    let mut bounds = vec![0];
    for (i, out) in people.out.iter().enumerate() {
        let mut total = people.stay[i];
        moves.push((total, i as u32));
        for &(_, to, rate) in out {
            total += rate;
            moves.push((total, to as u32));
        }
        // A step that keeps everyone (to a rounding error) loses nobody to rounding.
        if total >= 1.0 - 1e-12
            && let Some(last) = moves.last_mut()
        {
            last.0 = f64::INFINITY;
        }
        bounds.push(moves.len());
    }
    (moves, bounds)
}

/// The name each step's events carry, in document order: the first of the step's exact
/// event names that the journey's [`EventMap`] gives back to the step, else the first of its
/// patterns with the `*` left out that does, else its id. So a fit of the log with the same
/// journey finds every step its events name.
pub fn event_names(doc: &Document) -> Vec<String> {
    let mut map = EventMap::new(doc);
    doc.steps()
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let exact = step.events.iter().filter(|e| !e.contains('*')).cloned();
            let patterns = step
                .events
                .iter()
                .filter(|e| e.contains('*'))
                .map(|e| e.replace('*', ""));
            exact
                .chain(patterns)
                .find(|name| map.step_of(name).is_some_and(|s| usize::from(s) == index))
                .unwrap_or_else(|| step.id.clone())
        })
        .collect()
}

/// The draws in progress: call [`Draw::next_period`] until it returns `None`.
pub struct Draw<'a> {
    plan: &'a Plan,
    rng: Pcg64Mcg,
    /// The periods drawn so far.
    period: usize,
    /// The people at steps at the end of the last period drawn, in time order.
    here: Vec<Event>,
    next: Vec<Event>,
    /// This period's candidates for newcomers: the tell step and who brought them (0: marketing).
    newcomers: Vec<(u32, u64)>,
    /// The number the next newcomer gets.
    next_person: u64,
    /// Everyone reached so far.
    reached: f64,
}

impl Draw<'_> {
    /// The periods drawn so far.
    pub fn period(&self) -> usize {
        self.period
    }

    /// Draws the next period and returns its events (the people at steps at its end), in
    /// time order; `None` after the last period.
    pub fn next_period(&mut self) -> Option<&[Event]> {
        let plan = self.plan;
        if self.period >= plan.options.periods {
            return None;
        }
        self.period += 1;
        let phase = &plan.phases[usize::from(plan.phase_of[self.period - 1])];
        self.newcomers.clear();
        for (&tell, &mean) in plan.tells.iter().zip(plan.reach(self.period)) {
            if let Ok(law) = Poisson::new(mean) {
                let count = law.sample(&mut self.rng) as u64;
                self.newcomers
                    .extend(std::iter::repeat_n((tell, 0), count as usize));
            }
        }
        self.next.clear();
        for person in &self.here {
            let step = person.step as usize;
            // Word of mouth from the people here at the start of the period.
            if let Some(law) = &phase.referrals[step] {
                let brought = law.sample(&mut self.rng) as u64;
                let route = &phase.routes[step];
                for _ in 0..brought {
                    let tell = match route.as_slice() {
                        [] => continue,
                        [only] => only.1,
                        more => {
                            let u: f64 = self.rng.random();
                            more.iter().find(|r| u < r.0).map_or(more[0].1, |r| r.1)
                        }
                    };
                    self.newcomers.push((tell, person.person));
                }
            }
            let u: f64 = self.rng.random();
            let moves = &phase.moves[phase.bounds[step]..phase.bounds[step + 1]];
            if let Some(&(_, to)) = moves.iter().find(|m| u < m.0) {
                self.next.push(Event {
                    person: person.person,
                    referrer: 0,
                    step: to,
                    second: 0,
                });
            }
        }
        self.admit();
        let length = plan.options.period_seconds as u32;
        for event in &mut self.next {
            event.second = self.rng.random_range(0..length);
        }
        self.next.sort_unstable_by_key(|e| (e.second, e.person));
        std::mem::swap(&mut self.here, &mut self.next);
        Some(&self.here)
    }

    /// Lets this period's newcomers in, each with the chance that the audience has room.
    fn admit(&mut self) {
        let (chance, room) = match self.plan.audience {
            None => (1.0, f64::INFINITY),
            Some(m) if m > 0.0 => {
                let room = (m - self.reached).max(0.0);
                (room / m, room.floor())
            }
            Some(_) => (0.0, 0.0),
        };
        let mut admitted = 0.0;
        for &(tell, referrer) in &self.newcomers {
            if chance < 1.0 {
                let u: f64 = self.rng.random();
                if u >= chance {
                    continue;
                }
            }
            if admitted >= room {
                break;
            }
            admitted += 1.0;
            self.next.push(Event {
                person: self.next_person,
                referrer,
                step: tell,
                second: 0,
            });
            self.next_person += 1;
        }
        self.reached += admitted;
    }

    /// Everyone who has entered so far.
    pub fn people(&self) -> u64 {
        self.next_person - 1
    }
}

#[cfg(test)]
mod tests;
