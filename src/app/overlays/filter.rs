//! The `/` filter: one line of text that narrows the threat grid's elements and the ranked
//! threats as it is typed. Enter keeps it; Esc clears it.

use ratatui::crossterm::event::KeyEvent;

use super::Flow;
use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::forms::Field;

/// The filter being typed.
#[derive(Debug, Clone)]
pub struct FilterState {
    /// The text field.
    pub field: Field,
}

impl FilterState {
    /// A filter overlay starting from the filter in force.
    pub fn new(current: &str) -> Self {
        FilterState {
            field: Field::text(
                crate::app::forms::Slot(0),
                "Show",
                current,
                "text in an ID, a name or a threat title",
            ),
        }
    }

    /// The filter as typed; `None` when empty.
    pub fn text(&self) -> Option<String> {
        Some(self.field.text_value()).filter(|t| !t.is_empty())
    }

    /// Feeds a typed key to the field.
    pub fn input(&mut self, key: KeyEvent) {
        let _ = self.field.input(key);
    }

    /// Inserts pasted text, on one line.
    pub fn paste(&mut self, text: &str) {
        let _ = self.field.paste(text);
    }
}

/// Enter keeps the filter; Esc clears it.
pub fn command(filter: &mut FilterState, command: Command, cx: &mut Cx<'_>) -> Flow {
    match command {
        Command::Enter | Command::Submit => {
            cx.wb.filter = filter.text();
            Flow::Close
        }
        Command::Cancel => {
            cx.wb.filter = None;
            cx.info("filter cleared");
            Flow::Close
        }
        _ => Flow::Keep,
    }
}
