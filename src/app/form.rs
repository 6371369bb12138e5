//! Forms: labelled fields in a centered overlay. Text fields are ratatui-textarea widgets
//! (the one stateful widget); their text is copied into the session only when the form is
//! saved, so Esc really cancels.

use ratatui::crossterm::event::KeyEvent;
use ratatui::style::Style;
use tui_textarea::TextArea;

use crate::model::{Category, Id, is_allowed_char};

/// What a form is for, and so what saving it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new session: title, ticket, agenda, participants.
    NewSession,
    /// An element: new, or editing the one with this ID.
    Element(Option<Id>),
    /// A participant: new, or editing the one at this index.
    Participant(Option<usize>),
    /// An asset: new, or editing the one at this index.
    Asset(Option<usize>),
    /// An assumption: new, or editing the one with this ID.
    Assumption(Option<Id>),
    /// A one-line parking-lot capture.
    Park,
    /// A threat against this element and category: new, or editing the one with this ID.
    Threat(Option<Id>, Id, Category),
    /// "Considered, nothing found" for this cell.
    Considered(Id, Category),
    /// A decision: new, or editing the one with this ID.
    Decision(Option<Id>),
    /// The retrospective.
    Retrospective,
    /// The `/` filter (applied as it is typed).
    Filter,
}

/// Which field a field is, independent of its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// Session title.
    Title,
    /// Ticket key.
    Ticket,
    /// Agenda preset.
    Agenda,
    /// Participants, "Name:role, Name:role".
    Participants,
    /// Element kind.
    Kind,
    /// Element or participant name.
    Name,
    /// Participant role.
    Role,
    /// Data store holds logs.
    HoldsLogs,
    /// Flow source.
    From,
    /// Flow destination.
    To,
    /// What data a flow carries.
    Data,
    /// Boundary members.
    Members,
    /// Third-party supplier.
    Supplier,
    /// Third-party version.
    Version,
    /// Third-party package URL.
    Purl,
    /// Free notes.
    Notes,
    /// A one-line text (asset, assumption, parking-lot item).
    Text,
    /// Threat source.
    Source,
    /// Threat prerequisites.
    Prerequisites,
    /// Threat action.
    Action,
    /// Threat impact, in words.
    ImpactText,
    /// Assets a threat affects.
    ThreatAssets,
    /// Likelihood 1–5 or unrated.
    Likelihood,
    /// Impact 1–5 or unrated.
    Impact,
    /// Decision kind.
    DecisionKind,
    /// Threats a decision answers.
    Threats,
    /// Decision summary.
    Summary,
    /// Decision rationale.
    Rationale,
    /// Decision owner.
    Owner,
    /// Decision status.
    Status,
    /// Review date of an accepted risk.
    ReviewBy,
    /// Retrospective: what worked.
    Worked,
    /// Retrospective: what to change.
    Change,
}

/// The editable value of a field.
#[derive(Debug, Clone)]
pub enum FieldValue {
    /// Free text; single-line fields treat Enter as "next field".
    Text {
        /// The editor (boxed: it is large, and a form holds few of them).
        area: Box<TextArea<'static>>,
        /// Whether Enter inserts a line break.
        multiline: bool,
    },
    /// One of a list, changed with ← →.
    Choice {
        /// What the user sees.
        options: Vec<String>,
        /// The value behind each option (an ID, a preset name, a kind).
        values: Vec<String>,
        /// The chosen one.
        selected: usize,
    },
    /// On or off, changed with Space.
    Toggle(bool),
    /// Any number of a list, moved with ↑ ↓ and ticked with Space.
    Checklist {
        /// What the user sees.
        options: Vec<String>,
        /// The value behind each option.
        values: Vec<String>,
        /// Which are ticked.
        checked: Vec<bool>,
        /// The row under the cursor.
        cursor: usize,
    },
}

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Which field.
    pub key: FieldKey,
    /// Its label.
    pub label: &'static str,
    /// Its value.
    pub value: FieldValue,
}

/// A form overlay.
#[derive(Debug, Clone)]
pub struct Form {
    /// What saving it does.
    pub kind: FormKind,
    /// The overlay's title.
    pub title: String,
    /// The fields, in Tab order.
    pub fields: Vec<Field>,
    /// The focused field.
    pub focus: usize,
    /// Why the last attempt to save was refused.
    pub error: Option<String>,
    /// Whether anything was changed since it opened.
    pub changed: bool,
    /// The review date filled in when the kind becomes "accept" (90 days ahead).
    pub default_review: Option<String>,
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
    area.set_placeholder_style(Style::default().add_modifier(ratatui::style::Modifier::DIM));
    area.move_cursor(tui_textarea::CursorMove::Bottom);
    area.move_cursor(tui_textarea::CursorMove::End);
    area
}

