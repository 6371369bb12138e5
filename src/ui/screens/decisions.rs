//! Decisions — what are we going to do about it? Threats ranked (undecided first, then by
//! likelihood × impact, unrated last) with the decisions each has; the selected decision of
//! the threat under the cursor with the threats it answers, and its other decisions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::Command;
use crate::app::Workbench;
use crate::app::core::cursors::{cursor_decision, cursor_decisions, cursor_threat};
use crate::app::keymap::{Mode, keys_for};
use crate::layout::{decision_panes, inner, list_offset};
use crate::model::{Decision, DecisionKind, Phase, Requirement, Threat};
use crate::text::{one_line, pad};
use crate::ui::Theme;
use crate::ui::chrome::pane_title;
use unicode_width::UnicodeWidthStr;

/// The decisions answering `t` ("D2 mitigate", "D2 mitigate +1" when it has more), or
/// "undecided"; and whether it has one.
fn answer_of(wb: &Workbench, t: &Threat) -> (String, bool) {
    let Some(ids) = wb.derived.decided.get(&t.id).filter(|ids| !ids.is_empty()) else {
        return ("undecided".to_owned(), false);
    };
    let first = &ids[0];
    let kind = wb
        .session()
        .decisions
        .iter()
        .find(|x| &x.id == first)
        .map_or("", |x| x.kind.name());
    let more = match ids.len() {
        1 => String::new(),
        n => format!(" +{}", n - 1),
    };
    (format!("{first} {kind}{more}"), true)
}

/// The risk that ranks the threat, short enough for the ranking's column: the residual
/// rating where it is rated ("→ L1×I2 low"), else likelihood × impact ("L4×I5 critical").
fn rank_label(t: &Threat) -> String {
    match (t.residual_likelihood, t.residual_impact, t.residual_risk()) {
        (Some(l), Some(i), Some(r)) => format!("→ L{l}×I{i} {}", r.band),
        _ => risk_label(t),
    }
}

/// Likelihood × impact with its band, or "unrated"; with the residual rating after the
/// decisions ("L4×I5 critical → L1×I2 low") where it is rated.
fn risk_label(t: &Threat) -> String {
    let inherent = match (t.likelihood, t.impact, t.risk()) {
        (Some(l), Some(i), Some(r)) => format!("L{l}×I{i} {}", r.band),
        _ => "unrated".to_owned(),
    };
    match (t.residual_likelihood, t.residual_impact, t.residual_risk()) {
        (Some(l), Some(i), Some(r)) => format!("{inherent} → L{l}×I{i} {}", r.band),
        _ => inherent,
    }
}

