//! The session notes form (scope phase, the "Session notes" group): free text on the whole
//! model — what it covers, where it came from. Imports put the source's description here.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::Command;
use crate::app::core::keymap::{Mode, keys_for};
use crate::model::Edit;

const NOTES: Slot = Slot(0);

/// The form, holding the notes as they are.
pub fn open(notes: &str) -> Form {
    Form::new(
        FormKind::Notes,
        "Session notes",
        vec![Field::lines(
            NOTES,
            "Notes",
            notes,
            &format!(
                "what the model covers, where it came from; {} for a new line",
                keys_for(Mode::Form, &Command::Enter)
            ),
        )],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form) -> Edit {
    Edit::Notes(form.text(NOTES))
}
