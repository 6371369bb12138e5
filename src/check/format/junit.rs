//! JUnit XML for GitLab's test report: one test suite per session file and one test case
//! per session and rule. A rule with errors fails its case; warnings and notes are kept in
//! the case's output; a file that cannot be read is an error.

use std::fmt::Write;

use super::super::{FileReport, Outcome};
use crate::model::{Level, Rule};

/// Text for XML: markup characters escaped, characters XML 1.0 does not allow dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// One line per finding: `path:line:col ID message`.
fn lines(file: &FileReport, rule: Rule, keep: impl Fn(Level) -> bool) -> Vec<String> {
    file.findings
        .iter()
        .filter(|f| f.rule == rule && keep(f.level))
        .map(|f| {
            let place = match f.position {
                Some(p) => format!("{}:{}:{}", file.repo_path, p.line, p.col),
                None => file.repo_path.clone(),
            };
            format!("{place} {}: {}", f.level, f.message)
        })
        .collect()
}

/// The outcome as a JUnit XML report.
pub fn junit(outcome: &Outcome) -> String {
    let rules: Vec<Rule> = outcome
        .levels
        .iter()
        .filter(|(_, level)| *level != Level::Off)
        .map(|(rule, _)| *rule)
        .collect();
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for file in &outcome.files {
        let (mut f_failures, mut f_errors) = (0, 0);
        let mut cases = String::new();
        for rule in &rules {
            let info = rule.info();
            let name = xml(&format!("{} {}", info.id, info.name));
            let class = xml(&file.repo_path);
            let _ = write!(cases, "    <testcase classname=\"{class}\" name=\"{name}\"");
            let failed = lines(file, *rule, |l| l == Level::Error);
            let other = lines(file, *rule, |l| l != Level::Error);
            if failed.is_empty() && other.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if !failed.is_empty() {
                let tag = if *rule == Rule::UnreadableFile {
                    f_errors += 1;
                    "error"
                } else {
                    f_failures += 1;
                    "failure"
                };
                let _ = writeln!(
                    cases,
                    "      <{tag} type=\"{}\" message=\"{}\">{}</{tag}>",
                    info.id,
                    xml(&crate::text::count(failed.len(), "finding")),
                    xml(&failed.join("\n"))
                );
            }
            if !other.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    xml(&other.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        tests += rules.len();
        failures += f_failures;
        errors += f_errors;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f_failures}\" errors=\"{f_errors}\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(&file.repo_path),
            rules.len(),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"threatbench check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_inert() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1b}[31m"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;[31m"
        );
    }
}
