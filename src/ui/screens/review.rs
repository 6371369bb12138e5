//! Review — did we do a good job? Coverage with the cells never considered, undecided
//! threats in red, accepted risks with owners and review dates, the readiness checklist,
//! the parking lot (items can become follow-ups) and the retrospective.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::Command;
use crate::app::Workbench;
use crate::app::keymap::{Mode, keys_for};
use crate::layout::{inner, review_panes};
use crate::model::{Category, DecisionKind};
use crate::text::one_line;
use crate::ui::Theme;

/// Draws the review phase into `area`.
pub fn render(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (left, right) = review_panes(area);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(" Did we do a good job? ", theme.title()))
        .render(left, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(" Parking lot · retrospective ", theme.title()))
        .render(right, buf);
    let body = inner(left);
    let lines = findings(wb, theme);
    // Never scrolled past the end: the last rows stay in view.
    let width = usize::from(body.width).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let last = u16::try_from(rows.saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((wb.review.scroll.min(last), 0))
        .render(body, buf);
    Paragraph::new(notes(wb, theme))
        .wrap(Wrap { trim: false })
        .render(inner(right), buf);
}

fn heading(text: String, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text, theme.title()))
}

fn findings(wb: &Workbench, theme: Theme) -> Vec<Line<'static>> {
    let s = wb.session();
    let d = &wb.derived;
    let coverage = d.coverage;
    let mut lines = vec![heading(
        format!("Coverage {coverage} ({}%)", coverage.percent()),
        theme,
    )];
    if !d.gaps.is_empty() {
        lines.push(Line::from(Span::styled(
            "Never considered (element: STRIDE letters)",
            theme.warn(),
        )));
        for gap in &d.gaps {
            let name = s.element(&gap.element).map_or("", |e| e.name.as_str());
            let missing: String = gap.categories.iter().map(Category::letter).collect();
            lines.push(Line::from(vec![
                Span::raw(format!("  {} {}: ", gap.element, one_line(name))),
                Span::styled(missing, theme.warn()),
            ]));
        }
    }
    if d.gaps.is_empty() && coverage.live > 0 {
        lines.push(Line::from(Span::styled(
            "  every live cell was considered",
            theme.ok(),
        )));
    }
    let undecided = s.undecided_threats();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("Undecided threats: {}", undecided.len()),
        if undecided.is_empty() {
            theme.ok()
        } else {
            theme.danger()
        },
    )));
    for t in &undecided {
        lines.push(Line::from(Span::styled(
            format!("  {} {}", t.id, one_line(&t.title)),
            theme.danger(),
        )));
    }
    let accepted: Vec<_> = s
        .decisions
        .iter()
        .filter(|d| d.kind == DecisionKind::Accept)
        .collect();
    lines.push(Line::from(""));
    lines.push(heading(
        format!("Accepted risks: {}", accepted.len()),
        theme,
    ));
    for a in accepted {
        let threats: Vec<String> = a.threats.iter().map(ToString::to_string).collect();
        let owner = a
            .owner
            .as_deref()
            .map_or_else(|| "no owner".to_owned(), |o| one_line(o).into_owned());
        let review = a
            .review_by
            .map_or_else(|| "no review date".to_owned(), |r| format!("review by {r}"));
        lines.push(Line::from(format!(
            "  {} ({}) · {owner} · {review}",
            a.id,
            threats.join(", ")
        )));
    }
    lines.push(Line::from(""));
    lines.push(heading("Ready?".into(), theme));
    // As of today: an acceptance whose review date passed since the last save is overdue.
    for check in s.readiness(wb.today) {
        let (mark, style) = if check.ok {
            ("✓", theme.ok())
        } else {
            ("✗", theme.danger())
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark} "), style),
            Span::raw(check.label),
            Span::styled(format!(" — {}", one_line(&check.detail)), theme.dim()),
        ]));
    }
    lines
}

fn notes(wb: &Workbench, theme: Theme) -> Vec<Line<'static>> {
    let s = wb.session();
    let mut lines = vec![heading(
        format!("Parking lot ({})", s.parking_lot.len()),
        theme,
    )];
    if s.parking_lot.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "  nothing parked ({} parks a point)",
                keys_for(Mode::Session, &Command::Park)
            ),
            theme.dim(),
        )));
    }
    for (i, item) in s.parking_lot.iter().enumerate() {
        let mark = if item.follow_up { "[follow-up] " } else { "" };
        let line = Line::from(format!("• {mark}{}", one_line(&item.text)));
        lines.push(if i == wb.review.cursor {
            line.style(theme.selected())
        } else {
            line
        });
    }
    lines.push(Line::from(""));
    lines.push(heading("Retrospective (r)".into(), theme));
    let retro = &s.retrospective;
    let field = |label: &str, text: &str| {
        let text = if text.is_empty() {
            "—".to_owned()
        } else {
            one_line(text).into_owned()
        };
        Line::from(vec![
            Span::styled(format!("{label}: "), theme.dim()),
            Span::raw(text),
        ])
    };
    lines.push(field("worked", &retro.worked));
    lines.push(field("change", &retro.change));
    lines.push(Line::from(""));
    lines.push(heading("Export".into(), theme));
    lines.push(Line::from(vec![
        Span::styled("x", theme.key()),
        Span::raw(
            " previews the ticket-ready export (GitHub, GitLab, Jira, Markdown, JSON); in it ",
        ),
        Span::styled("w", theme.key()),
        Span::raw(" writes it beside the session file and "),
        Span::styled("c", theme.key()),
        Span::raw(" copies it to the clipboard."),
    ]));
    lines
}
