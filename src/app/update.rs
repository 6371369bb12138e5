//! `update`: the one function that changes the app, and only a dispatcher. It advances the
//! clock, routes the action to the top overlay or the screen, and saves when due. It reads
//! `now` from its argument, never from a clock, and asks for I/O only by returning effects.

use super::core::{Action, Command, Cx, Effect, Now, Shell};
use super::overlays::{self, Flow, Overlay};
use super::state::{App, Screen};
use super::{reports, screens};
use crate::layout::Geometry;

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
        Action::Paste(text) => typed(app, |overlay| overlay.paste(&text)),
        Action::TextInput(key) => typed(app, |overlay| overlay.input(key)),
        Action::Command(command) => self::command(app, command, now, &mut effects),
        Action::Select(row) => match &mut app.screen {
            _ if !app.overlays.is_empty() => {}
            Screen::Start(start) => start.select(row),
            Screen::Workbench(wb) => screens::select(wb, row),
        },
        report => reports::handle(app, report, now, &mut effects),
    }
    if !is_tick {
        app.needs_redraw = true;
    }
    if let Screen::Workbench(wb) = &mut app.screen {
        wb.refresh_derived();
        let saving = effects.iter().any(|e| matches!(e, Effect::Save { .. }));
        if wb.read_only.is_none() && wb.autosave.due(now.mono) && !saving {
            effects.push(wb.save(now));
        }
    }
    effects
}

/// Typed text goes to the top overlay's focused field; the filter follows it as typed.
fn typed(app: &mut App, feed: impl FnOnce(&mut Overlay)) {
    let Some(top) = app.overlays.last_mut() else {
        return;
    };
    feed(top);
    if let (Overlay::Filter(filter), Screen::Workbench(wb)) = (top, &mut app.screen) {
        wb.filter = filter.text();
    }
}

/// A command goes to the top overlay, else to the screen. An overlay that answers with a
/// command of its own (a confirmation's "yes") hands it to what lies beneath; a handler
/// that opens an overlay returns it, and it goes on top here.
pub(super) fn command(app: &mut App, command: Command, now: Now, effects: &mut Vec<Effect>) {
    let App {
        screen,
        overlays,
        status,
        size,
        ..
    } = app;
    let shell = Shell {
        status,
        effects,
        now,
        geometry: Geometry::of(*size),
    };
    let Some(top) = overlays.pop() else {
        let opened = match screen {
            Screen::Start(start) => screens::start::command(start, command, shell),
            Screen::Workbench(wb) => screens::command(Cx { wb, shell }, command),
        };
        overlays.extend(opened);
        return;
    };
    let wb = match screen {
        Screen::Workbench(wb) => Some(wb.as_mut()),
        Screen::Start(_) => None,
    };
    let (top, flow) = overlays::command(top, command, wb, shell);
    match flow {
        Flow::Keep => overlays.push(top),
        Flow::Open(next) => overlays.extend([top, next]),
        Flow::Close => {}
        Flow::Then(next) => self::command(app, next, now, effects),
    }
}
