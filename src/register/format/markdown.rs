//! The Markdown format: a summary line, the ranked table, the patterns and the unreadable
//! files, with session text made inert as the GitHub export makes it.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::{
    by_session, capped, decision_text, due_text, ids, more, outcome_text, rating, risk_text,
};
use crate::export::escape::{Place, md};
use crate::register::patterns::Shared;
use crate::register::{Register, Row, SessionInfo};

/// Session text for a table cell.
fn cell(text: &str) -> String {
    md(text, Place::Cell)
}

/// "Refund API (`sessions/refund-api.ron`)" for a cell: the title, then the path.
fn session_cell(s: &SessionInfo) -> String {
    format!("{} ({})", cell(&s.title), cell(&s.path))
}

/// One table row from its cells.
fn table_row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

/// A table's head: the titles and the alignment row (`num` columns right-aligned).
fn table_head(out: &mut String, titles: &[(&str, bool)]) {
    let names: Vec<String> = titles.iter().map(|(t, _)| (*t).to_owned()).collect();
    table_row(out, &names);
    let rule: Vec<String> = titles
        .iter()
        .map(|(_, num)| if *num { "---:" } else { "---" }.to_owned())
        .collect();
    table_row(out, &rule);
}

/// The decisions cell of a row: each decision's facts, or "**undecided**".
fn decisions_cell(row: &Row) -> String {
    if row.undecided() {
        return "**undecided**".to_owned();
    }
    let shown: Vec<String> = row
        .decisions
        .iter()
        .map(|d| cell(&decision_text(d)))
        .collect();
    shown.join("; ")
}

/// The ranked table of every threat.
fn rows(out: &mut String, register: &Register) {
    out.push_str("## Threats, ranked\n\n");
    if register.rows.is_empty() {
        out.push_str("No threats.\n\n");
        return;
    }
    table_head(
        out,
        &[
            ("#", true),
            ("Session", false),
            ("Element", false),
            ("Kind", false),
            ("STRIDE", false),
            ("Threat", false),
            ("L", true),
            ("I", true),
            ("Risk", false),
            ("Residual", false),
            ("Decisions", false),
        ],
    );
    // A session's cell is escaped once, not once per threat.
    let sessions: Vec<String> = register.sessions.par_iter().map(session_cell).collect();
    // Rows are written on every core, then joined in rank order: the same bytes.
    let lines: Vec<String> = register
        .rows
        .par_iter()
        .enumerate()
        .map(|(n, row)| {
            let mut line = String::with_capacity(256);
            table_row(
                &mut line,
                &[
                    (n + 1).to_string(),
                    sessions[row.session].clone(),
                    format!("{} {}", row.element, cell(&row.element_name)),
                    row.kind.label().to_owned(),
                    row.category.name().to_owned(),
                    format!("{} {}", row.threat, cell(&row.title)),
                    rating(row.likelihood),
                    rating(row.impact),
                    risk_text(row.risk),
                    row.residual
                        .map_or_else(|| "–".to_owned(), |r| risk_text(Some(r))),
                    decisions_cell(row),
                ],
            );
            line
        })
        .collect();
    out.extend(lines);
    out.push('\n');
}

/// A pattern's heading, with "None." under it when it found nothing.
fn heading(out: &mut String, title: &str, empty: bool) -> bool {
    let _ = writeln!(out, "### {title}\n");
    if empty {
        out.push_str("None.\n\n");
    }
    !empty
}

/// "… and 3 more." under a capped table or list.
fn more_line(out: &mut String, rest: usize) {
    if let Some(more) = more(rest) {
        let _ = writeln!(out, "\n…{more}.");
    }
}

/// Sessions with the IDs behind them, capped: "`a.ron`: T1, T4; `b.ron`: T2; and 1 more".
fn where_cell(register: &Register, sessions: &[(usize, Vec<crate::model::Id>)]) -> String {
    let (shown, rest) = capped(sessions);
    let mut parts: Vec<String> = shown
        .iter()
        .map(|(s, threat_ids)| {
            format!("{}: {}", cell(&register.sessions[*s].path), ids(threat_ids))
        })
        .collect();
    parts.extend(more(rest));
    parts.join("; ")
}

/// Packages or suppliers in several sessions, each with its sessions' components.
fn shared(out: &mut String, register: &Register, title: &str, found: &[Shared]) {
    if !heading(out, title, found.is_empty()) {
        return;
    }
    let (shown, rest) = capped(found);
    for s in shown {
        let _ = writeln!(
            out,
            "- {} in {}:",
            md(&s.key, Place::Text),
            crate::text::count(s.sessions(), "session")
        );
        let (uses, more_uses) = capped(&s.uses);
        for u in uses {
            let version = u.version.as_deref().unwrap_or("version unknown");
            let outcomes: Vec<String> = u.threats.iter().map(outcome_text).collect();
            let threats = if outcomes.is_empty() {
                "no threats".to_owned()
            } else {
                outcomes.join("; ")
            };
            let text = format!(
                "{}: {} {} {version} from {}: {threats}",
                register.sessions[u.session].path, u.element, u.name, u.supplier
            );
            let _ = writeln!(out, "  - {}", md(&text, Place::Text));
        }
        if let Some(more) = more(more_uses) {
            let _ = writeln!(out, "  - {more}");
        }
    }
    more_line(out, rest);
    out.push('\n');
}

