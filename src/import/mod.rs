//! Moving in from the tools teams already use: a CycloneDX SBOM, an OWASP Threat Dragon
//! model, an AWS threat-composer workspace, an Open Threat Model (OTM) file. Each importer
//! reads the other tool's JSON and changes a session only through the model's edits
//! ([`Session::apply`]), so an import is checked like typing the same things in; what has
//! no home in threatbench is kept in notes or named in the [`Summary`], never dropped
//! silently. An import works on a copy: on any error nothing changes.

mod common;
pub mod json;
mod otm;
mod sbom;
mod threat_composer;
mod threat_dragon;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use thiserror::Error;

use crate::model::{
    Applied, Category, DecisionDraft, Edit, EditError, ElementDraft, Id, KindTag, Session, Target,
    ThreatDraft, is_allowed_char,
};
use json::At;

/// Files larger than this are refused before they are read: a threat model or an SBOM of
/// 64 MiB is already far beyond any real one.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The formats `threatbench import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// CycloneDX JSON 1.2–1.6: components become third-party components.
    Sbom,
    /// OWASP Threat Dragon v2 JSON.
    ThreatDragon,
    /// AWS threat-composer workspace (.tc.json, schema 1).
    ThreatComposer,
    /// Open Threat Model 0.2.0 JSON.
    Otm,
}

impl Kind {
    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Sbom => "CycloneDX SBOM",
            Kind::ThreatDragon => "Threat Dragon model",
            Kind::ThreatComposer => "threat-composer workspace",
            Kind::Otm => "Open Threat Model",
        }
    }
}

/// Choices that only some importers read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// SBOM: every component, not only the root's direct dependencies.
    pub all: bool,
    /// SBOM: only components whose name, group or purl contains this text (any case).
    pub filter: Option<String>,
}

/// Why an import failed. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// The bytes are not JSON.
    #[error("not JSON: {message} at line {line}, column {column}")]
    NotJson {
        /// What the parser says.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON is not what the format says at `path`.
    #[error("at {path}: {message}")]
    Shape {
        /// The JSON path of the value at fault.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file is of another tool or another version.
    #[error("{0}")]
    WrongFormat(String),
    /// The model refused an item read from `path`.
    #[error("at {path}: {error}")]
    Refused {
        /// The JSON path of the item.
        path: String,
        /// Why the model refused it.
        error: EditError,
    },
}

/// What an import did, for the person who ran it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Items added, by what they are ("process", "threat", "decision", ...).
    pub added: BTreeMap<&'static str, usize>,
    /// Items already there and updated, by what they are.
    pub updated: BTreeMap<&'static str, usize>,
    /// How things were mapped, one line each ("severity High → likelihood 4 × impact 4").
    pub mapped: Vec<String>,
    /// What had no home or was left out, and why, one line each.
    pub not_mapped: Vec<String>,
}

impl Summary {
    /// How many of `what` were added.
    pub fn added_of(&self, what: &str) -> usize {
        self.added.get(what).copied().unwrap_or(0)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = |map: &BTreeMap<&str, usize>| {
            map.iter()
                .map(|(what, n)| counted(*n, what))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.added.is_empty() {
            writeln!(f, "added: nothing")?;
        } else {
            writeln!(f, "added: {}", counts(&self.added))?;
        }
        if !self.updated.is_empty() {
            writeln!(f, "updated: {}", counts(&self.updated))?;
        }
        for line in &self.mapped {
            writeln!(f, "mapped: {line}")?;
        }
        for line in &self.not_mapped {
            writeln!(f, "not mapped: {line}")?;
        }
        Ok(())
    }
}

/// `n` of `what`, with the plural of element kinds ("2 processes", "3 trust boundaries").
fn counted(n: usize, what: &str) -> String {
    match KindTag::ALL.iter().find(|k| k.label() == what) {
        Some(kind) if n != 1 => format!("{n} {}", kind.plural()),
        _ => crate::text::count(n, what),
    }
}

/// What an importer changes the session through: the model's edits, with text from the
/// other tool made safe first, and a summary kept as it goes.
#[derive(Debug)]
pub struct Builder<'s> {
    session: &'s mut Session,
    today: NaiveDate,
    /// The choices given on the command line.
    pub options: Options,
    /// What was done so far.
    pub summary: Summary,
}

impl<'s> Builder<'s> {
    /// A builder adding to `session`, judging dates as of `today`.
    pub fn new(session: &'s mut Session, today: NaiveDate, options: Options) -> Self {
        Builder {
            session,
            today,
            options,
            summary: Summary::default(),
        }
    }

    /// The session as built so far.
    pub fn session(&self) -> &Session {
        self.session
    }

    /// The day review dates are judged against.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Applies `edit` read from `at`; a refusal names the JSON path.
    pub fn apply(&mut self, at: &At<'_>, edit: Edit) -> Result<Applied, ImportError> {
        self.session
            .apply(edit, self.today)
            .map_err(|error| ImportError::Refused {
                path: at.path.clone(),
                error,
            })
    }

    /// Adds an element read from `at` and returns its ID; counted by its kind.
    pub fn element(&mut self, at: &At<'_>, mut draft: ElementDraft) -> Result<Id, ImportError> {
        draft.name = one_line(&draft.name);
        draft.notes = text(&draft.notes);
        let tag: KindTag = draft.kind.tag();
        if draft.name.is_empty() {
            // Nothing but control characters: a name the reader can still point at.
            draft.name = format!("unnamed {}", tag.label());
        }
        let applied = self.apply(at, Edit::AddElement(draft))?;
        *self.summary.added.entry(tag.label()).or_default() += 1;
        issued(applied, at)
    }

