//! threatbench's own threat model (`sessions/threatbench.ron`): it loads, it is complete
//! (every live cell considered, every threat decided, the readiness checklist all met), and
//! its third-party components are the direct dependencies at the versions Cargo.lock pins,
//! so a dependency change that forgets the model fails here.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use threatbench::model::ElementKind;
use threatbench::store;

fn repo_file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

fn own_model() -> threatbench::model::Session {
    store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/threatbench.ron")).unwrap()
}

/// The package names of `[dependencies]` in Cargo.toml (a `package = "..."` rename counts
/// under its real name), each with its version requirement.
fn direct_dependencies(manifest: &str) -> Vec<(String, String)> {
    let section = manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    let quoted_after = |line: &str, key: &str| {
        line.split_once(key)
            .map(|(_, rest)| rest.split('"').next().unwrap().to_owned())
    };
    section
        .lines()
        .filter(|line| !line.starts_with('#') && line.contains('='))
        .map(|line| {
            let key = line.split('=').next().unwrap().trim();
            let name = quoted_after(line, "package = \"").unwrap_or_else(|| key.to_owned());
            let requirement = quoted_after(line, "version = \"")
                .or_else(|| quoted_after(line, "= \""))
                .unwrap();
            (name, requirement)
        })
        .collect()
}

/// Whether `version` meets the caret requirement `requirement` as Cargo reads it: the same
/// major version, or the same minor one below 1.0.
fn compatible(version: &str, requirement: &str) -> bool {
    let parts: Vec<&str> = requirement.split('.').collect();
    let significant = if parts[0] == "0" { 2 } else { 1 };
    let prefix = parts[..significant.min(parts.len())].join(".") + ".";
    version.starts_with(&prefix)
}

/// Every (name, version) pair of Cargo.lock.
fn locked_versions(lock: &str) -> Vec<(String, String)> {
    lock.split("[[package]]")
        .filter_map(|block| {
            let field = |key: &str| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .map(|v| v.trim_matches('"').to_owned())
            };
            Some((field("name = ")?, field("version = ")?))
        })
        .collect()
}

#[test]
fn the_own_model_is_complete_and_ready() {
    let session = own_model();
    assert_eq!(session.title, "threatbench");
    assert!(session.coverage().is_complete(), "{}", session.coverage());
    assert!(session.undecided_threats().is_empty());
    let as_of = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    for check in session.readiness(as_of, &Default::default()) {
        assert!(check.ok, "{}: {}", check.label, check.detail);
    }
}

#[test]
fn every_direct_dependency_is_a_component_at_its_locked_version() {
    let session = own_model();
    let modeled: BTreeMap<String, String> = session
        .elements
        .iter()
        .filter_map(|e| match &e.kind {
            ElementKind::ThirdParty { purl, version, .. } => {
                Some((e.name.clone(), (purl.clone()?, version.clone()?)))
            }
            _ => None,
        })
        .map(|(name, (purl, version))| {
            assert_eq!(purl, format!("pkg:cargo/{name}@{version}"));
            (name, version)
        })
        .collect();
    let locked = locked_versions(&repo_file("Cargo.lock"));
    let expected: BTreeMap<String, String> = direct_dependencies(&repo_file("Cargo.toml"))
        .into_iter()
        .map(|(name, requirement)| {
            let versions: Vec<&String> = locked
                .iter()
                .filter(|(n, v)| *n == name && compatible(v, &requirement))
                .map(|(_, v)| v)
                .collect();
            assert_eq!(
                versions.len(),
                1,
                "{name} {requirement}: locked {versions:?}"
            );
            (name, versions[0].clone())
        })
        .collect();
    assert_eq!(modeled, expected);
}
