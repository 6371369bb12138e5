//! The report's tables as data ([`crate::table`]), built once for Markdown and HTML: the
//! unreadable files, each session's particulars and phases, traceability, the third-party
//! components, the practice, Annex I Part I, and the sessions at a glance.

use chrono::NaiveDate;

use super::super::Report;
use super::super::annex::{AnnexRow, NO_EVIDENCE};
use super::super::evidence::{Component, SessionEvidence, Traced};
use super::{
    age_text, capped, clock, day, decision_parts, kind_of_session, moment, more, rating_text,
    revisions_text,
};
use crate::table::{Cell, Column, Mark, Span, Table, labelled};

/// "none", dimmed.
fn none() -> Span<'static> {
    Span::marked(Mark::Nothing, "none")
}

/// "UNDECIDED", in bold and red.
fn undecided() -> Span<'static> {
    Span::marked(Mark::Alert, "UNDECIDED")
}

/// A count, in red when it is not zero.
fn count_of_undecided(n: usize) -> Cell<'static> {
    let cell = Cell::plain(n.to_string());
    if n > 0 { cell.marked(Mark::Warn) } else { cell }
}

/// "pass" in green or "fail" in bold red.
fn status(s: &SessionEvidence) -> Cell<'static> {
    Cell::one(if s.check.passed {
        Span::marked(Mark::Pass, "pass")
    } else {
        Span::marked(Mark::Fail, "fail")
    })
}

/// Session text, or "—" when there is none.
fn or_dash(text: Option<&str>) -> Cell<'_> {
    text.map_or_else(|| Cell::plain("—"), Cell::session)
}

/// The files that could not be read, with where.
pub(super) fn unreadable(r: &Report) -> Table<'_> {
    let rows = r
        .unreadable
        .iter()
        .map(|u| {
            let place = match (u.line, u.column) {
                (Some(l), Some(c)) => format!("line {l}, column {c}"),
                (Some(l), None) => format!("line {l}"),
                _ => "the whole file".to_owned(),
            };
            vec![
                Cell::session(u.file.as_str()),
                Cell::plain(place),
                Cell::session(u.error.as_str()),
            ]
        })
        .collect();
    Table::new(
        vec![
            Column::text("File"),
            Column::text("Where"),
            Column::text("Error"),
        ],
        rows,
    )
}

/// The minutes planned over all of a session's phases.
pub(super) fn planned(s: &SessionEvidence) -> u32 {
    s.phases.iter().map(|p| p.planned_minutes).sum()
}

/// A session's particulars as names and values: ticket, file, dates, revision, kind,
/// participants.
pub(super) fn particulars<'a>(s: &'a SessionEvidence) -> Table<'a> {
    let participants: Vec<String> = s.participants.iter().map(|p| p.to_string()).collect();
    let row = |name: &'static str, value: Cell<'a>| vec![Cell::plain(name), value];
    let rows = vec![
        row(
            "Ticket",
            s.ticket
                .as_deref()
                .map_or_else(|| Cell::plain("none"), Cell::session),
        ),
        row("File", Cell::session(s.file.as_str())),
        row("Created", Cell::plain(moment(s.created))),
        row("Updated", Cell::plain(moment(s.updated))),
        row("Revision", Cell::plain(s.revision.to_string())),
        row("Kind", Cell::plain(kind_of_session(s.quick, planned(s)))),
        row(
            "Participants",
            if participants.is_empty() {
                Cell::plain("none recorded")
            } else {
                Cell::session(participants.join(", "))
            },
        ),
    ];
    Table::new(vec![Column::text(""), Column::text("")], rows)
}

/// A session's phases, planned and spent, with their total.
pub(super) fn phases(s: &SessionEvidence) -> Table<'_> {
    let rows = s
        .phases
        .iter()
        .map(|p| {
            vec![
                Cell::plain(p.phase.name()),
                Cell::plain(format!("{} min", p.planned_minutes)),
                Cell::plain(clock(p.spent_secs)),
            ]
        })
        .collect();
    let spent: u64 = s.phases.iter().map(|p| p.spent_secs).sum();
    let mut table = Table::new(
        vec![
            Column::text("Phase"),
            Column::number("Planned"),
            Column::number("Spent"),
        ],
        rows,
    );
    table.total = Some(vec![
        Cell::plain("Total"),
        Cell::plain(format!("{} min", planned(s))),
        Cell::plain(clock(spent)),
    ]);
    table.narrow = true;
    table
}

