//! What this process last read or wrote at a session's path, to tell before every save
//! whether someone else changed the file since: a `git pull`, a `git checkout`, an editor, a
//! `git mv` or a deletion. The cheap signs (device, inode, size, modification time) are
//! checked first; when they differ, the content's SHA-256 decides, so that a `touch` or a
//! copy of the same bytes is no change.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The signs of one version of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    sha256: [u8; 32],
}

/// How the file at the path stands against what was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The same bytes as seen (perhaps touched or rewritten identically).
    None,
    /// Other bytes: someone else wrote the file.
    Modified,
    /// Nothing is there any more: deleted, or renamed away (`git mv`).
    Gone,
}

impl Change {
    /// What happened, in words, for the user.
    pub fn describe(&self) -> &'static str {
        match self {
            Change::None => "unchanged",
            Change::Modified => "changed on disk by someone else: git pull? an editor?",
            Change::Gone => "deleted or renamed on disk",
        }
    }
}

/// The SHA-256 that a [`Seen`] keeps of a version's bytes.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl Seen {
    /// The file at `path` as it is now, known to hold `bytes` (just read or just written).
    pub fn of(path: &Path, bytes: &[u8]) -> io::Result<Self> {
        Self::with_digest(path, digest(bytes))
    }

    /// [`Seen::of`], given the [`digest`] of the bytes (worked out while they were written).
    pub fn with_digest(path: &Path, sha256: [u8; 32]) -> io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        Ok(Seen {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            sha256,
        })
    }

    /// How the file at `path` stands now against this version. When only its signs changed
    /// and not its bytes, `self` takes the new signs, so the bytes are read once.
    pub fn check(&mut self, path: &Path) -> io::Result<Change> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Change::Gone),
            Err(e) => return Err(e),
        };
        let signs = (
            meta.dev(),
            meta.ino(),
            meta.len(),
            (meta.mtime(), meta.mtime_nsec()),
        );
        if signs == (self.dev, self.ino, self.len, self.mtime) {
            return Ok(Change::None);
        }
        let bytes = std::fs::read(path)?;
        if digest(&bytes) != self.sha256 {
            return Ok(Change::Modified);
        }
        (self.dev, self.ino, self.len, self.mtime) = signs;
        Ok(Change::None)
    }
}

impl Seen {
    /// Where the file went when it was renamed within its folder (`git mv a.ron b.ron`): the
    /// session file there with the same inode and the same bytes.
    pub fn renamed_in(&self, old: &Path) -> Option<std::path::PathBuf> {
        let dir = old.parent().filter(|p| !p.as_os_str().is_empty())?;
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "ron"))
            .find(|path| {
                std::fs::symlink_metadata(path)
                    .is_ok_and(|m| m.is_file() && m.dev() == self.dev && m.ino() == self.ino)
                    && std::fs::read(path).is_ok_and(|bytes| digest(&bytes) == self.sha256)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_a_touch_and_a_deletion_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        std::fs::write(&path, "one").unwrap();
        let mut seen = Seen::of(&path, b"one").unwrap();
        assert_eq!(seen.check(&path).unwrap(), Change::None);
        // The same bytes through a new inode: no change.
        let other = dir.path().join("t.ron");
        std::fs::write(&other, "one").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert_eq!(seen.check(&path).unwrap(), Change::None);
        std::fs::write(&path, "two").unwrap();
        assert_eq!(seen.check(&path).unwrap(), Change::Modified);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(seen.check(&path).unwrap(), Change::Gone);
    }
}
