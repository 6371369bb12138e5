//! Writing an export beside the session, or where `--out` says: one file per part, atomic,
//! and only where nothing else is lost: never over a session, lock, backup or temp file,
//! and over an existing file only when it is an earlier export or the user says `--force`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::atomic;

/// What an export may write over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// A new file, or an earlier export (see [`is_earlier_export`]): the default.
    Exports,
    /// Any regular file too (`--force`), though still never a session, lock, backup or temp
    /// file.
    AnyFile,
}

/// File names an export never takes, whatever `--force` says: the store's lock files
/// (`s.ron.lock`), backups (`s.ron.bak`) and temp files (`.s.ron.….tmp`).
const RESERVED_SUFFIXES: [&str; 3] = [".lock", ".bak", ".tmp"];

/// Writes the parts to `target` (a file, or a folder to put them in), replacing only
/// earlier exports. Returns the paths written.
pub fn write_parts(
    target: &Path,
    session: &Path,
    extension: &str,
    parts: &[String],
) -> Result<Vec<PathBuf>, String> {
    write_parts_with(target, session, extension, parts, Replace::Exports)
}

/// Writes the parts to `target` (a file, or a folder to put them in), each atomically and
/// without a backup (an export is made again from its session), replacing what `replace`
/// allows. Every path is checked before the first is written. A new file is owner-only; a
/// replaced file keeps its mode. Returns the paths written.
pub fn write_parts_with(
    target: &Path,
    session: &Path,
    extension: &str,
    parts: &[String],
    replace: Replace,
) -> Result<Vec<PathBuf>, String> {
    // `--out build/` names a folder, whether or not it exists yet.
    if target.as_os_str().to_string_lossy().ends_with('/') && !target.exists() {
        atomic::create_dir_private(target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let (dir, stem, ext) = if target.is_dir() {
        let stem = session
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        (target.to_owned(), stem, extension.to_owned())
    } else {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let name = target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match name.split_once('.') {
            Some((stem, ext)) => (dir, stem.to_owned(), ext.to_owned()),
            None => (dir, name, extension.to_owned()),
        }
    };
    let paths: Vec<PathBuf> = (0..parts.len())
        .map(|i| {
            if parts.len() == 1 && !target.is_dir() {
                target.to_owned()
            } else if parts.len() == 1 {
                dir.join(format!("{stem}.{ext}"))
            } else {
                dir.join(format!("{stem}-part-{}.{ext}", i + 1))
            }
        })
        .collect();
    for path in &paths {
        refuse_to_clobber(path, session, replace)?;
    }
    write_exports(&dir, &paths, parts)?;
    Ok(paths)
}

/// An export never replaces the session file it came from, any other session file, or the
/// store's lock, backup and temp files; an existing file that is not an earlier export only
/// with [`Replace::AnyFile`].
fn refuse_to_clobber(path: &Path, session: &Path, replace: Replace) -> Result<(), String> {
    let same = match (fs::canonicalize(path), fs::canonicalize(session)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let is_session = path.extension().is_some_and(|e| e == "ron") && path.exists();
    if same || is_session {
        return Err(format!(
            "{}: refusing to overwrite a session file with an export; choose another --out",
            path.display()
        ));
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|s| name.ends_with(*s)) {
        return Err(format!(
            "{}: refusing to write an export to a {suffix} file (the names of session locks, \
             backups and temp files); choose another --out",
            path.display()
        ));
    }
    atomic::check_target(path).map_err(|e| e.to_string())?;
    if replace == Replace::Exports && path.exists() {
        let earlier = is_earlier_export(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if !earlier {
            return Err(format!(
                "{}: exists and is not an earlier threatbench export, so it was left alone; \
                 choose another --out, or replace it with threatbench export --force",
                path.display()
            ));
        }
    }
    Ok(())
}

/// How much of each end of a file is read to recognize an export: its header and footer
/// lines are far shorter.
const PEEK_BYTES: u64 = 64 * 1024;

/// Whether the file at `path` is an export threatbench wrote, by its own marks: the
/// Markdown or Jira footer `_Generated by threatbench …_` as its last line, the
/// `Part N of M — threat model:` header of a part as its first, or the JSON schema
/// `threatbench-export/…` as its first field. Template output carries no mark.
fn is_earlier_export(path: &Path) -> io::Result<bool> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut head = Vec::new();
    (&mut file).take(PEEK_BYTES).read_to_end(&mut head)?;
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(len.saturating_sub(PEEK_BYTES)))?;
    file.take(PEEK_BYTES).read_to_end(&mut tail)?;
    let head = String::from_utf8_lossy(&head);
    let tail = String::from_utf8_lossy(&tail);
    let first = head.lines().next().unwrap_or("");
    let last = tail.lines().rev().find(|l| !l.trim().is_empty());
    Ok(is_json_export(&head)
        || is_part_header(first)
        || last.is_some_and(|l| l.starts_with("_Generated by threatbench ")))
}

/// `{` and then `"schema": "threatbench-export/…"` as the first field; or an OTM file
/// (`"otmVersion"` first) or CycloneDX reference (`"type": "threat-model"` first) that
/// names threatbench as its generator.
fn is_json_export(head: &str) -> bool {
    head.trim_start().strip_prefix('{').is_some_and(|rest| {
        let rest = rest.trim_start();
        rest.starts_with("\"schema\": \"threatbench-export/")
            || (rest.starts_with("\"otmVersion\"")
                && head.contains("\"generator\": \"threatbench "))
            || (rest.starts_with("\"type\": \"threat-model\"")
                && head.contains("(threatbench session file)\""))
    })
}

/// `**Part 2 of 3** — threat model: …` (Markdown) or `*Part 2 of 3* — threat model: …`
/// (Jira).
fn is_part_header(line: &str) -> bool {
    let number = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    ["**", "*"].iter().any(|stars| {
        line.strip_prefix(&format!("{stars}Part "))
            .and_then(|rest| rest.split_once(&format!("{stars} — threat model: ")))
            .and_then(|(numbers, _)| numbers.split_once(" of "))
            .is_some_and(|(i, n)| number(i) && number(n))
    })
}

/// Replaces each of `paths` with its part atomically and durably, without keeping a
/// backup: a `.bak` beside a README would be a stray file, and whatever it held the user
/// chose to replace. A new file is owner-only; an existing one keeps its mode.
///
/// Each part goes to a temp file beside its target first; all of them are made durable
/// before the first is renamed over its target, and the folder is synced once after the
/// last rename. Two syncs of the folder per part were most of the time of a long export
/// (a Jira export of 10,000 threats has 116 parts). A failure before the renames replaces
/// nothing; every temp file not renamed is removed.
fn write_exports(dir: &Path, paths: &[PathBuf], parts: &[String]) -> Result<(), String> {
    let at = |path: &Path| {
        let path = path.to_owned();
        move |e: io::Error| format!("{}: {e}", path.display())
    };
    atomic::create_dir_private(dir).map_err(at(dir))?;
    let mut staged: Vec<(PathBuf, &Path)> = Vec::with_capacity(paths.len());
    let result = (|| {
        // A few hundred files open at a time at most, well under any limit on descriptors.
        for chunk in paths.chunks(OPEN_AT_ONCE).zip(parts.chunks(OPEN_AT_ONCE)) {
            let mut files = Vec::with_capacity(chunk.0.len());
            for (path, part) in chunk.0.iter().zip(chunk.1) {
                let (temp, file) = stage(dir, path, part.as_bytes()).map_err(at(path))?;
                staged.push((temp, path));
                files.push(file);
            }
            sync_all(&files, chunk.0).map_err(|(e, path)| at(path)(e))?;
        }
        for (temp, path) in &staged {
            fs::rename(temp, path).map_err(at(path))?;
        }
        File::open(dir).and_then(|d| d.sync_all()).map_err(at(dir))
    })();
    if result.is_err() {
        // Those renamed are gone already; nothing else to undo.
        for (temp, _) in &staged {
            let _ = fs::remove_file(temp);
        }
    }
    result
}

/// Syncs every file, the syncs shared among a few threads: the file system's journal
/// commits the syncs that wait at the same time together. The first failure, with the
/// target whose temp file it was. Where no thread can be started, this one syncs its share.
fn sync_all<'p>(files: &[File], paths: &'p [PathBuf]) -> Result<(), (io::Error, &'p Path)> {
    let share = files.len().div_ceil(SYNC_THREADS).max(1);
    std::thread::scope(|scope| {
        let mut shares = files.chunks(share).zip(paths.chunks(share));
        let first = shares.next();
        let helpers: Vec<_> = shares
            .map(|(files, paths)| {
                let helper = std::thread::Builder::new()
                    .name("threatbench-sync".into())
                    .spawn_scoped(scope, move || sync_each(files, paths));
                (helper, files, paths)
            })
            .collect();
        let mut result = first.map_or(Ok(()), |(files, paths)| sync_each(files, paths));
        for (helper, files, paths) in helpers {
            let synced = match helper {
                Ok(helper) => helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => sync_each(files, paths),
            };
            result = result.and(synced);
        }
        result
    })
}

/// Syncs each file in turn; the first failure, with its target.
fn sync_each<'p>(files: &[File], paths: &'p [PathBuf]) -> Result<(), (io::Error, &'p Path)> {
    for (file, path) in files.iter().zip(paths) {
        file.sync_all().map_err(|e| (e, path.as_path()))?;
    }
    Ok(())
}

