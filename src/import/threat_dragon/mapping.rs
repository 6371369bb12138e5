//! How Threat Dragon's words for a threat read in threatbench: its type (of any of Threat
//! Dragon's methodologies) as the nearest STRIDE category, severity as a rating, status,
//! and a mitigation text as controls.

use crate::import::common::{band, band_rating};
use crate::import::one_line;
use crate::model::Category;

/// A threat type read as STRIDE: the category, and for another methodology its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Typed {
    /// The nearest STRIDE category.
    pub category: Category,
    /// The methodology the type belongs to, when it is not STRIDE.
    pub methodology: Option<&'static str>,
}

/// The STRIDE category nearest to a Threat Dragon threat type, of any of its methodologies;
/// `None` for a type it does not know. Spelling, case and punctuation do not matter
/// ("Information disclosure", "InformationDisclosure").
pub(super) fn typed(type_name: &str) -> Option<Typed> {
    use Category::*;
    let key: String = type_name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let (category, methodology) = match key.as_str() {
        "spoofing" => (Spoofing, None),
        "tampering" => (Tampering, None),
        "repudiation" => (Repudiation, None),
        "informationdisclosure" => (InformationDisclosure, None),
        "denialofservice" => (DenialOfService, None),
        "elevationofprivilege" => (ElevationOfPrivilege, None),
        // LINDDUN: privacy threats, most of them about data reaching whom it should not.
        "linkability" | "identifiability" | "detectability" | "disclosureofinformation" => {
            (InformationDisclosure, Some("LINDDUN"))
        }
        // Being unable to deny an action is the other face of repudiation.
        "nonrepudiation" => (Repudiation, Some("LINDDUN")),
        "unawareness" => (InformationDisclosure, Some("LINDDUN or PLOT4ai")),
        "noncompliance" => (Repudiation, Some("LINDDUN or PLOT4ai")),
        "confidentiality" => (InformationDisclosure, Some("CIA")),
        "integrity" => (Tampering, Some("CIA")),
        "availability" => (DenialOfService, Some("CIA")),
        // DIE answers CIA: distributed for availability, immutable for integrity,
        // ephemeral for confidentiality.
        "distributed" => (DenialOfService, Some("DIE")),
        "immutable" => (Tampering, Some("DIE")),
        "ephemeral" => (InformationDisclosure, Some("DIE")),
        "techniqueprocesses" | "security" | "safety" => (Tampering, Some("PLOT4ai")),
        "accessibility" => (DenialOfService, Some("PLOT4ai")),
        "identifiabilitylinkability" => (InformationDisclosure, Some("PLOT4ai")),
        "ethicshumanrights" => (Repudiation, Some("PLOT4ai")),
        _ => return None,
    };
    Some(Typed {
        category,
        methodology,
    })
}

/// The category an unknown or missing type is filed under (before
/// [`nearest`](crate::import::common::nearest)).
pub(super) const UNKNOWN_TYPE: Category = Category::Tampering;

/// What a severity says about the rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Severity {
    /// Likelihood and impact both this value.
    Rated(u8),
    /// TBD or none: unrated.
    Unrated,
    /// A word it does not know: unrated, and the word kept in the notes.
    Unknown,
}

/// Threat Dragon's severity as likelihood = impact, in the band of its name
/// ([`band_rating`]): Low 2, Medium 3, High 4, Critical 5.
pub(super) fn severity(text: &str) -> Severity {
    match text.trim().to_lowercase().as_str() {
        "" | "tbd" => Severity::Unrated,
        word => band(word).map_or(Severity::Unknown, |b| Severity::Rated(band_rating(b))),
    }
}

/// A threat's status in Threat Dragon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Status {
    /// Open, or none given.
    Open,
    /// Mitigated.
    Mitigated,
    /// N/A: version 2 writes `NotApplicable`, version 1 `Not Applicable`.
    NotApplicable,
    /// A word it does not know.
    Other(String),
}

/// Reads a status, whatever its spelling.
pub(super) fn status(text: &str) -> Status {
    let key: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "" | "open" => Status::Open,
        "mitigated" => Status::Mitigated,
        "notapplicable" | "na" => Status::NotApplicable,
        _ => Status::Other(text.trim().to_owned()),
    }
}

/// The controls a mitigation text names: one per paragraph (blank lines apart) or list item
/// ("- ", "* ", "• ", "1. "), each on one line.
pub(super) fn controls(mitigation: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let control = one_line(current);
        if !control.is_empty() {
            out.push(control);
        }
        current.clear();
    };
    for line in mitigation.lines() {
        let trimmed = line.trim();
        match item(trimmed) {
            _ if trimmed.is_empty() => flush(&mut current),
            Some(rest) => {
                flush(&mut current);
                current.push_str(rest);
            }
            None => {
                current.push(' ');
                current.push_str(trimmed);
            }
        }
    }
    flush(&mut current);
    out
}

