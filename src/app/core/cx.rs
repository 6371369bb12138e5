//! What a handler gets instead of the whole app: a [`Shell`] (the status line, the effects,
//! the time and the screen's geometry) and, in a session, a [`Cx`] that adds the workbench
//! with its one door, [`Cx::apply`]. A handler that opens an overlay returns it: the
//! dispatcher owns the overlay stack.

use std::ops::{Deref, DerefMut};

use super::action::Effect;
use super::{Now, Status, Workbench};
use crate::layout::Geometry;
use crate::model::{Applied, Edit};

/// The parts of the app every handler may touch, with or without a session open.
pub struct Shell<'a> {
    /// The status line.
    pub status: &'a mut Option<Status>,
    /// Work for the runtime.
    pub effects: &'a mut Vec<Effect>,
    /// The time of the action.
    pub now: Now,
    /// Where things are on screen, for paging.
    pub geometry: Geometry,
}

impl Shell<'_> {
    /// Says `text` on the status line.
    pub fn info(&mut self, text: impl Into<String>) {
        *self.status = Some(Status::info(text));
    }

    /// Reports a problem on the status line.
    pub fn error(&mut self, text: impl Into<String>) {
        *self.status = Some(Status::error(text));
    }

    /// Asks the runtime for `effect`.
    pub fn effect(&mut self, effect: Effect) {
        self.effects.push(effect);
    }
}

/// A handler's context in an open session: the workbench and the [`Shell`].
pub struct Cx<'a> {
    /// The open session and the state of its screens. Read the session with
    /// `cx.wb.session()`; change it only with [`Cx::apply`].
    pub wb: &'a mut Workbench,
    /// Status, overlays, effects, time and geometry.
    pub shell: Shell<'a>,
}

impl<'a> Deref for Cx<'a> {
    type Target = Shell<'a>;

    fn deref(&self) -> &Shell<'a> {
        &self.shell
    }
}

impl<'a> DerefMut for Cx<'a> {
    fn deref_mut(&mut self) -> &mut Shell<'a> {
        &mut self.shell
    }
}

impl Cx<'_> {
    /// Applies `edit` through the workbench's one door. A refusal (read-only, or a rule of
    /// the model) is said on the status line and gives `None`.
    pub fn apply(&mut self, edit: Edit) -> Option<Applied> {
        match self.wb.apply(edit, self.shell.now) {
            Ok(applied) => Some(applied),
            Err(refusal) => {
                self.shell.error(refusal.to_string());
                None
            }
        }
    }

    /// Refuses a change in a read-only session, saying why. Returns whether it refused.
    pub fn refuse_if_read_only(&mut self) -> bool {
        match self.wb.refusal() {
            Some(refusal) => {
                self.shell.error(refusal.to_string());
                true
            }
            None => false,
        }
    }

    /// Saves now, when anything (an edit, the running clock) is not on disk yet: before
    /// leaving or exporting. An untouched session is not rewritten: its file, and
    /// `updated`, stay as they were.
    pub fn save_if_needed(&mut self) {
        if let Some(save) = self.wb.save_if_needed(self.shell.now) {
            self.shell.effects.push(save);
        }
    }
}
