//! `threatbench init-git`: sets up the repository for a team's session files: the merge and
//! diff drivers named in `.gitattributes` (committed, so the whole team has them) and
//! defined in the repository's git config (each clone runs it once).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Failed;
use super::messages::Report;
use crate::git;

/// The lines `.gitattributes` needs. The policy file at the root is RON but not a session:
/// git merges it line by line, as any text (a later line wins in `.gitattributes`).
pub const ATTRIBUTES: [&str; 3] = [
    "*.ron merge=threatbench",
    "*.ron diff=threatbench",
    "/threatbench.ron merge=text",
];

/// The git configuration that defines the drivers.
pub const CONFIG: [(&str, &str); 3] = [
    (
        "merge.threatbench.name",
        "threatbench: merge sessions by ID",
    ),
    (
        "merge.threatbench.driver",
        "threatbench merge-driver %O %A %B %P",
    ),
    ("diff.threatbench.command", "threatbench diff-driver"),
];

/// Sets up the repository that holds `dir` (the current directory by default).
pub fn run(dir: Option<PathBuf>, report: &Report) -> Result<ExitCode, Failed> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let root = git::toplevel(&dir).map_err(|e| {
        report.error(format_args!("{e}; run init-git inside the repository"));
        Failed
    })?;
    let attributes = root.join(".gitattributes");
    let added = add_lines(&attributes, &ATTRIBUTES).map_err(|e| {
        report.error(format_args!("cannot write {}: {e}", attributes.display()));
        Failed
    })?;
    for line in ATTRIBUTES {
        let verb = if added.contains(&line) {
            "added to"
        } else {
            "already in"
        };
        println!("{verb} {}: {line}", attributes.display());
    }
    for (key, value) in CONFIG {
        git::set_config(&root, key, value).map_err(|e| {
            report.error(format_args!("{e}"));
            Failed
        })?;
        println!("git config {key} '{value}'");
    }
    println!(
        "Commit .gitattributes so the team shares it; each clone runs `threatbench init-git` once \
         (git config is not committed). threatbench must be on the PATH for git to run it."
    );
    Ok(ExitCode::SUCCESS)
}

/// The lines of `wanted` that `text` lacks (compared without surrounding blanks).
fn missing<'a>(text: &str, wanted: &[&'a str]) -> Vec<&'a str> {
    wanted
        .iter()
        .filter(|w| !text.lines().any(|l| l.trim() == **w))
        .copied()
        .collect()
}

/// Appends to the file at `path` (created if absent) the lines of `wanted` it lacks, and
/// returns them. The file's other lines and its mode stay as they are.
fn add_lines<'a>(path: &Path, wanted: &[&'a str]) -> std::io::Result<Vec<&'a str>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let lines = missing(&text, wanted);
    if lines.is_empty() {
        return Ok(lines);
    }
    let mut add = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        add.push('\n');
    }
    for line in &lines {
        add.push_str(line);
        add.push('\n');
    }
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    file.write_all(add.as_bytes())?;
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_missing_lines_are_added() {
        let text = "*.png binary\n  *.ron merge=threatbench \n";
        assert_eq!(
            missing(text, &ATTRIBUTES),
            ["*.ron diff=threatbench", "/threatbench.ron merge=text"]
        );
        assert!(
            missing(
                "*.ron merge=threatbench\n*.ron diff=threatbench\n/threatbench.ron merge=text",
                &ATTRIBUTES
            )
            .is_empty()
        );
    }
}
