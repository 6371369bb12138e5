//! threat-composer's assumptions as assumptions, with what they are linked to in their
//! text and their comments in the session notes.

use std::collections::{HashMap, HashSet};

use super::item_notes;
use super::read::Workspace;
use crate::import::{Builder, ImportError, one_line};
use crate::model::{Applied, Edit, Id, Target};
use crate::text::count;

/// Adds the assumptions, each with what it is linked to in its text, and their comments to
/// the session notes.
pub(super) fn add(
    ws: &Workspace<'_>,
    threats: &HashMap<&str, Id>,
    decisions: &HashMap<&str, Id>,
    b: &mut Builder<'_>,
) -> Result<(), ImportError> {
    let numbers: HashMap<&str, String> = ws
        .mitigations
        .iter()
        .map(|m| {
            (
                m.entity.id,
                format!("threat-composer mitigation {}", m.entity.label()),
            )
        })
        .collect();
    let mut dangling = 0;
    let mut comments = Vec::new();
    for a in &ws.assumptions {
        let mut linked: Vec<String> = Vec::new();
        for (_, to) in ws
            .assumption_links
            .iter()
            .filter(|(id, _)| *id == a.entity.id)
        {
            let name = threats
                .get(to)
                .or_else(|| decisions.get(to))
                .map(ToString::to_string)
                .or_else(|| numbers.get(to).cloned());
            match name {
                Some(name) if !linked.contains(&name) => linked.push(name),
                Some(_) => {}
                None => dangling += 1,
            }
        }
        let mut text = one_line(a.content);
        let mut origin = format!("threat-composer assumption {}", a.entity.label())
            .trim_end()
            .to_owned();
        if !linked.is_empty() {
            origin.push_str(&format!("; linked to {}", linked.join(", ")));
        }
        text.push_str(&format!(" ({origin})"));
        let applied = b.apply(&a.entity.at, Edit::AddAssumption(text))?;
        *b.summary.added.entry("assumption").or_default() += 1;
        let notes = item_notes(&a.entity);
        if let (
            Applied {
                target: Some(Target::Assumption(id)),
                ..
            },
            false,
        ) = (applied, notes.is_empty())
        {
            comments.push(format!("- {id}: {}", one_line(&notes.join("; "))));
        }
    }
    if !ws.assumptions.is_empty() {
        b.mapped("assumptions → assumptions, their links to threats and mitigations in their text");
    }
    if !comments.is_empty() {
        comments.insert(
            0,
            "Comments on assumptions from threat-composer:".to_owned(),
        );
        b.note(&ws.assumptions[0].entity.at, &comments.join("\n"))?;
    }
    let known: HashSet<&str> = ws.assumptions.iter().map(|a| a.entity.id).collect();
    dangling += ws
        .assumption_links
        .iter()
        .filter(|(a, _)| !known.contains(a))
        .count();
    if dangling > 0 {
        b.not_mapped(format!(
            "{} naming an item not in the file: left out",
            count(dangling, "assumption link")
        ));
    }
    Ok(())
}
