//! `update`: the one function that changes the app. It reads `now` from its argument, never
//! from a clock, and asks for I/O only by returning effects.

use super::action::{Action, Command, Effect, Opened};
use super::form::{FieldKey, Form, FormKind};
use super::scope::scope_rows;
use super::status::{apply, error, info, refuse_read_only};
use super::submit::submit;
use super::{App, Confirm, Now, Overlay, Screen, Workbench};
use crate::model::{Edit, Phase};
use crate::ui::layout;

/// Applies `action` at time `now` and returns the effects for the runtime.
pub fn update(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Screen::Workbench(wb) = &mut app.screen
        && wb.advance_clock(now)
    {
        app.needs_redraw = true;
    }
    let is_tick = matches!(action, Action::Tick);
    match action {
        Action::Tick => {}
        Action::Resize(width, height) => app.size = (width, height),
        Action::Paste(text) => {
            if let Some(Overlay::Form(form)) = app.overlays.last_mut() {
                form.paste(&text);
            }
            follow_filter(app);
        }
        Action::TextInput(key) => {
            if let Some(Overlay::Form(form)) = app.overlays.last_mut() {
                form.input(key);
            }
            follow_filter(app);
        }
        Action::Command(command) => run(app, command, now, &mut effects),
        Action::Click { column, row } => click(app, column, row, now, &mut effects),
        Action::Scroll { down } => {
            if app.overlays.is_empty() || matches!(app.overlays.last(), Some(Overlay::Help { .. }))
            {
                run(
                    app,
                    if down { Command::Down } else { Command::Up },
                    now,
                    &mut effects,
                );
            }
        }
        Action::Listed(rows) => {
            if let Screen::Start(start) = &mut app.screen {
                start.cursor = start.cursor.min(rows.len().saturating_sub(1));
                start.rows = Some(rows);
            }
        }
        Action::Opened(opened) => open(app, *opened, now),
        Action::OpenFailed(reason) => app.status = Some(error(reason)),
        Action::Saved { seq, at } => {
            if let Screen::Workbench(wb) = &mut app.screen {
                wb.autosave.saved(seq, at);
            }
        }
        Action::SaveFailed(reason) => {
            if let Screen::Workbench(wb) = &mut app.screen {
                wb.autosave.failed(reason.clone(), now.mono);
                app.status = Some(error(format!(
                    "{reason}. Everything is still here; retrying in 5 s (Q quits without saving)"
                )));
            }
        }
        Action::Terminate => terminate(app, now, &mut effects),
        Action::Exported(message) => app.status = Some(info(message)),
        Action::ExportFailed(reason) => app.status = Some(error(reason)),
        Action::Closed => {
            app.screen = Screen::Start(Default::default());
            app.overlays.clear();
            app.big_clock = false;
            app.filter = None;
            app.status = Some(info("saved and closed"));
            effects.push(Effect::ListSessions);
        }
    }
    if !is_tick {
        app.needs_redraw = true;
    }
    if let Screen::Workbench(wb) = &mut app.screen {
        wb.refresh_derived(app.filter.as_deref());
        if wb.read_only.is_none()
            && wb.autosave.due(now.mono)
            && !effects.iter().any(|e| matches!(e, Effect::Save { .. }))
        {
            effects.push(wb.save(now));
        }
    }
    effects
}

/// The `/` filter follows what is typed into its field.
fn follow_filter(app: &mut App) {
    if let Some(Overlay::Form(form)) = app.overlays.last()
        && form.kind == FormKind::Filter
    {
        let text = form.text(FieldKey::Text);
        app.filter = (!text.is_empty()).then_some(text);
    }
}

fn open(app: &mut App, opened: Opened, now: Now) {
    let Opened {
        session,
        path,
        read_only,
    } = opened;
    app.status = Some(match &read_only {
        Some(holder) => error(format!(
            "read-only: {holder}; your changes would not be saved"
        )),
        None => info(format!(
            "opened {}",
            crate::text::one_line(&path.display().to_string())
        )),
    });
    app.overlays.clear();
    app.big_clock = false;
    app.filter = None;
    let mut wb = Workbench::new(session, path, read_only, now);
    // The threat walk starts where there is work: the first cell nobody has considered.
    if super::threats::cursor_cell(&wb).is_some_and(|(e, c)| {
        !e.kind.live_categories().contains(c)
            || wb.derived.cell(&e.id, c) != crate::model::CellState::NotConsidered
    }) {
        super::threats::next_unconsidered(&mut wb);
    }
    app.screen = Screen::Workbench(Box::new(wb));
}

