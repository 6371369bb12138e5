//! Figures derived from the session — the grid's rows and cell states, coverage, the risk
//! ranking, the readiness checklist — computed once, then kept up to date edit by edit: an
//! edit of threats, decisions or "nothing found" notes touches only the cells, queue places
//! and answers it reached ([`Derived::follow`]), so its cost does not grow with the session.
//! An edit of the elements counts everything again. A change of the filter only filters the
//! rows and ranking again, over search texts lowercased once.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::views::{ScopeRow, scope_rows};

use crate::model::{
    Category, CellState, CellStates, Check, Coverage, Element, ElementKind, Gap, Id, Moved, Reach,
    Session, Thresholds, queue_key,
};

/// The cached figures, and what they were computed from.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The session generation they belong to (see [`super::Workbench::generation`]).
    pub generation: u64,
    /// The filter they belong to.
    pub filter: Option<String>,
    /// Whether they have been computed at all.
    pub ready: bool,
    /// Whether the figures followed an edit that the filtered rows and ranking have not
    /// yet: they are filtered again before they are read.
    pub refilter: bool,
    /// Elements with live cells, in grid order (flows crossing a boundary first), as
    /// indices into `session.elements`; filtered.
    pub rows: Vec<usize>,
    /// The state of every cell.
    pub cells: CellStates,
    /// Coverage of the whole session (unfiltered).
    pub coverage: Coverage,
    /// Elements with live cells nobody considered (unfiltered).
    pub gaps: Vec<Gap>,
    /// Threats ranked: undecided first, then by likelihood × impact (unrated last), as
    /// indices into `session.threats`; filtered.
    pub ranking: Vec<usize>,
    /// How many threats of the ranking no decision answers (they come first).
    pub undecided: usize,
    /// The decisions answering each decided threat, in file order (a threat may have
    /// several).
    pub decided: HashMap<Id, Vec<Id>>,
    /// Elements that are flows crossing a trust boundary.
    pub crossing: HashSet<Id>,
    /// The scope list's rows.
    pub scope: Vec<ScopeRow>,
    /// The readiness checklist, as of the day and under the thresholds it was judged by.
    pub readiness: Vec<Check>,
    /// The day and thresholds of `readiness`.
    readiness_of: Option<(NaiveDate, Thresholds)>,
    /// Every grid row and the whole ranking, before the filter.
    all_rows: Vec<usize>,
    all_ranking: Vec<usize>,
    /// Where each element is in `session.elements`.
    element_at: HashMap<Id, usize>,
    /// What the filter searches, lowercased: built at the first filter after a change.
    search: Option<Search>,
}

/// The lowercased texts the filter searches, by element and by threat index.
#[derive(Debug, Clone, Default)]
struct Search {
    /// An element's ID and name and the titles of its threats.
    elements: Vec<Vec<String>>,
    /// A threat's ID, title, element ID and name, and its decisions' IDs and summaries.
    threats: Vec<Vec<String>>,
}

impl Search {
    fn of(session: &Session, answers: &HashMap<Id, Vec<Id>>) -> Self {
        let lower = |text: &str| text.to_lowercase();
        let mut elements: Vec<Vec<String>> = session
            .elements
            .iter()
            .map(|e| vec![lower(e.id.as_str()), lower(&e.name)])
            .collect();
        let index: HashMap<&Id, usize> = session
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.id, i))
            .collect();
        let summaries: HashMap<&Id, &str> = session
            .decisions
            .iter()
            .map(|d| (&d.id, d.summary.as_str()))
            .collect();
        let threats = session
            .threats
            .iter()
            .map(|t| {
                let at = index.get(&t.element).copied();
                let title = lower(&t.title);
                if let Some(texts) = at.and_then(|i| elements.get_mut(i)) {
                    texts.push(title.clone());
                }
                let name = at.map_or("", |i| session.elements[i].name.as_str());
                let mut texts = vec![
                    lower(t.id.as_str()),
                    title,
                    lower(t.element.as_str()),
                    lower(name),
                ];
                for d in answers.get(&t.id).into_iter().flatten() {
                    texts.push(lower(d.as_str()));
                    texts.push(lower(summaries.get(d).copied().unwrap_or("")));
                }
                texts
            })
            .collect();
        Search { elements, threats }
    }
}

