//! `threatbench validate`: check session files as the loader would, without changing them.

use std::path::PathBuf;

use super::Failed;
use super::report::Report;
use crate::store;
use crate::text::visible;

/// Checks every file; reports each problem with file, line and column.
pub fn run(files: &[PathBuf], report: &Report) -> Result<(), Failed> {
    let mut failed = 0;
    for path in files {
        match store::load(path) {
            Ok(session) => println!(
                "{}: ok ({} elements, {} threats, {} decisions, coverage {})",
                visible(&path.display().to_string()),
                session.elements.len(),
                session.threats.len(),
                session.decisions.len(),
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
            report.note(format_args!(
                "{failed} of {} files are not valid",
                files.len()
            ));
        }
        Err(Failed)
    }
}
