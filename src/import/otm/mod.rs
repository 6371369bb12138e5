//! Open Threat Model (OTM 0.2.0, the format IriusRisk, Threat Dragon and threatcl exchange)
//! into a session: trust zones become trust boundaries, components elements by their type,
//! dataflows flows, each threat on a component or flow a threat in a STRIDE cell, and each
//! mitigation one decision answering every threat it is linked to. What threatbench wrote
//! into `attributes` ([`crate::export::otm::attr`]) comes back into its fields. The mapping
//! is documented in docs/import.md.

mod build;
mod mapping;
mod read;

use super::json::At;
use super::{Builder, ImportError};
use crate::text::{fit, one_line};

/// The longest title taken from a project's name, in columns: a title is one line on
/// every screen.
const TITLE_WIDTH: usize = 200;

/// The title a session made from this file gets: the project's name.
pub(super) fn title(doc: &At<'_>) -> Option<String> {
    let name = doc.get("project")?.text("name")?;
    Some(fit(&one_line(name), TITLE_WIDTH))
}

/// Imports the document into the session through `builder`.
pub(super) fn import(doc: &At<'_>, builder: &mut Builder<'_>) -> Result<(), ImportError> {
    check_version(doc)?;
    let file = read::File::read(doc)?;
    build::build(&file, builder)
}

/// Refuses what is not OTM 0.1 or 0.2, naming the tool a file seems to come from.
fn check_version(doc: &At<'_>) -> Result<(), ImportError> {
    let not_otm = |why: &str| {
        ImportError::WrongFormat(format!(
            "not an Open Threat Model: {why}{}",
            other_tool(doc)
        ))
    };
    if !doc.value.is_object() {
        return Err(not_otm("an OTM file is a JSON object"));
    }
    let Some(version) = doc.get("otmVersion") else {
        return Err(not_otm("it has no \"otmVersion\""));
    };
    let version = version.str()?;
    let known = ["0.2.", "0.1."]
        .iter()
        .any(|v| version.starts_with(v) || version == &v[..3]);
    if !known {
        return Err(ImportError::WrongFormat(format!(
            "OTM version {} is not read: threatbench reads OTM 0.2.0 (and 0.1)",
            fit(&one_line(version), 40)
        )));
    }
    Ok(())
}

/// "; it looks like a CycloneDX BOM: use threatbench import sbom", or nothing.
fn other_tool(doc: &At<'_>) -> &'static str {
    let has = |key: &str| doc.get(key).is_some();
    if has("bomFormat") {
        "; it looks like a CycloneDX BOM: use threatbench import sbom"
    } else if has("summary") && has("detail") {
        "; it looks like a Threat Dragon model: use threatbench import threat-dragon"
    } else if has("schema") && (has("threats") || has("applicationInfo")) {
        "; it looks like a threat-composer workspace: use threatbench import threat-composer"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version_error(doc: serde_json::Value) -> String {
        check_version(&At::root(&doc)).unwrap_err().to_string()
    }

    #[test]
    fn other_files_are_refused_with_a_hint() {
        assert!(version_error(json!([])).contains("a JSON object"));
        assert!(
            version_error(json!({"bomFormat": "CycloneDX"})).contains("import sbom"),
            "names the right importer"
        );
        assert!(version_error(json!({"summary": {}, "detail": {}})).contains("threat-dragon"));
        assert!(version_error(json!({"otmVersion": "1.0.0"})).contains("version 1.0.0"));
        assert!(version_error(json!({"otmVersion": 2})).contains("$.otmVersion"));
        for ok in ["0.2.0", "0.2", "0.1.0", "0.2.1"] {
            assert!(check_version(&At::root(&json!({"otmVersion": ok}))).is_ok());
        }
    }
}
