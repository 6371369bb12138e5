//! A session's revisions in git: the day each revision was first committed, and the
//! previous revision as last committed (what `revise` hashed when the team committed before
//! revising), for "what changed since the previous revision".
//!
//! Many files are read with few git processes: the root of each folder once, one
//! `git log` per repository for all its session folders (renames followed), and one
//! `git cat-file --batch` per repository for every committed version.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::git::{self, Blobs, GitError, Touching};
use crate::model::Session;
use crate::store;

/// What git knows of a session file.
#[derive(Debug, Clone)]
pub enum History {
    /// The file is not in a git repository (or git cannot run): the reason, in words.
    NotInGit(String),
    /// The file's committed versions, read.
    Committed {
        /// Each revision number with the date of the first commit holding it, in order.
        revisions: Vec<(u32, Option<DateTime<Utc>>)>,
        /// The previous revision (the current one's number less one) as last committed.
        previous: Option<Box<Session>>,
    },
}

/// Revision numbers with the date each was first committed.
type Revisions = Vec<(u32, Option<DateTime<Utc>>)>;

/// The history of each file (`path`, its working copy), in the order given. Versions that
/// no longer read as a session are passed over.
pub fn read_all(files: &[(&Path, &Session)]) -> Vec<History> {
    let mut histories: Vec<Option<History>> = vec![None; files.len()];
    // Which repository each file is in, asking git once per folder.
    let mut roots: HashMap<PathBuf, Result<PathBuf, String>> = HashMap::new();
    let mut by_root: HashMap<PathBuf, Vec<(usize, String)>> = HashMap::new();
    for (i, (path, _)) in files.iter().enumerate() {
        let folder = folder(path);
        let root = roots
            .entry(folder.clone())
            .or_insert_with(|| match git::toplevel(&folder) {
                Ok(root) => Ok(std::fs::canonicalize(&root).unwrap_or(root)),
                Err(GitError::Spawn(e)) => Err(format!("git cannot run: {e}")),
                Err(_) => Err("not in a git repository".to_owned()),
            });
        match root {
            Ok(root) => match relative(path, root) {
                Some(name) => by_root.entry(root.clone()).or_default().push((i, name)),
                None => histories[i] = Some(History::NotInGit("not in a git repository".into())),
            },
            Err(why) => histories[i] = Some(History::NotInGit(why.clone())),
        }
    }
    for (root, members) in by_root {
        let wanted: Vec<(usize, String, u32)> = members
            .into_iter()
            .map(|(i, name)| (i, name, files[i].1.revision))
            .collect();
        for (i, history) in in_repository(&root, &wanted) {
            histories[i] = Some(history);
        }
    }
    histories
        .into_iter()
        .map(|h| h.unwrap_or_else(|| History::NotInGit("not in a git repository".into())))
        .collect()
}

/// The histories of the files of one repository: `(index, path from the root, current
/// revision)`.
fn in_repository(root: &Path, files: &[(usize, String, u32)]) -> Vec<(usize, History)> {
    let empty = || History::Committed {
        revisions: Vec::new(),
        previous: None,
    };
    let mut folders: Vec<String> = files
        .iter()
        .map(|(_, name, _)| match name.rsplit_once('/') {
            Some((folder, _)) => folder.to_owned(),
            None => ".".to_owned(),
        })
        .collect();
    folders.sort();
    folders.dedup();
    // A repository without a commit yet has no history for any file, but it is one.
    let Ok(log) = git::log_touched(root, &folders) else {
        return files.iter().map(|(i, ..)| (*i, empty())).collect();
    };
    let Ok(mut blobs) = Blobs::open(root) else {
        return files.iter().map(|(i, ..)| (*i, empty())).collect();
    };
    // Each file's committed versions, read in turn through the one reader; the previous
    // revision's bytes kept to be parsed on every core afterwards.
    let mut found: Vec<(usize, Revisions, Option<Vec<u8>>)> = Vec::with_capacity(files.len());
    for (i, name, current) in files {
        let wanted = current.checked_sub(1).filter(|n| *n > 0);
        let mut revisions: Revisions = Vec::new();
        let mut previous = None;
        // Oldest first, so that each revision keeps the date of its first commit and the
        // previous revision its last.
        for (commit, at) in versions(&log, name).into_iter().rev() {
            let Ok(Some(bytes)) = blobs.read(&commit.hash, &at, store::MAX_FILE_BYTES) else {
                continue;
            };
            let Some(number) = revision_of(&bytes, Path::new(&at)) else {
                continue;
            };
            if !revisions.iter().any(|(n, _)| *n == number) {
                revisions.push((number, commit.date));
            }
            if Some(number) == wanted {
                previous = Some(bytes);
            }
        }
        revisions.sort_by_key(|(n, _)| *n);
        found.push((*i, revisions, previous));
    }
    found
        .into_par_iter()
        .map(|(i, revisions, previous)| {
            let previous = previous
                .and_then(|bytes| store::from_bytes(Path::new("previous.ron"), &bytes).ok())
                .map(Box::new);
            (
                i,
                History::Committed {
                    revisions,
                    previous,
                },
            )
        })
        .collect()
}

