//! Cells marked to review again (format 2, `needs_review`): the edit that marks a cell and
//! its rules, what clears a mark, validation of a file that holds marks, and how `check`,
//! the readiness checklist, `revise`, `diff` and `merge` carry them.

mod common;

use chrono::NaiveDate;
use threatbench::model::{
    Category, Edit, EditError, ElementDraft, ElementKind, Id, NeedsReview, Rule, Session, Target,
    ThreatDraft, Thresholds, validate,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// The sample with a third-party component `E6` ("serde") whose Tampering cell holds a
/// threat and whose Spoofing cell is "nothing found".
fn session() -> (Session, Id) {
    let mut s = common::sample();
    let applied = s
        .apply(
            Edit::AddElement(ElementDraft {
                name: "serde".into(),
                kind: ElementKind::ThirdParty {
                    supplier: "dtolnay".into(),
                    version: Some("1.0.1".into()),
                    purl: None,
                },
                notes: String::new(),
            }),
            today(),
        )
        .unwrap();
    let Some(Target::Element(serde)) = applied.target else {
        panic!("{applied:?}")
    };
    let threat = |title: &str| ThreatDraft {
        title: title.into(),
        ..ThreatDraft::default()
    };
    s.apply(
        Edit::AddThreat {
            element: serde.clone(),
            category: Category::Tampering,
            draft: threat("malicious release"),
        },
        today(),
    )
    .unwrap();
    s.apply(
        Edit::NothingFound {
            element: serde.clone(),
            category: Category::Spoofing,
            note: "a crate".into(),
        },
        today(),
    )
    .unwrap();
    (s, serde)
}

fn mark(element: &Id, category: Category, reason: &str) -> Edit {
    Edit::NeedsReview {
        element: element.clone(),
        category,
        reason: reason.into(),
    }
}

#[test]
fn marking_checks_the_cell_and_keeps_every_reason() {
    let (mut s, serde) = session();
    let flow = s.elements[3].id.clone();
    let before = s.clone();
    assert_eq!(
        s.apply(mark(&flow, Category::Spoofing, "x"), today()),
        Err(EditError::NotLive {
            category: Category::Spoofing,
            kind: threatbench::model::KindTag::DataFlow
        })
    );
    assert_eq!(
        s.apply(mark(&serde, Category::Tampering, " "), today()),
        Err(EditError::Required("a reason"))
    );
    assert!(matches!(
        s.apply(mark(&Id::from("E99"), Category::Tampering, "x"), today()),
        Err(EditError::NotFound(_))
    ));
    assert_eq!(s, before, "a refused mark changes nothing");

    s.apply(
        mark(
            &serde,
            Category::Tampering,
            "serde changed from 1.0.1 to 1.0.2",
        ),
        today(),
    )
    .unwrap();
    s.apply(
        mark(
            &serde,
            Category::Tampering,
            "serde changed from 1.0.2 to 1.0.3",
        ),
        today(),
    )
    .unwrap();
    s.apply(
        mark(
            &serde,
            Category::Tampering,
            "serde changed from 1.0.2 to 1.0.3",
        ),
        today(),
    )
    .unwrap();
    assert_eq!(
        s.needs_review,
        [NeedsReview {
            element: serde.clone(),
            category: Category::Tampering,
            reason: "serde changed from 1.0.1 to 1.0.2; serde changed from 1.0.2 to 1.0.3".into(),
        }]
    );
    assert_eq!(validate(&s), Ok(()));
}

#[test]
fn recording_on_the_cell_again_clears_its_mark() {
    let (mut s, serde) = session();
    for category in [
        Category::Spoofing,
        Category::Tampering,
        Category::Repudiation,
    ] {
        s.apply(mark(&serde, category, "changed"), today()).unwrap();
    }
    // The threat changed (even saved unchanged): Tampering is reviewed.
    let threat = s
        .threats
        .iter()
        .find(|t| t.element == serde)
        .unwrap()
        .clone();
    s.apply(
        Edit::UpdateThreat(threat.id.clone(), (&threat).into()),
        today(),
    )
    .unwrap();
    // The note saved again: Spoofing is reviewed.
    s.apply(
        Edit::NothingFound {
            element: serde.clone(),
            category: Category::Spoofing,
            note: "a crate".into(),
        },
        today(),
    )
    .unwrap();
    let left: Vec<Category> = s.needs_review.iter().map(|m| m.category).collect();
    assert_eq!(left, [Category::Repudiation]);
    // A threat added there: Repudiation too.
    s.apply(
        Edit::AddThreat {
            element: serde.clone(),
            category: Category::Repudiation,
            draft: ThreatDraft {
                title: "no audit of upgrades".into(),
                ..ThreatDraft::default()
            },
        },
        today(),
    )
    .unwrap();
    assert!(s.needs_review.is_empty());

    // Dismissed by hand, or gone with its element.
    s.apply(mark(&serde, Category::Tampering, "changed"), today())
        .unwrap();
    s.apply(
        Edit::Remove(Target::NeedsReview(serde.clone(), Category::Tampering)),
        today(),
    )
    .unwrap();
    assert!(s.needs_review.is_empty());
    s.apply(mark(&serde, Category::Tampering, "changed"), today())
        .unwrap();
    s.apply(Edit::Remove(Target::Element(serde)), today())
        .unwrap();
    assert!(s.needs_review.is_empty());
    assert_eq!(validate(&s), Ok(()));
}

#[test]
fn a_store_that_stops_holding_logs_drops_the_mark_on_repudiation() {
    let mut s = common::sample();
    let store = |holds_logs| ElementDraft {
        name: "audit bucket".into(),
        kind: ElementKind::DataStore { holds_logs },
        notes: String::new(),
    };
    let Some(Target::Element(db)) = s
        .apply(Edit::AddElement(store(true)), today())
        .unwrap()
        .target
    else {
        panic!()
    };
    s.apply(
        mark(&db, Category::Repudiation, "retention changed"),
        today(),
    )
    .unwrap();
    s.apply(mark(&db, Category::Tampering, "retention changed"), today())
        .unwrap();
    s.apply(Edit::UpdateElement(db, store(false)), today())
        .unwrap();
    let left: Vec<Category> = s.needs_review.iter().map(|m| m.category).collect();
    assert_eq!(left, [Category::Tampering]);
    assert_eq!(validate(&s), Ok(()));
}

#[test]
fn a_file_with_a_bad_mark_does_not_validate() {
    let (mut s, serde) = session();
    let flow = s.elements[3].id.clone();
    let good = NeedsReview {
        element: serde,
        category: Category::Tampering,
        reason: "changed".into(),
    };
    s.needs_review = vec![good.clone(), good.clone()];
    assert!(
        validate(&s)
            .unwrap_err()
            .to_string()
            .contains("there twice")
    );
    s.needs_review = vec![NeedsReview {
        element: flow,
        category: Category::Spoofing,
        ..good.clone()
    }];
    assert!(
        validate(&s)
            .unwrap_err()
            .to_string()
            .contains("on a cell that does not apply")
    );
    s.needs_review = vec![NeedsReview {
        element: Id::from("E99"),
        ..good.clone()
    }];
    assert!(validate(&s).unwrap_err().to_string().contains("E99"));
    s.needs_review = vec![NeedsReview {
        reason: "bad \u{1b}[31m".into(),
        ..good
    }];
    assert!(
        validate(&s)
            .unwrap_err()
            .to_string()
            .contains("control character")
    );
}

#[test]
fn check_and_the_readiness_checklist_report_each_mark() {
    let (mut s, serde) = session();
    let without = s.readiness(today(), &Thresholds::default());
    s.apply(
        mark(
            &serde,
            Category::Tampering,
            "serde changed from 1.0.1 to 1.0.2",
        ),
        today(),
    )
    .unwrap();
    let found: Vec<_> = s
        .findings(today(), &Thresholds::default())
        .into_iter()
        .filter(|f| f.rule == Rule::CellNeedsReview)
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject.as_ref(), Some(&serde));
    assert_eq!(
        found[0].message,
        format!("{serde} \"serde\" · Tampering: review again (serde changed from 1.0.1 to 1.0.2)")
    );
    assert_eq!(Rule::named("TB011"), Some(Rule::CellNeedsReview));
    assert_eq!(Rule::CellNeedsReview.info().name, "cell-needs-review");
    let with = s.readiness(today(), &Thresholds::default());
    assert_eq!(
        with.len(),
        without.len() + 1,
        "shown only while a cell waits"
    );
    let last = with.last().unwrap();
    assert!(!last.ok);
    assert_eq!(last.detail, format!("{serde} · Tampering"));
}

