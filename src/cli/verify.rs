//! `threatbench verify`: checks the hash chain of a session's revisions, over several files
//! (oldest first) or over one file's committed history in git.
//!
//! In git, every commit that changed the file is one version. A commit that keeps the
//! revision number is an edit within that revision; a commit that raises it by one starts
//! the next revision, whose link must name the bytes of the previous revision as they were
//! last committed before it (what `revise` hashed, when the team commits before revising).
//! A working-tree file that differs from its last commit is checked as one more version.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::messages::{Report, count};
use crate::git::{self, GitError};
use crate::revision::chain::{self, Origin, Version};
use crate::store;
use crate::text::visible;

/// Checks the chain; exit 0 when intact, 1 when broken, 2 when it cannot be checked.
pub fn run(files: &[PathBuf], report: &Report) -> ExitCode {
    let walked = match files {
        [file] => history(file),
        files => several(files),
    };
    let (versions, over) = match walked {
        Ok(walked) => walked,
        Err(message) => {
            report.error(format_args!("{message}"));
            return ExitCode::from(2);
        }
    };
    let chain = chain::check(&versions, files.len() == 1);
    for broken in &chain.breaks {
        println!("{}", visible(&broken.to_string()));
    }
    if chain.breaks.is_empty() {
        println!("intact: {} over {over}", chain.span());
        ExitCode::SUCCESS
    } else {
        println!(
            "broken: {} in {} over {over}",
            count(chain.breaks.len(), "break"),
            chain.span()
        );
        ExitCode::FAILURE
    }
}

/// One version of the session from `bytes`, read at `origin`.
fn version(path: &Path, origin: Origin, bytes: &[u8]) -> Result<Version, String> {
    if bytes.len() as u64 > store::MAX_FILE_BYTES {
        return Err(format!("{} at {origin} is too large", path.display()));
    }
    let session = store::from_bytes(path, bytes).map_err(|e| match &origin {
        Origin::File(_) => e.to_string(),
        _ => format!("at {origin}: {e}"),
    })?;
    Ok(Version {
        origin,
        revision: session.revision,
        previous: session.previous,
        sha256: store::sha256_hex(bytes),
    })
}

/// The files as versions, in the order given, and "3 files".
fn several(files: &[PathBuf]) -> Result<(Vec<Version>, String), String> {
    let versions = files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            version(path, Origin::File(path.display().to_string()), &bytes)
        })
        .collect::<Result<_, _>>()?;
    Ok((versions, count(files.len(), "file")))
}

/// The file's committed versions, oldest first, then the working tree's when it differs
/// from the last commit; and "7 commits" (and "the working tree").
fn history(path: &Path) -> Result<(Vec<Version>, String), String> {
    let name = path.display();
    if path.is_dir() {
        return Err(format!(
            "{name} is a folder: verify takes a session file, or several files oldest first"
        ));
    }
    let hint = "verify needs the file's history: commit it in a git repository, or give the \
                file of every revision, oldest first (threatbench verify rev1.ron rev2.ron ...)";
    let commits = git::history(path).map_err(|e| match e {
        GitError::Spawn(_) => e.to_string(),
        // Not a repository, or one with no commits yet.
        e => format!("{e}; {hint}"),
    })?;
    if commits.is_empty() {
        return Err(format!("{name} has no commits; {hint}"));
    }
    let mut versions = Vec::with_capacity(commits.len() + 1);
    let mut last = Vec::new();
    for commit in &commits {
        let origin = Origin::Commit {
            hash: commit.hash.clone(),
            subject: commit.subject.clone(),
        };
        last = git::show_in_commit(path, &commit.hash)
            .map_err(|e| format!("cannot read {name} at {origin}: {e}"))?;
        versions.push(version(path, origin, &last)?);
    }
    let mut over = count(commits.len(), "commit");
    if path.exists() {
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        if bytes != last {
            versions.push(version(path, Origin::WorkingTree, &bytes)?);
            over.push_str(" and the working tree");
        }
    }
    Ok((versions, over))
}
