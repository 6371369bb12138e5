//! The real event loop, `tui::run_loop`, on ratatui's `TestBackend` with a session in a
//! temporary folder: messages (keys, a signal) are queued on the channel before the loop
//! starts, then the sender is dropped, so input ends when the queue is empty. Covers that a
//! failed save cancels a quit (the loop runs on, and ends as a hang-up once input closes),
//! that a signal saves before the loop returns, and that writing an export from the review
//! phase puts the file beside the session.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;
use threatbench::app::{App, Now, update};
use threatbench::export::Flavour;
use threatbench::store::{self, SessionFile};
use threatbench::tui::{Exit, Message, Performer, Runtime, run_loop};
use threatbench::ui::Theme;

/// An app with a session opened the way `tui::run` opens one for `Start::Opened`.
struct Bench {
    app: App,
    performer: Performer,
    /// The session file.
    path: PathBuf,
    started: Instant,
}

impl Bench {
    /// Creates the sample session in `folder` and opens it, with `dir` as the sessions folder.
    fn open(dir: &Path, folder: &Path) -> Self {
        let session = common::sample();
        let file = SessionFile::create(folder, &session).expect("create the session");
        let path = file.path().to_owned();
        let mut bench = Bench {
            app: App::new(dir.to_owned(), (100, 30)),
            performer: Performer::new(dir.to_owned()),
            path,
            started: Instant::now(),
        };
        let action = bench.performer.adopt(session, file);
        let now = bench.now();
        let effects = update(&mut bench.app, action, now);
        assert!(effects.is_empty(), "opening asks for nothing: {effects:?}");
        assert!(bench.app.workbench().is_some(), "the session is open");
        bench
    }

    fn now(&self) -> Now {
        Now {
            mono: self.started.elapsed(),
            wall: chrono::Utc::now(),
        }
    }

    /// Runs the real loop on `messages`, then on the end of input; returns how it ended and
    /// the bytes it wrote to the terminal itself.
    fn run(&mut self, messages: Vec<Message>) -> (Exit, Vec<u8>) {
        let (tx, rx) = mpsc::channel();
        for message in messages {
            tx.send(message).unwrap();
        }
        drop(tx);
        let started = self.started;
        let clock = move || Now {
            mono: started.elapsed(),
            wall: chrono::Utc::now(),
        };
        let mut bytes = Vec::new();
        let mut collect = |b: &[u8]| bytes.extend_from_slice(b);
        let mut runtime = Runtime {
            performer: &mut self.performer,
            theme: Theme::new(false),
            clock: &clock,
            to_terminal: &mut collect,
            suspend: &mut || {},
        };
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let exit = run_loop(&mut self.app, &mut runtime, &mut terminal, &rx, Vec::new());
        (exit, bytes)
    }

    fn parked(&self) -> Vec<String> {
        let wb = self.app.workbench().expect("a session is open");
        wb.session()
            .parking_lot
            .iter()
            .map(|p| p.text.clone())
            .collect()
    }
}

/// Key presses, named as the harness names them (`q`, `P`, `Enter`, ...).
fn keys(names: &[&str]) -> Vec<Message> {
    names
        .iter()
        .map(|name| Message::Event(Event::Key(common::harness::key(name))))
        .collect()
}

/// `P`, the text one key at a time, `Enter`: parks a point.
fn park(text: &str) -> Vec<Message> {
    let mut messages = keys(&["P"]);
    for c in text.chars() {
        messages.extend(keys(&[c.to_string().as_str()]));
    }
    messages.extend(keys(&["Enter"]));
    messages
}

#[test]
fn a_failed_save_cancels_quit_and_the_loop_runs_on_until_input_ends() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    let mut bench = Bench::open(dir.path(), &sub);
    // A file where the session's folder was: every save now fails, even for root.
    std::fs::remove_dir_all(&sub).unwrap();
    std::fs::write(&sub, "not a folder").unwrap();

    let mut messages = park("first point");
    messages.extend(keys(&["q"]));
    // Keys after the quit: handled only if the loop is still running.
    messages.extend(park("after quit"));
    let (exit, _) = bench.run(messages);

    assert_eq!(
        exit,
        Exit::HangUp,
        "the quit was cancelled; input ending ended it"
    );
    assert_eq!(
        bench.parked(),
        ["first point", "after quit"],
        "keys after the failed quit were still handled"
    );
    let status = bench.app.status.as_ref().expect("a status line");
    assert!(status.error, "the status reports a problem: {status:?}");
    assert!(
        status.text.contains(&sub.display().to_string())
            && status.text.contains("Everything is still here"),
        "the status names the failed save: {}",
        status.text
    );
    let wb = bench.app.workbench().unwrap();
    assert!(wb.autosave.error.is_some(), "the save is still failing");
    assert!(
        std::fs::metadata(&sub).unwrap().is_file(),
        "nothing was written in its place"
    );
}

#[test]
fn a_signal_saves_the_session_and_ends_the_loop() {
    let dir = tempfile::tempdir().unwrap();
    let mut bench = Bench::open(dir.path(), dir.path());
    let before = store::load(&bench.path).unwrap();
    assert!(before.parking_lot.is_empty());

    let mut messages = park("rotate the webhook secret");
    messages.push(Message::Signal(libc::SIGTERM));
    // Never reached: the signal ends the loop first.
    messages.extend(park("after the signal"));
    let (exit, _) = bench.run(messages);

    assert_eq!(exit, Exit::Signal(libc::SIGTERM));
    let saved = store::load(&bench.path).expect("the saved session loads");
    let parked: Vec<&str> = saved.parking_lot.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(parked, ["rotate the webhook secret"]);
    assert_eq!(saved, *bench.app.workbench().unwrap().session());
}

#[test]
fn writing_an_export_puts_the_file_beside_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut bench = Bench::open(dir.path(), dir.path());
    let flavour = Flavour::ALL[0];
    let stem = bench
        .path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let export = bench
        .path
        .with_file_name(format!("{stem}.export.{}", flavour.extension()));
    assert!(!export.exists());

    // In the preview `q` closes it; the second `q` quits.
    let (exit, bytes) = bench.run(keys(&["4", "x", "w", "q", "q"]));

    assert_eq!(exit, Exit::Quit);
    assert!(bytes.is_empty(), "a write copies nothing to the clipboard");
    let status = bench.app.status.as_ref().map(|s| s.text.as_str());
    let text = std::fs::read_to_string(&export)
        .unwrap_or_else(|e| panic!("{} missing ({e}); status: {status:?}", export.display()));
    assert!(!text.trim().is_empty(), "the export has content");
    assert!(text.contains("Refund API"), "it is this session's export");
    let saved = store::load(&bench.path).unwrap();
    assert_eq!(saved.clock.phase, threatbench::model::Phase::Review);
}
