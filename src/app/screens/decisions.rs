//! Decisions — what are we going to do about it? Threats ranked (undecided first, then by
//! risk), marks for answering several threats with one decision, several decisions for one
//! threat (a selection among them), and the decision forms.

use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::core::Workbench;
use crate::app::core::cursors::{cursor_decision, cursor_decisions, cursor_threat};
use crate::app::forms::decision;
use crate::app::overlays::{Confirm, Overlay};
use crate::model::{DecisionKind, Edit, Id, Phase, Target};

/// Carries out a command of the decisions phase.
pub fn command(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let page = cx.geometry.ranking_page();
    let len = cx.wb.derived.ranking.len();
    if super::step_cursor(&mut cx.wb.decisions.cursor, &command, len, page) {
        cx.wb.decisions.pick = 0;
        return None;
    }
    match command {
        Command::PickNext | Command::PickPrev => {
            let n = cursor_decisions(cx.wb).len();
            if n > 1 {
                let step = if command == Command::PickNext {
                    1
                } else {
                    n - 1
                };
                let state = &mut cx.wb.decisions;
                state.pick = (state.pick.min(n - 1) + step) % n;
            }
        }
        Command::Mark => {
            if let Some(i) = cursor_threat(cx.wb) {
                let id = cx.wb.session().threats[i].id.clone();
                // The cursor stays: what is marked is what is under it.
                let state = &mut cx.wb.decisions;
                if !state.marked.remove(&id) {
                    state.marked.insert(id);
                }
            }
        }
        Command::Edit | Command::Add | Command::AcceptShortcut | Command::Delete => {
            return on_threat(cx, command);
        }
        Command::DeleteConfirmed => {
            if let Some((edit, message)) = deletion(cx.wb)
                && cx.apply(edit).is_some()
            {
                cx.wb.decisions.pick = 0;
                cx.info(message);
            }
        }
        _ => {}
    }
    None
}

/// What a command on the threat under the cursor opens: the decision form (new, or the
/// one the threat has), or a question before deleting its decision.
fn on_threat(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let Some(threat) = cursor_threat(cx.wb) else {
        let filtered = cx.wb.filter.is_some() && !cx.wb.session().threats.is_empty();
        cx.info(if filtered {
            "no threat matches the filter".to_owned()
        } else {
            format!("no threats yet: add them in {}", Phase::Threats.pointer())
        });
        return None;
    };
    let session = cx.wb.session();
    let decided = cursor_decision(cx.wb).map(|d| &session.decisions[d]);
    let marked = &cx.wb.decisions.marked;
    match (command, decided) {
        (Command::Delete, Some(d)) => {
            // A decision answering several threats goes for all of them: say so.
            let others: Vec<&str> = d
                .threats
                .iter()
                .filter(|t| **t != session.threats[threat].id)
                .map(|t| t.as_str())
                .collect();
            let also = match others.len() {
                0 => String::new(),
                1..=5 => format!(" It also answers {}.", others.join(", ")),
                n => format!(
                    " It also answers {} and {} more.",
                    others[..5].join(", "),
                    n - 5
                ),
            };
            let question = format!(
                "Delete decision {} ({} {})?{also}",
                d.id,
                d.kind.name(),
                crate::text::one_line(&d.summary)
            );
            Some(Confirm::delete(question).into())
        }
        (Command::Delete, None) => None,
        (Command::Edit, Some(d)) if marked.is_empty() => {
            Some(decision::open(session, Some(d), &[], None, cx.now).into())
        }
        // `a`, `A` and `Enter` on an undecided threat (or on marks): a new decision, also for
        // a threat that has one already (defence in depth).
        (command, _) => {
            let mut targets: Vec<Id> = marked.iter().cloned().collect();
            if targets.is_empty() {
                targets.push(session.threats[threat].id.clone());
            }
            let kind = (command == Command::AcceptShortcut).then_some(DecisionKind::Accept);
            Some(decision::open(session, None, &targets, kind, cx.now).into())
        }
    }
}

/// The removal of the decision under the cursor, with the message to show once it is done.
fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let id = wb.session().decisions[cursor_decision(wb)?].id.clone();
    let message = format!("deleted {id}; threats it alone answered are undecided again");
    Some((Edit::Remove(Target::Decision(id)), message))
}
