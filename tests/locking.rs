//! Two processes on one session: the second cannot take the lock, is told who holds it and
//! may read; the lock frees the moment the holder dies.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use threatbench::store::{self, LockError, SaveError, SessionFile, SessionLock, lock::lock_path};

const CHILD_ENV: &str = "THREATBENCH_TEST_LOCK_HOLDER";
/// What the child prints once it holds the lock (libtest may print before it on the line).
const LOCKED: &str = "THREATBENCH-CHILD-LOCKED";

/// In the child: open the session (taking its lock), say so, and wait to be killed.
#[test]
fn lock_holder_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let opened = SessionFile::open(Path::new(&path)).expect("child opens the session");
    assert!(opened.file.read_only().is_none());
    println!("{LOCKED}");
    // Long enough for the parent; short enough that a failed parent leaves no long-lived child.
    std::thread::sleep(std::time::Duration::from_secs(30));
}

#[test]
fn a_second_process_gets_read_only_until_the_holder_dies() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = SessionFile::create(dir.path(), &common::sample())
        .unwrap()
        .path()
        .to_owned();
    let before = std::fs::read(&path).unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "lock_holder_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    assert!(
        stdout
            .lines()
            .map_while(Result::ok)
            .any(|line| line.ends_with(LOCKED)),
        "the child never took the lock"
    );

    let mut opened = SessionFile::open(&path).unwrap();
    let reason = opened
        .file
        .read_only()
        .expect("opened read-only")
        .to_owned();
    assert!(
        reason.contains(&format!("held by pid {} on ", child.id())),
        "{reason}"
    );
    assert_eq!(
        opened.session,
        common::sample(),
        "read-only still shows the session"
    );
    match opened.file.save(&opened.session) {
        Err(e @ SaveError::ReadOnly { .. }) => assert!(e.to_string().contains("read-only"), "{e}"),
        other => panic!("a read-only save must fail: {other:?}"),
    }
    assert!(matches!(
        SessionLock::acquire(&path),
        Err(LockError::Held(Some(_)))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);

    child.kill().unwrap();
    child.wait().unwrap();
    let mut reopened = SessionFile::open(&path).unwrap();
    assert!(
        reopened.file.read_only().is_none(),
        "the lock frees when its holder dies"
    );
    reopened.file.save(&reopened.session).unwrap();
    assert!(lock_path(&path).exists(), "lock files are never deleted");
}

#[test]
fn atomic_saves_do_not_void_the_lock() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut file = SessionFile::create(dir.path(), &common::sample()).unwrap();
    let mut session = common::sample();
    for n in 0..50 {
        session.title = format!("Refund API v{n}");
        file.save(&session).unwrap();
    }
    // Each save renamed a new inode over the session; the sidecar lock is still held.
    assert!(matches!(
        SessionLock::acquire(file.path()),
        Err(LockError::Held(_))
    ));
    assert_eq!(store::load(file.path()).unwrap().title, "Refund API v49");
}
