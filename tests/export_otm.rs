//! `threatbench export --format otm` and `--format cyclonedx-ref`: the OTM file validates
//! against the OTM 0.2.0 schema; threatbench → OTM → threatbench keeps elements, flows,
//! boundaries, threats and decisions; the CycloneDX reference has the shape of a 1.5
//! `externalReferences` item and the file's hash.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::run::{git, threatbench};
use serde_json::Value;
use threatbench::import::{self, Kind, Options};
use threatbench::model::{
    Category, DecisionDraft, DecisionKind, DecisionStatus, Edit, ElementDraft, ElementKind,
    Grammar, Id, Reference, Session, ThreatDraft,
};

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn example() -> Session {
    threatbench::store::load(&repo_file("sessions/refund-api.ron")).unwrap()
}

/// The day the example was saved: its accepted risk's review date is still ahead then.
fn today(session: &Session) -> NaiveDate {
    session.updated.date_naive()
}

/// The example with what OTM has no member for: nested, overlapping and empty boundaries,
/// an unrated threat with its grammar, residual ratings and references, a decision that
/// avoids two threats.
fn rich() -> Session {
    let mut s = example();
    let day = today(&s);
    let apply = |s: &mut Session, edit| s.apply(edit, day).unwrap().target;
    let id = |n: &str| Id::from(n);
    for (name, members) in [
        ("Ledger zone", vec![id("E5"), id("E6")]),
        ("Stripe link", vec![id("E4"), id("E7")]),
        ("Empty zone", vec![]),
    ] {
        apply(
            &mut s,
            Edit::AddElement(ElementDraft {
                name: name.into(),
                kind: ElementKind::TrustBoundary { members },
                notes: String::new(),
            }),
        );
    }
    apply(
        &mut s,
        Edit::AddThreat {
            element: id("E7"),
            category: Category::ElevationOfPrivilege,
            draft: ThreatDraft {
                title: "Leaked restricted key used for payouts".into(),
                grammar: Grammar {
                    source: "an insider".into(),
                    action: "reuse the restricted key".into(),
                    impact: "payouts to their account".into(),
                    ..Grammar::default()
                },
                ..ThreatDraft::default()
            },
        },
    );
    let first = s.threats[0].clone();
    let mut draft = ThreatDraft::from(&first);
    draft.residual_likelihood = Some(1);
    draft.residual_impact = Some(2);
    draft.references = vec!["CWE-79".parse().unwrap(), "CAPEC-63".parse().unwrap()];
    apply(&mut s, Edit::UpdateThreat(first.id.clone(), draft));
    let mut avoid = DecisionDraft::new(DecisionKind::Avoid);
    avoid.threats = vec![
        s.threats[1].id.clone(),
        s.threats.last().unwrap().id.clone(),
    ];
    avoid.summary = "Drop manual payouts".into();
    avoid.status = DecisionStatus::InProgress;
    avoid.ticket = Some("PAY-160".into());
    apply(&mut s, Edit::AddDecision(avoid));
    s
}

