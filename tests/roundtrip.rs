//! Any valid session survives the trip to RON text and back, and through a real save and
//! load on disk, unchanged.

mod common;

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use threatbench::model::{
    Assumption, Category, Decision, DecisionKind, DecisionStatus, Element, ElementKind, Grammar,
    Id, IdKind, NothingFound, ParkingItem, Participant, Phase, Retrospective, Revision, Session,
    Threat, validate,
};
use threatbench::store::{self, SessionFile};

/// Text with the characters that stress RON strings: quotes, hashes, backslashes, line
/// breaks, tabs, braces and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \n\t\"'#(),:\\\\{}\\[\\]ré€😀]{0,24}"
}

fn title() -> impl Strategy<Value = String> {
    "[A-Za-z][a-zA-Z0-9 \"#\\\\é€😀]{0,30}"
}

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_000_000_000).prop_map(|secs| DateTime::from_timestamp(secs, 0).unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..40_000).prop_map(|days| {
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(days as u64)
    })
}

type NodeSpec = (u8, String, String, Option<String>);
type ThreatSpec = (
    usize,
    usize,
    String,
    Option<u8>,
    Option<u8>,
    [String; 5],
    String,
);
type Extras = (
    Vec<String>,
    Vec<String>,
    Vec<(String, bool)>,
    String,
    String,
    u32,
);
type Header = (
    String,
    Option<String>,
    u32,
    bool,
    DateTime<Utc>,
    DateTime<Utc>,
);
type DecisionSpec = (
    usize,
    Vec<usize>,
    String,
    String,
    Option<String>,
    usize,
    Option<NaiveDate>,
);

fn pick<T: Clone>(items: &[T], index: usize) -> T {
    items[index % items.len()].clone()
}

#[allow(clippy::too_many_arguments)]
fn build(
    header: Header,
    participants: Vec<(String, Option<String>)>,
    clock: (usize, BTreeMap<u8, u64>, bool),
    nodes: Vec<NodeSpec>,
    flows: Vec<(usize, usize, String)>,
    boundary: Option<Vec<usize>>,
    threats: Vec<ThreatSpec>,
    considered: Vec<(usize, usize, String)>,
    decisions: Vec<DecisionSpec>,
    extras: Extras,
) -> Session {
    let (title, ticket, revision, quick, created, updated) = header;
    let mut s = Session::new(title, common::agenda(), created);
    s.agenda.quick = quick;
    s.ticket = ticket;
    s.revision = revision;
    if revision > 1 {
        s.previous = Some(Revision {
            number: revision - 1,
            sha256: "ab".repeat(32),
        });
    }
    // A session is saved after it is made, or in the same second.
    s.created = created.min(updated);
    s.updated = created.max(updated);
    s.participants = participants
        .into_iter()
        .map(|(name, role)| Participant { name, role })
        .collect();
    s.clock.phase = Phase::ALL[clock.0 % 4];
    s.clock.elapsed_secs = clock
        .1
        .into_iter()
        .map(|(p, secs)| (Phase::ALL[p as usize % 4], secs))
        .collect();
    s.clock.paused = clock.2;
    let mut node_ids = Vec::new();
    for (kind, name, notes, extra) in nodes {
        let kind = match kind % 4 {
            0 => ElementKind::ExternalEntity,
            1 => ElementKind::Process,
            2 => ElementKind::DataStore {
                holds_logs: extra.is_some(),
            },
            _ => ElementKind::ThirdParty {
                supplier: notes.clone(),
                version: extra.clone(),
                purl: extra.map(|v| format!("pkg:cargo/x@{v}")),
            },
        };
        let id = s.issue_id(IdKind::Element);
        s.elements.push(Element {
            id: id.clone(),
            kind,
            name,
            notes,
        });
        node_ids.push(id);
    }
    if node_ids.len() >= 2 {
        for (from, to, data) in flows {
            let id = s.issue_id(IdKind::Element);
            // Two different ends: the second is picked among the others.
            let from_index = from % node_ids.len();
            let to_index = (from_index + 1 + to % (node_ids.len() - 1)) % node_ids.len();
            let kind = ElementKind::DataFlow {
                from: node_ids[from_index].clone(),
                to: node_ids[to_index].clone(),
                data,
            };
            s.elements.push(Element {
                id,
                kind,
                name: "flow".into(),
                notes: String::new(),
            });
        }
        if let Some(members) = boundary {
            let members: Vec<Id> = members
                .iter()
                .map(|m| pick(&node_ids, *m))
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            let id = s.issue_id(IdKind::Element);
            s.elements.push(Element {
                id,
                kind: ElementKind::TrustBoundary { members },
                name: "b".into(),
                notes: String::new(),
            });
        }
    }
    // Threats and notes go on live cells only: the elements that have cells, each under a
    // category that applies to it.
    let with_cells: Vec<(Id, Vec<Category>)> = s
        .elements
        .iter()
        .map(|e| (e.id.clone(), e.kind.live_categories().iter().collect()))
        .filter(|(_, live): &(Id, Vec<Category>)| !live.is_empty())
        .collect();
    let cell = |element: usize, category: usize| {
        let (id, live) = pick(&with_cells, element);
        (id, pick(&live, category))
    };
    if !with_cells.is_empty() {
        for (element, category, title, likelihood, impact, g, notes) in threats {
            let [source, prerequisites, action, impact_text, assets] = g;
            let id = s.issue_id(IdKind::Threat);
            let (element, category) = cell(element, category);
            s.threats.push(Threat {
                id,
                element,
                category,
                title,
                grammar: Grammar {
                    source,
                    prerequisites,
                    action,
                    impact: impact_text,
                    assets,
                },
                likelihood,
                impact,
                residual_likelihood: likelihood.map(|l| l.min(2)),
                residual_impact: impact.and(likelihood),
                references: match likelihood {
                    Some(n) => vec![format!("CWE-{n}").parse().unwrap()],
                    None => Vec::new(),
                },
                notes,
            });
        }
        let mut seen = HashSet::new();
        for (element, category, note) in considered {
            let cell = cell(element, category);
            if seen.insert(cell.clone()) {
                s.considered.push(NothingFound {
                    element: cell.0,
                    category: cell.1,
                    note,
                });
            }
        }
    }
    let threat_ids: Vec<Id> = s.threats.iter().map(|t| t.id.clone()).collect();
    let mut decided: HashSet<Id> = HashSet::new();
    if !threat_ids.is_empty() {
        for (kind, targets, summary, rationale, owner, status, review_by) in decisions {
            let mut answered: Vec<Id> = Vec::new();
            for t in targets {
                let id = pick(&threat_ids, t);
                if !answered.contains(&id) && !decided.contains(&id) {
                    answered.push(id);
                }
            }
            if answered.is_empty() {
                continue; // one decision per threat: all of these are answered already
            }
            decided.extend(answered.iter().cloned());
            let id = s.issue_id(IdKind::Decision);
            s.decisions.push(Decision {
                id,
                kind: DecisionKind::ALL[kind % 4],
                threats: answered,
                summary,
                rationale,
                owner: owner.clone(),
                ticket: owner,
                status: [
                    DecisionStatus::Open,
                    DecisionStatus::InProgress,
                    DecisionStatus::Done,
                ][status % 3],
                review_by,
                // Some decisions say which CRA requirements they serve.
                requirements: threatbench::model::Requirement::ALL
                    .into_iter()
                    .skip(kind)
                    .step_by(5)
                    .take(status % 3)
                    .collect(),
            });
        }
    }
    let (assets, assumptions, parked, worked, change, gap) = extras;
    s.assets = assets;
    for text in assumptions {
        let id = s.issue_id(IdKind::Assumption);
        s.assumptions.push(Assumption { id, text });
    }
    s.parking_lot = parked
        .into_iter()
        .map(|(text, follow_up)| ParkingItem { text, follow_up })
        .collect();
    s.retrospective = Retrospective { worked, change };
    // Deleted items leave gaps: counters run ahead of the IDs in use.
    s.counters.threats += gap;
    s.counters.elements += gap;
    s
}

