//! The export preview: exactly what `w` writes and `c` copies, in the chosen format.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::app::Workbench;
use crate::app::overlays::ExportState;
use crate::export::{self, Flavour, Source};
use crate::layout::{export_box, inner};
use crate::text::{fit, one_line};
use crate::ui::{Theme, clip};

/// Draws the export preview: exactly what `w` writes and `c` copies, in the chosen format.
pub fn render(wb: &Workbench, state: &ExportState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let scroll = state.scroll;
    // Header and hint bar stay visible above and below.
    let box_area = export_box(area);
    Clear.render(box_area, buf);
    let chosen = state.chosen();
    let mut tabs = vec![Span::styled(" Export ", theme.title())];
    for f in Flavour::ALL {
        let style = if f == chosen {
            theme.selected()
        } else {
            theme.dim()
        };
        tabs.push(Span::styled(format!(" {f} "), style));
    }

    // Cut with … between the corners, like every pane's title.
    let room = usize::from(box_area.width.saturating_sub(2));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(clip(Line::from(tabs), room))
        .render(box_area, buf);
    let source = Source {
        path: wb.path.display().to_string(),
        sha256: "(computed from the saved file when written)".into(),
    };
    let parts = export::render(&export::Context::of(wb.session(), source, wb.today), chosen);
    let text = export::joined(&parts);
    let body = inner(box_area);
    // Lines are shown as written, not wrapped; a line that runs past the edge ends in … so
    // that it does not read as whole.
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::from(fit(&one_line(l), usize::from(body.width))))
        .collect();
    let max_scroll = (lines.len() as u16).saturating_sub(body.height);
    Paragraph::new(lines)
        .scroll((scroll.min(max_scroll), 0))
        .render(body, buf);
}
