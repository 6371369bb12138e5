//! GitHub, GitLab and plain Markdown: headings per question, tables with anchors so that
//! threat and decision IDs link to each other, a task list of decisions, a Mermaid diagram
//! of the data flows with trust boundaries as subgraphs.

use std::collections::HashSet;

use super::context::Context;
use super::escape::{Place, md, mermaid};
use super::split::Block;

fn cell(text: &str) -> String {
    md(text, Place::Cell)
}

fn text(text: &str) -> String {
    md(text, Place::Text)
}

/// `m:ss` of seconds.
pub fn minutes(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// An anchor for an ID (IDs are validated: a letter and digits, nothing to escape).
fn anchor(id: &str) -> String {
    format!("<a name=\"{}\"></a>", id.to_ascii_lowercase())
}

/// A link to an ID's anchor.
fn link(id: &str) -> String {
    format!("[{id}](#{})", id.to_ascii_lowercase())
}

/// The heading of part `index` of `count`.
pub fn part_header(c: &Context, index: usize, count: usize) -> String {
    let continued = if index > 1 { " (continued)" } else { "" };
    format!(
        "**Part {index} of {count}** — threat model: {}{continued}\n\n",
        text(&c.session.title)
    )
}

fn header(c: &Context) -> Vec<Block> {
    let s = &c.session;
    let mut lines = vec![format!("## Threat model: {}\n\n", text(&s.title))];
    if let Some(ticket) = &s.ticket {
        lines.push(format!("- **Ticket:** {}\n", text(ticket)));
    }
    let previous = s
        .previous
        .as_ref()
        .map(|(n, sha)| format!(" (follows revision {n}, SHA-256 `{sha}`)"))
        .unwrap_or_default();
    lines.push(format!("- **Revision:** {}{previous}\n", s.revision));
    lines.push(format!("- **Date:** {}\n", s.date));
    let kind = if s.quick { "quick review" } else { "session" };
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
    lines.push(format!(
        "- **Time:** {} of a {}-minute {kind} ({})\n",
        minutes(s.spent_seconds),
        s.agenda_minutes,
        phases.join(" · ")
    ));
    if !c.participants.is_empty() {
        let people: Vec<String> = c
            .participants
            .iter()
            .map(|p| match &p.role {
                Some(role) => format!("{} ({})", text(&p.name), text(role)),
                None => text(&p.name),
            })
            .collect();
        lines.push(format!("- **Participants:** {}\n", people.join(", ")));
    }
    lines.push("\n".into());
    lines.into_iter().map(Block::text).collect()
}

fn scope(c: &Context) -> Vec<Block> {
    let mut blocks = vec![Block::text("### 1. What are we working on?\n\n")];
    if c.elements.is_empty() {
        blocks.push(Block::text("No elements were captured.\n\n"));
    } else {
        let head = "| ID | Kind | Name | Details |\n|---|---|---|---|\n";
        blocks.push(Block::text(head));
        for e in &c.elements {
            blocks.push(Block::row(
                format!(
                    "| {} | {} | {} | {} |\n",
                    e.id,
                    e.kind_label,
                    cell(&e.name),
                    cell(&e.details)
                ),
                head,
            ));
        }
        blocks.push(Block::text("\n"));
    }
    if let Some(diagram) = diagram(c) {
        blocks.push(Block {
            text: diagram,
            table: None,
            fallback: Some(
                "_The data-flow diagram is too large for one comment; see the session file._\n\n"
                    .into(),
            ),
        });
    }
    if !c.assets.is_empty() {
        blocks.push(Block::text("**Assets worth protecting:**\n\n"));
        for a in &c.assets {
            blocks.push(Block::text(format!("- {}\n", text(a))));
        }
        blocks.push(Block::text("\n"));
    }
    if !c.assumptions.is_empty() {
        blocks.push(Block::text("**Assumptions:**\n\n"));
        for a in &c.assumptions {
            blocks.push(Block::text(format!(
                "- {}{} {}\n",
                anchor(&a.id),
                a.id,
                text(&a.text)
            )));
        }
        blocks.push(Block::text("\n"));
    }
    blocks
}

/// A Mermaid flowchart of the flows, boundaries as subgraphs; `None` without flows.
fn diagram(c: &Context) -> Option<String> {
    let flows: Vec<_> = c
        .elements
        .iter()
        .filter(|e| e.kind == "data_flow")
        .collect();
    if flows.is_empty() {
        return None;
    }
    let node = |id: &str| -> String {
        let Some(e) = c.elements.iter().find(|e| e.id == id) else {
            return id.to_owned();
        };
        let label = mermaid(&e.name);
        match e.kind {
            "process" => format!("{id}(\"{label}\")"),
            "data_store" => format!("{id}[(\"{label}\")]"),
            "third_party" => format!("{id}{{{{\"{label}\"}}}}"),
            _ => format!("{id}[\"{label}\"]"),
        }
    };
    let mut out = String::from("```mermaid\nflowchart LR\n");
    let mut placed: HashSet<&str> = HashSet::new();
    for b in c.elements.iter().filter(|e| e.kind == "trust_boundary") {
        let members: Vec<&str> = b
            .members
            .iter()
            .map(String::as_str)
            .filter(|m| placed.insert(m))
            .collect();
        if members.is_empty() {
            continue;
        }
        out.push_str(&format!("  subgraph {}[\"{}\"]\n", b.id, mermaid(&b.name)));
        for m in members {
            out.push_str(&format!("    {}\n", node(m)));
        }
        out.push_str("  end\n");
    }
    for e in c
        .elements
        .iter()
        .filter(|e| !matches!(e.kind, "data_flow" | "trust_boundary"))
    {
        if placed.insert(&e.id) {
            out.push_str(&format!("  {}\n", node(&e.id)));
        }
    }
    for f in flows {
        let (Some(from), Some(to)) = (&f.from, &f.to) else {
            continue;
        };
        let label = f
            .data
            .as_deref()
            .filter(|d| !d.is_empty())
            .unwrap_or(&f.name);
        out.push_str(&format!(
            "  {from} -->|\"{} {}\"| {to}\n",
            f.id,
            mermaid(label)
        ));
    }
    out.push_str("```\n\n");
    Some(out)
}

fn threats(c: &Context) -> Vec<Block> {
    let mut blocks = vec![Block::text("### 2. What can go wrong?\n\n")];
    if c.threats.is_empty() {
        blocks.push(Block::text("No threats were recorded.\n\n"));
        return blocks;
    }
    let head = "| ID | Element | STRIDE | Threat | Risk | Decision |\n|---|---|---|---|---|---|\n";
    blocks.push(Block::text(head));
    for t in &c.threats {
        let statement = t
            .statement
            .as_deref()
            .map(|s| format!(" — {}", cell(s)))
            .unwrap_or_default();
        let risk = match (t.likelihood, t.impact, t.risk_band) {
            (Some(l), Some(i), Some(band)) => format!("L{l}×I{i} {band}"),
            _ => "unrated".to_owned(),
        };
        let decision = match (&t.decision, t.decision_kind) {
            (Some(d), Some(kind)) => format!("{} {kind}", link(d)),
            _ => "**unresolved**".to_owned(),
        };
        blocks.push(Block::row(
            format!(
                "| {}{} | {} {} | {} {} | **{}**{statement} | {risk} | {decision} |\n",
                anchor(&t.id),
                t.id,
                t.element,
                cell(&t.element_name),
                t.letter,
                t.category,
                cell(&t.title),
            ),
            head,
        ));
    }
    blocks.push(Block::text("\n"));
    blocks
}

fn decisions(c: &Context) -> Vec<Block> {
    let mut blocks = vec![Block::text("### 3. What are we going to do about it?\n\n")];
    if c.decisions.is_empty() {
        blocks.push(Block::text("No decisions were made.\n\n"));
    }
    for d in &c.decisions {
        let check = if d.done { "x" } else { " " };
        let answers: Vec<String> = d.threats.iter().map(|t| link(t)).collect();
        let mut line = format!(
            "- [{check}] {}**{} · {}:** {} — answers {}",
            anchor(&d.id),
            d.id,
            d.kind,
            text(&d.summary),
            answers.join(", ")
        );
        if let Some(owner) = &d.owner {
            line.push_str(&format!(" · owner: {}", text(owner)));
        }
        if let Some(ticket) = &d.ticket {
            line.push_str(&format!(" · ticket: {}", text(ticket)));
        }
        line.push_str(&format!(" · status: {}", d.status));
        if let Some(review) = &d.review_by {
            line.push_str(&format!(" · review by {review}"));
        }
        if !d.rationale.is_empty() {
            line.push_str(&format!(" · why: {}", text(&d.rationale)));
        }
        line.push('\n');
        blocks.push(Block::text(line));
    }
    if !c.decisions.is_empty() {
        blocks.push(Block::text("\n"));
    }
    blocks.push(Block::text("### Unresolved threats\n\n"));
    if c.unresolved.is_empty() {
        blocks.push(Block::text("None: every threat has a decision.\n\n"));
    } else {
        for id in &c.unresolved {
            let title = c
                .threats
                .iter()
                .find(|t| &t.id == id)
                .map(|t| text(&t.title))
                .unwrap_or_default();
            blocks.push(Block::text(format!(
                "- {} {title} — no decision yet\n",
                link(id)
            )));
        }
        blocks.push(Block::text("\n"));
    }
    blocks
}

fn review(c: &Context) -> Vec<Block> {
    let cov = &c.coverage;
    let mut blocks = vec![
        Block::text("### 4. Did we do a good job?\n\n"),
        Block::text(format!(
            "**Coverage:** {} of {} live STRIDE cells considered ({}%).\n\n",
            cov.considered, cov.live, cov.percent
        )),
    ];
    if !c.never_considered.is_empty() {
        blocks.push(Block::text("**Never considered:**\n\n"));
        for g in &c.never_considered {
            blocks.push(Block::text(format!(
                "- {} {}: {}\n",
                g.element,
                text(&g.element_name),
                g.categories.join(", ")
            )));
        }
        blocks.push(Block::text("\n"));
    }
    blocks.push(Block::text("**Readiness:**\n\n"));
    for check in &c.readiness {
        let mark = if check.ok { "✓" } else { "✗" };
        blocks.push(Block::text(format!(
            "- {mark} {} — {}\n",
            check.label,
            text(&check.detail)
        )));
    }
    blocks.push(Block::text("\n"));
    if !c.parking_lot.is_empty() {
        blocks.push(Block::text("**Parking lot:**\n\n"));
        for p in &c.parking_lot {
            let item = if p.follow_up {
                "- [ ] follow-up: "
            } else {
                "- "
            };
            blocks.push(Block::text(format!("{item}{}\n", text(&p.text))));
        }
        blocks.push(Block::text("\n"));
    }
    let r = &c.retrospective;
    if !r.worked.is_empty() || !r.change.is_empty() {
        blocks.push(Block::text("**Retrospective:**\n\n"));
        if !r.worked.is_empty() {
            blocks.push(Block::text(format!("- What worked: {}\n", text(&r.worked))));
        }
        if !r.change.is_empty() {
            blocks.push(Block::text(format!(
                "- What to change: {}\n",
                text(&r.change)
            )));
        }
        blocks.push(Block::text("\n"));
    }
    blocks
}

fn footer(c: &Context) -> Block {
    Block::text(format!(
        "---\n\n_Generated by {} {} from {} (SHA-256 `{}`)._\n",
        c.generator.name,
        c.generator.version,
        text(&c.source.path),
        c.source.sha256
    ))
}

/// The whole export as blocks.
pub fn blocks(c: &Context) -> Vec<Block> {
    let mut blocks = header(c);
    blocks.extend(scope(c));
    blocks.extend(threats(c));
    blocks.extend(decisions(c));
    blocks.extend(review(c));
    blocks.push(footer(c));
    blocks
}
