//! The text format: a terminal's view of the diff, `+` added, `-` removed, `~` changed,
//! each changed field as `old → new`, then risk, decisions, coverage and cells.

use std::fmt::Write;

use super::super::{CellRef, Diff};
use super::{Sides, coverage_move, kinds, label, risk, values};
use crate::text::one_line;

/// The most columns a field's `name: old → new` takes on one line; longer changes show the
/// old and the new value on lines of their own.
const ONE_LINE: usize = 64;

fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// The diff for a person at a terminal. Session text goes through [`one_line`].
pub fn text(diff: &Diff, sides: Sides<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "--- {}", one_line(sides.old));
    let _ = writeln!(out, "+++ {}", one_line(sides.new));
    if diff.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    if let Some(c) = &diff.title {
        let _ = writeln!(out, "title: {} → {}", label(&c.old), label(&c.new));
    }
    if let Some(c) = &diff.ticket {
        let t = |t: &Option<String>| t.as_deref().map_or(super::NONE.to_owned(), label);
        let _ = writeln!(out, "ticket: {} → {}", t(&c.old), t(&c.new));
    }
    if let Some(c) = &diff.revision {
        let _ = writeln!(out, "revision: {} → {}", c.old, c.new);
    }
    for (heading, items) in kinds(diff) {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading}");
        for x in &items.added {
            let _ = writeln!(out, "  + {} {}", x.id, label(&x.label));
        }
        for x in &items.removed {
            let _ = writeln!(out, "  - {} {}", x.id, label(&x.label));
        }
        for c in &items.changed {
            let _ = writeln!(out, "  ~ {} {}", c.item.id, label(&c.item.label));
            for f in &c.fields {
                let (old, new) = values(f);
                if width(&old) + width(&new) + f.name.len() > ONE_LINE {
                    let _ = writeln!(out, "      {}:\n        - {old}\n        + {new}", f.name);
                } else {
                    let _ = writeln!(out, "      {}: {old} → {new}", f.name);
                }
            }
        }
    }
    if !diff.risks.is_empty() {
        out.push_str("\nRisk\n");
        for m in &diff.risks {
            let _ = writeln!(
                out,
                "  {} {}: {} → {}",
                m.id,
                label(&m.title),
                risk(m.risk.old),
                risk(m.risk.new)
            );
        }
    }
    if !diff.kinds.is_empty() {
        out.push_str("\nDecision kinds\n");
        for m in &diff.kinds {
            let _ = writeln!(
                out,
                "  {} {}: {} → {}",
                m.id,
                label(&m.summary),
                m.kind.old.name(),
                m.kind.new.name()
            );
        }
    }
    for (heading, threats) in [
        ("Undecided now", &diff.undecided),
        ("Decided now", &diff.decided),
    ] {
        if !threats.is_empty() {
            let _ = writeln!(out, "\n{heading}");
            for t in threats {
                let _ = writeln!(out, "  {} {}", t.id, label(&t.title));
            }
        }
    }
    let _ = writeln!(out, "\nCoverage: {}", coverage_move(diff));
    for (heading, cells) in diff.cells.sections() {
        if !cells.is_empty() {
            let _ = writeln!(out, "\n{heading}");
            for c in cells {
                let _ = writeln!(out, "  {}", cell(c));
            }
        }
    }
    if !diff.other.is_empty() {
        let _ = writeln!(out, "\nAlso changed: {}", diff.other.join(", "));
    }
    out
}

/// A cell as "E2 Refund API: Spoofing".
fn cell(c: &CellRef) -> String {
    format!("{} {}: {}", c.element, label(&c.name), c.category)
}
