//! `threatbench revise`: the next revision of a session, in place, through the store (lock
//! respected, atomic save, a file that does not load never written).

use std::path::Path;

use super::Failed;
use super::messages::Report;
use crate::revision;
use crate::text::visible;

/// Starts the next revision of the session in `file` and says what it did.
pub fn run(file: &Path, report: &Report) -> Result<(), Failed> {
    match revision::file::revise(file, chrono::Utc::now()) {
        Ok(revised) => {
            println!("{}", visible(&revised.to_string()));
            Ok(())
        }
        Err(message) => {
            report.error(format_args!("{message}"));
            Err(Failed)
        }
    }
}
