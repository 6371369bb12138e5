//! A SaaSBOM's services: third-party components like the BOM's components, and the data
//! they exchange as data flows. A flow needs an element at each end. Where the data names
//! one end (`source` or `destination`, 1.5+), the other is the service itself; where it names
//! neither, the service is one end and the other is the service that depends on it in the
//! dependency graph, else the service it is nested in, else the product itself (one process
//! made from `metadata.component`). Ends named by URL are the service with that endpoint,
//! else an external entity named by the URL.

use std::collections::HashMap;

use super::super::json::At;
use super::super::{Builder, ImportError, one_line};
use super::place::{Identity, Index, Placer};
use super::read::{Bom, Direction, Service};
use crate::model::{ElementDraft, ElementKind, Id};

/// Imports the services `chosen` of `bom`, then their data flows. `refs` holds the session
/// ID of every component imported, by `bom-ref`; the services' are added to it.
pub(crate) fn import(
    doc: &At<'_>,
    bom: &Bom<'_>,
    chosen: &[&Service<'_>],
    builder: &mut Builder<'_>,
    placer: &mut Placer,
    refs: &mut HashMap<String, Id>,
) -> Result<(), ImportError> {
    if chosen.is_empty() {
        return Ok(());
    }
    // One element per service name within the BOM, whatever the session holds.
    let mut placed: Index<Id> = Index::default();
    let mut endpoints = Vec::new();
    for service in chosen {
        let identity = Identity::of(&service.part.name, None);
        let id = match placed.find(&identity) {
            Some(id) => id,
            None => {
                let id = placer.place(builder, &service.part)?;
                placed.insert(&identity, id.clone());
                id
            }
        };
        if let Some(r) = &service.part.bom_ref {
            refs.insert(r.clone(), id.clone());
        }
        endpoints.extend(service.endpoints.iter().map(|e| (e.clone(), id.clone())));
    }
    builder.mapped(format!(
        "{} → third-party components, the supplier from provider.name (else the group, else \
         \"unknown\")",
        crate::text::count(chosen.len(), "service")
    ));
    let mut ends = Ends {
        doc,
        bom,
        refs,
        endpoints,
        product: None,
        unresolved: Vec::new(),
    };
    let mut flows = Flows::default();
    for service in chosen {
        let Some(this) = service
            .part
            .bom_ref
            .as_ref()
            .and_then(|r| ends.refs.get(r))
            .cloned()
        else {
            continue;
        };
        for data in &service.data {
            let sources = ends.resolve_all(builder, &data.source)?;
            let destinations = ends.resolve_all(builder, &data.destination)?;
            // Where the BOM names one end, the other is the service itself; where it names
            // neither, the direction says which end the service is.
            let (from, to) = match (sources, destinations) {
                (None, None) => {
                    let other = vec![ends.other_end(builder, service)?];
                    match data.direction {
                        Direction::Outbound => (vec![this.clone()], other),
                        _ => (other, vec![this.clone()]),
                    }
                }
                (from, to) => (
                    from.unwrap_or_else(|| vec![this.clone()]),
                    to.unwrap_or_else(|| vec![this.clone()]),
                ),
            };
            let unknown = data.direction == Direction::Unknown;
            for f in &from {
                for t in &to {
                    flows.add(&data.at, f, t, &data.label, unknown);
                    if data.direction == Direction::Both {
                        flows.add(&data.at, t, f, &data.label, false);
                    }
                }
            }
        }
    }
    let unresolved = std::mem::take(&mut ends.unresolved);
    if !flows.pairs.is_empty() {
        builder.mapped(
            "services' data → data flows, one per pair of ends with the classifications as \
             its data (bi-directional: one each way); where the data names no source or \
             destination, the other end is the service that depends on it in the dependency \
             graph, else the service it is nested in, else the product",
        );
    }
    flows.write(builder)?;
    if !unresolved.is_empty() {
        builder.not_mapped(format!(
            "{} naming nothing in the BOM, left out: {}",
            crate::text::count(unresolved.len(), "data flow end"),
            shortlist(&unresolved)
        ));
    }
    Ok(())
}

/// The first few of a list, for a summary line.
pub(crate) fn shortlist(items: &[String]) -> String {
    let shown: Vec<&str> = items.iter().take(5).map(String::as_str).collect();
    let more = items.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// What the ends of data flows are, found as they are needed.
struct Ends<'d, 'b, 'r> {
    doc: &'d At<'d>,
    bom: &'b Bom<'b>,
    refs: &'r mut HashMap<String, Id>,
    endpoints: Vec<(String, Id)>,
    product: Option<Id>,
    unresolved: Vec<String>,
}

impl Ends<'_, '_, '_> {
    /// The other end of a service's data when the BOM names only the service.
    fn other_end(
        &mut self,
        builder: &mut Builder<'_>,
        service: &Service<'_>,
    ) -> Result<Id, ImportError> {
        let dependent = service.part.bom_ref.as_ref().and_then(|r| {
            self.bom
                .dependencies
                .iter()
                .flatten()
                .find(|(_, on)| on.contains(r))
                .map(|(by, _)| by.clone())
        });
        for reference in dependent.iter().chain(service.parent.iter()) {
            if self.bom.product.bom_ref.as_ref() == Some(reference) {
                return self.product(builder);
            }
            if let Some(id) = self.refs.get(reference) {
                return Ok(id.clone());
            }
        }
        self.product(builder)
    }

    /// The elements a `source` or `destination` list names: `None` when the BOM gives no
    /// list, and only those found when it does (a list naming nothing gives no flow).
    fn resolve_all(
        &mut self,
        builder: &mut Builder<'_>,
        list: &[String],
    ) -> Result<Option<Vec<Id>>, ImportError> {
        if list.is_empty() {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for reference in list {
            ids.extend(self.resolve(builder, reference)?);
        }
        Ok(Some(ids))
    }

    /// The element a `source` or `destination` names: the product, a component or service
    /// by `bom-ref`, a service by endpoint, an external entity by URL. `None` (and noted)
    /// for a reference to nothing.
    fn resolve(
        &mut self,
        builder: &mut Builder<'_>,
        reference: &str,
    ) -> Result<Option<Id>, ImportError> {
        if self.bom.product.bom_ref.as_deref() == Some(reference) {
            return self.product(builder).map(Some);
        }
        if let Some(id) = self.refs.get(reference) {
            return Ok(Some(id.clone()));
        }
        if !reference.contains("://") {
            self.unresolved.push(one_line(reference));
            return Ok(None);
        }
        let endpoint = self.endpoints.iter().find(|(e, _)| {
            let e = e.trim_end_matches('/');
            !e.is_empty() && reference.trim_end_matches('/').starts_with(e)
        });
        if let Some((_, id)) = endpoint {
            return Ok(Some(id.clone()));
        }
        let id = node(builder, self.doc, &one_line(reference), || ElementDraft {
            name: reference.to_owned(),
            kind: ElementKind::ExternalEntity,
            notes: "Named by URL as an end of a data flow in a CycloneDX BOM.".to_owned(),
        })?;
        self.refs.insert(reference.to_owned(), id.clone());
        Ok(Some(id))
    }

    /// The product itself, as one element: found by name or added as a process.
    fn product(&mut self, builder: &mut Builder<'_>) -> Result<Id, ImportError> {
        if let Some(id) = &self.product {
            return Ok(id.clone());
        }
        let product = &self.bom.product;
        let name = product
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "The product".to_owned());
        let mut notes = "The product the CycloneDX BOM describes (metadata.component)".to_owned();
        if let Some(version) = &product.version {
            notes.push_str(&format!(", version {version}"));
        }
        notes.push('.');
        let id = node(builder, self.doc, &name, || ElementDraft {
            name: name.clone(),
            kind: ElementKind::Process,
            notes,
        })?;
        builder.mapped(format!(
            "the product itself (metadata.component) → {id} \"{name}\", a process: the other \
             end of its services' data flows"
        ));
        self.product = Some(id.clone());
        Ok(id)
    }
}

