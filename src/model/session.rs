//! The session: everything one threat-modeling meeting captures, as saved in its RON file.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::decision::Decision;
use super::element::{Element, ElementKind};
use super::id::{Counters, Id, IdKind};
use super::stride::Category;
use super::threat::Threat;

/// The file format this build writes. A file with a higher number is refused rather than
/// half-understood and then overwritten; one with a lower number, from [`OLDEST_FORMAT`], is
/// read and upgraded (see [`Session::upgrade`]).
///
/// - 1: one decision per threat.
/// - 2: several decisions per threat; residual likelihood and impact; CWE and CAPEC
///   references on threats; notes on the whole session; cells to review again.
/// - 3: decisions may name the CRA Annex I Part I requirements they serve.
pub const FORMAT_VERSION: u32 = 3;

/// The oldest file format this build still reads.
pub const OLDEST_FORMAT: u32 = 1;

/// One threat-modeling session: the four questions and what the team answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// File format version, [`FORMAT_VERSION`] for files this build writes.
    pub format: u32,
    /// What is being modeled: "Refund API".
    pub title: String,
    /// The feature's ticket, e.g. `PAY-142`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// Free notes on the whole model: what it covers, where it came from (an import puts
    /// the source's description and what had no other home here). Format 2.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Revision number, from 1; `revise` starts the next one.
    pub revision: u32,
    /// The revision this one continues, with the SHA-256 of its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Revision>,
    /// When the session was created.
    pub created: DateTime<Utc>,
    /// When it was last saved.
    pub updated: DateTime<Utc>,
    /// Who took part, and in which role.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// How the minutes are split over the phases.
    pub agenda: Agenda,
    /// Where the session stands in time.
    pub clock: Clock,
    /// Last IDs issued; IDs are never reused.
    #[serde(default)]
    pub counters: Counters,
    /// Q1: the elements of the data-flow view.
    #[serde(default)]
    pub elements: Vec<Element>,
    /// Q1: assets worth protecting, one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    /// Q1: what the team takes as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Assumption>,
    /// Q2: what can go wrong.
    #[serde(default)]
    pub threats: Vec<Threat>,
    /// Q2: cells looked at where nothing was found, with the reason.
    #[serde(default)]
    pub considered: Vec<NothingFound>,
    /// Q2: considered cells to look at again, with why (an SBOM import found that the
    /// component changed version). Format 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_review: Vec<NeedsReview>,
    /// Q3: what the team will do about the threats.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Points raised off-topic, kept for later.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parking_lot: Vec<ParkingItem>,
    /// Q4: a short retrospective.
    #[serde(default, skip_serializing_if = "Retrospective::is_empty")]
    pub retrospective: Retrospective,
}

impl Session {
    /// Brings a session read from a file of an older format up to [`FORMAT_VERSION`], to be
    /// written in it on the next save. Returns the format it was read in. Formats 1 and 2 need
    /// no change of content: everything they could say, format 3 says the same way.
    pub fn upgrade(&mut self) -> u32 {
        let read = self.format;
        if (OLDEST_FORMAT..FORMAT_VERSION).contains(&read) {
            self.format = FORMAT_VERSION;
        }
        read
    }
}

/// A link to the previous revision: its number and the SHA-256 of its file, hex-encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The previous revision's number.
    pub number: u32,
    /// SHA-256 of the previous revision's file, 64 lowercase hex digits.
    pub sha256: String,
}

/// Someone who took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// Name as the team knows them.
    pub name: String,
    /// Their role in the session: facilitator, scribe, architect, risk owner, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Participant {
    /// Reads `Name` or `Name:role`, as given on the command line.
    pub fn parse(spec: &str) -> Option<Self> {
        let (name, role) = match spec.split_once(':') {
            Some((name, role)) => (name.trim(), Some(role.trim())),
            None => (spec.trim(), None),
        };
        if name.is_empty() {
            return None;
        }
        Some(Participant {
            name: name.to_owned(),
            role: role.filter(|r| !r.is_empty()).map(str::to_owned),
        })
    }
}

impl fmt::Display for Participant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.role {
            Some(role) => write!(f, "{} ({role})", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// The four phases: the Four Question Framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum Phase {
    /// What are we working on?
    Scope,
    /// What can go wrong?
    Threats,
    /// What are we going to do about it?
    Decisions,
    /// Did we do a good job?
    Review,
}

impl Phase {
    /// All four, in meeting order.
    pub const ALL: [Phase; 4] = [
        Phase::Scope,
        Phase::Threats,
        Phase::Decisions,
        Phase::Review,
    ];

