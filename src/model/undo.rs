//! What an applied edit changed, kept so that it can be taken back exactly: the old values
//! of the items it touched, not a copy of the session, so undo costs memory in proportion to
//! the edits. Carrying out a [`Change`] gives back its own inverse, so undo and redo are the
//! same operation. The clock and the ID counters are not part of a change: undo does not
//! give time back, and an undone add never frees its ID for reuse.

use super::decision::Decision;
use super::element::Element;
use super::session::{
    Assumption, NeedsReview, NothingFound, ParkingItem, Participant, Retrospective, Session,
};
use super::threat::Threat;

/// How one list of the session changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ListChange<T> {
    /// Drop the items from this length on.
    Truncate(usize),
    /// Append these items.
    Append(Vec<T>),
    /// Put these values at their indices, in this order.
    Replace(Vec<(usize, T)>),
    /// Insert these items so that each lands at its index (ascending).
    Insert(Vec<(usize, T)>),
    /// Remove the items at these indices (ascending).
    Remove(Vec<usize>),
}

impl<T> ListChange<T> {
    /// Carries out the change on `list`; returns the change that takes it back.
    fn carry_out(self, list: &mut Vec<T>) -> ListChange<T> {
        match self {
            ListChange::Truncate(len) => ListChange::Append(list.split_off(len.min(list.len()))),
            ListChange::Append(items) => {
                let len = list.len();
                list.extend(items);
                ListChange::Truncate(len)
            }
            ListChange::Replace(values) => {
                let mut old: Vec<(usize, T)> = values
                    .into_iter()
                    .filter_map(|(i, value)| {
                        list.get_mut(i)
                            .map(|slot| (i, std::mem::replace(slot, value)))
                    })
                    .collect();
                // Taken back in the opposite order, in case an index came twice.
                old.reverse();
                ListChange::Replace(old)
            }
            ListChange::Insert(items) => ListChange::Remove(insert(list, items)),
            ListChange::Remove(indices) => ListChange::Insert(remove(list, &indices)),
        }
    }
}

/// Inserts `items` so that each lands at its index (ascending); returns where they landed.
/// Only what lies past the first index moves: once for each run of neighbouring indices
/// (the threats of a removed element are usually one run), or, for many runs, once in all.
fn insert<T>(list: &mut Vec<T>, items: Vec<(usize, T)>) -> Vec<usize> {
    /// More runs than this are merged in one pass instead of spliced one by one.
    const SPLICED_RUNS: usize = 4;
    let runs = 1 + items.windows(2).filter(|w| w[1].0 != w[0].0 + 1).count();
    let fits = items
        .iter()
        .enumerate()
        .all(|(k, (i, _))| *i <= list.len() + k);
    if runs > SPLICED_RUNS || !fits {
        return merge(list, items);
    }
    let landed: Vec<usize> = items.iter().map(|(i, _)| *i).collect();
    let mut items = items.into_iter().peekable();
    while let Some((start, first)) = items.next() {
        let mut run = vec![first];
        while let Some((_, item)) = items.next_if(|(i, _)| *i == start + run.len()) {
            run.push(item);
        }
        list.splice(start..start, run);
    }
    landed
}

/// [`insert`] in one pass over the whole list; an index past the end appends.
fn merge<T>(list: &mut Vec<T>, items: Vec<(usize, T)>) -> Vec<usize> {
    let mut rest = std::mem::take(list).into_iter();
    let mut out = Vec::with_capacity(rest.len() + items.len());
    let mut indices = Vec::with_capacity(items.len());
    for (i, item) in items {
        while out.len() < i {
            match rest.next() {
                Some(x) => out.push(x),
                None => break,
            }
        }
        indices.push(out.len());
        out.push(item);
    }
    out.extend(rest);
    *list = out;
    indices
}

