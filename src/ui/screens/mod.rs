//! Drawing the screens, one file each, mirroring `app::screens`: the start screen, the four
//! phases, and the big projector clock.

mod bigclock;
mod decisions;
mod review;
mod scope;
mod start;
mod threats;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{App, Screen};
use crate::model::Phase;
use crate::ui::Theme;

/// Draws the screen under the overlays into `body`.
pub fn render(app: &App, theme: Theme, body: Rect, buf: &mut Buffer) {
    match &app.screen {
        Screen::Start(start) => start::render(app, start, theme, body, buf),
        Screen::Workbench(wb) if wb.big_clock => bigclock::render(wb, theme, body, buf),
        Screen::Workbench(wb) => match wb.session().clock.phase {
            Phase::Scope => scope::render(wb, theme, body, buf),
            Phase::Threats => threats::render(wb, theme, body, buf),
            Phase::Decisions => decisions::render(wb, theme, body, buf),
            Phase::Review => review::render(wb, theme, body, buf),
        },
    }
}
