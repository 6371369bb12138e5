//! How the cached figures follow an edit by what it reached ([`Reach`]), instead of being
//! counted again: the cells it touched, the answers of the threats its decisions answer,
//! the queue places of the threats it changed.

use std::collections::{HashMap, HashSet};

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
    /// one that changed elements, or moved a list more than this follows.
    pub fn follow(&mut self, session: &Session, reach: &Reach, generation: u64) -> bool {
        let from_before = self.ready && self.generation.checked_add(1) == Some(generation);
        if !from_before || !followable(session, reach) {
            return false;
        }
        for moved in &reach.elements {
            self.follow_element(session, moved);
        }
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

    /// Follows an element added at the end, taken away from the end (its add undone), or
    /// changed in what no figure reads (its name, its notes): what [`followable`] lets
    /// through.
    fn follow_element(&mut self, session: &Session, moved: &Moved<Element>) {
        match moved {
            Moved::Changed(_) => {}
            Moved::Added(at) => {
                for &i in at {
                    let element = &session.elements[i];
                    self.element_at.insert(element.id.clone(), i);
                    let live = element.kind.live_categories();
                    let missing = self.cells.unconsidered(element);
                    self.coverage.live += live.len();
                    self.coverage.considered += live.len() - missing.len();
                    if !missing.is_empty() {
                        self.gaps.push(Gap {
                            element: element.id.clone(),
                            categories: missing,
                        });
                    }
                    let crossing = session.crosses_boundary(element);
                    if crossing {
                        self.crossing.insert(element.id.clone());
                    }
                    if !live.is_empty() {
                        // Crossing flows first, then file order.
                        let key = |row: usize| {
                            let id = &session.elements[row].id;
                            (!self.crossing.contains(id), row)
                        };
                        let at = self.all_rows.partition_point(|r| key(*r) < (!crossing, i));
                        self.all_rows.insert(at, i);
                    }
                }
                self.scope = scope_rows(session);
            }
            Moved::Removed(old) => {
                for (i, element) in old {
                    self.element_at.remove(&element.id);
                    let live = element.kind.live_categories();
                    let missing = self.cells.unconsidered(element);
                    self.coverage.live -= live.len();
                    self.coverage.considered -= live.len() - missing.len();
                    self.gaps.retain(|g| g.element != element.id);
                    self.crossing.remove(&element.id);
                    self.all_rows.retain(|r| r != i);
                }
                self.scope = scope_rows(session);
            }
        }
    }

    /// Counts again the cells whose threats or notes the edit touched, with coverage and
    /// the gaps where a cell went from not considered to considered or back.
    fn recount_cells(&mut self, session: &Session, reach: &Reach) {
        // A handful at most: a list is cheaper than a set.
        let mut cells: Vec<(&Id, Category)> = Vec::new();
        for moved in &reach.threats {
            for_each_cell(
                moved,
                &session.threats,
                |t| (&t.element, t.category),
                &mut cells,
            );
        }
        for moved in &reach.considered {
            for_each_cell(
                moved,
                &session.considered,
                |c| (&c.element, c.category),
                &mut cells,
            );
        }
        let mut regap = Vec::new();
        for (element, category) in cells {
            let (before, after) = self.cells.recount(session, element, category);
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

    /// Works out again which decisions answer the threats that the decisions the edit
    /// touched answer (or answered); returns the threats that became decided or undecided.
    fn answer_again(&mut self, session: &Session, reach: &Reach) -> Vec<Id> {
        let mut touched: Vec<&Id> = Vec::new();
        let mut threats: Vec<Id> = Vec::new();
        for moved in &reach.decisions {
            match moved {
                Moved::Changed(old) | Moved::Removed(old) => {
                    for (_, d) in old {
                        touched.push(&d.id);
                        threats.extend(d.threats.iter().cloned());
                    }
                }
                Moved::Added(at) => {
                    touched.extend(
                        at.iter()
                            .filter_map(|i| session.decisions.get(*i))
                            .map(|d| &d.id),
                    );
                }
            }
        }
        if touched.is_empty() {
            return Vec::new();
        }
        let touched: HashSet<&Id> = touched.into_iter().collect();
        for d in session.decisions.iter().filter(|d| touched.contains(&d.id)) {
            threats.extend(d.threats.iter().cloned());
        }
        threats.sort();
        threats.dedup();
        let wanted: HashSet<&Id> = threats.iter().collect();
        let mut answers: HashMap<&Id, Vec<Id>> = HashMap::with_capacity(threats.len());
        for d in &session.decisions {
            for t in d.threats.iter().filter(|t| wanted.contains(t)) {
                answers.entry(t).or_default().push(d.id.clone());
            }
        }
        let mut flipped = Vec::new();
        for t in &threats {
            let was = self.decided.contains_key(t);
            match answers.remove(t) {
                Some(ds) => {
                    self.decided.insert(t.clone(), ds);
                }
                None => {
                    self.decided.remove(t);
                }
            }
            if was != self.decided.contains_key(t) {
                flipped.push(t.clone());
            }
        }
        flipped
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
                        for a in at {
                            if *a <= *x {
                                *x += 1;
                            }
                        }
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
        if !flipped.is_empty() {
            let flipped: HashSet<&Id> = flipped.iter().collect();
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

/// Whether [`Derived::follow`] can follow what `reach` says: each list of threats and notes
/// moved once (an edit of one threat or note, or its undo), the decisions' added items
/// last, so that their indices are those of the session now, and the elements only
/// renamed or noted, or one added at the end or taken away from it that is not a
/// boundary (a boundary decides which flows cross it).
fn followable(session: &Session, reach: &Reach) -> bool {
    let element_followed = |moved: &Moved<Element>| match moved {
        Moved::Changed(old) => old.iter().all(|(i, before)| {
            session
                .elements
                .get(*i)
                .is_some_and(|now| now.id == before.id && now.kind == before.kind)
        }),
        Moved::Added(at) => {
            at.len() == 1
                && at[0] + 1 == session.elements.len()
                && !matches!(
                    session.elements[at[0]].kind,
                    ElementKind::TrustBoundary { .. }
                )
        }
        Moved::Removed(old) => {
            old.len() == 1
                && old[0].0 == session.elements.len()
                && !matches!(old[0].1.kind, ElementKind::TrustBoundary { .. })
        }
    };
    if !(reach.elements.len() <= 1 && reach.elements.iter().all(element_followed)) {
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

/// Calls `add` with the cell of every item `moved` touched, before and after.
fn for_each_cell<'a, T>(
    moved: &Moved<'a, T>,
    now: &'a [T],
    cell: impl Fn(&'a T) -> (&'a Id, Category),
    cells: &mut Vec<(&'a Id, Category)>,
) {
    let mut add = |item: &'a T| {
        let c = cell(item);
        if !cells.contains(&c) {
            cells.push(c);
        }
    };
    match moved {
        Moved::Changed(old) => {
            for (i, item) in old {
                add(item);
                if let Some(item) = now.get(*i) {
                    add(item);
                }
            }
        }
        Moved::Added(at) => at.iter().filter_map(|i| now.get(*i)).for_each(add),
        Moved::Removed(old) => old.iter().for_each(|(_, item)| add(item)),
    }
}
