//! CRA Annex I Part I and the frameworks around it. For each essential requirement, the
//! threats and decisions that bear on it: by a *suggested* mapping from STRIDE categories,
//! element kinds and decision kinds (threatbench's own reading, not the law's), and by the
//! team's explicit tags on decisions. Then what these sessions evidence for CRA Annex VII
//! item 3 and NIS2 Article 21(2)(a), (d), (e) and (f), and what no threat model shows.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::evidence::SessionEvidence;
use super::read::Loaded;
use super::{KindCounts, Totals};
use crate::model::{
    Category, Decision, DecisionKind, Element, ElementKind, Id, Requirement, Session, Threat,
};

/// What the suggested mapping puts under a requirement, in words: the table's note and
/// `docs/report.md` say the same.
pub fn hint(requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::Risks => "every threat that is rated and decided",
        Requirement::Point('a') => "threats on third-party components",
        Requirement::Point('b') => "Tampering, Elevation of privilege",
        Requirement::Point('c') => "Tampering on processes and third-party components",
        Requirement::Point('d') => "Spoofing, Elevation of privilege, Repudiation",
        Requirement::Point('e') => "Information disclosure",
        Requirement::Point('f') => "Tampering",
        Requirement::Point('h') => "Denial of service",
        Requirement::Point('i') => "Denial of service on data flows",
        Requirement::Point('j') => "threats on data flows that cross a trust boundary",
        Requirement::Point('k') => "Elevation of privilege, Tampering answered by a mitigation",
        Requirement::Point('l') => "Repudiation",
        Requirement::Point('m') => "Information disclosure on data stores",
        _ => "nothing from STRIDE: only decisions the team tagged",
    }
}

/// A threat where the suggestion looks: its element and the decisions answering it.
struct Seen<'a> {
    threat: &'a Threat,
    element: Option<&'a Element>,
    crossing: bool,
    decisions: Vec<&'a Decision>,
}

/// Whether the suggested mapping puts the threat under `requirement`.
fn suggests(requirement: Requirement, seen: &Seen) -> bool {
    use Category::*;
    let category = seen.threat.category;
    let kind = seen.element.map(|e| &e.kind);
    let third_party = matches!(kind, Some(ElementKind::ThirdParty { .. }));
    match requirement {
        Requirement::Risks => seen.threat.risk().is_some() && !seen.decisions.is_empty(),
        Requirement::Point('a') => third_party,
        Requirement::Point('b') => matches!(category, Tampering | ElevationOfPrivilege),
        Requirement::Point('c') => {
            category == Tampering && (third_party || matches!(kind, Some(ElementKind::Process)))
        }
        Requirement::Point('d') => {
            matches!(category, Spoofing | ElevationOfPrivilege | Repudiation)
        }
        Requirement::Point('e') => category == InformationDisclosure,
        Requirement::Point('f') => category == Tampering,
        Requirement::Point('h') => category == DenialOfService,
        Requirement::Point('i') => {
            category == DenialOfService && matches!(kind, Some(ElementKind::DataFlow { .. }))
        }
        Requirement::Point('j') => seen.crossing,
        Requirement::Point('k') => {
            matches!(category, Tampering | ElevationOfPrivilege)
                && seen
                    .decisions
                    .iter()
                    .any(|d| d.kind == DecisionKind::Mitigate)
        }
        Requirement::Point('l') => category == Repudiation,
        Requirement::Point('m') => {
            category == InformationDisclosure && matches!(kind, Some(ElementKind::DataStore { .. }))
        }
        _ => false,
    }
}

/// Whether a decision answering a suggested threat bears on `requirement` too: for (k),
/// only mitigations do.
fn decision_counts(requirement: Requirement, decision: &Decision) -> bool {
    requirement != Requirement::Point('k') || decision.kind == DecisionKind::Mitigate
}

/// A decision bearing on a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexDecision {
    /// Its ID, qualified by its session: `refund-api:D1`.
    pub id: String,
    /// Its kind.
    pub kind: DecisionKind,
    /// Whether the team tagged it with the requirement (else only suggested).
    pub tagged: bool,
}

