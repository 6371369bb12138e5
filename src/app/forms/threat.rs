//! The threat form (threats phase `a`, `Enter`): a title is enough; the threat-grammar
//! parts make a full statement, previewed as they are typed; likelihood and impact are
//! ratings.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::Command;
use crate::app::core::keymap::{Mode, keys_for};
use crate::model::{
    Applied, Category, Edit, EditError, Grammar, Id, Reference, Session, Target, Threat,
    ThreatDraft,
};

const TITLE: Slot = Slot(0);
const SOURCE: Slot = Slot(1);
const NEEDING: Slot = Slot(2);
const CAN: Slot = Slot(3);
const LEADING_TO: Slot = Slot(4);
const HARMING: Slot = Slot(5);
const LIKELIHOOD: Slot = Slot(6);
const IMPACT: Slot = Slot(7);
const RESIDUAL_LIKELIHOOD: Slot = Slot(8);
const RESIDUAL_IMPACT: Slot = Slot(9);
const REFERENCES: Slot = Slot(10);
const NOTES: Slot = Slot(11);

/// Which threat of which cell the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreatForm {
    /// The threat being edited; `None` for a new one.
    pub editing: Option<Id>,
    /// The element of the cell.
    pub element: Id,
    /// The category of the cell.
    pub category: Category,
}

/// The form for a new threat in the cell of `element` and `category`, or for `existing`.
pub fn open(
    session: &Session,
    element: &Id,
    category: Category,
    existing: Option<&Threat>,
) -> Form {
    let name = session.element(element).map_or(String::new(), |e| {
        crate::text::one_line(&e.name).into_owned()
    });
    let title = match existing {
        Some(t) => format!("Edit {} · {element} {name} · {category}", t.id),
        None => format!("New threat · {element} {name} · {category}"),
    };
    let g = existing.map(|t| t.grammar.clone()).unwrap_or_default();
    let fields = vec![
        Field::text(
            TITLE,
            "Title",
            existing.map_or("", |t| &t.title),
            "a short title is enough, e.g. Amount altered in transit",
        ),
        Field::text(
            SOURCE,
            "Source",
            &g.source,
            "who or what acts: external attacker",
        ),
        Field::text(
            NEEDING,
            "Needing",
            &g.prerequisites,
            "what they need first: with a stolen session cookie",
        ),
        Field::text(
            CAN,
            "Can",
            &g.action,
            "what they do: replay a refund request",
        ),
        Field::text(
            LEADING_TO,
            "Leading to",
            &g.impact,
            "the direct result: a second payout",
        ),
        Field::text(
            HARMING,
            "Harming",
            &g.assets,
            "what suffers: merchant funds",
        ),
        Field::rating(
            LIKELIHOOD,
            "Likelihood",
            existing.and_then(|t| t.likelihood),
        ),
        Field::rating(IMPACT, "Impact", existing.and_then(|t| t.impact)),
        Field::rating(
            RESIDUAL_LIKELIHOOD,
            "Residual L",
            existing.and_then(|t| t.residual_likelihood),
        ),
        Field::rating(
            RESIDUAL_IMPACT,
            "Residual I",
            existing.and_then(|t| t.residual_impact),
        ),
        Field::text(
            REFERENCES,
            "CWE/CAPEC",
            &existing.map_or_else(String::new, |t| Reference::join(&t.references)),
            "optional: CWE-79, CAPEC-63",
        ),
        Field::lines(
            NOTES,
            "Notes",
            existing.map_or("", |t| &t.notes),
            &format!(
                "optional; {} for a new line",
                keys_for(Mode::Form, &Command::Enter)
            ),
        ),
    ];
    let kind = ThreatForm {
        editing: existing.map(|t| t.id.clone()),
        element: element.clone(),
        category,
    };
    Form::new(FormKind::Threat(kind), title, fields)
}

/// The threat grammar as typed so far.
pub fn grammar(form: &Form) -> Grammar {
    Grammar {
        source: form.text(SOURCE),
        prerequisites: form.text(NEEDING),
        action: form.text(CAN),
        impact: form.text(LEADING_TO),
        assets: form.text(HARMING),
    }
}

/// The edit the form asks for; references that are not CWE or CAPEC IDs are refused here.
pub fn read(form: &Form, kind: &ThreatForm) -> Result<Edit, String> {
    let references = Reference::parse_list(&form.text(REFERENCES)).map_err(|e| e.to_string())?;
    let draft = ThreatDraft {
        title: form.text(TITLE),
        grammar: grammar(form),
        likelihood: form.rating(LIKELIHOOD),
        impact: form.rating(IMPACT),
        residual_likelihood: form.rating(RESIDUAL_LIKELIHOOD),
        residual_impact: form.rating(RESIDUAL_IMPACT),
        references,
        notes: form.text(NOTES),
    };
    Ok(match &kind.editing {
        Some(id) => Edit::UpdateThreat(id.clone(), draft),
        None => Edit::AddThreat {
            element: kind.element.clone(),
            category: kind.category,
            draft,
        },
    })
}

/// The field to fix when the model refused the threat.
pub fn field_at_fault(error: &EditError) -> Option<Slot> {
    match error {
        EditError::Required(_) => Some(TITLE),
        EditError::OutOfRange(what, _) if what.starts_with("residual") => Some(RESIDUAL_LIKELIHOOD),
        _ => None,
    }
}

/// What to say once saved.
pub fn saved(applied: &Applied) -> String {
    match &applied.target {
        Some(Target::Threat(id)) => format!("saved {id}"),
        _ => "saved the threat".into(),
    }
}
