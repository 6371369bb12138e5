//! Items compared by ID: each kind of item is read as a list of named fields, and two
//! versions of an item differ in the fields whose values differ. A field that only some
//! versions have (a flow's `from`, a data store's `holds logs`) counts as absent in the
//! others, so a change of kind shows its details coming and going.

use std::collections::HashMap;

use crate::model::{
    Assumption, Decision, Element, ElementKind, Id, Reference, Requirement, Session, Threat,
};

/// One item by ID, with the line a reader knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item's ID.
    pub id: Id,
    /// Its name, title, summary or text.
    pub label: String,
}

/// One field of an item that changed; `None` is "not set".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's name as a reader knows it: "title", "likelihood", "grammar.action".
    pub name: &'static str,
    /// Before.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
    /// Whether the value is free text (shown compactly when long) rather than a number,
    /// name or ID.
    pub text: bool,
}

/// An item in both sessions with the fields that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The item, labelled as in the new session.
    pub item: Item,
    /// The fields that changed, in the item's order.
    pub fields: Vec<Field>,
}

/// What happened to one kind of item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Items {
    /// In the new session only, in its order.
    pub added: Vec<Item>,
    /// In the old session only, in its order.
    pub removed: Vec<Item>,
    /// In both, with different fields, in the new session's order.
    pub changed: Vec<Changed>,
}

