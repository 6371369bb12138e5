//! AWS threat-composer workspaces (`.tc.json`, schema 1): threats with their grammar parts
//! and STRIDE metadata, mitigations as mitigate decisions through `mitigationLinks`,
//! assumptions with their links, and the application, architecture and data-flow
//! descriptions as session notes. threat-composer threats name no element: they all go on
//! one process named after the application. docs/import.md describes the mapping.

mod map;
mod read;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::json::At;
use super::{Builder, ImportError, one_line};
use crate::model::{
    Applied, Category, DecisionDraft, DecisionKind, DecisionStatus, Edit, ElementDraft,
    ElementKind, Grammar, Id, Target, ThreatDraft,
};
use crate::text::count;
use map::Plan;
use read::{ContentItem, Entity, Workspace};

/// The title a session made from this file gets: the application's name.
pub(super) fn title(doc: &At<'_>) -> Option<String> {
    doc.get("applicationInfo")?.text("name").map(str::to_owned)
}

/// Imports the workspace into the session through `b`.
pub(super) fn import(doc: &At<'_>, b: &mut Builder<'_>) -> Result<(), ImportError> {
    let ws = read::workspace(doc)?;
    for (label, at, description) in &ws.descriptions {
        let heading = match *label {
            "Application" if !ws.name.trim().is_empty() => {
                format!("Application (threat-composer): {}", one_line(ws.name))
            }
            _ => format!("{label} (threat-composer):"),
        };
        b.note(at, &format!("{heading}\n{description}"))?;
    }
    if !ws.descriptions.is_empty() {
        b.mapped("application, architecture and data-flow descriptions → session notes");
    }
    if !ws.images.is_empty() {
        b.not_mapped(format!(
            "{}: threatbench holds no images; they stay in threat-composer",
            map::and_list(&ws.images)
        ));
    }
    let threats = add_threats(doc, &ws, b)?;
    let decisions = add_mitigations(&ws, &threats, b)?;
    add_assumptions(&ws, &threats, &decisions, b)?;
    if !ws.unread.is_empty() {
        let members: Vec<String> = ws
            .unread
            .iter()
            .map(|(member, n)| match n {
                1 => member.clone(),
                n => format!("{member} ({n}×)"),
            })
            .collect();
        b.not_mapped(format!(
            "members threatbench does not read, left out: {}",
            members.join(", ")
        ));
    }
    Ok(())
}

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
fn add_threats<'a>(
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

/// The lines an item's notes carry: tags, comments, other metadata.
fn item_notes(e: &Entity<'_>) -> Vec<String> {
    let mut lines: Vec<String> = tags(e).into_iter().collect();
    lines.extend(
        e.meta
            .comments
            .iter()
            .map(|c| format!("Comments: {}", c.trim())),
    );
    lines.extend(e.meta.other.iter().cloned());
    lines
}

/// "Tags: XSS, DoS", for an item with tags.
fn tags(e: &Entity<'_>) -> Option<String> {
    (!e.tags.is_empty()).then(|| format!("Tags: {}", e.tags.join(", ")))
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

/// For each threat, the lines its notes get about linked mitigations marked "resolved, will
/// not action": not a decision here (see [`Plan::WillNotAction`]), but not lost either.
fn not_actioned<'a>(ws: &Workspace<'a>) -> HashMap<&'a str, Vec<String>> {
    let mut lines: HashMap<&str, Vec<String>> = HashMap::new();
    for m in &ws.mitigations {
        if map::plan(m.status) != Plan::WillNotAction {
            continue;
        }
        for (_, threat) in ws
            .mitigation_links
            .iter()
            .filter(|(id, _)| *id == m.entity.id)
        {
            lines.entry(threat).or_default().push(format!(
                "threat-composer mitigation {} \"{}\" is resolved, will not action: living with \
                 the risk is an accept decision here, which needs an owner and a review date",
                m.entity.label(),
                one_line(m.content)
            ));
        }
    }
    lines
}

/// The threats each mitigation answers, in the session's order, without repeats; and how
/// many links named a threat not in the file.
fn answered<'a>(
    ws: &Workspace<'a>,
    threats: &HashMap<&str, Id>,
) -> (HashMap<&'a str, Vec<Id>>, usize) {
    let mut answers: HashMap<&str, Vec<Id>> = HashMap::new();
    let mut dangling = 0;
    for (mitigation, threat) in &ws.mitigation_links {
        match threats.get(threat) {
            Some(id) => {
                let list = answers.entry(mitigation).or_default();
                if !list.contains(id) {
                    list.push(id.clone());
                }
            }
            None => dangling += 1,
        }
    }
    (answers, dangling)
}

