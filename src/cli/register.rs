//! `threatbench register`: every session under the paths in one ranked risk register, with
//! the patterns across sessions, on stdout in the chosen format. Each unreadable file is
//! also reported on stderr; the exit status is 1 if there was one, else 0 (2 for a usage
//! error, a broken policy or no session file at all).

use std::path::PathBuf;
use std::process::ExitCode;

use super::Failed;
use super::args::RegisterArgs;
use super::check::{Scope, scope};
use super::messages::{Report, write_stdout};
use crate::register::{self, format};

/// Reads the sessions and prints the register.
pub fn run(dir: Option<PathBuf>, args: RegisterArgs, report: &Report) -> Result<ExitCode, Failed> {
    let Scope { files, setup } = match scope(dir, args.paths, args.as_of, args.policy, report) {
        Ok(scope) => scope,
        Err(code) => return Ok(code),
    };
    let register = register::build(&files, &setup, args.stale_days);
    write_stdout(&format::render(&register, args.format), "register", report)?;
    for u in &register.unreadable {
        report.error(format_args!("{}: {}", u.path, u.message));
    }
    Ok(ExitCode::from(register.exit_code()))
}
