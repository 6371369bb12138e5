//! `threatbench new`: create a session file and print its path.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;

use super::args::NewArgs;
use super::messages::Report;
use super::{Failed, sessions_dir};
use crate::assets;
use crate::model::{NewSession, NewSessionError};
use crate::store::SessionFile;
use crate::text::visible;

/// Creates the session described by `args` in the sessions folder.
pub fn run(dir: Option<PathBuf>, args: NewArgs, report: &Report) -> Result<ExitCode, Failed> {
    let Some(preset) = assets::preset(&args.agenda) else {
        report.error(format_args!(
            "unknown agenda {:?}; use 30, 45, 60 or quick",
            args.agenda
        ));
        return Err(Failed);
    };
    let new = NewSession {
        title: args.title,
        ticket: args.ticket,
        agenda: preset.agenda(),
        participants: args.participants,
    };
    let session = match new.create(Utc::now()) {
        Ok(session) => session,
        Err(NewSessionError::EmptyTitle) => {
            report.error(format_args!(
                "the title is empty; say what you are threat-modeling, e.g. threatbench new \"Refund API\""
            ));
            return Err(Failed);
        }
        Err(e) => {
            report.error(format_args!("{e}"));
            return Err(Failed);
        }
    };
    let title = session.title.clone();

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
