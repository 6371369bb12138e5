//! Removals: what removing an element takes along (the flows at it, the threats and notes
//! on any of them, the decisions left answering nothing, its boundary memberships), asked
//! before a confirmation and carried out by [`Session::apply`].

use super::hasher::Set;

use super::edit::{Removal, Target};
use super::element::ElementKind;
use super::id::Id;
use super::session::Session;
use super::undo::{Change, ListChange, Part, modify, modify_at, remove_at, retain};

/// Where what removing an element takes along is: indices into the session's lists, in
/// ascending order, found in one pass over each list.
struct Plan {
    /// The element and the flows that start or end at it.
    elements: Vec<usize>,
    /// The threats on any of them.
    threats: Vec<usize>,
    /// The decisions those threats were all that they answered.
    emptied: Vec<usize>,
    /// The decisions that keep some threats but lose others.
    unlinked: Vec<usize>,
}

impl Session {
    /// What removing the element `id` would take with it, without removing anything.
    pub fn removal_of(&self, id: &Id) -> Removal {
        self.removal_from(id, &self.plan_removal(id))
    }

    /// The IDs of what `plan` finds that removing the element `id` takes along.
    fn removal_from(&self, id: &Id, plan: &Plan) -> Removal {
        let ids = |indices: &[usize], id_at: &dyn Fn(usize) -> Id| -> Vec<Id> {
            indices.iter().map(|i| id_at(*i)).collect()
        };
        Removal {
            elements: ids(&plan.elements, &|i| self.elements[i].id.clone()),
            threats: ids(&plan.threats, &|i| self.threats[i].id.clone()),
            decisions: ids(&plan.emptied, &|i| self.decisions[i].id.clone()),
            boundaries: self
                .elements
                .iter()
                .filter(|e| matches!(&e.kind, ElementKind::TrustBoundary { members } if members.contains(id)))
                .map(|e| e.id.clone())
                .collect(),
        }
    }

    /// Finds what removing the element `id` takes along: the element first, then the flows
    /// that start or end at it; the threats on them; the decisions left answering nothing,
    /// and those left answering less. Each list is read once, each link hashed once.
    fn plan_removal(&self, id: &Id) -> Plan {
        let elements: Vec<usize> = self
            .elements
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                &e.id == id
                    || matches!(&e.kind, ElementKind::DataFlow { from, to, .. } if from == id || to == id)
            })
            .map(|(i, _)| i)
            .collect();
        let gone: Set<&Id> = elements.iter().map(|i| &self.elements[*i].id).collect();
        let threats: Vec<usize> = self
            .threats
            .iter()
            .enumerate()
            .filter(|(_, t)| gone.contains(&t.element))
            .map(|(i, _)| i)
            .collect();
        let lost: Set<&Id> = threats.iter().map(|i| &self.threats[*i].id).collect();
        let (mut emptied, mut unlinked) = (Vec::new(), Vec::new());
        for (i, d) in self.decisions.iter().enumerate() {
            let losing = d.threats.iter().filter(|t| lost.contains(t)).count();
            if losing == d.threats.len() {
                emptied.push(i);
            } else if losing > 0 {
                unlinked.push(i);
            }
        }
        // The element itself first: the removal names it before its flows.
        let mut elements = elements;
        if let Some(own) = elements.iter().position(|i| &self.elements[*i].id == id) {
            let own = elements.remove(own);
            elements.insert(0, own);
        }
        Plan {
            elements,
            threats,
            emptied,
            unlinked,
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
        let plan = self.plan_removal(id);
        let removal = self.removal_from(id, &plan);
        let Plan {
            mut elements,
            threats,
            emptied,
            unlinked,
        } = plan;
        let gone: Set<Id> = removal.elements.iter().cloned().collect();
        let lost: Set<&Id> = removal.threats.iter().collect();
        elements.sort_unstable();
        undo.record(remove_at(&mut self.elements, &elements).map(Part::Elements));
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
        undo.record(remove_at(&mut self.threats, &threats).map(Part::Threats));
        let notes = retain(&mut self.considered, |c| !gone.contains(&c.element));
        undo.record(notes.map(Part::Considered));
        let marks = retain(&mut self.needs_review, |m| !gone.contains(&m.element));
        undo.record(marks.map(Part::NeedsReview));
        undo.record(remove_at(&mut self.decisions, &emptied).map(Part::Decisions));
        // The decisions kept moved up past those removed before them.
        let unlinked: Vec<usize> = unlinked
            .iter()
            .map(|i| i - emptied.partition_point(|e| e < i))
            .collect();
        let unlinked = modify_at(&mut self.decisions, &unlinked, |d| {
            d.threats.retain(|t| !lost.contains(t));
        });
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
