//! Writes the benchmark sessions to a folder, for timing the release binary as a whole
//! process (the scripts in `scripts/perf-*.sh`, `PERFORMANCE.md`):
//!
//! ```text
//! cargo bench --bench sessions -- DIR
//! ```
//!
//! writes `large-100.ron`, `large-1000.ron`, `large-10000.ron` (from
//! [`common::large_session`], ten threats per element), `flows-40000.ron` (40,000 flows and a
//! boundary of 40,000 members), `nothing-found-60000.ron` (60,000 "nothing found" marks) and
//! `wide-100000.ron` (20,000 elements, 100,000 threats). Without a folder it says so and
//! writes nothing, so `cargo bench` over every bench stays harmless. Numbers after the folder
//! write `large-N.ron` of N threats as well (`-- DIR 720 6840`: sizes to match a peer tool).

#[path = "common.rs"]
mod common;

use std::path::{Path, PathBuf};

use threatbench::model::Session;
use threatbench::store;

/// Builds one benchmark session.
type Make = Box<dyn Fn() -> Session>;

/// The file names and the sessions to write in them.
fn shapes() -> Vec<(&'static str, Make)> {
    vec![
        (
            "large-100.ron",
            Box::new(|| common::large_session(10, 100, 30)),
        ),
        (
            "large-1000.ron",
            Box::new(|| common::large_session(100, 1_000, 300)),
        ),
        (
            "large-10000.ron",
            Box::new(|| common::large_session(1_000, 10_000, 3_000)),
        ),
        (
            "flows-40000.ron",
            Box::new(|| common::flows_shape(40_000, 40_000, 10_000)),
        ),
        (
            "nothing-found-60000.ron",
            Box::new(|| common::nothing_found_shape(10_000)),
        ),
        (
            "wide-100000.ron",
            Box::new(|| common::wide_shape(20_000, 100_000)),
        ),
    ]
}

/// A large session of `threats` threats, in the proportions of `large-1000.ron`.
fn sized(threats: usize) -> (String, Make) {
    let make: Make =
        Box::new(move || common::large_session((threats / 10).max(1), threats, threats * 3 / 10));
    (format!("large-{threats}.ron"), make)
}

fn write_all(dir: &Path, sizes: &[usize]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let shapes = shapes()
        .into_iter()
        .map(|(name, make)| (name.to_owned(), make));
    for (name, make) in shapes.chain(sizes.iter().map(|n| sized(*n))) {
        let text = store::to_ron(&make()).map_err(std::io::Error::other)?;
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench` (and any filter); the folder is the first plain word.
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let dir = words.first().map(PathBuf::from);
    let sizes: Vec<usize> = words
        .iter()
        .skip(1)
        .filter_map(|w| w.parse().ok())
        .collect();
    let Some(dir) = dir else {
        println!("sessions: give a folder to write the benchmark sessions to:");
        println!("    cargo bench --bench sessions -- DIR");
        return;
    };
    if let Err(error) = write_all(&dir, &sizes) {
        eprintln!("sessions: cannot write to {}: {error}", dir.display());
        std::process::exit(1);
    }
}
