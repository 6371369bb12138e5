//! The workbench's state machine. Everything the TUI shows lives in [`App`]; the only way
//! it changes is [`update`], which takes the current time as an argument, performs no I/O and
//! returns the [`Effect`]s for the runtime to carry out. That is what makes the clock,
//! autosave and "nothing is ever lost" testable without a terminal or a sleep.
//!
//! A room per thing on screen: `screens/` (start and the four phases), `overlays/` (help,
//! confirm, export, suggest, filter) and `forms/` (one file per form, how it opens and how it
//! is read back), all built on `core/` (actions, the workbench, the views' cursors, the
//! handler's context, the keymap table). Arrows point one way: this file, `update`,
//! `reports`, `input` and `pointer` → `screens/` → `overlays/` → `forms/` → `core/`. Each
//! handler gets a [`Cx`] (or, without a session, a [`Shell`]) and never the whole app.

pub mod core;
pub mod forms;
pub mod input;
pub mod overlays;
pub mod pointer;
mod reports;
pub mod screens;
mod state;
mod update;
pub use state::{App, Screen};

pub use self::core::keymap;
pub use self::core::{
    Action, Autosave, ClockReading, ClockRuntime, Command, Cx, Derived, Effect, History, Now,
    OpenedSession, Refusal, ScopeGroup, ScopeRow, ScopeState, SessionRow, Shell, Status, Urgency,
    Workbench, mm_ss, reading, scope_rows,
};
pub use forms::{Field, FieldValue, Form, FormKind};
pub use overlays::{Confirm, Overlay};
pub use screens::start::StartState;
pub use update::update;
