//! The "considered, nothing found" form (threats phase `n`): the one-line reason that a
//! live cell holds no threat, kept as coverage evidence.

use super::{Field, Form, FormKind, Slot};
use crate::model::{Category, Edit, Id};

const WHY: Slot = Slot(0);

/// The reason for the cell of `element` (named `name`) and `category`, starting from
/// `note`.
pub fn open(element: &Id, name: &str, category: Category, note: &str) -> Form {
    Form::new(
        FormKind::NothingFound(element.clone(), category),
        format!("{element} {name} · {category}: nothing found"),
        vec![Field::text(
            WHY,
            "Why",
            note,
            "one line: why nothing applies here (coverage evidence)",
        )],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form, element: Id, category: Category) -> Edit {
    Edit::NothingFound {
        element,
        category,
        note: form.text(WHY),
    }
}

/// What to say once saved.
pub fn saved(element: &Id, category: Category) -> String {
    format!("{element} · {category}: considered, nothing found")
}
