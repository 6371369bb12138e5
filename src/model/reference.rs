//! References from a threat to the public catalogues of weaknesses and attack patterns:
//! MITRE's CWE (`CWE-79`) and CAPEC (`CAPEC-63`). Stored as their usual written form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The catalogue a reference points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Catalog {
    /// Common Weakness Enumeration.
    Cwe,
    /// Common Attack Pattern Enumeration and Classification.
    Capec,
}

impl Catalog {
    /// The prefix the catalogue's IDs are written with.
    pub fn prefix(self) -> &'static str {
        match self {
            Catalog::Cwe => "CWE",
            Catalog::Capec => "CAPEC",
        }
    }
}

/// One catalogue entry, e.g. `CWE-79`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference {
    /// Which catalogue.
    pub catalog: Catalog,
    /// The entry's number in it.
    pub number: u32,
}

/// Why a text is not a reference.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{0}` is not a CWE or CAPEC reference: write it like CWE-79 or CAPEC-63")]
pub struct BadReference(pub String);

impl Reference {
    /// The entry's page at MITRE: a fixed host, and a number, so safe to link anywhere.
    pub fn url(&self) -> String {
        match self.catalog {
            Catalog::Cwe => format!(
                "https://cwe.mitre.org/data/definitions/{}.html",
                self.number
            ),
            Catalog::Capec => {
                format!(
                    "https://capec.mitre.org/data/definitions/{}.html",
                    self.number
                )
            }
        }
    }

    /// Reads a list written as the forms take it: references separated by commas or spaces.
    pub fn parse_list(text: &str) -> Result<Vec<Reference>, BadReference> {
        let mut list: Vec<Reference> = Vec::new();
        for word in text.split([',', ' ', ';']).filter(|w| !w.trim().is_empty()) {
            let reference: Reference = word.parse()?;
            if !list.contains(&reference) {
                list.push(reference);
            }
        }
        Ok(list)
    }

    /// The list as the forms show it: "CWE-79, CAPEC-63".
    pub fn join(list: &[Reference]) -> String {
        list.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl FromStr for Reference {
    type Err = BadReference;

    /// `CWE-79`, `cwe-79`, `CWE 79` or `CAPEC-63`; the number has no sign and fits in 9
    /// digits.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadReference(crate::text::fit(&crate::text::one_line(text), 40));
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !c.is_ascii_alphabetic())
            .ok_or_else(bad)?;
        let (prefix, rest) = trimmed.split_at(split);
        let catalog = [Catalog::Cwe, Catalog::Capec]
            .into_iter()
            .find(|c| c.prefix().eq_ignore_ascii_case(prefix))
            .ok_or_else(bad)?;
        let digits = rest.strip_prefix(['-', ' ']).unwrap_or(rest);
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let number = digits.parse().map_err(|_| bad())?;
        Ok(Reference { catalog, number })
    }
}

impl TryFrom<String> for Reference {
    type Error = BadReference;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Reference> for String {
    fn from(reference: Reference) -> String {
        reference.to_string()
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.catalog.prefix(), self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_read_back_to_one_reference() {
        for text in ["CWE-79", "cwe-79", " CWE 79 ", "Cwe-79"] {
            let r: Reference = text.parse().unwrap();
            assert_eq!(r.to_string(), "CWE-79", "{text}");
        }
        assert_eq!("CAPEC-63".parse::<Reference>().unwrap().number, 63);
    }

    #[test]
    fn anything_else_is_refused_with_the_form_to_use() {
        for text in [
            "",
            "CWE",
            "CWE-",
            "CWE-7x",
            "CVE-2024-1",
            "CWE--1",
            "CWE-1234567890",
            "79",
        ] {
            let error = text.parse::<Reference>().unwrap_err();
            assert!(error.to_string().contains("CWE-79"), "{text}: {error}");
        }
    }

    #[test]
    fn links_go_to_mitre_only() {
        let r: Reference = "CAPEC-63".parse().unwrap();
        assert_eq!(r.url(), "https://capec.mitre.org/data/definitions/63.html");
    }

    #[test]
    fn a_list_is_read_from_commas_or_spaces_without_repeats() {
        let list = Reference::parse_list("CWE-79, capec-63 CWE-79").unwrap();
        assert_eq!(Reference::join(&list), "CWE-79, CAPEC-63");
        assert!(Reference::parse_list("CWE-79, XSS").is_err());
        assert_eq!(Reference::parse_list("  ").unwrap(), vec![]);
    }
}
