//! Speed of the store on a large session (200 elements, 2,000 threats, 500 decisions):
//! serialize, parse and validate, a full checked save, coverage, and the export. Targets: a save well
//! under the 1 s autosave debounce, coverage fast enough to run on every key.
//!
//! Run with `cargo bench --bench store`.

use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use threatbench::model::{
    Agenda, Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Grammar,
    IdKind, Phase, Session, Threat,
};
use threatbench::store::{self, SessionFile};

fn large_session() -> Session {
    let agenda = Agenda {
        quick: false,
        phases: Phase::ALL.iter().map(|p| (*p, 15)).collect(),
    };
    let mut s = Session::new("Large", agenda, Utc::now());
    for n in 0..200 {
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
    for n in 0..2_000 {
        let id = s.issue_id(IdKind::Threat);
        let element = s.elements[n % 200].id.clone();
        s.threats.push(Threat {
            id,
            element,
            category: Category::ALL[n % 6],
            title: format!("threat number {n} with a realistic title"),
            grammar: Grammar {
                source: "an external attacker".into(),
                action: "replay a captured request".into(),
                impact: "a second payout".into(),
                ..Grammar::default()
            },
            likelihood: Some((n % 5 + 1) as u8),
            impact: Some(((n / 5) % 5 + 1) as u8),
            notes: String::new(),
        });
    }
    for n in 0..500 {
        let id = s.issue_id(IdKind::Decision);
        let threats = vec![s.threats[n * 2].id.clone(), s.threats[n * 2 + 1].id.clone()];
        s.decisions.push(Decision {
            id,
            kind: DecisionKind::Mitigate,
            threats,
            summary: "add a check".into(),
            rationale: String::new(),
            owner: Some("Bo".into()),
            ticket: None,
            status: DecisionStatus::Open,
            review_by: None,
        });
    }
    s
}

fn bench(c: &mut Criterion) {
    let session = large_session();
    let text = store::to_ron(&session).unwrap();
    eprintln!("large session: {} bytes of RON", text.len());
    c.bench_function("serialize 2k threats", |b| {
        b.iter(|| store::to_ron(black_box(&session)).unwrap())
    });
    c.bench_function("parse + validate 2k threats", |b| {
        b.iter(|| {
            store::from_bytes(std::path::Path::new("x.ron"), black_box(text.as_bytes())).unwrap()
        })
    });
    let dir = tempfile::tempdir().unwrap();
    let file = SessionFile::create(dir.path(), &session).unwrap();
    c.bench_function("checked atomic save 2k threats", |b| {
        b.iter(|| file.save(black_box(&session)).unwrap())
    });
    let context = threatbench::export::Context::of(
        &session,
        threatbench::export::Source {
            path: "large.ron".into(),
            sha256: "0".repeat(64),
        },
    );
    for flavour in [
        threatbench::export::Flavour::Github,
        threatbench::export::Flavour::Jira,
    ] {
        c.bench_function(
            &format!("export {flavour} 2k threats (split into parts)"),
            |b| b.iter(|| threatbench::export::render(black_box(&context), flavour)),
        );
    }
    c.bench_function("coverage 2k threats", |b| {
        b.iter(|| black_box(&session).coverage())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
