//! Speed of `threatbench list`: 10, 100 and 1,000 session files of 100 threats each (every
//! one a different team), read on every core and reduced to one row each, then the table.
//! The target (issue 14): 1,000 files in at most 0.3 s on two cores.
//!
//! Run with `cargo bench --bench list`.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatbench::cli::list;
use threatbench::store;

/// `count` team sessions of 100 threats each in a new folder, and their paths as `list`
/// finds them.
fn corpus(count: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..count {
        let text = store::to_ron(&common::team_session(n, 20, 100, 25)).unwrap();
        std::fs::write(dir.path().join(format!("team-{n:04}.ron")), text).unwrap();
    }
    let files = store::location::session_files(dir.path()).unwrap();
    (dir, files)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("list");
    group.sample_size(10);
    for count in [10, 100, 1_000] {
        let (dir, files) = corpus(count);
        let (rows, skipped) = list::rows(&files);
        assert_eq!((rows.len(), skipped.len()), (count, 0));
        group.bench_with_input(
            BenchmarkId::new("find, load, rows, table; every core", count),
            &count,
            |b, _| {
                b.iter(|| {
                    let files = store::location::session_files(dir.path()).unwrap();
                    let (rows, _) = list::rows(&files);
                    black_box(list::table(&rows))
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
