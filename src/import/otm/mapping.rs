//! The OTM words threatbench reads, as pure functions: a component's `type` as an element
//! kind, OTM's free-text `categories` as STRIDE, a threat placed in a live cell of its
//! element (moved to the nearest one, [`nearest`], when its own does not apply), and
//! `riskReduction` as a residual rating.

use crate::import::common::nearest;
use crate::model::{Category, ElementKind};

/// Words in a component's type (split at `-`, `_`, `.`, blanks) that make it a data store
/// that holds logs, so that Repudiation applies to it.
const LOG_WORDS: [&str; 8] = [
    "log",
    "logs",
    "logging",
    "audit",
    "siem",
    "syslog",
    "cloudwatch",
    "splunk",
];

/// Words that make it a third-party component.
const THIRD_PARTY_WORDS: [&str; 6] = ["third", "3rd", "saas", "library", "lib", "dependency"];

/// Words that make it a data store (and any word ending in `db` or `sql`: `mongodb`,
/// `postgresql`).
const STORE_WORDS: [&str; 22] = [
    "database",
    "db",
    "store",
    "storage",
    "datastore",
    "bucket",
    "s3",
    "blob",
    "cache",
    "redis",
    "memcached",
    "queue",
    "sqs",
    "sns",
    "kafka",
    "topic",
    "filesystem",
    "file",
    "disk",
    "volume",
    "elasticsearch",
    "warehouse",
];

/// Words that make it an external entity: someone or something outside the system.
const ENTITY_WORDS: [&str; 14] = [
    "client",
    "browser",
    "user",
    "users",
    "actor",
    "person",
    "human",
    "customer",
    "device",
    "terminal",
    "mobile",
    "external",
    "partner",
    "smartphone",
];

/// How a component's type was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindOf {
    /// The kind it becomes.
    pub kind: ElementKind,
    /// Whether no word of the type said so, and it is a process by default.
    pub by_default: bool,
}

/// The element kind of an OTM component `type` (IriusRisk's `web-client`, `database`,
/// `CD-MSG-BROKER`, ...), by the words in it, checked in this order: logs, third party,
/// data store, external entity; anything else is code we run, a process.
pub fn kind_of(otm_type: &str) -> KindOf {
    let lower = otm_type.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let kind = if has(&LOG_WORDS) {
        ElementKind::DataStore { holds_logs: true }
    } else if has(&THIRD_PARTY_WORDS) {
        ElementKind::ThirdParty {
            supplier: String::new(),
            version: None,
            purl: None,
        }
    } else if has(&STORE_WORDS)
        || words
            .iter()
            .any(|w| w.len() > 2 && (w.ends_with("db") || w.ends_with("sql")))
    {
        ElementKind::DataStore { holds_logs: false }
    } else if has(&ENTITY_WORDS) {
        ElementKind::ExternalEntity
    } else {
        return KindOf {
            kind: ElementKind::Process,
            by_default: true,
        };
    };
    KindOf {
        kind,
        by_default: false,
    }
}

/// The STRIDE category an OTM category names, in any case and spelling of the usual ones
/// ("Information Disclosure", "information-disclosure", "DoS", "EoP"); `None` for the
/// categories of other methods ("Injection", "LINDDUN linkability").
pub fn category(name: &str) -> Option<Category> {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    Some(match key.as_str() {
        "s" | "spoofing" | "spoof" | "spoofingidentity" => Category::Spoofing,
        "t" | "tampering" | "tamper" | "tamperingwithdata" => Category::Tampering,
        "r" | "repudiation" | "nonrepudiation" => Category::Repudiation,
        "i"
        | "informationdisclosure"
        | "infodisclosure"
        | "disclosure"
        | "disclosureofinformation" => Category::InformationDisclosure,
        "d" | "dos" | "denialofservice" => Category::DenialOfService,
        "e" | "eop" | "elevationofprivilege" | "elevationofprivileges" | "privilegeescalation" => {
            Category::ElevationOfPrivilege
        }
        _ => return None,
    })
}

/// How a threat's categories were placed on its element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Its first STRIDE category applies to the element.
    Exact(Category),
    /// It names several; the first that applies was taken, `others` kept in the notes.
    FirstOfSeveral {
        /// The one taken.
        taken: Category,
        /// The other STRIDE categories it named.
        others: Vec<Category>,
    },
    /// None of its categories applies: moved from the first to the nearest live one.
    Moved {
        /// The category it named.
        from: Category,
        /// Where it went.
        to: Category,
    },
    /// It names no STRIDE category: put under the element's first live one.
    NoStride(Category),
}

impl Placement {
    /// The category the threat is recorded under.
    pub fn category(&self) -> Category {
        match self {
            Placement::Exact(c) | Placement::NoStride(c) => *c,
            Placement::FirstOfSeveral { taken, .. } => *taken,
            Placement::Moved { to, .. } => *to,
        }
    }
}

/// Where a threat naming `categories` (STRIDE ones, in the file's order) goes on an element
/// of `kind`; `None` only for a trust boundary, which has no cells.
pub fn place(categories: &[Category], kind: &ElementKind) -> Option<Placement> {
    let live = kind.live_categories();
    let first_live = live.iter().next()?;
    let Some(first) = categories.first() else {
        return Some(Placement::NoStride(first_live));
    };
    let taken = categories.iter().find(|c| live.contains(**c));
    Some(match taken {
        Some(taken) if categories.len() == 1 => Placement::Exact(*taken),
        Some(taken) => Placement::FirstOfSeveral {
            taken: *taken,
            others: categories.iter().filter(|c| *c != taken).copied().collect(),
        },
        None => Placement::Moved {
            from: *first,
            to: nearest(*first, live).unwrap_or(first_live),
        },
    })
}

