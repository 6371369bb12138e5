//! STRIDE per element: which categories apply to which element, and how much of that the
//! team has considered.
//!
//! The matrix follows the Microsoft SDL "STRIDE per element" chart: external entity S, R;
//! process all six; data store T, I, D (plus R when it holds logs); data flow T, I, D. A
//! third-party component is treated as a process; a trust boundary has no cells of its own
//! (the flows that cross it carry its threats).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::element::ElementKind;
use super::id::Id;

/// One STRIDE category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// Pretending to be someone or something else (violates authentication).
    Spoofing,
    /// Changing data or code without permission (violates integrity).
    Tampering,
    /// Denying an action the system cannot prove (violates non-repudiation).
    Repudiation,
    /// Exposing data to someone not allowed to see it (violates confidentiality).
    InformationDisclosure,
    /// Denying or degrading service (violates availability).
    DenialOfService,
    /// Gaining rights without permission (violates authorization).
    ElevationOfPrivilege,
}

impl Category {
    /// All six, in STRIDE order.
    pub const ALL: [Category; 6] = [
        Category::Spoofing,
        Category::Tampering,
        Category::Repudiation,
        Category::InformationDisclosure,
        Category::DenialOfService,
        Category::ElevationOfPrivilege,
    ];

    /// The category's letter: S, T, R, I, D or E.
    pub fn letter(self) -> char {
        match self {
            Category::Spoofing => 'S',
            Category::Tampering => 'T',
            Category::Repudiation => 'R',
            Category::InformationDisclosure => 'I',
            Category::DenialOfService => 'D',
            Category::ElevationOfPrivilege => 'E',
        }
    }

    /// The category's name in words.
    pub fn name(self) -> &'static str {
        match self {
            Category::Spoofing => "Spoofing",
            Category::Tampering => "Tampering",
            Category::Repudiation => "Repudiation",
            Category::InformationDisclosure => "Information disclosure",
            Category::DenialOfService => "Denial of service",
            Category::ElevationOfPrivilege => "Elevation of privilege",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of categories, small enough to pass by value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u8);

impl CategorySet {
    /// The set holding exactly `categories`.
    pub fn of(categories: &[Category]) -> Self {
        CategorySet(categories.iter().fold(0, |bits, c| bits | c.bit()))
    }

    /// Whether `category` is in the set.
    pub fn contains(self, category: Category) -> bool {
        self.0 & category.bit() != 0
    }

    /// The members, in STRIDE order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// How many categories the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members of this set that are not in `other`.
    pub fn without(self, other: CategorySet) -> CategorySet {
        CategorySet(self.0 & !other.0)
    }
}

impl ElementKind {
    /// The STRIDE categories that apply to this kind of element (its live cells).
    pub fn live_categories(&self) -> CategorySet {
        use Category::*;
        match self {
            ElementKind::ExternalEntity => CategorySet::of(&[Spoofing, Repudiation]),
            ElementKind::Process | ElementKind::ThirdParty { .. } => {
                CategorySet::of(&Category::ALL)
            }
            ElementKind::DataStore { holds_logs: false } => {
                CategorySet::of(&[Tampering, InformationDisclosure, DenialOfService])
            }
            ElementKind::DataStore { holds_logs: true } => CategorySet::of(&[
                Tampering,
                Repudiation,
                InformationDisclosure,
                DenialOfService,
            ]),
            ElementKind::DataFlow { .. } => {
                CategorySet::of(&[Tampering, InformationDisclosure, DenialOfService])
            }
            ElementKind::TrustBoundary { .. } => CategorySet::default(),
        }
    }
}

/// One cell of the grid: an element under one category.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    /// The element's ID.
    pub element: Id,
    /// The category.
    pub category: Category,
}

/// Where a live cell stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// Nobody has looked at it yet.
    NotConsidered,
    /// The team looked and recorded why nothing applies.
    NothingFound,
    /// The team recorded this many threats.
    Threats(usize),
}

/// Live cells considered out of all live cells: the evidence of systematic coverage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Live cells with threats or a "considered, nothing found" note.
    pub considered: usize,
    /// All live cells.
    pub live: usize,
}

impl Coverage {
    /// Whole percent considered; an empty model counts as 0 %, not 100 %.
    /// Rounded to the nearest percent (5/36 is 14 %), but never 100 % before every cell is
    /// considered, nor 0 % once one is.
    pub fn percent(self) -> u32 {
        if self.live == 0 {
            return 0;
        }
        let nearest = (self.considered * 200 + self.live) / (self.live * 2);
        let capped = match (self.considered, nearest) {
            (c, 100) if c < self.live => 99,
            (c, 0) if c > 0 => 1,
            (_, p) => p,
        };
        u32::try_from(capped).unwrap_or(100)
    }

    /// Whether every live cell has been considered (and there is at least one).
    pub fn is_complete(self) -> bool {
        self.live > 0 && self.considered == self.live
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.considered, self.live)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn coverage_rounds_to_nearest_but_never_claims_all_or_nothing() {
        let c = |considered, live| Coverage { considered, live }.percent();
        assert_eq!(c(5, 36), 14);
        assert_eq!(c(13, 41), 32);
        assert_eq!(c(199, 200), 99, "not 100 % before every cell is considered");
        assert_eq!(c(1, 300), 1, "not 0 % after one");
        assert_eq!(c(0, 10), 0);
        assert_eq!(c(10, 10), 100);
        assert_eq!(c(0, 0), 0);
    }

    use super::*;
    use Category::*;

    #[test]
    fn matrix_follows_the_sdl_chart() {
        let letters = |kind: ElementKind| -> String {
            kind.live_categories()
                .iter()
                .map(Category::letter)
                .collect()
        };
        assert_eq!(letters(ElementKind::ExternalEntity), "SR");
        assert_eq!(letters(ElementKind::Process), "STRIDE");
        assert_eq!(letters(ElementKind::DataStore { holds_logs: false }), "TID");
        assert_eq!(letters(ElementKind::DataStore { holds_logs: true }), "TRID");
        let flow = ElementKind::DataFlow {
            from: "E1".into(),
            to: "E2".into(),
            data: String::new(),
        };
        assert_eq!(letters(flow), "TID");
        let third = ElementKind::ThirdParty {
            supplier: "Stripe".into(),
            version: None,
            purl: None,
        };
        assert_eq!(letters(third), "STRIDE");
        assert_eq!(letters(ElementKind::TrustBoundary { members: vec![] }), "");
    }

    #[test]
    fn category_sets_behave_like_sets() {
        let set = CategorySet::of(&[Tampering, DenialOfService, Tampering]);
        assert_eq!(set.len(), 2);
        assert!(set.contains(Tampering) && !set.contains(Spoofing));
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            vec![Tampering, DenialOfService]
        );
        assert!(CategorySet::default().is_empty());
    }

    #[test]
    fn coverage_percent_of_empty_model_is_zero() {
        assert_eq!(Coverage::default().percent(), 0);
        assert!(!Coverage::default().is_complete());
        assert_eq!(
            Coverage {
                considered: 3,
                live: 4
            }
            .percent(),
            75
        );
    }
}
