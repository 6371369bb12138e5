//! Suggestions from the threat library for the cell under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::Command;
use crate::app::keymap::{Mode, keys_for};
use crate::app::overlays::SuggestState;
use crate::assets::LibraryThreat;
use crate::layout::{centered, inner};
use crate::model::Reference;
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
    let body = inner(box_area);
    let mut lines = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let style = if i == cursor {
            theme.selected()
        } else {
            theme.title()
        };
        lines.extend(heading(entry, style, theme, body.width));
        let sentence = entry.grammar().statement().unwrap_or_default();
        lines.push(Line::from(Span::styled(
            format!("  {sentence}"),
            theme.dim(),
        )));
    }
    let offset = (cursor as u16 * 2).saturating_sub(body.height.saturating_sub(2));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((offset, 0))
        .render(body, buf);
}

/// The entry's title, with its CWE and CAPEC references dim after it where they fit in
/// `width`, else dim on a line of their own below it.
fn heading(entry: &LibraryThreat, style: Style, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let title = Span::styled(entry.title.clone(), style);
    if entry.references.is_empty() {
        return vec![Line::from(title)];
    }
    let references = format!("  {}", Reference::join(&entry.references));
    if title.width() + references.width() <= usize::from(width) {
        vec![Line::from(vec![
            title,
            Span::styled(references, theme.dim()),
        ])]
    } else {
        vec![
            Line::from(title),
            Line::from(Span::styled(references, theme.dim())),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::threat_library;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn references_follow_the_title_where_they_fit_else_go_below_it() {
        let library = threat_library().unwrap();
        let entry = library
            .entries
            .iter()
            .find(|e| e.title == "Unvalidated input changes a database query")
            .unwrap();
        let theme = Theme::new(true);
        let style = theme.title();
        assert_eq!(
            text(&heading(entry, style, theme, 80)),
            ["Unvalidated input changes a database query  CWE-89, CAPEC-66"]
        );
        assert_eq!(
            text(&heading(entry, style, theme, 50)),
            [
                "Unvalidated input changes a database query",
                "  CWE-89, CAPEC-66"
            ]
        );
        let bare = LibraryThreat {
            references: vec![],
            ..entry.clone()
        };
        assert_eq!(
            text(&heading(&bare, style, theme, 80)),
            [bare.title.as_str()]
        );
    }
}
