//! `threatbench import sbom`: every CycloneDX fixture (the five real BOMs of
//! CycloneDX/bom-examples and three written by hand) imported by the real binary, the
//! result loaded and validated, and its counts held to the source; importing twice adds
//! nothing, a newer BOM updates versions and marks the considered cells for review, and bad
//! input fails clearly with nothing written.

mod common;

use std::path::{Path, PathBuf};

use common::run::threatbench;
use serde_json::Value;
use threatbench::model::{Category, Edit, ElementKind, KindTag, Session, ThreatDraft};
use threatbench::store::{self, SessionFile};

const FIXTURES: &str = "tests/fixtures/cyclonedx";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join(name)
}

/// Runs `threatbench import sbom FILE ARGS` in `dir`, writing `out`; returns stderr.
fn import(dir: &Path, file: &Path, out: &Path, args: &[&str]) -> String {
    let output = threatbench(dir)
        .args(["import", "sbom"])
        .arg(file)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{}: {stderr}", file.display());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        out.display().to_string()
    );
    stderr
}

/// `threatbench import sbom FILE --into SESSION`; returns stderr.
fn import_into(dir: &Path, file: &Path, into: &Path) -> String {
    let output = threatbench(dir)
        .args(["import", "sbom"])
        .arg(file)
        .arg("--into")
        .arg(into)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// How many elements of each kind: third-party, process, data flow, external entity.
fn kinds(session: &Session) -> [usize; 4] {
    let n = |tag| {
        session
            .elements
            .iter()
            .filter(|e| e.kind.tag() == tag)
            .count()
    };
    [
        n(KindTag::ThirdParty),
        n(KindTag::Process),
        n(KindTag::DataFlow),
        n(KindTag::ExternalEntity),
    ]
}

/// What the BOM itself holds, counted apart from the importer: components (nested ones
/// included), entries of the dependency graph, the root's direct dependencies, services
/// (nested included).
fn source_counts(file: &Path) -> [usize; 4] {
    let doc: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    fn walk(list: &Value, key: &str) -> usize {
        list.as_array().map_or(0, |items| {
            items.iter().map(|i| 1 + walk(&i[key], key)).sum()
        })
    }
    let root = &doc["metadata"]["component"]["bom-ref"];
    let deps = doc["dependencies"].as_array();
    let direct = deps
        .and_then(|d| d.iter().find(|e| &e["ref"] == root))
        .and_then(|e| e["dependsOn"].as_array())
        .map_or(0, Vec::len);
    [
        walk(&doc["components"], "components"),
        deps.map_or(0, Vec::len),
        direct,
        walk(&doc["services"], "services"),
    ]
}

/// A fixture, extra arguments, the BOM's counts and the session's (see below).
type Case = (
    &'static str,
    &'static [&'static str],
    [usize; 4],
    [usize; 4],
);

