//! The mouse, turned into meaning before `update` sees it: a click on a phase tab is
//! [`Command::GoPhase`], a click on a list row is [`Action::Select`], the wheel moves the
//! cursor. The runtime and the test harness both call [`resolve`], with the same geometry
//! the drawing uses.

use super::core::{Action, Command};
use super::overlays::Overlay;
use super::state::{App, Screen};
use crate::layout::{Geometry, list_row_at};
use crate::model::Phase;

/// What the mouse did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointer {
    /// A left click at a cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// The wheel; `down` scrolls towards later rows.
    Scroll {
        /// Direction.
        down: bool,
    },
}

/// The action a mouse event stands for on the app as it is, if any.
pub fn resolve(app: &App, pointer: Pointer) -> Option<Action> {
    match pointer {
        Pointer::Scroll { down } => {
            let scrolls = match app.overlays.last() {
                None | Some(Overlay::Help(_)) => true,
                Some(
                    Overlay::Confirm(_)
                    | Overlay::Export(_)
                    | Overlay::Suggest(_)
                    | Overlay::Filter(_)
                    | Overlay::Form(_),
                ) => false,
            };
            scrolls.then_some(Action::Command(if down {
                Command::Down
            } else {
                Command::Up
            }))
        }
        Pointer::Click { column, row } if app.overlays.is_empty() => click(app, column, row),
        Pointer::Click { .. } => None,
    }
}

fn click(app: &App, column: u16, row: u16) -> Option<Action> {
    let geometry = Geometry::of(app.size);
    match &app.screen {
        Screen::Start(start) => {
            let problem = start.selected().is_some_and(|r| r.error.is_some());
            let len = start.rows.as_ref().map_or(0, Vec::len);
            let rows = geometry.start_rows(problem);
            list_row_at(rows, start.cursor, len, column, row).map(Action::Select)
        }
        Screen::Workbench(wb) => {
            if let Some(phase) = geometry.frame.tab_at(column, row) {
                return Some(Action::Command(Command::GoPhase(phase)));
            }
            if wb.big_clock || wb.session().clock.phase != Phase::Scope {
                return None;
            }
            let len = wb.derived.scope.len();
            let cursor = wb.scope.cursor.min(len.saturating_sub(1));
            list_row_at(geometry.scope_rows(), cursor, len, column, row).map(Action::Select)
        }
    }
}
