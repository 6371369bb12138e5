//! The retrospective form (review phase `r`): what worked, and what to change next time.

use super::{Field, Form, FormKind, Slot};
use crate::model::{Edit, Retrospective};

const WORKED: Slot = Slot(0);
const CHANGE: Slot = Slot(1);

/// The retrospective as written so far.
pub fn open(retro: &Retrospective) -> Form {
    Form::new(
        FormKind::Retrospective,
        "Retrospective",
        vec![
            Field::lines(WORKED, "Worked", &retro.worked, "what to keep doing"),
            Field::lines(
                CHANGE,
                "To change",
                &retro.change,
                "what to do differently next time",
            ),
        ],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form) -> Edit {
    Edit::Retrospective(Retrospective {
        worked: form.text(WORKED),
        change: form.text(CHANGE),
    })
}
