//! CycloneDX JSON 1.2–1.6: the components of an SBOM (nested ones too) become third-party
//! components, and a SaaSBOM's services become third-party components with their data flows.
//! By default only the root's direct dependencies are taken where the dependency graph
//! gives them; `--all` takes every component and `--filter` picks by name, group or package
//! URL. A component already in the session (by package URL without version, then by name)
//! is not added again; one in another version is updated and the cells the team considered
//! on it are marked to be reviewed again. See docs/import.md.

mod place;
mod purl;
mod read;
mod services;

use std::collections::{HashMap, HashSet};

use super::json::At;
use super::{Builder, ImportError, Options};
use crate::model::Id;
use place::{Identity, Index, Placer};
use read::{Bom, Part};
use services::shortlist;

/// The title a session made from this BOM gets: the product's name and version.
pub(super) fn title(doc: &At<'_>) -> Option<String> {
    let bom = read::bom(doc).ok()?;
    let name = bom.product.name.filter(|n| !n.is_empty())?;
    let kind = if bom.components.is_empty() && !bom.services.is_empty() {
        "SaaSBOM"
    } else {
        "SBOM"
    };
    Some(match bom.product.version {
        Some(version) => format!("{name} {version} ({kind})"),
        None => format!("{name} ({kind})"),
    })
}

/// Imports the BOM into the session through `builder`.
pub(super) fn import(doc: &At<'_>, builder: &mut Builder<'_>) -> Result<(), ImportError> {
    let bom = read::bom(doc)?;
    describe(doc, &bom, builder)?;
    let chosen = choose(&bom, &builder.options.clone(), builder);
    let mut placer = Placer::new(builder);
    let (parts, folded) = place::fold(&chosen);
    if folded > 0 {
        builder.mapped(format!(
            "{} listed again (another version of a package, or the same name): one element \
             each, the other versions in its notes",
            crate::text::count(folded, "component")
        ));
    }
    let mut placed: Index<Id> = Index::default();
    for part in &parts {
        let id = placer.place(builder, part)?;
        placed.insert(&Identity::of(&part.name, part.purl.as_deref()), id);
    }
    let mut refs: HashMap<String, Id> = HashMap::new();
    for part in &chosen {
        let id = placed.find(&Identity::of(&part.name, part.purl.as_deref()));
        if let (Some(r), Some(id)) = (&part.bom_ref, id) {
            refs.insert(r.clone(), id);
        }
    }
    tell(&std::mem::take(&mut placer.tally), "component", builder);
    let services = chosen_services(&bom, &builder.options.clone(), builder);
    services::import(doc, &bom, &services, builder, &mut placer, &mut refs)?;
    tell(&placer.tally, "service", builder);
    Ok(())
}

/// Whether a component or service is one `--filter PATTERN` keeps: its name, group or
/// package URL contains the pattern, in any case.
fn matches(pattern: &str, part: &Part<'_>) -> bool {
    let pattern = pattern.to_lowercase();
    [Some(&part.name), part.group.as_ref(), part.purl.as_ref()]
        .into_iter()
        .flatten()
        .any(|text| text.to_lowercase().contains(&pattern))
}

