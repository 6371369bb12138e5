//! The merge by ID, on its own and as git's merge driver in real repositories: both sides'
//! additions kept (an ID issued on both renumbered), different fields both kept, a field
//! changed differently kept as ours with theirs in the conflict file, nothing lost; and a
//! property: merging either way round agrees up to renumbering and keeps every addition.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use proptest::prelude::*;
use threatbench::merge::{conflicts_path, merge};
use threatbench::model::{
    Category, DecisionDraft, DecisionKind, Edit, ElementDraft, ElementKind, Id, Session, Target,
    ThreatDraft, validate,
};
use threatbench::store;

const TODAY: fn() -> NaiveDate = || NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();

fn apply(session: &mut Session, edit: Edit) {
    session.apply(edit, TODAY()).unwrap();
}

fn add_threat(session: &mut Session, title: &str) -> Id {
    let element = session.elements[1].id.clone();
    let applied = session
        .apply(
            Edit::AddThreat {
                element,
                category: Category::Spoofing,
                draft: ThreatDraft {
                    title: title.into(),
                    ..ThreatDraft::default()
                },
            },
            TODAY(),
        )
        .unwrap();
    match applied.target {
        Some(Target::Threat(id)) => id,
        other => panic!("{other:?}"),
    }
}

fn decide(session: &mut Session, threat: &Id, summary: &str) {
    let mut draft = DecisionDraft::new(DecisionKind::Mitigate);
    draft.threats = vec![threat.clone()];
    draft.summary = summary.into();
    apply(session, Edit::AddDecision(draft));
}

fn edit_decision(session: &mut Session, id: &str, change: impl FnOnce(&mut DecisionDraft)) {
    let id = Id::from(id);
    let decision = session.decisions.iter().find(|d| d.id == id).unwrap();
    let mut draft = DecisionDraft::from(decision);
    change(&mut draft);
    apply(session, Edit::UpdateDecision(id, draft));
}

/// The sample with a second decision, D2, answering T2.
fn base() -> Session {
    let mut s = common::sample();
    decide(&mut s, &Id::from("T2"), "Append-only audit table");
    s
}

#[test]
fn both_sides_add_a_t3_and_edit_different_decisions() {
    let base = base();
    let mut ours = base.clone();
    let t3 = add_threat(&mut ours, "Token replayed");
    decide(&mut ours, &t3, "Nonce per request");
    edit_decision(&mut ours, "D1", |d| d.owner = Some("Ana".into()));
    let mut theirs = base.clone();
    let t3_theirs = add_threat(&mut theirs, "Spoofed callback");
    decide(&mut theirs, &t3_theirs, "Verify the callback signature");
    edit_decision(&mut theirs, "D2", |d| d.ticket = Some("PAY-151".into()));
    edit_decision(&mut theirs, "D1", |d| d.rationale = "cheap".into());

    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, [], "{:?}", merged.notes);
    assert_eq!(validate(&merged.session), Ok(()));
    assert_eq!(
        merged.renumbered,
        [
            (Id::from("T3"), Id::from("T4")),
            (Id::from("D3"), Id::from("D4"))
        ]
    );
    let s = &merged.session;
    let title = |id: &str| s.threat(&Id::from(id)).unwrap().title.clone();
    assert_eq!(title("T3"), "Token replayed");
    assert_eq!(title("T4"), "Spoofed callback");
    let d = |id: &str| s.decisions.iter().find(|d| d.id == Id::from(id)).unwrap();
    assert_eq!(d("D4").threats, [Id::from("T4")], "the reference follows");
    assert_eq!(d("D1").owner.as_deref(), Some("Ana"));
    assert_eq!(d("D1").rationale, "cheap");
    assert_eq!(d("D2").ticket.as_deref(), Some("PAY-151"));
    assert_eq!((s.counters.threats, s.counters.decisions), (4, 4));
}

#[test]
fn a_deleted_item_changed_on_the_other_side_is_kept_with_what_it_needs() {
    let base = base();
    let mut ours = base.clone();
    // The refunds DB (E3) goes, with T2 and D2.
    apply(&mut ours, Edit::Remove(Target::Element(Id::from("E3"))));
    let mut theirs = base.clone();
    edit_decision(&mut theirs, "D2", |d| d.owner = Some("Cy".into()));
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(validate(&merged.session), Ok(()));
    let s = &merged.session;
    assert!(s.decisions.iter().any(|d| d.owner.as_deref() == Some("Cy")));
    assert!(s.threat(&Id::from("T2")).is_some());
    assert!(s.element(&Id::from("E3")).is_some());
    assert!(
        merged.notes.iter().any(|n| n.contains("D2")),
        "{:?}",
        merged.notes
    );
}

