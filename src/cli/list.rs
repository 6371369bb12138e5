//! `threatbench list`: the sessions in a folder as a table.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::messages::Report;
use super::{Failed, sessions_dir};
use crate::model::Session;
use crate::store::{self, LoadError};
use crate::text::{fit, local_minute, one_line};

/// The widest a title column grows before titles are cut with an ellipsis.
const MAX_TITLE_WIDTH: usize = 40;

/// The widest any other cell grows before it is cut with an ellipsis: one huge ticket or file
/// name must not widen every row of the table (a 5 MB ticket made `list` print 115 MB).
const MAX_CELL_WIDTH: usize = 60;

/// One session as the table shows it.
pub struct Row {
    /// Session title.
    pub title: String,
    /// Ticket, or empty.
    pub ticket: String,
    /// Revision number.
    pub revision: u32,
    /// Last update, `YYYY-MM-DD HH:MM` in the user's time zone.
    pub updated: String,
    /// Undecided threats / all threats.
    pub threats: String,
    /// Considered / live cells, with percent.
    pub coverage: String,
    /// File name inside the folder.
    pub file: String,
}

impl Row {
    fn of(session: &Session, path: &Path) -> Self {
        let summary = session.summary();
        Row {
            title: one_line(&summary.title).into_owned(),
            ticket: one_line(summary.ticket.as_deref().unwrap_or("")).into_owned(),
            revision: summary.revision,
            updated: local_minute(summary.updated),
            threats: format!("{}/{}", summary.undecided, summary.threats),
            coverage: format!("{} {}%", summary.coverage, summary.coverage.percent()),
            file: one_line(&path.file_name().unwrap_or_default().to_string_lossy()).into_owned(),
        }
    }
}

/// Lists the sessions in `dir` (or the sessions folder), newest first.
pub fn run(dir: Option<PathBuf>, report: &Report) -> Result<(), Failed> {
    let explicit = dir.is_some();
    let dir = sessions_dir(dir, report)?;
    let files = match store::location::session_files(&dir) {
        Ok(files) => files,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            report.note(format_args!(
                "No sessions yet in {}. Start one: threatbench new \"Title\"",
                dir.display()
            ));
            return Ok(());
        }
        Err(e) => {
            report.error(format_args!("{}: {e}", dir.display()));
            return Err(Failed);
        }
    };
    let (rows, skipped) = rows(&files);
    for e in skipped {
        report.warning(format_args!("skipped {e}"));
    }
    if rows.is_empty() {
        report.note(format_args!(
            "No sessions in {}. Start one: threatbench new \"Title\"",
            dir.display()
        ));
        return Ok(());
    }
    print!("{}", table(&rows));
    Ok(())
}

/// The row of each file that loads, newest first, and the load error of each that does not
/// (in file order). Each file is read on some core and reduced to its row there: only rows
/// are kept, so memory does not grow with the number of files.
pub fn rows(files: &[PathBuf]) -> (Vec<Row>, Vec<LoadError>) {
    let read: Vec<Result<(DateTime<Utc>, Row), LoadError>> = files
        .par_iter()
        .map(|path| store::load(path).map(|session| (session.updated, Row::of(&session, path))))
        .collect();
    let mut sessions = Vec::with_capacity(read.len());
    let mut skipped = Vec::new();
    for result in read {
        match result {
            Ok(row) => sessions.push(row),
            Err(e) => skipped.push(e),
        }
    }
    // Stable: sessions saved in the same second stay in file-name order.
    sessions.sort_by_key(|(updated, _)| std::cmp::Reverse(*updated));
    let rows = sessions.into_iter().map(|(_, row)| row).collect();
    (rows, skipped)
}

/// The rows as an aligned plain-text table with a header: columns padded by display width
/// (CJK and emoji take two columns, combining marks none), the title cut at 40 columns and
/// every other cell at 60, each with `…`.
pub fn table(rows: &[Row]) -> String {
    let header = [
        "TITLE",
        "TICKET",
        "REV",
        "UPDATED",
        "UNDECIDED/THREATS",
        "COVERAGE",
        "FILE",
    ];
    let mut cells: Vec<[String; 7]> = vec![header.map(str::to_owned)];
    cells.extend(rows.iter().map(|r| {
        // Cut by display width before the widths are measured, so that padding is bounded.
        [
            fit(&r.title, MAX_TITLE_WIDTH),
            fit(&r.ticket, MAX_CELL_WIDTH),
            r.revision.to_string(),
            fit(&r.updated, MAX_CELL_WIDTH),
            fit(&r.threats, MAX_CELL_WIDTH),
            fit(&r.coverage, MAX_CELL_WIDTH),
            fit(&r.file, MAX_CELL_WIDTH),
        ]
    }));
    let mut widths = [0; 7];
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
