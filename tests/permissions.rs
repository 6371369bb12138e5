//! Files are owner-only whatever the umask, and the store never writes through a symlink.
//! One test per binary: the umask is process-wide.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use threatbench::store::{self, SaveError, SessionFile, atomic, lock::lock_path};

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn modes_are_private_under_umask_000_and_symlinks_are_refused() {
    // SAFETY: umask has no memory-safety preconditions.
    unsafe { libc::umask(0) };
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("a").join("sessions");
    let mut file = SessionFile::create(&dir, &common::sample()).unwrap();
    file.save(&common::sample()).unwrap(); // a second save makes the backup
    for created in [root.path().join("a"), dir.clone()] {
        assert_eq!(mode(&created), 0o700, "{}", created.display());
    }
    for written in [
        file.path().to_owned(),
        lock_path(file.path()),
        atomic::backup_path(file.path()),
    ] {
        assert_eq!(mode(&written), 0o600, "{}", written.display());
    }

    // A symlink planted where the session should be: the store refuses to write through it.
    let elsewhere = root.path().join("elsewhere.txt");
    fs::write(&elsewhere, "precious").unwrap();
    let link = dir.join("linked.ron");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    assert!(matches!(
        atomic::replace(&link, b"x"),
        Err(SaveError::Symlink { .. })
    ));
    let linked_session = dir.join("linked-session.ron");
    std::os::unix::fs::symlink(file.path(), &linked_session).unwrap();
    // Opening through a symlink gives the session read-only, saying why: a save would
    // replace the link, not the file, and the two would part ways.
    let mut opened = SessionFile::open(&linked_session).unwrap();
    let reason = opened
        .file
        .read_only()
        .expect("read-only through a symlink");
    assert!(reason.contains("symbolic link"), "{reason}");
    assert!(matches!(
        opened.file.save(&opened.session),
        Err(SaveError::ReadOnly { .. })
    ));
    // The same for a second hard link: each name would get its own lock.
    let hard = dir.join("hard.ron");
    fs::hard_link(file.path(), &hard).unwrap();
    let opened = SessionFile::open(&hard).unwrap();
    assert!(
        opened
            .file
            .read_only()
            .is_some_and(|r| r.contains("2 hard links"))
    );
    fs::remove_file(&hard).unwrap();
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "precious");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A lock file that is a symlink is not followed either.
    let target = dir.join("victim.ron");
    std::os::unix::fs::symlink(&elsewhere, lock_path(&target)).unwrap();
    assert!(
        SessionFile::create(&dir, &{
            let mut s = common::sample();
            s.title = "victim".into();
            s
        })
        .is_ok_and(|f| f.path() != target)
    );
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "precious");
    assert!(store::load(file.path()).is_ok());
}
