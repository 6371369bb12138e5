//! The three-way merge of two versions of a session against their common ancestor, by
//! stable ID: what git's merge driver runs (`threatbench merge-driver`, see docs/merge.md).
//!
//! Each side's additions are kept, an ID both sides issued for different items is given to
//! theirs anew, changes to different fields of one item are both kept, and a field both
//! sides changed differently keeps ours and becomes a [`Conflict`] the user resolves. The
//! result is always a valid session, and nothing of either side is lost: what the session
//! cannot hold is in the conflicts. Pure: no files, no git.

mod fields;
mod ids;
mod lists;
mod repair;
mod sidecar;

use serde_json::Value;

pub use sidecar::{conflicts_path, render_conflicts};

use crate::model::{Clock, Id, Session, validate};
use fields::{Clash, json};

/// The merged session and what the merge had to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged session; it passes [`crate::model::validate`].
    pub session: Session,
    /// Fields both sides changed differently, where the session holds ours.
    pub conflicts: Vec<Conflict>,
    /// IDs issued on both sides: theirs' old ID and the one it has now.
    pub renumbered: Vec<(Id, Id)>,
    /// What else the merge decided, in words (an item deleted on one side and changed on
    /// the other is kept, ...).
    pub notes: Vec<String>,
}

/// A field both sides changed differently. The merged session holds `ours`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What it is about: an ID (`T3`), a cell (`E2 · Tampering`) or `session`.
    pub item: String,
    /// The field inside it, dotted (`grammar.action`); empty for the item as a whole.
    pub field: String,
    /// The value in the common ancestor; `None` where it was absent.
    pub base: Option<String>,
    /// Our value, which the merged session holds.
    pub ours: Option<String>,
    /// Their value, which only the conflict keeps.
    pub theirs: Option<String>,
}

impl Conflict {
    fn from_clash(item: &str, clash: Clash) -> Self {
        let text = |v: Option<Value>| v.map(|v| display(&v));
        Conflict {
            item: item.to_owned(),
            field: clash.field,
            base: text(clash.base),
            ours: text(clash.ours),
            theirs: text(clash.theirs),
        }
    }
}

/// A value as the user reads it: text as itself, anything else as compact JSON.
fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a merge has found so far.
#[derive(Debug, Default)]
struct Log {
    conflicts: Vec<Conflict>,
    notes: Vec<String>,
}

/// Merges `ours` and `theirs`, two versions of `base`. Where they disagree on a field, the
/// result holds ours and [`Merged::conflicts`] holds both.
pub fn merge(base: &Session, ours: &Session, theirs: &Session) -> Merged {
    let renumbered = ids::collisions(base, ours, theirs);
    let mut theirs = theirs.clone();
    ids::rename(&mut theirs, &renumbered);
    let mut log = Log::default();
    for (from, to) in &renumbered {
        log.notes.push(format!(
            "{from} was added on both sides: theirs is now {to}"
        ));
    }
    let mut session = combine(base, ours, &theirs, &mut log);
    repair::restore_references(&mut session, [ours, &theirs, base], &mut log);
    if let Err(e) = validate(&session) {
        // A combination the rules do not allow and no repair above foresaw: ours whole,
        // theirs whole in the conflicts.
        session = ours.clone();
        session.counters = ids::max_counters(&ours.counters, &theirs.counters);
        log.conflicts.push(Conflict {
            item: "session".into(),
            field: String::new(),
            base: None,
            ours: None,
            theirs: Some(json(&theirs).to_string()),
        });
        log.notes.push(format!(
            "the two sides do not combine into a valid session ({e}): ours is kept, theirs is \
             in the conflicts whole"
        ));
        if validate(&session).is_err() {
            session = ours.clone();
        }
    }
    Merged {
        session,
        conflicts: log.conflicts,
        renumbered,
        notes: log.notes,
    }
}

