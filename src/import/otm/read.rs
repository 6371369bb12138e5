//! An OTM file read into plain items, each with its JSON path: every shape error is found
//! here, before the session is touched, and names where it is.

use std::collections::HashMap;

use super::super::ImportError;
use super::super::json::At;

/// What a component or trust zone sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent<'a> {
    /// A trust zone, by ID.
    Zone(&'a str),
    /// A component, by ID.
    Component(&'a str),
}

/// A trust zone.
#[derive(Debug, Clone)]
pub struct Zone<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// Its ID.
    pub id: &'a str,
    /// Its name (the ID when blank).
    pub name: &'a str,
    /// Its type, if any.
    pub kind: Option<&'a str>,
    /// `risk.trustRating`, if any.
    pub trust: Option<f64>,
    /// What it is nested in.
    pub parent: Option<Parent<'a>>,
    /// Its description.
    pub description: &'a str,
}

/// A threat on a component or flow (OTM's threat instance).
#[derive(Debug, Clone)]
pub struct Instance<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// The ID of the threat in `threats`.
    pub threat: &'a str,
    /// Its state ("exposed", "mitigated", "accepted", ...), lower case.
    pub state: Option<String>,
    /// The mitigations linked to it here.
    pub links: Vec<Link<'a>>,
}

/// A mitigation linked to a threat instance.
#[derive(Debug, Clone)]
pub struct Link<'a> {
    /// The ID of the mitigation in `mitigations`.
    pub mitigation: &'a str,
    /// Its state ("implemented", "required", "rejected", ...), lower case.
    pub state: Option<String>,
}

/// A component or a data flow: what carries threats.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// Its ID.
    pub id: &'a str,
    /// Its name (the ID when blank).
    pub name: &'a str,
    /// Its description.
    pub description: &'a str,
    /// Its tags.
    pub tags: Vec<&'a str>,
    /// Its threat instances.
    pub threats: Vec<Instance<'a>>,
}

/// A component.
#[derive(Debug, Clone)]
pub struct Component<'a> {
    /// What every node has.
    pub node: Node<'a>,
    /// Its type.
    pub kind: &'a str,
    /// What it sits in.
    pub parent: Option<Parent<'a>>,
    /// IDs of assets it processes.
    pub processed: Vec<&'a str>,
    /// IDs of assets it stores.
    pub stored: Vec<&'a str>,
    /// Its representations (diagram shapes, code).
    pub representations: Vec<At<'a>>,
}

/// A data flow.
#[derive(Debug, Clone)]
pub struct Flow<'a> {
    /// What every node has.
    pub node: Node<'a>,
    /// The ID of the component or zone it starts at.
    pub source: &'a str,
    /// The ID of the component or zone it ends at.
    pub destination: &'a str,
    /// Whether data goes both ways.
    pub bidirectional: bool,
    /// IDs of the assets it carries.
    pub assets: Vec<&'a str>,
}

/// A threat of the file's `threats`.
#[derive(Debug, Clone)]
pub struct ThreatDef<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// Its name (the ID when blank).
    pub name: &'a str,
    /// Its description.
    pub description: &'a str,
    /// Its categories, as written.
    pub categories: Vec<&'a str>,
    /// Its CWEs, as written.
    pub cwes: Vec<&'a str>,
    /// `risk.likelihood`, 0–100.
    pub likelihood: Option<f64>,
    /// `risk.impact`, 0–100.
    pub impact: Option<f64>,
    /// `risk.likelihoodComment`.
    pub likelihood_comment: &'a str,
    /// `risk.impactComment`.
    pub impact_comment: &'a str,
    /// Its tags.
    pub tags: Vec<&'a str>,
}

/// A mitigation of the file's `mitigations`.
#[derive(Debug, Clone)]
pub struct MitigationDef<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// Its ID.
    pub id: &'a str,
    /// Its name (the ID when blank).
    pub name: &'a str,
    /// Its description.
    pub description: &'a str,
    /// `riskReduction`, 0–100.
    pub reduction: Option<f64>,
}

