//! Speed of the store on a large session (200 elements, 2,000 threats, 500 decisions):
//! serialize, parse and validate, a full checked save, coverage, and the export; and load
//! and validate at 100 / 1,000 / 10,000 threats. Targets: a save well under the 1 s
//! autosave debounce, coverage fast enough to run on every key.
//!
//! The save at 10,000 threats (`checked atomic save 10k threats`) is the autosave of issue
//! 14: target ≤ 30 ms (it runs on the runtime's writer thread, never on the input thread).
//!
//! Run with `cargo bench --bench store`; `-- load` for loading, `-- parse` for ron against
//! the fast reader alone.

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use threatbench::store::{self, SessionFile};

fn bench(c: &mut Criterion) {
    let session = common::large_session(200, 2_000, 500);
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
    let mut file = SessionFile::create(dir.path(), &session).unwrap();
    c.bench_function("checked atomic save 2k threats", |b| {
        b.iter(|| file.save(black_box(&session)).unwrap())
    });
    let context = threatbench::export::Context::of(
        &session,
        threatbench::export::Source {
            path: "large.ron".into(),
            sha256: "0".repeat(64),
        },
        session.updated.date_naive(),
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
    let huge = common::large_session(1_000, 10_000, 3_000);
    let mut huge_file = SessionFile::create(dir.path(), &huge).unwrap();
    // What the input thread still pays for a save: the snapshot handed to the writer.
    c.bench_function("snapshot clone 10k threats", |b| {
        b.iter(|| black_box(&huge).clone())
    });
    c.bench_function("encode checked 10k threats", |b| {
        b.iter(|| store::encode_checked(black_box(&huge)).unwrap())
    });
    // The check a save made before issue 14, for the before → after figure.
    c.bench_function("encode checked + parse back 10k threats (before)", |b| {
        b.iter(|| {
            let text = store::encode_checked(black_box(&huge)).unwrap();
            let back = store::from_bytes(std::path::Path::new("x.ron"), text.as_bytes()).unwrap();
            assert!(back == huge);
        })
    });
    c.bench_function("checked atomic save 10k threats", |b| {
        b.iter(|| huge_file.save(black_box(&huge)).unwrap())
    });
    // Load (read, parse, validate) and validate alone, at 100, 1,000 and 10,000 threats in
    // the proportions of `large-N.ron`. Target (issue 14): validate of 10,000 threats ≤ 30 ms.
    let mut group = c.benchmark_group("load");
    for threats in [100, 1_000, 10_000] {
        let session = common::large_session(threats / 10, threats, threats * 3 / 10);
        let path = dir.path().join(format!("large-{threats}.ron"));
        std::fs::write(&path, store::to_ron(&session).unwrap()).unwrap();
        group.bench_with_input(
            criterion::BenchmarkId::new("read + parse + validate", threats),
            &path,
            |b, path| b.iter(|| store::load(black_box(path)).unwrap()),
        );
        group.bench_with_input(
            criterion::BenchmarkId::new("validate", threats),
            &session,
            |b, session| b.iter(|| threatbench::model::validate(black_box(session))),
        );
    }
    group.finish();
    // Parsing alone, ron against the fast reader that loads try first, on the same text.
    let mut group = c.benchmark_group("parse");
    for threats in [1_000, 10_000] {
        let session = common::large_session(threats / 10, threats, threats * 3 / 10);
        let text = store::to_ron(&session).unwrap();
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        group.bench_with_input(
            criterion::BenchmarkId::new("ron", threats),
            &text,
            |b, text| {
                b.iter(|| {
                    options
                        .from_str::<threatbench::model::Session>(black_box(text))
                        .unwrap()
                })
            },
        );
        group.bench_with_input(
            criterion::BenchmarkId::new("fast reader", threats),
            &text,
            |b, text| b.iter(|| store::fast_read(black_box(text)).unwrap()),
        );
    }
    group.finish();
    c.bench_function("coverage 2k threats", |b| {
        b.iter(|| black_box(&session).coverage())
    });
}

/// The save at 10,000 threats, part by part: ron's serializer against the fast writer that
/// replaced it (the same bytes), the SHA-256 a save keeps of what it wrote, and the whole
/// checked atomic save again, last, for a figure taken next to its parts.
fn save_parts(c: &mut Criterion) {
    let huge = common::large_session(1_000, 10_000, 3_000);
    let text = store::to_ron(&huge).unwrap();
    assert_eq!(text, store::to_ron_by_ron(&huge).unwrap());
    let mut group = c.benchmark_group("save 10k");
    group.bench_function("to_ron by ron (before)", |b| {
        b.iter(|| store::to_ron_by_ron(black_box(&huge)).unwrap())
    });
    group.bench_function("to_ron", |b| {
        b.iter(|| store::to_ron(black_box(&huge)).unwrap())
    });
    group.bench_function("validate", |b| {
        b.iter(|| threatbench::model::validate(black_box(&huge)))
    });
    group.bench_function("sha256 of the text", |b| {
        b.iter(|| store::sha256_hex(black_box(text.as_bytes())))
    });
    let dir = tempfile::tempdir().unwrap();
    // The disk's part: write, fsync, read back, keep the backup, rename, fsync the folder.
    let target = dir.path().join("replace.ron");
    group.bench_function("atomic replace", |b| {
        b.iter(|| store::atomic::replace(&target, black_box(text.as_bytes())).unwrap())
    });
    let mut file = SessionFile::create(dir.path(), &huge).unwrap();
    group.bench_function("checked atomic save", |b| {
        b.iter(|| file.save(black_box(&huge)).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench, save_parts
}
criterion_main!(benches);
