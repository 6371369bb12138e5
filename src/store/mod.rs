//! The store: session files on disk that never lose data.
//!
//! Loading is bounded and validated, and a file that fails to load is never written to.
//! Saving is atomic and durable ([`atomic`]), checked by reading the text back before it
//! replaces anything, and keeps one backup. One process at a time may write a session; the
//! others open it read-only and are told who holds it ([`lock`]).

pub mod atomic;
mod codec;
mod error;
pub mod location;
pub mod lock;
mod parts;
pub mod recovery;
mod seen;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[doc(hidden)]
pub use codec::fast_read;
pub use codec::{from_bytes, id_positions, to_ron, to_ron_by_ron};

/// What a file name says a session file is not: a session of its own. A conflict copy
/// (`<name>.conflict-<stamp>.ron`, a save diverted from a file changed on disk) and a
/// recovery file (`<name>.recovered-<stamp>.ron`, edits that could not be saved) are
/// another version of a session, waiting for a person to compare them. Returns what it is.
pub fn side_copy(file_name: &str) -> Option<&'static str> {
    let stem = file_name.strip_suffix(".ron")?;
    if stem.contains(".conflict-") {
        Some("a conflict copy")
    } else if stem.contains(".recovered-") {
        Some("a recovery file")
    } else {
        None
    }
}
pub use error::{HolderText, LoadError, Position, SaveError};
pub use lock::{Holder, LockError, SessionLock};
pub use parts::{Replace, write_parts, write_parts_with};
pub use seen::{Change, Seen};

use crate::alongside::alongside;
use crate::model::{Session, validate};

/// The largest session file accepted: far above any real session (20,000 elements with
/// 100,000 threats take about 20 MiB), far below harm.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads and validates the session at `path` without locking it. The file is not changed.
pub fn load(path: &Path) -> Result<Session, LoadError> {
    let bytes = read_capped(path)?;
    from_bytes(path, &bytes)
}

/// A session as loaded, with where each item's ID is written in its file: for messages and
/// reports that point at a line (`check`, SARIF).
#[derive(Debug, Clone)]
pub struct Located {
    /// The session.
    pub session: Session,
    /// The line and column of each element's, threat's, decision's and assumption's `id`.
    pub ids: std::collections::HashMap<String, Position>,
}

/// [`load`], and where each ID is written in the file (one more pass over its text).
pub fn load_located(path: &Path) -> Result<Located, LoadError> {
    let bytes = read_capped(path)?;
    let (session, ids) = codec::from_bytes_located(path, &bytes)?;
    Ok(Located { session, ids })
}

/// The file's bytes, refusing anything but a regular file of at most [`MAX_FILE_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    // Checked before opening: opening a FIFO would block until a writer appears.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_owned(),
        });
    }
    let too_large = |size| LoadError::TooLarge {
        path: path.to_owned(),
        size,
        limit: MAX_FILE_BYTES,
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between stat and read; the cap holds either way.
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`load`], and the SHA-256 of the bytes it read (as [`sha256_hex`] writes it): what an
/// export cites is then the very text it was made from, and the file is read once. The
/// digest is worked out on a second thread while the text is parsed and validated.
pub fn load_with_sha256(path: &Path) -> Result<(Session, String), LoadError> {
    let bytes = read_capped(path)?;
    let (session, sha256) = alongside(
        "threatbench-load",
        || from_bytes(path, &bytes),
        || sha256_hex(&bytes),
    );
    Ok((session?, sha256))
}

/// SHA-256 of a file's bytes, as 64 lowercase hex digits: what revision chains and export
/// footers cite.
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    Ok(sha256_hex(&std::fs::read(path)?))
}

/// SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How this process may use a session file.
#[derive(Debug)]
enum Access {
    /// We hold the lock and may save; the lock is released when the file is dropped.
    Exclusive(#[allow(dead_code)] SessionLock),
    /// We may only read; the text says why (who holds the lock, a symlink, ...).
    ReadOnly(String),
}

/// Why a session at `path` may only be read: a symlink, or a file with other hard links,
/// would be split in two by the atomic rename of a save (and each name would have its own
/// lock). Call after removing stale temp files: a save killed mid-way can leave the
/// session linked to its own backup, which is no reason to refuse.
fn read_only_reason(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Some(format!(
            "it is a symbolic link to {target}; open that file to edit it"
        ));
    }
    let own_backup = std::fs::symlink_metadata(atomic::backup_path(path))
        .is_ok_and(|b| b.dev() == meta.dev() && b.ino() == meta.ino());
    let links = meta.nlink().saturating_sub(u64::from(own_backup));
    (links > 1).then(|| {
        format!("it has {links} hard links and a save would split them; open a copy to edit it")
    })
}

/// An open session file: its path, whether this process may write it, and what it last
/// read or wrote there (to notice a change made by someone else before saving over it).
#[derive(Debug)]
pub struct SessionFile {
    path: PathBuf,
    access: Access,
    seen: Option<Seen>,
}

/// Where a save went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Over the session's file, as usual.
    InPlace,
    /// The file was renamed on disk (`git mv`): the save followed it to its new name,
    /// which is the session's file from now on.
    Followed {
        /// The old name.
        from: PathBuf,
        /// The new name, written.
        to: PathBuf,
    },
    /// The file was changed or deleted on disk, or someone else took its lock: it was left
    /// as it is, and this save went to a conflict copy beside it, which is the session's file
    /// from now on. Nothing of either version is lost.
    Diverted {
        /// The file left alone.
        from: PathBuf,
        /// The conflict copy, written.
        to: PathBuf,
        /// What happened to the file, in words.
        why: String,
    },
}

/// A loaded session together with the file it came from.
#[derive(Debug)]
pub struct Opened {
    /// The session as loaded.
    pub session: Session,
    /// The file, locked for writing or read-only.
    pub file: SessionFile,
}

