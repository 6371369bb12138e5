//! Each threat as the export context shows it ([`ThreatView`]).

use super::context::{DecisionRef, ReferenceView, ThreatView, category_name};
use super::index::Index;
use crate::model::hasher::Map;
use crate::model::{Decision, Id, Session};

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
