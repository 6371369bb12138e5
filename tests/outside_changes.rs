//! A session file changed under an open workbench is never overwritten: a `git pull` or an
//! editor that rewrote it, a deletion, a `git mv`, a `git clean -fdX` that took the lock.
//! The store keeps both versions (ours goes to a conflict copy) or follows a rename; the app
//! says so and saves to the new file from then on; the real loop does it end to end.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use common::harness::Harness;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;
use threatbench::app::{Action, App, Effect, Now, update};
use threatbench::model::{ParkingItem, Session};
use threatbench::store::{self, Saved, SessionFile, lock::lock_path};
use threatbench::tui::{Exit, Message, Performer, Runtime, run_loop};
use threatbench::ui::Theme;

fn parked(mut session: Session, text: &str) -> Session {
    session.parking_lot.push(ParkingItem {
        text: text.into(),
        follow_up: false,
    });
    session
}

/// Someone else's version of the file: the sample with another title.
fn theirs(path: &Path) -> Vec<u8> {
    let mut session = common::sample();
    session.title = "Their edit from git pull".into();
    let text = store::to_ron(&session).unwrap();
    std::fs::write(path, &text).unwrap();
    text.into_bytes()
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    store::location::session_files(dir).unwrap()
}

#[test]
fn a_file_changed_on_disk_is_kept_and_ours_goes_to_a_conflict_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let original = file.path().to_owned();
    let their_bytes = theirs(&original);
    let ours = parked(common::sample(), "ours");

    let saved = file.save(&ours).unwrap();
    let Saved::Diverted { from, to, why } = saved else {
        panic!("expected a conflict copy, got {saved:?}");
    };
    assert_eq!(from, original);
    assert!(why.contains("changed on disk"), "{why}");
    assert_eq!(
        std::fs::read(&original).unwrap(),
        their_bytes,
        "theirs untouched"
    );
    assert_eq!(store::load(&to).unwrap(), ours, "ours in the copy");
    assert!(
        to.file_name()
            .unwrap()
            .to_string_lossy()
            .contains(".conflict-")
    );
    assert_eq!(file.path(), to, "the copy is the session's file now");
    assert_eq!(
        ron_files(dir.path()).len(),
        2,
        "both are listed as sessions"
    );

    // The next save goes to the copy, and the file on disk stays theirs.
    let again = parked(ours, "more");
    assert_eq!(file.save(&again).unwrap(), Saved::InPlace);
    assert_eq!(store::load(&to).unwrap(), again);
    assert_eq!(std::fs::read(&original).unwrap(), their_bytes);
}

#[test]
fn the_same_bytes_written_again_are_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let path = file.path().to_owned();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap(); // a checkout of the same content
    assert_eq!(
        file.save(&parked(common::sample(), "x")).unwrap(),
        Saved::InPlace
    );
}

#[test]
fn a_deleted_file_is_not_recreated_under_its_old_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let original = file.path().to_owned();
    std::fs::remove_file(&original).unwrap();

    let saved = file.save(&common::sample()).unwrap();
    let Saved::Diverted { to, why, .. } = saved else {
        panic!("expected a conflict copy, got {saved:?}");
    };
    assert!(why.contains("deleted or renamed"), "{why}");
    assert!(!original.exists(), "the deleted file stays deleted");
    assert!(to.exists());
}

#[test]
fn a_renamed_file_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let original = file.path().to_owned();
    let renamed = dir.path().join("payments-refunds.ron");
    std::fs::rename(&original, &renamed).unwrap(); // git mv

    let ours = parked(common::sample(), "ours");
    let saved = file.save(&ours).unwrap();
    assert_eq!(
        saved,
        Saved::Followed {
            from: original.clone(),
            to: renamed.clone()
        }
    );
    assert!(!original.exists(), "not re-created under the old name");
    assert_eq!(store::load(&renamed).unwrap(), ours);
    assert!(lock_path(&renamed).exists(), "the new name is locked");
}

