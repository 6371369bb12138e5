//! The one way to change a session, as data: an [`Edit`] says what to change; applying it
//! ([`Session::apply`](super::Session::apply), in `apply.rs`) says what it did
//! ([`Applied`]) or why it was refused ([`EditError`]). The workbench, imports and the merge
//! driver all change sessions through here.

use std::fmt;

use chrono::NaiveDate;
use thiserror::Error;

use super::decision::{Decision, DecisionKind, DecisionStatus};
use super::element::{ElementKind, KindTag};
use super::id::{Id, IdKind};
use super::reference::Reference;
use super::requirement::Requirement;
use super::session::{Participant, Phase, Retrospective};
use super::stride::Category;
use super::threat::{Grammar, Threat, indefinite_article};

/// An element as a form or an import describes it; the ID is issued on adding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementDraft {
    /// Short name.
    pub name: String,
    /// What it is, with its links and details.
    pub kind: ElementKind,
    /// Free notes.
    pub notes: String,
}

/// A threat as a form, a suggestion or an import describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatDraft {
    /// Short title.
    pub title: String,
    /// The threat-grammar parts.
    pub grammar: Grammar,
    /// Likelihood 1–5, or unrated.
    pub likelihood: Option<u8>,
    /// Impact 1–5, or unrated.
    pub impact: Option<u8>,
    /// Residual likelihood 1–5, or not assessed.
    pub residual_likelihood: Option<u8>,
    /// Residual impact 1–5, or not assessed.
    pub residual_impact: Option<u8>,
    /// CWE and CAPEC references.
    pub references: Vec<Reference>,
    /// Free notes.
    pub notes: String,
}

impl From<&Threat> for ThreatDraft {
    /// The draft an existing threat would be written from. Taken apart field by field, so
    /// that a new field of threats must be carried.
    fn from(threat: &Threat) -> Self {
        let Threat {
            id: _,
            element: _,
            category: _,
            title,
            grammar,
            likelihood,
            impact,
            residual_likelihood,
            residual_impact,
            references,
            notes,
        } = threat;
        ThreatDraft {
            title: title.clone(),
            grammar: grammar.clone(),
            likelihood: *likelihood,
            impact: *impact,
            residual_likelihood: *residual_likelihood,
            residual_impact: *residual_impact,
            references: references.clone(),
            notes: notes.clone(),
        }
    }
}

/// A decision as a form or an import describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionDraft {
    /// Mitigate, avoid, transfer or accept.
    pub kind: DecisionKind,
    /// The threats it answers.
    pub threats: Vec<Id>,
    /// What will be done.
    pub summary: String,
    /// Why.
    pub rationale: String,
    /// Who carries it out or owns the risk.
    pub owner: Option<String>,
    /// Where the work is tracked.
    pub ticket: Option<String>,
    /// How far the work has come.
    pub status: DecisionStatus,
    /// For an accepted risk: when to look at it again.
    pub review_by: Option<NaiveDate>,
    /// The CRA Annex I Part I requirements it serves, as the team tags them.
    pub requirements: Vec<Requirement>,
}

impl DecisionDraft {
    /// An empty draft of `kind`: nothing answered yet, open, no owner or date.
    pub fn new(kind: DecisionKind) -> Self {
        DecisionDraft {
            kind,
            threats: Vec::new(),
            summary: String::new(),
            rationale: String::new(),
            owner: None,
            ticket: None,
            status: DecisionStatus::Open,
            review_by: None,
            requirements: Vec::new(),
        }
    }
}

impl From<&Decision> for DecisionDraft {
    /// The draft an existing decision would be written from (for a form, an import or a
    /// merge). Taken apart field by field, so that a new field of decisions must be carried.
    fn from(decision: &Decision) -> Self {
        let Decision {
            id: _,
            kind,
            threats,
            summary,
            rationale,
            owner,
            ticket,
            status,
            review_by,
            requirements,
        } = decision;
        DecisionDraft {
            kind: *kind,
            threats: threats.clone(),
            summary: summary.clone(),
            rationale: rationale.clone(),
            owner: owner.clone(),
            ticket: ticket.clone(),
            status: *status,
            review_by: *review_by,
            requirements: requirements.clone(),
        }
    }
}

