//! How the cached figures follow an edit by what it reached ([`Reach`]), instead of being
//! counted again: the cells it touched, the answers of the threats its decisions answer,
//! the queue places of the threats it changed.

use crate::model::hasher::{Map, Set};

use super::Derived;
use crate::app::core::views::scope_rows;
use crate::model::{
    Category, CellState, Element, ElementKind, Gap, Id, Moved, Reach, Session, queue_key,
};

impl Derived {
    /// Follows an edit, which `reach` says (see [`crate::model::Change::reach`]), just made
    /// to `session`: the figures were those of the session before it, and become those of
    /// `generation`. Only the cells, answers and queue places the edit reached are counted
    /// again. Returns false, changing nothing, for an edit to count everything again for:
    /// one that added, took away or redrew a boundary or changed an element's kind, or
    /// moved a list more than this follows.
    pub fn follow(&mut self, session: &Session, reach: &Reach, generation: u64) -> bool {
        let from_before = self.ready && self.generation.checked_add(1) == Some(generation);
        if !from_before || !followable(session, reach) {
            return false;
        }
        self.follow_elements(session, &reach.elements);
        self.recount_cells(session, reach);
        let flipped = self.answer_again(session, reach);
        self.rank_again(session, reach, flipped);
        if reach.scope {
            self.scope = scope_rows(session);
        }
        let judged_from = reach.checklist
            || !(reach.elements.is_empty()
                && reach.threats.is_empty()
                && reach.decisions.is_empty()
                && reach.considered.is_empty());
        if judged_from {
            self.readiness_of = None;
        }
        self.search = None;
        self.generation = generation;
        self.refilter = true;
        true
    }

    /// Follows the elements the edit added or took away (with the flows, threats and notes
    /// that went with them, which the other lists' moves say), and those it changed in what
    /// no figure reads or only in boundary members that came or went with them: what
    /// [`followable`] lets through. Runs before the cells are counted again, so that an
    /// element taken away is weighed with the cells it had.
    fn follow_elements(&mut self, session: &Session, moves: &[Moved<Element>]) {
        let mut shifted = false;
        for moved in moves {
            match moved {
                Moved::Changed(_) => {}
                Moved::Removed(old) => {
                    shifted = true;
                    for (_, element) in old {
                        let live = element.kind.live_categories();
                        let missing = self.cells.unconsidered(element);
                        self.coverage.live -= live.len();
                        self.coverage.considered -= live.len() - missing.len();
                        self.crossing.remove(&element.id);
                        self.element_at.remove(&element.id);
                    }
                    let gone: Vec<usize> = old.iter().map(|(i, _)| *i).collect();
                    self.gaps
                        .retain(|g| !old.iter().any(|(_, element)| element.id == g.element));
                    self.all_rows.retain(|i| gone.binary_search(i).is_err());
                    for x in self.all_rows.iter_mut().chain(self.element_at.values_mut()) {
                        *x -= gone.partition_point(|g| g < x);
                    }
                }
                Moved::Added(at) => {
                    shifted = true;
                    for x in self.all_rows.iter_mut().chain(self.element_at.values_mut()) {
                        *x = shifted_past(*x, at);
                    }
                    for &i in at {
                        if let Some(e) = session.elements.get(i) {
                            self.element_at.insert(e.id.clone(), i);
                        }
                    }
                }
            }
        }
        if !shifted {
            return;
        }
        if moves.iter().filter(|m| m.shifts()).count() > 1 {
            // An index of one move is where the item was then: after a second move that
            // shifted the list, the session may hold another element there.
            self.element_at = element_index(session);
        }
        for moved in moves {
            let Moved::Added(at) = moved else {
                continue;
            };
            for &i in at {
                self.add_element(session, i);
            }
        }
        self.scope = scope_rows(session);
    }

    /// Weighs in the element at `i`, just added: its live cells, its gap, whether it is a
    /// flow crossing a boundary, its grid row.
    fn add_element(&mut self, session: &Session, i: usize) {
        let element = &session.elements[i];
        let live = element.kind.live_categories();
        let missing = self.cells.unconsidered(element);
        self.coverage.live += live.len();
        self.coverage.considered += live.len() - missing.len();
        if !missing.is_empty() {
            let at = self.gap_place(i);
            self.gaps.insert(
                at,
                Gap {
                    element: element.id.clone(),
                    categories: missing,
                },
            );
        }
        let crossing = session.crosses_boundary(element);
        if crossing {
            self.crossing.insert(element.id.clone());
        }
        if !live.is_empty() {
            // Crossing flows first, then file order.
            let key = |row: usize| (!self.crossing.contains(&session.elements[row].id), row);
            let at = self.all_rows.partition_point(|r| key(*r) < (!crossing, i));
            self.all_rows.insert(at, i);
        }
    }

    /// Where the gap of the element at `i` is, or would go, in file order.
    fn gap_place(&self, i: usize) -> usize {
        self.gaps
            .partition_point(|g| self.element_at.get(&g.element).is_some_and(|at| *at < i))
    }

