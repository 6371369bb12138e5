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
        self.names().label
    }

    /// Plural label: "external entities".
    pub fn plural(self) -> &'static str {
        self.names().plural
    }

    /// The scope list's group heading: "External entities".
    pub fn heading(self) -> &'static str {
        self.names().heading
    }

    /// The name field's placeholder: "a short name, e.g. Customer".
    pub fn example(self) -> &'static str {
        self.names().example
    }

    /// One or two sentences on what belongs in the group, for the scope's side pane.
    pub fn help(self) -> &'static str {
        self.names().help
    }

    /// The stable machine-readable key of exports and templates: "external_entity".
    pub fn key(self) -> &'static str {
        self.names().key
    }

    /// Every name of the kind, in one place: adding a kind means adding one arm here.
    fn names(self) -> &'static KindNames {
        match self {
            KindTag::ExternalEntity => &KindNames {
                label: "external entity",
                plural: "external entities",
                heading: "External entities",
                example: "a short name, e.g. Customer",
                help: "People and systems outside your control that use or feed the system: \
                       customers, partners, admins.",
                key: "external_entity",
            },
            KindTag::Process => &KindNames {
                label: "process",
                plural: "processes",
                heading: "Processes",
                example: "a short name, e.g. Refund API",
                help: "Code you run: services, jobs, functions.",
                key: "process",
            },
            KindTag::DataStore => &KindNames {
                label: "data store",
                plural: "data stores",
                heading: "Data stores",
                example: "a short name, e.g. Refunds DB",
                help: "Data at rest: databases, buckets, queues, caches, logs. Mark stores that \
                       hold logs or audit trails.",
                key: "data_store",
            },
            KindTag::DataFlow => &KindNames {
                label: "data flow",
                plural: "data flows",
                heading: "Data flows",
                example: "a short name, e.g. refund request",
                help: "Data in motion between two elements, with what it carries. Flows that \
                       cross a trust boundary (⇄) matter most.",
                key: "data_flow",
            },
            KindTag::TrustBoundary => &KindNames {
                label: "trust boundary",
                plural: "trust boundaries",
                heading: "Trust boundaries",
                example: "a short name, e.g. Payments VPC",
                help: "Where the level of trust changes: a network edge, a tenant, a privilege \
                       level. Tick what is inside.",
                key: "trust_boundary",
            },
            KindTag::ThirdParty => &KindNames {
                label: "third-party component",
                plural: "third-party components",
                heading: "Third-party components",
                example: "a short name, e.g. Stripe Payments API",
                help: "Libraries, APIs and services someone else builds: supplier, version and \
                       package URL.",
                key: "third_party",
            },
        }
    }
}

/// What a kind is called in each place it is shown.
struct KindNames {
    label: &'static str,
    plural: &'static str,
    heading: &'static str,
    example: &'static str,
    help: &'static str,
    key: &'static str,
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
