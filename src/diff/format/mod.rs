//! The diff written for a terminal, a ticket or a script. Each format is a pure function
//! of the [`Diff`](super::Diff) and the names of its two sides: the same sessions give the
//! same bytes.

mod json;
mod markdown;
mod text;

pub use json::json;
pub use markdown::markdown;
pub use text::text;

use super::{Diff, Field, compact};
use crate::model::{Coverage, Risk};

/// The formats `diff --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a person at a terminal (the default).
    Text,
    /// Ticket-ready Markdown; session text cannot ping, link or break a table.
    Markdown,
    /// Every change with its old and new value, for scripts.
    Json,
}

/// The names of the two sides, as the user gave them: `sessions/x.ron@HEAD~1`.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    /// The old side.
    pub old: &'a str,
    /// The new side.
    pub new: &'a str,
}

/// Renders `diff` in `format`.
pub fn render(diff: &Diff, sides: Sides<'_>, format: Format) -> String {
    match format {
        Format::Text => text(diff, sides),
        Format::Markdown => markdown(diff, sides),
        Format::Json => json(diff, sides),
    }
}

/// How many columns an item's label takes in a list.
const LABEL_COLUMNS: usize = 60;

/// What an unset value shows as.
const NONE: &str = "(none)";

/// A label on one line, cut to [`LABEL_COLUMNS`].
fn label(text: &str) -> String {
    crate::text::fit(&crate::text::one_line(text), LABEL_COLUMNS)
}

/// A changed field's old and new value on one line each: free text compactly, other values
/// cut to [`super::SHOWN_COLUMNS`], unset as `(none)`.
fn values(field: &Field) -> (String, String) {
    let shown = |v: &Option<String>| {
        v.as_deref().map_or_else(
            || NONE.to_owned(),
            |v| crate::text::fit(&crate::text::one_line(v), super::SHOWN_COLUMNS),
        )
    };
    match (field.text, &field.old, &field.new) {
        (true, Some(old), Some(new)) => compact(old, new),
        _ => (shown(&field.old), shown(&field.new)),
    }
}

/// A risk in words: "12 high", or "unrated".
fn risk(risk: Option<Risk>) -> String {
    risk.map_or_else(
        || "unrated".to_owned(),
        |r| format!("{} {}", r.score, r.band),
    )
}

/// Coverage in words: "5/10 (50 %)".
fn coverage(c: Coverage) -> String {
    format!("{c} ({} %)", c.percent())
}

/// Coverage before and after: "5/10 (50 %) → 6/10 (60 %)", or "5/10 (50 %), unchanged".
fn coverage_move(diff: &Diff) -> String {
    let c = &diff.coverage;
    if c.old == c.new {
        format!("{}, unchanged", coverage(c.new))
    } else {
        format!("{} → {}", coverage(c.old), coverage(c.new))
    }
}

/// The headings of the four kinds of item, with the items, in the order every format uses.
fn kinds(diff: &Diff) -> [(&'static str, &super::Items); 4] {
    [
        ("Elements", &diff.elements),
        ("Threats", &diff.threats),
        ("Decisions", &diff.decisions),
        ("Assumptions", &diff.assumptions),
    ]
}
