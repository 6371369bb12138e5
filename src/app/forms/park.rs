//! The parking-lot form (`P` anywhere in a session): one off-topic point, captured without
//! leaving the screen.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::Command;
use crate::app::core::keymap::{Mode, keys_for};
use crate::model::{Edit, Session};

const POINT: Slot = Slot(0);

/// The one-line parking-lot capture.
pub fn open() -> Form {
    let enter = keys_for(Mode::Form, &Command::Enter);
    Form::new(
        FormKind::Park,
        "Parking lot",
        vec![Field::text(
            POINT,
            "Point",
            "",
            &format!("one line; {enter} parks it and brings you back"),
        )],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form) -> Edit {
    Edit::Park(form.text(POINT))
}

/// What to say once parked.
pub fn saved(session: &Session) -> String {
    format!("parked ({} in the parking lot)", session.parking_lot.len())
}
