//! The semantic diff of two sessions: what changed between two revisions of a threat model,
//! item by item and by stable ID, with the figures a reviewer asks about (risk moves,
//! decisions whose kind changed, threats left undecided, coverage, cells). A pure function
//! of the two sessions; the formats (`text`, `markdown`, `json`) are pure functions of the
//! [`Diff`], in [`format`].

pub mod format;
mod items;

use crate::model::{Category, CellState, Coverage, DecisionKind, Id, Risk, Session};

pub use items::{Changed, Field, Item, Items};

/// A value that differs between the old and the new session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<T> {
    /// Before.
    pub old: T,
    /// After.
    pub new: T,
}

/// A threat in both sessions whose risk (likelihood × impact) moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskMove {
    /// The threat.
    pub id: Id,
    /// Its title in the new session.
    pub title: String,
    /// Its risk before and after; `None` is unrated.
    pub risk: Change<Option<Risk>>,
}

/// A decision in both sessions whose kind changed (mitigate, avoid, transfer, accept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindMove {
    /// The decision.
    pub id: Id,
    /// Its summary in the new session.
    pub summary: String,
    /// Its kind before and after.
    pub kind: Change<DecisionKind>,
}

/// A threat by ID with its title, in a list of threats that became (un)decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreatRef {
    /// The threat.
    pub id: Id,
    /// Its title in the new session.
    pub title: String,
}

/// One cell of the STRIDE grid, named for a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    /// The element.
    pub element: Id,
    /// Its name (in the new session when it is there, else the old).
    pub name: String,
    /// The category.
    pub category: Category,
}

/// What the cells of the grid did between the two sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    /// Live cells now considered (threats or "nothing found") that were not before, or were
    /// not live.
    pub considered: Vec<CellRef>,
    /// Cells live in both that were considered and no longer are (a threat or note removed).
    pub unconsidered: Vec<CellRef>,
    /// Cells of an element in both sessions that are no longer live (its kind changed).
    pub not_live: Vec<CellRef>,
}

impl Cells {
    /// Whether no cell moved.
    pub fn is_empty(&self) -> bool {
        self.considered.is_empty() && self.unconsidered.is_empty() && self.not_live.is_empty()
    }

    /// Each kind of move with its heading, in the order every format shows them.
    pub fn sections(&self) -> [(&'static str, &[CellRef]); 3] {
        [
            ("Cells considered", &self.considered),
            ("Cells no longer considered", &self.unconsidered),
            ("Cells no longer live", &self.not_live),
        ]
    }
}

/// Everything that changed from one session to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The title, when it changed.
    pub title: Option<Change<String>>,
    /// The ticket, when it changed.
    pub ticket: Option<Change<Option<String>>>,
    /// The revision number, when it changed.
    pub revision: Option<Change<u32>>,
    /// Elements added, removed and changed.
    pub elements: Items,
    /// Threats added, removed and changed.
    pub threats: Items,
    /// Decisions added, removed and changed.
    pub decisions: Items,
    /// Assumptions added, removed and changed.
    pub assumptions: Items,
    /// Threats in both whose risk moved, in the new session's order.
    pub risks: Vec<RiskMove>,
    /// Decisions in both whose kind changed.
    pub kinds: Vec<KindMove>,
    /// Threats without a decision now that had one, or are new.
    pub undecided: Vec<ThreatRef>,
    /// Threats with a decision now that had none, or are new.
    pub decided: Vec<ThreatRef>,
    /// Coverage before and after (always filled; equal when it did not move).
    pub coverage: Change<Coverage>,
    /// Cells newly considered, no longer considered or no longer live.
    pub cells: Cells,
    /// Parts of the session that changed but are not itemized above ("clock", "assets", …),
    /// so that a diff is empty only when nothing a reader would care about changed.
    pub other: Vec<&'static str>,
}

impl Diff {
    /// Whether the two sessions are the same for a reader (the save time aside).
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.ticket.is_none()
            && self.revision.is_none()
            && self.elements.is_empty()
            && self.threats.is_empty()
            && self.decisions.is_empty()
            && self.assumptions.is_empty()
            && self.risks.is_empty()
            && self.kinds.is_empty()
            && self.undecided.is_empty()
            && self.decided.is_empty()
            && self.coverage.old == self.coverage.new
            && self.cells.is_empty()
            && self.other.is_empty()
    }
}

/// `Some(change)` when `old` and `new` differ.
fn changed<T: PartialEq + Clone>(old: &T, new: &T) -> Option<Change<T>> {
    (old != new).then(|| Change {
        old: old.clone(),
        new: new.clone(),
    })
}

/// What changed from `old` to `new`, by ID.
pub fn diff(old: &Session, new: &Session) -> Diff {
    Diff {
        title: changed(&old.title, &new.title),
        ticket: changed(&old.ticket, &new.ticket),
        revision: changed(&old.revision, &new.revision),
        elements: items::elements(old, new),
        threats: items::threats(old, new),
        decisions: items::decisions(old, new),
        assumptions: items::assumptions(old, new),
        risks: risks(old, new),
        kinds: kinds(old, new),
        undecided: decided_moves(old, new, false),
        decided: decided_moves(old, new, true),
        coverage: Change {
            old: old.coverage(),
            new: new.coverage(),
        },
        cells: cells(old, new),
        other: other(old, new),
    }
}