/// Removes the items at `indices` (ascending) in one pass, moving only what lies past the
/// first of them; returns them with their indices.
fn remove<T>(list: &mut Vec<T>, indices: &[usize]) -> Vec<(usize, T)> {
    let Some(&first) = indices.first() else {
        return Vec::new();
    };
    let first = first.min(list.len());
    let mut next = indices.iter().copied().peekable();
    let mut at = first;
    let mut taken = Vec::with_capacity(indices.len());
    let items: Vec<T> = list
        .extract_if(first.., |_| {
            let hit = next.next_if_eq(&at).is_some();
            if hit {
                taken.push(at);
            }
            at += 1;
            hit
        })
        .collect();
    taken.into_iter().zip(items).collect()
}

/// Keeps the items of `list` that `keep` accepts; returns how to put the others back, when
/// there were any. A list with nothing to drop is not touched.
pub(super) fn retain<T>(
    list: &mut Vec<T>,
    mut keep: impl FnMut(&T) -> bool,
) -> Option<ListChange<T>> {
    let indices: Vec<usize> = (0..list.len()).filter(|i| !keep(&list[*i])).collect();
    (!indices.is_empty()).then(|| ListChange::Insert(remove(list, &indices)))
}

/// Removes the items at `indices` (ascending); returns how to put them back, when there
/// were any.
pub(super) fn remove_at<T>(list: &mut Vec<T>, indices: &[usize]) -> Option<ListChange<T>> {
    (!indices.is_empty()).then(|| ListChange::Insert(remove(list, indices)))
}

/// Changes the items at `indices` with `change`; returns how to put their old values back,
/// when there were any.
pub(super) fn modify_at<T: Clone>(
    list: &mut [T],
    indices: &[usize],
    mut change: impl FnMut(&mut T),
) -> Option<ListChange<T>> {
    let old: Vec<(usize, T)> = indices
        .iter()
        .filter_map(|&i| {
            let item = list.get_mut(i)?;
            let before = item.clone();
            change(item);
            Some((i, before))
        })
        .collect();
    (!old.is_empty()).then_some(ListChange::Replace(old))
}

/// Changes the items of `list` that `change` reports it changed (by returning true), and
/// returns how to put their old values back. Only the items `touches` picks are copied.
pub(super) fn modify<T: Clone>(
    list: &mut [T],
    touches: impl Fn(&T) -> bool,
    mut change: impl FnMut(&mut T),
) -> Option<ListChange<T>> {
    let old: Vec<(usize, T)> = list
        .iter_mut()
        .enumerate()
        .filter(|(_, item)| touches(item))
        .map(|(i, item)| {
            let before = item.clone();
            change(item);
            (i, before)
        })
        .collect();
    (!old.is_empty()).then_some(ListChange::Replace(old))
}

/// One part of a change: a list of the session, or a text of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    /// The elements.
    Elements(ListChange<Element>),
    /// The participants.
    Participants(ListChange<Participant>),
    /// The assets.
    Assets(ListChange<String>),
    /// The assumptions.
    Assumptions(ListChange<Assumption>),
    /// The threats.
    Threats(ListChange<Threat>),
    /// The "nothing found" notes.
    Considered(ListChange<NothingFound>),
    /// The review marks.
    NeedsReview(ListChange<NeedsReview>),
    /// The decisions.
    Decisions(ListChange<Decision>),
    /// The parking lot.
    ParkingLot(ListChange<ParkingItem>),
    /// Put this retrospective in place.
    Retrospective(Retrospective),
    /// Put these session notes in place.
    Notes(String),
}

/// A change to a session: what taking back an applied edit does (see
/// [`Session::apply_undoable`]), or taking back that.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// The parts, in the order they are carried out.
    parts: Vec<Part>,
}

impl Change {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Adds a part, to be carried out before those already recorded: an edit records how
    /// to take back each of its steps as it takes it, and the last is taken back first.
    pub(super) fn record(&mut self, part: Option<Part>) {
        self.parts.extend(part);
    }

    /// Puts the recorded parts in the order they are carried out.
    pub(super) fn finish(mut self) -> Self {
        self.parts.reverse();
        self
    }
}

