use chrono::{TimeZone, Utc};

use super::*;
use crate::model::{
    Agenda, Assumption, Decision, DecisionStatus, Element, ElementKind, IdKind, NothingFound,
    Phase, RiskBand, Threat,
};

/// A process, a store and an external entity; one threat on the process, decided; one
/// unrated threat on the store; one "nothing found"; one assumption.
fn session() -> Session {
    let agenda = Agenda {
        quick: false,
        phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
    };
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap();
    let mut s = Session::new("Refund API", agenda, at);
    for (name, kind) in [
        ("API", ElementKind::Process),
        ("DB", ElementKind::DataStore { holds_logs: false }),
        ("Customer", ElementKind::ExternalEntity),
    ] {
        let id = s.issue_id(IdKind::Element);
        s.elements.push(Element {
            id,
            kind,
            name: name.into(),
            notes: String::new(),
        });
    }
    for (element, category, rating) in [
        ("E1", Category::Tampering, Some(2)),
        ("E2", Category::InformationDisclosure, None),
    ] {
        let id = s.issue_id(IdKind::Threat);
        s.threats.push(Threat {
            id,
            element: element.into(),
            category,
            title: format!("threat on {element}"),
            grammar: Default::default(),
            likelihood: rating,
            impact: rating,
            residual_likelihood: None,
            residual_impact: None,
            references: Vec::new(),
            notes: String::new(),
        });
    }
    let id = s.issue_id(IdKind::Decision);
    s.decisions.push(Decision {
        id,
        kind: DecisionKind::Mitigate,
        threats: vec!["T1".into()],
        summary: "Sign requests".into(),
        rationale: String::new(),
        owner: Some("Bo".into()),
        ticket: None,
        status: DecisionStatus::Open,
        review_by: None,
        requirements: Vec::new(),
    });
    s.considered.push(NothingFound {
        element: "E3".into(),
        category: Category::Spoofing,
        note: "SSO".into(),
    });
    let id = s.issue_id(IdKind::Assumption);
    s.assumptions.push(Assumption {
        id,
        text: "TLS ends at the balancer".into(),
    });
    s
}

#[test]
fn the_same_session_saved_again_is_no_change() {
    let old = session();
    let mut new = old.clone();
    new.updated = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let d = diff(&old, &new);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(d.coverage.old, d.coverage.new);
}

#[test]
fn items_are_matched_by_id_not_by_place() {
    let old = session();
    let mut new = old.clone();
    new.threats.reverse();
    new.elements.rotate_left(1);
    assert!(diff(&old, &new).is_empty());
}

#[test]
fn added_removed_and_changed_fields_by_id() {
    let old = session();
    let mut new = old.clone();
    new.elements.retain(|e| e.id.as_str() != "E3");
    new.considered.clear();
    new.threats[1].likelihood = Some(4);
    new.threats[1].impact = Some(5);
    new.threats[0].title = "signed threat on E1".into();
    let id = new.issue_id(IdKind::Threat);
    new.threats.push(Threat {
        id,
        title: "new one".into(),
        ..old.threats[0].clone()
    });
    new.assumptions[0].text = "TLS ends at the pod".into();
    let d = diff(&old, &new);
    assert_eq!(d.elements.removed.len(), 1);
    assert_eq!(d.elements.removed[0].label, "Customer");
    assert_eq!(d.threats.added[0].id.as_str(), "T3");
    let undecided: Vec<&str> = d.undecided.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        undecided,
        ["T3"],
        "a new threat without a decision is undecided now"
    );
    let names: Vec<Vec<&str>> = d
        .threats
        .changed
        .iter()
        .map(|c| c.fields.iter().map(|f| f.name).collect())
        .collect();
    assert_eq!(names, [vec!["title"], vec!["likelihood", "impact"]]);
    let rated = &d.threats.changed[1].fields[0];
    assert_eq!(
        (rated.old.as_deref(), rated.new.as_deref()),
        (None, Some("4"))
    );
    assert_eq!(d.risks.len(), 1);
    assert_eq!(d.risks[0].risk.old, None);
    assert_eq!(
        d.risks[0].risk.new.map(|r| (r.score, r.band)),
        Some((20, RiskBand::Critical))
    );
    assert_eq!(d.assumptions.changed[0].fields[0].name, "text");
    assert!(
        d.other.is_empty(),
        "a note removed with its cell is in the cells"
    );
    assert!(!d.is_empty());
}

