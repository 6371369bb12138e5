//! The two programs the command-line tests run: threatbench, with a private home and no
//! inherited environment, and git, with an author set and no user or system configuration.

use std::path::Path;

/// `threatbench` run in `cwd` with a private home, so nothing touches the real data dir.
pub fn threatbench(cwd: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("threatbench").unwrap();
    cmd.current_dir(cwd)
        .env_clear()
        .env("HOME", cwd.join("home"))
        .env("XDG_DATA_HOME", cwd.join("home/.local/share"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

/// `git -C dir` with a fixed author and neither the user's nor the system's configuration;
/// the caller adds the arguments.
pub fn git(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new("git");
    cmd.arg("-C")
        .arg(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}
