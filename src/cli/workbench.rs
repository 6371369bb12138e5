//! Starting the full-screen workbench from the command line, and turning how it ended into
//! an exit status.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::report::Report;
use super::{Failed, sessions_dir};
use crate::store::SessionFile;
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
/// here, before the screen changes, and left untouched.
pub fn open(dir: Option<PathBuf>, file: &Path, report: &Report) -> Result<ExitCode, Failed> {
    if std::fs::symlink_metadata(file).is_err() {
        report.error(format_args!(
            "{}: no such session file, and not a command either (threatbench --help lists the commands)",
            file.display()
        ));
        return Ok(ExitCode::from(2));
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

fn no_terminal(report: &Report) -> Failed {
    report.error(format_args!("{}", tui::RunError::NotATerminal));
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
