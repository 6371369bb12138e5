//! What every handler builds on, and nothing in `app` above it: actions, commands and
//! effects; the workbench with its one door; the views' cursors; the clock, autosave, undo
//! and cached figures; the status line; the handler's context; and the keymap table.

pub mod action;
mod autosave;
mod clock;
pub mod cursors;
mod cx;
mod derived;
mod history;
pub mod keymap;
mod status;
pub mod views;
mod workbench;
#[cfg(test)]
pub(crate) use workbench::testing;

pub use action::{Action, Command, Effect, OpenedSession, SessionRow};
pub use autosave::Autosave;
pub use clock::{ClockReading, ClockRuntime, Now, Urgency, mm_ss, reading};
pub use cx::{Cx, Shell};
pub use derived::Derived;
pub use history::History;
pub use status::Status;
pub use views::{
    DecisionsState, ReviewState, ScopeGroup, ScopeRow, ScopeState, ThreatsState, scope_rows,
};
pub use workbench::{Refusal, Workbench};
