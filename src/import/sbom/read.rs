//! Reading a CycloneDX document into plain parts: the product it describes, its components
//! and services (nested ones included, in document order), their data and the dependency
//! graph. Every value read is checked for its type, so that a malformed BOM fails with the
//! path of the value at fault; what is only worth a note is gathered as one-line facts.

use super::super::json::At;
use super::super::{ImportError, one_line};
use super::purl::Purl;

/// The oldest and newest CycloneDX minor versions read (1.2 to 1.6).
const MINORS: std::ops::RangeInclusive<u32> = 2..=6;

/// How long a description may be in an element's notes.
const DESCRIPTION_CHARS: usize = 200;

/// A component or service as the BOM describes it.
#[derive(Debug, Clone)]
pub(crate) struct Part<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// Its name as an element is named: `group/name` for a component with a group.
    pub name: String,
    /// Its group or namespace, when given.
    pub group: Option<String>,
    /// Its version.
    pub version: Option<String>,
    /// Who supplies it, "unknown" when the BOM does not say.
    pub supplier: String,
    /// Its package URL.
    pub purl: Option<String>,
    /// Its `bom-ref`, which the dependency graph and data flows name.
    pub bom_ref: Option<String>,
    /// Facts worth a line in the element's notes.
    pub facts: Vec<String>,
}

/// Which way data goes, seen from the service that lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Into the service.
    Inbound,
    /// Out of the service.
    Outbound,
    /// Both ways.
    Both,
    /// The BOM does not know.
    Unknown,
}

/// One entry of a service's `data`.
#[derive(Debug, Clone)]
pub(crate) struct Data<'a> {
    /// Where it is.
    pub at: At<'a>,
    /// Which way it goes.
    pub direction: Direction,
    /// What it is: its classification, with its name where one is given.
    pub label: String,
    /// Where it comes from (1.5+): bom-refs or URLs.
    pub source: Vec<String>,
    /// Where it goes (1.5+): bom-refs or URLs.
    pub destination: Vec<String>,
}

/// A service, with where it is nested and what data it exchanges.
#[derive(Debug, Clone)]
pub(crate) struct Service<'a> {
    /// The service as a part.
    pub part: Part<'a>,
    /// The `bom-ref` of the service it is nested in.
    pub parent: Option<String>,
    /// Its endpoints, for telling which service a URL names.
    pub endpoints: Vec<String>,
    /// Its data.
    pub data: Vec<Data<'a>>,
}

/// The product the BOM describes: `metadata.component`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Product {
    /// Its name.
    pub name: Option<String>,
    /// Its version.
    pub version: Option<String>,
    /// Its `bom-ref`: the root of the dependency graph.
    pub bom_ref: Option<String>,
    /// Its package URL.
    pub purl: Option<String>,
}

/// A whole BOM, read.
#[derive(Debug, Clone)]
pub(crate) struct Bom<'a> {
    /// `1.4`.
    pub spec: String,
    /// The product it describes.
    pub product: Product,
    /// Every component, nested ones after their parent.
    pub components: Vec<Part<'a>>,
    /// Every service, nested ones after their parent.
    pub services: Vec<Service<'a>>,
    /// The dependency graph: each `ref` with what it depends on; `None` without one.
    pub dependencies: Option<Vec<(String, Vec<String>)>>,
}

/// The member `key` as text, when it is there; an error when it is there as something else.
pub(crate) fn opt_text<'a>(at: &At<'a>, key: &str) -> Result<Option<&'a str>, ImportError> {
    at.get(key).map(|v| v.str()).transpose()
}

/// Checks that `doc` is a CycloneDX BOM of a version read here, and returns the version.
pub(crate) fn spec_version(doc: &At<'_>) -> Result<String, ImportError> {
    if !doc.value.is_object() {
        return Err(ImportError::WrongFormat(
            "not a CycloneDX BOM: the file is not a JSON object".into(),
        ));
    }
    match doc.get("bomFormat") {
        None => {
            return Err(ImportError::WrongFormat(
                "not a CycloneDX BOM: it has no \"bomFormat\": \"CycloneDX\" (is it another \
                 tool's file, or an SPDX SBOM?)"
                    .into(),
            ));
        }
        Some(format) if format.value.as_str() != Some("CycloneDX") => {
            return Err(ImportError::WrongFormat(format!(
                "not a CycloneDX BOM: bomFormat is {}",
                format.value
            )));
        }
        Some(_) => {}
    }
    let spec = doc.text_field("specVersion")?;
    let minor = spec
        .strip_prefix("1.")
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| MINORS.contains(m));
    match minor {
        Some(_) => Ok(spec.to_owned()),
        None => Err(ImportError::WrongFormat(format!(
            "CycloneDX {} is not read here: this reads JSON BOMs of versions 1.2 to 1.6",
            one_line(spec)
        ))),
    }
}