/// One threat's decisions, each in its parts, or UNDECIDED.
fn decisions(t: &Traced, as_of: NaiveDate) -> Cell<'static> {
    if t.decisions.is_empty() {
        return Cell::one(undecided());
    }
    Cell::bullets(
        t.decisions
            .iter()
            .map(|d| {
                let mut spans = Vec::new();
                for (n, part) in decision_parts(d, as_of).into_iter().enumerate() {
                    if n > 0 {
                        spans.push(Span::plain(" · "));
                    }
                    spans.push(Span::session(part));
                }
                spans
            })
            .collect(),
    )
}

/// The rating with its band coloured, or "unrated" dimmed.
fn rating(t: &Traced) -> Cell<'static> {
    let mark = t.band.map_or(Mark::Dim, Mark::Band);
    Cell::one(Span::marked(mark, rating_text(t)))
}

/// Every threat of a session to its decisions.
pub(super) fn threats(s: &SessionEvidence, as_of: NaiveDate) -> Table<'_> {
    let rows = s
        .threats
        .iter()
        .map(|t| {
            let mut element = labelled(t.element.as_str(), &t.element_name);
            element.push(Span::plain(" "));
            element.push(Span::marked(
                Mark::Dim,
                format!("({})", t.element_kind.label()),
            ));
            vec![
                Cell::spans(labelled(t.id.as_str(), &t.title)),
                Cell::spans(element),
                Cell::plain(t.category.letter().to_string()),
                rating(t),
                decisions(t, as_of),
            ]
        })
        .collect();
    Table::new(
        vec![
            Column::text("Threat"),
            Column::text("Element"),
            Column::text("STRIDE"),
            Column::rating("Rating"),
            Column::text("Decisions"),
        ],
        rows,
    )
}

/// A component's threats, each with its decisions' IDs and kinds or UNDECIDED; "none".
fn component_threats(c: &Component) -> Cell<'_> {
    if c.threats.is_empty() {
        return Cell::one(none());
    }
    Cell::bullets(
        c.threats
            .iter()
            .map(|t| {
                let answers: Vec<String> = t
                    .decisions
                    .iter()
                    .map(|d| format!("{} {}", d.id, d.kind.name()))
                    .collect();
                let mut spans = labelled(t.id.as_str(), &t.title);
                spans.push(Span::plain(" → "));
                spans.push(if answers.is_empty() {
                    undecided()
                } else {
                    Span::plain(answers.join(", "))
                });
                spans
            })
            .collect(),
    )
}

/// Every session's third-party components, each with its session.
pub(super) fn all_components(r: &Report) -> Vec<(&SessionEvidence, &Component)> {
    r.sessions
        .iter()
        .flat_map(|s| s.components.iter().map(move |c| (s, c)))
        .collect()
}

/// The third-party components of every session.
pub(super) fn components<'a>(all: &[(&'a SessionEvidence, &'a Component)]) -> Table<'a> {
    let rows = all
        .iter()
        .map(|(s, c)| {
            vec![
                Cell::session(s.title.as_str()),
                Cell::spans(labelled(c.id.as_str(), &c.name)),
                Cell::session(c.supplier.as_str()),
                or_dash(c.version.as_deref()),
                or_dash(c.purl.as_deref()),
                Cell::plain(c.coverage.to_string()),
                component_threats(c),
            ]
        })
        .collect();
    Table::new(
        vec![
            Column::text("Session"),
            Column::text("Component"),
            Column::text("Supplier"),
            Column::text("Version"),
            Column::text("Package URL"),
            Column::text("STRIDE considered"),
            Column::text("Threats and decisions"),
        ],
        rows,
    )
}