pub(super) fn text(key: FieldKey, label: &'static str, value: &str, placeholder: &str) -> Field {
    Field {
        key,
        label,
        value: FieldValue::Text {
            area: Box::new(area(value, placeholder)),
            multiline: matches!(
                key,
                FieldKey::Notes | FieldKey::Rationale | FieldKey::Worked | FieldKey::Change
            ),
        },
    }
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

impl Form {
    pub(super) fn new(kind: FormKind, title: impl Into<String>, fields: Vec<Field>) -> Self {
        Form {
            kind,
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            changed: false,
            default_review: None,
        }
    }

    /// The text of a text field, lines joined, trailing blanks trimmed.
    pub fn text(&self, key: FieldKey) -> String {
        self.fields
            .iter()
            .find_map(|f| match (&f.value, f.key == key) {
                (FieldValue::Text { area, .. }, true) => {
                    Some(area.lines().join("\n").trim().to_owned())
                }
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The value behind the chosen option of a choice field.
    pub fn choice(&self, key: FieldKey) -> Option<String> {
        self.fields
            .iter()
            .find_map(|f| match (&f.value, f.key == key) {
                (
                    FieldValue::Choice {
                        values, selected, ..
                    },
                    true,
                ) => values.get(*selected).cloned(),
                _ => None,
            })
    }

    /// The state of a toggle field.
    pub fn toggle(&self, key: FieldKey) -> bool {
        self.fields
            .iter()
            .any(|f| f.key == key && matches!(f.value, FieldValue::Toggle(true)))
    }

    /// The values ticked in a checklist field.
    pub fn checked(&self, key: FieldKey) -> Vec<String> {
        self.fields
            .iter()
            .find_map(|f| match (&f.value, f.key == key) {
                (
                    FieldValue::Checklist {
                        values, checked, ..
                    },
                    true,
                ) => Some(
                    values
                        .iter()
                        .zip(checked)
                        .filter(|(_, c)| **c)
                        .map(|(v, _)| v.clone())
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The focused field.
    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// Whether the focused field is a text field (which takes typed keys).
    pub fn focus_is_text(&self) -> bool {
        matches!(
            self.focused().map(|f| &f.value),
            Some(FieldValue::Text { .. })
        )
    }

    /// Whether the focused field is a multi-line text field.
    pub fn focus_is_multiline(&self) -> bool {
        matches!(
            self.focused().map(|f| &f.value),
            Some(FieldValue::Text {
                multiline: true,
                ..
            })
        )
    }

    /// Moves focus by `step` fields, wrapping.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Feeds a key to the focused field: text to a text field, a digit to a rating (0 is
    /// "unrated"). A key that would type a control character (some terminals send DEL or ESC
    /// as characters) is ignored: session text never holds them.
    pub fn input(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::KeyCode;
        if matches!(key.code, KeyCode::Char(c) if c.is_control() || crate::text::is_invisible_format(c))
        {
            return;
        }
        if let (
            KeyCode::Char(digit @ '0'..='5'),
            Some(Field {
                value:
                    FieldValue::Choice {
                        values, selected, ..
                    },
                key: FieldKey::Likelihood | FieldKey::Impact,
                ..
            }),
        ) = (key.code, self.fields.get_mut(self.focus))
        {
            let wanted = if digit == '0' {
                String::new()
            } else {
                digit.to_string()
            };
            if let Some(i) = values.iter().position(|v| *v == wanted) {
                *selected = i;
                self.changed = true;
            }
            return;
        }
        if let Some(Field {
            value: FieldValue::Text { area, .. },
            ..
        }) = self.fields.get_mut(self.focus)
            && area.input(key)
        {
            self.changed = true;
            self.error = None;
        }
    }

    /// Inserts pasted text into the focused text field, cleaned for it.
    pub fn paste(&mut self, text: &str) {
        if let Some(Field {
            value: FieldValue::Text { area, multiline },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let clean = clean_input(text, *multiline);
            if !clean.is_empty() {
                area.insert_str(clean);
                self.changed = true;
            }
        }
    }

    /// ← / → on a choice field, or ↑ / ↓ in a checklist. Returns whether a kind choice
    /// changed (the form then needs [`Form::rekind`]).
    pub fn step(&mut self, forward: bool) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        match &mut field.value {
            FieldValue::Choice {
                options, selected, ..
            } if !options.is_empty() => {
                let n = options.len();
                *selected = if forward {
                    (*selected + 1) % n
                } else {
                    (*selected + n - 1) % n
                };
                self.changed = true;
                field.key == FieldKey::Kind
            }
            FieldValue::Checklist {
                options, cursor, ..
            } if !options.is_empty() => {
                let n = options.len();
                *cursor = if forward {
                    (*cursor + 1).min(n - 1)
                } else {
                    cursor.saturating_sub(1)
                };
                false
            }
            _ => false,
        }
    }

    /// Space on a toggle or a checklist row.
    pub fn toggle_focused(&mut self) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut field.value {
            FieldValue::Toggle(on) => *on = !*on,
            FieldValue::Checklist {
                checked, cursor, ..
            } => {
                if let Some(c) = checked.get_mut(*cursor) {
                    *c = !*c;
                }
            }
            _ => return,
        }
        self.changed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_is_cleaned_for_its_field() {
        assert_eq!(clean_input("a\u{1b}[2Jb\r\nc\td", false), "a[2Jb cd");
        assert_eq!(clean_input("a\r\nb\rc", true), "a\nb\nc");
    }
}
