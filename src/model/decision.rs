//! Decisions: what the team will do about one or more threats.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::requirement::Requirement;

/// A response to one or several threats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Stable ID, `D<n>`.
    pub id: Id,
    /// Mitigate, avoid, transfer or accept.
    pub kind: DecisionKind,
    /// The threats this decision answers; at least one.
    pub threats: Vec<Id>,
    /// What will be done, in one line.
    pub summary: String,
    /// Why this response and not another.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// Who carries it out (or, for an accepted risk, who owns the risk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Where the work is tracked, e.g. `PAY-150`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// How far the work has come.
    #[serde(default)]
    pub status: DecisionStatus,
    /// For an accepted risk: when to look at it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<NaiveDate>,
    /// The essential requirements of CRA Annex I Part I this decision serves, when the team
    /// says so; the report otherwise suggests them from the threats' categories. Format 3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
}

/// The four responses to a threat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionKind {
    /// Reduce the likelihood or impact with a control.
    Mitigate,
    /// Remove the feature or component that causes the threat.
    Avoid,
    /// Make another party responsible: a supplier, a platform, the customer.
    Transfer,
    /// Live with it, on record, with an owner and a review date.
    Accept,
}

impl DecisionKind {
    /// All four, in the order forms offer them.
    pub const ALL: [DecisionKind; 4] = [
        DecisionKind::Mitigate,
        DecisionKind::Avoid,
        DecisionKind::Transfer,
        DecisionKind::Accept,
    ];

    /// The kind in words.
    pub fn name(self) -> &'static str {
        match self {
            DecisionKind::Mitigate => "mitigate",
            DecisionKind::Avoid => "avoid",
            DecisionKind::Transfer => "transfer",
            DecisionKind::Accept => "accept",
        }
    }
}

/// How far the work of a decision has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionStatus {
    /// Decided, not started.
    #[default]
    Open,
    /// Work under way.
    InProgress,
    /// Done (or, for an accepted risk, signed off).
    Done,
}

impl DecisionStatus {
    /// All three, in the order forms offer them.
    pub const ALL: [DecisionStatus; 3] = [
        DecisionStatus::Open,
        DecisionStatus::InProgress,
        DecisionStatus::Done,
    ];

    /// The status in words.
    pub fn name(self) -> &'static str {
        match self {
            DecisionStatus::Open => "open",
            DecisionStatus::InProgress => "in progress",
            DecisionStatus::Done => "done",
        }
    }
}
