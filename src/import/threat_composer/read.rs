//! Reading a threat-composer workspace into plain values before anything is added, so that
//! a file of the wrong tool, version or shape fails with its JSON path and changes nothing.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::super::ImportError;
use super::super::json::At;

/// The schema version this importer reads.
const SCHEMA: f64 = 1.0;

/// The members of a workspace this importer reads or knowingly leaves (`workspace`, the
/// exporting tool's own settings, is reported as not read).
const TOP: [&str; 9] = [
    "schema",
    "applicationInfo",
    "architecture",
    "dataflow",
    "threats",
    "mitigations",
    "assumptions",
    "mitigationLinks",
    "assumptionLinks",
];

/// The members every threat, mitigation and assumption has. `displayOrder` only orders
/// threat-composer's own lists.
const ENTITY: [&str; 5] = ["id", "numericId", "displayOrder", "metadata", "tags"];

/// A threat's own members; `customTemplate` and `displayedStatement` only say how
/// threat-composer renders the statement, which is kept as text.
const THREAT: [&str; 10] = [
    "threatSource",
    "prerequisites",
    "threatAction",
    "threatImpact",
    "impactedGoal",
    "impactedAssets",
    "statement",
    "status",
    "customTemplate",
    "displayedStatement",
];

/// A workspace as read: every item checked, nothing added yet.
#[derive(Debug)]
pub(super) struct Workspace<'a> {
    /// `applicationInfo.name`, when given.
    pub name: &'a str,
    /// The application, architecture and data-flow descriptions, each with its label and
    /// where it was read.
    pub descriptions: Vec<(&'static str, At<'a>, &'a str)>,
    /// Where a diagram image was given (architecture, data flow).
    pub images: Vec<&'static str>,
    /// The threats, ordered by their number.
    pub threats: Vec<ThreatItem<'a>>,
    /// The mitigations, ordered by their number.
    pub mitigations: Vec<ContentItem<'a>>,
    /// The assumptions, ordered by their number.
    pub assumptions: Vec<ContentItem<'a>>,
    /// Mitigation to threat, as `(mitigation id, threat id)`.
    pub mitigation_links: Vec<(&'a str, &'a str)>,
    /// Assumption to threat or mitigation, as `(assumption id, linked id)`.
    pub assumption_links: Vec<(&'a str, &'a str)>,
    /// Members read by nobody, with how often: `threats[].foo`.
    pub unread: BTreeMap<String, usize>,
}

/// What every threat-composer item has.
#[derive(Debug)]
pub(super) struct Entity<'a> {
    /// Where it was read.
    pub at: At<'a>,
    /// Its UUID, what links name.
    pub id: &'a str,
    /// The number threat-composer shows.
    pub number: Option<f64>,
    /// Its tags.
    pub tags: Vec<&'a str>,
    /// Its metadata.
    pub meta: Metadata<'a>,
}

impl Entity<'_> {
    /// "#22", or nothing without a number.
    pub fn label(&self) -> String {
        self.number.map(|n| format!("#{n}")).unwrap_or_default()
    }
}

/// An item's metadata, by what threatbench does with it.
#[derive(Debug, Default)]
pub(super) struct Metadata<'a> {
    /// The `STRIDE` values, as written.
    pub stride: Vec<&'a str>,
    /// The `Priority` value.
    pub priority: Option<&'a str>,
    /// The `Comments`.
    pub comments: Vec<&'a str>,
    /// Any other key, as "Key: value".
    pub other: Vec<String>,
}

/// A threat.
#[derive(Debug)]
pub(super) struct ThreatItem<'a> {
    /// What it shares with the other items.
    pub entity: Entity<'a>,
    /// `threatSource`.
    pub source: &'a str,
    /// `prerequisites`.
    pub prerequisites: &'a str,
    /// `threatAction`.
    pub action: &'a str,
    /// `threatImpact`.
    pub impact: &'a str,
    /// `impactedGoal`.
    pub goals: Vec<&'a str>,
    /// `impactedAssets`.
    pub assets: Vec<&'a str>,
    /// `statement`, the sentence threat-composer renders.
    pub statement: &'a str,
    /// `status`, when given.
    pub status: Option<&'a str>,
}

/// A mitigation or an assumption: an entity with a text.
#[derive(Debug)]
pub(super) struct ContentItem<'a> {
    /// What it shares with the other items.
    pub entity: Entity<'a>,
    /// `content`.
    pub content: &'a str,
    /// `status` (mitigations), when given.
    pub status: Option<&'a str>,
}

