//! Drives the real app without a terminal: keys go through the real keymap into `update`,
//! time is a fake clock moved by hand, and the screen is drawn into a test buffer.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use threatbench::app::pointer::{self, Pointer};
use threatbench::app::{Action, App, Effect, Now, OpenedSession, input, update};
use threatbench::model::Session;
use threatbench::ui::{self, Theme};

/// An app, a fake clock, and the effects it asked for.
pub struct Harness {
    /// The app under test.
    pub app: App,
    /// The fake clock.
    pub now: Now,
    /// Effects returned since the last `take_effects`.
    pub effects: Vec<Effect>,
}

/// The wall-clock start of every harness: a fixed moment, so screens are repeatable.
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 10, 30, 0).unwrap()
}

/// A fixed "saved at" time in a fixed zone.
pub fn saved_at() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 27, 11, 30, 5)
        .unwrap()
}

impl Harness {
    /// On the start screen, before the folder has been listed.
    pub fn start() -> Self {
        Harness {
            app: App::new(PathBuf::from("sessions"), (80, 24)),
            now: Now {
                mono: Duration::from_secs(100),
                wall: epoch(),
            },
            effects: Vec::new(),
        }
    }

    /// With `session` open (as if the runtime had opened it).
    pub fn open(session: Session) -> Self {
        let mut h = Harness::start();
        h.apply(Action::Opened(Box::new(OpenedSession {
            thresholds: Default::default(),
            session,
            path: PathBuf::from("sessions/refund-api.ron"),
            read_only: None,
            recoveries: Vec::new(),
        })));
        h.effects.clear();
        h
    }

    /// Applies an action at the current fake time.
    pub fn apply(&mut self, action: Action) {
        let effects = update(&mut self.app, action, self.now);
        self.effects.extend(effects);
    }

    /// Moves the fake clock on and sends a tick.
    pub fn advance(&mut self, by: Duration) {
        self.now.mono += by;
        self.now.wall += chrono::Duration::from_std(by).unwrap();
        self.apply(Action::Tick);
    }

    /// Takes the effects collected so far.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// Answers every pending save as the runtime would after a successful write.
    pub fn complete_saves(&mut self) -> usize {
        let saves: Vec<u64> = self
            .take_effects()
            .into_iter()
            .filter_map(|e| match e {
                Effect::Save { seq, .. } => Some(seq),
                _ => None,
            })
            .collect();
        for seq in &saves {
            self.apply(Action::Saved {
                seq: *seq,
                at: saved_at(),
            });
        }
        saves.len()
    }

    /// Presses one key, named as tmux names them: `a`, `Enter`, `Esc`, `Tab`, `BTab`, `Up`,
    /// `Down`, `Left`, `Right`, `Space`, `C-s`, `PgDn`, ...
    pub fn press(&mut self, name: &str) {
        let event = key(name);
        if let Some(action) = input::resolve(&self.app, event) {
            self.apply(action);
        }
    }

    /// Clicks or scrolls, resolved to an action as the runtime resolves it.
    pub fn mouse(&mut self, event: Pointer) {
        if let Some(action) = pointer::resolve(&self.app, event) {
            self.apply(action);
        }
    }

    /// Presses several keys.
    pub fn keys(&mut self, names: &[&str]) {
        for name in names {
            self.press(name);
        }
    }

    /// Types text one key at a time.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            if let Some(action) = input::resolve(&self.app, event) {
                self.apply(action);
            }
        }
    }

    /// The open session.
    pub fn session(&self) -> &Session {
        self.app.workbench().expect("a session is open").session()
    }

    /// The screen at `width` × `height`, as text (trailing blanks trimmed).
    pub fn screen(&mut self, width: u16, height: u16) -> String {
        self.apply(Action::Resize(width, height));
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        ui::draw(&self.app, Theme::new(true), area, &mut buf);
        buffer_text(&buf)
    }
}

/// A buffer's symbols as lines of text.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        for x in area.left()..area.right() {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A key event from a tmux-style name.
pub fn key(name: &str) -> KeyEvent {
    let (code, mods) = match name {
        "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
        "Esc" | "Escape" => (KeyCode::Esc, KeyModifiers::NONE),
        "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
        "BTab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "Up" => (KeyCode::Up, KeyModifiers::NONE),
        "Down" => (KeyCode::Down, KeyModifiers::NONE),
        "Left" => (KeyCode::Left, KeyModifiers::NONE),
        "Right" => (KeyCode::Right, KeyModifiers::NONE),
        "Space" => (KeyCode::Char(' '), KeyModifiers::NONE),
        "PgDn" => (KeyCode::PageDown, KeyModifiers::NONE),
        "PgUp" => (KeyCode::PageUp, KeyModifiers::NONE),
        "Backspace" => (KeyCode::Backspace, KeyModifiers::NONE),
        ctrl if ctrl.starts_with("C-") => (
            KeyCode::Char(ctrl.chars().nth(2).unwrap()),
            KeyModifiers::CONTROL,
        ),
        one if one.chars().count() == 1 => {
            let c = one.chars().next().unwrap();
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            (KeyCode::Char(c), mods)
        }
        other => panic!("unknown key name {other}"),
    };
    KeyEvent::new(code, mods)
}
