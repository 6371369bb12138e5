//! AWS threat-composer workspaces (`.tc.json`, schema 1): threats with their grammar parts
//! and STRIDE metadata, mitigations as mitigate decisions through `mitigationLinks`,
//! assumptions with their links, and the application, architecture and data-flow
//! descriptions as session notes. threat-composer threats name no element: they all go on
//! one process named after the application. The steps are [`threats`], [`mitigations`] and
//! [`assumptions`]; the values are read in [`map`]. docs/import.md describes the mapping.

mod assumptions;
mod map;
mod mitigations;
mod read;
mod threats;

use super::json::At;
use super::{Builder, ImportError, one_line};
use read::Entity;

/// The title a session made from this file gets: the application's name.
pub(super) fn title(doc: &At<'_>) -> Option<String> {
    doc.get("applicationInfo")?.text("name").map(str::to_owned)
}

/// Imports the workspace into the session through `b`.
pub(super) fn import(doc: &At<'_>, b: &mut Builder<'_>) -> Result<(), ImportError> {
    let ws = read::workspace(doc)?;
    for (label, at, description) in &ws.descriptions {
        let heading = match *label {
            "Application" if !ws.name.trim().is_empty() => {
                format!("Application (threat-composer): {}", one_line(ws.name))
            }
            _ => format!("{label} (threat-composer):"),
        };
        b.note(at, &format!("{heading}\n{description}"))?;
    }
    if !ws.descriptions.is_empty() {
        b.mapped("application, architecture and data-flow descriptions → session notes");
    }
    if !ws.images.is_empty() {
        b.not_mapped(format!(
            "{}: threatbench holds no images; they stay in threat-composer",
            map::and_list(&ws.images)
        ));
    }
    let threats = threats::add(doc, &ws, b)?;
    let decisions = mitigations::add(&ws, &threats, b)?;
    assumptions::add(&ws, &threats, &decisions, b)?;
    if !ws.unread.is_empty() {
        let members: Vec<String> = ws
            .unread
            .iter()
            .map(|(member, n)| match n {
                1 => member.clone(),
                n => format!("{member} ({n}×)"),
            })
            .collect();
        b.not_mapped(format!(
            "members threatbench does not read, left out: {}",
            members.join(", ")
        ));
    }
    Ok(())
}

/// The lines an item's notes carry: tags, comments, other metadata.
fn item_notes(e: &Entity<'_>) -> Vec<String> {
    let mut lines: Vec<String> = tags(e).into_iter().collect();
    lines.extend(
        e.meta
            .comments
            .iter()
            .map(|c| format!("Comments: {}", c.trim())),
    );
    lines.extend(e.meta.other.iter().cloned());
    lines
}

