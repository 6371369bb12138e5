//! The help overlay: every key of the keymap, the ones that work here first.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::app::input::screen_modes;
use crate::app::keymap::{BINDINGS, Mode, keys_for};
use crate::app::overlays::HelpState;
use crate::app::{App, Command};
use crate::layout::{help_box, inner};
use crate::ui::Theme;

/// The help lines: the contexts active now first, then every other one, each key with its
/// description, straight from the keymap.
pub fn help_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let active = screen_modes(app);
    let mut order: Vec<Mode> = active.clone();
    order.extend(Mode::ALL.into_iter().filter(|m| !active.contains(m)));
    let mut lines = Vec::new();
    for mode in order {
        lines.push(Line::from(Span::styled(mode.heading(), theme.title())));
        for binding in BINDINGS.iter().filter(|b| b.mode == mode) {
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

/// The box's title: how to close and scroll it.
fn title() -> String {
    let close = keys_for(Mode::Help, &Command::Cancel);
    let up = keys_for(Mode::Help, &Command::Up);
    let down = keys_for(Mode::Help, &Command::Down);
    let page_up = keys_for(Mode::Help, &Command::PageUp);
    let page_down = keys_for(Mode::Help, &Command::PageDown);
    format!(" Keys — {close} closes, {up}{down} {page_up} {page_down} scroll ")
}

/// Draws the help overlay.
pub fn render(app: &App, help: &HelpState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let scroll = help.scroll;
    let box_area = help_box(area);
    Clear.render(box_area, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Span::styled(title(), theme.title()))
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
