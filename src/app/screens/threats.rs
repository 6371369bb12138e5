//! Threats — what can go wrong? The STRIDE-per-element grid: a cursor over elements ×
//! categories, a walk to the next live cell nobody has considered, and the actions on the
//! cell under the cursor.

use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::core::Workbench;
use crate::app::core::cursors::{cell_threats, cursor_cell, next_unconsidered};
use crate::app::forms::{nothing_found, threat};
use crate::app::overlays::{Confirm, Overlay, SuggestState};
use crate::assets;
use crate::model::{Edit, Phase, Target};

/// Carries out a grid command.
pub fn command(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let page = cx.geometry.grid_page();
    let rows = cx.wb.derived.rows.len();
    let last = rows.saturating_sub(1);
    let state = &mut cx.wb.threats;
    match command {
        Command::Up => state.moved(state.row.saturating_sub(1), state.col),
        Command::Down => state.moved((state.row + 1).min(last), state.col),
        Command::Left => state.moved(state.row, state.col.saturating_sub(1)),
        Command::Right => state.moved(state.row, (state.col + 1).min(5)),
        Command::PageUp => state.row = state.row.saturating_sub(page),
        Command::PageDown => state.row = (state.row + page).min(last),
        Command::Top => state.row = 0,
        Command::Bottom => state.row = last,
        Command::MorePrompts => state.more = !state.more,
        Command::PickNext | Command::PickPrev => {
            let n = cell_threats(cx.wb).len();
            if n > 0 {
                let step = if command == Command::PickNext {
                    1
                } else {
                    n - 1
                };
                let s = &mut cx.wb.threats;
                s.pick = (s.pick + step) % n;
            }
        }
        Command::NextUnconsidered if !next_unconsidered(cx.wb) => {
            let message = if cx.wb.derived.coverage.live == 0 {
                format!(
                    "no live cells yet: add elements in {}",
                    Phase::Scope.pointer()
                )
            } else {
                "every live cell has been considered".to_owned()
            };
            cx.info(message);
        }
        Command::Add
        | Command::NothingFound
        | Command::Suggest
        | Command::Edit
        | Command::Delete => return on_cell(cx, command),
        Command::DeleteConfirmed => {
            if let Some((edit, message)) = deletion(cx.wb)
                && cx.apply(edit).is_some()
            {
                cx.wb.threats.pick = 0;
                cx.info(message);
            }
        }
        _ => {}
    }
    None
}

/// What a command on the cell under the cursor opens: a form, the suggestions, or a
/// question before a deletion.
fn on_cell(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let Some((element, category)) = cursor_cell(cx.wb) else {
        cx.info(format!("add elements in {} first", Phase::Scope.pointer()));
        return None;
    };
    let (id, tag) = (element.id.clone(), element.kind.tag());
    let name = crate::text::one_line(&element.name).into_owned();
    let threats = cell_threats(cx.wb);
    let picked = threats
        .get(cx.wb.threats.pick.min(threats.len().saturating_sub(1)))
        .copied();
    let session = cx.wb.session();
    // A cell that does not apply (`·`) takes no threat: say so before a form is filled in.
    let adds = matches!(command, Command::Add | Command::Suggest)
        || (command == Command::Edit && picked.is_none());
    if adds && !element.kind.live_categories().contains(category) {
        let why = crate::model::EditError::NotLive {
            category,
            kind: tag,
        };
        cx.info(why.to_string());
        return None;
    }
    let noted = session
        .considered
        .iter()
        .find(|c| c.element == id && c.category == category);
    let overlay: Overlay = match command {
        Command::Add => threat::open(session, &id, category, None).into(),
        Command::Edit => {
            let existing = picked.map(|i| &session.threats[i]);
            threat::open(session, &id, category, existing).into()
        }
        Command::NothingFound => {
            // The model's rule, asked before the form opens rather than after it is filled.
            if let Err(why) = session.can_mark_nothing_found(&id, category) {
                cx.info(why.to_string());
                return None;
            }
            let note = noted.map_or("", |c| c.note.as_str());
            nothing_found::open(&id, &name, category, note).into()
        }
        Command::Suggest => {
            // What the cell already has is not offered again.
            let present: Vec<&str> = threats
                .iter()
                .map(|i| session.threats[*i].title.as_str())
                .collect();
            let entries: Vec<_> = assets::threat_library()
                .map(|l| l.for_cell(tag, category))
                .unwrap_or_default()
                .into_iter()
                .filter(|e| !present.contains(&e.title.as_str()))
                .take(if session.agenda.quick { 3 } else { usize::MAX })
                .collect();
            if entries.is_empty() {
                let a = crate::model::indefinite_article(tag.label(), false);
                cx.info(format!(
                    "no more suggestions for {category} on {a} {}",
                    tag.label()
                ));
                return None;
            }
            Overlay::Suggest(SuggestState {
                element: id,
                category,
                entries,
                cursor: 0,
            })
        }
        Command::Delete => match (picked, noted) {
            (Some(i), _) => {
                let t = &session.threats[i];
                Confirm::delete(format!(
                    "Delete {} {}? Decisions answering only it go too.",
                    t.id,
                    crate::text::one_line(&t.title)
                ))
                .into()
            }
            (None, Some(_)) => Confirm::delete(format!(
                "Mark {id} {name} · {category} as not yet considered again?"
            ))
            .into(),
            (None, None) => {
                cx.info("nothing to delete in this cell");
                return None;
            }
        },
        _ => return None,
    };
    Some(overlay)
}

/// The removal a confirmed deletion in the cell under the cursor asks for: the selected
/// threat (with the decisions it leaves answering nothing), else the cell's "nothing found"
/// note. With the message to show once it is done.
fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let (element, category) = cursor_cell(wb).map(|(e, c)| (e.id.clone(), c))?;
    let threats = cell_threats(wb);
    if let Some(i) = threats
        .get(wb.threats.pick.min(threats.len().saturating_sub(1)))
        .copied()
    {
        let session = wb.session();
        let id = session.threats[i].id.clone();
        // Only decisions answering this threat alone go with it.
        let also: Vec<String> = session
            .decisions
            .iter()
            .filter(|d| d.threats == [id.clone()])
            .map(|d| d.id.to_string())
            .collect();
        let message = if also.is_empty() {
            format!("deleted {id}")
        } else {
            format!("deleted {id} and {}", also.join(", "))
        };
        return Some((Edit::Remove(Target::Threat(id)), message));
    }
    let noted = wb
        .session()
        .considered
        .iter()
        .any(|c| c.element == element && c.category == category);
    noted.then(|| {
        let message = format!("{element} · {category} is not considered any more");
        (
            Edit::Remove(Target::NothingFound(element, category)),
            message,
        )
    })
}
