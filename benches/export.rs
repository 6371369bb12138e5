//! Speed of the export: the context and every format (GitHub, GitLab, Jira, Markdown, JSON
//! and OTM) of sessions with 100, 1,000 and 10,000 threats, and of the large shapes of issue
//! 14 (40,000 flows in one boundary, 60,000 "nothing found" marks, 20,000 elements with
//! 100,000 threats). Targets: 10,000 threats in at most 50 ms in every format, growing
//! linearly with the session; each large shape in at most 2 s.
//!
//! Run with `cargo bench --bench export`; `cargo bench --bench export -- large` runs only
//! the large shapes, `-- /10000` only the 10,000-threat session.

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use threatbench::export::{self, Context, Flavour, Source};
use threatbench::model::Session;

/// Builds one of the large shapes.
type Make = fn() -> Session;

/// Every format `threatbench export --format` writes from a session.
const FORMATS: [&str; 6] = ["github", "gitlab", "jira", "markdown", "json", "otm"];

/// The whole export of `session` in `format`, as `threatbench export` makes it once the
/// file is read: the context, then the text (in parts where a tracker needs them).
fn export(session: &Session, format: &str) -> Vec<String> {
    if format == "otm" {
        return vec![export::otm::render(session)];
    }
    let source = Source {
        path: "bench.ron".into(),
        sha256: "0".repeat(64),
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let context = Context::of(session, source, as_of);
    let flavour = Flavour::parse(format).unwrap();
    export::render(&context, flavour)
}

/// Benches every format of `session`, named `format/label`.
fn formats(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    label: &str,
    session: &Session,
) {
    for format in FORMATS {
        group.bench_with_input(BenchmarkId::new(format, label), session, |b, s| {
            b.iter(|| export(black_box(s), format))
        });
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(20);
    // The sizes of `cargo bench --bench sessions`: ten threats per element.
    for threats in [100, 1_000, 10_000] {
        let session = common::large_session(threats / 10, threats, threats * 3 / 10);
        formats(&mut group, &threats.to_string(), &session);
    }
    group.finish();
    let mut group = c.benchmark_group("export large");
    group.sample_size(10);
    let shapes: [(&str, Make); 3] = [
        ("flows-40000", || {
            common::flows_shape(40_000, 40_000, 10_000)
        }),
        ("nothing-found-60000", || {
            common::nothing_found_shape(10_000)
        }),
        ("wide-100000", || common::wide_shape(20_000, 100_000)),
    ];
    for (label, make) in shapes {
        formats(&mut group, label, &make());
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
