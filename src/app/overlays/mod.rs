//! Modal layers over the screen, one file each: the help, a yes/no question, the export
//! preview, suggestions from the threat library, the `/` filter, and forms (in `forms/`).
//! The top one gets every command; [`command`] routes it there.

pub mod confirm;
pub mod export;
pub mod filter;
pub mod help;
pub mod suggest;

use ratatui::crossterm::event::KeyEvent;

use super::core::{Command, Cx, Shell, Workbench};
use super::forms::{self, Form, FormFlow};
pub use confirm::Confirm;
pub use export::ExportState;
pub use filter::FilterState;
pub use help::HelpState;
pub use suggest::SuggestState;

/// A modal layer over the screen.
#[derive(Debug)]
pub enum Overlay {
    /// The key reference.
    Help(HelpState),
    /// A yes/no question.
    Confirm(Confirm),
    /// The export preview.
    Export(ExportState),
    /// Suggestions from the threat library for one cell.
    Suggest(SuggestState),
    /// The `/` filter, applied as it is typed.
    Filter(FilterState),
    /// A form being filled in.
    Form(Box<Form>),
}

/// What an overlay does after handling a command.
#[derive(Debug)]
pub enum Flow {
    /// It stays open.
    Keep,
    /// It closes.
    Close,
    /// It closes, and this command goes to what lies beneath.
    Then(Command),
    /// It stays open, and this overlay opens on top of it.
    Open(Overlay),
}

impl Overlay {
    /// Feeds a typed key to the overlay's focused text field, if it has one.
    pub fn input(&mut self, key: KeyEvent) {
        match self {
            Overlay::Form(form) => form.input(key),
            Overlay::Filter(filter) => filter.input(key),
            Overlay::Help(_) | Overlay::Confirm(_) | Overlay::Export(_) | Overlay::Suggest(_) => {}
        }
    }

    /// Inserts pasted text into the overlay's focused text field, if it has one.
    pub fn paste(&mut self, text: &str) {
        match self {
            Overlay::Form(form) => form.paste(text),
            Overlay::Filter(filter) => filter.paste(text),
            Overlay::Help(_) | Overlay::Confirm(_) | Overlay::Export(_) | Overlay::Suggest(_) => {}
        }
    }
}

impl From<Form> for Overlay {
    fn from(form: Form) -> Self {
        Overlay::Form(Box::new(form))
    }
}

impl From<Confirm> for Overlay {
    fn from(confirm: Confirm) -> Self {
        Overlay::Confirm(confirm)
    }
}

/// Hands `command` to the overlay `top` (taken off the stack), with the open session, if
/// any, for the overlays that act on it. Returns the overlay and what happens to it.
pub fn command(
    mut top: Overlay,
    command: Command,
    wb: Option<&mut Workbench>,
    shell: Shell<'_>,
) -> (Overlay, Flow) {
    let flow = match (&mut top, wb) {
        (Overlay::Help(help), _) => help::command(help, &command, &shell),
        (Overlay::Confirm(confirm), _) => confirm::command(confirm, command),
        (Overlay::Form(form), wb) => match forms::command(form, command, wb, shell) {
            FormFlow::Keep => Flow::Keep,
            FormFlow::Close => Flow::Close,
            FormFlow::AskDiscard => Flow::Open(Overlay::Confirm(Confirm {
                question: "Discard what you typed in this form?".into(),
                on_yes: Command::Discard,
            })),
        },
        (overlay, Some(wb)) => session_overlay(overlay, command, wb, shell),
        // Only a session has these; without one they have nothing to show.
        (Overlay::Export(_) | Overlay::Suggest(_) | Overlay::Filter(_), None) => Flow::Close,
    };
    (top, flow)
}

fn session_overlay(
    overlay: &mut Overlay,
    command: Command,
    wb: &mut Workbench,
    shell: Shell<'_>,
) -> Flow {
    let mut cx = Cx { wb, shell };
    match overlay {
        Overlay::Export(export) => export::command(export, command, &mut cx),
        Overlay::Suggest(suggest) => suggest::command(suggest, command, &mut cx),
        Overlay::Filter(filter) => filter::command(filter, command, &mut cx),
        Overlay::Help(_) | Overlay::Confirm(_) | Overlay::Form(_) => Flow::Keep,
    }
}
