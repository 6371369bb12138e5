//! GitHub Actions: workflow commands that put each finding on the pull request's diff at
//! its line, and a Markdown table for the job's step summary.

use std::fmt::Write;

use super::super::Outcome;
use crate::export::escape::{Place, md_for};
use crate::export::live::Tracker;
use crate::model::Level;

/// A workflow command's message: `%`, CR and LF encoded, so that it stays one command.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`, which end a property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error file=…,line=…,col=…,title=…::message` per finding, then the summary line.
pub fn workflow_commands(outcome: &Outcome) -> String {
    let mut out = String::new();
    for file in &outcome.files {
        for f in &file.findings {
            let command = match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Note | Level::Off => "notice",
            };
            let mut props = format!("file={}", property(&file.repo_path));
            if let Some(p) = f.position {
                let _ = write!(props, ",line={},col={}", p.line, p.col);
            }
            let _ = write!(props, ",title={}", property(&f.rule.to_string()));
            let _ = writeln!(out, "::{command} {props}::{}", data(&f.message));
        }
    }
    let _ = writeln!(out, "threatbench check: {}", outcome.summary());
    out
}

/// The step summary: the totals, then a table of every finding, escaped as GitHub renders
/// Markdown so that a title cannot ping, link or break the table.
pub fn step_summary(outcome: &Outcome) -> String {
    let cell = |text: &str| md_for(text, Place::Cell, Tracker::Github);
    let mut out = String::from("### threatbench check\n\n");
    let _ = writeln!(out, "{}\n", cell(&outcome.summary()));
    let findings: Vec<_> = outcome
        .files
        .iter()
        .flat_map(|file| file.findings.iter().map(move |f| (file, f)))
        .collect();
    if findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| Level | Rule | File | Line | ID | Finding |\n|---|---|---|---|---|---|\n");
    for (file, f) in findings {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            f.level,
            cell(&f.rule.to_string()),
            cell(&file.repo_path),
            f.position.map_or_else(String::new, |p| p.line.to_string()),
            f.subject.as_deref().map_or_else(String::new, cell),
            cell(&f.message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_cannot_end_its_command_or_start_another() {
        assert_eq!(data("50% done\n::error::x"), "50%25 done%0A::error::x");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
