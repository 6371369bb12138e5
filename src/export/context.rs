//! The data every export is made from: one plain, serializable view of a session. The JSON
//! flavour is this context as it is; the built-in flavours and user templates read it too.
//! Its shape is the documented, stable schema `threatbench-export/2` (docs/export.md).

use crate::model::hasher::Set;

use serde::Serialize;

use super::index::Index;
use super::threat_views::{self, category_name};
pub use super::threat_views::{DecisionRef, ReferenceView, ThreatView};
use crate::model::{Category, Decision, DecisionStatus, ElementKind, Id, KindTag, Phase, Session};

/// The schema name and version of the context, also in the JSON output.
pub const SCHEMA: &str = "threatbench-export/2";

/// What the export knows about the file it was made from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Source {
    /// The session file's path, as given.
    pub path: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

/// The export context.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The program that made the export.
    pub generator: Generator,
    /// Title, ticket, revision, dates.
    pub session: Header,
    /// Time planned and spent per phase.
    pub time: Vec<PhaseTime>,
    /// Who took part.
    pub participants: Vec<Person>,
    /// Elements of the data-flow view.
    pub elements: Vec<ElementView>,
    /// Assets worth protecting.
    pub assets: Vec<String>,
    /// Assumptions.
    pub assumptions: Vec<AssumptionView>,
    /// Threats, highest risk first (unrated last), then by ID.
    pub threats: Vec<ThreatView>,
    /// Decisions, in ID order.
    pub decisions: Vec<DecisionView>,
    /// IDs of threats without a decision.
    pub unresolved: Vec<String>,
    /// Live cells considered out of all.
    pub coverage: CoverageView,
    /// Elements with live cells nobody considered.
    pub never_considered: Vec<Gap>,
    /// Cells marked "considered, nothing found", with the reason.
    pub considered: Vec<ConsideredView>,
    /// The parking lot.
    pub parking_lot: Vec<Parked>,
    /// The retrospective.
    pub retrospective: Retro,
    /// The readiness checklist.
    pub readiness: Vec<CheckView>,
    /// The session file.
    pub source: Source,
}

/// The program that made the export.
#[derive(Debug, Clone, Serialize)]
pub struct Generator {
    /// "threatbench".
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
}

/// Session header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Title.
    pub title: String,
    /// Ticket, if any.
    pub ticket: Option<String>,
    /// Notes on the whole session.
    pub notes: String,
    /// Revision.
    pub revision: u32,
    /// The previous revision's number and SHA-256, if any.
    pub previous: Option<(u32, String)>,
    /// Created (RFC 3339).
    pub created: String,
    /// Last updated (RFC 3339).
    pub updated: String,
    /// The date of the last update (YYYY-MM-DD): the export's date.
    pub date: String,
    /// Planned minutes.
    pub agenda_minutes: u32,
    /// Whether this was a solo quick review.
    pub quick: bool,
    /// Seconds spent in all.
    pub spent_seconds: u64,
}

/// One phase's time.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseTime {
    /// Phase name.
    pub phase: &'static str,
    /// The question it answers.
    pub question: &'static str,
    /// Minutes planned.
    pub planned_minutes: u32,
    /// Seconds spent.
    pub spent_seconds: u64,
}

/// A participant.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
}

/// An element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementView {
    /// ID.
    pub id: String,
    /// Kind, machine-readable: external_entity, process, data_store, data_flow,
    /// trust_boundary, third_party.
    pub kind: &'static str,
    /// Kind in words.
    pub kind_label: &'static str,
    /// The kind itself, for the flavours that draw kinds differently (not serialized: the
    /// schema has `kind`).
    #[serde(skip)]
    pub tag: KindTag,
    /// Name.
    pub name: String,
    /// One line of kind-specific details ("Customer → Refund API: order id").
    pub details: String,
    /// Notes.
    pub notes: String,
    /// Flow source ID.
    pub from: Option<String>,
    /// Flow destination ID.
    pub to: Option<String>,
    /// What a flow carries.
    pub data: Option<String>,
    /// Whether a store holds logs.
    pub holds_logs: Option<bool>,
    /// Boundary member IDs.
    pub members: Vec<String>,
    /// Third-party supplier.
    pub supplier: Option<String>,
    /// Third-party version.
    pub version: Option<String>,
    /// Third-party package URL.
    pub purl: Option<String>,
    /// Whether a flow crosses a trust boundary.
    pub crosses_boundary: bool,
}

/// An assumption.
#[derive(Debug, Clone, Serialize)]
pub struct AssumptionView {
    /// ID.
    pub id: String,
    /// Text.
    pub text: String,
}

