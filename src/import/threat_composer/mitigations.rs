//! threat-composer's mitigations as mitigate decisions through `mitigationLinks`: one
//! decision each, answering every threat it is linked to; "resolved, will not action" and
//! unlinked ones noted instead.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::map::{self, Plan};
use super::read::{ContentItem, Workspace};
use super::{item_notes, tags};
use crate::import::{Builder, ImportError, one_line};
use crate::model::{DecisionDraft, DecisionKind, DecisionStatus, Id};
use crate::text::count;

/// For each threat, the lines its notes get about linked mitigations marked "resolved, will
/// not action": not a decision here (see [`Plan::WillNotAction`]), but not lost either.
pub(super) fn not_actioned<'a>(ws: &Workspace<'a>) -> HashMap<&'a str, Vec<String>> {
    let mut lines: HashMap<&str, Vec<String>> = HashMap::new();
    for m in &ws.mitigations {
        if map::plan(m.status) != Plan::WillNotAction {
            continue;
        }
        for (_, threat) in ws
            .mitigation_links
            .iter()
            .filter(|(id, _)| *id == m.entity.id)
        {
            lines.entry(threat).or_default().push(format!(
                "threat-composer mitigation {} \"{}\" is resolved, will not action: living with \
                 the risk is an accept decision here, which needs an owner and a review date",
                m.entity.label(),
                one_line(m.content)
            ));
        }
    }
    lines
}

/// The threats each mitigation answers, in the session's order, without repeats; and how
/// many links named a threat not in the file.
fn answered<'a>(
    ws: &Workspace<'a>,
    threats: &HashMap<&str, Id>,
) -> (HashMap<&'a str, Vec<Id>>, usize) {
    let mut answers: HashMap<&str, Vec<Id>> = HashMap::new();
    let mut dangling = 0;
    for (mitigation, threat) in &ws.mitigation_links {
        match threats.get(threat) {
            Some(id) => {
                let list = answers.entry(mitigation).or_default();
                if !list.contains(id) {
                    list.push(id.clone());
                }
            }
            None => dangling += 1,
        }
    }
    (answers, dangling)
}

/// Adds one mitigate decision per mitigation linked to a threat and returns the
/// threatbench ID of each threat-composer mitigation that became one.
pub(super) fn add<'a>(
    ws: &Workspace<'a>,
    threats: &HashMap<&str, Id>,
    b: &mut Builder<'_>,
) -> Result<HashMap<&'a str, Id>, ImportError> {
    let (answers, dangling) = answered(ws, threats);
    let known: HashSet<&str> = ws.mitigations.iter().map(|m| m.entity.id).collect();
    let dangling = dangling
        + ws.mitigation_links
            .iter()
            .filter(|(m, _)| !known.contains(m))
            .count();
    let mut ids = HashMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut will_not = 0;
    let mut unlinked = Vec::new();
    for m in &ws.mitigations {
        let plan = map::plan(m.status);
        let linked = answers.get(m.entity.id).filter(|t| !t.is_empty());
        match (plan, linked) {
            (Plan::WillNotAction, _) => will_not += 1,
            (_, None) => unlinked.push(m),
            (plan, Some(linked)) => {
                let (status, words) = match plan {
                    Plan::Decide(status) => (status, status.name()),
                    Plan::Unknown => (
                        DecisionStatus::Open,
                        "with another status → open, the status in the rationale",
                    ),
                    _ => (DecisionStatus::Open, "without a status → open"),
                };
                *statuses.entry(words).or_default() += 1;
                let id = b.decision(&m.entity.at, decision(m, linked.clone(), status))?;
                ids.insert(m.entity.id, id);
            }
        }
    }
    if !ids.is_empty() {
        let statuses: Vec<String> = statuses
            .iter()
            .map(|(words, n)| format!("{n} {words}"))
            .collect();
        b.mapped(format!(
            "mitigations → one mitigate decision each, answering every threat its links name; \
             status identified → open, in progress → in progress, resolved → done ({})",
            statuses.join("; ")
        ));
        let mut per_threat: HashMap<&Id, usize> = HashMap::new();
        for threat in answers.values().flatten() {
            *per_threat.entry(threat).or_default() += 1;
        }
        let several = per_threat.values().filter(|n| **n > 1).count();
        if several > 0 {
            let most = per_threat.values().max().copied().unwrap_or(0);
            b.mapped(format!(
                "{} answered by several decisions (up to {most})",
                count(several, "threat")
            ));
        }
    }
    report_undecided(ws, threats, &ids, &answers, b);
    if will_not > 0 {
        b.not_mapped(format!(
            "{} resolved, will not action: no decision (accepting a risk needs an owner and a \
             review date the file does not give); noted on their threats",
            count(will_not, "mitigation")
        ));
    }
    if !unlinked.is_empty() {
        keep_unlinked(&unlinked, b)?;
    }
    if dangling > 0 {
        b.not_mapped(format!(
            "{} naming a threat or mitigation not in the file: left out",
            count(dangling, "mitigation link")
        ));
    }
    Ok(ids)
}

