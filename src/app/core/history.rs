//! Undo and redo of every change to the session, deletions included: whole snapshots, taken
//! once per edit (not per key). The clock is not part of history (undo does not give time
//! back), and ID counters only ever go up, so an undone add never frees its ID for reuse.

use crate::model::{Counters, Session};

/// How many steps back undo reaches.
pub const LIMIT: usize = 100;

/// Snapshots before and after the current state, each with what the step did ("adding
/// T3"), so that undo and redo can say it.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<(Session, String)>,
    redo: Vec<(Session, String)>,
    /// The session as of the last recorded edit.
    checkpoint: Option<Session>,
}

fn max_counters(a: &Counters, b: &Counters) -> Counters {
    Counters {
        elements: a.elements.max(b.elements),
        threats: a.threats.max(b.threats),
        decisions: a.decisions.max(b.decisions),
        assumptions: a.assumptions.max(b.assumptions),
    }
}

impl History {
    /// A history starting at `session`.
    pub fn new(session: &Session) -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            checkpoint: Some(session.clone()),
        }
    }

    /// Records that `current` is the result of an edit of the checkpoint, which `what` says.
    pub fn record(&mut self, current: &Session, what: String) {
        if let Some(before) = self.checkpoint.replace(current.clone()) {
            self.undo.push((before, what));
            if self.undo.len() > LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
    }

    fn step(
        from: &mut Vec<(Session, String)>,
        to: &mut Vec<(Session, String)>,
        current: &mut Session,
    ) -> Option<String> {
        let (mut target, what) = from.pop()?;
        target.clock = current.clock.clone();
        target.counters = max_counters(&target.counters, &current.counters);
        to.push((std::mem::replace(current, target), what.clone()));
        Some(what)
    }

    /// Goes one edit back; returns what that edit did, if there was one.
    pub fn undo(&mut self, current: &mut Session) -> Option<String> {
        let done = Self::step(&mut self.undo, &mut self.redo, current);
        if done.is_some() {
            self.checkpoint = Some(current.clone());
        }
        done
    }

    /// Goes one undone edit forward again; returns what it did, if there was one.
    pub fn redo(&mut self, current: &mut Session) -> Option<String> {
        let done = Self::step(&mut self.redo, &mut self.undo, current);
        if done.is_some() {
            self.checkpoint = Some(current.clone());
        }
        done
    }

    /// How many steps undo and redo can go.
    pub fn depth(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
}
