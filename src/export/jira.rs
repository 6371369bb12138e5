//! Jira wiki markup: `||head||` tables, `{anchor}` macros and `[T1|#t1]` links, every piece
//! of session text escaped.

use super::document::{Markup, push_lowercase};
use super::escape::push_jira;

/// Jira wiki markup (Jira Data Center, Jira Cloud REST v2).
pub struct Jira;

impl Markup for Jira {
    fn push_text(&self, out: &mut String, raw: &str) {
        push_jira(out, raw);
    }
    /// Jira collapses an empty cell; a space keeps it.
    fn push_cell(&self, out: &mut String, raw: &str) {
        let before = out.len();
        push_jira(out, raw);
        if out.len() == before {
            out.push(' ');
        }
    }
    fn heading(&self, level: u8, escaped: &str) -> String {
        format!("h{level}. {escaped}\n\n")
    }
    fn bold_mark(&self) -> &'static str {
        "*"
    }
    fn italic(&self, escaped: &str) -> String {
        format!("_{escaped}_")
    }
    fn code(&self, literal: &str) -> String {
        format!("{{{{{literal}}}}}")
    }
    fn item(&self, escaped: &str) -> String {
        format!("* {escaped}\n")
    }
    /// Jira has no task lists: done items say so.
    fn task(&self, done: bool, escaped: &str) -> String {
        format!("* {}{escaped}\n", if done { "(/) " } else { "" })
    }
    fn table_head(&self, columns: &[&str]) -> String {
        format!("||{}||\n", columns.join("||"))
    }
    fn row_marks(&self) -> [&'static str; 3] {
        ["|", "|", "|\n"]
    }
    fn push_anchor(&self, out: &mut String, id: &str) {
        out.push_str("{anchor:");
        push_lowercase(out, id);
        out.push('}');
    }
    fn push_link(&self, out: &mut String, id: &str) {
        out.push('[');
        out.push_str(id);
        out.push_str("|#");
        push_lowercase(out, id);
        out.push(']');
    }
    fn external(&self, text: &str, url: &str) -> String {
        format!("[{text}|{url}]")
    }
    fn check(&self, ok: bool) -> &'static str {
        if ok { "(/)" } else { "(x)" }
    }
    fn rule(&self) -> &'static str {
        "----\n"
    }
}
