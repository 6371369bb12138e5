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
//! writes nothing, so `cargo bench` over every bench stays harmless.

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

fn write_all(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, make) in shapes() {
        let text = store::to_ron(&make()).map_err(std::io::Error::other)?;
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench` (and any filter); the folder is the first plain word.
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from);
    let Some(dir) = dir else {
        println!("sessions: give a folder to write the benchmark sessions to:");
        println!("    cargo bench --bench sessions -- DIR");
        return;
    };
    if let Err(error) = write_all(&dir) {
        eprintln!("sessions: cannot write to {}: {error}", dir.display());
        std::process::exit(1);
    }
}
