//! Lookups the exports make for every threat, flow and boundary member, built in one pass
//! over the elements: an element by its ID, and the trust boundaries each node is inside.
//! With them an export is linear in the session; the model's own lookups (a scan per call)
//! made it quadratic.

use crate::model::hasher::{Map, map_with_capacity};
use crate::model::{Element, ElementKind, Id, Session};

/// An element by ID, and the boundaries holding each node. Hashed by the seeded hasher of
/// validation: an export looks an element up twice for every threat.
pub struct Index<'s> {
    /// Every element by its ID.
    elements: Map<&'s Id, &'s Element>,
    /// The trust boundaries, in session order, with their members.
    boundaries: Vec<(&'s Element, &'s [Id])>,
    /// For each node inside some boundary, the indices into `boundaries` of those holding
    /// it, in session order.
    inside: Map<&'s Id, Vec<usize>>,
}

impl<'s> Index<'s> {
    /// The index of `session`.
    pub fn of(session: &'s Session) -> Self {
        let mut elements = map_with_capacity(session.elements.len());
        elements.extend(session.elements.iter().map(|e| (&e.id, e)));
        let boundaries: Vec<(&Element, &[Id])> = session
            .elements
            .iter()
            .filter_map(|e| match &e.kind {
                ElementKind::TrustBoundary { members } => Some((e, members.as_slice())),
                _ => None,
            })
            .collect();
        let mut inside: Map<&Id, Vec<usize>> = map_with_capacity(0);
        for (i, (_, members)) in boundaries.iter().enumerate() {
            for member in *members {
                let holders = inside.entry(member).or_default();
                // A member listed twice (refused by validation) counts once.
                if holders.last() != Some(&i) {
                    holders.push(i);
                }
            }
        }
        Index {
            elements,
            boundaries,
            inside,
        }
    }

    /// The element with this ID.
    pub fn element(&self, id: &Id) -> Option<&'s Element> {
        self.elements.get(id).copied()
    }

    /// The element's name, or the ID itself when no element has it.
    pub fn name(&self, id: &Id) -> String {
        self.element(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    /// The trust boundaries, in session order, with their members.
    pub fn boundaries(&self) -> &[(&'s Element, &'s [Id])] {
        &self.boundaries
    }

    /// The indices into [`Index::boundaries`] of the boundaries holding `id`, in session
    /// order; empty for a node inside none.
    pub fn holding(&self, id: &Id) -> &[usize] {
        self.inside.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether a data flow crosses a trust boundary: some boundary holds exactly one of its
    /// ends ([`Session::crosses_boundary`], without a scan of every boundary's members).
    pub fn crosses_boundary(&self, flow: &Element) -> bool {
        match &flow.kind {
            ElementKind::DataFlow { from, to, .. } => self.holding(from) != self.holding(to),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agenda, IdKind, Phase};

    fn element(s: &mut Session, kind: ElementKind) -> Id {
        let id = s.issue_id(IdKind::Element);
        s.elements.push(Element {
            id: id.clone(),
            kind,
            name: format!("name of {id}"),
            notes: String::new(),
        });
        id
    }

    fn flow(s: &mut Session, from: &Id, to: &Id) -> Id {
        let kind = ElementKind::DataFlow {
            from: from.clone(),
            to: to.clone(),
            data: String::new(),
        };
        element(s, kind)
    }

    /// Every flow between three nodes in two overlapping boundaries crosses exactly when the
    /// model says it does.
    #[test]
    fn crossing_agrees_with_the_model() {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 15)).collect(),
        };
        let mut s = Session::new("Index", agenda, chrono::Utc::now());
        let nodes: Vec<Id> = (0..4)
            .map(|_| element(&mut s, ElementKind::Process))
            .collect();
        element(
            &mut s,
            ElementKind::TrustBoundary {
                members: vec![nodes[0].clone(), nodes[1].clone()],
            },
        );
        element(
            &mut s,
            ElementKind::TrustBoundary {
                members: vec![nodes[1].clone(), nodes[2].clone()],
            },
        );
        for from in &nodes {
            for to in &nodes {
                flow(&mut s, from, to);
            }
        }
        let index = Index::of(&s);
        for e in &s.elements {
            assert_eq!(index.crosses_boundary(e), s.crosses_boundary(e), "{}", e.id);
        }
        assert_eq!(index.name(&nodes[3]), "name of E4");
        assert_eq!(index.name(&Id::from("E99")), "E99");
        assert_eq!(index.holding(&nodes[1]), &[0, 1]);
        assert!(index.holding(&nodes[3]).is_empty());
    }
}