/// The whole file.
#[derive(Debug, Clone)]
pub struct File<'a> {
    /// `project`.
    pub project: At<'a>,
    /// `trustZones`.
    pub zones: Vec<Zone<'a>>,
    /// `components`.
    pub components: Vec<Component<'a>>,
    /// `dataflows`.
    pub flows: Vec<Flow<'a>>,
    /// `threats`, by ID, and their IDs in file order.
    pub threats: HashMap<&'a str, ThreatDef<'a>>,
    /// The threats' IDs in file order.
    pub threat_order: Vec<&'a str>,
    /// `mitigations`, in file order.
    pub mitigations: Vec<MitigationDef<'a>>,
    /// `assets`.
    pub assets: Vec<At<'a>>,
    /// `representations`.
    pub representations: Vec<At<'a>>,
}

impl<'a> File<'a> {
    /// Reads the parts of `doc` the import uses; the version was checked before.
    pub fn read(doc: &At<'a>) -> Result<Self, ImportError> {
        let project = doc.field("project")?;
        project.text_field("name")?;
        project.text_field("id")?;
        let mut ids = Ids::default();
        let zones = doc
            .list("trustZones")?
            .into_iter()
            .map(|at| {
                let id = ids.claim(&at, "trust zone or component")?;
                Ok(Zone {
                    name: name(&at, id)?,
                    kind: opt_text(&at, "type")?,
                    trust: match at.get("risk") {
                        Some(risk) => opt_number(&risk, "trustRating")?,
                        None => None,
                    },
                    parent: parent(&at)?,
                    description: opt_text(&at, "description")?.unwrap_or(""),
                    id,
                    at,
                })
            })
            .collect::<Result<Vec<_>, ImportError>>()?;
        let components = doc
            .list("components")?
            .into_iter()
            .map(|at| {
                let assets = at.get("assets");
                let (processed, stored) = match &assets {
                    Some(a) => (texts(a, "processed")?, texts(a, "stored")?),
                    None => (Vec::new(), Vec::new()),
                };
                Ok(Component {
                    node: node(at.clone(), &mut ids, "trust zone or component")?,
                    kind: at.text_field("type")?,
                    parent: parent(&at)?,
                    processed,
                    stored,
                    representations: at.list("representations")?,
                })
            })
            .collect::<Result<Vec<_>, ImportError>>()?;
        let flows = doc
            .list("dataflows")?
            .into_iter()
            .map(|at| {
                Ok(Flow {
                    source: at.text_field("source")?,
                    destination: at.text_field("destination")?,
                    bidirectional: match at.get("bidirectional") {
                        Some(b) => b
                            .value
                            .as_bool()
                            .ok_or_else(|| b.error("expected true or false"))?,
                        None => false,
                    },
                    assets: texts(&at, "assets")?,
                    node: node(at, &mut ids, "dataflow")?,
                })
            })
            .collect::<Result<Vec<_>, ImportError>>()?;
        let mut threats = HashMap::new();
        let mut threat_order = Vec::new();
        for at in doc.list("threats")? {
            let id = ids.claim(&at, "threat")?;
            let risk = at.get("risk");
            let risk_text = |key| match &risk {
                Some(r) => opt_text(r, key).map(Option::unwrap_or_default),
                None => Ok(""),
            };
            let risk_number = |key| match &risk {
                Some(r) => opt_number(r, key),
                None => Ok(None),
            };
            let def = ThreatDef {
                name: name(&at, id)?,
                description: opt_text(&at, "description")?.unwrap_or(""),
                categories: texts(&at, "categories")?,
                cwes: texts(&at, "cwes")?,
                likelihood: risk_number("likelihood")?,
                impact: risk_number("impact")?,
                likelihood_comment: risk_text("likelihoodComment")?,
                impact_comment: risk_text("impactComment")?,
                tags: texts(&at, "tags")?,
                at,
            };
            threat_order.push(id);
            threats.insert(id, def);
        }
        let mitigations = doc
            .list("mitigations")?
            .into_iter()
            .map(|at| {
                let id = ids.claim(&at, "mitigation")?;
                Ok(MitigationDef {
                    name: name(&at, id)?,
                    description: opt_text(&at, "description")?.unwrap_or(""),
                    reduction: opt_number(&at, "riskReduction")?,
                    id,
                    at,
                })
            })
            .collect::<Result<Vec<_>, ImportError>>()?;
        Ok(File {
            assets: doc.list("assets")?,
            representations: doc.list("representations")?,
            project,
            zones,
            components,
            flows,
            threats,
            threat_order,
            mitigations,
        })
    }
}

