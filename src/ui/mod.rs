//! Drawing: a pure function of `&App` onto a ratatui buffer. No state changes here, no I/O,
//! and no text from a session file reaches the terminal unfiltered.

mod bigclock;
mod chrome;
mod decisions;
mod form;
pub mod layout;
mod overlays;
mod review;
mod scope;
mod start;
pub mod theme;
mod threats;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::{App, Overlay, Screen};
use crate::model::Phase;
pub use theme::Theme;

/// Draws the whole app into the frame.
pub fn render(app: &App, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    draw(app, theme, area, frame.buffer_mut());
}

/// Draws the whole app into a buffer (what [`render`] does, without a terminal).
pub fn draw(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.width < layout::MIN_WIDTH || area.height < layout::MIN_HEIGHT {
        too_small(area, buf);
        return;
    }
    let frame = layout::frame((area.width, area.height));
    chrome::header(app, theme, &frame, buf);
    match &app.screen {
        Screen::Start(start) => start::render(app, start, theme, frame.body, buf),
        Screen::Workbench(wb) if app.big_clock => bigclock::render(wb, theme, frame.body, buf),
        Screen::Workbench(wb) => match wb.session().clock.phase {
            Phase::Scope => scope::render(wb, theme, frame.body, buf),
            Phase::Threats => threats::render(wb, theme, frame.body, buf),
            Phase::Decisions => decisions::render(wb, theme, frame.body, buf),
            Phase::Review => review::render(wb, theme, frame.body, buf),
        },
    }
    chrome::footer(app, theme, &frame, buf);
    for overlay in &app.overlays {
        match overlay {
            Overlay::Help { scroll } => overlays::help(app, *scroll, theme, area, buf),
            Overlay::Confirm(confirm) => overlays::confirm(confirm, theme, area, buf),
            Overlay::Export { flavour, scroll } => {
                overlays::export_preview(app, *flavour, *scroll, theme, area, buf)
            }
            Overlay::Suggest {
                entries, cursor, ..
            } => overlays::suggest(entries, *cursor, theme, area, buf),
            Overlay::Form(f) => form::render(f, theme, area, buf),
        }
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
