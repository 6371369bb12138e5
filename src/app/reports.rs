//! What the runtime reports back after carrying out an effect — the folder listed, a
//! session opened or closed, a save or an export done or failed — and a signal's request to
//! save and go.

use super::core::keymap::{Mode, keys_for};
use super::core::{Action, Command, Effect, Now, OpenedSession, Shell, Status, Workbench, cursors};
use super::forms;
use super::overlays::Overlay;
use super::state::{App, Screen};
use crate::layout::Geometry;
use crate::model::{CellState, Edit, Phase};

/// Handles a report from the runtime. Input actions are not reports: they are ignored here.
pub fn handle(app: &mut App, report: Action, now: Now, effects: &mut Vec<Effect>) {
    match report {
        Action::Listed(rows) => {
            if let Screen::Start(start) = &mut app.screen {
                start.listed(rows);
            }
        }
        Action::Opened(opened) => open(app, *opened, now),
        Action::OpenFailed(reason)
        | Action::ExportFailed(reason)
        | Action::ReviseFailed(reason) => {
            app.status = Some(Status::error(reason));
        }
        Action::Exported(message) => app.status = Some(Status::info(message)),
        Action::Revised(message) => {
            app.status = Some(Status::info(message));
            effects.push(Effect::ListSessions);
        }
        Action::Saved { seq, at } => {
            if let Screen::Workbench(wb) = &mut app.screen {
                let failure = wb.autosave.error.take();
                wb.autosave.saved(seq, at);
                // The red "not saved" message is stale once a save goes through again.
                let stale = |s: &Status| failure.as_ref().is_some_and(|f| s.text.ends_with(f));
                if app.status.as_ref().is_some_and(stale) {
                    app.status = Some(Status::info("saved again: everything is on disk"));
                }
            }
        }
        Action::Moved {
            path,
            message,
            conflict,
        } => {
            if let Screen::Workbench(wb) = &mut app.screen {
                wb.path = path;
                app.status = Some(if conflict {
                    Status::error(message)
                } else {
                    Status::info(message)
                });
            }
        }
        Action::SaveFailed(reason) => {
            if let Screen::Workbench(wb) = &mut app.screen {
                wb.autosave.failed(reason.clone(), now.mono);
                let quit = keys_for(Mode::Session, &Command::QuitWithoutSaving);
                // What to know first, the reason last: a narrow line cuts the end.
                app.status = Some(Status::error(format!(
                    "Not saved. Everything is still here; retrying in 5 s ({quit} quits without saving): {reason}"
                )));
            }
        }
        Action::Terminate => terminate(app, now, effects),
        Action::Suspend => {
            if let Screen::Workbench(wb) = &mut app.screen {
                effects.extend(wb.save_if_needed(now));
            }
            effects.push(Effect::Suspend);
        }
        Action::Closed => {
            let read_only = app.workbench().is_some_and(|wb| wb.read_only.is_some());
            app.screen = Screen::Start(Default::default());
            app.overlays.clear();
            app.status = Some(Status::info(if read_only {
                "closed (it was read-only: nothing was saved)"
            } else {
                "saved and closed"
            }));
            effects.push(Effect::ListSessions);
        }
        Action::Tick
        | Action::Resize(..)
        | Action::Paste(_)
        | Action::TextInput(_)
        | Action::Command(_)
        | Action::Select(_) => {}
    }
}

fn open(app: &mut App, opened: OpenedSession, now: Now) {
    let OpenedSession {
        session,
        path,
        read_only,
        recoveries,
        thresholds,
    } = opened;
    let shown = |p: &std::path::Path| crate::text::one_line(&p.display().to_string()).into_owned();
    app.status = Some(match (&read_only, recoveries.first()) {
        (Some(holder), _) => Status::error(format!(
            "read-only: {holder}; your changes would not be saved"
        )),
        (None, Some(recovered)) => Status::error(format!(
            "an earlier run could not save its last edits; they are in {}: open it from the list to compare",
            shown(recovered)
        )),
        (None, None) => Status::info(format!("opened {}", shown(&path))),
    });
    app.overlays.clear();
    let mut wb = Workbench::new(session, path, read_only, now);
    wb.thresholds = thresholds;
    // A quick review starts in the threat walk, but with nothing to walk yet it starts
    // where elements are added.
    if wb.session().clock.phase == Phase::Threats
        && wb.derived.rows.is_empty()
        && wb.apply(Edit::SetPhase(Phase::Scope), now).is_ok()
    {
        let next = keys_for(Mode::Session, &Command::NextPhase);
        app.status = Some(Status::info(format!(
            "nothing to walk yet: add what you are working on here, then {next} goes to the threats"
        )));
    }
    // The threat walk starts where there is work: the first cell nobody has considered.
    if cursors::cursor_cell(&wb).is_some_and(|(e, c)| {
        !e.kind.live_categories().contains(c)
            || wb.derived.cell(&e.id, c) != CellState::NotConsidered
    }) {
        cursors::next_unconsidered(&mut wb);
    }
    app.screen = Screen::Workbench(Box::new(wb));
}

/// A signal asks to save and go. What was typed into an open form is kept when the form can
/// be saved as it stands.
fn terminate(app: &mut App, now: Now, effects: &mut Vec<Effect>) {
    while let Some(Overlay::Confirm(_) | Overlay::Help(_)) = app.overlays.last() {
        app.overlays.pop();
    }
    let App {
        screen,
        overlays,
        status,
        size,
        ..
    } = app;
    let Screen::Workbench(wb) = screen else {
        effects.push(Effect::Quit);
        return;
    };
    if let Some(Overlay::Form(mut form)) = overlays.pop()
        && wb.read_only.is_none()
    {
        let shell = Shell {
            status,
            effects,
            now,
            geometry: Geometry::of(*size),
        };
        forms::submit(&mut form, Some(wb), shell);
    }
    if let Some(save) = wb.save_if_needed(now) {
        effects.push(save);
    }
    effects.push(Effect::Quit);
}
