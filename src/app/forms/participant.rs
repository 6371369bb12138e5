//! The participant form (scope phase): a name and a role.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::ScopeRow;
use crate::model::{Applied, Edit, Participant, Session, Target};

const NAME: Slot = Slot(0);
const ROLE: Slot = Slot(1);

/// Adding a participant, or editing the one at `index`.
pub fn open(index: Option<usize>, existing: Option<&Participant>) -> Form {
    let (name, role) = existing.map_or(("", ""), |p| {
        (p.name.as_str(), p.role.as_deref().unwrap_or(""))
    });
    let title = if index.is_some() {
        "Edit participant"
    } else {
        "Add participant"
    };
    Form::new(
        FormKind::Participant(index),
        title,
        vec![
            Field::text(NAME, "Name", name, "e.g. Ana Lopez"),
            Field::text(
                ROLE,
                "Role",
                role,
                "facilitator, scribe, architect, risk owner, ...",
            ),
        ],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form, index: Option<usize>) -> Edit {
    let participant = Participant {
        name: form.text(NAME),
        role: form.optional(ROLE),
    };
    match index {
        Some(i) => Edit::UpdateParticipant(i, participant),
        None => Edit::AddParticipant(participant),
    }
}

/// What to say once saved, and the row to put the cursor on.
pub fn saved(session: &Session, applied: &Applied) -> (String, Option<ScopeRow>) {
    let Some(Target::Participant(i)) = applied.target else {
        return ("saved".into(), None);
    };
    let name = session
        .participants
        .get(i)
        .map(ToString::to_string)
        .unwrap_or_default();
    (
        format!("saved participant {name}"),
        Some(ScopeRow::Participant(i)),
    )
}
