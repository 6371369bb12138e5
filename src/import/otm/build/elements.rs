//! Components, dataflows and trust zones as elements: each component of the kind its type
//! says, each dataflow a flow between the elements its ends name (a trust zone's stand-in
//! where an end is a zone), each trust zone a boundary around what is in it.

use std::collections::{HashMap, HashSet};

use super::{Run, notes, other_attributes, tags, texts};
use crate::export::otm::{self as written, attr};
use crate::import::json::At;
use crate::import::otm::mapping;
use crate::import::otm::read::{Component, Node, Parent, Zone};
use crate::import::{Builder, ImportError, one_line};
use crate::model::{ElementDraft, ElementKind, Id};

impl<'a> Run<'_, 'a> {
    /// Each component as an element of the kind its type says.
    pub(super) fn components(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        let by_id: HashMap<&str, &Component<'_>> = self
            .file
            .components
            .iter()
            .map(|c| (c.node.id, c))
            .collect();
        let asset_names = self.asset_names();
        for c in &self.file.components {
            let read = mapping::kind_of(c.kind);
            let kind = match read.kind {
                ElementKind::ThirdParty { .. } => third_party(&c.node.at),
                kind => kind,
            };
            self.tally.count_type(c.kind, &kind, read.by_default);
            let mut extra = Vec::new();
            if written::component_type(&kind) != Some(c.kind) {
                extra.push(format!("OTM type: {}", c.kind));
            }
            if let Some(Parent::Component(parent)) = c.parent {
                let name = by_id.get(parent).map_or(parent, |p| p.node.name);
                extra.push(format!(
                    "Inside the component \u{201c}{name}\u{201d} in OTM."
                ));
                self.tally.nested += 1;
            }
            extra.extend(tags(&c.node.tags));
            let names = |ids: &[&str]| -> String {
                ids.iter()
                    .map(|id| asset_names.get(id).copied().unwrap_or(id))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !c.processed.is_empty() {
                extra.push(format!("Processes: {}", names(&c.processed)));
            }
            if !c.stored.is_empty() {
                extra.push(format!("Stores: {}", names(&c.stored)));
            }
            for r in &c.representations {
                if let Some(file) = r.text("file") {
                    let line = r
                        .number("line")
                        .map(|l| format!(":{l}"))
                        .unwrap_or_default();
                    let package = r
                        .text("package")
                        .map(|p| format!(" ({p})"))
                        .unwrap_or_default();
                    let snippet = r
                        .text("codeSnippet")
                        .map(|s| format!(": {s}"))
                        .unwrap_or_default();
                    extra.push(format!("Code: {file}{line}{package}{snippet}"));
                }
                if r.get("position").is_some() || r.get("size").is_some() {
                    self.tally.shapes += 1;
                }
            }
            extra.extend(other_attributes(
                &c.node.at,
                &[attr::ALSO_IN, attr::SUPPLIER, attr::VERSION, attr::PURL],
            ));
            let draft = ElementDraft {
                name: c.node.name.to_owned(),
                kind,
                notes: notes(c.node.description, &extra),
            };
            let id = b.element(&c.node.at, draft)?;
            self.elements.insert(c.node.id, id);
        }
        Ok(())
    }

    /// Each dataflow as a flow between the elements its ends name; returns each flow's node
    /// with its element (none when an end names nothing).
    pub(super) fn flows<'f>(
        &mut self,
        b: &mut Builder<'_>,
    ) -> Result<Vec<(&'f Node<'a>, Option<Id>)>, ImportError>
    where
        'a: 'f,
        Self: 'f,
    {
        let file = self.file;
        let asset_names = self.asset_names();
        let mut out = Vec::new();
        for f in &file.flows {
            let from = self.end(b, f.source)?;
            let to = self.end(b, f.destination)?;
            let (Some(from), Some(to)) = (from, to) else {
                self.tally.dangling += 1;
                self.leftover_flow(
                    &f.node,
                    f.source,
                    f.destination,
                    "an end names no component or trust zone",
                );
                out.push((&f.node, None));
                continue;
            };
            if from == to {
                self.tally.loops += 1;
                self.leftover_flow(
                    &f.node,
                    f.source,
                    f.destination,
                    "it starts and ends at the same element",
                );
                out.push((&f.node, None));
                continue;
            }
            let data = match f.node.at.get("attributes").and_then(|a| a.text(attr::DATA)) {
                Some(data) => data.to_owned(),
                None => f
                    .assets
                    .iter()
                    .map(|id| asset_names.get(id).copied().unwrap_or(id))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let mut extra = Vec::new();
            if f.bidirectional {
                self.tally.bidirectional += 1;
                extra.push("Bidirectional in OTM: data also flows the other way.".to_owned());
            }
            extra.extend(tags(&f.node.tags));
            extra.extend(other_attributes(&f.node.at, &[attr::DATA]));
            let draft = ElementDraft {
                name: f.node.name.to_owned(),
                kind: ElementKind::DataFlow {
                    from,
                    to,
                    data: one_line(&data),
                },
                notes: notes(f.node.description, &extra),
            };
            let id = b.element(&f.node.at, draft)?;
            self.elements.insert(f.node.id, id.clone());
            out.push((&f.node, Some(id)));
        }
        Ok(out)
    }

    /// The element a flow's end names: a component, or the stand-in of a trust zone.
    fn end(&mut self, b: &mut Builder<'_>, id: &'a str) -> Result<Option<Id>, ImportError> {
        if let Some(element) = self.elements.get(id) {
            return Ok(Some(element.clone()));
        }
        if let Some(stand_in) = self.stand_ins.get(id) {
            return Ok(Some(stand_in.clone()));
        }
        let Some(zone) = self.file.zones.iter().find(|z| z.id == id) else {
            return Ok(None);
        };
        let draft = ElementDraft {
            name: zone.name.to_owned(),
            kind: ElementKind::ExternalEntity,
            notes: format!(
                "Stands for the OTM trust zone \u{201c}{}\u{201d}, where a dataflow starts or ends at the zone itself.",
                zone.name
            ),
        };
        let element = b.element(&zone.at, draft)?;
        self.stand_ins.insert(zone.id, element.clone());
        Ok(Some(element))
    }

    /// Keeps a flow that cannot be drawn, with its threats, in the session notes.
    fn leftover_flow(&mut self, node: &Node<'a>, source: &str, destination: &str, why: &str) {
        let threats: Vec<&str> = node
            .threats
            .iter()
            .map(|i| {
                self.used.insert(i.threat);
                self.file.threats.get(i.threat).map_or(i.threat, |t| t.name)
            })
            .collect();
        self.tally.dangling_threats += threats.len();
        let threats = if threats.is_empty() {
            String::new()
        } else {
            format!("; its threats: {}", threats.join(", "))
        };
        self.leftovers.push(format!(
            "- Dataflow \u{201c}{}\u{201d} ({} \u{2192} {}) is not a flow here: {why}{threats}.",
            node.name, source, destination
        ));
    }

    /// Each trust zone as a boundary around the components in it or in zones inside it.
    pub(super) fn boundaries(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        let zones = &self.file.zones;
        let by_id: HashMap<&str, &Zone<'_>> = zones.iter().map(|z| (z.id, z)).collect();
        let components: HashMap<&str, &Component<'_>> = self
            .file
            .components
            .iter()
            .map(|c| (c.node.id, c))
            .collect();
        for zone in zones {
            let not_boundary = zone
                .at
                .get("attributes")
                .and_then(|a| a.flag(attr::TRUST_BOUNDARY))
                == Some(false);
            if not_boundary {
                self.tally.outside_zones += 1;
                continue;
            }
            let mut members: Vec<Id> = Vec::new();
            for c in &self.file.components {
                if zones_of(c, &components, &by_id).contains(&zone.id) {
                    members.extend(self.elements.get(c.node.id).cloned());
                }
            }
            for other in zones {
                if let Some(stand_in) = self.stand_ins.get(other.id)
                    && chain(other.id, &by_id).contains(&zone.id)
                {
                    members.push(stand_in.clone());
                }
            }
            let mut seen = HashSet::new();
            members.retain(|m| seen.insert(m.clone()));
            let mut extra = Vec::new();
            let plain = zone.kind == Some(written::BOUNDARY_TYPE)
                && zone.trust == Some(f64::from(written::BOUNDARY_TRUST));
            if !plain {
                let kind = zone.kind.map(|k| format!("type {k}")).into_iter();
                let trust = zone.trust.map(|t| format!("trust rating {t}")).into_iter();
                let said: Vec<String> = kind.chain(trust).collect();
                if !said.is_empty() {
                    extra.push(format!("OTM trust zone: {}", said.join(", ")));
                }
            }
            match zone.parent {
                Some(Parent::Zone(_)) => self.tally.nested_zones += 1,
                Some(Parent::Component(c)) => {
                    self.tally.zones_in_components += 1;
                    extra.push(format!(
                        "Inside the component {c} in OTM: a boundary cannot be inside an element here."
                    ));
                }
                None => {}
            }
            extra.extend(tags(&texts(&zone.at, "tags")));
            extra.extend(other_attributes(&zone.at, &[]));
            let draft = ElementDraft {
                name: zone.name.to_owned(),
                kind: ElementKind::TrustBoundary { members },
                notes: notes(zone.description, &extra),
            };
            b.element(&zone.at, draft)?;
        }
        Ok(())
    }
}

