//! Stable identifiers (E1, T1, D1, A1) and the counters that issue them.
//!
//! An ID is never reused: the session keeps the last number issued per kind, so deleting T3
//! and adding a threat gives T4, and exports, diffs and tickets that cite T3 stay true.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What an ID names; each kind has its own letter and counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKind {
    /// `E`: an element of the data-flow view.
    Element,
    /// `T`: a threat.
    Threat,
    /// `D`: a decision.
    Decision,
    /// `A`: an assumption.
    Assumption,
}

impl IdKind {
    /// The letter that starts every ID of this kind.
    pub fn prefix(self) -> char {
        match self {
            IdKind::Element => 'E',
            IdKind::Threat => 'T',
            IdKind::Decision => 'D',
            IdKind::Assumption => 'A',
        }
    }

    /// A plain-words name for messages ("element", "threat", ...).
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Element => "element",
            IdKind::Threat => "threat",
            IdKind::Decision => "decision",
            IdKind::Assumption => "assumption",
        }
    }
}

/// An identifier such as `E3` or `T12`, stored as its text in the session file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// The ID of the given kind and number, e.g. `Id::new(IdKind::Threat, 4)` is `T4`.
    pub fn new(kind: IdKind, number: u32) -> Self {
        Id(format!("{}{number}", kind.prefix()))
    }

    /// The text of the ID as written in the file.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The kind and number, when the text is well formed: one prefix letter, then a number
    /// from 1 without leading zeros.
    pub fn parse(&self) -> Option<(IdKind, u32)> {
        let mut chars = self.0.chars();
        let kind = match chars.next()? {
            'E' => IdKind::Element,
            'T' => IdKind::Threat,
            'D' => IdKind::Decision,
            'A' => IdKind::Assumption,
            _ => return None,
        };
        let digits = chars.as_str();
        if digits.is_empty()
            || digits.starts_with('0')
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some((kind, digits.parse().ok()?))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Self {
        Id(text.to_owned())
    }
}

/// The last number issued per ID kind. Kept in the file so that IDs survive deletions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counters {
    /// Last element number issued.
    #[serde(default)]
    pub elements: u32,
    /// Last threat number issued.
    #[serde(default)]
    pub threats: u32,
    /// Last decision number issued.
    #[serde(default)]
    pub decisions: u32,
    /// Last assumption number issued.
    #[serde(default)]
    pub assumptions: u32,
}

impl Counters {
    /// The last number issued for `kind`.
    pub fn last(&self, kind: IdKind) -> u32 {
        match kind {
            IdKind::Element => self.elements,
            IdKind::Threat => self.threats,
            IdKind::Decision => self.decisions,
            IdKind::Assumption => self.assumptions,
        }
    }

    /// Issues the next ID of `kind`. Validation caps counters far below `u32::MAX`, so the
    /// saturating add never actually saturates in a valid session.
    pub fn issue(&mut self, kind: IdKind) -> Id {
        let slot = match kind {
            IdKind::Element => &mut self.elements,
            IdKind::Threat => &mut self.threats,
            IdKind::Decision => &mut self.decisions,
            IdKind::Assumption => &mut self.assumptions,
        };
        *slot = slot.saturating_add(1);
        Id::new(kind, *slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_when_well_formed() {
        assert_eq!(Id::from("T12").parse(), Some((IdKind::Threat, 12)));
        assert_eq!(Id::from("A1").parse(), Some((IdKind::Assumption, 1)));
        for bad in [
            "",
            "T",
            "T0",
            "T01",
            "X1",
            "t1",
            "T1a",
            "E-1",
            "T99999999999",
        ] {
            assert_eq!(Id::from(bad).parse(), None, "{bad:?}");
        }
    }

    #[test]
    fn counters_never_reissue() {
        let mut counters = Counters::default();
        assert_eq!(counters.issue(IdKind::Threat), Id::from("T1"));
        assert_eq!(counters.issue(IdKind::Threat), Id::from("T2"));
        assert_eq!(counters.issue(IdKind::Element), Id::from("E1"));
        assert_eq!(counters.last(IdKind::Threat), 2);
    }
}