/// Something in a session that an edit can name: by ID where it has one, else by position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// An element.
    Element(Id),
    /// A threat.
    Threat(Id),
    /// A decision.
    Decision(Id),
    /// An assumption.
    Assumption(Id),
    /// The asset at this index.
    Asset(usize),
    /// The participant at this index.
    Participant(usize),
    /// The parking-lot item at this index.
    Parked(usize),
    /// The "considered, nothing found" note of a cell.
    NothingFound(Id, Category),
    /// The mark that a cell needs to be looked at again.
    NeedsReview(Id, Category),
    /// The retrospective.
    Retrospective,
    /// The notes on the whole session.
    Notes,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Element(id) | Target::Threat(id) | Target::Decision(id) => {
                write!(f, "{id}")
            }
            Target::Assumption(id) => write!(f, "{id}"),
            Target::Asset(i) => write!(f, "asset {}", i + 1),
            Target::Participant(i) => write!(f, "participant {}", i + 1),
            Target::Parked(i) => write!(f, "parking-lot item {}", i + 1),
            Target::NothingFound(element, category) => {
                write!(f, "the note on {element} · {category}")
            }
            Target::NeedsReview(element, category) => {
                write!(f, "the review mark on {element} · {category}")
            }
            Target::Retrospective => f.write_str("the retrospective"),
            Target::Notes => f.write_str("the session notes"),
        }
    }
}

/// One change to a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add an element; its ID is issued.
    AddElement(ElementDraft),
    /// Change an element; its kind stays (its links depend on it).
    UpdateElement(Id, ElementDraft),
    /// Add a participant.
    AddParticipant(Participant),
    /// Change the participant at this index.
    UpdateParticipant(usize, Participant),
    /// Add an asset worth protecting.
    AddAsset(String),
    /// Change the asset at this index.
    UpdateAsset(usize, String),
    /// Add an assumption; its ID is issued.
    AddAssumption(String),
    /// Change an assumption's text.
    UpdateAssumption(Id, String),
    /// Park a point in the parking lot.
    Park(String),
    /// Turn the parking-lot item at this index into a follow-up, or back.
    ToggleFollowUp(usize),
    /// Add a threat to a cell; its ID is issued.
    AddThreat {
        /// The element.
        element: Id,
        /// The category.
        category: Category,
        /// What the threat says.
        draft: ThreatDraft,
    },
    /// Change a threat's text and ratings (its cell stays).
    UpdateThreat(Id, ThreatDraft),
    /// Mark a live cell without threats "considered, nothing found", with the reason (or
    /// change the reason).
    NothingFound {
        /// The element.
        element: Id,
        /// The category.
        category: Category,
        /// Why nothing applies.
        note: String,
    },
    /// Mark a live cell to be looked at again, with why; a cell already marked keeps its
    /// reasons and gets this one too. Recording something on the cell again clears it.
    NeedsReview {
        /// The element.
        element: Id,
        /// The category.
        category: Category,
        /// What changed.
        reason: String,
    },
    /// Add a decision; its ID is issued.
    AddDecision(DecisionDraft),
    /// Change a decision.
    UpdateDecision(Id, DecisionDraft),
    /// Write the retrospective.
    Retrospective(Retrospective),
    /// Write the notes on the whole session.
    Notes(String),
    /// Remove something, with what depends on it (see [`Removal`]).
    Remove(Target),
    /// Move the session to a phase.
    SetPhase(Phase),
    /// Pause (true) or resume (false) the clock.
    Pause(bool),
    /// Count this many seconds more in the current phase.
    Elapse(u64),
}

impl Edit {
    /// Whether the edit changes what the session records (and so is a step for undo), as
    /// opposed to where it stands in time: the phase, the pause switch, the clock.
    pub fn is_content(&self) -> bool {
        !matches!(self, Edit::SetPhase(_) | Edit::Pause(_) | Edit::Elapse(_))
    }
}

/// What an applied edit did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// What it added or changed (with the issued ID for an addition); `None` for edits of
    /// the clock and for removals.
    pub target: Option<Target>,
    /// Whether it added something new (rather than changing something there).
    pub created: bool,
    /// What a removal took away.
    pub removal: Removal,
}

