//! The patterns no single session shows, found over the digests of every session: a STRIDE
//! category recurring on one kind of element, the same package or supplier in several
//! sessions, acceptances overdue or due soon, owners with the most open items, stale
//! sessions and sessions below the policy's coverage. Each names the sessions (by index
//! into the register's sessions, in path order) and IDs behind it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::digest::{Component, Digest, Outcome, supplier_key};
use crate::model::{Category, Coverage, Due, Id, KindTag, Thresholds};

/// What the owner of decisions without one is called.
pub const NO_OWNER: &str = "(no owner)";

/// Every pattern of a register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patterns {
    /// Categories recurring on one kind of element in 2+ sessions; most sessions first.
    pub recurring: Vec<Recurring>,
    /// Packages in 2+ sessions; most sessions first.
    pub packages: Vec<Shared>,
    /// Suppliers in 2+ sessions; most sessions first.
    pub suppliers: Vec<Shared>,
    /// Accepted risks overdue or due soon; soonest first.
    pub acceptances: Vec<DueAcceptance>,
    /// Owners with open decisions; most first.
    pub owners: Vec<OwnerLoad>,
    /// Sessions not updated for longer than the threshold; longest first.
    pub stale: Vec<Stale>,
    /// Sessions whose coverage is below the policy's; lowest first.
    pub below_coverage: Vec<BelowCoverage>,
}

/// One STRIDE category found on one kind of element in several sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurring {
    /// The kind of element.
    pub kind: KindTag,
    /// The category.
    pub category: Category,
    /// The threats across sessions.
    pub threats: usize,
    /// How many of them are undecided.
    pub undecided: usize,
    /// Each session with its threats' IDs, in path order.
    pub sessions: Vec<(usize, Vec<Id>)>,
}

/// A package or supplier found in several sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// What makes them the same: the package key or the lowercased supplier.
    pub key: String,
    /// Each session's component, in path order (a session with two components of one
    /// supplier has two).
    pub uses: Vec<Use>,
}

impl Shared {
    /// How many sessions it is in.
    pub fn sessions(&self) -> usize {
        count_distinct(self.uses.iter().map(|u| u.session))
    }
}

/// A third-party component in one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The session, as an index into the register's sessions.
    pub session: usize,
    /// The element's ID.
    pub element: Id,
    /// The element's name.
    pub name: String,
    /// The supplier as written.
    pub supplier: String,
    /// The version in use, when known.
    pub version: Option<String>,
    /// Its threats and how each was decided.
    pub threats: Vec<Outcome>,
}

/// An accepted risk overdue or due soon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAcceptance {
    /// The session.
    pub session: usize,
    /// The decision's ID.
    pub decision: Id,
    /// Who owns the risk.
    pub owner: Option<String>,
    /// The threats it accepts.
    pub threats: Vec<Id>,
    /// When it is to be reviewed.
    pub review_by: NaiveDate,
    /// Overdue by, or due in, how many days.
    pub due: Due,
}

/// The open decisions of one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerLoad {
    /// The owner as first written (in path order), or [`NO_OWNER`].
    pub owner: String,
    /// Each open decision: session and ID.
    pub items: Vec<(usize, Id)>,
}

impl OwnerLoad {
    /// How many sessions the items are in.
    pub fn sessions(&self) -> usize {
        count_distinct(self.items.iter().map(|(s, _)| *s))
    }
}

/// A session not updated for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    /// The session.
    pub session: usize,
    /// Days since its last update.
    pub days: i64,
}

/// A session whose coverage is below the policy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BelowCoverage {
    /// The session.
    pub session: usize,
    /// Its coverage.
    pub coverage: Coverage,
}

/// How many different values an ascending run of session indices holds.
fn count_distinct(sessions: impl Iterator<Item = usize>) -> usize {
    let mut last = None;
    sessions
        .filter(|s| {
            let new = last != Some(*s);
            last = Some(*s);
            new
        })
        .count()
}

/// Every pattern over `digests`, which are in path order (their indices are the sessions').
pub fn find(digests: &[Digest], as_of: NaiveDate, thresholds: &Thresholds) -> Patterns {
    Patterns {
        recurring: recurring(digests),
        packages: shared(digests, |c| Some(c.package.clone())),
        suppliers: shared(digests, |c| supplier_key(&c.supplier)),
        acceptances: acceptances(digests),
        owners: owners(digests),
        stale: stale(digests, as_of, thresholds.stale_days),
        below_coverage: below_coverage(digests, thresholds.coverage_min),
    }
}