#[test]
fn two_decisions_for_one_threat_are_both_kept() {
    let mut base = base();
    let t3 = add_threat(&mut base, "Token replayed");
    let mut ours = base.clone();
    decide(&mut ours, &t3, "Nonce per request");
    let mut theirs = base.clone();
    decide(&mut theirs, &t3, "Short-lived tokens");
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(validate(&merged.session), Ok(()));
    let answers: Vec<_> = merged
        .session
        .decisions
        .iter()
        .map(|d| &d.summary)
        .collect();
    // Since format 2 a threat may have several decisions: defence in depth, not a conflict.
    assert!(answers.contains(&&"Nonce per request".to_owned()));
    assert!(answers.contains(&&"Short-lived tokens".to_owned()));
    let ids: HashSet<_> = merged.session.decisions.iter().map(|d| &d.id).collect();
    assert_eq!(ids.len(), merged.session.decisions.len());
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
}

#[test]
fn the_clock_and_plain_lists_merge_without_conflicts() {
    let base = base();
    let mut ours = base.clone();
    apply(&mut ours, Edit::Elapse(300));
    apply(&mut ours, Edit::Park("rate limits".into()));
    let mut theirs = base.clone();
    apply(&mut theirs, Edit::Elapse(120));
    apply(
        &mut theirs,
        Edit::SetPhase(threatbench::model::Phase::Threats),
    );
    apply(&mut theirs, Edit::Elapse(60));
    apply(&mut theirs, Edit::Park("rate limits".into()));
    apply(&mut theirs, Edit::AddAsset("refund ledger".into()));
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, []);
    let s = &merged.session;
    assert_eq!(s.clock.elapsed(threatbench::model::Phase::Scope), 300);
    assert_eq!(s.clock.elapsed(threatbench::model::Phase::Threats), 60);
    assert_eq!(s.clock.phase, threatbench::model::Phase::Threats);
    assert_eq!(s.parking_lot.len(), 1);
    assert_eq!(s.assets, ["refund ledger"]);
}

// ---- git, for real ----

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    common::run::git(dir)
        .args(args)
        .env("HOME", dir.join(".home"))
        .env("PATH", path_with_threatbench())
        .output()
        .unwrap()
}

