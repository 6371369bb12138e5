//! `Session::apply`, the one way to change a session: the domain rules it enforces, and the
//! property that any edit it accepts leaves a valid session while any edit it refuses leaves
//! the session byte-identical.

use chrono::{Days, NaiveDate, Utc};
use proptest::prelude::*;
use threatbench::model::{
    Agenda, Category, DecisionDraft, DecisionKind, DecisionStatus, Edit, EditError, ElementDraft,
    ElementKind, Grammar, Id, Participant, Phase, Retrospective, Session, Target, ThreatDraft,
    validate,
};
use threatbench::store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn example() -> Session {
    store::load(std::path::Path::new("sessions/refund-api.ron")).expect("the example loads")
}

fn empty() -> Session {
    let agenda = Agenda {
        quick: false,
        phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
    };
    Session::new("t", agenda, Utc::now())
}

fn node(name: &str) -> Edit {
    Edit::AddElement(ElementDraft {
        name: name.into(),
        kind: ElementKind::Process,
        notes: String::new(),
    })
}

fn threat(element: &str, title: &str) -> Edit {
    Edit::AddThreat {
        element: element.into(),
        category: Category::Tampering,
        draft: ThreatDraft {
            title: title.into(),
            ..ThreatDraft::default()
        },
    }
}

fn accept(threats: &[&str], owner: Option<&str>, review_by: Option<NaiveDate>) -> Edit {
    Edit::AddDecision(DecisionDraft {
        kind: DecisionKind::Accept,
        threats: threats.iter().map(|t| Id::from(*t)).collect(),
        summary: "live with it".into(),
        rationale: String::new(),
        owner: owner.map(str::to_owned),
        ticket: None,
        status: DecisionStatus::Open,
        review_by,
        requirements: Vec::new(),
    })
}

#[test]
fn ids_are_issued_and_never_reused() {
    let mut s = empty();
    let first = s.apply(node("api"), today()).unwrap();
    assert_eq!(first.target, Some(Target::Element("E1".into())));
    assert!(first.created);
    s.apply(Edit::Remove(Target::Element("E1".into())), today())
        .unwrap();
    let second = s.apply(node("api again"), today()).unwrap();
    assert_eq!(second.target, Some(Target::Element("E2".into())));
}

#[test]
fn acceptances_need_an_owner_and_a_review_date_not_in_the_past() {
    let mut s = empty();
    s.apply(node("api"), today()).unwrap();
    s.apply(threat("E1", "replay"), today()).unwrap();
    let ahead = today() + Days::new(90);
    let refusals = [
        (
            accept(&["T1"], None, Some(ahead)),
            EditError::AcceptWithoutOwner,
        ),
        (
            accept(&["T1"], Some("  "), Some(ahead)),
            EditError::AcceptWithoutOwner,
        ),
        (
            accept(&["T1"], Some("Bo"), None),
            EditError::AcceptWithoutReview,
        ),
        (
            accept(&["T1"], Some("Bo"), Some(today() - Days::new(1))),
            EditError::ReviewInPast(today() - Days::new(1)),
        ),
        (accept(&[], Some("Bo"), Some(ahead)), EditError::NoThreats),
    ];
    for (edit, expected) in refusals {
        assert_eq!(s.apply(edit, today()), Err(expected));
    }
    assert!(s.decisions.is_empty());
    s.apply(accept(&["T1"], Some("Bo"), Some(today())), today())
        .expect("today is not in the past");
    // Defence in depth: a second decision may answer the same threat.
    s.apply(accept(&["T1"], Some("Bo"), Some(ahead)), today())
        .expect("a threat may have several decisions");
    assert_eq!(s.decisions.len(), 2);
    assert_eq!(s.undecided_threats().len(), 0);
}

