//! kill -9 during save: a child process saves a growing session in a loop and is killed at
//! random moments, 200 times. Every time, the file loads and never goes backwards.
//!
//! The child is this test binary itself, re-run with an environment variable that turns
//! `save_loop_child` into the saving loop.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use threatbench::model::{ElementKind, IdKind};
use threatbench::store::{self, SessionFile};

const CHILD_ENV: &str = "THREATBENCH_TEST_SAVE_LOOP";
const KILLS: usize = 200;

/// In the child: open the session and save a growing version of it until killed.
#[test]
fn save_loop_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return; // an ordinary test run: nothing to do
    };
    let mut opened = SessionFile::open(Path::new(&path)).expect("child opens the session");
    assert!(
        opened.file.read_only().is_none(),
        "the previous child still holds the lock"
    );
    let mut session = opened.session;
    loop {
        let id = session.issue_id(IdKind::Element);
        session.elements.push(threatbench::model::Element {
            id,
            kind: ElementKind::Process,
            name: format!("service {}", session.elements.len()),
            notes:
                "a few lines of notes\nso that the file grows\nby more than a block now and then\n"
                    .repeat(4),
        });
        session.updated = chrono::Utc::now();
        opened.file.save(&session).expect("save");
    }
}

/// A small deterministic generator, so a failure names the seed that reproduces it.
struct Lcg(u64);

impl Lcg {
    fn next_in(&mut self, low: u64, high: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        low + (self.0 >> 33) % (high - low + 1)
    }
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tmp"))
        .collect()
}

#[test]
fn kill_9_during_save_never_corrupts_or_goes_backwards() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let path = file.path().to_owned();
    drop(file); // release the lock for the children
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut rng = Lcg(seed);
    let exe = std::env::current_exe().unwrap();
    let mut last = common::sample().elements.len();
    let mut first_growth = None;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args([
                "save_loop_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.next_in(10, 90)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let session = store::load(&path)
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): the file does not load: {e}"));
        let count = session.elements.len();
        assert!(
            count >= last,
            "round {round} (seed {seed}): went back from {last} to {count} elements"
        );
        if count > last && first_growth.is_none() {
            first_growth = Some(round);
        }
        last = count;
    }
    let saves = last - common::sample().elements.len();
    assert!(
        saves >= KILLS / 4,
        "only {saves} saves in {KILLS} rounds: the children barely ran"
    );
    eprintln!("{KILLS} kills, {saves} saves survived, file loads every time");
    // Opening with the lock clears what killed writers left behind.
    let opened = SessionFile::open(&path).unwrap();
    assert!(opened.file.read_only().is_none());
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new());
    assert_eq!(
        store::load(&store::atomic::backup_path(&path))
            .map(|_| ())
            .ok(),
        Some(()),
        "the backup loads too"
    );
}
