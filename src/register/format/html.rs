//! The HTML format: one self-contained page (the shared shell of [`crate::html`]) with the
//! summary, the ranked table with risk bands coloured, the patterns and the unreadable files.
//! Every text from a session is escaped; nothing is loaded from anywhere.

use std::fmt::Write as _;

use super::tables::{self, Found};
use super::{capped, more, use_text};
use crate::html::{escape, page};
use crate::register::Register;
use crate::register::patterns::Shared;
use crate::table::{self, Frame, Table};

/// What the register adds to the shared style.
const STYLE: &str = "td.session{white-space:nowrap}td.path{color:var(--dim)}\
ul.uses{margin:2px 0 10px;padding-left:20px}\n";

/// A table as the register's pages frame it.
fn table(out: &mut String, found: &Table) {
    out.push_str(&table::html(found, Frame::Full));
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
    table(out, &tables::ranked(register));
    out.push_str("</section>\n");
}

/// Packages or suppliers in several sessions.
fn shared(out: &mut String, register: &Register, found: &[Shared]) {
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
            let _ = writeln!(out, "<li>{}</li>", escape(&use_text(register, u)));
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
    out.push_str("<section>\n<h2>Patterns across sessions</h2>\n");
    for pattern in tables::patterns(register) {
        if !heading(out, &pattern.title, pattern.is_empty()) {
            continue;
        }
        match pattern.found {
            Found::Table(found) => table(out, &found),
            Found::Shared(found) => shared(out, register, found),
        }
    }
    out.push_str("</section>\n");
}

/// The files that could not be read, all of them.
fn unreadable(out: &mut String, register: &Register) {
    if register.unreadable.is_empty() {
        return;
    }
    out.push_str("<section>\n<h2>Unreadable files</h2>\n");
    table(out, &tables::unreadable(register));
    out.push_str("</section>\n");
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
