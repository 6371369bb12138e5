//! The policy a repository holds its threat models to: `threatbench.ron` at the repository
//! root (or `--policy FILE`). It sets rule levels and thresholds, and grants exemptions that
//! name the rule, the session and the ID, say why, and expire.
//!
//! ```ron
//! Policy(
//!     coverage_min: 90,
//!     due_soon_days: 14,
//!     stale_days: 365,
//!     levels: { "unrated-threat": off, "TB007": error },
//!     exemptions: [
//!         Exemption(
//!             rule: "undecided-threat",
//!             session: "sessions/refund-api.ron",
//!             id: "T4",
//!             justification: "decided with the payments team in PAY-160",
//!             expires: "2027-01-31",
//!         ),
//!     ],
//! )
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::{Level, Rule, Thresholds};
use crate::store::Position;

/// The name of the policy file at a repository root.
pub const POLICY_FILE: &str = "threatbench.ron";

/// The largest policy file read.
const MAX_POLICY_BYTES: u64 = 1024 * 1024;

/// A policy, checked: every rule it names exists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// The numbers the rules are judged by.
    pub thresholds: Thresholds,
    /// Levels that differ from the rules' defaults.
    pub levels: BTreeMap<Rule, Level>,
    /// Findings that are accepted for a while.
    pub exemptions: Vec<Exemption>,
}

/// A finding accepted until a date, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// The rule it exempts from.
    pub rule: Rule,
    /// The session file, relative to the repository root, with `/` between folders.
    pub session: String,
    /// The element, threat or decision; none exempts every finding of the rule there.
    pub id: Option<String>,
    /// Why the finding is accepted.
    pub justification: String,
    /// The last day it applies.
    pub expires: NaiveDate,
}

impl Exemption {
    /// Whether this exemption names `rule` on `subject` in the session at `session`.
    pub fn covers(&self, rule: Rule, session: &str, subject: Option<&str>) -> bool {
        self.rule == rule
            && self.session == session
            && self.id.as_deref().is_none_or(|id| Some(id) == subject)
    }
}

impl Policy {
    /// The level of `rule` under this policy.
    pub fn level(&self, rule: Rule) -> Level {
        self.levels.get(&rule).copied().unwrap_or(rule.info().level)
    }
}

/// The file as written.
#[derive(Deserialize)]
#[serde(rename = "Policy", deny_unknown_fields)]
struct Written {
    #[serde(default)]
    coverage_min: Option<u8>,
    #[serde(default)]
    due_soon_days: Option<u32>,
    #[serde(default)]
    stale_days: Option<u32>,
    #[serde(default)]
    levels: BTreeMap<String, Level>,
    #[serde(default)]
    exemptions: Vec<WrittenExemption>,
}

#[derive(Deserialize)]
#[serde(rename = "Exemption", deny_unknown_fields)]
struct WrittenExemption {
    rule: String,
    session: String,
    #[serde(default)]
    id: Option<String>,
    justification: String,
    expires: NaiveDate,
}

/// Why a policy file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The file.
    pub path: PathBuf,
    /// Where in it, when known.
    pub position: Option<Position>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy {}", self.path.display())?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.col)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads and checks the policy at `path`.
pub fn load(path: &Path) -> Result<Policy, PolicyError> {
    let fail = |position, message: String| PolicyError {
        path: path.to_owned(),
        position,
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| fail(None, format!("cannot read it: {e}")))?
        .len();
    if size > MAX_POLICY_BYTES {
        return Err(fail(
            None,
            format!("{size} bytes is more than a policy holds"),
        ));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| fail(None, format!("cannot read it: {e}")))?;
    parse(&text).map_err(|(position, message)| fail(position, message))
}

