//! Removals: what removing an element takes along (the flows at it, the threats and notes
//! on any of them, the decisions left answering nothing, its boundary memberships), asked
//! before a confirmation and carried out by [`Session::apply`].

use std::collections::HashSet;

use super::edit::{Removal, Target};
use super::element::ElementKind;
use super::id::Id;
use super::session::{Retrospective, Session};

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

    pub(super) fn remove(&mut self, target: Target) -> Removal {
        match target {
            Target::Element(id) => self.remove_element(&id),
            Target::Threat(id) => {
                let decisions = self.remove_threat(&id);
                Removal {
                    threats: vec![id],
                    decisions,
                    ..Removal::default()
                }
            }
            Target::Decision(id) => {
                self.decisions.retain(|d| d.id != id);
                Removal {
                    decisions: vec![id],
                    ..Removal::default()
                }
            }
            Target::Assumption(id) => {
                self.assumptions.retain(|a| a.id != id);
                Removal::default()
            }
            Target::Asset(i) => {
                self.assets.remove(i);
                Removal::default()
            }
            Target::Participant(i) => {
                self.participants.remove(i);
                Removal::default()
            }
            Target::Parked(i) => {
                self.parking_lot.remove(i);
                Removal::default()
            }
            Target::NothingFound(element, category) => {
                self.considered
                    .retain(|c| !(c.element == element && c.category == category));
                Removal::default()
            }
            Target::NeedsReview(element, category) => {
                self.needs_review
                    .retain(|m| !(m.element == element && m.category == category));
                Removal::default()
            }
            Target::Retrospective => {
                self.retrospective = Retrospective::default();
                Removal::default()
            }
            Target::Notes => {
                self.notes.clear();
                Removal::default()
            }
        }
    }

    /// Removes an element with the flows attached to it, its boundary memberships, the
    /// threats, "considered" notes and review marks on any of them, and the decisions left
    /// with no threat. IDs are not reissued: the counters stay where they are.
    fn remove_element(&mut self, id: &Id) -> Removal {
        let removal = self.removal_of(id);
        let elements: HashSet<&Id> = removal.elements.iter().collect();
        let threats: HashSet<&Id> = removal.threats.iter().collect();
        let decisions: HashSet<&Id> = removal.decisions.iter().collect();
        self.elements.retain(|e| !elements.contains(&e.id));
        for element in &mut self.elements {
            if let ElementKind::TrustBoundary { members } = &mut element.kind {
                members.retain(|m| m != id);
            }
        }
        self.threats.retain(|t| !threats.contains(&t.id));
        self.considered.retain(|c| !elements.contains(&c.element));
        self.needs_review.retain(|m| !elements.contains(&m.element));
        self.decisions.retain(|d| !decisions.contains(&d.id));
        for decision in &mut self.decisions {
            decision.threats.retain(|t| !threats.contains(t));
        }
        removal
    }

    /// Removes a threat, unlinks it from decisions, and removes the decisions it leaves
    /// answering nothing. Returns those decisions' IDs.
    fn remove_threat(&mut self, id: &Id) -> Vec<Id> {
        self.threats.retain(|t| &t.id != id);
        for decision in &mut self.decisions {
            decision.threats.retain(|t| t != id);
        }
        let emptied: Vec<Id> = self
            .decisions
            .iter()
            .filter(|d| d.threats.is_empty())
            .map(|d| d.id.clone())
            .collect();
        self.decisions.retain(|d| !d.threats.is_empty());
        emptied
    }
}
