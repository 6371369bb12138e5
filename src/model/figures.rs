//! The figures a session answers about itself, each computed by one function here: the
//! state of every cell, coverage, the cells never considered, which decision answers which
//! threat, the undecided threats, the rankings, the acceptances due or overdue as of a date,
//! and the one-line summary of a session. The grid, the review, the readiness checklist, the
//! export, `list` and the start screen all read these, so no two of them can disagree.

use super::hasher::{Map, Set, map_with_capacity};
use std::cmp::Reverse;

use chrono::{DateTime, NaiveDate, Utc};

use super::decision::{Decision, DecisionKind};
use super::element::ElementKind;
use super::id::Id;
use super::session::Session;
use super::stride::{Category, CategorySet, Cell, CellState, Coverage};
use super::threat::Threat;

/// How many days ahead an accepted risk counts as due soon, unless a caller says otherwise.
pub const DUE_SOON_DAYS: u32 = 30;

/// The state of every touched cell, counted in one pass over threats and notes. A cell
/// that is in neither is not yet considered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellStates {
    /// By element, a state per category in STRIDE order; an element with no touched cell
    /// has no row. Keyed by the element alone, so that a lookup borrows its ID.
    touched: Map<Id, [CellState; 6]>,
}

/// Where `category` is in a row of [`CellStates`].
fn column(category: Category) -> usize {
    category as usize
}

impl CellStates {
    /// The state of one cell, whether live or not.
    pub fn state(&self, element: &Id, category: Category) -> CellState {
        self.touched
            .get(element)
            .map_or(CellState::NotConsidered, |row| row[column(category)])
    }

    /// Changes the state of one cell with `change`; a row left with no touched cell goes.
    fn update(
        &mut self,
        element: &Id,
        category: Category,
        change: impl FnOnce(CellState) -> CellState,
    ) {
        // Looked up first: an entry would need an owned ID for every threat.
        match self.touched.get_mut(element) {
            Some(row) => {
                row[column(category)] = change(row[column(category)]);
                if row.iter().all(|s| *s == CellState::NotConsidered) {
                    self.touched.remove(element);
                }
            }
            None => {
                let mut row = [CellState::NotConsidered; 6];
                row[column(category)] = change(CellState::NotConsidered);
                if row[column(category)] != CellState::NotConsidered {
                    self.touched.insert(element.clone(), row);
                }
            }
        }
    }

    /// Puts one cell's state, worked out by whoever follows an edit of its threats or
    /// notes.
    pub fn set(&mut self, element: &Id, category: Category, state: CellState) {
        self.update(element, category, |_| state);
    }

    /// The live categories of `element` that nobody has considered.
    pub fn unconsidered(&self, element: &super::element::Element) -> CategorySet {
        let live = element.kind.live_categories();
        let Some(row) = self.touched.get(&element.id) else {
            return live;
        };
        let considered: Vec<Category> = live
            .iter()
            .filter(|c| row[column(*c)] != CellState::NotConsidered)
            .collect();
        live.without(CategorySet::of(&considered))
    }
}

/// An element with live cells nobody has considered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The element.
    pub element: Id,
    /// Its live categories never considered, never empty.
    pub categories: CategorySet,
}

/// An accepted risk and where its review date stands as of a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acceptance<'a> {
    /// The decision accepting the risk.
    pub decision: &'a Decision,
    /// Where its review date stands.
    pub due: Due,
}

/// Where an accepted risk's review date stands as of a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    /// The review date has passed, this many days ago (at least 1).
    Overdue(i64),
    /// The review is today or within the window, in this many days (0 is today).
    Soon(i64),
    /// The review is further ahead.
    Later(i64),
    /// No review date: an open-ended acceptance.
    NoDate,
}

/// A session in one line: what `list` and the start screen show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Title.
    pub title: String,
    /// Ticket, when there is one.
    pub ticket: Option<String>,
    /// Revision number.
    pub revision: u32,
    /// When it was last saved.
    pub updated: DateTime<Utc>,
    /// All threats.
    pub threats: usize,
    /// Threats without a decision.
    pub undecided: usize,
    /// Live cells considered out of all.
    pub coverage: Coverage,
}