/// Adds one mitigate decision per mitigation linked to a threat and returns the
/// threatbench ID of each threat-composer mitigation that became one.
fn add_mitigations<'a>(
    ws: &Workspace<'a>,
    threats: &HashMap<&str, Id>,
    b: &mut Builder<'_>,
) -> Result<HashMap<&'a str, Id>, ImportError> {
    let (answers, dangling) = answered(ws, threats);
    let known: HashSet<&str> = ws.mitigations.iter().map(|m| m.entity.id).collect();
    let dangling = dangling
        + ws.mitigation_links
            .iter()
            .filter(|(m, _)| !known.contains(m))
            .count();
    let mut ids = HashMap::new();
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut will_not = 0;
    let mut unlinked = Vec::new();
    for m in &ws.mitigations {
        let plan = map::plan(m.status);
        let linked = answers.get(m.entity.id).filter(|t| !t.is_empty());
        match (plan, linked) {
            (Plan::WillNotAction, _) => will_not += 1,
            (_, None) => unlinked.push(m),
            (plan, Some(linked)) => {
                let (status, words) = match plan {
                    Plan::Decide(status) => (status, status.name()),
                    Plan::Unknown => (
                        DecisionStatus::Open,
                        "with another status → open, the status in the rationale",
                    ),
                    _ => (DecisionStatus::Open, "without a status → open"),
                };
                *statuses.entry(words).or_default() += 1;
                let id = b.decision(&m.entity.at, decision(m, linked.clone(), status))?;
                ids.insert(m.entity.id, id);
            }
        }
    }
    if !ids.is_empty() {
        let statuses: Vec<String> = statuses
            .iter()
            .map(|(words, n)| format!("{n} {words}"))
            .collect();
        b.mapped(format!(
            "mitigations → one mitigate decision each, answering every threat its links name; \
             status identified → open, in progress → in progress, resolved → done ({})",
            statuses.join("; ")
        ));
        let mut per_threat: HashMap<&Id, usize> = HashMap::new();
        for threat in answers.values().flatten() {
            *per_threat.entry(threat).or_default() += 1;
        }
        let several = per_threat.values().filter(|n| **n > 1).count();
        if several > 0 {
            let most = per_threat.values().max().copied().unwrap_or(0);
            b.mapped(format!(
                "{} answered by several decisions (up to {most})",
                count(several, "threat")
            ));
        }
    }
    report_undecided(ws, threats, &ids, &answers, b);
    if will_not > 0 {
        b.not_mapped(format!(
            "{} resolved, will not action: no decision (accepting a risk needs an owner and a \
             review date the file does not give); noted on their threats",
            count(will_not, "mitigation")
        ));
    }
    if !unlinked.is_empty() {
        keep_unlinked(&unlinked, b)?;
    }
    if dangling > 0 {
        b.not_mapped(format!(
            "{} naming a threat or mitigation not in the file: left out",
            count(dangling, "mitigation link")
        ));
    }
    Ok(ids)
}

/// Names the threats threat-composer calls resolved that no decision answers here: the
/// decisions phase and `check` will show them as undecided.
fn report_undecided(
    ws: &Workspace<'_>,
    threats: &HashMap<&str, Id>,
    decisions: &HashMap<&str, Id>,
    answers: &HashMap<&str, Vec<Id>>,
    b: &mut Builder<'_>,
) {
    let decided: HashSet<&Id> = decisions
        .keys()
        .filter_map(|m| answers.get(m))
        .flatten()
        .collect();
    let undecided = ws
        .threats
        .iter()
        .filter(|t| t.status.is_some_and(|s| s.starts_with("threatResolved")))
        .filter_map(|t| threats.get(t.entity.id))
        .filter(|id| !decided.contains(id))
        .count();
    if undecided > 0 {
        b.not_mapped(format!(
            "{} resolved in threat-composer without a mitigation to become a decision: \
             undecided here, the status in the notes",
            count(undecided, "threat")
        ));
    }
}

