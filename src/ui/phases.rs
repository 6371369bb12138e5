//! The threats, decisions and review phases, shown read-only: the grid, the ranked threats
//! and the coverage as they stand in the session.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::Theme;
use super::layout::inner;
use crate::app::Workbench;
use crate::model::{Category, CellState, Phase, Session};
use crate::text::one_line;

/// Draws `phase` of the open session into `area`.
pub fn render(wb: &Workbench, phase: Phase, theme: Theme, area: Rect, buf: &mut Buffer) {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(
            format!(" {} ", phase.question()),
            theme.title(),
        ))
        .render(area, buf);
    let lines = match phase {
        Phase::Threats => grid(&wb.session, theme),
        Phase::Decisions => ranked(&wb.session, theme),
        Phase::Review | Phase::Scope => review(&wb.session, theme),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner(area), buf);
}

fn grid(session: &Session, theme: Theme) -> Vec<Line<'static>> {
    let coverage = session.coverage();
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{:<32}", "Element"), theme.dim()),
        Span::styled(
            Category::ALL
                .iter()
                .map(|c| format!("{:^4}", c.letter()))
                .collect::<String>(),
            theme.dim(),
        ),
    ])];
    let mut elements: Vec<_> = session
        .elements
        .iter()
        .filter(|e| !e.kind.live_categories().is_empty())
        .collect();
    // Flows that cross a trust boundary first: they matter most.
    elements.sort_by_key(|e| !session.crosses_boundary(e));
    for e in elements {
        let cross = if session.crosses_boundary(e) {
            " ⇄"
        } else {
            ""
        };
        let label: String = format!("{} {}{cross}", e.id, one_line(&e.name))
            .chars()
            .take(31)
            .collect();
        let mut spans = vec![Span::raw(format!("{label:<32}"))];
        let live = e.kind.live_categories();
        for category in Category::ALL {
            let (text, style) = if !live.contains(category) {
                ("·".to_owned(), theme.dim())
            } else {
                match session.cell_state(&e.id, category) {
                    CellState::NotConsidered => ("?".to_owned(), theme.warn()),
                    CellState::NothingFound => ("✓".to_owned(), theme.ok()),
                    CellState::Threats(n) => (n.to_string(), theme.title()),
                }
            };
            spans.push(Span::styled(format!("{text:^4}"), style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "? not yet considered   ✓ nothing found   n threats   · does not apply",
        theme.dim(),
    )));
    lines.push(Line::from(format!(
        "coverage {coverage} ({}%)",
        coverage.percent()
    )));
    lines
}

fn ranked(session: &Session, theme: Theme) -> Vec<Line<'static>> {
    let decided: std::collections::HashMap<&crate::model::Id, &crate::model::Decision> = session
        .decisions
        .iter()
        .flat_map(|d| d.threats.iter().map(move |t| (t, d)))
        .collect();
    let mut threats: Vec<_> = session.threats.iter().collect();
    threats.sort_by_key(|t| {
        (
            decided.contains_key(&t.id),
            std::cmp::Reverse(t.risk().map(|r| r.score)),
        )
    });
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{} threats, {} without a decision",
            session.threats.len(),
            session.undecided_threats().len()
        ),
        theme.dim(),
    ))];
    for t in threats {
        let risk = t.risk().map_or("unrated".to_owned(), |r| {
            format!(
                "L{}×I{} {}",
                t.likelihood.unwrap_or(0),
                t.impact.unwrap_or(0),
                r.band
            )
        });
        let decision = match decided.get(&t.id) {
            Some(d) => Span::styled(format!("{} {}", d.id, d.kind.name()), theme.ok()),
            None => Span::styled("undecided".to_owned(), theme.danger()),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<5}", t.id.as_str()), theme.dim()),
            Span::raw(format!(
                "{:<40} ",
                one_line(&t.title).chars().take(40).collect::<String>()
            )),
            Span::styled(format!("{risk:<16} "), theme.dim()),
            decision,
        ]));
    }
    lines
}

fn review(session: &Session, theme: Theme) -> Vec<Line<'static>> {
    let coverage = session.coverage();
    let undecided = session.undecided_threats();
    let mut lines = vec![
        Line::from(format!(
            "coverage {coverage} ({}%): {} live cells never considered",
            coverage.percent(),
            coverage.live - coverage.considered
        )),
        Line::from(Span::styled(
            format!("{} threats without a decision", undecided.len()),
            if undecided.is_empty() {
                theme.ok()
            } else {
                theme.danger()
            },
        )),
        Line::from(""),
        Line::from(Span::styled(
            format!("Parking lot ({})", session.parking_lot.len()),
            theme.title(),
        )),
    ];
    lines.extend(
        session
            .parking_lot
            .iter()
            .map(|p| Line::from(format!("  • {}", one_line(&p.text)))),
    );
    lines
}
