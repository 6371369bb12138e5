//! `threatbench report`: the evidence report over every session under the paths, as of
//! today (or `--as-of`), on stdout. A file that cannot be read is listed in the report and
//! on stderr, and makes the exit status 1.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Failed;
use super::args::ReportArgs;
use super::check::{Scope, scope};
use super::messages::{Report, write_stdout};
use crate::report;

/// Reads the sessions and prints the report.
pub fn run(dir: Option<PathBuf>, args: ReportArgs, report: &Report) -> Result<ExitCode, Failed> {
    let Scope { files, setup } = match scope(dir, args.paths, args.as_of, args.policy, report) {
        Ok(scope) => scope,
        Err(code) => return Ok(code),
    };
    let read = report::read(&files, &setup);
    let built = report::build(&read, setup.as_of, &setup.policy.thresholds);
    for u in &built.unreadable {
        let place = match (u.line, u.column) {
            (Some(line), Some(col)) => format!(":{line}:{col}"),
            _ => String::new(),
        };
        report.error(format_args!(
            "{}{place}: {}",
            crate::text::visible(&u.file),
            crate::text::visible(&u.error)
        ));
    }
    let text = report::format::render(&built, args.format);
    write_stdout(&text, "report", report)?;
    Ok(if built.unreadable.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
