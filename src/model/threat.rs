//! Threats: what can go wrong, written as a title plus the optional threat-grammar parts,
//! rated by likelihood and impact.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::id::Id;
use super::reference::Reference;
use super::stride::Category;

/// The lowest and highest value of a likelihood or impact rating.
pub const RATING_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// One threat against one element under one STRIDE category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threat {
    /// Stable ID, `T<n>`.
    pub id: Id,
    /// The element it threatens.
    pub element: Id,
    /// The STRIDE category it was found under.
    pub category: Category,
    /// A short title; enough on its own.
    pub title: String,
    /// The optional threat-grammar parts that make a full statement.
    #[serde(default, skip_serializing_if = "Grammar::is_empty")]
    pub grammar: Grammar,
    /// Likelihood 1–5; `None` is "unrated", a first-class answer during a session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<u8>,
    /// Impact 1–5; `None` is "unrated".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    /// Likelihood 1–5 once the decisions' controls are in place; `None` when not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_likelihood: Option<u8>,
    /// Impact 1–5 once the decisions' controls are in place; `None` when not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_impact: Option<u8>,
    /// The weaknesses and attack patterns it is an instance of: `CWE-79`, `CAPEC-63`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The threat-grammar parts (after AWS threat-composer): each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grammar {
    /// Who or what acts: "an external attacker".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What they need first: "with a stolen session cookie".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prerequisites: String,
    /// What they do: "replay a refund request".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action: String,
    /// The direct result: "a second payout".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    /// What suffers: "customer balances".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assets: String,
}

/// Whether the "needing" part already reads as a condition after the actor: it starts with
/// a preposition, a conjunction or a participle ("with", "on", "if", "having", ...).
fn starts_as_condition(text: &str) -> bool {
    const OPENERS: [&str; 24] = [
        "with", "without", "on", "in", "inside", "from", "through", "via", "by", "at", "behind",
        "after", "before", "during", "once", "when", "whenever", "if", "who", "that", "which",
        "having", "holding", "using",
    ];
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    OPENERS.contains(&first.as_str()) || first.ends_with("ing")
}

impl Grammar {
    /// Whether no part holds any text. Whitespace counts as text here: the file must keep
    /// exactly what the session holds, or the saved text would not read back the same.
    pub fn is_empty(&self) -> bool {
        [
            &self.source,
            &self.prerequisites,
            &self.action,
            &self.impact,
            &self.assets,
        ]
        .iter()
        .all(|part| part.is_empty())
    }

    /// The sentence the parts make, or `None` when there is no action to build it around:
    /// "A <source> <prerequisites> can <action>, which leads to <impact>, negatively
    /// impacting <assets>."
    pub fn statement(&self) -> Option<String> {
        let action = self.action.trim();
        if action.is_empty() {
            return None;
        }
        let source = self.source.trim();
        let lower = source.to_lowercase();
        let has_article = ["a ", "an ", "the ", "any ", "some ", "our ", "their "]
            .iter()
            .any(|a| lower.starts_with(a));
        let mut sentence = if source.is_empty() {
            "Someone".to_owned()
        } else if has_article {
            // Written with its own article: only the capital is added.
            let mut chars = source.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        } else {
            format!("{} {source}", indefinite_article(source, true))
        };
        let prerequisites = self.prerequisites.trim();
        if !prerequisites.is_empty() {
            // "needing" reads as a condition whatever is typed: "a stolen cookie" becomes
            // "with a stolen cookie"; "on the path ...", "if ...", "with ..." stay as they are.
            sentence.push(' ');
            if !starts_as_condition(prerequisites) {
                sentence.push_str("with ");
            }
            sentence.push_str(prerequisites);
        }
        sentence.push_str(" can ");
        sentence.push_str(action);
        let impact = self.impact.trim();
        if !impact.is_empty() {
            sentence.push_str(", which leads to ");
            sentence.push_str(impact);
        }
        let assets = self.assets.trim();
        if !assets.is_empty() {
            sentence.push_str(", negatively impacting ");
            sentence.push_str(assets);
        }
        sentence.push('.');
        Some(sentence)
    }
}

/// Likelihood × impact with its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Risk {
    /// The product, 1–25.
    pub score: u8,
    /// The named band the score falls in.
    pub band: RiskBand,
}

/// Named bands of the 5×5 score: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical (no product
/// of two numbers from 1 to 5 falls in 17–19, so the bands leave no gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RiskBand {
    /// 1–4.
    Low,
    /// 5–9.
    Medium,
    /// 10–16.
    High,
    /// 20–25.
    Critical,
}

impl RiskBand {
    /// The band a score falls in.
    pub fn of(score: u8) -> Self {
        match score {
            0..=4 => RiskBand::Low,
            5..=9 => RiskBand::Medium,
            10..=16 => RiskBand::High,
            _ => RiskBand::Critical,
        }
    }

