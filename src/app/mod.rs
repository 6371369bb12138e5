//! The workbench's state machine. Everything the TUI shows lives in [`App`]; the only way
//! it changes is [`update`], which takes the current time as an argument, performs no I/O and
//! returns the [`Effect`]s for the runtime to carry out. That is what makes the clock,
//! autosave and "nothing is ever lost" testable without a terminal or a sleep.

mod action;
mod autosave;
mod clock;
pub mod decisions;
mod derived;
mod form;
mod forms;
mod history;
pub mod keymap;
pub mod review;
mod scope;
mod start;
mod status;
mod submit;
pub mod threats;
mod update;
mod workbench;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use action::{Action, Command, Effect, Opened, SessionRow};
pub use autosave::Autosave;
pub use clock::{ClockReading, ClockRuntime, Urgency, mm_ss, reading};
pub use derived::Derived;
pub use form::{Field, FieldKey, FieldValue, Form, FormKind};
pub use history::History;
pub use scope::{ScopeGroup, ScopeRow, ScopeState, scope_rows};
pub use start::StartState;
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
    /// Whether the big projector clock replaces the phase view.
    pub big_clock: bool,
    /// Set once the runtime should stop.
    pub should_quit: bool,
    /// Whether something visible changed since the last draw.
    pub needs_redraw: bool,
    /// Where sessions are listed and created.
    pub dir: PathBuf,
    /// The `/` filter over elements and threats, when one is set.
    pub filter: Option<String>,
}

/// A message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say.
    pub text: String,
    /// Whether it reports a problem (shown in red).
    pub error: bool,
}

/// The screen under the overlays.
#[derive(Debug)]
pub enum Screen {
    /// The list of sessions, shown by `threatbench` with no arguments.
    Start(StartState),
    /// One open session.
    Workbench(Box<Workbench>),
}

/// A modal layer over the screen.
#[derive(Debug)]
pub enum Overlay {
    /// The key reference, scrolled by this many lines.
    Help {
        /// Lines scrolled.
        scroll: u16,
    },
    /// A form being filled in.
    Form(Box<Form>),
    /// A yes/no question.
    Confirm(Confirm),
    /// The export preview: the flavour shown and how far it is scrolled.
    Export {
        /// Index into `export::Flavour::ALL`.
        flavour: usize,
        /// Lines scrolled.
        scroll: u16,
    },
    /// Suggestions from the threat library for one cell.
    Suggest {
        /// The element.
        element: crate::model::Id,
        /// The category.
        category: crate::model::Category,
        /// The suggestions.
        entries: Vec<crate::assets::LibraryThreat>,
        /// The selected one.
        cursor: usize,
    },
}

/// A question that needs a yes before something irreversible happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The question, in full.
    pub question: String,
    /// What "yes" does.
    pub on_yes: Command,
}

impl App {
    /// An app on the start screen for the sessions in `dir`.
    pub fn new(dir: PathBuf, size: (u16, u16)) -> Self {
        App {
            screen: Screen::Start(StartState::default()),
            overlays: Vec::new(),
            size,
            status: None,
            big_clock: false,
            should_quit: false,
            needs_redraw: true,
            dir,
            filter: None,
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
