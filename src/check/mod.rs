//! The CI gate: every session under some paths judged by the model's rules as of a day,
//! under the repository's policy, each finding placed at the line of the ID at fault.
//! Files are read on every core; the result is the same whatever the order they finish in.
//! The formats (`text`, `json`, `sarif`, `junit`, `github`) are pure functions of the
//! [`Outcome`], in [`format`].

pub mod format;
pub mod policy;
mod walk;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

pub use policy::{Exemption, Policy, PolicyError};
pub use walk::{Found, found, session_files};

use crate::model::{Finding, Level, Rule};
use crate::store::{self, Position};

/// One finding as reported: its rule and level under the policy, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The rule broken.
    pub rule: Rule,
    /// Its level under the policy.
    pub level: Level,
    /// The element, threat or decision at fault.
    pub subject: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The line and column of the subject's ID (or of the error in a broken file).
    pub position: Option<Position>,
}

/// One checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The path as it was given or found.
    pub path: PathBuf,
    /// The path relative to the repository root, with `/`: what SARIF, GitHub and
    /// exemptions name.
    pub repo_path: String,
    /// The session's title, when it loaded.
    pub title: Option<String>,
    /// What is wrong, most severe first, then in file order.
    pub findings: Vec<Reported>,
    /// Findings an unexpired exemption covers.
    pub exempted: usize,
}

impl FileReport {
    /// Whether the file could not be read as a session.
    pub fn unreadable(&self) -> bool {
        self.findings.iter().any(|f| f.rule == Rule::UnreadableFile)
    }
}

/// What a check found in every file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The day dates were judged against.
    pub as_of: NaiveDate,
    /// Each file, in path order.
    pub files: Vec<FileReport>,
    /// The rules as the policy sets them, for formats that list rules (SARIF).
    pub levels: Vec<(Rule, Level)>,
}

impl Outcome {
    /// How many findings are at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.level == level)
            .count()
    }

    /// Findings covered by an exemption, in all files.
    pub fn exempted(&self) -> usize {
        self.files.iter().map(|f| f.exempted).sum()
    }

    /// The exit status: 2 when a file could not be read, else 1 when any error was found,
    /// else 0.
    pub fn exit_code(&self) -> u8 {
        if self.files.iter().any(FileReport::unreadable) {
            2
        } else if self.count(Level::Error) > 0 {
            1
        } else {
            0
        }
    }

    /// "2 errors, 1 warning, 0 notes in 3 files (1 exempted); as of 2026-12-03".
    pub fn summary(&self) -> String {
        use crate::text::count;
        let mut text = format!(
            "{}, {}, {} in {}",
            count(self.count(Level::Error), "error"),
            count(self.count(Level::Warning), "warning"),
            count(self.count(Level::Note), "note"),
            count(self.files.len(), "file"),
        );
        let exempted = self.exempted();
        if exempted > 0 {
            text.push_str(&format!(" ({exempted} exempted by the policy)"));
        }
        text.push_str(&format!("; as of {}", self.as_of.format("%Y-%m-%d")));
        text
    }
}

/// Where a check runs: the day, the policy and the repository root paths are relative to.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The day dates are judged against.
    pub as_of: NaiveDate,
    /// The rules' levels, thresholds and exemptions.
    pub policy: Policy,
    /// The folder repository paths are relative to.
    pub root: PathBuf,
}

/// Checks every file, on every core.
pub fn run(files: &[PathBuf], setup: &Setup) -> Outcome {
    let mut reports: Vec<FileReport> = files.par_iter().map(|p| check_file(p, setup)).collect();
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    Outcome {
        as_of: setup.as_of,
        files: reports,
        levels: Rule::ALL
            .iter()
            .map(|r| (*r, setup.policy.level(*r)))
            .collect(),
    }
}

/// The path of `path` relative to `root`, with `/`; as given when it is not under it.
pub fn repo_path(path: &Path, root: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let relative = absolute.strip_prefix(&root).unwrap_or(path);
    relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A load error's message without the `path:line:col: ` it starts with: the report says
/// where already.
pub fn without_place(message: &str, path: &Path) -> String {
    let Some(rest) = message.strip_prefix(&path.display().to_string()) else {
        return message.to_owned();
    };
    let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
    rest.trim_start().to_owned()
}

/// Checks one file: loads it, judges it, applies the policy and places each finding.
pub fn check_file(path: &Path, setup: &Setup) -> FileReport {
    match store::load_located(path) {
        Ok(located) => judge(path, &located, setup),
        Err(e) => unreadable(path, &e, setup),
    }
}

/// The report on a file that could not be read: one finding saying what and where.
pub fn unreadable(path: &Path, error: &store::LoadError, setup: &Setup) -> FileReport {
    FileReport {
        path: path.to_owned(),
        repo_path: repo_path(path, &setup.root),
        title: None,
        findings: vec![Reported {
            rule: Rule::UnreadableFile,
            level: Level::Error,
            subject: None,
            message: without_place(&error.to_string(), path),
            position: error.position(),
        }],
        exempted: 0,
    }
}

/// Judges a session already loaded from `path`: the model's rules as of the setup's day,
/// the policy's levels and exemptions, each finding placed at its ID's line.
pub fn judge(path: &Path, located: &store::Located, setup: &Setup) -> FileReport {
    let mut report = FileReport {
        path: path.to_owned(),
        repo_path: repo_path(path, &setup.root),
        title: None,
        findings: Vec::new(),
        exempted: 0,
    };
    let session = &located.session;
    report.title = Some(session.title.clone());
    let policy = &setup.policy;
    let mine: Vec<&Exemption> = policy
        .exemptions
        .iter()
        .filter(|e| e.session == report.repo_path)
        .collect();
    let place = |subject: &Option<crate::model::Id>| {
        subject
            .as_ref()
            .and_then(|id| located.ids.get(id.as_str()).copied())
    };
    let mut findings = Vec::new();
    for Finding {
        rule,
        subject,
        message,
    } in session.findings(setup.as_of, &policy.thresholds)
    {
        let level = policy.level(rule);
        if level == Level::Off {
            continue;
        }
        let id = subject.as_ref().map(|s| s.as_str());
        let covering: Vec<&&Exemption> = mine
            .iter()
            .filter(|e| e.covers(rule, &report.repo_path, id))
            .collect();
        if covering.iter().any(|e| e.expires >= setup.as_of) {
            report.exempted += 1;
            continue;
        }
        let position = place(&subject);
        for expired in &covering {
            findings.push(Reported {
                rule: Rule::ExemptionExpired,
                level: policy.level(Rule::ExemptionExpired),
                subject: subject.as_ref().map(ToString::to_string),
                message: format!(
                    "the exemption from {} for {} expired on {} and no longer applies (it said: {})",
                    rule.info().name,
                    id.unwrap_or("this session"),
                    expired.expires.format("%Y-%m-%d"),
                    crate::text::fit(&crate::text::one_line(&expired.justification), 120)
                ),
                position,
            });
        }
        findings.push(Reported {
            rule,
            level,
            subject: subject.map(|s| s.to_string()),
            message,
            position,
        });
    }
    findings.retain(|f| f.level != Level::Off);
    // Most severe first; within a level, in the order of the file.
    findings.sort_by_key(|f| (f.level, f.position.map(|p| (p.line, p.col))));
    report.findings = findings;
    report
}
