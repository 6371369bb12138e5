//! The essential cybersecurity requirements of the EU Cyber Resilience Act (Regulation (EU)
//! 2024/2847), Annex I Part I: point (1) and points (2)(a)–(m), in the lettering of the
//! final text. A decision may say which of them it serves; the report lists them.
//! Stored as written in the Annex: `I(1)`, `I(2)(d)`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One essential requirement of CRA Annex I Part I.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Requirement {
    /// (1) an appropriate level of cybersecurity based on the risks.
    Risks,
    /// (2)(a)–(m), by letter: `Point('a')` … `Point('m')`.
    Point(char),
}

/// Why a text is not a requirement of Annex I Part I.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "`{0}` is not a requirement of CRA Annex I Part I: write I(1), or I(2)(a) to I(2)(m) (2d is short for I(2)(d))"
)]
pub struct BadRequirement(pub String);

impl Requirement {
    /// Every requirement, in the Annex's order.
    pub const ALL: [Requirement; 14] = [
        Requirement::Risks,
        Requirement::Point('a'),
        Requirement::Point('b'),
        Requirement::Point('c'),
        Requirement::Point('d'),
        Requirement::Point('e'),
        Requirement::Point('f'),
        Requirement::Point('g'),
        Requirement::Point('h'),
        Requirement::Point('i'),
        Requirement::Point('j'),
        Requirement::Point('k'),
        Requirement::Point('l'),
        Requirement::Point('m'),
    ];

    /// What the requirement asks, in a few words (a paraphrase, not the legal text).
    pub fn summary(self) -> &'static str {
        match self {
            Requirement::Risks => "an appropriate level of cybersecurity based on the risks",
            Requirement::Point('a') => {
                "no known exploitable vulnerabilities when placed on the market"
            }
            Requirement::Point('b') => {
                "secure by default configuration, with a reset to the original state"
            }
            Requirement::Point('c') => "vulnerabilities can be fixed through security updates",
            Requirement::Point('d') => {
                "protection from unauthorised access, and reporting of possible unauthorised access"
            }
            Requirement::Point('e') => "confidentiality of stored, transmitted and processed data",
            Requirement::Point('f') => {
                "integrity of data, commands, programs and configuration, and reporting of corruption"
            }
            Requirement::Point('g') => {
                "data minimisation: only adequate, relevant and necessary data"
            }
            Requirement::Point('h') => {
                "availability of essential functions, also after an incident; resilience to denial of service"
            }
            Requirement::Point('i') => {
                "minimise the negative impact on the availability of other devices or networks"
            }
            Requirement::Point('j') => "limit attack surfaces, including external interfaces",
            Requirement::Point('k') => {
                "reduce the impact of incidents with exploitation mitigation mechanisms"
            }
            Requirement::Point('l') => {
                "security-relevant logging and monitoring of internal activity, with an opt-out"
            }
            Requirement::Point('m') => {
                "users can securely remove all data and settings, and transfer them securely"
            }
            Requirement::Point(_) => "not a point of Annex I Part I",
        }
    }

    /// Reads a list as the forms take it: requirements separated by commas or spaces.
    pub fn parse_list(text: &str) -> Result<Vec<Requirement>, BadRequirement> {
        let mut list: Vec<Requirement> = Vec::new();
        for word in text.split([',', ' ', ';']).filter(|w| !w.trim().is_empty()) {
            let requirement: Requirement = word.parse()?;
            if !list.contains(&requirement) {
                list.push(requirement);
            }
        }
        list.sort();
        Ok(list)
    }

    /// The list as the forms show it: "I(2)(d), I(2)(f)".
    pub fn join(list: &[Requirement]) -> String {
        list.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Risks => f.write_str("I(1)"),
            Requirement::Point(letter) => write!(f, "I(2)({letter})"),
        }
    }
}

impl FromStr for Requirement {
    type Err = BadRequirement;

    /// Takes `I(2)(d)` and the shorter `2d`, `2(d)`, `(2)(d)`, `1`, with or without a
    /// leading `CRA`, in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadRequirement(text.trim().to_owned());
        let lower = text.trim().to_ascii_lowercase();
        let rest = lower.strip_prefix("cra").unwrap_or(&lower);
        let rest = rest.trim_start_matches([' ', '-', ':']);
        let rest = rest.strip_prefix('i').unwrap_or(rest);
        let plain: String = rest.chars().filter(|c| !"()- ".contains(*c)).collect();
        match plain.as_str() {
            "1" => Ok(Requirement::Risks),
            _ => {
                let letter = plain.strip_prefix('2').ok_or_else(bad)?;
                let mut chars = letter.chars();
                match (chars.next(), chars.next()) {
                    (Some(c @ 'a'..='m'), None) => Ok(Requirement::Point(c)),
                    _ => Err(bad()),
                }
            }
        }
    }
}

impl TryFrom<String> for Requirement {
    type Error = BadRequirement;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Requirement> for String {
    fn from(requirement: Requirement) -> String {
        requirement.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_read_back_and_short_ones_are_taken() {
        for requirement in Requirement::ALL {
            assert_eq!(requirement.to_string().parse(), Ok(requirement));
            assert_ne!(requirement.summary(), "not a point of Annex I Part I");
        }
        for short in [
            "2d",
            "2(d)",
            "(2)(d)",
            "CRA I(2)(d)",
            "cra-i-2-d",
            "i(2)(D)",
        ] {
            assert_eq!(short.parse(), Ok(Requirement::Point('d')), "{short}");
        }
        assert_eq!("1".parse(), Ok(Requirement::Risks));
        for wrong in ["2n", "3", "", "2", "2dd", "II(2)(a)", "I(2)(z)"] {
            assert!(wrong.parse::<Requirement>().is_err(), "{wrong}");
        }
        assert_eq!(
            Requirement::parse_list("2f, I(2)(d) 2d"),
            Ok(vec![Requirement::Point('d'), Requirement::Point('f')])
        );
        assert_eq!(
            Requirement::join(&[Requirement::Risks, Requirement::Point('m')]),
            "I(1), I(2)(m)"
        );
    }

    #[test]
    fn a_letter_outside_the_annex_cannot_be_read_from_a_file() {
        let read: Result<Requirement, _> = ron::from_str("\"I(2)(n)\"");
        assert!(read.is_err());
        let read: Requirement = ron::from_str("\"I(2)(h)\"").unwrap();
        assert_eq!(read, Requirement::Point('h'));
    }
}
