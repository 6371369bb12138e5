//! The fast writer (`store::to_ron`) writes byte for byte what ron's own pretty serializer
//! wrote before it (`store::to_ron_by_ron`): for random sessions, valid or not, with every
//! kind of awkward text; for every session file in the repository; and for the benchmarks'
//! shapes. So no file changes by a byte on its next save.

#[path = "../benches/common.rs"]
#[allow(dead_code)]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use threatbench::model::{
    Agenda, Assumption, Category, Clock, Counters, Decision, DecisionKind, DecisionStatus, Element,
    ElementKind, Grammar, Id, NeedsReview, NothingFound, ParkingItem, Participant, Phase,
    Reference, Requirement, Retrospective, Revision, Session, Threat,
};
use threatbench::store;

fn assert_same(session: &Session, what: &str) {
    let fast = store::to_ron(session).unwrap();
    let ron = store::to_ron_by_ron(session).unwrap();
    if fast != ron {
        let line = fast
            .lines()
            .zip(ron.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{what}: the texts differ from line {}:\nfast: {:?}\nron:  {:?}",
            line + 1,
            fast.lines().nth(line),
            ron.lines().nth(line)
        );
    }
}

/// Text made of the pieces that stress a RON string: quotes followed by hashes (which decide
/// how many `#` a raw string needs), backslashes, line breaks, tabs, control characters,
/// Unicode, and plain words; often empty.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9 ]{1,6}",
        1 => Just("\"".to_owned()),
        1 => Just("\"#".to_owned()),
        1 => Just("\"##".to_owned()),
        1 => Just("#".to_owned()),
        1 => Just("###".to_owned()),
        1 => Just("\\".to_owned()),
        1 => Just("r#\"".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("\t".to_owned()),
        1 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{2028}\\u{202e}]",
        1 => "[éß€元😀]{1,3}",
        1 => any::<char>().prop_map(String::from),
    ];
    prop_oneof![
        1 => Just(String::new()),
        6 => vec(piece, 1..8).prop_map(|pieces| pieces.concat()),
    ]
}

fn id() -> impl Strategy<Value = Id> {
    prop_oneof![
        3 => "[ETDA][1-9][0-9]{0,3}",
        1 => text(),
    ]
    .prop_map(|t| Id::from(t.as_str()))
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_000_000_000, 0u32..1_000_000_000)
        .prop_map(|(secs, nanos)| DateTime::from_timestamp(secs, nanos).unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..40_000)
        .prop_map(|days| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(days))
}

fn phase() -> impl Strategy<Value = Phase> {
    (0usize..4).prop_map(|n| Phase::ALL[n])
}

fn category() -> impl Strategy<Value = Category> {
    (0usize..6).prop_map(|n| Category::ALL[n])
}

fn rating() -> impl Strategy<Value = Option<u8>> {
    option::of(any::<u8>())
}

fn kind() -> impl Strategy<Value = ElementKind> {
    prop_oneof![
        Just(ElementKind::ExternalEntity),
        Just(ElementKind::Process),
        any::<bool>().prop_map(|holds_logs| ElementKind::DataStore { holds_logs }),
        (id(), id(), text()).prop_map(|(from, to, data)| ElementKind::DataFlow { from, to, data }),
        vec(id(), 0..4).prop_map(|members| ElementKind::TrustBoundary { members }),
        (text(), option::of(text()), option::of(text())).prop_map(|(supplier, version, purl)| {
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            }
        }),
    ]
}

fn element() -> impl Strategy<Value = Element> {
    (id(), kind(), text(), text()).prop_map(|(id, kind, name, notes)| Element {
        id,
        kind,
        name,
        notes,
    })
}

fn threat() -> impl Strategy<Value = Threat> {
    let reference = "(CWE|CAPEC)-[0-9]{1,9}".prop_map(|t| t.parse::<Reference>().unwrap());
    (
        (id(), id(), category(), text()),
        [text(), text(), text(), text(), text()],
        (rating(), rating(), rating(), rating()),
        vec(reference, 0..3),
        text(),
    )
        .prop_map(
            |((id, element, category, title), g, ratings, references, notes)| {
                let [source, prerequisites, action, impact, assets] = g;
                Threat {
                    id,
                    element,
                    category,
                    title,
                    grammar: Grammar {
                        source,
                        prerequisites,
                        action,
                        impact,
                        assets,
                    },
                    likelihood: ratings.0,
                    impact: ratings.1,
                    residual_likelihood: ratings.2,
                    residual_impact: ratings.3,
                    references,
                    notes,
                }
            },
        )
}

fn decision() -> impl Strategy<Value = Decision> {
    let requirement = (0usize..Requirement::ALL.len()).prop_map(|n| Requirement::ALL[n]);
    (
        (id(), 0usize..4, vec(id(), 0..4), text(), text()),
        (option::of(text()), option::of(text()), 0usize..3),
        (option::of(date()), vec(requirement, 0..3)),
    )
        .prop_map(
            |((id, kind, threats, summary, rationale), (owner, ticket, status), rest)| Decision {
                id,
                kind: DecisionKind::ALL[kind],
                threats,
                summary,
                rationale,
                owner,
                ticket,
                status: DecisionStatus::ALL[status],
                review_by: rest.0,
                requirements: rest.1,
            },
        )
}