/// One row of the Annex I Part I table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexRow {
    /// The requirement: `I(2)(d)`.
    pub requirement: Requirement,
    /// What it asks, in a few words.
    pub summary: &'static str,
    /// What the suggested mapping puts under it.
    pub suggested: &'static str,
    /// The threats bearing on it, qualified by session, in session then ranking order.
    pub threats: Vec<String>,
    /// The decisions bearing on it, qualified by session.
    pub decisions: Vec<AnnexDecision>,
    /// Those decisions by kind.
    pub by_kind: KindCounts,
    /// How many of its threats have no decision.
    pub undecided: usize,
}

impl AnnexRow {
    /// Whether anything in the sessions bears on it.
    pub fn has_evidence(&self) -> bool {
        !self.threats.is_empty() || !self.decisions.is_empty()
    }
}

/// What a requirement without threats or decisions says, exactly.
pub const NO_EVIDENCE: &str = "no evidence in these sessions";

/// The note that goes next to the table, in every format.
pub const MAPPING_NOTE: &str = "Which threats bear on which requirement is a suggestion of \
threatbench (from STRIDE categories, element kinds and decision kinds), not part of the \
Regulation: read it as a starting point for the risk assessment's own reasoning. Decisions \
the team tagged with a requirement count for it as well and are marked \"tagged by the team\".";

/// The Annex I Part I table over every session. Each session is looked at once, on every
/// core: its threats with their elements and decisions, then each requirement.
pub fn table(loaded: &[&Loaded], sessions: &[SessionEvidence]) -> Vec<AnnexRow> {
    use rayon::prelude::*;
    let parts: Vec<Vec<AnnexRow>> = loaded
        .par_iter()
        .zip(sessions)
        .map(|(l, evidence)| {
            let seen = seen_all(&l.session, evidence);
            Requirement::ALL
                .iter()
                .map(|r| row(*r, &l.session, evidence, &seen))
                .collect()
        })
        .collect();
    Requirement::ALL
        .iter()
        .enumerate()
        .map(|(i, requirement)| {
            let mut whole = empty_row(*requirement);
            for part in &parts {
                let part = &part[i];
                whole.threats.extend(part.threats.iter().cloned());
                whole.decisions.extend(part.decisions.iter().cloned());
                for d in &part.decisions {
                    whole.by_kind.add(d.kind);
                }
                whole.undecided += part.undecided;
            }
            whole
        })
        .collect()
}

fn empty_row(requirement: Requirement) -> AnnexRow {
    AnnexRow {
        requirement,
        summary: requirement.summary(),
        suggested: hint(requirement),
        threats: Vec::new(),
        decisions: Vec::new(),
        by_kind: KindCounts::default(),
        undecided: 0,
    }
}

/// The session's threats in the evidence's (ranking) order, each with what the mapping
/// looks at: found through indexes, so a session costs time in proportion to its size.
fn seen_all<'a>(s: &'a Session, evidence: &SessionEvidence) -> Vec<(&'a Id, Seen<'a>)> {
    let threats: HashMap<&Id, &Threat> = s.threats.iter().map(|t| (&t.id, t)).collect();
    let elements: HashMap<&Id, &Element> = s.elements.iter().map(|e| (&e.id, e)).collect();
    let mut answers = s.answers();
    let crossing = s.crossing_flows();
    evidence
        .threats
        .iter()
        .filter_map(|traced| {
            let (id, threat) = threats.get_key_value(&traced.id)?;
            let element = elements.get(&threat.element).copied();
            Some((
                *id,
                Seen {
                    threat,
                    element,
                    crossing: element.is_some_and(|e| crossing.contains(&e.id)),
                    decisions: answers.remove(*id).unwrap_or_default(),
                },
            ))
        })
        .collect()
}

