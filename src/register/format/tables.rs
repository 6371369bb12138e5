//! The register's tables as data ([`crate::table`]), built once for Markdown and HTML: the
//! ranked threats, each pattern (capped at [`CAP`](super::CAP) rows), the unreadable files.

use rayon::prelude::*;

use super::{by_session, capped, decision_text, due_text, ids, more, rating, risk_text};
use crate::model::{Due, Id, Risk};
use crate::register::patterns::{NO_OWNER, Shared};
use crate::register::{Register, Row, SessionInfo};
use crate::table::{Cell, Column, Content, Mark, Span, Table, labelled};

/// What a pattern found, as the human formats show it.
pub(super) enum Found<'a> {
    /// A table of what it found.
    Table(Table<'a>),
    /// Packages or suppliers in several sessions, each with its uses: a list, not a table.
    Shared(&'a [Shared]),
}

/// One pattern: its heading and what it found.
pub(super) struct Pattern<'a> {
    /// The heading: "Sessions below 60 % coverage".
    pub title: String,
    /// What it found.
    pub found: Found<'a>,
}

impl Pattern<'_> {
    /// Whether it found nothing ("None." under the heading).
    pub fn is_empty(&self) -> bool {
        match &self.found {
            Found::Table(table) => table.rows.is_empty(),
            Found::Shared(found) => found.is_empty(),
        }
    }
}

/// The session's title, with its file after it.
fn session(s: &SessionInfo) -> Cell<'_> {
    Cell::of(session_content(s))
}

/// What [`session`] holds.
fn session_content(s: &SessionInfo) -> Content<'_> {
    Content::Spans(vec![
        Span::session(s.title.as_str()),
        Span::Below(s.path.as_str().into()),
    ])
}

/// A risk, coloured by its band, or "unrated" dimmed.
fn risk(risk: Option<Risk>) -> Cell<'static> {
    let mark = risk.map_or(Mark::Dim, |r| Mark::Band(r.band.name()));
    Cell::plain(risk_text(risk)).marked(mark)
}

/// A row's decisions, one a line, or "undecided".
fn decisions(row: &Row) -> Cell<'static> {
    if row.undecided() {
        return Cell::plain("undecided").marked(Mark::Alert);
    }
    Cell::lines(
        row.decisions
            .iter()
            .map(|d| vec![Span::session(decision_text(d))])
            .collect(),
    )
}

/// Sessions with the IDs behind them, one a line, capped: "a.ron: T1, T4", "and 1 more".
fn places<'a>(register: &'a Register, sessions: &[(usize, Vec<Id>)]) -> Cell<'a> {
    let (shown, rest) = capped(sessions);
    let mut lines: Vec<Vec<Span>> = shown
        .iter()
        .map(|(s, threat_ids)| {
            vec![
                Span::session(register.sessions[*s].path.as_str()),
                Span::plain(format!(": {}", ids(threat_ids))),
            ]
        })
        .collect();
    lines.extend(more(rest).map(|m| vec![Span::plain(m)]));
    Cell::lines(lines)
}

/// A table of the first [`CAP`](super::CAP) items, with how many more there are.
fn capped_table<'a, T>(
    items: &'a [T],
    columns: Vec<Column>,
    row: impl Fn(&'a T) -> Vec<Cell<'a>>,
) -> Table<'a> {
    let (shown, rest) = capped(items);
    let mut table = Table::new(columns, shown.iter().map(row).collect());
    table.more = rest;
    table
}

/// Every threat, ranked; the rows are built on every core.
pub(super) fn ranked(register: &Register) -> Table<'_> {
    let rows = register
        .rows
        .par_iter()
        .enumerate()
        .map(|(n, r)| {
            vec![
                Cell::plain((n + 1).to_string()),
                // Each session is written once, not once per threat.
                Cell::shared(r.session),
                Cell::spans(labelled(r.element.as_str(), &r.element_name)),
                Cell::plain(r.kind.label()),
                Cell::plain(r.category.name()),
                Cell::spans(labelled(r.threat.as_str(), &r.title)),
                Cell::plain(rating(r.likelihood)),
                Cell::plain(rating(r.impact)),
                risk(r.risk),
                r.residual
                    .map_or_else(|| Cell::plain("–"), |x| risk(Some(x))),
                decisions(r),
            ]
        })
        .collect();
    let mut table = Table::new(
        vec![
            Column::number("#"),
            Column::text("Session"),
            Column::text("Element"),
            Column::text("Kind"),
            Column::text("STRIDE"),
            Column::text("Threat"),
            Column::number("L"),
            Column::number("I"),
            Column::text("Risk"),
            Column::text("Residual"),
            Column::text("Decisions"),
        ],
        rows,
    );
    table.shared = register.sessions.iter().map(session_content).collect();
    table
}