fn run(app: &mut App, command: Command, now: Now, effects: &mut Vec<Effect>) {
    match app.overlays.last_mut() {
        Some(Overlay::Help { scroll }) => {
            let page = app.size.1.saturating_sub(4).max(1);
            match command {
                Command::Up => *scroll = scroll.saturating_sub(1),
                Command::Down => *scroll = scroll.saturating_add(1),
                Command::PageUp => *scroll = scroll.saturating_sub(page),
                Command::PageDown => *scroll = scroll.saturating_add(page),
                Command::Top => *scroll = 0,
                Command::Bottom => *scroll = u16::MAX,
                Command::Cancel | Command::Help => {
                    app.overlays.pop();
                }
                _ => {}
            }
            return;
        }
        Some(Overlay::Confirm(confirm)) => {
            let on_yes = confirm.on_yes.clone();
            match command {
                Command::Yes => {
                    app.overlays.pop();
                    run(app, on_yes, now, effects);
                }
                Command::Cancel => {
                    app.overlays.pop();
                }
                _ => {}
            }
            return;
        }
        Some(Overlay::Export { flavour, scroll }) => {
            let page = app.size.1.saturating_sub(6).max(1);
            let count = crate::export::Flavour::ALL.len();
            match command {
                Command::Up => *scroll = scroll.saturating_sub(1),
                Command::Down => *scroll = scroll.saturating_add(1),
                Command::PageUp => *scroll = scroll.saturating_sub(page),
                Command::PageDown => *scroll = scroll.saturating_add(page),
                Command::Left => {
                    *flavour = (*flavour + count - 1) % count;
                    *scroll = 0;
                }
                Command::Right => {
                    *flavour = (*flavour + 1) % count;
                    *scroll = 0;
                }
                Command::ExportWrite | Command::ExportCopy => {
                    let flavour = crate::export::Flavour::ALL[*flavour % count];
                    let write = command == Command::ExportWrite;
                    if let Screen::Workbench(wb) = &mut app.screen {
                        // The export cites the file's SHA-256: it must be the file as it is now.
                        save_if_needed(wb, now, effects);
                        effects.push(Effect::Export {
                            flavour,
                            write,
                            copy: !write,
                        });
                    }
                }
                Command::Cancel => {
                    app.overlays.pop();
                }
                _ => {}
            }
            return;
        }
        Some(Overlay::Suggest {
            entries, cursor, ..
        }) => {
            match command {
                Command::Up => *cursor = cursor.saturating_sub(1),
                Command::Down => *cursor = (*cursor + 1).min(entries.len().saturating_sub(1)),
                Command::Enter | Command::Submit | Command::Add => {
                    super::submit::accept_suggestion(app, now)
                }
                Command::Cancel => {
                    app.overlays.pop();
                }
                _ => {}
            }
            return;
        }
        Some(Overlay::Form(form))
            if form.kind == FormKind::Filter && command == Command::Cancel =>
        {
            app.overlays.pop();
            app.filter = None;
            return;
        }
        Some(Overlay::Form(form)) => {
            match command {
                Command::NextField => form.move_focus(true),
                Command::PrevField => form.move_focus(false),
                Command::ChoicePrev | Command::ChoiceNext
                    if form
                        .focused()
                        .is_some_and(|f| f.key == FieldKey::DecisionKind) =>
                {
                    form.step(command == Command::ChoiceNext);
                    form.kind_changed();
                }
                Command::ChoicePrev | Command::ChoiceNext => {
                    if form.step(command == Command::ChoiceNext)
                        && let Some(wb) = app.workbench()
                    {
                        let session = wb.session().clone();
                        if let Some(Overlay::Form(form)) = app.overlays.last_mut() {
                            form.rekind(&session);
                        }
                    }
                }
                Command::Toggle => form.toggle_focused(),
                Command::Enter if form.focus + 1 < form.fields.len() => form.move_focus(true),
                Command::Enter | Command::Submit => submit(app, now, effects),
                Command::Cancel if form.changed => app.overlays.push(Overlay::Confirm(Confirm {
                    question: "Discard what you typed in this form?".into(),
                    on_yes: Command::Discard,
                })),
                Command::Cancel | Command::Discard => {
                    app.overlays.pop();
                }
                _ => {}
            }
            return;
        }
        None => {}
    }
    match command {
        Command::Help => app.overlays.push(Overlay::Help { scroll: 0 }),
        Command::Quit => quit(app, now, effects),
        Command::Discard => {
            app.overlays.pop();
        }
        _ => match &app.screen {
            Screen::Start(_) => start_command(app, command, effects),
            Screen::Workbench(_) => session_command(app, command, now, effects),
        },
    }
}