/// The residual likelihood of a threat rated `likelihood` once controls taking away
/// `reduction` percent of its risk (the sum of the implemented mitigations'
/// `riskReduction`, as IriusRisk adds them) are in place: the likelihood scaled down,
/// rounded up so as not to understate the risk, never below 1. `None` when nothing is taken
/// away.
pub fn residual_likelihood(likelihood: u8, reduction: f64) -> Option<u8> {
    if reduction.is_nan() || reduction <= 0.0 {
        return None;
    }
    let remaining = 1.0 - reduction.min(100.0) / 100.0;
    let scaled = (f64::from(likelihood) * remaining).ceil();
    // `scaled` lies between 0 and `likelihood` (at most 5).
    Some((scaled as u8).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    fn flow() -> ElementKind {
        ElementKind::DataFlow {
            from: "E1".into(),
            to: "E2".into(),
            data: String::new(),
        }
    }

    #[test]
    fn component_types_become_kinds() {
        let tag = |t: &str| kind_of(t).kind.tag().label();
        assert_eq!(tag("web-client"), "external entity");
        assert_eq!(tag("android-device-client"), "external entity");
        assert_eq!(tag("database"), "data store");
        assert_eq!(tag("mongodb"), "data store");
        assert_eq!(tag("CD-POSTGRESQL"), "data store");
        assert_eq!(tag("aws-s3"), "data store");
        assert_eq!(tag("third-party-service"), "third-party component");
        assert_eq!(tag("saas"), "third-party component");
        assert_eq!(
            kind_of("log-store").kind,
            ElementKind::DataStore { holds_logs: true }
        );
        assert_eq!(
            kind_of("aws-cloudwatch").kind,
            ElementKind::DataStore { holds_logs: true }
        );
        assert!(kind_of("web-service").by_default);
        assert!(kind_of("code-class").by_default);
        assert!(kind_of("").by_default);
        assert!(!kind_of("generic-client").by_default);
        assert_eq!(tag("profile-service"), "process", "`profile` is not `file`");
    }

    #[test]
    fn what_threatbench_writes_reads_back_as_the_same_kind() {
        for kind in [
            ElementKind::ExternalEntity,
            ElementKind::Process,
            ElementKind::DataStore { holds_logs: false },
            ElementKind::DataStore { holds_logs: true },
        ] {
            let written = crate::export::otm::component_type(&kind).unwrap();
            assert_eq!(kind_of(written).kind, kind, "{written}");
        }
        let third = ElementKind::ThirdParty {
            supplier: String::new(),
            version: None,
            purl: None,
        };
        let written = crate::export::otm::component_type(&third).unwrap();
        assert_eq!(kind_of(written).kind, third);
    }

    #[test]
    fn categories_in_any_spelling() {
        assert_eq!(category("Spoofing"), Some(Spoofing));
        assert_eq!(
            category("information-disclosure"),
            Some(InformationDisclosure)
        );
        assert_eq!(
            category("Information Disclosure"),
            Some(InformationDisclosure)
        );
        assert_eq!(category("DoS"), Some(DenialOfService));
        assert_eq!(
            category("Elevation of Privilege"),
            Some(ElevationOfPrivilege)
        );
        assert_eq!(category("Injection"), None);
        for c in Category::ALL {
            assert_eq!(category(crate::export::otm::category_name(c)), Some(c));
            assert_eq!(category(c.name()), Some(c));
        }
    }

    #[test]
    fn threats_go_to_a_live_cell() {
        let process = ElementKind::Process;
        assert_eq!(
            place(&[Spoofing], &process),
            Some(Placement::Exact(Spoofing))
        );
        assert_eq!(
            place(&[Spoofing, Tampering], &flow()),
            Some(Placement::FirstOfSeveral {
                taken: Tampering,
                others: vec![Spoofing]
            })
        );
        assert_eq!(
            place(&[Spoofing], &flow()),
            Some(Placement::Moved {
                from: Spoofing,
                to: Tampering
            })
        );
        assert_eq!(
            place(&[ElevationOfPrivilege], &ElementKind::ExternalEntity),
            Some(Placement::Moved {
                from: ElevationOfPrivilege,
                to: Spoofing
            })
        );
        let logs = ElementKind::DataStore { holds_logs: true };
        assert_eq!(
            place(&[Repudiation], &logs),
            Some(Placement::Exact(Repudiation))
        );
        assert_eq!(place(&[], &flow()), Some(Placement::NoStride(Tampering)));
        let boundary = ElementKind::TrustBoundary { members: vec![] };
        assert_eq!(place(&[Spoofing], &boundary), None);
        for kind in [flow(), ElementKind::ExternalEntity, logs, process] {
            for c in Category::ALL {
                let placed = place(&[c], &kind).unwrap().category();
                assert!(kind.live_categories().contains(placed));
            }
        }
    }

    #[test]
    fn risk_reduction_lowers_the_likelihood() {
        assert_eq!(residual_likelihood(3, 50.0), Some(2));
        assert_eq!(residual_likelihood(5, 100.0), Some(1));
        assert_eq!(residual_likelihood(5, 250.0), Some(1));
        assert_eq!(residual_likelihood(4, 10.0), Some(4));
        assert_eq!(residual_likelihood(4, 0.0), None);
        assert_eq!(residual_likelihood(4, -5.0), None);
        assert_eq!(residual_likelihood(4, f64::NAN), None);
    }
}
