//! Every text field of a session, free of control characters.

use super::super::decision::Decision;
use super::super::element::ElementKind;
use super::super::id::Id;
use super::super::path::FieldPath;
use super::super::session::Session;
use super::{Found, ValidationError, is_allowed_char};

/// One text field: what messages call it, the item holding it, its path, its text.
pub(crate) struct TextField<'s> {
    /// Where the text is, in words: "T3 title".
    pub place: String,
    /// The item holding it, when it has an ID.
    pub owner: Option<&'s Id>,
    /// Its path in the file.
    pub path: FieldPath,
    /// The text.
    pub text: &'s str,
}

/// Every text field of the session, in file order.
pub(crate) fn fields(session: &Session) -> Vec<TextField<'_>> {
    let mut out = Vec::new();
    let mut push = |place, owner, path, text| {
        out.push(TextField {
            place,
            owner,
            path,
            text,
        })
    };
    push(
        "title".into(),
        None,
        FieldPath::field("title"),
        &session.title,
    );
    if let Some(ticket) = &session.ticket {
        push("ticket".into(), None, FieldPath::field("ticket"), ticket);
    }
    push(
        "session notes".into(),
        None,
        FieldPath::field("notes"),
        &session.notes,
    );
    for (i, p) in session.participants.iter().enumerate() {
        let at = FieldPath::field("participants").at(i);
        push(
            "participant name".into(),
            None,
            at.clone().then("name"),
            &p.name,
        );
        if let Some(role) = &p.role {
            push("participant role".into(), None, at.then("role"), role);
        }
    }
    for (i, e) in session.elements.iter().enumerate() {
        let at = FieldPath::field("elements").at(i);
        let owner = Some(&e.id);
        push(
            format!("{} name", e.id),
            owner,
            at.clone().then("name"),
            &e.name,
        );
        push(
            format!("{} notes", e.id),
            owner,
            at.clone().then("notes"),
            &e.notes,
        );
        let kind = at.then("kind");
        match &e.kind {
            ElementKind::DataFlow { data, .. } => {
                push(format!("{} data", e.id), owner, kind.then("data"), data);
            }
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => {
                push(
                    format!("{} supplier", e.id),
                    owner,
                    kind.clone().then("supplier"),
                    supplier,
                );
                for (field, value) in [("version", version), ("purl", purl)] {
                    if let Some(value) = value {
                        let path = kind.clone().then(field);
                        push(format!("{} {field}", e.id), owner, path, value);
                    }
                }
            }
            _ => {}
        }
    }
    for (i, asset) in session.assets.iter().enumerate() {
        push(
            format!("asset {}", i + 1),
            None,
            FieldPath::field("assets").at(i),
            asset,
        );
    }
    for (i, a) in session.assumptions.iter().enumerate() {
        let path = FieldPath::field("assumptions").at(i).then("text");
        push(format!("{} text", a.id), Some(&a.id), path, &a.text);
    }
    for (i, t) in session.threats.iter().enumerate() {
        let at = FieldPath::field("threats").at(i);
        let g = &t.grammar;
        for (field, value) in [("title", &t.title), ("notes", &t.notes)] {
            push(
                format!("{} {field}", t.id),
                Some(&t.id),
                at.clone().then(field),
                value,
            );
        }
        let grammar = at.then("grammar");
        for (field, value) in [
            ("source", &g.source),
            ("prerequisites", &g.prerequisites),
            ("action", &g.action),
            ("impact", &g.impact),
            ("assets", &g.assets),
        ] {
            let path = grammar.clone().then(field);
            push(format!("{} {field}", t.id), Some(&t.id), path, value);
        }
    }
    for (i, c) in session.considered.iter().enumerate() {
        push(
            format!("{} considered note", c.element),
            Some(&c.element),
            FieldPath::field("considered").at(i).then("note"),
            &c.note,
        );
    }
    for (i, m) in session.needs_review.iter().enumerate() {
        push(
            format!("{} review reason", m.element),
            Some(&m.element),
            FieldPath::field("needs_review").at(i).then("reason"),
            &m.reason,
        );
    }
    // Taken apart field by field: a text field added to decisions must be listed here.
    for (
        i,
        Decision {
            id,
            summary,
            rationale,
            owner,
            ticket,
            kind: _,
            threats: _,
            status: _,
            review_by: _,
            requirements: _,
        },
    ) in session.decisions.iter().enumerate()
    {
        let at = FieldPath::field("decisions").at(i);
        for (field, value) in [("summary", summary), ("rationale", rationale)] {
            push(
                format!("{id} {field}"),
                Some(id),
                at.clone().then(field),
                value,
            );
        }
        for (field, value) in [("owner", owner), ("ticket", ticket)] {
            if let Some(value) = value {
                push(
                    format!("{id} {field}"),
                    Some(id),
                    at.clone().then(field),
                    value,
                );
            }
        }
    }
    for (i, item) in session.parking_lot.iter().enumerate() {
        push(
            format!("parking lot item {}", i + 1),
            None,
            FieldPath::field("parking_lot").at(i).then("text"),
            &item.text,
        );
    }
    let retrospective = FieldPath::field("retrospective");
    for (field, value) in [
        ("worked", &session.retrospective.worked),
        ("change", &session.retrospective.change),
    ] {
        let path = retrospective.clone().then(field);
        push("retrospective".into(), None, path, value);
    }
    out
}

/// Refuses control characters in any text field.
pub(super) fn check(session: &Session) -> Result<(), Found> {
    for field in fields(session) {
        if let Some(c) = field.text.chars().find(|c| !is_allowed_char(*c)) {
            let error = ValidationError::ControlCharacter {
                place: field.place,
                code: u32::from(c),
                owner: field.owner.cloned(),
            };
            return Err((error, field.path));
        }
    }
    Ok(())
}