/// How many threads share the syncs.
const SYNC_THREADS: usize = 4;

/// How many parts' temp files are open at once before they are synced and closed.
const OPEN_AT_ONCE: usize = 256;

/// Writes `bytes` to a new temp file for `path` in `dir` with the mode the target keeps
/// (owner-only when new), and asks the system to start writing it to disk. Returns the
/// temp file's path and the open file, to sync.
fn stage(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<(PathBuf, File)> {
    let mode = match fs::symlink_metadata(path) {
        Ok(meta) => meta.permissions().mode() & 0o777,
        Err(e) if e.kind() == io::ErrorKind::NotFound => atomic::FILE_MODE,
        Err(e) => return Err(e),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // The store's temp-file pattern, so that a crash leaves nothing unrecognizable.
    let temp = dir.join(format!(".{name}.{}-export.tmp", std::process::id()));
    let _ = fs::remove_file(&temp);
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(atomic::FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&temp)?;
        file.set_permissions(fs::Permissions::from_mode(mode))?;
        file.write_all(bytes)?;
        start_writeback(&file);
        Ok(file)
    })();
    match written {
        Ok(file) => Ok((temp, file)),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Starts writing the file's data to disk without waiting: by the time it is synced, the
/// disk has written it together with the parts before it, in one commit of the file
/// system's journal rather than one each. Only a hint; the sync after it is what counts.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for as long as `file` is borrowed; the call reads no
    // memory of ours.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

/// Elsewhere the sync alone writes the file.
#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_headers_and_json_are_recognized_and_look_alikes_are_not() {
        assert!(is_part_header(
            "**Part 2 of 13** — threat model: Refund API (continued)"
        ));
        assert!(is_part_header("*Part 1 of 2* — threat model: Refund API"));
        assert!(!is_part_header(
            "**Part 2 of 13* — threat model: Refund API"
        ));
        assert!(!is_part_header("**Part two of 3** — threat model: x"));
        assert!(!is_part_header("# Part 1 of 2 — threat model: x"));
        assert!(is_json_export(
            "{\n  \"schema\": \"threatbench-export/1\",\n"
        ));
        assert!(!is_json_export(
            "{\n  \"name\": \"x\", \"schema\": \"threatbench-export/1\""
        ));
    }

    #[test]
    fn parts_replace_their_targets_keeping_modes_and_leave_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (1..=300)
            .map(|n| dir.path().join(format!("s-part-{n}.md")))
            .collect();
        fs::write(&paths[1], "old").unwrap();
        fs::set_permissions(&paths[1], fs::Permissions::from_mode(0o640)).unwrap();
        let parts: Vec<String> = (1..=300).map(|n| format!("part {n}\n")).collect();
        write_exports(dir.path(), &paths, &parts).unwrap();
        for (path, part) in paths.iter().zip(&parts) {
            assert_eq!(fs::read_to_string(path).unwrap(), *part);
        }
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&paths[0]), 0o600, "a new file is owner-only");
        assert_eq!(mode(&paths[1]), 0o640, "a replaced file keeps its mode");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            300,
            "no temp file left"
        );
    }

    #[test]
    fn a_part_that_cannot_be_written_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = ["a.md", "b.md", "c.md"]
            .iter()
            .map(|name| dir.path().join(name))
            .collect();
        for path in &paths {
            fs::write(path, "old").unwrap();
        }
        // A folder where the last part's temp file would go: it cannot be created.
        let blocker = dir
            .path()
            .join(format!(".c.md.{}-export.tmp", std::process::id()));
        fs::create_dir(&blocker).unwrap();
        let parts = vec!["new".to_owned(); 3];
        let error = write_exports(dir.path(), &paths, &parts).unwrap_err();
        assert!(
            error.starts_with(&paths[2].display().to_string()),
            "{error}"
        );
        for path in &paths {
            assert_eq!(fs::read_to_string(path).unwrap(), "old");
        }
        fs::remove_dir(&blocker).unwrap();
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            3,
            "no temp file left"
        );
    }

    #[test]
    fn the_footer_must_be_the_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.md");
        fs::write(
            &file,
            "# Notes\n\n_Generated by threatbench 0.1.0 from s.ron._\n\n",
        )
        .unwrap();
        assert!(is_earlier_export(&file).unwrap());
        fs::write(
            &file,
            "_Generated by threatbench 0.1.0 from s.ron._\n\nmy own text\n",
        )
        .unwrap();
        assert!(!is_earlier_export(&file).unwrap());
    }
}
