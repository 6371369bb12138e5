//! Checks a parsed session for what the type system cannot: unique IDs, references that
//! resolve, values in range, a known format version, and text free of control characters.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::decision::Decision;
use super::element::{Element, ElementKind, KindTag};
use super::id::{Id, IdKind};
use super::session::{FORMAT_VERSION, Phase, Session};
use super::stride::{Category, CategorySet};
use super::threat::{RATING_RANGE, indefinite_article};

/// The most minutes one phase may be planned for (a full working day).
pub const MAX_PHASE_MINUTES: u32 = 8 * 60;
/// The highest number an ID counter may reach: far beyond any session, far from overflow.
pub const MAX_COUNTER: u32 = 9_999_999;
/// The most seconds a phase can have run: a year. Keeps sums far from overflow.
pub const MAX_ELAPSED_SECS: u64 = 366 * 24 * 60 * 60;

/// Why a parsed session is not a valid one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    /// The format number is not one this build knows.
    #[error("unknown format version {found} (this threatbench writes format {FORMAT_VERSION})")]
    UnknownFormat {
        /// The number found in the file.
        found: u32,
    },
    /// The title is empty.
    #[error("the session has no title")]
    EmptyTitle,
    /// A name, title or summary that must say something is empty.
    #[error("{place} is empty")]
    Empty {
        /// Which text, e.g. "the name of E3".
        place: String,
        /// The item holding it, when it has an ID.
        owner: Option<Id>,
    },
    /// Two decisions answer the same threat.
    #[error(
        "threat `{threat}` is answered by both `{first}` and `{second}`; one decision per threat"
    )]
    AnsweredTwice {
        /// The threat.
        threat: Id,
        /// The first decision.
        first: Id,
        /// The second decision.
        second: Id,
    },
    /// A data flow starts and ends at the same element.
    #[error("flow `{flow}` starts and ends at the same element")]
    FlowLoop {
        /// The flow.
        flow: Id,
    },
    /// An ID does not have the shape its place asks for.
    #[error("`{id}` is not a valid {} ID (expected {}1, {}2, ...)", .kind.noun(), .kind.prefix(), .kind.prefix())]
    MalformedId {
        /// The ID as written.
        id: Id,
        /// The kind the place asks for.
        kind: IdKind,
    },
    /// Two items share an ID.
    #[error("the ID `{id}` is used twice")]
    DuplicateId {
        /// The repeated ID.
        id: Id,
    },
    /// An ID is above the counter that should have issued it, so it could be issued again.
    #[error("`{id}` is above the last {} number issued ({last}); `counters` is behind", .kind.noun())]
    CounterBehind {
        /// The ID.
        id: Id,
        /// Its kind.
        kind: IdKind,
        /// The counter's value.
        last: u32,
    },
    /// A reference names nothing, or something of the wrong kind.
    #[error("`{owner}` refers in `{field}` to `{target}`, {problem}")]
    BadReference {
        /// The item holding the reference.
        owner: Id,
        /// The field holding it.
        field: &'static str,
        /// The ID it names.
        target: Id,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A number is outside the range its field allows.
    #[error("`{owner}` has {field} {value}, outside {range}")]
    OutOfRange {
        /// The item holding the value (or a name for session-level fields).
        owner: String,
        /// The field.
        field: &'static str,
        /// The value found.
        value: u64,
        /// The allowed range, in words.
        range: String,
    },
    /// A "considered, nothing found" note names an element that does not exist.
    #[error("a cell marked considered names the element `{element}`, which does not exist")]
    UnknownConsideredElement {
        /// The missing element.
        element: Id,
    },
    /// The same cell is marked "considered, nothing found" twice.
    #[error("the cell {element} {category:?} is marked considered twice")]
    DuplicateNothingFound {
        /// The element.
        element: Id,
        /// The category.
        category: Category,
    },
    /// A decision answers no threat.
    #[error("decision `{id}` answers no threat")]
    EmptyDecision {
        /// The decision.
        id: Id,
    },
    /// The agenda does not list each phase once, in order.
    #[error("the agenda must list Scope, Threats, Decisions and Review once each, in that order")]
    BadAgenda,
    /// Text holds a control character, which could drive a terminal or hide content.
    #[error("{place} contains the control character U+{code:04X}")]
    ControlCharacter {
        /// Where the text is, e.g. "T3 title".
        place: String,
        /// The offending code point.
        code: u32,
        /// The item holding it, when it has an ID.
        owner: Option<Id>,
    },
    /// A threat, or a "considered, nothing found" note, on a cell the element's kind does
    /// not have (a `·` in the grid): never shown in the grid, yet listed by the exports.
    #[error("{}", not_live(.threat.as_ref(), .element, *.category, *.kind, *.live))]
    NotLive {
        /// The threat, or `None` for a "nothing found" note.
        threat: Option<Id>,
        /// The element.
        element: Id,
        /// The category that does not apply.
        category: Category,
        /// The element's kind.
        kind: KindTag,
        /// The categories that do apply to the element.
        live: CategorySet,
    },
    /// The session was last saved before it was created.
    #[error("`updated` ({updated}) is earlier than `created` ({created})")]
    UpdatedBeforeCreated {
        /// When the session was created.
        created: DateTime<Utc>,
        /// When it was last saved.
        updated: DateTime<Utc>,
    },
    /// The previous revision link is broken.
    #[error("`previous` must name a revision below {revision} and a 64-digit hex SHA-256")]
    BadPrevious {
        /// This session's revision.
        revision: u32,
    },
}

