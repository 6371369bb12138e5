//! What keys and pastes do to a field: typed text within the field's limit, digits on a
//! rating, arrows on a choice or checklist, Space on a switch.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::field::{Field, FieldValue, LINE_MAX, LINES_MAX, RATINGS, Typed, clean_input};

impl Field {
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
    use crate::app::forms::Slot;
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
