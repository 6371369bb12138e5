//! `threatbench new`: create a session file and print its path.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;

use super::args::NewArgs;
use super::report::Report;
use super::{Failed, sessions_dir};
use crate::assets;
use crate::model::{Session, is_allowed_char};
use crate::store::SessionFile;
use crate::text::visible;

/// Creates the session described by `args` in the sessions folder.
pub fn run(dir: Option<PathBuf>, args: NewArgs, report: &Report) -> Result<ExitCode, Failed> {
    let title = args.title.trim();
    if title.is_empty() {
        report.error(format_args!("the title is empty; say what you are threat-modeling, e.g. threatbench new \"Refund API\""));
        return Err(Failed);
    }
    let texts = [Some(title), args.ticket.as_deref()];
    if texts
        .iter()
        .flatten()
        .any(|t| !t.chars().all(is_allowed_char) || t.contains('\n'))
    {
        report.error(format_args!(
            "the title and ticket must be one line without control characters"
        ));
        return Err(Failed);
    }
    let Some(preset) = assets::preset(&args.agenda) else {
        report.error(format_args!(
            "unknown agenda {:?}; use 30, 45, 60 or quick",
            args.agenda
        ));
        return Err(Failed);
    };
    let mut session = Session::new(title, preset.agenda(), Utc::now());
    session.ticket = args
        .ticket
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    session.participants = args.participants;

    let dir = sessions_dir(dir, report)?;
    match SessionFile::create(&dir, &session) {
        Ok(file) => {
            println!("{}", visible(&file.path().display().to_string()));
            let minutes = session.agenda.minutes();
            let kind = if preset.quick {
                "quick review"
            } else {
                "session"
            };
            report.note(format_args!("created a {minutes}-minute {kind}: {title}"));
            if args.no_open {
                return Ok(ExitCode::SUCCESS);
            }
            if !crate::tui::has_terminal() {
                report.note(format_args!(
                    "not a terminal, so the workbench did not open (--no-open says so quietly)"
                ));
                return Ok(ExitCode::SUCCESS);
            }
            let start = crate::tui::Start::Opened(Box::new(session), file);
            super::workbench::run(dir, start, report)
        }
        Err(e) => {
            report.error(format_args!("{e}"));
            Err(Failed)
        }
    }
}