/// Every part of the session merged by its own rule. Taken apart field by field: a field
/// added to the session does not compile until it has a rule here.
fn combine(base: &Session, ours: &Session, theirs: &Session, log: &mut Log) -> Session {
    let Session {
        format,
        title: _,
        ticket: _,
        notes: _,
        revision: _,
        previous: _,
        created,
        updated,
        participants,
        agenda: _,
        clock,
        counters,
        elements,
        assets,
        assumptions,
        threats,
        considered,
        needs_review,
        decisions,
        parking_lot,
        retrospective: _,
    } = ours;
    let id_key = |id: &Id| id.to_string();
    let mut session = Session {
        format: *format,
        created: (*created).min(theirs.created),
        updated: (*updated).max(theirs.updated),
        participants: lists::merge_set(&base.participants, participants, &theirs.participants),
        clock: merge_clock(&base.clock, clock, &theirs.clock),
        counters: ids::max_counters(counters, &theirs.counters),
        elements: lists::merge_keyed(
            &base.elements,
            elements,
            &theirs.elements,
            |e| id_key(&e.id),
            log,
        ),
        assets: lists::merge_set(&base.assets, assets, &theirs.assets),
        assumptions: lists::merge_keyed(
            &base.assumptions,
            assumptions,
            &theirs.assumptions,
            |a| id_key(&a.id),
            log,
        ),
        threats: lists::merge_keyed(
            &base.threats,
            threats,
            &theirs.threats,
            |t| id_key(&t.id),
            log,
        ),
        considered: lists::merge_keyed(
            &base.considered,
            considered,
            &theirs.considered,
            |c| format!("{} · {}", c.element, c.category),
            log,
        ),
        needs_review: lists::merge_keyed(
            &base.needs_review,
            needs_review,
            &theirs.needs_review,
            |m| format!("{} · {} review mark", m.element, m.category),
            log,
        ),
        decisions: lists::merge_keyed(
            &base.decisions,
            decisions,
            &theirs.decisions,
            |d| id_key(&d.id),
            log,
        ),
        parking_lot: lists::merge_set(&base.parking_lot, parking_lot, &theirs.parking_lot),
        ..ours.clone()
    };
    merge_header(base, ours, theirs, &mut session, log);
    session
}

/// The session's own fields: title, ticket, notes, revision link, agenda and retrospective, field
/// by field like any item.
fn merge_header(
    base: &Session,
    ours: &Session,
    theirs: &Session,
    out: &mut Session,
    log: &mut Log,
) {
    /// The header fields, as one struct to merge.
    #[derive(serde::Serialize, serde::Deserialize, Clone)]
    struct Header {
        title: String,
        ticket: Option<String>,
        notes: String,
        revision: u32,
        previous: Option<crate::model::Revision>,
        agenda: crate::model::Agenda,
        retrospective: crate::model::Retrospective,
    }
    let header = |s: &Session| Header {
        title: s.title.clone(),
        ticket: s.ticket.clone(),
        notes: s.notes.clone(),
        revision: s.revision,
        previous: s.previous.clone(),
        agenda: s.agenda.clone(),
        retrospective: s.retrospective.clone(),
    };
    let mut clashes = Vec::new();
    let merged = fields::merge_item(&header(base), &header(ours), &header(theirs), &mut clashes);
    log.clashes("session", clashes);
    out.title = merged.title;
    out.ticket = merged.ticket;
    out.notes = merged.notes;
    out.revision = merged.revision;
    out.previous = merged.previous;
    out.agenda = merged.agenda;
    out.retrospective = merged.retrospective;
}

/// The clock: the larger time spent per phase, the phase either side moved to (the later
/// one if both moved), paused if either side paused it.
fn merge_clock(base: &Clock, ours: &Clock, theirs: &Clock) -> Clock {
    let mut elapsed_secs = ours.elapsed_secs.clone();
    for (phase, secs) in &theirs.elapsed_secs {
        let slot = elapsed_secs.entry(*phase).or_insert(0);
        *slot = (*slot).max(*secs);
    }
    let phase = if theirs.phase == base.phase {
        ours.phase
    } else if ours.phase == base.phase {
        theirs.phase
    } else {
        ours.phase.max(theirs.phase)
    };
    let paused = if theirs.paused == base.paused {
        ours.paused
    } else {
        theirs.paused
    };
    Clock {
        phase,
        elapsed_secs,
        paused,
    }
}