/// A third-party component with the supplier, version and package URL its attributes give.
fn third_party(at: &At<'_>) -> ElementKind {
    let attributes = at.get("attributes");
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| attributes.as_ref().and_then(|a| a.text(k)))
            .map(one_line)
            .filter(|t| !t.is_empty())
    };
    ElementKind::ThirdParty {
        supplier: text(&[attr::SUPPLIER, "vendor", "publisher"]).unwrap_or_default(),
        version: text(&[attr::VERSION]),
        purl: text(&[attr::PURL]),
    }
}

/// The zones a component is in: its parent's chain, through parent components, and the
/// zones its attributes add ([`attr::ALSO_IN`]) with theirs.
fn zones_of<'a>(
    component: &Component<'a>,
    components: &HashMap<&str, &Component<'a>>,
    zones: &HashMap<&str, &Zone<'a>>,
) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut current = component;
    let mut visited = HashSet::new();
    while visited.insert(current.node.id) {
        match current.parent {
            Some(Parent::Zone(zone)) => {
                out.extend(chain(zone, zones));
                break;
            }
            Some(Parent::Component(parent)) => match components.get(parent) {
                Some(p) => current = p,
                None => break,
            },
            None => break,
        }
    }
    let also = component
        .node
        .at
        .get("attributes")
        .and_then(|a| a.get(attr::ALSO_IN))
        .and_then(|list| list.items().ok())
        .unwrap_or_default();
    for zone in also.iter().filter_map(|z| z.value.as_str()) {
        if let Some(z) = zones.get(zone) {
            out.extend(chain(z.id, zones));
        }
    }
    out
}

/// A zone and the zones it is nested in, innermost first.
fn chain<'a>(zone: &'a str, zones: &HashMap<&str, &Zone<'a>>) -> Vec<&'a str> {
    let mut out = vec![zone];
    let mut current = zone;
    while let Some(Parent::Zone(parent)) = zones.get(current).and_then(|z| z.parent) {
        if out.contains(&parent) {
            break;
        }
        out.push(parent);
        current = parent;
    }
    out
}
