//! The large session both benchmarks measure: `elements` processes and stores, `threats`
//! threats spread over them with grammar and ratings, and `decisions` decisions answering
//! two threats each.

use chrono::Utc;
use threatbench::model::{
    Agenda, Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Grammar,
    IdKind, Phase, Session, Threat,
};

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
            notes: String::new(),
        });
    }
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