#[test]
fn flows_need_two_different_existing_nodes() {
    let mut s = empty();
    s.apply(node("a"), today()).unwrap();
    s.apply(node("b"), today()).unwrap();
    let flow = |from: &str, to: &str| {
        Edit::AddElement(ElementDraft {
            name: "f".into(),
            kind: ElementKind::DataFlow {
                from: from.into(),
                to: to.into(),
                data: String::new(),
            },
            notes: String::new(),
        })
    };
    assert_eq!(s.apply(flow("E1", "E1"), today()), Err(EditError::FlowLoop));
    assert!(matches!(
        s.apply(flow("E1", "E9"), today()),
        Err(EditError::BadReference { .. })
    ));
    s.apply(flow("E1", "E2"), today()).unwrap();
    assert!(
        matches!(
            s.apply(flow("E3", "E2"), today()),
            Err(EditError::BadReference { .. })
        ),
        "a flow cannot start at a flow"
    );
    let changed_kind = Edit::UpdateElement(
        "E3".into(),
        ElementDraft {
            name: "f".into(),
            kind: ElementKind::Process,
            notes: String::new(),
        },
    );
    assert_eq!(
        s.apply(changed_kind, today()),
        Err(EditError::KindChanged("E3".into()))
    );
}

#[test]
fn nothing_found_only_on_a_live_cell_without_threats() {
    let mut s = empty();
    s.apply(
        Edit::AddElement(ElementDraft {
            name: "user".into(),
            kind: ElementKind::ExternalEntity,
            notes: String::new(),
        }),
        today(),
    )
    .unwrap();
    let mark = |category| Edit::NothingFound {
        element: "E1".into(),
        category,
        note: "n/a".into(),
    };
    assert!(matches!(
        s.apply(mark(Category::Tampering), today()),
        Err(EditError::NotLive { .. })
    ));
    assert_eq!(
        s.apply(mark(Category::Tampering), today())
            .unwrap_err()
            .to_string(),
        "Tampering does not apply to an external entity here"
    );
    s.apply(mark(Category::Spoofing), today()).unwrap();
    assert_eq!(s.coverage().considered, 1);
    s.apply(
        Edit::AddThreat {
            element: "E1".into(),
            category: Category::Repudiation,
            draft: ThreatDraft {
                title: "denies it".into(),
                ..ThreatDraft::default()
            },
        },
        today(),
    )
    .unwrap();
    assert!(matches!(
        s.apply(mark(Category::Repudiation), today()),
        Err(EditError::HasThreats { .. })
    ));
}

fn threat_on(element: &str, category: Category) -> Edit {
    Edit::AddThreat {
        element: element.into(),
        category,
        draft: ThreatDraft {
            title: "something".into(),
            ..ThreatDraft::default()
        },
    }
}

#[test]
fn threats_only_on_cells_that_apply() {
    // The example: E8 is a data flow (T, I, D), E12 a trust boundary (no cells).
    let mut s = example();
    let before = s.clone();
    let spoofed_flow = s.apply(threat_on("E8", Category::Spoofing), today());
    assert_eq!(
        spoofed_flow,
        Err(EditError::NotLive {
            category: Category::Spoofing,
            kind: threatbench::model::KindTag::DataFlow
        })
    );
    assert_eq!(
        spoofed_flow.unwrap_err().to_string(),
        "Spoofing does not apply to a data flow here"
    );
    let on_boundary = s
        .apply(threat_on("E12", Category::Tampering), today())
        .unwrap_err();
    assert!(matches!(on_boundary, EditError::NotLive { .. }));
    assert_eq!(
        on_boundary.to_string(),
        "a trust boundary has no STRIDE cells of its own: its threats go on the flows that \
         cross it"
    );
    let nothing_on_boundary = Edit::NothingFound {
        element: "E12".into(),
        category: Category::Tampering,
        note: "n/a".into(),
    };
    assert!(matches!(
        s.apply(nothing_on_boundary, today()),
        Err(EditError::NotLive { .. })
    ));
    assert_eq!(s, before, "refused edits change nothing");
    s.apply(threat_on("E8", Category::Tampering), today())
        .expect("a live cell takes threats");
    assert_eq!(validate(&s), Ok(()));
}

