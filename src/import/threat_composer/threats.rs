//! threat-composer's threats as threats, all on one process named after the application:
//! the category from the STRIDE metadata, the grammar parts, the priority as a rating, and
//! the summary of what was mapped.

use std::collections::{BTreeMap, HashMap};

use super::mitigations::not_actioned;
use super::read::{Entity, Workspace};
use super::{item_notes, map};
use crate::import::json::At;
use crate::import::{Builder, ImportError, one_line};
use crate::model::{Category, Edit, ElementDraft, ElementKind, Grammar, Id, ThreatDraft};
use crate::text::count;

/// Where threat-composer's threats go: an existing process named after the application, or
/// a new one. `None` when there are no threats.
fn home(doc: &At<'_>, ws: &Workspace<'_>, b: &mut Builder<'_>) -> Result<Option<Id>, ImportError> {
    if ws.threats.is_empty() {
        return Ok(None);
    }
    let name = match one_line(ws.name) {
        name if name.is_empty() => "threat-composer application".to_owned(),
        name => name,
    };
    let n = count(ws.threats.len(), "threat");
    let existing = b.session().elements.iter().find(|e| {
        e.kind == ElementKind::Process && one_line(&e.name).to_lowercase() == name.to_lowercase()
    });
    let (id, how) = match existing {
        Some(e) => (e.id.clone(), "the process already in the session"),
        None => {
            let at = doc.get("applicationInfo").unwrap_or_else(|| doc.clone());
            let notes = format!(
                "Made by the threat-composer import: threat-composer threats name no element, so \
                 its {n} are here. Move each to the element it concerns."
            );
            let draft = ElementDraft {
                name: name.clone(),
                kind: ElementKind::Process,
                notes,
            };
            (
                b.element(&at, draft)?,
                "a process named after the application",
            )
        }
    };
    b.mapped(format!(
        "threat-composer threats name no element: all {n} are on {id} {name}, {how}"
    ));
    Ok(Some(id))
}

/// What the threats' mapping did, for the summary.
#[derive(Debug, Default)]
struct ThreatTally {
    several_categories: usize,
    no_category: usize,
    unknown_letters: usize,
    shortened: usize,
    unrated: usize,
    goals: usize,
    statuses: BTreeMap<String, usize>,
}

/// Adds the threats and returns the threatbench ID of each threat-composer ID.
pub(super) fn add<'a>(
    doc: &At<'_>,
    ws: &Workspace<'a>,
    b: &mut Builder<'_>,
) -> Result<HashMap<&'a str, Id>, ImportError> {
    let mut ids = HashMap::new();
    let Some(element) = home(doc, ws, b)? else {
        return Ok(ids);
    };
    let mut tally = ThreatTally::default();
    let not_actioned = not_actioned(ws);
    let mut assets: Vec<String> = b
        .session()
        .assets
        .iter()
        .map(|a| a.to_lowercase())
        .collect();
    for threat in &ws.threats {
        let e = &threat.entity;
        let (category, mut notes) = category(e, &mut tally);
        let grammar = Grammar {
            source: threat.source.to_owned(),
            prerequisites: threat.prerequisites.to_owned(),
            action: map::action(threat.action).to_owned(),
            impact: map::impact(threat.impact, &threat.goals),
            assets: map::and_list(&threat.assets),
        };
        let statement = match one_line(threat.statement) {
            s if s.is_empty() => grammar.statement().unwrap_or_default(),
            s => s,
        };
        let title = match map::title(&statement, &grammar) {
            t if t.is_empty() => format!("threat-composer threat {}", e.label()),
            t => t,
        };
        if !statement.is_empty() && title != statement.trim_end_matches('.') {
            tally.shortened += 1;
            notes.insert(1, format!("Statement: {statement}"));
        }
        if !threat.goals.is_empty() {
            tally.goals += 1;
        }
        let rating = e.meta.priority.and_then(map::rating);
        match (e.meta.priority, rating) {
            (_, Some(_)) => {}
            (Some(other), None) => {
                tally.unrated += 1;
                notes.push(format!(
                    "Priority: {other} (not High, Medium or Low: unrated)"
                ));
            }
            (None, None) => tally.unrated += 1,
        }
        if let Some(status) = threat.status {
            let words = map::threat_status(status).to_owned();
            notes[0].push_str(&format!(" · status: {words}"));
            *tally.statuses.entry(words).or_default() += 1;
        }
        notes.extend(item_notes(e));
        notes.extend(not_actioned.get(e.id).into_iter().flatten().cloned());
        let draft = ThreatDraft {
            title,
            grammar,
            likelihood: rating,
            impact: rating,
            notes: notes.join("\n"),
            ..ThreatDraft::default()
        };
        let id = b.threat(&e.at, &element, category, draft)?;
        ids.insert(e.id, id);
        for asset in &threat.assets {
            let asset = one_line(asset);
            if !asset.is_empty() && !assets.contains(&asset.to_lowercase()) {
                assets.push(asset.to_lowercase());
                b.apply(&e.at, Edit::AddAsset(asset))?;
                *b.summary.added.entry("asset").or_default() += 1;
            }
        }
    }
    report_threats(&tally, ws.threats.len(), b);
    Ok(ids)
}