/// A threat's place in the decisions phase's queue (see [`Session::ranked_threats`]):
/// undecided first, then by risk. Unique for every threat of a valid session, so a queue
/// kept sorted by it is the same as one sorted again.
pub fn queue_key(threat: &Threat, decided: bool) -> (bool, Reverse<u8>, u32) {
    let (score, number) = risk_key(threat);
    (decided, score, number)
}

/// A threat's place in a ranking by risk: highest score first, unrated last, then by ID
/// number (T2 before T10).
fn risk_key(threat: &Threat) -> (Reverse<u8>, u32) {
    (
        Reverse(threat.ranked_risk().map_or(0, |r| r.score)),
        threat.id.parse().map_or(u32::MAX, |(_, n)| n),
    )
}

impl Session {
    /// Every live cell, element by element in file order, STRIDE order within.
    pub fn live_cells(&self) -> impl Iterator<Item = Cell> + '_ {
        self.elements.iter().flat_map(|element| {
            element.kind.live_categories().iter().map(|category| Cell {
                element: element.id.clone(),
                category,
            })
        })
    }

    /// The state of every cell, in one pass over threats and "considered" notes.
    pub fn cell_states(&self) -> CellStates {
        let mut cells = CellStates {
            touched: map_with_capacity(self.elements.len()),
        };
        for c in &self.considered {
            cells.set(&c.element, c.category, CellState::NothingFound);
        }
        for t in &self.threats {
            cells.update(&t.element, t.category, |cell| match cell {
                CellState::Threats(n) => CellState::Threats(n + 1),
                _ => CellState::Threats(1),
            });
        }
        cells
    }

    /// The state of one cell. For many cells, ask [`Session::cell_states`] once instead.
    pub fn cell_state(&self, element: &Id, category: Category) -> CellState {
        let threats = self
            .threats
            .iter()
            .filter(|t| &t.element == element && t.category == category)
            .count();
        if threats > 0 {
            CellState::Threats(threats)
        } else if self
            .considered
            .iter()
            .any(|c| &c.element == element && c.category == category)
        {
            CellState::NothingFound
        } else {
            CellState::NotConsidered
        }
    }

    /// Live cells considered out of all live cells.
    pub fn coverage(&self) -> Coverage {
        self.coverage_of(&self.cell_states())
    }

    /// Coverage from cell states already counted.
    pub fn coverage_of(&self, cells: &CellStates) -> Coverage {
        let mut coverage = Coverage::default();
        for element in &self.elements {
            let live = element.kind.live_categories();
            coverage.live += live.len();
            coverage.considered += live.len() - cells.unconsidered(element).len();
        }
        coverage
    }

    /// The elements with live cells nobody has considered, in file order.
    pub fn never_considered(&self) -> Vec<Gap> {
        self.never_considered_of(&self.cell_states())
    }

    /// [`Session::never_considered`] from cell states already counted.
    pub fn never_considered_of(&self, cells: &CellStates) -> Vec<Gap> {
        self.elements
            .iter()
            .filter_map(|e| {
                let categories = cells.unconsidered(e);
                (!categories.is_empty()).then(|| Gap {
                    element: e.id.clone(),
                    categories,
                })
            })
            .collect()
    }

    /// Every decision answering each decided threat, in file order: a threat may have
    /// several (mitigate with two controls, then accept what remains).
    pub fn answers(&self) -> Map<&Id, Vec<&Decision>> {
        let mut answers: Map<&Id, Vec<&Decision>> = map_with_capacity(self.threats.len());
        for d in &self.decisions {
            for t in &d.threats {
                answers.entry(t).or_default().push(d);
            }
        }
        answers
    }

    /// The decision answering each decided threat (the first in the file, if several do).
    pub fn decided(&self) -> Map<&Id, &Decision> {
        let mut decided = map_with_capacity(self.threats.len());
        for d in &self.decisions {
            for t in &d.threats {
                decided.entry(t).or_insert(d);
            }
        }
        decided
    }

    /// Threats that no decision answers yet, in file order.
    pub fn undecided_threats(&self) -> Vec<&Threat> {
        let decided = self.decided_ids();
        self.threats
            .iter()
            .filter(|t| !decided.contains(&t.id))
            .collect()
    }

    /// The IDs of the threats some decision answers.
    pub fn decided_ids(&self) -> Set<&Id> {
        self.decisions.iter().flat_map(|d| &d.threats).collect()
    }

    /// Threats by risk: highest first, unrated last, then by ID; as indices into `threats`.
    pub fn by_risk(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.threats.len()).collect();
        // Each key once: parsing an ID on every comparison costs more than the sort.
        order.sort_by_cached_key(|i| risk_key(&self.threats[*i]));
        order
    }

    /// The decisions phase's queue: undecided threats first, then by risk as in
    /// [`Session::by_risk`]; as indices into `threats`.
    pub fn ranked_threats(&self) -> Vec<usize> {
        let decided = self.decided();
        let mut order: Vec<usize> = (0..self.threats.len()).collect();
        // Each key once: hashing an ID on every comparison costs more than the sort.
        order.sort_by_cached_key(|i| {
            let t = &self.threats[*i];
            queue_key(t, decided.contains_key(&t.id))
        });
        order
    }

    /// Flows that cross a trust boundary (as [`Session::crosses_boundary`] judges one), with
    /// each boundary's members gathered once: linear in flows × boundaries, however many
    /// members a boundary holds.
    pub fn crossing_flows(&self) -> Set<&Id> {
        let boundaries: Vec<Set<&Id>> = self
            .elements
            .iter()
            .filter_map(|e| match &e.kind {
                ElementKind::TrustBoundary { members } => Some(members.iter().collect()),
                _ => None,
            })
            .collect();
        self.elements
            .iter()
            .filter(|e| match &e.kind {
                ElementKind::DataFlow { from, to, .. } => boundaries
                    .iter()
                    .any(|members| members.contains(from) != members.contains(to)),
                _ => false,
            })
            .map(|e| &e.id)
            .collect()
    }

    /// Every accepted risk with where its review date stands as of `as_of`; "soon" is
    /// within `soon_days` days (today included).
    pub fn acceptances(&self, as_of: NaiveDate, soon_days: u32) -> Vec<Acceptance<'_>> {
        self.decisions
            .iter()
            .filter(|d| d.kind == DecisionKind::Accept)
            .map(|decision| {
                let due = match decision.review_by {
                    None => Due::NoDate,
                    Some(date) => {
                        let days = (date - as_of).num_days();
                        if days < 0 {
                            Due::Overdue(-days)
                        } else if days <= i64::from(soon_days) {
                            Due::Soon(days)
                        } else {
                            Due::Later(days)
                        }
                    }
                };
                Acceptance { decision, due }
            })
            .collect()
    }

    /// The session in one line.
    pub fn summary(&self) -> Summary {
        Summary {
            title: self.title.clone(),
            ticket: self.ticket.clone(),
            revision: self.revision,
            updated: self.updated,
            threats: self.threats.len(),
            undecided: self.undecided_threats().len(),
            coverage: self.coverage(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Agenda, DecisionStatus, Element, ElementKind, IdKind, NothingFound, Phase, Threat,
    };

    fn session() -> Session {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
        };
        let mut s = Session::new("t", agenda, Utc::now());
        for kind in [ElementKind::ExternalEntity, ElementKind::Process] {
            let id = s.issue_id(IdKind::Element);
            s.elements.push(Element {
                id,
                kind,
                name: "x".into(),
                notes: String::new(),
            });
        }
        s
    }

    fn threat(s: &mut Session, element: &str, category: Category, rating: Option<u8>) -> Id {
        let id = s.issue_id(IdKind::Threat);
        s.threats.push(Threat {
            id: id.clone(),
            element: element.into(),
            category,
            title: "t".into(),
            grammar: Default::default(),
            likelihood: rating,
            impact: rating,
            residual_likelihood: None,
            residual_impact: None,
            references: Vec::new(),
            notes: String::new(),
        });
        id
    }

    fn accept(s: &mut Session, threat: &Id, review_by: Option<NaiveDate>) {
        let id = s.issue_id(IdKind::Decision);
        s.decisions.push(Decision {
            id,
            kind: DecisionKind::Accept,
            threats: vec![threat.clone()],
            summary: "ok".into(),
            rationale: String::new(),
            owner: Some("Bo".into()),
            ticket: None,
            status: DecisionStatus::Open,
            review_by,
            requirements: Vec::new(),
        });
    }

    #[test]
    fn a_cell_row_holds_the_categories_in_stride_order() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(column(c), i, "{c}");
        }
    }

    #[test]
    fn crossing_flows_are_the_flows_that_cross_a_boundary() {
        use crate::model::{Element, IdKind};
        let mut s = session();
        let add = |s: &mut Session, kind: ElementKind| {
            let id = s.issue_id(IdKind::Element);
            s.elements.push(Element {
                id: id.clone(),
                kind,
                name: id.to_string(),
                notes: String::new(),
            });
            id
        };
        let (a, b, c) = (
            add(&mut s, ElementKind::Process),
            add(&mut s, ElementKind::Process),
            add(&mut s, ElementKind::Process),
        );
        let flow = |from: &Id, to: &Id| ElementKind::DataFlow {
            from: from.clone(),
            to: to.clone(),
            data: String::new(),
        };
        add(&mut s, flow(&a, &b));
        add(&mut s, flow(&b, &c));
        add(&mut s, flow(&c, &a));
        add(
            &mut s,
            ElementKind::TrustBoundary {
                members: vec![a.clone()],
            },
        );
        add(
            &mut s,
            ElementKind::TrustBoundary {
                members: vec![b.clone(), c.clone()],
            },
        );
        let expected: Set<&Id> = s
            .elements
            .iter()
            .filter(|e| s.crosses_boundary(e))
            .map(|e| &e.id)
            .collect();
        assert_eq!(expected.len(), 2);
        assert_eq!(s.crossing_flows(), expected);
    }

    #[test]
    fn coverage_and_gaps_agree_with_the_cell_states() {
        let mut s = session();
        threat(&mut s, "E2", Category::Tampering, None);
        threat(&mut s, "E2", Category::Tampering, None);
        s.considered.push(NothingFound {
            element: "E1".into(),
            category: Category::Spoofing,
            note: "n/a".into(),
        });
        let cells = s.cell_states();
        assert_eq!(
            cells.state(&"E2".into(), Category::Tampering),
            CellState::Threats(2)
        );
        assert_eq!(
            s.cell_state(&"E2".into(), Category::Tampering),
            CellState::Threats(2)
        );
        assert_eq!(
            cells.state(&"E1".into(), Category::Spoofing),
            CellState::NothingFound
        );
        assert_eq!(
            s.coverage(),
            Coverage {
                considered: 2,
                live: 8
            }
        );
        let gaps = s.never_considered();
        assert_eq!(gaps.len(), 2);
        let letters = |g: &Gap| {
            g.categories
                .iter()
                .map(Category::letter)
                .collect::<String>()
        };
        assert_eq!(letters(&gaps[0]), "R");
        assert_eq!(letters(&gaps[1]), "SRIDE");
        assert_eq!(s.live_cells().count(), 8);
    }

    #[test]
    fn the_queue_puts_undecided_first_then_risk_then_id() {
        let mut s = session();
        let low = threat(&mut s, "E2", Category::Spoofing, Some(1));
        let high = threat(&mut s, "E2", Category::Spoofing, Some(5));
        let unrated = threat(&mut s, "E2", Category::Spoofing, None);
        let high_too = threat(&mut s, "E2", Category::Spoofing, Some(5));
        accept(&mut s, &high, None);
        let ids = |order: Vec<usize>| -> Vec<Id> {
            order.into_iter().map(|i| s.threats[i].id.clone()).collect()
        };
        assert_eq!(
            ids(s.by_risk()),
            [high.clone(), high_too.clone(), low.clone(), unrated.clone()]
        );
        assert_eq!(
            ids(s.ranked_threats()),
            [high_too, low, unrated, high.clone()]
        );
        assert_eq!(s.undecided_threats().len(), 3);
        assert_eq!(s.decided().get(&high).map(|d| d.id.as_str()), Some("D1"));
    }

    #[test]
    fn acceptances_are_judged_as_of_the_given_day() {
        let mut s = session();
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        for review in [
            Some("2026-11-30"),
            Some("2026-12-01"),
            Some("2027-01-01"),
            None,
        ] {
            let t = threat(&mut s, "E2", Category::Spoofing, None);
            accept(&mut s, &t, review.map(day));
        }
        let dues: Vec<Due> = s
            .acceptances(day("2026-12-01"), DUE_SOON_DAYS)
            .iter()
            .map(|a| a.due)
            .collect();
        assert_eq!(
            dues,
            [Due::Overdue(1), Due::Soon(0), Due::Later(31), Due::NoDate]
        );
        let summary = s.summary();
        assert_eq!((summary.threats, summary.undecided), (4, 0));
    }
}
