//! Starting the full-screen workbench from the command line, and turning how it ended into
//! an exit status.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::commands;
use super::messages::Report;
use super::{Failed, sessions_dir};
use crate::store::{SessionFile, location};
use crate::tui::{self, Exit, Start};

/// `threatbench` with no arguments: the start screen.
pub fn start(dir: Option<PathBuf>, report: &Report) -> Result<ExitCode, Failed> {
    if !tui::has_terminal() {
        return Err(no_terminal(report));
    }
    let dir = sessions_dir(dir, report)?;
    run(dir, Start::List, report)
}

/// `threatbench FILE` / `threatbench open FILE`. A file that does not load is reported
/// here, before the screen changes, and left untouched. `bare` says FILE came without
/// `open`: then a missing one may be a mistyped command.
pub fn open(
    dir: Option<PathBuf>,
    file: &Path,
    bare: bool,
    report: &Report,
) -> Result<ExitCode, Failed> {
    if std::fs::symlink_metadata(file).is_err() {
        return Ok(missing(dir, file, bare, report));
    }
    if !tui::has_terminal() {
        return Err(no_terminal(report));
    }
    let opened = SessionFile::open(file).map_err(|e| {
        report.error(format_args!("{e}"));
        Failed
    })?;
    let dir = match dir {
        Some(dir) => dir,
        None => file
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_owned),
    };
    run(
        dir,
        Start::Opened(Box::new(opened.session), opened.file),
        report,
    )
}

/// Says that `file` does not exist, where it was looked for, and what was perhaps meant: a
/// command (for a bare word) or the file of that name in the sessions folder. A bare word is
/// a usage error (2); a missing file named after `open` a failure (1).
fn missing(dir: Option<PathBuf>, file: &Path, bare: bool, report: &Report) -> ExitCode {
    let word = file.to_string_lossy();
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = cwd.join(file);
    if bare && commands::looks_like_a_command(&word) {
        let hint = match commands::closest(&word) {
            Some(command) => format!("did you mean `threatbench {command}`? "),
            None => String::new(),
        };
        report.error(format_args!(
            "{word}: not a command, and no file of that name in {}\n  {hint}The commands are: {} (threatbench --help says more)",
            cwd.display(),
            commands::names().join(", ")
        ));
        return ExitCode::from(2);
    }
    let sessions = dir
        .or_else(|| location::default_dir(&cwd).ok())
        .map(|d| d.join(file))
        .filter(|p| file.is_relative() && p.is_file());
    let hint = match sessions {
        Some(path) => format!(
            "; the sessions folder has one: threatbench {}",
            path.display()
        ),
        None => String::new(),
    };
    report.error(format_args!(
        "{}: no such file ({} does not exist){hint}",
        file.display(),
        absolute.display()
    ));
    ExitCode::from(if bare { 2 } else { 1 })
}

/// The workbench cannot start here; every other command can, and the list comes from the
/// command line's own table, so it stays true.
fn no_terminal(report: &Report) -> Failed {
    let others: Vec<String> = super::commands::names()
        .into_iter()
        .filter(|name| name != "open")
        .collect();
    report.error(format_args!(
        "{}.\nThese commands work without one: {} (new with --no-open)",
        tui::RunError::NotATerminal,
        others.join(", ")
    ));
    Failed
}

/// Runs the workbench and maps how it ended to an exit status.
pub fn run(dir: PathBuf, start: Start, report: &Report) -> Result<ExitCode, Failed> {
    let ending = tui::run(dir, start).map_err(|e| {
        report.error(format_args!("{e}"));
        Failed
    })?;
    let kept = match ending.recovery {
        None => None,
        Some(Ok(path)) => {
            report.error(format_args!(
                "your last edits could not be saved to the session file; they are kept in {} (open it to compare)",
                path.display()
            ));
            Some(true)
        }
        Some(Err(why)) => {
            report.error(format_args!(
                "your last edits could not be saved, nor kept in a recovery file: {why}"
            ));
            Some(false)
        }
    };
    match ending.exit {
        // Quitting without saving what could not be saved is not a success.
        Exit::Quit if kept.is_some() => Ok(ExitCode::from(1)),
        Exit::Quit => Ok(ExitCode::SUCCESS),
        Exit::Signal(signal) => Ok(ExitCode::from(128u8.saturating_add(signal as u8))),
        Exit::HangUp => Ok(ExitCode::from(129)),
        Exit::Panic => {
            report.error(format_args!(
                "threatbench crashed (a bug; the message above says where). The session was saved if it could be."
            ));
            Ok(ExitCode::from(101))
        }
    }
}