/// Threats in both sessions whose risk moved.
fn risks(old: &Session, new: &Session) -> Vec<RiskMove> {
    new.threats
        .iter()
        .filter_map(|t| {
            let before = old.threat(&t.id)?;
            let risk = changed(&before.risk(), &t.risk())?;
            Some(RiskMove {
                id: t.id.clone(),
                title: t.title.clone(),
                risk,
            })
        })
        .collect()
}

/// Decisions in both sessions whose kind changed.
fn kinds(old: &Session, new: &Session) -> Vec<KindMove> {
    new.decisions
        .iter()
        .filter_map(|d| {
            let before = old.decisions.iter().find(|b| b.id == d.id)?;
            let kind = changed(&before.kind, &d.kind)?;
            Some(KindMove {
                id: d.id.clone(),
                summary: d.summary.clone(),
                kind,
            })
        })
        .collect()
}

/// Threats that are decided (`now_decided`) or undecided in the new session and were not so
/// in the old one, new threats included.
fn decided_moves(old: &Session, new: &Session, now_decided: bool) -> Vec<ThreatRef> {
    let was = old.decided();
    let is = new.decided();
    new.threats
        .iter()
        .filter(|t| is.contains_key(&t.id) == now_decided)
        .filter(|t| {
            let before = old.threat(&t.id).map(|_| was.contains_key(&t.id));
            before != Some(now_decided)
        })
        .map(|t| ThreatRef {
            id: t.id.clone(),
            title: t.title.clone(),
        })
        .collect()
}

/// Whether a cell state counts as considered.
fn considered(state: CellState) -> bool {
    state != CellState::NotConsidered
}

/// The cells that were newly considered, no longer considered or no longer live.
fn cells(old: &Session, new: &Session) -> Cells {
    let (was, is) = (old.cell_states(), new.cell_states());
    let mut cells = Cells::default();
    for element in &new.elements {
        let before = old.element(&element.id);
        let live_before = before.map(|b| b.kind.live_categories()).unwrap_or_default();
        let cell = |category| CellRef {
            element: element.id.clone(),
            name: element.name.clone(),
            category,
        };
        for category in element.kind.live_categories().iter() {
            let now = considered(is.state(&element.id, category));
            let then =
                live_before.contains(category) && considered(was.state(&element.id, category));
            if now && !then {
                cells.considered.push(cell(category));
            } else if then && !now {
                cells.unconsidered.push(cell(category));
            }
        }
        for category in live_before.iter() {
            if !element.kind.live_categories().contains(category) {
                cells.not_live.push(cell(category));
            }
        }
    }
    cells
}

/// The parts of the session the diff does not itemize that changed, by name.
fn other(old: &Session, new: &Session) -> Vec<&'static str> {
    // A note added or removed with its cell shows in the cells; only a note rewritten on a
    // cell considered before and after is left to say.
    fn notes(s: &Session) -> std::collections::HashMap<(&Id, Category), &str> {
        s.considered
            .iter()
            .map(|c| ((&c.element, c.category), c.note.as_str()))
            .collect()
    }
    let (old_notes, new_notes) = (notes(old), notes(new));
    let notes_changed = old_notes
        .iter()
        .any(|(cell, note)| new_notes.get(cell).is_some_and(|n| n != note));
    [
        ("format", old.format != new.format),
        ("session notes", old.notes != new.notes),
        ("previous revision", old.previous != new.previous),
        ("participants", old.participants != new.participants),
        ("agenda", old.agenda != new.agenda),
        ("clock", old.clock != new.clock),
        ("assets", old.assets != new.assets),
        ("notes on considered cells", notes_changed),
        (
            "cells to review again",
            old.needs_review != new.needs_review,
        ),
        ("parking lot", old.parking_lot != new.parking_lot),
        ("retrospective", old.retrospective != new.retrospective),
    ]
    .into_iter()
    .filter_map(|(name, differs)| differs.then_some(name))
    .collect()
}

/// How many columns a changed text takes at most in the text and Markdown formats.
pub const SHOWN_COLUMNS: usize = 80;

/// A text change shown compactly: texts that fit are shown whole; longer ones keep only the
/// words that changed, with one word of context either side and `…` where words were left
/// out, each cut to [`SHOWN_COLUMNS`].
pub fn compact(old: &str, new: &str) -> (String, String) {
    let one = |s: &str| crate::text::one_line(s).into_owned();
    let (old, new) = (one(old), one(new));
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    if width(&old) <= SHOWN_COLUMNS && width(&new) <= SHOWN_COLUMNS {
        return (old, new);
    }
    let a: Vec<&str> = old.split(' ').collect();
    let b: Vec<&str> = new.split(' ').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let start = prefix.saturating_sub(1);
    let middle = |words: &[&str]| {
        let end = (words.len() - suffix + 1).min(words.len());
        let mut text = words[start..end].join(" ");
        if start > 0 {
            text.insert_str(0, "… ");
        }
        if end < words.len() {
            text.push_str(" …");
        }
        crate::text::fit(&text, SHOWN_COLUMNS)
    };
    (middle(&a), middle(&b))
}

#[cfg(test)]
mod tests;