    /// Adds a threat read from `at` to a cell and returns its ID.
    pub fn threat(
        &mut self,
        at: &At<'_>,
        element: &Id,
        category: Category,
        mut draft: ThreatDraft,
    ) -> Result<Id, ImportError> {
        draft.title = one_line(&draft.title);
        draft.notes = text(&draft.notes);
        let g = &mut draft.grammar;
        for part in [
            &mut g.source,
            &mut g.prerequisites,
            &mut g.action,
            &mut g.impact,
            &mut g.assets,
        ] {
            *part = one_line(part);
        }
        let applied = self.apply(
            at,
            Edit::AddThreat {
                element: element.clone(),
                category,
                draft,
            },
        )?;
        *self.summary.added.entry("threat").or_default() += 1;
        issued(applied, at)
    }

    /// Adds a decision read from `at` and returns its ID.
    pub fn decision(&mut self, at: &At<'_>, mut draft: DecisionDraft) -> Result<Id, ImportError> {
        draft.summary = one_line(&draft.summary);
        draft.rationale = text(&draft.rationale);
        draft.owner = draft.owner.map(|o| one_line(&o)).filter(|o| !o.is_empty());
        draft.ticket = draft.ticket.map(|t| one_line(&t)).filter(|t| !t.is_empty());
        let applied = self.apply(at, Edit::AddDecision(draft))?;
        *self.summary.added.entry("decision").or_default() += 1;
        issued(applied, at)
    }

    /// Adds a paragraph to the session's notes (a description, a text block, what the
    /// other tool says about the whole model).
    pub fn note(&mut self, at: &At<'_>, paragraph: &str) -> Result<(), ImportError> {
        let paragraph = text(paragraph);
        if paragraph.trim().is_empty() {
            return Ok(());
        }
        let mut notes = self.session.notes.clone();
        if !notes.is_empty() {
            notes.push_str("\n\n");
        }
        notes.push_str(paragraph.trim());
        self.apply(at, Edit::Notes(notes)).map(|_| ())
    }

    /// Notes a mapping the reader should know about.
    pub fn mapped(&mut self, line: impl Into<String>) {
        self.summary.mapped.push(line.into());
    }

    /// Notes something that had no home, or was left out, and why.
    pub fn not_mapped(&mut self, line: impl Into<String>) {
        self.summary.not_mapped.push(line.into());
    }

    /// Counts an item that was already there and has been updated.
    pub fn count_updated(&mut self, what: &'static str) {
        *self.summary.updated.entry(what).or_default() += 1;
    }
}

/// The ID an addition issued.
fn issued(applied: Applied, at: &At<'_>) -> Result<Id, ImportError> {
    match applied.target {
        Some(
            Target::Element(id)
            | Target::Threat(id)
            | Target::Decision(id)
            | Target::Assumption(id),
        ) => Ok(id),
        _ => Err(at.error("the item was not added")),
    }
}

/// Text from another tool as a multi-line field holds it: Windows line ends made plain,
/// terminal escape sequences (`ESC [ 31 m`) and other control characters dropped whole.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let plain = raw.replace("\r\n", "\n");
    let mut chars = plain.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => out.push('\n'),
            // A control sequence: ESC [ parameters, then one final byte from @ to ~.
            '\u{1b}' if chars.peek() == Some(&'[') => {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            c if is_allowed_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Text from another tool as a one-line field holds it: line breaks and tabs become spaces,
/// runs of blanks one space, control characters dropped.
pub fn one_line(raw: &str) -> String {
    text(raw).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads `bytes` (the file's content) as JSON.
pub fn parse(bytes: &[u8]) -> Result<serde_json::Value, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| ImportError::NotJson {
        message: plain_message(&e),
        line: e.line(),
        column: e.column(),
    })
}

/// serde_json's message without its own " at line L column C" (the error adds its own).
fn plain_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    }
}

/// The title a new session made from this file gets: the model's or the product's name.
pub fn title(kind: Kind, doc: &serde_json::Value) -> Option<String> {
    let root = At::root(doc);
    let title = match kind {
        Kind::Sbom => sbom::title(&root),
        Kind::ThreatDragon => threat_dragon::title(&root),
        Kind::ThreatComposer => threat_composer::title(&root),
        Kind::Otm => otm::title(&root),
    }?;
    let title = one_line(&title);
    (!title.is_empty()).then_some(title)
}

/// Imports `doc` of `kind` into a copy of `session` and returns the copy with a summary;
/// `session` itself is left as it was.
pub fn import(
    kind: Kind,
    doc: &serde_json::Value,
    session: &Session,
    today: NaiveDate,
    options: Options,
) -> Result<(Session, Summary), ImportError> {
    let mut copy = session.clone();
    let mut builder = Builder::new(&mut copy, today, options);
    let root = At::root(doc);
    match kind {
        Kind::Sbom => sbom::import(&root, &mut builder)?,
        Kind::ThreatDragon => threat_dragon::import(&root, &mut builder)?,
        Kind::ThreatComposer => threat_composer::import(&root, &mut builder)?,
        Kind::Otm => otm::import(&root, &mut builder)?,
    }
    let summary = builder.summary;
    Ok((copy, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_is_made_safe() {
        assert_eq!(text("a\r\nb\rc\u{1b}[31md\te"), "a\nb\ncd\te");
        assert_eq!(text("Tiny \u{1b}[1;31mdemo\u{1b}[0m\u{7}"), "Tiny demo");
        assert_eq!(text("cut \u{1b}[31"), "cut ");
        assert_eq!(one_line("  a\n\tb   c\u{7} "), "a b c");
    }

    #[test]
    fn not_json_says_where() {
        let error = parse(b"{\n  \"a\": ]").unwrap_err();
        assert!(
            matches!(error, ImportError::NotJson { line: 2, .. }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("not JSON: expected value at line 2")
        );
    }
}