/// Every pattern, capped.
fn patterns(out: &mut String, register: &Register) {
    let p = &register.patterns;
    let t = &register.thresholds;
    out.push_str("## Patterns across sessions\n\n");

    if heading(
        out,
        "STRIDE categories recurring on one kind of element",
        p.recurring.is_empty(),
    ) {
        let (shown, rest) = capped(&p.recurring);
        table_head(
            out,
            &[
                ("Kind", false),
                ("STRIDE", false),
                ("Sessions", true),
                ("Threats", true),
                ("Undecided", true),
                ("Where", false),
            ],
        );
        for r in shown {
            table_row(
                out,
                &[
                    r.kind.label().to_owned(),
                    r.category.name().to_owned(),
                    r.sessions.len().to_string(),
                    r.threats.to_string(),
                    r.undecided.to_string(),
                    where_cell(register, &r.sessions),
                ],
            );
        }
        more_line(out, rest);
        out.push('\n');
    }

    shared(out, register, "Packages in several sessions", &p.packages);
    shared(out, register, "Suppliers in several sessions", &p.suppliers);

    let title = format!(
        "Accepted risks overdue or due within {}",
        crate::text::count(t.due_soon_days as usize, "day")
    );
    if heading(out, &title, p.acceptances.is_empty()) {
        let (shown, rest) = capped(&p.acceptances);
        table_head(
            out,
            &[
                ("Review by", false),
                ("Due", false),
                ("Session", false),
                ("Decision", false),
                ("Owner", false),
                ("Threats", false),
            ],
        );
        for a in shown {
            table_row(
                out,
                &[
                    a.review_by.format("%Y-%m-%d").to_string(),
                    due_text(a.due),
                    session_cell(&register.sessions[a.session]),
                    a.decision.to_string(),
                    cell(
                        a.owner
                            .as_deref()
                            .unwrap_or(crate::register::patterns::NO_OWNER),
                    ),
                    ids(&a.threats),
                ],
            );
        }
        more_line(out, rest);
        out.push('\n');
    }

    if heading(out, "Owners with the most open items", p.owners.is_empty()) {
        let (shown, rest) = capped(&p.owners);
        table_head(
            out,
            &[
                ("Owner", false),
                ("Open", true),
                ("Sessions", true),
                ("Items", false),
            ],
        );
        for o in shown {
            table_row(
                out,
                &[
                    cell(&o.owner),
                    o.items.len().to_string(),
                    o.sessions().to_string(),
                    where_cell(register, &by_session(&o.items)),
                ],
            );
        }
        more_line(out, rest);
        out.push('\n');
    }

    let title = format!(
        "Sessions not updated for more than {}",
        crate::text::count(t.stale_days as usize, "day")
    );
    if heading(out, &title, p.stale.is_empty()) {
        let (shown, rest) = capped(&p.stale);
        table_head(
            out,
            &[
                ("Session", false),
                ("Updated", false),
                ("Days", true),
                ("Revision", true),
            ],
        );
        for s in shown {
            let session = &register.sessions[s.session];
            table_row(
                out,
                &[
                    session_cell(session),
                    session.updated.format("%Y-%m-%d").to_string(),
                    s.days.to_string(),
                    session.revision.to_string(),
                ],
            );
        }
        more_line(out, rest);
        out.push('\n');
    }

    let title = format!("Sessions below {} % coverage", t.coverage_min);
    if heading(out, &title, p.below_coverage.is_empty()) {
        let (shown, rest) = capped(&p.below_coverage);
        table_head(
            out,
            &[("Session", false), ("Considered", true), ("Coverage", true)],
        );
        for b in shown {
            table_row(
                out,
                &[
                    session_cell(&register.sessions[b.session]),
                    b.coverage.to_string(),
                    format!("{} %", b.coverage.percent()),
                ],
            );
        }
        more_line(out, rest);
        out.push('\n');
    }
}

/// The files that could not be read, all of them.
fn unreadable(out: &mut String, register: &Register) {
    if register.unreadable.is_empty() {
        return;
    }
    out.push_str("## Unreadable files\n\n");
    table_head(out, &[("File", false), ("Error", false)]);
    for u in &register.unreadable {
        table_row(out, &[cell(&u.path), cell(&u.message)]);
    }
    out.push('\n');
}

/// The register as one Markdown page.
pub fn markdown(register: &Register) -> String {
    let mut out = String::with_capacity(256 + register.rows.len() * 200);
    out.push_str("# Risk register\n\n");
    let _ = writeln!(out, "{}.\n", register.summary());
    rows(&mut out, register);
    patterns(&mut out, register);
    unreadable(&mut out, register);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
