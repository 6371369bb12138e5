//! The command line as a user meets it: exit codes, what goes to stdout and stderr, and the
//! files it leaves behind.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};

mod common;

use predicates::prelude::*;
use predicates::str::contains;
use threatbench::store;

use common::run::threatbench;

fn stdout_path(output: &std::process::Output) -> PathBuf {
    PathBuf::from(String::from_utf8(output.stdout.clone()).unwrap().trim_end())
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/refund-api.ron")
}

#[test]
fn new_list_validate_in_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let output = threatbench(dir.path())
        .args([
            "new",
            "Refund API",
            "--ticket",
            "PAY-142",
            "--agenda",
            "quick",
        ])
        .args(["--participant", "Ana:facilitator", "--participant", "Bo"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let path = stdout_path(&output);
    assert!(
        path.starts_with(dir.path().join("home/.local/share/threatbench/sessions")),
        "{path:?}"
    );
    assert!(path.ends_with("refund-api.ron"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("15-minute quick review"));
    let ignore = std::fs::read_to_string(path.parent().unwrap().join(".gitignore")).unwrap();
    assert!(
        ignore.contains("*.lock") && ignore.contains("*.bak"),
        "{ignore}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("ticket: \"PAY-142\"") && text.contains("role: \"facilitator\""),
        "{text}"
    );
    assert!(text.contains("quick: true"), "{text}");

    threatbench(dir.path())
        .arg("list")
        .assert()
        .success()
        .stdout(
            contains("TITLE")
                .and(contains("Refund API"))
                .and(contains("PAY-142"))
                .and(contains("0/0")),
        );
    threatbench(dir.path())
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("ok"));
}

#[test]
fn saved_files_are_owner_only_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("threatbench"));
    cmd.args(["new", "Umask", "--dir"])
        .arg(dir.path().join("s"));
    // SAFETY: umask is async-signal-safe and touches no memory.
    unsafe {
        cmd.pre_exec(|| {
            libc::umask(0);
            Ok(())
        });
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let path = stdout_path(&output);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("s")), 0o700);
}

#[test]
fn the_repository_sessions_folder_wins_and_dir_and_env_override_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sessions")).unwrap();
    let out = threatbench(dir.path())
        .args(["new", "Local"])
        .output()
        .unwrap();
    assert_eq!(stdout_path(&out), Path::new("sessions/local.ron"));

    let out = threatbench(dir.path())
        .args(["new", "Flagged", "--dir", "elsewhere"])
        .output()
        .unwrap();
    assert_eq!(stdout_path(&out), Path::new("elsewhere/flagged.ron"));

    let out = threatbench(dir.path())
        .env("THREATBENCH_DIR", "from-env")
        .args(["new", "Env"])
        .output()
        .unwrap();
    assert_eq!(stdout_path(&out), Path::new("from-env/env.ron"));

    // The same title twice gets a second file, never the first one overwritten.
    let out = threatbench(dir.path())
        .args(["new", "Local"])
        .output()
        .unwrap();
    assert_eq!(stdout_path(&out), Path::new("sessions/local-2.ron"));
}

#[test]
fn hostile_titles_stay_inside_the_folder_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = threatbench(dir.path())
        .args(["new", "../../../etc/passwd", "--dir", "s"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_path(&out), Path::new("s/etc-passwd.ron"));
    threatbench(dir.path())
        .args(["new", "evil\u{1b}]52;c;aGk=\u{7}", "--dir", "s"])
        .assert()
        .code(1)
        .stderr(contains("control characters"));
    threatbench(dir.path())
        .args(["new", "   ", "--dir", "s"])
        .assert()
        .code(1)
        .stderr(contains("title is empty"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    threatbench(dir.path())
        .args(["new", "X", "--agenda", "90"])
        .assert()
        .code(2)
        .stderr(contains("possible values"));
    threatbench(dir.path())
        .args(["new", "X", "--participant", ":admin"])
        .assert()
        .code(2)
        .stderr(contains("has no name"));
    threatbench(dir.path())
        .arg("validate")
        .assert()
        .code(2)
        .stderr(contains("FILE"));
    threatbench(dir.path())
        .arg("frobnicate")
        .assert()
        .code(2)
        .stderr(
            contains("frobnicate: not a command, and no file of that name in").and(contains(
                "The commands are: new, open, list, validate, check, register, report, export, diff, import, revise, verify, init-git, completions",
            )),
        );
}

#[test]
fn global_options_work_before_a_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("S")).unwrap();
    std::fs::copy(example(), dir.path().join("S/refund-api.ron")).unwrap();
    threatbench(dir.path())
        .args(["--dir", "S", "list"])
        .assert()
        .success()
        .stdout(contains("Refund API").and(contains("refund-api.ron")));
    threatbench(dir.path())
        .args(["--dir", "S", "new", "Cache", "--no-open"])
        .assert()
        .success()
        .stdout("S/cache.ron\n");
    threatbench(dir.path())
        .env("THREATBENCH_DIR", "S")
        .args(["--dir", "S", "list"])
        .assert()
        .success()
        .stdout(contains("Cache"));
    // A file and a command together are a mistake, not a file silently ignored.
    threatbench(dir.path())
        .args(["S/refund-api.ron", "list"])
        .assert()
        .code(2)
        .stderr(contains("not both"));
}