#[test]
fn every_fixture_imports_and_its_counts_match_the_bom() {
    // file, extra arguments, what the BOM holds (components, dependency entries, direct
    // dependencies of the root, services), what the session holds (third-party components,
    // processes, data flows, external entities).
    let cases: [Case; 10] = [
        // No dependency graph: all 43, three of them a second version of debug or ms.
        (
            "cern-lhc-vdm-editor.bom.json",
            &[],
            [43, 0, 0, 0],
            [40, 0, 0, 0],
        ),
        // 840 components, 114 of them another version of a package listed before.
        (
            "juice-shop-v11.1.2.bom.json",
            &[],
            [840, 0, 0, 0],
            [726, 0, 0, 0],
        ),
        (
            "laravel-7.12.0.bom.1.4.json",
            &[],
            [62, 63, 1, 0],
            [1, 0, 0, 0],
        ),
        (
            "laravel-7.12.0.bom.1.4.json",
            &["--all"],
            [62, 63, 1, 0],
            [62, 0, 0, 0],
        ),
        (
            "proton-bridge-v1.8.0.bom.json",
            &[],
            [201, 202, 56, 0],
            [56, 0, 0, 0],
        ),
        (
            "proton-bridge-v1.8.0.bom.json",
            &["--all"],
            [201, 202, 56, 0],
            [201, 0, 0, 0],
        ),
        (
            "proton-bridge-v1.8.0.bom.json",
            &["--filter", "IMAP"],
            [201, 202, 56, 0],
            [7, 0, 0, 0],
        ),
        // Six services, each exchanging data both ways with the one that depends on it
        // (the gateway with the product itself).
        (
            "saasbom-apigateway-microservices-datastores.bom.json",
            &[],
            [0, 5, 1, 6],
            [6, 1, 12, 0],
        ),
        // Four direct dependencies (a fifth is not in the BOM), the Stripe service, the
        // product and a webhook sender named by URL; a flow each way between them.
        (
            "hand-payments-api-1.5.bom.json",
            &[],
            [6, 2, 5, 1],
            [5, 1, 2, 1],
        ),
        // No graph: all three components; three services; five flows (the one to a
        // bom-link naming nothing is left out).
        (
            "hand-ticketing-saas-1.6.bom.json",
            &[],
            [3, 0, 0, 3],
            [6, 1, 5, 1],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, args, source, expected)) in cases.into_iter().enumerate() {
        let file = fixture(name);
        assert_eq!(source_counts(&file), source, "{name}: the fixture changed");
        let out = dir.path().join(format!("{i}.ron"));
        let summary = import(dir.path(), &file, &out, args);
        let session = store::load(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(kinds(&session), expected, "{name} {args:?}:\n{summary}");
        assert!(session.threats.is_empty() && session.decisions.is_empty());
        assert!(session.notes.starts_with("From a CycloneDX 1."), "{name}");
    }
}

#[test]
fn the_summary_says_what_was_taken_and_what_was_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.ron");
    let summary = import(
        dir.path(),
        &fixture("proton-bridge-v1.8.0.bom.json"),
        &out,
        &[],
    );
    assert!(
        summary.contains("direct dependencies, from the BOM's dependency graph: 56 of 201"),
        "{summary}"
    );
    assert!(
        summary.contains("145 components that are not direct dependencies of the root"),
        "{summary}"
    );
    let out = dir.path().join("j.ron");
    let summary = import(
        dir.path(),
        &fixture("juice-shop-v11.1.2.bom.json"),
        &out,
        &[],
    );
    assert!(
        summary.contains("added: 726 third-party components"),
        "{summary}"
    );
    assert!(
        summary.contains("all 840 components: the BOM's dependency graph does not give"),
        "{summary}"
    );
    assert!(summary.contains("114 components listed again"), "{summary}");
    // A readable summary for a large file: a handful of lines, not one per component.
    assert!(summary.lines().count() < 8, "{summary}");
    let session = store::load(&out).unwrap();
    assert_eq!(session.title, "juice-shop 11.1.2 (SBOM)");
    let debug = session.elements.iter().find(|e| e.name == "debug").unwrap();
    assert!(
        debug
            .notes
            .contains("also in this BOM as version 3.2.6, 4.1.1, 3.1.0"),
        "{}",
        debug.notes
    );
}

#[test]
fn components_keep_their_supplier_version_purl_and_facts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.ron");
    import(
        dir.path(),
        &fixture("hand-payments-api-1.5.bom.json"),
        &out,
        &["--all"],
    );
    let session = store::load(&out).unwrap();
    assert_eq!(session.title, "payments-api 0.3.0 (SBOM)");
    let third = |name: &str| {
        let e = session.elements.iter().find(|e| e.name == name).unwrap();
        match &e.kind {
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => (
                supplier.clone(),
                version.clone(),
                purl.clone(),
                e.notes.clone(),
            ),
            other => panic!("{name} is {other:?}"),
        }
    };
    let (supplier, version, purl, notes) = third("serde");
    assert_eq!(
        supplier, "Erick Tryzelaar, David Tolnay",
        "the author, without e-mail"
    );
    assert_eq!(version.as_deref(), Some("1.0.197"));
    assert_eq!(purl.as_deref(), Some("pkg:cargo/serde@1.0.197"));
    assert!(notes.contains("licenses: MIT OR Apache-2.0"), "{notes}");
    assert!(notes.contains("1 hash"), "{notes}");
    assert!(notes.contains("bom-ref: registry+"), "{notes}");
    assert_eq!(third("zürich-geo").0, "Stadt Zürich");
    let (supplier, version, purl, _) = third("libssl");
    assert_eq!(
        (supplier.as_str(), version, purl),
        ("OpenSSL Project", None, None)
    );
    // The nested component, with no supplier of its own: the purl has no namespace.
    assert_eq!(third("tokio-macros").0, "unknown");
    let ticketing = dir.path().join("t.ron");
    import(
        dir.path(),
        &fixture("hand-ticketing-saas-1.6.bom.json"),
        &ticketing,
        &[],
    );
    let session = store::load(&ticketing).unwrap();
    let names: Vec<&str> = session.elements.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Express web framework"), "{names:?}");
    assert!(names.contains(&"Mailer 📨"), "{names:?}");
    let express = session
        .elements
        .iter()
        .find(|e| e.name == "Express web framework")
        .unwrap();
    assert!(!express.notes.contains('\u{1b}'), "{}", express.notes);
    assert!(express.notes.contains("type: framework"));
    let supplier = |name: &str| match &session
        .elements
        .iter()
        .find(|e| e.name == name)
        .unwrap()
        .kind
    {
        ElementKind::ThirdParty { supplier, .. } => supplier.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(supplier("left-pad"), "Azer Koçulu", "1.6 authors");
    assert_eq!(supplier("Express web framework"), "OpenJS Foundation");
    assert_eq!(supplier("internal-utils"), "unknown");
    assert_eq!(supplier("Payments"), "unknown");
    assert_eq!(supplier("Mailer 📨"), "com.mailer", "the group");
}