impl Items {
    /// Whether nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A field's name, value and whether it is free text.
type Value = (&'static str, Option<String>, bool);

/// A kind of item the diff compares.
trait Compared {
    /// The item's ID.
    fn id(&self) -> &Id;
    /// The line a reader knows it by.
    fn label(&self) -> &str;
    /// Every field, in a fixed order.
    fn fields(&self) -> Vec<Value>;
}

/// A value that is set.
fn set(name: &'static str, value: impl ToString) -> Value {
    (name, Some(value.to_string()), false)
}

/// Free text, absent when empty.
fn text(name: &'static str, value: &str) -> Value {
    (name, (!value.is_empty()).then(|| value.to_owned()), true)
}

/// An optional value.
fn maybe(name: &'static str, value: Option<impl ToString>) -> Value {
    (name, value.map(|v| v.to_string()), false)
}

/// A list joined for reading, absent when empty.
fn list(name: &'static str, joined: String) -> Value {
    (name, (!joined.is_empty()).then_some(joined), false)
}

/// IDs as a reader lists them: "T1, T2".
fn ids(ids: &[Id]) -> String {
    ids.iter().map(Id::as_str).collect::<Vec<_>>().join(", ")
}

impl Compared for Element {
    fn id(&self) -> &Id {
        &self.id
    }
    fn label(&self) -> &str {
        &self.name
    }
    fn fields(&self) -> Vec<Value> {
        let mut fields = vec![
            text("name", &self.name),
            set("kind", self.kind.tag().label()),
        ];
        match &self.kind {
            ElementKind::ExternalEntity | ElementKind::Process => {}
            ElementKind::DataStore { holds_logs } => {
                fields.push(set("holds logs", if *holds_logs { "yes" } else { "no" }));
            }
            ElementKind::DataFlow { from, to, data } => {
                fields.push(set("from", from));
                fields.push(set("to", to));
                fields.push(text("data", data));
            }
            ElementKind::TrustBoundary { members } => {
                fields.push(maybe(
                    "members",
                    (!members.is_empty()).then(|| ids(members)),
                ));
            }
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => {
                fields.push(text("supplier", supplier));
                fields.push(maybe("version", version.as_ref()));
                fields.push(maybe("purl", purl.as_ref()));
            }
        }
        fields.push(text("notes", &self.notes));
        fields
    }
}

impl Compared for Threat {
    fn id(&self) -> &Id {
        &self.id
    }
    fn label(&self) -> &str {
        &self.title
    }
    fn fields(&self) -> Vec<Value> {
        let g = &self.grammar;
        vec![
            set("element", &self.element),
            set("category", self.category.name()),
            text("title", &self.title),
            text("grammar.source", &g.source),
            text("grammar.prerequisites", &g.prerequisites),
            text("grammar.action", &g.action),
            text("grammar.impact", &g.impact),
            text("grammar.assets", &g.assets),
            maybe("likelihood", self.likelihood),
            maybe("impact", self.impact),
            maybe("residual likelihood", self.residual_likelihood),
            maybe("residual impact", self.residual_impact),
            list("references", Reference::join(&self.references)),
            text("notes", &self.notes),
        ]
    }
}

impl Compared for Decision {
    fn id(&self) -> &Id {
        &self.id
    }
    fn label(&self) -> &str {
        &self.summary
    }
    fn fields(&self) -> Vec<Value> {
        vec![
            set("kind", self.kind.name()),
            set("threats", ids(&self.threats)),
            text("summary", &self.summary),
            text("rationale", &self.rationale),
            maybe("owner", self.owner.as_ref()),
            maybe("ticket", self.ticket.as_ref()),
            set("status", self.status.name()),
            maybe("review by", self.review_by),
            list("serves CRA", Requirement::join(&self.requirements)),
        ]
    }
}

impl Compared for Assumption {
    fn id(&self) -> &Id {
        &self.id
    }
    fn label(&self) -> &str {
        &self.text
    }
    fn fields(&self) -> Vec<Value> {
        vec![text("text", &self.text)]
    }
}

fn item<T: Compared>(x: &T) -> Item {
    Item {
        id: x.id().clone(),
        label: x.label().to_owned(),
    }
}

/// The fields that differ between two versions of an item: the old version's fields in
/// their order, then those only the new one has.
fn fields<T: Compared>(old: &T, new: &T) -> Vec<Field> {
    let (before, after) = (old.fields(), new.fields());
    let value = |list: &[Value], name| {
        list.iter()
            .find(|(n, ..)| *n == name)
            .and_then(|(_, v, _)| v.clone())
    };
    let mut names: Vec<(&'static str, bool)> = before.iter().map(|(n, _, t)| (*n, *t)).collect();
    for (n, _, t) in &after {
        if !names.iter().any(|(m, _)| m == n) {
            names.push((n, *t));
        }
    }
    names
        .into_iter()
        .filter_map(|(name, text)| {
            let (old, new) = (value(&before, name), value(&after, name));
            (old != new).then_some(Field {
                name,
                old,
                new,
                text,
            })
        })
        .collect()
}

/// Added, removed and changed items between two lists, matched by ID.
fn compare<T: Compared>(old: &[T], new: &[T]) -> Items {
    let index = |list: &'_ [T]| -> HashMap<Id, usize> {
        list.iter()
            .enumerate()
            .map(|(i, x)| (x.id().clone(), i))
            .collect()
    };
    let (in_old, in_new) = (index(old), index(new));
    let mut items = Items::default();
    for x in new {
        match in_old.get(x.id()) {
            None => items.added.push(item(x)),
            Some(&i) => {
                let fields = fields(&old[i], x);
                if !fields.is_empty() {
                    items.changed.push(Changed {
                        item: item(x),
                        fields,
                    });
                }
            }
        }
    }
    items.removed = old
        .iter()
        .filter(|x| !in_new.contains_key(x.id()))
        .map(item)
        .collect();
    items
}

/// Elements added, removed and changed.
pub fn elements(old: &Session, new: &Session) -> Items {
    compare(&old.elements, &new.elements)
}

/// Threats added, removed and changed.
pub fn threats(old: &Session, new: &Session) -> Items {
    compare(&old.threats, &new.threats)
}

/// Decisions added, removed and changed.
pub fn decisions(old: &Session, new: &Session) -> Items {
    compare(&old.decisions, &new.decisions)
}

/// Assumptions added, removed and changed.
pub fn assumptions(old: &Session, new: &Session) -> Items {
    compare(&old.assumptions, &new.assumptions)
}
