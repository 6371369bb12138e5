//! The sessions the benchmarks measure, built by one generator.
//!
//! - [`large_session`]: `elements` processes and stores, `threats` threats spread over them
//!   with grammar, ratings and (every third) long multi-line Unicode notes, `decisions`
//!   decisions answering two threats each, and a "nothing found" mark on each store's
//!   spoofing-free cells that has no threat.
//! - [`flows_shape`], [`nothing_found_shape`] and [`wide_shape`]: the valid but large
//!   shapes of issue 14 (many flows crossing one big boundary, many "nothing found" marks,
//!   many elements and threats).

use chrono::Utc;
use threatbench::model::{
    Agenda, Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Grammar,
    IdKind, NothingFound, Phase, Session, Threat,
};

/// Notes of several lines with text from outside ASCII, as teams write them.
const LONG_NOTES: &str = "Seen in the 2025 incident: the retry loop replays the request.\n\
    Grüße from the Zürich team — the ledger (元帳) keeps the first write only.\n\
    « Vérifier » the idempotency key on every hop; see the runbook.";

/// A session of the given size.
pub fn large_session(elements: usize, threats: usize, decisions: usize) -> Session {
    let agenda = Agenda {
        quick: false,
        phases: Phase::ALL.iter().map(|p| (*p, 15)).collect(),
    };
    let mut s = Session::new("Large", agenda, Utc::now());
    for n in 0..elements {
        let id = s.issue_id(IdKind::Element);
        let kind = if n % 2 == 0 {
            ElementKind::Process
        } else {
            ElementKind::DataStore {
                holds_logs: n % 3 == 0,
            }
        };
        s.elements.push(Element {
            id,
            kind,
            name: format!("element {n}"),
            notes: "notes\nover two lines".into(),
        });
    }
    for n in 0..threats {
        let id = s.issue_id(IdKind::Threat);
        let element = &s.elements[n % elements];
        // Spread over the cells that apply to the element (every one, for a process).
        let live: Vec<Category> = element.kind.live_categories().iter().collect();
        let category = live[(n / elements) % live.len()];
        let element = element.id.clone();
        s.threats.push(Threat {
            id,
            element,
            category,
            title: format!("threat number {n} with a realistic title"),
            grammar: Grammar {
                source: "an external attacker".into(),
                action: "replay a captured request".into(),
                impact: "a second payout".into(),
                ..Grammar::default()
            },
            likelihood: Some((n % 5 + 1) as u8),
            impact: Some(((n / 5) % 5 + 1) as u8),
            residual_likelihood: (n % 3 == 0).then_some(1),
            residual_impact: (n % 3 == 0).then_some(2),
            references: if n % 4 == 0 {
                vec![threatbench::model::Reference {
                    catalog: threatbench::model::Catalog::Cwe,
                    number: 79,
                }]
            } else {
                Vec::new()
            },
            notes: if n % 3 == 0 {
                LONG_NOTES.into()
            } else {
                String::new()
            },
        });
    }
    mark_empty_cells(&mut s);
    for n in 0..decisions.min(threats / 2) {
        let id = s.issue_id(IdKind::Decision);
        let answered = vec![s.threats[n * 2].id.clone(), s.threats[n * 2 + 1].id.clone()];
        s.decisions.push(Decision {
            id,
            kind: DecisionKind::Mitigate,
            threats: answered,
            summary: "add a check".into(),
            rationale: String::new(),
            owner: Some("Bo".into()),
            ticket: None,
            status: DecisionStatus::Open,
            review_by: None,
            requirements: Vec::new(),
        });
    }
    s
}

/// A session of one team among many, for the register: [`large_session`] with every fifth
/// element a third-party component (packages and suppliers shared across teams), decisions
/// owned by one of a few people with every status, every fourth an accepted risk with a
/// review date, and a last update that varies by `team`.
#[allow(dead_code)]
pub fn team_session(team: usize, elements: usize, threats: usize, decisions: usize) -> Session {
    use chrono::{Days, TimeZone};
    const OWNERS: [&str; 6] = ["Ana", "Bo", "Chen", "Dara", "Eli", "Femi"];
    const PACKAGES: [(&str, &str); 4] = [
        ("serde", "serde-rs"),
        ("tokio", "Tokio"),
        ("stripe", "Stripe, Inc."),
        ("openssl", "OpenSSL"),
    ];
    let mut s = large_session(elements, threats, decisions);
    s.title = format!("Team {team}");
    for (n, e) in s.elements.iter_mut().enumerate() {
        // Only processes become components: the same STRIDE cells apply to both.
        if n % 10 == 0 {
            let (name, supplier) = PACKAGES[(team + n / 10) % PACKAGES.len()];
            e.name = name.into();
            e.kind = ElementKind::ThirdParty {
                supplier: supplier.into(),
                version: Some(format!("1.{}", team % 7)),
                purl: Some(format!("pkg:cargo/{name}@1.{}", team % 7)),
            };
        }
    }
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    for (n, d) in s.decisions.iter_mut().enumerate() {
        d.owner = Some(OWNERS[(team + n) % OWNERS.len()].into());
        d.status = DecisionStatus::ALL[n % 3];
        if n % 4 == 3 {
            d.kind = DecisionKind::Accept;
            d.review_by = base
                .date_naive()
                .checked_add_days(Days::new(((team * 7 + n * 13) % 500) as u64));
        }
    }
    s.updated = base + chrono::Duration::days((team % 400) as i64);
    s.created = base;
    s
}