#[test]
fn a_store_keeps_repudiation_while_it_has_threats_or_notes_there() {
    let mut s = empty();
    let store = |holds_logs| ElementDraft {
        name: "audit log".into(),
        kind: ElementKind::DataStore { holds_logs },
        notes: String::new(),
    };
    s.apply(Edit::AddElement(store(false)), today()).unwrap();
    assert!(matches!(
        s.apply(threat_on("E1", Category::Repudiation), today()),
        Err(EditError::NotLive { .. })
    ));
    s.apply(Edit::UpdateElement("E1".into(), store(true)), today())
        .unwrap();
    s.apply(threat_on("E1", Category::Repudiation), today())
        .unwrap();
    let before = s.clone();
    let refused = s
        .apply(Edit::UpdateElement("E1".into(), store(false)), today())
        .unwrap_err();
    assert_eq!(
        refused,
        EditError::CellInUse {
            element: "E1".into(),
            category: Category::Repudiation
        }
    );
    assert!(
        refused.to_string().contains("remove them first"),
        "{refused}"
    );
    assert_eq!(s, before);
    s.apply(Edit::Remove(Target::Threat("T1".into())), today())
        .unwrap();
    s.apply(Edit::UpdateElement("E1".into(), store(false)), today())
        .expect("no threat left under Repudiation");
    assert_eq!(validate(&s), Ok(()));
}

#[test]
fn removing_an_element_takes_what_depends_on_it() {
    let mut s = example();
    let before = s.clone();
    let applied = s
        .apply(Edit::Remove(Target::Element("E2".into())), today())
        .unwrap();
    assert_eq!(applied.removal, before.removal_of(&"E2".into()));
    assert!(applied.removal.elements.len() > 1, "flows go along");
    assert_eq!(validate(&s), Ok(()));
    assert!(s.element(&"E2".into()).is_none());
    assert_eq!(
        s.apply(Edit::Remove(Target::Element("E2".into())), today()),
        Err(EditError::NotFound(Target::Element("E2".into())))
    );
}

#[test]
fn removing_an_element_unlinks_a_shared_decision_and_undo_puts_everything_back() {
    let mut s = empty();
    for edit in [
        node("api"),
        node("db"),
        threat("E1", "replay"),
        threat("E2", "tamper"),
        threat("E1", "spoof"),
        threat("E2", "drop"),
        accept(&["T1", "T2"], Some("ana"), Some(today() + Days::new(30))),
        accept(&["T3"], Some("ana"), Some(today() + Days::new(30))),
        accept(&["T4", "T2"], Some("ana"), Some(today() + Days::new(30))),
    ] {
        s.apply(edit, today()).unwrap();
    }
    let before = s.clone();
    let (applied, change) = s
        .apply_undoable(Edit::Remove(Target::Element("E1".into())), today())
        .unwrap();
    let ids = |list: &[Id]| list.iter().map(Id::to_string).collect::<Vec<_>>();
    assert_eq!(ids(&applied.removal.threats), ["T1", "T3"]);
    assert_eq!(ids(&applied.removal.decisions), ["D2"]);
    // D1 keeps T2 (it loses T1); D3 answered nothing of E1 and stays as it was.
    let decisions: Vec<(String, Vec<String>)> = s
        .decisions
        .iter()
        .map(|d| (d.id.to_string(), ids(&d.threats)))
        .collect();
    assert_eq!(
        decisions,
        [
            ("D1".to_owned(), vec!["T2".to_owned()]),
            ("D3".to_owned(), vec!["T4".to_owned(), "T2".to_owned()])
        ]
    );
    assert_eq!(validate(&s), Ok(()));
    let redo = s.revert(change);
    assert_eq!(s, before);
    s.revert(redo);
    assert_eq!(s.decisions.len(), 2);
    assert_eq!(s.threats.len(), 2);
}

#[test]
fn refused_edits_name_what_is_wrong() {
    let mut s = empty();
    let cases = [
        (node(""), "a name is required"),
        (
            node("evil\u{1b}[2J"),
            "a name contains the control character U+001B",
        ),
        (threat("E1", "x"), "E1 does not exist"),
        (Edit::ToggleFollowUp(0), "parking-lot item 1 does not exist"),
        (Edit::Park("   ".into()), "the point is required"),
        (node("\u{2800}"), "a name is required"),
        (
            node(" \u{3164}\u{115F}\u{1160}\u{FFA0} "),
            "a name is required",
        ),
        (
            Edit::AddAsset("\u{2800}\u{FE0F}".into()),
            "the asset is required",
        ),
    ];
    for (edit, message) in cases {
        assert_eq!(s.apply(edit, today()).unwrap_err().to_string(), message);
    }
}