type Cells = (
    Vec<NothingFound>,
    Vec<NeedsReview>,
    Vec<Assumption>,
    Vec<ParkingItem>,
    Vec<String>,
);

fn cells() -> impl Strategy<Value = Cells> {
    let nothing_found =
        (id(), category(), text()).prop_map(|(element, category, note)| NothingFound {
            element,
            category,
            note,
        });
    let needs_review =
        (id(), category(), text()).prop_map(|(element, category, reason)| NeedsReview {
            element,
            category,
            reason,
        });
    let assumption = (id(), text()).prop_map(|(id, text)| Assumption { id, text });
    let parked =
        (text(), any::<bool>()).prop_map(|(text, follow_up)| ParkingItem { text, follow_up });
    (
        vec(nothing_found, 0..4),
        vec(needs_review, 0..3),
        vec(assumption, 0..3),
        vec(parked, 0..3),
        vec(text(), 0..3),
    )
}

type Head = (
    u32,
    String,
    Option<String>,
    String,
    u32,
    Option<(u32, String)>,
    DateTime<Utc>,
    DateTime<Utc>,
);

fn head() -> impl Strategy<Value = Head> {
    (
        any::<u32>(),
        text(),
        option::of(text()),
        text(),
        any::<u32>(),
        option::of((any::<u32>(), text())),
        time(),
        time(),
    )
}

type Meeting = (Vec<Participant>, Agenda, Clock, Counters, Retrospective);

fn meeting() -> impl Strategy<Value = Meeting> {
    let participant =
        (text(), option::of(text())).prop_map(|(name, role)| Participant { name, role });
    let agenda = (any::<bool>(), vec((phase(), any::<u32>()), 0..5))
        .prop_map(|(quick, phases)| Agenda { quick, phases });
    let clock = (phase(), vec((phase(), any::<u64>()), 0..5), any::<bool>()).prop_map(
        |(phase, elapsed, paused)| Clock {
            phase,
            elapsed_secs: elapsed.into_iter().collect::<BTreeMap<_, _>>(),
            paused,
        },
    );
    let counters =
        [any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()].prop_map(|n| Counters {
            elements: n[0],
            threats: n[1],
            decisions: n[2],
            assumptions: n[3],
        });
    let retrospective =
        (text(), text()).prop_map(|(worked, change)| Retrospective { worked, change });
    (
        vec(participant, 0..3),
        agenda,
        clock,
        counters,
        retrospective,
    )
}

fn session() -> impl Strategy<Value = Session> {
    (
        head(),
        meeting(),
        vec(element(), 0..6),
        vec(threat(), 0..5),
        vec(decision(), 0..4),
        cells(),
    )
        .prop_map(|(head, meeting, elements, threats, decisions, cells)| {
            let (format, title, ticket, notes, revision, previous, created, updated) = head;
            let (participants, agenda, clock, counters, retrospective) = meeting;
            let (considered, needs_review, assumptions, parking_lot, assets) = cells;
            Session {
                format,
                title,
                ticket,
                notes,
                revision,
                previous: previous.map(|(number, sha256)| Revision { number, sha256 }),
                created,
                updated,
                participants,
                agenda,
                clock,
                counters,
                elements,
                assets,
                assumptions,
                threats,
                considered,
                needs_review,
                decisions,
                parking_lot,
                retrospective,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_are_written_as_ron_writes_them(session in session()) {
        let fast = store::to_ron(&session).unwrap();
        let ron = store::to_ron_by_ron(&session).unwrap();
        prop_assert_eq!(fast, ron);
    }
}

/// Every `.ron` file under `dir`, at any depth.
fn ron_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ron_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "ron") {
            found.push(path);
        }
    }
}

#[test]
fn every_session_file_in_the_repository_is_written_as_ron_writes_it() {
    let mut files = Vec::new();
    ron_files(Path::new("sessions"), &mut files);
    ron_files(Path::new("tests/fixtures"), &mut files);
    let mut loaded = 0;
    for path in &files {
        // Fixtures of broken files are there to fail loading; only sessions are written.
        if let Ok(session) = store::load(path) {
            assert_same(&session, &path.display().to_string());
            loaded += 1;
        }
    }
    assert!(loaded >= 6, "only {loaded} of {} files loaded", files.len());
}

#[test]
fn a_file_written_by_threatbench_is_written_again_unchanged() {
    for path in ["sessions/refund-api.ron", "sessions/threatbench.ron"] {
        let bytes = std::fs::read_to_string(path).unwrap();
        let session = store::load(Path::new(path)).unwrap();
        assert_eq!(store::to_ron(&session).unwrap(), bytes, "{path}");
    }
}

#[test]
fn the_benchmark_shapes_are_written_as_ron_writes_them() {
    let shapes = [
        ("large", common::large_session(30, 300, 100)),
        ("team", common::team_session(3, 30, 300, 100)),
        ("flows", common::flows_shape(40, 40, 300)),
        ("nothing found", common::nothing_found_shape(50)),
        ("wide", common::wide_shape(200, 1_000)),
    ];
    for (name, session) in &shapes {
        assert_same(session, name);
    }
}
