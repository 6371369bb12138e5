//! A yes/no question before something irreversible: a deletion, or throwing away what was
//! typed into a form. "Yes" hands its command to what lies beneath, which knows what it
//! asked about.

use super::Flow;
use crate::app::core::Command;

/// A question that needs a yes before something irreversible happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The question, in full.
    pub question: String,
    /// What "yes" does: a command for the layer beneath.
    pub on_yes: Command,
}

impl Confirm {
    /// Asks before deleting what `question` names.
    pub fn delete(question: impl Into<String>) -> Self {
        Confirm {
            question: question.into(),
            on_yes: Command::DeleteConfirmed,
        }
    }
}

/// Yes runs the confirmed command beneath; no closes the question.
pub fn command(confirm: &Confirm, command: Command) -> Flow {
    match command {
        Command::Yes => Flow::Then(confirm.on_yes.clone()),
        Command::Cancel => Flow::Close,
        _ => Flow::Keep,
    }
}
