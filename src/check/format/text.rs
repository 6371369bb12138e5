//! The text format: findings grouped by file, each as `file:line:col`, level, rule, ID and
//! message, then a summary line.

use std::fmt::Write;

use super::super::Outcome;
use crate::text::one_line;

/// The outcome for a person reading a terminal or a CI log.
pub fn text(outcome: &Outcome) -> String {
    let mut out = String::new();
    for file in &outcome.files {
        let path = one_line(&file.path.display().to_string()).into_owned();
        let title = file
            .title
            .as_deref()
            .map(|t| format!(" ({})", crate::text::fit(&one_line(t), 60)))
            .unwrap_or_default();
        if file.findings.is_empty() {
            let _ = writeln!(out, "{path}{title}: ok");
            continue;
        }
        let _ = writeln!(out, "{path}{title}:");
        for f in &file.findings {
            let place = match f.position {
                Some(p) => format!("{path}:{}:{}", p.line, p.col),
                None => path.clone(),
            };
            let info = f.rule.info();
            let _ = writeln!(
                out,
                "  {place}: {:<7} {} {} {}",
                f.level.as_str(),
                info.id,
                info.name,
                one_line(&f.message)
            );
        }
    }
    if !outcome.files.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", outcome.summary());
    out
}
