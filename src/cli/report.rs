//! `threatbench report`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Failed;
use super::args::ReportArgs;
use super::check::{Scope, scope};
use super::messages::Report;

/// Reads the sessions and prints the report.
pub fn run(dir: Option<PathBuf>, args: ReportArgs, report: &Report) -> Result<ExitCode, Failed> {
    let Scope { files, setup } = match scope(dir, args.paths, args.as_of, args.policy, report) {
        Ok(scope) => scope,
        Err(code) => return Ok(code),
    };
    let _ = (files, setup, args.format);
    report.error(format_args!("report is being built"));
    Ok(ExitCode::from(2))
}
