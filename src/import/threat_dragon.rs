//! OWASP Threat Dragon models: version 2 (`"version": "2.x"`, cells under
//! `detail.diagrams[].cells`) and version 1 (no version, cells under `diagramJson.cells`),
//! which Threat Dragon 2 still opens and upgrades. Actors, processes, stores and flows become
//! elements; boxes and curves become trust boundaries with members found by geometry (see
//! [`geometry`]); text blocks become session notes; threats and their mitigations become
//! threats and decisions (see [`threats`]). The mapping is written up in `docs/import.md`.

mod cells;
mod diagram;
mod geometry;
mod mapping;
mod threats;

use cells::opt_text;
use diagram::Run;

use super::json::At;
use super::{Builder, ImportError};

/// The title a session made from this file gets: the model's title.
pub(super) fn title(doc: &At<'_>) -> Option<String> {
    let title = doc.get("summary")?.text("title")?;
    (!title.trim().is_empty()).then(|| title.to_owned())
}

/// Imports the model into the session through `builder`.
pub(super) fn import(doc: &At<'_>, builder: &mut Builder<'_>) -> Result<(), ImportError> {
    let version = version(doc)?;
    let summary = doc.field("summary")?;
    let detail = match doc.get("detail") {
        Some(detail) => detail,
        None if doc.get("details").is_some() => {
            return Err(doc.error(
                "the member \"detail\" is missing (there is a \"details\", which Threat Dragon \
                 does not write: was the file edited by hand?)",
            ));
        }
        None => doc.field("detail")?,
    };
    let diagrams = detail.field("diagrams")?.items()?;
    model_notes(builder, doc, &summary, &detail, &version)?;
    let mut run = Run::new(diagrams.len() > 1);
    for diagram in &diagrams {
        run.diagram(builder, diagram)?;
    }
    run.report(builder);
    Ok(())
}

/// The file's version in words, or why it is refused: another tool's file, or a version
/// of Threat Dragon this import does not read.
fn version(doc: &At<'_>) -> Result<String, ImportError> {
    let Some(map) = doc.value.as_object() else {
        return Err(doc.error("expected a Threat Dragon model (an object)"));
    };
    if !map.contains_key("summary") && !map.contains_key("detail") {
        let looks = if map.contains_key("bomFormat") {
            ": it looks like a CycloneDX BOM (threatbench import sbom)"
        } else if map.contains_key("otmVersion") {
            ": it looks like an Open Threat Model (threatbench import otm)"
        } else if map.contains_key("mitigationLinks") || map.contains_key("applicationInfo") {
            ": it looks like a threat-composer workspace (threatbench import threat-composer)"
        } else {
            ": it has neither \"summary\" nor \"detail\""
        };
        return Err(ImportError::WrongFormat(format!(
            "not a Threat Dragon model{looks}"
        )));
    }
    let Some(at) = doc.get("version") else {
        return Ok("1.x".to_owned());
    };
    let text = match at.value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(at.error("expected a version such as \"2.0.0\"")),
    };
    let major = text.split('.').next().unwrap_or_default();
    if major == "1" || major == "2" {
        Ok(text)
    } else {
        Err(ImportError::WrongFormat(format!(
            "Threat Dragon version {} is not supported: this import reads version 1.x and 2.x \
             models",
            crate::import::one_line(&text)
        )))
    }
}

/// The model's own words into the session notes: where it came from, its description, its
/// owner, reviewer and contributors.
fn model_notes(
    builder: &mut Builder<'_>,
    doc: &At<'_>,
    summary: &At<'_>,
    detail: &At<'_>,
    version: &str,
) -> Result<(), ImportError> {
    let title = opt_text(summary, "title")?.unwrap_or_default().trim();
    let named = if title.is_empty() {
        String::new()
    } else {
        format!(" “{title}”")
    };
    builder.note(
        doc,
        &format!("Imported from the Threat Dragon model{named} (version {version})."),
    )?;
    if let Some(description) = opt_text(summary, "description")? {
        builder.note(summary, description)?;
    }
    let mut people = Vec::new();
    for (at, key, label) in [
        (summary, "owner", "Owner"),
        (detail, "reviewer", "Reviewer"),
    ] {
        if let Some(who) = opt_text(at, key)?.filter(|w| !w.trim().is_empty()) {
            people.push(format!("{label}: {}.", who.trim()));
        }
    }
    let mut contributors = Vec::new();
    for item in detail.list("contributors")? {
        let name = match item.value {
            serde_json::Value::String(s) => s.as_str(),
            _ => item.text_field("name")?,
        };
        if !name.trim().is_empty() {
            contributors.push(name.trim());
        }
    }
    if !contributors.is_empty() {
        people.push(format!("Contributors: {}.", contributors.join(", ")));
    }
    builder.note(detail, &people.join(" "))
}
