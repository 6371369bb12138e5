//! Durable, atomic replacement of a file: the old content or the new, never a mix, even if
//! the process is killed or the machine loses power half-way.
//!
//! The recipe: refuse symlinks; write a fresh temp file (0600, `O_EXCL`) in the same
//! directory; fsync it; keep the current file as the backup; rename the temp file over the
//! target; fsync the directory so that the rename itself is durable.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::SaveError;

/// Mode of every file the store writes: the owner may read and write, nobody else anything.
pub const FILE_MODE: u32 = 0o600;
/// Mode of every directory the store creates.
pub const DIR_MODE: u32 = 0o700;

/// The backup kept of the previous good file: the same path with `.bak` appended.
pub fn backup_path(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// The prefix and suffix of temp files for `target`, so that stale ones can be found.
fn temp_affixes(target: &Path) -> Option<(String, &'static str)> {
    let name = target.file_name()?.to_string_lossy();
    Some((format!(".{name}."), ".tmp"))
}

fn parent_dir(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Creates `dir` and any missing parents with mode 0700; a folder it creates is made
/// durable in its parent.
pub fn create_dir_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)?;
    File::open(parent_dir(dir)).and_then(|d| d.sync_all())
}

/// Checks that `target` is absent or a regular file, and not a symlink.
pub fn check_target(target: &Path) -> Result<(), SaveError> {
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => Err(SaveError::Symlink {
            path: target.to_owned(),
        }),
        Ok(meta) if !meta.is_file() => Err(SaveError::NotAFile {
            path: target.to_owned(),
        }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(SaveError::Io {
            path: target.to_owned(),
            step: "inspect",
            source,
        }),
    }
}

/// Replaces `target` with `bytes` atomically and durably, keeping the previous content at
/// [`backup_path`] when it can. On an error before the rename the target is unchanged and
/// the temp file is removed; an error after it (the folder's fsync) means the new content is
/// in place but may not survive a power cut.
pub fn replace(target: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    check_target(target)?;
    let dir = parent_dir(target);
    let io_err = |path: &Path, step: &'static str| {
        let path = path.to_owned();
        move |source| SaveError::Io { path, step, source }
    };
    create_dir_private(dir).map_err(io_err(dir, "create directory"))?;
    let (temp, mut file) = create_temp(target).map_err(io_err(dir, "create temp file"))?;
    let result = (|| {
        file.write_all(bytes).map_err(io_err(&temp, "write"))?;
        file.sync_all().map_err(io_err(&temp, "fsync"))?;
        verify_written(&file, &temp, bytes)?;
        // The backup is a convenience; failing to make it must not stop the save itself.
        let _ = keep_backup(target);
        fs::rename(&temp, target).map_err(io_err(target, "rename"))?;
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err(dir, "fsync directory"))
    })();
    if result.is_err() {
        // The temp file may already be gone (renamed); either way nothing else to undo.
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Reads the temp file back through its open handle: catches a short or mangled write (it
/// reads the page cache, so it cannot see a write the disk later loses; the fsync before it
/// is for that). Compared a block at a time, so the text is never held twice.
fn verify_written(file: &File, temp: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    use std::os::unix::fs::FileExt;
    let read_error = |source| SaveError::Io {
        path: temp.to_owned(),
        step: "read back",
        source,
    };
    let mut block = vec![0u8; VERIFY_BLOCK.min(bytes.len() + 1)];
    let mut offset = 0;
    loop {
        let read = match file.read_at(&mut block, offset as u64) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(e)),
        };
        // `offset` only moves over bytes that matched, so it is within `bytes`.
        let rest = bytes.get(offset..).unwrap_or_default();
        if read == 0 && rest.is_empty() {
            return Ok(());
        }
        if read == 0 || read > rest.len() || block[..read] != rest[..read] {
            let size = file.metadata().map_or(0, |m| m.len());
            return Err(SaveError::RoundTrip(format!(
                "{} read back other bytes than were written ({size} bytes on disk, {} meant)",
                temp.display(),
                bytes.len()
            )));
        }
        offset += read;
    }
}

/// How much of the temp file is read back at a time.
const VERIFY_BLOCK: usize = 256 * 1024;