/// Every pattern, in the order the formats show them.
pub(super) fn patterns(register: &Register) -> Vec<Pattern<'_>> {
    let p = &register.patterns;
    let t = &register.thresholds;
    let recurring = capped_table(
        &p.recurring,
        vec![
            Column::text("Kind"),
            Column::text("STRIDE"),
            Column::number("Sessions"),
            Column::number("Threats"),
            Column::number("Undecided"),
            Column::text("Where"),
        ],
        |r| {
            vec![
                Cell::plain(r.kind.label()),
                Cell::plain(r.category.name()),
                Cell::plain(r.sessions.len().to_string()),
                Cell::plain(r.threats.to_string()),
                Cell::plain(r.undecided.to_string()),
                places(register, &r.sessions),
            ]
        },
    );
    let acceptances = capped_table(
        &p.acceptances,
        vec![
            Column::text("Review by"),
            Column::text("Due"),
            Column::text("Session"),
            Column::text("Decision"),
            Column::text("Owner"),
            Column::text("Threats"),
        ],
        |a| {
            let due = Cell::plain(due_text(a.due));
            vec![
                Cell::plain(a.review_by.format("%Y-%m-%d").to_string()),
                match a.due {
                    Due::Overdue(_) => due.marked(Mark::Warn),
                    _ => due,
                },
                session(&register.sessions[a.session]),
                Cell::plain(a.decision.as_str()),
                Cell::session(a.owner.as_deref().unwrap_or(NO_OWNER)),
                Cell::plain(ids(&a.threats)),
            ]
        },
    );
    let owners = capped_table(
        &p.owners,
        vec![
            Column::text("Owner"),
            Column::number("Open"),
            Column::number("Sessions"),
            Column::text("Items"),
        ],
        |o| {
            vec![
                Cell::session(o.owner.as_str()),
                Cell::plain(o.items.len().to_string()),
                Cell::plain(o.sessions().to_string()),
                places(register, &by_session(&o.items)),
            ]
        },
    );
    let stale = capped_table(
        &p.stale,
        vec![
            Column::text("Session"),
            Column::text("Updated"),
            Column::number("Days"),
            Column::number("Revision"),
        ],
        |s| {
            let info = &register.sessions[s.session];
            vec![
                session(info),
                Cell::plain(info.updated.format("%Y-%m-%d").to_string()),
                Cell::plain(s.days.to_string()),
                Cell::plain(info.revision.to_string()),
            ]
        },
    );
    let below = capped_table(
        &p.below_coverage,
        vec![
            Column::text("Session"),
            Column::number("Considered"),
            Column::number("Coverage"),
        ],
        |b| {
            vec![
                session(&register.sessions[b.session]),
                Cell::plain(b.coverage.to_string()),
                Cell::plain(format!("{} %", b.coverage.percent())),
            ]
        },
    );
    let days = |n: u32| crate::text::count(n as usize, "day");
    let pattern = |title: String, found| Pattern { title, found };
    vec![
        pattern(
            "STRIDE categories recurring on one kind of element".to_owned(),
            Found::Table(recurring),
        ),
        pattern(
            "Packages in several sessions".to_owned(),
            Found::Shared(&p.packages),
        ),
        pattern(
            "Suppliers in several sessions".to_owned(),
            Found::Shared(&p.suppliers),
        ),
        pattern(
            format!(
                "Accepted risks overdue or due within {}",
                days(t.due_soon_days)
            ),
            Found::Table(acceptances),
        ),
        pattern(
            "Owners with the most open items".to_owned(),
            Found::Table(owners),
        ),
        pattern(
            format!("Sessions not updated for more than {}", days(t.stale_days)),
            Found::Table(stale),
        ),
        pattern(
            format!("Sessions below {} % coverage", t.coverage_min),
            Found::Table(below),
        ),
    ]
}

/// The files that could not be read, all of them.
pub(super) fn unreadable(register: &Register) -> Table<'_> {
    Table::new(
        vec![Column::text("File"), Column::text("Error")],
        register
            .unreadable
            .iter()
            .map(|u| {
                vec![
                    Cell::session(u.path.as_str()),
                    Cell::session(u.message.as_str()),
                ]
            })
            .collect(),
    )
}