#[test]
fn a_missing_file_or_a_mistyped_command_is_named_with_where_it_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().canonicalize().unwrap();
    threatbench(&cwd)
        .args(["open", "nope.ron"])
        .assert()
        .code(1)
        .stderr(
            contains(format!(
                "nope.ron: no such file ({}/nope.ron does not exist)",
                cwd.display()
            ))
            .and(contains("command").not()),
        );
    threatbench(&cwd).arg("lsit").assert().code(2).stderr(
        contains(format!(
            "lsit: not a command, and no file of that name in {}",
            cwd.display()
        ))
        .and(contains("did you mean `threatbench list`?"))
        .and(contains("export")),
    );
    // A session in the sessions folder, named from outside it, is pointed at.
    std::fs::create_dir(cwd.join("sessions")).unwrap();
    std::fs::copy(example(), cwd.join("sessions/refund-api.ron")).unwrap();
    threatbench(&cwd)
        .arg("refund-api.ron")
        .assert()
        .code(2)
        .stderr(contains(
            "the sessions folder has one: threatbench sessions/refund-api.ron",
        ));
}

#[test]
fn the_workbench_refuses_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    for args in [&[][..], &["s.ron"], &["open", "s.ron"]] {
        threatbench(dir.path()).args(args).assert().code(1).stderr(
            contains("needs a terminal")
                .and(contains("--no-open"))
                .and(contains("validate"))
                .and(contains("export")),
        );
    }
    // `new` without a terminal still creates the file and prints its path, for scripts.
    threatbench(dir.path())
        .args(["new", "Scripted", "--dir", "."])
        .assert()
        .success()
        .stdout(contains("scripted.ron"))
        .stderr(contains("not a terminal"));
}

#[test]
fn validate_reports_file_line_and_column_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Session(\n    format: 1,\n    title: ]\n)\n").unwrap();
    let before = std::fs::read(&broken).unwrap();
    threatbench(dir.path())
        .arg("validate")
        .arg(example())
        .arg(&broken)
        .assert()
        .code(1)
        .stdout(contains("refund-api.ron: ok"))
        .stderr(
            contains(format!("{}:3:", broken.display())).and(contains("1 of 2 files is not valid")),
        );
    assert_eq!(
        std::fs::read(&broken).unwrap(),
        before,
        "validate never writes"
    );
    threatbench(dir.path())
        .args(["validate", "missing.ron"])
        .assert()
        .code(1)
        .stderr(contains("missing.ron: cannot read"));
}

#[test]
fn list_shows_the_example_and_skips_broken_files_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("refund-api.ron")).unwrap();
    std::fs::write(dir.path().join("broken.ron"), "nope").unwrap();
    threatbench(dir.path())
        .args(["list", "."])
        .assert()
        .success()
        .stdout(
            contains("Refund API")
                .and(contains("PAY-142"))
                .and(contains("broken").not()),
        )
        .stderr(contains("warning: skipped").and(contains("broken.ron:1:1")));
    let empty = tempfile::tempdir().unwrap();
    threatbench(empty.path())
        .arg("list")
        .assert()
        .success()
        .stderr(contains("No sessions yet"));
    threatbench(empty.path())
        .args(["list", "nowhere"])
        .assert()
        .code(1)
        .stderr(contains("nowhere"));
}