/// A decision.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    /// ID.
    pub id: String,
    /// mitigate, avoid, transfer or accept.
    pub kind: &'static str,
    /// The threats it answers.
    pub threats: Vec<String>,
    /// Summary.
    pub summary: String,
    /// Rationale.
    pub rationale: String,
    /// Owner.
    pub owner: Option<String>,
    /// Ticket.
    pub ticket: Option<String>,
    /// open, in progress, done.
    pub status: &'static str,
    /// Whether the work is done.
    pub done: bool,
    /// Review date of an accepted risk (YYYY-MM-DD).
    pub review_by: Option<String>,
    /// The CRA Annex I Part I requirements the team says it serves: `I(2)(d)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
}

/// Coverage.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageView {
    /// Live cells considered.
    pub considered: usize,
    /// All live cells.
    pub live: usize,
    /// Whole percent.
    pub percent: u32,
}

/// An element with live cells nobody considered.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// Element ID.
    pub element: String,
    /// Element name.
    pub element_name: String,
    /// The categories never considered.
    pub categories: Vec<&'static str>,
    /// Their letters, e.g. "TID".
    pub letters: String,
}

/// A "considered, nothing found" cell.
#[derive(Debug, Clone, Serialize)]
pub struct ConsideredView {
    /// Element ID.
    pub element: String,
    /// Category name.
    pub category: &'static str,
    /// Why nothing applies.
    pub note: String,
}

/// A parking-lot item.
#[derive(Debug, Clone, Serialize)]
pub struct Parked {
    /// The point.
    pub text: String,
    /// Whether it became a follow-up.
    pub follow_up: bool,
}

/// The retrospective.
#[derive(Debug, Clone, Serialize)]
pub struct Retro {
    /// What worked.
    pub worked: String,
    /// What to change.
    pub change: String,
}

/// A readiness check.
#[derive(Debug, Clone, Serialize)]
pub struct CheckView {
    /// The goal.
    pub label: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// Detail.
    pub detail: String,
}

impl Context {
    /// The context of `session`, made from the file described by `source`, with accepted
    /// risks judged as of the day `as_of` (today, or a pinned date for a repeatable export).
    pub fn of(session: &Session, source: Source, as_of: chrono::NaiveDate) -> Self {
        Self::of_in(
            session,
            source,
            as_of,
            super::per_task(session.threats.len()),
        )
    }

    /// [`Context::of`], with the threats' views made in tasks of `views` views that two
    /// threads share ([`crate::alongside::shared_list`]) while this one first makes
    /// everything else; with `None`, all on this thread. However the views are shared, the
    /// context is the same.
    #[doc(hidden)]
    pub fn of_in(
        session: &Session,
        source: Source,
        as_of: chrono::NaiveDate,
        views: Option<usize>,
    ) -> Self {
        let s = session;
        // One pass over the elements: a name or a crossing is then a lookup, not a scan.
        let index = Index::of(s);
        let answers = s.answers();
        let order = s.by_risk();
        let view = |i: &usize| threat_views::view(s, &index, &answers, *i);
        let rest = || Self::without_threats(s, &index, source, as_of);
        let (mut context, threats) = match views {
            None => (rest(), order.iter().map(view).collect()),
            Some(views) => {
                crate::alongside::shared_list("threatbench-export", rest, order.len(), views, |n| {
                    view(&order[n])
                })
            }
        };
        context.threats = threats;
        context
    }

