//! What the handlers tell the user on the status line, and the two refusals every handler
//! shares: an edit the workbench's door refused, and any change to a read-only session.

use super::{App, Now, Refusal, Screen, Status};
use crate::model::{Applied, Edit};

/// A message reporting a problem (shown in red).
pub(super) fn error(text: impl Into<String>) -> Status {
    Status {
        text: text.into(),
        error: true,
    }
}

/// A plain message.
pub(super) fn info(text: impl Into<String>) -> Status {
    Status {
        text: text.into(),
        error: false,
    }
}

/// Applies `edit` through the workbench's one door. A refusal (read-only, or a rule of the
/// model) is said on the status line and gives `None`.
pub(super) fn apply(app: &mut App, edit: Edit, now: Now) -> Option<Applied> {
    let Screen::Workbench(wb) = &mut app.screen else {
        return None;
    };
    match wb.apply(edit, now) {
        Ok(applied) => Some(applied),
        Err(refusal) => {
            app.status = Some(error(refusal.to_string()));
            None
        }
    }
}

/// Refuses a change in a read-only session, saying why. Returns whether it refused.
pub(super) fn refuse_read_only(app: &mut App) -> bool {
    if let Some(holder) = app.workbench().and_then(|wb| wb.read_only.clone()) {
        app.status = Some(error(Refusal::ReadOnly(holder).to_string()));
        true
    } else {
        false
    }
}
