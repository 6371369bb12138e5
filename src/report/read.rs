//! Reading the report's files, on every core: each session with its `check` status under
//! the policy and its committed history; a file that does not load, with what is wrong and
//! where. The only I/O of the report.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::history::{self, History};
use crate::check::{self, FileReport, Setup};
use crate::model::Session;
use crate::store;

/// One file as read.
#[derive(Debug, Clone)]
pub struct Read {
    /// The path as found.
    pub path: PathBuf,
    /// The session, or why it could not be read.
    pub loaded: Result<Loaded, Unreadable>,
}

/// A session that loaded, with what the report needs besides it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The path relative to the repository root, with `/`.
    pub file: String,
    /// The session.
    pub session: Session,
    /// How `check` judges it under the policy.
    pub check: FileReport,
    /// Its revisions in git, and the previous revision's session.
    pub history: History,
}

/// A file that could not be read as a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unreadable {
    /// The path relative to the repository root, with `/`.
    pub file: String,
    /// The line of the error, when it has one.
    pub line: Option<usize>,
    /// Its column.
    pub column: Option<usize>,
    /// What is wrong.
    pub error: String,
}

/// Reads every file, on every core, then the histories of those that loaded, with a few
/// git processes for all of them; in path order whatever order they finish in.
pub fn read(files: &[PathBuf], setup: &Setup) -> Vec<Read> {
    let mut first: Vec<(PathBuf, Result<Judged, Unreadable>)> = files
        .par_iter()
        .map(|p| (p.clone(), load_one(p, setup)))
        .collect();
    first.sort_by(|a, b| a.0.cmp(&b.0));
    let sessions: Vec<(&std::path::Path, &Session)> = first
        .iter()
        .filter_map(|(path, loaded)| loaded.as_ref().ok().map(|(s, _)| (path.as_path(), s)))
        .collect();
    let mut histories = history::read_all(&sessions).into_iter();
    first
        .into_iter()
        .map(|(path, loaded)| Read {
            loaded: loaded.map(|(session, check)| Loaded {
                file: check.repo_path.clone(),
                session,
                check,
                history: histories
                    .next()
                    .unwrap_or_else(|| History::NotInGit("not read".into())),
            }),
            path,
        })
        .collect()
}

/// A session as loaded, with how `check` judges it.
type Judged = (Session, FileReport);

/// Loads one file once and judges it.
fn load_one(path: &std::path::Path, setup: &Setup) -> Result<Judged, Unreadable> {
    match store::load_located(path) {
        Ok(located) => {
            let check = check::judge(path, &located, setup);
            Ok((located.session, check))
        }
        Err(e) => {
            let report = check::unreadable(path, &e, setup);
            let position = report.findings.first().and_then(|f| f.position);
            Err(Unreadable {
                file: report.repo_path,
                line: position.map(|p| p.line),
                column: position.map(|p| p.col),
                error: report
                    .findings
                    .into_iter()
                    .next()
                    .map(|f| f.message)
                    .unwrap_or_default(),
            })
        }
    }
}