/// Parses policy text: a position and a message when it is not a valid policy.
pub fn parse(text: &str) -> Result<Policy, (Option<Position>, String)> {
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let written: Written = options.from_str(text).map_err(|e| {
        let position = Position {
            line: e.span.start.line,
            col: e.span.start.col,
        };
        (Some(position), e.code.to_string())
    })?;
    let at = |needle: &str| {
        text.find(&format!("\"{needle}\""))
            .map(|offset| Position::at_offset(text.as_bytes(), offset))
    };
    let rule = |name: &str| {
        Rule::named(name).ok_or_else(|| {
            (
                at(name),
                format!(
                    "no rule is named {name:?}; rules: {}",
                    Rule::ALL
                        .iter()
                        .map(|r| r.info().name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    };
    let mut thresholds = Thresholds::default();
    if let Some(min) = written.coverage_min {
        if min > 100 {
            return Err((
                None,
                format!("coverage_min is a percent, 0 to 100, not {min}"),
            ));
        }
        thresholds.coverage_min = min;
    }
    if let Some(days) = written.due_soon_days {
        thresholds.due_soon_days = days;
    }
    if let Some(days) = written.stale_days {
        thresholds.stale_days = days;
    }
    let mut levels = BTreeMap::new();
    for (name, level) in &written.levels {
        levels.insert(rule(name)?, *level);
    }
    let mut exemptions = Vec::with_capacity(written.exemptions.len());
    for e in written.exemptions {
        if e.justification.trim().is_empty() {
            return Err((
                at(&e.session),
                format!(
                    "the exemption from {} in {} has no justification: say why it is accepted",
                    e.rule, e.session
                ),
            ));
        }
        exemptions.push(Exemption {
            rule: rule(&e.rule)?,
            session: e.session.trim_start_matches("./").to_owned(),
            id: e.id,
            justification: e.justification,
            expires: e.expires,
        });
    }
    Ok(Policy {
        thresholds,
        levels,
        exemptions,
    })
}

/// Whether `text` is a session rather than a policy: a session file may be named
/// `threatbench.ron` too (threatbench's own threat model is).
pub fn is_session(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|line| !line.is_empty() && !line.starts_with("//") && !line.starts_with("#!"))
        .is_some_and(|line| line.starts_with("Session"))
}

/// The repository root above `start` (the folder holding `.git`) and the policy there, if
/// any: a `threatbench.ron` that is not a session, in the first folder up from `start`
/// that has one, stopping at the repository root.
pub fn find(start: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_owned());
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    let mut policy = None;
    while let Some(d) = dir {
        let candidate = d.join(POLICY_FILE);
        if policy.is_none()
            && candidate.is_file()
            && std::fs::read_to_string(&candidate).is_ok_and(|t| !is_session(&t))
        {
            policy = Some(candidate);
        }
        if d.join(".git").exists() {
            return (Some(d.to_owned()), policy);
        }
        dir = d.parent();
    }
    (None, policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_sets_levels_thresholds_and_exemptions() {
        let policy = parse(
            r#"Policy(
                coverage_min: 90,
                levels: { "unrated-threat": off, "TB007": error },
                exemptions: [Exemption(rule: "TB001", session: "./sessions/a.ron", id: "T4",
                    justification: "decided in PAY-160", expires: "2027-01-31")],
            )"#,
        )
        .unwrap();
        assert_eq!(policy.thresholds.coverage_min, 90);
        assert_eq!(policy.thresholds.due_soon_days, 30);
        assert_eq!(policy.level(Rule::UnratedThreat), Level::Off);
        assert_eq!(policy.level(Rule::MitigationWithoutTicket), Level::Error);
        assert_eq!(policy.level(Rule::UndecidedThreat), Level::Error);
        let e = &policy.exemptions[0];
        assert!(e.covers(Rule::UndecidedThreat, "sessions/a.ron", Some("T4")));
        assert!(!e.covers(Rule::UndecidedThreat, "sessions/a.ron", Some("T5")));
    }

    #[test]
    fn mistakes_say_what_and_where() {
        let (at, message) = parse("Policy(levels: { \"undecided\": off })").unwrap_err();
        assert_eq!(at, Some(Position { line: 1, col: 18 }));
        assert!(
            message.contains("no rule is named \"undecided\""),
            "{message}"
        );
        let (at, message) = parse("Policy(\n  colour: 3)").unwrap_err();
        assert_eq!(at.map(|p| p.line), Some(2));
        assert!(message.contains("colour"), "{message}");
        let (_, message) = parse(
            r#"Policy(exemptions: [(rule: "TB001", session: "a.ron", justification: " ", expires: "2027-01-01")])"#,
        )
        .unwrap_err();
        assert!(message.contains("no justification"), "{message}");
        let (_, message) = parse("Policy(coverage_min: 120)").unwrap_err();
        assert!(message.contains("0 to 100"), "{message}");
    }

    #[test]
    fn a_session_named_threatbench_ron_is_not_a_policy() {
        assert!(is_session(
            "#![enable(implicit_some)]\nSession(\n format: 1,"
        ));
        assert!(!is_session("// policy\nPolicy(coverage_min: 90)"));
        assert!(!is_session("(coverage_min: 90)"));
    }
}
