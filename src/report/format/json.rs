//! The report as JSON, for scripts: everything in the report, lists uncut, under a schema
//! name that changes only when a field's meaning does.

use serde::Serialize;

use super::super::Report;

/// The document: the schema, the generator, then the report's fields.
#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    generator: String,
    #[serde(flatten)]
    report: &'a Report,
}

/// The report as pretty JSON, one document ending in a line break.
pub fn json(report: &Report) -> String {
    let doc = Doc {
        schema: "threatbench-report/1",
        generator: format!("threatbench {}", env!("CARGO_PKG_VERSION")),
        report,
    };
    // Serializing plain data with string keys cannot fail; an empty object would say so.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}
