//! What makes two valid sides one valid session: an item one side deleted comes back when
//! something kept refers to it, and a threat answered by a decision on each side keeps
//! ours (theirs' link, or theirs' whole decision, goes to the conflicts).

use std::collections::HashSet;

use super::fields::json;
use super::{Conflict, Log, display};
use crate::model::{ElementKind, Id, Session};

/// The elements and threats something in `session` refers to, with who refers to them.
fn references(session: &Session) -> Vec<(&Id, &Id)> {
    let mut refs = Vec::new();
    for e in &session.elements {
        match &e.kind {
            ElementKind::DataFlow { from, to, .. } => {
                refs.push((&e.id, from));
                refs.push((&e.id, to));
            }
            ElementKind::TrustBoundary { members } => {
                refs.extend(members.iter().map(|m| (&e.id, m)));
            }
            _ => {}
        }
    }
    refs.extend(session.threats.iter().map(|t| (&t.id, &t.element)));
    refs.extend(session.considered.iter().map(|c| (&c.element, &c.element)));
    for d in &session.decisions {
        refs.extend(d.threats.iter().map(|t| (&d.id, t)));
    }
    refs
}

/// Brings back every element or threat a kept item refers to but a side deleted, from the
/// first of `sources` that has it (ours, theirs, the base), until nothing refers to a
/// missing item.
pub(super) fn restore_references(session: &mut Session, sources: [&Session; 3], log: &mut Log) {
    // Each pass restores at least one item, or stops: at most as many passes as items.
    loop {
        let present: HashSet<&Id> = session
            .elements
            .iter()
            .map(|e| &e.id)
            .chain(session.threats.iter().map(|t| &t.id))
            .collect();
        let missing: Vec<(Id, Id)> = references(session)
            .into_iter()
            .filter(|(_, target)| !present.contains(target))
            .map(|(by, target)| (by.clone(), target.clone()))
            .collect();
        let mut restored = false;
        for (by, target) in missing {
            if session.element(&target).is_some() || session.threat(&target).is_some() {
                continue;
            }
            let element = sources.iter().find_map(|s| s.element(&target)).cloned();
            let threat = sources.iter().find_map(|s| s.threat(&target)).cloned();
            if let Some(e) = element {
                session.elements.push(e);
            } else if let Some(t) = threat {
                session.threats.push(t);
            } else {
                continue;
            }
            restored = true;
            log.notes.push(format!(
                "{target} was deleted on one side, but {by} refers to it: kept"
            ));
        }
        if !restored {
            return;
        }
    }
}

/// One decision per threat: where a threat is answered by two decisions, the one as ours
/// has it keeps the threat and the other loses the link; a decision left answering nothing
/// is taken out whole into the conflicts.
pub(super) fn one_decision_per_threat(session: &mut Session, ours: &Session, log: &mut Log) {
    let as_ours = |d: &crate::model::Decision| {
        ours.decisions
            .iter()
            .any(|o| o.id == d.id && o.threats == d.threats)
    };
    // Ours' links claim their threats first, then the others in order.
    let mut claimed: HashSet<Id> = session
        .decisions
        .iter()
        .filter(|d| as_ours(d))
        .flat_map(|d| d.threats.iter().cloned())
        .collect();
    let mut emptied = Vec::new();
    for (i, decision) in session.decisions.iter_mut().enumerate() {
        if as_ours(decision) {
            continue;
        }
        let whole = decision.clone();
        let before = whole.threats.clone();
        decision.threats.retain(|t| claimed.insert(t.clone()));
        if decision.threats == before {
            continue;
        }
        let lost: Vec<&str> = before
            .iter()
            .filter(|t| !decision.threats.contains(t))
            .map(Id::as_str)
            .collect();
        let ours_links = ours
            .decisions
            .iter()
            .find(|o| o.id == decision.id)
            .map(|o| display(&json(&o.threats)));
        if decision.threats.is_empty() {
            emptied.push(i);
            log.conflicts.push(Conflict {
                item: decision.id.to_string(),
                field: String::new(),
                base: None,
                ours: None,
                theirs: Some(display(&json(&whole))),
            });
            log.notes.push(format!(
                "{} answered {}, which another decision answers: one decision per threat, so \
                 it is left out; it is in the conflicts whole",
                decision.id,
                lost.join(", ")
            ));
        } else {
            log.conflicts.push(Conflict {
                item: decision.id.to_string(),
                field: "threats".into(),
                base: None,
                ours: ours_links,
                theirs: Some(display(&json(&before))),
            });
            log.notes.push(format!(
                "{} no longer answers {}, which another decision answers: one decision per threat",
                decision.id,
                lost.join(", ")
            ));
        }
    }
    for i in emptied.into_iter().rev() {
        session.decisions.remove(i);
    }
}
