//! Keys, turned into actions through the keymap: the top overlay's mode first, then a
//! focused text field, then the screen's keys, then the session-wide ones. The runtime and
//! the test harness both call [`resolve`].

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::core::Action;
use super::core::keymap::{BINDINGS, Binding, Mode};
use super::forms::FieldValue;
use super::overlays::Overlay;
use super::state::{App, Screen};
use crate::model::Phase;
use Mode::*;

/// The modes whose keys apply now, most specific first.
pub fn active_modes(app: &App) -> Vec<Mode> {
    match app.overlays.last() {
        Some(Overlay::Help(_)) => vec![Help],
        Some(Overlay::Confirm(_)) => vec![Confirm],
        Some(Overlay::Suggest(_)) => vec![Suggest],
        Some(Overlay::Export(_)) => vec![Export],
        Some(Overlay::Filter(_)) => vec![Filter],
        Some(Overlay::Form(form)) => match form.focused().map(|f| &f.value) {
            Some(FieldValue::Choice { .. } | FieldValue::Rating(_)) => vec![FormChoice, Form],
            Some(FieldValue::Checklist { .. } | FieldValue::Toggle(_)) => vec![FormCheck, Form],
            Some(FieldValue::Text { .. }) | None => vec![Form],
        },
        None => screen_modes(app),
    }
}

/// The modes of the screen under any overlays.
pub fn screen_modes(app: &App) -> Vec<Mode> {
    match &app.screen {
        Screen::Start(_) => vec![Start],
        Screen::Workbench(wb) => match wb.session().clock.phase {
            _ if wb.big_clock => vec![Session],
            Phase::Scope => vec![Scope, Session],
            Phase::Threats => vec![Threats, Session],
            Phase::Decisions => vec![Decisions, Session],
            Phase::Review => vec![Review, Session],
        },
    }
}

/// The bindings that apply now, in table order within each mode.
pub fn active_bindings(app: &App) -> Vec<&'static Binding> {
    active_modes(app)
        .into_iter()
        .flat_map(|mode| BINDINGS.iter().filter(move |b| b.mode == mode))
        .collect()
}

/// Turns a key into an action: the top overlay first, then the focused text field, then
/// the screen's keys, then the session-wide ones.
pub fn resolve(app: &App, event: KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let form = app.form();
    // In a multi-line text field, Enter is a line break, not "next field".
    if form.is_some_and(|f| f.focused().is_some_and(|f| f.is_multiline()))
        && event.code == KeyCode::Enter
        && event.modifiers.is_empty()
    {
        return Some(Action::TextInput(event));
    }
    // A digit on a rating field picks the rating (0 = unrated).
    if form.is_some_and(|f| {
        f.focused()
            .is_some_and(|f| matches!(f.value, FieldValue::Rating(_)))
    }) && matches!(event.code, KeyCode::Char('0'..='5'))
    {
        return Some(Action::TextInput(event));
    }
    let bound = active_bindings(app)
        .into_iter()
        .find(|b| b.keys.iter().any(|chord| chord.matches(&event)))
        .map(|b| Action::Command(b.command.clone()));
    match bound {
        Some(action) => Some(action),
        None if form.is_some_and(|f| f.focused().is_some_and(|f| f.is_text())) => {
            Some(Action::TextInput(event))
        }
        None if matches!(app.overlays.last(), Some(Overlay::Filter(_))) => {
            Some(Action::TextInput(event))
        }
        None => None,
    }
}
