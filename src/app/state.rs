//! The whole state of the TUI: the screen under the overlays, the overlay stack, the size,
//! the status line. `update` changes it; `ui` draws it.

use std::path::PathBuf;
use std::time::Duration;

use super::core::{Now, Status, Workbench};
use super::forms::Form;
use super::overlays::Overlay;
use super::screens::start::StartState;
use crate::model::Phase;

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