/// IDs seen so far, by namespace, with where each was first.
#[derive(Default)]
struct Ids<'a> {
    seen: HashMap<(&'static str, &'a str), String>,
}

impl<'a> Ids<'a> {
    /// The `id` of the item at `at`, which must not have been used in `space` before.
    fn claim(&mut self, at: &At<'a>, space: &'static str) -> Result<&'a str, ImportError> {
        let id = at.text_field("id")?;
        if let Some(first) = self.seen.get(&(space, id)) {
            return Err(at.field("id")?.error(format!(
                "the {space} ID \"{}\" is already used at {first}",
                crate::text::fit(&crate::text::one_line(id), 60)
            )));
        }
        self.seen.insert((space, id), at.path.clone());
        Ok(id)
    }
}

/// What every component and flow has.
fn node<'a>(at: At<'a>, ids: &mut Ids<'a>, space: &'static str) -> Result<Node<'a>, ImportError> {
    let id = ids.claim(&at, space)?;
    let threats = at
        .list("threats")?
        .into_iter()
        .map(|i| {
            let links = i
                .list("mitigations")?
                .into_iter()
                // OTM allows null links; they link nothing.
                .filter(|l| !l.value.is_null())
                .filter_map(|l| match opt_text(&l, "mitigation") {
                    Ok(Some(mitigation)) => Some(opt_text(&l, "state").map(|state| Link {
                        mitigation,
                        state: state.map(str::to_lowercase),
                    })),
                    Ok(None) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<Vec<_>, ImportError>>()?;
            Ok(Instance {
                threat: i.text_field("threat")?,
                state: opt_text(&i, "state")?.map(str::to_lowercase),
                links,
                at: i,
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    Ok(Node {
        name: name(&at, id)?,
        description: opt_text(&at, "description")?.unwrap_or(""),
        tags: texts(&at, "tags")?,
        threats,
        id,
        at,
    })
}

/// The item's name, which must be text; its ID when the name is blank.
fn name<'a>(at: &At<'a>, id: &'a str) -> Result<&'a str, ImportError> {
    let name = at.text_field("name")?;
    Ok(if name.trim().is_empty() { id } else { name })
}

/// `parent`: `{"trustZone": ID}` or `{"component": ID}`.
fn parent<'a>(at: &At<'a>) -> Result<Option<Parent<'a>>, ImportError> {
    let Some(parent) = at.get("parent") else {
        return Ok(None);
    };
    if let Some(zone) = opt_text(&parent, "trustZone")? {
        return Ok(Some(Parent::Zone(zone)));
    }
    if let Some(component) = opt_text(&parent, "component")? {
        return Ok(Some(Parent::Component(component)));
    }
    Err(parent.error("expected \"trustZone\" or \"component\""))
}

/// The member `key` as text, when it is there; an error when it is there and not text.
pub fn opt_text<'a>(at: &At<'a>, key: &str) -> Result<Option<&'a str>, ImportError> {
    at.get(key).map(|v| v.str()).transpose()
}

/// The member `key` as a number, when it is there; an error when it is not a number.
fn opt_number(at: &At<'_>, key: &str) -> Result<Option<f64>, ImportError> {
    match at.get(key) {
        None => Ok(None),
        Some(v) => v
            .value
            .as_f64()
            .map(Some)
            .ok_or_else(|| v.error("expected a number")),
    }
}

/// The texts of the list `key` (null items skipped, as OTM allows them).
fn texts<'a>(at: &At<'a>, key: &str) -> Result<Vec<&'a str>, ImportError> {
    at.list(key)?
        .into_iter()
        .filter(|item| !item.value.is_null())
        .map(|item| item.str())
        .collect()
}
