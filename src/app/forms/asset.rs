//! The asset form (scope phase): one line naming something worth protecting.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::ScopeRow;
use crate::model::{Applied, Edit, Target};

const TEXT: Slot = Slot(0);

/// Adding an asset, or editing the one at `index` (whose text is `text`).
pub fn open(index: Option<usize>, text: &str) -> Form {
    let (title, placeholder) = match index {
        Some(_) => ("Edit asset", ""),
        None => (
            "Add asset",
            "something worth protecting, e.g. customer payment data",
        ),
    };
    Form::new(
        FormKind::Asset(index),
        title,
        vec![Field::text(TEXT, "Asset", text, placeholder)],
    )
}

/// The edit the form asks for.
pub fn read(form: &Form, index: Option<usize>) -> Edit {
    let text = form.text(TEXT);
    match index {
        Some(i) => Edit::UpdateAsset(i, text),
        None => Edit::AddAsset(text),
    }
}

/// What to say once saved, and the row to put the cursor on.
pub fn saved(applied: &Applied) -> (String, Option<ScopeRow>) {
    let row = match applied.target {
        Some(Target::Asset(i)) => Some(ScopeRow::Asset(i)),
        _ => None,
    };
    ("saved the asset".into(), row)
}
