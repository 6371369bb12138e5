//! The scope phase's list: elements grouped by kind, then assets, assumptions and
//! participants. Every row is selectable, headers included, so that `a` on an empty group
//! adds to it. Each command on a row: add to its group, edit it, delete it (after a yes).

use crate::app::action::Command;
use crate::app::cx::Cx;
use crate::app::forms::{asset, assumption, element, participant};
use crate::app::keymap::{Mode, keys_for};
use crate::app::overlays::Confirm;
use crate::app::{Form, Workbench};
use crate::model::{Edit, KindTag, Session, Target};

/// A group of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeGroup {
    /// Elements of one kind.
    Kind(KindTag),
    /// Assets worth protecting.
    Assets,
    /// Assumptions.
    Assumptions,
    /// Participants and roles.
    Participants,
}

impl ScopeGroup {
    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            ScopeGroup::Kind(tag) => tag.heading(),
            ScopeGroup::Assets => "Assets",
            ScopeGroup::Assumptions => "Assumptions",
            ScopeGroup::Participants => "Participants",
        }
    }
}

/// One row of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRow {
    /// A group heading with its item count.
    Header(ScopeGroup, usize),
    /// The element at this index of `session.elements`.
    Element(usize),
    /// The asset at this index.
    Asset(usize),
    /// The assumption at this index.
    Assumption(usize),
    /// The participant at this index.
    Participant(usize),
}

impl ScopeRow {
    /// The group the row belongs to.
    pub fn group(self, session: &Session) -> ScopeGroup {
        match self {
            ScopeRow::Header(group, _) => group,
            ScopeRow::Element(i) => ScopeGroup::Kind(session.elements[i].kind.tag()),
            ScopeRow::Asset(_) => ScopeGroup::Assets,
            ScopeRow::Assumption(_) => ScopeGroup::Assumptions,
            ScopeRow::Participant(_) => ScopeGroup::Participants,
        }
    }
}

/// The cursor of the scope list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeState {
    /// Index into [`scope_rows`].
    pub cursor: usize,
}

/// The rows of the scope list for `session`, in display order.
pub fn scope_rows(session: &Session) -> Vec<ScopeRow> {
    let mut rows = Vec::with_capacity(session.elements.len() + 16);
    for tag in KindTag::ALL {
        let items: Vec<usize> = (0..session.elements.len())
            .filter(|i| session.elements[*i].kind.tag() == tag)
            .collect();
        rows.push(ScopeRow::Header(ScopeGroup::Kind(tag), items.len()));
        rows.extend(items.into_iter().map(ScopeRow::Element));
    }
    rows.push(ScopeRow::Header(ScopeGroup::Assets, session.assets.len()));
    rows.extend((0..session.assets.len()).map(ScopeRow::Asset));
    rows.push(ScopeRow::Header(
        ScopeGroup::Assumptions,
        session.assumptions.len(),
    ));
    rows.extend((0..session.assumptions.len()).map(ScopeRow::Assumption));
    rows.push(ScopeRow::Header(
        ScopeGroup::Participants,
        session.participants.len(),
    ));
    rows.extend((0..session.participants.len()).map(ScopeRow::Participant));
    rows
}

/// Puts the cursor on the row an edit just saved, if it is still there.
pub fn focus(wb: &mut Workbench, row: ScopeRow) {
    if let Some(index) = scope_rows(wb.session()).iter().position(|r| *r == row) {
        wb.scope.cursor = index;
    }
}

/// Puts the cursor on `row` (a click), if there is one.
pub fn select(wb: &mut Workbench, row: usize) {
    if row < scope_rows(wb.session()).len() {
        wb.scope.cursor = row;
    }
}

/// Carries out a command of the scope list.
pub fn command(cx: &mut Cx<'_>, command: Command) {
    let page = cx.geometry.scope_page();
    let rows = scope_rows(cx.wb.session());
    if super::step_cursor(&mut cx.wb.scope.cursor, &command, rows.len(), page) {
        return;
    }
    if let Some(row) = rows.get(cx.wb.scope.cursor).copied() {
        on_row(cx, command, row);
    }
}

fn on_row(cx: &mut Cx<'_>, command: Command, row: ScopeRow) {
    let session = cx.wb.session();
    let form: Form = match (&command, row) {
        (Command::Add, _) => match row.group(session) {
            ScopeGroup::Kind(tag) => element::open(session, tag, None),
            ScopeGroup::Assets => asset::open(None, ""),
            ScopeGroup::Assumptions => assumption::open(None),
            ScopeGroup::Participants => participant::open(None, None),
        },
        (Command::Edit, ScopeRow::Header(group, _)) => {
            let what = group.heading().to_lowercase();
            let add = keys_for(Mode::Scope, &Command::Add);
            let edit = keys_for(Mode::Scope, &Command::Edit);
            cx.info(format!(
                "a heading: {add} adds to {what}, {edit} on an item edits it"
            ));
            return;
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
        (Command::Delete, ScopeRow::Header(..)) => {
            cx.info("move to an item to delete it");
            return;
        }
        (Command::Delete, _) => {
            let question = delete_question(session, row);
            cx.push(Confirm::delete(question));
            return;
        }
        (Command::DeleteConfirmed, _) => {
            delete(cx, row);
            return;
        }
        _ => return,
    };
    cx.push(form);
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
        ScopeRow::Header(..) => return None,
    })
}
