//! GitHub, GitLab and plain Markdown: GFM tables, task lists, HTML anchors so that threat and
//! decision IDs link to each other, and a Mermaid diagram of the data flows with trust
//! boundaries as subgraphs.

use std::collections::{HashMap, HashSet};

use super::context::{Context, ElementView};
use super::document::{Markup, push_lowercase};
use super::escape::{Place, mermaid, push_md_for};
use super::live::Tracker;
use super::split::Block;
use crate::model::KindTag;

/// Markdown as GitHub and GitLab render it (GFM), for the tracker that will render it.
pub struct Markdown(pub Tracker);

impl Markup for Markdown {
    fn push_text(&self, out: &mut String, raw: &str) {
        push_md_for(out, raw, Place::Text, self.0);
    }
    fn push_cell(&self, out: &mut String, raw: &str) {
        push_md_for(out, raw, Place::Cell, self.0);
    }
    fn heading(&self, level: u8, escaped: &str) -> String {
        format!("{} {escaped}\n\n", "#".repeat(usize::from(level)))
    }
    fn bold_mark(&self) -> &'static str {
        "**"
    }
    fn italic(&self, escaped: &str) -> String {
        format!("_{escaped}_")
    }
    fn code(&self, literal: &str) -> String {
        format!("`{literal}`")
    }
    fn item(&self, escaped: &str) -> String {
        format!("- {escaped}\n")
    }
    fn task(&self, done: bool, escaped: &str) -> String {
        format!("- [{}] {escaped}\n", if done { "x" } else { " " })
    }
    fn table_head(&self, columns: &[&str]) -> String {
        format!(
            "| {} |\n|{}\n",
            columns.join(" | "),
            "---|".repeat(columns.len())
        )
    }
    fn row_marks(&self) -> [&'static str; 3] {
        ["| ", " | ", " |\n"]
    }
    /// IDs are validated (a letter and digits): nothing in an anchor needs escaping.
    fn push_anchor(&self, out: &mut String, id: &str) {
        out.push_str("<a name=\"");
        push_lowercase(out, id);
        out.push_str("\"></a>");
    }
    fn push_link(&self, out: &mut String, id: &str) {
        out.push('[');
        out.push_str(id);
        out.push_str("](#");
        push_lowercase(out, id);
        out.push(')');
    }
    fn external(&self, text: &str, url: &str) -> String {
        format!("[{text}]({url})")
    }
    fn check(&self, ok: bool) -> &'static str {
        if ok { "✓" } else { "✗" }
    }
    fn rule(&self) -> &'static str {
        "---\n\n"
    }
    fn breaks(&self, text: &str) -> Vec<usize> {
        breaks(text)
    }
    fn diagram(&self, c: &Context) -> Option<Block> {
        diagram(c).map(|text| Block {
            text,
            table: None,
            fallback: Some(
                "_The data-flow diagram is too large for one comment; see the session file._\n\n"
                    .into(),
            ),
        })
    }
}

/// The spaces of `text` outside code spans, HTML tags and backslash escapes: cutting there
/// leaves no code span open, so nothing a code span neutralized becomes live text. Session
/// text reaches the output escaped (a backtick or `<` of its own is `` \` `` or `\<`), so
/// every unescaped backtick run and `<` is markup the export wrote.
fn breaks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let run_at = |at: usize| bytes[at..].iter().take_while(|b| **b == b'`').count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // An escape is two characters; the second is ASCII punctuation.
            b'\\' => i += 2,
            b'`' => {
                // A code span closes at the next run of exactly as many backticks; an
                // unmatched run is literal text.
                let run = run_at(i);
                let mut j = i + run;
                let mut close = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let other = run_at(j);
                        if other == run {
                            close = Some(j + other);
                            break;
                        }
                        j += other;
                    } else {
                        j += 1;
                    }
                }
                i = close.unwrap_or(i + run);
            }
            b'<' => {
                i = bytes[i..]
                    .iter()
                    .position(|b| *b == b'>')
                    .map_or(i + 1, |end| i + end + 1);
            }
            b' ' => {
                out.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// A Mermaid flowchart of the flows, boundaries as subgraphs; `None` without flows.
fn diagram(c: &Context) -> Option<String> {
    let flows: Vec<_> = c
        .elements
        .iter()
        .filter(|e| e.tag == KindTag::DataFlow)
        .collect();
    if flows.is_empty() {
        return None;
    }
    let by_id: HashMap<&str, &ElementView> =
        c.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    let node = |id: &str| -> String {
        let Some(e) = by_id.get(id) else {
            return id.to_owned();
        };
        let label = mermaid(&e.name);
        // Every kind is named, so that a new kind must choose its shape.
        match e.tag {
            KindTag::Process => format!("{id}(\"{label}\")"),
            KindTag::DataStore => format!("{id}[(\"{label}\")]"),
            KindTag::ThirdParty => format!("{id}{{{{\"{label}\"}}}}"),
            KindTag::ExternalEntity | KindTag::DataFlow | KindTag::TrustBoundary => {
                format!("{id}[\"{label}\"]")
            }
        }
    };
    let mut out = String::from("```mermaid\nflowchart LR\n");
    let mut placed: HashSet<&str> = HashSet::new();
    for b in c
        .elements
        .iter()
        .filter(|e| e.tag == KindTag::TrustBoundary)
    {
        let members: Vec<&str> = b
            .members
            .iter()
            .map(String::as_str)
            .filter(|m| placed.insert(m))
            .collect();
        if members.is_empty() {
            continue;
        }
        out.push_str(&format!("  subgraph {}[\"{}\"]\n", b.id, mermaid(&b.name)));
        for m in members {
            out.push_str(&format!("    {}\n", node(m)));
        }
        out.push_str("  end\n");
    }
    for e in c
        .elements
        .iter()
        .filter(|e| !matches!(e.tag, KindTag::DataFlow | KindTag::TrustBoundary))
    {
        if placed.insert(&e.id) {
            out.push_str(&format!("  {}\n", node(&e.id)));
        }
    }
    for f in flows {
        let (Some(from), Some(to)) = (&f.from, &f.to) else {
            continue;
        };
        // The flow's name, and what it carries when that is known.
        let data = f
            .data
            .as_deref()
            .map(mermaid)
            .filter(|d| !d.is_empty())
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {from} -->|\"{} {}{data}\"| {to}\n",
            f.id,
            mermaid(&f.name)
        ));
    }
    out.push_str("```\n\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_are_outside_code_spans_tags_and_escapes() {
        let text = "a `b c` d";
        assert_eq!(breaks(text), vec![1, 7]);
        // An escaped backtick opens nothing; an unmatched run is literal.
        assert_eq!(breaks("\\` x ``` y"), vec![2, 4, 8]);
        // A longer fence holds shorter runs and padding spaces.
        assert_eq!(breaks("x `` `@y` `` z"), vec![1, 12]);
        assert_eq!(breaks("<a name=\"t1\"></a>T1 x"), vec![19]);
    }
}
