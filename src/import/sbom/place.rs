//! Where each component or service of a BOM goes: it is the same as a third-party component
//! already in the session (by package URL without its version, then by name), or it is
//! added. A match whose version changed is updated, and the cells the team considered on
//! it are marked to be reviewed again.

use std::collections::{HashMap, HashSet};

use super::super::{Builder, ImportError};
use super::purl::Purl;
use super::read::Part;
use crate::model::{Category, CategorySet, Edit, ElementDraft, ElementKind, Id};

/// What tells two components apart: the package URL without its version, and the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    purl: Option<String>,
    name: String,
}

impl Identity {
    /// The identity of something named `name` with the package URL `purl`.
    pub(crate) fn of(name: &str, purl: Option<&str>) -> Self {
        Identity {
            purl: purl.and_then(Purl::parse).map(|p| p.key()),
            name: name.trim().to_lowercase(),
        }
    }
}

/// Values found by identity: by package URL first, then by name — a name matches only when
/// one of the two has no package URL (`debug` on npm is not `debug` on PyPI).
#[derive(Debug, Clone)]
pub(crate) struct Index<V> {
    by_purl: HashMap<String, V>,
    by_name: HashMap<String, (bool, V)>,
}

impl<V> Default for Index<V> {
    fn default() -> Self {
        Index {
            by_purl: HashMap::new(),
            by_name: HashMap::new(),
        }
    }
}

impl<V: Clone> Index<V> {
    /// The value of what `identity` is the same as.
    pub(crate) fn find(&self, identity: &Identity) -> Option<V> {
        if let Some(value) = identity.purl.as_ref().and_then(|p| self.by_purl.get(p)) {
            return Some(value.clone());
        }
        match self.by_name.get(&identity.name) {
            Some((has_purl, value)) if !has_purl || identity.purl.is_none() => Some(value.clone()),
            _ => None,
        }
    }

    /// Files `value` under `identity`; the first value filed under a key keeps it.
    pub(crate) fn insert(&mut self, identity: &Identity, value: V) {
        if let Some(purl) = &identity.purl {
            self.by_purl
                .entry(purl.clone())
                .or_insert_with(|| value.clone());
        }
        self.by_name
            .entry(identity.name.clone())
            .or_insert((identity.purl.is_some(), value));
    }
}

/// The parts of a BOM with one entry per package: a package listed in several versions is
/// one part (the first listed), the other versions named in its notes. Returns the parts
/// and how many entries were folded into another.
pub(crate) fn fold<'p, 'a>(parts: &[&'p Part<'a>]) -> (Vec<Part<'a>>, usize) {
    let mut out: Vec<Part<'a>> = Vec::new();
    let mut others: Vec<Vec<String>> = Vec::new();
    let mut index: Index<usize> = Index::default();
    let mut folded = 0;
    for part in parts {
        let identity = Identity::of(&part.name, part.purl.as_deref());
        match index.find(&identity) {
            Some(i) => {
                folded += 1;
                let versions: &mut Vec<String> = &mut others[i];
                let version = part.version.clone().unwrap_or_else(|| "no version".into());
                if Some(&version) != out[i].version.as_ref() && !versions.contains(&version) {
                    versions.push(version);
                }
            }
            None => {
                index.insert(&identity, out.len());
                out.push((*part).clone());
                others.push(Vec::new());
            }
        }
    }
    for (part, versions) in out.iter_mut().zip(others) {
        if !versions.is_empty() {
            part.facts.push(format!(
                "also in this BOM as version {}",
                versions.join(", ")
            ));
        }
    }
    (out, folded)
}

/// What placing the parts did, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Already in the session as they are.
    pub same: usize,
    /// In the session without a version, which the BOM gave.
    pub filled: usize,
    /// In the session in another version, now updated.
    pub changed: usize,
    /// Cells marked to review again on the changed ones.
    pub marked: usize,
}

/// Places parts in the session, knowing its third-party components by identity.
#[derive(Debug)]
pub(crate) struct Placer {
    index: Index<Id>,
    matched: HashSet<Id>,
    /// What was done so far.
    pub tally: Tally,
}

