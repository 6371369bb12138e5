//! The workbench's state machine. Everything the TUI shows lives in [`App`]; the only way
//! it changes is [`update`], which takes the current time as an argument, performs no I/O and
//! returns the [`Effect`]s for the runtime to carry out. That is what makes the clock,
//! autosave and "nothing is ever lost" testable without a terminal or a sleep.
//!
//! A room per thing on screen: `screens/` (start and the four phases), `overlays/` (help,
//! confirm, export, suggest, filter) and `forms/` (one file per form, how it opens and how it
//! is read back). Each handler gets a [`Cx`] (or, without a session, a [`Shell`]) and never
//! the whole app.

mod action;
mod autosave;
mod clock;
mod cx;
mod derived;
pub mod forms;
mod history;
pub mod keymap;
pub mod overlays;
pub mod pointer;
mod reports;
pub mod screens;
mod update;
mod workbench;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use action::{Action, Command, Effect, OpenedSession, SessionRow};
pub use autosave::Autosave;
pub use clock::{ClockReading, ClockRuntime, Urgency, mm_ss, reading};
pub use cx::{Cx, Shell};
pub use derived::Derived;
pub use forms::{Field, FieldValue, Form, FormKind};
pub use history::History;
pub use overlays::{Confirm, Overlay};
pub use screens::scope::{ScopeGroup, ScopeRow, ScopeState, scope_rows};
pub use screens::start::StartState;
pub use update::update;
pub use workbench::{Refusal, Workbench};

use crate::model::Phase;

/// The current time as `update` sees it: a monotonic reading for durations (the clock,
/// autosave), and the wall clock for what is written down ("saved 10:41:12", `updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// Time since the runtime started; never goes backwards.
    pub mono: Duration,
    /// Wall-clock time.
    pub wall: DateTime<Utc>,
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    /// The screen under any overlays.
    pub screen: Screen,
    /// Modal overlays, the last on top; the top one gets the keys.
    pub overlays: Vec<Overlay>,
    /// Terminal size in columns and rows, from the last resize.
    pub size: (u16, u16),
    /// The status line: the last message worth telling.
    pub status: Option<Status>,
    /// Whether something visible changed since the last draw.
    pub needs_redraw: bool,
    /// Where sessions are listed and created.
    pub dir: PathBuf,
}

/// A message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say.
    pub text: String,
    /// Whether it reports a problem (shown in red).
    pub error: bool,
}

impl Status {
    /// A plain message.
    pub fn info(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: false,
        }
    }

    /// A message reporting a problem (shown in red).
    pub fn error(text: impl Into<String>) -> Self {
        Status {
            text: text.into(),
            error: true,
        }
    }
}

/// The screen under the overlays.
#[derive(Debug)]
pub enum Screen {
    /// The list of sessions, shown by `threatbench` with no arguments.
    Start(StartState),
    /// One open session.
    Workbench(Box<Workbench>),
}

impl App {
    /// An app on the start screen for the sessions in `dir`.
    pub fn new(dir: PathBuf, size: (u16, u16)) -> Self {
        App {
            screen: Screen::Start(StartState::default()),
            overlays: Vec::new(),
            size,
            status: None,
            needs_redraw: true,
            dir,
        }
    }

    /// The open session, if any.
    pub fn workbench(&self) -> Option<&Workbench> {
        match &self.screen {
            Screen::Workbench(wb) => Some(wb),
            Screen::Start(_) => None,
        }
    }

    /// The phase on screen, when a session is open.
    pub fn phase(&self) -> Option<Phase> {
        self.workbench().map(|wb| wb.session().clock.phase)
    }

    /// The form on top, if the top overlay is a form.
    pub fn form(&self) -> Option<&Form> {
        match self.overlays.last() {
            Some(Overlay::Form(form)) => Some(form),
            _ => None,
        }
    }

    /// The `/` filter in force, if any.
    pub fn filter(&self) -> Option<&str> {
        self.workbench().and_then(|wb| wb.filter.as_deref())
    }

    /// How long until `update` wants a `Tick`: the next whole second of the session clock
    /// or the next autosave deadline, whichever is first; never more than a second.
    pub fn next_wakeup(&self, now: Now) -> Duration {
        let second = Duration::from_secs(1);
        let Some(wb) = self.workbench() else {
            return second;
        };
        let mut wait = if wb.session().clock.paused || wb.read_only.is_some() {
            second
        } else {
            second.saturating_sub(wb.clock.carry)
        };
        if let Some(deadline) = wb.autosave.deadline() {
            wait = wait.min(deadline.saturating_sub(now.mono));
        }
        wait.max(Duration::from_millis(5))
    }
}
