//! The phases of an open session, one file each, and the start screen. [`command`] routes a
//! command that no overlay took: first the keys that work in every phase (`session.rs`),
//! then the phase on screen. A handler that opens an overlay returns it.

pub mod decisions;
pub mod review;
pub mod scope;
mod session;
pub mod start;
pub mod threats;

use super::core::{Command, Cx, Workbench, cursors};
use super::overlays::Overlay;
use crate::model::Phase;

/// Carries out `command` in the open session; returns the overlay it opens, if any.
/// Changes are refused here, once, in a read-only session; the big clock hides the phase
/// and so its keys.
pub fn command(mut cx: Cx<'_>, command: Command) -> Option<Overlay> {
    if session::handles(&command, cx.wb.filter.is_some()) {
        return session::command(&mut cx, &command);
    }
    if cx.wb.big_clock || (command.edits() && cx.refuse_if_read_only()) {
        return None;
    }
    let cx = &mut cx;
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

/// Puts the cursor of the phase's list on `row` (a click, resolved by the pointer).
pub fn select(wb: &mut Workbench, row: usize) {
    match wb.session().clock.phase {
        Phase::Scope => cursors::select(wb, row),
        // Their rows are not clickable (yet): the pointer never selects there.
        Phase::Threats | Phase::Decisions | Phase::Review => {}
    }
}
