//! Each threat as the export context shows it ([`ThreatView`]), with the references and
//! decisions it points at.

use serde::Serialize;

use super::index::Index;
use crate::model::hasher::Map;
use crate::model::{Category, Decision, Id, Session};

/// The view of the threat at index `i` of the session, with the decisions answering it.
pub(super) fn view(
    s: &Session,
    index: &Index<'_>,
    answers: &Map<&Id, Vec<&Decision>>,
    i: usize,
) -> ThreatView {
    let t = &s.threats[i];
    let risk = t.risk();
    let residual = t.residual_risk();
    let decisions = answers.get(&t.id).map_or_else(Vec::new, |ds| {
        ds.iter()
            .map(|d| DecisionRef {
                id: d.id.as_str().to_owned(),
                kind: d.kind.name(),
            })
            .collect()
    });
    ThreatView {
        id: t.id.as_str().to_owned(),
        element: t.element.as_str().to_owned(),
        element_name: index.name(&t.element),
        category: category_name(t.category),
        letter: t.category.letter(),
        title: t.title.clone(),
        statement: t.grammar.statement(),
        likelihood: t.likelihood,
        impact: t.impact,
        risk_score: risk.map(|r| r.score),
        risk_band: risk.map(|r| r.band.name()),
        residual_likelihood: t.residual_likelihood,
        residual_impact: t.residual_impact,
        residual_score: residual.map(|r| r.score),
        residual_band: residual.map(|r| r.band.name()),
        references: t
            .references
            .iter()
            .map(|r| ReferenceView {
                id: r.to_string(),
                url: r.url(),
            })
            .collect(),
        decisions,
        notes: t.notes.clone(),
    }
}

/// A threat.
#[derive(Debug, Clone, Serialize)]
pub struct ThreatView {
    /// ID.
    pub id: String,
    /// Element ID.
    pub element: String,
    /// Element name.
    pub element_name: String,
    /// STRIDE category name.
    pub category: &'static str,
    /// STRIDE letter.
    pub letter: char,
    /// Title.
    pub title: String,
    /// The threat-grammar sentence, when the parts make one.
    pub statement: Option<String>,
    /// Likelihood 1–5.
    pub likelihood: Option<u8>,
    /// Impact 1–5.
    pub impact: Option<u8>,
    /// Likelihood × impact.
    pub risk_score: Option<u8>,
    /// Risk band: low, medium, high, critical.
    pub risk_band: Option<&'static str>,
    /// Residual likelihood 1–5, once the decisions' controls are in place.
    pub residual_likelihood: Option<u8>,
    /// Residual impact 1–5.
    pub residual_impact: Option<u8>,
    /// Residual likelihood × impact.
    pub residual_score: Option<u8>,
    /// Residual risk band.
    pub residual_band: Option<&'static str>,
    /// CWE and CAPEC references.
    pub references: Vec<ReferenceView>,
    /// The decisions answering it, in file order; empty when unresolved.
    pub decisions: Vec<DecisionRef>,
    /// Notes.
    pub notes: String,
}

/// A CWE or CAPEC reference with its page at MITRE.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    /// `CWE-79`.
    pub id: String,
    /// `https://cwe.mitre.org/data/definitions/79.html`.
    pub url: String,
}

/// A decision as a threat points at it.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRef {
    /// ID.
    pub id: String,
    /// mitigate, avoid, transfer or accept.
    pub kind: &'static str,
}

/// The name of a STRIDE category, as every view writes it.
pub(super) fn category_name(c: Category) -> &'static str {
    c.name()
}