/// The components the import takes, with a summary line that says which and why.
fn choose<'p, 'a>(
    bom: &'p Bom<'a>,
    options: &Options,
    builder: &mut Builder<'_>,
) -> Vec<&'p Part<'a>> {
    let product = &bom.product;
    let is_product = |p: &Part<'_>| {
        (p.bom_ref.is_some() && p.bom_ref == product.bom_ref)
            || (p.purl.is_some() && p.purl == product.purl)
    };
    let all: Vec<&Part<'a>> = bom.components.iter().filter(|p| !is_product(p)).collect();
    let total = all.len();
    if total == 0 {
        return all;
    }
    let components = |n| crate::text::count(n, "component");
    if let Some(pattern) = &options.filter {
        let kept: Vec<&Part<'a>> = all.into_iter().filter(|p| matches(pattern, p)).collect();
        builder.mapped(format!(
            "--filter \"{}\": {} of {} match by name, group or package URL",
            super::one_line(pattern),
            kept.len(),
            components(total),
        ));
        if kept.len() < total {
            builder.not_mapped(format!(
                "{} left out by --filter",
                components(total - kept.len())
            ));
        }
        return kept;
    }
    if options.all {
        builder.mapped(format!("--all: every one of the {}", components(total)));
        return all;
    }
    let direct = product.bom_ref.as_ref().and_then(|root| {
        bom.dependencies
            .iter()
            .flatten()
            .find(|(r, on)| r == root && !on.is_empty())
            .map(|(_, on)| on.iter().collect::<HashSet<_>>())
    });
    let Some(direct) = direct else {
        builder.mapped(format!(
            "all {}: the BOM's dependency graph does not give the root's (metadata.component's) \
             direct dependencies, so they cannot be told from the rest",
            components(total)
        ));
        return all;
    };
    let kept: Vec<&Part<'a>> = all
        .into_iter()
        .filter(|p| p.bom_ref.as_ref().is_some_and(|r| direct.contains(r)))
        .collect();
    builder.mapped(format!(
        "the root's direct dependencies, from the BOM's dependency graph: {} of {}",
        kept.len(),
        components(total)
    ));
    if kept.len() < total {
        builder.not_mapped(format!(
            "{} that are not direct dependencies of the root: --all takes them, --filter \
             PATTERN picks some",
            components(total - kept.len())
        ));
    }
    let known: HashSet<&String> = bom
        .components
        .iter()
        .map(|p| &p.bom_ref)
        .chain(bom.services.iter().map(|s| &s.part.bom_ref))
        .flatten()
        .collect();
    let missing: Vec<String> = direct
        .iter()
        .filter(|r| !known.contains(*r))
        .map(|r| super::one_line(r))
        .collect();
    if !missing.is_empty() {
        builder.not_mapped(format!(
            "{} the dependency graph names that the BOM does not list: {}",
            crate::text::count(missing.len(), "direct dependency"),
            shortlist(&missing)
        ));
    }
    kept
}

/// The services the import takes: every one, or those `--filter` keeps.
fn chosen_services<'p, 'a>(
    bom: &'p Bom<'a>,
    options: &Options,
    builder: &mut Builder<'_>,
) -> Vec<&'p read::Service<'a>> {
    let all = bom.services.iter();
    let Some(pattern) = &options.filter else {
        return all.collect();
    };
    let kept: Vec<_> = all.filter(|s| matches(pattern, &s.part)).collect();
    let left = bom.services.len() - kept.len();
    if left > 0 {
        builder.not_mapped(format!(
            "{} left out by --filter",
            crate::text::count(left, "service")
        ));
    }
    kept
}

/// A paragraph in the session's notes on where the components came from, once per BOM.
fn describe(doc: &At<'_>, bom: &Bom<'_>, builder: &mut Builder<'_>) -> Result<(), ImportError> {
    let mut paragraph = format!("From a CycloneDX {} BOM", bom.spec);
    if let Some(name) = &bom.product.name {
        paragraph.push_str(&format!(" of {name}"));
        if let Some(version) = &bom.product.version {
            paragraph.push_str(&format!(" {version}"));
        }
    }
    let serial = read::opt_text(doc, "serialNumber")?;
    let timestamp = match doc.get("metadata") {
        Some(m) => read::opt_text(&m, "timestamp")?,
        None => None,
    };
    let details: Vec<String> = [
        serial.map(|s| format!("serial {s}")),
        timestamp.map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !details.is_empty() {
        paragraph.push_str(&format!(" ({})", details.join(", ")));
    }
    paragraph.push('.');
    let paragraph = super::one_line(&paragraph);
    if builder.session().notes.contains(&paragraph) {
        return Ok(());
    }
    builder.note(doc, &paragraph)
}

/// The summary lines on the components (or services, as `noun` says) already there.
fn tell(tally: &place::Tally, noun: &str, builder: &mut Builder<'_>) {
    let count = |n| crate::text::count(n, noun);
    if tally.same > 0 {
        builder.mapped(format!(
            "{} already in the session (same package URL, or same name): left as they were",
            count(tally.same)
        ));
    }
    if tally.filled > 0 {
        builder.mapped(format!(
            "{} in the session without a version: the BOM's version filled in",
            count(tally.filled)
        ));
    }
    if tally.changed > 0 {
        builder.mapped(format!(
            "{} in the session in another version: updated, and {} on {} marked to review \
             again (TB011 cell-needs-review until a threat or note is recorded there again)",
            count(tally.changed),
            crate::text::count(tally.marked, "considered cell"),
            if tally.changed == 1 { "it" } else { "them" }
        ));
    }
}
