//! `threatbench diff` in a real git repository: a session committed, changed (a threat
//! added, a decision's kind changed, a threat rated, a cell considered, an element removed)
//! and compared with `PATH@HEAD~1` in every format; exit codes and errors; hostile text in
//! the Markdown; and the hidden `diff-driver` as git's external diff for `git diff` and
//! `git log -p`.

use std::path::Path;

mod common;

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use pulldown_cmark::{Event, Options, Parser, Tag};
use threatbench::model::{Category, DecisionKind, NothingFound, Session};
use threatbench::store;

use common::run::threatbench;

/// Runs git in `dir` with an author set and no user configuration; returns its stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = common::run::git(dir)
        .args(args)
        .env("GIT_PAGER", "cat")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn save(dir: &Path, session: &Session) {
    std::fs::write(dir.join("sessions/a.ron"), store::to_ron(session).unwrap()).unwrap();
}

/// The sample after a meeting: a threat added, D1 accepted instead of mitigated, T2 rated
/// higher, a cell considered, the boundary removed.
fn changed(old: &Session) -> Session {
    let mut s = old.clone();
    let api = s.elements[1].id.clone();
    common::add_threat(
        &mut s,
        &api,
        Category::ElevationOfPrivilege,
        "Support agent approves own refund",
    );
    s.decisions[0].kind = DecisionKind::Accept;
    s.decisions[0].review_by = chrono::NaiveDate::from_ymd_opt(2027, 3, 1);
    s.threats[1].likelihood = Some(5);
    s.threats[1].impact = Some(5);
    s.considered.push(NothingFound {
        element: api.clone(),
        category: Category::Spoofing,
        note: "mTLS between services".into(),
    });
    s.elements.retain(|e| e.name != "backend");
    s
}

/// A repository with `sessions/a.ron` committed as `old`, then as `new`.
fn repo(old: &Session, new: &Session) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(root.join("sessions")).unwrap();
    save(root, old);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first revision"]);
    save(root, new);
    git(
        root,
        &["commit", "-q", "--allow-empty", "-am", "after the meeting"],
    );
    dir
}