#[test]
fn revise_carries_marks_and_diff_names_them() {
    let (mut s, serde) = session();
    s.apply(mark(&serde, Category::Tampering, "changed"), today())
        .unwrap();
    let next = threatbench::revision::revise(&s, b"r1", s.updated).unwrap();
    assert_eq!(next.needs_review, s.needs_review);
    let (old, _) = session();
    let diff = threatbench::diff::diff(&old, &s);
    assert!(
        diff.other.contains(&"cells to review again"),
        "{:?}",
        diff.other
    );
    // The file says nothing of marks when there are none.
    let text = threatbench::store::to_ron(&old).unwrap();
    assert!(!text.contains("needs_review"));
    let text = threatbench::store::to_ron(&s).unwrap();
    assert!(text.contains("needs_review"));
}

#[test]
fn merge_keeps_a_mark_one_side_added_and_drops_one_a_side_cleared() {
    let (base, serde) = session();
    let mut ours = base.clone();
    ours.apply(mark(&serde, Category::Tampering, "changed"), today())
        .unwrap();
    let theirs = base.clone();
    let merged = threatbench::merge::merge(&base, &ours, &theirs);
    assert_eq!(merged.session.needs_review, ours.needs_review);

    // Marked in the base; ours reviewed the cell, theirs did not touch it: cleared.
    let base = ours.clone();
    let mut ours = base.clone();
    let threat = ours
        .threats
        .iter()
        .find(|t| t.element == serde)
        .unwrap()
        .clone();
    ours.apply(
        Edit::UpdateThreat(threat.id.clone(), (&threat).into()),
        today(),
    )
    .unwrap();
    let merged = threatbench::merge::merge(&base, &ours, &base);
    assert!(merged.session.needs_review.is_empty());
    assert!(merged.conflicts.is_empty());

    // Both sides added an element with the same ID and theirs marked a cell of it: the
    // mark follows theirs to its new ID.
    let (base, _) = session();
    let add = |s: &mut Session, name: &str| -> Id {
        let applied = s
            .apply(
                Edit::AddElement(ElementDraft {
                    name: name.into(),
                    kind: ElementKind::Process,
                    notes: String::new(),
                }),
                today(),
            )
            .unwrap();
        match applied.target {
            Some(Target::Element(id)) => id,
            other => panic!("{other:?}"),
        }
    };
    let mut ours = base.clone();
    add(&mut ours, "ours");
    let mut theirs = base.clone();
    let id = add(&mut theirs, "theirs");
    theirs
        .apply(mark(&id, Category::Spoofing, "changed"), today())
        .unwrap();
    let merged = threatbench::merge::merge(&base, &ours, &theirs);
    let renamed = &merged.renumbered[0].1;
    assert_eq!(merged.session.needs_review[0].element, *renamed);
    assert_eq!(validate(&merged.session), Ok(()));
}