#[test]
fn a_blank_looking_title_or_participant_starts_no_session() {
    let new = |title: &str, participant: &str| threatbench::model::NewSession {
        title: title.into(),
        ticket: None,
        agenda: empty().agenda,
        participants: vec![Participant {
            name: participant.into(),
            role: None,
        }],
    };
    assert_eq!(
        new("\u{2800}", "Bo").create(Utc::now()),
        Err(threatbench::model::NewSessionError::EmptyTitle)
    );
    assert!(matches!(
        new("Refund API", "\u{3164}").create(Utc::now()),
        Err(threatbench::model::NewSessionError::Nameless(_))
    ));
    assert!(new("Refund API", "Bo").create(Utc::now()).is_ok());
}

// ---- the property: accepted edits keep a session valid, refused ones change nothing ----

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-z]{1,8}( [a-z]{1,6})?",
        1 => Just(String::new()),
        1 => Just("   ".to_owned()),
        1 => Just("bad\u{1b}]52;c;x\u{7}".to_owned()),
        1 => Just("two\nlines".to_owned()),
    ]
}

fn id(prefix: char, max: u32) -> impl Strategy<Value = Id> {
    (1..=max).prop_map(move |n| Id::from(format!("{prefix}{n}").as_str()))
}

fn category() -> impl Strategy<Value = Category> {
    prop::sample::select(Category::ALL.to_vec())
}

fn rating() -> impl Strategy<Value = Option<u8>> {
    prop_oneof![Just(None), (0u8..=7).prop_map(Some)]
}

fn element_kind() -> impl Strategy<Value = ElementKind> {
    prop_oneof![
        Just(ElementKind::ExternalEntity),
        Just(ElementKind::Process),
        any::<bool>().prop_map(|holds_logs| ElementKind::DataStore { holds_logs }),
        (id('E', 12), id('E', 12), text()).prop_map(|(from, to, data)| ElementKind::DataFlow {
            from,
            to,
            data
        }),
        prop::collection::vec(id('E', 12), 0..4)
            .prop_map(|members| ElementKind::TrustBoundary { members }),
        (text(), prop::option::of(text())).prop_map(|(supplier, version)| {
            ElementKind::ThirdParty {
                supplier,
                version,
                purl: None,
            }
        }),
    ]
}

fn element_draft() -> impl Strategy<Value = ElementDraft> {
    (text(), element_kind(), text()).prop_map(|(name, kind, notes)| ElementDraft {
        name,
        kind,
        notes,
    })
}

fn threat_draft() -> impl Strategy<Value = ThreatDraft> {
    (text(), text(), rating(), rating(), rating()).prop_map(
        |(title, action, likelihood, impact, residual)| ThreatDraft {
            title,
            grammar: Grammar {
                action,
                ..Grammar::default()
            },
            likelihood,
            impact,
            residual_likelihood: residual,
            residual_impact: residual,
            references: Vec::new(),
            notes: String::new(),
        },
    )
}