impl Placer {
    /// A placer over the third-party components `builder`'s session holds.
    pub(crate) fn new(builder: &Builder<'_>) -> Self {
        let mut index = Index::default();
        for e in &builder.session().elements {
            if let ElementKind::ThirdParty { purl, .. } = &e.kind {
                index.insert(&Identity::of(&e.name, purl.as_deref()), e.id.clone());
            }
        }
        Placer {
            index,
            matched: HashSet::new(),
            tally: Tally::default(),
        }
    }

    /// The ID of `part` in the session: the component it is the same as (updated when its
    /// version changed), or a new one.
    pub(crate) fn place(
        &mut self,
        builder: &mut Builder<'_>,
        part: &Part<'_>,
    ) -> Result<Id, ImportError> {
        let identity = Identity::of(&part.name, part.purl.as_deref());
        // A component matched once already is not matched again by another part of the
        // BOM: two packages of one name on two ecosystems stay two elements.
        let existing = self
            .index
            .find(&identity)
            .filter(|id| !self.matched.contains(id));
        let Some(id) = existing else {
            let id = builder.element(
                &part.at,
                ElementDraft {
                    name: part.name.clone(),
                    kind: ElementKind::ThirdParty {
                        supplier: part.supplier.clone(),
                        version: part.version.clone(),
                        purl: part.purl.clone(),
                    },
                    notes: part.facts.join("\n"),
                },
            )?;
            self.index.insert(&identity, id.clone());
            self.matched.insert(id.clone());
            return Ok(id);
        };
        self.matched.insert(id.clone());
        self.update(builder, &id, part)?;
        Ok(id)
    }

    /// Brings the component `id` up to `part`'s version, marking its considered cells.
    fn update(
        &mut self,
        builder: &mut Builder<'_>,
        id: &Id,
        part: &Part<'_>,
    ) -> Result<(), ImportError> {
        let Some(element) = builder.session().element(id).cloned() else {
            return Err(part.at.error("the matching element vanished"));
        };
        let ElementKind::ThirdParty {
            supplier,
            version,
            purl,
        } = element.kind
        else {
            return Err(part
                .at
                .error("the matching element is not a third-party component"));
        };
        let Some(new) = part
            .version
            .clone()
            .filter(|new| version.as_ref() != Some(new))
        else {
            self.tally.same += 1;
            return Ok(());
        };
        let supplier = if supplier == "unknown" {
            part.supplier.clone()
        } else {
            supplier
        };
        let draft = ElementDraft {
            name: element.name.clone(),
            kind: ElementKind::ThirdParty {
                supplier,
                version: Some(new.clone()),
                purl: part.purl.clone().or(purl),
            },
            notes: element.notes,
        };
        builder.apply(&part.at, Edit::UpdateElement(id.clone(), draft))?;
        builder.count_updated("third-party component");
        let Some(old) = version else {
            self.tally.filled += 1;
            return Ok(());
        };
        self.tally.changed += 1;
        let reason = format!(
            "{} changed from {old} to {new}",
            crate::text::one_line(&element.name)
        );
        for category in considered_cells(builder, id).iter() {
            builder.apply(
                &part.at,
                Edit::NeedsReview {
                    element: id.clone(),
                    category,
                    reason: reason.clone(),
                },
            )?;
            self.tally.marked += 1;
        }
        Ok(())
    }
}

/// The cells of `id` the team considered: with threats or a "nothing found" note.
fn considered_cells(builder: &Builder<'_>, id: &Id) -> CategorySet {
    let session = builder.session();
    let categories: Vec<Category> = session
        .threats
        .iter()
        .filter(|t| &t.element == id)
        .map(|t| t.category)
        .chain(
            session
                .considered
                .iter()
                .filter(|c| &c.element == id)
                .map(|c| c.category),
        )
        .collect();
    CategorySet::of(&categories)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_matches_by_package_then_by_name() {
        let mut index = Index::default();
        index.insert(&Identity::of("debug", Some("pkg:npm/debug@2.6.9")), 1);
        index.insert(&Identity::of("Stripe API", None), 2);
        let find = |name: &str, purl: Option<&str>| index.find(&Identity::of(name, purl));
        assert_eq!(find("renamed", Some("pkg:npm/debug@4.1.1")), Some(1));
        assert_eq!(find("DEBUG", None), Some(1), "no purl: the name decides");
        assert_eq!(find("debug", Some("pkg:pypi/debug@1")), None);
        assert_eq!(find("stripe api", Some("pkg:npm/stripe@1")), Some(2));
        assert_eq!(find("other", None), None);
    }
}
