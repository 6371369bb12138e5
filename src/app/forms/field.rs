//! One labelled field of a form and its typed value: a line or lines of text, a choice, a
//! rating, a switch or a checklist.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
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

    /// The most characters this field takes.
    pub fn limit(&self) -> usize {
        if self.is_multiline() {
            LINES_MAX
        } else {
            LINE_MAX
        }
    }

    /// How many more characters the field takes (0 for fields without text).
    fn room(&self) -> usize {
        match &self.value {
            FieldValue::Text { area, .. } => {
                let used: usize = area.lines().iter().map(|l| l.chars().count() + 1).sum();
                self.limit().saturating_sub(used.saturating_sub(1))
            }
            _ => 0,
        }
    }

    /// Whether Enter in this field is a line break.
    pub fn is_multiline(&self) -> bool {
        matches!(
            self.value,
            FieldValue::Text {
                multiline: true,
                ..
            }
        )
    }

    /// Feeds a key: text to a text field, a digit to a rating (0 is "unrated"). A key that
    /// would type a control character (some terminals send DEL or ESC as characters) is
    /// ignored: session text never holds them. A full text field takes no more.
    pub fn input(&mut self, key: KeyEvent) -> Typed {
        if matches!(key.code, KeyCode::Char(c) if c.is_control() || crate::text::is_invisible_format(c))
        {
            return Typed::Nothing;
        }
        let adds = matches!(key.code, KeyCode::Char(_))
            || (key.code == KeyCode::Enter && self.is_multiline());
        if adds && self.is_text() && self.room() == 0 {
            return Typed::Cut(0);
        }
        let changed = match (&mut self.value, key.code) {
            (FieldValue::Rating(rating), KeyCode::Char(digit @ '0'..='5')) => {
                let value = digit.to_digit(10).and_then(|d| u8::try_from(d).ok());
                *rating = value.filter(|v| *v > 0);
                true
            }
            (FieldValue::Text { area, .. }, _) => area.input(key),
            _ => false,
        };
        if changed {
            Typed::Changed
        } else {
            Typed::Nothing
        }
    }

    /// Inserts pasted text into a text field, cleaned for it and cut to what the field
    /// still takes (a 5 MB paste must not freeze the screen).
    pub fn paste(&mut self, text: &str) -> Typed {
        let room = self.room();
        let FieldValue::Text { area, multiline } = &mut self.value else {
            return Typed::Nothing;
        };
        // Never more than the field takes is even cleaned.
        let head: String = text.chars().take(room.saturating_add(1) * 2).collect();
        let clean = clean_input(&head, *multiline);
        let fits: String = clean.chars().take(room).collect();
        let cut = fits.chars().count() < clean.chars().count() || head.len() < text.len();
        if !fits.is_empty() {
            area.insert_str(&fits);
        }
        match (cut, fits.is_empty()) {
            (true, _) => Typed::Cut(fits.chars().count()),
            (false, true) => Typed::Nothing,
            (false, false) => Typed::Changed,
        }
    }

    /// Puts `text` at the end of a text field.
    pub fn append(&mut self, text: &str) {
        if let FieldValue::Text { area, .. } = &mut self.value {
            area.insert_str(text);
        }
    }

    /// ← / → on a choice or rating (wrapping), ↑ / ↓ in a checklist (stopping at the ends).
    /// Returns whether the value changed (a checklist's cursor is not a value).
    pub fn step(&mut self, forward: bool) -> bool {
        match &mut self.value {
            FieldValue::Choice { options, selected } if !options.is_empty() => {
                *selected = wrap(*selected, options.len(), forward);
                true
            }
            FieldValue::Rating(rating) => {
                let at = wrap(usize::from(rating.unwrap_or(0)), RATINGS.len(), forward);
                *rating = u8::try_from(at).ok().filter(|v| *v > 0);
                true
            }
            FieldValue::Checklist {
                options, cursor, ..
            } if !options.is_empty() => {
                *cursor = if forward {
                    (*cursor + 1).min(options.len() - 1)
                } else {
                    cursor.saturating_sub(1)
                };
                false
            }
            _ => false,
        }
    }

    /// Space on a toggle or a checklist row. Returns whether the value changed.
    pub fn flip(&mut self) -> bool {
        match &mut self.value {
            FieldValue::Toggle(on) => {
                *on = !*on;
                true
            }
            FieldValue::Checklist {
                checked, cursor, ..
            } => match checked.get_mut(*cursor) {
                Some(c) => {
                    *c = !*c;
                    true
                }
                None => false,
            },
            _ => false,
        }
    }
}

fn wrap(at: usize, len: usize, forward: bool) -> usize {
    if forward {
        (at + 1) % len
    } else {
        (at + len - 1) % len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[test]
    fn pasted_text_is_cleaned_for_its_field() {
        assert_eq!(clean_input("a\u{1b}[2Jb\r\nc\td", false), "a[2Jb cd");
        assert_eq!(clean_input("a\r\nb\rc", true), "a\nb\nc");
    }

    #[test]
    fn ratings_take_digits_and_arrows() {
        let mut field = Field::rating(Slot(0), "Likelihood", None);
        assert_eq!(
            field.input(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::NONE)),
            Typed::Changed
        );
        assert!(matches!(field.value, FieldValue::Rating(Some(4))));
        field.step(true);
        field.step(true);
        assert!(
            matches!(field.value, FieldValue::Rating(None)),
            "5, then unrated"
        );
        field.step(false);
        assert!(matches!(field.value, FieldValue::Rating(Some(5))));
        assert_eq!(
            field.input(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE)),
            Typed::Changed
        );
        assert!(matches!(field.value, FieldValue::Rating(None)));
    }
}