/// Reads the whole BOM.
pub(crate) fn bom<'a>(doc: &At<'a>) -> Result<Bom<'a>, ImportError> {
    let spec = spec_version(doc)?;
    let product = match doc.get("metadata").and_then(|m| m.get("component")) {
        Some(c) => Product {
            name: opt_text(&c, "name")?.map(one_line),
            version: opt_text(&c, "version")?.map(one_line),
            bom_ref: opt_text(&c, "bom-ref")?.map(str::to_owned),
            purl: opt_text(&c, "purl")?.map(str::to_owned),
        },
        None => Product::default(),
    };
    let mut components = Vec::new();
    for at in doc.list("components")? {
        component(at, &mut components)?;
    }
    let mut services = Vec::new();
    for at in doc.list("services")? {
        service(at, None, &mut services)?;
    }
    let dependencies = match doc.get("dependencies") {
        None => None,
        Some(list) => Some(
            list.items()?
                .iter()
                .map(dependency)
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(Bom {
        spec,
        product,
        components,
        services,
        dependencies,
    })
}

/// One entry of the dependency graph: its `ref` and what it depends on.
fn dependency(at: &At<'_>) -> Result<(String, Vec<String>), ImportError> {
    let reference = at.text_field("ref")?.to_owned();
    let on = at
        .list("dependsOn")?
        .iter()
        .map(|d| d.str().map(str::to_owned))
        .collect::<Result<_, _>>()?;
    Ok((reference, on))
}

/// Reads a component and, after it, the components nested in it.
fn component<'a>(at: At<'a>, out: &mut Vec<Part<'a>>) -> Result<(), ImportError> {
    let nested = at.list("components")?;
    let name = one_line(at.text_field("name")?);
    let group = opt_text(&at, "group")?
        .map(one_line)
        .filter(|g| !g.is_empty());
    let purl = opt_text(&at, "purl")?.map(str::trim).map(str::to_owned);
    let supplier = supplier(&at, group.as_deref(), purl.as_deref())?;
    let mut facts = common_facts(&at)?;
    if let Some(kind) = opt_text(&at, "type")?.filter(|k| *k != "library") {
        facts.push(format!("type: {}", one_line(kind)));
    }
    if let Some(scope) = opt_text(&at, "scope")?.filter(|s| *s != "required") {
        facts.push(format!("scope: {}", one_line(scope)));
    }
    let licenses = licenses(&at)?;
    if !licenses.is_empty() {
        facts.push(format!("licenses: {}", licenses.join(", ")));
    }
    let hashes = at.list("hashes")?.len();
    if hashes > 0 {
        facts.push(match hashes {
            1 => "1 hash".to_owned(),
            n => format!("{n} hashes"),
        });
    }
    let bom_ref = opt_text(&at, "bom-ref")?.map(str::to_owned);
    if let Some(r) = bom_ref.as_deref().filter(|r| Some(*r) != purl.as_deref()) {
        facts.push(format!("bom-ref: {}", one_line(r)));
    }
    let shown = match &group {
        Some(g) => format!("{g}/{name}"),
        None => name,
    };
    out.push(Part {
        name: shown,
        group,
        version: opt_text(&at, "version")?
            .map(one_line)
            .filter(|v| !v.is_empty()),
        supplier,
        purl,
        bom_ref,
        facts,
        at,
    });
    for at in nested {
        component(at, out)?;
    }
    Ok(())
}

/// Reads a service, its data and, after it, the services nested in it.
fn service<'a>(
    at: At<'a>,
    parent: Option<&str>,
    out: &mut Vec<Service<'a>>,
) -> Result<(), ImportError> {
    let nested = at.list("services")?;
    let name = one_line(at.text_field("name")?);
    let group = opt_text(&at, "group")?
        .map(one_line)
        .filter(|g| !g.is_empty());
    let provider = match at.get("provider") {
        Some(p) => opt_text(&p, "name")?.map(one_line),
        None => None,
    };
    let supplier = provider
        .filter(|p| !p.is_empty())
        .or_else(|| group.clone())
        .unwrap_or_else(|| "unknown".to_owned());
    let mut facts = common_facts(&at)?;
    let endpoints: Vec<String> = at
        .list("endpoints")?
        .iter()
        .map(|e| e.str().map(|s| s.trim().to_owned()))
        .collect::<Result<_, _>>()?;
    if !endpoints.is_empty() {
        let shown: Vec<&str> = endpoints.iter().take(3).map(String::as_str).collect();
        let more = endpoints.len() - shown.len();
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        facts.push(format!("endpoints: {}{more}", shown.join(", ")));
    }
    if at.get("authenticated").map(|a| a.value.as_bool()) == Some(Some(false)) {
        facts.push("not authenticated".to_owned());
    }
    let crosses = at.flag("x-trust-boundary") == Some(true);
    if crosses {
        facts.push("crosses a trust boundary (x-trust-boundary)".to_owned());
    }
    if let Some(zone) = opt_text(&at, "trustZone")? {
        facts.push(format!("trust zone: {}", one_line(zone)));
    }
    let bom_ref = opt_text(&at, "bom-ref")?.map(str::to_owned);
    let data = at
        .list("data")?
        .into_iter()
        .map(data)
        .collect::<Result<Vec<_>, _>>()?;
    out.push(Service {
        part: Part {
            name,
            group,
            version: opt_text(&at, "version")?
                .map(one_line)
                .filter(|v| !v.is_empty()),
            supplier,
            purl: None,
            bom_ref: bom_ref.clone(),
            facts,
            at,
        },
        parent: parent.map(str::to_owned),
        endpoints,
        data,
    });
    for at in nested {
        service(at, bom_ref.as_deref(), out)?;
    }
    Ok(())
}