    /// The phase's short name.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Scope => "Scope",
            Phase::Threats => "Threats",
            Phase::Decisions => "Decisions",
            Phase::Review => "Review",
        }
    }

    /// The phase's number in meeting order, from 1: the key that jumps to it.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    /// The phase with this number (1 to 4), if there is one.
    pub fn numbered(number: usize) -> Option<Phase> {
        number
            .checked_sub(1)
            .and_then(|i| Phase::ALL.get(i).copied())
    }

    /// The phase after this one, if any.
    pub fn next(self) -> Option<Phase> {
        Phase::numbered(self.number() + 1)
    }

    /// The phase before this one, if any.
    pub fn previous(self) -> Option<Phase> {
        Phase::numbered(self.number() - 1)
    }

    /// "the Scope phase (1)": how messages point at a phase and its key.
    pub fn pointer(self) -> String {
        format!("the {} phase ({})", self.name(), self.number())
    }

    /// The question the phase answers, verbatim from Shostack's Four Question Framework.
    pub fn question(self) -> &'static str {
        match self {
            Phase::Scope => "What are we working on?",
            Phase::Threats => "What can go wrong?",
            Phase::Decisions => "What are we going to do about it?",
            Phase::Review => "Did we do a good job?",
        }
    }
}

/// How the session's minutes are split over the phases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    /// A solo quick review: the same phases, fewer prompts, straight to the threat walk.
    #[serde(default)]
    pub quick: bool,
    /// Minutes per phase, each phase once, in meeting order.
    pub phases: Vec<(Phase, u32)>,
}

impl Agenda {
    /// The session's length in minutes.
    pub fn minutes(&self) -> u32 {
        self.phases.iter().map(|(_, m)| *m).sum()
    }

    /// The minutes planned for `phase` (0 when the agenda leaves it out).
    pub fn minutes_for(&self, phase: Phase) -> u32 {
        self.phases
            .iter()
            .find(|(p, _)| *p == phase)
            .map_or(0, |(_, m)| *m)
    }
}

/// Where the session stands in time. Elapsed time is saved so that a session resumed after
/// a crash, or the next day, continues where it stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    /// The phase the team is in.
    pub phase: Phase,
    /// Seconds spent in each phase so far.
    #[serde(default)]
    pub elapsed_secs: BTreeMap<Phase, u64>,
    /// Whether the clock is paused.
    #[serde(default)]
    pub paused: bool,
}

impl Clock {
    /// A clock at the start of `phase` with nothing elapsed.
    pub fn starting(phase: Phase) -> Self {
        Clock {
            phase,
            elapsed_secs: BTreeMap::new(),
            paused: false,
        }
    }

    /// Seconds spent in `phase`.
    pub fn elapsed(&self, phase: Phase) -> u64 {
        self.elapsed_secs.get(&phase).copied().unwrap_or(0)
    }

    /// Seconds spent in all phases together.
    pub fn total_elapsed(&self) -> u64 {
        self.elapsed_secs.values().sum()
    }
}

/// "Considered, nothing found" for one cell, with the reason: coverage evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Considered")]
pub struct NothingFound {
    /// The element.
    pub element: Id,
    /// The category.
    pub category: Category,
    /// Why nothing applies here.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A cell to look at again, with why: what was recorded there was about something that has
/// changed since ("serde changed from 1.0.1 to 1.0.2"). Recording something on the cell
/// again (a threat added or changed there, its "nothing found" note saved) clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedsReview {
    /// The element.
    pub element: Id,
    /// The category.
    pub category: Category,
    /// What changed, in one line or several joined by "; ".
    pub reason: String,
}

/// Something the team takes as given ("the load balancer terminates TLS").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// Stable ID, `A<n>`.
    pub id: Id,
    /// The assumption in one line.
    pub text: String,
}

/// A point parked during the session, to be followed up later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkingItem {
    /// The point, in one line.
    pub text: String,
    /// Whether it has been turned into a follow-up for after the session.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub follow_up: bool,
}

/// The short retrospective of the review phase.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retrospective {
    /// What worked.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub worked: String,
    /// What to change next time.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
}

impl Retrospective {
    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.worked.is_empty() && self.change.is_empty()
    }
}

impl Session {
    /// A new, empty session at revision 1, created `now` (rounded to the second so that the
    /// file reads cleanly).
    pub fn new(title: impl Into<String>, agenda: Agenda, now: DateTime<Utc>) -> Self {
        let now = now.trunc_subsecs(0);
        let first_phase = if agenda.quick {
            Phase::Threats
        } else {
            Phase::Scope
        };
        Session {
            format: FORMAT_VERSION,
            title: title.into(),
            ticket: None,
            notes: String::new(),
            revision: 1,
            previous: None,
            created: now,
            updated: now,
            participants: Vec::new(),
            agenda,
            clock: Clock::starting(first_phase),
            counters: Counters::default(),
            elements: Vec::new(),
            assets: Vec::new(),
            assumptions: Vec::new(),
            threats: Vec::new(),
            considered: Vec::new(),
            needs_review: Vec::new(),
            decisions: Vec::new(),
            parking_lot: Vec::new(),
            retrospective: Retrospective::default(),
        }
    }

