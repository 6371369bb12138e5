//! Figures derived from the session — the grid's rows and cell states, coverage, the risk
//! ranking — computed once per edit (or filter change), not on every key or frame, so that
//! a session with thousands of threats stays instant.

use std::collections::HashMap;

use crate::model::{Category, CellState, Coverage, ElementKind, Id, Session};

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
    /// Threat count or "considered" state of every touched cell.
    pub cells: HashMap<(Id, Category), CellState>,
    /// Coverage of the whole session (unfiltered).
    pub coverage: Coverage,
    /// Threats ranked: undecided first, then by likelihood × impact (unrated last), as
    /// indices into `session.threats`; filtered.
    pub ranking: Vec<usize>,
    /// The decision answering each decided threat (the first, if several do).
    pub decided: HashMap<Id, Id>,
    /// Elements that are flows crossing a trust boundary.
    pub crossing: std::collections::HashSet<Id>,
}

/// Whether `text` matches the filter (case-insensitive substring).
fn matches(filter: &str, texts: &[&str]) -> bool {
    texts.iter().any(|t| t.to_lowercase().contains(filter))
}

impl Derived {
    /// Computes everything for `session` under `filter`.
    pub fn of(session: &Session, seq: u64, filter: Option<&str>) -> Self {
        let needle = filter.map(str::to_lowercase).filter(|f| !f.is_empty());
        let mut cells: HashMap<(Id, Category), CellState> = HashMap::new();
        for c in &session.considered {
            cells.insert((c.element.clone(), c.category), CellState::NothingFound);
        }
        for t in &session.threats {
            let entry = cells
                .entry((t.element.clone(), t.category))
                .or_insert(CellState::Threats(0));
            *entry = match *entry {
                CellState::Threats(n) => CellState::Threats(n + 1),
                _ => CellState::Threats(1),
            };
        }
        let crossing: std::collections::HashSet<Id> = session
            .elements
            .iter()
            .filter(|e| session.crosses_boundary(e))
            .map(|e| e.id.clone())
            .collect();
        let mut coverage = Coverage::default();
        for e in &session.elements {
            for c in e.kind.live_categories().iter() {
                coverage.live += 1;
                if cells.contains_key(&(e.id.clone(), c)) {
                    coverage.considered += 1;
                }
            }
        }
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
        let mut decided = HashMap::new();
        for d in &session.decisions {
            for t in &d.threats {
                decided.entry(t.clone()).or_insert_with(|| d.id.clone());
            }
        }
        let names: HashMap<&Id, &str> = session
            .elements
            .iter()
            .map(|e| (&e.id, e.name.as_str()))
            .collect();
        let mut ranking: Vec<usize> = (0..session.threats.len())
            .filter(|i| {
                let t = &session.threats[*i];
                needle.as_deref().is_none_or(|n| {
                    let element = names.get(&t.element).copied().unwrap_or("");
                    matches(n, &[t.id.as_str(), &t.title, t.element.as_str(), element])
                })
            })
            .collect();
        ranking.sort_by_key(|i| {
            let t = &session.threats[*i];
            (
                decided.contains_key(&t.id),
                std::cmp::Reverse(t.risk().map_or(0, |r| r.score)),
            )
        });
        Derived {
            seq,
            filter: needle,
            ready: true,
            rows,
            cells,
            coverage,
            ranking,
            decided,
            crossing,
        }
    }

    /// The state of a cell from the cache.
    pub fn cell(&self, element: &Id, category: Category) -> CellState {
        self.cells
            .get(&(element.clone(), category))
            .copied()
            .unwrap_or(CellState::NotConsidered)
    }
}
