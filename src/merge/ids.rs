//! IDs issued on both sides: both branches added a `T11`, for different threats. Theirs is
//! given a new number past both counters, and every reference to it follows.

use std::collections::HashMap;

use serde_json::Value;

use super::fields::json;
use crate::model::{Assumption, Threat};
use crate::model::{
    Counters, Decision, Element, ElementKind, Id, IdKind, NeedsReview, NothingFound, Session,
};

/// Every item with an ID, with its kind and JSON form.
fn items(session: &Session) -> Vec<(IdKind, &Id, Value)> {
    let mut all = Vec::new();
    all.extend(
        session
            .elements
            .iter()
            .map(|e| (IdKind::Element, &e.id, json(e))),
    );
    all.extend(
        session
            .threats
            .iter()
            .map(|t| (IdKind::Threat, &t.id, json(t))),
    );
    all.extend(
        session
            .decisions
            .iter()
            .map(|d| (IdKind::Decision, &d.id, json(d))),
    );
    all.extend(
        session
            .assumptions
            .iter()
            .map(|a| (IdKind::Assumption, &a.id, json(a))),
    );
    all
}

/// The IDs theirs issued that ours issued too (since the base) for something else, each
/// with the new ID it gets: numbered on past the higher of the two counters, in theirs'
/// order. An item both sides added alike keeps its ID: it is one item.
pub(super) fn collisions(base: &Session, ours: &Session, theirs: &Session) -> Vec<(Id, Id)> {
    let ours_items: HashMap<&Id, Value> =
        items(ours).into_iter().map(|(_, id, v)| (id, v)).collect();
    let mut next = Counters::default();
    let mut renumbered = Vec::new();
    let mut taken: Vec<(IdKind, &Id)> = items(theirs)
        .into_iter()
        .filter(|(kind, id, value)| {
            let Some((_, number)) = id.parse() else {
                return false;
            };
            let issued_on_both =
                number > base.counters.last(*kind) && number <= ours.counters.last(*kind);
            issued_on_both && ours_items.get(id) != Some(value)
        })
        .map(|(kind, id, _)| (kind, id))
        .collect();
    taken.sort_by_key(|(kind, id)| (*kind, id.parse().map(|(_, n)| n)));
    for (kind, id) in taken {
        let last = next
            .last(kind)
            .max(ours.counters.last(kind))
            .max(theirs.counters.last(kind));
        set(&mut next, kind, last);
        renumbered.push((id.clone(), next.issue(kind)));
    }
    renumbered
}

fn set(counters: &mut Counters, kind: IdKind, value: u32) {
    let slot = match kind {
        IdKind::Element => &mut counters.elements,
        IdKind::Threat => &mut counters.threats,
        IdKind::Decision => &mut counters.decisions,
        IdKind::Assumption => &mut counters.assumptions,
    };
    *slot = value;
}

/// The higher of two counters, kind by kind.
pub(super) fn max_counters(a: &Counters, b: &Counters) -> Counters {
    let mut out = Counters::default();
    for kind in [
        IdKind::Element,
        IdKind::Threat,
        IdKind::Decision,
        IdKind::Assumption,
    ] {
        set(&mut out, kind, a.last(kind).max(b.last(kind)));
    }
    out
}

/// Gives the items of `session` their new IDs and points every reference at them; the
/// counters are raised to the highest new number. Each struct is taken apart field by
/// field, so that an ID field added to the model does not compile until it is renamed here.
pub(super) fn rename(session: &mut Session, map: &[(Id, Id)]) {
    if map.is_empty() {
        return;
    }
    let map: HashMap<&Id, &Id> = map.iter().map(|(from, to)| (from, to)).collect();
    let swap = |id: &mut Id| {
        if let Some(to) = map.get(id) {
            *id = (*to).clone();
        }
    };
    for element in &mut session.elements {
        let Element {
            id,
            kind,
            name: _,
            notes: _,
        } = element;
        swap(id);
        match kind {
            ElementKind::DataFlow { from, to, data: _ } => {
                swap(from);
                swap(to);
            }
            ElementKind::TrustBoundary { members } => members.iter_mut().for_each(swap),
            ElementKind::ExternalEntity
            | ElementKind::Process
            | ElementKind::DataStore { .. }
            | ElementKind::ThirdParty { .. } => {}
        }
    }
    for threat in &mut session.threats {
        let Threat {
            id,
            element,
            category: _,
            title: _,
            grammar: _,
            likelihood: _,
            impact: _,
            residual_likelihood: _,
            residual_impact: _,
            references: _,
            notes: _,
        } = threat;
        swap(id);
        swap(element);
    }
    for decision in &mut session.decisions {
        let Decision {
            id,
            kind: _,
            threats,
            summary: _,
            rationale: _,
            owner: _,
            ticket: _,
            status: _,
            review_by: _,
            requirements: _,
        } = decision;
        swap(id);
        threats.iter_mut().for_each(swap);
    }
    for assumption in &mut session.assumptions {
        let Assumption { id, text: _ } = assumption;
        swap(id);
    }
    for considered in &mut session.considered {
        let NothingFound {
            element,
            category: _,
            note: _,
        } = considered;
        swap(element);
    }
    for mark in &mut session.needs_review {
        let NeedsReview {
            element,
            category: _,
            reason: _,
        } = mark;
        swap(element);
    }
    for to in map.values() {
        if let Some((kind, number)) = to.parse()
            && number > session.counters.last(kind)
        {
            set(&mut session.counters, kind, number);
        }
    }
}
