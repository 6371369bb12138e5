//! `threatbench import threat-composer`: the real binary on every threat-composer fixture
//! (the tool's own workspaces and two written by hand), what it writes checked against the
//! source, and the clear errors of files it must refuse, which write nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;

use serde_json::{Value, json};
use threatbench::model::{Category, DecisionKind, DecisionStatus, ElementKind, Session, Threat};
use threatbench::store;

use common::run::threatbench;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/threat-composer")
        .join(name)
}

fn source(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap()
}

/// Imports `file` into a new session at `dir/out.ron`; the session as loaded and stderr.
fn import(dir: &Path, file: &Path) -> (Session, String) {
    let out = dir.join("out.ron");
    let output = threatbench(dir)
        .args(["import", "threat-composer"])
        .arg(file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(Path::new(printed.trim_end()), out);
    (store::load(&out).unwrap(), stderr)
}

/// The number threat-composer gave an item, from the first line of its notes or rationale.
fn number(text: &str, prefix: &str) -> Option<u64> {
    let at = text.find(prefix)? + prefix.len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn threat_number(t: &Threat) -> u64 {
    number(&t.notes, "threat-composer #").unwrap()
}

/// Per threat number, the numbers of the mitigations the source links to it (links to
/// items not in the file left out, as the import does).
fn source_links(doc: &Value) -> BTreeMap<u64, BTreeSet<u64>> {
    let numbers = |list: &str| -> BTreeMap<&str, u64> {
        doc[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["id"].as_str().unwrap(), i["numericId"].as_u64().unwrap()))
            .collect()
    };
    let (threats, mitigations) = (numbers("threats"), numbers("mitigations"));
    let mut links: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    for link in doc["mitigationLinks"].as_array().unwrap() {
        let threat = threats.get(link["linkedId"].as_str().unwrap());
        let mitigation = mitigations.get(link["mitigationId"].as_str().unwrap());
        if let (Some(t), Some(m)) = (threat, mitigation) {
            links.entry(*t).or_default().insert(*m);
        }
    }
    links
}

/// Per threat number, the numbers of the mitigations its decisions came from.
fn imported_links(s: &Session) -> BTreeMap<u64, BTreeSet<u64>> {
    let mut links: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    for d in &s.decisions {
        let m = number(&d.rationale, "threat-composer mitigation #").unwrap();
        for id in &d.threats {
            links
                .entry(threat_number(s.threat(id).unwrap()))
                .or_default()
                .insert(m);
        }
    }
    links
}

#[test]
fn the_tools_own_workspaces_import_with_every_threat_and_link() {
    for name in ["ThreatComposer.tc.json", "reinforce2024-ex1.tc.json"] {
        let dir = tempfile::tempdir().unwrap();
        let doc = source(name);
        let (s, stderr) = import(dir.path(), &fixture(name));
        let count = |list: &str| doc[list].as_array().unwrap().len();

        assert_eq!(s.title, "Threat composer", "{name}");
        assert_eq!(s.elements.len(), 1, "{name}: one element for all threats");
        assert_eq!(s.elements[0].kind, ElementKind::Process);
        assert_eq!(s.elements[0].name, "Threat composer");
        assert_eq!(s.threats.len(), count("threats"), "{name}");
        assert_eq!(s.assumptions.len(), count("assumptions"), "{name}");
        let links = source_links(&doc);
        assert_eq!(imported_links(&s), links, "{name}: decisions per threat");
        let linked: BTreeSet<&u64> = links.values().flatten().collect();
        assert_eq!(
            s.decisions.len(),
            linked.len(),
            "{name}: one per mitigation"
        );
        assert!(s.decisions.iter().all(|d| d.kind == DecisionKind::Mitigate));
        assert!(
            stderr.contains(&format!(
                "all {} threats are on E1 Threat composer",
                count("threats")
            )),
            "{stderr}"
        );
        assert!(
            s.notes.contains("Architecture (threat-composer):"),
            "{name}"
        );
        assert!(s.notes.contains("Data flow (threat-composer):"), "{name}");

        // Category and rating from the metadata, the number in the notes.
        let threats: BTreeMap<u64, &Value> = doc["threats"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["numericId"].as_u64().unwrap(), t))
            .collect();
        for t in &s.threats {
            let source = threats[&threat_number(t)];
            let meta = |key: &str| {
                source["metadata"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|m| m["key"] == key)
                    .map(|m| m["value"].clone())
                    .unwrap()
            };
            let first = meta("STRIDE")[0].as_str().unwrap().chars().next().unwrap();
            assert_eq!(t.category.letter(), first, "{}", t.id);
            let level = match meta("Priority").as_str().unwrap() {
                "High" => 4,
                "Medium" => 3,
                _ => 2,
            };
            assert_eq!((t.likelihood, t.impact), (Some(level), Some(level)));
            assert!(t.title.chars().count() <= 80, "{}", t.title);
            assert_eq!(t.grammar.source, source["threatSource"].as_str().unwrap());
        }
    }
}

