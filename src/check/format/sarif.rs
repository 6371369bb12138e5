//! SARIF 2.1.0, as GitHub code scanning reads it: every rule with its help, each result at
//! the line of the ID at fault in the session file (relative to the repository root), and
//! a fingerprint from the path, the rule and the ID, so that a finding that stays is the
//! same alert run after run, even when lines move.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::super::Outcome;
use crate::model::Level;

/// The most results one run carries: GitHub refuses a run with more than 25,000.
pub const MAX_RESULTS: usize = 25_000;

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
        Level::Off => "none",
    }
}

/// A relative path as a URI reference: `/` kept, everything outside the unreserved
/// characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What identifies a finding across runs: the file, the rule and the ID.
fn fingerprint(path: &str, rule: &str, subject: Option<&str>) -> String {
    let mut hash = Sha256::new();
    for part in [path, rule, subject.unwrap_or("")] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The outcome as one SARIF 2.1.0 log with one run.
pub fn sarif(outcome: &Outcome) -> String {
    let rules: Vec<Value> = outcome
        .levels
        .iter()
        .map(|(rule, configured)| {
            let info = rule.info();
            json!({
                "id": info.id,
                "name": info.name,
                "shortDescription": { "text": info.help },
                "fullDescription": { "text": info.help },
                "help": { "text": info.help },
                "defaultConfiguration": { "level": level(*configured) },
            })
        })
        .collect();
    let index_of = |id: &str| outcome.levels.iter().position(|(r, _)| r.info().id == id);
    let mut results = Vec::new();
    let mut total = 0;
    for file in &outcome.files {
        for f in &file.findings {
            total += 1;
            if results.len() == MAX_RESULTS {
                continue;
            }
            let info = f.rule.info();
            let mut physical = json!({ "artifactLocation": { "uri": uri(&file.repo_path) } });
            if let Some(p) = f.position {
                physical["region"] = json!({ "startLine": p.line, "startColumn": p.col });
            }
            let mut result = json!({
                "ruleId": info.id,
                "level": level(f.level),
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": {
                    "threatbenchFinding/v1": fingerprint(&file.repo_path, info.id, f.subject.as_deref()),
                },
            });
            if let Some(i) = index_of(info.id) {
                result["ruleIndex"] = json!(i);
            }
            results.push(result);
        }
    }
    let mut invocation = json!({ "executionSuccessful": true });
    if total > MAX_RESULTS {
        invocation["toolExecutionNotifications"] = json!([{
            "level": "warning",
            "message": {
                "text": format!(
                    "{total} findings; only the first {MAX_RESULTS} are in this log (the most a code-scanning run takes). Run `threatbench check` for all of them."
                )
            }
        }]);
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "threatbench",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_keeps_within_the_code_scanning_limit_and_says_so() {
        use crate::check::{FileReport, Outcome, Reported};
        use crate::model::Rule;
        let finding = |n: usize| Reported {
            rule: Rule::UndecidedThreat,
            level: Level::Error,
            subject: Some(format!("T{n}")),
            message: format!("T{n} has no decision"),
            position: None,
        };
        let outcome = Outcome {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
            files: vec![FileReport {
                path: "a.ron".into(),
                repo_path: "a.ron".into(),
                title: Some("A".into()),
                findings: (0..MAX_RESULTS + 5).map(finding).collect(),
                exempted: 0,
            }],
            levels: vec![(Rule::UndecidedThreat, Level::Error)],
        };
        let log: serde_json::Value = serde_json::from_str(&sarif(&outcome)).unwrap();
        let run = &log["runs"][0];
        assert_eq!(run["results"].as_array().unwrap().len(), MAX_RESULTS);
        let note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap();
        assert!(
            note.starts_with("25005 findings; only the first 25000"),
            "{note}"
        );
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("sessions/refund api.ron"), "sessions/refund%20api.ron");
        assert_eq!(uri("a/ü#?.ron"), "a/%C3%BC%23%3F.ron");
    }

    #[test]
    fn fingerprints_name_the_file_rule_and_id_only() {
        let a = fingerprint("s/a.ron", "TB001", Some("T1"));
        assert_eq!(a, fingerprint("s/a.ron", "TB001", Some("T1")));
        assert_ne!(a, fingerprint("s/a.ron", "TB001", Some("T2")));
        assert_ne!(a, fingerprint("s/a.ro", "nTB001", Some("T1")));
        assert_eq!(a.len(), 32);
    }
}