/// One requirement's part of the row from one session.
fn row(
    requirement: Requirement,
    s: &Session,
    evidence: &SessionEvidence,
    seen: &[(&Id, Seen)],
) -> AnnexRow {
    let mut row = empty_row(requirement);
    let mut decisions: Vec<(&Decision, bool)> = s
        .decisions
        .iter()
        .filter(|d| d.requirements.contains(&requirement))
        .map(|d| (d, true))
        .collect();
    let mut listed: HashSet<&Id> = decisions.iter().map(|(d, _)| &d.id).collect();
    for (id, seen) in seen {
        let tagged = seen
            .decisions
            .iter()
            .any(|d| d.requirements.contains(&requirement));
        if !tagged && !suggests(requirement, seen) {
            continue;
        }
        row.threats.push(evidence.qualified(id));
        row.undecided += usize::from(seen.decisions.is_empty());
        for d in &seen.decisions {
            if decision_counts(requirement, d) && listed.insert(&d.id) {
                decisions.push((d, false));
            }
        }
    }
    // In the file's order, whatever found them.
    let order: HashMap<&Id, usize> = s
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| (&d.id, i))
        .collect();
    decisions.sort_by_key(|(d, _)| order.get(&d.id).copied());
    for (d, tagged) in decisions {
        row.by_kind.add(d.kind);
        row.decisions.push(AnnexDecision {
            id: evidence.qualified(&d.id),
            kind: d.kind,
            tagged,
        });
    }
    row
}

/// A framework's point: what these sessions evidence for it, and what they do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Framework {
    /// "CRA Annex VII, item 3".
    pub name: &'static str,
    /// What it asks, in a few words.
    pub asks: &'static str,
    /// What these sessions evidence, with figures.
    pub evidenced: Vec<String>,
    /// What they do not.
    pub not_shown: Vec<&'static str>,
}

/// What no threat model shows, whatever the sessions say.
pub const LIMITS: [&str; 5] = [
    "The CRA prescribes no risk-assessment method; STRIDE per element is the method these \
     sessions used.",
    "This report is supporting evidence for the technical documentation, not a conformity \
     assessment.",
    "threatbench records no \"not applicable\" justification per requirement: a requirement \
     with no evidence here is not thereby shown to be not applicable (Article 13(4) asks for a \
     justification).",
    "Annex I Part II (vulnerability handling: SBOM, disclosure policy, security updates) is \
     outside what a threat model shows.",
    "NIS2 obligations rest on the entity (policies, incident handling, supervision), not on a \
     product; the sessions support parts of Article 21(2) and show compliance with none.",
];

