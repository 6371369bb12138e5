//! Edits that keep a session valid: removing an element takes what depends on it along.

use std::collections::HashSet;

use super::element::ElementKind;
use super::id::Id;
use super::session::Session;

/// What removing an element takes with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removal {
    /// The element and the flows that start or end at it.
    pub elements: Vec<Id>,
    /// Threats against any of those.
    pub threats: Vec<Id>,
    /// Decisions left answering no threat.
    pub decisions: Vec<Id>,
    /// Trust boundaries it leaves (they stay, without it).
    pub boundaries: Vec<Id>,
}

impl Removal {
    /// "E2, and 2 flows, 3 threats, 1 decision that depend on it", for a confirmation.
    pub fn describe(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let ids = |ids: &[Id]| {
            let shown: Vec<String> = ids.iter().take(5).map(ToString::to_string).collect();
            let more = if ids.len() > 5 {
                format!(" and {} more", ids.len() - 5)
            } else {
                String::new()
            };
            format!("{}{more}", shown.join(", "))
        };
        let mut parts = Vec::new();
        if self.elements.len() > 1 {
            let flows = &self.elements[1..];
            parts.push(format!(
                "{} ({})",
                plural(flows.len(), "flow", "flows"),
                ids(flows)
            ));
        }
        if !self.threats.is_empty() {
            parts.push(format!(
                "{} ({})",
                plural(self.threats.len(), "threat", "threats"),
                ids(&self.threats)
            ));
        }
        if !self.decisions.is_empty() {
            parts.push(format!(
                "{} ({})",
                plural(self.decisions.len(), "decision", "decisions"),
                ids(&self.decisions)
            ));
        }
        if !self.boundaries.is_empty() {
            parts.push(format!("it leaves boundary {}", ids(&self.boundaries)));
        }
        parts.join(", ")
    }
}

impl Session {
    /// What [`Session::remove_element`] would remove, without removing it.
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

    /// Removes an element with the flows attached to it, its boundary memberships, the
    /// threats and "considered" notes on any of them, and the decisions left with no threat.
    /// IDs are not reissued: the counters stay where they are.
    pub fn remove_element(&mut self, id: &Id) -> Removal {
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
        self.decisions.retain(|d| !decisions.contains(&d.id));
        for decision in &mut self.decisions {
            decision.threats.retain(|t| !threats.contains(t));
        }
        removal
    }
}

impl Session {
    /// Removes a threat, unlinks it from decisions, and removes the decisions it leaves
    /// answering nothing. Returns those decisions' IDs.
    pub fn remove_threat(&mut self, id: &Id) -> Vec<Id> {
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
