//! `threatbench merge-driver BASE OURS THEIRS [PATH]`: git's merge driver for session files
//! (`%O %A %B %P`). Merges by ID, writes the result into OURS (git's `%A`) through the
//! store's atomic write, the conflicts beside the session; exit 0 clean, 1 with conflicts
//! (git then marks the file conflicted), 2 when a side does not load (OURS untouched, so
//! git falls back to a conflict).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Failed;
use super::messages::{Report, count};
use crate::merge::{self, Merged};
use crate::store::{self, atomic};

/// Runs the merge driver.
pub fn run(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<PathBuf>,
    report: &Report,
) -> Result<ExitCode, Failed> {
    let name = path.unwrap_or_else(|| ours.to_owned());
    let mut sides = Vec::new();
    for (side, file) in [("base", base), ("ours", ours), ("theirs", theirs)] {
        match store::load(file) {
            Ok(session) => sides.push(session),
            Err(e) => {
                report.error(format_args!(
                    "cannot merge {}: {side} does not load: {e}",
                    name.display()
                ));
                return Ok(ExitCode::from(2));
            }
        }
    }
    let merged = merge::merge(&sides[0], &sides[1], &sides[2]);
    let written = store::encode_checked(&merged.session)
        .and_then(|text| write_leaving_no_backup(ours, text.as_bytes()));
    if let Err(e) = written {
        report.error(format_args!(
            "cannot write the merge of {}: {e}",
            name.display()
        ));
        return Ok(ExitCode::from(2));
    }
    summarize(&name, &merged, report);
    if merged.conflicts.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let sidecar = merge::conflicts_path(&name);
    let text = merge::render_conflicts(&name.display().to_string(), &merged);
    if let Err(e) = write_leaving_no_backup(&sidecar, text.as_bytes()) {
        report.error(format_args!(
            "cannot write the conflicts to {}: {e}; their values are in git (git show :3:{})",
            sidecar.display(),
            name.display()
        ));
        return Ok(ExitCode::from(2));
    }
    report.note(format_args!(
        "their values are in {}: resolve each, delete that file, then git add {}",
        sidecar.display(),
        name.display()
    ));
    Ok(ExitCode::from(1))
}

/// Writes `bytes` over `path` atomically. The store keeps a backup of what it replaces;
/// git's `%A` is a temp file of git's own, so a backup made here is removed again.
fn write_leaving_no_backup(path: &Path, bytes: &[u8]) -> Result<(), store::SaveError> {
    let backup = atomic::backup_path(path);
    let had_backup = std::fs::symlink_metadata(&backup).is_ok();
    atomic::replace(path, bytes)?;
    if !had_backup {
        let _ = std::fs::remove_file(&backup);
    }
    Ok(())
}

/// One line for the merge, then a line per renumbered ID, note and conflict.
fn summarize(name: &Path, merged: &Merged, report: &Report) {
    report.note(format_args!(
        "threatbench: merged {}: {}, {}",
        name.display(),
        count(merged.renumbered.len(), "renumbered ID"),
        count(merged.conflicts.len(), "conflict")
    ));
    for note in &merged.notes {
        report.note(format_args!("  {note}"));
    }
    for c in &merged.conflicts {
        let field = if c.field.is_empty() {
            String::new()
        } else {
            format!(" {}", c.field)
        };
        report.warning(format_args!(
            "{}{field} changed on both sides: kept ours ({}), theirs is {}",
            c.item,
            short(c.ours.as_deref()),
            short(c.theirs.as_deref())
        ));
    }
}

/// A value in a line: its first 60 characters, quoted.
fn short(value: Option<&str>) -> String {
    match value {
        None => "none".to_owned(),
        Some(text) => {
            let line = crate::text::one_line(text);
            let cut: String = line.chars().take(60).collect();
            if cut.len() < line.len() {
                format!("{cut:?}…")
            } else {
                format!("{cut:?}")
            }
        }
    }
}