/// Why an edit was refused. The session is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditError {
    /// A text that must say something is blank.
    #[error("{0} is required")]
    Required(&'static str),
    /// A text holds a control character, which could drive a terminal or hide content.
    #[error("{0} contains the control character U+{1:04X}")]
    ControlCharacter(&'static str, u32),
    /// The edit names something that is not there.
    #[error("{0} does not exist")]
    NotFound(Target),
    /// A flow from an element to itself.
    #[error("a flow needs two different ends: change From or To")]
    FlowLoop,
    /// A link to something missing or of the wrong kind.
    #[error("{field} names {target}, {problem}")]
    BadReference {
        /// The field holding the link.
        field: &'static str,
        /// The ID it names.
        target: Id,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// An update would change an element's kind.
    #[error("the kind of {0} is fixed: delete it and add a new element instead")]
    KindChanged(Id),
    /// A rating outside 1–5.
    #[error("{0} {1} is outside 1 to 5")]
    OutOfRange(&'static str, u8),
    /// A decision that answers nothing.
    #[error("tick at least one threat this decision answers")]
    NoThreats,
    /// An acceptance without an owner.
    #[error("accepting a risk needs an owner: who signs it off?")]
    AcceptWithoutOwner,
    /// An acceptance without a review date.
    #[error("accepting a risk needs a review date")]
    AcceptWithoutReview,
    /// An acceptance reviewed before today: a typo.
    #[error("review date {0} is in the past: when should this risk be looked at again?")]
    ReviewInPast(NaiveDate),
    /// A threat or "nothing found" on a cell that does not apply to the element (a `·` in
    /// the grid): Spoofing on a data flow, anything on a trust boundary.
    #[error("{}", not_live(*.category, *.kind))]
    NotLive {
        /// The category.
        category: Category,
        /// The element's kind.
        kind: KindTag,
    },
    /// "Nothing found" on a cell that has threats.
    #[error("{name} already has threats under {category}: it counts as considered")]
    HasThreats {
        /// The element's name.
        name: String,
        /// The category.
        category: Category,
    },
    /// Changing an element would take away a cell that has threats or a "nothing found"
    /// note (a data store that no longer holds logs loses Repudiation).
    #[error(
        "{category} would no longer apply to {element}, which has threats or a \"nothing found\" \
         note there: remove them first"
    )]
    CellInUse {
        /// The element.
        element: Id,
        /// The category it would lose.
        category: Category,
    },
    /// The counter of an ID kind is at its limit.
    #[error("no more {} IDs can be issued in this session", .0.noun())]
    Exhausted(IdKind),
}

/// Why nothing can be recorded under `category` for an element of `kind`.
fn not_live(category: Category, kind: KindTag) -> String {
    if kind == KindTag::TrustBoundary {
        return "a trust boundary has no STRIDE cells of its own: its threats go on the flows \
                that cross it"
            .to_owned();
    }
    let label = kind.label();
    let article = indefinite_article(label, false);
    format!("{category} does not apply to {article} {label} here")
}

/// What removing something takes with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removal {
    /// The element and the flows that start or end at it.
    pub elements: Vec<Id>,
    /// Threats removed: the one named, or those against the removed elements.
    pub threats: Vec<Id>,
    /// Decisions removed: the one named, or those left answering no threat.
    pub decisions: Vec<Id>,
    /// Trust boundaries it leaves (they stay, without it).
    pub boundaries: Vec<Id>,
}

impl Removal {
    /// "2 flows (E4, E5), 3 threats (T1, T2, T3), 1 decision (D1)": what goes along with
    /// an element, for a confirmation.
    pub fn describe(&self) -> String {
        let ids = |ids: &[Id]| {
            let shown: Vec<String> = ids.iter().take(5).map(ToString::to_string).collect();
            let more = if ids.len() > 5 {
                format!(" and {} more", ids.len() - 5)
            } else {
                String::new()
            };
            format!("{}{more}", shown.join(", "))
        };
        let mut parts = Vec::new();
        if self.elements.len() > 1 {
            let flows = &self.elements[1..];
            parts.push(format!(
                "{} ({})",
                crate::text::count(flows.len(), "flow"),
                ids(flows)
            ));
        }
        if !self.threats.is_empty() {
            parts.push(format!(
                "{} ({})",
                crate::text::count(self.threats.len(), "threat"),
                ids(&self.threats)
            ));
        }
        if !self.decisions.is_empty() {
            parts.push(format!(
                "{} ({})",
                crate::text::count(self.decisions.len(), "decision"),
                ids(&self.decisions)
            ));
        }
        if !self.boundaries.is_empty() {
            parts.push(format!("it leaves boundary {}", ids(&self.boundaries)));
        }
        parts.join(", ")
    }
}
