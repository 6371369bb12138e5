//! The scope phase's list: elements grouped by kind, then assets, assumptions,
//! participants and the session notes. Every row is selectable, headers included, so that `a` on an empty group
//! adds to it. Each command on a row: add to its group, edit it, delete it (after a yes).

use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::core::keymap::{Mode, keys_for};
use crate::app::core::{ScopeGroup, ScopeRow, scope_rows};
use crate::app::forms::Form;
use crate::app::forms::{asset, assumption, element, notes, participant};
use crate::app::overlays::{Confirm, Overlay};
use crate::model::{Edit, Session, Target};

/// Carries out a command of the scope list.
pub fn command(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let page = cx.geometry.scope_page();
    let len = cx.wb.derived.scope.len();
    if super::step_cursor(&mut cx.wb.scope.cursor, &command, len, page) {
        return None;
    }
    let row = cx.wb.derived.scope.get(cx.wb.scope.cursor).copied()?;
    on_row(cx, command, row)
}

fn on_row(cx: &mut Cx<'_>, command: Command, row: ScopeRow) -> Option<Overlay> {
    let session = cx.wb.session();
    let form: Form = match (&command, row) {
        (Command::Add, _) => match row.group(session) {
            ScopeGroup::Kind(tag) => element::open(session, tag, None),
            ScopeGroup::Assets => asset::open(None, ""),
            ScopeGroup::Assumptions => assumption::open(None),
            ScopeGroup::Participants => participant::open(None, None),
            // One text: adding to it is editing it.
            ScopeGroup::Notes => notes::open(&session.notes),
        },
        (Command::Edit, ScopeRow::Header(group, _)) => {
            let what = group.heading().to_lowercase();
            let add = keys_for(Mode::Scope, &Command::Add);
            let edit = keys_for(Mode::Scope, &Command::Edit);
            cx.info(format!(
                "a heading: {add} adds to {what}, {edit} on an item edits it"
            ));
            return None;
        }
        (Command::Edit, ScopeRow::Element(i)) => {
            let element = &session.elements[i];
            element::open(session, element.kind.tag(), Some(element))
        }
        (Command::Edit, ScopeRow::Asset(i)) => asset::open(Some(i), &session.assets[i]),
        (Command::Edit, ScopeRow::Assumption(i)) => assumption::open(session.assumptions.get(i)),
        (Command::Edit, ScopeRow::Participant(i)) => {
            participant::open(Some(i), session.participants.get(i))
        }
        (Command::Edit, ScopeRow::Notes) => notes::open(&session.notes),
        (Command::Delete, ScopeRow::Header(..)) => {
            cx.info("move to an item to delete it");
            return None;
        }
        (Command::Delete, _) => {
            let question = delete_question(session, row);
            return Some(Confirm::delete(question).into());
        }
        (Command::DeleteConfirmed, _) => {
            delete(cx, row);
            return None;
        }
        _ => return None,
    };
    Some(form.into())
}

fn delete(cx: &mut Cx<'_>, row: ScopeRow) {
    let Some((edit, message)) = deletion(cx.wb.session(), row) else {
        return;
    };
    if let Some(applied) = cx.apply(edit) {
        let len = scope_rows(cx.wb.session()).len();
        cx.wb.scope.cursor = cx.wb.scope.cursor.min(len.saturating_sub(1));
        let also = applied.removal.describe();
        cx.info(if also.is_empty() {
            message
        } else {
            format!("{message} and {also}")
        });
    }
}

fn delete_question(s: &Session, row: ScopeRow) -> String {
    match row {
        ScopeRow::Element(i) => {
            let e = &s.elements[i];
            let also = s.removal_of(&e.id).describe();
            let name = crate::text::one_line(&e.name);
            if also.is_empty() {
                format!("Delete {} {name}?", e.id)
            } else {
                format!("Delete {} {name}, and with it {also}?", e.id)
            }
        }
        ScopeRow::Asset(i) => format!(
            "Delete the asset \"{}\"?",
            crate::text::one_line(&s.assets[i])
        ),
        ScopeRow::Assumption(i) => format!("Delete {}?", s.assumptions[i].id),
        ScopeRow::Participant(i) => format!(
            "Remove {} from the participants?",
            crate::text::one_line(&s.participants[i].name)
        ),
        ScopeRow::Notes => "Clear the session notes?".into(),
        ScopeRow::Header(..) => String::new(),
    }
}

/// The removal of the item on `row`, with the message to show once it is done (what went
/// along with an element is added from the result).
fn deletion(s: &Session, row: ScopeRow) -> Option<(Edit, String)> {
    Some(match row {
        ScopeRow::Element(i) => {
            let id = s.elements[i].id.clone();
            let message = format!("deleted {id}");
            (Edit::Remove(Target::Element(id)), message)
        }
        ScopeRow::Asset(i) => (Edit::Remove(Target::Asset(i)), "deleted the asset".into()),
        ScopeRow::Assumption(i) => {
            let id = s.assumptions[i].id.clone();
            let message = format!("deleted {id}");
            (Edit::Remove(Target::Assumption(id)), message)
        }
        ScopeRow::Participant(i) => {
            let message = format!("removed {}", crate::text::one_line(&s.participants[i].name));
            (Edit::Remove(Target::Participant(i)), message)
        }
        ScopeRow::Notes => (
            Edit::Remove(Target::Notes),
            "cleared the session notes".into(),
        ),
        ScopeRow::Header(..) => return None,
    })
}
