//! `threatbench report` as an auditor meets it: goldens of every format on the example and a
//! small quick review (a supplier, an accepted risk, a tagged decision), an unreadable file
//! listed with exit 1, what changed since the previous revision from git (and why not
//! outside it), requirements without evidence saying so, hostile text kept inert, and an HTML
//! page that loads nothing.

use std::path::{Path, PathBuf};

mod common;

use threatbench::model::{Category, Session};
use threatbench::store;

use common::run::threatbench;

const AS_OF: &str = "2026-12-01";

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A folder outside any git repository holding the example and the fixture, so that the
/// report does not depend on this repository's history.
fn fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sessions")).unwrap();
    for (from, to) in [
        ("sessions/refund-api.ron", "sessions/refund-api.ron"),
        (
            "tests/fixtures/report/billing-export.ron",
            "sessions/billing-export.ron",
        ),
    ] {
        std::fs::copy(repo_file(from), dir.path().join(to)).unwrap();
    }
    dir
}

/// `threatbench report sessions --format FORMAT --as-of AS_OF` in `root`: stdout, stderr,
/// exit status.
fn report(root: &Path, format: &str) -> (String, String, i32) {
    let out = threatbench(root)
        .args(["report", "sessions", "--format", format, "--as-of", AS_OF])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn save(root: &Path, name: &str, session: &Session) {
    std::fs::write(
        root.join("sessions").join(name),
        store::to_ron(session).unwrap(),
    )
    .unwrap();
}

#[test]
fn goldens_of_every_format() {
    let dir = fixtures();
    for format in ["markdown", "json", "html"] {
        let (out, err, code) = report(dir.path(), format);
        assert_eq!(code, 0, "{format}: {err}");
        assert_eq!(err, "", "{format}");
        insta::assert_snapshot!(format, out);
    }
    let (json, _, _) = report(dir.path(), "json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["schema"], "threatbench-report/1");
    assert_eq!(doc["annex_i"].as_array().unwrap().len(), 14);
}

#[test]
fn the_same_files_give_the_same_bytes() {
    let dir = fixtures();
    for format in ["markdown", "json", "html"] {
        assert_eq!(report(dir.path(), format), report(dir.path(), format));
    }
}

#[test]
fn the_html_page_loads_nothing_and_runs_nothing() {
    let dir = fixtures();
    let (html, _, _) = report(dir.path(), "html");
    for banned in [
        "<script", "http", "@import", "url(", "<link", "<img", "<iframe",
    ] {
        assert!(!html.contains(banned), "{banned}");
    }
    for part in [
        "<svg class=\"heat\"",
        "<svg class=\"bars\"",
        "class=\"page summary\"",
        "CRA Annex I Part I",
        "NIS2 Article 21(2)(d)",
        "tagged by the team",
    ] {
        assert!(html.contains(part), "{part}");
    }
}

#[test]
fn an_unreadable_file_is_listed_with_what_and_where_and_exits_1() {
    let dir = fixtures();
    std::fs::write(
        dir.path().join("sessions/broken.ron"),
        "Session(\n    format: 3,\n    title: \"x\",\n    oops\n",
    )
    .unwrap();
    for format in ["markdown", "json", "html"] {
        let (out, err, code) = report(dir.path(), format);
        assert_eq!(code, 1, "{format}");
        assert!(out.contains("broken.ron"), "{format}: {out}");
        assert!(err.contains("sessions/broken.ron:4:"), "{err}");
        // The readable sessions are still reported.
        assert!(out.contains("Refund API"), "{format}");
    }
    let (md, _, _) = report(dir.path(), "markdown");
    assert!(md.contains("## Files that could not be read"));
    assert!(
        md.contains("| sessions/broken.ron | line 4, column"),
        "{md}"
    );
}

#[test]
fn what_changed_comes_from_git_and_says_why_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let out = common::run::git(root).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::create_dir(root.join("sessions")).unwrap();
    std::fs::copy(
        repo_file("sessions/refund-api.ron"),
        root.join("sessions/refund-api.ron"),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "revision 1"]);
    let (md, _, _) = report(root, "markdown");
    assert!(
        md.contains("What changed: not available: revision 1: nothing earlier."),
        "{md}"
    );

    threatbench(root)
        .args(["revise", "sessions/refund-api.ron"])
        .assert()
        .success();
    let path = root.join("sessions/refund-api.ron");
    let mut s = store::load(&path).unwrap();
    let api = s.elements[2].id.clone();
    let added = common::add_threat(&mut s, &api, Category::DenialOfService, "Refund flood");
    s.decisions.retain(|d| d.id.as_str() != "D3");
    save(root, "refund-api.ron", &s);
    git(&["commit", "-q", "-am", "revision 2"]);

    let (md, _, code) = report(root, "markdown");
    assert_eq!(code, 0);
    assert!(
        md.contains(&format!(
            "What changed: since revision 1: threats 1 added ({added}), 0 removed, 0 changed; \
             decisions 0 added, 1 removed (D3), 0 changed; 2 threats undecided (T4, {added}); \
             coverage 13/41 (32 %) → 14/41 (34 %)."
        )),
        "{md}"
    );
    assert!(md.contains("1 (first committed "), "{md}");
    assert!(md.contains("2 (first committed "), "{md}");
    let (json, _, _) = report(root, "json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changes = &doc["sessions"][0]["changes"];
    assert_eq!(changes["status"], "available");
    assert_eq!(changes["since"], 1);

    // The same file outside git: nothing to compare with, and the report says why.
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("sessions")).unwrap();
    std::fs::copy(&path, outside.path().join("sessions/refund-api.ron")).unwrap();
    let (md, _, _) = report(outside.path(), "markdown");
    assert!(
        md.contains("What changed: not available: not in a git repository."),
        "{md}"
    );

    // In git, but revision 1 was never committed.
    let fresh = tempfile::tempdir().unwrap();
    let fresh_root = fresh.path();
    common::run::git(fresh_root)
        .args(["init", "-q", "-b", "main"])
        .output()
        .unwrap();
    std::fs::create_dir(fresh_root.join("sessions")).unwrap();
    std::fs::copy(&path, fresh_root.join("sessions/refund-api.ron")).unwrap();
    let (md, _, _) = report(fresh_root, "markdown");
    assert!(
        md.contains(
            "What changed: not available: revision 1 not found in the file's committed history."
        ),
        "{md}"
    );
    assert!(md.contains("2 (last saved"), "{md}");
}

