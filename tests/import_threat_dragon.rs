//! `threatbench import threat-dragon`: every Threat Dragon model in `tests/fixtures/
//! threat-dragon/` imported by the real binary, the session it wrote loaded (and so
//! validated) and counted against the source; malformed files refused with nothing written;
//! `--into` adding to a session.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;

use serde_json::Value;
use threatbench::model::{ElementKind, KindTag, Session};
use threatbench::store;

use common::run::threatbench;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/threat-dragon")
        .join(name)
}

/// Imports `file` into `dir/out.ron` and returns the session and the summary on stderr.
fn import(dir: &Path, file: &Path) -> (Session, String) {
    let out = dir.join("out.ron");
    let _ = std::fs::remove_file(&out);
    let output = threatbench(dir)
        .args(["import", "threat-dragon"])
        .arg(file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(PathBuf::from(printed.trim_end()), out);
    let session = store::load(&out).unwrap();
    (session, String::from_utf8(output.stderr).unwrap())
}

/// What the source holds, counted straight from its JSON: cells by type, threats, and
/// threats with a mitigation text.
#[derive(Debug, Default)]
struct Source {
    types: BTreeMap<String, usize>,
    threats: usize,
    mitigated: usize,
}

fn count_source(file: &Path) -> Source {
    let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let mut source = Source::default();
    for diagram in doc["detail"]["diagrams"].as_array().unwrap() {
        let cells = diagram
            .get("cells")
            .or_else(|| diagram.get("diagramJson").and_then(|j| j.get("cells")))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for cell in cells {
            let props = cell.get("data").unwrap_or(&cell);
            let kind = props["type"].as_str().unwrap().to_owned();
            *source.types.entry(kind).or_default() += 1;
            for threat in props["threats"].as_array().into_iter().flatten() {
                source.threats += 1;
                let text = threat["mitigation"].as_str().unwrap_or_default();
                source.mitigated += usize::from(!text.trim().is_empty());
            }
        }
    }
    source
}

fn kinds(session: &Session) -> BTreeMap<KindTag, usize> {
    let mut kinds = BTreeMap::new();
    for e in &session.elements {
        *kinds.entry(e.kind.tag()).or_default() += 1;
    }
    kinds
}

fn decided(session: &Session) -> usize {
    session
        .threats
        .iter()
        .filter(|t| session.decisions.iter().any(|d| d.threats.contains(&t.id)))
        .count()
}

#[test]
fn every_fixture_imports_with_the_counts_of_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "demo-threat-model.json",
        "enter-the-dragon-1.json",
        "enter-the-dragon-4.json",
        "v2-new-model.json",
        "v2-threat-model.json",
        "hand-v1-kiosk.json",
        "hand-v2-clinic.json",
    ];
    for name in files {
        let file = fixture(name);
        let source = count_source(&file);
        let (session, summary) = import(dir.path(), &file);
        let of = |t: &str| source.types.get(t).copied().unwrap_or(0);
        let kinds = kinds(&session);
        let got = |k| kinds.get(&k).copied().unwrap_or(0);
        // The hand-made clinic has one flow attached to nothing: its stand-in is an entity.
        let stand_ins = usize::from(name == "hand-v2-clinic.json");
        assert_eq!(
            got(KindTag::ExternalEntity),
            of("tm.Actor") + stand_ins,
            "{name}"
        );
        assert_eq!(
            got(KindTag::Process),
            of("tm.Process") + of("tm.Agent") + of("tm.Tool"),
            "{name}"
        );
        assert_eq!(got(KindTag::DataStore), of("tm.Store"), "{name}");
        assert_eq!(got(KindTag::DataFlow), of("tm.Flow"), "{name}");
        assert_eq!(
            got(KindTag::TrustBoundary),
            of("tm.Boundary") + of("tm.BoundaryBox"),
            "{name}"
        );
        assert_eq!(session.threats.len(), source.threats, "{name}");
        assert_eq!(
            decided(&session),
            source.mitigated,
            "{name}: threats with decisions"
        );
        assert!(summary.contains("added: "), "{name}: {summary}");
        assert!(
            session
                .notes
                .starts_with("Imported from the Threat Dragon model"),
            "{name}"
        );
    }
}