#[test]
fn services_become_components_with_their_data_flows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.ron");
    let summary = import(
        dir.path(),
        &fixture("saasbom-apigateway-microservices-datastores.bom.json"),
        &out,
        &[],
    );
    assert!(
        summary.contains("6 services → third-party components"),
        "{summary}"
    );
    let session = store::load(&out).unwrap();
    assert_eq!(session.title, "Acme Cloud Example 2022-1 (SaaSBOM)");
    let id = |name: &str| {
        session
            .elements
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .id
            .clone()
    };
    let flow = |from: &str, to: &str| {
        session.elements.iter().find_map(|e| match &e.kind {
            ElementKind::DataFlow {
                from: f,
                to: t,
                data,
            } if *f == id(from) && *t == id(to) => Some(data.clone()),
            _ => None,
        })
    };
    assert_eq!(
        flow("Acme Cloud Example", "API Gateway").as_deref(),
        Some("PII, PIFI, Public")
    );
    assert_eq!(
        flow("API Gateway", "Microservice 2").as_deref(),
        Some("PIFI")
    );
    assert_eq!(flow("Postgres", "Microservice 1").as_deref(), Some("PII"));
    assert_eq!(flow("Microservice 3", "S3").as_deref(), Some("Public"));
    assert_eq!(flow("Microservice 1", "S3"), None);
    match &session.elements[id_index(&session, &id("API Gateway"))].kind {
        ElementKind::ThirdParty { supplier, .. } => assert_eq!(supplier, "Acme Inc"),
        other => panic!("{other:?}"),
    }

    // 1.5+ ends by bom-ref and URL; a bom-link to nothing is named, not dropped.
    let out = dir.path().join("t.ron");
    let summary = import(
        dir.path(),
        &fixture("hand-ticketing-saas-1.6.bom.json"),
        &out,
        &[],
    );
    assert!(
        summary.contains("1 data flow end naming nothing in the BOM, left out: urn:cdx:"),
        "{summary}"
    );
    let session = store::load(&out).unwrap();
    let flows: Vec<(&str, &str)> = session
        .elements
        .iter()
        .filter(|e| e.kind.tag() == KindTag::DataFlow)
        .map(|e| (e.name.as_str(), e.notes.as_str()))
        .collect();
    assert_eq!(
        flows.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [
            "PII (buyer details) to Payments",
            "PII (buyer details) to Checkout",
            "Internal to Checkout",
            "PII to Mailer 📨",
            "Public to https://mx.example.org/",
        ]
    );
    assert!(flows[2].1.contains("direction as unknown"), "{flows:?}");
}

fn id_index(session: &Session, id: &threatbench::model::Id) -> usize {
    session.elements.iter().position(|e| &e.id == id).unwrap()
}

#[test]
fn the_same_bom_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "cern-lhc-vdm-editor.bom.json",
        "juice-shop-v11.1.2.bom.json",
        "laravel-7.12.0.bom.1.4.json",
        "proton-bridge-v1.8.0.bom.json",
        "saasbom-apigateway-microservices-datastores.bom.json",
        "hand-payments-api-1.5.bom.json",
        "hand-ticketing-saas-1.6.bom.json",
    ] {
        let out = dir.path().join(format!("{name}.ron"));
        import(dir.path(), &fixture(name), &out, &[]);
        let before = std::fs::read(&out).unwrap();
        let summary = import_into(dir.path(), &fixture(name), &out);
        assert!(summary.contains("nothing new"), "{name}: {summary}");
        assert!(!summary.contains("added: 1"), "{name}: {summary}");
        assert_eq!(std::fs::read(&out).unwrap(), before, "{name}");
    }
}

