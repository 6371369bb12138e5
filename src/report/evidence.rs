//! One session's evidence for the four questions: the process (dates, agenda, time per
//! phase, participants), traceability (every threat to its decisions, what changed since
//! the previous revision), suppliers (third-party components and what was considered of
//! them), and practice (`check`, how recent, revisions over time). Pure functions of what
//! was read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::history::History;
use super::read::Loaded;
use super::{KindCounts, Totals};
use crate::diff::{self, Items};
use crate::model::{
    Category, Coverage, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Id, KindTag,
    Level, Participant, Phase, Requirement, Session, Threat, Thresholds,
};

/// Live cells considered out of all, with the percent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cover {
    /// Live cells with threats or a "considered, nothing found" note.
    pub considered: usize,
    /// All live cells.
    pub live: usize,
    /// Whole percent considered (0 for no live cell).
    pub percent: u32,
}

impl From<Coverage> for Cover {
    fn from(c: Coverage) -> Self {
        Cover {
            considered: c.considered,
            live: c.live,
            percent: c.percent(),
        }
    }
}

impl Cover {
    /// Both counted together.
    pub fn plus(self, other: Cover) -> Cover {
        Coverage {
            considered: self.considered + other.considered,
            live: self.live + other.live,
        }
        .into()
    }
}

impl std::fmt::Display for Cover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{} ({} %)", self.considered, self.live, self.percent)
    }
}

/// Minutes planned and time spent in one phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhaseTime {
    /// The phase.
    pub phase: Phase,
    /// Minutes the agenda gives it.
    pub planned_minutes: u32,
    /// Seconds the clock recorded in it.
    pub spent_secs: u64,
}

/// A decision as traceability shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRef {
    /// Its ID.
    pub id: Id,
    /// Mitigate, avoid, transfer or accept.
    pub kind: DecisionKind,
    /// What will be done.
    pub summary: String,
    /// Who carries it out, or owns the accepted risk.
    pub owner: Option<String>,
    /// How far the work has come.
    pub status: DecisionStatus,
    /// Where the work is tracked.
    pub ticket: Option<String>,
    /// For an accepted risk, when to look at it again.
    pub review_by: Option<NaiveDate>,
    /// The Annex I Part I requirements the team tagged it with.
    pub requirements: Vec<Requirement>,
}

impl From<&Decision> for DecisionRef {
    fn from(d: &Decision) -> Self {
        DecisionRef {
            id: d.id.clone(),
            kind: d.kind,
            summary: d.summary.clone(),
            owner: d.owner.clone(),
            status: d.status,
            ticket: d.ticket.clone(),
            review_by: d.review_by,
            requirements: d.requirements.clone(),
        }
    }
}

/// One threat traced to its decisions; none is "undecided".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Traced {
    /// Its ID.
    pub id: Id,
    /// Its title.
    pub title: String,
    /// The element it threatens.
    pub element: Id,
    /// That element's name.
    pub element_name: String,
    /// That element's kind.
    pub element_kind: KindTag,
    /// The STRIDE category.
    pub category: Category,
    /// Likelihood 1–5, when rated.
    pub likelihood: Option<u8>,
    /// Impact 1–5, when rated.
    pub impact: Option<u8>,
    /// Likelihood × impact, 1–25, when both are rated.
    pub risk: Option<u8>,
    /// That risk's band: low, medium, high, critical.
    pub band: Option<&'static str>,
    /// The residual risk once the decisions' controls are in place, when assessed.
    pub residual: Option<u8>,
    /// Its band.
    pub residual_band: Option<&'static str>,
    /// Every decision answering it, in file order.
    pub decisions: Vec<DecisionRef>,
}

/// What changed since the previous revision, or why that cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Changes {
    /// The previous revision was found and compared.
    Available(ChangeSummary),
    /// It cannot be shown, and why.
    NotAvailable {
        /// Why, in words.
        reason: String,
    },
}

/// The semantic diff against the previous revision, summed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeSummary {
    /// The previous revision's number.
    pub since: u32,
    /// Threats added, removed and changed (IDs).
    pub threats: ItemChanges,
    /// Decisions added, removed and changed (IDs).
    pub decisions: ItemChanges,
    /// Threats without a decision now that had one, or are new.
    pub became_undecided: Vec<Id>,
    /// Coverage in the previous revision.
    pub coverage_before: Cover,
    /// Coverage now.
    pub coverage_after: Cover,
}

/// The IDs of items added, removed and changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemChanges {
    /// Added.
    pub added: Vec<Id>,
    /// Removed.
    pub removed: Vec<Id>,
    /// Changed.
    pub changed: Vec<Id>,
}

impl From<&Items> for ItemChanges {
    fn from(items: &Items) -> Self {
        ItemChanges {
            added: items.added.iter().map(|i| i.id.clone()).collect(),
            removed: items.removed.iter().map(|i| i.id.clone()).collect(),
            changed: items.changed.iter().map(|c| c.item.id.clone()).collect(),
        }
    }
}