/// CRA Annex VII item 3 and NIS2 Article 21(2)(a), (d), (e) and (f), from the figures.
pub fn frameworks(
    totals: &Totals,
    sessions: &[SessionEvidence],
    annex: &[AnnexRow],
    stale_days: u32,
) -> Vec<Framework> {
    use crate::text::count;
    let with_evidence = annex.iter().filter(|r| r.has_evidence()).count();
    let tagged = sessions
        .iter()
        .flat_map(SessionEvidence::decisions)
        .filter(|d| !d.requirements.is_empty())
        .count();
    let participants = sessions
        .iter()
        .filter(|s| !s.participants.is_empty())
        .count();
    let ticketed = sessions
        .iter()
        .flat_map(SessionEvidence::decisions)
        .filter(|d| d.ticket.is_some())
        .count();
    let reviewed = sessions
        .iter()
        .filter(|s| {
            s.phases
                .iter()
                .any(|p| p.phase == crate::model::Phase::Review && p.spent_secs > 0)
        })
        .count();
    let supplier_decisions: usize = sessions
        .iter()
        .flat_map(|s| &s.components)
        .flat_map(|c| &c.threats)
        .filter(|t| !t.decisions.is_empty())
        .count();
    let supplier_threats: usize = sessions
        .iter()
        .flat_map(|s| &s.components)
        .map(|c| c.threats.len())
        .sum();
    let decisions = || sessions.iter().flat_map(SessionEvidence::decisions);
    let done = decisions()
        .filter(|d| d.status == crate::model::DecisionStatus::Done)
        .count();
    let dated = decisions()
        .filter(|d| d.kind == DecisionKind::Accept && d.review_by.is_some())
        .count();
    vec![
        Framework {
            name: "CRA Annex VII, item 3",
            asks: "the technical documentation holds an assessment of the cybersecurity risks \
                   (Article 13), including how the essential requirements of Annex I Part I \
                   apply",
            evidenced: vec![
                format!(
                    "{} recording a risk assessment at design time: {} ({} rated), {}; live \
                     STRIDE cells considered {}",
                    count(totals.sessions, "session"),
                    count(totals.threats, "threat"),
                    totals.rated,
                    count(totals.decisions, "decision"),
                    totals.coverage
                ),
                format!(
                    "{with_evidence} of {} Annex I Part I requirements have threats or decisions \
                     bearing on them; {} tagged by the team with the requirements they serve",
                    annex.len(),
                    count(tagged, "decision")
                ),
            ],
            not_shown: vec![
                "whether and how each requirement applies, and the justification for one that does not",
                "the product's intended purpose, support period and the other items of Annex VII",
            ],
        },
        Framework {
            name: "NIS2 Article 21(2)(a)",
            asks: "policies on risk analysis and information system security",
            evidenced: vec![format!(
                "{} of risk analysis on named systems, {} with participants and roles on record; \
                 {} of {} threats rated, {} decided",
                count(totals.sessions, "session"),
                participants,
                totals.rated,
                totals.threats,
                totals.decided()
            )],
            not_shown: vec!["the entity's policy itself, its approval and its scope"],
        },
        Framework {
            name: "NIS2 Article 21(2)(d)",
            asks: "supply chain security, including relationships with direct suppliers and \
                   service providers",
            evidenced: vec![format!(
                "{} modelled; {} never considered; {} on them, {} with a decision \
                 ({} in all)",
                count(totals.components, "third-party component"),
                totals.components_never_considered,
                count(supplier_threats, "threat"),
                supplier_decisions,
                count(totals.by_kind.transfer, "transfer decision")
            )],
            not_shown: vec![
                "supplier contracts, their security practices and the quality of their products \
                 (Article 21(3))",
            ],
        },
        Framework {
            name: "NIS2 Article 21(2)(e)",
            asks: "security in acquisition, development and maintenance, including \
                   vulnerability handling and disclosure",
            evidenced: vec![format!(
                "design-time analysis in {}; check passes {} of them under the policy; {} \
                 tracked in a ticket; what changed since the previous revision shown for {}",
                count(totals.sessions, "session"),
                totals.passing,
                count(ticketed, "decision"),
                count(totals.with_changes, "session")
            )],
            not_shown: vec!["vulnerability handling and disclosure after release"],
        },
        Framework {
            name: "NIS2 Article 21(2)(f)",
            asks: "policies and procedures to assess the effectiveness of cybersecurity \
                   risk-management measures",
            evidenced: vec![format!(
                "{} spent time in the review phase; {} of {} decisions done; {} of {} accepted \
                 risks carry a review date; {} not updated within {stale_days} days",
                count(reviewed, "session"),
                done,
                totals.decisions,
                dated,
                totals.by_kind.accept,
                count(totals.stale, "session"),
            )],
            not_shown: vec!["tests or measurements that the decided controls work"],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agenda, Id, Phase};

    #[test]
    fn every_requirement_has_a_hint_and_g_comes_only_from_tags() {
        for r in Requirement::ALL {
            assert!(!hint(r).is_empty());
        }
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
        };
        let s = Session::new("t", agenda, chrono::Utc::now());
        for category in Category::ALL {
            let threat = Threat {
                id: Id::from("T1"),
                element: Id::from("E1"),
                category,
                title: "x".into(),
                grammar: Default::default(),
                likelihood: Some(2),
                impact: Some(2),
                residual_likelihood: None,
                residual_impact: None,
                references: Vec::new(),
                notes: String::new(),
            };
            let seen = Seen {
                threat: &threat,
                element: s.elements.first(),
                crossing: true,
                decisions: Vec::new(),
            };
            assert!(!suggests(Requirement::Point('g'), &seen));
            // Undecided: not yet evidence for (1) nor for (k).
            assert!(!suggests(Requirement::Risks, &seen));
            assert!(!suggests(Requirement::Point('k'), &seen));
            assert!(suggests(Requirement::Point('j'), &seen));
        }
    }
}
