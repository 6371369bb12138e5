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
