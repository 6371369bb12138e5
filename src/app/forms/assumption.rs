//! The assumption form (scope phase): one line of what the team takes as given.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::ScopeRow;
use crate::model::{Applied, Assumption, Edit, Session, Target};

const TEXT: Slot = Slot(0);

/// Adding an assumption, or editing `existing`.
pub fn open(existing: Option<&Assumption>) -> Form {
    let (title, text, placeholder) = match existing {
        Some(a) => (format!("Edit {}", a.id), a.text.as_str(), ""),
        None => (
            "Add assumption".to_owned(),
            "",
            "what we take as given, e.g. TLS ends at the load balancer",
        ),
    };
    Form::new(
        FormKind::Assumption(existing.map(|a| a.id.clone())),
        title,
        vec![Field::text(TEXT, "Assumption", text, placeholder)],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form, id: Option<crate::model::Id>) -> Edit {
    let text = form.text(TEXT);
    match id {
        Some(id) => Edit::UpdateAssumption(id, text),
        None => Edit::AddAssumption(text),
    }
}

/// What to say once saved, and the row to put the cursor on.
pub fn saved(session: &Session, applied: &Applied) -> (String, Option<ScopeRow>) {
    let Some(Target::Assumption(id)) = &applied.target else {
        return ("saved".into(), None);
    };
    let row = session
        .assumptions
        .iter()
        .position(|a| &a.id == id)
        .map(ScopeRow::Assumption);
    (format!("saved {id}"), row)
}