#[test]
fn in_threat_composers_own_model_ten_threats_have_several_decisions_up_to_six() {
    let dir = tempfile::tempdir().unwrap();
    let (s, stderr) = import(dir.path(), &fixture("ThreatComposer.tc.json"));
    let per_threat: Vec<usize> = imported_links(&s).values().map(BTreeSet::len).collect();
    // The issue counts 11: the eleventh threat with two mitigations is not in the file (its
    // two links name a threat ID no threat has).
    assert_eq!(per_threat.iter().filter(|n| **n > 1).count(), 10);
    assert_eq!(per_threat.iter().max(), Some(&6));
    assert!(
        stderr.contains("10 threats answered by several decisions (up to 6)"),
        "{stderr}"
    );
    assert!(
        s.decisions.iter().all(|d| d.status == DecisionStatus::Done),
        "every mitigation there is resolved"
    );
    assert!(stderr.contains("4 mitigation links naming a threat or mitigation not in the file"));
    assert!(stderr.contains("5 threats resolved in threat-composer without a mitigation"));
    assert!(stderr.contains("2 threats with several STRIDE categories"));
    assert!(
        stderr.lines().count() < 25,
        "the summary aggregates: {stderr}"
    );
}

#[test]
fn a_hand_written_checkout_workspace_keeps_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let (s, stderr) = import(dir.path(), &fixture("hand-checkout.tc.json"));
    assert_eq!(s.title, "Kasse – Zahlungsdienst ✓");
    assert_eq!(s.elements[0].name, "Kasse – Zahlungsdienst ✓");
    assert_eq!(s.threats.len(), 3);
    let t = |n: usize| &s.threats[n - 1];

    // T1: three mitigations, three decisions with their statuses.
    let answering = |id| -> Vec<_> {
        s.decisions
            .iter()
            .filter(|d| d.threats.contains(id))
            .collect()
    };
    let d1 = answering(&t(1).id);
    assert_eq!(d1.len(), 3);
    let statuses: BTreeSet<_> = d1.iter().map(|d| d.status.name()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["done", "in progress", "open"]),
        "resolved, in progress, identified"
    );
    assert!(t(1).notes.contains("Tags: Zahlung, replay"));
    assert!(t(1).notes.contains("Comments: Seen in the 2023 pen test."));
    assert!(s.assets.contains(&"顧客データ".to_owned()));
    assert_eq!(
        t(1).grammar.impact,
        "the customer being charged twice, resulting in reduced integrity"
    );

    // T2: no statement, two STRIDE letters.
    assert_eq!(t(2).category, Category::Tampering);
    assert!(t(2).notes.contains("Also STRIDE: Repudiation"));
    assert_eq!(
        t(2).title,
        "A customer can change the amount in the browser before it is sent"
    );
    assert_eq!(answering(&t(2).id).len(), 2);

    // T3: no STRIDE, no priority, its only mitigation will not be actioned.
    assert_eq!(t(3).category, Category::Spoofing);
    assert_eq!((t(3).likelihood, t(3).impact), (None, None));
    assert!(t(3).notes.contains("status: resolved, not useful"));
    assert!(
        t(3).notes
            .contains("\"Per-customer rate limit on refunds\" is resolved, will not action")
    );
    assert!(
        answering(&t(3).id).is_empty(),
        "no owner or date to accept it with"
    );

    // The long mitigation: a short summary, the whole in the rationale.
    let signed = s
        .decisions
        .iter()
        .find(|d| d.summary.starts_with("Signed request"))
        .unwrap();
    assert!(signed.summary.ends_with('…') && signed.summary.chars().count() <= 100);
    assert!(
        signed
            .rationale
            .contains("five-minute window so that captured requests cannot be replayed later")
    );

    // Mitigation #5 is linked to nothing: in the session notes.
    assert!(
        s.notes.contains("- #5 WAF managed rule set on the ALB"),
        "{}",
        s.notes
    );
    assert!(
        s.notes.contains(
            "Application (threat-composer): Kasse – Zahlungsdienst ✓\nDer Checkout-Dienst"
        )
    );
    assert!(
        s.notes
            .contains("A1: Tags: network; Comments: Geprüft mit dem Plattform-Team")
    );
    assert_eq!(
        s.assumptions[0].text,
        format!(
            "Das ALB terminiert TLS 1.2+ für alle Clients (threat-composer assumption #1; linked to T1, {})",
            signed.id
        )
    );
    for line in [
        "added: 2 assets, 2 assumptions, 3 decisions, 1 process, 3 threats",
        "1 mitigation resolved, will not action",
        "1 mitigation linked to no threat",
        "1 threat without STRIDE metadata: under Spoofing",
        "1 threat of 3 without a High, Medium or Low priority: unrated",
        "(1 done; 1 in progress; 1 open)",
        "threat status → the threat's notes (2 identified; 1 resolved, not useful)",
    ] {
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
}

