//! Recovery files: what is left when a session's edits could not be saved and the workbench
//! must end anyway (a signal while the disk is full, a closed terminal, quitting without
//! saving). Like Vim's swap file, the unsaved session is written next to its file as
//! `<name>.recovered-<date>-<time>.ron` — a session file like any other, listed on the start
//! screen — or, when that folder cannot take it, into the data directory. Opening the
//! session later points at it.

use std::path::{Path, PathBuf};

use super::{atomic, encode_checked};
use crate::model::Session;

const MARK: &str = ".recovered-";

/// The data directory's folder for recovery files (`~/.local/share/threatbench/recovery`).
fn data_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "threatbench").map(|d| d.data_dir().join("recovery"))
}

fn stem(session_path: &Path) -> String {
    session_path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Writes `session`, whose file is `session_path`, to a recovery file: beside the file, else
/// in the data directory. Returns where it went, or why neither place took it.
pub fn write(session_path: &Path, session: &Session) -> Result<PathBuf, String> {
    let text = encode_checked(session).map_err(|e| e.to_string())?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = format!("{}{MARK}{stamp}.ron", stem(session_path));
    let beside = session_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(&name);
    let mut failures = Vec::new();
    for target in std::iter::once(beside).chain(data_folder().map(|d| d.join(&name))) {
        if std::fs::symlink_metadata(&target).is_ok() {
            failures.push(format!("{}: already exists", target.display()));
            continue;
        }
        match atomic::replace(&target, text.as_bytes()) {
            Ok(()) => return Ok(target),
            Err(e) => failures.push(e.to_string()),
        }
    }
    Err(failures.join("; "))
}

/// Recovery files of the session at `session_path`, beside it or in the data directory,
/// newest first.
pub fn find(session_path: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}{MARK}", stem(session_path));
    let folders = [session_path.parent().map(Path::to_owned), data_folder()];
    let mut found: Vec<PathBuf> = folders
        .into_iter()
        .flatten()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".ron")
        })
        .collect();
    // The stamp sorts by time; newest first.
    found.sort_by_key(|p| std::cmp::Reverse(p.file_name().map(ToOwned::to_owned)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_file_goes_beside_the_session_and_is_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("refund-api.ron");
        let session = crate::model::NewSession {
            title: "Refund API".into(),
            ticket: None,
            agenda: crate::assets::preset("45").unwrap().agenda(),
            participants: Vec::new(),
        }
        .create(chrono::Utc::now())
        .unwrap();
        let written = write(&path, &session).unwrap();
        assert_eq!(written.parent(), Some(dir.path()));
        assert!(written.to_string_lossy().contains("refund-api.recovered-"));
        assert_eq!(super::super::load(&written).unwrap(), session);
        assert_eq!(find(&path), [written]);
        assert!(find(&dir.path().join("other.ron")).is_empty());
    }
}