#[test]
fn into_adds_to_an_existing_session() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.ron");
    import(
        dir.path(),
        &fixture("hand-payments-api-1.5.bom.json"),
        &out,
        &[],
    );
    let before = store::load(&out).unwrap();
    let summary = import_into(
        dir.path(),
        &fixture("saasbom-apigateway-microservices-datastores.bom.json"),
        &out,
    );
    assert!(summary.contains("added: 12 data flows, 1 process, 6 third-party components"));
    let after = store::load(&out).unwrap();
    assert_eq!(after.elements.len(), before.elements.len() + 19);
    assert_eq!(after.elements[..before.elements.len()], before.elements[..]);
    assert_eq!(
        after.title, before.title,
        "--into keeps the session's title"
    );
    assert!(after.notes.contains("payments-api") && after.notes.contains("Acme Cloud"));
}

#[test]
fn a_newer_bom_updates_versions_and_marks_considered_cells_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.ron");
    import(
        dir.path(),
        &fixture("hand-payments-api-1.5.bom.json"),
        &out,
        &[],
    );
    // The team considers two cells of serde and one of Stripe; tokio's none.
    let mut opened = SessionFile::open(&out).unwrap();
    let mut session = opened.session.clone();
    let today = session.updated.date_naive();
    let id = |s: &Session, name: &str| {
        s.elements
            .iter()
            .find(|e| e.name == name)
            .unwrap()
            .id
            .clone()
    };
    let serde = id(&session, "serde");
    session
        .apply(
            Edit::AddThreat {
                element: serde.clone(),
                category: Category::Tampering,
                draft: ThreatDraft {
                    title: "a malicious release".into(),
                    ..ThreatDraft::default()
                },
            },
            today,
        )
        .unwrap();
    session
        .apply(
            Edit::NothingFound {
                element: serde.clone(),
                category: Category::Spoofing,
                note: "a crate, not a peer".into(),
            },
            today,
        )
        .unwrap();
    opened.file.save(&session).unwrap();
    drop(opened);

    let summary = import_into(
        dir.path(),
        &fixture("hand-payments-api-1.5-newer.bom.json"),
        &out,
    );
    assert!(
        summary.contains("2 components in the session in another version: updated, and 2 considered cells on them marked"),
        "{summary}"
    );
    assert!(
        summary.contains("1 component in the session without a version"),
        "{summary}"
    );
    assert!(
        summary.contains("added: 1 third-party component\n"),
        "{summary}"
    );
    let session = store::load(&out).unwrap();
    let version = |name: &str| match &session.elements[id_index(&session, &id(&session, name))].kind
    {
        ElementKind::ThirdParty { version, purl, .. } => (version.clone(), purl.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        version("serde"),
        (
            Some("1.0.198".into()),
            Some("pkg:cargo/serde@1.0.198".into())
        )
    );
    assert_eq!(version("tokio").0.as_deref(), Some("1.37.0"));
    assert_eq!(version("libssl").0.as_deref(), Some("3.0.13"));
    assert_eq!(version("uuid").0.as_deref(), Some("1.8.0"));
    let marks: Vec<(String, Category, &str)> = session
        .needs_review
        .iter()
        .map(|m| (m.element.to_string(), m.category, m.reason.as_str()))
        .collect();
    let reason = "serde changed from 1.0.197 to 1.0.198";
    assert_eq!(
        marks,
        [
            (serde.to_string(), Category::Spoofing, reason),
            (serde.to_string(), Category::Tampering, reason),
        ]
    );

    // `check` reports each mark as TB011, a warning; `check --help` lists the rule.
    let checked = threatbench(dir.path())
        .args(["check", "--format", "text"])
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&checked.stdout);
    assert!(
        text.contains(&format!(
            "warning TB011 cell-needs-review {serde} \"serde\" · Tampering: review again ({reason})"
        )),
        "{text}"
    );
    let help = threatbench(dir.path())
        .args(["check", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("TB011 cell-needs-review (warning)"));

    // Importing the newer BOM again changes nothing; recording on a cell clears its mark.
    let again = import_into(
        dir.path(),
        &fixture("hand-payments-api-1.5-newer.bom.json"),
        &out,
    );
    assert!(again.contains("nothing new"), "{again}");
    let mut session = session;
    let threat = session.threats[0].clone();
    session
        .apply(
            Edit::UpdateThreat(threat.id.clone(), (&threat).into()),
            today,
        )
        .unwrap();
    assert_eq!(session.needs_review.len(), 1);
    assert!(
        session
            .readiness(today, &Default::default())
            .iter()
            .any(|c| !c.ok && c.detail == format!("{serde} · Spoofing"))
    );
    session
        .apply(
            Edit::NothingFound {
                element: serde.clone(),
                category: Category::Spoofing,
                note: "still a crate, not a peer".into(),
            },
            today,
        )
        .unwrap();
    assert!(session.needs_review.is_empty());
}