/// The text of a list item without its marker, when `line` is one.
fn item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest);
        }
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    (digits > 0 && digits < 3)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
}

/// The longest decision summary, in characters; a longer control is cut there and kept
/// whole in the rationale.
const SUMMARY_CHARS: usize = 120;

/// A decision's summary and rationale from one control: short ones whole, long ones by
/// their first sentence (or cut at a word) with the whole text in the rationale.
pub(super) fn summary_of(control: &str) -> (String, String) {
    if control.chars().count() <= SUMMARY_CHARS {
        return (control.to_owned(), String::new());
    }
    let sentence = control
        .find(". ")
        .map(|i| &control[..=i])
        .filter(|s| s.chars().count() <= SUMMARY_CHARS);
    let summary = sentence.map(str::to_owned).unwrap_or_else(|| {
        let mut cut = String::new();
        for word in control.split(' ') {
            if cut.chars().count() + word.chars().count() + 2 > SUMMARY_CHARS {
                break;
            }
            if !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(word);
        }
        if cut.is_empty() {
            cut = control.chars().take(SUMMARY_CHARS - 1).collect();
        }
        cut.push('…');
        cut
    });
    (summary, control.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    #[test]
    fn every_methodology_has_a_nearest_stride_category() {
        let c = |t| typed(t).map(|t| (t.category, t.methodology));
        assert_eq!(
            c("Information disclosure"),
            Some((InformationDisclosure, None))
        );
        assert_eq!(
            c("ElevationOfPrivilege"),
            Some((ElevationOfPrivilege, None))
        );
        assert_eq!(
            c("Linkability"),
            Some((InformationDisclosure, Some("LINDDUN")))
        );
        assert_eq!(c("Non-repudiation"), Some((Repudiation, Some("LINDDUN"))));
        assert_eq!(c("Integrity"), Some((Tampering, Some("CIA"))));
        assert_eq!(c("Availability"), Some((DenialOfService, Some("CIA"))));
        assert_eq!(c("Ephemeral"), Some((InformationDisclosure, Some("DIE"))));
        assert_eq!(
            c("Identifiability & Linkability"),
            Some((InformationDisclosure, Some("PLOT4ai")))
        );
        assert_eq!(
            c("Ethics & Human Rights"),
            Some((Repudiation, Some("PLOT4ai")))
        );
        assert_eq!(c("Something else"), None);
        assert_eq!(c(""), None);
    }

    #[test]
    fn severity_and_status_read_whatever_the_spelling() {
        assert_eq!(severity("High"), Severity::Rated(4));
        assert_eq!(severity(" critical"), Severity::Rated(5));
        assert_eq!(severity("Low"), Severity::Rated(2));
        assert_eq!(severity("Medium"), Severity::Rated(3));
        assert_eq!(severity("TBD"), Severity::Unrated);
        assert_eq!(severity(""), Severity::Unrated);
        assert_eq!(severity("Sev 1"), Severity::Unknown);
        assert_eq!(status("NotApplicable"), Status::NotApplicable);
        assert_eq!(status("Not Applicable"), Status::NotApplicable);
        assert_eq!(status("N/A"), Status::NotApplicable);
        assert_eq!(status("Mitigated"), Status::Mitigated);
        assert_eq!(status(""), Status::Open);
        assert_eq!(status("Wontfix"), Status::Other("Wontfix".into()));
    }

    #[test]
    fn a_mitigation_names_one_control_per_paragraph_or_item() {
        assert_eq!(
            controls("Encrypt the credentials.\n\nExpire and\nreplace them."),
            vec!["Encrypt the credentials.", "Expire and replace them."]
        );
        assert_eq!(
            controls("- TLS 1.3\n- HSTS\n* pinning\n2) mTLS\n"),
            vec!["TLS 1.3", "HSTS", "pinning", "mTLS"]
        );
        assert!(controls("  \n\n").is_empty());
        assert_eq!(controls("2024 was late"), vec!["2024 was late"]);
    }

    #[test]
    fn long_controls_are_summed_up_and_kept_whole() {
        assert_eq!(
            summary_of("Use TLS."),
            ("Use TLS.".to_owned(), String::new())
        );
        let long = format!("Use TLS everywhere. {}", "And then more words. ".repeat(10));
        let long = long.trim();
        assert_eq!(
            summary_of(long),
            ("Use TLS everywhere.".to_owned(), long.to_owned())
        );
        let words = "word ".repeat(60);
        let (summary, whole) = summary_of(words.trim());
        assert!(summary.ends_with('…') && summary.chars().count() <= SUMMARY_CHARS);
        assert_eq!(whole, words.trim());
        let (summary, _) = summary_of(&"x".repeat(500));
        assert_eq!(summary.chars().count(), SUMMARY_CHARS);
    }
}
