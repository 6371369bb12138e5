//! The session built from a read OTM file, step by step and only through the builder's
//! edits: the project, assets and representations into notes ([`project`]); components, the
//! stand-ins of trust zones that flows end at, flows and boundaries ([`elements`]); then
//! threats ([`threats`]) and decisions ([`decisions`]). What has no home is noted where it
//! belongs and counted once in the summary ([`tally`]).

mod decisions;
mod elements;
mod project;
mod tally;
mod threats;

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::read::File;
use crate::import::json::At;
use crate::import::{Builder, ImportError, one_line};
use crate::model::Id;
use tally::Tally;

/// Builds the session from `file` through `b`.
pub fn build(file: &File<'_>, b: &mut Builder<'_>) -> Result<(), ImportError> {
    let mut run = Run {
        file,
        tally: Tally::default(),
        elements: HashMap::new(),
        stand_ins: HashMap::new(),
        links: HashMap::new(),
        used: HashSet::new(),
        leftovers: Vec::new(),
    };
    run.project(b)?;
    run.components(b)?;
    let flows = run.flows(b)?;
    run.boundaries(b)?;
    for (component, id) in file
        .components
        .iter()
        .map(|c| (&c.node, run.elements.get(c.node.id).cloned()))
        .chain(flows)
        .collect::<Vec<_>>()
    {
        if let Some(id) = id {
            for instance in &component.threats {
                run.threat(b, &id, component, instance)?;
            }
        }
    }
    run.decisions(b)?;
    run.leftovers(b)?;
    run.tally.report(b);
    Ok(())
}

/// A threat as linked to one mitigation.
struct Linked {
    threat: Id,
    implemented: bool,
    state: String,
    label: String,
}

/// The state of the build.
struct Run<'f, 'a> {
    file: &'f File<'a>,
    tally: Tally,
    /// Components and flows: OTM ID → element.
    elements: HashMap<&'a str, Id>,
    /// Trust zones a flow ends at: zone ID → the external entity standing for it.
    stand_ins: HashMap<&'a str, Id>,
    /// Mitigation ID → the threats it is linked to.
    links: HashMap<&'a str, Vec<Linked>>,
    /// IDs of the threats some component or flow carries.
    used: HashSet<&'a str>,
    /// Lines for the session notes about what has no place.
    leftovers: Vec<String>,
}

impl<'a> Run<'_, 'a> {
    /// Threats on nothing and whatever else had no place, into the session notes.
    fn leftovers(&mut self, b: &mut Builder<'_>) -> Result<(), ImportError> {
        for id in &self.file.threat_order {
            if self.used.contains(id) {
                continue;
            }
            let Some(def) = self.file.threats.get(id) else {
                continue;
            };
            self.tally.unused_threats += 1;
            let categories = if def.categories.is_empty() {
                String::new()
            } else {
                format!(" ({})", def.categories.join(", "))
            };
            let description = if def.description.is_empty() {
                String::new()
            } else {
                format!(": {}", def.description)
            };
            self.leftovers.push(format!(
                "- Threat \u{201c}{}\u{201d}{categories} is on no component or flow{description}",
                def.name
            ));
        }
        if self.leftovers.is_empty() {
            return Ok(());
        }
        let at = At::root(self.file.project.value);
        b.note(
            &at,
            &format!(
                "Not placed from the OTM file:\n{}",
                std::mem::take(&mut self.leftovers).join("\n")
            ),
        )
    }

    /// Asset ID → name.
    fn asset_names(&self) -> HashMap<&'a str, &'a str> {
        self.file
            .assets
            .iter()
            .filter_map(|a| Some((a.text("id")?, a.text("name")?)))
            .collect()
    }
}

/// A description, then a blank line and the extra lines (each made one line).
fn notes(description: &str, extra: &[String]) -> String {
    let extra: Vec<String> = extra
        .iter()
        .map(|l| one_line(l))
        .filter(|l| !l.is_empty())
        .collect();
    match (description.trim().is_empty(), extra.is_empty()) {
        (_, true) => description.to_owned(),
        (true, false) => extra.join("\n"),
        (false, false) => format!("{}\n\n{}", description.trim_end(), extra.join("\n")),
    }
}

/// A name from the file as the summary shows it: one line, at most 60 columns.
fn short(text: &str) -> String {
    crate::text::fit(&one_line(text), 60)
}

/// "Tags: a, b", when there are any.
fn tags(tags: &[&str]) -> Option<String> {
    (!tags.is_empty()).then(|| format!("Tags: {}", tags.join(", ")))
}

/// The texts of the list `key`, whatever else it holds.
fn texts<'a>(at: &At<'a>, key: &str) -> Vec<&'a str> {
    at.list(key)
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.value.as_str())
        .collect()
}

/// "Attributes: key: value, ..." for the attributes threatbench does not read itself.
fn other_attributes(at: &At<'_>, known: &[&str]) -> Option<String> {
    let attributes = at.get("attributes")?;
    let map = attributes.value.as_object()?;
    let shown: Vec<String> = map
        .iter()
        .filter(|(k, v)| !known.contains(&k.as_str()) && !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}: {s}"),
            other => format!("{k}: {other}"),
        })
        .collect();
    (!shown.is_empty()).then(|| format!("Attributes: {}", shown.join(", ")))
}
