//! `threatbench import otm`: every OTM fixture through the real binary, the session it wrote
//! loaded (and so validated) and its counts checked against the source file; malformed
//! files refused with their JSON path and nothing written; `--into`; hostile text.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use common::run::threatbench;
use serde_json::Value;
use threatbench::model::{Category, DecisionStatus, ElementKind, KindTag, Session};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/otm")
        .join(name)
}

fn json(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap()
}

/// Imports `file` into a new session at `out` in `dir`; returns it and the summary.
fn import(dir: &Path, file: &Path, out: &str) -> (Session, String) {
    let output = threatbench(dir)
        .args(["import", "otm"])
        .arg(file)
        .args(["--out", out])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let written = String::from_utf8(output.stdout).unwrap();
    assert_eq!(written.trim(), out);
    (threatbench::store::load(&dir.join(out)).unwrap(), stderr)
}

fn list<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v[key]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

/// What the source says the session should hold, counted straight from the JSON.
struct Expected {
    nodes: usize,
    flows: usize,
    boundaries: usize,
    /// For each threat placed, in order: how many mitigations answer it there.
    links: Vec<usize>,
    decisions: usize,
}

fn expected(doc: &Value) -> Expected {
    let components = list(doc, "components");
    let zones = list(doc, "trustZones");
    let threats: HashSet<&str> = list(doc, "threats").iter().map(|t| text(t, "id")).collect();
    let mitigations: HashSet<&str> = list(doc, "mitigations")
        .iter()
        .map(|m| text(m, "id"))
        .collect();
    let component_ids: HashSet<&str> = components.iter().map(|c| text(c, "id")).collect();
    let zone_ids: HashSet<&str> = zones.iter().map(|z| text(z, "id")).collect();
    let resolves = |id: &str| component_ids.contains(id) || zone_ids.contains(id);
    let mut zone_ends = HashSet::new();
    let mut carriers: Vec<&Value> = components.clone();
    let mut flows = 0;
    for f in list(doc, "dataflows") {
        let (s, d) = (text(f, "source"), text(f, "destination"));
        if resolves(s) && resolves(d) && s != d {
            flows += 1;
            carriers.push(f);
            zone_ends.extend([s, d].into_iter().filter(|e| zone_ids.contains(e)));
        }
    }
    let mut links = Vec::new();
    let mut linked = HashSet::new();
    for carrier in carriers {
        for instance in list(carrier, "threats") {
            if !threats.contains(text(instance, "threat")) {
                continue;
            }
            let kept: Vec<&str> = list(instance, "mitigations")
                .iter()
                .filter(|l| mitigations.contains(text(l, "mitigation")))
                .filter(|l| !matches!(text(l, "state"), "rejected" | "not-applicable"))
                .map(|l| text(l, "mitigation"))
                .collect();
            linked.extend(kept.iter().copied());
            links.push(kept.len());
        }
    }
    let outside = zones
        .iter()
        .filter(|z| z["attributes"]["trustBoundary"] == Value::Bool(false))
        .count();
    Expected {
        nodes: components.len() + zone_ends.len(),
        flows,
        boundaries: zones.len() - outside,
        links,
        decisions: linked.len(),
    }
}

fn by_kind(session: &Session) -> BTreeMap<KindTag, usize> {
    let mut counts = BTreeMap::new();
    for e in &session.elements {
        *counts.entry(e.kind.tag()).or_default() += 1;
    }
    counts
}

fn check_counts(session: &Session, doc: &Value) {
    let want = expected(doc);
    let kinds = by_kind(session);
    let nodes: usize = kinds
        .iter()
        .filter(|(k, _)| !matches!(k, KindTag::DataFlow | KindTag::TrustBoundary))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(nodes, want.nodes, "nodes");
    assert_eq!(
        kinds.get(&KindTag::DataFlow).copied().unwrap_or(0),
        want.flows
    );
    assert_eq!(
        kinds.get(&KindTag::TrustBoundary).copied().unwrap_or(0),
        want.boundaries
    );
    assert_eq!(session.threats.len(), want.links.len(), "threats");
    for (threat, links) in session.threats.iter().zip(&want.links) {
        let answering = session
            .decisions
            .iter()
            .filter(|d| d.threats.contains(&threat.id))
            .count();
        assert_eq!(answering, *links, "decisions answering {}", threat.title);
    }
    assert_eq!(session.decisions.len(), want.decisions, "decisions");
}