    /// Issues the next ID of `kind`; never one used before in this session.
    pub fn issue_id(&mut self, kind: IdKind) -> Id {
        self.counters.issue(kind)
    }

    /// The element with this ID.
    pub fn element(&self, id: &Id) -> Option<&Element> {
        self.elements.iter().find(|e| &e.id == id)
    }

    /// The threat with this ID.
    pub fn threat(&self, id: &Id) -> Option<&Threat> {
        self.threats.iter().find(|t| &t.id == id)
    }

    /// Whether a data flow crosses a trust boundary: exactly one of its ends is inside some
    /// boundary. Other elements never cross.
    pub fn crosses_boundary(&self, flow: &Element) -> bool {
        let ElementKind::DataFlow { from, to, .. } = &flow.kind else {
            return false;
        };
        self.elements.iter().any(|boundary| match &boundary.kind {
            ElementKind::TrustBoundary { members } => {
                members.contains(from) != members.contains(to)
            }
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each phase stands in [`Phase::ALL`]: a new phase does not compile until it is
    /// placed here, and the test then holds `ALL` (tabs, `[`, `]`, agendas) to it.
    fn position(phase: Phase) -> usize {
        match phase {
            Phase::Scope => 0,
            Phase::Threats => 1,
            Phase::Decisions => 2,
            Phase::Review => 3,
        }
    }

    #[test]
    fn every_phase_is_in_order_in_all() {
        for (i, phase) in Phase::ALL.into_iter().enumerate() {
            assert_eq!(
                position(phase),
                i,
                "{phase:?} is out of place in Phase::ALL"
            );
        }
    }

    fn agenda() -> Agenda {
        Agenda {
            quick: false,
            phases: vec![
                (Phase::Scope, 10),
                (Phase::Threats, 20),
                (Phase::Decisions, 10),
                (Phase::Review, 5),
            ],
        }
    }

    fn node(session: &mut Session, name: &str) -> Id {
        let id = session.issue_id(IdKind::Element);
        session.elements.push(Element {
            id: id.clone(),
            kind: ElementKind::Process,
            name: name.into(),
            notes: String::new(),
        });
        id
    }

    #[test]
    fn participants_parse_from_the_command_line() {
        let p = Participant::parse("Ana Lopez: facilitator").unwrap();
        assert_eq!(p.name, "Ana Lopez");
        assert_eq!(p.role.as_deref(), Some("facilitator"));
        assert_eq!(Participant::parse("Bo").unwrap().role, None);
        assert_eq!(Participant::parse("Bo:").unwrap().role, None);
        assert!(Participant::parse(" :admin").is_none());
    }

    #[test]
    fn a_flow_crosses_when_exactly_one_end_is_inside() {
        let mut s = Session::new("t", agenda(), Utc::now());
        let a = node(&mut s, "a");
        let b = node(&mut s, "b");
        let flow = |from: &Id, to: &Id| Element {
            id: "E99".into(),
            kind: ElementKind::DataFlow {
                from: from.clone(),
                to: to.clone(),
                data: String::new(),
            },
            name: "f".into(),
            notes: String::new(),
        };
        assert!(!s.crosses_boundary(&flow(&a, &b)), "no boundary yet");
        let boundary = s.issue_id(IdKind::Element);
        s.elements.push(Element {
            id: boundary,
            kind: ElementKind::TrustBoundary {
                members: vec![b.clone()],
            },
            name: "dmz".into(),
            notes: String::new(),
        });
        assert!(s.crosses_boundary(&flow(&a, &b)));
        assert!(s.crosses_boundary(&flow(&b, &a)));
        assert!(!s.crosses_boundary(&flow(&b, &b)));
    }

    #[test]
    fn quick_agenda_starts_in_the_threat_walk() {
        let mut quick = agenda();
        quick.quick = true;
        assert_eq!(
            Session::new("q", quick, Utc::now()).clock.phase,
            Phase::Threats
        );
        assert_eq!(
            Session::new("t", agenda(), Utc::now()).clock.phase,
            Phase::Scope
        );
        assert_eq!(agenda().minutes(), 45);
    }

    #[test]
    fn phases_know_their_numbers_and_neighbours() {
        for (i, phase) in Phase::ALL.iter().enumerate() {
            assert_eq!(phase.number(), i + 1);
            assert_eq!(Phase::numbered(i + 1), Some(*phase));
        }
        assert_eq!(Phase::numbered(0), None);
        assert_eq!(Phase::numbered(Phase::ALL.len() + 1), None);
        assert_eq!(Phase::Scope.previous(), None);
        assert_eq!(Phase::Scope.next(), Some(Phase::Threats));
        assert_eq!(Phase::Review.next(), None);
        assert_eq!(Phase::Review.previous(), Some(Phase::Decisions));
        assert_eq!(Phase::Threats.pointer(), "the Threats phase (2)");
    }
}