/// One third-party component and what the session considered of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component {
    /// Its element ID.
    pub id: Id,
    /// Its name.
    pub name: String,
    /// Who builds or runs it.
    pub supplier: String,
    /// The version in use.
    pub version: Option<String>,
    /// Its package URL.
    pub purl: Option<String>,
    /// Its live STRIDE cells considered.
    pub coverage: Cover,
    /// Its threats with their decisions.
    pub threats: Vec<Traced>,
    /// No threat and no considered cell: nobody looked at it.
    pub never_considered: bool,
}

/// How `check` judges a session under the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckStatus {
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Notes found.
    pub notes: usize,
    /// Findings an unexpired exemption covers.
    pub exempted: usize,
    /// No error: `check` passes it.
    pub passed: bool,
}

/// When one revision is known to have happened, and how that is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionMark {
    /// The revision number.
    pub revision: u32,
    /// The moment, when known.
    pub date: Option<DateTime<Utc>>,
    /// Where the date comes from: "first committed", "created", "last saved, not committed".
    pub source: &'static str,
}

/// Everything the report says about one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionEvidence {
    /// What qualifies its IDs across sessions: the file's name without `.ron`.
    pub key: String,
    /// The file, relative to the repository root.
    pub file: String,
    /// Title.
    pub title: String,
    /// The feature's ticket.
    pub ticket: Option<String>,
    /// When the session was created.
    pub created: DateTime<Utc>,
    /// When it was last saved.
    pub updated: DateTime<Utc>,
    /// Its revision number.
    pub revision: u32,
    /// A solo quick review rather than a full session.
    pub quick: bool,
    /// Minutes planned and time spent per phase, in meeting order.
    pub phases: Vec<PhaseTime>,
    /// Who took part, and in which role.
    pub participants: Vec<Participant>,
    /// Every threat traced: undecided first, then by risk (residual where assessed).
    pub threats: Vec<Traced>,
    /// Decisions by kind.
    pub by_kind: KindCounts,
    /// Live cells considered.
    pub coverage: Cover,
    /// What changed since the previous revision.
    pub changes: Changes,
    /// Third-party components, in file order.
    pub components: Vec<Component>,
    /// `check` under the policy.
    pub check: CheckStatus,
    /// Days from the last save to the report's day.
    pub days_since_update: i64,
    /// Not updated for longer than the policy's `stale_days`.
    pub stale: bool,
    /// Revisions over time.
    pub revisions: Vec<RevisionMark>,
}

impl SessionEvidence {
    /// Each decision once, in the order traceability first meets it.
    pub fn decisions(&self) -> impl Iterator<Item = &DecisionRef> {
        let mut seen = std::collections::HashSet::new();
        self.threats
            .iter()
            .flat_map(|t| &t.decisions)
            .filter(move |d| seen.insert(d.id.clone()))
    }

    /// "refund-api:T2": an ID qualified by its session.
    pub fn qualified(&self, id: &Id) -> String {
        format!("{}:{id}", self.key)
    }
}

/// Each session's key: its file name without `.ron`, or its whole path without it where two
/// sessions share a name.
pub fn keys(loaded: &[&Loaded]) -> Vec<String> {
    let stem = |file: &str| {
        let name = file.rsplit('/').next().unwrap_or(file);
        name.strip_suffix(".ron").unwrap_or(name).to_owned()
    };
    let mut names: HashMap<String, usize> = HashMap::new();
    for l in loaded {
        *names.entry(stem(&l.file)).or_default() += 1;
    }
    loaded
        .iter()
        .map(|l| {
            let short = stem(&l.file);
            let shared = names.get(&short).is_some_and(|n| *n > 1);
            if shared {
                l.file.strip_suffix(".ron").unwrap_or(&l.file).to_owned()
            } else {
                short
            }
        })
        .collect()
}

/// The evidence of one session, as of `as_of`.
pub fn session(
    loaded: &Loaded,
    key: String,
    as_of: NaiveDate,
    thresholds: &Thresholds,
) -> SessionEvidence {
    let s = &loaded.session;
    let elements: HashMap<&Id, &Element> = s.elements.iter().map(|e| (&e.id, e)).collect();
    let answers = s.answers();
    let threats: Vec<Traced> = s
        .ranked_threats()
        .into_iter()
        .filter_map(|i| s.threats.get(i))
        .map(|t| {
            let decisions = answers.get(&t.id).map_or(&[][..], Vec::as_slice);
            trace(t, elements.get(&t.element).copied(), decisions)
        })
        .collect();
    let mut by_kind = KindCounts::default();
    for d in &s.decisions {
        by_kind.add(d.kind);
    }
    let days_since_update = (as_of - s.updated.date_naive()).num_days();
    SessionEvidence {
        key,
        file: loaded.file.clone(),
        title: s.title.clone(),
        ticket: s.ticket.clone(),
        created: s.created,
        updated: s.updated,
        revision: s.revision,
        quick: s.agenda.quick,
        phases: Phase::ALL
            .iter()
            .map(|p| PhaseTime {
                phase: *p,
                planned_minutes: s.agenda.minutes_for(*p),
                spent_secs: s.clock.elapsed(*p),
            })
            .collect(),
        participants: s.participants.clone(),
        components: components(s, &threats),
        threats,
        by_kind,
        coverage: s.coverage().into(),
        changes: changes(s, &loaded.history),
        check: check_status(&loaded.check),
        days_since_update,
        stale: days_since_update > i64::from(thresholds.stale_days),
        revisions: revisions(s, &loaded.history),
    }
}

