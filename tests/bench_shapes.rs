//! The benchmarks' session generator builds valid sessions: a benchmark of an invalid
//! session would measure error paths, not the workbench.

#[path = "../benches/common.rs"]
mod common;

use threatbench::model::validate;

#[test]
fn every_generated_shape_is_valid() {
    let shapes = [
        ("large", common::large_session(30, 300, 100)),
        ("team", common::team_session(3, 30, 300, 100)),
        ("flows", common::flows_shape(40, 40, 300)),
        ("nothing found", common::nothing_found_shape(50)),
        ("wide", common::wide_shape(200, 1_000)),
    ];
    for (name, session) in shapes {
        if let Err(error) = validate(&session) {
            panic!("{name}: {error}");
        }
    }
}

#[test]
fn the_shapes_have_the_sizes_asked_for() {
    let flows = common::flows_shape(40, 60, 300);
    assert_eq!(flows.threats.len(), 300);
    assert_eq!(flows.elements.len(), 1 + 40 + 60 + 1);
    let marks = common::nothing_found_shape(50);
    assert_eq!(marks.considered.len(), 50 * 6);
    assert!(marks.threats.is_empty());
    let large = common::large_session(30, 300, 100);
    assert!(large.threats.iter().any(|t| t.notes.contains('元')));
    // Two threats per element leave cells free for "nothing found" marks.
    let sparse = common::large_session(30, 60, 10);
    assert!(!sparse.considered.is_empty());
}
