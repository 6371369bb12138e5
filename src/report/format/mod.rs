//! The report's formats, pure functions of the [`Report`]: the same report gives the same
//! bytes. What they share is here: the headings of the four questions, times and dates in
//! words, and lists cut to a length with "and N more".

mod html;
mod json;
mod markdown;
mod tables;

use chrono::{DateTime, NaiveDate, Utc};

use super::evidence::{Changes, DecisionRef, RevisionMark};
use super::{Format, Report};
use crate::text::count;

/// The report in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => markdown::markdown(report),
        Format::Html => html::html(report),
        Format::Json => json::json(report),
    }
}

/// The document's title.
const TITLE: &str = "Threat-model evidence";

/// The four questions, in the order the report answers them.
const QUESTIONS: [&str; 4] = [
    "1. Is there a documented process for assessing risk at design time?",
    "2. Can we show we identified and addressed threats for the latest release?",
    "3. Do we assess suppliers and dependencies?",
    "4. Is it part of the development process?",
];

/// How many IDs a cell of the Annex I table shows before "and N more" (JSON has them all).
const CAP: usize = 8;

/// The first [`CAP`] items and how many more there are.
fn capped<T>(items: &[T]) -> (&[T], usize) {
    let shown = items.len().min(CAP);
    (&items[..shown], items.len() - shown)
}

/// "and 3 more", or nothing.
fn more(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" and {n} more")
    }
}

/// Seconds as "m:ss" ("11:00", "0:00"), hours as minutes.
fn clock(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A moment in UTC to the minute: "2026-11-20 10:00 UTC", the same wherever it is read.
fn moment(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A day: "2026-11-20".
fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An accepted risk's review date as of the report's day: "review by 2027-02-18 (in 79
/// days)", "(overdue by 3 days)", "(today)", or "no review date".
fn review(date: Option<NaiveDate>, as_of: NaiveDate) -> String {
    let Some(date) = date else {
        return "no review date".to_owned();
    };
    let days = (date - as_of).num_days();
    let when = match days {
        0 => "today".to_owned(),
        d if d < 0 => format!("overdue by {}", count(d.unsigned_abs() as usize, "day")),
        d => format!("in {}", count(d as usize, "day")),
    };
    format!("review by {} ({when})", day(date))
}

/// The plain parts of a decision as traceability shows it, each to be escaped by the
/// format: ID and kind, then owner, status, ticket and (for an accepted risk) review.
fn decision_parts(d: &DecisionRef, as_of: NaiveDate) -> Vec<String> {
    let mut parts = vec![format!("{} {}", d.id, d.kind.name())];
    parts.push(match &d.owner {
        Some(owner) => format!("owner {owner}"),
        None => "no owner".to_owned(),
    });
    parts.push(d.status.name().to_owned());
    if let Some(ticket) = &d.ticket {
        parts.push(ticket.clone());
    }
    if d.kind == crate::model::DecisionKind::Accept {
        parts.push(review(d.review_by, as_of));
    }
    parts
}

/// "since revision 1: threats 1 added (T11), 0 removed, 1 changed (T2); …", or "not
/// available: why". IDs only, no session text.
fn changes_text(changes: &Changes) -> String {
    let Changes::Available(c) = changes else {
        let Changes::NotAvailable { reason } = changes else {
            return String::new();
        };
        return format!("not available: {reason}");
    };
    let ids = |list: &[crate::model::Id]| {
        if list.is_empty() {
            String::new()
        } else {
            let (shown, rest) = capped(list);
            let names: Vec<&str> = shown.iter().map(|i| i.as_str()).collect();
            format!(" ({}{})", names.join(", "), more(rest))
        }
    };
    let items = |what: &str, i: &super::evidence::ItemChanges| {
        format!(
            "{what} {} added{}, {} removed{}, {} changed{}",
            i.added.len(),
            ids(&i.added),
            i.removed.len(),
            ids(&i.removed),
            i.changed.len(),
            ids(&i.changed)
        )
    };
    format!(
        "since revision {}: {}; {}; {} undecided{}; coverage {} → {}",
        c.since,
        items("threats", &c.threats),
        items("decisions", &c.decisions),
        count(c.became_undecided.len(), "threat"),
        ids(&c.became_undecided),
        c.coverage_before,
        c.coverage_after
    )
}

/// A threat's rating in plain words: "3×3 = 9 medium, residual 3 low", "unrated".
fn rating_text(t: &super::evidence::Traced) -> String {
    let mut text = match (t.likelihood, t.impact, t.risk, t.band) {
        (Some(l), Some(i), Some(score), Some(band)) => format!("{l}×{i} = {score} {band}"),
        _ => "unrated".to_owned(),
    };
    if let (Some(score), Some(band)) = (t.residual, t.residual_band) {
        text.push_str(&format!(", residual {score} {band}"));
    }
    text
}

/// How long ago the session was saved: "11", "11 (stale)", or "after the report's day".
fn age_text(days: i64, stale: bool) -> String {
    match (days, stale) {
        (d, _) if d < 0 => "after the report's day".to_owned(),
        (d, true) => format!("{d} (stale)"),
        (d, false) => d.to_string(),
    }
}

/// "1 (created 2026-11-20), 2 (first committed 2026-12-01)".
fn revisions_text(marks: &[RevisionMark]) -> String {
    marks
        .iter()
        .map(|m| match m.date {
            Some(date) => format!("{} ({} {})", m.revision, m.source, day(date.date_naive())),
            None => format!("{} ({}, date unknown)", m.revision, m.source),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "full session, 45-minute agenda" or "quick review, 15-minute agenda".
fn kind_of_session(quick: bool, minutes: u32) -> String {
    let kind = if quick {
        "quick review"
    } else {
        "full session"
    };
    format!("{kind}, {minutes}-minute agenda")
}

/// The summary's lines: the figures over all sessions, each answering one question.
fn summary_lines(r: &Report) -> Vec<String> {
    let t = &r.totals;
    let mut lines = vec![
        format!(
            "{} read ({}, {}){}",
            count(t.sessions, "session"),
            count(t.sessions - t.quick, "full session"),
            count(t.quick, "quick review"),
            if t.unreadable > 0 {
                format!("; {} could not be read", count(t.unreadable, "file"))
            } else {
                String::new()
            }
        ),
        format!(
            "{}, {} rated, {} decided, {} undecided; {} ({})",
            count(t.threats, "threat"),
            t.rated,
            t.decided(),
            t.undecided,
            count(t.decisions, "decision"),
            t.by_kind.words()
        ),
        format!("live STRIDE cells considered: {}", t.coverage),
        format!(
            "{}, {} never considered",
            count(t.components, "third-party component"),
            t.components_never_considered
        ),
        format!(
            "check passes {} of {} under the policy; {} not updated within {} days",
            t.passing,
            count(t.sessions, "session"),
            t.stale,
            r.stale_days
        ),
    ];
    let with_evidence = r.annex_i.iter().filter(|a| a.has_evidence()).count();
    lines.push(format!(
        "CRA Annex I Part I: {with_evidence} of {} requirements have threats or decisions bearing \
         on them",
        r.annex_i.len()
    ));
    lines
}
