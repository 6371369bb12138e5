//! `threatbench validate`: check session files as the loader would, without changing them.

use std::path::PathBuf;

use super::Failed;
use super::messages::{Report, count};
use crate::store;
use crate::text::visible;

/// Checks every file; reports each problem with file, line and column.
pub fn run(files: &[PathBuf], report: &Report) -> Result<(), Failed> {
    let mut failed = 0;
    for path in files {
        match store::load(path) {
            Ok(session) => println!(
                "{}: ok ({}, {}, {}, coverage {})",
                visible(&path.display().to_string()),
                count(session.elements.len(), "element"),
                count(session.threats.len(), "threat"),
                count(session.decisions.len(), "decision"),
                session.coverage(),
            ),
            Err(e) => {
                failed += 1;
                report.error(format_args!("{e}"));
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        if files.len() > 1 {
            let verb = if failed == 1 { "is" } else { "are" };
            report.note(format_args!(
                "{failed} of {} files {verb} not valid",
                files.len()
            ));
        }
        Err(Failed)
    }
}
