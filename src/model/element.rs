//! Elements of the data-flow view: who and what the system is made of.

use serde::{Deserialize, Serialize};

use super::id::Id;

/// One element of the data-flow view, e.g. `E3 refund request (flow Customer → Refund API)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    /// Stable ID, `E<n>`.
    pub id: Id,
    /// What it is and, for kinds that need them, its links and details.
    pub kind: ElementKind,
    /// Short name shown in the grid and the export.
    pub name: String,
    /// Free notes: what it does, how it is deployed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The kinds of element, following data-flow diagram practice plus third-party components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ElementKind {
    /// Someone or something outside our control that talks to the system: a user, a partner.
    ExternalEntity,
    /// Code we run: a service, a job, a function.
    Process,
    /// Data at rest: a database, a bucket, a queue, a log.
    DataStore {
        /// When the store is or holds a log or audit trail, repudiation applies to it.
        #[serde(default)]
        holds_logs: bool,
    },
    /// Data in motion between two elements.
    DataFlow {
        /// The element the data comes from.
        from: Id,
        /// The element the data goes to.
        to: Id,
        /// What data travels, in a few words.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        data: String,
    },
    /// A line where the level of trust changes; its members are inside it.
    TrustBoundary {
        /// The elements inside the boundary.
        #[serde(default)]
        members: Vec<Id>,
    },
    /// A library, API or service someone else builds: treated as a process for STRIDE.
    ThirdParty {
        /// Who builds or runs it.
        supplier: String,
        /// The version in use, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        /// Its package URL (`pkg:cargo/serde@1.0.0`), when it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        purl: Option<String>,
    },
}

/// The kind without its details: what grouping, prompts and the STRIDE matrix key on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KindTag {
    /// See [`ElementKind::ExternalEntity`].
    ExternalEntity,
    /// See [`ElementKind::Process`].
    Process,
    /// See [`ElementKind::DataStore`].
    DataStore,
    /// See [`ElementKind::DataFlow`].
    DataFlow,
    /// See [`ElementKind::TrustBoundary`].
    TrustBoundary,
    /// See [`ElementKind::ThirdParty`].
    ThirdParty,
}

impl KindTag {
    /// Every kind, in the order the scope list shows them.
    pub const ALL: [KindTag; 6] = [
        KindTag::ExternalEntity,
        KindTag::Process,
        KindTag::DataStore,
        KindTag::DataFlow,
        KindTag::TrustBoundary,
        KindTag::ThirdParty,
    ];

    /// Singular label: "external entity".
    pub fn label(self) -> &'static str {
        match self {
            KindTag::ExternalEntity => "external entity",
            KindTag::Process => "process",
            KindTag::DataStore => "data store",
            KindTag::DataFlow => "data flow",
            KindTag::TrustBoundary => "trust boundary",
            KindTag::ThirdParty => "third-party component",
        }
    }
}

impl ElementKind {
    /// The kind without its details.
    pub fn tag(&self) -> KindTag {
        match self {
            ElementKind::ExternalEntity => KindTag::ExternalEntity,
            ElementKind::Process => KindTag::Process,
            ElementKind::DataStore { .. } => KindTag::DataStore,
            ElementKind::DataFlow { .. } => KindTag::DataFlow,
            ElementKind::TrustBoundary { .. } => KindTag::TrustBoundary,
            ElementKind::ThirdParty { .. } => KindTag::ThirdParty,
        }
    }

    /// Whether a flow may start or end here, or a boundary may hold it: the nodes of the
    /// diagram, not the flows and boundaries themselves.
    pub fn is_node(&self) -> bool {
        !matches!(
            self,
            ElementKind::DataFlow { .. } | ElementKind::TrustBoundary { .. }
        )
    }
}

impl Element {
    /// IDs this element refers to, with the field that holds each (for messages).
    pub fn references(&self) -> Vec<(&'static str, &Id)> {
        match &self.kind {
            ElementKind::DataFlow { from, to, .. } => vec![("from", from), ("to", to)],
            ElementKind::TrustBoundary { members } => {
                members.iter().map(|member| ("members", member)).collect()
            }
            _ => Vec::new(),
        }
    }
}