#[test]
fn the_demo_model_keeps_its_mitigations_boundaries_and_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let (session, summary) = import(dir.path(), &fixture("v2-threat-model.json"));
    assert_eq!(session.title, "Demo Threat Model");
    assert!(
        session
            .notes
            .contains("Owner: Mike Goodwin. Reviewer: Jane Smith.")
    );
    assert!(
        session
            .notes
            .contains("Contributors: Tom Brown, Albert Moneypenny.")
    );
    // "Encrypt the DB credentials …\n\nExpire and replace …": two controls, two decisions.
    let t = |title: &str| session.threats.iter().find(|t| t.title == title).unwrap();
    let credentials = t("Accessing DB credentials");
    let answering: Vec<_> = session
        .decisions
        .iter()
        .filter(|d| d.threats.contains(&credentials.id))
        .collect();
    assert_eq!(answering.len(), 2);
    assert_eq!(
        (credentials.likelihood, credentials.impact),
        (Some(4), Some(4))
    );
    // Spoofing on the message queue (a store) is filed under Tampering, the original noted.
    let fake = t("Fake messages could be placed on the queue");
    assert_eq!(fake.category, threatbench::model::Category::Tampering);
    assert!(
        fake.notes
            .contains("Spoofing does not apply to a data store")
    );
    assert!(summary.contains("Spoofing on a data store does not apply → Tampering"));
    let database = session
        .elements
        .iter()
        .find(|e| e.name == "Database")
        .unwrap();
    assert_eq!(database.kind, ElementKind::DataStore { holds_logs: true });
}

#[test]
fn curves_mark_the_flows_drawn_across_them_in_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    // Each curve of the demo is drawn across the flows into and out of one shape: every such
    // flow crosses a boundary, the reads from the config files do not.
    for (name, curves) in [("v2-threat-model.json", 3), ("demo-threat-model.json", 4)] {
        let (session, summary) = import(dir.path(), &fixture(name));
        let crossing: Vec<&str> = session
            .elements
            .iter()
            .filter(|e| session.crosses_boundary(e))
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(crossing.len(), 8, "{name}: {crossing:?}");
        assert!(!crossing.contains(&"Read web app config"), "{name}");
        assert!(!crossing.contains(&"Read worker config"), "{name}");
        let line = format!("mapped: curve boundaries ({curves})");
        assert!(summary.contains(&line), "{summary}");
        assert!(!summary.contains("do not show the drawing"), "{summary}");
    }
}

