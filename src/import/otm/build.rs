//! The session built from a read OTM file, step by step and only through the builder's
//! edits: the project, assets and representations into notes; components, the stand-ins of
//! trust zones that flows end at, flows and boundaries; then threats and decisions. What has
//! no home is noted where it belongs and counted once in the summary.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::Value;

use super::mapping::{self, Placement};
use super::read::{Component, File, Instance, Node, Parent, Zone, opt_text};
use crate::export::otm::{self as written, attr};
use crate::import::json::At;
use crate::import::{Builder, ImportError, one_line};
use crate::model::{
    Category, DecisionDraft, DecisionKind, DecisionStatus, Edit, ElementDraft, ElementKind,
    Grammar, Id, Reference, ThreatDraft,
};

/// Builds the session from `file` through `b`.
pub fn build(file: &File<'_>, b: &mut Builder<'_>) -> Result<(), ImportError> {
    let mut run = Run {
        file,
        tally: Tally::default(),
        elements: HashMap::new(),
        stand_ins: HashMap::new(),
        links: HashMap::new(),
        used: HashSet::new(),
        leftovers: Vec::new(),
    };
    run.project(b)?;
    run.components(b)?;
    let flows = run.flows(b)?;
    run.boundaries(b)?;
    for (component, id) in file
        .components
        .iter()
        .map(|c| (&c.node, run.elements.get(c.node.id).cloned()))
        .chain(flows)
        .collect::<Vec<_>>()
    {
        if let Some(id) = id {
            for instance in &component.threats {
                run.threat(b, &id, component, instance)?;
            }
        }
    }
    run.decisions(b)?;
    run.leftovers(b)?;
    run.tally.report(b);
    Ok(())
}

/// A threat as linked to one mitigation.
struct Linked {
    threat: Id,
    implemented: bool,
    state: String,
    label: String,
}

/// The state of the build.
struct Run<'f, 'a> {
    file: &'f File<'a>,
    tally: Tally,
    /// Components and flows: OTM ID → element.
    elements: HashMap<&'a str, Id>,
    /// Trust zones a flow ends at: zone ID → the external entity standing for it.
    stand_ins: HashMap<&'a str, Id>,
    /// Mitigation ID → the threats it is linked to.
    links: HashMap<&'a str, Vec<Linked>>,
    /// IDs of the threats some component or flow carries.
    used: HashSet<&'a str>,
    /// Lines for the session notes about what has no place.
    leftovers: Vec<String>,
}