/// Categories on a kind of element that threats were found under in two sessions or more.
fn recurring(digests: &[Digest]) -> Vec<Recurring> {
    let mut found: BTreeMap<(KindTag, Category), Recurring> = BTreeMap::new();
    for (session, d) in digests.iter().enumerate() {
        for (&(kind, category), cell) in &d.cells {
            let entry = found.entry((kind, category)).or_insert_with(|| Recurring {
                kind,
                category,
                threats: 0,
                undecided: 0,
                sessions: Vec::new(),
            });
            entry.threats += cell.threats.len();
            entry.undecided += cell.undecided;
            entry.sessions.push((session, cell.threats.clone()));
        }
    }
    let mut recurring: Vec<Recurring> = found
        .into_values()
        .filter(|r| r.sessions.len() >= 2)
        .collect();
    // Stable: ties keep kind and STRIDE order.
    recurring.sort_by_key(|r| std::cmp::Reverse((r.sessions.len(), r.threats)));
    recurring
}

/// Components grouped by `key` (none leaves a component out), kept where the group spans
/// two sessions or more.
fn shared(digests: &[Digest], key: impl Fn(&Component) -> Option<String>) -> Vec<Shared> {
    let mut found: HashMap<String, Vec<Use>> = HashMap::new();
    for (session, d) in digests.iter().enumerate() {
        for c in &d.components {
            let Some(k) = key(c) else { continue };
            found.entry(k).or_default().push(Use {
                session,
                element: c.element.clone(),
                name: c.name.clone(),
                supplier: c.supplier.clone(),
                version: c.version.clone(),
                threats: c.threats.clone(),
            });
        }
    }
    let mut shared: Vec<Shared> = found
        .into_iter()
        .map(|(key, uses)| Shared { key, uses })
        .filter(|s| s.sessions() >= 2)
        .collect();
    shared.sort_by(|a, b| b.sessions().cmp(&a.sessions()).then(a.key.cmp(&b.key)));
    shared
}

/// Accepted risks overdue or due soon in every session, soonest first.
fn acceptances(digests: &[Digest]) -> Vec<DueAcceptance> {
    let mut due: Vec<DueAcceptance> = digests
        .iter()
        .enumerate()
        .flat_map(|(session, d)| {
            d.acceptances.iter().map(move |a| DueAcceptance {
                session,
                decision: a.decision.clone(),
                owner: a.owner.clone(),
                threats: a.threats.clone(),
                review_by: a.review_by,
                due: a.due,
            })
        })
        .collect();
    due.sort_by_key(|a| {
        (
            a.review_by,
            a.session,
            a.decision.parse().map_or(u32::MAX, |(_, n)| n),
        )
    });
    due
}

/// Open decisions per owner (trimmed, case-insensitive), most first, then by name.
fn owners(digests: &[Digest]) -> Vec<OwnerLoad> {
    let mut found: HashMap<String, OwnerLoad> = HashMap::new();
    for (session, d) in digests.iter().enumerate() {
        for (owner, id) in &d.open {
            let shown = owner
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .unwrap_or(NO_OWNER);
            found
                .entry(shown.to_lowercase())
                .or_insert_with(|| OwnerLoad {
                    owner: shown.to_owned(),
                    items: Vec::new(),
                })
                .items
                .push((session, id.clone()));
        }
    }
    let mut owners: Vec<(String, OwnerLoad)> = found.into_iter().collect();
    owners
        .sort_by(|(a_key, a), (b_key, b)| b.items.len().cmp(&a.items.len()).then(a_key.cmp(b_key)));
    owners.into_iter().map(|(_, load)| load).collect()
}

/// Sessions not updated for more than `days` days as of `as_of`, longest first.
fn stale(digests: &[Digest], as_of: NaiveDate, days: u32) -> Vec<Stale> {
    let mut stale: Vec<Stale> = digests
        .iter()
        .enumerate()
        .map(|(session, d)| Stale {
            session,
            days: (as_of - d.info.updated.date_naive()).num_days(),
        })
        .filter(|s| s.days > i64::from(days))
        .collect();
    stale.sort_by_key(|s| (std::cmp::Reverse(s.days), s.session));
    stale
}

/// Sessions whose coverage is below `min` percent (as `check`'s coverage rule judges it),
/// lowest first.
fn below_coverage(digests: &[Digest], min: u8) -> Vec<BelowCoverage> {
    let mut below: Vec<BelowCoverage> = digests
        .iter()
        .enumerate()
        .filter(|(_, d)| d.info.coverage.considered * 100 < d.info.coverage.live * usize::from(min))
        .map(|(session, d)| BelowCoverage {
            session,
            coverage: d.info.coverage,
        })
        .collect();
    // Lowest share first, compared exactly: a/b < c/d as a·d < c·b.
    below.sort_by(|a, b| {
        let (x, y) = (a.coverage, b.coverage);
        (x.considered * y.live.max(1))
            .cmp(&(y.considered * x.live.max(1)))
            .then(a.session.cmp(&b.session))
    });
    below
}