/// One entry of a service's `data`: `flow` and `classification` (1.2–1.6), with `name`,
/// `source` and `destination` from 1.5.
fn data(at: At<'_>) -> Result<Data<'_>, ImportError> {
    let flow = at.field("flow")?;
    let direction = match flow.str()? {
        "inbound" => Direction::Inbound,
        "outbound" => Direction::Outbound,
        "bi-directional" => Direction::Both,
        "unknown" => Direction::Unknown,
        other => {
            return Err(flow.error(format!(
                "expected inbound, outbound, bi-directional or unknown, found {:?}",
                one_line(other)
            )));
        }
    };
    // 1.2–1.4 write the classification as text; 1.5+ may write it under a name.
    let classification = opt_text(&at, "classification")?.map(one_line);
    let name = opt_text(&at, "name")?.map(one_line);
    let label = match (classification, name) {
        (Some(c), Some(n)) if !n.is_empty() => format!("{c} ({n})"),
        (Some(c), _) => c,
        (None, Some(n)) => n,
        (None, None) => "unclassified data".to_owned(),
    };
    let ends = |key: &str| -> Result<Vec<String>, ImportError> {
        at.list(key)?
            .iter()
            .map(|e| e.str().map(|s| s.trim().to_owned()))
            .collect()
    };
    Ok(Data {
        direction,
        label,
        source: ends("source")?,
        destination: ends("destination")?,
        at,
    })
}

/// Who supplies a component: `supplier.name`, `manufacturer.name` (1.6), `publisher`,
/// `author`, the first of `authors` (1.6), `group`, the purl's namespace; else "unknown".
fn supplier(at: &At<'_>, group: Option<&str>, purl: Option<&str>) -> Result<String, ImportError> {
    let named = |key: &str| -> Result<Option<String>, ImportError> {
        match at.get(key) {
            Some(entity) => Ok(opt_text(&entity, "name")?.map(one_line)),
            None => Ok(None),
        }
    };
    let first_author = match at.list("authors")?.first() {
        Some(a) => opt_text(a, "name")?.map(one_line),
        None => None,
    };
    let candidates = [
        named("supplier")?,
        named("manufacturer")?,
        opt_text(at, "publisher")?.map(one_line),
        opt_text(at, "author")?.map(without_emails),
        first_author,
        group.map(str::to_owned),
        purl.and_then(Purl::parse).and_then(|p| p.namespace),
    ];
    Ok(candidates
        .into_iter()
        .flatten()
        .map(|s| one_line(&s))
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned()))
}

/// An author string as a supplier: "Ana <ana@x.org>, Bo <bo@y.org>" becomes "Ana, Bo".
fn without_emails(author: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in author.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    one_line(&out).replace(" ,", ",")
}

/// The facts components and services share: the description, shortened.
fn common_facts(at: &At<'_>) -> Result<Vec<String>, ImportError> {
    let mut facts = Vec::new();
    if let Some(description) = opt_text(at, "description")?.map(one_line)
        && !description.is_empty()
    {
        facts.push(crate::text::fit(&description, DESCRIPTION_CHARS));
    }
    Ok(facts)
}

