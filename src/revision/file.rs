//! Revising a session file on disk, through the store: the lock respected, the save atomic,
//! and a file that does not load never written. What the command line and the workbench's
//! start screen both run.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::store::{self, Saved, SessionFile};

/// A revision started on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revised {
    /// The file written (the session's file, or its new name when it was renamed meanwhile).
    pub path: PathBuf,
    /// The new revision's number.
    pub revision: u32,
    /// The previous revision's number.
    pub previous: u32,
    /// SHA-256 of the previous revision's bytes.
    pub sha256: String,
}

impl fmt::Display for Revised {
    /// "sessions/x.ron: revision 2 (previous: revision 1, sha256 ab12…); clock, … start fresh"
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: revision {} (previous: revision {}, sha256 {}…); {}",
            self.path.display(),
            self.revision,
            self.previous,
            self.sha256.get(..12).unwrap_or(&self.sha256),
            super::FRESH
        )
    }
}

/// Starts the next revision of the session in `path`, `now`; or says, in words, why not.
/// On every error the file is left as it was (or, when it changed on disk meanwhile, the new
/// revision goes to a conflict copy beside it, which the error names).
pub fn revise(path: &Path, now: DateTime<Utc>) -> Result<Revised, String> {
    let name = path.display().to_string();
    let opened = SessionFile::open(path).map_err(|e| format!("{e}; the file was not changed"))?;
    let mut file = opened.file;
    if let Some(reason) = file.read_only() {
        return Err(format!(
            "cannot revise {name}: it may only be read now ({reason}); if another workbench \
             has it open, close it there and try again. Nothing was changed."
        ));
    }
    // The bytes the link names: read under our lock, and checked to be what was loaded.
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    if store::from_bytes(path, &bytes).ok().as_ref() != Some(&opened.session) {
        return Err(format!(
            "{name} changed while it was being read; try again. Nothing was changed."
        ));
    }
    let old = &opened.session;
    let next = super::revise(old, &bytes, now).ok_or_else(|| {
        format!(
            "{name} is at revision {}, the last there can be",
            old.revision
        )
    })?;
    let written = match file.save(&next) {
        Ok(Saved::InPlace) => path.to_owned(),
        Ok(Saved::Followed { to, .. }) => to,
        Ok(Saved::Diverted { to, why, .. }) => {
            return Err(format!(
                "{name} changed on disk while it was being revised ({why}): it was left as it \
                 is, and revision {} went to {}",
                next.revision,
                to.display()
            ));
        }
        Err(e) => return Err(format!("{e}; the file was not changed")),
    };
    Ok(Revised {
        path: written,
        revision: next.revision,
        previous: old.revision,
        sha256: store::sha256_hex(&bytes),
    })
}