/// A new, empty temp file beside `target`, created exclusively with mode 0600.
fn create_temp(target: &Path) -> io::Result<(PathBuf, File)> {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let (prefix, suffix) = temp_affixes(target)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "target has no file name"))?;
    let dir = parent_dir(target);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for _ in 0..100 {
        let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(
            "{prefix}{}-{nanos:x}-{n}{suffix}",
            std::process::id()
        ));
        // Readable too, so that the write is read back through the same handle.
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
        {
            Ok(file) => {
                // The mode passed to open is filtered by the umask; 0600 survives any umask,
                // but set it explicitly so that the guarantee does not rest on that argument.
                if let Err(e) = file.set_permissions(fs::Permissions::from_mode(FILE_MODE)) {
                    let _ = fs::remove_file(&path);
                    return Err(e);
                }
                return Ok((path, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "could not find a free temp file name",
    ))
}

/// Keeps the current target as the backup, replacing the previous backup atomically. A
/// hard link costs no copy; where links are not supported, the bytes are copied instead.
fn keep_backup(target: &Path) -> io::Result<()> {
    if !target.exists() {
        return Ok(());
    }
    let backup = backup_path(target);
    let (prefix, suffix) = temp_affixes(&backup)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "target has no file name"))?;
    let staging = parent_dir(target).join(format!("{prefix}{}{suffix}", std::process::id()));
    let _ = fs::remove_file(&staging);
    if fs::hard_link(target, &staging).is_ok() {
        // The link shares the old file's mode (0644 after a git checkout, say); the backup
        // is owner-only like everything else. The old inode is replaced in a moment anyway.
        fs::set_permissions(&staging, fs::Permissions::from_mode(FILE_MODE))?;
    } else {
        let mut copy = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&staging)?;
        copy.write_all(&fs::read(target)?)?;
        copy.sync_all()?;
    }
    fs::rename(&staging, &backup)
}

/// Removes temp files left by a process that died mid-save. Call only while holding the
/// session's lock: otherwise the temp file of a live writer could vanish under it.
pub fn remove_stale_temps(target: &Path) -> io::Result<usize> {
    let mut removed = 0;
    let dir = parent_dir(target);
    let mut patterns = Vec::new();
    patterns.extend(temp_affixes(target));
    patterns.extend(temp_affixes(&backup_path(target)));
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = patterns.iter().any(|(prefix, suffix)| {
            name.starts_with(prefix.as_str())
                && name.ends_with(suffix)
                && name.len() > prefix.len() + suffix.len()
        });
        if stale && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_a_backup_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.ron");
        replace(&target, b"one").unwrap();
        replace(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&target)).unwrap(), b"one");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_write_is_read_back_whole_and_only_the_same_bytes_pass() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t");
        let check = |on_disk: &[u8], meant: &[u8]| {
            fs::write(&path, on_disk).unwrap();
            verify_written(&File::open(&path).unwrap(), &path, meant).is_ok()
        };
        for len in [
            0,
            1,
            VERIFY_BLOCK - 1,
            VERIFY_BLOCK,
            VERIFY_BLOCK + 1,
            3 * VERIFY_BLOCK,
        ] {
            let meant: Vec<u8> = (0..len).map(|n| (n % 251) as u8).collect();
            assert!(check(&meant, &meant), "{len}");
            let mut longer = meant.clone();
            longer.push(b'x');
            assert!(!check(&longer, &meant), "{len} + 1");
            if let Some((_, shorter)) = meant.split_last() {
                assert!(!check(shorter, &meant), "{len} - 1");
                let mut other = meant.clone();
                other[len / 2] ^= 1;
                assert!(!check(&other, &meant), "{len} changed");
            }
        }
    }

    #[test]
    fn stale_temps_are_found_and_only_they() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.ron");
        fs::write(dir.path().join(".s.ron.123-ab-0.tmp"), "x").unwrap();
        fs::write(dir.path().join(".s.ron.bak.9.tmp"), "x").unwrap();
        fs::write(dir.path().join(".other.ron.1.tmp"), "x").unwrap();
        fs::write(dir.path().join("s.ron"), "keep").unwrap();
        assert_eq!(remove_stale_temps(&target).unwrap(), 2);
        assert!(dir.path().join(".other.ron.1.tmp").exists());
        assert!(target.exists());
    }
}
