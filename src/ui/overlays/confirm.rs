//! A yes/no question.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::Confirm;
use crate::layout::{centered, inner};
use crate::ui::Theme;

/// Draws a yes/no question.
pub fn render(confirm: &Confirm, theme: Theme, area: Rect, buf: &mut Buffer) {
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
