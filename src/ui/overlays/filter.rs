//! The `/` filter: a one-line box, drawn like a form.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::form::{FormView, draw};
use crate::app::Command;
use crate::app::keymap::{Mode, keys_for};
use crate::app::overlays::FilterState;
use crate::ui::Theme;

/// Draws the filter being typed.
pub fn render(filter: &FilterState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let keep = keys_for(Mode::Filter, &Command::Enter);
    let clear = keys_for(Mode::Filter, &Command::Cancel);
    let view = FormView {
        title: "Filter",
        fields: std::slice::from_ref(&filter.field),
        focus: 0,
        preview: None,
        error: None,
        hint: format!("filters as you type · {keep} keeps it · {clear} clears it"),
    };
    draw(&view, theme, area, buf);
}