impl<'a> Run<'_, 'a> {
    /// The project, assets and representations.
    fn project(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        let p = &self.file.project;
        let name = p.text("name").unwrap_or_default();
        let id = p.text("id").unwrap_or_default();
        if let Some(description) = opt_text(p, "description")? {
            b.note(p, description)?;
        }
        let mut lines = vec![format!(
            "From the Open Threat Model project \u{201c}{name}\u{201d} (ID {id})."
        )];
        if let Some(owner) = opt_text(p, "owner")? {
            let contact = opt_text(p, "ownerContact")?
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            lines.push(format!("Owner: {owner}{contact}"));
        }
        lines.extend(tags(&texts(p, "tags")));
        lines.extend(other_attributes(p, &[attr::GENERATOR]));
        b.note(p, &lines.join("\n"))?;

        let mut ratings = Vec::new();
        for asset in &self.file.assets {
            let name = asset.text("name").or(asset.text("id")).unwrap_or("asset");
            let text = match opt_text(asset, "description")? {
                Some(d) if !d.trim().is_empty() => format!("{name} \u{2014} {d}"),
                _ => name.to_owned(),
            };
            let text = one_line(&text);
            if text.is_empty() {
                continue;
            }
            b.apply(asset, Edit::AddAsset(text))?;
            *b.summary.added.entry("asset").or_default() += 1;
            if let Some(risk) = asset.get("risk") {
                let n = |key| risk.number(key).map_or("–".to_owned(), |v| v.to_string());
                let comment = risk
                    .text("comment")
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default();
                ratings.push(format!(
                    "- {name}: confidentiality {}, integrity {}, availability {}{comment}",
                    n("confidentiality"),
                    n("integrity"),
                    n("availability")
                ));
            }
        }
        if !ratings.is_empty() {
            let at = At::root(self.file.project.value);
            b.note(
                &at,
                &format!("Asset ratings in OTM (0–100):\n{}", ratings.join("\n")),
            )?;
            self.tally.asset_ratings = ratings.len();
        }
        let representations: Vec<String> = self
            .file
            .representations
            .iter()
            .map(|r| {
                let name = r.text("name").unwrap_or_default();
                let kind = r.text("type").unwrap_or_default();
                let url = r
                    .get("repository")
                    .and_then(|repo| repo.text("url"))
                    .map(|u| format!(", {u}"))
                    .unwrap_or_default();
                format!("- {name} ({kind}{url})")
            })
            .collect();
        if !representations.is_empty() {
            b.note(
                p,
                &format!("Representations in OTM:\n{}", representations.join("\n")),
            )?;
            self.tally.representations = representations.len();
        }
        Ok(())
    }

    /// Each component as an element of the kind its type says.
    fn components(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
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
    fn flows<'f>(
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
    fn boundaries(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
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

    /// One threat instance as a threat in a live cell of its element.
    fn threat(
        &mut self,
        b: &mut Builder<'_>,
        element: &Id,
        node: &Node<'a>,
        instance: &Instance<'a>,
    ) -> Result<(), ImportError> {
        let Some(def) = self.file.threats.get(instance.threat) else {
            self.tally.undefined_threats += 1;
            self.leftovers.push(format!(
                "- {} names the threat {}, which is not in the file's threats.",
                instance.at.path, instance.threat
            ));
            return Ok(());
        };
        self.used.insert(instance.threat);
        let kind = b
            .session()
            .element(element)
            .map(|e| e.kind.clone())
            .ok_or_else(|| instance.at.error("its element was not added"))?;
        let (stride, other): (Vec<_>, Vec<_>) = def
            .categories
            .iter()
            .map(|name| (mapping::category(name), *name))
            .partition(|(c, _)| c.is_some());
        let stride: Vec<Category> = stride.into_iter().filter_map(|(c, _)| c).collect();
        let other: Vec<&str> = other.into_iter().map(|(_, n)| n).collect();
        let placement = mapping::place(&stride, &kind)
            .ok_or_else(|| instance.at.error("a trust boundary carries no threats"))?;
        let mut extra = Vec::new();
        if !def.likelihood_comment.is_empty() {
            extra.push(format!("Likelihood: {}", def.likelihood_comment));
        }
        if !def.impact_comment.is_empty() {
            extra.push(format!("Impact: {}", def.impact_comment));
        }
        let label = kind.tag().label();
        match &placement {
            Placement::Exact(_) => {}
            Placement::FirstOfSeveral { others, .. } => {
                self.tally.several += 1;
                let names: Vec<&str> = others.iter().map(|c| c.name()).collect();
                extra.push(format!("Also categorized in OTM as: {}", names.join(", ")));
            }
            Placement::Moved { from, to } => {
                *self.tally.moved.entry((*from, label, *to)).or_default() += 1;
                extra.push(format!(
                    "OTM category {from} does not apply to a {label}: recorded under {to}."
                ));
            }
            Placement::NoStride(c) => {
                self.tally.no_stride += 1;
                extra.push(format!("No STRIDE category in OTM: recorded under {c}."));
            }
        }
        if !other.is_empty() {
            for name in &other {
                *self.tally.other_categories.entry(short(name)).or_default() += 1;
            }
            extra.push(format!("Other OTM categories: {}", other.join(", ")));
        }
        let mut references = Vec::new();
        for cwe in &def.cwes {
            let text = if cwe.trim().bytes().all(|c| c.is_ascii_digit()) {
                format!("CWE-{}", cwe.trim())
            } else {
                (*cwe).to_owned()
            };
            match text.parse::<Reference>() {
                Ok(r) if !references.contains(&r) => references.push(r),
                Ok(_) => {}
                Err(_) => {
                    self.tally.bad_cwes += 1;
                    extra.push(format!("CWE not read: {cwe}"));
                }
            }
        }
        let attributes = def.at.get("attributes");
        let attribute = |key| attributes.as_ref().and_then(|a| a.get(key));
        if let Some(capec) =
            attribute(attr::CAPEC).and_then(|c| c.value.as_str().map(str::to_owned))
        {
            match Reference::parse_list(&capec) {
                Ok(list) => {
                    for r in list {
                        if !references.contains(&r) {
                            references.push(r);
                        }
                    }
                }
                Err(_) => extra.push(format!("CAPEC not read: {capec}")),
            }
        }
        extra.extend(tags(&def.tags));

        // Links: the ones kept answer the threat; rejected ones are only noted.
        let mut kept = Vec::new();
        for link in &instance.links {
            let state = link.state.clone().unwrap_or_default();
            let Some(mitigation) = self
                .file
                .mitigations
                .iter()
                .find(|m| m.id == link.mitigation)
            else {
                self.tally.undefined_mitigations += 1;
                extra.push(format!(
                    "Linked in OTM to the mitigation {}, which is not in the file's mitigations.",
                    link.mitigation
                ));
                continue;
            };
            if matches!(
                state.as_str(),
                "rejected" | "not-applicable" | "not applicable" | "notapplicable" | "na"
            ) {
                self.tally.rejected += 1;
                extra.push(format!(
                    "The mitigation \u{201c}{}\u{201d} is {state} here in OTM.",
                    mitigation.name
                ));
                continue;
            }
            kept.push((mitigation, state));
        }
        let implemented: Vec<bool> = kept
            .iter()
            .map(|(_, s)| s == written::IMPLEMENTED)
            .collect();
        if let Some(state) = &instance.state
            && state != written::threat_state(&implemented)
        {
            *self.tally.states.entry(short(state)).or_default() += 1;
            let why = if state.starts_with("accept") {
                " (not recorded as an accepted risk: OTM gives no owner or review date)"
            } else {
                ""
            };
            extra.push(format!("State in OTM: {state}{why}."));
        }
        extra.extend(other_attributes(
            &def.at,
            &[
                attr::THREAT_SOURCE,
                attr::PREREQUISITES,
                attr::THREAT_ACTION,
                attr::THREAT_IMPACT,
                attr::IMPACTED_ASSETS,
                attr::CAPEC,
                attr::RESIDUAL_LIKELIHOOD,
                attr::RESIDUAL_IMPACT,
            ],
        ));

        let likelihood = self.rating(def.likelihood);
        let impact = self.rating(def.impact);
        let grammar_part = |key| {
            attribute(key)
                .and_then(|v| v.value.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let written_residual = attribute(attr::RESIDUAL_LIKELIHOOD).is_some()
            || attribute(attr::RESIDUAL_IMPACT).is_some();
        let (residual_likelihood, residual_impact) = if written_residual {
            let one_to_five = |key| {
                attribute(key)
                    .and_then(|v| v.value.as_u64())
                    .and_then(|v| u8::try_from(v).ok())
                    .filter(|v| (1..=5).contains(v))
            };
            (
                one_to_five(attr::RESIDUAL_LIKELIHOOD),
                one_to_five(attr::RESIDUAL_IMPACT),
            )
        } else {
            let reduction: f64 = kept
                .iter()
                .filter(|(_, s)| s == written::IMPLEMENTED)
                .filter_map(|(m, _)| m.reduction)
                .filter(|r| r.is_finite())
                .sum();
            match (likelihood, impact) {
                (Some(l), Some(i)) => match mapping::residual_likelihood(l, reduction) {
                    Some(residual) => {
                        self.tally.residual += 1;
                        (Some(residual), Some(i))
                    }
                    None => (None, None),
                },
                _ => (None, None),
            }
        };
        let draft = ThreatDraft {
            title: def.name.to_owned(),
            grammar: Grammar {
                source: grammar_part(attr::THREAT_SOURCE),
                prerequisites: grammar_part(attr::PREREQUISITES),
                action: grammar_part(attr::THREAT_ACTION),
                impact: grammar_part(attr::THREAT_IMPACT),
                assets: grammar_part(attr::IMPACTED_ASSETS),
            },
            likelihood,
            impact,
            residual_likelihood,
            residual_impact,
            references,
            notes: notes(def.description, &extra),
        };
        let threat = b.threat(&instance.at, element, placement.category(), draft)?;
        for (mitigation, state) in kept {
            self.links.entry(mitigation.id).or_default().push(Linked {
                threat: threat.clone(),
                implemented: state == written::IMPLEMENTED,
                state: if state.is_empty() {
                    "no state".to_owned()
                } else {
                    state
                },
                label: format!("\u{201c}{}\u{201d} on {}", def.name, node.name),
            });
        }
        Ok(())
    }

    /// A 0–100 value as a rating, counting values outside the scale.
    fn rating(&mut self, value: Option<f64>) -> Option<u8> {
        let value = value?;
        if !(0.0..=100.0).contains(&value) {
            self.tally.out_of_scale += 1;
        }
        written::rating(value)
    }

    /// Each mitigation as one decision answering every threat it is linked to.
    fn decisions(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        for m in &self.file.mitigations {
            let mut linked = self.links.remove(m.id).unwrap_or_default();
            let mut seen = HashSet::new();
            linked.retain(|l| seen.insert(l.threat.clone()));
            if linked.is_empty() {
                self.tally.unlinked += 1;
                self.leftovers.push(format!(
                    "- Mitigation \u{201c}{}\u{201d} is linked to no threat{}.",
                    m.name,
                    if m.description.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", m.description)
                    }
                ));
                continue;
            }
            let attributes = m.at.get("attributes");
            let attribute = |key| attributes.as_ref().and_then(|a| a.text(key));
            let kind = attribute(attr::DECISION)
                .and_then(|k| DecisionKind::ALL.into_iter().find(|d| d.name() == k))
                .unwrap_or(DecisionKind::Mitigate);
            let done = linked.iter().filter(|l| l.implemented).count();
            let status = attribute(attr::STATUS)
                .and_then(|s| DecisionStatus::ALL.into_iter().find(|d| d.name() == s))
                .unwrap_or(if done == linked.len() {
                    DecisionStatus::Done
                } else if done > 0 {
                    DecisionStatus::InProgress
                } else {
                    DecisionStatus::Open
                });
            let owner = attribute(attr::OWNER).map(str::to_owned);
            let review_by = attribute(attr::REVIEW_BY).and_then(|d| d.parse::<NaiveDate>().ok());
            if kind == DecisionKind::Accept
                && (owner.is_none() || review_by.is_none_or(|d| d < b.today()))
            {
                self.tally.unaccepted += 1;
                let line = format!(
                    "The decision \u{201c}{}\u{201d} accepts this risk in OTM, without an owner or a review date from today on: not recorded as an accepted risk.",
                    m.name
                );
                for l in &linked {
                    append_note(b, &m.at, &l.threat, &line)?;
                }
                continue;
            }
            let mut extra = Vec::new();
            if let Some(r) = m.reduction.filter(|r| *r != 0.0) {
                extra.push(format!("Risk reduction in OTM: {r} %"));
            }
            let states: HashSet<&str> = linked.iter().map(|l| l.state.as_str()).collect();
            let plain = states.len() == 1
                && states
                    .iter()
                    .all(|s| *s == written::IMPLEMENTED || *s == written::REQUIRED);
            if !plain {
                let each: Vec<String> = linked
                    .iter()
                    .map(|l| format!("{} for {}", l.state, l.label))
                    .collect();
                extra.push(format!("State in OTM: {}", each.join("; ")));
            }
            extra.extend(other_attributes(
                &m.at,
                &[
                    attr::DECISION,
                    attr::STATUS,
                    attr::OWNER,
                    attr::TICKET_REF,
                    attr::REVIEW_BY,
                ],
            ));
            let draft = DecisionDraft {
                kind,
                threats: linked.iter().map(|l| l.threat.clone()).collect(),
                summary: m.name.to_owned(),
                rationale: notes(m.description, &extra),
                owner,
                ticket: attribute(attr::TICKET_REF).map(str::to_owned),
                status,
                review_by,
            };
            b.decision(&m.at, draft)?;
            self.tally.decisions += 1;
        }
        Ok(())
    }

    /// Threats on nothing and whatever else had no place, into the session notes.
    fn leftovers(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        for id in &self.file.threat_order {
            if self.used.contains(id) {
                continue;
            }
            let Some(def) = self.file.threats.get(id) else {
                continue;
            };
            self.tally.unused_threats += 1;
            let categories = if def.categories.is_empty() {
                String::new()
            } else {
                format!(" ({})", def.categories.join(", "))
            };
            let description = if def.description.is_empty() {
                String::new()
            } else {
                format!(": {}", def.description)
            };
            self.leftovers.push(format!(
                "- Threat \u{201c}{}\u{201d}{categories} is on no component or flow{description}",
                def.name
            ));
        }
        if self.leftovers.is_empty() {
            return Ok(());
        }
        let at = At::root(self.file.project.value);
        b.note(
            &at,
            &format!(
                "Not placed from the OTM file:\n{}",
                std::mem::take(&mut self.leftovers).join("\n")
            ),
        )
    }

    /// Asset ID → name.
    fn asset_names(&self) -> HashMap<&'a str, &'a str> {
        self.file
            .assets
            .iter()
            .filter_map(|a| Some((a.text("id")?, a.text("name")?)))
            .collect()
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

/// Appends a line to a threat's notes.
fn append_note(
    b: &mut Builder<'_>,
    at: &At<'_>,
    threat: &Id,
    line: &str,
) -> Result<(), ImportError> {
    let Some(existing) = b.session().threat(threat) else {
        return Ok(());
    };
    let mut draft = ThreatDraft::from(existing);
    draft.notes = notes(&draft.notes, &[line.to_owned()]);
    draft.notes = crate::import::text(&draft.notes);
    b.apply(at, Edit::UpdateThreat(threat.clone(), draft))
        .map(|_| ())
}

/// A description, then a blank line and the extra lines (each made one line).
fn notes(description: &str, extra: &[String]) -> String {
    let extra: Vec<String> = extra
        .iter()
        .map(|l| one_line(l))
        .filter(|l| !l.is_empty())
        .collect();
    match (description.trim().is_empty(), extra.is_empty()) {
        (_, true) => description.to_owned(),
        (true, false) => extra.join("\n"),
        (false, false) => format!("{}\n\n{}", description.trim_end(), extra.join("\n")),
    }
}

/// A name from the file as the summary shows it: one line, at most 60 columns.
fn short(text: &str) -> String {
    crate::text::fit(&one_line(text), 60)
}

/// "Tags: a, b", when there are any.
fn tags(tags: &[&str]) -> Option<String> {
    (!tags.is_empty()).then(|| format!("Tags: {}", tags.join(", ")))
}

/// The texts of the list `key`, whatever else it holds.
fn texts<'a>(at: &At<'a>, key: &str) -> Vec<&'a str> {
    at.list(key)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.value.as_str())
        .collect()
}

/// "Attributes: key: value, ..." for the attributes threatbench does not read itself.
fn other_attributes(at: &At<'_>, known: &[&str]) -> Option<String> {
    let attributes = at.get("attributes")?;
    let map = attributes.value.as_object()?;
    let shown: Vec<String> = map
        .iter()
        .filter(|(k, v)| !known.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}: {s}"),
            other => format!("{k}: {other}"),
        })
        .collect();
    (!shown.is_empty()).then(|| format!("Attributes: {}", shown.join(", ")))
}