#[test]
fn every_fixture_imports_and_its_counts_match_the_source() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["EXAMPLE.json", "webshop.otm.json", "minimal.otm.json"] {
        let out = format!("{name}.ron");
        let (session, summary) = import(dir.path(), &fixture(name), &out);
        check_counts(&session, &json(name));
        assert!(summary.contains("added: "), "{summary}");
    }
}

#[test]
fn the_specification_example_reads_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let (s, summary) = import(dir.path(), &fixture("EXAMPLE.json"), "example.ron");
    assert_eq!(s.title, "Test project");
    let kinds = by_kind(&s);
    assert_eq!(kinds[&KindTag::ExternalEntity], 1, "web-client");
    assert_eq!(kinds[&KindTag::Process], 2, "web-service, code-class");
    assert_eq!(kinds[&KindTag::DataStore], 1, "database");
    let name = |id: &threatbench::model::Id| s.element(id).unwrap().name.clone();
    let boundary = |n: &str| -> Vec<String> {
        let b = s.elements.iter().find(|e| e.name == n).unwrap();
        match &b.kind {
            ElementKind::TrustBoundary { members } => members.iter().map(name).collect(),
            _ => panic!("{n} is no boundary"),
        }
    };
    assert_eq!(boundary("Internet"), ["Web Client"]);
    assert_eq!(
        boundary("Private"),
        ["Web Service", "Customer Database", "Class CustomerDatabase"]
    );
    // Threat 1 sits on the web service and on a flow: two threats, each in a live cell.
    let [on_service, on_flow] = &s.threats[..] else {
        panic!("{:?}", s.threats)
    };
    assert_eq!(name(&on_service.element), "Web Service");
    assert_eq!(on_service.category, Category::Spoofing);
    assert_eq!(
        on_flow.category,
        Category::Tampering,
        "Spoofing is no flow's"
    );
    assert_eq!(
        (on_service.likelihood, on_service.impact),
        (Some(3), Some(5))
    );
    assert_eq!(
        (on_service.residual_likelihood, on_service.residual_impact),
        (Some(2), Some(5)),
        "50 % reduction, implemented there"
    );
    assert_eq!(
        on_flow.residual_likelihood, None,
        "required, not implemented"
    );
    assert_eq!(on_service.references.len(), 2);
    assert!(
        on_service
            .notes
            .contains("Also categorized in OTM as: Tampering")
    );
    let [decision] = &s.decisions[..] else {
        panic!("{:?}", s.decisions)
    };
    assert_eq!(
        decision.threats,
        [on_service.id.clone(), on_flow.id.clone()]
    );
    assert_eq!(decision.status, DecisionStatus::InProgress);
    assert!(s.notes.contains("Mitigation 2"), "the unlinked mitigation");
    assert!(s.notes.contains("cmdbId: MyApp123"));
    assert_eq!(s.assets.len(), 2);
    assert!(
        summary.contains("not mapped: 1 mitigation linked to no threat"),
        "{summary}"
    );
    assert!(
        summary.contains("mapped: component type → kind:"),
        "{summary}"
    );
}

