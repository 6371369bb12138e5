//! The fast session reader (`store::fast_read`) reads a session exactly as ron reads it, and
//! never accepts a text ron refuses: on random sessions, on every session file in the
//! repository and the benchmarks' shapes, on compact and hand-written text, and on random
//! small edits of them. A key written twice is still refused with the same message.

#[path = "../benches/common.rs"]
mod shapes;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use ron::extensions::Extensions;
use threatbench::model::{
    Agenda, Assumption, Category, Counters, Decision, DecisionKind, DecisionStatus, Element,
    ElementKind, Grammar, Id, NeedsReview, NothingFound, ParkingItem, Participant, Phase,
    Requirement, Retrospective, Revision, Session, Threat,
};
use threatbench::store::{self, LoadError};

/// The session as ron reads it, with the options every load uses.
fn ron_read(text: &str) -> Result<Session, String> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| e.to_string())
}

/// Holds the fast reader to ron on `text`: when it accepts, ron accepts and reads the same
/// session. Returns whether the fast reader accepted.
fn agrees(text: &str) -> Result<bool, String> {
    let Ok(fast) = store::fast_read(text) else {
        return Ok(false);
    };
    match ron_read(text) {
        Ok(ron) if ron == fast => Ok(true),
        Ok(ron) => Err(format!("read differently:\n{fast:?}\n{ron:?}\n{text}")),
        Err(e) => Err(format!("accepted what ron refuses ({e}):\n{text}")),
    }
}

/// Text with what stresses RON strings: quotes, `"#`, backslashes, line breaks, tabs,
/// carriage returns, brackets, comment markers and non-ASCII, empty included.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \n\t\r\"'#(),:/*\\\\{}\\[\\]ré€😀\u{85}\u{2028}]{0,16}"
}

fn id() -> impl Strategy<Value = Id> {
    "[ETDA][1-9][0-9]{0,2}".prop_map(|s| Id::from(s.as_str()))
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_000_000_000).prop_map(|secs| DateTime::from_timestamp(secs, 0).unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..40_000)
        .prop_map(|days| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(days))
}

fn phase() -> impl Strategy<Value = Phase> {
    prop::sample::select(Phase::ALL.to_vec())
}

fn category() -> impl Strategy<Value = Category> {
    prop::sample::select(Category::ALL.to_vec())
}

fn rating() -> impl Strategy<Value = Option<u8>> {
    option::of(0u8..=255)
}

/// Every kind of element, each optional detail there or not.
fn kind() -> impl Strategy<Value = ElementKind> {
    prop_oneof![
        Just(ElementKind::ExternalEntity),
        Just(ElementKind::Process),
        any::<bool>().prop_map(|holds_logs| ElementKind::DataStore { holds_logs }),
        (id(), id(), text()).prop_map(|(from, to, data)| ElementKind::DataFlow { from, to, data }),
        vec(id(), 0..3).prop_map(|members| ElementKind::TrustBoundary { members }),
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
    (
        (id(), id(), category(), text()),
        [text(), text(), text(), text(), text()],
        (rating(), rating(), rating(), rating()),
        (vec(1u32..1000, 0..3), text()),
    )
        .prop_map(|((id, element, category, title), g, r, (refs, notes))| {
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
                likelihood: r.0,
                impact: r.1,
                residual_likelihood: r.2,
                residual_impact: r.3,
                references: refs
                    .iter()
                    .map(|n| format!("CWE-{n}").parse().unwrap())
                    .collect(),
                notes,
            }
        })
}

fn decision() -> impl Strategy<Value = Decision> {
    (
        (id(), 0usize..4, vec(id(), 0..3), text(), text()),
        (option::of(text()), option::of(text()), 0usize..3),
        (option::of(date()), vec(0usize..14, 0..3)),
    )
        .prop_map(
            |((id, kind, threats, summary, rationale), (owner, ticket, status), (review, reqs))| {
                Decision {
                    id,
                    kind: DecisionKind::ALL[kind],
                    threats,
                    summary,
                    rationale,
                    owner,
                    ticket,
                    status: DecisionStatus::ALL[status],
                    review_by: review,
                    requirements: reqs.into_iter().map(|i| Requirement::ALL[i]).collect(),
                }
            },
        )
}

