//! Drawing: a pure function of `&App` onto a ratatui buffer. No state changes here, no I/O,
//! and no text from a session file reaches the terminal unfiltered.

mod chrome;
mod overlays;
mod screens;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::App;
use crate::layout;
pub use overlays::help::help_lines;
pub use theme::Theme;

/// Draws the whole app into the frame.
pub fn render(app: &App, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    draw(app, theme, area, frame.buffer_mut());
}

/// Draws the whole app into a buffer (what [`render`] does, without a terminal).
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    if !layout::fits((area.width, area.height)) {
        too_small(area, buf);
        return;
    }
    let frame = layout::frame((area.width, area.height));
    chrome::header(app, theme, &frame, buf);
    screens::render(app, theme, frame.body, buf);
    chrome::footer(app, theme, &frame, buf);
    for overlay in &app.overlays {
        overlays::render(app, overlay, theme, area, buf);
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let text = vec![
        Line::from("terminal too small"),
        Line::from(format!("need {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT)),
        Line::from(format!("have {}×{}", area.width, area.height)),
        Line::from("(your work is kept)"),
    ];
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// A line drawn as the selected row: every span takes the selection style, so a heading's
/// own colour cannot make it unreadable.
pub(crate) fn selected(line: Line<'static>, theme: Theme) -> Line<'static> {
    let style = theme.selected();
    Line::from(
        line.spans
            .into_iter()
            .map(|s| s.style(style))
            .collect::<Vec<_>>(),
    )
    .style(style)
}

/// A line cut to `width` columns, ending with `…` when something was cut, so that a cut
/// name never reads as a whole one.
pub(crate) fn clip(line: Line<'static>, width: usize) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    if line.width() <= width {
        return line;
    }
    let style = line.style;
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.content.width();
        if used + w < width {
            used += w;
            spans.push(span);
            continue;
        }
        let room = width.saturating_sub(used);
        spans.push(ratatui::text::Span::styled(
            crate::text::fit(&span.content, room),
            span.style,
        ));
        break;
    }
    Line::from(spans).style(style)
}
