//! The Markdown format: the diff as a ticket or pull-request comment. Session text is
//! escaped as the export escapes it ([`md_for`]): it cannot ping anyone, reference an
//! issue, load a link or image, or break a table.

use std::fmt::Write;

use super::super::{CellRef, Diff, Items};
use super::{Sides, coverage_move, kinds, label, risk, values};
use crate::export::Tracker;
use crate::export::escape::{Place, md_for};

/// Text as inert Markdown in running text.
fn md(text: &str) -> String {
    md_for(text, Place::Text, Tracker::Any)
}

/// Text as inert Markdown in a table cell.
fn cell(text: &str) -> String {
    md_for(text, Place::Cell, Tracker::Any)
}

/// The diff as ticket-ready Markdown.
pub fn markdown(diff: &Diff, sides: Sides<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Threat model changes\n\n{} → {}\n",
        md(sides.old),
        md(sides.new)
    );
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let mut header = Vec::new();
    if let Some(c) = &diff.title {
        header.push(format!(
            "- Title: {} → {}",
            md(&label(&c.old)),
            md(&label(&c.new))
        ));
    }
    if let Some(c) = &diff.ticket {
        let t = |t: &Option<String>| t.as_deref().map_or(super::NONE.to_owned(), md);
        header.push(format!("- Ticket: {} → {}", t(&c.old), t(&c.new)));
    }
    if let Some(c) = &diff.revision {
        header.push(format!("- Revision: {} → {}", c.old, c.new));
    }
    header.push(format!("- Coverage: {}", coverage_move(diff)));
    let _ = writeln!(out, "{}", header.join("\n"));
    for (heading, items) in kinds(diff) {
        if !items.is_empty() {
            section(&mut out, heading, items);
        }
    }
    if !diff.risks.is_empty() {
        out.push_str("\n#### Risk\n\n| Threat | Title | Before | After |\n|---|---|---|---|\n");
        for m in &diff.risks {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(m.id.as_str()),
                cell(&label(&m.title)),
                risk(m.risk.old),
                risk(m.risk.new)
            );
        }
    }
    if !diff.kinds.is_empty() {
        out.push_str(
            "\n#### Decision kinds\n\n| Decision | Summary | Before | After |\n|---|---|---|---|\n",
        );
        for m in &diff.kinds {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(m.id.as_str()),
                cell(&label(&m.summary)),
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
            let _ = writeln!(out, "\n#### {heading}\n");
            for t in threats {
                let _ = writeln!(out, "- **{}** {}", md(t.id.as_str()), md(&label(&t.title)));
            }
        }
    }
    for (heading, cells) in diff.cells.sections() {
        if !cells.is_empty() {
            let _ = writeln!(out, "\n#### {heading}\n");
            for c in cells {
                let _ = writeln!(out, "- {}", grid_cell(c));
            }
        }
    }
    if !diff.other.is_empty() {
        let _ = writeln!(out, "\nAlso changed: {}.", diff.other.join(", "));
    }
    out
}

/// One kind of item: added and removed as a list, changed fields as a table.
fn section(out: &mut String, heading: &str, items: &Items) {
    let _ = writeln!(out, "\n#### {heading}\n");
    for (sign, list) in [("Added", &items.added), ("Removed", &items.removed)] {
        for x in list {
            let _ = writeln!(
                out,
                "- {sign} **{}** {}",
                md(x.id.as_str()),
                md(&label(&x.label))
            );
        }
    }
    if items.changed.is_empty() {
        return;
    }
    if !(items.added.is_empty() && items.removed.is_empty()) {
        out.push('\n');
    }
    out.push_str("| ID | Field | Before | After |\n|---|---|---|---|\n");
    for c in &items.changed {
        for f in &c.fields {
            let (old, new) = values(f);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(c.item.id.as_str()),
                f.name,
                cell(&old),
                cell(&new)
            );
        }
    }
}

/// A cell of the grid: "**E2** Refund API: Spoofing".
fn grid_cell(c: &CellRef) -> String {
    format!(
        "**{}** {}: {}",
        md(c.element.as_str()),
        md(&label(&c.name)),
        c.category
    )
}
