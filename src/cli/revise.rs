//! `threatbench revise`: the next revision of a session, in place, through the store (lock
//! respected, atomic save, a file that does not load never written).

use std::path::Path;

use super::Failed;
use super::report::Report;
use crate::revision;
use crate::store::{self, Saved, SessionFile};
use crate::text::visible;

/// Starts the next revision of the session in `file` and says what it did.
pub fn run(file: &Path, report: &Report) -> Result<(), Failed> {
    let fail = |message: String| {
        report.error(format_args!("{message}"));
        Failed
    };
    let name = file.display().to_string();
    let opened =
        SessionFile::open(file).map_err(|e| fail(format!("{e}; the file was not changed")))?;
    let mut session_file = opened.file;
    if let Some(reason) = session_file.read_only() {
        return Err(fail(format!(
            "cannot revise {name}: it may only be read now ({reason}); if another workbench \
             has it open, close it there and try again. Nothing was changed."
        )));
    }
    // The bytes the link names: read under our lock, and checked to be what was loaded.
    let bytes = std::fs::read(file).map_err(|e| fail(format!("{name}: {e}")))?;
    if store::from_bytes(file, &bytes).ok().as_ref() != Some(&opened.session) {
        return Err(fail(format!(
            "{name} changed while it was being read; try again. Nothing was changed."
        )));
    }
    let old = &opened.session;
    let next = revision::revise(old, &bytes, chrono::Utc::now()).ok_or_else(|| {
        fail(format!(
            "{name} is at revision {}, the last there can be",
            old.revision
        ))
    })?;
    let written = match session_file.save(&next) {
        Ok(Saved::InPlace) => name,
        Ok(Saved::Followed { to, .. }) => to.display().to_string(),
        Ok(Saved::Diverted { to, why, .. }) => {
            return Err(fail(format!(
                "{name} changed on disk while it was being revised ({why}): it was left as it \
                 is, and revision {} went to {}",
                next.revision,
                to.display()
            )));
        }
        Err(e) => return Err(fail(format!("{e}; the file was not changed"))),
    };
    let sha = store::sha256_hex(&bytes);
    println!(
        "{}: revision {} (previous: revision {}, sha256 {}…); {}",
        visible(&written),
        next.revision,
        old.revision,
        sha.get(..12).unwrap_or(&sha),
        revision::FRESH
    );
    Ok(())
}
