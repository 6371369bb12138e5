//! The Markdown format: a summary line, the ranked table, the patterns and the unreadable
//! files, with session text made inert as the GitHub export makes it.

use std::fmt::Write as _;

use super::tables::{self, Found};
use super::{capped, more, use_text};
use crate::export::escape::{Place, md};
use crate::register::Register;
use crate::register::patterns::Shared;
use crate::table::{self, Frame, Table};

/// A table as the register frames it, and the blank line after it.
fn table(out: &mut String, found: &Table) {
    out.push_str(&table::markdown(found, Frame::Full));
    out.push('\n');
}

/// The ranked table of every threat.
fn rows(out: &mut String, register: &Register) {
    out.push_str("## Threats, ranked\n\n");
    if register.rows.is_empty() {
        out.push_str("No threats.\n\n");
        return;
    }
    table(out, &tables::ranked(register));
}

/// A pattern's heading, with "None." under it when it found nothing.
fn heading(out: &mut String, title: &str, empty: bool) -> bool {
    let _ = writeln!(out, "### {title}\n");
    if empty {
        out.push_str("None.\n\n");
    }
    !empty
}

/// "… and 3 more." under a capped list.
fn more_line(out: &mut String, rest: usize) {
    if let Some(more) = more(rest) {
        let _ = writeln!(out, "\n…{more}.");
    }
}

/// Packages or suppliers in several sessions, each with its sessions' components.
fn shared(out: &mut String, register: &Register, found: &[Shared]) {
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
            let _ = writeln!(out, "  - {}", md(&use_text(register, u), Place::Text));
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
    out.push_str("## Patterns across sessions\n\n");
    for pattern in tables::patterns(register) {
        if !heading(out, &pattern.title, pattern.is_empty()) {
            continue;
        }
        match pattern.found {
            Found::Table(found) => table(out, &found),
            Found::Shared(found) => shared(out, register, found),
        }
    }
}

/// The files that could not be read, all of them.
fn unreadable(out: &mut String, register: &Register) {
    if register.unreadable.is_empty() {
        return;
    }
    out.push_str("## Unreadable files\n\n");
    table(out, &tables::unreadable(register));
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
