//! Every text field of a session, free of control characters.

use std::ops::ControlFlow;

use super::super::decision::Decision;
use super::super::element::ElementKind;
use super::super::id::Id;
use super::super::path::FieldPath;
use super::super::session::Session;
use super::{Found, ValidationError, first_forbidden};

/// One text field: what messages call it, the item holding it, its path, its text.
#[cfg(test)]
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

/// How messages name a text field.
#[derive(Clone, Copy)]
enum Name<'s> {
    /// Always the same words: "title".
    Fixed(&'static str),
    /// An item's ID and a word: "T3 title".
    Of(&'s Id, &'static str),
    /// Words and a number from 1: "asset 2".
    Numbered(&'static str, usize),
}

/// Where a text field is, in parts that cost nothing to make: the words and the path are
/// put together only for a message (most sessions have none).
#[derive(Clone, Copy)]
struct Where<'s> {
    /// How messages name it.
    name: Name<'s>,
    /// The item holding it, when it has an ID.
    owner: Option<&'s Id>,
    /// The session's field holding it (`threats`).
    list: &'static str,
    /// The item in that list, when it is one.
    index: Option<usize>,
    /// The fields from there down to the text (`grammar`, `source`).
    steps: &'static [&'static str],
}

impl<'s> Where<'s> {
    /// A field of the session itself, or inside one (`retrospective.worked`).
    fn session(name: &'static str, list: &'static str, steps: &'static [&'static str]) -> Self {
        Where {
            name: Name::Fixed(name),
            owner: None,
            list,
            index: None,
            steps,
        }
    }

    /// The text at `steps` inside item `index` of `list`.
    fn item(
        name: Name<'s>,
        list: &'static str,
        index: usize,
        steps: &'static [&'static str],
    ) -> Self {
        Where {
            name,
            owner: None,
            list,
            index: Some(index),
            steps,
        }
    }

    /// The same place, held by the item with ID `owner`.
    fn owned(self, owner: &'s Id) -> Self {
        Where {
            owner: Some(owner),
            ..self
        }
    }

    fn place(&self) -> String {
        match self.name {
            Name::Fixed(words) => words.to_owned(),
            Name::Of(id, word) => format!("{id} {word}"),
            Name::Numbered(words, n) => format!("{words} {n}"),
        }
    }

    fn path(&self) -> FieldPath {
        let mut path = FieldPath::field(self.list);
        if let Some(index) = self.index {
            path = path.at(index);
        }
        self.steps.iter().fold(path, |path, step| path.then(step))
    }

    /// The whole field, with its words and path.
    #[cfg(test)]
    fn field(self, text: &'s str) -> TextField<'s> {
        TextField {
            place: self.place(),
            owner: self.owner,
            path: self.path(),
            text,
        }
    }
}

