//! Decisions — what are we going to do about it? Threats ranked (undecided first, then by
//! risk), marks for answering several threats with one decision, and the decision forms.

use std::collections::BTreeSet;

use crate::app::Workbench;
use crate::app::action::Command;
use crate::app::cx::Cx;
use crate::app::forms::decision;
use crate::app::overlays::Confirm;
use crate::model::{DecisionKind, Edit, Id, Phase, Target};

/// The ranked list's cursor and the threats marked for one decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionsState {
    /// Row in the ranking.
    pub cursor: usize,
    /// Threats marked with Space.
    pub marked: BTreeSet<Id>,
}

/// The threat under the cursor, as an index into `session.threats`.
pub fn cursor_threat(wb: &Workbench) -> Option<usize> {
    wb.derived.ranking.get(wb.decisions.cursor).copied()
}

/// The decision answering the threat under the cursor, as an index into `session.decisions`.
pub fn cursor_decision(wb: &Workbench) -> Option<usize> {
    let threat = &wb.session().threats[cursor_threat(wb)?];
    let id = wb.derived.decided.get(&threat.id)?;
    wb.session().decisions.iter().position(|d| &d.id == id)
}

/// Carries out a command of the decisions phase.
pub fn command(cx: &mut Cx<'_>, command: Command) {
    let page = cx.geometry.ranking_page();
    let len = cx.wb.derived.ranking.len();
    let last = len.saturating_sub(1);
    if super::step_cursor(&mut cx.wb.decisions.cursor, &command, len, page) {
        return;
    }
    match command {
        Command::Mark => {
            if let Some(i) = cursor_threat(cx.wb) {
                let id = cx.wb.session().threats[i].id.clone();
                let state = &mut cx.wb.decisions;
                if !state.marked.remove(&id) {
                    state.marked.insert(id);
                }
                state.cursor = (state.cursor + 1).min(last);
            }
        }
        Command::Edit | Command::Add | Command::AcceptShortcut | Command::Delete => {
            on_threat(cx, command);
        }
        Command::DeleteConfirmed => {
            if let Some((edit, message)) = deletion(cx.wb)
                && cx.apply(edit).is_some()
            {
                cx.info(message);
            }
        }
        _ => {}
    }
}

/// What a command on the threat under the cursor opens: the decision form (new, or the
/// one the threat has), or a question before deleting its decision.
fn on_threat(cx: &mut Cx<'_>, command: Command) {
    let Some(threat) = cursor_threat(cx.wb) else {
        cx.info(format!(
            "no threats yet: add them in {}",
            Phase::Threats.pointer()
        ));
        return;
    };
    let session = cx.wb.session();
    let decided = cursor_decision(cx.wb).map(|d| &session.decisions[d]);
    let marked = &cx.wb.decisions.marked;
    match (command, decided) {
        (Command::Delete, Some(d)) => {
            let question = format!(
                "Delete decision {} ({} {})?",
                d.id,
                d.kind.name(),
                crate::text::one_line(&d.summary)
            );
            cx.push(Confirm::delete(question));
        }
        (Command::Delete, None) => {}
        (Command::Edit, Some(d)) if marked.is_empty() => {
            let form = decision::open(session, Some(d), &[], None, cx.now);
            cx.push(form);
        }
        (command, _) => {
            let mut targets: Vec<Id> = marked.iter().cloned().collect();
            if targets.is_empty() {
                targets.push(session.threats[threat].id.clone());
            }
            let kind = (command == Command::AcceptShortcut).then_some(DecisionKind::Accept);
            let form = decision::open(session, None, &targets, kind, cx.now);
            cx.push(form);
        }
    }
}

/// The removal of the decision under the cursor, with the message to show once it is done.
fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let id = wb.session().decisions[cursor_decision(wb)?].id.clone();
    let message = format!("deleted {id}; its threats are undecided again");
    Some((Edit::Remove(Target::Decision(id)), message))
}
