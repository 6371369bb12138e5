//! A corpus of hostile session files. Each one gives a typed error, never a panic, and the
//! file is byte-identical afterwards, whether it was loaded or opened for editing.

mod common;

use std::fs;
use std::path::Path;

use threatbench::model::ValidationError;
use threatbench::store::{self, LoadError, MAX_FILE_BYTES, SessionFile};

/// The sample session's text, for cases that break one thing in an otherwise good file.
fn good_text() -> String {
    store::to_ron(&common::sample()).unwrap()
}

fn replace_once(text: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1).into_bytes()
}

/// Loads `bytes` from a file both ways (plain load, and open with the lock), checks that both
/// fail the same way and that the file is unchanged, and returns the error.
fn reject(name: &str, bytes: &[u8]) -> LoadError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.ron"));
    fs::write(&path, bytes).unwrap();
    let loaded = store::load(&path).expect_err(name);
    let opened = SessionFile::open(&path).expect_err(name);
    assert_eq!(loaded.to_string(), opened.to_string(), "{name}");
    assert!(
        fs::read(&path).unwrap() == bytes,
        "{name}: the file changed"
    );
    assert!(
        !Path::new(&format!("{}.bak", path.display())).exists(),
        "{name}: a backup was written"
    );
    let message = loaded.to_string();
    assert!(
        message.starts_with(&path.display().to_string()),
        "{name}: {message}"
    );
    loaded
}

#[test]
fn the_good_text_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("good.ron");
    fs::write(&path, good_text()).unwrap();
    assert_eq!(store::load(&path).unwrap(), common::sample());
}

#[test]
fn deep_nesting_gives_a_syntax_error_not_a_stack_overflow() {
    for depth in [1_000, 100_000] {
        let text = good_text().replacen(
            "participants: [],",
            &format!("participants: {}", "[".repeat(depth)),
            1,
        );
        // The format probe skips over unknown values with ron's recursion limit in force;
        // the typed parse then stops at the first bracket that cannot start a participant.
        assert!(matches!(
            reject("nesting", text.as_bytes()),
            LoadError::Syntax { .. }
        ));
        let nested = format!("{}{}", "Session(".repeat(depth), ")".repeat(depth));
        assert!(matches!(
            reject("nesting-structs", nested.as_bytes()),
            LoadError::Syntax { .. }
        ));
    }
}

#[test]
fn a_file_over_the_cap_is_refused_before_parsing() {
    let mut bytes = good_text().into_bytes();
    bytes.resize(MAX_FILE_BYTES as usize + 1, b' ');
    match reject("huge", &bytes) {
        LoadError::TooLarge { size, limit, .. } => assert!(size > limit),
        other => panic!("{other:?}"),
    }
}