#[test]
fn a_requirement_without_threats_or_decisions_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sessions")).unwrap();
    let mut empty = common::sample();
    empty.threats.clear();
    empty.decisions.clear();
    save(dir.path(), "empty.ron", &empty);
    let (md, _, code) = report(dir.path(), "markdown");
    assert_eq!(code, 0);
    let rows = md
        .lines()
        .filter(|l| l.starts_with("| I(") && l.contains("| no evidence in these sessions |"))
        .count();
    assert_eq!(rows, 14, "{md}");
    let (html, _, _) = report(dir.path(), "html");
    assert_eq!(
        html.matches("no evidence in these sessions</td>").count(),
        14
    );
    let (json, _, _) = report(dir.path(), "json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    for row in doc["annex_i"].as_array().unwrap() {
        assert_eq!(row["threats"].as_array().unwrap().len(), 0);
        assert_eq!(row["decisions"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn hostile_text_is_inert_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sessions")).unwrap();
    let mut s = common::hostile();
    s.title = "<script>alert(1)</script> | @channel".into();
    save(dir.path(), "hostile.ron", &s);
    let (html, _, code) = report(dir.path(), "html");
    assert_eq!(code, 0);
    for raw in [
        "<script",
        "<img",
        "<!--",
        "\u{202e}",
        "javascript:alert(1)\">",
    ] {
        assert!(!html.contains(raw), "{raw}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let (md, _, _) = report(dir.path(), "markdown");
    let parsed: Vec<pulldown_cmark::Event> =
        pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES).collect();
    for event in &parsed {
        // The report's own line breaks in table cells are the one HTML it writes.
        if matches!(event, pulldown_cmark::Event::InlineHtml(h) if h.as_ref() == "<br>") {
            continue;
        }
        assert!(
            !matches!(
                event,
                pulldown_cmark::Event::Html(_)
                    | pulldown_cmark::Event::InlineHtml(_)
                    | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { .. })
                    | pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { .. })
            ),
            "{event:?}"
        );
    }
    assert!(!md.contains("\u{202e}"));
}
