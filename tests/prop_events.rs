//! Random sequences of keys, pastes, clicks, resizes (down to 0×0, up to 300×300) and time
//! never panic, and every screen draws; the session always stays valid.

mod common;

use std::time::Duration;

use common::harness::{Harness, key};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use threatbench::app::pointer::Pointer;
use threatbench::app::{Action, input};
use threatbench::ui::{self, Theme};

#[derive(Debug, Clone)]
enum Event {
    Key(&'static str),
    Char(char),
    Paste(String),
    Resize(u16, u16),
    Click(u16, u16),
    Scroll(bool),
    Wait(u64),
    SaveFailed,
}

const KEYS: &[&str] = &[
    "a",
    "e",
    "d",
    "n",
    "y",
    "j",
    "k",
    "g",
    "G",
    "p",
    "P",
    "F",
    "?",
    "q",
    "Q",
    "r",
    "1",
    "2",
    "3",
    "4",
    "[",
    "]",
    "Enter",
    "Esc",
    "Tab",
    "BTab",
    "Up",
    "Down",
    "Left",
    "Right",
    "Space",
    "PgDn",
    "PgUp",
    "Backspace",
    "C-s",
    "C-c",
    "u",
    "C-r",
    "/",
    "s",
    "m",
    "A",
    "J",
    "K",
    "f",
    "h",
    "l",
    "0",
    "5",
];

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        6 => proptest::sample::select(KEYS).prop_map(Event::Key),
        3 => any::<char>().prop_map(Event::Char),
        1 => "[a-z \n\t\u{1b}\u{7}\u{202e}é😀|@#]{0,40}".prop_map(Event::Paste),
        1 => (prop_oneof![Just(0u16), Just(1), Just(2), Just(5), Just(20), 0u16..300], prop_oneof![Just(0u16), Just(1), Just(3), Just(24), 0u16..300])
            .prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (0u16..130, 0u16..45).prop_map(|(c, r)| Event::Click(c, r)),
        1 => any::<bool>().prop_map(Event::Scroll),
        1 => (0u64..120_000).prop_map(Event::Wait),
        1 => Just(Event::SaveFailed),
    ]
}

fn run(mut h: Harness, events: Vec<Event>) -> Result<(), TestCaseError> {
    for event in events {
        match event {
            Event::Key(name) => h.press(name),
            Event::Char(c) => {
                let ev = ratatui::crossterm::event::KeyEvent::new(
                    ratatui::crossterm::event::KeyCode::Char(c),
                    ratatui::crossterm::event::KeyModifiers::NONE,
                );
                if let Some(action) = input::resolve(&h.app, ev) {
                    h.apply(action);
                }
            }
            Event::Paste(text) => h.apply(Action::Paste(text)),
            Event::Resize(w, height) => h.apply(Action::Resize(w, height)),
            Event::Click(column, row) => h.mouse(Pointer::Click { column, row }),
            Event::Scroll(down) => h.mouse(Pointer::Scroll { down }),
            Event::Wait(ms) => h.advance(Duration::from_millis(ms)),
            Event::SaveFailed => h.apply(Action::SaveFailed("injected".into())),
        }
        h.complete_saves();
        let (w, height) = h.app.size;
        let area = Rect::new(0, 0, w, height);
        let mut buf = Buffer::empty(area);
        ui::draw(&h.app, Theme::new(true), area, &mut buf);
        for cell in buf.content() {
            prop_assert!(
                !cell.symbol().chars().any(char::is_control),
                "a control character reached the screen"
            );
        }
        if let Some(wb) = h.app.workbench() {
            prop_assert_eq!(threatbench::model::validate(wb.session()), Ok(()));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_events_in_a_session_never_panic(events in proptest::collection::vec(event(), 1..120)) {
        let h = Harness::open(common::sample());
        run(h, events)?;
    }

    #[test]
    fn random_events_on_the_start_screen_never_panic(events in proptest::collection::vec(event(), 1..60)) {
        let mut h = Harness::start();
        h.apply(Action::Listed(Vec::new()));
        run(h, events)?;
    }
}

#[test]
fn the_key_names_are_all_known() {
    for name in KEYS {
        key(name);
    }
}