/// What a change did to one list of the session, told from the change that takes it back
/// (see [`Change::reach`]). Indices are into the list as it is now, except those of items
/// taken away, which are where they were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved<'a, T> {
    /// The items at these indices were changed; these were their values before.
    Changed(Vec<(usize, &'a T)>),
    /// Items were added at these indices (ascending).
    Added(Vec<usize>),
    /// These items were taken away from these indices (ascending).
    Removed(Vec<(usize, &'a T)>),
}

impl<'a, T> Moved<'a, T> {
    /// How `change`, which takes back what was done to a list now `len` long, says it.
    fn of(change: &'a ListChange<T>, len: usize) -> Self {
        match change {
            ListChange::Replace(old) => Moved::Changed(old.iter().map(|(i, t)| (*i, t)).collect()),
            ListChange::Truncate(at) => Moved::Added((*at..len).collect()),
            ListChange::Remove(indices) => Moved::Added(indices.clone()),
            ListChange::Insert(items) => {
                Moved::Removed(items.iter().map(|(i, t)| (*i, t)).collect())
            }
            ListChange::Append(items) => Moved::Removed(
                items
                    .iter()
                    .enumerate()
                    .map(|(k, t)| (len + k, t))
                    .collect(),
            ),
        }
    }

    /// How many items it changed, added or took away.
    pub fn len(&self) -> usize {
        match self {
            Moved::Changed(items) | Moved::Removed(items) => items.len(),
            Moved::Added(at) => at.len(),
        }
    }

    /// Whether it moved no item.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether it added or took away items (so that later indices moved).
    pub fn shifts(&self) -> bool {
        !matches!(self, Moved::Changed(_))
    }
}

/// What an edit did to the lists the derived figures are counted from: enough for a cache
/// of them to follow the edit instead of counting everything again. Each list's moves are
/// in the order the edit made them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach<'a> {
    /// What happened to the elements: the grid's rows, the flows crossing boundaries and
    /// which cells are live all follow from them.
    pub elements: Vec<Moved<'a, Element>>,
    /// What happened to the threats.
    pub threats: Vec<Moved<'a, Threat>>,
    /// What happened to the decisions.
    pub decisions: Vec<Moved<'a, Decision>>,
    /// What happened to the "nothing found" notes.
    pub considered: Vec<Moved<'a, NothingFound>>,
    /// Whether the assumptions or the review marks changed (the readiness checklist reads
    /// them).
    pub checklist: bool,
    /// Whether the assets, assumptions, participants or notes changed (the scope list
    /// shows them).
    pub scope: bool,
}

impl Change {
    /// What the edit this change takes back did, to `now` (the session just after it):
    /// see [`Reach`].
    pub fn reach<'a>(&'a self, now: &Session) -> Reach<'a> {
        let mut reach = Reach::default();
        // Recorded in the order they are taken back: the edit made them the other way.
        for part in self.parts.iter().rev() {
            match part {
                Part::Elements(c) => reach.elements.push(Moved::of(c, now.elements.len())),
                Part::Threats(c) => reach.threats.push(Moved::of(c, now.threats.len())),
                Part::Decisions(c) => reach.decisions.push(Moved::of(c, now.decisions.len())),
                Part::Considered(c) => reach.considered.push(Moved::of(c, now.considered.len())),
                Part::NeedsReview(_) => reach.checklist = true,
                Part::Assumptions(_) => {
                    reach.checklist = true;
                    reach.scope = true;
                }
                Part::Participants(_) | Part::Assets(_) | Part::Notes(_) => reach.scope = true,
                Part::ParkingLot(_) | Part::Retrospective(_) => {}
            }
        }
        reach
    }
}

impl Session {
    /// Carries out `change` (what [`Session::apply_undoable`] gave back, or what this gave
    /// back) and returns the change that takes it back again.
    pub fn revert(&mut self, change: Change) -> Change {
        let mut inverse = Change::default();
        for part in change.parts {
            inverse.record(Some(self.carry_out(part)));
        }
        inverse.finish()
    }

