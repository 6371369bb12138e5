//! Which decisions answer each threat, followed through an edit of the decisions: by the
//! decisions' places, kept edit by edit, so that an edit reads only the threats its
//! decisions answer (or answered), not every decision's links.

use super::Derived;
use super::follow::shifted_past;
use crate::model::hasher::{Map, Set, map_with_capacity};
use crate::model::{Decision, Id, Moved, Reach, Session};

impl Derived {
    /// Works out again which decisions answer the threats that the decisions the edit
    /// touched answer (or answered); returns the threats that became decided or undecided.
    pub(super) fn answer_again(&mut self, session: &Session, reach: &Reach) -> Vec<Id> {
        if reach.decisions.is_empty() {
            return Vec::new();
        }
        let Some(now) = self.follow_decisions(session, &reach.decisions) else {
            return self.answer_again_by_scan(session, reach);
        };
        // The decisions the edit touched: as they were, and as they are.
        let mut touched: Set<&Id> = Set::default();
        let mut threats: Vec<&Id> = Vec::new();
        for moved in &reach.decisions {
            if let Moved::Changed(old) | Moved::Removed(old) = moved {
                for (_, d) in old {
                    touched.insert(&d.id);
                    threats.extend(&d.threats);
                }
            }
        }
        let now: Vec<&Decision> = now
            .iter()
            .filter_map(|i| session.decisions.get(*i))
            .collect();
        for d in &now {
            touched.insert(&d.id);
            threats.extend(&d.threats);
        }
        threats.sort_unstable();
        threats.dedup();
        let mut flipped = Vec::new();
        for t in threats {
            // Its answers: those the edit did not touch, as they were, and the touched ones
            // that answer it now, all in file order.
            let mut answers: Vec<Id> = self
                .decided
                .get(t)
                .map(|ds| {
                    ds.iter()
                        .filter(|d| !touched.contains(d))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            answers.extend(
                now.iter()
                    .filter(|d| d.threats.contains(t))
                    .map(|d| d.id.clone()),
            );
            answers.sort_by_key(|d| self.decision_at.get(d).copied().unwrap_or(usize::MAX));
            let was = self.decided.contains_key(t);
            if answers.is_empty() {
                self.decided.remove(t);
            } else {
                self.decided.insert(t.clone(), answers);
            }
            if was != self.decided.contains_key(t) {
                flipped.push(t.clone());
            }
        }
        flipped
    }

    /// Follows the decisions' places through the edit's `moves`; returns where the
    /// decisions the edit changed or added are now. None when a move's indices no longer
    /// say where its items are (another move shifted the list after it): the places are
    /// then taken again from the session.
    fn follow_decisions(
        &mut self,
        session: &Session,
        moves: &[Moved<Decision>],
    ) -> Option<Vec<usize>> {
        if moves.iter().filter(|m| m.shifts()).count() > 1 {
            self.decision_at = decision_index(session);
            return None;
        }
        let mut now = Vec::new();
        for moved in moves {
            match moved {
                Moved::Changed(_) => {}
                Moved::Removed(old) => {
                    for (_, d) in old {
                        self.decision_at.remove(&d.id);
                    }
                    let gone: Vec<usize> = old.iter().map(|(i, _)| *i).collect();
                    for x in self.decision_at.values_mut() {
                        *x -= gone.partition_point(|g| g < x);
                    }
                }
                Moved::Added(at) => {
                    for x in self.decision_at.values_mut() {
                        *x = shifted_past(*x, at);
                    }
                    for &i in at {
                        if let Some(d) = session.decisions.get(i) {
                            self.decision_at.insert(d.id.clone(), i);
                            now.push(i);
                        }
                    }
                }
            }
        }
        for moved in moves {
            if let Moved::Changed(old) = moved {
                now.extend(
                    old.iter()
                        .filter_map(|(_, d)| self.decision_at.get(&d.id).copied()),
                );
            }
        }
        now.sort_unstable();
        now.dedup();
        Some(now)
    }

    /// [`Derived::answer_again`] by reading every decision's links: for an edit whose
    /// moves do not say where its decisions are now.
    fn answer_again_by_scan(&mut self, session: &Session, reach: &Reach) -> Vec<Id> {
        let mut touched: Vec<&Id> = Vec::new();
        let mut threats: Vec<Id> = Vec::new();
        for moved in &reach.decisions {
            match moved {
                Moved::Changed(old) | Moved::Removed(old) => {
                    for (_, d) in old {
                        touched.push(&d.id);
                        threats.extend(d.threats.iter().cloned());
                    }
                }
                Moved::Added(at) => {
                    touched.extend(
                        at.iter()
                            .filter_map(|i| session.decisions.get(*i))
                            .map(|d| &d.id),
                    );
                }
            }
        }
        if touched.is_empty() {
            return Vec::new();
        }
        let touched: Set<&Id> = touched.into_iter().collect();
        for d in session.decisions.iter().filter(|d| touched.contains(&d.id)) {
            threats.extend(d.threats.iter().cloned());
        }
        threats.sort();
        threats.dedup();
        let wanted: Set<&Id> = threats.iter().collect();
        let mut answers: Map<&Id, Vec<Id>> = map_with_capacity(threats.len());
        for d in &session.decisions {
            for t in d.threats.iter().filter(|t| wanted.contains(t)) {
                answers.entry(t).or_default().push(d.id.clone());
            }
        }
        let mut flipped = Vec::new();
        for t in &threats {
            let was = self.decided.contains_key(t);
            match answers.remove(t) {
                Some(ds) => {
                    self.decided.insert(t.clone(), ds);
                }
                None => {
                    self.decided.remove(t);
                }
            }
            if was != self.decided.contains_key(t) {
                flipped.push(t.clone());
            }
        }
        flipped
    }
}

/// Where each decision is in `session.decisions`.
pub(super) fn decision_index(session: &Session) -> Map<Id, usize> {
    session
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect()
}