fn quit(app: &mut App, now: Now, effects: &mut Vec<Effect>) {
    if let Screen::Workbench(wb) = &mut app.screen {
        save_if_needed(wb, now, effects);
    }
    effects.push(Effect::Quit);
}

/// Saves before leaving or exporting, when anything (an edit, the running clock) is not on
/// disk yet. An untouched session is not rewritten: its file, and `updated`, stay as they
/// were.
fn save_if_needed(wb: &mut Workbench, now: Now, effects: &mut Vec<Effect>) {
    if wb.read_only.is_none() && (wb.autosave.is_dirty() || wb.autosave.error.is_some()) {
        effects.push(wb.save(now));
    }
}

fn terminate(app: &mut App, now: Now, effects: &mut Vec<Effect>) {
    // What was typed into an open form is kept when the form can be saved as it stands.
    while let Some(Overlay::Confirm(_) | Overlay::Help { .. }) = app.overlays.last() {
        app.overlays.pop();
    }
    if app.form().is_some() && app.workbench().is_some_and(|wb| wb.read_only.is_none()) {
        submit(app, now, effects);
    }
    quit(app, now, effects);
}

fn start_command(app: &mut App, command: Command, effects: &mut Vec<Effect>) {
    let Screen::Start(start) = &mut app.screen else {
        return;
    };
    let len = start.rows.as_ref().map_or(0, Vec::len);
    match command {
        Command::Up => start.cursor = start.cursor.saturating_sub(1),
        Command::Down => start.cursor = (start.cursor + 1).min(len.saturating_sub(1)),
        Command::Edit => match start.rows.as_ref().and_then(|rows| rows.get(start.cursor)) {
            Some(row) if row.error.is_some() => {
                let reason = row.error.clone().unwrap_or_default();
                app.status = Some(error(format!("cannot open: {reason}")));
            }
            Some(row) => effects.push(Effect::Open(row.path.clone())),
            None => {
                app.status = Some(info(
                    "no session selected: n starts a new one, e opens the example",
                ))
            }
        },
        Command::NewSession => app
            .overlays
            .push(Overlay::Form(Box::new(Form::new_session()))),
        Command::OpenExample => effects.push(Effect::OpenExample),
        Command::Refresh => effects.push(Effect::ListSessions),
        _ => {}
    }
}