/// A session of random content: not a valid one (neither reader validates), but one with
/// every field and kind, texts that stress strings, and optional fields there or not.
fn session() -> impl Strategy<Value = Session> {
    (
        (
            (0u32..5, text(), option::of(text()), text(), any::<u32>()),
            option::of((any::<u32>(), text())),
            (time(), time()),
            vec((text(), option::of(text())), 0..3),
            (
                any::<bool>(),
                vec((phase(), any::<u32>()), 0..5),
                phase(),
                btree_map(phase(), any::<u64>(), 0..4),
                any::<bool>(),
            ),
            any::<[u32; 4]>(),
        ),
        (
            vec(element(), 0..5),
            vec(text(), 0..3),
            vec((id(), text()), 0..3),
            vec(threat(), 0..5),
            vec((id(), category(), text()), 0..3),
            vec((id(), category(), text()), 0..2),
            vec(decision(), 0..4),
            vec((text(), any::<bool>()), 0..3),
            (text(), text()),
        ),
    )
        .prop_map(|(head, body)| {
            let (
                (format, title, ticket, notes, revision),
                previous,
                (created, updated),
                people,
                clock,
                counters,
            ) = head;
            let (quick, phases, phase, elapsed_secs, paused) = clock;
            let (
                elements,
                assets,
                assumptions,
                threats,
                considered,
                review,
                decisions,
                parked,
                retro,
            ) = body;
            Session {
                format,
                title,
                ticket,
                notes,
                revision,
                previous: previous.map(|(number, sha256)| Revision { number, sha256 }),
                created,
                updated,
                participants: people
                    .into_iter()
                    .map(|(name, role)| Participant { name, role })
                    .collect(),
                agenda: Agenda { quick, phases },
                clock: threatbench::model::Clock {
                    phase,
                    elapsed_secs,
                    paused,
                },
                counters: Counters {
                    elements: counters[0],
                    threats: counters[1],
                    decisions: counters[2],
                    assumptions: counters[3],
                },
                elements,
                assets,
                assumptions: assumptions
                    .into_iter()
                    .map(|(id, text)| Assumption { id, text })
                    .collect(),
                threats,
                considered: considered
                    .into_iter()
                    .map(|(element, category, note)| NothingFound {
                        element,
                        category,
                        note,
                    })
                    .collect(),
                needs_review: review
                    .into_iter()
                    .map(|(element, category, reason)| NeedsReview {
                        element,
                        category,
                        reason,
                    })
                    .collect(),
                decisions,
                parking_lot: parked
                    .into_iter()
                    .map(|(text, follow_up)| ParkingItem { text, follow_up })
                    .collect(),
                retrospective: Retrospective {
                    worked: retro.0,
                    change: retro.1,
                },
            }
        })
}

/// The text of `session` in the three forms a file may take: as threatbench writes it,
/// compact with escaped strings and no struct names, and pretty with escaped strings.
fn forms(session: &Session) -> [String; 3] {
    let escaped = ron::ser::PrettyConfig::new().struct_names(true);
    [
        store::to_ron(session).unwrap(),
        ron::to_string(session).unwrap(),
        ron::ser::to_string_pretty(session, escaped).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_session_reads_as_ron_reads_it(session in session()) {
        for text in forms(&session) {
            prop_assert_eq!(agrees(&text), Ok(true), "{}", text);
        }
        let text = store::to_ron(&session).unwrap();
        prop_assert_eq!(store::fast_read(&text).unwrap(), session);
    }
}

/// Every `.ron` file under `dir`, at any depth.
fn ron_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ron_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

#[test]
fn every_session_file_in_the_repository_reads_as_ron_reads_it() {
    let mut files = Vec::new();
    ron_files(Path::new("sessions"), &mut files);
    ron_files(Path::new("tests/fixtures"), &mut files);
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let ron = ron_read(&text);
        assert_eq!(agrees(&text), Ok(ron.is_ok()), "{}", path.display());
    }
}

#[test]
fn the_benchmark_shapes_read_as_ron_reads_them() {
    for session in [
        shapes::large_session(20, 200, 60),
        shapes::team_session(2, 20, 200, 60),
        shapes::flows_shape(20, 30, 100),
        shapes::nothing_found_shape(30),
        shapes::wide_shape(100, 500),
    ] {
        for text in forms(&session) {
            assert_eq!(agrees(&text), Ok(true), "{text}");
        }
    }
}

