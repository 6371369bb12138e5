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

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use codec::{from_bytes, to_ron};
pub use error::{HolderText, LoadError, Position, SaveError};
pub use lock::{Holder, LockError, SessionLock};

use crate::model::{Session, validate};

/// The largest session file accepted: far above any real session, far below harm.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and validates the session at `path` without locking it. The file is not changed.
pub fn load(path: &Path) -> Result<Session, LoadError> {
    let bytes = read_capped(path)?;
    from_bytes(path, &bytes)
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

/// SHA-256 of a file's bytes, as 64 lowercase hex digits: what revision chains and export
/// footers cite.
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// How this process may use a session file.
#[derive(Debug)]
enum Access {
    /// We hold the lock and may save; the lock is released when the file is dropped.
    Exclusive(#[allow(dead_code)] SessionLock),
    /// Someone else holds it; we may only read.
    ReadOnly(HolderText),
}

/// An open session file: its path and whether this process may write it.
#[derive(Debug)]
pub struct SessionFile {
    path: PathBuf,
    access: Access,
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
        let access = match SessionLock::acquire(path) {
            Ok(lock) => {
                // Leftover temp files are harmless; failing to remove them is not an error.
                let _ = atomic::remove_stale_temps(path);
                Access::Exclusive(lock)
            }
            Err(LockError::Held(holder)) => Access::ReadOnly(HolderText(holder)),
            Err(LockError::Io(source)) => {
                return Err(LoadError::Io {
                    path: lock::lock_path(path),
                    source,
                });
            }
        };
        let session = load(path)?;
        Ok(Opened {
            session,
            file: SessionFile {
                path: path.to_owned(),
                access,
            },
        })
    }

    /// Creates a new session file in `dir` named after the title (`refund-api.ron`, or
    /// `refund-api-2.ron` when taken), locked by this process, and saves `session` into it.
    pub fn create(dir: &Path, session: &Session) -> Result<SessionFile, SaveError> {
        atomic::create_dir_private(dir).map_err(|source| SaveError::Io {
            path: dir.to_owned(),
            step: "create directory",
            source,
        })?;
        for path in location::candidates(dir, &session.title).take(10_000) {
            if std::fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            // Someone creating the same name right now holds its lock: skip it.
            let Ok(lock) = SessionLock::acquire(&path) else {
                continue;
            };
            if std::fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            let file = SessionFile {
                path,
                access: Access::Exclusive(lock),
            };
            file.save(session)?;
            return Ok(file);
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

    /// The session file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who holds the lock, when this file is open read-only.
    pub fn read_only(&self) -> Option<&HolderText> {
        match &self.access {
            Access::Exclusive(_) => None,
            Access::ReadOnly(holder) => Some(holder),
        }
    }

    /// Saves `session` over the file: validated, serialized, parsed back and compared, then
    /// written atomically. On error nothing on disk changed.
    pub fn save(&self, session: &Session) -> Result<(), SaveError> {
        if let Access::ReadOnly(holder) = &self.access {
            return Err(SaveError::ReadOnly {
                path: self.path.clone(),
                holder: holder.clone(),
            });
        }
        let text = encode_checked(session)?;
        atomic::replace(&self.path, text.as_bytes())
    }
}

/// The session's file text, after checking that it is valid and reads back as itself.
pub fn encode_checked(session: &Session) -> Result<String, SaveError> {
    validate(session)?;
    let text = to_ron(session).map_err(|e| SaveError::Serialize(e.to_string()))?;
    match from_bytes(Path::new("(new text)"), text.as_bytes()) {
        Ok(back) if back == *session => Ok(text),
        Ok(_) => Err(SaveError::RoundTrip("a field changed on the way".into())),
        Err(e) => Err(SaveError::RoundTrip(e.to_string())),
    }
}
