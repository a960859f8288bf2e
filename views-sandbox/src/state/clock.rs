//! The sandbox clock: real time that tests can pause and move forward.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Monotonic clock behind the interaction deadlines (3 s to acknowledge,
/// 15 min token lifetime).
///
/// Tests pause it or advance it instead of sleeping, so deadline rules are
/// checked without wall-clock waits.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
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
    /// The latest reading: `u64::MAX` milliseconds (about 584 million
    /// years), so every reading fits the control API's `now_ms`. The clock
    /// stops there rather than overflowing.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub const MAX: Duration = Duration::from_millis(u64::MAX);

    /// A running clock starting at zero.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
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
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn now(&self) -> Duration {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.reading()
    }

    /// Freezes the clock (deadlines stop approaching) until [`Clock::resume`].
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn pause(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.paused_at.is_none() {
            state.paused_at = Some(state.start.elapsed());
        }
    }

    /// Lets a paused clock run again from where it stopped.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn resume(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(paused_at) = state.paused_at.take() {
            // Restart so that the reading continues from the frozen value.
            let now = Instant::now();
            state.start = now.checked_sub(paused_at).unwrap_or(now);
        }
    }

    /// Moves the clock forward by `by` (paused or not), up to [`Clock::MAX`].
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn advance(&self, by: Duration) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.offset = state.offset.saturating_add(by).min(Self::MAX);
    }

    /// Moves the clock forward by `by` and returns the new reading, or
    /// leaves it alone and returns `None` if that would pass [`Clock::MAX`].
    pub(crate) fn checked_advance(&self, by: Duration) -> Option<Duration> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let reading = state
            .reading()
            .checked_add(by)
            .filter(|r| *r <= Self::MAX)?;
        state.offset += by;
        Some(reading)
    }
}

impl ClockState {
    fn reading(&self) -> Duration {
        let elapsed = self.paused_at.unwrap_or_else(|| self.start.elapsed());
        elapsed.saturating_add(self.offset).min(Clock::MAX)
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

    #[test]
    fn advance_stops_at_the_maximum_instead_of_overflowing() {
        let clock = Clock::new();
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), Clock::MAX);
        assert_eq!(clock.checked_advance(Duration::from_millis(1)), None);
        assert_eq!(clock.now(), Clock::MAX);
    }

    #[test]
    fn checked_advance_refuses_to_pass_the_maximum() {
        let clock = Clock::new();
        clock.pause();
        let now = clock.checked_advance(Duration::from_secs(1));
        assert_eq!(Some(clock.now()), now);
        assert_eq!(clock.checked_advance(Clock::MAX), None);
        assert_eq!(
            Some(clock.now()),
            now,
            "a refused advance leaves the clock alone"
        );
    }
}