/// The commits that hold a version of the file now at `name`, newest first, each with the
/// name the file had there: renames are followed back.
fn versions<'a>(log: &'a [Touching], name: &str) -> Vec<(&'a Touching, String)> {
    let mut name = name.to_owned();
    let mut out = Vec::new();
    for commit in log {
        let Some(touched) = commit.files.iter().find(|f| f.path == name) else {
            continue;
        };
        if !touched.deleted {
            out.push((commit, name.clone()));
        }
        if let Some(from) = &touched.from {
            name = from.clone();
        }
    }
    out
}

/// The revision number of a committed version: read from its `revision:` line where the
/// file is as threatbench writes it, else by reading the whole session.
fn revision_of(bytes: &[u8], path: &Path) -> Option<u32> {
    let text = std::str::from_utf8(bytes).ok()?;
    let quick = text
        .lines()
        .take(40)
        .find_map(|line| line.strip_prefix("    revision: "))
        .and_then(|rest| rest.strip_suffix(','))
        .and_then(|n| n.parse().ok());
    quick.or_else(|| store::from_bytes(path, bytes).ok().map(|s| s.revision))
}

/// The folder git runs in for `path`.
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// `path` from `root` (both real paths), with `/`.
fn relative(path: &Path, root: &Path) -> Option<String> {
    let absolute = std::fs::canonicalize(path).ok()?;
    let rest = absolute.strip_prefix(root).ok()?;
    Some(
        rest.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::testing::run as git;

    #[test]
    fn revisions_are_followed_across_a_rename_and_the_previous_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q", "-b", "main"]);
        std::fs::create_dir(root.join("teams")).unwrap();
        let agenda = crate::model::Agenda {
            quick: false,
            phases: crate::model::Phase::ALL.iter().map(|p| (*p, 10)).collect(),
        };
        let mut session = Session::new("Cache", agenda, chrono::Utc::now());
        let write = |s: &Session, name: &str| {
            std::fs::write(root.join(name), store::to_ron(s).unwrap()).unwrap();
        };
        write(&session, "teams/a.ron");
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "r1"]);
        git(root, &["mv", "teams/a.ron", "teams/b.ron"]);
        session.revision = 2;
        session.title = "Cache, revised".into();
        write(&session, "teams/b.ron");
        git(root, &["commit", "-qam", "r2"]);
        // A second file in the same folder, never committed, and one outside git.
        write(&session, "teams/new.ron");
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("x.ron"),
            store::to_ron(&session).unwrap(),
        )
        .unwrap();
        let b = root.join("teams/b.ron");
        let new = root.join("teams/new.ron");
        let x = outside.path().join("x.ron");
        let histories = read_all(&[
            (b.as_path(), &session),
            (new.as_path(), &session),
            (x.as_path(), &session),
        ]);
        let History::Committed {
            revisions,
            previous,
        } = &histories[0]
        else {
            panic!("{:?}", histories[0]);
        };
        let numbers: Vec<u32> = revisions.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(previous.as_ref().map(|p| p.title.as_str()), Some("Cache"));
        assert!(matches!(
            &histories[1],
            History::Committed { revisions, previous: None } if revisions.is_empty()
        ));
        assert!(
            matches!(&histories[2], History::NotInGit(why) if why == "not in a git repository")
        );
    }
}
