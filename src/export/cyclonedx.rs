//! The CycloneDX `externalReferences` entry that links a product's SBOM to its threat model:
//! type `threat-model`, the session file's path, its SHA-256 and a comment naming the model
//! and its revision (CycloneDX 1.5 and later). Pasted into the BOM's `externalReferences`,
//! it says which reviewed model goes with the release, and the hash proves which bytes.

use serde::Serialize;

/// One `externalReferences` item.
#[derive(Debug, Serialize)]
struct ExternalReference {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
    comment: String,
    hashes: Vec<Hash>,
}

#[derive(Debug, Serialize)]
struct Hash {
    alg: &'static str,
    content: String,
}

/// The entry for the session file at `path` (as the BOM should name it: relative to the
/// repository's root) whose bytes hash to `sha256`, pretty-printed, ending in a newline.
pub fn external_reference(path: &str, sha256: &str, title: &str, revision: u32) -> String {
    let entry = ExternalReference {
        kind: "threat-model",
        url: iri(path),
        comment: format!("Threat model: {title}, revision {revision} (threatbench session file)"),
        hashes: vec![Hash {
            alg: "SHA-256",
            content: sha256.to_owned(),
        }],
    };
    let mut json =
        serde_json::to_string_pretty(&entry).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}

/// A path as an IRI reference: the characters an IRI may not hold (spaces, quotes, `%`,
/// backslashes, control characters, …) percent-encoded; letters of any script kept.
fn iri(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        let plain = !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
        if plain && !c.is_control() {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_iri_references() {
        assert_eq!(iri("sessions/refund-api.ron"), "sessions/refund-api.ron");
        assert_eq!(
            iri("threat models/a%b\".ron"),
            "threat%20models/a%25b%22.ron"
        );
        assert_eq!(iri("sessions/zählung.ron"), "sessions/zählung.ron");
        assert_eq!(iri("a\u{85}b"), "a%C2%85b");
    }

    #[test]
    fn the_entry_names_the_model_and_its_bytes() {
        let json = external_reference("sessions/x y.ron", &"ab".repeat(32), "Refund API", 3);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["type"], "threat-model");
        assert_eq!(value["url"], "sessions/x%20y.ron");
        assert_eq!(value["hashes"][0]["alg"], "SHA-256");
        assert!(
            value["comment"]
                .as_str()
                .unwrap()
                .contains("Refund API, revision 3")
        );
    }
}
