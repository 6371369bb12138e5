//! Jira wiki markup: the same record as the Markdown flavours, with `{anchor}` macros and
//! `[T1|#t1]` links, tables as `||head||` and `|cell|`, every piece of session text escaped.

use super::context::Context;
use super::escape::jira;
use super::markdown::minutes;
use super::split::Block;

fn anchor(id: &str) -> String {
    format!("{{anchor:{}}}", id.to_ascii_lowercase())
}

fn link(id: &str) -> String {
    format!("[{id}|#{}]", id.to_ascii_lowercase())
}

/// The heading of part `index` of `count`.
pub fn part_header(c: &Context, index: usize, count: usize) -> String {
    let continued = if index > 1 { " (continued)" } else { "" };
    format!(
        "*Part {index} of {count}* — threat model: {}{continued}\n\n",
        jira(&c.session.title)
    )
}

/// Empty Jira cells collapse the table; a single space keeps them.
fn cell(text: &str) -> String {
    let t = jira(text);
    if t.is_empty() { " ".to_owned() } else { t }
}

/// The whole export as blocks.
pub fn blocks(c: &Context) -> Vec<Block> {
    let s = &c.session;
    let mut b = vec![Block::text(format!(
        "h2. Threat model: {}\n\n",
        jira(&s.title)
    ))];
    if let Some(ticket) = &s.ticket {
        b.push(Block::text(format!("* *Ticket:* {}\n", jira(ticket))));
    }
    b.push(Block::text(format!("* *Revision:* {}\n", s.revision)));
    b.push(Block::text(format!("* *Date:* {}\n", s.date)));
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
    b.push(Block::text(format!(
        "* *Time:* {} of a {}-minute {kind} ({})\n",
        minutes(s.spent_seconds),
        s.agenda_minutes,
        phases.join(" · ")
    )));
    if !c.participants.is_empty() {
        let people: Vec<String> = c
            .participants
            .iter()
            .map(|p| match &p.role {
                Some(role) => format!("{} ({})", jira(&p.name), jira(role)),
                None => jira(&p.name),
            })
            .collect();
        b.push(Block::text(format!(
            "* *Participants:* {}\n",
            people.join(", ")
        )));
    }
    b.push(Block::text("\nh3. 1. What are we working on?\n\n"));
    if c.elements.is_empty() {
        b.push(Block::text("No elements were captured.\n\n"));
    } else {
        let head = "||ID||Kind||Name||Details||\n";
        b.push(Block::text(head));
        for e in &c.elements {
            b.push(Block::row(
                format!(
                    "|{}|{}|{}|{}|\n",
                    e.id,
                    e.kind_label,
                    cell(&e.name),
                    cell(&e.details)
                ),
                head,
            ));
        }
        b.push(Block::text("\n"));
    }
    for (label, items) in [
        (
            "Assets worth protecting",
            c.assets.iter().map(|a| jira(a)).collect::<Vec<_>>(),
        ),
        (
            "Assumptions",
            c.assumptions
                .iter()
                .map(|a| format!("{}{} {}", anchor(&a.id), a.id, jira(&a.text)))
                .collect(),
        ),
    ] {
        if !items.is_empty() {
            b.push(Block::text(format!("*{label}:*\n")));
            b.extend(items.into_iter().map(|i| Block::text(format!("* {i}\n"))));
            b.push(Block::text("\n"));
        }
    }
    b.push(Block::text("h3. 2. What can go wrong?\n\n"));
    if c.threats.is_empty() {
        b.push(Block::text("No threats were recorded.\n\n"));
    } else {
        let head = "||ID||Element||STRIDE||Threat||Risk||Decision||\n";
        b.push(Block::text(head));
        for t in &c.threats {
            let statement = t
                .statement
                .as_deref()
                .map(|s| format!(" — {}", jira(s)))
                .unwrap_or_default();
            let risk = match (t.likelihood, t.impact, t.risk_band) {
                (Some(l), Some(i), Some(band)) => format!("L{l}×I{i} {band}"),
                _ => "unrated".to_owned(),
            };
            let decision = match (&t.decision, t.decision_kind) {
                (Some(d), Some(kind)) => format!("{} {kind}", link(d)),
                _ => "*unresolved*".to_owned(),
            };
            b.push(Block::row(
                format!(
                    "|{}{}|{} {}|{} {}|*{}*{statement}|{risk}|{decision}|\n",
                    anchor(&t.id),
                    t.id,
                    t.element,
                    cell(&t.element_name),
                    t.letter,
                    t.category,
                    jira(&t.title)
                ),
                head,
            ));
        }
        b.push(Block::text("\n"));
    }
    b.push(Block::text("h3. 3. What are we going to do about it?\n\n"));
    if c.decisions.is_empty() {
        b.push(Block::text("No decisions were made.\n\n"));
    }
    for d in &c.decisions {
        let answers: Vec<String> = d.threats.iter().map(|t| link(t)).collect();
        let mut line = format!(
            "* {}*{} · {}* ({}): {} — answers {}",
            anchor(&d.id),
            d.id,
            d.kind,
            d.status,
            jira(&d.summary),
            answers.join(", ")
        );
        if let Some(owner) = &d.owner {
            line.push_str(&format!(" · owner: {}", jira(owner)));
        }
        if let Some(ticket) = &d.ticket {
            line.push_str(&format!(" · ticket: {}", jira(ticket)));
        }
        if let Some(review) = &d.review_by {
            line.push_str(&format!(" · review by {review}"));
        }
        if !d.rationale.is_empty() {
            line.push_str(&format!(" · why: {}", jira(&d.rationale)));
        }
        line.push('\n');
        b.push(Block::text(line));
    }
    if !c.decisions.is_empty() {
        b.push(Block::text("\n"));
    }
    b.push(Block::text("h3. Unresolved threats\n\n"));
    if c.unresolved.is_empty() {
        b.push(Block::text("None: every threat has a decision.\n\n"));
    } else {
        for id in &c.unresolved {
            let title = c
                .threats
                .iter()
                .find(|t| &t.id == id)
                .map(|t| jira(&t.title))
                .unwrap_or_default();
            b.push(Block::text(format!(
                "* {} {title} — no decision yet\n",
                link(id)
            )));
        }
        b.push(Block::text("\n"));
    }
    let cov = &c.coverage;
    b.push(Block::text("h3. 4. Did we do a good job?\n\n"));
    b.push(Block::text(format!(
        "*Coverage:* {} of {} live STRIDE cells considered ({}%).\n\n",
        cov.considered, cov.live, cov.percent
    )));
    if !c.never_considered.is_empty() {
        b.push(Block::text("*Never considered:*\n"));
        for g in &c.never_considered {
            b.push(Block::text(format!(
                "* {} {}: {}\n",
                g.element,
                jira(&g.element_name),
                g.categories.join(", ")
            )));
        }
        b.push(Block::text("\n"));
    }
    b.push(Block::text("*Readiness:*\n"));
    for check in &c.readiness {
        let mark = if check.ok { "(/)" } else { "(x)" };
        b.push(Block::text(format!(
            "* {mark} {} — {}\n",
            check.label,
            jira(&check.detail)
        )));
    }
    b.push(Block::text("\n"));
    if !c.parking_lot.is_empty() {
        b.push(Block::text("*Parking lot:*\n"));
        for p in &c.parking_lot {
            let prefix = if p.follow_up { "follow-up: " } else { "" };
            b.push(Block::text(format!("* {prefix}{}\n", jira(&p.text))));
        }
        b.push(Block::text("\n"));
    }
    let r = &c.retrospective;
    if !r.worked.is_empty() || !r.change.is_empty() {
        b.push(Block::text("*Retrospective:*\n"));
        if !r.worked.is_empty() {
            b.push(Block::text(format!("* What worked: {}\n", jira(&r.worked))));
        }
        if !r.change.is_empty() {
            b.push(Block::text(format!(
                "* What to change: {}\n",
                jira(&r.change)
            )));
        }
        b.push(Block::text("\n"));
    }
    b.push(Block::text(format!(
        "----\n_Generated by {} {} from {} (SHA-256 {{{{{}}}}})._\n",
        c.generator.name,
        c.generator.version,
        jira(&c.source.path),
        c.source.sha256
    )));
    b
}
