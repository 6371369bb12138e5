//! The JSON format: the outcome for scripts, with a schema name that changes only when a
//! field's meaning does.

use serde::Serialize;

use super::super::Outcome;

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    as_of: String,
    summary: Summary,
    rules: Vec<RuleDoc>,
    files: Vec<FileDoc<'a>>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    notes: usize,
    files: usize,
    exempted: usize,
    exit_code: u8,
}

#[derive(Serialize)]
struct RuleDoc {
    id: &'static str,
    name: &'static str,
    level: &'static str,
    help: &'static str,
}

#[derive(Serialize)]
struct FileDoc<'a> {
    path: &'a str,
    title: Option<&'a str>,
    exempted: usize,
    findings: Vec<FindingDoc<'a>>,
}

#[derive(Serialize)]
struct FindingDoc<'a> {
    rule: &'static str,
    name: &'static str,
    level: &'static str,
    id: Option<&'a str>,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

/// The outcome as pretty JSON, one document.
pub fn json(outcome: &Outcome) -> String {
    use crate::model::Level;
    let doc = Doc {
        schema: "threatbench-check/1",
        as_of: outcome.as_of.format("%Y-%m-%d").to_string(),
        summary: Summary {
            errors: outcome.count(Level::Error),
            warnings: outcome.count(Level::Warning),
            notes: outcome.count(Level::Note),
            files: outcome.files.len(),
            exempted: outcome.exempted(),
            exit_code: outcome.exit_code(),
        },
        rules: outcome
            .levels
            .iter()
            .map(|(rule, level)| {
                let info = rule.info();
                RuleDoc {
                    id: info.id,
                    name: info.name,
                    level: level.as_str(),
                    help: info.help,
                }
            })
            .collect(),
        files: outcome
            .files
            .iter()
            .map(|f| FileDoc {
                path: &f.repo_path,
                title: f.title.as_deref(),
                exempted: f.exempted,
                findings: f
                    .findings
                    .iter()
                    .map(|x| FindingDoc {
                        rule: x.rule.info().id,
                        name: x.rule.info().name,
                        level: x.level.as_str(),
                        id: x.subject.as_deref(),
                        message: &x.message,
                        line: x.position.map(|p| p.line),
                        column: x.position.map(|p| p.col),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