#[test]
fn bad_input_fails_clearly_and_writes_nothing() {
    let cases: [(&str, &str); 9] = [
        (
            "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.4\", \"compo",
            "not JSON: EOF while parsing",
        ),
        (
            r#"{"version": "2.2.0", "summary": {"title": "Demo"}, "detail": {"diagrams": []}}"#,
            "not a CycloneDX BOM: it has no \"bomFormat\"",
        ),
        (
            r#"{"spdxVersion": "SPDX-2.3", "bomFormat": "SPDX"}"#,
            "not a CycloneDX BOM: bomFormat is \"SPDX\"",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.1", "components": []}"#,
            "CycloneDX 1.1 is not read here: this reads JSON BOMs of versions 1.2 to 1.6",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "components": []}"#,
            "at $: the member \"specVersion\" is missing",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {"name": "x"}}"#,
            "at $.components: expected a list, found an object",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"name": "a"}, {"version": "1"}]}"#,
            "at $.components[1]: the member \"name\" is missing",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "a", "components": [{"name": "b", "version": 2}]}]}"#,
            "at $.components[0].components[0].version: expected text, found a number",
        ),
        (
            r#"{"bomFormat": "CycloneDX", "specVersion": "1.4", "services": [{"name": "s", "data": [{"flow": "sideways", "classification": "PII"}]}]}"#,
            "at $.services[0].data[0].flow: expected inbound, outbound, bi-directional or unknown",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.ron");
    import(
        dir.path(),
        &fixture("laravel-7.12.0.bom.1.4.json"),
        &existing,
        &[],
    );
    let before = std::fs::read(&existing).unwrap();
    for (i, (content, message)) in cases.into_iter().enumerate() {
        let file = dir.path().join(format!("bad-{i}.json"));
        std::fs::write(&file, content).unwrap();
        let out = dir.path().join(format!("bad-{i}.ron"));
        for target in [
            ["--out", out.to_str().unwrap()],
            ["--into", existing.to_str().unwrap()],
        ] {
            let output = threatbench(dir.path())
                .args(["import", "sbom"])
                .arg(&file)
                .args(target)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{content}");
            assert!(stderr.contains(message), "{content}\n{stderr}");
            assert!(
                // A file of the wrong kind or version says so itself; a shape error
                // says what the file was taken for.
                stderr.contains("not imported as a CycloneDX SBOM") || !message.starts_with("at $"),
                "{stderr}"
            );
            assert!(output.stdout.is_empty());
        }
        assert!(!out.exists(), "{content}");
        assert_eq!(std::fs::read(&existing).unwrap(), before, "{content}");
    }
    assert!(!dir.path().join("sessions").exists());
}

#[test]
fn hostile_text_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(2_000_000);
    let doc = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "metadata": {"component": {"name": "\u{1b}]0;pwned\u{7}app", "bom-ref": "root"}},
        "components": [
            {"name": huge, "description": huge, "purl": format!("pkg:npm/{huge}@1")},
            {"name": "bidi \u{202e}evil", "version": "\u{0}1\r\n2", "purl": "pkg:%ZZ/%"},
            {"name": "ok", "licenses": [{"license": {}}, "MIT"]}
        ],
        "dependencies": [{"ref": "root", "dependsOn": []}]
    });
    let file = dir.path().join("hostile.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = dir.path().join("h.ron");
    let output = threatbench(dir.path())
        .args(["import", "sbom"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.status.success(), "{stderr}");
    let session = store::load(&out).unwrap();
    assert!(!session.title.contains('\u{1b}'), "{}", session.title);
    assert_eq!(session.elements.len(), 3);
}