/// Reads the whole workspace, refusing another tool's file, another schema and wrong shapes.
pub(super) fn workspace<'a>(doc: &At<'a>) -> Result<Workspace<'a>, ImportError> {
    check_schema(doc)?;
    let mut unread = BTreeMap::new();
    tally_unread(doc, &TOP, "", &mut unread);
    let app = doc.get("applicationInfo");
    let name = match &app {
        Some(app) => optional_text(app, "name")?,
        None => "",
    };
    let mut descriptions = Vec::new();
    let mut images = Vec::new();
    for (key, label, image) in [
        ("applicationInfo", "Application", None),
        (
            "architecture",
            "Architecture",
            Some("the architecture diagram"),
        ),
        ("dataflow", "Data flow", Some("the data-flow diagram")),
    ] {
        let Some(part) = doc.get(key) else { continue };
        let description = optional_text(&part, "description")?;
        if !description.trim().is_empty() {
            descriptions.push((label, part.clone(), description));
        }
        if let Some(image) =
            image.filter(|_| !optional_text(&part, "image").unwrap_or("").is_empty())
        {
            images.push(image);
        }
    }
    let threats = by_number(
        doc.list("threats")?
            .into_iter()
            .map(|at| threat(at, &mut unread))
            .collect::<Result<_, _>>()?,
        |t: &ThreatItem<'_>| &t.entity,
    )?;
    let mitigations = by_number(
        doc.list("mitigations")?
            .into_iter()
            .map(|at| content_item(at, "mitigations", true, &mut unread))
            .collect::<Result<_, _>>()?,
        |m: &ContentItem<'_>| &m.entity,
    )?;
    let assumptions = by_number(
        doc.list("assumptions")?
            .into_iter()
            .map(|at| content_item(at, "assumptions", false, &mut unread))
            .collect::<Result<_, _>>()?,
        |a: &ContentItem<'_>| &a.entity,
    )?;
    let mitigation_links = links(doc, "mitigationLinks", "mitigationId", &mut unread)?;
    let assumption_links = links(doc, "assumptionLinks", "assumptionId", &mut unread)?;
    Ok(Workspace {
        name,
        descriptions,
        images,
        threats,
        mitigations,
        assumptions,
        mitigation_links,
        assumption_links,
        unread,
    })
}

/// Refuses what is not a threat-composer workspace of schema 1, naming the tool the file
/// looks like when it is one threatbench also reads.
fn check_schema(doc: &At<'_>) -> Result<(), ImportError> {
    let not_ours = |why: String| {
        ImportError::WrongFormat(format!("this is not a threat-composer workspace: {why}"))
    };
    let Some(members) = doc.value.as_object() else {
        return Err(not_ours(
            "a workspace is a JSON object, this file holds something else".to_owned(),
        ));
    };
    let has = |key: &str| members.contains_key(key);
    let other = if has("detail") && has("summary") {
        Some(("an OWASP Threat Dragon model", "threat-dragon"))
    } else if has("bomFormat") {
        Some(("a CycloneDX SBOM", "sbom"))
    } else if has("otmVersion") {
        Some(("an Open Threat Model (OTM) file", "otm"))
    } else {
        None
    };
    if let Some((what, kind)) = other {
        return Err(not_ours(format!(
            "it looks like {what}; try `threatbench import {kind} FILE`"
        )));
    }
    let schema = doc.get("schema").ok_or_else(|| {
        not_ours(
            "it has no \"schema\" member (a workspace exported from threat-composer starts \
             with \"schema\": 1)"
                .to_owned(),
        )
    })?;
    let version = schema
        .value
        .as_f64()
        .ok_or_else(|| schema.error("expected the schema number, 1"))?;
    if version != SCHEMA {
        return Err(ImportError::WrongFormat(format!(
            "threat-composer schema {} is not one this threatbench reads (it reads schema 1)",
            schema.value
        )));
    }
    Ok(())
}

/// The member `key` as text: empty when absent, an error when it is not text.
fn optional_text<'a>(at: &At<'a>, key: &str) -> Result<&'a str, ImportError> {
    match at.get(key) {
        Some(value) => value.str(),
        None => Ok(""),
    }
}

/// The member `key` as a list of texts: empty when absent.
fn texts<'a>(at: &At<'a>, key: &str) -> Result<Vec<&'a str>, ImportError> {
    at.list(key)?.iter().map(At::str).collect()
}

/// What every item has: its ID, number, tags and metadata.
fn entity<'a>(at: At<'a>) -> Result<Entity<'a>, ImportError> {
    let id = at.text_field("id")?;
    let number = match at.get("numericId") {
        Some(n) => Some(
            n.value
                .as_f64()
                .ok_or_else(|| n.error("expected a number"))?,
        ),
        None => None,
    };
    let tags = texts(&at, "tags")?;
    let meta = metadata(&at)?;
    Ok(Entity {
        at,
        id,
        number,
        tags,
        meta,
    })
}

