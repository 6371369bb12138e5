//! Figures derived from the session — the grid's rows and cell states, coverage, the risk
//! ranking, the readiness checklist — computed once, then kept up to date edit by edit: an
//! edit of threats, decisions or "nothing found" notes touches only the cells, queue places
//! and answers it reached ([`Derived::follow`], in `follow.rs`), so its cost does not grow
//! with the session. An edit that adds, deletes or redraws a boundary, or changes an
//! element's kind (a flow's ends), counts everything again. A change of the filter only filters the rows and ranking again, over search texts
//! lowercased once.

mod answers;
mod follow;

use crate::model::hasher::{Map, Set};

use chrono::NaiveDate;

use super::views::{ScopeRow, scope_rows};

use crate::model::{
    Category, CellState, CellStates, Check, Counted, Coverage, ElementKind, Gap, Id, Session,
    Thresholds,
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
    pub decided: Map<Id, Vec<Id>>,
    /// Elements that are flows crossing a trust boundary.
    pub crossing: Set<Id>,
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
    element_at: Map<Id, usize>,
    /// Where each decision is in `session.decisions`.
    decision_at: Map<Id, usize>,
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
    fn of(session: &Session, answers: &Map<Id, Vec<Id>>) -> Self {
        let lower = |text: &str| text.to_lowercase();
        let mut elements: Vec<Vec<String>> = session
            .elements
            .iter()
            .map(|e| vec![lower(e.id.as_str()), lower(&e.name)])
            .collect();
        let index: Map<&Id, usize> = session
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| (&e.id, i))
            .collect();
        let summaries: Map<&Id, &str> = session
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
        let crossing: Set<Id> = session.crossing_flows().into_iter().cloned().collect();
        let mut all_rows: Vec<usize> = (0..session.elements.len())
            .filter(|i| {
                let e = &session.elements[*i];
                !matches!(e.kind, ElementKind::TrustBoundary { .. })
                    && !e.kind.live_categories().is_empty()
            })
            .collect();
        all_rows.sort_by_cached_key(|i| !crossing.contains(&session.elements[*i].id));
        let decided: Map<Id, Vec<Id>> = session
            .answers()
            .into_iter()
            .map(|(threat, ds)| (threat.clone(), ds.iter().map(|d| d.id.clone()).collect()))
            .collect();
        let element_at = follow::element_index(session);
        let decision_at = answers::decision_index(session);
        *self = Derived {
            generation,
            ready: true,
            element_at,
            decision_at,
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
            && self.element_at == other.element_at
            && self.decision_at == other.decision_at
    }

    /// Judges the readiness checklist as of `today` under `thresholds`, unless it already
    /// was since the figures were computed.
    pub fn judge(&mut self, session: &Session, today: NaiveDate, thresholds: Thresholds) {
        if self.readiness_of != Some((today, thresholds)) {
            // Undecided threats rank first: the ranking's head says which, without a lookup
            // of every threat's ID.
            let undecided = self
                .all_ranking
                .partition_point(|i| !self.decided.contains_key(&session.threats[*i].id));
            let mut open = vec![false; session.threats.len()];
            for &i in &self.all_ranking[..undecided] {
                if let Some(slot) = open.get_mut(i) {
                    *slot = true;
                }
            }
            let counted = Counted {
                cells: &self.cells,
                coverage: self.coverage,
                answered: &|i| !open.get(i).copied().unwrap_or(false),
            };
            self.readiness = session.readiness_with(today, &thresholds, counted, &self.crossing);
            self.readiness_of = Some((today, thresholds));
        }
    }

    /// The state of a cell from the cache.
    pub fn cell(&self, element: &Id, category: Category) -> CellState {
        self.cells.state(element, category)
    }
}