/// Whether any of `texts` (lowercased) holds the lowercased `needle`.
fn matches(needle: &str, texts: Option<&Vec<String>>) -> bool {
    texts.is_some_and(|texts| texts.iter().any(|t| t.contains(needle)))
}

impl Derived {
    /// Computes everything for `session` under `filter`: the model's figures, then the
    /// filter over them.
    pub fn of(session: &Session, generation: u64, filter: Option<&str>) -> Self {
        let mut derived = Derived::default();
        derived.figures(session, generation);
        derived.filter(session, filter);
        derived
    }

    /// Computes the model's figures for `session` at `generation`, unfiltered.
    pub fn figures(&mut self, session: &Session, generation: u64) {
        let cells = session.cell_states();
        let coverage = session.coverage_of(&cells);
        let gaps = session.never_considered_of(&cells);
        let crossing: HashSet<Id> = session.crossing_flows().into_iter().cloned().collect();
        let mut all_rows: Vec<usize> = (0..session.elements.len())
            .filter(|i| {
                let e = &session.elements[*i];
                !matches!(e.kind, ElementKind::TrustBoundary { .. })
                    && !e.kind.live_categories().is_empty()
            })
            .collect();
        all_rows.sort_by_cached_key(|i| !crossing.contains(&session.elements[*i].id));
        let decided: HashMap<Id, Vec<Id>> = session
            .answers()
            .into_iter()
            .map(|(threat, ds)| (threat.clone(), ds.iter().map(|d| d.id.clone()).collect()))
            .collect();
        let element_at = session
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        *self = Derived {
            generation,
            ready: true,
            element_at,
            cells,
            coverage,
            gaps,
            decided,
            crossing,
            scope: scope_rows(session),
            all_rows,
            all_ranking: session.ranked_threats(),
            ..Derived::default()
        };
    }

    /// Filters the rows and the ranking by `filter` (case-insensitive substring), or shows
    /// them all without one.
    pub fn filter(&mut self, session: &Session, filter: Option<&str>) {
        let needle = filter.map(str::to_lowercase).filter(|f| !f.is_empty());
        match &needle {
            None => {
                self.rows.clone_from(&self.all_rows);
                self.ranking.clone_from(&self.all_ranking);
            }
            Some(needle) => {
                let search = self
                    .search
                    .get_or_insert_with(|| Search::of(session, &self.decided));
                self.rows = self
                    .all_rows
                    .iter()
                    .copied()
                    .filter(|i| matches(needle, search.elements.get(*i)))
                    .collect();
                self.ranking = self
                    .all_ranking
                    .iter()
                    .copied()
                    .filter(|i| matches(needle, search.threats.get(*i)))
                    .collect();
            }
        }
        // Undecided threats rank first, so they are a prefix of the ranking.
        self.undecided = self
            .ranking
            .partition_point(|i| !self.decided.contains_key(&session.threats[*i].id));
        self.filter = needle;
        self.refilter = false;
    }

    /// Whether these figures are those of the session at `generation`, filtered.
    pub fn current(&self, generation: u64) -> bool {
        self.ready && self.generation == generation && !self.refilter
    }

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

    /// Whether `other` holds the same figures, computed or followed: what the tests of
    /// [`Derived::follow`] compare with a count from scratch.
    #[doc(hidden)]
    pub fn agrees_with(&self, other: &Derived) -> bool {
        self.cells == other.cells
            && self.coverage == other.coverage
            && self.gaps == other.gaps
            && self.decided == other.decided
            && self.crossing == other.crossing
            && self.scope == other.scope
            && self.all_rows == other.all_rows
            && self.all_ranking == other.all_ranking
    }

    /// Judges the readiness checklist as of `today` under `thresholds`, unless it already
    /// was since the figures were computed.
    pub fn judge(&mut self, session: &Session, today: NaiveDate, thresholds: Thresholds) {
        if self.readiness_of != Some((today, thresholds)) {
            self.readiness =
                session.readiness_with(today, &thresholds, &self.cells, &self.crossing);
            self.readiness_of = Some((today, thresholds));
        }
    }

    /// The state of a cell from the cache.
    pub fn cell(&self, element: &Id, category: Category) -> CellState {
        self.cells.state(element, category)
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
