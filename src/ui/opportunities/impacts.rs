//! The opportunities' computed impacts, run in the background and kept for the revision of
//! the journey and the number of periods they were computed for.

use std::sync::Arc;

use crate::model::{Document, RevisionCache};
use crate::simulation::{self, Impacts};
use crate::task::{Task, Wake};
use crate::ui::simulation::INLINE_WORK;

/// What impacts were computed from: the document's revision and the number of periods.
type Key = (u64, usize);

/// The impacts on screen and the computation in progress.
#[derive(Debug, Default)]
pub struct ImpactState {
    shown: RevisionCache<Arc<Impacts>, Key>,
    running: Option<(Key, Task<Impacts>)>,
}

impl ImpactState {
    /// Takes a finished computation's result, and starts one if none runs and the impacts
    /// on screen are not for `doc` as it is now over `periods`. A journey without
    /// opportunities computes nothing.
    pub fn update(&mut self, doc: &Document, periods: usize, wake: &Wake) {
        self.take_finished();
        let key = (doc.revision(), periods);
        if self.shown.is_for(&key) || self.running.is_some() {
            return;
        }
        if doc.opportunities().is_empty() {
            self.shown.store(
                key,
                Arc::new(Impacts {
                    periods,
                    money: simulation::impact::money_in_the_loop(doc),
                    by_opportunity: Vec::new(),
                }),
            );
            return;
        }
        let doc = doc.clone();
        let size = (doc.steps().len() + doc.links().len()) as f64;
        let work = size * periods as f64 * (1.0 + doc.opportunities().len() as f64);
        let run = move || simulation::impacts(&doc, periods);
        // As the Simulation panel does: a small journey is computed at once, a larger one
        // on a worker thread while the last impacts stay on screen.
        let task = if work <= INLINE_WORK {
            Task::ready(Ok(run()))
        } else {
            Task::spawn("impacts", Arc::clone(wake), run)
        };
        self.running = Some((key, task));
        self.take_finished();
    }

    fn take_finished(&mut self) {
        if let Some((_, task)) = &mut self.running
            && let Some(result) = task.try_take()
            && let Some((key, _)) = self.running.take()
        {
            match result {
                Ok(impacts) => self.shown.store(key, Arc::new(impacts)),
                Err(lost) => log::warn!("the impacts stopped: {lost}"),
            }
        }
    }

    /// The impacts for `doc` as it is now over `periods`, if computed.
    pub fn current(&self, doc: &Document, periods: usize) -> Option<&Impacts> {
        self.shown
            .get_for(&(doc.revision(), periods))
            .map(AsRef::as_ref)
    }

    /// The impacts for `doc` as it is now over `periods`, if computed, shared (to read
    /// while the app that holds them draws).
    pub fn shared(&self, doc: &Document, periods: usize) -> Option<Arc<Impacts>> {
        self.shown.get_for(&(doc.revision(), periods)).cloned()
    }

    /// The last impacts computed, whatever they were computed for.
    pub fn latest(&self) -> Option<&Impacts> {
        self.shown.latest().map(AsRef::as_ref)
    }

    /// Whether a computation is in progress.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Opportunity, generate};

    #[test]
    fn a_large_journey_computes_in_the_background_and_keeps_its_result() {
        let mut doc = generate::with_numbers(&generate::journey(1000, 1000, 5));
        let link = doc.links()[0].id.clone();
        let mut o = Opportunity::new("o", "Raise a link");
        o.change.links = vec![(
            link,
            crate::model::LinkOverride {
                rate: Some(0.0),
                ..crate::model::LinkOverride::default()
            },
        )];
        doc.set_opportunities(vec![o]).unwrap();
        let mut state = ImpactState::default();
        let (sender, woken) = std::sync::mpsc::channel::<()>();
        let sender = std::sync::Mutex::new(sender);
        let wake: Wake = Arc::new(move || {
            let _ = sender.lock().map(|s| s.send(()));
        });
        state.update(&doc, 52, &wake);
        assert!(state.is_running(), "2,000 steps and links run on a worker");
        assert!(state.current(&doc, 52).is_none());
        woken.recv().unwrap();
        state.update(&doc, 52, &wake);
        let impacts = state.current(&doc, 52).unwrap();
        assert_eq!(impacts.periods, 52);
        assert_eq!(impacts.by_opportunity.len(), 1);
        // The same journey computes no more; other periods do.
        state.update(&doc, 52, &wake);
        assert!(!state.is_running());
        state.update(&doc, 12, &wake);
        if state.is_running() {
            assert_eq!(
                state.latest().map(|i| i.periods),
                Some(52),
                "shown meanwhile"
            );
            woken.recv().unwrap();
            state.update(&doc, 12, &wake);
        }
        assert_eq!(state.current(&doc, 12).map(|i| i.periods), Some(12));
    }
}