#[test]
fn a_hand_written_iriusrisk_style_file_keeps_what_has_no_home() {
    let dir = tempfile::tempdir().unwrap();
    let (s, summary) = import(dir.path(), &fixture("webshop.otm.json"), "shop.ron");
    assert_eq!(s.title, "Webshop – Zahlung 💳");
    let element = |n: &str| s.elements.iter().find(|e| e.name == n).unwrap();
    let members = |n: &str| -> Vec<String> {
        s.elements
            .iter()
            .find_map(|e| match &e.kind {
                ElementKind::TrustBoundary { members } if e.name == n => Some(members),
                _ => None,
            })
            .unwrap()
            .iter()
            .map(|m| s.element(m).unwrap().name.clone())
            .collect()
    };
    // A flow from the Internet zone itself starts at an entity standing for the zone.
    let stand_in = s
        .elements
        .iter()
        .find(|e| e.name == "Internet" && e.kind == ElementKind::ExternalEntity)
        .unwrap();
    assert!(members("Internet").contains(&stand_in.name));
    // Nested zone and nested component.
    assert!(members("Private network").contains(&"Orders DB".to_owned()));
    assert!(members("Private network").contains(&"Payment worker".to_owned()));
    assert_eq!(members("Payments enclave"), ["Orders DB"]);
    assert_eq!(
        element("Stripe").kind,
        ElementKind::ThirdParty {
            supplier: "Stripe, Inc.".into(),
            version: Some("2024-06-20".into()),
            purl: None
        }
    );
    assert_eq!(
        element("Audit trail").kind,
        ElementKind::DataStore { holds_logs: true }
    );
    let threat = |t: &str| s.threats.iter().find(|x| x.title == t).unwrap();
    assert!(
        threat("Customer denies a refund request")
            .notes
            .contains("not recorded as an accepted risk")
    );
    assert!(
        !s.decisions.iter().any(|d| d
            .threats
            .contains(&threat("Customer denies a refund request").id)),
        "no owner, no date: undecided"
    );
    let flood = threat("Flood of checkout requests");
    let answering: Vec<&str> = s
        .decisions
        .iter()
        .filter(|d| d.threats.contains(&flood.id))
        .map(|d| d.summary.as_str())
        .collect();
    assert_eq!(
        answering,
        ["WAF with rate limits", "Autoscaling"],
        "captcha rejected"
    );
    assert!(flood.notes.contains("Captcha on checkout"));
    assert_eq!(flood.residual_likelihood, Some(2), "3 × (1 − 0.5)");
    assert_eq!(threat("Session hijacking").category, Category::Tampering);
    assert!(threat("Injection (OWASP A03)").notes.contains("Injection"));
    assert_eq!(threat("Injection (OWASP A03)").likelihood, None);
    assert!(s.notes.contains("Insider copies backups"));
    assert!(s.notes.contains("Nightly export"));
    for line in [
        "1 dataflow with an end that names no component or trust zone",
        "Spoofing on a data flow → Tampering (1)",
        "accepted (1)",
        "categories of other methods, kept in the threats' notes: Injection (1)",
        "1 mitigation link to a mitigation that is not in mitigations",
    ] {
        assert!(summary.contains(line), "{line}\n{summary}");
    }
    assert!(summary.contains("2 processes") || summary.contains("3 processes"));
}

#[test]
fn control_characters_and_missing_members_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = import(dir.path(), &fixture("minimal.otm.json"), "tiny.ron");
    assert_eq!(s.title, "Tiny [31mdemo", "escape and bell dropped");
    assert!(s.elements.iter().any(|e| e.name == "App server"));
    assert!(
        s.elements.iter().any(|e| e.name == "z"),
        "a blank zone name is its ID"
    );
    let guessing = s
        .threats
        .iter()
        .find(|t| t.title == "Password guessing")
        .unwrap();
    assert_eq!(
        (guessing.likelihood, guessing.impact),
        (None, None),
        "0 is unrated"
    );
    assert_eq!(
        guessing.category,
        Category::Spoofing,
        "an entity's first cell"
    );
}

