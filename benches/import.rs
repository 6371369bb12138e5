//! Speed of `threatbench import sbom`: a CycloneDX BOM of 1,000 components (the root
//! depending on all of them) read and imported into a new session, imported again into its
//! own result (every component matched, nothing added), and a newer BOM with every version
//! bumped imported over it (every component updated).
//!
//! Run with `cargo bench --bench import`.

use std::hint::black_box;

use chrono::{NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use threatbench::import::{self, Kind, Options};
use threatbench::model::{Agenda, Phase, Session};

/// A BOM of `count` components in version `1.0.<patch>`, all direct dependencies of the root.
fn bom(count: usize, patch: u32) -> Vec<u8> {
    let components: Vec<serde_json::Value> = (0..count)
        .map(|n| {
            serde_json::json!({
                "type": "library",
                "bom-ref": format!("pkg:npm/%40scope{}/package-{n}@1.0.{patch}", n % 10),
                "name": format!("package-{n}"),
                "group": format!("@scope{}", n % 10),
                "version": format!("1.0.{patch}"),
                "description": "A library of the kind an application has hundreds of.",
                "licenses": [{"license": {"id": "MIT"}}],
                "hashes": [{"alg": "SHA-256", "content": "0".repeat(64)}],
                "purl": format!("pkg:npm/%40scope{}/package-{n}@1.0.{patch}", n % 10),
            })
        })
        .collect();
    let refs: Vec<&serde_json::Value> = components.iter().map(|c| &c["bom-ref"]).collect();
    serde_json::to_vec(&serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
        "components": components,
        "dependencies": [{"ref": "app", "dependsOn": refs}],
    }))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let agenda = Agenda {
        quick: false,
        phases: Phase::ALL.iter().map(|p| (*p, 15)).collect(),
    };
    let empty = Session::new("bench", agenda, Utc::now());
    let (first, newer) = (bom(1_000, 0), bom(1_000, 1));
    let run = |bytes: &[u8], into: &Session| {
        let doc = import::parse(bytes).unwrap();
        import::import(Kind::Sbom, &doc, into, today, Options::default()).unwrap()
    };
    let (imported, summary) = run(&first, &empty);
    eprint!("1,000 components:\n{summary}");
    assert_eq!(imported.elements.len(), 1_000);
    let mut group = c.benchmark_group("import sbom, 1,000 components");
    group.sample_size(20);
    group.bench_function("parse and import into a new session", |b| {
        b.iter(|| black_box(run(&first, &empty)))
    });
    group.bench_function("the same BOM again (nothing new)", |b| {
        b.iter(|| black_box(run(&first, &imported)))
    });
    group.bench_function("a newer BOM (every version updated)", |b| {
        b.iter(|| black_box(run(&newer, &imported)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
