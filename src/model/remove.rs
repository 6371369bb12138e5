//! Removals: what removing an element takes along (the flows at it, the threats and notes
//! on any of them, the decisions left answering nothing, its boundary memberships), asked
//! before a confirmation and carried out by [`Session::apply`].

use std::collections::HashSet;

use super::edit::{Removal, Target};
use super::element::ElementKind;
use super::id::Id;
use super::session::Session;
use super::undo::{Change, ListChange, Part, modify, retain};

impl Session {
    /// What removing the element `id` would take with it, without removing anything.
    pub fn removal_of(&self, id: &Id) -> Removal {
        // The element first, then the flows that start or end at it.
        let elements: Vec<Id> = std::iter::once(id.clone())
            .chain(
                self.elements
                    .iter()
                    .filter(|e| matches!(&e.kind, ElementKind::DataFlow { from, to, .. } if from == id || to == id))
                    .map(|e| e.id.clone()),
            )
            .collect();
        let boundaries = self
            .elements
            .iter()
            .filter(|e| matches!(&e.kind, ElementKind::TrustBoundary { members } if members.contains(id)))
            .map(|e| e.id.clone())
            .collect();
        let gone: HashSet<&Id> = elements.iter().collect();
        let threats: Vec<Id> = self
            .threats
            .iter()
            .filter(|t| gone.contains(&t.element))
            .map(|t| t.id.clone())
            .collect();
        let lost: HashSet<&Id> = threats.iter().collect();
        let decisions = self
            .decisions
            .iter()
            .filter(|d| d.threats.iter().all(|t| lost.contains(t)))
            .map(|d| d.id.clone())
            .collect();
        Removal {
            elements,
            threats,
            decisions,
            boundaries,
        }
    }

    /// Removes `target` with what depends on it, recording in `undo` how to put it all
    /// back.
    pub(super) fn remove(&mut self, target: Target, undo: &mut Change) -> Removal {
        match target {
            Target::Element(id) => self.remove_element(&id, undo),
            Target::Threat(id) => {
                let decisions = self.remove_threat(&id, undo);
                Removal {
                    threats: vec![id],
                    decisions,
                    ..Removal::default()
                }
            }
            Target::Decision(id) => {
                undo.record(retain(&mut self.decisions, |d| d.id != id).map(Part::Decisions));
                Removal {
                    decisions: vec![id],
                    ..Removal::default()
                }
            }
            Target::Assumption(id) => {
                undo.record(retain(&mut self.assumptions, |a| a.id != id).map(Part::Assumptions));
                Removal::default()
            }
            Target::Asset(i) => {
                let item = self.assets.remove(i);
                undo.record(Some(Part::Assets(ListChange::Insert(vec![(i, item)]))));
                Removal::default()
            }
            Target::Participant(i) => {
                let item = self.participants.remove(i);
                undo.record(Some(Part::Participants(ListChange::Insert(vec![(
                    i, item,
                )]))));
                Removal::default()
            }
            Target::Parked(i) => {
                let item = self.parking_lot.remove(i);
                undo.record(Some(Part::ParkingLot(ListChange::Insert(vec![(i, item)]))));
                Removal::default()
            }
            Target::NothingFound(element, category) => {
                let notes = retain(&mut self.considered, |c| {
                    !(c.element == element && c.category == category)
                });
                undo.record(notes.map(Part::Considered));
                Removal::default()
            }
            Target::NeedsReview(element, category) => {
                let marks = retain(&mut self.needs_review, |m| {
                    !(m.element == element && m.category == category)
                });
                undo.record(marks.map(Part::NeedsReview));
                Removal::default()
            }
            Target::Retrospective => {
                let old = std::mem::take(&mut self.retrospective);
                undo.record(Some(Part::Retrospective(old)));
                Removal::default()
            }
            Target::Notes => {
                undo.record(Some(Part::Notes(std::mem::take(&mut self.notes))));
                Removal::default()
            }
        }
    }

    /// Removes an element with the flows attached to it, its boundary memberships, the
    /// threats, "considered" notes and review marks on any of them, and the decisions left
    /// with no threat. IDs are not reissued: the counters stay where they are.
    fn remove_element(&mut self, id: &Id, undo: &mut Change) -> Removal {
        let removal = self.removal_of(id);
        let elements: HashSet<&Id> = removal.elements.iter().collect();
        let threats: HashSet<&Id> = removal.threats.iter().collect();
        let decisions: HashSet<&Id> = removal.decisions.iter().collect();
        undo.record(retain(&mut self.elements, |e| !elements.contains(&e.id)).map(Part::Elements));
        let boundaries = modify(
            &mut self.elements,
            |e| matches!(&e.kind, ElementKind::TrustBoundary { members } if members.contains(id)),
            |e| {
                if let ElementKind::TrustBoundary { members } = &mut e.kind {
                    members.retain(|m| m != id);
                }
            },
        );
        undo.record(boundaries.map(Part::Elements));
        undo.record(retain(&mut self.threats, |t| !threats.contains(&t.id)).map(Part::Threats));
        let notes = retain(&mut self.considered, |c| !elements.contains(&c.element));
        undo.record(notes.map(Part::Considered));
        let marks = retain(&mut self.needs_review, |m| !elements.contains(&m.element));
        undo.record(marks.map(Part::NeedsReview));
        let gone = retain(&mut self.decisions, |d| !decisions.contains(&d.id));
        undo.record(gone.map(Part::Decisions));
        let unlinked = modify(
            &mut self.decisions,
            |d| d.threats.iter().any(|t| threats.contains(t)),
            |d| d.threats.retain(|t| !threats.contains(t)),
        );
        undo.record(unlinked.map(Part::Decisions));
        removal
    }

    /// Removes a threat, unlinks it from decisions, and removes the decisions it leaves
    /// answering nothing. Returns those decisions' IDs.
    fn remove_threat(&mut self, id: &Id, undo: &mut Change) -> Vec<Id> {
        undo.record(retain(&mut self.threats, |t| &t.id != id).map(Part::Threats));
        let unlinked = modify(
            &mut self.decisions,
            |d| d.threats.contains(id),
            |d| d.threats.retain(|t| t != id),
        );
        undo.record(unlinked.map(Part::Decisions));
        let emptied: Vec<Id> = self
            .decisions
            .iter()
            .filter(|d| d.threats.is_empty())
            .map(|d| d.id.clone())
            .collect();
        undo.record(retain(&mut self.decisions, |d| !d.threats.is_empty()).map(Part::Decisions));
        emptied
    }
}
