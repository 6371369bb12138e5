//! What a hostile or careless input cannot make the command line do: run a template
//! without end, write over a file that is not an export, or print without bound.

use std::path::{Path, PathBuf};
use std::time::Duration;

use predicates::prelude::*;
use predicates::str::contains;

mod common;

use common::run::threatbench;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/refund-api.ron")
}

#[test]
fn a_template_that_loops_without_end_is_stopped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    std::fs::write(
        dir.path().join("loop.j2"),
        "start\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    threatbench(dir.path())
        .args(["export", "s.ron", "--template", "loop.j2"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("loop.j2:2").and(contains("stopped after")));
}

#[test]
fn a_template_that_writes_without_end_is_stopped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    // 100,000 × 1,000 bytes: 100 MB, in few enough steps to stay within the fuel.
    std::fs::write(
        dir.path().join("big.j2"),
        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
    )
    .unwrap();
    let out = threatbench(dir.path())
        .args(["export", "s.ron", "--template", "big.j2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{} bytes on stdout",
        out.stdout.len()
    );
    assert!(
        stderr.contains("big.j2") && stderr.contains("16 MB"),
        "{stderr}"
    );
}

#[test]
fn an_ordinary_template_still_renders_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    // A loop of 100,000 steps and 1 MB of output are well inside the budget.
    std::fs::write(
        dir.path().join("ok.j2"),
        "{% for i in range(1000) %}{{ 'y' * 1000 }}{% endfor %}{% for t in threats %}{{ t.id }};{% endfor %}",
    )
    .unwrap();
    let out = threatbench(dir.path())
        .args(["export", "s.ron", "--template", "ok.j2"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(&"y".repeat(1_000_000)), "{}", text.len());
    assert!(
        text[1_000_000..].starts_with("T2;T4;T8;"),
        "{}",
        &text[1_000_000..]
    );
}

/// Runs `template` as `t.j2` over the example with `--out t.out` and returns stderr,
/// checking that it failed with status 1, quickly, and wrote nothing.
fn refused(template: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    std::fs::write(dir.path().join("t.j2"), template).unwrap();
    let start = std::time::Instant::now();
    let out = threatbench(dir.path())
        .args(["export", "s.ron", "--template", "t.j2", "--out", "t.out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{template}: {stderr}");
    assert!(out.stdout.is_empty(), "{template}");
    assert_eq!(names(dir.path()), ["s.ron", "t.j2"], "{template}");
    assert!(stderr.starts_with("error: t.j2"), "{template}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{template}: {stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{template}: {:?}",
        start.elapsed()
    );
    stderr
}

#[test]
fn a_template_that_doubles_a_string_is_stopped_by_its_memory() {
    // Each step is cheap, so the fuel lasts; the string doubles until it hits the limit.
    let doubling = "{% set ns = namespace(s='x') %}{% for i in range(60) %}\
                    {% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}";
    let stderr = refused(doubling);
    assert!(
        stderr.contains("needed more than 128 MB of memory"),
        "{stderr}"
    );
}

#[test]
fn a_template_that_recurses_with_a_doubling_string_is_stopped_by_its_memory() {
    let macro_doubling = "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}\
                          {{ s|length }}{% endif %}{% endmacro %}{{ d('x', 60) }}";
    assert!(refused(macro_doubling).contains("MB of memory"));
}

#[test]
fn huge_widths_and_separators_are_stopped_by_the_memory_limit() {
    for template in [
        "{{ 'x'|indent(1000000000000) }}",
        "{{ '%1000000000000s'|format('x') }}",
        "{{ range(100000)|join('x' * 100000) }}",
    ] {
        assert!(refused(template).contains("MB of memory"), "{template}");
    }
}

#[test]
fn minijinja_s_own_limits_give_a_clear_error() {
    let repeated = refused("{{ 'x' * 1000000000 }}");
    assert!(
        repeated.contains("repeated string is too large"),
        "{repeated}"
    );
    let range = refused("{% for i in range(1000000000000) %}{% endfor %}");
    assert!(range.contains("range has too many elements"), "{range}");
}

#[test]
fn a_template_file_over_a_megabyte_is_not_read() {
    let stderr = refused(&"x".repeat(2 * 1024 * 1024));
    assert!(stderr.contains("over 1 MB"), "{stderr}");
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn out_leaves_a_file_that_is_not_an_export_alone_unless_forced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    let readme = dir.path().join("README.md");
    std::fs::write(&readme, "# My project\n").unwrap();
    std::fs::set_permissions(&readme, std::fs::Permissions::from_mode(0o644)).unwrap();
    threatbench(dir.path())
        .args([
            "export",
            "s.ron",
            "--format",
            "markdown",
            "--out",
            "README.md",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            contains("README.md: exists and is not an earlier threatbench export")
                .and(contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "# My project\n");
    assert_eq!(mode(&readme), 0o644);
    assert_eq!(names(dir.path()), ["README.md", "s.ron"]);

    // --force replaces it, keeps its mode and leaves no backup beside it.
    threatbench(dir.path())
        .args([
            "export",
            "s.ron",
            "--format",
            "markdown",
            "--out",
            "README.md",
        ])
        .arg("--force")
        .assert()
        .success()
        .stdout(contains("README.md"));
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(text.starts_with("## Threat model: Refund API"), "{text}");
    assert_eq!(mode(&readme), 0o644);
    assert_eq!(names(dir.path()), ["README.md", "s.ron"]);
    threatbench(dir.path())
        .args(["export", "s.ron", "--force"])
        .assert()
        .code(2)
        .stderr(contains("--out"));
}

#[test]
fn out_never_writes_over_a_lock_backup_or_temp_file_even_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    for name in ["s.ron.lock", "s.ron.bak", ".s.ron.123-ab-0.tmp", "new.lock"] {
        let path = dir.path().join(name);
        let existed = !name.starts_with("new");
        if existed {
            std::fs::write(&path, "keep").unwrap();
        }
        for force in [false, true] {
            let mut cmd = threatbench(dir.path());
            cmd.args(["export", "s.ron", "--out", name]);
            if force {
                cmd.arg("--force");
            }
            cmd.assert()
                .code(1)
                .stderr(contains("refusing to write an export").and(contains(name)));
            if existed {
                assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep", "{name}");
            } else {
                assert!(!path.exists(), "{name}");
            }
        }
    }
}

#[test]
fn an_earlier_export_is_replaced_without_force_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(), dir.path().join("s.ron")).unwrap();
    for format in ["github", "gitlab", "jira", "markdown", "json"] {
        let out = format!("{format}.out");
        for _ in 0..2 {
            threatbench(dir.path())
                .args(["export", "s.ron", "--format", format, "--out", &out])
                .assert()
                .success();
        }
        assert_eq!(
            mode(&dir.path().join(&out)),
            0o600,
            "a new export is owner-only"
        );
    }
    // Parts in the middle carry no footer; their header marks them.
    let long = "word ".repeat(200);
    let mut text = std::fs::read_to_string(example()).unwrap();
    for n in 0..300 {
        text = text.replacen(
            "parking_lot: [",
            &format!("parking_lot: [\n        ParkingItem(text: \"point {n} {long}\"),"),
            1,
        );
    }
    std::fs::write(dir.path().join("long.ron"), text).unwrap();
    for format in ["jira", "github"] {
        for _ in 0..2 {
            let out = threatbench(dir.path())
                .args(["export", "long.ron", "--format", format, "--out", "parts/"])
                .output()
                .unwrap();
            assert!(out.status.success(), "{format}: {out:?}");
            assert!(String::from_utf8_lossy(&out.stdout).contains("long-part-3."));
        }
    }
    // Template output carries no mark: writing it again takes --force.
    std::fs::write(dir.path().join("t.j2"), "{{ session.title }}\n").unwrap();
    let template = ["export", "s.ron", "--template", "t.j2", "--out", "t.txt"];
    threatbench(dir.path()).args(template).assert().success();
    threatbench(dir.path())
        .args(template)
        .assert()
        .code(1)
        .stderr(contains("--force"));
    threatbench(dir.path())
        .args(template)
        .arg("--force")
        .assert()
        .success();
    assert!(
        !names(dir.path()).iter().any(|n| n.ends_with(".bak")),
        "{:?}",
        names(dir.path())
    );
}

#[test]
fn one_huge_ticket_does_not_widen_every_row_of_list() {
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example()).unwrap();
    for n in 0..20 {
        let title = match n {
            0 => "東京 決済 API".to_owned(),
            1 => "Cafe\u{301} caching".to_owned(),
            _ => format!("Session {n}"),
        };
        let session = text.replacen("title: \"Refund API\"", &format!("title: \"{title}\""), 1);
        std::fs::write(dir.path().join(format!("s{n}.ron")), session).unwrap();
    }
    // The case, at 1 MB: before, each of the 21 rows was padded to the ticket's width.
    let huge = format!("{}{}", "票".repeat(10), "X".repeat(1_000_000));
    let session = text.replacen("ticket: \"PAY-142\"", &format!("ticket: \"{huge}\""), 1);
    std::fs::write(dir.path().join("huge.ron"), session).unwrap();
    let out = threatbench(dir.path())
        .args(["list", "."])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.len() < 22 * 300, "{} bytes", out.stdout.len());
    let table = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 22, "{table}");
    // Every FILE cell starts at the same display column, whatever the widths before it.
    let file_column = |line: &str| {
        let at = line.rfind("  ").unwrap() + 2;
        line[..at].width()
    };
    let first = file_column(lines[0]);
    for line in &lines {
        assert_eq!(file_column(line), first, "{table}");
        assert!(line.width() <= 40 + 60 + 80 + 60 + 20, "{line}");
    }
    assert!(table.contains("票票票票票票票票票票XXXX"), "{table}");
    assert!(table.contains('…'), "{table}");
}