/// What [`ValidationError::NotLive`] says.
fn not_live(
    threat: Option<&Id>,
    element: &Id,
    category: Category,
    kind: KindTag,
    live: CategorySet,
) -> String {
    let what = match threat {
        Some(id) => format!("threat `{id}`"),
        None => "a \"nothing found\" note".to_owned(),
    };
    if kind == KindTag::TrustBoundary {
        return format!(
            "{what} is on the trust boundary `{element}`, which has no STRIDE cells of its own; \
             put it on a flow that crosses the boundary"
        );
    }
    let label = kind.label();
    let article = indefinite_article(label, false);
    let cells: Vec<&str> = live.iter().map(Category::name).collect();
    format!(
        "{what} is on `{element}` under {category}, which does not apply to {article} {label} \
         (its cells: {})",
        cells.join(", ")
    )
}

impl ValidationError {
    /// The ID the error is about, so that a loader can point at its line.
    pub fn subject(&self) -> Option<&Id> {
        match self {
            ValidationError::MalformedId { id, .. }
            | ValidationError::DuplicateId { id }
            | ValidationError::CounterBehind { id, .. }
            | ValidationError::EmptyDecision { id } => Some(id),
            ValidationError::AnsweredTwice { second, .. } => Some(second),
            ValidationError::BadReference { owner, .. }
            | ValidationError::FlowLoop { flow: owner } => Some(owner),
            ValidationError::Empty { owner, .. } => owner.as_ref(),
            ValidationError::DuplicateNothingFound { element, .. }
            | ValidationError::UnknownConsideredElement { element } => Some(element),
            ValidationError::ControlCharacter { owner, .. } => owner.as_ref(),
            ValidationError::NotLive {
                threat, element, ..
            } => Some(threat.as_ref().unwrap_or(element)),
            _ => None,
        }
    }
}

/// Checks `session`, returning the first problem found.
pub fn validate(session: &Session) -> Result<(), ValidationError> {
    if session.format != FORMAT_VERSION {
        return Err(ValidationError::UnknownFormat {
            found: session.format,
        });
    }
    if is_blank(&session.title) {
        return Err(ValidationError::EmptyTitle);
    }
    check_header(session)?;
    check_ids(session)?;
    check_references(session)?;
    check_text(session)
}

fn range_error(
    owner: impl Into<String>,
    field: &'static str,
    value: u64,
    range: String,
) -> ValidationError {
    ValidationError::OutOfRange {
        owner: owner.into(),
        field,
        value,
        range,
    }
}

