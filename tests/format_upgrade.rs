//! Files written by older builds: a format-1 session (one decision per threat, kept as
//! `tests/fixtures/format1/refund-api.ron`, the example as threatbench 0.x wrote it) loads,
//! keeps everything it said, and is written in the current format on the next save. A format newer
//! than this build's is refused (see `tests/hostile.rs`).

use std::path::Path;

use threatbench::model::{Edit, FORMAT_VERSION};
use threatbench::store::{self, SessionFile};

const FORMAT_1: &str = "tests/fixtures/format1/refund-api.ron";

#[test]
fn a_format_1_file_loads_as_the_current_format_with_its_content_unchanged() {
    let text = std::fs::read_to_string(FORMAT_1).unwrap();
    assert!(
        text.contains("\n    format: 1,\n"),
        "the fixture must stay format 1"
    );
    let session = store::load(Path::new(FORMAT_1)).expect("format 1 loads");
    assert_eq!(session.format, FORMAT_VERSION);
    assert_eq!(FORMAT_VERSION, 3);
    // Everything format 1 said, format 3 says the same way: only the number changes.
    let written = store::to_ron(&session).unwrap();
    assert_eq!(
        written,
        text.replacen("\n    format: 1,\n", "\n    format: 3,\n", 1)
    );
}

#[test]
fn the_next_save_writes_the_current_format_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refund-api.ron");
    std::fs::copy(FORMAT_1, &path).unwrap();
    let mut opened = SessionFile::open(&path).expect("format 1 opens in the workbench");
    // Opening alone writes nothing.
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("format: 1,")
    );
    let mut session = opened.session.clone();
    session
        .apply(
            Edit::Park("residual ratings".into()),
            session.updated.date_naive(),
        )
        .unwrap();
    opened.file.save(&session).expect("saves");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\n    format: 3,\n"), "{saved}");
    let again = store::load(&path).unwrap();
    assert_eq!(again.parking_lot.len(), session.parking_lot.len());
    assert_eq!(again.decisions, session.decisions);
}
