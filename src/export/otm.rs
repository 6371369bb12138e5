//! The session as an Open Threat Model file (OTM 0.2.0), so that a model made in threatbench
//! opens in the tools that read OTM; and the OTM vocabulary the importer shares with it (the
//! component type of each kind, the 0–100 rating scale, threat states, attribute names), so
//! that what is written here reads back as the same session.
//!
//! What OTM has no member for goes into `attributes` under the names in [`attr`]: a
//! decision's kind, status, owner and review date; a threat's grammar and residual rating;
//! a flow's data; a third-party component's supplier, version and package URL.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::index::Index;

use crate::model::{
    Catalog, Category, Decision, DecisionStatus, Element, ElementKind, Grammar, Id, Requirement,
    Session, Threat, hasher,
};

/// The OTM version written, and the one the importer reads.
pub const OTM_VERSION: &str = "0.2.0";

/// The state of a mitigation linked to a threat once its decision is done.
pub const IMPLEMENTED: &str = "implemented";

/// The state of a mitigation linked to a threat while its decision is open or in progress.
pub const REQUIRED: &str = "required";

/// The type of the trust zones threatbench writes for its trust boundaries.
pub const BOUNDARY_TYPE: &str = "trust-boundary";

/// The trust rating written for a trust boundary: threatbench does not rate trust, but the
/// inside of a boundary is trusted more than outside it.
pub const BOUNDARY_TRUST: u8 = 100;

/// The ID of the zone that holds what is inside no boundary (OTM needs every component in a
/// zone); element IDs are `E<n>`, so it cannot clash with one.
const OUTSIDE: &str = "outside";

/// Names of the `attributes` threatbench writes and reads back.
pub mod attr {
    /// Project: the program that wrote the file.
    pub const GENERATOR: &str = "generator";
    /// Project: the session's ticket.
    pub const TICKET: &str = "ticket";
    /// Project: the session's revision.
    pub const REVISION: &str = "revision";
    /// Trust zone: `false` on a zone that is no trust boundary (the outside of them all).
    pub const TRUST_BOUNDARY: &str = "trustBoundary";
    /// Component: the IDs of the trust zones it is also inside, besides its parent's.
    pub const ALSO_IN: &str = "alsoInTrustZones";
    /// Third-party component: who builds or runs it.
    pub const SUPPLIER: &str = "supplier";
    /// Third-party component: the version in use.
    pub const VERSION: &str = "version";
    /// Third-party component: its package URL.
    pub const PURL: &str = "purl";
    /// Data flow: what data travels.
    pub const DATA: &str = "data";
    /// Threat: the grammar's source.
    pub const THREAT_SOURCE: &str = "threatSource";
    /// Threat: the grammar's prerequisites.
    pub const PREREQUISITES: &str = "prerequisites";
    /// Threat: the grammar's action.
    pub const THREAT_ACTION: &str = "threatAction";
    /// Threat: the grammar's impact.
    pub const THREAT_IMPACT: &str = "threatImpact";
    /// Threat: the grammar's affected assets.
    pub const IMPACTED_ASSETS: &str = "impactedAssets";
    /// Threat: CAPEC references (OTM's `cwes` holds the CWE ones).
    pub const CAPEC: &str = "capec";
    /// Threat: residual likelihood, 1–5.
    pub const RESIDUAL_LIKELIHOOD: &str = "residualLikelihood";
    /// Threat: residual impact, 1–5.
    pub const RESIDUAL_IMPACT: &str = "residualImpact";
    /// Mitigation: the decision's kind (mitigate, avoid, transfer, accept).
    pub const DECISION: &str = "decision";
    /// Mitigation: the decision's status (open, in progress, done).
    pub const STATUS: &str = "status";
    /// Mitigation: who carries it out or owns the risk.
    pub const OWNER: &str = "owner";
    /// Mitigation: where the work is tracked.
    pub const TICKET_REF: &str = "ticket";
    /// Mitigation: for an accepted risk, when to look at it again (YYYY-MM-DD).
    pub const REVIEW_BY: &str = "reviewBy";
    /// Mitigation: the CRA Annex I Part I points it serves, `"I(2)(d), I(2)(f)"`.
    pub const REQUIREMENTS: &str = "craRequirements";
}

