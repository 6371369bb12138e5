//! Revisions as a team meets them in git: `revise` starts the next revision in place, and
//! `verify` walks the file's committed history (or several files) and names the revision and
//! commit where the hash chain breaks.

use std::path::Path;
use std::process::Command as Process;

mod common;

use predicates::str::contains;
use threatbench::store::{self, SessionLock};

use common::run::threatbench;

/// Runs git in `dir` with an author set.
fn git(dir: &Path, args: &[&str]) {
    let status = common::run::git(dir).args(args).status().unwrap();
    assert!(status.success(), "git {args:?}");
}

const FILE: &str = "sessions/refund-api.ron";

/// A git repository whose first commit holds the sample session at revision 1.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::create_dir(dir.path().join("sessions")).unwrap();
    write(dir.path(), &store::to_ron(&common::sample()).unwrap());
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "revision 1"]);
    dir
}

fn write(dir: &Path, text: &str) {
    std::fs::write(dir.join(FILE), text).unwrap();
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(FILE)).unwrap()
}

fn revise(dir: &Path) -> String {
    let output = threatbench(dir).args(["revise", FILE]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// An edit within a revision, as the workbench would save it.
fn edit(dir: &Path, title: &str) {
    let mut session = store::load(&dir.join(FILE)).unwrap();
    session.title = title.into();
    write(dir, &store::to_ron(&session).unwrap());
}

fn verify(dir: &Path, files: &[&str]) -> (Option<i32>, String, String) {
    let output = threatbench(dir).arg("verify").args(files).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn revise_links_the_next_revision_and_starts_the_record_fresh() {
    let dir = repo();
    let before = std::fs::read(dir.path().join(FILE)).unwrap();
    let out = revise(dir.path());
    let sha = store::sha256_hex(&before);
    assert_eq!(
        out,
        format!(
            "{FILE}: revision 2 (previous: revision 1, sha256 {}…); clock, participants and \
             retrospective start fresh\n",
            &sha[..12]
        )
    );
    let old = common::sample();
    let new = store::load(&dir.path().join(FILE)).unwrap();
    assert_eq!(new.revision, 2);
    let previous = new.previous.as_ref().unwrap();
    assert_eq!(
        (previous.number, previous.sha256.as_str()),
        (1, sha.as_str())
    );
    assert!(new.participants.is_empty());
    assert_eq!(new.clock.total_elapsed(), 0);
    assert_eq!(new.threats, old.threats);
    assert_eq!(new.decisions, old.decisions);
    assert_eq!(new.counters, old.counters);
}

#[test]
fn revise_refuses_a_file_another_workbench_holds_or_that_does_not_load() {
    let dir = repo();
    let path = dir.path().join(FILE);
    let before = read(dir.path());
    let lock = SessionLock::acquire(&path).unwrap();
    threatbench(dir.path())
        .args(["revise", FILE])
        .assert()
        .code(1)
        .stderr(contains("cannot revise sessions/refund-api.ron"))
        .stderr(contains("another workbench"))
        .stderr(contains("Nothing was changed"));
    assert_eq!(read(dir.path()), before);
    drop(lock);
    write(dir.path(), "Session(revision: ");
    threatbench(dir.path())
        .args(["revise", FILE])
        .assert()
        .code(1)
        .stderr(contains("the file was not changed"));
    assert_eq!(read(dir.path()), "Session(revision: ");
}

#[test]
fn verify_walks_revisions_and_edits_in_the_committed_history() {
    let dir = repo();
    let d = dir.path();
    revise(d);
    git(d, &["commit", "-qam", "revision 2"]);
    edit(d, "Refund API v2");
    git(d, &["commit", "-qam", "an edit in revision 2"]);
    edit(d, "Refund API, v2");
    git(d, &["commit", "-qam", "another edit in revision 2"]);
    revise(d);
    git(d, &["commit", "-qam", "revision 3"]);
    edit(d, "Refund API v3");
    git(d, &["commit", "-qam", "an edit in revision 3"]);
    let (code, out, err) = verify(d, &[FILE]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(out, "intact: revisions 1–3 over 6 commits\n");
    // An uncommitted revise is checked against the last committed bytes.
    revise(d);
    let (code, out, _) = verify(d, &[FILE]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        out,
        "intact: revisions 1–4 over 6 commits and the working tree\n"
    );
    // A revision committed after the fact breaks the chain: revision 1 again, after 3.
    let first = Process::new("git")
        .args([
            "-C",
            &d.display().to_string(),
            "show",
            "HEAD~5:sessions/refund-api.ron",
        ])
        .output()
        .unwrap()
        .stdout;
    std::fs::write(d.join(FILE), first).unwrap();
    git(d, &["commit", "-qam", "back to revision 1"]);
    let (code, out, _) = verify(d, &[FILE]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("revision 1 at commit ")
            && out.contains("\"back to revision 1\" follows revision 3"),
        "{out}"
    );
}

#[test]
fn verify_names_the_revision_and_commit_where_history_was_rewritten() {
    // Revision 1 and its revise, made outside git.
    let work = repo();
    let original = read(work.path());
    revise(work.path());
    let second = read(work.path());
    // A history in which revision 1's committed bytes are not the ones revision 2 records.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(d.join("sessions")).unwrap();
    let tampered = original.replace("Refund API", "Refund API (rewritten)");
    assert_ne!(tampered, original);
    write(d, &tampered);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "revision 1"]);
    write(d, &second);
    git(d, &["commit", "-qam", "revision 2"]);
    let (code, out, err) = verify(d, &[FILE]);
    assert_eq!(code, Some(1), "{out}{err}");
    let expected = store::sha256_hex(tampered.as_bytes());
    let found = store::sha256_hex(original.as_bytes());
    assert!(
        out.starts_with("revision 2 at commit ") && out.contains("\"revision 2\" does not record"),
        "{out}"
    );
    assert!(
        out.contains(&format!("expected: revision 1, SHA-256 {expected}")),
        "{out}"
    );
    assert!(out.contains("(the bytes at commit "), "{out}");
    assert!(out.contains("\"revision 1\")"), "{out}");
    assert!(
        out.contains(&format!("found:    revision 1, SHA-256 {found}")),
        "{out}"
    );
    assert!(
        out.ends_with("broken: 1 break in revisions 1–2 over 2 commits\n"),
        "{out}"
    );
}

#[test]
fn verify_checks_several_files_oldest_first() {
    let dir = repo();
    let d = dir.path();
    let mut names = Vec::new();
    for n in 1..=3 {
        let name = format!("r{n}.ron");
        std::fs::copy(d.join(FILE), d.join(&name)).unwrap();
        names.push(name);
        if n < 3 {
            revise(d);
        }
    }
    let files: Vec<&str> = names.iter().map(String::as_str).collect();
    let (code, out, err) = verify(d, &files);
    assert_eq!(
        (code, out.as_str()),
        (Some(0), "intact: revisions 1–3 over 3 files\n"),
        "{err}"
    );
    // Tampering with the middle file breaks the link that names it.
    let middle = std::fs::read_to_string(d.join("r2.ron")).unwrap();
    std::fs::write(d.join("r2.ron"), middle.replace("Refund API", "Refund AP1")).unwrap();
    let (code, out, _) = verify(d, &files);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.starts_with("revision 3 at r3.ron does not record"),
        "{out}"
    );
    assert!(out.contains("(the bytes at r2.ron)"), "{out}");
    // Out of order, or a file that does not load.
    let (code, out, _) = verify(d, &["r2.ron", "r1.ron"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("follows revision 2 at r2.ron"), "{out}");
    std::fs::write(d.join("r1.ron"), "not a session").unwrap();
    let (code, _, err) = verify(d, &files);
    assert_eq!(code, Some(2));
    assert!(err.contains("r1.ron"), "{err}");
}

#[test]
fn verify_says_what_to_do_without_a_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.ron"),
        store::to_ron(&common::sample()).unwrap(),
    )
    .unwrap();
    let (code, _, err) = verify(dir.path(), &["x.ron"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not inside a git repository"), "{err}");
    assert!(err.contains("oldest first"), "{err}");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let (code, _, err) = verify(dir.path(), &["x.ron"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("does not have any commits yet"), "{err}");
    assert!(err.contains("commit it in a git repository"), "{err}");
}

#[test]
fn the_export_footer_names_the_previous_revision() {
    let dir = repo();
    let d = dir.path();
    let footer = || {
        let output = threatbench(d)
            .args(["export", FILE, "--format", "markdown"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        text.trim_end().lines().last().unwrap().to_owned()
    };
    assert!(!footer().contains("previous revision"), "{}", footer());
    let first = store::sha256_hex(&std::fs::read(d.join(FILE)).unwrap());
    revise(d);
    let now = store::sha256_hex(&std::fs::read(d.join(FILE)).unwrap());
    assert_eq!(
        footer(),
        format!(
            "_Generated by threatbench {} from {FILE} (SHA-256 `{now}`; previous revision 1: \
             SHA-256 `{first}`)._",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn the_start_screen_offers_revise_after_saying_what_starts_fresh() {
    use common::harness::Harness;
    use threatbench::app::{Action, Effect, SessionRow};
    let row = |error: Option<&str>| SessionRow {
        path: FILE.into(),
        title: "Refund API".into(),
        ticket: String::new(),
        revision: 1,
        updated: String::new(),
        undecided: 0,
        threats: 0,
        coverage: String::new(),
        error: error.map(str::to_owned),
    };
    let mut h = Harness::start();
    h.apply(Action::Listed(vec![row(None)]));
    h.take_effects();
    h.press("R");
    let screen = h.screen(80, 24);
    assert!(
        screen.contains("Start revision 2 of Refund API?"),
        "{screen}"
    );
    assert!(
        screen.contains("participants and retrospective"),
        "{screen}"
    );
    assert!(h.take_effects().is_empty(), "nothing happens before yes");
    h.press("y");
    let effects = h.take_effects();
    assert!(
        matches!(&effects[..], [Effect::Revise(path)] if path == Path::new(FILE)),
        "{effects:?}"
    );
    // The runtime's report goes to the status line, and the folder is listed again.
    h.apply(Action::Revised(
        "sessions/refund-api.ron: revision 2".into(),
    ));
    assert!(matches!(&h.take_effects()[..], [Effect::ListSessions]));
    assert!(
        h.screen(80, 24)
            .contains("sessions/refund-api.ron: revision 2")
    );
    // A file that does not load is not offered.
    h.apply(Action::Listed(vec![row(Some("line 1: broken"))]));
    h.press("R");
    assert!(h.take_effects().is_empty());
    assert!(h.screen(80, 24).contains("cannot revise: line 1: broken"));
}