fn check_header(session: &Session) -> Result<(), ValidationError> {
    if session.updated < session.created {
        return Err(ValidationError::UpdatedBeforeCreated {
            created: session.created,
            updated: session.updated,
        });
    }
    if session.revision == 0 {
        return Err(range_error("session", "revision", 0, "1 and above".into()));
    }
    if let Some(previous) = &session.previous {
        let hex =
            previous.sha256.len() == 64 && previous.sha256.bytes().all(|b| b.is_ascii_hexdigit());
        if previous.number >= session.revision || !hex {
            return Err(ValidationError::BadPrevious {
                revision: session.revision,
            });
        }
    }
    let phases: Vec<Phase> = session.agenda.phases.iter().map(|(p, _)| *p).collect();
    if phases != Phase::ALL {
        return Err(ValidationError::BadAgenda);
    }
    for (phase, minutes) in &session.agenda.phases {
        if *minutes > MAX_PHASE_MINUTES {
            return Err(range_error(
                format!("agenda {}", phase.name()),
                "minutes",
                u64::from(*minutes),
                format!("0..={MAX_PHASE_MINUTES}"),
            ));
        }
    }
    if session.agenda.minutes() == 0 {
        return Err(range_error(
            "agenda",
            "minutes",
            0,
            "at least 1 in all".into(),
        ));
    }
    for (phase, secs) in &session.clock.elapsed_secs {
        if *secs > MAX_ELAPSED_SECS {
            return Err(range_error(
                format!("clock {}", phase.name()),
                "elapsed_secs",
                *secs,
                format!("0..={MAX_ELAPSED_SECS}"),
            ));
        }
    }
    Ok(())
}

fn not_live_error(threat: Option<&Id>, on: &Element, category: Category) -> ValidationError {
    ValidationError::NotLive {
        threat: threat.cloned(),
        element: on.id.clone(),
        category,
        kind: on.kind.tag(),
        live: on.kind.live_categories(),
    }
}

fn check_ids(session: &Session) -> Result<(), ValidationError> {
    let groups: [(IdKind, Vec<&Id>); 4] = [
        (
            IdKind::Element,
            session.elements.iter().map(|e| &e.id).collect(),
        ),
        (
            IdKind::Threat,
            session.threats.iter().map(|t| &t.id).collect(),
        ),
        (
            IdKind::Decision,
            session.decisions.iter().map(|d| &d.id).collect(),
        ),
        (
            IdKind::Assumption,
            session.assumptions.iter().map(|a| &a.id).collect(),
        ),
    ];
    for (kind, ids) in groups {
        let last = session.counters.last(kind);
        if last > MAX_COUNTER {
            return Err(range_error(
                "counters",
                "last issued",
                u64::from(last),
                format!("0..={MAX_COUNTER}"),
            ));
        }
        let mut seen = HashSet::new();
        for id in ids {
            match id.parse() {
                Some((found, number)) if found == kind => {
                    if number > last {
                        return Err(ValidationError::CounterBehind {
                            id: id.clone(),
                            kind,
                            last,
                        });
                    }
                }
                _ => {
                    return Err(ValidationError::MalformedId {
                        id: id.clone(),
                        kind,
                    });
                }
            }
            if !seen.insert(id) {
                return Err(ValidationError::DuplicateId { id: id.clone() });
            }
        }
    }
    Ok(())
}