#[test]
fn a_lock_removed_by_git_clean_is_taken_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let path = file.path().to_owned();
    std::fs::remove_file(lock_path(&path)).unwrap(); // git clean -fdX

    assert_eq!(file.save(&common::sample()).unwrap(), Saved::InPlace);
    assert!(lock_path(&path).exists());
    let second = SessionFile::open(&path).unwrap();
    assert!(
        second.file.read_only().is_some(),
        "a second opener gets it read-only again"
    );
}

#[test]
fn a_lock_taken_by_someone_else_sends_our_save_to_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let path = first.path().to_owned();
    std::fs::remove_file(lock_path(&path)).unwrap();
    // A second workbench opens it writable, since the lock file was gone.
    let mut second = SessionFile::open(&path).unwrap();
    assert!(second.file.read_only().is_none());

    let ours = parked(common::sample(), "first's edit");
    let Saved::Diverted { to, why, .. } = first.save(&ours).unwrap() else {
        panic!("the first writer must not write over the second's file");
    };
    assert!(why.contains("took it"), "{why}");
    assert_eq!(store::load(&to).unwrap(), ours);
    let theirs = parked(common::sample(), "second's edit");
    assert_eq!(second.file.save(&theirs).unwrap(), Saved::InPlace);
    assert_eq!(store::load(&path).unwrap(), theirs);
}

#[test]
fn the_app_follows_the_new_file_and_says_so() {
    let mut h = Harness::open(common::sample());
    h.apply(Action::Moved {
        path: PathBuf::from("sessions/refund-api.conflict-20261203-101500.ron"),
        message: "not saved over sessions/refund-api.ron: it was changed on disk".into(),
        conflict: true,
    });
    let wb = h.app.workbench().unwrap();
    assert!(wb.path.to_string_lossy().contains(".conflict-"));
    let status = h.app.status.clone().unwrap();
    assert!(status.error && status.text.contains("changed on disk"));
    let screen = h.screen(120, 40);
    assert!(screen.contains("changed on disk"), "{screen}");
}

#[test]
fn a_save_that_goes_through_again_clears_the_stale_error() {
    let mut h = Harness::open(common::sample());
    h.keys(&["P"]);
    h.type_text("point");
    h.press("Enter");
    h.advance(std::time::Duration::from_secs(2));
    assert!(matches!(h.take_effects().last(), Some(Effect::Save { .. })));
    h.apply(Action::SaveFailed("disk full".into()));
    assert!(h.app.status.as_ref().unwrap().error);
    h.advance(std::time::Duration::from_secs(6));
    assert_eq!(h.complete_saves(), 1, "the retry");
    let status = h.app.status.clone().unwrap();
    assert!(!status.error, "the red message is gone: {status:?}");
    assert!(status.text.contains("saved again"), "{}", status.text);
}

#[test]
fn the_real_loop_never_writes_over_a_pulled_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let original = file.path().to_owned();
    let mut app = App::new(dir.path().to_owned(), (100, 30));
    let mut performer = Performer::new(dir.path().to_owned());
    let started = Instant::now();
    let clock = move || Now {
        mono: started.elapsed(),
        wall: chrono::Utc::now(),
    };
    let opened = performer.adopt(common::sample(), file);
    update(&mut app, opened, clock());
    // A git pull while the session is open.
    let their_bytes = theirs(&original);

    let (tx, rx) = mpsc::channel();
    for name in ["P", "o", "u", "r", "s", "Enter", "q"] {
        let key = common::harness::key(name);
        tx.send(Message::Event(Event::Key(key))).unwrap();
    }
    drop(tx);
    let mut sink = |_: &[u8]| {};
    let mut runtime = Runtime {
        performer: &mut performer,
        theme: Theme::new(false),
        clock: &clock,
        to_terminal: &mut sink,
        suspend: &mut || {},
    };
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let exit = run_loop(&mut app, &mut runtime, &mut terminal, &rx, Vec::new());

    assert_eq!(exit, Exit::Quit, "the quit went through: ours is saved");
    assert_eq!(
        std::fs::read(&original).unwrap(),
        their_bytes,
        "theirs untouched"
    );
    let copy = ron_files(dir.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains(".conflict-"))
        .expect("a conflict copy");
    let ours = store::load(&copy).unwrap();
    assert_eq!(ours.parking_lot.len(), 1);
    assert_eq!(ours.parking_lot[0].text, "ours");
}
