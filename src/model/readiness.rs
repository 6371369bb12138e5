//! "Did we do a good job?" as checks a session can answer about itself: the pitfalls that
//! make a threat model look finished when it is not (boundaries skipped, risks accepted
//! without an owner or a date, mitigations with no ticket, ...).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::decision::DecisionKind;
use super::element::ElementKind;
use super::figures::CellStates;
use super::id::Id;
use super::rules::{Rule, Thresholds};
use super::session::Session;

/// One item of the readiness checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What is checked, phrased as the goal.
    pub label: &'static str,
    /// Whether the session meets it.
    pub ok: bool,
    /// The detail: what is missing, or why it holds.
    pub detail: String,
}

/// A check that holds when nothing is `missing`; otherwise its detail names the first six
/// (only those are made into text: a list may hold thousands).
fn check<T: std::fmt::Display>(label: &'static str, missing: &[T], fine: &str) -> Check {
    let ok = missing.is_empty();
    let detail = if ok {
        fine.to_owned()
    } else {
        let shown: Vec<String> = missing.iter().take(6).map(ToString::to_string).collect();
        let more = missing.len().saturating_sub(shown.len());
        let mut text = shown.join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    };
    Check { label, ok, detail }
}

impl Session {
    /// The readiness checklist as of `as_of` (the day accepted risks are judged against)
    /// under `thresholds` (the repository policy's, or the defaults), in the order the
    /// review shows it.
    pub fn readiness(&self, as_of: NaiveDate, thresholds: &Thresholds) -> Vec<Check> {
        let crossing: HashSet<Id> = self.crossing_flows().into_iter().cloned().collect();
        self.readiness_with(as_of, thresholds, &self.cell_states(), &crossing)
    }

    /// [`Session::readiness`] from cell states and crossing flows already worked out (the
    /// workbench keeps them).
    pub fn readiness_with(
        &self,
        as_of: NaiveDate,
        thresholds: &Thresholds,
        cells: &CellStates,
        crossing_flows: &HashSet<Id>,
    ) -> Vec<Check> {
        let crossing: Vec<&Id> = self
            .elements
            .iter()
            .filter(|e| crossing_flows.contains(&e.id) && !cells.unconsidered(e).is_empty())
            .map(|e| &e.id)
            .collect();
        let coverage = self.coverage_of(cells);
        // The rules `check` applies, judged the same way: the screen and CI agree.
        let findings = self.rule_subjects(as_of, thresholds, cells);
        let missing = coverage.live - coverage.considered;
        let below = findings
            .iter()
            .any(|(rule, _)| *rule == Rule::CellNotConsidered);
        let unconsidered = if below || coverage.live == 0 {
            vec![format!(
                "{missing} of {} cells not considered",
                coverage.live
            )]
        } else {
            Vec::new()
        };
        let all_considered = if missing == 0 {
            "all considered".to_owned()
        } else {
            format!(
                "{missing} not considered; the policy asks for {}%",
                thresholds.coverage_min
            )
        };
        let found = |rules: &[Rule]| -> Vec<&Id> {
            let mut ids: Vec<&Id> = findings
                .iter()
                .filter(|(rule, _)| rules.contains(rule))
                .map(|(_, subject)| *subject)
                .collect();
            ids.dedup();
            ids
        };
        let undecided = found(&[Rule::UndecidedThreat]);
        let ownerless = found(&[Rule::DecisionWithoutOwner]);
        let open_ended_ids: HashSet<&Id> = findings
            .iter()
            .filter(|(rule, _)| {
                matches!(rule, Rule::AcceptanceOpenEnded | Rule::DecisionWithoutOwner)
            })
            .map(|(_, subject)| *subject)
            .collect();
        let open_ended: Vec<&Id> = self
            .decisions
            .iter()
            .filter(|d| d.kind == DecisionKind::Accept && open_ended_ids.contains(&d.id))
            .map(|d| &d.id)
            .collect();
        let overdue = found(&[Rule::AcceptanceOverdue]);
        let untracked = found(&[Rule::MitigationWithoutTicket]);
        let touched: HashSet<&Id> = self
            .elements
            .iter()
            .filter_map(|e| match &e.kind {
                ElementKind::DataFlow { from, to, .. } => Some([from, to]),
                _ => None,
            })
            .flatten()
            .collect();
        let isolated_stores: Vec<&Id> = self
            .elements
            .iter()
            .filter(|e| matches!(e.kind, ElementKind::DataStore { .. }) && !touched.contains(&e.id))
            .map(|e| &e.id)
            .collect();
        let has_boundary = self
            .elements
            .iter()
            .any(|e| matches!(e.kind, ElementKind::TrustBoundary { .. }));
        let boundaries = "trust boundaries drawn, and the flows crossing them visited";
        let mut checks = vec![
            if has_boundary {
                check(boundaries, &crossing, "all visited")
            } else {
                check(boundaries, &["no trust boundary drawn yet"], "all visited")
            },
            check(
                "every live cell was considered",
                &unconsidered,
                &all_considered,
            ),
            check("every threat has a decision", &undecided, "all decided"),
            check("every decision has an owner", &ownerless, "all owned"),
            check(
                "no risk accepted without an owner and a review date",
                &open_ended,
                "none open-ended",
            ),
            check(
                "no accepted risk is past its review date",
                &overdue,
                "none overdue",
            ),
            check("every mitigation has a ticket", &untracked, "all tracked"),
            check(
                "every data store is read or written by a flow",
                &isolated_stores,
                "all connected",
            ),
            check(
                "assumptions are written down",
                if self.assumptions.is_empty() {
                    &["none recorded"][..]
                } else {
                    &[]
                },
                "recorded",
            ),
        ];
        // Only while some cell waits: most sessions never have a mark.
        if !self.needs_review.is_empty() {
            let cells: Vec<String> = self
                .needs_review
                .iter()
                .map(|m| format!("{} · {}", m.element, m.category))
                .collect();
            checks.push(check(
                "cells marked to look at again were reviewed",
                &cells,
                "none waiting",
            ));
        }
        checks
    }
}
