//! The risk register across sessions: every threat of every session under some paths in
//! one ranked list, and the patterns no single session shows.
//!
//! Files are read on every core, and each session is reduced at once to what the register
//! needs ([`digest`]): its rows and the inputs of the patterns. The session itself is dropped
//! there, so memory follows the rows, not whole sessions. The patterns are then found over
//! the digests ([`patterns`]), and the formats are pure functions of the [`Register`]
//! ([`format`]): the same files and day give the same bytes.

pub mod digest;
pub mod format;
pub mod patterns;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;

pub use digest::{Digest, digest, package_key, supplier_key};
pub use patterns::Patterns;

use crate::check::{self, Setup};
use crate::model::{
    Category, Coverage, DecisionKind, DecisionStatus, Id, KindTag, Risk, Thresholds,
};
use crate::store;

/// The formats `register --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown page (the default).
    Markdown,
    /// One row per threat, for a spreadsheet.
    Csv,
    /// Everything, for scripts.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// The risk register of many sessions as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    /// The day review dates and staleness are judged against.
    pub as_of: NaiveDate,
    /// The numbers the patterns are judged by (coverage, due soon, stale).
    pub thresholds: Thresholds,
    /// Every session read, in path order; rows and patterns point into it by index.
    pub sessions: Vec<SessionInfo>,
    /// One row per threat, ranked (see [`rank`]).
    pub rows: Vec<Row>,
    /// What only shows across sessions.
    pub patterns: Patterns,
    /// Files that could not be read as sessions, in path order.
    pub unreadable: Vec<Unreadable>,
}

/// One session as the register names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    /// The file relative to the repository root, with `/` (as `check` names it).
    pub path: String,
    /// The session's title.
    pub title: String,
    /// Its revision number.
    pub revision: u32,
    /// When it was last saved.
    pub updated: DateTime<Utc>,
    /// Live cells considered out of all.
    pub coverage: Coverage,
    /// How many threats it has.
    pub threats: usize,
    /// How many of them no decision answers.
    pub undecided: usize,
}

/// One threat in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The session, as an index into [`Register::sessions`].
    pub session: usize,
    /// The threatened element's ID.
    pub element: Id,
    /// The element's name.
    pub element_name: String,
    /// The element's kind.
    pub kind: KindTag,
    /// The STRIDE category.
    pub category: Category,
    /// The threat's ID.
    pub threat: Id,
    /// The threat's title.
    pub title: String,
    /// Likelihood 1–5, when rated.
    pub likelihood: Option<u8>,
    /// Impact 1–5, when rated.
    pub impact: Option<u8>,
    /// Likelihood × impact, when both are rated.
    pub risk: Option<Risk>,
    /// The residual risk, where it is assessed.
    pub residual: Option<Risk>,
    /// Every decision answering the threat, in file order; empty when undecided.
    pub decisions: Vec<DecisionRef>,
}

impl Row {
    /// Whether no decision answers the threat.
    pub fn undecided(&self) -> bool {
        self.decisions.is_empty()
    }

    /// The risk that ranks the row: residual where rated, else inherent.
    pub fn ranked_risk(&self) -> Option<Risk> {
        self.residual.or(self.risk)
    }
}

/// A decision as a row shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRef {
    /// Mitigate, avoid, transfer or accept.
    pub kind: DecisionKind,
    /// Its ID.
    pub id: Id,
    /// Who carries it out or owns the risk.
    pub owner: Option<String>,
    /// Where the work is tracked.
    pub ticket: Option<String>,
    /// How far the work has come.
    pub status: DecisionStatus,
    /// For an accepted risk, when to look at it again.
    pub review_by: Option<NaiveDate>,
}

/// A file that could not be read as a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file relative to the repository root, with `/`.
    pub path: String,
    /// What is wrong and where in the file, when known.
    pub message: String,
}

impl Register {
    /// How many rows no decision answers.
    pub fn undecided(&self) -> usize {
        self.sessions.iter().map(|s| s.undecided).sum()
    }

    /// "3 sessions, 24 threats, 9 undecided, 1 unreadable file; as of 2026-12-03".
    pub fn summary(&self) -> String {
        use crate::text::count;
        format!(
            "{}, {}, {} undecided, {}; as of {}",
            count(self.sessions.len(), "session"),
            count(self.rows.len(), "threat"),
            self.undecided(),
            count(self.unreadable.len(), "unreadable file"),
            self.as_of.format("%Y-%m-%d"),
        )
    }

    /// The exit status: 1 when a file could not be read, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.unreadable.is_empty())
    }
}

/// What reading one file gave.
enum Read {
    /// A session, reduced.
    Session(Box<Digest>),
    /// A file that is not one.
    Unreadable(Unreadable),
}

/// Reads one file and reduces it at once: the session does not outlive this call.
fn read(path: &Path, setup: &Setup, thresholds: &Thresholds) -> Read {
    let repo_path = check::repo_path(path, &setup.root);
    match store::load(path) {
        Ok(session) => Read::Session(Box::new(digest(
            &session,
            repo_path,
            setup.as_of,
            thresholds,
        ))),
        Err(e) => {
            let what = check::without_place(&e.to_string(), path);
            let message = match e.position() {
                Some(p) => format!("line {}, column {}: {what}", p.line, p.col),
                None => what,
            };
            Read::Unreadable(Unreadable {
                path: repo_path,
                message,
            })
        }
    }
}

/// The register of `files`, read on every core of the current rayon pool, as of
/// `setup.as_of` under `setup.policy`'s thresholds, with `stale_days` in place of the
/// policy's when given.
pub fn build(files: &[PathBuf], setup: &Setup, stale_days: Option<u32>) -> Register {
    let mut thresholds = setup.policy.thresholds;
    if let Some(days) = stale_days {
        thresholds.stale_days = days;
    }
    let read: Vec<Read> = files
        .par_iter()
        .map(|p| read(p, setup, &thresholds))
        .collect();
    let mut digests = Vec::with_capacity(read.len());
    let mut unreadable = Vec::new();
    for r in read {
        match r {
            Read::Session(d) => digests.push(*d),
            Read::Unreadable(u) => unreadable.push(u),
        }
    }
    assemble(digests, unreadable, setup.as_of, thresholds)
}

/// The register from digests already made, in any order: sessions in path order, rows
/// ranked, patterns found.
pub fn assemble(
    mut digests: Vec<Digest>,
    mut unreadable: Vec<Unreadable>,
    as_of: NaiveDate,
    thresholds: Thresholds,
) -> Register {
    digests.par_sort_by(|a, b| a.info.path.cmp(&b.info.path));
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    let patterns = patterns::find(&digests, as_of, &thresholds);
    let mut rows = Vec::with_capacity(digests.iter().map(|d| d.rows.len()).sum());
    let mut sessions = Vec::with_capacity(digests.len());
    for (index, d) in digests.into_iter().enumerate() {
        rows.extend(d.rows.into_iter().map(|mut row| {
            row.session = index;
            row
        }));
        sessions.push(d.info);
    }
    rank(&mut rows);
    Register {
        as_of,
        thresholds,
        sessions,
        rows,
        patterns,
        unreadable,
    }
}

/// Undecided first, then highest risk first (residual where rated, else inherent; unrated
/// last), then session path (sessions are indexed in path order), then threat number.
pub fn rank(rows: &mut [Row]) {
    rows.par_sort_by_cached_key(|row| {
        (
            !row.undecided(),
            std::cmp::Reverse(row.ranked_risk().map_or(0, |r| r.score)),
            row.session,
            row.threat.parse().map_or(u32::MAX, |(_, n)| n),
        )
    });
}