impl SessionFile {
    /// Opens an existing session: takes its lock if free (then clears temp files a crashed
    /// writer left behind), else opens read-only; then loads it.
    pub fn open(path: &Path) -> Result<Opened, LoadError> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let mut access = if is_link {
            Access::ReadOnly(read_only_reason(path).unwrap_or_default())
        } else {
            match SessionLock::acquire(path) {
                Ok(lock) => Access::Exclusive(lock),
                Err(LockError::Held(holder)) => Access::ReadOnly(HolderText(holder).to_string()),
                // A folder we may not write to: reading is still fine.
                Err(LockError::Io(e)) => {
                    Access::ReadOnly(format!("cannot create its lock file ({e})"))
                }
            }
        };
        let bytes = read_capped(path)?;
        let session = from_bytes(path, &bytes)?;
        let seen = Seen::of(path, &bytes).ok();
        if matches!(access, Access::Exclusive(_)) {
            // Only now that the file loaded: leftovers of a crashed save are no use any more.
            // Failing to remove them is harmless.
            let _ = atomic::remove_stale_temps(path);
            if let Some(reason) = read_only_reason(path) {
                access = Access::ReadOnly(reason);
            }
        }
        Ok(Opened {
            session,
            file: SessionFile {
                path: path.to_owned(),
                access,
                seen,
            },
        })
    }

    /// Creates a new session file in `dir` named after the title (`refund-api.ron`, or
    /// `refund-api-2.ron` when taken), locked by this process, and saves `session` into it.
    pub fn create(dir: &Path, session: &Session) -> Result<SessionFile, SaveError> {
        // Check first, so that an invalid session leaves nothing behind.
        let text = encode_checked(session)?;
        keep_sidecars_out_of_git(dir);
        atomic::create_dir_private(dir).map_err(|source| SaveError::Io {
            path: dir.to_owned(),
            step: "create directory",
            source,
        })?;
        for path in location::candidates(dir, &session.title).take(10_000) {
            if let Some(file) = Self::claim(path, &text)? {
                return Ok(file);
            }
        }
        Err(SaveError::Io {
            path: dir.to_owned(),
            step: "choose a file name",
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "every candidate name is taken",
            ),
        })
    }

    /// Creates a new session file at exactly `path` (its folder must exist), locked by this
    /// process, and saves `session` into it; an existing file there is never replaced.
    pub fn create_at(path: &Path, session: &Session) -> Result<SessionFile, SaveError> {
        let text = encode_checked(session)?;
        Self::claim(path.to_owned(), &text)?.ok_or_else(|| SaveError::Io {
            path: path.to_owned(),
            step: "create",
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a file of that name exists (or is being created)",
            ),
        })
    }

    /// Writes `text` to `path` as a new, locked session file; `None` when the name is taken
    /// (a file, a link or someone else's lock is there).
    fn claim(path: PathBuf, text: &str) -> Result<Option<SessionFile>, SaveError> {
        let lock_is_link = std::fs::symlink_metadata(lock::lock_path(&path))
            .is_ok_and(|m| m.file_type().is_symlink());
        if lock_is_link || std::fs::symlink_metadata(&path).is_ok() {
            return Ok(None);
        }
        let lock = match SessionLock::acquire(&path) {
            Ok(lock) => lock,
            // Someone creating the same name right now holds its lock: skip it.
            Err(LockError::Held(_)) => return Ok(None),
            Err(LockError::Io(source)) => {
                return Err(SaveError::Io {
                    path: lock::lock_path(&path),
                    step: "create lock file",
                    source,
                });
            }
        };
        if std::fs::symlink_metadata(&path).is_ok() {
            return Ok(None);
        }
        let seen = write_seen(&path, text)?;
        Ok(Some(SessionFile {
            path,
            access: Access::Exclusive(lock),
            seen,
        }))
    }

    /// The session file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why this file is open read-only (who holds the lock, ...), if it is.
    pub fn read_only(&self) -> Option<&str> {
        match &self.access {
            Access::Exclusive(_) => None,
            Access::ReadOnly(reason) => Some(reason),
        }
    }

    /// Saves `session`: validated, serialized, then written atomically and read back byte
    /// for byte. On error nothing on disk changed.
    ///
    /// Never over someone else's work: when the file changed on disk since this process last
    /// read or wrote it, was deleted, or its lock is now someone else's, the file is left
    /// alone and the save goes to a conflict copy beside it ([`Saved::Diverted`]). A file
    /// renamed in the same folder (`git mv`) is followed ([`Saved::Followed`]).
    pub fn save(&mut self, session: &Session) -> Result<Saved, SaveError> {
        self.writable()?;
        self.save_encoded(&encode_checked(session)?)
    }

    /// Saves `text`, which [`encode_checked`] made from a valid session, as [`Self::save`]
    /// does: a caller on another thread can let go of the session before the disk is
    /// waited for.
    pub fn save_encoded(&mut self, text: &str) -> Result<Saved, SaveError> {
        self.writable()?;
        let mut outcome = Saved::InPlace;
        match self.obstacle() {
            Obstacle::None => {}
            Obstacle::Renamed(to) => {
                let from = std::mem::replace(&mut self.path, to.clone());
                outcome = Saved::Followed { from, to };
            }
            Obstacle::Other(why) => return self.divert(text, why),
        }
        self.seen = write_seen(&self.path, text)?;
        Ok(outcome)
    }

    /// Refuses a save of a session opened read-only.
    fn writable(&self) -> Result<(), SaveError> {
        match &self.access {
            Access::ReadOnly(reason) => Err(SaveError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// What stands in the way of writing over the file, if anything.
    fn obstacle(&mut self) -> Obstacle {
        let Some(seen) = self.seen.as_mut() else {
            return Obstacle::None;
        };
        // An error here (the folder unreadable) is left to the write, which reports it.
        let change = seen.check(&self.path).unwrap_or(Change::None);
        if change == Change::Gone
            && let Some(to) = seen.renamed_in(&self.path)
            && let Ok(lock) = SessionLock::acquire(&to)
        {
            self.access = Access::Exclusive(lock);
            return Obstacle::Renamed(to);
        }
        if change != Change::None {
            return Obstacle::Other(change.describe().to_owned());
        }
        if let Access::Exclusive(lock) = &mut self.access
            && let Err(LockError::Held(holder)) = lock.ensure(&self.path)
        {
            return Obstacle::Other(format!(
                "its lock was removed and {} took it",
                HolderText(holder)
            ));
        }
        Obstacle::None
    }

    /// Writes `text` to a new conflict copy beside the file, locked by this process, and
    /// makes it the session's file.
    fn divert(&mut self, text: &str, why: String) -> Result<Saved, SaveError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let stem = self
            .path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // A conflict copy of a conflict copy is named after the session, not nested.
        let stem = match stem.find(".conflict-") {
            Some(at) => stem[..at].to_owned(),
            None => stem,
        };
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        for n in 1..1000 {
            let name = match n {
                1 => format!("{stem}.conflict-{stamp}.ron"),
                n => format!("{stem}.conflict-{stamp}-{n}.ron"),
            };
            let to = dir.join(name);
            if std::fs::symlink_metadata(&to).is_ok() {
                continue;
            }
            let lock = match SessionLock::acquire(&to) {
                Ok(lock) => lock,
                Err(LockError::Held(_)) => continue,
                Err(LockError::Io(source)) => {
                    return Err(SaveError::Io {
                        path: lock::lock_path(&to),
                        step: "create lock file",
                        source,
                    });
                }
            };
            self.seen = write_seen(&to, text)?;
            let from = std::mem::replace(&mut self.path, to.clone());
            self.access = Access::Exclusive(lock);
            return Ok(Saved::Diverted { from, to, why });
        }
        Err(SaveError::Io {
            path: dir.to_owned(),
            step: "choose a name for the conflict copy",
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "every candidate name is taken",
            ),
        })
    }
}