#[test]
fn help_and_completions() {
    let dir = tempfile::tempdir().unwrap();
    threatbench(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Examples:").and(contains("threatbench new \"Refund API\"")));
    threatbench(dir.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("threatbench").and(contains("validate")))
        // The subcommands git and threatbench itself call are not offered.
        .stdout(predicates::str::contains("diff-driver").not())
        .stdout(predicates::str::contains("__render-template").not());
    threatbench(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn the_bundled_example_validates() {
    let dir = tempfile::tempdir().unwrap();
    threatbench(dir.path())
        .arg("validate")
        .arg(example())
        .assert()
        .success();
}

#[test]
fn hostile_text_in_files_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example()).unwrap().replacen(
        "element: \"E",
        "element: \"E1\u{1b}]0;PWNED\u{7}\u{1b}[2J",
        1,
    );
    std::fs::write(dir.path().join("inj.ron"), text).unwrap();
    let evil = dir.path().join("ev\u{1b}[31mil.ron");
    std::fs::write(&evil, "nope").unwrap();
    for args in [&["validate", "inj.ron"][..], &["list", "."]] {
        let out = threatbench(dir.path()).args(args).output().unwrap();
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !all.contains(&0x1b) && !all.contains(&0x07),
            "{}",
            String::from_utf8_lossy(&all)
        );
        assert!(
            String::from_utf8_lossy(&all).contains("\\u{1b}"),
            "the escape is shown, not sent"
        );
    }
}

#[test]
fn export_to_stdout_files_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    let out = threatbench(dir.path())
        .args(["export", "s.ron"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("## Threat model: Refund API"), "{text}");
    // The hash is of the bytes the export was made from (worked out while they are parsed).
    let sha256 = threatbench::store::sha256_hex(&std::fs::read(dir.path().join("s.ron")).unwrap());
    assert!(
        text.contains(&format!("from s.ron (SHA-256 `{sha256}`")),
        "the footer names the file and its hash"
    );
    let again = threatbench(dir.path())
        .args(["export", "s.ron"])
        .output()
        .unwrap();
    assert_eq!(text.as_bytes(), again.stdout.as_slice(), "byte-identical");

    threatbench(dir.path())
        .args([
            "export",
            "s.ron",
            "--format",
            "jira",
            "--out",
            "comment.txt",
        ])
        .assert()
        .success()
        .stdout(contains("comment.txt"));
    let written = dir.path().join("comment.txt");
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .starts_with("h2. Threat model")
    );
    assert_eq!(
        std::fs::metadata(&written).unwrap().permissions().mode() & 0o777,
        0o600
    );

    std::fs::create_dir(dir.path().join("out")).unwrap();
    threatbench(dir.path())
        .args(["export", "s.ron", "--format", "json", "--out", "out"])
        .assert()
        .success()
        .stdout(contains("out/s.json"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/s.json")).unwrap())
            .unwrap();
    assert_eq!(json["schema"], "threatbench-export/2");

    std::fs::write(
        dir.path().join("t.j2"),
        "{% for t in threats %}{{ t.id }};{% endfor %}",
    )
    .unwrap();
    threatbench(dir.path())
        .args(["export", "s.ron", "--template", "t.j2"])
        .assert()
        .success()
        .stdout(contains("T2;T4;T8;"));
}

#[test]
fn export_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.ron"),
        "Session(\n    format: 1,\n    title: ]\n)\n",
    )
    .unwrap();
    threatbench(dir.path())
        .args(["export", "broken.ron"])
        .assert()
        .code(1)
        .stderr(contains("broken.ron:3:"));
    threatbench(dir.path())
        .args(["export", "x.ron", "--format", "pdf"])
        .assert()
        .code(2);
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    std::fs::write(dir.path().join("bad.j2"), "{{ nope.nothing }}").unwrap();
    threatbench(dir.path())
        .args(["export", "s.ron", "--template", "bad.j2"])
        .assert()
        .code(1)
        .stderr(contains("bad.j2"));
    // Without a terminal the clipboard cannot be reached, and the command says so.
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("threatbench"));
    cmd.current_dir(dir.path())
        .args(["export", "s.ron", "--clipboard", "--out", "x.md"]);
    // SAFETY: setsid only detaches the child from the controlling terminal.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot copy to the clipboard: no terminal"),
        "{out:?}"
    );
}

