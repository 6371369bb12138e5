//! What makes two valid sides one valid session: an item one side deleted comes back when
//! something kept refers to it. (A threat answered by a decision on each side keeps both:
//! since format 2 a threat may have several decisions.)

use std::collections::HashSet;

use super::Log;
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
    refs.extend(
        session
            .needs_review
            .iter()
            .map(|m| (&m.element, &m.element)),
    );
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
