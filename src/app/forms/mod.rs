//! Forms: labelled fields in a centered overlay, one file per form, each holding how its
//! form opens and how it is read back into an [`crate::model::Edit`], side by side. This file
//! holds what all forms share: fields, focus, typing, and the route from "save" to the
//! form's own reader. Text fields are ratatui-textarea widgets (the one stateful widget);
//! their text reaches the session only when the form is saved, so Esc really cancels.

pub mod asset;
pub mod assumption;
pub mod decision;
pub mod element;
mod field;
pub mod new_session;
pub mod notes;
pub mod nothing_found;
pub mod park;
pub mod participant;
pub mod retrospective;
mod save;
pub mod threat;
mod typing;

use super::core::Workbench;
use crate::model::{Category, Id};
pub use field::{Field, FieldValue, LINE_MAX, LINES_MAX, RATINGS, Slot, Typed, clean_input};

/// What a form is for, with what saving it needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new session: title, ticket, agenda, participants.
    NewSession,
    /// An element: new, or editing one.
    Element(element::ElementForm),
    /// A participant: new, or editing the one at this index.
    Participant(Option<usize>),
    /// An asset: new, or editing the one at this index.
    Asset(Option<usize>),
    /// An assumption: new, or editing the one with this ID.
    Assumption(Option<Id>),
    /// A one-line parking-lot capture.
    Park,
    /// A threat against a cell: new, or editing one.
    Threat(threat::ThreatForm),
    /// "Considered, nothing found" for this cell.
    NothingFound(Id, Category),
    /// A decision: new, or editing one.
    Decision(decision::DecisionForm),
    /// The retrospective.
    Retrospective,
    /// The notes on the whole session.
    Notes,
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
}

impl Form {
    /// A form of `kind` with `fields`, focused on the first.
    pub fn new(kind: FormKind, title: impl Into<String>, fields: Vec<Field>) -> Self {
        debug_assert!(
            fields
                .iter()
                .enumerate()
                .all(|(i, f)| fields[..i].iter().all(|g| g.slot != f.slot)),
            "two fields of one form share a slot"
        );
        Form {
            kind,
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            changed: false,
        }
    }

    fn field(&self, slot: Slot) -> Option<&Field> {
        self.fields.iter().find(|f| f.slot == slot)
    }

    /// The field in `slot`, to change it.
    pub fn field_mut(&mut self, slot: Slot) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.slot == slot)
    }

    /// The text of a text field, lines joined, trailing blanks trimmed.
    pub fn text(&self, slot: Slot) -> String {
        self.field(slot).map(Field::text_value).unwrap_or_default()
    }

    /// The text of a text field, or `None` when it is empty.
    pub fn optional(&self, slot: Slot) -> Option<String> {
        Some(self.text(slot)).filter(|t| !t.is_empty())
    }

    /// The index of the chosen option of a choice field.
    pub fn choice(&self, slot: Slot) -> Option<usize> {
        match self.field(slot)?.value {
            FieldValue::Choice {
                ref options,
                selected,
            } => (selected < options.len()).then_some(selected),
            _ => None,
        }
    }

    /// A rating field's value: `None` when unrated.
    pub fn rating(&self, slot: Slot) -> Option<u8> {
        match self.field(slot)?.value {
            FieldValue::Rating(rating) => rating,
            _ => None,
        }
    }

    /// The state of a toggle field.
    pub fn toggle(&self, slot: Slot) -> bool {
        matches!(
            self.field(slot).map(|f| &f.value),
            Some(FieldValue::Toggle(true))
        )
    }

    /// The indices of the ticked rows of a checklist field.
    pub fn checked(&self, slot: Slot) -> Vec<usize> {
        match self.field(slot).map(|f| &f.value) {
            Some(FieldValue::Checklist { checked, .. }) => checked
                .iter()
                .enumerate()
                .filter(|(_, on)| **on)
                .map(|(i, _)| i)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The focused field.
    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// Moves focus to the next or previous field, wrapping.
    pub fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Feeds a typed key to the focused field.
    pub fn input(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            let typed = field.input(key);
            self.typed(typed);
        }
    }

    /// Inserts pasted text into the focused text field, cleaned for it.
    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            let typed = field.paste(text);
            self.typed(typed);
        }
    }

    fn typed(&mut self, typed: Typed) {
        let limit = self.focused().map_or(0, Field::limit);
        match typed {
            Typed::Nothing => {}
            Typed::Changed => {
                self.changed = true;
                self.error = None;
            }
            Typed::Cut(kept) => {
                self.changed |= kept > 0;
                self.error = Some(format!(
                    "the field is full: it takes {limit} characters, and the rest was left out"
                ));
            }
        }
    }

    /// ← / → on a choice or rating, ↑ / ↓ in a checklist. Returns the slot of the field
    /// whose value changed, if one did.
    pub fn step(&mut self, forward: bool) -> Option<Slot> {
        let field = self.fields.get_mut(self.focus)?;
        let changed = field.step(forward);
        self.changed |= changed;
        changed.then_some(field.slot)
    }

    /// Space on a toggle or a checklist row.
    pub fn toggle_focused(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus)
            && field.flip()
        {
            self.changed = true;
        }
    }

    /// After the choice in `slot` changed: a form whose fields depend on it adjusts them.
    fn chosen(&mut self, slot: Slot, wb: Option<&Workbench>) {
        match (&self.kind, wb) {
            (FormKind::Element(_), Some(wb)) => element::chosen(self, slot, wb.session()),
            (FormKind::Decision(_), _) => decision::chosen(self, slot),
            _ => {}
        }
    }
}

pub use save::{FormFlow, command, submit};
