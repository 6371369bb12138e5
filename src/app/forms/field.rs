//! One labelled field of a form and its typed value: a line or lines of text, a choice, a
//! rating, a switch or a checklist.

use ratatui::style::{Modifier, Style};
use tui_textarea::{CursorMove, TextArea};

use crate::model::is_allowed_char;

/// Which field of its form a field is. Each form file names its own slots as constants;
/// the form reads a field back by its slot, not by its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(pub u8);

/// The most characters a one-line field takes (what the export keeps of a field, too).
pub const LINE_MAX: usize = 1_000;
/// The most characters a field of several lines takes.
pub const LINES_MAX: usize = 10_000;

/// What became of typed or pasted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// Nothing changed.
    Nothing,
    /// It went in.
    Changed,
    /// Only this many characters fitted: the field is full.
    Cut(usize),
}

/// How ratings are shown, from unrated (0) to 5.
pub const RATINGS: [&str; 6] = [
    "unrated",
    "1 very low",
    "2 low",
    "3 medium",
    "4 high",
    "5 very high",
];

/// The editable value of a field.
#[derive(Debug, Clone)]
pub enum FieldValue {
    /// Free text; a single-line field treats Enter as "next field".
    Text {
        /// The editor (boxed: it is large, and a form holds few of them).
        area: Box<TextArea<'static>>,
        /// Whether Enter inserts a line break.
        multiline: bool,
    },
    /// One of a list, changed with ← →; the form maps the index to its value.
    Choice {
        /// What the user sees.
        options: Vec<String>,
        /// The chosen one.
        selected: usize,
    },
    /// A rating from 1 to 5, or unrated; ← → or a digit 0–5.
    Rating(Option<u8>),
    /// On or off, changed with Space.
    Toggle(bool),
    /// Any number of a list, moved with ↑ ↓ and ticked with Space.
    Checklist {
        /// What the user sees.
        options: Vec<String>,
        /// Which are ticked.
        checked: Vec<bool>,
        /// The row under the cursor.
        cursor: usize,
    },
}

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Which field of its form.
    pub slot: Slot,
    /// Its label.
    pub label: &'static str,
    /// Its value.
    pub value: FieldValue,
}

fn area(text: &str, placeholder: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.lines().map(str::to_owned).collect()
    };
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::default());
    area.set_placeholder_text(placeholder);
    // Dim, not grey: the form must read the same with NO_COLOR.
    area.set_placeholder_style(Style::default().add_modifier(Modifier::DIM));
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// Keeps what a text field may hold: no control characters, and no line breaks in a
/// single-line field (they become spaces).
pub fn clean_input(text: &str, multiline: bool) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\n' && !multiline { ' ' } else { c })
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| {
            is_allowed_char(*c)
                && !crate::text::is_invisible_format(*c)
                && (multiline || *c != '\n')
                && *c != '\t'
        })
        .collect()
}

impl Field {
    /// A one-line text field.
    pub fn text(slot: Slot, label: &'static str, value: &str, placeholder: &str) -> Self {
        Field {
            slot,
            label,
            value: FieldValue::Text {
                area: Box::new(area(value, placeholder)),
                multiline: false,
            },
        }
    }

    /// A text field of several lines (Enter is a line break).
    pub fn lines(slot: Slot, label: &'static str, value: &str, placeholder: &str) -> Self {
        Field {
            slot,
            label,
            value: FieldValue::Text {
                area: Box::new(area(value, placeholder)),
                multiline: true,
            },
        }
    }

    /// A choice among `options`, `selected` chosen.
    pub fn choice(slot: Slot, label: &'static str, options: Vec<String>, selected: usize) -> Self {
        Field {
            slot,
            label,
            value: FieldValue::Choice { options, selected },
        }
    }

    /// A rating, unrated when `None`.
    pub fn rating(slot: Slot, label: &'static str, value: Option<u8>) -> Self {
        Field {
            slot,
            label,
            value: FieldValue::Rating(value.filter(|v| (1..=5).contains(v))),
        }
    }

    /// A switch.
    pub fn toggle(slot: Slot, label: &'static str, on: bool) -> Self {
        Field {
            slot,
            label,
            value: FieldValue::Toggle(on),
        }
    }

    /// A checklist of `options`, those in `checked` ticked, the cursor on `cursor`.
    pub fn checklist(
        slot: Slot,
        label: &'static str,
        options: Vec<String>,
        checked: Vec<bool>,
        cursor: usize,
    ) -> Self {
        Field {
            slot,
            label,
            value: FieldValue::Checklist {
                options,
                checked,
                cursor,
            },
        }
    }

    /// The text of a text field, lines joined, trailing blanks trimmed; empty for others.
    pub fn text_value(&self) -> String {
        match &self.value {
            FieldValue::Text { area, .. } => area.lines().join("\n").trim().to_owned(),
            _ => String::new(),
        }
    }

    /// Whether the field takes typed keys as text.
    pub fn is_text(&self) -> bool {
        matches!(self.value, FieldValue::Text { .. })
    }
}