#[test]
fn a_hand_made_v2_model_with_every_edge_case() {
    let dir = tempfile::tempdir().unwrap();
    let (session, summary) = import(dir.path(), &fixture("hand-v2-clinic.json"));
    assert_eq!(session.title, "Clinic booking — Terminbuchung");
    let e = |name: &str| session.elements.iter().find(|e| e.name == name).unwrap();
    let t = |title: &str| session.threats.iter().find(|t| t.title == title).unwrap();
    let decisions = |id| -> Vec<_> {
        session
            .decisions
            .iter()
            .filter(|d| d.threats.contains(id))
            .collect()
    };
    // Unicode names and out-of-scope reasons survive.
    assert!(
        e("Patient·in 👩‍⚕️")
            .notes
            .contains("We do not control patients' devices.")
    );
    // The box holds what lies inside it; the curve splits the lab from the agent.
    let crossing = |name| session.crosses_boundary(e(name));
    assert!(
        crossing("Buchung"),
        "patient outside, booking inside the box"
    );
    assert!(!crossing("Query"), "both inside the box");
    assert!(crossing("Lab results"), "drawn across the curve");
    // A loose end pointing into a shape is attached to it; a missing end to a stand-in.
    let unnamed = e("Patientenakte DB → Termin-Service");
    assert!(matches!(unnamed.kind, ElementKind::DataFlow { .. }));
    let orphan = e("Orphan upload");
    let ElementKind::DataFlow { from, .. } = &orphan.kind else {
        panic!("{orphan:?}")
    };
    assert_eq!(session.element(from).unwrap().name, "Unknown source");
    // A mitigation as a list: one decision per item.
    assert_eq!(decisions(&t("Forged booking requests").id).len(), 2);
    // The same control on two threats, both mitigated: one decision, done, answering both.
    let signed: Vec<_> = session
        .decisions
        .iter()
        .filter(|d| d.summary == "Signed payloads.")
        .collect();
    assert_eq!(signed.len(), 1);
    assert_eq!(signed[0].threats.len(), 2);
    assert_eq!(signed[0].status, threatbench::model::DecisionStatus::Done);
    // Other methodologies, unknown types, N/A and TBD.
    let linkability = t("Queries link visits across clinics");
    assert!(linkability.notes.contains("Linkability (LINDDUN)"));
    assert!(linkability.notes.contains("not applicable"));
    assert!(
        decisions(&linkability.id).is_empty(),
        "N/A without a reason stays undecided"
    );
    let altered = t("Results altered in transit");
    assert_eq!(altered.likelihood, None, "TBD is unrated");
    assert!(altered.notes.contains("Integrity (CIA)"));
    assert!(t("Replay of results").notes.contains("none given"));
    let untitled = t("A stored procedure runs as the database owner.");
    assert!(
        untitled
            .notes
            .starts_with("Elevation of privilege does not apply"),
        "the description is the title, not repeated: {:?}",
        untitled.notes
    );
    assert_eq!(t("Forged booking requests").likelihood, Some(5), "Critical");
    assert!(t("Forged booking requests").notes.contains("score: 9.1"));
    // The text block and the people are in the session notes.
    assert!(session.notes.contains("☎ hotline is out of scope"));
    assert!(session.notes.contains("Contributors: Jörg, Mei 梅."));
    for line in [
        "added: 5 data flows, 1 data store, 5 decisions, 3 external entities, 2 processes, \
         8 threats, 2 trust boundaries",
        "mapped: box boundaries (1)",
        "mapped: AI agents and tools (tm.Agent, tm.Tool: 1) → processes",
        "mapped: 2 threats of other methodologies (CIA 1, LINDDUN 1)",
        "not mapped: flow ends attached to no shape (1)",
        "not mapped: 1 threat marked N/A without a reason",
        "not mapped: 1 threat marked Mitigated without a mitigation text",
    ] {
        assert!(summary.contains(line), "{line}\n{summary}");
    }
}

#[test]
fn a_hand_made_v1_model_imports_too() {
    let dir = tempfile::tempdir().unwrap();
    let (session, summary) = import(dir.path(), &fixture("hand-v1-kiosk.json"));
    assert!(session.notes.contains("(version 1.x)"));
    let escape = session
        .threats
        .iter()
        .find(|t| t.title == "Kiosk mode escape")
        .unwrap();
    let controls: Vec<&str> = session
        .decisions
        .iter()
        .filter(|d| d.threats.contains(&escape.id))
        .map(|d| d.summary.as_str())
        .collect();
    assert_eq!(
        controls,
        [
            "Lock down the shell.",
            "Disable gestures",
            "Watchdog restarts the app"
        ]
    );
    let touch = session.elements.iter().find(|e| e.name == "Touch").unwrap();
    assert!(session.crosses_boundary(touch));
    let cache = session
        .elements
        .iter()
        .find(|e| e.name == "Cache tickets")
        .unwrap();
    assert!(
        !session.crosses_boundary(cache),
        "the curve holds the traveller's side"
    );
    assert!(
        summary.contains("1 threat marked N/A without a reason"),
        "{summary}"
    );
}

