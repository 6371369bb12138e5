//! "Did we do a good job?" as checks a session can answer about itself: the pitfalls that
//! make a threat model look finished when it is not (boundaries skipped, risks accepted
//! without an owner or a date, mitigations with no ticket, ...).

use super::hasher::Set;

use chrono::NaiveDate;

use super::decision::DecisionKind;
use super::element::ElementKind;
use super::id::Id;
use super::rules::{Counted, Rule, Thresholds};
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

/// How many of a list the checklist names; the rest it counts.
const SHOWN: usize = 6;

/// A check that holds when nothing is `missing`; otherwise its detail names the first six
/// (only those are made into text: a list may hold thousands).
fn check<T: std::fmt::Display>(label: &'static str, missing: &[T], fine: &str) -> Check {
    tallied(
        label,
        &missing[..missing.len().min(SHOWN)],
        missing.len(),
        fine,
    )
}

/// A check of `total` things missing, of which `shown` are the first.
fn tallied<T: std::fmt::Display>(
    label: &'static str,
    shown: &[T],
    total: usize,
    fine: &str,
) -> Check {
    let ok = total == 0;
    let detail = if ok {
        fine.to_owned()
    } else {
        let shown: Vec<String> = shown.iter().map(ToString::to_string).collect();
        let more = total.saturating_sub(shown.len());
        let mut text = shown.join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    };
    Check { label, ok, detail }
}

/// The subjects of one rule as the checklist names them: how many, and the first six. The
/// same subject twice in a row (an element with several cells marked) counts once.
#[derive(Default)]
struct Tally<'a> {
    total: usize,
    shown: Vec<&'a Id>,
    last: Option<&'a Id>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, id: &'a Id) {
        if self.last == Some(id) {
            return;
        }
        self.last = Some(id);
        self.total += 1;
        if self.shown.len() < SHOWN {
            self.shown.push(id);
        }
    }

    fn check(&self, label: &'static str, fine: &str) -> Check {
        tallied(label, &self.shown, self.total, fine)
    }
}

impl Session {
    /// The readiness checklist as of `as_of` (the day accepted risks are judged against)
    /// under `thresholds` (the repository policy's, or the defaults), in the order the
    /// review shows it.
    pub fn readiness(&self, as_of: NaiveDate, thresholds: &Thresholds) -> Vec<Check> {
        let crossing: Set<Id> = self.crossing_flows().into_iter().cloned().collect();
        let decided = self.decided_ids();
        let cells = self.cell_states();
        let counted = Counted {
            cells: &cells,
            coverage: self.coverage_of(&cells),
            answered: &|i| decided.contains(&self.threats[i].id),
        };
        self.readiness_with(as_of, thresholds, counted, &crossing)
    }

    /// [`Session::readiness`] from figures already `counted` and the crossing flows (the
    /// workbench keeps them).
    pub fn readiness_with(
        &self,
        as_of: NaiveDate,
        thresholds: &Thresholds,
        counted: Counted<'_>,
        crossing_flows: &Set<Id>,
    ) -> Vec<Check> {
        let cells = counted.cells;
        let crossing: Vec<&Id> = self
            .elements
            .iter()
            .filter(|e| crossing_flows.contains(&e.id) && !cells.unconsidered(e).is_empty())
            .map(|e| &e.id)
            .collect();
        let coverage = counted.coverage;
        // The rules `check` applies, judged the same way: the screen and CI agree. Only
        // what the checklist shows is kept of them.
        let (mut undecided, mut ownerless) = (Tally::default(), Tally::default());
        let (mut overdue, mut untracked) = (Tally::default(), Tally::default());
        let mut open_ended_ids: Set<&Id> = Set::default();
        let mut below = false;
        self.find(
            as_of,
            thresholds,
            counted,
            &mut |rule, subject, _| match rule {
                Rule::UndecidedThreat => undecided.add(subject),
                Rule::CellNotConsidered => below = true,
                Rule::DecisionWithoutOwner => {
                    ownerless.add(subject);
                    open_ended_ids.insert(subject);
                }
                Rule::AcceptanceOpenEnded => {
                    open_ended_ids.insert(subject);
                }
                Rule::AcceptanceOverdue => overdue.add(subject),
                Rule::MitigationWithoutTicket => untracked.add(subject),
                _ => {}
            },
        );
        let missing = coverage.live - coverage.considered;
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
        let open_ended: Vec<&Id> = if open_ended_ids.is_empty() {
            Vec::new()
        } else {
            self.decisions
                .iter()
                .filter(|d| d.kind == DecisionKind::Accept && open_ended_ids.contains(&d.id))
                .map(|d| &d.id)
                .collect()
        };
        let touched: Set<&Id> = self
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
            undecided.check("every threat has a decision", "all decided"),
            ownerless.check("every decision has an owner", "all owned"),
            check(
                "no risk accepted without an owner and a review date",
                &open_ended,
                "none open-ended",
            ),
            overdue.check("no accepted risk is past its review date", "none overdue"),
            untracked.check("every mitigation has a ticket", "all tracked"),
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