/// Hands every text field of the session, in file order, to `visit`, until it breaks.
fn each<'s>(
    session: &'s Session,
    visit: &mut dyn FnMut(&'s str, Where<'s>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let fixed = Where::session;
    visit(&session.title, fixed("title", "title", &[]))?;
    if let Some(ticket) = &session.ticket {
        visit(ticket, fixed("ticket", "ticket", &[]))?;
    }
    visit(&session.notes, fixed("session notes", "notes", &[]))?;
    for (i, p) in session.participants.iter().enumerate() {
        let at = |words, step| Where::item(Name::Fixed(words), "participants", i, step);
        visit(&p.name, at("participant name", &["name"]))?;
        if let Some(role) = &p.role {
            visit(role, at("participant role", &["role"]))?;
        }
    }
    for (i, e) in session.elements.iter().enumerate() {
        let at =
            |word, steps| Where::item(Name::Of(&e.id, word), "elements", i, steps).owned(&e.id);
        visit(&e.name, at("name", &["name"]))?;
        visit(&e.notes, at("notes", &["notes"]))?;
        match &e.kind {
            ElementKind::DataFlow { data, .. } => visit(data, at("data", &["kind", "data"]))?,
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => {
                visit(supplier, at("supplier", &["kind", "supplier"]))?;
                if let Some(version) = version {
                    visit(version, at("version", &["kind", "version"]))?;
                }
                if let Some(purl) = purl {
                    visit(purl, at("purl", &["kind", "purl"]))?;
                }
            }
            _ => {}
        }
    }
    for (i, asset) in session.assets.iter().enumerate() {
        visit(
            asset,
            Where::item(Name::Numbered("asset", i + 1), "assets", i, &[]),
        )?;
    }
    for (i, a) in session.assumptions.iter().enumerate() {
        let at = Where::item(Name::Of(&a.id, "text"), "assumptions", i, &["text"]);
        visit(&a.text, at.owned(&a.id))?;
    }
    for (i, t) in session.threats.iter().enumerate() {
        let g = &t.grammar;
        for (steps, value) in [
            (&["title"][..], &t.title),
            (&["notes"], &t.notes),
            (&["grammar", "source"], &g.source),
            (&["grammar", "prerequisites"], &g.prerequisites),
            (&["grammar", "action"], &g.action),
            (&["grammar", "impact"], &g.impact),
            (&["grammar", "assets"], &g.assets),
        ] {
            // The last step names the field: "T3 source".
            let word = steps[steps.len() - 1];
            let at = Where::item(Name::Of(&t.id, word), "threats", i, steps);
            visit(value, at.owned(&t.id))?;
        }
    }
    for (i, c) in session.considered.iter().enumerate() {
        let name = Name::Of(&c.element, "considered note");
        let at = Where::item(name, "considered", i, &["note"]);
        visit(&c.note, at.owned(&c.element))?;
    }
    for (i, m) in session.needs_review.iter().enumerate() {
        let name = Name::Of(&m.element, "review reason");
        let at = Where::item(name, "needs_review", i, &["reason"]);
        visit(&m.reason, at.owned(&m.element))?;
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
        let at = |word, steps| Where::item(Name::Of(id, word), "decisions", i, steps).owned(id);
        visit(summary, at("summary", &["summary"]))?;
        visit(rationale, at("rationale", &["rationale"]))?;
        if let Some(owner) = owner {
            visit(owner, at("owner", &["owner"]))?;
        }
        if let Some(ticket) = ticket {
            visit(ticket, at("ticket", &["ticket"]))?;
        }
    }
    for (i, item) in session.parking_lot.iter().enumerate() {
        let name = Name::Numbered("parking lot item", i + 1);
        visit(&item.text, Where::item(name, "parking_lot", i, &["text"]))?;
    }
    let r = &session.retrospective;
    visit(
        &r.worked,
        fixed("retrospective", "retrospective", &["worked"]),
    )?;
    visit(
        &r.change,
        fixed("retrospective", "retrospective", &["change"]),
    )
}

/// Every text field of the session, in file order.
#[cfg(test)]
pub(crate) fn fields(session: &Session) -> Vec<TextField<'_>> {
    let mut out = Vec::new();
    let _ = each(session, &mut |text, at| {
        out.push(at.field(text));
        ControlFlow::Continue(())
    });
    out
}