#[test]
fn invalid_utf8_is_located() {
    let bytes = replace_once(&good_text(), "Customer", "Cust\u{FFFD}omer");
    let bytes: Vec<u8> = String::from_utf8(bytes)
        .unwrap()
        .replacen('\u{FFFD}', "\u{1}", 1)
        .into_bytes();
    let mut bytes = bytes;
    let at = bytes.iter().position(|b| *b == 1).unwrap();
    bytes[at] = 0xFF;
    match reject("utf8", &bytes) {
        LoadError::NotUtf8 { position, .. } => {
            let line = good_text()
                .lines()
                .position(|l| l.contains("Customer"))
                .unwrap()
                + 1;
            assert_eq!(position.line, line);
            assert!(position.col > 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nul_bytes_are_refused() {
    let bytes = replace_once(&good_text(), "Customer", "Cust\0omer");
    assert!(matches!(reject("nul", &bytes), LoadError::NulByte { .. }));
}

#[test]
fn a_newer_format_is_refused_with_an_upgrade_hint() {
    let text = good_text().replacen("format: 3,", "format: 4,\n    shiny_new_field: (a: 1),", 1);
    match reject("newer", text.as_bytes()) {
        e @ LoadError::NewerFormat { found: 4, .. } => {
            assert!(e.to_string().contains("Upgrade threatbench"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_older_format_is_refused() {
    let text = good_text().replacen("format: 3,", "format: 0,", 1);
    match reject("older", text.as_bytes()) {
        LoadError::Invalid { error, .. } => {
            assert_eq!(*error, ValidationError::UnknownFormat { found: 0 })
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicate_ids_name_the_id_and_its_line() {
    let bytes = replace_once(&good_text(), "id: \"E2\"", "id: \"E1\"");
    match reject("duplicate", &bytes) {
        LoadError::Invalid {
            error, position, ..
        } => {
            assert!(
                matches!(*error, ValidationError::DuplicateId { ref id } if id.as_str() == "E1")
            );
            // The second use is the wrong one: the error points there.
            let line = good_text()
                .lines()
                .position(|l| l.contains("id: \"E2\""))
                .unwrap()
                + 1;
            assert_eq!(position.map(|p| p.line), Some(line), "{position:?}");
        }
        other => panic!("{other:?}"),
    }
}

/// Line of the first line of the sample's text that contains `needle`.
fn line_of(needle: &str) -> usize {
    good_text()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn control_characters_are_located_exactly() {
    let bytes = replace_once(&good_text(), "Refund API", "Refund\u{7}API");
    match reject("title-bell", &bytes) {
        LoadError::Invalid {
            error, position, ..
        } => {
            assert!(
                matches!(*error, ValidationError::ControlCharacter { code: 7, .. }),
                "{error:?}"
            );
            assert_eq!(
                position.map(|p| (p.line, p.col)),
                Some((line_of("title:"), 19))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rules_beyond_the_types_are_enforced() {
    let cases: [(&str, &str, &str); 11] = [
        (
            "name: \"Customer\"",
            "name: \"  \"",
            "the name of E1 is empty",
        ),
        // Characters that show as nothing, written as they are or escaped.
        (
            "name: \"Customer\"",
            "name: \"\u{2800}\"",
            "the name of E1 is empty",
        ),
        (
            "name: \"Customer\"",
            "name: \"\\u{2800}\"",
            "the name of E1 is empty",
        ),
        (
            "name: \"Customer\"",
            "name: \"\u{3164} \u{115F}\u{1160}\u{FFA0}\"",
            "the name of E1 is empty",
        ),
        (
            "title: \"Refund API\"",
            "title: \"\\u{2800}\\u{2800}\"",
            "the session has no title",
        ),
        (
            "summary: \"Sign requests; server recomputes amount\"",
            "summary: \"\u{2800}\u{FE0F}\"",
            "the summary of D1 is empty",
        ),
        (
            "updated: \"2026-11-27T10:00:00Z\"",
            "updated: \"2026-11-27T09:59:59Z\"",
            "`updated` (2026-11-27 09:59:59 UTC) is earlier than `created` (2026-11-27 10:00:00 UTC)",
        ),
        (
            "from: \"E1\"",
            "from: \"E2\"",
            "starts and ends at the same element",
        ),
        (
            "title: \"Amount altered in transit\"",
            "title: \"\"",
            "the title of T1 is empty",
        ),
        (
            "summary: \"Sign requests; server recomputes amount\"",
            "summary: \" \"",
            "the summary of D1 is empty",
        ),
        ("threats: 2,", "threats: 4294967295,", "counters"),
    ];
    for (from, to, message) in cases {
        let bytes = replace_once(&good_text(), from, to);
        let error = reject("rule", &bytes).to_string();
        assert!(error.contains(message), "{to}: {error}");
    }
}

#[test]
fn threats_and_notes_on_cells_that_do_not_apply_are_refused() {
    // T1 sits on the flow E4 under Tampering; the note on the customer E1 under Spoofing;
    // E5 is a trust boundary.
    let cases = [
        (
            "category: Tampering,\n            title: \"Amount altered",
            "category: Spoofing,\n            title: \"Amount altered",
            "threat `T1` is on `E4` under Spoofing, which does not apply to a data flow",
        ),
        (
            "element: \"E4\"",
            "element: \"E5\"",
            "threat `T1` is on the trust boundary `E5`",
        ),
        (
            "category: Spoofing,\n            note:",
            "category: Tampering,\n            note:",
            "a \"nothing found\" note is on `E1` under Tampering, which does not apply to an \
             external entity",
        ),
    ];
    for (from, to, message) in cases {
        let bytes = replace_once(&good_text(), from, to);
        match reject("not-live", &bytes) {
            LoadError::Invalid {
                error, position, ..
            } => {
                assert!(
                    matches!(*error, ValidationError::NotLive { .. }),
                    "{error:?}"
                );
                assert!(error.to_string().contains(message), "{error}");
                assert!(position.is_some(), "{error}");
            }
            other => panic!("{to}: {other:?}"),
        }
    }
}

/// Marks, in a hostile text, where its error must point: the position just after the mark.
const HERE: &str = "/*here*/";

/// One broken thing in the good text: replace `from` (once) with `to`, which holds [`HERE`]
/// before the value at fault.
struct Broken {
    name: &'static str,
    from: &'static str,
    to: String,
    /// For a control character: what the error points at (its escape, or the character),
    /// somewhere after the mark, inside the string. Otherwise the error points just after
    /// the mark.
    inside: Option<&'static str>,
}

fn broken(name: &'static str, from: &'static str, to: &str) -> Broken {
    Broken {
        name,
        from,
        to: to.to_owned(),
        inside: None,
    }
}

fn inside(name: &'static str, from: &'static str, to: &str, at: &'static str) -> Broken {
    Broken {
        inside: Some(at),
        ..broken(name, from, to)
    }
}

/// The byte offset of a 1-based line and column (in characters) of `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    start
        + text[start..]
            .char_indices()
            .nth(col - 1)
            .map_or(text.len() - start, |(i, _)| i)
}

/// Line and column just after the mark.
fn after_mark(text: &str) -> (usize, usize) {
    let offset = text.find(HERE).expect("the case has a mark") + HERE.len();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Files refused for what their text says: every one names its line and column, at the
/// value at fault, in the message as `file:line:col`.
#[test]
fn every_refusal_caused_by_the_text_names_line_and_column() {
    let h = HERE;
    let cases = [
        // Numbers out of range, at session level (no ID to search for) and in items.
        broken("likelihood", "likelihood: 2", &format!("likelihood: {h}9")),
        broken("impact", "impact: 4", &format!("impact: {h}0")),
        broken("revision", "revision: 1,", &format!("revision: {h}0,")),
        broken("minutes", "(Threats, 20)", &format!("(Threats, {h}481)")),
        broken(
            "elapsed",
            "elapsed_secs: {}",
            &format!("elapsed_secs: {{Scope: 1, Review: {h}99999999999}}"),
        ),
        broken(
            "counter",
            "threats: 2,\n",
            &format!("threats: {h}4294967295,\n"),
        ),
        broken(
            "previous",
            "revision: 1,",
            &format!("revision: 2,\n    previous: Revision(number: {h}2, sha256: \"ab\"),"),
        ),
        broken(
            "agenda-order",
            "(Scope, 10),\n            (Threats, 20),",
            &format!("({h}Threats, 20),\n            (Scope, 10),"),
        ),
        broken("format", "format: 3,", &format!("format: {h}0,")),
        broken(
            "updated",
            "updated: \"2026-11-27T10:00:00Z\"",
            &format!("updated: {h}\"2026-11-27T09:00:00Z\""),
        ),
        // Control characters escaped in strings, where no ID is near to search for.
        inside(
            "title-escape",
            "title: \"Refund API\"",
            &format!("title: {h}\"Refund \\u{{1b}}[2J API\""),
            "\\u{1b}",
        ),
        inside(
            "ticket-escape",
            "ticket: \"PAY-142\"",
            &format!("ticket: {h}\"PAY\\x07142\""),
            "\\x07",
        ),
        inside(
            "participant-escape",
            "participants: [],",
            &format!("participants: [Participant(name: {h}\"Bo\\u{{9b}}31m\")],"),
            "\\u{9b}",
        ),
        inside(
            "role-escape",
            "participants: [],",
            &format!("participants: [Participant(name: \"Bo\", role: Some({h}\"x\\ry\"))],"),
            "\\r",
        ),
        inside(
            "asset-escape",
            "    threats: [",
            &format!("    assets: [\"fine\", {h}\"a\\u{{7f}}b\"],\n    threats: ["),
            "\\u{7f}",
        ),
        inside(
            "retrospective-escape",
            "    decisions: [",
            &format!(
                "    retrospective: Retrospective(worked: {h}\"multi\\\n      line\\u{{1b}}\"),\n    decisions: ["
            ),
            "\\u{1b}",
        ),
        inside(
            "parked-escape",
            "    decisions: [",
            &format!(
                "    parking_lot: [ParkingItem(text: {h}r#\"raw \u{1b} escape\"#)],\n    decisions: ["
            ),
            "\u{1b}",
        ),
        inside(
            "note-escape",
            "note: \"customers",
            &format!("note: {h}\"\\u{{0}}customers"),
            "\\u{0}",
        ),
        // IDs that cannot be searched for as written: escaped, or holding a bidi override.
        broken(
            "id-bidi-escaped",
            "id: \"E1\"",
            &format!("id: {h}\"E1\\u{{202e}}\""),
        ),
        broken(
            "id-bidi-raw",
            "id: \"E1\"",
            &format!("id: {h}\"E1\u{202e}\""),
        ),
        broken(
            "reference-bidi",
            "from: \"E1\"",
            &format!("from: {h}\"E1\\u{{202e}}\""),
        ),
        broken(
            "decision-reference",
            "threats: [\n                \"T1\"",
            &format!("threats: [\n                {h}\"T\\x31\\u{{202e}}\""),
        ),
        // Rules between items.
        broken("flow-loop", "to: \"E2\"", &format!("to: {h}\"E1\"")),
        broken(
            "member-twice",
            "\"E3\",\n                ],",
            &format!("{h}\"E2\",\n                ],"),
        ),
        broken("counter-behind", "id: \"T2\"", &format!("id: {h}\"T9\"")),
        broken(
            "blank-name",
            "name: \"Customer\"",
            &format!("name: {h}\"\\u{{2800}}\""),
        ),
        broken(
            "not-live",
            "category: Tampering,\n            title: \"Amount",
            &format!("category: {h}Spoofing,\n            title: \"Amount"),
        ),
        broken(
            "on-boundary",
            "element: \"E4\"",
            &format!("element: {h}\"E5\""),
        ),
        broken(
            "note-not-live",
            "category: Spoofing,\n            note:",
            &format!("category: {h}Tampering,\n            note:"),
        ),
        // Two values for one map key: the second is pointed at.
        broken(
            "duplicate-key",
            "elapsed_secs: {}",
            &format!("elapsed_secs: {{Scope: 5, {h}Scope: 7}}"),
        ),
        broken(
            "duplicate-key-raw",
            "elapsed_secs: {}",
            &format!("elapsed_secs: {{Scope: 5, /* again */ {h}r#Scope: 7,}}"),
        ),
        broken(
            "duplicate-field",
            "title: \"Refund API\",",
            &format!("title: \"Refund API\",\n    {h}title: \"again\","),
        ),
        broken(
            "newer",
            "format: 3,",
            &format!("format: {h}4,\n    shiny: (a: 1),"),
        ),
    ];
    for case in cases {
        let bytes = replace_once(&good_text(), case.from, &case.to);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let (line, col) = after_mark(&text);
        let error = reject(case.name, &bytes);
        let message = error.to_string();
        let position = error
            .position()
            .unwrap_or_else(|| panic!("{}: no position in {message}", case.name));
        match case.inside {
            None => assert_eq!(
                (position.line, position.col),
                (line, col),
                "{}: {message}",
                case.name
            ),
            Some(at) => {
                let offset = offset_of(&text, position.line, position.col);
                assert!(
                    offset > text.find(HERE).unwrap(),
                    "{}: {message}",
                    case.name
                );
                assert!(
                    text[offset..].starts_with(at),
                    "{}: {message} points at {:?}",
                    case.name,
                    &text[offset..(offset + 12).min(text.len())]
                );
            }
        }
        assert!(
            message.contains(&format!(".ron:{position}: ")),
            "{}: {message}",
            case.name
        );
    }
}

#[test]
fn control_characters_are_located_inside_their_escapes() {
    let bytes = replace_once(&good_text(), "Refund API", "Refund\\u{1b}[2J API");
    match reject("title-escaped", &bytes) {
        LoadError::Invalid {
            error, position, ..
        } => {
            assert!(
                matches!(*error, ValidationError::ControlCharacter { code: 0x1b, .. }),
                "{error:?}"
            );
            // `    title: "Refund` is 18 characters: the escape's backslash is the 19th.
            assert_eq!(
                position.map(|p| (p.line, p.col)),
                Some((line_of("title:"), 19))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_map_key_written_twice_is_refused() {
    let bytes = replace_once(
        &good_text(),
        "elapsed_secs: {}",
        "elapsed_secs: {Scope: 5, Scope: 7}",
    );
    match reject("twice", &bytes) {
        LoadError::Syntax {
            message, position, ..
        } => {
            assert!(
                message.contains("the key `Scope` is written twice"),
                "{message}"
            );
            let line = line_of("elapsed_secs");
            assert!(message.contains(&format!("first at {line}:")), "{message}");
            assert_eq!(position.line, line);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.ron");
    fs::write(
        &path,
        [&b"\xEF\xBB\xBF"[..], good_text().as_bytes()].concat(),
    )
    .unwrap();
    assert_eq!(store::load(&path).unwrap(), common::sample());
}

#[test]
fn dangling_references_are_named() {
    let cases = [
        ("from: \"E1\"", "from: \"E42\""),
        ("element: \"E4\"", "element: \"E77\""),
        (
            "threats: [\n                \"T1\"",
            "threats: [\n                \"T9\"",
        ),
        (
            "members: [\n                    \"E2\"",
            "members: [\n                    \"E4\"",
        ),
    ];
    for (from, to) in cases {
        let bytes = replace_once(&good_text(), from, to);
        match reject("dangling", &bytes) {
            LoadError::Invalid { error, .. } => {
                assert!(
                    matches!(
                        *error,
                        ValidationError::BadReference { .. }
                            | ValidationError::CounterBehind { .. }
                    ),
                    "{error:?}"
                )
            }
            other => panic!("{to}: {other:?}"),
        }
    }
}

#[test]
fn control_characters_in_text_are_refused() {
    for hostile in ["\u{1b}[2J", "\u{7}", "\u{9b}31m", "\r", "\u{7f}"] {
        let bytes = replace_once(
            &good_text(),
            "Amount altered",
            &format!("Amount{hostile}altered"),
        );
        match reject("control", &bytes) {
            LoadError::Invalid {
                error, position, ..
            } => {
                assert!(
                    matches!(*error, ValidationError::ControlCharacter { .. }),
                    "{error:?}"
                );
                assert!(error.to_string().contains("T1 title"), "{error}");
                assert!(position.is_some());
            }
            other => panic!("{hostile:?}: {other:?}"),
        }
    }
}

#[test]
fn values_out_of_range_are_refused() {
    let bytes = replace_once(&good_text(), "likelihood: 2", "likelihood: 9");
    match reject("range", &bytes) {
        LoadError::Invalid { error, .. } => {
            assert!(matches!(
                *error,
                ValidationError::OutOfRange {
                    field: "likelihood",
                    value: 9,
                    ..
                }
            ))
        }
        other => panic!("{other:?}"),
    }
    let bytes = replace_once(&good_text(), "likelihood: 2", "likelihood: 99999999999");
    assert!(matches!(
        reject("overflow", &bytes),
        LoadError::Syntax { .. }
    ));
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let text = good_text().replacen("name: \"Customer\",", "name: Customer,", 1);
    match reject("syntax", text.as_bytes()) {
        LoadError::Syntax { position, .. } => {
            let line = good_text()
                .lines()
                .position(|l| l.contains("\"Customer\""))
                .unwrap()
                + 1;
            assert_eq!(position.line, line);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_fields_are_refused_not_dropped() {
    let text = good_text().replacen(
        "title: \"Refund API\",",
        "title: \"Refund API\",\n    colour: \"red\",",
        1,
    );
    match reject("unknown-field", text.as_bytes()) {
        LoadError::Syntax {
            message, position, ..
        } => {
            assert!(message.contains("colour"), "{message}");
            assert_eq!(position.line, 5);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn odd_shapes_give_typed_errors() {
    for (name, bytes) in [
        ("empty", &b""[..]),
        ("whitespace", b"   \n\n"),
        ("not-ron", b"{\"json\": true}"),
        ("wrong-struct", b"Other(format: 1)"),
        ("truncated", &good_text().as_bytes()[..200]),
        (
            "many-escapes",
            "Session(title: \"\\u{41}\\n\\t\\\\\\\""
                .repeat(10_000)
                .as_bytes(),
        ),
    ] {
        let error = reject(name, bytes);
        assert!(error.position().is_some(), "{name}: {error}");
    }
}

#[test]
fn not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        store::load(dir.path()),
        Err(LoadError::NotAFile { .. })
    ));
    let fifo = dir.path().join("pipe.ron");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    assert!(
        matches!(store::load(&fifo), Err(LoadError::NotAFile { .. })),
        "must not block on a FIFO"
    );
    assert!(matches!(
        store::load(&dir.path().join("missing.ron")),
        Err(LoadError::Io { .. })
    ));
}
