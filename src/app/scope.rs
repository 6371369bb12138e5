//! The scope phase's list: elements grouped by kind, then assets, assumptions and
//! participants. Every row is selectable, headers included, so that `a` on an empty group
//! adds to it.

use super::action::Command;
use super::form::Form;
use super::status::{apply, info, refuse_read_only};
use super::{App, Confirm, Now, Overlay, Screen, Workbench};
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

/// Carries out a command of the scope list.
pub fn command(app: &mut App, command: Command, now: Now) {
    let page = usize::from(app.size.1.saturating_sub(8)).max(1);
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let rows = scope_rows(wb.session());
    let last = rows.len().saturating_sub(1);
    let cursor = &mut wb.scope.cursor;
    match command {
        Command::Up => *cursor = cursor.saturating_sub(1),
        Command::Down => *cursor = (*cursor + 1).min(last),
        Command::PageUp => *cursor = cursor.saturating_sub(page),
        Command::PageDown => *cursor = (*cursor + page).min(last),
        Command::Top => *cursor = 0,
        Command::Bottom => *cursor = last,
        Command::Add | Command::Edit | Command::Delete | Command::DeleteConfirmed => {
            if refuse_read_only(app) {
                return;
            }
            let Screen::Workbench(wb) = &mut app.screen else {
                return;
            };
            let Some(row) = rows.get(wb.scope.cursor).copied() else {
                return;
            };
            scope_edit(app, command, row, now);
        }
        _ => {}
    }
}

fn scope_edit(app: &mut App, command: Command, row: ScopeRow, now: Now) {
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let session = wb.session();
    let is_header = matches!(row, ScopeRow::Header(..));
    let form = match (&command, row) {
        (Command::Edit, ScopeRow::Header(group, _)) => {
            let what = group.heading().to_lowercase();
            app.status = Some(info(format!(
                "a heading: a adds to {what}, Enter on an item edits it"
            )));
            return;
        }
        (Command::Add, _) => match row.group(session) {
            ScopeGroup::Kind(tag) => Form::element(session, tag, None),
            ScopeGroup::Assets => Form::line(
                super::FormKind::Asset(None),
                "Add asset",
                "Asset",
                "",
                "something worth protecting, e.g. customer payment data",
            ),
            ScopeGroup::Assumptions => Form::line(
                super::FormKind::Assumption(None),
                "Add assumption",
                "Assumption",
                "",
                "what we take as given, e.g. TLS ends at the load balancer",
            ),
            ScopeGroup::Participants => Form::participant(None, None),
        },
        (Command::Edit, ScopeRow::Element(i)) => {
            let element = &session.elements[i];
            Form::element(session, element.kind.tag(), Some(element))
        }
        (Command::Edit, ScopeRow::Asset(i)) => Form::line(
            super::FormKind::Asset(Some(i)),
            "Edit asset",
            "Asset",
            &session.assets[i],
            "",
        ),
        (Command::Edit, ScopeRow::Assumption(i)) => {
            let a = &session.assumptions[i];
            Form::line(
                super::FormKind::Assumption(Some(a.id.clone())),
                &format!("Edit {}", a.id),
                "Assumption",
                &a.text,
                "",
            )
        }
        (Command::Edit, ScopeRow::Participant(i)) => {
            Form::participant(Some(i), session.participants.get(i))
        }
        (Command::Delete, _) if is_header => {
            app.status = Some(info("move to an item to delete it"));
            return;
        }
        (Command::Delete, _) => {
            let question = delete_question(wb, row);
            app.overlays.push(Overlay::Confirm(Confirm {
                question,
                on_yes: Command::DeleteConfirmed,
            }));
            return;
        }
        (Command::DeleteConfirmed, _) => {
            let Some((edit, message)) = deletion(wb.session(), row) else {
                return;
            };
            if let Some(applied) = apply(app, edit, now)
                && let Screen::Workbench(wb) = &mut app.screen
            {
                let len = scope_rows(wb.session()).len();
                wb.scope.cursor = wb.scope.cursor.min(len.saturating_sub(1));
                let also = applied.removal.describe();
                app.status = Some(info(if also.is_empty() {
                    message
                } else {
                    format!("{message} and {also}")
                }));
            }
            return;
        }
        _ => return,
    };
    app.overlays.push(Overlay::Form(Box::new(form)));
}

fn delete_question(wb: &Workbench, row: ScopeRow) -> String {
    let s = wb.session();
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