/// Names the threats threat-composer calls resolved that no decision answers here: the
/// decisions phase and `check` will show them as undecided.
fn report_undecided(
    ws: &Workspace<'_>,
    threats: &HashMap<&str, Id>,
    decisions: &HashMap<&str, Id>,
    answers: &HashMap<&str, Vec<Id>>,
    b: &mut Builder<'_>,
) {
    let decided: HashSet<&Id> = decisions
        .keys()
        .filter_map(|m| answers.get(m))
        .flatten()
        .collect();
    let undecided = ws
        .threats
        .iter()
        .filter(|t| t.status.is_some_and(|s| s.starts_with("threatResolved")))
        .filter_map(|t| threats.get(t.entity.id))
        .filter(|id| !decided.contains(id))
        .count();
    if undecided > 0 {
        b.not_mapped(format!(
            "{} resolved in threat-composer without a mitigation to become a decision: \
             undecided here, the status in the notes",
            count(undecided, "threat")
        ));
    }
}

/// The decision a mitigation becomes: its content as the summary (cut when long, the whole
/// in the rationale); its comments, tags, number and status in the rationale, the comments
/// first (they are what says why).
fn decision(m: &ContentItem<'_>, threats: Vec<Id>, status: DecisionStatus) -> DecisionDraft {
    let e = &m.entity;
    let (summary, cut) = map::shorten(&one_line(m.content), map::SUMMARY_MAX);
    let mut lines = Vec::new();
    if cut {
        lines.push(m.content.trim().to_owned());
    }
    lines.extend(e.meta.comments.iter().map(|c| c.trim().to_owned()));
    lines.extend(tags(e));
    lines.extend(e.meta.other.iter().cloned());
    let mut origin = format!("threat-composer mitigation {}", e.label())
        .trim_end()
        .to_owned();
    if let Some(raw) = m.status {
        origin.push_str(&format!(" · status: {}", map::mitigation_status(raw)));
    }
    lines.push(origin);
    DecisionDraft {
        threats,
        summary,
        rationale: lines.join("\n"),
        status,
        ..DecisionDraft::new(DecisionKind::Mitigate)
    }
}

/// Mitigations linked to no threat: a decision answers at least one, so they go into the
/// session notes.
fn keep_unlinked(unlinked: &[&ContentItem<'_>], b: &mut Builder<'_>) -> Result<(), ImportError> {
    let mut paragraph = vec!["Mitigations in threat-composer linked to no threat:".to_owned()];
    for m in unlinked {
        let mut line =
            format!("- {} {}", m.entity.label(), one_line(m.content)).replacen("-  ", "- ", 1);
        if let Some(raw) = m.status {
            line.push_str(&format!(" (status: {})", map::mitigation_status(raw)));
        }
        for extra in item_notes(&m.entity) {
            line.push_str(&format!("; {}", one_line(&extra)));
        }
        paragraph.push(line);
    }
    b.note(&unlinked[0].entity.at, &paragraph.join("\n"))?;
    b.not_mapped(format!(
        "{} linked to no threat: no decision (a decision answers a threat); kept in the \
         session notes",
        count(unlinked.len(), "mitigation")
    ));
    Ok(())
}