fn session_command(app: &mut App, command: Command, now: Now, effects: &mut Vec<Effect>) {
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let phase = wb.session().clock.phase;
    let target = match command {
        Command::NextPhase => phase.next(),
        Command::PrevPhase => phase.previous(),
        Command::GoPhase(to) => Some(to),
        _ => None,
    };
    if let Some(to) = target {
        if to != phase && wb.apply(Edit::SetPhase(to), now).is_ok() {
            if wb.read_only.is_none() {
                effects.push(wb.save(now));
            }
            app.big_clock = false;
            app.status = Some(info(format!("{}: {}", to.name(), to.question())));
        }
        return;
    }
    match command {
        Command::NextPhase | Command::PrevPhase => {}
        Command::TogglePause => {
            let paused = !wb.session().clock.paused;
            if apply(app, Edit::Pause(paused), now).is_some() {
                app.status = Some(info(if paused {
                    "clock paused (p resumes)"
                } else {
                    "clock running"
                }));
            }
        }
        Command::Park => {
            if refuse_read_only(app) {
                return;
            }
            app.overlays.push(Overlay::Form(Box::new(Form::line(
                super::FormKind::Park,
                "Parking lot",
                "Point",
                "",
                "one line; Enter parks it and brings you back",
            ))));
        }
        Command::BigClock => app.big_clock = !app.big_clock,
        Command::Cancel if app.filter.is_some() => {
            app.filter = None;
            app.status = Some(info("filter cleared"));
        }
        Command::ExportPreview => app.overlays.push(Overlay::Export {
            flavour: 0,
            scroll: 0,
        }),
        Command::Close => {
            save_if_needed(wb, now, effects);
            effects.push(Effect::Close);
        }
        Command::QuitWithoutSaving => {
            if wb.autosave.error.is_some() || wb.read_only.is_some() {
                effects.push(Effect::Quit);
            } else {
                app.status = Some(info(
                    "Q quits without saving only after a save failed; q saves and quits",
                ));
            }
        }
        Command::Undo | Command::Redo => {
            let redo = command == Command::Redo;
            let message = match wb.step_history(redo, now) {
                Ok(true) => {
                    let (back, forward) = wb.history.depth();
                    let what = if redo { "redone" } else { "undone" };
                    info(format!("{what} ({back} more to undo, {forward} to redo)"))
                }
                Ok(false) => info(if redo {
                    "nothing to redo"
                } else {
                    "nothing to undo"
                }),
                Err(refusal) => error(refusal.to_string()),
            };
            app.status = Some(message);
        }
        Command::Filter => {
            let current = app.filter.clone().unwrap_or_default();
            app.overlays.push(Overlay::Form(Box::new(Form::line(
                FormKind::Filter,
                "Filter",
                "Show",
                &current,
                "text in an ID, a name or a threat title; Enter keeps it, Esc clears it",
            ))));
        }
        _ if app.big_clock => {}
        Command::DeleteConfirmed if phase != Phase::Scope => {
            let removal = match phase {
                Phase::Threats => super::threats::deletion(wb),
                Phase::Decisions => super::decisions::deletion(wb),
                _ => super::review::deletion(wb),
            };
            if let Some((edit, message)) = removal
                && apply(app, edit, now).is_some()
            {
                if let Screen::Workbench(wb) = &mut app.screen {
                    wb.threats.pick = 0;
                }
                app.status = Some(info(message));
            }
        }
        _ => match phase {
            Phase::Scope => super::scope::command(app, command, now),
            Phase::Threats => super::threats::command(app, command),
            Phase::Decisions => super::decisions::command(app, command, now),
            Phase::Review => super::review::command(app, command, now),
        },
    }
}

fn click(app: &mut App, column: u16, row: u16, now: Now, effects: &mut Vec<Effect>) {
    if !app.overlays.is_empty() {
        return;
    }
    let frame = layout::frame(app.size);
    if let Some(phase) = app.workbench().and(frame.tab_at(column, row)) {
        run(app, Command::GoPhase(phase), now, effects);
        return;
    }
    let Some(list) = layout::list_area(app) else {
        return;
    };
    if !list.contains(ratatui::layout::Position { x: column, y: row }) {
        return;
    }
    let offset_row = usize::from(row - list.y);
    match &mut app.screen {
        Screen::Start(start) => {
            let len = start.rows.as_ref().map_or(0, Vec::len);
            let index = layout::list_offset(start.cursor, len, list.height) + offset_row;
            if index < len {
                start.cursor = index;
            }
        }
        Screen::Workbench(wb) if wb.session().clock.phase == Phase::Scope => {
            let len = scope_rows(wb.session()).len();
            let index = layout::list_offset(wb.scope.cursor, len, list.height) + offset_row;
            if index < len {
                wb.scope.cursor = index;
            }
        }
        Screen::Workbench(_) => {}
    }
}