/// The entity, process, store or component named `name` (in any case) in the session, or a
/// new one made by `draft`.
fn node(
    builder: &mut Builder<'_>,
    at: &At<'_>,
    name: &str,
    draft: impl FnOnce() -> ElementDraft,
) -> Result<Id, ImportError> {
    let existing =
        builder.session().elements.iter().find(|e| {
            e.kind.is_node() && crate::text::one_line(&e.name).eq_ignore_ascii_case(name)
        });
    match existing {
        Some(e) => Ok(e.id.clone()),
        None => builder.element(at, draft()),
    }
}

/// One flow to be made: its ends, what it carries, where it was read.
struct Pair<'a> {
    at: At<'a>,
    from: Id,
    to: Id,
    labels: Vec<String>,
    unknown: bool,
}

/// The flows found, one per pair of ends.
#[derive(Default)]
struct Flows<'a> {
    pairs: Vec<Pair<'a>>,
}

impl<'a> Flows<'a> {
    fn add(&mut self, at: &At<'a>, from: &Id, to: &Id, label: &str, unknown: bool) {
        if from == to {
            return;
        }
        match self
            .pairs
            .iter_mut()
            .find(|p| &p.from == from && &p.to == to)
        {
            Some(pair) => {
                if !pair.labels.iter().any(|l| l == label) {
                    pair.labels.push(label.to_owned());
                }
                pair.unknown |= unknown;
            }
            None => self.pairs.push(Pair {
                at: at.clone(),
                from: from.clone(),
                to: to.clone(),
                labels: vec![label.to_owned()],
                unknown,
            }),
        }
    }

    /// Adds the flows the session does not have yet (a flow with the same ends is there).
    fn write(self, builder: &mut Builder<'_>) -> Result<(), ImportError> {
        let mut same = 0;
        for pair in self.pairs {
            let exists = builder.session().elements.iter().any(|e| {
                matches!(&e.kind, ElementKind::DataFlow { from, to, .. }
                    if *from == pair.from && *to == pair.to)
            });
            if exists {
                same += 1;
                continue;
            }
            let to = builder
                .session()
                .element(&pair.to)
                .map_or_else(|| pair.to.to_string(), |e| e.name.clone());
            // Named by what it carries and where, as a team names flows ("card tokens to
            // Stripe API"); the list and the grid show its ends beside the name.
            let carried = crate::text::fit(&pair.labels.join(", "), 40);
            let name = format!("{carried} to {to}");
            let notes = if pair.unknown {
                "The BOM gives the direction as unknown: drawn towards the service.".to_owned()
            } else {
                String::new()
            };
            builder.element(
                &pair.at,
                ElementDraft {
                    name,
                    kind: ElementKind::DataFlow {
                        from: pair.from,
                        to: pair.to,
                        data: pair.labels.join(", "),
                    },
                    notes,
                },
            )?;
        }
        if same > 0 {
            builder.mapped(format!(
                "{} already in the session (same ends): left as they were",
                crate::text::count(same, "data flow")
            ));
        }
        Ok(())
    }
}