fn session() -> impl Strategy<Value = Session> {
    (
        (
            title(),
            option::of(text()),
            1u32..5,
            any::<bool>(),
            time(),
            time(),
        ),
        vec((title(), option::of(text())), 0..4),
        (
            0usize..4,
            proptest::collection::btree_map(0u8..4, 0u64..100_000, 0..4),
            any::<bool>(),
        ),
        vec((0u8..4, title(), text(), option::of(text())), 0..6),
        vec((any::<usize>(), any::<usize>(), text()), 0..4),
        option::of(vec(any::<usize>(), 0..4)),
        vec(
            (
                any::<usize>(),
                0usize..6,
                title(),
                option::of(1u8..=5),
                option::of(1u8..=5),
                [text(), text(), text(), text(), text()],
                text(),
            ),
            0..8,
        ),
        vec((any::<usize>(), 0usize..6, text()), 0..6),
        vec(
            (
                0usize..4,
                vec(any::<usize>(), 1..4),
                title(),
                text(),
                option::of(text()),
                0usize..3,
                option::of(date()),
            ),
            0..4,
        ),
        (
            vec(text(), 0..3),
            vec(text(), 0..3),
            vec((text(), any::<bool>()), 0..3),
            text(),
            text(),
            0u32..3,
        ),
    )
        .prop_map(|(h, p, c, n, f, b, t, co, d, e)| build(h, p, c, n, f, b, t, co, d, e))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_session_round_trips_through_ron(session in session()) {
        prop_assert_eq!(validate(&session), Ok(()));
        let text = store::to_ron(&session).unwrap();
        let back = store::from_bytes(std::path::Path::new("p.ron"), text.as_bytes());
        prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), text);
        prop_assert_eq!(back.unwrap(), session);
    }
}

proptest! {
    // Each case fsyncs a file and a directory: fewer cases, same strategy.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_session_round_trips_through_a_real_save(session in session()) {
        let dir = tempfile::tempdir().unwrap();
        let mut file = SessionFile::create(dir.path(), &session).unwrap();
        prop_assert_eq!(store::load(file.path()).unwrap(), session.clone());
        // A second save over the first keeps the first as the backup.
        file.save(&session).unwrap();
        prop_assert_eq!(store::load(file.path()).unwrap(), session);
    }
}

#[test]
fn the_sample_reads_as_expected() {
    let text = store::to_ron(&common::sample()).unwrap();
    assert!(
        text.starts_with("#![enable(implicit_some)]\nSession(\n    format: 3,"),
        "{text}"
    );
    assert!(text.contains("kind: DataFlow(\n"), "{text}");
}
