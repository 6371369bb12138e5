//! The export's content, written once: header, the four questions, unresolved threats and
//! footer, as blocks. How each piece is spelled — headings, tables, links, escaping — comes
//! from a [`Markup`] (Markdown or Jira wiki markup).

use std::sync::Arc;

mod threats;

use super::context::{Context, DecisionView};
use super::split::Block;
use crate::model::hasher;
use crate::text::is_blank;
use threats::{threat_rows, threats_end, threats_head, threats_start};

/// How one target spells the pieces of an export. Text arguments marked "escaped" are
/// already made inert with [`Markup::text`] or [`Markup::push_cell`]. `Sync`: a large
/// export is written by two threads at once ([`blocks_in`]).
pub trait Markup: Sync {
    /// Writes session text made inert for running text to `out`.
    fn push_text(&self, out: &mut String, raw: &str);
    /// Writes session text made inert for a table cell to `out` (never nothing: some
    /// targets collapse empty cells).
    fn push_cell(&self, out: &mut String, raw: &str);
    /// Session text made inert for running text.
    fn text(&self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        self.push_text(&mut out, raw);
        out
    }
    /// A heading of `level` (2 or 3) over escaped text, with the blank line after it.
    fn heading(&self, level: u8, escaped: &str) -> String;
    /// What goes on both sides of bold text.
    fn bold_mark(&self) -> &'static str;
    /// Bold escaped text.
    fn bold(&self, escaped: &str) -> String {
        let mark = self.bold_mark();
        format!("{mark}{escaped}{mark}")
    }
    /// Italic escaped text.
    fn italic(&self, escaped: &str) -> String;
    /// Literal text that needs no escaping (hashes, dates).
    fn code(&self, literal: &str) -> String;
    /// A bullet item.
    fn item(&self, escaped: &str) -> String;
    /// A task item, ticked when `done`.
    fn task(&self, done: bool, escaped: &str) -> String;
    /// A table's header (and delimiter) lines.
    fn table_head(&self, columns: &[&str]) -> String;
    /// What opens a table row, separates its cells and closes it (with the line break).
    fn row_marks(&self) -> [&'static str; 3];
    /// Writes an anchor for an ID to `out`.
    fn push_anchor(&self, out: &mut String, id: &str);
    /// An anchor for an ID.
    fn anchor(&self, id: &str) -> String {
        let mut out = String::new();
        self.push_anchor(&mut out, id);
        out
    }
    /// Writes a link to an ID's anchor, showing the ID, to `out`.
    fn push_link(&self, out: &mut String, id: &str);
    /// A link to a page outside the document. Only for URLs threatbench builds itself from
    /// a fixed host and a number (CWE, CAPEC), never for text from a session.
    fn external(&self, text: &str, url: &str) -> String;
    /// The mark of a passed (or failed) check.
    fn check(&self, ok: bool) -> &'static str;
    /// A horizontal rule, with what must surround it.
    fn rule(&self) -> &'static str;
    /// A diagram of the data flows, if the target renders one.
    fn diagram(&self, _context: &Context) -> Option<Block> {
        None
    }
    /// Where a block too big for one comment may be cut (byte offsets, in order): between
    /// tokens, where no markup is left open. By default every space, as no construct of
    /// the target spans one.
    fn breaks(&self, text: &str) -> Vec<usize> {
        text.match_indices(' ').map(|(at, _)| at).collect()
    }
}

/// A table row being written, cell by cell, straight into its text.
pub struct Row {
    /// The text so far.
    out: String,
    /// What opens the row, separates its cells and closes it.
    marks: [&'static str; 3],
    /// Whether a cell was begun.
    begun: bool,
}

impl Row {
    /// A row in a table whose markup writes rows with `marks`, after `lead` (the table's
    /// header, for its first row).
    pub fn new(marks: [&'static str; 3], lead: &str) -> Self {
        let mut out = String::with_capacity(lead.len() + 256);
        out.push_str(lead);
        Row {
            out,
            marks,
            begun: false,
        }
    }

    /// Begins the next cell, to be written to what is returned.
    pub fn cell(&mut self) -> &mut String {
        let [open, between, _] = self.marks;
        self.out.push_str(if self.begun { between } else { open });
        self.begun = true;
        &mut self.out
    }

    /// The row's text, closed.
    pub fn end(mut self) -> String {
        self.out.push_str(self.marks[2]);
        self.out
    }
}

/// What a table row says when it alone is too big for one comment.
const TOO_LONG: &str = "(too long for one comment; see the session file)";

/// How many threat links one line of a decision carries.
const ANSWERS_PER_LINE: usize = 40;

/// A table row with its shorter fallback; the first row of a table carries the table's
/// header, so that a header never ends a part without its rows.
fn row(m: &dyn Markup, head: &Arc<str>, first: bool, text: Row, short: &[&str]) -> Block {
    let lead = if first { &**head } else { "" };
    let mut fallback = Row::new(m.row_marks(), lead);
    for cell in short {
        fallback.cell().push_str(cell);
    }
    Block::row(text.end(), head, fallback.end())
}

/// Writes links to the threats `ids`, separated by commas, to `out`.
fn push_links(m: &dyn Markup, out: &mut String, ids: &[String]) {
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        m.push_link(out, id);
    }
}

/// Writes an ID in lowercase (IDs are ASCII) to `out`.
pub fn push_lowercase(out: &mut String, id: &str) {
    out.extend(id.chars().map(|c| c.to_ascii_lowercase()));
}

/// `m:ss` of seconds.
fn minutes(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The first line of every part after a split.
pub fn part_header(m: &dyn Markup, c: &Context, index: usize, count: usize) -> String {
    let continued = if index > 1 { " (continued)" } else { "" };
    format!(
        "{} — threat model: {}{continued}\n\n",
        m.bold(&format!("Part {index} of {count}")),
        m.text(&c.session.title)
    )
}

fn label(m: &dyn Markup, name: &str, escaped: &str) -> String {
    format!("{} {escaped}", m.bold(&format!("{name}:")))
}

fn header(m: &dyn Markup, c: &Context, b: &mut Vec<Block>) {
    let s = &c.session;
    b.push(Block::text(
        m.heading(2, &format!("Threat model: {}", m.text(&s.title))),
    ));
    if let Some(ticket) = &s.ticket {
        b.push(Block::text(m.item(&label(m, "Ticket", &m.text(ticket)))));
    }
    let previous = s
        .previous
        .as_ref()
        .map(|(n, sha)| format!(" (follows revision {n}, SHA-256 {})", m.code(sha)))
        .unwrap_or_default();
    b.push(Block::text(m.item(&label(
        m,
        "Revision",
        &format!("{}{previous}", s.revision),
    ))));
    b.push(Block::text(m.item(&label(m, "Date", &s.date))));
    let phases: Vec<String> = c
        .time
        .iter()
        .map(|t| {
            format!(
                "{} {} of {}:00",
                t.phase,
                minutes(t.spent_seconds),
                t.planned_minutes
            )
        })
        .collect();
    let kind = if s.quick { "quick review" } else { "session" };
    let time = format!(
        "{} of a {}-minute {kind} ({})",
        minutes(s.spent_seconds),
        s.agenda_minutes,
        phases.join(" · ")
    );
    b.push(Block::text(m.item(&label(m, "Time", &time))));
    if !c.participants.is_empty() {
        let people: Vec<String> = c
            .participants
            .iter()
            .map(|p| match &p.role {
                Some(role) => format!("{} ({})", m.text(&p.name), m.text(role)),
                None => m.text(&p.name),
            })
            .collect();
        b.push(Block::text(m.item(&label(
            m,
            "Participants",
            &people.join(", "),
        ))));
    }
    if !is_blank(&s.notes) {
        b.push(Block::text(m.item(&label(m, "Notes", &m.text(&s.notes)))));
    }
    b.push(Block::text("\n"));
}

/// A labelled bullet list, or nothing when there are no items.
fn list(m: &dyn Markup, name: &str, items: Vec<String>, b: &mut Vec<Block>) {
    if items.is_empty() {
        return;
    }
    b.push(Block::text(format!("{}\n\n", m.bold(&format!("{name}:")))));
    b.extend(items.into_iter().map(Block::text));
    b.push(Block::text("\n"));
}

fn scope(m: &dyn Markup, c: &Context, b: &mut Vec<Block>) {
    b.push(Block::text(m.heading(3, "1. What are we working on?")));
    if c.elements.is_empty() {
        b.push(Block::text("No elements were captured.\n\n"));
    } else {
        let head: Arc<str> = m.table_head(&["ID", "Kind", "Name", "Details"]).into();
        for (i, e) in c.elements.iter().enumerate() {
            let lead = if i == 0 { &*head } else { "" };
            let mut cells = Row::new(m.row_marks(), lead);
            cells.cell().push_str(&e.id);
            cells.cell().push_str(e.kind_label);
            m.push_cell(cells.cell(), &e.name);
            m.push_cell(cells.cell(), &e.details);
            let short = [e.id.as_str(), e.kind_label, TOO_LONG, ""];
            b.push(row(m, &head, i == 0, cells, &short));
        }
        b.push(Block::text("\n"));
    }
    b.extend(m.diagram(c));
    list(
        m,
        "Assets worth protecting",
        c.assets.iter().map(|a| m.item(&m.text(a))).collect(),
        b,
    );
    let assumptions = c
        .assumptions
        .iter()
        .map(|a| m.item(&format!("{}{} {}", m.anchor(&a.id), a.id, m.text(&a.text))))
        .collect();
    list(m, "Assumptions", assumptions, b);
}

fn decisions(m: &dyn Markup, c: &Context, b: &mut Vec<Block>) {
    b.push(Block::text(
        m.heading(3, "3. What are we going to do about it?"),
    ));
    if c.decisions.is_empty() {
        b.push(Block::text("No decisions were made.\n\n"));
    }
    for d in &c.decisions {
        // Taken apart field by field: a field added to the view must be written here too.
        let DecisionView {
            id,
            kind,
            threats,
            summary,
            rationale,
            owner,
            ticket,
            status,
            done,
            review_by,
            requirements,
        } = d;
        // A decision answering many threats lists them in chunks, so that no single line
        // is too big for a comment.
        let mut chunks = threats.chunks(ANSWERS_PER_LINE);
        let mut line = String::with_capacity(256);
        m.push_anchor(&mut line, id);
        line.push_str(&m.bold(&format!("{id} · {kind}:")));
        line.push(' ');
        m.push_text(&mut line, summary);
        line.push_str(" — answers ");
        push_links(m, &mut line, chunks.next().unwrap_or_default());
        if let Some(owner) = owner {
            line.push_str(" · owner: ");
            m.push_text(&mut line, owner);
        }
        if let Some(ticket) = ticket {
            line.push_str(" · ticket: ");
            m.push_text(&mut line, ticket);
        }
        line.push_str(" · status: ");
        line.push_str(status);
        if let Some(review) = review_by {
            line.push_str(" · review by ");
            line.push_str(review);
        }
        if !requirements.is_empty() {
            // Written by threatbench from a fixed list: `I(2)(d)`, nothing from outside.
            line.push_str(" · serves CRA ");
            m.push_text(&mut line, &requirements.join(", "));
        }
        if !rationale.is_empty() {
            line.push_str(" · why: ");
            m.push_text(&mut line, rationale);
        }
        b.push(Block::text(m.task(*done, &line)));
        for chunk in chunks {
            let mut more = format!("{} also answers ", d.id);
            push_links(m, &mut more, chunk);
            b.push(Block::text(m.item(&more)));
        }
    }
    if !c.decisions.is_empty() {
        b.push(Block::text("\n"));
    }
    b.push(Block::text(m.heading(3, "Unresolved threats")));
    if c.unresolved.is_empty() {
        b.push(Block::text("None: every threat has a decision.\n\n"));
        return;
    }
    // A map, not a search per threat: thousands of unresolved threats stay linear.
    let mut titles = hasher::map_with_capacity(c.threats.len());
    titles.extend(c.threats.iter().map(|t| (t.id.as_str(), t.title.as_str())));
    for id in &c.unresolved {
        let mut line = String::with_capacity(64);
        m.push_link(&mut line, id);
        line.push(' ');
        if let Some(title) = titles.get(id.as_str()) {
            m.push_text(&mut line, title);
        }
        line.push_str(" — no decision yet");
        b.push(Block::text(m.item(&line)));
    }
    b.push(Block::text("\n"));
}

fn review(m: &dyn Markup, c: &Context, b: &mut Vec<Block>) {
    let cov = &c.coverage;
    b.push(Block::text(m.heading(3, "4. Did we do a good job?")));
    b.push(Block::text(format!(
        "{}\n\n",
        label(
            m,
            "Coverage",
            &format!(
                "{} of {} live STRIDE cells considered ({}%).",
                cov.considered, cov.live, cov.percent
            )
        )
    )));
    let gaps = c
        .never_considered
        .iter()
        .map(|g| {
            m.item(&format!(
                "{} {}: {}",
                g.element,
                m.text(&g.element_name),
                g.categories.join(", ")
            ))
        })
        .collect();
    list(m, "Never considered", gaps, b);
    let checks = c
        .readiness
        .iter()
        .map(|r| {
            m.item(&format!(
                "{} {} — {}",
                m.check(r.ok),
                r.label,
                m.text(&r.detail)
            ))
        })
        .collect();
    list(m, "Readiness", checks, b);
    let parked = c
        .parking_lot
        .iter()
        .map(|p| {
            if p.follow_up {
                m.task(false, &format!("follow-up: {}", m.text(&p.text)))
            } else {
                m.item(&m.text(&p.text))
            }
        })
        .collect();
    list(m, "Parking lot", parked, b);
    let r = &c.retrospective;
    let mut retro = Vec::new();
    if !r.worked.is_empty() {
        retro.push(m.item(&format!("What worked: {}", m.text(&r.worked))));
    }
    if !r.change.is_empty() {
        retro.push(m.item(&format!("What to change: {}", m.text(&r.change))));
    }
    list(m, "Retrospective", retro, b);
}

/// The whole export in `m`'s markup, as blocks for splitting. With `rows`, the threat rows
/// are written in tasks of that many rows that two threads share
/// ([`crate::alongside::shared`]) while this one first writes the rest (the decisions are
/// the longest part of it); with `None`, everything on this thread. However the rows are
/// shared, the blocks are the same: no block depends on another.
pub fn blocks_in(m: &dyn Markup, c: &Context, rows: Option<usize>) -> Vec<Block> {
    let count = c.threats.len();
    let head = threats_head(m);
    let rest = || {
        let mut start = Vec::with_capacity(c.elements.len() + c.assumptions.len() + 32);
        header(m, c, &mut start);
        scope(m, c, &mut start);
        threats_start(m, c, &mut start);
        let mut end = Vec::with_capacity(c.decisions.len() + c.unresolved.len() + 32);
        threats_end(c, &mut end);
        decisions(m, c, &mut end);
        review(m, c, &mut end);
        footer(m, c, &mut end);
        (start, end)
    };
    let rows_in = |range: std::ops::Range<usize>| {
        let mut b = Vec::with_capacity(range.len());
        threat_rows(m, c, &head, range, &mut b);
        b
    };
    let ((start, end), rows) = match rows {
        None => (rest(), vec![rows_in(0..count)]),
        Some(rows) => {
            let rows = rows.max(1);
            crate::alongside::shared("threatbench-export", rest, count.div_ceil(rows), |n| {
                rows_in(n * rows..count.min((n + 1) * rows))
            })
        }
    };
    let mut b = start;
    b.reserve(rows.iter().map(Vec::len).sum::<usize>() + end.len());
    rows.into_iter().for_each(|rows| b.extend(rows));
    b.extend(end);
    b
}

/// The rule and the line that name the generator and the file.
fn footer(m: &dyn Markup, c: &Context, b: &mut Vec<Block>) {
    // The previous revision's hash too: the export carries the chain it belongs to.
    let previous = c
        .session
        .previous
        .as_ref()
        .map(|(n, sha)| format!("; previous revision {n}: SHA-256 {}", m.code(sha)))
        .unwrap_or_default();
    let generated = format!(
        "Generated by {} {} from {} (SHA-256 {}{previous}).",
        c.generator.name,
        c.generator.version,
        m.text(&c.source.path),
        m.code(&c.source.sha256)
    );
    b.push(Block::text(format!(
        "{}{}\n",
        m.rule(),
        m.italic(&generated)
    )));
}
