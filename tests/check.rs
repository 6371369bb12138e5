//! `threatbench check` as CI meets it: exit codes, findings at the line of the ID at fault,
//! dates judged as of today, the policy and its exemptions, and every output format
//! (SARIF validated against the 2.1.0 schema; JSON, JUnit and GitHub against goldens).

use std::path::{Path, PathBuf};

mod common;

use chrono::{Days, NaiveDate, TimeZone, Utc};
use predicates::str::contains;
use threatbench::model::{Decision, DecisionKind, DecisionStatus, IdKind, Session};
use threatbench::store;

use common::run::threatbench;

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A repository (a folder with `.git`) holding `sessions/NAME.ron` for each session.
fn repo(sessions: &[(&str, &Session)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("sessions")).unwrap();
    for (name, session) in sessions {
        let text = store::to_ron(session).unwrap();
        std::fs::write(dir.path().join(format!("sessions/{name}.ron")), text).unwrap();
    }
    dir
}

/// Marks every live cell nobody considered as "considered, nothing found".
fn consider_every_cell(s: &mut Session) {
    for cell in s.live_cells().collect::<Vec<_>>() {
        if s.cell_state(&cell.element, cell.category)
            == threatbench::model::CellState::NotConsidered
        {
            s.considered.push(threatbench::model::NothingFound {
                element: cell.element,
                category: cell.category,
                note: "nothing applies".into(),
            });
        }
    }
}

