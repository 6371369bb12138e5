//! Threats — what can go wrong? The STRIDE-per-element grid on the left, the prompt card and
//! the cell's threats on the right. Only the visible rows are drawn; the cell states come
//! from the per-edit cache.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::Command;
use crate::app::keymap::{Mode, keys_for};
use crate::app::{
    Workbench,
    core::cursors::{cell_threats, cursor_cell},
};
use crate::assets;
use crate::layout::{grid_rows, inner, list_offset, threat_panes};
use crate::model::{Category, CellState, ElementKind, Phase};
use crate::text::{one_line, pad};
use crate::ui::Theme;
use crate::ui::chrome::pane_title;

const CELL: u16 = 4;

/// Draws the threats phase into `area`.
pub fn render(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (grid_area, side_area) = threat_panes(area);
    grid(wb, theme, grid_area, buf);
    side(wb, theme, side_area, buf);
}

fn bar(percent: u32, width: usize) -> String {
    let full = (percent as usize * width).div_ceil(100).min(width);
    format!("{}{}", "▰".repeat(full), "▱".repeat(width - full))
}

fn grid(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(pane_title("What can go wrong?", area, theme.title()))
        .render(area, buf);
    let body = inner(area);
    let label_width = usize::from(body.width.saturating_sub(6 * CELL + 1)).max(8);
    let mut header = vec![Span::styled(
        format!("{:<label_width$} ", "Element"),
        theme.dim(),
    )];
    header.extend(
        Category::ALL
            .iter()
            .map(|c| Span::styled(format!("{:^4}", c.letter()), theme.dim())),
    );
    let rows_height = grid_rows(body);
    let d = &wb.derived;
    let offset = list_offset(wb.threats.row, d.rows.len(), rows_height);
    let mut lines = vec![Line::from(header)];
    for (r, index) in d
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(rows_height))
    {
        let e = &wb.session().elements[*index];
        let cross = if d.crossing.contains(&e.id) {
            " ⇄"
        } else {
            ""
        };
        let logs = if matches!(e.kind, ElementKind::DataStore { holds_logs: true }) {
            " (logs)"
        } else {
            ""
        };
        let marker = if r == wb.threats.row { "▸" } else { " " };
        let label = format!("{marker}{} {}{cross}{logs}", e.id, one_line(&e.name));
        // By display width: wide names keep the STRIDE columns in line.
        let mut spans = vec![Span::raw(format!("{} ", pad(&label, label_width)))];
        let live = e.kind.live_categories();
        for (c, category) in Category::ALL.into_iter().enumerate() {
            let state = d.cell(&e.id, category);
            let (text, mut style) = match (live.contains(category), state) {
                (_, CellState::Threats(n)) => (n.to_string(), theme.title()),
                (false, _) => ("·".to_owned(), theme.dim()),
                (true, CellState::NotConsidered) => ("?".to_owned(), theme.warn()),
                (true, CellState::NothingFound) => ("✓".to_owned(), theme.ok()),
            };
            let text = if r == wb.threats.row && c == wb.threats.col {
                style = theme.selected();
                format!("[{text}]")
            } else {
                text
            };
            spans.push(Span::styled(format!("{text:^4}"), style));
        }
        lines.push(Line::from(spans));
    }
    if d.rows.is_empty() {
        let text = if d.filter.is_some() {
            format!(
                "  nothing matches the filter ({} changes it, {} in it clears it)",
                keys_for(Mode::Session, &Command::Filter),
                keys_for(Mode::Filter, &Command::Cancel)
            )
        } else {
            format!("  no elements yet: add them in {}", Phase::Scope.pointer())
        };
        lines.push(Line::from(Span::styled(text, theme.dim())));
    }
    Paragraph::new(lines).render(body, buf);
    let footer = Rect {
        y: body.bottom().saturating_sub(2),
        height: 2.min(body.height),
        ..body
    };
    let coverage = d.coverage;
    let filter = d
        .filter
        .as_ref()
        .map(|f| format!("   filter: {}", one_line(f)))
        .unwrap_or_default();
    Paragraph::new(vec![
        Line::from(Span::styled(
            "? not considered  ✓ nothing found  2 = threats  · n/a",
            theme.dim(),
        )),
        Line::from(vec![
            Span::raw(format!("coverage {coverage} ")),
            Span::styled(
                bar(coverage.percent(), 10),
                if coverage.is_complete() {
                    theme.ok()
                } else {
                    theme.warn()
                },
            ),
            Span::raw(format!(" {}%", coverage.percent())),
            Span::styled(filter, theme.warn()),
        ]),
    ])
    .render(footer, buf);
}

