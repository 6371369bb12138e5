//! Jira wiki markup: `||head||` tables, `{anchor}` macros and `[T1|#t1]` links, every piece
//! of session text escaped.

use super::document::Markup;
use super::escape::jira;

/// Jira wiki markup (Jira Data Center, Jira Cloud REST v2).
pub struct Jira;

impl Markup for Jira {
    fn text(&self, raw: &str) -> String {
        jira(raw)
    }
    /// Jira collapses an empty cell; a space keeps it.
    fn cell(&self, raw: &str) -> String {
        let text = jira(raw);
        if text.is_empty() {
            " ".to_owned()
        } else {
            text
        }
    }
    fn heading(&self, level: u8, escaped: &str) -> String {
        format!("h{level}. {escaped}\n\n")
    }
    fn bold(&self, escaped: &str) -> String {
        format!("*{escaped}*")
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
    fn row(&self, cells: &[String]) -> String {
        format!("|{}|\n", cells.join("|"))
    }
    fn anchor(&self, id: &str) -> String {
        format!("{{anchor:{}}}", id.to_ascii_lowercase())
    }
    fn link(&self, id: &str) -> String {
        format!("[{id}|#{}]", id.to_ascii_lowercase())
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
