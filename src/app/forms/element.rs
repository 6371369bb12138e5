//! The element form (scope phase `a`, `Enter`): a kind, a name and notes, and what the kind
//! needs — a data store's logs switch, a flow's ends and data, a boundary's members, a third
//! party's supplier, version and package URL.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::Command;
use crate::app::core::ScopeRow;
use crate::app::core::keymap::{Mode, keys_for};
use crate::model::{
    Applied, Edit, EditError, Element, ElementDraft, ElementKind, Id, KindTag, Session, Target,
};

const KIND: Slot = Slot(0);
const NAME: Slot = Slot(1);
const HOLDS_LOGS: Slot = Slot(2);
const FROM: Slot = Slot(3);
const TO: Slot = Slot(4);
const DATA: Slot = Slot(5);
const MEMBERS: Slot = Slot(6);
const SUPPLIER: Slot = Slot(7);
const VERSION: Slot = Slot(8);
const PURL: Slot = Slot(9);
const NOTES: Slot = Slot(10);

/// Which element the form is for, and what its choices stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementForm {
    /// The element being edited; `None` for a new one.
    pub editing: Option<Id>,
    /// The kinds offered, in the order of the kind choice (only its own when editing: the
    /// kind of an existing element is fixed, its references depend on it).
    pub kinds: Vec<KindTag>,
    /// The nodes a flow may connect or a boundary may hold, in the order of those choices.
    pub nodes: Vec<Id>,
}

/// Adding an element of kind `tag`, or editing `existing`.
pub fn open(session: &Session, tag: KindTag, existing: Option<&Element>) -> Form {
    let title = match existing {
        Some(e) => format!("Edit {} {}", e.id, e.kind.tag().label()),
        None => format!("Add {}", tag.label()),
    };
    let kind = ElementForm {
        editing: existing.map(|e| e.id.clone()),
        kinds: match existing {
            Some(_) => vec![tag],
            None => KindTag::ALL.to_vec(),
        },
        nodes: nodes(session, existing.map(|e| &e.id)),
    };
    let (name, notes) = existing.map_or((String::new(), String::new()), |e| {
        (e.name.clone(), e.notes.clone())
    });
    let fields = fields(
        session,
        &kind,
        tag,
        existing.map(|e| &e.kind),
        &name,
        &notes,
    );
    let mut form = Form::new(FormKind::Element(kind), title, fields);
    // The kind comes from the group the cursor is on; start on the name (Shift-Tab
    // reaches the kind).
    form.focus = 1;
    form
}

/// The nodes a flow may connect or a boundary may hold: every node but `except`.
fn nodes(session: &Session, except: Option<&Id>) -> Vec<Id> {
    session
        .elements
        .iter()
        .filter(|e| e.kind.is_node() && Some(&e.id) != except)
        .map(|e| e.id.clone())
        .collect()
}

/// The kind chosen.
fn tag(form: &Form, kind: &ElementForm) -> Option<KindTag> {
    form.choice(KIND).and_then(|i| kind.kinds.get(i).copied())
}

/// After a choice changed: a new kind rebuilds the kind-specific fields, keeping the name
/// and notes typed so far.
pub fn chosen(form: &mut Form, slot: Slot, session: &Session) {
    let FormKind::Element(kind) = &form.kind else {
        return;
    };
    if slot != KIND || kind.editing.is_some() {
        return;
    }
    let Some(tag) = tag(form, kind) else { return };
    let (name, notes) = (form.text(NAME), form.text(NOTES));
    form.fields = fields(session, kind, tag, None, &name, &notes);
}