    /// Counts again the cells whose threats or notes the edit touched, with coverage and
    /// the gaps where a cell went from not considered to considered or back.
    fn recount_cells(&mut self, session: &Session, reach: &Reach) {
        // Each cell with how many threats it gained (or lost, below zero). A handful at
        // most: a list is cheaper than a set.
        let mut cells: Vec<((&Id, Category), isize)> = Vec::new();
        for moved in &reach.threats {
            for_each_cell(
                moved,
                &session.threats,
                |t| (&t.element, t.category),
                1,
                &mut cells,
            );
        }
        for moved in &reach.considered {
            for_each_cell(
                moved,
                &session.considered,
                |c| (&c.element, c.category),
                0,
                &mut cells,
            );
        }
        let mut regap = Vec::new();
        for ((element, category), gained) in cells {
            let before = self.cells.state(element, category);
            let had = match before {
                CellState::Threats(n) => n,
                _ => 0,
            };
            let after = match had.saturating_add_signed(gained) {
                0 if session
                    .considered
                    .iter()
                    .any(|c| &c.element == element && c.category == category) =>
                {
                    CellState::NothingFound
                }
                0 => CellState::NotConsidered,
                n => CellState::Threats(n),
            };
            self.cells.set(element, category, after);
            let was = before != CellState::NotConsidered;
            let is = after != CellState::NotConsidered;
            let Some(&at) = self.element_at.get(element) else {
                continue;
            };
            if was == is
                || !session.elements[at]
                    .kind
                    .live_categories()
                    .contains(category)
            {
                continue;
            }
            if is {
                self.coverage.considered += 1;
            } else {
                self.coverage.considered -= 1;
            }
            if !regap.contains(&at) {
                regap.push(at);
            }
        }
        for at in regap {
            let element = &session.elements[at];
            let categories = self.cells.unconsidered(element);
            let place = self.gaps.binary_search_by_key(&at, |g| {
                self.element_at
                    .get(&g.element)
                    .copied()
                    .unwrap_or(usize::MAX)
            });
            match (place, categories.is_empty()) {
                (Ok(i), true) => {
                    self.gaps.remove(i);
                }
                (Ok(i), false) => self.gaps[i].categories = categories,
                (Err(i), false) => self.gaps.insert(
                    i,
                    Gap {
                        element: element.id.clone(),
                        categories,
                    },
                ),
                (Err(_), true) => {}
            }
        }
    }

    /// Keeps the queue sorted after the edit: indices shifted past threats added or taken
    /// away, and the threats changed, added or newly (un)decided put in their places again.
    fn rank_again(&mut self, session: &Session, reach: &Reach, flipped: Vec<Id>) {
        let mut moved: Vec<usize> = Vec::new();
        for m in &reach.threats {
            match m {
                Moved::Changed(old) => moved.extend(old.iter().map(|(i, _)| *i)),
                Moved::Added(at) => {
                    for x in &mut self.all_ranking {
                        *x = shifted_past(*x, at);
                    }
                    moved.extend(at);
                }
                Moved::Removed(old) => {
                    let gone: Vec<usize> = old.iter().map(|(i, _)| *i).collect();
                    self.all_ranking.retain(|i| gone.binary_search(i).is_err());
                    for x in &mut self.all_ranking {
                        *x -= gone.partition_point(|g| g < x);
                    }
                }
            }
        }
        // Threats taken away with the edit have no place to find: only those still there
        // are looked for, and not at all (no scan) when that leaves none.
        let gone: Set<&Id> = reach
            .threats
            .iter()
            .filter_map(|m| match m {
                Moved::Removed(old) => Some(old.iter().map(|(_, t)| &t.id)),
                _ => None,
            })
            .flatten()
            .collect();
        // Nor those already placed again as added or changed (a threat put back by an
        // undo, with the decisions that answered it).
        let placed: Set<&Id> = moved
            .iter()
            .filter_map(|i| session.threats.get(*i))
            .map(|t| &t.id)
            .collect();
        let flipped: Set<&Id> = flipped
            .iter()
            .filter(|t| !gone.contains(t) && !placed.contains(t))
            .collect();
        if !flipped.is_empty() {
            moved.extend(
                session
                    .threats
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| flipped.contains(&t.id))
                    .map(|(i, _)| i),
            );
        }
        moved.sort_unstable();
        moved.dedup();
        moved.retain(|i| *i < session.threats.len());
        if moved.is_empty() {
            return;
        }
        let key = |i: usize| {
            let t = &session.threats[i];
            queue_key(t, self.decided.contains_key(&t.id))
        };
        if moved.len() > 64 {
            // Many at once (a decision answering many threats): sorting again is cheaper.
            self.all_ranking = (0..session.threats.len()).collect();
            self.all_ranking.sort_by_cached_key(|i| key(*i));
            return;
        }
        self.all_ranking.retain(|i| moved.binary_search(i).is_err());
        for i in moved {
            let k = key(i);
            let at = self.all_ranking.partition_point(|j| key(*j) < k);
            self.all_ranking.insert(at, i);
        }
    }
}

