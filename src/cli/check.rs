//! `threatbench check`: the CI gate. Every session under the paths, judged as of today (or
//! `--as-of`) under the repository's policy; findings on stdout in the chosen format, the
//! exit status 0 (no error), 1 (errors found) or 2 (a file could not be read, or a usage
//! error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::args::CheckArgs;
use super::messages::Report;
use super::{Failed, sessions_dir};
use crate::check::{self, Setup, format, policy};

/// Runs the check and prints what it found.
pub fn run(dir: Option<PathBuf>, args: CheckArgs, report: &Report) -> Result<ExitCode, Failed> {
    let paths = if args.paths.is_empty() {
        vec![sessions_dir(dir, report)?]
    } else {
        args.paths
    };
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (root, found) = policy::find(&paths[0]);
    let policy_path = args.policy.or(found);
    let policy = match policy_path.as_deref().map(policy::load) {
        Some(Ok(policy)) => policy,
        Some(Err(e)) => {
            report.error(format_args!("{e}"));
            return Ok(ExitCode::from(2));
        }
        None => check::Policy::default(),
    };
    let root = root
        .or_else(|| {
            policy_path
                .as_ref()
                .and_then(|p| p.parent().map(PathBuf::from))
        })
        .unwrap_or(cwd);
    let files = check::session_files(&paths, policy_path.as_deref());
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        report.error(format_args!(
            "no session files (*.ron) in {}",
            names.join(", ")
        ));
        return Ok(ExitCode::from(2));
    }
    let outcome = check::run(
        &files,
        &Setup {
            as_of,
            policy,
            root,
        },
    );
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(format::render(&outcome, args.format).as_bytes());
    if args.format == format::Format::Github
        && let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty())
    {
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&summary)
            .and_then(|mut f| f.write_all(format::step_summary(&outcome).as_bytes()));
        if let Err(e) = written {
            report.warning(format_args!(
                "cannot add to the step summary {}: {e}",
                PathBuf::from(summary).display()
            ));
        }
    }
    Ok(ExitCode::from(outcome.exit_code()))
}
