//! Each mitigation as one decision answering every threat it is linked to; an accepted
//! risk without an owner or a review date is only noted on its threats.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Run, notes, other_attributes};
use crate::export::otm::{self as written, attr};
use crate::import::json::At;
use crate::import::{Builder, ImportError};
use crate::model::{
    DecisionDraft, DecisionKind, DecisionStatus, Edit, Id, Requirement, ThreatDraft,
};

impl Run<'_, '_> {
    /// Each mitigation as one decision answering every threat it is linked to.
    pub(super) fn decisions(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
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
            // Points that are not of the Annex are left to the notes with the other attributes.
            let requirements = attribute(attr::REQUIREMENTS)
                .and_then(|r| Requirement::parse_list(r).ok())
                .unwrap_or_default();
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
                    attr::REQUIREMENTS,
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
                requirements,
            };
            b.decision(&m.at, draft)?;
            self.tally.decisions += 1;
        }
        Ok(())
    }
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