/// How many threats, notes and elements an edit may move for [`Derived::follow`] to follow
/// it: each touched cell is counted again by a scan of the threats, so deleting an element
/// that takes thousands of flows with it is cheaper counted from scratch.
const FOLLOWED_ITEMS: usize = 256;

/// Whether [`Derived::follow`] can follow what `reach` says: each list of threats and notes
/// moved once (an edit of one threat or note, or its undo, or a delete of an element and
/// what goes with it), the decisions' added items last, so that their indices are those of
/// the session now, the elements as [`elements_followable`] says, and no more than
/// [`FOLLOWED_ITEMS`] items in all.
fn followable(session: &Session, reach: &Reach) -> bool {
    let moved = items(&reach.threats) + items(&reach.considered) + items(&reach.elements);
    if moved > FOLLOWED_ITEMS || !elements_followable(session, &reach.elements) {
        return false;
    }
    let added_then_shifted = reach
        .decisions
        .iter()
        .skip_while(|m| !matches!(m, Moved::Added(_)))
        .skip(1)
        .any(Moved::shifts);
    reach.threats.len() <= 1 && reach.considered.len() <= 1 && !added_then_shifted
}

/// How many items `moves` moved in all.
fn items<T>(moves: &[Moved<'_, T>]) -> usize {
    moves.iter().map(Moved::len).sum()
}

/// Whether [`Derived::follow_elements`] can follow `moves`: at most one adding or taking
/// away, never of a boundary (a boundary decides which flows cross it), and elements changed
/// only where no figure reads (name, notes) or, for a boundary, only in members that were
/// added or taken away with them. A changed element is found by its ID: its index may be
/// from before an element was added back.
fn elements_followable(session: &Session, moves: &[Moved<Element>]) -> bool {
    let is_boundary = |e: &Element| matches!(e.kind, ElementKind::TrustBoundary { .. });
    let mut churn: Set<&Id> = Set::default();
    let mut structural = 0;
    for moved in moves {
        match moved {
            Moved::Changed(_) => {}
            Moved::Added(at) => {
                structural += 1;
                for i in at {
                    match session.elements.get(*i) {
                        Some(e) if !is_boundary(e) => churn.insert(&e.id),
                        _ => return false,
                    };
                }
            }
            Moved::Removed(old) => {
                structural += 1;
                for (_, e) in old {
                    if is_boundary(e) {
                        return false;
                    }
                    churn.insert(&e.id);
                }
            }
        }
    }
    if structural > 1 {
        return false;
    }
    moves.iter().all(|moved| {
        let Moved::Changed(old) = moved else {
            return true;
        };
        old.iter().all(|(_, before)| {
            let Some(now) = session.elements.iter().find(|e| e.id == before.id) else {
                return false;
            };
            match (&before.kind, &now.kind) {
                (
                    ElementKind::TrustBoundary { members: was },
                    ElementKind::TrustBoundary { members: is },
                ) => {
                    // A boundary may hold tens of thousands of members: a set, not a scan.
                    let came_or_went = |a: &Vec<Id>, b: &Vec<Id>| {
                        let b: Set<&Id> = b.iter().collect();
                        a.iter()
                            .filter(|m| !b.contains(m))
                            .all(|m| churn.contains(m))
                    };
                    came_or_went(was, is) && came_or_went(is, was)
                }
                (was, is) => was == is,
            }
        })
    })
}

/// Where index `x` of a list went after items were added at `at` (ascending, indices in the
/// list after).
pub(super) fn shifted_past(x: usize, at: &[usize]) -> usize {
    let mut x = x;
    for a in at {
        if *a <= x {
            x += 1;
        }
    }
    x
}

/// Where each element is in `session.elements`.
pub(super) fn element_index(session: &Session) -> Map<Id, usize> {
    session
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect()
}

/// Adds to `cells` the cell of every item `moved` touched, before and after, with `weight`
/// for each item that came into it and minus `weight` for each that left it (threats
/// weigh 1, to keep a cell's count; notes 0, as only whether there is one matters).
fn for_each_cell<'a, T>(
    moved: &Moved<'a, T>,
    now: &'a [T],
    cell: impl Fn(&'a T) -> (&'a Id, Category),
    weight: isize,
    cells: &mut Vec<((&'a Id, Category), isize)>,
) {
    let mut add = |item: &'a T, sign: isize| {
        let c = cell(item);
        match cells.iter_mut().find(|(seen, _)| *seen == c) {
            Some((_, n)) => *n += sign * weight,
            None => cells.push((c, sign * weight)),
        }
    };
    match moved {
        Moved::Changed(old) => {
            for (i, item) in old {
                add(item, -1);
                if let Some(item) = now.get(*i) {
                    add(item, 1);
                }
            }
        }
        Moved::Added(at) => at
            .iter()
            .filter_map(|i| now.get(*i))
            .for_each(|t| add(t, 1)),
        Moved::Removed(old) => old.iter().for_each(|(_, item)| add(item, -1)),
    }
}