#[test]
fn a_first_export_with_empty_lists_and_no_statement() {
    let dir = tempfile::tempdir().unwrap();
    let (s, stderr) = import(dir.path(), &fixture("hand-first-export.tc.json"));
    assert_eq!(s.title, "Photo sharing");
    assert_eq!(s.threats.len(), 2);
    assert!(s.decisions.is_empty() && s.assumptions.is_empty());
    let (t1, t2) = (&s.threats[0], &s.threats[1]);
    assert_eq!(
        t1.title,
        "An internal actor can download every user's private photos"
    );
    assert_eq!(
        t1.grammar.action, "download every user's private photos",
        "no \"can can\""
    );
    assert_eq!(t1.category, Category::Spoofing, "no STRIDE: the default");
    assert_eq!(t2.category, Category::Spoofing, "the first of S, E");
    assert!(t2.notes.contains("Also STRIDE: Elevation of privilege"));
    assert_eq!(
        t2.title,
        "An external threat actor can act as the photo's owner"
    );
    assert!(
        t2.notes
            .contains("Statement: An external threat actor with a stolen session cookie can")
    );
    assert!(
        !stderr.contains("does not read"),
        "displayedStatement and customTemplate are known: {stderr}"
    );
}

#[test]
fn importing_into_an_existing_session_adds_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refund.ron");
    std::fs::write(&path, store::to_ron(&common::sample()).unwrap()).unwrap();
    let before = store::load(&path).unwrap();

    threatbench(dir.path())
        .args(["import", "threat-composer"])
        .arg(fixture("hand-checkout.tc.json"))
        .arg("--into")
        .arg(&path)
        .assert()
        .success()
        .stdout(format!("{}\n", path.display()));
    let after = store::load(&path).unwrap();
    assert_eq!(after.title, before.title, "the session keeps its title");
    assert_eq!(after.elements.len(), before.elements.len() + 1);
    assert_eq!(after.elements[..before.elements.len()], before.elements[..]);
    assert_eq!(after.threats.len(), before.threats.len() + 3);
    assert_eq!(after.decisions.len(), before.decisions.len() + 3);
    assert_eq!(after.threats[..before.threats.len()], before.threats[..]);

    // A workspace named like a process already there puts its threats on that process.
    let workspace = json!({
        "schema": 1,
        "applicationInfo": {"name": "refund api"},
        "threats": [{"id": "x", "numericId": 1, "statement": "A clerk can refund twice",
                     "metadata": [{"key": "STRIDE", "value": ["E"]}]}]
    });
    let file = dir.path().join("refund.tc.json");
    std::fs::write(&file, workspace.to_string()).unwrap();
    let output = threatbench(dir.path())
        .args(["import", "threat-composer"])
        .arg(&file)
        .arg("--into")
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let again = store::load(&path).unwrap();
    assert_eq!(again.elements.len(), after.elements.len(), "no new element");
    let api = after
        .elements
        .iter()
        .find(|e| e.name == "Refund API")
        .unwrap();
    assert_eq!(again.threats.last().unwrap().element, api.id);
    assert!(String::from_utf8_lossy(&output.stderr).contains("the process already in the session"));
}

