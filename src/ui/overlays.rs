//! The help overlay (from the keymap table) and yes/no questions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::Theme;
use super::layout::{centered, inner};
use crate::app::keymap::{BINDINGS, Context, screen_contexts};
use crate::app::{App, Confirm};

/// The help lines: the contexts active now first, then every other one, each key with its
/// description, straight from the keymap.
pub fn help_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let active = screen_contexts(app);
    let mut order: Vec<Context> = active.clone();
    order.extend(Context::ALL.into_iter().filter(|c| !active.contains(c)));
    let mut lines = Vec::new();
    for context in order {
        lines.push(Line::from(Span::styled(context.heading(), theme.title())));
        for binding in BINDINGS.iter().filter(|b| b.context == context) {
            let keys: Vec<String> = binding.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", keys.join(" ")), theme.key()),
                Span::raw(binding.help),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines
}

/// Draws the help overlay.
pub fn help(app: &App, scroll: u16, theme: Theme, area: Rect, buf: &mut Buffer) {
    let box_area = centered(area, 78, area.height.saturating_sub(2));
    Clear.render(box_area, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Span::styled(
            " Keys — Esc closes, ↑↓ PgUp PgDn scroll ",
            theme.title(),
        ))
        .render(box_area, buf);
    let lines = help_lines(app, theme);
    let body = inner(box_area);
    let max_scroll = (lines.len() as u16).saturating_sub(body.height);
    if scroll < max_scroll {
        let more = Rect {
            y: box_area.bottom().saturating_sub(1),
            height: 1,
            ..box_area
        };
        Paragraph::new(Span::styled(" ↓ more below ", theme.title()))
            .alignment(ratatui::layout::Alignment::Right)
            .render(
                Rect {
                    width: more.width.saturating_sub(2),
                    ..more
                },
                buf,
            );
    }
    Paragraph::new(lines)
        .scroll((scroll.min(max_scroll), 0))
        .render(body, buf);
}

/// Draws a yes/no question.
pub fn confirm(confirm: &Confirm, theme: Theme, area: Rect, buf: &mut Buffer) {
    let box_area = centered(area, 60, 7);
    Clear.render(box_area, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warn())
        .title(Span::styled(" Are you sure? ", theme.warn()))
        .render(box_area, buf);
    let text = vec![
        Line::from(confirm.question.clone()),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" yes    "),
            Span::styled("n", theme.key()),
            Span::raw(" no"),
        ]),
    ];
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(inner(box_area), buf);
}

/// Draws the suggestions from the threat library for the cell.
pub fn suggest(
    entries: &[crate::assets::LibraryThreat],
    cursor: usize,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let box_area = centered(
        area,
        84,
        (entries.len() as u16 * 5 + 3).min(area.height.saturating_sub(2)),
    );
    Clear.render(box_area, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Span::styled(
            " Common threats for this cell — Enter adds one, Esc closes ",
            theme.title(),
        ))
        .render(box_area, buf);
    let mut lines = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let style = if i == cursor {
            theme.selected()
        } else {
            theme.title()
        };
        lines.push(Line::from(Span::styled(entry.title.clone(), style)));
        let sentence = entry.grammar().statement().unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!("  {sentence}"),
            theme.dim(),
        )));
    }
    let body = inner(box_area);
    let offset = (cursor as u16 * 2).saturating_sub(body.height.saturating_sub(2));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((offset, 0))
        .render(body, buf);
}

/// Draws the export preview: exactly what `w` writes and `c` copies, in the chosen format.
pub fn export_preview(
    app: &App,
    flavour: usize,
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    use crate::export::{self, Flavour, Source};
    let Some(wb) = app.workbench() else { return };
    // Header and hint bar stay visible above and below.
    let box_area = centered(area, area.width, area.height.saturating_sub(4));
    Clear.render(box_area, buf);
    let chosen = Flavour::ALL[flavour % Flavour::ALL.len()];
    let mut tabs = vec![Span::styled(" Export ", theme.title())];
    for f in Flavour::ALL {
        let style = if f == chosen {
            theme.selected()
        } else {
            theme.dim()
        };
        tabs.push(Span::styled(format!(" {f} "), style));
    }

    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Line::from(tabs))
        .render(box_area, buf);
    let source = Source {
        path: wb.path.display().to_string(),
        sha256: "(computed from the saved file when written)".into(),
    };
    let parts = export::render(&export::Context::of(wb.session(), source), chosen);
    let text = export::joined(&parts);
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::from(crate::text::one_line(l).into_owned()))
        .collect();
    let body = inner(box_area);
    let max_scroll = (lines.len() as u16).saturating_sub(body.height);
    Paragraph::new(lines)
        .scroll((scroll.min(max_scroll), 0))
        .render(body, buf);
}
