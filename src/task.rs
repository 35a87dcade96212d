//! Work done off the UI thread: one small type for every kind of background job (opening a
//! file, a file dialog, a recovery copy, a simulation, an export, a search index).
//!
//! A [`Task`] runs its work on a named thread and calls a [`Wake`] when the result is ready,
//! so the window draws again and takes it. If no thread can be started, the work runs at once
//! on the caller's thread instead of failing: slower, never lost.

use std::sync::{Arc, Mutex, PoisonError, mpsc};

/// What a finished task calls to get its result noticed (the window asks for a repaint).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// A wake that does nothing, for work nobody waits on.
pub fn no_wake() -> Wake {
    Arc::new(|| {})
}

/// The work stopped without a result (it panicked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the work stopped unexpectedly")]
pub struct Lost;

/// Work running in the background, and then its result.
#[derive(Debug)]
pub struct Task<T> {
    state: State<T>,
}

#[derive(Debug)]
enum State<T> {
    Running(mpsc::Receiver<T>),
    Ready(Result<T, Lost>),
    Taken,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a thread called `name`; `wake` is called once its result is ready.
    pub fn spawn(name: &str, wake: Wake, work: impl FnOnce() -> T + Send + 'static) -> Self {
        let (send, receive) = mpsc::channel();
        // The work is shared with the thread so it can be taken back if the thread never starts.
        let shared = Arc::new(Mutex::new(Some(work)));
        let for_thread = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let work = for_thread
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                if let Some(work) = work {
                    // Nobody may listen any more (the window closed): that is fine.
                    let _ = send.send(work());
                }
                wake();
            });
        match spawned {
            Ok(_) => Self {
                state: State::Running(receive),
            },
            Err(err) => {
                log::warn!("cannot start a thread for {name} ({err}); doing it now");
                let work = shared.lock().unwrap_or_else(PoisonError::into_inner).take();
                Self::ready(work.map(|w| w()).ok_or(Lost))
            }
        }
    }
}

impl<T> Task<T> {
    /// A task that is already done.
    pub fn ready(result: Result<T, Lost>) -> Self {
        Self {
            state: State::Ready(result),
        }
    }

    /// Whether the result has not arrived yet.
    pub fn is_running(&self) -> bool {
        matches!(self.state, State::Running(_))
    }

    /// The result, once, as soon as it is there; `None` while the work runs (or once taken).
    pub fn try_take(&mut self) -> Option<Result<T, Lost>> {
        if let State::Running(receive) = &self.state {
            match receive.try_recv() {
                Ok(value) => self.state = State::Ready(Ok(value)),
                Err(mpsc::TryRecvError::Empty) => return None,
                Err(mpsc::TryRecvError::Disconnected) => self.state = State::Ready(Err(Lost)),
            }
        }
        match std::mem::replace(&mut self.state, State::Taken) {
            State::Ready(result) => Some(result),
            other => {
                self.state = other;
                None
            }
        }
    }

    /// Waits for the result (or takes it, if it is there).
    pub fn wait(mut self) -> Result<T, Lost> {
        match std::mem::replace(&mut self.state, State::Taken) {
            State::Running(receive) => receive.recv().map_err(|_| Lost),
            State::Ready(result) => result,
            State::Taken => Err(Lost),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_result_arrives_once_and_wakes_the_window() {
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&woken);
        let (go, wait) = mpsc::channel::<()>();
        let mut task = Task::spawn(
            "test",
            Arc::new(move || {
                counter.fetch_add(1, Ordering::SeqCst);
            }),
            move || {
                let _ = wait.recv();
                6 * 7
            },
        );
        assert!(task.is_running());
        assert_eq!(task.try_take(), None, "still working");
        go.send(()).unwrap();
        let mut result = None;
        while result.is_none() {
            result = task.try_take();
            std::thread::yield_now();
        }
        assert_eq!(result, Some(Ok(42)));
        assert_eq!(task.try_take(), None, "taken once");
        // The wake is called after the result is sent; wait for it without a timed sleep.
        while woken.load(Ordering::SeqCst) == 0 {
            std::thread::yield_now();
        }
        assert_eq!(woken.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn work_that_panics_is_reported_lost() {
        let task: Task<u8> = Task::spawn("test", no_wake(), || panic!("broken work"));
        assert_eq!(task.wait(), Err(Lost));
    }

    #[test]
    fn a_ready_task_gives_its_result() {
        let mut task = Task::ready(Ok("done"));
        assert!(!task.is_running());
        assert_eq!(task.try_take(), Some(Ok("done")));
    }
}
