//! The HTML format: one self-contained page (the shared shell of [`crate::html`]) with the
//! summary, the ranked table with risk bands coloured, the patterns and the unreadable files.
//! Every text from a session is escaped; nothing is loaded from anywhere.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::{by_session, capped, decision_text, due_text, ids, more, outcome_text, rating};
use crate::html::{escape, page};
use crate::model::{Id, Risk};
use crate::register::patterns::{NO_OWNER, Shared};
use crate::register::{Register, SessionInfo};

/// What the register adds to the shared style.
const STYLE: &str = "td.session{white-space:nowrap}td.path{color:var(--dim)}\
ul.uses{margin:2px 0 10px;padding-left:20px}\n";

/// A table's head; `num` columns are right-aligned.
fn head(out: &mut String, titles: &[(&str, bool)]) {
    out.push_str("<table>\n<thead><tr>");
    for (title, num) in titles {
        let class = if *num { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(title));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

/// One table row from cells already HTML.
fn row(out: &mut String, cells: &[String]) {
    out.push_str("<tr>");
    for c in cells {
        out.push_str(c);
    }
    out.push_str("</tr>\n");
}

/// A plain cell of raw text, escaped here.
fn td(text: &str) -> String {
    format!("<td>{}</td>", escape(text))
}

/// A right-aligned cell of a number.
fn num(value: impl std::fmt::Display) -> String {
    format!("<td class=\"num\">{value}</td>")
}

/// A risk cell, coloured by band.
fn risk_td(risk: Option<Risk>) -> String {
    match risk {
        Some(r) => format!(
            "<td class=\"band-{}\">{} {}</td>",
            r.band.name(),
            r.score,
            r.band.name()
        ),
        None => "<td class=\"dim\">unrated</td>".to_owned(),
    }
}

/// The session's title over its path.
fn session_td(s: &SessionInfo) -> String {
    format!(
        "<td>{}<br><span class=\"dim\">{}</span></td>",
        escape(&s.title),
        escape(&s.path)
    )
}

/// "and 3 more" as a closing paragraph.
fn more_p(out: &mut String, rest: usize) {
    if let Some(more) = more(rest) {
        let _ = writeln!(out, "<p class=\"dim\">… {more}.</p>");
    }
}

/// A pattern's heading, with "None." under it when it found nothing.
fn heading(out: &mut String, title: &str, empty: bool) -> bool {
    let _ = writeln!(out, "<h3>{}</h3>", escape(title));
    if empty {
        out.push_str("<p class=\"dim\">None.</p>\n");
    }
    !empty
}

/// The ranked table.
fn rows(out: &mut String, register: &Register) {
    out.push_str("<section>\n<h2>Threats, ranked</h2>\n");
    if register.rows.is_empty() {
        out.push_str("<p>No threats.</p>\n</section>\n");
        return;
    }
    head(
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
    // Rows are written on every core, then joined in rank order: the same bytes.
    let lines: Vec<String> = register
        .rows
        .par_iter()
        .enumerate()
        .map(|(n, r)| {
            let mut line = String::with_capacity(512);
            let decisions = if r.undecided() {
                "<td class=\"undecided\">undecided</td>".to_owned()
            } else {
                let each: Vec<String> = r
                    .decisions
                    .iter()
                    .map(|d| escape(&decision_text(d)))
                    .collect();
                format!("<td>{}</td>", each.join("<br>"))
            };
            row(
                &mut line,
                &[
                    num(n + 1),
                    session_td(&register.sessions[r.session]),
                    td(&format!("{} {}", r.element, r.element_name)),
                    td(r.kind.label()),
                    td(r.category.name()),
                    td(&format!("{} {}", r.threat, r.title)),
                    num(rating(r.likelihood)),
                    num(rating(r.impact)),
                    risk_td(r.risk),
                    r.residual.map_or_else(|| td("–"), |x| risk_td(Some(x))),
                    decisions,
                ],
            );
            line
        })
        .collect();
    out.extend(lines);
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Sessions with the IDs behind them, capped.
fn where_td(register: &Register, sessions: &[(usize, Vec<Id>)]) -> String {
    let (shown, rest) = capped(sessions);
    let mut parts: Vec<String> = shown
        .iter()
        .map(|(s, threat_ids)| {
            escape(&format!(
                "{}: {}",
                register.sessions[*s].path,
                ids(threat_ids)
            ))
        })
        .collect();
    parts.extend(more(rest));
    format!("<td>{}</td>", parts.join("<br>"))
}

/// Packages or suppliers in several sessions.
fn shared(out: &mut String, register: &Register, title: &str, found: &[Shared]) {
    if !heading(out, title, found.is_empty()) {
        return;
    }
    let (shown, rest) = capped(found);
    for s in shown {
        let _ = writeln!(
            out,
            "<p><strong>{}</strong> in {}</p>\n<ul class=\"uses\">",
            escape(&s.key),
            crate::text::count(s.sessions(), "session")
        );
        let (uses, more_uses) = capped(&s.uses);
        for u in uses {
            let outcomes: Vec<String> = u.threats.iter().map(outcome_text).collect();
            let threats = if outcomes.is_empty() {
                "no threats".to_owned()
            } else {
                outcomes.join("; ")
            };
            let _ = writeln!(
                out,
                "<li>{}: {} {} {} from {}: {}</li>",
                escape(&register.sessions[u.session].path),
                u.element,
                escape(&u.name),
                escape(u.version.as_deref().unwrap_or("version unknown")),
                escape(&u.supplier),
                escape(&threats)
            );
        }
        if let Some(more) = more(more_uses) {
            let _ = writeln!(out, "<li class=\"dim\">{more}</li>");
        }
        out.push_str("</ul>\n");
    }
    more_p(out, rest);
}

/// Every pattern, capped.
fn patterns(out: &mut String, register: &Register) {
    let p = &register.patterns;
    let t = &register.thresholds;
    out.push_str("<section>\n<h2>Patterns across sessions</h2>\n");

    if heading(
        out,
        "STRIDE categories recurring on one kind of element",
        p.recurring.is_empty(),
    ) {
        let (shown, rest) = capped(&p.recurring);
        head(
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
            row(
                out,
                &[
                    td(r.kind.label()),
                    td(r.category.name()),
                    num(r.sessions.len()),
                    num(r.threats),
                    num(r.undecided),
                    where_td(register, &r.sessions),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n");
        more_p(out, rest);
    }

    shared(out, register, "Packages in several sessions", &p.packages);
    shared(out, register, "Suppliers in several sessions", &p.suppliers);

    let title = format!(
        "Accepted risks overdue or due within {}",
        crate::text::count(t.due_soon_days as usize, "day")
    );
    if heading(out, &title, p.acceptances.is_empty()) {
        let (shown, rest) = capped(&p.acceptances);
        head(
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
            let due = match a.due {
                crate::model::Due::Overdue(_) => {
                    format!("<td class=\"undecided\">{}</td>", due_text(a.due))
                }
                _ => td(&due_text(a.due)),
            };
            row(
                out,
                &[
                    td(&a.review_by.format("%Y-%m-%d").to_string()),
                    due,
                    session_td(&register.sessions[a.session]),
                    td(a.decision.as_str()),
                    td(a.owner.as_deref().unwrap_or(NO_OWNER)),
                    td(&ids(&a.threats)),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n");
        more_p(out, rest);
    }

    if heading(out, "Owners with the most open items", p.owners.is_empty()) {
        let (shown, rest) = capped(&p.owners);
        head(
            out,
            &[
                ("Owner", false),
                ("Open", true),
                ("Sessions", true),
                ("Items", false),
            ],
        );
        for o in shown {
            row(
                out,
                &[
                    td(&o.owner),
                    num(o.items.len()),
                    num(o.sessions()),
                    where_td(register, &by_session(&o.items)),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n");
        more_p(out, rest);
    }

    let title = format!(
        "Sessions not updated for more than {}",
        crate::text::count(t.stale_days as usize, "day")
    );
    if heading(out, &title, p.stale.is_empty()) {
        let (shown, rest) = capped(&p.stale);
        head(
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
            row(
                out,
                &[
                    session_td(session),
                    td(&session.updated.format("%Y-%m-%d").to_string()),
                    num(s.days),
                    num(session.revision),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n");
        more_p(out, rest);
    }

    let title = format!("Sessions below {} % coverage", t.coverage_min);
    if heading(out, &title, p.below_coverage.is_empty()) {
        let (shown, rest) = capped(&p.below_coverage);
        head(
            out,
            &[("Session", false), ("Considered", true), ("Coverage", true)],
        );
        for b in shown {
            row(
                out,
                &[
                    session_td(&register.sessions[b.session]),
                    num(b.coverage),
                    num(format!("{} %", b.coverage.percent())),
                ],
            );
        }
        out.push_str("</tbody>\n</table>\n");
        more_p(out, rest);
    }
    out.push_str("</section>\n");
}

/// The files that could not be read, all of them.
fn unreadable(out: &mut String, register: &Register) {
    if register.unreadable.is_empty() {
        return;
    }
    out.push_str("<section>\n<h2>Unreadable files</h2>\n");
    head(out, &[("File", false), ("Error", false)]);
    for u in &register.unreadable {
        row(out, &[td(&u.path), td(&u.message)]);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// The register as one self-contained HTML page.
pub fn html(register: &Register) -> String {
    let mut body = String::with_capacity(1024 + register.rows.len() * 400);
    let _ = writeln!(
        body,
        "<h1>Risk register</h1>\n<p class=\"meta\">{}.</p>",
        escape(&register.summary())
    );
    rows(&mut body, register);
    patterns(&mut body, register);
    unreadable(&mut body, register);
    page("Risk register", STYLE, &body)
}