/// Each session's check status, how recent it is and its revisions over time.
pub(super) fn practice(r: &Report) -> Table<'_> {
    let rows = r
        .sessions
        .iter()
        .map(|s| {
            vec![
                Cell::session(s.title.as_str()),
                status(s),
                Cell::plain(s.check.errors.to_string()),
                Cell::plain(s.check.warnings.to_string()),
                Cell::plain(s.check.notes.to_string()),
                Cell::plain(day(s.updated.date_naive())),
                Cell::plain(age_text(s.days_since_update, s.stale)),
                Cell::plain(revisions_text(&s.revisions)),
            ]
        })
        .collect();
    Table::new(
        vec![
            Column::text("Session"),
            Column::text("check"),
            Column::number("Errors"),
            Column::number("Warnings"),
            Column::number("Notes"),
            Column::text("Updated"),
            Column::number("Days since"),
            Column::text("Revisions over time"),
        ],
        rows,
    )
}

/// The threats bearing on a requirement, capped, or "none".
fn annex_threats(a: &AnnexRow) -> Cell<'_> {
    let (shown, rest) = capped(&a.threats);
    let mut spans = Vec::new();
    for (n, t) in shown.iter().enumerate() {
        if n > 0 {
            spans.push(Span::plain(", "));
        }
        spans.push(Span::session(t.as_str()));
    }
    if spans.is_empty() {
        spans.push(none());
    }
    spans.push(Span::plain(more(rest)));
    Cell::spans(spans)
}

/// The decisions counting for a requirement, capped, with their kinds; or "none".
fn annex_decisions(a: &AnnexRow) -> Cell<'_> {
    if a.decisions.is_empty() {
        return Cell::one(none());
    }
    let (shown, rest) = capped(&a.decisions);
    let mut spans = Vec::new();
    for (n, d) in shown.iter().enumerate() {
        if n > 0 {
            spans.push(Span::plain(", "));
        }
        spans.push(Span::Item {
            id: d.id.as_str().into(),
            kind: d.kind.name(),
            tag: d.tagged.then_some("tagged by the team"),
        });
    }
    spans.push(Span::plain(more(rest)));
    spans.push(Span::Break);
    spans.push(Span::marked(
        Mark::Dim,
        format!("by kind: {}", a.by_kind.words()),
    ));
    Cell::spans(spans)
}

/// CRA Annex I Part I: each requirement with the threats and decisions bearing on it.
pub(super) fn annex(r: &Report) -> Table<'_> {
    let rows = r
        .annex_i
        .iter()
        .map(|a| {
            let mut row = vec![
                Cell::plain(a.requirement.to_string()),
                Cell::plain(a.summary),
                Cell::plain(a.suggested).marked(Mark::Dim),
            ];
            if a.has_evidence() {
                row.extend([
                    annex_threats(a),
                    annex_decisions(a),
                    count_of_undecided(a.undecided),
                ]);
            } else {
                row.push(Cell::plain(NO_EVIDENCE).marked(Mark::Nothing).spanning(3));
            }
            row
        })
        .collect();
    Table::new(
        vec![
            Column::text("Requirement"),
            Column::text("What it asks"),
            Column::text("Suggested from"),
            Column::text("Threats"),
            Column::text("Decisions"),
            Column::number("Undecided"),
        ],
        rows,
    )
}

/// Every session at a glance: file, revision, threats, undecided, coverage, check.
pub(super) fn sessions(r: &Report) -> Table<'_> {
    let rows = r
        .sessions
        .iter()
        .map(|s| {
            let undecided = s.threats.iter().filter(|t| t.decisions.is_empty()).count();
            vec![
                Cell::session(s.title.as_str()),
                Cell::session(s.file.as_str()),
                Cell::plain(s.revision.to_string()),
                Cell::plain(day(s.updated.date_naive())),
                Cell::plain(s.threats.len().to_string()),
                count_of_undecided(undecided),
                Cell::plain(s.coverage.to_string()),
                status(s),
            ]
        })
        .collect();
    Table::new(
        vec![
            Column::text("Session"),
            Column::text("File"),
            Column::number("Revision"),
            Column::text("Updated"),
            Column::number("Threats"),
            Column::number("Undecided"),
            Column::text("Coverage"),
            Column::text("check"),
        ],
        rows,
    )
}