/// The component type written for a node of this kind; the importer reads each back as the
/// same kind. `None` for flows and boundaries, which are no components.
pub fn component_type(kind: &ElementKind) -> Option<&'static str> {
    match kind {
        ElementKind::ExternalEntity => Some("generic-client"),
        ElementKind::Process => Some("generic-service"),
        ElementKind::DataStore { holds_logs: false } => Some("data-store"),
        ElementKind::DataStore { holds_logs: true } => Some("log-store"),
        ElementKind::ThirdParty { .. } => Some("third-party-service"),
        ElementKind::DataFlow { .. } | ElementKind::TrustBoundary { .. } => None,
    }
}

/// A STRIDE category as OTM files usually write it: "Information Disclosure".
pub fn category_name(category: Category) -> &'static str {
    match category {
        Category::Spoofing => "Spoofing",
        Category::Tampering => "Tampering",
        Category::Repudiation => "Repudiation",
        Category::InformationDisclosure => "Information Disclosure",
        Category::DenialOfService => "Denial of Service",
        Category::ElevationOfPrivilege => "Elevation of Privilege",
    }
}

/// A rating 1–5 on OTM's 0–100 scale: 20, 40, 60, 80, 100.
pub fn percent(rating: u8) -> u8 {
    rating.saturating_mul(20).min(100)
}

/// An OTM 0–100 value as a rating 1–5: 1–20 is 1, 21–40 is 2, …, 81–100 is 5, so that
/// [`percent`] reads back as the same rating. 0 (what tools write when nobody rated it) and
/// less is unrated; above 100 counts as 100.
pub fn rating(value: f64) -> Option<u8> {
    if value.is_nan() || value <= 0.0 {
        return None;
    }
    let band = (value.min(100.0) / 20.0).ceil();
    // `band` is a whole number from 1 to 5 here.
    Some(band.clamp(1.0, 5.0) as u8)
}

/// The state of a threat on a component, from whether each of its mitigations is implemented:
/// `exposed` with none, `mitigated` with all, `partly-mitigated` in between.
pub fn threat_state(implemented: &[bool]) -> &'static str {
    match (
        implemented.iter().any(|i| *i),
        implemented.iter().all(|i| *i),
    ) {
        (false, _) => "exposed",
        (true, true) => "mitigated",
        (true, false) => "partly-mitigated",
    }
}

/// The OTM file of `session`, pretty-printed, ending in a newline.
pub fn render(session: &Session) -> String {
    render_in(session, super::per_task(session.threats.len()))
}

/// [`render`], with the threats' entries made and written on two threads in tasks of
/// `per_task` threats ([`super::pretty`]), or on one with `None`: for the tests that hold
/// both to the same text.
#[doc(hidden)]
pub fn render_in(session: &Session, per_task: Option<usize>) -> String {
    let json = match per_task {
        None => serde_json::to_string_pretty(&Otm::of(session)),
        Some(per_task) => super::pretty::pretty(
            "threats",
            || Otm::of_but_threats(session),
            session.threats.len(),
            |range| session.threats[range].iter().map(threat_entry).collect(),
            per_task,
        ),
    };
    let mut json = json.unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

/// The whole file, members in the order of the specification's example.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Otm {
    otm_version: &'static str,
    project: Project,
    trust_zones: Vec<TrustZone>,
    components: Vec<Component>,
    dataflows: Vec<Dataflow>,
    threats: Vec<ThreatEntry>,
    mitigations: Vec<Mitigation>,
}