/// Marks every cell of every element that has no threat "considered, nothing found".
fn mark_empty_cells(s: &mut Session) {
    let with_threat: std::collections::HashSet<(&str, Category)> = s
        .threats
        .iter()
        .map(|t| (t.element.as_str(), t.category))
        .collect();
    let mut marks = Vec::new();
    for e in &s.elements {
        for category in e.kind.live_categories().iter() {
            if !with_threat.contains(&(e.id.as_str(), category)) {
                marks.push(NothingFound {
                    element: e.id.clone(),
                    category,
                    note: "checked with the team".into(),
                });
            }
        }
    }
    s.considered.extend(marks);
}

/// Many flows crossing one big boundary: `members` processes inside one trust boundary, one
/// external entity outside it, and `flows` data flows, alternately from the entity into a
/// process (crossing the boundary) and from one process to the next (inside it), with
/// `threats` threats spread over the processes and flows and half of them decided.
#[allow(dead_code)]
pub fn flows_shape(members: usize, flows: usize, threats: usize) -> Session {
    let mut s = large_session(0, 0, 0);
    s.title = "Flows".into();
    let outside = s.issue_id(IdKind::Element);
    s.elements.push(Element {
        id: outside.clone(),
        kind: ElementKind::ExternalEntity,
        name: "customer".into(),
        notes: String::new(),
    });
    let mut inside = Vec::with_capacity(members);
    for n in 0..members {
        let id = s.issue_id(IdKind::Element);
        s.elements.push(Element {
            id: id.clone(),
            kind: ElementKind::Process,
            name: format!("s{n}"),
            notes: String::new(),
        });
        inside.push(id);
    }
    for n in 0..flows {
        let id = s.issue_id(IdKind::Element);
        let (from, to) = if n % 2 == 0 {
            (outside.clone(), inside[n % members].clone())
        } else {
            (
                inside[n % members].clone(),
                inside[(n + 1) % members].clone(),
            )
        };
        s.elements.push(Element {
            id,
            kind: ElementKind::DataFlow {
                from,
                to,
                data: String::new(),
            },
            name: format!("f{n}"),
            notes: String::new(),
        });
    }
    let id = s.issue_id(IdKind::Element);
    s.elements.push(Element {
        id,
        kind: ElementKind::TrustBoundary { members: inside },
        name: "cluster".into(),
        notes: String::new(),
    });
    let targets: Vec<(threatbench::model::Id, Vec<Category>)> = s
        .elements
        .iter()
        .filter(|e| matches!(e.kind, ElementKind::Process | ElementKind::DataFlow { .. }))
        .map(|e| (e.id.clone(), e.kind.live_categories().iter().collect()))
        .collect();
    for n in 0..threats {
        let (element, live) = &targets[n % targets.len()];
        let category = live[(n / targets.len()) % live.len()];
        let id = s.issue_id(IdKind::Threat);
        s.threats.push(Threat {
            id,
            element: element.clone(),
            category,
            title: format!("t{n}"),
            grammar: Grammar::default(),
            likelihood: Some((n % 5 + 1) as u8),
            impact: Some(((n / 5) % 5 + 1) as u8),
            residual_likelihood: None,
            residual_impact: None,
            references: Vec::new(),
            notes: String::new(),
        });
    }
    for n in 0..threats / 2 {
        let id = s.issue_id(IdKind::Decision);
        let answered = vec![s.threats[n].id.clone()];
        s.decisions.push(Decision {
            id,
            kind: DecisionKind::Mitigate,
            threats: answered,
            summary: "validate at the edge".into(),
            rationale: String::new(),
            owner: Some("Ana".into()),
            ticket: None,
            status: DecisionStatus::Open,
            review_by: None,
            requirements: Vec::new(),
        });
    }
    s
}

/// Many "nothing found" marks: `elements` processes, each of whose six STRIDE cells is
/// marked considered with nothing found (six marks per element), and no threats.
#[allow(dead_code)]
pub fn nothing_found_shape(elements: usize) -> Session {
    let mut s = large_session(elements, 0, 0);
    s.title = "Nothing found".into();
    for e in &mut s.elements {
        e.kind = ElementKind::Process;
    }
    s.considered.clear();
    mark_empty_cells(&mut s);
    s
}

/// Many elements and threats, kept lean so the file stays under the 16 MiB a session file
/// may have: `elements` processes and `threats` threats with short titles, every fifth
/// rated, and a decision for every tenth threat.
#[allow(dead_code)]
pub fn wide_shape(elements: usize, threats: usize) -> Session {
    let mut s = large_session(elements, 0, 0);
    s.title = "Wide".into();
    s.considered.clear();
    for e in &mut s.elements {
        e.kind = ElementKind::Process;
        e.notes.clear();
    }
    for n in 0..threats {
        let id = s.issue_id(IdKind::Threat);
        let element = s.elements[n % elements].id.clone();
        let rated = n % 5 == 0;
        s.threats.push(Threat {
            id,
            element,
            category: Category::ALL[(n / elements) % Category::ALL.len()],
            title: format!("t{n}"),
            grammar: Grammar::default(),
            likelihood: rated.then_some((n % 5 + 1) as u8),
            impact: rated.then_some(3),
            residual_likelihood: None,
            residual_impact: None,
            references: Vec::new(),
            notes: String::new(),
        });
    }
    for n in (0..threats).step_by(10) {
        let id = s.issue_id(IdKind::Decision);
        let answered = vec![s.threats[n].id.clone()];
        s.decisions.push(Decision {
            id,
            kind: DecisionKind::Mitigate,
            threats: answered,
            summary: "fix".into(),
            rationale: String::new(),
            owner: None,
            ticket: None,
            status: DecisionStatus::Open,
            review_by: None,
            requirements: Vec::new(),
        });
    }
    s
}