fn ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// PATH with the built threatbench first, as a user's would have it.
fn path_with_threatbench() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_threatbench"));
    let mut paths = vec![bin.parent().unwrap().to_owned()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn save(root: &Path, session: &Session) {
    std::fs::write(root.join("s.ron"), store::to_ron(session).unwrap()).unwrap();
}

/// A repository with `base` committed on main, `ours` on main and `theirs` on branch
/// `theirs`, both committed; main checked out.
fn repository(base: &Session, ours: &Session, theirs: &Session) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    ok(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitattributes"), "*.ron merge=threatbench\n").unwrap();
    save(root, base);
    ok(root, &["add", "."]);
    ok(root, &["commit", "-qm", "base"]);
    ok(root, &["checkout", "-qb", "theirs"]);
    save(root, theirs);
    ok(root, &["commit", "-qam", "theirs"]);
    ok(root, &["checkout", "-q", "main"]);
    save(root, ours);
    ok(root, &["commit", "-qam", "ours"]);
    dir
}

#[test]
fn git_merges_two_branches_cleanly_with_the_driver() {
    let base = base();
    let mut ours = base.clone();
    add_threat(&mut ours, "Token replayed");
    edit_decision(&mut ours, "D1", |d| d.owner = Some("Ana".into()));
    let mut theirs = base.clone();
    add_threat(&mut theirs, "Spoofed callback");
    edit_decision(&mut theirs, "D2", |d| d.ticket = Some("PAY-151".into()));
    let dir = repository(&base, &ours, &theirs);
    let root = dir.path();
    let driver = format!(
        "merge.threatbench.driver={} merge-driver %O %A %B %P",
        env!("CARGO_BIN_EXE_threatbench")
    );
    let out = git(root, &["-c", &driver, "merge", "-q", "--no-edit", "theirs"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("T3 was added on both sides"));
    let merged = store::load(&root.join("s.ron")).unwrap();
    let titles: Vec<&str> = merged.threats.iter().map(|t| t.title.as_str()).collect();
    assert!(titles.contains(&"Token replayed") && titles.contains(&"Spoofed callback"));
    assert_eq!(
        merged.threat(&Id::from("T4")).unwrap().title,
        "Spoofed callback"
    );
    let d = |id: &str| {
        merged
            .decisions
            .iter()
            .find(|d| d.id == Id::from(id))
            .unwrap()
    };
    assert_eq!(d("D1").owner.as_deref(), Some("Ana"));
    assert_eq!(d("D2").ticket.as_deref(), Some("PAY-151"));
    assert!(!conflicts_path(&root.join("s.ron")).exists());
    // Nothing of the driver's own is left in the work tree.
    let status = git(root, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
}

#[test]
fn a_field_changed_differently_is_a_conflict_that_loses_nothing() {
    let base = base();
    let mut ours = base.clone();
    edit_decision(&mut ours, "D1", |d| d.summary = "Sign with HMAC".into());
    let mut theirs = base.clone();
    edit_decision(&mut theirs, "D1", |d| {
        d.summary = "Sign with Ed25519".into()
    });
    add_threat(&mut theirs, "Spoofed callback");
    let dir = repository(&base, &ours, &theirs);
    let root = dir.path();
    let init = Command::new(env!("CARGO_BIN_EXE_threatbench"))
        .arg("init-git")
        .current_dir(root)
        .env("PATH", path_with_threatbench())
        .output()
        .unwrap();
    assert!(init.status.success());
    let out = git(root, &["merge", "-q", "--no-edit", "theirs"]);
    assert_eq!(out.status.code(), Some(1), "git reports the conflict");
    let file = root.join("s.ron");
    let merged = store::load(&file).expect("the session stays valid");
    let d1 = &merged.decisions[0];
    assert_eq!(d1.summary, "Sign with HMAC", "ours is kept");
    assert!(merged.threats.iter().any(|t| t.title == "Spoofed callback"));
    let conflicts = std::fs::read_to_string(conflicts_path(&file)).unwrap();
    assert!(conflicts.contains("D1 · summary"), "{conflicts}");
    assert!(conflicts.contains("    Sign with Ed25519"), "{conflicts}");
    assert!(conflicts.contains("    Sign with HMAC"), "{conflicts}");
    let status =
        String::from_utf8_lossy(&git(root, &["status", "--porcelain"]).stdout).into_owned();
    assert!(status.contains("UU s.ron"), "{status}");
}

#[test]
fn init_git_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    ok(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitattributes"), "*.png binary").unwrap();
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_threatbench"))
            .arg("init-git")
            .current_dir(root)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    assert_eq!(
        std::fs::read_to_string(root.join(".gitattributes")).unwrap(),
        "*.png binary\n*.ron merge=threatbench\n*.ron diff=threatbench\n/threatbench.ron merge=text\n"
    );
    let driver = git(root, &["config", "merge.threatbench.driver"]);
    assert_eq!(
        String::from_utf8_lossy(&driver.stdout).trim(),
        "threatbench merge-driver %O %A %B %P"
    );
    let diff = git(root, &["config", "diff.threatbench.command"]);
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout).trim(),
        "threatbench diff-driver"
    );
}

#[test]
fn a_side_that_does_not_load_leaves_ours_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = store::to_ron(&base()).unwrap();
    for name in ["o", "a"] {
        std::fs::write(root.join(name), &text).unwrap();
    }
    std::fs::write(root.join("b"), "Session(").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_threatbench"))
        .args(["merge-driver", "o", "a", "b", "s.ron"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("theirs does not load"));
    assert_eq!(std::fs::read_to_string(root.join("a")).unwrap(), text);
}

// ---- the property ----

/// An edit in terms of positions, resolved against the session it is applied to.
#[derive(Debug, Clone)]
enum Step {
    AddElement(u8, String),
    AddThreat(u8, u8, String),
    UpdateThreat(u8, String, Option<u8>),
    RemoveThreat(u8),
    RemoveElement(u8),
    Decide(u8, String),
    UpdateDecision(u8, String),
    Park(String),
    Elapse(u16),
}

fn step() -> impl Strategy<Value = Step> {
    let text = "[a-e]{1,3}";
    prop_oneof![
        1 => (any::<u8>(), text).prop_map(|(k, t)| Step::AddElement(k, t)),
        3 => (any::<u8>(), any::<u8>(), text).prop_map(|(e, c, t)| Step::AddThreat(e, c, t)),
        2 => (any::<u8>(), text, proptest::option::of(1u8..=5)).prop_map(|(i, t, r)| Step::UpdateThreat(i, t, r)),
        1 => (any::<u8>()).prop_map(Step::RemoveThreat),
        1 => (any::<u8>()).prop_map(Step::RemoveElement),
        2 => (any::<u8>(), text).prop_map(|(i, t)| Step::Decide(i, t)),
        1 => (any::<u8>(), text).prop_map(|(i, t)| Step::UpdateDecision(i, t)),
        1 => (text).prop_map(Step::Park),
        1 => (0u16..600).prop_map(Step::Elapse),
    ]
}

fn pick<T>(items: &[T], i: u8) -> Option<&T> {
    (!items.is_empty()).then(|| &items[usize::from(i) % items.len()])
}

/// The edit a step makes on `s`, if it names something there.
fn edit(s: &Session, step: &Step) -> Option<Edit> {
    Some(match step {
        Step::AddElement(k, name) => Edit::AddElement(ElementDraft {
            name: name.clone(),
            kind: match k % 3 {
                0 => ElementKind::Process,
                1 => ElementKind::ExternalEntity,
                _ => ElementKind::DataStore { holds_logs: false },
            },
            notes: String::new(),
        }),
        Step::AddThreat(e, c, title) => {
            let element = pick(&s.elements, *e)?;
            let live: Vec<Category> = element.kind.live_categories().iter().collect();
            Edit::AddThreat {
                element: element.id.clone(),
                category: *pick(&live, *c)?,
                draft: ThreatDraft {
                    title: title.clone(),
                    ..ThreatDraft::default()
                },
            }
        }
        Step::UpdateThreat(i, notes, rating) => {
            let t = pick(&s.threats, *i)?;
            Edit::UpdateThreat(
                t.id.clone(),
                ThreatDraft {
                    likelihood: rating.or(t.likelihood),
                    notes: notes.clone(),
                    ..ThreatDraft::from(t)
                },
            )
        }
        Step::RemoveThreat(i) => Edit::Remove(Target::Threat(pick(&s.threats, *i)?.id.clone())),
        Step::RemoveElement(i) => Edit::Remove(Target::Element(pick(&s.elements, *i)?.id.clone())),
        Step::Decide(i, summary) => {
            let undecided = s.undecided_threats();
            let mut draft = DecisionDraft::new(DecisionKind::Mitigate);
            draft.threats = vec![pick(&undecided, *i)?.id.clone()];
            draft.summary = summary.clone();
            Edit::AddDecision(draft)
        }
        Step::UpdateDecision(i, rationale) => {
            let d = pick(&s.decisions, *i)?;
            let mut draft = DecisionDraft::from(d);
            draft.rationale = rationale.clone();
            Edit::UpdateDecision(d.id.clone(), draft)
        }
        Step::Park(text) => Edit::Park(text.clone()),
        Step::Elapse(secs) => Edit::Elapse(u64::from(*secs)),
    })
}

fn run(base: &Session, steps: &[Step]) -> Session {
    let mut s = base.clone();
    for step in steps {
        if let Some(e) = edit(&s, step) {
            let _ = s.apply(e, TODAY());
        }
    }
    s
}

/// Every item's content without IDs or references, sorted: what renumbering cannot change.
fn contents(s: &Session) -> Vec<String> {
    let mut all: Vec<String> = s
        .elements
        .iter()
        .map(|e| format!("E {} {:?} {}", e.name, e.kind.tag(), e.notes))
        .chain(s.threats.iter().map(|t| {
            format!(
                "T {} {:?} {:?} {:?} {}",
                t.title, t.category, t.likelihood, t.impact, t.notes
            )
        }))
        .chain(
            s.decisions
                .iter()
                .map(|d| format!("D {} {:?} {}", d.summary, d.owner, d.rationale)),
        )
        .chain(s.parking_lot.iter().map(|p| format!("P {}", p.text)))
        .collect();
    all.sort();
    all
}

/// What a side added: the contents of its items with IDs the base never had.
fn added(base: &Session, side: &Session) -> Vec<String> {
    let mut fresh = side.clone();
    fresh.elements.retain(|e| base.element(&e.id).is_none());
    fresh.threats.retain(|t| base.threat(&t.id).is_none());
    fresh
        .decisions
        .retain(|d| !base.decisions.iter().any(|b| b.id == d.id));
    fresh.parking_lot.clear();
    contents(&fresh)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn merging_either_way_agrees_and_keeps_every_addition(
        a in proptest::collection::vec(step(), 0..12),
        b in proptest::collection::vec(step(), 0..12),
    ) {
        let base = base();
        let (a, b) = (run(&base, &a), run(&base, &b));
        let ab = merge(&base, &a, &b);
        let ba = merge(&base, &b, &a);
        prop_assert_eq!(validate(&ab.session), Ok(()));
        prop_assert_eq!(validate(&ba.session), Ok(()));
        if ab.conflicts.is_empty() && ba.conflicts.is_empty() {
            prop_assert_eq!(contents(&ab.session), contents(&ba.session));
        }
        for merged in [&ab, &ba] {
            let have = contents(&merged.session);
            let lost: Vec<String> = merged.conflicts.iter().filter_map(|c| c.theirs.clone()).collect();
            for item in added(&base, &a).into_iter().chain(added(&base, &b)) {
                let summary = item.split(' ').nth(1).unwrap_or("").to_owned();
                prop_assert!(
                    have.contains(&item) || lost.iter().any(|l| l.contains(&summary)),
                    "{} is lost", item
                );
            }
        }
    }
}