/// The licenses of a component: SPDX IDs, names or expressions, as written.
fn licenses(at: &At<'_>) -> Result<Vec<String>, ImportError> {
    let mut out = Vec::new();
    for choice in at.list("licenses")? {
        let text = match choice.get("license") {
            Some(license) => opt_text(&license, "id")?.or(opt_text(&license, "name")?),
            None => opt_text(&choice, "expression")?,
        };
        if let Some(text) = text.map(one_line).filter(|t| !t.is_empty())
            && !out.contains(&text)
        {
            out.push(text);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn part(value: serde_json::Value) -> Part<'static> {
        let value: &'static serde_json::Value = Box::leak(Box::new(value));
        let mut out = Vec::new();
        component(At::root(value), &mut out).unwrap();
        out.remove(0)
    }

    #[test]
    fn the_supplier_is_the_first_the_bom_gives() {
        let supplier = |v| part(v).supplier;
        let full = json!({
            "name": "x", "supplier": {"name": "Acme"}, "publisher": "Pub", "author": "Au",
            "group": "org.x", "purl": "pkg:maven/org.ns/x@1"
        });
        assert_eq!(supplier(full), "Acme");
        assert_eq!(
            supplier(json!({"name": "x", "publisher": "Pub", "author": "Au"})),
            "Pub"
        );
        assert_eq!(
            supplier(json!({"name": "x", "author": " Au\n", "group": "g"})),
            "Au"
        );
        assert_eq!(
            supplier(json!({"name": "x", "author": "Ana <ana@x.org>, Bo <bo@y.org>"})),
            "Ana, Bo"
        );
        assert_eq!(
            supplier(json!({"name": "x", "authors": [{"name": "A. Uthor"}], "group": "g"})),
            "A. Uthor"
        );
        assert_eq!(
            supplier(json!({"name": "x", "supplier": {"name": ""}, "group": "g"})),
            "g"
        );
        assert_eq!(
            supplier(json!({"name": "x", "purl": "pkg:npm/%40scope/x@1"})),
            "@scope"
        );
        assert_eq!(
            supplier(json!({"name": "x", "purl": "pkg:npm/x@1"})),
            "unknown"
        );
    }

    #[test]
    fn a_component_is_named_with_its_group_and_keeps_brief_facts() {
        let p = part(json!({
            "type": "framework", "group": "org.springframework", "name": "spring-core",
            "version": "6.1.0", "scope": "optional",
            "description": "d".repeat(500),
            "licenses": [{"license": {"id": "Apache-2.0"}}, {"license": {"name": "Custom"}},
                         {"expression": "MIT OR Apache-2.0"}, {"license": {"id": "Apache-2.0"}}],
            "hashes": [{"alg": "SHA-1", "content": "a"}, {"alg": "SHA-256", "content": "b"}],
            "bom-ref": "spring"
        }));
        assert_eq!(p.name, "org.springframework/spring-core");
        assert_eq!(p.version.as_deref(), Some("6.1.0"));
        assert!(p.facts[0].chars().count() <= DESCRIPTION_CHARS);
        assert_eq!(
            p.facts[1..],
            [
                "type: framework",
                "scope: optional",
                "licenses: Apache-2.0, Custom, MIT OR Apache-2.0",
                "2 hashes",
                "bom-ref: spring",
            ]
        );
    }

    #[test]
    fn only_cyclonedx_1_2_to_1_6_is_read() {
        let version = |v: serde_json::Value| spec_version(&At::root(&v)).map_err(|e| e.to_string());
        for ok in ["1.2", "1.3", "1.4", "1.5", "1.6"] {
            let doc = json!({"bomFormat": "CycloneDX", "specVersion": ok});
            assert_eq!(version(doc).as_deref(), Ok(ok));
        }
        for bad in ["1.1", "1.7", "2.0", "1.x", ""] {
            let doc = json!({"bomFormat": "CycloneDX", "specVersion": bad});
            assert!(version(doc).unwrap_err().contains("not read here"), "{bad}");
        }
        assert!(
            version(json!([]))
                .unwrap_err()
                .contains("not a JSON object")
        );
        let wrong = json!({"bomFormat": "CycloneDX", "specVersion": 1.4});
        assert_eq!(
            version(wrong).unwrap_err(),
            "at $.specVersion: expected text, found a number"
        );
    }

    #[test]
    fn data_reads_its_direction_label_and_ends() {
        let read = |v: serde_json::Value| {
            let v: &'static serde_json::Value = Box::leak(Box::new(v));
            let d = data(At::root(v)).unwrap();
            (d.direction, d.label, d.source, d.destination)
        };
        assert_eq!(
            read(json!({"flow": "inbound", "classification": "PII"})),
            (Direction::Inbound, "PII".into(), vec![], vec![])
        );
        assert_eq!(
            read(
                json!({"flow": "bi-directional", "classification": "PCI", "name": "cards",
                        "source": ["a"], "destination": [" https://x.example "]})
            ),
            (
                Direction::Both,
                "PCI (cards)".into(),
                vec!["a".into()],
                vec!["https://x.example".into()]
            )
        );
        assert_eq!(read(json!({"flow": "unknown"})).1, "unclassified data");
    }
}