fn side(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some((element, category)) = cursor_cell(wb) else {
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.dim())
            .render(area, buf);
        return;
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(pane_title(
            &format!(
                "{} {} · {}",
                element.id,
                one_line(&element.name),
                category.name()
            ),
            area,
            theme.title(),
        ))
        .render(area, buf);
    let mut lines = Vec::new();
    let what = match &element.kind {
        ElementKind::DataFlow { from, to, .. } => {
            let name = |id| {
                wb.session()
                    .element(id)
                    .map_or_else(|| "?".to_owned(), |e| one_line(&e.name).into_owned())
            };
            format!("flow: {} → {}", name(from), name(to))
        }
        kind => kind.tag().label().to_owned(),
    };
    lines.push(Line::from(Span::styled(what, theme.dim())));
    let live = element.kind.live_categories().contains(category);
    if !live {
        lines.push(Line::from(""));
        let label = element.kind.tag().label();
        let a = crate::model::indefinite_article(label, false);
        lines.push(Line::from(format!(
            "{category} does not apply to {a} {label} (STRIDE per element)."
        )));
    } else if let Ok(deck) = assets::prompt_deck()
        && let Some(card) = deck.card(element.kind.tag(), category)
    {
        let shown = if wb.threats.more {
            card.questions.len()
        } else if wb.session().agenda.quick {
            2
        } else {
            3
        };
        lines.push(Line::from(""));
        for q in card.questions.iter().take(shown) {
            lines.push(Line::from(format!("• {q}")));
        }
        let hidden = card.questions.len().saturating_sub(shown);
        let more = if hidden > 0 {
            format!("({hidden} more: m · suggest: s)")
        } else {
            "(fewer: m · suggest: s)".to_owned()
        };
        lines.push(Line::from(Span::styled(more, theme.dim())));
    }
    lines.push(Line::from(""));
    let threats = cell_threats(wb);
    match wb.derived.cell(&element.id, category) {
        CellState::NothingFound => {
            let note = wb
                .session()
                .considered
                .iter()
                .find(|c| c.element == element.id && c.category == category)
                .map(|c| one_line(&c.note).into_owned())
                .unwrap_or_default();
            lines.push(Line::from(Span::styled(
                "✓ considered, nothing found",
                theme.ok(),
            )));
            lines.push(Line::from(note));
        }
        CellState::NotConsidered if live => {
            lines.push(Line::from(Span::styled(
                format!(
                    "not yet considered: {} adds a threat, {} says why nothing applies",
                    keys_for(Mode::Threats, &Command::Add),
                    keys_for(Mode::Threats, &Command::NothingFound)
                ),
                theme.warn(),
            )));
        }
        _ => {}
    }
    let pick = wb.threats.pick.min(threats.len().saturating_sub(1));
    for (n, i) in threats.iter().enumerate() {
        let t = &wb.session().threats[*i];
        let mut rating = match (t.likelihood, t.impact) {
            (Some(l), Some(im)) => format!("L{l}×I{im}"),
            _ => "unrated".to_owned(),
        };
        if let (Some(l), Some(im)) = (t.residual_likelihood, t.residual_impact) {
            rating.push_str(&format!(" → L{l}×I{im}"));
        }
        if !t.references.is_empty() {
            rating.push_str(&format!(
                " · {}",
                crate::model::Reference::join(&t.references)
            ));
        }
        let style = if n == pick && threats.len() > 1 {
            theme.selected()
        } else {
            theme.text()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", t.id), theme.dim()),
            Span::styled(one_line(&t.title).into_owned(), style),
            Span::styled(format!("  {rating}"), theme.dim()),
        ]));
    }
    if !threats.is_empty() {
        let edit = keys_for(Mode::Threats, &Command::Edit);
        let delete = keys_for(Mode::Threats, &Command::Delete);
        let mut hint = format!("{edit} edits · {delete} deletes");
        if threats.len() > 1 {
            let next = keys_for(Mode::Threats, &Command::PickNext);
            let previous = keys_for(Mode::Threats, &Command::PickPrev);
            hint = format!("{next}/{previous} select · {hint}");
        }
        lines.push(Line::from(Span::styled(hint, theme.dim())));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner(area), buf);
}