fn check_references(session: &Session) -> Result<(), ValidationError> {
    // Maps, not scans: a session with thousands of threats validates in linear time.
    let elements: HashMap<&Id, &Element> = session.elements.iter().map(|e| (&e.id, e)).collect();
    let threats: HashSet<&Id> = session.threats.iter().map(|t| &t.id).collect();
    let element = |id: &Id| elements.get(id).copied();
    let bad = |owner: &Id, field, target: &Id, problem| ValidationError::BadReference {
        owner: owner.clone(),
        field,
        target: target.clone(),
        problem,
    };
    let empty = |place: String, owner: &Id| ValidationError::Empty {
        place,
        owner: Some(owner.clone()),
    };
    for e in &session.elements {
        if is_blank(&e.name) {
            return Err(empty(format!("the name of {}", e.id), &e.id));
        }
        if let ElementKind::DataFlow { from, to, .. } = &e.kind
            && from == to
        {
            return Err(ValidationError::FlowLoop { flow: e.id.clone() });
        }
        if let ElementKind::TrustBoundary { members } = &e.kind {
            let mut seen = HashSet::new();
            if let Some(twice) = members.iter().find(|m| !seen.insert(*m)) {
                return Err(bad(&e.id, "members", twice, "twice"));
            }
        }
        for (field, target) in e.references() {
            match element(target) {
                None => return Err(bad(&e.id, field, target, "which does not exist")),
                Some(Element { kind, .. }) if !kind.is_node() => {
                    return Err(bad(
                        &e.id,
                        field,
                        target,
                        "which is a flow or a boundary, not an entity, process, store or component",
                    ));
                }
                Some(_) => {}
            }
        }
    }
    for t in &session.threats {
        if is_blank(&t.title) {
            return Err(empty(format!("the title of {}", t.id), &t.id));
        }
        let Some(on) = element(&t.element) else {
            return Err(bad(&t.id, "element", &t.element, "which does not exist"));
        };
        if !on.kind.live_categories().contains(t.category) {
            return Err(not_live_error(Some(&t.id), on, t.category));
        }
        for (field, value) in [("likelihood", t.likelihood), ("impact", t.impact)] {
            if let Some(v) = value.filter(|v| !RATING_RANGE.contains(v)) {
                return Err(range_error(
                    t.id.as_str(),
                    field,
                    u64::from(v),
                    "1..=5".into(),
                ));
            }
        }
    }
    let mut cells = HashSet::new();
    for c in &session.considered {
        let Some(on) = element(&c.element) else {
            return Err(bad(
                &c.element,
                "considered",
                &c.element,
                "which does not exist",
            ));
        };
        if !on.kind.live_categories().contains(c.category) {
            return Err(not_live_error(None, on, c.category));
        }
        if !cells.insert((&c.element, c.category)) {
            return Err(ValidationError::DuplicateNothingFound {
                element: c.element.clone(),
                category: c.category,
            });
        }
    }
    let mut answered: HashMap<&Id, &Id> = HashMap::new();
    for d in &session.decisions {
        if is_blank(&d.summary) {
            return Err(empty(format!("the summary of {}", d.id), &d.id));
        }
        if d.threats.is_empty() {
            return Err(ValidationError::EmptyDecision { id: d.id.clone() });
        }
        let mut seen = HashSet::new();
        for target in &d.threats {
            if !threats.contains(target) {
                return Err(bad(&d.id, "threats", target, "which does not exist"));
            }
            if !seen.insert(target) {
                return Err(bad(&d.id, "threats", target, "twice"));
            }
            // One response per threat: the record must say what was decided, once.
            if let Some(first) = answered.insert(target, &d.id) {
                return Err(ValidationError::AnsweredTwice {
                    threat: target.clone(),
                    first: first.clone(),
                    second: d.id.clone(),
                });
            }
        }
    }
    if let Some(p) = session.participants.iter().find(|p| is_blank(&p.name)) {
        let role = p.role.as_deref().unwrap_or("no role");
        return Err(ValidationError::Empty {
            place: format!("the name of a participant ({role})"),
            owner: None,
        });
    }
    Ok(())
}

