//! Speed of `threatbench register` over many files: 500, 1,000 and 2,000 session files of
//! 100 threats each (every one a different team, with shared packages, owners and accepted
//! risks), on every core; and 1,000 files on one thread, to show what the second core gives.
//! The target: 1,000 files in about a second on two cores, and linear (2,000 files at most
//! 2.2 times the time of 1,000).
//!
//! Run with `cargo bench --bench register`; with `REGISTER_CORPUS_DIR=DIR` it writes the
//! 1,000-file corpus to DIR instead, to time the release binary on it.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatbench::check::{self, Setup};
use threatbench::register::{self, Format, format};
use threatbench::store;

/// `count` team sessions of 100 threats each in a new folder.
fn corpus(count: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let files = (0..count)
        .map(|n| {
            let path = dir.path().join(format!("team-{n:04}.ron"));
            let text = store::to_ron(&common::team_session(n, 20, 100, 25)).unwrap();
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    (dir, files)
}

fn setup(root: &Path) -> Setup {
    Setup {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        policy: check::Policy::default(),
        root: root.to_owned(),
    }
}

fn bench(c: &mut Criterion) {
    // To time the release binary on the same corpus: write 1,000 files to a folder and stop.
    if let Some(keep) = std::env::var_os("REGISTER_CORPUS_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        for n in 0..1_000 {
            let text = store::to_ron(&common::team_session(n, 20, 100, 25)).unwrap();
            std::fs::write(Path::new(&keep).join(format!("team-{n:04}.ron")), text).unwrap();
        }
        eprintln!("wrote 1,000 sessions to {}", Path::new(&keep).display());
        return;
    }
    let mut group = c.benchmark_group("register");
    group.sample_size(10);
    for count in [500, 1_000, 2_000] {
        let (dir, _) = corpus(count);
        let setup = setup(dir.path());
        let found = check::session_files(&[dir.path().to_owned()], None);
        let sample = register::build(&found, &setup, None);
        eprintln!(
            "{count} files: {} ({} threads); markdown {} bytes",
            sample.summary(),
            rayon::current_num_threads(),
            format::render(&sample, Format::Markdown).len()
        );
        drop(sample);
        group.bench_with_input(
            BenchmarkId::new("find, load, reduce, rank, patterns; every core", count),
            &count,
            |b, _| {
                b.iter(|| {
                    let found = check::session_files(&[dir.path().to_owned()], None);
                    black_box(register::build(&found, &setup, None))
                })
            },
        );
        if count == 1_000 {
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap();
            group.bench_with_input(
                BenchmarkId::new("find, load, reduce, rank, patterns; one thread", count),
                &count,
                |b, _| {
                    b.iter(|| {
                        one.install(|| {
                            let found = check::session_files(&[dir.path().to_owned()], None);
                            black_box(register::build(&found, &setup, None))
                        })
                    })
                },
            );
            let built = register::build(&found, &setup, None);
            group.bench_function("markdown of 1,000 files", |b| {
                b.iter(|| black_box(format::render(&built, Format::Markdown)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
