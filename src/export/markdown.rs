//! GitHub, GitLab and plain Markdown: GFM tables, task lists, HTML anchors so that threat and
//! decision IDs link to each other, and a Mermaid diagram of the data flows with trust
//! boundaries as subgraphs.

use std::collections::HashSet;

use super::context::Context;
use super::document::Markup;
use super::escape::{Place, md, mermaid};
use super::split::Block;
use crate::model::KindTag;

/// Markdown as GitHub and GitLab render it (GFM).
pub struct Markdown;

impl Markup for Markdown {
    fn text(&self, raw: &str) -> String {
        md(raw, Place::Text)
    }
    fn cell(&self, raw: &str) -> String {
        md(raw, Place::Cell)
    }
    fn heading(&self, level: u8, escaped: &str) -> String {
        format!("{} {escaped}\n\n", "#".repeat(usize::from(level)))
    }
    fn bold(&self, escaped: &str) -> String {
        format!("**{escaped}**")
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
    fn row(&self, cells: &[String]) -> String {
        format!("| {} |\n", cells.join(" | "))
    }
    /// IDs are validated (a letter and digits): nothing in an anchor needs escaping.
    fn anchor(&self, id: &str) -> String {
        format!("<a name=\"{}\"></a>", id.to_ascii_lowercase())
    }
    fn link(&self, id: &str) -> String {
        format!("[{id}](#{})", id.to_ascii_lowercase())
    }
    fn check(&self, ok: bool) -> &'static str {
        if ok { "✓" } else { "✗" }
    }
    fn rule(&self) -> &'static str {
        "---\n\n"
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
    let node = |id: &str| -> String {
        let Some(e) = c.elements.iter().find(|e| e.id == id) else {
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
        let label = f
            .data
            .as_deref()
            .filter(|d| !d.is_empty())
            .unwrap_or(&f.name);
        out.push_str(&format!(
            "  {from} -->|\"{} {}\"| {to}\n",
            f.id,
            mermaid(label)
        ));
    }
    out.push_str("```\n\n");
    Some(out)
}
