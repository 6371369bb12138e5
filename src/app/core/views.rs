//! The cursors and marks of each phase's view, kept in the workbench so that they follow
//! the session (and are kept inside it when it shrinks). The handlers in `screens/` move
//! them; `ui` draws from them; `cursors.rs` finds what is under them.

use std::collections::BTreeSet;

use crate::model::{Id, KindTag, Session};

// Scope: what are we working on?

/// A group of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeGroup {
    /// Elements of one kind.
    Kind(KindTag),
    /// Assets worth protecting.
    Assets,
    /// Assumptions.
    Assumptions,
    /// Participants and roles.
    Participants,
    /// Notes on the whole session.
    Notes,
}

impl ScopeGroup {
    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            ScopeGroup::Kind(tag) => tag.heading(),
            ScopeGroup::Assets => "Assets",
            ScopeGroup::Assumptions => "Assumptions",
            ScopeGroup::Participants => "Participants",
            ScopeGroup::Notes => "Session notes",
        }
    }
}

/// One row of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRow {
    /// A group heading with its item count.
    Header(ScopeGroup, usize),
    /// The element at this index of `session.elements`.
    Element(usize),
    /// The asset at this index.
    Asset(usize),
    /// The assumption at this index.
    Assumption(usize),
    /// The participant at this index.
    Participant(usize),
    /// The session notes (present when there are any).
    Notes,
}

impl ScopeRow {
    /// The group the row belongs to.
    pub fn group(self, session: &Session) -> ScopeGroup {
        match self {
            ScopeRow::Header(group, _) => group,
            ScopeRow::Element(i) => ScopeGroup::Kind(session.elements[i].kind.tag()),
            ScopeRow::Asset(_) => ScopeGroup::Assets,
            ScopeRow::Assumption(_) => ScopeGroup::Assumptions,
            ScopeRow::Participant(_) => ScopeGroup::Participants,
            ScopeRow::Notes => ScopeGroup::Notes,
        }
    }
}

/// The cursor of the scope list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeState {
    /// Index into [`scope_rows`].
    pub cursor: usize,
}

/// The rows of the scope list for `session`, in display order.
pub fn scope_rows(session: &Session) -> Vec<ScopeRow> {
    let mut rows = Vec::with_capacity(session.elements.len() + 16);
    for tag in KindTag::ALL {
        let items: Vec<usize> = (0..session.elements.len())
            .filter(|i| session.elements[*i].kind.tag() == tag)
            .collect();
        rows.push(ScopeRow::Header(ScopeGroup::Kind(tag), items.len()));
        rows.extend(items.into_iter().map(ScopeRow::Element));
    }
    rows.push(ScopeRow::Header(ScopeGroup::Assets, session.assets.len()));
    rows.extend((0..session.assets.len()).map(ScopeRow::Asset));
    rows.push(ScopeRow::Header(
        ScopeGroup::Assumptions,
        session.assumptions.len(),
    ));
    rows.extend((0..session.assumptions.len()).map(ScopeRow::Assumption));
    rows.push(ScopeRow::Header(
        ScopeGroup::Participants,
        session.participants.len(),
    ));
    rows.extend((0..session.participants.len()).map(ScopeRow::Participant));
    let has_notes = !session.notes.is_empty();
    rows.push(ScopeRow::Header(ScopeGroup::Notes, usize::from(has_notes)));
    if has_notes {
        rows.push(ScopeRow::Notes);
    }
    rows
}

// Threats: what can go wrong?

/// The grid's cursor and what the side pane shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreatsState {
    /// Row in the (filtered) grid.
    pub row: usize,
    /// Column: index into `Category::ALL`.
    pub col: usize,
    /// Whether the prompt card shows all its questions.
    pub more: bool,
    /// Which of the cell's threats is selected.
    pub pick: usize,
}

impl ThreatsState {
    /// Moves the cursor to another cell; the selection of its threats starts again.
    pub fn moved(&mut self, row: usize, col: usize) {
        self.row = row;
        self.col = col;
        self.pick = 0;
    }
}

// Decisions: what are we going to do about it?

/// The ranked list's cursor and the threats marked for one decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionsState {
    /// Row in the ranking.
    pub cursor: usize,
    /// Threats marked with Space.
    pub marked: BTreeSet<Id>,
    /// Which of the threat's decisions is selected, when it has several.
    pub pick: usize,
}

// Review: did we do a good job?

/// The review's cursor over the parking lot, and its findings as last drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    /// Index into `session.parking_lot`.
    pub cursor: usize,
    /// Lines the review is scrolled by.
    pub scroll: u16,
    /// The findings' rows, by (change of the session, day, pane width).
    pub rows: Memo<(u64, chrono::NaiveDate, u16), FindingRows>,
}

/// The review's findings wrapped to a width: rows of pieces of text, each with its tone.
pub type FindingRows = Vec<Vec<(String, Tone)>>;

/// How a piece of the findings reads; the drawing gives each its colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tone {
    /// Plain text.
    #[default]
    Plain,
    /// A heading.
    Heading,
    /// A detail that matters less.
    Dim,
    /// Something done.
    Ok,
    /// Something to look at.
    Warn,
    /// Something missing.
    Danger,
}

/// A value made from the workbench once per `key` and kept for the frames after, so that
/// drawing (which only reads the workbench) need not make it again. A memo takes no part
/// in equality, and a copy starts empty.
#[derive(Debug)]
pub struct Memo<K, V> {
    kept: std::cell::RefCell<Option<(K, std::rc::Rc<V>)>>,
}

impl<K: PartialEq, V> Memo<K, V> {
    /// The value for `key`: the one kept when it was made for the same key, else `make()`,
    /// kept from now on.
    pub fn get_or(&self, key: K, make: impl FnOnce() -> V) -> std::rc::Rc<V> {
        let mut kept = self.kept.borrow_mut();
        if let Some((k, value)) = kept.as_ref()
            && *k == key
        {
            return std::rc::Rc::clone(value);
        }
        let value = std::rc::Rc::new(make());
        *kept = Some((key, std::rc::Rc::clone(&value)));
        value
    }
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo {
            kept: std::cell::RefCell::new(None),
        }
    }
}

impl<K, V> Clone for Memo<K, V> {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl<K, V> PartialEq for Memo<K, V> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<K, V> Eq for Memo<K, V> {}