/// "Tags: XSS, DoS", for an item with tags.
fn tags(e: &Entity<'_>) -> Option<String> {
    (!e.tags.is_empty()).then(|| format!("Tags: {}", e.tags.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Kind, Options, import};
    use crate::model::{Category, DecisionStatus, Session};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn run(json: &str) -> Result<(Session, super::super::Summary), ImportError> {
        let doc: serde_json::Value = serde_json::from_str(json).unwrap();
        let created = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let agenda = crate::assets::preset("60").unwrap().agenda();
        let empty = Session::new("t", agenda, created);
        let today = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        import(
            Kind::ThreatComposer,
            &doc,
            &empty,
            today,
            Options::default(),
        )
    }

    #[test]
    fn other_tools_files_are_named() {
        let dragon = r#"{"version": "2.2.0", "summary": {"title": "x"}, "detail": {}}"#;
        let error = run(dragon).unwrap_err().to_string();
        assert!(
            error.starts_with("this is not a threat-composer workspace: it looks like an OWASP Threat Dragon model"),
            "{error}"
        );
        let error = run(r#"{"threats": []}"#).unwrap_err().to_string();
        assert!(error.contains("no \"schema\" member"), "{error}");
        let error = run("[1]").unwrap_err().to_string();
        assert!(
            error.starts_with("this is not a threat-composer workspace"),
            "{error}"
        );
        let error = run(r#"{"schema": 2}"#).unwrap_err().to_string();
        assert!(error.contains("schema 2"), "{error}");
        let error = run(r#"{"schema": "1"}"#).unwrap_err().to_string();
        assert_eq!(error, "at $.schema: expected the schema number, 1");
    }

    #[test]
    fn wrong_shapes_name_their_path() {
        let cases = [
            (
                r#"{"schema":1,"threats":{}}"#,
                "at $.threats: expected a list",
            ),
            (
                r#"{"schema":1,"threats":[{"numericId":1}]}"#,
                "at $.threats[0]: the member \"id\" is missing",
            ),
            (
                r#"{"schema":1,"threats":[{"id":"a","threatSource":3}]}"#,
                "at $.threats[0].threatSource: expected text",
            ),
            (
                r#"{"schema":1,"threats":[{"id":"a","metadata":[{"key":"STRIDE","value":[1]}]}]}"#,
                "at $.threats[0].metadata[0].value[0]: expected text",
            ),
            (
                r#"{"schema":1,"mitigations":[{"id":"m"}]}"#,
                "at $.mitigations[0]: the member \"content\" is missing",
            ),
            (
                r#"{"schema":1,"mitigationLinks":[{"mitigationId":"m"}]}"#,
                "at $.mitigationLinks[0]: the member \"linkedId\" is missing",
            ),
            (
                r#"{"schema":1,"threats":[{"id":"a"},{"id":"a"}]}"#,
                "at $.threats[1]: the id \"a\" is also the id of $.threats[0]",
            ),
        ];
        for (json, expected) in cases {
            let error = run(json).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{json}: {error}");
        }
    }

    #[test]
    fn a_small_workspace_maps_every_part() {
        let json = r#"{
          "schema": 1,
          "applicationInfo": {"name": "Shop\u001b[31m", "description": "Sells things."},
          "threats": [
            {"id": "t2", "numericId": 2, "threatSource": "external actor", "threatAction": "can steal cards",
             "impactedGoal": ["confidentiality"], "impactedAssets": ["card data"],
             "metadata": [{"key": "STRIDE", "value": ["I", "T"]}, {"key": "Priority", "value": "High"}],
             "status": "threatIdentified", "tags": ["PCI"]},
            {"id": "t1", "numericId": 1, "statement": "An insider can delete orders"}
          ],
          "mitigations": [
            {"id": "m1", "numericId": 1, "content": "Tokenise cards", "status": "mitigationInProgress",
             "metadata": [{"key": "Comments", "value": "see PAY-9"}]},
            {"id": "m2", "numericId": 2, "content": "Audit log", "status": "mitigationResolvedWillNotAction"},
            {"id": "m3", "numericId": 3, "content": "Nothing linked"}
          ],
          "mitigationLinks": [
            {"mitigationId": "m1", "linkedId": "t2"}, {"mitigationId": "m1", "linkedId": "t1"},
            {"mitigationId": "m1", "linkedId": "t1"}, {"mitigationId": "m2", "linkedId": "t1"},
            {"mitigationId": "m1", "linkedId": "gone"}
          ],
          "assumptions": [{"id": "a1", "numericId": 1, "content": "TLS everywhere"}],
          "assumptionLinks": [{"type": "Threat", "assumptionId": "a1", "linkedId": "t2"},
                              {"type": "Mitigation", "assumptionId": "a1", "linkedId": "m2"}],
          "workspace": {"name": "x"}
        }"#;
        let (s, summary) = run(json).unwrap();
        assert_eq!(s.elements.len(), 1);
        assert_eq!(s.elements[0].name, "Shop");
        assert_eq!(s.threats.len(), 2);
        let (t1, t2) = (&s.threats[0], &s.threats[1]);
        assert_eq!(
            t1.title, "An insider can delete orders",
            "ordered by number"
        );
        assert_eq!(t1.category, map::DEFAULT_CATEGORY);
        assert!(t1.notes.contains("No STRIDE category"), "{}", t1.notes);
        assert!(
            t1.notes
                .contains("\"Audit log\" is resolved, will not action")
        );
        assert_eq!(t2.category, Category::InformationDisclosure);
        assert_eq!((t2.likelihood, t2.impact), (Some(4), Some(4)));
        assert_eq!(t2.grammar.action, "steal cards");
        assert_eq!(t2.grammar.impact, "reduced confidentiality");
        assert!(
            t2.notes
                .starts_with("threat-composer #2 · status: identified")
        );
        assert!(t2.notes.contains("Also STRIDE: Tampering") && t2.notes.contains("Tags: PCI"));
        assert_eq!(s.assets, vec!["card data".to_owned()]);
        assert_eq!(
            s.decisions.len(),
            1,
            "one for m1; m2 will not action, m3 unlinked"
        );
        let d = &s.decisions[0];
        assert_eq!(d.threats, vec![t2.id.clone(), t1.id.clone()]);
        assert_eq!(d.status, DecisionStatus::InProgress);
        assert_eq!(
            d.rationale,
            "see PAY-9\nthreat-composer mitigation #1 · status: in progress"
        );
        assert_eq!(
            s.assumptions[0].text,
            "TLS everywhere (threat-composer assumption #1; linked to T2, threat-composer mitigation #2)"
        );
        assert!(
            s.notes
                .contains("Application (threat-composer): Shop\nSells things.")
        );
        assert!(s.notes.contains("- #3 Nothing linked"), "{}", s.notes);
        let text = summary.to_string();
        for line in [
            "1 mitigation resolved, will not action",
            "1 mitigation linked to no threat",
            "1 mitigation link naming a threat or mitigation not in the file",
            "members threatbench does not read, left out: workspace",
            "1 threat without STRIDE metadata: under Spoofing",
            "1 threat with several STRIDE categories",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }

    #[test]
    fn an_empty_workspace_adds_nothing() {
        let (s, summary) = run(r#"{"schema": 1}"#).unwrap();
        assert!(s.elements.is_empty() && s.threats.is_empty() && s.notes.is_empty());
        assert!(summary.added.is_empty());
    }
}
