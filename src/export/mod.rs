//! Ticket-ready exports of a session: GitHub, GitLab and plain Markdown, Jira wiki markup,
//! JSON, or the user's own template; and, for other tools, the session as an Open Threat
//! Model file ([`otm`]) and the reference a product's SBOM carries to it ([`cyclonedx`]).
//! Pure functions of the session: the same session gives byte-identical output every time,
//! and nothing here touches a file or the network.
//!
//! Every threat appears once in the threats table and once more, either under the decision
//! that answers it or under "Unresolved". Session text is escaped for its target
//! ([`escape`]), and cleaned the same way in the JSON; exports longer than a tracker accepts
//! are split into numbered parts at section or row boundaries ([`split`]).

mod clean;
pub mod context;
pub mod cyclonedx;
mod document;
pub mod escape;
mod index;
mod jira;
pub mod live;
mod markdown;
pub mod otm;
mod pretty;
pub mod split;
pub mod template;
mod threat_views;

use std::fmt;

pub use context::{Context, SCHEMA, Source};
pub use live::Tracker;
pub use split::Block;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavour {
    /// GitHub-flavoured Markdown, for an issue or pull-request comment.
    Github,
    /// GitLab-flavoured Markdown, for an issue or merge-request note.
    Gitlab,
    /// Jira wiki markup (Jira Data Center, Jira Cloud REST v2).
    Jira,
    /// Plain CommonMark with GFM tables, for a file in the repository.
    Markdown,
    /// The export context as JSON (schema `threatbench-export/2`).
    Json,
}

impl Flavour {
    /// All flavours, in the order the TUI offers them.
    pub const ALL: [Flavour; 5] = [
        Flavour::Github,
        Flavour::Gitlab,
        Flavour::Jira,
        Flavour::Markdown,
        Flavour::Json,
    ];

    /// The flavour's name as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Flavour::Github => "github",
            Flavour::Gitlab => "gitlab",
            Flavour::Jira => "jira",
            Flavour::Markdown => "markdown",
            Flavour::Json => "json",
        }
    }

    /// The file extension for written exports.
    pub fn extension(self) -> &'static str {
        match self {
            Flavour::Github => "github.md",
            Flavour::Gitlab => "gitlab.md",
            Flavour::Jira => "jira.txt",
            Flavour::Markdown => "md",
            Flavour::Json => "json",
        }
    }

    /// The most characters one comment may hold in the target tracker (GitHub rejects
    /// bodies over 65,536, Jira over 32,767, GitLab notes over 1,000,000); `None` when the
    /// export goes to a file and is never split.
    pub fn limit(self) -> Option<usize> {
        match self {
            Flavour::Github => Some(65_536),
            Flavour::Gitlab => Some(1_000_000),
            Flavour::Jira => Some(32_767),
            Flavour::Markdown | Flavour::Json => None,
        }
    }

    /// The flavour called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Flavour::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Flavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The export of `context` as `flavour`, in parts that each fit the tracker's limit (one
/// part when it fits whole).
pub fn render(context: &Context, flavour: Flavour) -> Vec<String> {
    render_in(context, flavour, per_task(context.threats.len()))
}

/// How many threats make it worth making an export on two threads: below, a second thread
/// would cost more than it saves.
const IN_TWO_FROM: usize = 256;

/// How many threats one task of the two threads makes (a quarter to half a millisecond's
/// work): small enough that neither thread waits long for the other.
const PER_TASK: usize = 256;

/// How many threats one task makes in an export of `threats` threats; `None` when the
/// export is made on one thread.
fn per_task(threats: usize) -> Option<usize> {
    (threats >= IN_TWO_FROM).then_some(PER_TASK)
}

/// [`render`], with the threats' rows (or JSON) made on two threads in tasks of
/// `per_task` threats, or on one with `None`: for the tests that hold every way of sharing
/// the work to the same text.
#[doc(hidden)]
pub fn render_in(context: &Context, flavour: Flavour, per_task: Option<usize>) -> Vec<String> {
    let markup = |m: &dyn document::Markup| {
        let blocks = document::blocks_in(m, context, per_task);
        split::split(
            &blocks,
            flavour.limit(),
            &|i, n| document::part_header(m, context, i, n),
            &|text| m.breaks(text),
        )
    };
    match flavour {
        Flavour::Json => vec![json(context, per_task)],
        Flavour::Jira => markup(&jira::Jira),
        Flavour::Github => markup(&markdown::Markdown(Tracker::Github)),
        Flavour::Gitlab => markup(&markdown::Markdown(Tracker::Gitlab)),
        // A file in the repository: either tracker may render it.
        Flavour::Markdown => markup(&markdown::Markdown(Tracker::Any)),
    }
}

/// The context as pretty JSON with its text cleaned ([`clean`]), ending in a line break;
/// the threats cleaned and written in tasks of `per_task` on two threads ([`pretty`]).
fn json(context: &Context, per_task: Option<usize>) -> String {
    let json = match per_task {
        None => serde_json::to_string_pretty(&clean::cleaned(context)),
        Some(per_task) => pretty::pretty(
            "threats",
            || clean::cleaned_but_threats(context),
            context.threats.len(),
            |range| clean::cleaned_threats(&context.threats[range]),
            per_task,
        ),
    };
    let mut json = json.unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

/// The line that separates parts on standard output.
pub fn part_marker(index: usize, count: usize) -> String {
    format!(
        "\n===== threatbench: part {index} of {count} — paste each part as its own comment =====\n\n"
    )
}

/// All parts joined for standard output, with a marker before each part when there are
/// several.
pub fn joined(parts: &[String]) -> String {
    if parts.len() == 1 {
        return parts[0].clone();
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        out.push_str(part_marker(i + 1, parts.len()).trim_start_matches('\n'));
        out.push_str(part);
    }
    out
}

/// Writes the parts to `out` as [`joined`] joins them, without copying them into one text
/// first (at 10,000 threats that copy is 7 MB).
pub fn write_joined(out: &mut impl std::io::Write, parts: &[String]) -> std::io::Result<()> {
    if let [part] = parts {
        return out.write_all(part.as_bytes());
    }
    for (i, part) in parts.iter().enumerate() {
        let marker = part_marker(i + 1, parts.len());
        out.write_all(marker.trim_start_matches('\n').as_bytes())?;
        out.write_all(part.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_parts_are_the_joined_parts() {
        for count in 0..4 {
            let parts: Vec<String> = (0..count).map(|n| format!("part {n}\n")).collect();
            let mut written = Vec::new();
            write_joined(&mut written, &parts).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                joined(&parts),
                "{count}"
            );
        }
    }
}
