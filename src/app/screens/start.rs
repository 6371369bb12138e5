//! The start screen: the sessions in the sessions folder; open one, open the example, or
//! start a new one.

use crate::app::core::Shell;
use crate::app::core::keymap::{Mode, keys_for};
use crate::app::core::{Command, Effect, SessionRow};
use crate::app::forms::new_session;
use crate::app::overlays::{Confirm, HelpState, Overlay};

/// State of the start screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartState {
    /// The sessions found, newest first; `None` until the runtime has listed the folder.
    pub rows: Option<Vec<SessionRow>>,
    /// The selected row.
    pub cursor: usize,
}

impl StartState {
    fn len(&self) -> usize {
        self.rows.as_ref().map_or(0, Vec::len)
    }

    /// The runtime listed the folder.
    pub fn listed(&mut self, rows: Vec<SessionRow>) {
        self.cursor = self.cursor.min(rows.len().saturating_sub(1));
        self.rows = Some(rows);
    }

    /// Puts the cursor on `row`, if there is one.
    pub fn select(&mut self, row: usize) {
        if row < self.len() {
            self.cursor = row;
        }
    }

    /// The selected row, if any.
    pub fn selected(&self) -> Option<&SessionRow> {
        self.rows.as_ref().and_then(|rows| rows.get(self.cursor))
    }
}

/// Carries out a command of the start screen.
pub fn command(start: &mut StartState, command: Command, mut shell: Shell<'_>) -> Option<Overlay> {
    let len = start.len();
    if matches!(command, Command::Up | Command::Down) {
        super::step_cursor(&mut start.cursor, &command, len, 1);
        return None;
    }
    match command {
        Command::Edit => match start.selected() {
            Some(SessionRow {
                error: Some(reason),
                ..
            }) => {
                let reason = reason.clone();
                shell.error(format!("cannot open: {reason}"));
            }
            Some(row) => {
                let path = row.path.clone();
                shell.effect(Effect::Open(path));
            }
            None => {
                let new = keys_for(Mode::Start, &Command::NewSession);
                let example = keys_for(Mode::Start, &Command::OpenExample);
                shell.info(format!(
                    "no session selected: {new} starts a new one, {example} opens the example"
                ));
            }
        },
        Command::NewSession => return Some(new_session::open().into()),
        Command::Help => return Some(Overlay::Help(HelpState::default())),
        Command::Quit => shell.effect(Effect::Quit),
        Command::Suspend => shell.effect(Effect::Suspend),
        Command::OpenExample => shell.effect(Effect::OpenExample),
        Command::Refresh => shell.effect(Effect::ListSessions),
        Command::Revise => return revise(start, &mut shell),
        Command::ReviseConfirmed => {
            if let Some(row) = start.selected().filter(|row| row.error.is_none()) {
                shell.effect(Effect::Revise(row.path.clone()));
            }
        }
        _ => {}
    }
    None
}

/// Asks before starting the next revision of the selected session, saying what starts fresh.
fn revise(start: &StartState, shell: &mut Shell<'_>) -> Option<Overlay> {
    match start.selected() {
        Some(SessionRow {
            error: Some(reason),
            ..
        }) => {
            shell.error(format!("cannot revise: {reason}"));
            None
        }
        Some(row) => Some(Overlay::Confirm(Confirm {
            question: format!(
                "Start revision {} of {}? The file records revision {}'s SHA-256; its {}, \
                 everything else carries over.",
                row.revision.saturating_add(1),
                row.title,
                row.revision,
                crate::revision::FRESH
            ),
            on_yes: Command::ReviseConfirmed,
        })),
        None => {
            shell.info("no session selected: nothing to revise");
            None
        }
    }
}
