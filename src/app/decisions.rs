//! Decisions — what are we going to do about it? Threats ranked (undecided first, then by
//! risk), marks for answering several threats with one decision, and the decision forms.

use std::collections::BTreeSet;

use super::action::Command;
use super::form::Form;
use super::{App, Confirm, Now, Overlay, Screen, Status, Workbench};
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
pub fn command(app: &mut App, command: Command, now: Now) {
    let page = usize::from(app.size.1.saturating_sub(8)).max(1);
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let len = wb.derived.ranking.len();
    let state = &mut wb.decisions;
    match command {
        Command::Up => state.cursor = state.cursor.saturating_sub(1),
        Command::Down => state.cursor = (state.cursor + 1).min(len.saturating_sub(1)),
        Command::PageUp => state.cursor = state.cursor.saturating_sub(page),
        Command::PageDown => state.cursor = (state.cursor + page).min(len.saturating_sub(1)),
        Command::Top => state.cursor = 0,
        Command::Bottom => state.cursor = len.saturating_sub(1),
        Command::Mark => {
            if let Some(i) = cursor_threat(wb) {
                let id = wb.session().threats[i].id.clone();
                if !wb.decisions.marked.remove(&id) {
                    wb.decisions.marked.insert(id);
                }
                wb.decisions.cursor = (wb.decisions.cursor + 1).min(len.saturating_sub(1));
            }
        }
        Command::Edit | Command::Add | Command::AcceptShortcut | Command::Delete => {
            if let Some(holder) = wb.read_only.clone() {
                app.status = Some(Status {
                    text: format!("read-only: {holder}"),
                    error: true,
                });
                return;
            }
            let Some(threat) = cursor_threat(wb) else {
                app.status = Some(Status {
                    text: format!("no threats yet: add them in {}", Phase::Threats.pointer()),
                    error: false,
                });
                return;
            };
            let overlay = match (command, cursor_decision(wb)) {
                (Command::Delete, Some(d)) => {
                    let decision = &wb.session().decisions[d];
                    Overlay::Confirm(Confirm {
                        question: format!(
                            "Delete decision {} ({} {})?",
                            decision.id,
                            decision.kind.name(),
                            crate::text::one_line(&decision.summary)
                        ),
                        on_yes: Command::DeleteConfirmed,
                    })
                }
                (Command::Delete, None) => return,
                (Command::Edit, Some(d)) if wb.decisions.marked.is_empty() => {
                    Overlay::Form(Box::new(Form::decision(
                        wb.session(),
                        Some(&wb.session().decisions[d]),
                        &[],
                        None,
                        now,
                    )))
                }
                (command, _) => {
                    let mut targets: Vec<Id> = wb.decisions.marked.iter().cloned().collect();
                    if targets.is_empty() {
                        targets.push(wb.session().threats[threat].id.clone());
                    }
                    let kind = (command == Command::AcceptShortcut).then_some(DecisionKind::Accept);
                    Overlay::Form(Box::new(Form::decision(
                        wb.session(),
                        None,
                        &targets,
                        kind,
                        now,
                    )))
                }
            };
            app.overlays.push(overlay);
        }
        _ => {}
    }
}

/// The removal of the decision under the cursor, with the message to show once it is done.
pub fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let id = wb.session().decisions[cursor_decision(wb)?].id.clone();
    let message = format!("deleted {id}; its threats are undecided again");
    Some((Edit::Remove(Target::Decision(id)), message))
}
