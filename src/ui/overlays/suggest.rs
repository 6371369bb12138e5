//! Suggestions from the threat library for the cell under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::Command;
use crate::app::keymap::{Mode, keys_for};
use crate::app::overlays::SuggestState;
use crate::layout::{centered, inner};
use crate::ui::Theme;

/// Draws the suggestions from the threat library for the cell.
pub fn render(suggest: &SuggestState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (entries, cursor) = (&suggest.entries, suggest.cursor);
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
            format!(
                " Common threats for this cell — {} adds one, {} closes ",
                keys_for(Mode::Suggest, &Command::Add),
                keys_for(Mode::Suggest, &Command::Cancel)
            ),
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