#[test]
fn compact_and_hand_written_text_read_as_ron_reads_them() {
    let session = store::fast_read(&store::to_ron(&shapes::large_session(3, 6, 2)).unwrap());
    let compact = ron::to_string(&session.unwrap()).unwrap();
    assert!(!compact.contains('\n'), "{compact}");
    assert_eq!(agrees(&compact), Ok(true));
    let hand_written = r##"
        // A session written by hand.
        #![enable(implicit_some)] /* the default */
        Session (
            format: 3 , title : r#"Refund "API""#, ticket: Some("PAY-1",),
            notes: "two\nlines, \"quoted\" \u{1F600} \
                    continued\x21",
            revision: 1, created: "2026-11-20T10:00:00Z", updated: "2026-11-20T10:00:00Z",
            previous: None,
            agenda: (phases: [(Scope, 10), (Review, 05,),],),
            clock: Clock(phase: Scope, elapsed_secs: {Scope: 60, /* and */ Review: 7,}),
            elements: [
                Element(id: "E1", kind: DataStore(holds_logs: true), name: "db"),
                (id: "E2", kind: DataFlow(from: "E1", to: "E1",), name: "loop",),
                Element(id: "E3", kind: ThirdParty(supplier: "Stripe", version: None), name: "s"),
            ],
            threats: [/* none yet */],
        ) // end
    "##;
    assert_eq!(agrees(hand_written), Ok(true));
}

#[test]
fn a_key_written_twice_is_refused_with_the_same_message() {
    let text = store::to_ron(&shapes::large_session(2, 4, 1))
        .unwrap()
        .replace(
            "elapsed_secs: {}",
            "elapsed_secs: {Scope: 5, Review: 1, Scope: 7}",
        );
    assert!(store::fast_read(&text).is_err());
    let line = 1 + text[..text.find("elapsed_secs").unwrap()]
        .matches('\n')
        .count();
    match store::from_bytes(Path::new("twice.ron"), text.as_bytes()) {
        Err(LoadError::Syntax {
            message, position, ..
        }) => {
            assert_eq!(
                message,
                format!(
                    "the key `Scope` is written twice in this map (first at {line}:24); keep one"
                )
            );
            assert_eq!((position.line, position.col), (line, 45));
        }
        other => panic!("{other:?}"),
    }
}

/// One small edit of a text.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let c = prop::sample::select(
        "\"\\#,:()[]{}/* \n\trxu0159_-.+'éSomeNone\u{85}"
            .chars()
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), c.clone()).prop_map(|(i, c)| Mutation::Insert(i, c)),
        (any::<usize>(), c).prop_map(|(i, c)| Mutation::Replace(i, c)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// `text` with `mutation` applied; characters are edited whole, so that it stays UTF-8
/// (bytes that are not are refused before either reader runs).
fn mutate(text: &str, mutation: &Mutation) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match *mutation {
        Mutation::Delete(i) => {
            chars.remove(i % chars.len());
        }
        Mutation::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
        Mutation::Replace(i, c) => {
            let i = i % chars.len();
            chars[i] = c;
        }
        Mutation::DuplicateLine(i) => {
            let i = i % lines.len();
            lines.insert(i, lines[i]);
            return lines.concat();
        }
        Mutation::SwapLines(a, b) => {
            let n = lines.len();
            lines.swap(a % n, b % n);
            return lines.concat();
        }
    }
    chars.into_iter().collect()
}

/// Small texts with every construct the reader follows, where an edit most often lands on
/// the structure rather than inside a long text.
fn seeds() -> Vec<String> {
    let mut session = shapes::large_session(6, 4, 2);
    session.threats.truncate(2);
    session.considered.truncate(1);
    session.ticket = Some("PAY-1".into());
    session.clock.elapsed_secs = [(Phase::Scope, 5), (Phase::Review, 9)].into();
    session.elements[0].name = "a \"quoted\" r#\"raw\"# \\ name".into();
    session.elements[1].notes = "tab\tand é".into();
    session.decisions[0].review_by = NaiveDate::from_ymd_opt(2027, 1, 2);
    let mut seeds = forms(&session).to_vec();
    seeds.push(
        "// c\nSession(format: 3, title: \"t\\u{e9}\\n\", revision: 1, /* c */ created: \
         \"2026-11-20T10:00:00Z\", updated: \"2026-11-20T10:00:00Z\", agenda: (phases: \
         [(Scope, 1)]), clock: (phase: Scope, elapsed_secs: {Scope: 1}), previous: \
         Some(Revision(number: 1, sha256: r\"x\")), ticket: None)"
            .into(),
    );
    seeds
}

static SEEDS: LazyLock<Vec<String>> = LazyLock::new(seeds);

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn an_edited_text_the_fast_reader_accepts_ron_reads_the_same(
        seed in any::<prop::sample::Index>(),
        mutations in vec(mutation(), 1..4),
    ) {
        let mut text = seed.get(&SEEDS).clone();
        for mutation in &mutations {
            text = mutate(&text, mutation);
        }
        prop_assert!(agrees(&text).is_ok(), "{:?}", agrees(&text));
    }
}