/// Refuses control characters in any text field.
pub(super) fn check(session: &Session) -> Result<(), Found> {
    let mut found = None;
    let _ = each(session, &mut |text, at| match first_forbidden(text) {
        Some(c) => {
            found = Some((c, at));
            ControlFlow::Break(())
        }
        None => ControlFlow::Continue(()),
    });
    match found {
        None => Ok(()),
        Some((c, at)) => Err((
            ValidationError::ControlCharacter {
                place: at.place(),
                code: u32::from(c),
                owner: at.owner.cloned(),
            },
            at.path(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Agenda, Assumption, Category, DecisionKind, DecisionStatus, Element, NeedsReview,
        NothingFound, ParkingItem, Participant, Phase, Threat,
    };

    /// A session with one text of every kind, each saying where it is.
    fn every_text() -> Session {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 15)).collect(),
        };
        let mut s = Session::new("title", agenda, chrono::Utc::now());
        s.ticket = Some("ticket".into());
        s.participants.push(Participant {
            name: "Ana".into(),
            role: Some("lead".into()),
        });
        let kinds = [
            ElementKind::Process,
            ElementKind::DataFlow {
                from: "E1".into(),
                to: "E3".into(),
                data: "data".into(),
            },
            ElementKind::ThirdParty {
                supplier: "supplier".into(),
                version: Some("1.0".into()),
                purl: Some("pkg:cargo/x@1.0".into()),
            },
        ];
        for (i, kind) in kinds.into_iter().enumerate() {
            s.elements.push(Element {
                id: Id::from(format!("E{}", i + 1).as_str()),
                kind,
                name: "name".into(),
                notes: String::new(),
            });
        }
        s.assets.push("asset".into());
        s.assumptions.push(Assumption {
            id: "A1".into(),
            text: "text".into(),
        });
        s.threats.push(Threat {
            id: "T1".into(),
            element: "E1".into(),
            category: Category::Spoofing,
            title: "title".into(),
            grammar: Default::default(),
            likelihood: None,
            impact: None,
            residual_likelihood: None,
            residual_impact: None,
            references: Vec::new(),
            notes: String::new(),
        });
        s.considered.push(NothingFound {
            element: "E1".into(),
            category: Category::Tampering,
            note: "note".into(),
        });
        s.needs_review.push(NeedsReview {
            element: "E1".into(),
            category: Category::Repudiation,
            reason: "reason".into(),
        });
        s.decisions.push(Decision {
            id: "D1".into(),
            kind: DecisionKind::Mitigate,
            threats: vec!["T1".into()],
            summary: "summary".into(),
            rationale: String::new(),
            owner: Some("Bo".into()),
            ticket: Some("PAY-1".into()),
            status: DecisionStatus::Open,
            review_by: None,
            requirements: Vec::new(),
        });
        s.parking_lot.push(ParkingItem {
            text: "later".into(),
            follow_up: false,
        });
        s
    }

    /// Each field is named, owned and placed as messages have always said it.
    #[test]
    fn every_field_has_its_words_owner_and_path() {
        let session = every_text();
        let found: Vec<String> = fields(&session)
            .into_iter()
            .map(|f| {
                let owner = f.owner.map_or("-".to_owned(), ToString::to_string);
                format!("{} | {owner} | {}", f.place, f.path)
            })
            .collect();
        let expected = [
            "title | - | title",
            "ticket | - | ticket",
            "session notes | - | notes",
            "participant name | - | participants[0].name",
            "participant role | - | participants[0].role",
            "E1 name | E1 | elements[0].name",
            "E1 notes | E1 | elements[0].notes",
            "E2 name | E2 | elements[1].name",
            "E2 notes | E2 | elements[1].notes",
            "E2 data | E2 | elements[1].kind.data",
            "E3 name | E3 | elements[2].name",
            "E3 notes | E3 | elements[2].notes",
            "E3 supplier | E3 | elements[2].kind.supplier",
            "E3 version | E3 | elements[2].kind.version",
            "E3 purl | E3 | elements[2].kind.purl",
            "asset 1 | - | assets[0]",
            "A1 text | A1 | assumptions[0].text",
            "T1 title | T1 | threats[0].title",
            "T1 notes | T1 | threats[0].notes",
            "T1 source | T1 | threats[0].grammar.source",
            "T1 prerequisites | T1 | threats[0].grammar.prerequisites",
            "T1 action | T1 | threats[0].grammar.action",
            "T1 impact | T1 | threats[0].grammar.impact",
            "T1 assets | T1 | threats[0].grammar.assets",
            "E1 considered note | E1 | considered[0].note",
            "E1 review reason | E1 | needs_review[0].reason",
            "D1 summary | D1 | decisions[0].summary",
            "D1 rationale | D1 | decisions[0].rationale",
            "D1 owner | D1 | decisions[0].owner",
            "D1 ticket | D1 | decisions[0].ticket",
            "parking lot item 1 | - | parking_lot[0].text",
            "retrospective | - | retrospective.worked",
            "retrospective | - | retrospective.change",
        ];
        assert_eq!(found, expected);
    }

    /// The first control character is reported with the words and path of its field.
    #[test]
    fn a_control_character_is_placed() {
        let mut session = every_text();
        session.threats[0].grammar.action = "replay\u{1b}[2J".into();
        session.decisions[0].summary = "also \u{7}".into();
        let (error, path) = check(&session).unwrap_err();
        assert_eq!(
            error,
            ValidationError::ControlCharacter {
                place: "T1 action".into(),
                code: 0x1b,
                owner: Some("T1".into()),
            }
        );
        assert_eq!(path.to_string(), "threats[0].grammar.action");
        session.threats[0].grammar.action.clear();
        assert_eq!(
            check(&session).unwrap_err().0.subject(),
            Some(&Id::from("D1"))
        );
    }
}