/// The decision a mitigation becomes: its content as the summary (cut when long, the whole
/// in the rationale); its comments, tags, number and status in the rationale, the comments
/// first (they are what says why).
fn decision(m: &ContentItem<'_>, threats: Vec<Id>, status: DecisionStatus) -> DecisionDraft {
    let e = &m.entity;
    let (summary, cut) = map::shorten(&one_line(m.content), map::SUMMARY_MAX);
    let mut lines = Vec::new();
    if cut {
        lines.push(m.content.trim().to_owned());
    }
    lines.extend(e.meta.comments.iter().map(|c| c.trim().to_owned()));
    lines.extend(tags(e));
    lines.extend(e.meta.other.iter().cloned());
    let mut origin = format!("threat-composer mitigation {}", e.label())
        .trim_end()
        .to_owned();
    if let Some(raw) = m.status {
        origin.push_str(&format!(" · status: {}", map::mitigation_status(raw)));
    }
    lines.push(origin);
    DecisionDraft {
        threats,
        summary,
        rationale: lines.join("\n"),
        status,
        ..DecisionDraft::new(DecisionKind::Mitigate)
    }
}

/// Mitigations linked to no threat: a decision answers at least one, so they go into the
/// session notes.
fn keep_unlinked(unlinked: &[&ContentItem<'_>], b: &mut Builder<'_>) -> Result<(), ImportError> {
    let mut paragraph = vec!["Mitigations in threat-composer linked to no threat:".to_owned()];
    for m in unlinked {
        let mut line =
            format!("- {} {}", m.entity.label(), one_line(m.content)).replacen("-  ", "- ", 1);
        if let Some(raw) = m.status {
            line.push_str(&format!(" (status: {})", map::mitigation_status(raw)));
        }
        for extra in item_notes(&m.entity) {
            line.push_str(&format!("; {}", one_line(&extra)));
        }
        paragraph.push(line);
    }
    b.note(&unlinked[0].entity.at, &paragraph.join("\n"))?;
    b.not_mapped(format!(
        "{} linked to no threat: no decision (a decision answers a threat); kept in the \
         session notes",
        count(unlinked.len(), "mitigation")
    ));
    Ok(())
}

/// Adds the assumptions, each with what it is linked to in its text, and their comments to
/// the session notes.
fn add_assumptions(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Kind, Options, import};
    use crate::model::Session;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn run(json: &str) -> Result<(Session, super::super::Summary), ImportError> {
        let doc: serde_json::Value = serde_json::from_str(json).unwrap();
        let created = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let agenda = crate::assets::preset("60").unwrap().agenda();
        let empty = Session::new("t", agenda, created);
        let today = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        import(
            Kind::ThreatComposer,
            &doc,
            &empty,
            today,
            Options::default(),
        )
    }

    #[test]
    fn other_tools_files_are_named() {
        let dragon = r#"{"version": "2.2.0", "summary": {"title": "x"}, "detail": {}}"#;
        let error = run(dragon).unwrap_err().to_string();
        assert!(
            error.starts_with("this is not a threat-composer workspace: it looks like an OWASP Threat Dragon model"),
            "{error}"
        );
        let error = run(r#"{"threats": []}"#).unwrap_err().to_string();
        assert!(error.contains("no \"schema\" member"), "{error}");
        let error = run("[1]").unwrap_err().to_string();
        assert!(
            error.starts_with("this is not a threat-composer workspace"),
            "{error}"
        );
        let error = run(r#"{"schema": 2}"#).unwrap_err().to_string();
        assert!(error.contains("schema 2"), "{error}");
        let error = run(r#"{"schema": "1"}"#).unwrap_err().to_string();
        assert_eq!(error, "at $.schema: expected the schema number, 1");
    }

    #[test]
    fn wrong_shapes_name_their_path() {
        let cases = [
            (
                r#"{"schema":1,"threats":{}}"#,
                "at $.threats: expected a list",
            ),
            (
                r#"{"schema":1,"threats":[{"numericId":1}]}"#,
                "at $.threats[0]: the member \"id\" is missing",
            ),
            (
                r#"{"schema":1,"threats":[{"id":"a","threatSource":3}]}"#,
                "at $.threats[0].threatSource: expected text",
            ),
            (
                r#"{"schema":1,"threats":[{"id":"a","metadata":[{"key":"STRIDE","value":[1]}]}]}"#,
                "at $.threats[0].metadata[0].value[0]: expected text",
            ),
            (
                r#"{"schema":1,"mitigations":[{"id":"m"}]}"#,
                "at $.mitigations[0]: the member \"content\" is missing",
            ),
            (
                r#"{"schema":1,"mitigationLinks":[{"mitigationId":"m"}]}"#,
                "at $.mitigationLinks[0]: the member \"linkedId\" is missing",
            ),
            (
                r#"{"schema":1,"threats":[{"id":"a"},{"id":"a"}]}"#,
                "at $.threats[1]: the id \"a\" is also the id of $.threats[0]",
            ),
        ];
        for (json, expected) in cases {
            let error = run(json).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{json}: {error}");
        }
    }

    #[test]
    fn a_small_workspace_maps_every_part() {
        let json = r#"{
          "schema": 1,
          "applicationInfo": {"name": "Shop\u001b[31m", "description": "Sells things."},
          "threats": [
            {"id": "t2", "numericId": 2, "threatSource": "external actor", "threatAction": "can steal cards",
             "impactedGoal": ["confidentiality"], "impactedAssets": ["card data"],
             "metadata": [{"key": "STRIDE", "value": ["I", "T"]}, {"key": "Priority", "value": "High"}],
             "status": "threatIdentified", "tags": ["PCI"]},
            {"id": "t1", "numericId": 1, "statement": "An insider can delete orders"}
          ],
          "mitigations": [
            {"id": "m1", "numericId": 1, "content": "Tokenise cards", "status": "mitigationInProgress",
             "metadata": [{"key": "Comments", "value": "see PAY-9"}]},
            {"id": "m2", "numericId": 2, "content": "Audit log", "status": "mitigationResolvedWillNotAction"},
            {"id": "m3", "numericId": 3, "content": "Nothing linked"}
          ],
          "mitigationLinks": [
            {"mitigationId": "m1", "linkedId": "t2"}, {"mitigationId": "m1", "linkedId": "t1"},
            {"mitigationId": "m1", "linkedId": "t1"}, {"mitigationId": "m2", "linkedId": "t1"},
            {"mitigationId": "m1", "linkedId": "gone"}
          ],
          "assumptions": [{"id": "a1", "numericId": 1, "content": "TLS everywhere"}],
          "assumptionLinks": [{"type": "Threat", "assumptionId": "a1", "linkedId": "t2"},
                              {"type": "Mitigation", "assumptionId": "a1", "linkedId": "m2"}],
          "workspace": {"name": "x"}
        }"#;
        let (s, summary) = run(json).unwrap();
        assert_eq!(s.elements.len(), 1);
        assert_eq!(s.elements[0].name, "Shop");
        assert_eq!(s.threats.len(), 2);
        let (t1, t2) = (&s.threats[0], &s.threats[1]);
        assert_eq!(
            t1.title, "An insider can delete orders",
            "ordered by number"
        );
        assert_eq!(t1.category, map::DEFAULT_CATEGORY);
        assert!(t1.notes.contains("No STRIDE category"), "{}", t1.notes);
        assert!(
            t1.notes
                .contains("\"Audit log\" is resolved, will not action")
        );
        assert_eq!(t2.category, Category::InformationDisclosure);
        assert_eq!((t2.likelihood, t2.impact), (Some(4), Some(4)));
        assert_eq!(t2.grammar.action, "steal cards");
        assert_eq!(t2.grammar.impact, "reduced confidentiality");
        assert!(
            t2.notes
                .starts_with("threat-composer #2 · status: identified")
        );
        assert!(t2.notes.contains("Also STRIDE: Tampering") && t2.notes.contains("Tags: PCI"));
        assert_eq!(s.assets, vec!["card data".to_owned()]);
        assert_eq!(
            s.decisions.len(),
            1,
            "one for m1; m2 will not action, m3 unlinked"
        );
        let d = &s.decisions[0];
        assert_eq!(d.threats, vec![t2.id.clone(), t1.id.clone()]);
        assert_eq!(d.status, DecisionStatus::InProgress);
        assert_eq!(
            d.rationale,
            "see PAY-9\nthreat-composer mitigation #1 · status: in progress"
        );
        assert_eq!(
            s.assumptions[0].text,
            "TLS everywhere (threat-composer assumption #1; linked to T2, threat-composer mitigation #2)"
        );
        assert!(
            s.notes
                .contains("Application (threat-composer): Shop\nSells things.")
        );
        assert!(s.notes.contains("- #3 Nothing linked"), "{}", s.notes);
        let text = summary.to_string();
        for line in [
            "1 mitigation resolved, will not action",
            "1 mitigation linked to no threat",
            "1 mitigation link naming a threat or mitigation not in the file",
            "members threatbench does not read, left out: workspace",
            "1 threat without STRIDE metadata: under Spoofing",
            "1 threat with several STRIDE categories",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
    }

    #[test]
    fn an_empty_workspace_adds_nothing() {
        let (s, summary) = run(r#"{"schema": 1}"#).unwrap();
        assert!(s.elements.is_empty() && s.threats.is_empty() && s.notes.is_empty());
        assert!(summary.added.is_empty());
    }
}
