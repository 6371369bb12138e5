//! One session reduced to what the register needs: its rows and the inputs of the patterns.
//! A digest holds no reference into the session, so the session can be dropped as soon as
//! it is made, on the thread that read it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{DecisionRef, Row, SessionInfo};
use crate::model::{
    Category, Decision, DecisionKind, DecisionStatus, Due, ElementKind, Id, KindTag, Session,
    Thresholds,
};

/// What the register keeps of one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The session as the register names it.
    pub info: SessionInfo,
    /// One row per threat, in file order (`session` is set when the register is assembled).
    pub rows: Vec<Row>,
    /// The threats of each kind of element and STRIDE category that has any.
    pub cells: BTreeMap<(KindTag, Category), CellThreats>,
    /// The third-party components, in file order.
    pub components: Vec<Component>,
    /// Accepted risks overdue or due soon.
    pub acceptances: Vec<AcceptanceDue>,
    /// Decisions not done, with their owners as written.
    pub open: Vec<(Option<String>, Id)>,
}

/// The threats found under one category on one kind of element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellThreats {
    /// Their IDs, in file order.
    pub threats: Vec<Id>,
    /// How many of them no decision answers.
    pub undecided: usize,
}

/// A third-party component of a session and how its threats were decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// The element's ID.
    pub element: Id,
    /// The element's name.
    pub name: String,
    /// The package it is, across sessions (see [`package_key`]).
    pub package: String,
    /// Who builds it, as written.
    pub supplier: String,
    /// The version in use, when known.
    pub version: Option<String>,
    /// Its threats with their decisions, in file order.
    pub threats: Vec<Outcome>,
}

/// A threat and how it was decided: the kind and ID of each decision, none when undecided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The threat's ID.
    pub threat: Id,
    /// The decisions answering it.
    pub decisions: Vec<(DecisionKind, Id)>,
}

/// An accepted risk whose review is overdue or due soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptanceDue {
    /// The decision's ID.
    pub decision: Id,
    /// Who owns the risk.
    pub owner: Option<String>,
    /// The threats it accepts.
    pub threats: Vec<Id>,
    /// When it is to be reviewed.
    pub review_by: NaiveDate,
    /// Overdue or soon, as of the register's day.
    pub due: Due,
}

/// The key that makes two components the same package: the purl without `@version`,
/// qualifiers (`?…`) and subpath (`#…`), else the name; lowercased and trimmed.
pub fn package_key(purl: Option<&str>, name: &str) -> String {
    let Some(purl) = purl.map(str::trim).filter(|p| !p.is_empty()) else {
        return name.trim().to_lowercase();
    };
    let purl = purl.split(['#', '?']).next().unwrap_or(purl);
    // The version follows the name, after the last `/`; an `@` before it (an npm scope
    // written unencoded) is part of the namespace.
    let name_start = purl.rfind('/').map_or(0, |i| i + 1);
    let base = match purl[name_start..].find('@') {
        Some(at) => &purl[..name_start + at],
        None => purl,
    };
    base.to_lowercase()
}

/// The key that makes two suppliers the same, or none for an empty or "unknown" one.
pub fn supplier_key(supplier: &str) -> Option<String> {
    let key = supplier.trim().to_lowercase();
    (!key.is_empty() && key != "unknown").then_some(key)
}

/// A decision as a row shows it.
fn decision_ref(d: &Decision) -> DecisionRef {
    DecisionRef {
        kind: d.kind,
        id: d.id.clone(),
        owner: d.owner.clone(),
        ticket: d.ticket.clone(),
        status: d.status,
        review_by: d.review_by,
    }
}

