//! The sidecar lock `<file>.lock`: one writer per session, and a clear answer to "who has
//! it open?" for everyone else.
//!
//! The lock is an advisory `flock` on a file beside the session, never on the session file
//! itself: an atomic save renames a new inode over the session, which would silently void a
//! lock held on the old one. The lock file is never deleted; the kernel frees the lock when
//! the holder exits, however it exits.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};

/// The lock file that guards `session`: the same path with `.lock` appended.
pub fn lock_path(session: &Path) -> PathBuf {
    let mut name = session.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Who holds a lock, as written into the lock file by the holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Process ID.
    pub pid: u32,
    /// Host name.
    pub host: String,
    /// When the lock was taken (RFC 3339).
    pub since: String,
}

impl Holder {
    fn current() -> Self {
        Holder {
            pid: std::process::id(),
            host: host_name(),
            since: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nsince={}\n",
            self.pid, self.host, self.since
        )
    }

    /// Reads what a holder wrote; `None` when it is not in the expected shape.
    fn parse(text: &str) -> Option<Self> {
        let field = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
                .map(|v| {
                    v.chars()
                        .filter(|c| !c.is_control())
                        .take(200)
                        .collect::<String>()
                })
        };
        Some(Holder {
            pid: field("pid")?.parse().ok()?,
            host: field("host")?,
            since: field("since")?,
        })
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pid {} on {} since {}", self.pid, self.host, self.since)
    }
}

fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for `buf.len()` bytes; gethostname writes at most that many
    // and we read only up to the first NUL (or the whole buffer if none).
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "unknown host".to_owned();
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// A held lock on one session. Dropping it (or the process ending) releases it.
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it; here is what it wrote about itself, if readable.
    Held(Option<Holder>),
    /// The lock file could not be created or locked.
    Io(io::Error),
}

impl SessionLock {
    /// Takes the lock for `session` without waiting, and records this process as holder.
    pub fn acquire(session: &Path) -> Result<Self, LockError> {
        let path = lock_path(session);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let holder = Read::by_ref(&mut file)
                    .take(4096)
                    .read_to_string(&mut text)
                    .ok()
                    .and_then(|_| Holder::parse(&text));
                return Err(LockError::Held(holder));
            }
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
        // Who we are is a courtesy for other openers; failing to write it is no reason to
        // give up a lock we hold.
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| file.write_all(Holder::current().to_text().as_bytes()));
        Ok(SessionLock { _file: file })
    }

    /// Makes sure the lock is still there for `session`: a `git clean -fdX` or a removed
    /// folder can delete the lock file while it is held, and a second opener would then take
    /// a new one. A lock file that is gone (or is another file now) is taken afresh; if
    /// someone else already holds the new one, that is the error.
    pub fn ensure(&mut self, session: &Path) -> Result<(), LockError> {
        use std::os::unix::fs::MetadataExt;
        let ours = self._file.metadata().map_err(LockError::Io)?;
        let current = std::fs::symlink_metadata(lock_path(session));
        if current.is_ok_and(|m| m.dev() == ours.dev() && m.ino() == ours.ino()) {
            return Ok(());
        }
        *self = SessionLock::acquire(session)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_text_round_trips() {
        let holder = Holder::current();
        assert_eq!(Holder::parse(&holder.to_text()), Some(holder));
        assert_eq!(Holder::parse("garbage"), None);
    }

    #[test]
    fn a_deleted_lock_is_taken_again_unless_someone_else_has_it() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.ron");
        let mut lock = SessionLock::acquire(&session).unwrap();
        lock.ensure(&session).unwrap();
        std::fs::remove_file(lock_path(&session)).unwrap();
        lock.ensure(&session).unwrap();
        assert!(lock_path(&session).exists(), "the lock file is back");
        std::fs::remove_file(lock_path(&session)).unwrap();
        let other = SessionLock::acquire(&session).unwrap();
        assert!(matches!(lock.ensure(&session), Err(LockError::Held(_))));
        drop(other);
    }

    #[test]
    fn a_second_acquire_in_the_same_process_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("s.ron");
        let first = SessionLock::acquire(&session).unwrap();
        match SessionLock::acquire(&session) {
            Err(LockError::Held(Some(holder))) => assert_eq!(holder.pid, std::process::id()),
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        SessionLock::acquire(&session).unwrap();
    }
}
