//! Each threat instance on a component or flow as a threat in a live cell of its element:
//! its categories placed, its ratings and references read, its links to mitigations kept
//! for the decisions.

use super::{Linked, Run, notes, other_attributes, short, tags};
use crate::export::otm::{self as written, attr};
use crate::import::otm::mapping::{self, Placement};
use crate::import::otm::read::{Instance, Node};
use crate::import::{Builder, ImportError};
use crate::model::{Category, Grammar, Id, Reference, ThreatDraft};

impl<'a> Run<'_, 'a> {
    /// One threat instance as a threat in a live cell of its element.
    pub(super) fn threat(
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
}