#[test]
fn decision_kinds_and_threats_left_undecided() {
    let old = session();
    let mut new = old.clone();
    new.decisions[0].kind = DecisionKind::Accept;
    let d = diff(&old, &new);
    assert_eq!(d.kinds.len(), 1);
    assert_eq!(
        (d.kinds[0].kind.old, d.kinds[0].kind.new),
        (DecisionKind::Mitigate, DecisionKind::Accept)
    );
    assert!(d.undecided.is_empty());

    let mut moved = old.clone();
    moved.decisions[0].threats = vec!["T2".into()];
    let d = diff(&old, &moved);
    assert_eq!(
        d.undecided
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>(),
        ["T1"]
    );
    assert_eq!(
        d.decided.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["T2"]
    );
    assert_eq!(d.decisions.changed[0].fields[0].name, "threats");
}

#[test]
fn cells_newly_considered_no_longer_considered_and_no_longer_live() {
    let old = session();
    let mut new = old.clone();
    // E2 becomes a log store: R is live now, and considered with a note.
    new.elements[1].kind = ElementKind::DataStore { holds_logs: true };
    new.considered.push(NothingFound {
        element: "E2".into(),
        category: Category::Repudiation,
        note: "append-only".into(),
    });
    // E3 becomes a flow: S and R are no longer live.
    new.elements[2].kind = ElementKind::DataFlow {
        from: "E1".into(),
        to: "E2".into(),
        data: String::new(),
    };
    // T2 is removed: E2's I is no longer considered.
    new.threats.remove(1);
    let d = diff(&old, &new);
    let cells = |list: &[CellRef]| {
        list.iter()
            .map(|c| format!("{}{}", c.element, c.category.letter()))
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(&d.cells.considered), ["E2R"]);
    assert_eq!(cells(&d.cells.unconsidered), ["E2I"]);
    assert_eq!(cells(&d.cells.not_live), ["E3S", "E3R"]);
    let kind = &d.elements.changed[1].fields;
    let names: Vec<&str> = kind.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        ["kind", "from", "to"],
        "the flow's details come with its kind"
    );
    assert_ne!(d.coverage.old, d.coverage.new);
}

#[test]
fn title_ticket_and_revision() {
    let old = session();
    let mut new = old.clone();
    new.title = "Refunds".into();
    new.ticket = Some("PAY-1".into());
    new.revision = 2;
    new.considered[0].note = "SSO and MFA".into();
    new.clock.paused = true;
    let d = diff(&old, &new);
    assert_eq!(d.other, ["clock", "notes on considered cells"]);
    assert_eq!(d.title.as_ref().map(|c| c.new.as_str()), Some("Refunds"));
    assert_eq!(d.ticket.as_ref().map(|c| c.old.clone()), Some(None));
    assert_eq!(d.revision.as_ref().map(|c| (c.old, c.new)), Some((1, 2)));
}

#[test]
fn long_text_changes_keep_the_changed_words() {
    let words = |n: usize| (0..n).map(|i| format!("word{i}")).collect::<Vec<_>>();
    let old = words(40).join(" ");
    let mut changed = words(40);
    changed[20] = "CHANGED".into();
    let (a, b) = compact(&old, &changed.join(" "));
    assert_eq!(a, "… word19 word20 word21 …");
    assert_eq!(b, "… word19 CHANGED word21 …");
    let (a, b) = compact("short", "also short");
    assert_eq!((a.as_str(), b.as_str()), ("short", "also short"));
    let (a, _) = compact(&"x".repeat(300), "y");
    assert!(unicode_width::UnicodeWidthStr::width(a.as_str()) <= SHOWN_COLUMNS);
    let (a, _) = compact("a\u{1b}[31m red \u{202e}", &"z ".repeat(60));
    assert!(!a.contains('\u{1b}') && !a.contains('\u{202e}'));
}

#[test]
fn residual_ratings_references_and_requirements_are_compared() {
    let old = session();
    let mut new = old.clone();
    new.threats[0].residual_likelihood = Some(1);
    new.threats[0].references = vec!["CWE-79".parse().unwrap()];
    new.decisions[0].requirements = vec![crate::model::Requirement::Point('d')];
    let d = diff(&old, &new);
    let fields: Vec<(&str, Option<&str>)> = d
        .threats
        .changed
        .iter()
        .chain(&d.decisions.changed)
        .flat_map(|c| &c.fields)
        .map(|f| (f.name, f.new.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("residual likelihood", Some("1")),
            ("references", Some("CWE-79")),
            ("serves CRA", Some("I(2)(d)")),
        ]
    );
}