/// Runs an import that must fail; returns stderr and checks nothing was written.
fn refused(dir: &Path, file: &Path) -> String {
    let output = threatbench(dir)
        .args(["import", "threat-dragon"])
        .arg(file)
        .output()
        .unwrap();
    assert!(!output.status.success(), "{output:?}");
    assert!(output.stdout.is_empty());
    let sessions = dir.join("home/.local/share/threatbench/sessions");
    let written = std::fs::read_dir(&sessions).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0, "nothing written");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn malformed_and_foreign_files_are_refused_with_the_place_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    let err = refused(dir.path(), &fixture("v2-malformed-new-model.json"));
    assert!(
        err.contains("at $: the member \"detail\" is missing (there is a \"details\""),
        "{err}"
    );

    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let demo = std::fs::read_to_string(fixture("v2-threat-model.json")).unwrap();
    let truncated = write("truncated.json", &demo[..demo.len() / 2]);
    assert!(refused(dir.path(), &truncated).contains("not JSON"));

    let bom = write(
        "bom.json",
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.5"}"#,
    );
    assert!(refused(dir.path(), &bom).contains("it looks like a CycloneDX BOM"));

    let newer = write(
        "v3.json",
        r#"{"version": "3.0.0", "summary": {"title": "x"}, "detail": {"diagrams": []}}"#,
    );
    assert!(refused(dir.path(), &newer).contains("Threat Dragon version 3.0.0 is not supported"));

    let cells = write(
        "cells.json",
        r#"{"version": "2.0", "summary": {}, "detail": {"diagrams": [{"cells": {}}]}}"#,
    );
    assert!(
        refused(dir.path(), &cells)
            .contains("at $.detail.diagrams[0].cells: expected a list, found an object")
    );

    let threat = write(
        "threat.json",
        r#"{"version": "2.0", "summary": {}, "detail": {"diagrams": [{"cells": [
            {"data": {"type": "tm.Process", "name": "P", "threats": [{"title": 5}]}}]}]}}"#,
    );
    assert!(
        refused(dir.path(), &threat)
            .contains("at $.detail.diagrams[0].cells[0].data.threats[0].title: expected text")
    );
}

#[test]
fn hostile_text_is_made_safe() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "A".repeat(200_000);
    let doc = serde_json::json!({
        "version": "2.0",
        "summary": {"title": "Evil\u{1b}]52;c;SGk=\u{7} model", "description": "\u{9b}31m"},
        "detail": {"diagrams": [{"title": "d", "cells": [
            {"id": "a", "data": {"type": "tm.Actor", "name": "\u{1b}[2J", "threats": [
                {"title": huge, "type": "Spoofing", "mitigation": "\r\n\u{0}\r\n- x\u{7}"}
            ]}},
            {"id": "b", "data": {"type": "tm.Process", "name": "\n\t"}},
            {"id": "f", "data": {"type": "tm.Flow"}, "source": {"cell": "a"},
             "target": {"cell": "a"}}
        ]}]}
    });
    let path = dir.path().join("hostile.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let (session, summary) = import(dir.path(), &path);
    assert!(
        !session.title.chars().any(char::is_control),
        "{:?}",
        session.title
    );
    assert_eq!(session.elements.len(), 2, "the loop is not a flow");
    assert!(summary.contains("from an element to itself"), "{summary}");
    assert_eq!(session.elements[1].name, "Unnamed process");
    assert_eq!(session.decisions.len(), 1);
}

#[test]
fn into_adds_to_an_existing_session() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = import(dir.path(), &fixture("hand-v1-kiosk.json"));
    let out = dir.path().join("out.ron");
    let output = threatbench(dir.path())
        .args(["import", "threat-dragon"])
        .arg(fixture("v2-threat-model.json"))
        .arg("--into")
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let both = store::load(&out).unwrap();
    assert_eq!(both.title, first.title, "the title stays");
    assert_eq!(both.elements.len(), first.elements.len() + 20);
    assert_eq!(both.threats.len(), first.threats.len() + 14);
    assert!(both.notes.starts_with(&first.notes));
    assert!(both.notes.contains("“Demo Threat Model” (version 2.0)"));
}
