//! Undo and redo of every change to the session, deletions included: each step keeps the
//! change that takes it back (the old values of what the edit touched, from
//! [`Session::apply_undoable`]), not a copy of the session, so a step costs memory in
//! proportion to the edit. The clock is not part of history (undo does not give time back),
//! and ID counters only ever go up, so an undone add never frees its ID for reuse.

use std::collections::VecDeque;

use crate::model::{Change, Session};

/// How many steps back undo reaches.
pub const LIMIT: usize = 100;

/// The changes that take the session back (undo) and forward again (redo), each with what
/// the step did ("adding T3"), so that undo and redo can say it.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: VecDeque<(Change, String)>,
    redo: Vec<(Change, String)>,
}

impl History {
    /// Records an edit, which `what` says and `undo` takes back.
    pub fn record(&mut self, undo: Change, what: String) {
        self.undo.push_back((undo, what));
        if self.undo.len() > LIMIT {
            self.undo.pop_front();
        }
        self.redo.clear();
    }

    /// Goes one edit back; returns what that edit did and the change that goes forward
    /// again (which says what the step back changed), if there was one.
    pub fn undo(&mut self, current: &mut Session) -> Option<(String, &Change)> {
        let (change, what) = self.undo.pop_back()?;
        self.redo.push((current.revert(change), what.clone()));
        self.redo.last().map(|(change, _)| (what, change))
    }

    /// Goes one undone edit forward again; returns what it did and the change that takes
    /// it back, if there was one.
    pub fn redo(&mut self, current: &mut Session) -> Option<(String, &Change)> {
        let (change, what) = self.redo.pop()?;
        self.undo.push_back((current.revert(change), what.clone()));
        self.undo.back().map(|(change, _)| (what, change))
    }

    /// How many steps undo and redo can go.
    pub fn depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
}