#[derive(Serialize)]
struct Project {
    name: String,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    attributes: Map<String, Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrustZone {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    risk: TrustRisk,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<Parent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Map<String, Value>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrustRisk {
    trust_rating: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Parent {
    trust_zone: String,
}

#[derive(Serialize)]
struct Component {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    parent: Parent,
    threats: Vec<Instance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Map<String, Value>>,
}

#[derive(Serialize)]
struct Dataflow {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    bidirectional: bool,
    source: String,
    destination: String,
    threats: Vec<Instance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Map<String, Value>>,
}

/// A threat on a component or flow, with the mitigations that answer it there.
#[derive(Serialize)]
struct Instance {
    threat: String,
    state: &'static str,
    mitigations: Vec<MitigationLink>,
}

#[derive(Serialize)]
struct MitigationLink {
    mitigation: String,
    state: &'static str,
}

#[derive(Serialize)]
struct ThreatEntry {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    categories: Vec<&'static str>,
    cwes: Vec<String>,
    risk: ThreatRisk,
    #[serde(skip_serializing_if = "Option::is_none")]
    attributes: Option<Map<String, Value>>,
}

/// `likelihood` may be null in OTM, `impact` may not: an unrated impact is written as 0,
/// which [`rating`] reads back as unrated.
#[derive(Serialize)]
struct ThreatRisk {
    likelihood: Option<u8>,
    impact: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Mitigation {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// threatbench rates the residual risk of each threat (in its attributes), not the share
    /// of it one control takes away: 0.
    risk_reduction: u8,
    attributes: Map<String, Value>,
}

impl Otm {
    fn of(session: &Session) -> Self {
        Otm {
            threats: session.threats.iter().map(threat_entry).collect(),
            ..Otm::of_but_threats(session)
        }
    }

    /// The file but for its threats, which are made apart.
    fn of_but_threats(session: &Session) -> Self {
        let zones = Zones::of(session);
        // Grouped once: each element's threats and each threat's decisions are lookups.
        let answers = session.answers();
        let mut on: HashMap<&Id, Vec<&Threat>> = HashMap::new();
        for threat in &session.threats {
            on.entry(&threat.element).or_default().push(threat);
        }
        let mut components = Vec::new();
        let mut dataflows = Vec::new();
        for element in &session.elements {
            let threats = instances(on.get(&element.id).map_or(&[], Vec::as_slice), &answers);
            let description = some(&element.notes);
            match &element.kind {
                ElementKind::DataFlow { from, to, data } => dataflows.push(Dataflow {
                    id: element.id.to_string(),
                    name: element.name.clone(),
                    description,
                    bidirectional: false,
                    source: from.to_string(),
                    destination: to.to_string(),
                    threats,
                    attributes: attributes([(attr::DATA, some(data).map(Value::from))]),
                }),
                ElementKind::TrustBoundary { .. } => {}
                kind => {
                    let (parent, also_in) = zones.of_node(&element.id);
                    let also_in = (!also_in.is_empty()).then(|| Value::from(also_in));
                    let mut extra = vec![(attr::ALSO_IN, also_in)];
                    if let ElementKind::ThirdParty {
                        supplier,
                        version,
                        purl,
                    } = kind
                    {
                        extra.push((attr::SUPPLIER, some(supplier).map(Value::from)));
                        extra.push((attr::VERSION, version.clone().map(Value::from)));
                        extra.push((attr::PURL, purl.clone().map(Value::from)));
                    }
                    components.push(Component {
                        id: element.id.to_string(),
                        name: element.name.clone(),
                        kind: component_type(kind).unwrap_or("generic-service"),
                        description,
                        parent: Parent { trust_zone: parent },
                        threats,
                        attributes: attributes(extra),
                    });
                }
            }
        }
        let mut project_attributes = Map::new();
        project_attributes.insert(
            attr::GENERATOR.into(),
            format!("threatbench {}", env!("CARGO_PKG_VERSION")).into(),
        );
        if let Some(ticket) = &session.ticket {
            project_attributes.insert(attr::TICKET.into(), ticket.clone().into());
        }
        project_attributes.insert(attr::REVISION.into(), session.revision.into());
        Otm {
            otm_version: OTM_VERSION,
            project: Project {
                name: session.title.clone(),
                id: slug(&session.title),
                description: some(&session.notes),
                attributes: project_attributes,
            },
            trust_zones: zones.entries(session),
            components,
            dataflows,
            threats: Vec::new(),
            mitigations: session.decisions.iter().map(mitigation).collect(),
        }
    }
}

/// The threats on `element`, each with the decisions that answer it (from `answers`, in
/// file order).
fn instances(threats: &[&Threat], answers: &hasher::Map<&Id, Vec<&Decision>>) -> Vec<Instance> {
    threats
        .iter()
        .map(|threat| {
            let answering = answers.get(&threat.id).map_or(&[][..], Vec::as_slice);
            let done: Vec<bool> = answering
                .iter()
                .map(|d| d.status == DecisionStatus::Done)
                .collect();
            Instance {
                threat: threat.id.to_string(),
                state: threat_state(&done),
                mitigations: answering
                    .iter()
                    .map(|d| MitigationLink {
                        mitigation: d.id.to_string(),
                        state: if d.status == DecisionStatus::Done {
                            IMPLEMENTED
                        } else {
                            REQUIRED
                        },
                    })
                    .collect(),
            }
        })
        .collect()
}

fn threat_entry(threat: &Threat) -> ThreatEntry {
    let Grammar {
        source,
        prerequisites,
        action,
        impact,
        assets,
    } = &threat.grammar;
    let of = |catalog: Catalog| -> Vec<String> {
        threat
            .references
            .iter()
            .filter(|r| r.catalog == catalog)
            .map(ToString::to_string)
            .collect()
    };
    let capec = of(Catalog::Capec);
    let capec = (!capec.is_empty()).then(|| Value::from(capec.join(", ")));
    let text = |t: &String| some(t).map(Value::from);
    ThreatEntry {
        id: threat.id.to_string(),
        name: threat.title.clone(),
        description: some(&threat.notes),
        categories: vec![category_name(threat.category)],
        cwes: of(Catalog::Cwe),
        risk: ThreatRisk {
            likelihood: threat.likelihood.map(percent),
            impact: threat.impact.map_or(0, percent),
        },
        attributes: attributes([
            (attr::THREAT_SOURCE, text(source)),
            (attr::PREREQUISITES, text(prerequisites)),
            (attr::THREAT_ACTION, text(action)),
            (attr::THREAT_IMPACT, text(impact)),
            (attr::IMPACTED_ASSETS, text(assets)),
            (attr::CAPEC, capec),
            (
                attr::RESIDUAL_LIKELIHOOD,
                threat.residual_likelihood.map(Value::from),
            ),
            (
                attr::RESIDUAL_IMPACT,
                threat.residual_impact.map(Value::from),
            ),
        ]),
    }
}

fn mitigation(decision: &Decision) -> Mitigation {
    let review = decision.review_by.map(|d| Value::from(d.to_string()));
    let optional = [
        (attr::OWNER, decision.owner.clone().map(Value::from)),
        (attr::TICKET_REF, decision.ticket.clone().map(Value::from)),
        (attr::REVIEW_BY, review),
        (
            attr::REQUIREMENTS,
            (!decision.requirements.is_empty())
                .then(|| Value::from(Requirement::join(&decision.requirements))),
        ),
    ];
    let mut attributes = Map::new();
    attributes.insert(attr::DECISION.into(), decision.kind.name().into());
    attributes.insert(attr::STATUS.into(), decision.status.name().into());
    for (key, value) in optional {
        if let Some(value) = value {
            attributes.insert(key.into(), value);
        }
    }
    Mitigation {
        id: decision.id.to_string(),
        name: decision.summary.clone(),
        description: some(&decision.rationale),
        risk_reduction: 0,
        attributes,
    }
}

/// Where each node goes among the trust zones. A node's parent is the smallest boundary
/// that holds it; a boundary whose members are all inside a larger one is nested in the
/// smallest such; the boundaries a node is in besides its parent's chain are listed in
/// [`attr::ALSO_IN`]. Nodes in no boundary go into one zone outside them all. Each
/// boundary's parent is found once, so that placing every node stays linear.
struct Zones<'s> {
    /// The boundaries and which of them hold each node.
    index: Index<'s>,
    /// For each boundary (by its place in the index), the one it is nested in.
    parents: Vec<Option<usize>>,
}

impl<'s> Zones<'s> {
    fn of(session: &'s Session) -> Self {
        let index = Index::of(session);
        let parents = (0..index.boundaries().len())
            .map(|b| parent_of(&index, b))
            .collect();
        Zones { index, parents }
    }

    /// The boundary and the boundaries it is nested in, innermost first.
    fn chain(&self, start: usize) -> Vec<usize> {
        let mut chain = vec![start];
        let mut current = start;
        while let Some(parent) = self.parents[current] {
            if chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }

    /// A node's parent zone and the other zones it is inside.
    fn of_node(&self, id: &Id) -> (String, Vec<String>) {
        let boundaries = self.index.boundaries();
        let holding = self.index.holding(id);
        let Some(parent) = smallest(boundaries, holding.iter().copied()) else {
            return (OUTSIDE.to_owned(), Vec::new());
        };
        let chain = self.chain(parent);
        let also = holding
            .iter()
            .filter(|b| !chain.contains(b))
            .map(|b| boundaries[*b].0.id.to_string())
            .collect();
        (boundaries[parent].0.id.to_string(), also)
    }

    /// The trust zones: one per boundary, and the outside when a node is in none.
    fn entries(&self, session: &Session) -> Vec<TrustZone> {
        let boundaries = self.index.boundaries();
        let mut zones: Vec<TrustZone> = boundaries
            .iter()
            .zip(&self.parents)
            .map(|((b, _), parent)| TrustZone {
                id: b.id.to_string(),
                name: b.name.clone(),
                kind: BOUNDARY_TYPE,
                description: some(&b.notes),
                risk: TrustRisk {
                    trust_rating: BOUNDARY_TRUST,
                },
                parent: parent.map(|p| Parent {
                    trust_zone: boundaries[p].0.id.to_string(),
                }),
                attributes: None,
            })
            .collect();
        let outside = session
            .elements
            .iter()
            .any(|e| e.kind.is_node() && self.index.holding(&e.id).is_empty());
        if outside {
            zones.push(TrustZone {
                id: OUTSIDE.to_owned(),
                name: "Outside the trust boundaries".to_owned(),
                kind: "outside",
                description: Some(
                    "What the threat model places inside no trust boundary.".to_owned(),
                ),
                risk: TrustRisk { trust_rating: 0 },
                parent: None,
                attributes: attributes([(attr::TRUST_BOUNDARY, Some(Value::from(false)))]),
            });
        }
        zones
    }
}

/// The smallest of `candidates` (indices into `boundaries`), the first in session order
/// among equals.
fn smallest(
    boundaries: &[(&Element, &[Id])],
    candidates: impl Iterator<Item = usize>,
) -> Option<usize> {
    candidates.min_by_key(|b| boundaries[*b].1.len())
}

/// The boundary boundary `b` is nested in: the smallest other one, with more members, that
/// holds all of its own (an empty boundary is nested in none). Only the boundaries holding
/// its first member can hold them all.
fn parent_of(index: &Index<'_>, b: usize) -> Option<usize> {
    let boundaries = index.boundaries();
    let members = boundaries[b].1;
    let first = members.first()?;
    let holds_all = |other: usize| {
        let inner: HashSet<&Id> = boundaries[other].1.iter().collect();
        members.iter().all(|m| inner.contains(m))
    };
    let candidates = index
        .holding(first)
        .iter()
        .copied()
        .filter(|other| *other != b && boundaries[*other].1.len() > members.len())
        .filter(|other| holds_all(*other));
    smallest(boundaries, candidates)
}

/// The attributes that have a value, or `None` when none has.
fn attributes<'k>(
    pairs: impl IntoIterator<Item = (&'k str, Option<Value>)>,
) -> Option<Map<String, Value>> {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter_map(|(key, value)| Some((key.to_owned(), value?)))
        .collect();
    (!map.is_empty()).then_some(map)
}

/// A text, or `None` when it is empty.
fn some(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The project's ID: the title in lower case, words joined by `-`.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "threat-model".to_owned()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_go_to_percent_and_back() {
        for r in 1..=5 {
            assert_eq!(rating(f64::from(percent(r))), Some(r));
        }
        assert_eq!(rating(0.0), None);
        assert_eq!(rating(-3.0), None);
        assert_eq!(rating(f64::NAN), None);
        assert_eq!(rating(1.0), Some(1));
        assert_eq!(rating(20.5), Some(2));
        assert_eq!(rating(50.0), Some(3));
        assert_eq!(rating(1e9), Some(5));
    }

    #[test]
    fn threat_state_follows_the_mitigations() {
        assert_eq!(threat_state(&[]), "exposed");
        assert_eq!(threat_state(&[false]), "exposed");
        assert_eq!(threat_state(&[true, false]), "partly-mitigated");
        assert_eq!(threat_state(&[true, true]), "mitigated");
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(slug("Refund API (v2)"), "refund-api-v2");
        assert_eq!(slug("  "), "threat-model");
    }

    #[test]
    fn every_node_kind_has_its_own_type() {
        let kinds = [
            ElementKind::ExternalEntity,
            ElementKind::Process,
            ElementKind::DataStore { holds_logs: false },
            ElementKind::DataStore { holds_logs: true },
            ElementKind::ThirdParty {
                supplier: String::new(),
                version: None,
                purl: None,
            },
        ];
        let types: std::collections::BTreeSet<_> =
            kinds.iter().filter_map(component_type).collect();
        assert_eq!(types.len(), kinds.len());
    }
}
