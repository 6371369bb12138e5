//! The rules between items: names that say something, links that resolve to the right kind
//! of item, threats, notes and review marks on cells that apply.

use super::super::element::{Element, ElementKind};
use super::super::id::Id;
use super::super::path::FieldPath;
use super::super::session::Session;
use super::super::stride::Category;
use super::super::threat::RATING_RANGE;
use super::{Found, ValidationError, is_blank, range_error};
use crate::model::hasher::{Map, Set, map_with_capacity, set_with_capacity};

/// A link to something missing or of the wrong kind.
fn bad(owner: &Id, field: &'static str, target: &Id, problem: &'static str) -> ValidationError {
    ValidationError::BadReference {
        owner: owner.clone(),
        field,
        target: target.clone(),
        problem,
    }
}

/// A text of `owner` that must say something but is blank.
fn empty(place: String, owner: &Id) -> ValidationError {
    ValidationError::Empty {
        place,
        owner: Some(owner.clone()),
    }
}

fn not_live(threat: Option<&Id>, on: &Element, category: Category) -> ValidationError {
    ValidationError::NotLive {
        threat: threat.cloned(),
        element: on.id.clone(),
        category,
        kind: on.kind.tag(),
        live: on.kind.live_categories(),
    }
}

/// Which half of a cell that does not apply is wrong: the element when it is a trust
/// boundary (no category would do), else the category.
fn cell_at_fault(on: &Element) -> &'static str {
    match on.kind {
        ElementKind::TrustBoundary { .. } => "element",
        _ => "category",
    }
}

/// Checks the rules between items.
pub(super) fn check(session: &Session) -> Result<(), Found> {
    // Maps, not scans: a session with thousands of threats validates in linear time.
    let mut elements = map_with_capacity(session.elements.len());
    elements.extend(session.elements.iter().map(|e| (&e.id, e)));
    check_elements(session, &elements)?;
    check_cells(session, &elements)?;
    check_decisions(session)?;
    for (i, p) in session.participants.iter().enumerate() {
        if is_blank(&p.name) {
            let role = p.role.as_deref().unwrap_or("no role");
            let error = ValidationError::Empty {
                place: format!("the name of a participant ({role})"),
                owner: None,
            };
            return Err((error, FieldPath::field("participants").at(i).then("name")));
        }
    }
    Ok(())
}

fn check_elements(session: &Session, elements: &Map<&Id, &Element>) -> Result<(), Found> {
    for (i, e) in session.elements.iter().enumerate() {
        // Paths are built only for a problem: most elements have none.
        let at = || FieldPath::field("elements").at(i);
        let kind = || at().then("kind");
        if is_blank(&e.name) {
            return Err((
                empty(format!("the name of {}", e.id), &e.id),
                at().then("name"),
            ));
        }
        // Each link with where it is written: the field, and the item in a list.
        let links: Vec<(&'static str, &Id, Option<usize>)> = match &e.kind {
            ElementKind::DataFlow { from, to, .. } => {
                if from == to {
                    let error = ValidationError::FlowLoop { flow: e.id.clone() };
                    return Err((error, kind().then("to")));
                }
                vec![("from", from, None), ("to", to, None)]
            }
            ElementKind::TrustBoundary { members } => {
                let mut seen = set_with_capacity(members.len());
                if let Some(j) = members.iter().position(|m| !seen.insert(m)) {
                    let error = bad(&e.id, "members", &members[j], "twice");
                    return Err((error, kind().then("members").at(j)));
                }
                members
                    .iter()
                    .enumerate()
                    .map(|(j, m)| ("members", m, Some(j)))
                    .collect()
            }
            _ => Vec::new(),
        };
        for (field, target, item) in links {
            let problem = match elements.get(target) {
                None => "which does not exist",
                Some(Element { kind, .. }) if !kind.is_node() => {
                    "which is a flow or a boundary, not an entity, process, store or component"
                }
                Some(_) => continue,
            };
            let path = kind().then(field);
            let path = match item {
                Some(j) => path.at(j),
                None => path,
            };
            return Err((bad(&e.id, field, target, problem), path));
        }
    }
    Ok(())
}

/// Threats and "nothing found" notes: on elements that exist, under categories that apply.
fn check_cells(session: &Session, elements: &Map<&Id, &Element>) -> Result<(), Found> {
    for (i, t) in session.threats.iter().enumerate() {
        let at = |field| FieldPath::field("threats").at(i).then(field);
        if is_blank(&t.title) {
            return Err((empty(format!("the title of {}", t.id), &t.id), at("title")));
        }
        let Some(on) = elements.get(&t.element) else {
            let error = bad(&t.id, "element", &t.element, "which does not exist");
            return Err((error, at("element")));
        };
        if !on.kind.live_categories().contains(t.category) {
            return Err((not_live(Some(&t.id), on, t.category), at(cell_at_fault(on))));
        }
        for (field, value) in [("likelihood", t.likelihood), ("impact", t.impact)] {
            if let Some(v) = value.filter(|v| !RATING_RANGE.contains(v)) {
                let error = range_error(t.id.as_str(), field, u64::from(v), "1..=5".into());
                return Err((error, at(field)));
            }
        }
    }
    let mut cells = set_with_capacity(session.considered.len());
    for (i, c) in session.considered.iter().enumerate() {
        let at = |field| FieldPath::field("considered").at(i).then(field);
        let Some(on) = elements.get(&c.element) else {
            let error = bad(&c.element, "considered", &c.element, "which does not exist");
            return Err((error, at("element")));
        };
        if !on.kind.live_categories().contains(c.category) {
            return Err((not_live(None, on, c.category), at(cell_at_fault(on))));
        }
        if !cells.insert((&c.element, c.category)) {
            let error = ValidationError::DuplicateNothingFound {
                element: c.element.clone(),
                category: c.category,
            };
            return Err((error, at("category")));
        }
    }
    let mut marked = set_with_capacity(session.needs_review.len());
    for (i, m) in session.needs_review.iter().enumerate() {
        let at = FieldPath::field("needs_review").at(i);
        let Some(on) = elements.get(&m.element) else {
            let error = bad(
                &m.element,
                "needs_review",
                &m.element,
                "which does not exist",
            );
            return Err((error, at.then("element")));
        };
        let problem = if !on.kind.live_categories().contains(m.category) {
            "on a cell that does not apply"
        } else if !marked.insert((&m.element, m.category)) {
            "there twice"
        } else {
            continue;
        };
        let error = ValidationError::BadReviewMark {
            element: m.element.clone(),
            category: m.category,
            problem,
        };
        return Err((error, at.then("category")));
    }
    Ok(())
}

fn check_decisions(session: &Session) -> Result<(), Found> {
    let mut threats: Set<&Id> = set_with_capacity(session.threats.len());
    threats.extend(session.threats.iter().map(|t| &t.id));
    for (i, d) in session.decisions.iter().enumerate() {
        let at = |field| FieldPath::field("decisions").at(i).then(field);
        if is_blank(&d.summary) {
            return Err((
                empty(format!("the summary of {}", d.id), &d.id),
                at("summary"),
            ));
        }
        if d.threats.is_empty() {
            return Err((
                ValidationError::EmptyDecision { id: d.id.clone() },
                at("threats"),
            ));
        }
        let mut seen = set_with_capacity(d.threats.len());
        for (j, target) in d.threats.iter().enumerate() {
            let problem = if !threats.contains(target) {
                "which does not exist"
            } else if !seen.insert(target) {
                "twice"
            } else {
                continue;
            };
            return Err((bad(&d.id, "threats", target, problem), at("threats").at(j)));
        }
    }
    Ok(())
}