#[test]
fn malformed_files_are_refused_with_the_path_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (name, says) in [
        ("truncated.otm.json", "not JSON: EOF while parsing"),
        ("version.otm.json", "OTM version 1.0.0 is not read"),
        ("sbom.otm.json", "use threatbench import sbom"),
        (
            "components-object.otm.json",
            "at $.components: expected a list",
        ),
        (
            "missing-name.otm.json",
            "at $.components[0]: the member \"name\" is missing",
        ),
        (
            "repeated-id.otm.json",
            "at $.components[1].id: the trust zone or component ID \"a\" is already used at $.components[0]",
        ),
        (
            "rating-text.otm.json",
            "at $.threats[0].risk.likelihood: expected a number",
        ),
    ] {
        let output = threatbench(dir.path())
            .args(["import", "otm"])
            .arg(fixture(&format!("malformed/{name}")))
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(
            stderr.contains("an Open Threat Model")
                || stderr.contains("not JSON")
                || stderr.contains("OTM version"),
            "{stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "home")
        .collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
}

#[test]
fn into_adds_to_an_existing_session() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = import(dir.path(), &fixture("EXAMPLE.json"), "s.ron");
    let output = threatbench(dir.path())
        .args(["import", "otm"])
        .arg(fixture("webshop.otm.json"))
        .args(["--into", "s.ron"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let both = threatbench::store::load(&dir.path().join("s.ron")).unwrap();
    let (shop, _) = import(dir.path(), &fixture("webshop.otm.json"), "shop.ron");
    assert_eq!(both.title, "Test project", "the session keeps its title");
    assert_eq!(
        both.elements.len(),
        first.elements.len() + shop.elements.len()
    );
    assert_eq!(both.threats.len(), first.threats.len() + shop.threats.len());
    assert_eq!(
        both.decisions.len(),
        first.decisions.len() + shop.decisions.len()
    );
    assert!(both.notes.contains("Webshop"), "the project is noted");
}

#[test]
fn huge_and_odd_text_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let long = "A\u{0}\u{1b}]52;c;\u{7}\u{202e}".repeat(100_000);
    let doc = serde_json::json!({
        "otmVersion": "0.2.0",
        "project": {"name": long, "id": long},
        "trustZones": [{"id": "z", "name": long, "risk": {"trustRating": 1e308}, "parent": {"trustZone": "z"}}],
        "components": [
            {"id": "a", "name": long, "type": long, "parent": {"component": "b"}},
            {"id": "b", "name": "B", "type": "db", "parent": {"component": "a"},
             "threats": [{"threat": "t", "state": long, "mitigations": [{"mitigation": "m", "state": long}]}]}
        ],
        "threats": [{"id": "t", "name": long, "categories": [long], "cwes": [long], "risk": {"likelihood": -1, "impact": 1e300}}],
        "mitigations": [{"id": "m", "name": long, "riskReduction": f64::MAX}]
    });
    let file = dir.path().join("odd.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let (s, summary) = import(dir.path(), &file, "odd.ron");
    assert_eq!(s.threats.len(), 1);
    assert_eq!(s.threats[0].impact, Some(5));
    assert!(summary.contains("outside 0–100"), "{summary}");
    assert!(
        summary.lines().all(|l| l.chars().count() < 2_000),
        "summary lines stay short"
    );
    assert!(
        !summary.contains(['\u{202e}', '\u{1b}', '\u{7}']),
        "nothing from the file acts on the terminal"
    );
}

#[test]
fn out_must_name_a_new_file_in_a_folder_that_exists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken.ron"), "x").unwrap();
    for (out, says) in [
        ("-", "a session is a file"),
        (".", "is a folder"),
        ("taken.ron", "exists: an import never replaces a file"),
        ("missing/shop.ron", "the folder missing does not exist"),
    ] {
        let output = threatbench(dir.path())
            .args(["import", "otm"])
            .arg(fixture("EXAMPLE.json"))
            .args(["--out", out])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{out}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{out}: {stderr}");
    }
    assert!(!dir.path().join("-").exists());
    assert_eq!(std::fs::read(dir.path().join("taken.ron")).unwrap(), b"x");
}
