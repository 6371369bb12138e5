//! The screens under the overlays, one file each: the start screen and the four phases.
//! [`command`] routes a command that no overlay took: first the keys that work on every
//! screen, then the session-wide ones (`session.rs`), then the phase on screen.

pub mod decisions;
pub mod review;
pub mod scope;
mod session;
pub mod start;
pub mod threats;

use super::action::{Command, Effect};
use super::cx::{Cx, Shell};
use super::overlays::{HelpState, Overlay};
use super::{Screen, Workbench};
use crate::model::Phase;

/// Carries out `command` on the screen.
pub fn command(screen: &mut Screen, command: Command, mut shell: Shell<'_>) {
    match (command, screen) {
        (Command::Help, _) => shell.push(Overlay::Help(HelpState::default())),
        (Command::Quit, Screen::Start(_)) => shell.effect(Effect::Quit),
        (command, Screen::Start(start)) => start::command(start, command, &mut shell),
        (command, Screen::Workbench(wb)) => {
            let mut cx = Cx { wb, shell };
            if !session::command(&mut cx, &command) {
                phase_command(&mut cx, command);
            }
        }
    }
}

/// A command of the phase on screen. Changes are refused here, once, in a read-only
/// session; the big clock hides the phase and so its keys.
fn phase_command(cx: &mut Cx<'_>, command: Command) {
    if cx.wb.big_clock || (command.edits() && cx.refuse_if_read_only()) {
        return;
    }
    match cx.wb.session().clock.phase {
        Phase::Scope => scope::command(cx, command),
        Phase::Threats => threats::command(cx, command),
        Phase::Decisions => decisions::command(cx, command),
        Phase::Review => review::command(cx, command),
    }
}

/// Moves a list cursor for the commands every list shares (↑ ↓, a page, first and last
/// row) over `len` rows shown `page` at a time. Returns whether `command` was one of them.
pub fn step_cursor(cursor: &mut usize, command: &Command, len: usize, page: usize) -> bool {
    let last = len.saturating_sub(1);
    *cursor = match command {
        Command::Up => cursor.saturating_sub(1),
        Command::Down => (*cursor + 1).min(last),
        Command::PageUp => cursor.saturating_sub(page),
        Command::PageDown => (*cursor + page).min(last),
        Command::Top => 0,
        Command::Bottom => last,
        _ => return false,
    };
    true
}

/// Puts the cursor of the list on screen on `row` (a click, resolved by the pointer).
pub fn select(screen: &mut Screen, row: usize) {
    match screen {
        Screen::Start(start) => start.select(row),
        Screen::Workbench(wb) => select_in_phase(wb, row),
    }
}

fn select_in_phase(wb: &mut Workbench, row: usize) {
    match wb.session().clock.phase {
        Phase::Scope => scope::select(wb, row),
        // Their rows are not clickable (yet): the pointer never selects there.
        Phase::Threats | Phase::Decisions | Phase::Review => {}
    }
}
