//! The sandbox clock: real time that tests can pause and move forward.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Monotonic clock behind the interaction deadlines (3 s to acknowledge,
/// 15 min token lifetime).
///
/// Tests pause it or advance it instead of sleeping, so deadline rules are
/// checked without wall-clock waits.
#[derive(Debug)]
pub struct Clock {
    state: Mutex<ClockState>,
}

#[derive(Debug)]
struct ClockState {
    start: Instant,
    /// Frozen reading while paused.
    paused_at: Option<Duration>,
    /// Time added by [`Clock::advance`].
    offset: Duration,
}

impl Clock {
    /// A running clock starting at zero.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(ClockState {
                start: Instant::now(),
                paused_at: None,
                offset: Duration::ZERO,
            }),
        }
    }

    /// Time since the sandbox started, on the sandbox clock.
    pub fn now(&self) -> Duration {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.paused_at.unwrap_or_else(|| state.start.elapsed()) + state.offset
    }

    /// Freezes the clock (deadlines stop approaching) until [`Clock::resume`].
    pub fn pause(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.paused_at.is_none() {
            state.paused_at = Some(state.start.elapsed());
        }
    }

    /// Lets a paused clock run again from where it stopped.
    pub fn resume(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(paused_at) = state.paused_at.take() {
            // Restart so that the reading continues from the frozen value.
            let now = Instant::now();
            state.start = now.checked_sub(paused_at).unwrap_or(now);
        }
    }

    /// Moves the clock forward by `by` (paused or not).
    pub fn advance(&self, by: Duration) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.offset += by;
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;
    use std::time::Duration;

    #[test]
    fn advance_moves_a_paused_clock() {
        let clock = Clock::new();
        clock.pause();
        let before = clock.now();
        clock.advance(Duration::from_secs(5));
        assert_eq!(clock.now(), before + Duration::from_secs(5));
    }
}
