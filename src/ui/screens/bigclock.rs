//! The projector clock: the phase's remaining time in big digits.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::app::{Urgency, Workbench, mm_ss, reading};
use crate::ui::Theme;

/// Draws the big clock of the open session into `area`.
pub fn render(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let r = reading(wb.session());
    let style = match r.urgency {
        Urgency::Calm => theme.title(),
        Urgency::Soon => theme.warn(),
        Urgency::Over => theme.danger(),
    };
    let digits = if r.phase_left < 0 {
        format!("-{}", mm_ss(r.phase_left))
    } else {
        mm_ss(r.phase_left)
    };
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(8),
        Constraint::Fill(1),
    ])
    .areas(area);
    let caption = format!("{} — {}", r.phase.name(), r.phase.question());
    Paragraph::new(Line::styled(caption, theme.title()))
        .alignment(Alignment::Center)
        .render(
            Rect {
                y: top.bottom().saturating_sub(1),
                height: 1.min(top.height),
                ..top
            },
            buf,
        );
    let size = if middle.width >= 6 * 8 {
        PixelSize::Full
    } else {
        PixelSize::HalfHeight
    };
    BigText::builder()
        .pixel_size(size)
        .style(style)
        .centered()
        .lines(vec![Line::from(digits)])
        .build()
        .render(middle, buf);
    let mut below = vec![Line::from(format!(
        "session {} left",
        mm_ss(r.session_left.max(0))
    ))];
    if r.paused {
        below.push(Line::styled("PAUSED", theme.warn()));
    }
    if r.urgency == Urgency::Over {
        below.push(Line::styled("time to move on", theme.danger()));
    }
    below.push(Line::styled("F returns to the phase", theme.dim()));
    Paragraph::new(below)
        .alignment(Alignment::Center)
        .render(bottom, buf);
}