    /// The context of `s` but for the views of its threats, which are made apart.
    fn without_threats(
        s: &Session,
        index: &Index<'_>,
        source: Source,
        as_of: chrono::NaiveDate,
    ) -> Self {
        let name_of = |id: &crate::model::Id| index.name(id);
        let elements = s
            .elements
            .iter()
            .map(|e| {
                let mut view = ElementView {
                    id: e.id.to_string(),
                    kind: e.kind.tag().key(),
                    tag: e.kind.tag(),
                    kind_label: e.kind.tag().label(),
                    name: e.name.clone(),
                    details: String::new(),
                    notes: e.notes.clone(),
                    from: None,
                    to: None,
                    data: None,
                    holds_logs: None,
                    members: Vec::new(),
                    supplier: None,
                    version: None,
                    purl: None,
                    crosses_boundary: index.crosses_boundary(e),
                };
                view.details = match &e.kind {
                    ElementKind::DataFlow { from, to, data } => {
                        view.from = Some(from.to_string());
                        view.to = Some(to.to_string());
                        view.data = Some(data.clone()).filter(|d| !d.is_empty());
                        let cross = if view.crosses_boundary {
                            " (crosses a trust boundary)"
                        } else {
                            ""
                        };
                        let carries = if data.is_empty() {
                            String::new()
                        } else {
                            format!(": {data}")
                        };
                        format!("{} → {}{carries}{cross}", name_of(from), name_of(to))
                    }
                    ElementKind::DataStore { holds_logs } => {
                        view.holds_logs = Some(*holds_logs);
                        if *holds_logs {
                            "holds logs".into()
                        } else {
                            String::new()
                        }
                    }
                    ElementKind::TrustBoundary { members } => {
                        view.members = members.iter().map(ToString::to_string).collect();
                        let names: Vec<String> = members.iter().map(&name_of).collect();
                        format!("inside: {}", names.join(", "))
                    }
                    ElementKind::ThirdParty {
                        supplier,
                        version,
                        purl,
                    } => {
                        view.supplier = Some(supplier.clone());
                        view.version = version.clone();
                        view.purl = purl.clone();
                        let mut parts = vec![format!("supplier {supplier}")];
                        parts.extend(version.iter().map(|v| format!("version {v}")));
                        parts.extend(purl.iter().cloned());
                        parts.join(", ")
                    }
                    ElementKind::ExternalEntity | ElementKind::Process => String::new(),
                };
                view
            })
            .collect();
        // Which threats a decision answers, gathered once for the list and the checklist.
        let decided = s.decided_ids();
        let unresolved = s
            .threats
            .iter()
            .filter(|t| !decided.contains(&t.id))
            .map(|t| t.id.as_str().to_owned())
            .collect();
        let cells = s.cell_states();
        // The readiness checklist reads the cells counted here and the crossings the index
        // found, rather than counting them again.
        let crossing: Set<Id> = s
            .elements
            .iter()
            .filter(|e| index.crosses_boundary(e))
            .map(|e| e.id.clone())
            .collect();
        let coverage = s.coverage_of(&cells);
        let never_considered = s
            .never_considered_of(&cells)
            .into_iter()
            .map(|gap| Gap {
                element_name: name_of(&gap.element),
                element: gap.element.to_string(),
                categories: gap.categories.iter().map(category_name).collect(),
                letters: gap.categories.iter().map(Category::letter).collect(),
            })
            .collect();
        Context {
            schema: SCHEMA,
            generator: Generator {
                name: "threatbench",
                version: env!("CARGO_PKG_VERSION"),
            },
            session: Header {
                title: s.title.clone(),
                ticket: s.ticket.clone(),
                notes: s.notes.clone(),
                revision: s.revision,
                previous: s.previous.as_ref().map(|p| (p.number, p.sha256.clone())),
                created: s.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                updated: s.updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                date: s.updated.format("%Y-%m-%d").to_string(),
                agenda_minutes: s.agenda.minutes(),
                quick: s.agenda.quick,
                spent_seconds: s.clock.total_elapsed(),
            },
            time: Phase::ALL
                .iter()
                .map(|p| PhaseTime {
                    phase: p.name(),
                    question: p.question(),
                    planned_minutes: s.agenda.minutes_for(*p),
                    spent_seconds: s.clock.elapsed(*p),
                })
                .collect(),
            participants: s
                .participants
                .iter()
                .map(|p| Person {
                    name: p.name.clone(),
                    role: p.role.clone(),
                })
                .collect(),
            elements,
            assets: s.assets.clone(),
            assumptions: s
                .assumptions
                .iter()
                .map(|a| AssumptionView {
                    id: a.id.to_string(),
                    text: a.text.clone(),
                })
                .collect(),
            threats: Vec::new(),
            decisions: s.decisions.iter().map(view_of).collect(),
            unresolved,
            coverage: CoverageView {
                considered: coverage.considered,
                live: coverage.live,
                percent: coverage.percent(),
            },
            never_considered,
            considered: s
                .considered
                .iter()
                .map(|c| ConsideredView {
                    element: c.element.to_string(),
                    category: category_name(c.category),
                    note: c.note.clone(),
                })
                .collect(),
            parking_lot: s
                .parking_lot
                .iter()
                .map(|p| Parked {
                    text: p.text.clone(),
                    follow_up: p.follow_up,
                })
                .collect(),
            retrospective: Retro {
                worked: s.retrospective.worked.clone(),
                change: s.retrospective.change.clone(),
            },
            // An acceptance whose review date has passed is overdue as of the day asked.
            readiness: s
                .readiness_with(
                    as_of,
                    &crate::model::Thresholds::default(),
                    crate::model::Counted {
                        cells: &cells,
                        coverage,
                        answered: &|i| decided.contains(&s.threats[i].id),
                    },
                    &crossing,
                )
                .into_iter()
                .map(|c| CheckView {
                    label: c.label,
                    ok: c.ok,
                    detail: c.detail,
                })
                .collect(),
            source,
        }
    }
}

/// The export's view of a decision. It takes the decision apart field by field, so that a
/// field added to decisions does not compile until the export says what to do with it.
fn view_of(decision: &Decision) -> DecisionView {
    let Decision {
        id,
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
    DecisionView {
        id: id.to_string(),
        kind: kind.name(),
        threats: threats.iter().map(|t| t.as_str().to_owned()).collect(),
        summary: summary.clone(),
        rationale: rationale.clone(),
        owner: owner.clone(),
        ticket: ticket.clone(),
        status: status.name(),
        done: *status == DecisionStatus::Done,
        review_by: review_by.map(|r| r.to_string()),
        requirements: requirements.iter().map(ToString::to_string).collect(),
    }
}