/// A threat's category from its STRIDE metadata, and the first lines of its notes: where
/// it came from and what of the metadata the category does not say.
fn category(e: &Entity<'_>, tally: &mut ThreatTally) -> (Category, Vec<String>) {
    let mut notes = vec![
        format!("threat-composer {}", e.label())
            .trim_end()
            .to_owned(),
    ];
    let (categories, unknown) = map::categories(&e.meta.stride);
    if !unknown.is_empty() {
        tally.unknown_letters += 1;
        notes.push(format!("STRIDE values not read: {}", unknown.join(", ")));
    }
    let category = match categories.split_first() {
        Some((first, rest)) => {
            if !rest.is_empty() {
                tally.several_categories += 1;
                let names: Vec<&str> = rest.iter().map(|c| c.name()).collect();
                notes.push(format!("Also STRIDE: {}", map::and_list(&names)));
            }
            *first
        }
        None => {
            tally.no_category += 1;
            notes.push(format!(
                "No STRIDE category in threat-composer: filed under {} until one is chosen",
                map::DEFAULT_CATEGORY
            ));
            map::DEFAULT_CATEGORY
        }
    };
    (category, notes)
}

/// The summary lines of the threats' mapping, one per kind of mapping.
fn report_threats(tally: &ThreatTally, total: usize, b: &mut Builder<'_>) {
    b.mapped("STRIDE metadata → category; Priority High / Medium / Low → likelihood × impact 4×4 / 3×3 / 2×2");
    if tally.several_categories > 0 {
        b.mapped(format!(
            "{} with several STRIDE categories: under the first, the others in the threat's notes \
             (one threat each would split its mitigations and count it twice)",
            count(tally.several_categories, "threat")
        ));
    }
    if tally.no_category > 0 {
        b.mapped(format!(
            "{} without STRIDE metadata: under {} (the default), marked in the notes — choose \
             the category",
            count(tally.no_category, "threat"),
            map::DEFAULT_CATEGORY
        ));
    }
    if tally.unknown_letters > 0 {
        b.not_mapped(format!(
            "{} with STRIDE values that name no category: kept in their notes",
            count(tally.unknown_letters, "threat")
        ));
    }
    if tally.shortened > 0 {
        b.mapped(format!(
            "{} longer than {} characters → a shorter title, the full statement in the notes",
            count(tally.shortened, "statement"),
            map::TITLE_MAX
        ));
    }
    if tally.goals > 0 {
        b.mapped("impacted goals → the impact part (\"…, resulting in reduced confidentiality\")");
    }
    if tally.unrated > 0 {
        b.not_mapped(format!(
            "{} of {total} without a High, Medium or Low priority: unrated",
            count(tally.unrated, "threat")
        ));
    }
    if !tally.statuses.is_empty() {
        let statuses: Vec<String> = tally
            .statuses
            .iter()
            .map(|(status, n)| format!("{n} {status}"))
            .collect();
        b.mapped(format!(
            "threat status → the threat's notes ({})",
            statuses.join("; ")
        ));
    }
}