    fn carry_out(&mut self, part: Part) -> Part {
        match part {
            Part::Elements(c) => Part::Elements(c.carry_out(&mut self.elements)),
            Part::Participants(c) => Part::Participants(c.carry_out(&mut self.participants)),
            Part::Assets(c) => Part::Assets(c.carry_out(&mut self.assets)),
            Part::Assumptions(c) => Part::Assumptions(c.carry_out(&mut self.assumptions)),
            Part::Threats(c) => Part::Threats(c.carry_out(&mut self.threats)),
            Part::Considered(c) => Part::Considered(c.carry_out(&mut self.considered)),
            Part::NeedsReview(c) => Part::NeedsReview(c.carry_out(&mut self.needs_review)),
            Part::Decisions(c) => Part::Decisions(c.carry_out(&mut self.decisions)),
            Part::ParkingLot(c) => Part::ParkingLot(c.carry_out(&mut self.parking_lot)),
            Part::Retrospective(r) => {
                Part::Retrospective(std::mem::replace(&mut self.retrospective, r))
            }
            Part::Notes(text) => Part::Notes(std::mem::replace(&mut self.notes, text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(start: Vec<u32>, change: ListChange<u32>, expected: Vec<u32>) {
        let mut list = start.clone();
        let back = change.carry_out(&mut list);
        assert_eq!(list, expected);
        let forth = back.carry_out(&mut list);
        assert_eq!(list, start);
        forth.carry_out(&mut list);
        assert_eq!(list, expected);
    }

    #[test]
    fn every_list_change_is_taken_back_exactly() {
        round_trip(vec![1, 2, 3], ListChange::Truncate(1), vec![1]);
        round_trip(vec![1], ListChange::Append(vec![2, 3]), vec![1, 2, 3]);
        round_trip(
            vec![1, 2, 3],
            ListChange::Replace(vec![(0, 9), (2, 8), (0, 7)]),
            vec![7, 2, 8],
        );
        round_trip(
            vec![1, 2, 3],
            ListChange::Insert(vec![(0, 9), (2, 8), (5, 7)]),
            vec![9, 1, 8, 2, 3, 7],
        );
        round_trip(
            vec![1, 2, 3],
            ListChange::Insert(vec![(1, 9)]),
            vec![1, 9, 2, 3],
        );
        round_trip(vec![1, 2, 3, 4], ListChange::Remove(vec![0, 2]), vec![2, 4]);
        round_trip(vec![1, 2, 3, 4], ListChange::Remove(vec![3]), vec![1, 2, 3]);
    }

    proptest::proptest! {
        /// Splicing runs and removing in place give what one pass over the whole list
        /// gives, and take each other back exactly, however the indices fall.
        #[test]
        fn inserts_and_removals_agree_with_one_pass(
            layout in proptest::collection::vec(proptest::bool::weighted(0.3), 0..60),
        ) {
            // The list after the insert, item by item: inserted (true) or there before.
            let start: Vec<u32> = (0..layout.iter().filter(|new| !**new).count() as u32).collect();
            let items: Vec<(usize, u32)> = layout
                .iter()
                .enumerate()
                .filter(|(_, new)| **new)
                .map(|(i, _)| (i, 1000 + i as u32))
                .collect();
            let mut spliced = start.clone();
            let landed = insert(&mut spliced, items.clone());
            let mut merged = start.clone();
            let landed_merged = merge(&mut merged, items.clone());
            proptest::prop_assert_eq!(&spliced, &merged);
            proptest::prop_assert_eq!(&landed, &landed_merged);
            let taken = remove(&mut spliced, &landed);
            proptest::prop_assert_eq!(&spliced, &start);
            proptest::prop_assert_eq!(taken, items);
        }
    }

    #[test]
    fn retain_records_only_what_it_drops() {
        let mut list = vec![1, 2, 3, 4];
        assert_eq!(retain(&mut list, |_| true), None);
        let back = retain(&mut list, |x| x % 2 == 0);
        assert_eq!(list, vec![2, 4]);
        back.map(|b| b.carry_out(&mut list));
        assert_eq!(list, vec![1, 2, 3, 4]);
    }
}
