//! A session's revisions in git: the day each revision was first committed, and the
//! previous revision as last committed (what `revise` hashed when the team committed before
//! revising), for "what changed since the previous revision".

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::git::{self, GitError};
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

/// Walks the committed versions of the file at `path`, whose working copy is `session`.
/// Versions that no longer read as a session are passed over.
pub fn read(path: &Path, session: &Session) -> History {
    let commits = match git::history(path) {
        Ok(commits) => commits,
        Err(GitError::Spawn(e)) => return History::NotInGit(format!("git cannot run: {e}")),
        // A repository with no commit yet has no history for the file, but it is one.
        Err(_) if git::toplevel(path).is_ok() => Vec::new(),
        Err(_) => return History::NotInGit("not in a git repository".to_owned()),
    };
    let wanted = session.revision.checked_sub(1).filter(|n| *n > 0);
    let mut revisions: Vec<(u32, Option<DateTime<Utc>>)> = Vec::new();
    let mut previous = None;
    for commit in &commits {
        let Some(version) = git::show_in_commit(path, &commit.hash)
            .ok()
            .filter(|bytes| bytes.len() as u64 <= store::MAX_FILE_BYTES)
            .and_then(|bytes| store::from_bytes(path, &bytes).ok())
        else {
            continue;
        };
        if !revisions.iter().any(|(n, _)| *n == version.revision) {
            revisions.push((version.revision, commit.date));
        }
        if Some(version.revision) == wanted {
            previous = Some(Box::new(version));
        }
    }
    revisions.sort_by_key(|(n, _)| *n);
    History::Committed {
        revisions,
        previous,
    }
}