/// Draws the decisions phase into `area`.
pub fn render(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (left, right) = decision_panes(area);
    let undecided = wb.derived.undecided;
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(pane_title(
            "What are we going to do about it?",
            left,
            theme.title(),
        ))
        .title_bottom(match &wb.derived.filter {
            Some(filter) => pane_title(
                &format!(
                    "filter: {} — {} of {} threats shown ({} clears)",
                    crate::text::one_line(filter),
                    wb.derived.ranking.len(),
                    wb.session().threats.len(),
                    keys_for(Mode::Session, &Command::Cancel)
                ),
                left,
                theme.warn(),
            ),
            None => pane_title(
                &format!(
                    "{} · {undecided} undecided · {} marked",
                    crate::text::count(wb.derived.ranking.len(), "threat"),
                    wb.decisions.marked.len()
                ),
                left,
                theme.dim(),
            ),
        })
        .render(left, buf);
    let body = inner(left);
    let offset = list_offset(wb.decisions.cursor, wb.derived.ranking.len(), body.height);
    let width = usize::from(body.width);
    let shown = || {
        wb.derived
            .ranking
            .iter()
            .skip(offset)
            .take(usize::from(body.height))
            .map(|i| &wb.session().threats[*i])
    };
    // The columns are as wide as the widest value on screen, so the titles line up and keep
    // what room is left.
    let id_width = shown().map(|t| t.id.as_str().width()).max().unwrap_or(0);
    let risk_width = shown().map(|t| rank_label(t).width()).max().unwrap_or(0);
    let answer_width = shown()
        .map(|t| answer_of(wb, t).0.width())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = wb
        .derived
        .ranking
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(body.height))
        .map(|(row, i)| {
            let t = &wb.session().threats[*i];
            let mark = if wb.decisions.marked.contains(&t.id) {
                "[x]"
            } else {
                "[ ]"
            };
            let (answer, decided) = answer_of(wb, t);
            let answer_style = if decided { theme.ok() } else { theme.danger() };
            // Columns: mark, ID, the title (cut with …), risk, decision.
            let fixed = 4 + (id_width + 1) + 1 + risk_width + 2 + answer_width;
            let title = pad(&one_line(&t.title), width.saturating_sub(fixed));
            let line = Line::from(vec![
                Span::raw(format!("{mark} ")),
                Span::styled(pad(t.id.as_str(), id_width + 1), theme.dim()),
                Span::raw(title),
                Span::raw(" "),
                Span::styled(pad(&rank_label(t), risk_width), theme.dim()),
                Span::raw("  "),
                Span::styled(answer, answer_style),
            ]);
            if row == wb.decisions.cursor {
                crate::ui::selected(line, theme)
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        let say = if wb.derived.filter.is_some() && !wb.session().threats.is_empty() {
            format!(
                "  nothing matches the filter ({} changes it, {} clears it)",
                keys_for(Mode::Session, &Command::Filter),
                keys_for(Mode::Session, &Command::Cancel)
            )
        } else {
            format!(
                "  no threats yet: capture them in {}",
                Phase::Threats.pointer()
            )
        };
        Paragraph::new(Span::styled(say, theme.dim())).render(body, buf);
    } else {
        Paragraph::new(lines).render(body, buf);
    }
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .render(right, buf);
    Paragraph::new(details(wb, theme))
        .wrap(Wrap { trim: false })
        .render(inner(right), buf);
}

fn details(wb: &Workbench, theme: Theme) -> Vec<Line<'static>> {
    let Some(i) = cursor_threat(wb) else {
        return Vec::new();
    };
    let t = &wb.session().threats[i];
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} ", t.id), theme.dim()),
            Span::styled(one_line(&t.title).into_owned(), theme.title()),
        ]),
        Line::from(Span::styled(
            format!("{} · {} · {}", t.element, t.category, risk_label(t)),
            theme.dim(),
        )),
    ];
    if let Some(sentence) = t.grammar.statement() {
        lines.push(Line::from(one_line(&sentence).into_owned()));
    }
    if !t.references.is_empty() {
        lines.push(Line::from(Span::styled(
            crate::model::Reference::join(&t.references),
            theme.dim(),
        )));
    }
    if !t.notes.trim().is_empty() {
        lines.push(Line::from(vec![
            Span::styled("notes ", theme.dim()),
            Span::raw(one_line(&t.notes).into_owned()),
        ]));
    }
    let count = cursor_decisions(wb).len();
    if count > 1 {
        let shown = wb.decisions.pick.min(count - 1) + 1;
        lines.push(Line::from(Span::styled(
            format!(
                "decision {shown} of {count} ({}/{} selects, {} adds one)",
                keys_for(Mode::Decisions, &Command::PickNext),
                keys_for(Mode::Decisions, &Command::PickPrev),
                keys_for(Mode::Decisions, &Command::Add)
            ),
            theme.warn(),
        )));
    }
    lines.push(Line::from(""));
    let Some(d) = cursor_decision(wb).map(|d| &wb.session().decisions[d]) else {
        lines.push(Line::from(Span::styled("undecided", theme.danger())));
        lines.push(Line::from(format!(
            "{} decides (mitigate, avoid, transfer, accept); {} accepts the risk.",
            keys_for(Mode::Decisions, &Command::Edit),
            keys_for(Mode::Decisions, &Command::AcceptShortcut)
        )));
        lines.push(Line::from(format!(
            "{} marks several threats to answer with one decision.",
            keys_for(Mode::Decisions, &Command::Mark)
        )));
        return lines;
    };
    // Taken apart field by field: a field added to decisions must be shown here too.
    let Decision {
        id,
        kind,
        threats: _,
        summary,
        rationale,
        owner,
        ticket,
        status,
        review_by,
        requirements,
    } = d;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<9} "), theme.dim()),
            Span::raw(value),
        ])
    };
    let or_dash = |text: &Option<String>| {
        text.as_deref()
            .map_or_else(|| "—".to_owned(), |t| one_line(t).into_owned())
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{id} "), theme.dim()),
        Span::styled(kind.name().to_owned(), theme.ok()),
        Span::raw(format!(": {}", one_line(summary))),
    ]));
    lines.push(field("owner", or_dash(owner)));
    lines.push(field("ticket", or_dash(ticket)));
    lines.push(field("status", status.name().to_owned()));
    if *kind == DecisionKind::Accept || review_by.is_some() {
        lines.push(field(
            "review by",
            review_by.map_or_else(|| "— (required)".to_owned(), |r| r.to_string()),
        ));
    }
    if !requirements.is_empty() {
        lines.push(field(
            "serves",
            format!("CRA {}", Requirement::join(requirements)),
        ));
    }
    if !rationale.is_empty() {
        lines.push(field("why", one_line(rationale).into_owned()));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("answers", theme.dim())));
    for id in &d.threats {
        let title = wb
            .session()
            .threat(id)
            .map_or_else(String::new, |t| one_line(&t.title).into_owned());
        lines.push(Line::from(format!("  {id} {title}")));
    }
    others(wb, &d.id, theme, &mut lines);
    lines
}

/// The threat's other decisions, one line each, and how to select them or add one more.
fn others(wb: &Workbench, shown: &crate::model::Id, theme: Theme, lines: &mut Vec<Line<'static>>) {
    let ids = cursor_decisions(wb);
    lines.push(Line::from(""));
    if ids.len() > 1 {
        lines.push(Line::from(Span::styled(
            "its other decisions:".to_owned(),
            theme.dim(),
        )));
        for id in ids.iter().filter(|id| *id != shown) {
            if let Some(d) = wb.session().decisions.iter().find(|d| &d.id == id) {
                lines.push(Line::from(format!(
                    "  {id} {}: {}",
                    d.kind.name(),
                    one_line(&d.summary)
                )));
            }
        }
    }
    lines.push(Line::from(Span::styled(
        format!(
            "{} adds another decision: a second control, or accept what remains.",
            keys_for(Mode::Decisions, &Command::Add)
        ),
        theme.dim(),
    )));
}