/// The `metadata` entries of an item: `{"key": "STRIDE", "value": ["I", "T"]}`.
fn metadata<'a>(item: &At<'a>) -> Result<Metadata<'a>, ImportError> {
    let mut meta = Metadata::default();
    for entry in item.list("metadata")? {
        let key = entry.text_field("key")?;
        let value = entry.field("value")?;
        let values: Vec<&str> = match value.value {
            Value::Array(_) => value
                .items()?
                .iter()
                .map(At::str)
                .collect::<Result<_, _>>()?,
            _ => vec![value.str()?],
        };
        match key {
            "STRIDE" => meta.stride.extend(values),
            "Priority" => meta.priority = values.first().copied().or(meta.priority),
            "Comments" => meta.comments.extend(values),
            _ => meta.other.push(format!("{key}: {}", values.join(", "))),
        }
    }
    Ok(meta)
}

/// A threat of `$.threats`.
fn threat<'a>(
    at: At<'a>,
    unread: &mut BTreeMap<String, usize>,
) -> Result<ThreatItem<'a>, ImportError> {
    let known: Vec<&str> = ENTITY.iter().chain(THREAT.iter()).copied().collect();
    tally_unread(&at, &known, "threats[].", unread);
    let status = at.get("status").map(|s| s.str()).transpose()?;
    Ok(ThreatItem {
        source: optional_text(&at, "threatSource")?,
        prerequisites: optional_text(&at, "prerequisites")?,
        action: optional_text(&at, "threatAction")?,
        impact: optional_text(&at, "threatImpact")?,
        goals: texts(&at, "impactedGoal")?,
        assets: texts(&at, "impactedAssets")?,
        statement: optional_text(&at, "statement")?,
        status,
        entity: entity(at)?,
    })
}

/// A mitigation (with a status) or an assumption of `$.<list>`.
fn content_item<'a>(
    at: At<'a>,
    list: &str,
    has_status: bool,
    unread: &mut BTreeMap<String, usize>,
) -> Result<ContentItem<'a>, ImportError> {
    let mut known: Vec<&str> = ENTITY.to_vec();
    known.push("content");
    if has_status {
        known.push("status");
    }
    tally_unread(&at, &known, &format!("{list}[]."), unread);
    let status = if has_status {
        at.get("status").map(|s| s.str()).transpose()?
    } else {
        None
    };
    Ok(ContentItem {
        content: at.text_field("content")?,
        status,
        entity: entity(at)?,
    })
}

/// The links of `$.<list>`: `(from, linkedId)` where `from` is the member `from_key`.
fn links<'a>(
    doc: &At<'a>,
    list: &str,
    from_key: &str,
    unread: &mut BTreeMap<String, usize>,
) -> Result<Vec<(&'a str, &'a str)>, ImportError> {
    doc.list(list)?
        .iter()
        .map(|link| {
            tally_unread(
                link,
                &[from_key, "linkedId", "type"],
                &format!("{list}[]."),
                unread,
            );
            Ok((link.text_field(from_key)?, link.text_field("linkedId")?))
        })
        .collect()
}

/// The items ordered by their number, as threat-composer lists them (items without one
/// last, in file order); an ID used twice is an error.
fn by_number<T>(
    mut items: Vec<T>,
    entity: impl Fn(&T) -> &Entity<'_>,
) -> Result<Vec<T>, ImportError> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for item in &items {
        let e = entity(item);
        if let Some(first) = seen.insert(e.id, &e.at.path) {
            return Err(e.at.error(format!(
                "the id \"{}\" is also the id of {first}",
                super::super::one_line(e.id)
            )));
        }
    }
    drop(seen);
    items.sort_by(|a, b| {
        let (a, b) = (entity(a).number, entity(b).number);
        match (a, b) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            (a, b) => a.is_none().cmp(&b.is_none()),
        }
    });
    Ok(items)
}

/// Counts the members of `at` that are not in `known`, as `<prefix><member>`.
fn tally_unread(at: &At<'_>, known: &[&str], prefix: &str, unread: &mut BTreeMap<String, usize>) {
    let Some(members) = at.value.as_object() else {
        return;
    };
    for key in members.keys().filter(|k| !known.contains(&k.as_str())) {
        *unread
            .entry(format!("{prefix}{}", super::super::one_line(key)))
            .or_default() += 1;
    }
}
