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

/// The files to read and how to judge them: what `check`, `register` and `report` share.
pub(super) struct Scope {
    /// The session files found under the paths.
    pub files: Vec<PathBuf>,
    /// The day, the policy and the repository root.
    pub setup: Setup,
}

/// Finds the session files under `paths` (the sessions folder when none) and the policy
/// (`--policy`, else `threatbench.ron` at the repository root). A broken policy, or no
/// session file at all, is reported and gives exit status 2.
pub(super) fn scope(
    dir: Option<PathBuf>,
    paths: Vec<PathBuf>,
    as_of: Option<chrono::NaiveDate>,
    policy_flag: Option<PathBuf>,
    report: &Report,
) -> Result<Scope, ExitCode> {
    let paths = if paths.is_empty() {
        vec![sessions_dir(dir, report).map_err(|Failed| ExitCode::from(2))?]
    } else {
        paths
    };
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let (root, found) = policy::find(&paths[0]);
    let policy_path = policy_flag.or(found);
    let policy = match policy_path.as_deref().map(policy::load) {
        Some(Ok(policy)) => policy,
        Some(Err(e)) => {
            report.error(format_args!("{e}"));
            return Err(ExitCode::from(2));
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
    let check::Found {
        sessions: files,
        copies,
    } = check::found(&paths, policy_path.as_deref());
    for (copy, what) in &copies {
        report.warning(format_args!(
            "passed over {}: {what}, another version of a session waiting to be compared with it and deleted",
            copy.display()
        ));
    }
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        report.error(format_args!(
            "no session files (*.ron) in {}",
            names.join(", ")
        ));
        return Err(ExitCode::from(2));
    }
    Ok(Scope {
        files,
        setup: Setup {
            as_of,
            policy,
            root,
        },
    })
}

/// Runs the check and prints what it found.
pub fn run(dir: Option<PathBuf>, args: CheckArgs, report: &Report) -> Result<ExitCode, Failed> {
    let Scope { files, setup } = match scope(dir, args.paths, args.as_of, args.policy, report) {
        Ok(scope) => scope,
        Err(code) => return Ok(code),
    };
    let outcome = check::run(&files, &setup);
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
