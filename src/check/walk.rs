//! Which files a check reads: files named on the command line as they are, and every
//! `*.ron` session in a named folder, recursively. Hidden files and folders (temp files,
//! `.git`), backups, locks, build folders (those holding a `CACHEDIR.TAG`, as Cargo's
//! `target` does) and the policy file are passed over; links to folders are not followed.
//! Conflict copies and recovery files are not sessions of their own: they are set apart,
//! for the commands to name.

use std::io;
use std::path::{Path, PathBuf};

/// The session files under `paths`, each once, in order; the policy file at `policy` is
/// left out. A path that does not exist is kept, so that the check reports it.
pub fn session_files(paths: &[PathBuf], policy: Option<&Path>) -> Vec<PathBuf> {
    found(paths, policy).sessions
}

/// What a walk found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The session files, each once, in order.
    pub sessions: Vec<PathBuf>,
    /// Conflict copies and recovery files in the folders, with what each is (see
    /// [`store::side_copy`](crate::store::side_copy)); a file named on the command line is
    /// always a session.
    pub copies: Vec<(PathBuf, &'static str)>,
}

/// The session files under `paths` (as [`session_files`]) and the side copies set apart.
pub fn found(paths: &[PathBuf], policy: Option<&Path>) -> Found {
    let policy = policy.and_then(|p| std::fs::canonicalize(p).ok());
    let mut found = Vec::new();
    let mut copies: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut under = Vec::new();
            // A folder that cannot be listed part-way is checked as far as it can be.
            let _ = walk(path, &mut under);
            under.sort();
            copies.extend(
                under
                    .iter()
                    .filter(|p| {
                        p.file_name().is_some_and(|n| {
                            crate::store::side_copy(&n.to_string_lossy()).is_some()
                        })
                    })
                    .cloned(),
            );
            found.extend(under);
        } else {
            found.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| {
        let real = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        policy.as_ref() != Some(&real) && seen.insert(real)
    });
    let (copies, sessions): (Vec<PathBuf>, Vec<PathBuf>) =
        found.into_iter().partition(|p| copies.contains(p));
    Found {
        sessions,
        copies: copies
            .into_iter()
            .filter_map(|p| {
                let what = p
                    .file_name()
                    .and_then(|n| crate::store::side_copy(&n.to_string_lossy()))?;
                Some((p, what))
            })
            .collect(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if dir.join("CACHEDIR.TAG").is_file() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, out)?;
        } else if name.ends_with(".ron") && (kind.is_file() || path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_give_their_sessions_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "a.ron",
            "team/b.ron",
            "team/deep/c.ron",
            ".hidden.ron",
            ".a.ron.tmp",
            "a.ron.bak",
            "a.ron.lock",
            "notes.md",
            ".git/x.ron",
            "target/CACHEDIR.TAG",
            "target/y.ron",
            "threatbench.ron",
            "team/b.conflict-20261204-101500.ron",
            "a.recovered-20261204-101500.ron",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let files = session_files(&[root.to_owned()], Some(&root.join("threatbench.ron")));
        let names: Vec<String> = files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.ron", "team/b.ron", "team/deep/c.ron"]);
        let copies: Vec<(String, &str)> = found(&[root.to_owned()], None)
            .copies
            .iter()
            .map(|(p, what)| (p.strip_prefix(root).unwrap().display().to_string(), *what))
            .collect();
        assert_eq!(
            copies,
            [
                (
                    "a.recovered-20261204-101500.ron".to_owned(),
                    "a recovery file"
                ),
                (
                    "team/b.conflict-20261204-101500.ron".to_owned(),
                    "a conflict copy"
                ),
            ]
        );
        // Named files are taken as they are, once; a missing one is kept to be reported.
        let named = [
            root.join("a.ron"),
            root.join("a.ron"),
            root.join("gone.ron"),
        ];
        assert_eq!(session_files(&named, None).len(), 2);
    }
}