/// What stands in the way of a save over the session's file.
enum Obstacle {
    /// Nothing.
    None,
    /// The file is now at this path (renamed in its folder); its lock is taken.
    Renamed(PathBuf),
    /// The file changed, went away, or its lock is someone else's; the words say which.
    Other(String),
}

/// What the `.gitignore` written into a sessions folder says.
pub const GITIGNORE: &str =
    "# Written by threatbench beside each session: the lock of whoever has it open, the backup of
# the previous save, and temp files of a save in progress. None of them belongs in git.
*.lock
*.bak
.*.tmp
";

/// Writes a `.gitignore` for the lock, backup and temp files into a sessions folder that has
/// none, so that a team's repository does not collect them. Best effort.
fn keep_sidecars_out_of_git(dir: &Path) {
    let path = dir.join(".gitignore");
    if std::fs::symlink_metadata(&path).is_err() {
        let _ = atomic::replace(&path, GITIGNORE.as_bytes());
    }
}

/// The session's file text, after checking once that the session is valid. The check runs
/// on a second thread while the text is written (they take about as long as each other).
///
/// The text is not parsed back here (that was two thirds of a save): that every valid
/// session reads back from its text as itself is the codec's promise, held by the property
/// tests of `tests/roundtrip.rs`; what a save checks on disk is that the bytes read back
/// from the written file are the bytes meant ([`atomic::replace`]).
pub fn encode_checked(session: &Session) -> Result<String, SaveError> {
    let (text, valid) = alongside("threatbench-save", || to_ron(session), || validate(session));
    valid?;
    text.map_err(|e| SaveError::Serialize(e.to_string()))
}

/// Writes `text` over `path` atomically ([`atomic::replace`]) and returns what is there now,
/// to notice a change by someone else before the next save. The text's SHA-256 is worked out
/// on a second thread while the write waits for the disk.
fn write_seen(path: &Path, text: &str) -> Result<Option<Seen>, SaveError> {
    let (written, digest) = alongside(
        "threatbench-save",
        || atomic::replace(path, text.as_bytes()),
        || seen::digest(text.as_bytes()),
    );
    written?;
    Ok(Seen::with_digest(path, digest).ok())
}
