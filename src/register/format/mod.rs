//! The register's formats, each a pure function of the [`Register`]: the same register
//! gives the same bytes. Markdown and HTML are for people and cap long per-pattern lists;
//! JSON has everything; CSV has the rows only.

mod csv;
mod html;
mod json;
mod markdown;
mod tables;

pub use self::csv::csv;
pub use self::html::html;
pub use self::json::json;
pub use self::markdown::markdown;

use super::patterns::NO_OWNER;
use super::{DecisionRef, Format, Register};
use crate::model::{Due, Risk};

/// The register in `format`.
pub fn render(register: &Register, format: Format) -> String {
    match format {
        Format::Markdown => markdown(register),
        Format::Csv => csv(register),
        Format::Json => json(register),
        Format::Html => html(register),
    }
}

/// How many entries of one pattern, or sessions of one entry, the human formats list.
pub const CAP: usize = 10;

/// The first [`CAP`] items and how many more there are.
fn capped<T>(items: &[T]) -> (&[T], usize) {
    let shown = items.len().min(CAP);
    (&items[..shown], items.len() - shown)
}

/// "and 3 more", or nothing.
fn more(rest: usize) -> Option<String> {
    (rest > 0).then(|| format!("and {rest} more"))
}

/// "20 critical", or "unrated".
fn risk_text(risk: Option<Risk>) -> String {
    risk.map_or_else(
        || "unrated".to_owned(),
        |r| format!("{} {}", r.score, r.band),
    )
}

/// A rating, or "–" when unrated.
fn rating(value: Option<u8>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

/// "accept D4, owner Julia, PAY-150, open, review by 2027-01-01": the decision's facts in
/// one line, raw (the caller escapes it).
fn decision_text(d: &DecisionRef) -> String {
    let mut parts = vec![format!("{} {}", d.kind.name(), d.id)];
    parts.push(format!(
        "owner {}",
        d.owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .unwrap_or(NO_OWNER)
    ));
    if let Some(ticket) = d.ticket.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(ticket.to_owned());
    }
    parts.push(d.status.name().to_owned());
    if let Some(date) = d.review_by {
        parts.push(format!("review by {}", date.format("%Y-%m-%d")));
    }
    parts.join(", ")
}

/// "T40 mitigate D34, accept D35" or "T41 undecided".
fn outcome_text(o: &super::digest::Outcome) -> String {
    if o.decisions.is_empty() {
        return format!("{} undecided", o.threat);
    }
    let decisions: Vec<String> = o
        .decisions
        .iter()
        .map(|(kind, id)| format!("{} {id}", kind.name()))
        .collect();
    format!("{} {}", o.threat, decisions.join(", "))
}

/// "checkout.ron: E3 stripe-sdk 4.2 from Stripe: T40 mitigate D34; T41 undecided": one use
/// of a shared package or supplier in one line, raw (the caller escapes it).
fn use_text(register: &Register, u: &super::patterns::Use) -> String {
    let outcomes: Vec<String> = u.threats.iter().map(outcome_text).collect();
    let threats = if outcomes.is_empty() {
        "no threats".to_owned()
    } else {
        outcomes.join("; ")
    };
    format!(
        "{}: {} {} {} from {}: {threats}",
        register.sessions[u.session].path,
        u.element,
        u.name,
        u.version.as_deref().unwrap_or("version unknown"),
        u.supplier
    )
}

/// "overdue by 3 days", "due today", "due in 12 days".
fn due_text(due: Due) -> String {
    use crate::text::count;
    match due {
        Due::Overdue(days) => format!("overdue by {}", count(days_usize(days), "day")),
        Due::Soon(0) => "due today".to_owned(),
        Due::Soon(days) | Due::Later(days) => format!("due in {}", count(days_usize(days), "day")),
        Due::NoDate => "no review date".to_owned(),
    }
}

/// A count of days as `usize` for [`crate::text::count`]; never negative here.
fn days_usize(days: i64) -> usize {
    usize::try_from(days).unwrap_or(0)
}

/// The IDs joined with ", ".
fn ids(ids: &[crate::model::Id]) -> String {
    ids.iter()
        .map(|i| i.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Items in session order grouped by session: `[(0, D1), (0, D3), (2, D2)]` becomes
/// `[(0, [D1, D3]), (2, [D2])]`.
fn by_session(items: &[(usize, crate::model::Id)]) -> Vec<(usize, Vec<crate::model::Id>)> {
    let mut grouped: Vec<(usize, Vec<crate::model::Id>)> = Vec::new();
    for (session, id) in items {
        match grouped.last_mut() {
            Some((last, ids)) if last == session => ids.push(id.clone()),
            _ => grouped.push((*session, vec![id.clone()])),
        }
    }
    grouped
}