fn validate(otm: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("tests/fixtures/otm/otm_schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(otm)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// What a round trip must keep, by names rather than IDs (the import issues new ones).
#[derive(Debug, PartialEq)]
struct Shape {
    nodes: Vec<String>,
    flows: Vec<String>,
    boundaries: Vec<String>,
    threats: Vec<String>,
    decisions: Vec<String>,
}

fn shape(s: &Session) -> Shape {
    let name = |id: &Id| s.element(id).map_or("?".to_owned(), |e| e.name.clone());
    let threat = |id: &Id| {
        let t = s.threat(id).unwrap();
        format!("{} on {}", t.title, name(&t.element))
    };
    let mut nodes = Vec::new();
    let mut flows = Vec::new();
    let mut boundaries = Vec::new();
    for e in &s.elements {
        match &e.kind {
            ElementKind::DataFlow { from, to, data } => flows.push(format!(
                "{}: {} → {} ({data})",
                e.name,
                name(from),
                name(to)
            )),
            ElementKind::TrustBoundary { members } => {
                let mut m: Vec<String> = members.iter().map(name).collect();
                m.sort();
                boundaries.push(format!("{}: {}", e.name, m.join(", ")));
            }
            kind => nodes.push(format!("{} {kind:?} {:?}", e.name, e.notes)),
        }
    }
    let mut threats: Vec<String> = s
        .threats
        .iter()
        .map(|t| {
            format!(
                "{} · {:?} · {:?} {:?} {:?} {:?} {:?} {:?}",
                threat(&t.id),
                t.category,
                t.likelihood,
                t.impact,
                t.residual_likelihood,
                t.residual_impact,
                t.references
                    .iter()
                    .map(Reference::to_string)
                    .collect::<Vec<_>>(),
                t.grammar,
            )
        })
        .collect();
    let mut decisions: Vec<String> = s
        .decisions
        .iter()
        .map(|d| {
            let mut answered: Vec<String> = d.threats.iter().map(threat).collect();
            answered.sort();
            format!(
                "{:?} {} [{}] {:?} {:?} {:?} {:?}",
                d.kind,
                d.summary,
                answered.join("; "),
                d.status,
                d.owner,
                d.ticket,
                d.review_by
            )
        })
        .collect();
    for list in [
        &mut nodes,
        &mut flows,
        &mut boundaries,
        &mut threats,
        &mut decisions,
    ] {
        list.sort();
    }
    Shape {
        nodes,
        flows,
        boundaries,
        threats,
        decisions,
    }
}

/// `session` through OTM and back, as of `day`.
fn round_trip(session: &Session, day: NaiveDate) -> Session {
    let otm: Value = serde_json::from_str(&threatbench::export::otm::render(session)).unwrap();
    validate(&otm);
    let agenda = threatbench::assets::preset("60").unwrap().agenda();
    let empty = Session::new("x", agenda, session.updated);
    let (back, summary) = import::import(Kind::Otm, &otm, &empty, day, Options::default()).unwrap();
    assert!(summary.not_mapped.is_empty(), "{summary}");
    back
}

#[test]
fn the_otm_export_validates_against_the_schema() {
    for session in [example(), rich(), common::hostile(), common::sample()] {
        let otm: Value = serde_json::from_str(&threatbench::export::otm::render(&session)).unwrap();
        validate(&otm);
        assert_eq!(otm["otmVersion"], "0.2.0");
        assert_eq!(otm["project"]["name"], session.title.as_str());
    }
}

#[test]
fn threatbench_to_otm_and_back_keeps_the_model() {
    for session in [example(), rich(), common::sample()] {
        let day = today(&session);
        let back = round_trip(&session, day);
        assert_eq!(shape(&back), shape(&session), "{}", session.title);
    }
    // Hostile text comes back as one-line fields hold it (line breaks in a name become
    // spaces), so only the counts are compared.
    let hostile = common::hostile();
    let back = round_trip(&hostile, today(&hostile));
    assert_eq!(back.elements.len(), hostile.elements.len());
    assert_eq!(back.threats.len(), hostile.threats.len());
    assert_eq!(back.decisions.len(), hostile.decisions.len());
}

#[test]
fn nested_and_overlapping_boundaries_are_written_as_otm_nests_zones() {
    let otm: Value = serde_json::from_str(&threatbench::export::otm::render(&rich())).unwrap();
    let zone = |name: &str| {
        otm["trustZones"]
            .as_array()
            .unwrap()
            .iter()
            .find(|z| z["name"] == name)
            .unwrap()
            .clone()
    };
    let vpc = zone("Payments VPC")["id"].clone();
    assert_eq!(zone("Ledger zone")["parent"]["trustZone"], vpc);
    assert!(zone("Stripe link").get("parent").is_none());
    assert_eq!(
        zone("Outside the trust boundaries")["attributes"]["trustBoundary"],
        false
    );
    let component = |name: &str| {
        otm["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    // In two boundaries neither of which holds the other: the smaller is its parent.
    assert_eq!(
        component("Payout job")["parent"]["trustZone"],
        zone("Stripe link")["id"]
    );
    assert_eq!(
        component("Payout job")["attributes"]["alsoInTrustZones"],
        serde_json::json!([vpc])
    );
    assert_eq!(
        component("Refunds DB")["parent"]["trustZone"],
        zone("Ledger zone")["id"]
    );
}

#[test]
fn the_command_writes_otm_that_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let session = repo_file("sessions/refund-api.ron");
    let out = threatbench(dir.path())
        .arg("export")
        .arg(&session)
        .args(["--format", "otm", "--out", "model.otm.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = dir.path().join("model.otm.json");
    validate(&serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap());
    // An earlier OTM export is replaced without --force; the user's own OTM file is not.
    threatbench(dir.path())
        .arg("export")
        .arg(&session)
        .args(["--format", "otm", "--out", "model.otm.json"])
        .assert()
        .success();
    std::fs::copy(
        repo_file("tests/fixtures/otm/EXAMPLE.json"),
        dir.path().join("theirs.json"),
    )
    .unwrap();
    threatbench(dir.path())
        .arg("export")
        .arg(&session)
        .args(["--format", "otm", "--out", "theirs.json"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "not an earlier threatbench export",
        ));

    let imported = threatbench(dir.path())
        .args(["import", "otm", "model.otm.json", "--out", "back.ron"])
        .output()
        .unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let back = threatbench::store::load(&dir.path().join("back.ron")).unwrap();
    let (want, got) = (shape(&example()), shape(&back));
    assert_eq!(got.nodes, want.nodes);
    assert_eq!(got.flows, want.flows);
    assert_eq!(got.boundaries, want.boundaries);
    assert_eq!(got.threats, want.threats);
    assert_eq!(back.title, "Refund API");
}

/// The `type` values CycloneDX 1.5 allows for an external reference (from bom-1.5.schema.json).
const CYCLONEDX_15_TYPES: [&str; 34] = [
    "vcs",
    "issue-tracker",
    "website",
    "advisories",
    "bom",
    "mailing-list",
    "social",
    "chat",
    "documentation",
    "support",
    "distribution",
    "distribution-intake",
    "license",
    "build-meta",
    "build-system",
    "release-notes",
    "security-contact",
    "model-card",
    "log",
    "configuration",
    "evidence",
    "formulation",
    "attestation",
    "threat-model",
    "adversary-model",
    "risk-assessment",
    "vulnerability-assertion",
    "exploitability-statement",
    "pentest-report",
    "static-analysis-report",
    "dynamic-analysis-report",
    "runtime-analysis-report",
    "component-analysis-report",
    "other",
];

/// Checks `entry` has the shape of a CycloneDX 1.5 `externalReference`: `url` and `type`
/// required, only the four known members, hashes of a known algorithm with hex content.
fn assert_external_reference(entry: &Value) {
    let object = entry.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["comment", "hashes", "type", "url"]);
    assert!(CYCLONEDX_15_TYPES.contains(&entry["type"].as_str().unwrap()));
    assert_eq!(entry["type"], "threat-model");
    assert!(!entry["url"].as_str().unwrap().contains([' ', '\\']));
    for hash in entry["hashes"].as_array().unwrap() {
        assert_eq!(hash["alg"], "SHA-256");
        let content = hash["content"].as_str().unwrap();
        assert_eq!(content.len(), 64);
        assert!(content.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

#[test]
fn the_sbom_reference_names_the_file_from_the_repository_root_with_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    assert!(git(repo).args(["init", "-q"]).status().unwrap().success());
    std::fs::create_dir_all(repo.join("docs/threat models")).unwrap();
    let file = repo.join("docs/threat models/refund api.ron");
    std::fs::copy(repo_file("sessions/refund-api.ron"), &file).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    let out = threatbench(&repo.join("docs"))
        .args([
            "export",
            "threat models/refund api.ron",
            "--format",
            "cyclonedx-ref",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_external_reference(&entry);
    assert_eq!(entry["url"], "docs/threat%20models/refund%20api.ron");
    assert_eq!(
        entry["hashes"][0]["content"],
        threatbench::store::sha256_hex(&bytes).as_str()
    );
    let comment = entry["comment"].as_str().unwrap();
    assert!(
        comment.contains("Refund API") && comment.contains("revision 1"),
        "{comment}"
    );

    // Outside a repository the path is written as given.
    let plain = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_file("sessions/refund-api.ron"),
        plain.path().join("m.ron"),
    )
    .unwrap();
    let out = threatbench(plain.path())
        .args(["export", "m.ron", "--format", "cyclonedx-ref"])
        .output()
        .unwrap();
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_external_reference(&entry);
    assert_eq!(entry["url"], "m.ron");
}