/// Runs an import that must fail; its stderr. Nothing may be written.
fn refused(dir: &Path, file: &Path) -> String {
    let output = threatbench(dir)
        .args(["import", "threat-composer"])
        .arg(file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let written: Vec<_> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    assert!(written.is_empty(), "{written:?} after {stderr}");
    stderr
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn other_tools_and_broken_files_fail_clearly_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sessions")).unwrap();

    let stderr = refused(
        dir.path(),
        &fixture("wrong-tool/threat-dragon-v2-new-model.json"),
    );
    assert!(
        stderr.contains("this is not a threat-composer workspace: it looks like an OWASP Threat Dragon model; try `threatbench import threat-dragon FILE`"),
        "{stderr}"
    );

    let whole = std::fs::read(fixture("ThreatComposer.tc.json")).unwrap();
    let truncated = dir.path().join("truncated.tc.json");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let stderr = refused(dir.path(), &truncated);
    assert!(stderr.contains("not JSON: EOF while parsing"), "{stderr}");

    let cases = [
        (
            json!({"schema": 2, "threats": []}),
            "threat-composer schema 2 is not one this threatbench reads",
        ),
        (
            json!({"threats": []}),
            "this is not a threat-composer workspace: it has no \"schema\" member",
        ),
        (
            json!({"schema": 1, "threats": "none"}),
            "at $.threats: expected a list, found text",
        ),
        (
            json!({"schema": 1, "mitigations": [{"id": "m", "numericId": 1}]}),
            "at $.mitigations[0]: the member \"content\" is missing",
        ),
        (
            json!({"schema": 1, "threats": [{"id": "t", "impactedAssets": "db"}]}),
            "at $.threats[0].impactedAssets: expected a list",
        ),
        (
            json!({"schema": 1, "threats": [{"id": "t", "metadata": [{"key": "STRIDE"}]}]}),
            "at $.threats[0].metadata[0]: the member \"value\" is missing",
        ),
    ];
    for (doc, expected) in cases {
        let file = dir.path().join("bad.tc.json");
        std::fs::write(&file, doc.to_string()).unwrap();
        let stderr = refused(dir.path(), &file);
        assert!(stderr.contains(expected), "{doc}: {stderr}");
    }

    // --into with a bad file leaves the session as it was, byte for byte.
    let path = dir.path().join("keep.ron");
    std::fs::write(&path, store::to_ron(&common::sample()).unwrap()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    threatbench(dir.path())
        .args(["import", "threat-composer"])
        .arg(fixture("wrong-tool/threat-dragon-v2-new-model.json"))
        .arg("--into")
        .arg(&path)
        .assert()
        .failure();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn hostile_and_huge_workspaces_import_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "A threat actor \u{1b}[2J\u{7}{}\r\ncan x",
        "very ".repeat(1_000)
    );
    let threats: Vec<Value> = (0..500)
        .map(|i| {
            json!({
                "id": format!("t{i}"), "numericId": 500 - i, "statement": long,
                "threatSource": "\u{202e}actor\u{0}", "threatAction": "do\tthings\r\n",
                "metadata": [{"key": "STRIDE", "value": ["Q"]}, {"key": "Priority", "value": "Critical"},
                             {"key": "Owner\u{1b}", "value": ["a", "b"]}],
                "tags": ["\u{1b}]52;c;AAAA\u{7}"],
            })
        })
        .collect();
    let mitigations: Vec<Value> = (0..500)
        .map(|i| json!({"id": format!("m{i}"), "numericId": i, "content": long, "status": "weird"}))
        .collect();
    let links: Vec<Value> = (0..500)
        .map(
            |i| json!({"mitigationId": format!("m{i}"), "linkedId": format!("t{}", (i * 7) % 500)}),
        )
        .collect();
    let doc = json!({
        "schema": 1.0, "applicationInfo": {"name": "\u{1b}[31mred\u{1b}[0m"},
        "threats": threats, "mitigations": mitigations, "mitigationLinks": links,
        "unknownThing": {}, "workspace": {"name": "w"}
    });
    let file = dir.path().join("huge.tc.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let (s, stderr) = import(dir.path(), &file);
    assert_eq!(s.threats.len(), 500);
    assert_eq!(s.decisions.len(), 500);
    assert!(
        s.threats
            .iter()
            .all(|t| t.title.chars().count() <= 80 && !t.title.contains('\u{1b}'))
    );
    assert_eq!(threat_number(&s.threats[0]), 1, "ordered by number");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(stderr.lines().count() < 25, "aggregated: {stderr}");
    assert!(
        stderr.contains("members threatbench does not read, left out: unknownThing, workspace"),
        "{stderr}"
    );
    assert!(
        stderr.contains("500 threats with STRIDE values that name no category"),
        "{stderr}"
    );
}