/// One threat with its element and decisions.
fn trace(t: &Threat, element: Option<&Element>, decisions: &[&Decision]) -> Traced {
    let risk = t.risk();
    let residual = t.residual_risk();
    Traced {
        id: t.id.clone(),
        title: t.title.clone(),
        element: t.element.clone(),
        element_name: element.map(|e| e.name.clone()).unwrap_or_default(),
        element_kind: element.map_or(KindTag::Process, |e| e.kind.tag()),
        category: t.category,
        likelihood: t.likelihood,
        impact: t.impact,
        risk: risk.map(|r| r.score),
        band: risk.map(|r| r.band.name()),
        residual: residual.map(|r| r.score),
        residual_band: residual.map(|r| r.band.name()),
        decisions: decisions.iter().map(|d| DecisionRef::from(*d)).collect(),
    }
}

/// The third-party components with their coverage and traced threats.
fn components(s: &Session, threats: &[Traced]) -> Vec<Component> {
    let cells = s.cell_states();
    let mut on: HashMap<&Id, Vec<Traced>> = HashMap::new();
    for t in threats {
        on.entry(&t.element).or_default().push(t.clone());
    }
    s.elements
        .iter()
        .filter_map(|e| {
            let ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } = &e.kind
            else {
                return None;
            };
            let live = e.kind.live_categories().len();
            let considered = live - cells.unconsidered(e).len();
            let mine = on.remove(&e.id).unwrap_or_default();
            Some(Component {
                id: e.id.clone(),
                name: e.name.clone(),
                supplier: supplier.clone(),
                version: version.clone(),
                purl: purl.clone(),
                coverage: Coverage { considered, live }.into(),
                never_considered: considered == 0 && mine.is_empty(),
                threats: mine,
            })
        })
        .collect()
}

/// What changed since the previous revision, or why it cannot be shown.
fn changes(s: &Session, history: &History) -> Changes {
    let not = |reason: String| Changes::NotAvailable { reason };
    if s.revision <= 1 {
        return not("revision 1: nothing earlier".to_owned());
    }
    let previous = s.revision - 1;
    match history {
        History::NotInGit(why) => not(why.clone()),
        History::Committed { previous: None, .. } => not(format!(
            "revision {previous} not found in the file's committed history"
        )),
        History::Committed {
            previous: Some(old),
            ..
        } => {
            let d = diff::diff(old, s);
            Changes::Available(ChangeSummary {
                since: previous,
                threats: (&d.threats).into(),
                decisions: (&d.decisions).into(),
                became_undecided: d.undecided.iter().map(|t| t.id.clone()).collect(),
                coverage_before: d.coverage.old.into(),
                coverage_after: d.coverage.new.into(),
            })
        }
    }
}

/// Findings by level under the policy.
fn check_status(report: &crate::check::FileReport) -> CheckStatus {
    let count = |level| report.findings.iter().filter(|f| f.level == level).count();
    let errors = count(Level::Error);
    CheckStatus {
        errors,
        warnings: count(Level::Warning),
        notes: count(Level::Note),
        exempted: report.exempted,
        passed: errors == 0,
    }
}

/// Revisions over time: from git where the file is committed, else what the file says.
fn revisions(s: &Session, history: &History) -> Vec<RevisionMark> {
    let mut marks: Vec<RevisionMark> = match history {
        History::Committed { revisions, .. } => revisions
            .iter()
            .map(|(revision, date)| RevisionMark {
                revision: *revision,
                date: *date,
                source: "first committed",
            })
            .collect(),
        History::NotInGit(_) => Vec::new(),
    };
    if marks.is_empty() {
        marks.push(RevisionMark {
            revision: 1,
            date: Some(s.created),
            source: "created",
        });
    }
    if !marks.iter().any(|m| m.revision == s.revision) {
        let committed =
            matches!(history, History::Committed { revisions, .. } if !revisions.is_empty());
        marks.push(RevisionMark {
            revision: s.revision,
            date: Some(s.updated),
            source: if committed {
                "last saved, not committed"
            } else {
                "last saved"
            },
        });
    }
    marks
}

impl Totals {
    /// Threats decided.
    pub fn decided(&self) -> usize {
        self.threats - self.undecided
    }
}