    /// The band's name in words.
    pub fn name(self) -> &'static str {
        match self {
            RiskBand::Low => "low",
            RiskBand::Medium => "medium",
            RiskBand::High => "high",
            RiskBand::Critical => "critical",
        }
    }
}

impl fmt::Display for RiskBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// "A" or "An" (capitalized when `capital`) before `word`, by how it is spoken: by its
/// first letter, except the words that start with a vowel letter but a consonant sound
/// ("a user", "a one-time code", "a EU citizen") or the other way round ("an hour").
pub fn indefinite_article(word: &str, capital: bool) -> &'static str {
    let lower = word.trim_start().to_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| lower.starts_with(p));
    let vowel = if starts(&["hour", "honest", "honor", "honour", "heir"]) {
        true
    } else if starts(&[
        "uni", "use", "usi", "usu", "usa", "usb", "uti", "ura", "ure", "uro", "eu", "one", "once",
        "ewe",
    ]) {
        false
    } else {
        lower.starts_with(['a', 'e', 'i', 'o', 'u'])
    };
    match (vowel, capital) {
        (true, true) => "An",
        (true, false) => "an",
        (false, true) => "A",
        (false, false) => "a",
    }
}

impl Risk {
    /// Likelihood × impact, when both are rated.
    pub fn of(likelihood: Option<u8>, impact: Option<u8>) -> Option<Risk> {
        let score = likelihood?.checked_mul(impact?)?;
        Some(Risk {
            score,
            band: RiskBand::of(score),
        })
    }
}

impl Threat {
    /// The inherent risk: likelihood × impact before any decision, when both are rated.
    pub fn risk(&self) -> Option<Risk> {
        Risk::of(self.likelihood, self.impact)
    }

    /// The residual risk, once the decisions' controls are in place, when both are rated.
    pub fn residual_risk(&self) -> Option<Risk> {
        Risk::of(self.residual_likelihood, self.residual_impact)
    }

    /// The risk that ranks the threat: the residual one where it is assessed, else the
    /// inherent one.
    pub fn ranked_risk(&self) -> Option<Risk> {
        self.residual_risk().or_else(|| self.risk())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_article_follows_the_sound_not_the_letter() {
        use super::indefinite_article as a;
        for (word, article) in [
            ("attacker", "an"),
            ("user", "a"),
            ("unique visitor", "a"),
            ("one-time code", "a"),
            ("EU operator", "a"),
            ("hour-long job", "an"),
            ("insider", "an"),
            ("unauthenticated caller", "an"),
            ("malicious crate", "a"),
            ("", "a"),
        ] {
            assert_eq!(a(word, false), article, "{word}");
        }
        assert_eq!(a("user", true), "A");
    }

    #[test]
    fn needing_reads_as_a_condition_whatever_is_typed() {
        let g = |prerequisites: &str| {
            Grammar {
                source: "attacker on the network path".into(),
                prerequisites: prerequisites.into(),
                action: "replay a refund request".into(),
                ..Grammar::default()
            }
            .statement()
            .unwrap()
        };
        assert_eq!(
            g("a TLS-stripping proxy"),
            "An attacker on the network path with a TLS-stripping proxy can replay a refund request."
        );
        assert!(g("with a stolen cookie").contains("path with a stolen cookie can"));
        assert!(g("if the proxy logs headers").contains("path if the proxy logs headers can"));
        assert!(g("having phished an agent").contains("path having phished an agent can"));
    }

    use super::*;

    #[test]
    fn bands_cover_every_product_without_gaps() {
        for l in RATING_RANGE {
            for i in RATING_RANGE {
                let band = RiskBand::of(l * i);
                let expected = match l * i {
                    1..=4 => RiskBand::Low,
                    5..=9 => RiskBand::Medium,
                    10..=16 => RiskBand::High,
                    20..=25 => RiskBand::Critical,
                    other => panic!("impossible product {other}"),
                };
                assert_eq!(band, expected);
            }
        }
    }

    #[test]
    fn statement_reads_as_a_sentence() {
        let grammar = Grammar {
            source: "external attacker".into(),
            prerequisites: "with a stolen cookie".into(),
            action: "replay a refund request".into(),
            impact: "a second payout".into(),
            assets: "customer balances".into(),
        };
        assert_eq!(
            grammar.statement().as_deref(),
            Some(
                "An external attacker with a stolen cookie can replay a refund request, \
                 which leads to a second payout, negatively impacting customer balances."
            )
        );
        assert_eq!(Grammar::default().statement(), None);
        let with_article = Grammar {
            source: "an ops engineer".into(),
            action: "read logs".into(),
            ..Grammar::default()
        };
        assert_eq!(
            with_article.statement().as_deref(),
            Some("An ops engineer can read logs.")
        );
        let blank = Grammar {
            source: " ".into(),
            ..Grammar::default()
        };
        assert!(!blank.is_empty(), "a blank part is still written");
        assert_eq!(blank.statement(), None);
    }
}
