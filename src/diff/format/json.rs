//! The JSON format: every change with its old and new value, for scripts, with a schema
//! name that changes only when a field's meaning does. Text is cleaned as the JSON export
//! cleans it ([`normalize`]): no control, bidi or zero-width characters, at most 1,000
//! characters.

use serde::Serialize;

use super::super::{Cells, Change, Diff, Items};
use super::Sides;
use crate::export::escape::normalize;
use crate::model::{Coverage, Risk};

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    old: String,
    new: String,
    equal: bool,
    title: Option<Pair<String>>,
    ticket: Option<Pair<Option<String>>>,
    revision: Option<Pair<u32>>,
    elements: ItemsDoc,
    threats: ItemsDoc,
    decisions: ItemsDoc,
    assumptions: ItemsDoc,
    risks: Vec<RiskDoc>,
    kinds: Vec<KindDoc>,
    undecided: Vec<ItemDoc>,
    decided: Vec<ItemDoc>,
    coverage: Pair<CoverageDoc>,
    cells: CellsDoc,
    other: &'a [&'static str],
}

#[derive(Serialize)]
struct Pair<T> {
    old: T,
    new: T,
}

#[derive(Serialize)]
struct ItemDoc {
    id: String,
    label: String,
}

#[derive(Serialize)]
struct ChangedDoc {
    id: String,
    label: String,
    fields: Vec<FieldDoc>,
}

#[derive(Serialize)]
struct FieldDoc {
    name: &'static str,
    old: Option<String>,
    new: Option<String>,
}

#[derive(Serialize)]
struct ItemsDoc {
    added: Vec<ItemDoc>,
    removed: Vec<ItemDoc>,
    changed: Vec<ChangedDoc>,
}

#[derive(Serialize)]
struct RiskValue {
    score: u8,
    band: &'static str,
}

#[derive(Serialize)]
struct RiskDoc {
    id: String,
    title: String,
    old: Option<RiskValue>,
    new: Option<RiskValue>,
}

#[derive(Serialize)]
struct KindDoc {
    id: String,
    summary: String,
    old: &'static str,
    new: &'static str,
}

#[derive(Serialize)]
struct CoverageDoc {
    considered: usize,
    live: usize,
    percent: u32,
}

#[derive(Serialize)]
struct CellDoc {
    element: String,
    name: String,
    category: &'static str,
}

#[derive(Serialize)]
struct CellsDoc {
    considered: Vec<CellDoc>,
    unconsidered: Vec<CellDoc>,
    not_live: Vec<CellDoc>,
}

fn pair<T, U>(c: &Change<T>, f: impl Fn(&T) -> U) -> Pair<U> {
    Pair {
        old: f(&c.old),
        new: f(&c.new),
    }
}

fn item(id: &crate::model::Id, label: &str) -> ItemDoc {
    ItemDoc {
        id: id.to_string(),
        label: normalize(label),
    }
}

fn items(x: &Items) -> ItemsDoc {
    ItemsDoc {
        added: x.added.iter().map(|i| item(&i.id, &i.label)).collect(),
        removed: x.removed.iter().map(|i| item(&i.id, &i.label)).collect(),
        changed: x
            .changed
            .iter()
            .map(|c| ChangedDoc {
                id: c.item.id.to_string(),
                label: normalize(&c.item.label),
                fields: c
                    .fields
                    .iter()
                    .map(|f| FieldDoc {
                        name: f.name,
                        old: f.old.as_deref().map(normalize),
                        new: f.new.as_deref().map(normalize),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn risk(r: &Option<Risk>) -> Option<RiskValue> {
    r.map(|r| RiskValue {
        score: r.score,
        band: r.band.name(),
    })
}

fn coverage(c: &Coverage) -> CoverageDoc {
    CoverageDoc {
        considered: c.considered,
        live: c.live,
        percent: c.percent(),
    }
}

fn cells(c: &Cells) -> CellsDoc {
    let list = |cells: &[super::super::CellRef]| {
        cells
            .iter()
            .map(|c| CellDoc {
                element: c.element.to_string(),
                name: normalize(&c.name),
                category: c.category.name(),
            })
            .collect()
    };
    CellsDoc {
        considered: list(&c.considered),
        unconsidered: list(&c.unconsidered),
        not_live: list(&c.not_live),
    }
}

/// The diff as pretty JSON, one document.
pub fn json(diff: &Diff, sides: Sides<'_>) -> String {
    let doc = Doc {
        schema: "threatbench-diff/1",
        old: normalize(sides.old),
        new: normalize(sides.new),
        equal: diff.is_empty(),
        title: diff.title.as_ref().map(|c| pair(c, |t| normalize(t))),
        ticket: diff
            .ticket
            .as_ref()
            .map(|c| pair(c, |t| t.as_deref().map(normalize))),
        revision: diff.revision.as_ref().map(|c| pair(c, |r| *r)),
        elements: items(&diff.elements),
        threats: items(&diff.threats),
        decisions: items(&diff.decisions),
        assumptions: items(&diff.assumptions),
        risks: diff
            .risks
            .iter()
            .map(|m| RiskDoc {
                id: m.id.to_string(),
                title: normalize(&m.title),
                old: risk(&m.risk.old),
                new: risk(&m.risk.new),
            })
            .collect(),
        kinds: diff
            .kinds
            .iter()
            .map(|m| KindDoc {
                id: m.id.to_string(),
                summary: normalize(&m.summary),
                old: m.kind.old.name(),
                new: m.kind.new.name(),
            })
            .collect(),
        undecided: diff
            .undecided
            .iter()
            .map(|t| item(&t.id, &t.title))
            .collect(),
        decided: diff.decided.iter().map(|t| item(&t.id, &t.title)).collect(),
        coverage: pair(&diff.coverage, coverage),
        cells: cells(&diff.cells),
        other: &diff.other,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