fn diff(root: &Path, format: &str) -> (String, i32) {
    let out = threatbench(root)
        .args([
            "diff",
            "sessions/a.ron@HEAD~1",
            "sessions/a.ron",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn goldens_of_every_format() {
    let old = common::sample();
    let dir = repo(&old, &changed(&old));
    for format in ["text", "markdown", "json"] {
        let (out, code) = diff(dir.path(), format);
        assert_eq!(code, 1, "different sessions exit 1");
        insta::assert_snapshot!(format!("diff_{format}"), out);
    }
    let (json, _) = diff(dir.path(), "json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema"], "threatbench-diff/1");
    assert_eq!(doc["kinds"][0]["new"], "accept");
}

#[test]
fn equal_sides_exit_0_and_unreadable_sides_exit_2_naming_the_side() {
    let old = common::sample();
    let dir = repo(&old, &old);
    let root = dir.path();
    threatbench(root)
        .args(["diff", "sessions/a.ron@HEAD", "sessions/a.ron"])
        .assert()
        .code(0)
        .stdout(contains("no changes"));
    threatbench(root)
        .args(["diff", "sessions/a.ron", "sessions/missing.ron"])
        .assert()
        .code(2)
        .stderr(contains("the new side: sessions/missing.ron"));
    threatbench(root)
        .args(["diff", "sessions/a.ron@nope", "sessions/a.ron"])
        .assert()
        .code(2)
        .stderr(contains("the old side: sessions/a.ron@nope"))
        .stderr(contains("nope"));
    threatbench(root)
        .args(["diff", "sessions/a.ron@", "sessions/a.ron"])
        .assert()
        .code(2)
        .stderr(contains("no revision after the @"));
    // A real file whose name holds an @ is a file, not a revision.
    std::fs::copy(root.join("sessions/a.ron"), root.join("sessions/a@b.ron")).unwrap();
    threatbench(root)
        .args(["diff", "sessions/a@b.ron", "sessions/a.ron"])
        .assert()
        .code(0);
}

#[test]
fn hostile_text_in_markdown_pings_and_links_nothing() {
    let old = common::sample();
    let mut new = changed(&old);
    new.title = format!("Hostile {}", common::HOSTILE);
    new.threats[0].title = format!("Renamed {}", common::HOSTILE);
    let dir = repo(&old, &new);
    let (markdown, code) = diff(dir.path(), "markdown");
    assert_eq!(code, 1);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    for event in Parser::new_ext(&markdown, options) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link: {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => panic!("an image: {dest_url}"),
            Event::Html(html) | Event::InlineHtml(html) => panic!("HTML: {html}"),
            Event::Text(text) => {
                for live in ["@channel", "@all", "#12", "https://", "www."] {
                    assert!(!text.contains(live), "{live} live in plain text: {text:?}");
                }
            }
            _ => {}
        }
    }
    for line in markdown.lines() {
        assert!(
            !line.trim_start().starts_with('/'),
            "a quick action: {line}"
        );
        if line.starts_with('|') && !line.starts_with("|---") {
            assert_eq!(
                line.matches(" | ").count() + 2,
                5,
                "a table row with another column count: {line}"
            );
        }
    }
    assert!(markdown.contains("`@channel`"), "{markdown}");
}

#[test]
fn as_git_diff_driver_git_diff_and_log_show_the_semantic_diff() {
    let old = common::sample();
    let dir = repo(&old, &changed(&old));
    let root = dir.path();
    std::fs::write(root.join(".gitattributes"), "*.ron diff=threatbench\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("threatbench");
    let driver = format!("diff.threatbench.command={} diff-driver", bin.display());
    let shown = git(
        root,
        &["-c", &driver, "diff", "HEAD~1", "--", "sessions/a.ron"],
    );
    assert!(
        shown.starts_with("diff --threatbench a/sessions/a.ron b/sessions/a.ron\n"),
        "{shown}"
    );
    assert!(
        shown.contains("--- a/sessions/a.ron\n+++ b/sessions/a.ron\n"),
        "{shown}"
    );
    assert!(shown.contains("kind: mitigate → accept"), "{shown}");
    assert!(!shown.contains("@@"), "no line diff: {shown}");
    // `git log` runs an external diff only when asked to, with --ext-diff.
    let log = git(
        root,
        &[
            "-c",
            &driver,
            "log",
            "-p",
            "--ext-diff",
            "--format=commit %s",
        ],
    );
    assert!(log.contains("commit after the meeting"), "{log}");
    assert!(log.contains("Decision kinds"), "{log}");
    // The first commit adds the file: everything in it shows as added.
    assert!(log.contains("--- /dev/null\n+++ b/sessions/a.ron"), "{log}");
    assert!(log.contains("  + T1 Amount altered in transit"), "{log}");
    // A file that is not a session gets git's line diff, and git still exits 0.
    std::fs::write(root.join("notes.ron"), "(a: 1)\n").unwrap();
    git(root, &["add", "notes.ron"]);
    std::fs::write(root.join("notes.ron"), "(a: 2)\n").unwrap();
    let other = git(root, &["-c", &driver, "diff", "--", "notes.ron"]);
    assert!(other.contains("not a session file"), "{other}");
    assert!(other.contains("+(a: 2)"), "{other}");
    // Git's one argument for an unmerged path, and usage errors.
    threatbench(root)
        .args(["diff-driver", "sessions/a.ron"])
        .assert()
        .code(0)
        .stdout(contains("Unmerged"));
    threatbench(root)
        .args(["diff-driver", "a", "b"])
        .assert()
        .code(2);
}

#[test]
fn the_driver_is_hidden_from_help() {
    let dir = tempfile::tempdir().unwrap();
    threatbench(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("diff"))
        .stdout(contains("diff-driver").not());
}