#[test]
fn long_exports_are_written_as_numbered_parts() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(example()).unwrap();
    // A long retrospective pushes a Jira comment over 32,767 characters.
    let long = "word ".repeat(2_000);
    text = text.replacen("worked: \"", &format!("worked: \"{long}"), 1);
    for n in 0..40 {
        text = text.replacen(
            "parking_lot: [",
            &format!("parking_lot: [\n        ParkingItem(text: \"point {n} {long}\"),"),
            1,
        );
    }
    std::fs::write(dir.path().join("s.ron"), text).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = threatbench(dir.path())
        .args(["export", "s.ron", "--format", "jira", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let files = String::from_utf8(out.stdout).unwrap();
    assert!(
        files.lines().count() > 1 && files.contains("s-part-1.jira.txt"),
        "{files}"
    );
    for file in files.lines() {
        let part = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(part.chars().count() <= 32_767);
        assert!(part.starts_with("*Part "), "{}", &part[..40]);
    }
    let stdout = threatbench(dir.path())
        .args(["export", "s.ron", "--format", "jira"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&stdout.stdout).contains("===== threatbench: part 2 of"));
}

#[test]
fn exports_never_overwrite_a_session_and_make_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    let before = std::fs::read(dir.path().join("s.ron")).unwrap();
    threatbench(dir.path())
        .args(["export", "s.ron", "--format", "markdown", "--out", "s.ron"])
        .assert()
        .code(1)
        .stderr(contains("refusing to overwrite a session file"));
    assert_eq!(std::fs::read(dir.path().join("s.ron")).unwrap(), before);
    threatbench(dir.path())
        .args(["export", "s.ron", "--format", "json", "--out", "build/"])
        .assert()
        .success()
        .stdout(contains("build/s.json"));
    // A template sees empty fields as nothing, and no HTML escaping is added.
    std::fs::write(
        dir.path().join("t.html"),
        "{% for t in threats %}[{{ t.statement }}]{% endfor %}<{{ '&' | md }}>",
    )
    .unwrap();
    let out = threatbench(dir.path())
        .args(["export", "s.ron", "--template", "t.html"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[]") && !text.contains("none") && !text.contains("None"),
        "{text}"
    );
    assert!(text.ends_with("<`&`>"), "{text}");
}

#[test]
fn counts_of_one_are_singular() {
    let dir = tempfile::tempdir().unwrap();
    // Five elements, two threats and one decision.
    let text = threatbench::store::to_ron(&common::sample()).unwrap();
    std::fs::write(dir.path().join("one.ron"), text).unwrap();
    threatbench(dir.path())
        .args(["validate", "one.ron"])
        .assert()
        .success()
        .stdout(contains(
            "one.ron: ok (5 elements, 2 threats, 1 decision, coverage ",
        ));
    std::fs::write(dir.path().join("a.ron"), "nope").unwrap();
    std::fs::write(dir.path().join("b.ron"), "nope").unwrap();
    threatbench(dir.path())
        .args(["validate", "one.ron", "a.ron", "b.ron"])
        .assert()
        .code(1)
        .stderr(contains("2 of 3 files are not valid"));
}

#[test]
fn export_judges_acceptances_as_of_today_or_the_pinned_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = store::load(&example()).unwrap();
    let accepted = session
        .decisions
        .iter_mut()
        .find(|d| d.review_by.is_some())
        .expect("the example has an accepted risk with a review date");
    let due = session.updated.date_naive() + chrono::Days::new(30);
    accepted.review_by = Some(due);
    let id = accepted.id.to_string();
    std::fs::write(dir.path().join("s.ron"), store::to_ron(&session).unwrap()).unwrap();
    let export = |as_of: &str| {
        let out = threatbench(dir.path())
            .args(["export", "s.ron", "--format", "markdown", "--as-of", as_of])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let before = export(&session.updated.date_naive().to_string());
    let after = export(&(due + chrono::Days::new(1)).to_string());
    assert!(before.contains("none overdue"), "{before}");
    assert!(
        !after.contains("none overdue") && after.contains(&id),
        "{after}"
    );
    assert_eq!(
        before,
        export(&session.updated.date_naive().to_string()),
        "the same file and day give the same bytes"
    );
    // Without --as-of: today, which is long after a review date years back.
    accepted_in_past(&dir, &session);
}

fn accepted_in_past(dir: &tempfile::TempDir, session: &threatbench::model::Session) {
    let mut session = session.clone();
    for d in session
        .decisions
        .iter_mut()
        .filter(|d| d.review_by.is_some())
    {
        d.review_by = Some(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());
    }
    std::fs::write(dir.path().join("old.ron"), store::to_ron(&session).unwrap()).unwrap();
    let out = threatbench(dir.path())
        .args(["export", "old.ron", "--format", "markdown"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("none overdue"), "{text}");
}