/// The sample with every threat decided and every cell considered, saved `saved` and with
/// one accepted risk due for review on `review_by`.
fn accepted(saved: NaiveDate, review_by: NaiveDate) -> Session {
    let mut s = common::sample();
    s.updated = Utc.from_utc_datetime(&saved.and_hms_opt(9, 0, 0).unwrap());
    s.created = s.updated;
    let undecided: Vec<_> = s.undecided_threats().iter().map(|t| t.id.clone()).collect();
    let id = s.issue_id(IdKind::Decision);
    s.decisions.push(Decision {
        id,
        kind: DecisionKind::Accept,
        threats: undecided,
        summary: "Accept: audit rows are restored from backups".into(),
        rationale: String::new(),
        owner: Some("Julia".into()),
        ticket: None,
        status: DecisionStatus::Open,
        review_by: Some(review_by),
        requirements: Vec::new(),
    });
    consider_every_cell(&mut s);
    for t in &mut s.threats {
        t.likelihood = Some(2);
        t.impact = Some(3);
    }
    s
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_example_fails_and_names_its_undecided_threats() {
    let output = threatbench(&repo_file("."))
        .args(["check", "sessions/refund-api.ron"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let text_for = |id: &str| {
        text.lines()
            .find(|l| l.contains("TB001") && l.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("{id} not named:\n{text}"))
            .to_owned()
    };
    // Each finding points at the line where the threat's ID is written.
    let file = std::fs::read_to_string(repo_file("sessions/refund-api.ron")).unwrap();
    for id in ["T3", "T8"] {
        let line = text_for(id);
        let place = line.trim().split(": ").next().unwrap();
        let number: usize = place.split(':').nth(1).unwrap().parse().unwrap();
        assert_eq!(
            file.lines().nth(number - 1).unwrap().trim(),
            format!("id: \"{id}\","),
            "{line}"
        );
    }
    assert!(
        text.trim_end()
            .ends_with(&format!("as of {}", chrono::Local::now().date_naive())),
        "{text}"
    );
}

#[test]
fn an_acceptance_past_its_review_date_is_overdue_as_of_today_not_the_last_save() {
    let today = chrono::Local::now().date_naive();
    let session = accepted(today - Days::new(10), today - Days::new(1));
    let dir = repo(&[("overdue", &session)]);
    threatbench(dir.path())
        .args(["check", "sessions"])
        .assert()
        .code(1)
        .stdout(contains(
            "TB003 acceptance-overdue D2 accepts a risk that was due for review on",
        ))
        .stdout(contains("(1 day ago)"));
    // As of the day it was saved, the same file passes, with the review due soon.
    let as_of = (today - Days::new(10)).to_string();
    threatbench(dir.path())
        .args(["check", "sessions", "--as-of", &as_of])
        .assert()
        .code(0)
        .stdout(contains("TB004 acceptance-due-soon D2"))
        .stdout(contains("0 errors, 1 warning, 0 notes in 1 file"));
}

#[test]
fn a_missing_or_broken_file_exits_2_and_says_what_and_where() {
    let dir = repo(&[]);
    std::fs::write(
        dir.path().join("sessions/broken.ron"),
        "Session(\n  format: 1,\n  title: ",
    )
    .unwrap();
    threatbench(dir.path())
        .args(["check", "gone.ron"])
        .assert()
        .code(2)
        .stdout(contains("TB009 unreadable-file"))
        .stdout(contains("gone.ron"));
    threatbench(dir.path())
        .args(["check", "sessions"])
        .assert()
        .code(2)
        .stdout(contains("sessions/broken.ron:3:"));
    let empty = tempfile::tempdir().unwrap();
    threatbench(empty.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(contains("no session files (*.ron) in ."));
    threatbench(dir.path())
        .args(["check", "sessions", "--as-of", "tomorrow"])
        .assert()
        .code(2)
        .stderr(contains("--as-of"));
}

#[test]
fn an_unexpired_exemption_removes_a_finding_and_an_expired_one_does_not() {
    let mut session = common::sample();
    // Only the undecided threat T2 stands between this session and a pass.
    consider_every_cell(&mut session);
    let dir = repo(&[("refund", &session)]);
    let policy = |expires: &str| {
        format!(
            "Policy(\n    levels: {{ \"unrated-threat\": off }},\n    exemptions: [\n        Exemption(\n            rule: \"undecided-threat\",\n            session: \"sessions/refund.ron\",\n            id: \"T2\",\n            justification: \"decided with the DBA team in PAY-160\",\n            expires: \"{expires}\",\n        ),\n    ],\n)\n"
        )
    };
    std::fs::write(dir.path().join("threatbench.ron"), policy("2027-01-31")).unwrap();
    threatbench(dir.path())
        .args(["check", "sessions", "--as-of", "2027-01-31"])
        .assert()
        .code(0)
        .stdout(contains("sessions/refund.ron (Refund API): ok"))
        .stdout(contains("(1 exempted by the policy)"));
    // Found by walking up from a path below the root, too.
    threatbench(&dir.path().join("sessions"))
        .args(["check", "refund.ron", "--as-of", "2027-01-31"])
        .assert()
        .code(0);
    threatbench(dir.path())
        .args(["check", "sessions", "--as-of", "2027-02-01"])
        .assert()
        .code(1)
        .stdout(contains("TB001 undecided-threat T2"))
        .stdout(contains(
            "TB010 exemption-expired the exemption from undecided-threat for T2 expired on 2027-01-31",
        ));
    // A mistake in the policy is a usage error that names the place.
    std::fs::write(
        dir.path().join("threatbench.ron"),
        "Policy(levels: { \"undecided\": off })",
    )
    .unwrap();
    threatbench(dir.path())
        .args(["check", "sessions"])
        .assert()
        .code(2)
        .stderr(contains(
            "threatbench.ron:1:18: no rule is named \"undecided\"",
        ));
}

#[test]
fn sarif_validates_against_the_schema_and_points_at_the_ids() {
    let output = threatbench(&repo_file("."))
        .args([
            "check",
            "sessions/refund-api.ron",
            "--format",
            "sarif",
            "--as-of",
            "2026-12-03",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 11);
    assert!(
        rules
            .iter()
            .all(|r| r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()))
    );
    let file = std::fs::read_to_string(repo_file("sessions/refund-api.ron")).unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 14);
    for result in results {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "sessions/refund-api.ron"
        );
        let line = location["region"]["startLine"].as_u64().unwrap() as usize;
        let column = location["region"]["startColumn"].as_u64().unwrap() as usize;
        let written = &file.lines().nth(line - 1).unwrap()[column - 1..];
        let message = result["message"]["text"].as_str().unwrap();
        let id = message.split(' ').next().unwrap();
        assert_eq!(written, format!("\"{id}\","), "{message}");
        assert!(result["partialFingerprints"]["threatbenchFinding/v1"].is_string());
    }
}

#[test]
fn sarif_fingerprints_stay_when_lines_move() {
    let session = common::sample();
    let dir = repo(&[("a", &session)]);
    let fingerprints = |dir: &Path| -> Vec<String> {
        let output = threatbench(dir)
            .args([
                "check",
                "sessions",
                "--format",
                "sarif",
                "--as-of",
                "2026-12-03",
            ])
            .output()
            .unwrap();
        let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["threatbenchFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let before = fingerprints(dir.path());
    let mut moved = session.clone();
    moved.participants.push(threatbench::model::Participant {
        name: "New person".into(),
        role: None,
    });
    std::fs::write(
        dir.path().join("sessions/a.ron"),
        store::to_ron(&moved).unwrap(),
    )
    .unwrap();
    assert_eq!(fingerprints(dir.path()), before);
}

/// The outcome of checking the sample (undecided, unconsidered, unrated, an untracked
/// mitigation) and a broken file, for the golden tests.
fn golden(format: &str, env: &[(&str, &Path)]) -> (String, tempfile::TempDir) {
    let mut session = common::sample();
    session.decisions[0].ticket = None;
    session.threats[1].title = "Audit rows deleted | <b>@admin</b>\nnext line".into();
    let dir = repo(&[("refund-api", &session)]);
    std::fs::write(
        dir.path().join("sessions/broken.ron"),
        "Session(format: 1, title: 3)",
    )
    .unwrap();
    let mut cmd = threatbench(dir.path());
    cmd.args([
        "check",
        "sessions",
        "--format",
        format,
        "--as-of",
        "2026-12-03",
    ]);
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    (stdout(&output), dir)
}

#[test]
fn golden_text() {
    insta::assert_snapshot!(golden("text", &[]).0);
}

#[test]
fn golden_json() {
    insta::assert_snapshot!(golden("json", &[]).0);
}

#[test]
fn golden_junit() {
    insta::assert_snapshot!(golden("junit", &[]).0);
}

#[test]
fn golden_github_with_a_step_summary() {
    let summary = tempfile::NamedTempFile::new().unwrap();
    let (commands, _dir) = golden("github", &[("GITHUB_STEP_SUMMARY", summary.path())]);
    insta::assert_snapshot!(commands);
    insta::assert_snapshot!(std::fs::read_to_string(summary.path()).unwrap());
}

#[test]
fn the_workbench_judges_readiness_by_the_repository_policy() {
    let mut session = common::sample();
    session.title = "Policy".into();
    let dir = repo(&[]);
    std::fs::write(
        dir.path().join("threatbench.ron"),
        "Policy(coverage_min: 10, due_soon_days: 7)",
    )
    .unwrap();
    let file = store::SessionFile::create(&dir.path().join("sessions"), &session).unwrap();
    let mut performer = threatbench::tui::Performer::new(dir.path().join("sessions"));
    let threatbench::app::Action::Opened(opened) = performer.adopt(session, file) else {
        panic!("not opened");
    };
    assert_eq!(opened.thresholds.coverage_min, 10);
    assert_eq!(opened.thresholds.due_soon_days, 7);
    // Without a policy, the defaults: the same as `check` uses.
    let bare = tempfile::tempdir().unwrap();
    let file = store::SessionFile::create(bare.path(), &common::sample()).unwrap();
    let mut performer = threatbench::tui::Performer::new(bare.path().to_owned());
    let threatbench::app::Action::Opened(opened) = performer.adopt(common::sample(), file) else {
        panic!("not opened");
    };
    assert_eq!(opened.thresholds, threatbench::model::Thresholds::default());
}

/// A conflict copy or recovery file is another version of a session waiting for a person:
/// check, register and report pass over it and say so, instead of judging it twice.
#[test]
fn conflict_copies_and_recovery_files_are_named_not_judged() {
    let mut done = store::load(&repo_file("sessions/threatbench.ron")).unwrap();
    done.title = "Done".into();
    let undecided = store::load(&repo_file("sessions/refund-api.ron")).unwrap();
    let dir = repo(&[
        ("done", &done),
        ("done.conflict-20261204-101500", &undecided),
        ("done.recovered-20261204-101500", &undecided),
    ]);
    for command in ["check", "register", "report"] {
        threatbench(dir.path())
            .args([command, "sessions", "--as-of", "2026-12-04"])
            .assert()
            .code(0)
            .stderr(contains(
                "passed over sessions/done.conflict-20261204-101500.ron: a conflict copy",
            ))
            .stderr(contains(
                "passed over sessions/done.recovered-20261204-101500.ron: a recovery file",
            ));
    }
    // Named on the command line, it is a session like any other.
    threatbench(dir.path())
        .args(["check", "sessions/done.conflict-20261204-101500.ron"])
        .assert()
        .code(1);
}

/// A register or report that cannot be written (a full disk under `> file`) is an error,
/// not a silent success.
#[test]
fn a_register_or_report_that_cannot_be_written_fails() {
    let Ok(full) = std::fs::File::options().write(true).open("/dev/full") else {
        return; // not Linux
    };
    for command in ["register", "report"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_threatbench"))
            .args([command, "sessions/refund-api.ron"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("cannot write the {command}")),
            "{stderr}"
        );
    }
}
