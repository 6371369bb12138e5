//! Figures derived from the session — the grid's rows and cell states, coverage, the risk
//! ranking — computed once per edit (or filter change), not on every key or frame, so that
//! a session with thousands of threats stays instant.

use std::collections::{HashMap, HashSet};

use crate::model::{Category, CellState, CellStates, Coverage, ElementKind, Gap, Id, Session};

/// The cached figures, and what they were computed from.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// The edit sequence number they belong to.
    pub seq: u64,
    /// The filter they belong to.
    pub filter: Option<String>,
    /// Whether they have been computed at all.
    pub ready: bool,
    /// Elements with live cells, in grid order (flows crossing a boundary first), as
    /// indices into `session.elements`; filtered.
    pub rows: Vec<usize>,
    /// The state of every cell.
    pub cells: CellStates,
    /// Coverage of the whole session (unfiltered).
    pub coverage: Coverage,
    /// Elements with live cells nobody considered (unfiltered).
    pub gaps: Vec<Gap>,
    /// The ID of the element on each row.
    pub row_ids: Vec<Id>,
    /// Threats ranked: undecided first, then by likelihood × impact (unrated last), as
    /// indices into `session.threats`; filtered.
    pub ranking: Vec<usize>,
    /// The ID of the threat on each row of the ranking.
    pub ranking_ids: Vec<Id>,
    /// The decisions answering each decided threat, in file order (a threat may have
    /// several).
    pub decided: HashMap<Id, Vec<Id>>,
    /// Elements that are flows crossing a trust boundary.
    pub crossing: HashSet<Id>,
}

/// Whether `text` matches the filter (case-insensitive substring).
fn matches(filter: &str, texts: &[&str]) -> bool {
    texts.iter().any(|t| t.to_lowercase().contains(filter))
}

impl Derived {
    /// Computes everything for `session` under `filter`: the model's figures, then the
    /// filter over them.
    pub fn of(session: &Session, seq: u64, filter: Option<&str>) -> Self {
        let needle = filter.map(str::to_lowercase).filter(|f| !f.is_empty());
        let cells = session.cell_states();
        let coverage = session.coverage_of(&cells);
        let gaps = session.never_considered_of(&cells);
        let crossing: HashSet<Id> = session.crossing_flows().into_iter().cloned().collect();
        let threat_text: HashMap<&Id, Vec<&str>> =
            session.threats.iter().fold(HashMap::new(), |mut map, t| {
                map.entry(&t.element).or_default().push(t.title.as_str());
                map
            });
        let mut rows: Vec<usize> = (0..session.elements.len())
            .filter(|i| {
                let e = &session.elements[*i];
                !matches!(e.kind, ElementKind::TrustBoundary { .. })
                    && !e.kind.live_categories().is_empty()
                    && needle.as_deref().is_none_or(|n| {
                        matches(n, &[e.id.as_str(), &e.name])
                            || threat_text.get(&e.id).is_some_and(|ts| matches(n, ts))
                    })
            })
            .collect();
        rows.sort_by_key(|i| !crossing.contains(&session.elements[*i].id));
        let answers = session.answers();
        let decided: HashMap<Id, Vec<Id>> = answers
            .iter()
            .map(|(threat, ds)| ((*threat).clone(), ds.iter().map(|d| d.id.clone()).collect()))
            .collect();
        let names: HashMap<&Id, &str> = session
            .elements
            .iter()
            .map(|e| (&e.id, e.name.as_str()))
            .collect();
        let ranking: Vec<usize> = session
            .ranked_threats()
            .into_iter()
            .filter(|i| {
                let t = &session.threats[*i];
                needle.as_deref().is_none_or(|n| {
                    let element = names.get(&t.element).copied().unwrap_or("");
                    let mut texts = vec![t.id.as_str(), &t.title, t.element.as_str(), element];
                    for d in answers.get(&t.id).into_iter().flatten() {
                        texts.push(d.id.as_str());
                        texts.push(&d.summary);
                    }
                    matches(n, &texts)
                })
            })
            .collect();
        let row_ids = rows
            .iter()
            .map(|i| session.elements[*i].id.clone())
            .collect();
        let ranking_ids = ranking
            .iter()
            .map(|i| session.threats[*i].id.clone())
            .collect();
        Derived {
            seq,
            filter: needle,
            ready: true,
            rows,
            row_ids,
            ranking_ids,
            cells,
            coverage,
            gaps,
            ranking,
            decided,
            crossing,
        }
    }

    /// The state of a cell from the cache.
    pub fn cell(&self, element: &Id, category: Category) -> CellState {
        self.cells.state(element, category)
    }
}
