//! What the summary says about an OTM import: counted as the build goes, reported once at
//! the end, one line per kind of mapping.

use std::collections::BTreeMap;

use super::short;
use crate::import::Builder;
use crate::model::{Category, ElementKind};

/// What the summary says, counted as the build goes.
#[derive(Default)]
pub(super) struct Tally {
    /// Component type → (kind label, by default, count).
    pub(super) types: BTreeMap<String, (&'static str, bool, usize)>,
    /// Components inside another component.
    pub(super) nested: usize,
    /// Trust zones inside another zone.
    pub(super) nested_zones: usize,
    /// Trust zones inside a component.
    pub(super) zones_in_components: usize,
    /// Trust zones marked `trustBoundary` false.
    pub(super) outside_zones: usize,
    /// Bidirectional dataflows.
    pub(super) bidirectional: usize,
    /// Dataflows with an end that names nothing.
    pub(super) dangling: usize,
    /// Threats on dataflows that are not flows here (dangling or loops).
    pub(super) dangling_threats: usize,
    /// Dataflows from an element to itself.
    pub(super) loops: usize,
    /// Threats with several STRIDE categories.
    pub(super) several: usize,
    /// Threats moved to the nearest live category: (from, element kind, to) → count.
    pub(super) moved: BTreeMap<(Category, &'static str, Category), usize>,
    /// Threats without a STRIDE category.
    pub(super) no_stride: usize,
    /// Categories of other methods → count.
    pub(super) other_categories: BTreeMap<String, usize>,
    /// CWE entries that are not CWE IDs.
    pub(super) bad_cwes: usize,
    /// Ratings outside 0–100.
    pub(super) out_of_scale: usize,
    /// Threats given a residual rating from `riskReduction`.
    pub(super) residual: usize,
    /// Threat states the mitigations do not show → count.
    pub(super) states: BTreeMap<String, usize>,
    /// Mitigation links rejected or not applicable.
    pub(super) rejected: usize,
    /// Threat instances naming a threat not in `threats`.
    pub(super) undefined_threats: usize,
    /// Mitigation links naming a mitigation not in `mitigations`.
    pub(super) undefined_mitigations: usize,
    /// Mitigations linked to no threat.
    pub(super) unlinked: usize,
    /// Accepting decisions without an owner or a review date from today on.
    pub(super) unaccepted: usize,
    /// Threats on no component or flow.
    pub(super) unused_threats: usize,
    /// Mitigations made decisions.
    pub(super) decisions: usize,
    /// Diagram shapes (position and size) of components.
    pub(super) shapes: usize,
    /// Assets with a risk rating.
    pub(super) asset_ratings: usize,
    /// Representations of the project.
    pub(super) representations: usize,
}

impl Tally {
    /// Counts a component of `otm_type` read as `kind`.
    pub(super) fn count_type(&mut self, otm_type: &str, kind: &ElementKind, by_default: bool) {
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
    pub(super) fn report(&self, b: &mut Builder<'_>) {
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