/// Every text field of the session, with where it is and which item holds it.
fn texts(session: &Session) -> Vec<(String, Option<&Id>, &str)> {
    let mut out: Vec<(String, Option<&Id>, &str)> = vec![("title".into(), None, &session.title)];
    if let Some(ticket) = &session.ticket {
        out.push(("ticket".into(), None, ticket));
    }
    for p in &session.participants {
        out.push(("participant name".into(), None, &p.name));
        if let Some(role) = &p.role {
            out.push(("participant role".into(), None, role));
        }
    }
    for e in &session.elements {
        out.push((format!("{} name", e.id), Some(&e.id), &e.name));
        out.push((format!("{} notes", e.id), Some(&e.id), &e.notes));
        match &e.kind {
            ElementKind::DataFlow { data, .. } => {
                out.push((format!("{} data", e.id), Some(&e.id), data));
            }
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => {
                out.push((format!("{} supplier", e.id), Some(&e.id), supplier));
                for (field, value) in [("version", version), ("purl", purl)] {
                    if let Some(value) = value {
                        out.push((format!("{} {field}", e.id), Some(&e.id), value));
                    }
                }
            }
            _ => {}
        }
    }
    for (i, asset) in session.assets.iter().enumerate() {
        out.push((format!("asset {}", i + 1), None, asset));
    }
    for a in &session.assumptions {
        out.push((format!("{} text", a.id), Some(&a.id), &a.text));
    }
    for t in &session.threats {
        let g = &t.grammar;
        for (field, value) in [
            ("title", &t.title),
            ("notes", &t.notes),
            ("source", &g.source),
            ("prerequisites", &g.prerequisites),
            ("action", &g.action),
            ("impact", &g.impact),
            ("assets", &g.assets),
        ] {
            out.push((format!("{} {field}", t.id), Some(&t.id), value));
        }
    }
    for c in &session.considered {
        out.push((
            format!("{} considered note", c.element),
            Some(&c.element),
            &c.note,
        ));
    }
    // Taken apart field by field: a text field added to decisions must be listed here.
    for Decision {
        id,
        summary,
        rationale,
        owner,
        ticket,
        kind: _,
        threats: _,
        status: _,
        review_by: _,
    } in &session.decisions
    {
        out.push((format!("{id} summary"), Some(id), summary));
        out.push((format!("{id} rationale"), Some(id), rationale));
        for (field, value) in [("owner", owner), ("ticket", ticket)] {
            if let Some(value) = value {
                out.push((format!("{id} {field}"), Some(id), value));
            }
        }
    }
    for (i, item) in session.parking_lot.iter().enumerate() {
        out.push((format!("parking lot item {}", i + 1), None, &item.text));
    }
    out.push(("retrospective".into(), None, &session.retrospective.worked));
    out.push(("retrospective".into(), None, &session.retrospective.change));
    out
}

/// Whether `text` says nothing: only whitespace, invisible characters, and characters that
/// show as an empty space although they are not whitespace (the Braille blank U+2800, the
/// Hangul fillers, variation selectors). A name, title or summary made of these looks empty
/// in the grid and the exports.
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || crate::text::is_invisible_format(c) || looks_blank(c))
}

/// Characters that are neither whitespace nor control or format characters, yet show as
/// nothing or as an empty cell.
fn looks_blank(c: char) -> bool {
    matches!(
        c,
        // BRAILLE PATTERN BLANK
        '\u{2800}'
            // Hangul choseong, jungseong, compatibility and halfwidth fillers
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            // Mongolian free variation selectors and vowel separator
            | '\u{180B}'..='\u{180F}'
            // variation selectors, which only change the glyph before them
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0100}'..='\u{E01EF}'
            // shorthand format controls
            | '\u{1BCA0}'..='\u{1BCA3}'
            // MUSICAL SYMBOL NULL NOTEHEAD, and the musical beam and phrase controls
            | '\u{1D159}'
            | '\u{1D173}'..='\u{1D17A}'
    )
}

/// Whether `c` may appear in session text: anything but control characters, except line
/// breaks and tabs in multi-line notes.
pub fn is_allowed_char(c: char) -> bool {
    !c.is_control() || c == '\n' || c == '\t'
}

fn check_text(session: &Session) -> Result<(), ValidationError> {
    for (place, owner, text) in texts(session) {
        if let Some(c) = text.chars().find(|c| !is_allowed_char(*c)) {
            return Err(ValidationError::ControlCharacter {
                place,
                code: u32::from(c),
                owner: owner.cloned(),
            });
        }
    }
    Ok(())
}