/// The rows of `session`, in file order; a threat on an element the session lacks (which
/// validation refuses) shows the element's ID as its name.
fn rows(session: &Session) -> Vec<Row> {
    let answers = session.answers();
    let elements: HashMap<&Id, _> = session.elements.iter().map(|e| (&e.id, e)).collect();
    session
        .threats
        .iter()
        .map(|t| {
            let element = elements.get(&t.element);
            Row {
                session: 0,
                element: t.element.clone(),
                element_name: element.map_or_else(|| t.element.to_string(), |e| e.name.clone()),
                kind: element.map_or(KindTag::Process, |e| e.kind.tag()),
                category: t.category,
                threat: t.id.clone(),
                title: t.title.clone(),
                likelihood: t.likelihood,
                impact: t.impact,
                risk: t.risk(),
                residual: t.residual_risk(),
                decisions: answers
                    .get(&t.id)
                    .map(|ds| ds.iter().map(|d| decision_ref(d)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The threats per kind of element and category.
fn cells(rows: &[Row]) -> BTreeMap<(KindTag, Category), CellThreats> {
    let mut cells: BTreeMap<(KindTag, Category), CellThreats> = BTreeMap::new();
    for row in rows {
        let cell = cells.entry((row.kind, row.category)).or_default();
        cell.threats.push(row.threat.clone());
        cell.undecided += usize::from(row.undecided());
    }
    cells
}

/// The third-party components of `session` with the outcomes of their threats.
fn components(session: &Session, rows: &[Row]) -> Vec<Component> {
    let mut by_element: HashMap<&Id, Vec<Outcome>> = HashMap::new();
    for row in rows.iter().filter(|r| r.kind == KindTag::ThirdParty) {
        by_element.entry(&row.element).or_default().push(Outcome {
            threat: row.threat.clone(),
            decisions: row
                .decisions
                .iter()
                .map(|d| (d.kind, d.id.clone()))
                .collect(),
        });
    }
    session
        .elements
        .iter()
        .filter_map(|e| match &e.kind {
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => Some(Component {
                element: e.id.clone(),
                name: e.name.clone(),
                package: package_key(purl.as_deref(), &e.name),
                supplier: supplier.clone(),
                version: version.clone(),
                threats: by_element.remove(&e.id).unwrap_or_default(),
            }),
            _ => None,
        })
        .collect()
}

/// The accepted risks overdue or due within the window, as the model judges them.
fn acceptances(session: &Session, as_of: NaiveDate, soon_days: u32) -> Vec<AcceptanceDue> {
    session
        .acceptances(as_of, soon_days)
        .into_iter()
        .filter_map(|a| {
            let review_by = a.decision.review_by?;
            matches!(a.due, Due::Overdue(_) | Due::Soon(_)).then(|| AcceptanceDue {
                decision: a.decision.id.clone(),
                owner: a.decision.owner.clone(),
                threats: a.decision.threats.clone(),
                review_by,
                due: a.due,
            })
        })
        .collect()
}

/// `session` reduced to what the register needs, named by `path`, with acceptances judged
/// as of `as_of` under `thresholds`.
pub fn digest(
    session: &Session,
    path: String,
    as_of: NaiveDate,
    thresholds: &Thresholds,
) -> Digest {
    let rows = rows(session);
    let undecided = rows.iter().filter(|r| r.undecided()).count();
    Digest {
        info: SessionInfo {
            path,
            title: session.title.clone(),
            revision: session.revision,
            updated: session.updated,
            coverage: session.coverage(),
            threats: rows.len(),
            undecided,
        },
        cells: cells(&rows),
        components: components(session, &rows),
        acceptances: acceptances(session, as_of, thresholds.due_soon_days),
        open: session
            .decisions
            .iter()
            .filter(|d| d.status != DecisionStatus::Done)
            .map(|d| (d.owner.clone(), d.id.clone()))
            .collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_is_its_purl_without_version_qualifiers_or_subpath() {
        let key = |purl: &str| package_key(Some(purl), "ignored");
        assert_eq!(key("pkg:cargo/serde@1.0.229"), "pkg:cargo/serde");
        assert_eq!(key("pkg:cargo/serde"), "pkg:cargo/serde");
        assert_eq!(
            key("pkg:npm/%40angular/core@16.0.0?arch=x64#src/lib"),
            "pkg:npm/%40angular/core"
        );
        assert_eq!(key("pkg:npm/@scope/name@1.2"), "pkg:npm/@scope/name");
        assert_eq!(key("pkg:npm/@scope/name"), "pkg:npm/@scope/name");
        assert_eq!(key("pkg:PyPI/Django@4.2"), "pkg:pypi/django");
        assert_eq!(package_key(None, "  Stripe API "), "stripe api");
        assert_eq!(package_key(Some(" "), "Stripe"), "stripe");
    }

    #[test]
    fn empty_and_unknown_suppliers_are_no_supplier() {
        assert_eq!(supplier_key(" Stripe, Inc. "), Some("stripe, inc.".into()));
        assert_eq!(supplier_key("  "), None);
        assert_eq!(supplier_key("Unknown"), None);
    }
}