fn fields(
    session: &Session,
    form: &ElementForm,
    tag: KindTag,
    existing: Option<&ElementKind>,
    name: &str,
    notes: &str,
) -> Vec<Field> {
    let kinds = form.kinds.iter().map(|k| k.label().to_owned()).collect();
    let chosen = form.kinds.iter().position(|k| *k == tag).unwrap_or(0);
    let mut fields = vec![
        Field::choice(KIND, "Kind", kinds, chosen),
        Field::text(NAME, "Name", name, tag.example()),
    ];
    let labels: Vec<String> = form
        .nodes
        .iter()
        .map(|id| {
            let name = session.element(id).map_or("", |e| e.name.as_str());
            format!("{id} {name}")
        })
        .collect();
    let position = |id: &Id| form.nodes.iter().position(|n| n == id);
    match tag {
        KindTag::DataStore => {
            let holds = matches!(existing, Some(ElementKind::DataStore { holds_logs: true }));
            fields.push(Field::toggle(HOLDS_LOGS, "Holds logs", holds));
        }
        KindTag::DataFlow => {
            let (from, to, data) = match existing {
                Some(ElementKind::DataFlow { from, to, data }) => {
                    (position(from), position(to), data.as_str())
                }
                _ => (None, None, ""),
            };
            let last = labels.len().saturating_sub(1);
            fields.push(Field::choice(
                FROM,
                "From",
                labels.clone(),
                from.unwrap_or(0),
            ));
            fields.push(Field::choice(TO, "To", labels, to.unwrap_or(1.min(last))));
            fields.push(Field::text(
                DATA,
                "Data",
                data,
                "what travels, e.g. order id, amount",
            ));
        }
        KindTag::TrustBoundary => {
            let members: &[Id] = match existing {
                Some(ElementKind::TrustBoundary { members }) => members,
                _ => &[],
            };
            let checked = form.nodes.iter().map(|n| members.contains(n)).collect();
            fields.push(Field::checklist(MEMBERS, "Inside", labels, checked, 0));
        }
        KindTag::ThirdParty => {
            let (supplier, version, purl) = match existing {
                Some(ElementKind::ThirdParty {
                    supplier,
                    version,
                    purl,
                }) => (
                    supplier.as_str(),
                    version.as_deref().unwrap_or(""),
                    purl.as_deref().unwrap_or(""),
                ),
                _ => ("", "", ""),
            };
            fields.push(Field::text(
                SUPPLIER,
                "Supplier",
                supplier,
                "who builds or runs it, e.g. Stripe",
            ));
            fields.push(Field::text(
                VERSION,
                "Version",
                version,
                "optional, e.g. 2024-06-20",
            ));
            fields.push(Field::text(
                PURL,
                "Package URL",
                purl,
                "optional, e.g. pkg:cargo/serde@1.0.219",
            ));
        }
        KindTag::ExternalEntity | KindTag::Process => {}
    }
    let enter = keys_for(Mode::Form, &Command::Enter);
    fields.push(Field::lines(
        NOTES,
        "Notes",
        notes,
        &format!("optional; {enter} for a new line"),
    ));
    fields
}

/// The edit the form asks for.
pub fn read(form: &Form, kind: &ElementForm) -> Result<Edit, String> {
    let tag = tag(form, kind).ok_or("choose a kind")?;
    let node = |slot: Slot, what: &str| -> Result<Id, String> {
        form.choice(slot)
            .and_then(|i| kind.nodes.get(i).cloned())
            .ok_or_else(|| format!("a flow needs {what}: add the elements it connects first"))
    };
    let element_kind = match tag {
        KindTag::ExternalEntity => ElementKind::ExternalEntity,
        KindTag::Process => ElementKind::Process,
        KindTag::DataStore => ElementKind::DataStore {
            holds_logs: form.toggle(HOLDS_LOGS),
        },
        KindTag::DataFlow => ElementKind::DataFlow {
            from: node(FROM, "a source")?,
            to: node(TO, "a destination")?,
            data: form.text(DATA),
        },
        KindTag::TrustBoundary => ElementKind::TrustBoundary {
            members: form
                .checked(MEMBERS)
                .into_iter()
                .filter_map(|i| kind.nodes.get(i).cloned())
                .collect(),
        },
        KindTag::ThirdParty => ElementKind::ThirdParty {
            supplier: form.text(SUPPLIER),
            version: form.optional(VERSION),
            purl: form.optional(PURL),
        },
    };
    let draft = ElementDraft {
        name: form.text(NAME),
        kind: element_kind,
        notes: form.text(NOTES),
    };
    Ok(match &kind.editing {
        Some(id) => Edit::UpdateElement(id.clone(), draft),
        None => Edit::AddElement(draft),
    })
}

/// The field to fix when the model refused the element.
pub fn field_at_fault(error: &EditError) -> Option<Slot> {
    match error {
        EditError::Required(_) => Some(NAME),
        EditError::FlowLoop => Some(TO),
        _ => None,
    }
}

/// What to say once saved, and the row to put the cursor on.
pub fn saved(session: &Session, applied: &Applied) -> (String, Option<ScopeRow>) {
    let Some(Target::Element(id)) = &applied.target else {
        return ("saved".into(), None);
    };
    let index = session.elements.iter().position(|e| &e.id == id);
    let name = session.element(id).map_or("", |e| e.name.as_str());
    (
        format!("saved {id} {}", crate::text::one_line(name)),
        index.map(ScopeRow::Element),
    )
}
