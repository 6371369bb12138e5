//! When to save: at most 1 s after the last edit, at least every 5 s while edits continue,
//! every 30 s while only the clock moves, and again 5 s after a failed save. Pure timing on
//! monotonic `now`; the save itself is an effect.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};

/// Quiet time after an edit before it is saved.
pub const DEBOUNCE: Duration = Duration::from_secs(1);
/// The longest an edit waits while typing goes on.
pub const MAX_WAIT: Duration = Duration::from_secs(5);
/// How often the running clock alone is saved.
pub const CLOCK_EVERY: Duration = Duration::from_secs(30);
/// Wait before retrying a failed save.
pub const RETRY: Duration = Duration::from_secs(5);

/// The save state of one open session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Autosave {
    /// Counts edits; a save carries the number it contains.
    pub seq: u64,
    /// When the oldest unsaved edit happened.
    pub first_unsaved: Option<Duration>,
    /// When the newest unsaved edit happened.
    pub last_edit: Option<Duration>,
    /// When the clock first moved since the last save.
    pub clock_since: Option<Duration>,
    /// No save before this moment (after a failure).
    pub retry_at: Option<Duration>,
    /// Wall time of the last successful save, in the user's time zone.
    pub saved_at: Option<DateTime<FixedOffset>>,
    /// Why the last save failed, until one succeeds.
    pub error: Option<String>,
    /// A save was requested and has not been reported yet.
    pub pending: bool,
}

impl Autosave {
    /// Records an edit to the session at `now`.
    pub fn edited(&mut self, now: Duration) {
        self.seq += 1;
        self.first_unsaved.get_or_insert(now);
        self.last_edit = Some(now);
    }

    /// Records that the clock moved at `now`.
    pub fn clock_moved(&mut self, now: Duration) {
        self.clock_since.get_or_insert(now);
    }

    /// Whether anything is unsaved.
    pub fn is_dirty(&self) -> bool {
        self.first_unsaved.is_some() || self.clock_since.is_some()
    }

    /// When the next save is due, if anything is unsaved.
    pub fn deadline(&self) -> Option<Duration> {
        let edits = match (self.first_unsaved, self.last_edit) {
            (Some(first), Some(last)) => Some((last + DEBOUNCE).min(first + MAX_WAIT)),
            _ => None,
        };
        let clock = self.clock_since.map(|since| since + CLOCK_EVERY);
        let due = match (edits, clock) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }?;
        Some(self.retry_at.map_or(due, |retry| due.max(retry)))
    }

    /// Whether a save is due at `now` (and none is under way).
    pub fn due(&self, now: Duration) -> bool {
        !self.pending && self.deadline().is_some_and(|deadline| now >= deadline)
    }

    /// A save of edit `seq` succeeded at `at`.
    pub fn saved(&mut self, seq: u64, at: DateTime<FixedOffset>) {
        if seq == self.seq {
            self.first_unsaved = None;
            self.last_edit = None;
        }
        self.clock_since = None;
        self.retry_at = None;
        self.saved_at = Some(at);
        self.error = None;
        self.pending = false;
    }

    /// A save failed at `now`; try again after [`RETRY`].
    pub fn failed(&mut self, reason: String, now: Duration) {
        self.error = Some(reason);
        self.retry_at = Some(now + RETRY);
        self.pending = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn s(secs: f64) -> Duration {
        Duration::from_secs_f64(secs)
    }

    #[test]
    fn saves_one_second_after_the_last_edit() {
        let mut a = Autosave::default();
        a.edited(s(10.0));
        assert!(!a.due(s(10.9)));
        assert!(a.due(s(11.0)));
    }

    #[test]
    fn saves_every_five_seconds_while_typing_continues() {
        let mut a = Autosave::default();
        let mut t = 10.0;
        while t < 14.9 {
            a.edited(s(t));
            assert!(!a.due(s(t)), "at {t}");
            t += 0.5;
        }
        assert!(a.due(s(15.0)), "five seconds after the first unsaved edit");
    }

    #[test]
    fn a_save_of_an_older_snapshot_keeps_newer_edits_dirty() {
        let mut a = Autosave::default();
        a.edited(s(1.0));
        let seq = a.seq;
        a.edited(s(1.5));
        a.saved(seq, Utc::now().fixed_offset());
        assert!(a.is_dirty());
        a.saved(a.seq, Utc::now().fixed_offset());
        assert!(!a.is_dirty());
    }

    #[test]
    fn failure_backs_off_then_retries() {
        let mut a = Autosave::default();
        a.edited(s(1.0));
        assert!(a.due(s(2.0)));
        a.failed("disk full".into(), s(2.0));
        assert!(!a.due(s(6.9)));
        assert!(a.due(s(7.0)));
        assert!(a.is_dirty());
    }

    #[test]
    fn the_clock_alone_saves_every_thirty_seconds() {
        let mut a = Autosave::default();
        a.clock_moved(s(1.0));
        a.clock_moved(s(2.0));
        assert!(!a.due(s(30.9)));
        assert!(a.due(s(31.0)));
    }
}