/// What the summary says, counted as the build goes.
#[derive(Default)]
struct Tally {
    /// Component type → (kind label, by default, count).
    types: BTreeMap<String, (&'static str, bool, usize)>,
    nested: usize,
    nested_zones: usize,
    zones_in_components: usize,
    outside_zones: usize,
    bidirectional: usize,
    dangling: usize,
    dangling_threats: usize,
    loops: usize,
    several: usize,
    moved: BTreeMap<(Category, &'static str, Category), usize>,
    no_stride: usize,
    other_categories: BTreeMap<String, usize>,
    bad_cwes: usize,
    out_of_scale: usize,
    residual: usize,
    states: BTreeMap<String, usize>,
    rejected: usize,
    undefined_threats: usize,
    undefined_mitigations: usize,
    unlinked: usize,
    unaccepted: usize,
    unused_threats: usize,
    decisions: usize,
    shapes: usize,
    asset_ratings: usize,
    representations: usize,
}

impl Tally {
    fn count_type(&mut self, otm_type: &str, kind: &ElementKind, by_default: bool) {
        let shown = match short(otm_type) {
            t if t.is_empty() => "(no type)".to_owned(),
            t => t,
        };
        let entry = self
            .types
            .entry(shown)
            .or_insert((kind.tag().label(), by_default, 0));
        entry.2 += 1;
    }

    /// The summary's lines, one per kind of mapping, with counts.
    fn report(&self, b: &mut Builder<'_>) {
        let list = |items: Vec<String>| crate::text::fit(&items.join(", "), 400);
        let read: Vec<String> = self
            .types
            .iter()
            .filter(|(_, (_, by_default, _))| !by_default)
            .map(|(t, (kind, _, n))| format!("{t} \u{2192} {kind} ({n})"))
            .collect();
        let defaulted: Vec<String> = self
            .types
            .iter()
            .filter(|(_, (_, by_default, _))| *by_default)
            .map(|(t, (_, _, n))| format!("{t} ({n})"))
            .collect();
        if !read.is_empty() {
            b.mapped(format!("component type \u{2192} kind: {}", list(read)));
        }
        if !defaulted.is_empty() {
            b.mapped(format!(
                "component types read as a process (no word of the type says otherwise): {}",
                list(defaulted)
            ));
        }
        if self.nested > 0 {
            b.mapped(format!(
                "{} inside another component: elements of their own, in their parent's trust zone, the parent named in their notes",
                crate::text::count(self.nested, "component")
            ));
        }
        if self.nested_zones > 0 {
            b.mapped(format!(
                "{} inside another zone: the outer boundary holds the inner one's members too",
                crate::text::count(self.nested_zones, "trust zone")
            ));
        }
        if self.outside_zones > 0 {
            b.mapped(format!(
                "{} marked trustBoundary false (outside every boundary): no boundary made",
                crate::text::count(self.outside_zones, "trust zone")
            ));
        }
        if self.bidirectional > 0 {
            b.mapped(format!(
                "{}: one flow source \u{2192} destination each, \"bidirectional\" in its notes",
                crate::text::count(self.bidirectional, "bidirectional dataflow")
            ));
        }
        let risk_read = !self.types.is_empty() || self.residual > 0;
        if risk_read && b.summary.added_of("threat") > 0 {
            b.mapped("risk likelihood and impact 0–100 \u{2192} 1–5 (1–20 is 1, 21–40 is 2, \u{2026}, 81–100 is 5; 0 or none is unrated)");
        }
        if self.several > 0 {
            b.mapped(format!(
                "{} with several STRIDE categories: under the first that applies to the element, the others in the notes",
                crate::text::count(self.several, "threat")
            ));
        }
        if !self.moved.is_empty() {
            let moved: Vec<String> = self
                .moved
                .iter()
                .map(|((from, kind, to), n)| format!("{from} on a {kind} \u{2192} {to} ({n})"))
                .collect();
            b.mapped(format!(
                "threats whose category does not apply to their element, under the nearest that does (authenticity, non-repudiation and authorization \u{2192} integrity on flows and stores; all but Repudiation \u{2192} Spoofing on external entities), the original in the notes: {}",
                list(moved)
            ));
        }
        if self.no_stride > 0 {
            b.mapped(format!(
                "{} without a STRIDE category: under the element's first live category, noted",
                crate::text::count(self.no_stride, "threat")
            ));
        }
        if self.residual > 0 {
            b.mapped(format!(
                "residual rating of {} from the riskReduction of their implemented mitigations: likelihood × (1 \u{2212} sum/100), rounded up; impact unchanged",
                crate::text::count(self.residual, "threat")
            ));
        }
        if self.decisions > 0 {
            b.mapped(format!(
                "{}: one decision each (mitigate, unless threatbench's attributes say otherwise), answering every threat it is linked to; done when implemented everywhere, in progress when somewhere",
                crate::text::count(self.decisions, "mitigation")
            ));
        }
        if !self.states.is_empty() {
            let states: Vec<String> = self
                .states
                .iter()
                .map(|(s, n)| format!("{s} ({n})"))
                .collect();
            let accepted = self.states.keys().any(|s| s.starts_with("accept"));
            b.not_mapped(format!(
                "threat states the mitigations do not show, kept in the threats' notes: {}{}",
                list(states),
                if accepted {
                    "; an accepted risk needs an owner and a review date, which OTM does not give, so it stays undecided"
                } else {
                    ""
                }
            ));
        }
        let counted = [
            (
                self.unaccepted,
                "accepting decision",
                "without an owner or a review date from today on: not recorded, noted on their threats",
            ),
            (
                self.rejected,
                "mitigation link",
                "rejected or not applicable: no decision for that threat, noted on it",
            ),
            (
                self.unlinked,
                "mitigation",
                "linked to no threat: in the session notes",
            ),
            (
                self.unused_threats,
                "threat",
                "on no component or flow: in the session notes",
            ),
            (
                self.undefined_threats,
                "threat instance",
                "naming a threat that is not in threats: in the session notes",
            ),
            (
                self.undefined_mitigations,
                "mitigation link",
                "to a mitigation that is not in mitigations: noted on the threat",
            ),
            (
                self.dangling,
                "dataflow",
                "with an end that names no component or trust zone: in the session notes with its threats",
            ),
            (
                self.loops,
                "dataflow",
                "from an element to itself: in the session notes with its threats",
            ),
            (
                self.zones_in_components,
                "trust zone",
                "inside a component: a boundary of its own, noted",
            ),
            (
                self.bad_cwes,
                "CWE entry",
                "that is not a CWE ID: in the threats' notes",
            ),
            (
                self.out_of_scale,
                "rating",
                "outside 0–100: read as the nearest end",
            ),
            (
                self.shapes,
                "diagram shape",
                "(position and size): threatbench has no diagram",
            ),
            (
                self.asset_ratings,
                "asset rating",
                "(confidentiality, integrity, availability): in the session notes",
            ),
            (
                self.representations,
                "representation",
                "(diagram or code): in the session notes",
            ),
        ];
        for (n, what, why) in counted {
            if n > 0 {
                b.not_mapped(format!("{} {why}", crate::text::count(n, what)));
            }
        }
        if self.dangling_threats > 0 {
            b.not_mapped(format!(
                "{} on dataflows that are not flows here: in the session notes",
                crate::text::count(self.dangling_threats, "threat")
            ));
        }
        if !self.other_categories.is_empty() {
            let other: Vec<String> = self
                .other_categories
                .iter()
                .map(|(c, n)| format!("{c} ({n})"))
                .collect();
            b.not_mapped(format!(
                "categories of other methods, kept in the threats' notes: {}",
                list(other)
            ));
        }
    }
}
