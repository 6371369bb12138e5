//! The evidence report: what the session files show about how a team assesses risk at
//! design time, for the people who answer for it (a CTO, an auditor), with CRA Annex I
//! Part I and NIS2 Article 21(2) in view.
//!
//! [`read`] loads the files on every core, with each one's `check` status and git history;
//! [`build`] turns what was read into a [`Report`], a pure function; the formats
//! ([`format`]) are pure functions of the report: the same files give the same bytes.

pub mod annex;
mod evidence;
pub mod format;
mod history;
mod read;
mod svg;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

pub use annex::{AnnexDecision, AnnexRow, Framework};
pub use evidence::{
    Changes, CheckStatus, Component, Cover, DecisionRef, PhaseTime, RevisionMark, SessionEvidence,
    Traced,
};
pub use history::History;
pub use read::{Loaded, Read, Unreadable, read};

use crate::model::{DecisionKind, Thresholds};

/// The formats `report --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown document (the default).
    Markdown,
    /// One self-contained HTML page that prints well to PDF.
    Html,
    /// Everything, for scripts.
    Json,
}

/// Everything the report says, ready for a format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The day dates are judged against.
    pub as_of: NaiveDate,
    /// Days without an update after which a session is stale (the policy's `stale_days`).
    pub stale_days: u32,
    /// The figures over all sessions.
    pub totals: Totals,
    /// Each session that loaded, in path order.
    pub sessions: Vec<SessionEvidence>,
    /// Each file that did not, in path order.
    pub unreadable: Vec<Unreadable>,
    /// Rated threats by inherent likelihood (rows, 1–5) and impact (columns, 1–5).
    pub heat_map: [[usize; 5]; 5],
    /// CRA Annex I Part I, one row per requirement in the Annex's order.
    pub annex_i: Vec<AnnexRow>,
    /// CRA Annex VII item 3 and NIS2 Article 21(2): what these sessions evidence and what not.
    pub frameworks: Vec<Framework>,
    /// What no threat model shows, whatever the sessions say.
    pub limits: Vec<&'static str>,
}

/// The figures over all sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Sessions that loaded.
    pub sessions: usize,
    /// Of those, quick reviews.
    pub quick: usize,
    /// Files that did not load.
    pub unreadable: usize,
    /// Threats.
    pub threats: usize,
    /// Threats rated for likelihood and impact.
    pub rated: usize,
    /// Threats without a decision.
    pub undecided: usize,
    /// Decisions.
    pub decisions: usize,
    /// Decisions by kind: mitigate, avoid, transfer, accept.
    pub by_kind: KindCounts,
    /// Live cells considered and live cells, over all sessions.
    pub coverage: Cover,
    /// Third-party components.
    pub components: usize,
    /// Of those, never considered (no threat and no considered cell).
    pub components_never_considered: usize,
    /// Sessions with no error under the policy.
    pub passing: usize,
    /// Sessions not updated for longer than the policy's `stale_days`.
    pub stale: usize,
    /// Sessions whose changes since the previous revision could be shown.
    pub with_changes: usize,
}

/// How many decisions there are of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// Mitigate.
    pub mitigate: usize,
    /// Avoid.
    pub avoid: usize,
    /// Transfer.
    pub transfer: usize,
    /// Accept.
    pub accept: usize,
}

impl KindCounts {
    /// Counts one more decision of `kind`.
    pub fn add(&mut self, kind: DecisionKind) {
        match kind {
            DecisionKind::Mitigate => self.mitigate += 1,
            DecisionKind::Avoid => self.avoid += 1,
            DecisionKind::Transfer => self.transfer += 1,
            DecisionKind::Accept => self.accept += 1,
        }
    }

    /// All decisions counted.
    pub fn total(self) -> usize {
        self.mitigate + self.avoid + self.transfer + self.accept
    }

    /// "3 mitigate, 1 transfer, 1 accept": the kinds with any, in the forms' order; "none".
    pub fn words(self) -> String {
        let parts: Vec<String> = [
            (self.mitigate, DecisionKind::Mitigate),
            (self.avoid, DecisionKind::Avoid),
            (self.transfer, DecisionKind::Transfer),
            (self.accept, DecisionKind::Accept),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, kind)| format!("{n} {}", kind.name()))
        .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// The report on what was read, as of `as_of`, under the policy's thresholds.
pub fn build(read: &[Read], as_of: NaiveDate, thresholds: &Thresholds) -> Report {
    let loaded: Vec<&Loaded> = read.iter().filter_map(|r| r.loaded.as_ref().ok()).collect();
    let keys = evidence::keys(&loaded);
    let sessions: Vec<SessionEvidence> = loaded
        .par_iter()
        .zip(keys)
        .map(|(l, key)| evidence::session(l, key, as_of, thresholds))
        .collect();
    let unreadable: Vec<Unreadable> = read
        .iter()
        .filter_map(|r| r.loaded.as_ref().err().cloned())
        .collect();
    let totals = totals(&sessions, unreadable.len());
    let annex_i = annex::table(&loaded, &sessions);
    let frameworks = annex::frameworks(&totals, &sessions, &annex_i, thresholds.stale_days);
    Report {
        as_of,
        stale_days: thresholds.stale_days,
        heat_map: heat_map(&sessions),
        totals,
        sessions,
        unreadable,
        annex_i,
        frameworks,
        limits: annex::LIMITS.to_vec(),
    }
}

/// The figures over all sessions.
fn totals(sessions: &[SessionEvidence], unreadable: usize) -> Totals {
    let mut t = Totals {
        sessions: sessions.len(),
        unreadable,
        ..Totals::default()
    };
    for s in sessions {
        t.quick += usize::from(s.quick);
        t.threats += s.threats.len();
        t.rated += s.threats.iter().filter(|x| x.risk.is_some()).count();
        t.undecided += s.threats.iter().filter(|x| x.decisions.is_empty()).count();
        t.decisions += s.by_kind.total();
        t.by_kind.mitigate += s.by_kind.mitigate;
        t.by_kind.avoid += s.by_kind.avoid;
        t.by_kind.transfer += s.by_kind.transfer;
        t.by_kind.accept += s.by_kind.accept;
        t.coverage = t.coverage.plus(s.coverage);
        t.components += s.components.len();
        t.components_never_considered += s.components.iter().filter(|c| c.never_considered).count();
        t.passing += usize::from(s.check.passed);
        t.stale += usize::from(s.stale);
        t.with_changes += usize::from(matches!(s.changes, Changes::Available(_)));
    }
    t
}

/// Rated threats of every session by inherent likelihood and impact.
fn heat_map(sessions: &[SessionEvidence]) -> [[usize; 5]; 5] {
    let mut grid = [[0; 5]; 5];
    for t in sessions.iter().flat_map(|s| &s.threats) {
        if let (Some(l), Some(i)) = (t.likelihood, t.impact)
            && let Some(cell) = grid
                .get_mut(usize::from(l).wrapping_sub(1))
                .and_then(|row| row.get_mut(usize::from(i).wrapping_sub(1)))
        {
            *cell += 1;
        }
    }
    grid
}
