//! Speed of `threatbench check` over many files: 1,000 session files of 100 threats each
//! (100,000 threats), judged with every rule, against loading the same files. The check
//! reads on every core; loading is measured on one core and on every core, so that the
//! cost of the rules and of placing findings shows apart from the cost of reading.
//!
//! Run with `cargo bench --bench check`.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use threatbench::check::{self, Setup};
use threatbench::store;

/// `count` session files of 100 threats each, half of them decided, in a new folder.
fn corpus(count: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let session = common::large_session(20, 100, 25);
    let text = store::to_ron(&session).unwrap();
    let files: Vec<PathBuf> = (0..count)
        .map(|n| {
            let path = dir.path().join(format!("session-{n:04}.ron"));
            std::fs::write(&path, &text).unwrap();
            path
        })
        .collect();
    (dir, files)
}

fn bench(c: &mut Criterion) {
    let (dir, files) = corpus(1_000);
    let setup = Setup {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        policy: check::Policy::default(),
        root: dir.path().to_owned(),
    };
    let outcome = check::run(&files, &setup);
    eprintln!(
        "1,000 files of 100 threats: {} ({} threads)",
        outcome.summary(),
        rayon::current_num_threads()
    );
    let mut group = c.benchmark_group("1,000 files of 100 threats");
    group.sample_size(10);
    group.bench_function("load, one core", |b| {
        b.iter(|| {
            for f in &files {
                black_box(store::load(f).unwrap());
            }
        })
    });
    group.bench_function("load, every core", |b| {
        b.iter(|| {
            files.par_iter().for_each(|f| {
                black_box(store::load(f).unwrap());
            })
        })
    });
    group.bench_function("check (find files, load, judge, place), every core", |b| {
        b.iter(|| {
            let found = check::session_files(&[dir.path().to_owned()], None);
            black_box(check::run(&found, &setup))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
