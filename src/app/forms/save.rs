//! Saving a form: the keys every form shares, and the route from "save" to the form's own
//! reader, to the workbench's one door, and back to what the status line says.

use super::{
    Form, FormKind, asset, assumption, decision, element, new_session, notes, nothing_found, park,
    participant, retrospective, threat,
};
use crate::app::core::{Command, Cx, Refusal, Shell, Workbench, cursors};
use crate::model::{Applied, Edit};

/// What a form does after handling a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormFlow {
    /// It stays open.
    Keep,
    /// It closes (saved, or cancelled with nothing typed).
    Close,
    /// Cancel with changes: ask before throwing them away.
    AskDiscard,
}

/// Carries out a command in the form on top. `wb` is the open session, if any (only the
/// new-session form opens without one).
pub fn command(
    form: &mut Form,
    command: Command,
    wb: Option<&mut Workbench>,
    shell: Shell<'_>,
) -> FormFlow {
    match command {
        Command::NextField => form.move_focus(true),
        Command::PrevField => form.move_focus(false),
        Command::ChoicePrev | Command::ChoiceNext => {
            if let Some(slot) = form.step(command == Command::ChoiceNext) {
                form.chosen(slot, wb.as_deref());
            }
        }
        Command::Toggle => form.toggle_focused(),
        Command::Enter if form.focus + 1 < form.fields.len() => form.move_focus(true),
        Command::Enter | Command::Submit => return submit(form, wb, shell),
        Command::Cancel if form.changed => return FormFlow::AskDiscard,
        Command::Cancel | Command::Discard => return FormFlow::Close,
        _ => {}
    }
    FormFlow::Keep
}

/// Saves the form: applies what it asks for and closes, or stays open with the reason it
/// was refused.
pub fn submit(form: &mut Form, wb: Option<&mut Workbench>, mut shell: Shell<'_>) -> FormFlow {
    let Some(wb) = wb else {
        return match new_session::submit(form, &mut shell) {
            Ok(()) => FormFlow::Close,
            Err(reason) => refused(form, reason),
        };
    };
    let edit = match read(form) {
        Ok(edit) => edit,
        Err(reason) => return refused(form, reason),
    };
    let mut cx = Cx { wb, shell };
    match cx.wb.apply(edit, cx.now) {
        Ok(applied) => {
            let message = saved(form, &applied, &mut cx);
            cx.info(message);
            FormFlow::Close
        }
        Err(refusal) => {
            // Put the cursor where the fault is, so the fix is one keystroke away.
            let at_fault = match (&form.kind, &refusal) {
                (FormKind::Decision(_), Refusal::Edit(e)) => decision::field_at_fault(e),
                (FormKind::Element(_), Refusal::Edit(e)) => element::field_at_fault(e),
                (FormKind::Threat(_), Refusal::Edit(e)) => threat::field_at_fault(e),
                _ => None,
            };
            if let Some(index) =
                at_fault.and_then(|slot| form.fields.iter().position(|f| f.slot == slot))
            {
                form.focus = index;
            }
            refused(form, refusal.to_string())
        }
    }
}

fn refused(form: &mut Form, reason: String) -> FormFlow {
    form.error = Some(reason);
    FormFlow::Keep
}

/// Reads a session form into the edit it asks for. What the model checks (a required name,
/// an owner for an acceptance, ...) is left to it; only what cannot be read is refused here.
fn read(form: &Form) -> Result<Edit, String> {
    Ok(match &form.kind {
        FormKind::NewSession => return Err("not a session edit".into()),
        FormKind::Element(kind) => element::read(form, kind)?,
        FormKind::Participant(index) => participant::read(form, *index),
        FormKind::Asset(index) => asset::read(form, *index),
        FormKind::Assumption(id) => assumption::read(form, id.clone()),
        FormKind::Park => park::read(form),
        FormKind::Threat(kind) => threat::read(form, kind)?,
        FormKind::NothingFound(element, category) => {
            nothing_found::read(form, element.clone(), *category)
        }
        FormKind::Decision(kind) => decision::read(form, kind)?,
        FormKind::Retrospective => retrospective::read(form),
        FormKind::Notes => notes::read(form),
    })
}

/// What to say once a form's edit is applied; forms of scope items put the cursor on it.
fn saved(form: &Form, applied: &Applied, cx: &mut Cx<'_>) -> String {
    let session = cx.wb.session();
    let (message, row) = match &form.kind {
        FormKind::NewSession => (String::new(), None),
        FormKind::Element(_) => element::saved(session, applied),
        FormKind::Participant(_) => participant::saved(session, applied),
        FormKind::Asset(_) => asset::saved(applied),
        FormKind::Assumption(_) => assumption::saved(session, applied),
        FormKind::Park => (park::saved(session), None),
        FormKind::Threat(_) => (threat::saved(applied), None),
        FormKind::NothingFound(element, category) => {
            (nothing_found::saved(element, *category), None)
        }
        FormKind::Decision(_) => {
            let message = decision::saved(session, applied);
            // The marks were for this decision; it is made.
            cx.wb.decisions.marked.clear();
            (message, None)
        }
        FormKind::Retrospective => ("saved the retrospective".into(), None),
        FormKind::Notes => ("saved the session notes".into(), None),
    };
    if let Some(row) = row {
        cursors::focus(cx.wb, row);
    }
    message
}