fn decision_draft() -> impl Strategy<Value = DecisionDraft> {
    (
        prop::sample::select(DecisionKind::ALL.to_vec()),
        prop::collection::vec(id('T', 8), 0..3),
        text(),
        prop::option::of(text()),
        prop_oneof![1 => Just(None), 4 => (-3i64..200).prop_map(Some)],
    )
        .prop_map(|(kind, threats, summary, owner, days)| DecisionDraft {
            kind,
            threats,
            summary,
            rationale: String::new(),
            owner,
            ticket: None,
            status: DecisionStatus::Open,
            review_by: days.map(|d| today() + chrono::TimeDelta::days(d)),
            requirements: Vec::new(),
        })
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        id('E', 12).prop_map(Target::Element),
        id('T', 14).prop_map(Target::Threat),
        id('D', 6).prop_map(Target::Decision),
        id('A', 4).prop_map(Target::Assumption),
        (0usize..4).prop_map(Target::Asset),
        (0usize..4).prop_map(Target::Participant),
        (0usize..4).prop_map(Target::Parked),
        (id('E', 12), category()).prop_map(|(e, c)| Target::NothingFound(e, c)),
        Just(Target::Retrospective),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let participant =
        || (text(), prop::option::of(text())).prop_map(|(name, role)| Participant { name, role });
    prop_oneof![
        4 => element_draft().prop_map(Edit::AddElement),
        4 => (id('E', 12), element_draft()).prop_map(|(id, d)| Edit::UpdateElement(id, d)),
        1 => participant().prop_map(Edit::AddParticipant),
        1 => ((0usize..4), participant()).prop_map(|(i, p)| Edit::UpdateParticipant(i, p)),
        1 => text().prop_map(Edit::AddAsset),
        1 => ((0usize..4), text()).prop_map(|(i, t)| Edit::UpdateAsset(i, t)),
        1 => text().prop_map(Edit::AddAssumption),
        1 => (id('A', 4), text()).prop_map(|(id, t)| Edit::UpdateAssumption(id, t)),
        1 => text().prop_map(Edit::Park),
        1 => (0usize..4).prop_map(Edit::ToggleFollowUp),
        4 => (id('E', 12), category(), threat_draft())
            .prop_map(|(element, category, draft)| Edit::AddThreat { element, category, draft }),
        2 => (id('T', 14), threat_draft()).prop_map(|(id, d)| Edit::UpdateThreat(id, d)),
        2 => (id('E', 12), category(), text())
            .prop_map(|(element, category, note)| Edit::NothingFound { element, category, note }),
        6 => decision_draft().prop_map(Edit::AddDecision),
        3 => (id('D', 6), decision_draft()).prop_map(|(id, d)| Edit::UpdateDecision(id, d)),
        1 => (text(), text()).prop_map(|(worked, change)| {
            Edit::Retrospective(Retrospective { worked, change })
        }),
        3 => target().prop_map(Edit::Remove),
        1 => prop::sample::select(Phase::ALL.to_vec()).prop_map(Edit::SetPhase),
        1 => any::<bool>().prop_map(Edit::Pause),
        1 => (0u64..100_000).prop_map(Edit::Elapse),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn accepted_edits_keep_the_session_valid_and_refused_ones_change_nothing(
        from_example in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..40),
    ) {
        let mut s = if from_example { example() } else { empty() };
        for edit in edits {
            let before = store::to_ron(&s).expect("serializes");
            match s.apply(edit.clone(), today()) {
                Ok(_) => prop_assert_eq!(validate(&s), Ok(()), "after {:?}", edit),
                Err(why) => prop_assert_eq!(
                    store::to_ron(&s).expect("serializes"),
                    before,
                    "{:?} was refused ({}) but changed the session",
                    edit,
                    why
                ),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Undo by inverse changes: taking back every applied edit, last first, gives the
    /// session before them exactly (but for the clock and the ID counters, which only go
    /// forward); carrying out the changes that gave back returns the session after them.
    #[test]
    fn taking_back_every_edit_gives_the_start_and_redoing_gives_the_end(
        from_example in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..40),
    ) {
        let start = if from_example { example() } else { empty() };
        let mut s = start.clone();
        let mut undo = Vec::new();
        for edit in edits {
            if let Ok((_, change)) = s.apply_undoable(edit, today()) {
                undo.push(change);
            }
        }
        let end = s.clone();
        let mut redo = Vec::new();
        for change in undo.into_iter().rev() {
            redo.push(s.revert(change));
        }
        let expected = Session {
            clock: end.clock.clone(),
            counters: end.counters.clone(),
            ..start
        };
        prop_assert_eq!(&s, &expected);
        for change in redo.into_iter().rev() {
            s.revert(change);
        }
        prop_assert_eq!(&s, &end);
        prop_assert_eq!(validate(&s), Ok(()));
    }
}

/// A step of the property below: an edit, or a step back or forward.
#[derive(Debug, Clone)]
enum Step {
    Edit(Box<Edit>),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => edit().prop_map(|e| Step::Edit(Box::new(e))),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The workbench's figures follow each edit, undo and redo by what it reached: after
    /// every step they are the figures counted from scratch.
    #[test]
    fn figures_that_follow_each_edit_are_those_counted_from_scratch(
        from_example in any::<bool>(),
        steps in prop::collection::vec(step(), 1..50),
    ) {
        use threatbench::app::Derived;
        let mut s = if from_example { example() } else { empty() };
        let mut generation = 0;
        let mut derived = Derived::of(&s, generation, None);
        let (mut back, mut forth) = (Vec::new(), Vec::new());
        for step in steps {
            let change = match &step {
                Step::Edit(edit) => match s.apply_undoable(Edit::clone(edit), today()) {
                    Ok((_, change)) if edit.is_content() => {
                        forth.clear();
                        back.push(change);
                        back.last()
                    }
                    _ => continue,
                },
                Step::Undo => match back.pop() {
                    Some(change) => {
                        forth.push(s.revert(change));
                        forth.last()
                    }
                    None => continue,
                },
                Step::Redo => match forth.pop() {
                    Some(change) => {
                        back.push(s.revert(change));
                        back.last()
                    }
                    None => continue,
                },
            };
            let change = change.expect("just pushed");
            generation += 1;
            if !derived.follow(&s, &change.reach(&s), generation) {
                derived = Derived::of(&s, generation, None);
            }
            derived.filter(&s, None);
            let counted = Derived::of(&s, generation, None);
            prop_assert!(
                derived.agrees_with(&counted),
                "after {:?}:\nfollowed {:#?}\ncounted {:#?}",
                step,
                derived,
                counted
            );
            prop_assert_eq!(&derived.ranking, &counted.ranking);
            prop_assert_eq!(derived.undecided, counted.undecided);
            // The checklist judged from the followed figures is the one judged from the
            // session alone.
            let thresholds = threatbench::model::Thresholds::default();
            derived.judge(&s, today(), thresholds);
            prop_assert_eq!(&derived.readiness, &s.readiness(today(), &thresholds));
        }
    }
}

#[test]
fn an_edit_of_a_threat_or_decision_is_followed_not_counted_again() {
    use threatbench::app::Derived;
    let mut s = example();
    let mut derived = Derived::of(&s, 0, None);
    let threat = s.threats[0].id.clone();
    let edits = [
        Edit::UpdateThreat(
            threat.clone(),
            ThreatDraft {
                title: "renamed".into(),
                ..ThreatDraft::default()
            },
        ),
        Edit::Remove(Target::Threat(threat.clone())),
        Edit::Remove(Target::Decision(
            s.decisions
                .iter()
                .find(|d| !d.threats.contains(&threat))
                .expect("the example has decisions about other threats")
                .id
                .clone(),
        )),
    ];
    for (n, edit) in edits.into_iter().enumerate() {
        let (_, change) = s.apply_undoable(edit.clone(), today()).expect("applies");
        let generation = n as u64 + 1;
        assert!(
            derived.follow(&s, &change.reach(&s), generation),
            "{edit:?}"
        );
        assert!(
            derived.agrees_with(&Derived::of(&s, generation, None)),
            "{edit:?}"
        );
    }
}

#[test]
fn deleting_an_element_and_its_undo_are_followed_not_counted_again() {
    use threatbench::app::Derived;
    let mut s = example();
    let mut derived = Derived::of(&s, 0, None);
    // An element with threats and flows attached, that is not a boundary.
    let element = s
        .elements
        .iter()
        .filter(|e| !matches!(e.kind, ElementKind::TrustBoundary { .. }))
        .max_by_key(|e| s.threats.iter().filter(|t| t.element == e.id).count())
        .expect("the example has elements")
        .id
        .clone();
    let (_, undo) = s
        .apply_undoable(Edit::Remove(Target::Element(element.clone())), today())
        .expect("applies");
    assert!(derived.follow(&s, &undo.reach(&s), 1), "the delete");
    assert!(derived.agrees_with(&Derived::of(&s, 1, None)));
    let redo = s.revert(undo);
    assert!(s.elements.iter().any(|e| e.id == element));
    assert!(derived.follow(&s, &redo.reach(&s), 2), "its undo");
    assert!(derived.agrees_with(&Derived::of(&s, 2, None)));
}
