//! What a hostile or careless input cannot make the command line do: run a template
//! without end, write over a file that is not an export, or print without bound.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// `threatbench` run in `cwd` with a private home, so nothing touches the real data dir.
fn threatbench(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("threatbench").unwrap();
    cmd.current_dir(cwd)
        .env_clear()
        .env("HOME", cwd.join("home"))
        .env("XDG_DATA_HOME", cwd.join("home/.local/share"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        // A run that would not end on its own fails the test instead of hanging it.
        .timeout(Duration::from_secs(60));
    cmd
}

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
