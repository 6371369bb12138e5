//! The session clock: whole seconds per phase live in the session (so they survive a crash
//! or the next day); the sub-second remainder lives here. Pure arithmetic on `now`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::model::{Phase, Session};

/// The current time as `update` sees it: a monotonic reading for durations (the clock,
/// autosave), and the wall clock for what is written down ("saved 10:41:12", `updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Time since the runtime started; never goes backwards.
    pub mono: Duration,
    /// Wall-clock time.
    pub wall: DateTime<Utc>,
}

/// Sub-second bookkeeping between updates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClockRuntime {
    /// When the clock was last advanced (monotonic), once it has been.
    pub last: Option<Duration>,
    /// Time counted but not yet a whole second.
    pub carry: Duration,
}

impl ClockRuntime {
    /// Follows the monotonic clock to `now` and returns the whole seconds to count in the
    /// session (the remainder is carried). A paused clock only follows `now`.
    pub fn advance(&mut self, paused: bool, now: Duration) -> u64 {
        let delta = self
            .last
            .map_or(Duration::ZERO, |last| now.saturating_sub(last));
        self.last = Some(now);
        if paused {
            return 0;
        }
        self.carry += delta;
        let secs = self.carry.as_secs();
        self.carry -= Duration::from_secs(secs);
        secs
    }
}

/// How close the phase is to its planned end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Under 80 % of the phase's minutes.
    Calm,
    /// 80 % or more: wrap up.
    Soon,
    /// Past the phase's minutes: time to move on.
    Over,
}

/// What the header shows about time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReading {
    /// The phase.
    pub phase: Phase,
    /// Seconds left in the phase; negative when over.
    pub phase_left: i64,
    /// Seconds left in the whole session; negative when over.
    pub session_left: i64,
    /// How urgent the phase is.
    pub urgency: Urgency,
    /// Whether the clock is paused.
    pub paused: bool,
}

/// The clock as the header shows it.
pub fn reading(session: &Session) -> ClockReading {
    let phase = session.clock.phase;
    let planned = i64::from(session.agenda.minutes_for(phase)) * 60;
    let spent = session.clock.elapsed(phase) as i64;
    let total = i64::from(session.agenda.minutes()) * 60;
    let urgency = if spent > planned {
        Urgency::Over
    } else if spent * 5 >= planned * 4 {
        Urgency::Soon
    } else {
        Urgency::Calm
    };
    ClockReading {
        phase,
        phase_left: planned - spent,
        session_left: total - session.clock.total_elapsed() as i64,
        urgency,
        paused: session.clock.paused,
    }
}

/// `m:ss` (or `h:mm:ss`) of a non-negative number of seconds.
pub fn mm_ss(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}
