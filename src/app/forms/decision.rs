//! The decision form (decisions phase `Enter`, `A`): mitigate, avoid, transfer or accept,
//! the threats it answers, and who carries it out; an accepted risk needs an owner and a
//! review date (90 days ahead by default).

use chrono::NaiveDate;

use super::{Field, Form, FormKind, Slot};
use crate::app::core::Now;
use crate::model::{
    Applied, Decision, DecisionDraft, DecisionKind, DecisionStatus, Edit, EditError, Id,
    Requirement, Session, Target,
};

const KIND: Slot = Slot(0);
const ANSWERS: Slot = Slot(1);
const SUMMARY: Slot = Slot(2);
const RATIONALE: Slot = Slot(3);
const OWNER: Slot = Slot(4);
const TICKET: Slot = Slot(5);
const STATUS: Slot = Slot(6);
const REVIEW_BY: Slot = Slot(7);
const REQUIREMENTS: Slot = Slot(8);

/// Which decision the form is for, and what its checklist stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionForm {
    /// The decision being edited; `None` for a new one.
    pub editing: Option<Id>,
    /// The threats offered, in the order of the checklist: every threat of the session.
    pub offered: Vec<Id>,
    /// The review date filled in when the kind becomes "accept".
    pub default_review: NaiveDate,
}

/// Editing `existing`, or a new decision of `kind` answering `targets`.
pub fn open(
    session: &Session,
    existing: Option<&Decision>,
    targets: &[Id],
    kind: Option<DecisionKind>,
    now: Now,
) -> Form {
    let default_review = now.wall.date_naive() + chrono::Days::new(90);
    let kind = existing
        .map(|d| d.kind)
        .or(kind)
        .unwrap_or(DecisionKind::Mitigate);
    let answered: &[Id] = existing.map_or(targets, |d| &d.threats);
    // Every threat is offered: one may have several decisions. A threat other decisions
    // already answer says which, so a second control is chosen knowingly.
    let own = existing.map(|d| &d.id);
    let mut others: std::collections::HashMap<&Id, Vec<&str>> = std::collections::HashMap::new();
    for d in session.decisions.iter().filter(|d| Some(&d.id) != own) {
        for t in &d.threats {
            others.entry(t).or_default().push(d.id.as_str());
        }
    }
    let offered: Vec<&crate::model::Threat> = session.threats.iter().collect();
    let labels = offered
        .iter()
        .map(|t| {
            let also = others
                .get(&t.id)
                .map(|ds| format!(" (also {})", ds.join(", ")))
                .unwrap_or_default();
            format!("{}{also} {}", t.id, crate::text::one_line(&t.title))
        })
        .collect();
    let checked = offered.iter().map(|t| answered.contains(&t.id)).collect();
    let cursor = offered
        .iter()
        .position(|t| answered.first() == Some(&t.id))
        .unwrap_or(0);
    // Taken apart field by field: a field added to decisions must get a form field too.
    let DecisionDraft {
        kind: _,
        threats: _,
        summary,
        rationale,
        owner,
        ticket,
        status,
        review_by,
        requirements,
    } = existing.map_or_else(|| DecisionDraft::new(kind), DecisionDraft::from);
    let review = review_by
        .or((kind == DecisionKind::Accept).then_some(default_review))
        .map(|d| d.to_string())
        .unwrap_or_default();
    let fields = vec![
        Field::choice(
            KIND,
            "Decision",
            DecisionKind::ALL.map(|k| k.name().to_owned()).to_vec(),
            index_of(&DecisionKind::ALL, kind),
        ),
        Field::checklist(ANSWERS, "Answers", labels, checked, cursor),
        Field::text(
            SUMMARY,
            "Summary",
            &summary,
            "what will be done, in one line",
        ),
        Field::lines(RATIONALE, "Rationale", &rationale, "why this response"),
        Field::text(
            OWNER,
            "Owner",
            owner.as_deref().unwrap_or(""),
            "who carries it out (or owns the risk)",
        ),
        Field::text(
            TICKET,
            "Ticket",
            ticket.as_deref().unwrap_or(""),
            "optional, e.g. PAY-150",
        ),
        Field::choice(
            STATUS,
            "Status",
            DecisionStatus::ALL.map(|s| s.name().to_owned()).to_vec(),
            index_of(&DecisionStatus::ALL, status),
        ),
        Field::text(
            REVIEW_BY,
            "Review by",
            &review,
            "YYYY-MM-DD; required to accept a risk",
        ),
        Field::text(
            REQUIREMENTS,
            "CRA serves",
            &Requirement::join(&requirements),
            "optional: Annex I points, e.g. 2d, 2f",
        ),
    ];
    let title = match existing {
        Some(d) => format!("Edit decision {}", d.id),
        None => "New decision".to_owned(),
    };
    let form_kind = DecisionForm {
        editing: existing.map(|d| d.id.clone()),
        offered: offered.iter().map(|t| t.id.clone()).collect(),
        default_review,
    };
    let mut form = Form::new(FormKind::Decision(form_kind), title, fields);
    form.focus = 2;
    form
}

fn index_of<T: PartialEq>(all: &[T], value: T) -> usize {
    all.iter().position(|v| *v == value).unwrap_or(0)
}

fn kind(form: &Form) -> DecisionKind {
    form.choice(KIND)
        .and_then(|i| DecisionKind::ALL.get(i).copied())
        .unwrap_or(DecisionKind::Mitigate)
}

/// After a choice changed: an accepted risk gets the default review date when it has none.
pub fn chosen(form: &mut Form, slot: Slot) {
    let FormKind::Decision(decision) = &form.kind else {
        return;
    };
    if slot == KIND && kind(form) == DecisionKind::Accept && form.text(REVIEW_BY).is_empty() {
        let date = decision.default_review.to_string();
        if let Some(field) = form.field_mut(REVIEW_BY) {
            field.append(&date);
        }
    }
}

/// The edit the form asks for; a review date that is not a date, or a requirement that is
/// not a point of CRA Annex I Part I, is refused here.
pub fn read(form: &Form, decision: &DecisionForm) -> Result<Edit, String> {
    let requirements =
        Requirement::parse_list(&form.text(REQUIREMENTS)).map_err(|e| e.to_string())?;
    let review = form.text(REVIEW_BY);
    let review_by = if review.is_empty() {
        None
    } else {
        Some(
            NaiveDate::parse_from_str(&review, "%Y-%m-%d")
                .map_err(|_| format!("review date {review:?} is not a date like 2027-02-25"))?,
        )
    };
    let draft = DecisionDraft {
        kind: kind(form),
        threats: form
            .checked(ANSWERS)
            .into_iter()
            .filter_map(|i| decision.offered.get(i).cloned())
            .collect(),
        summary: form.text(SUMMARY),
        rationale: form.text(RATIONALE),
        owner: form.optional(OWNER),
        ticket: form.optional(TICKET),
        status: form
            .choice(STATUS)
            .and_then(|i| DecisionStatus::ALL.get(i).copied())
            .unwrap_or_default(),
        review_by,
        requirements,
    };
    Ok(match &decision.editing {
        Some(id) => Edit::UpdateDecision(id.clone(), draft),
        None => Edit::AddDecision(draft),
    })
}

/// The field to fix when the model refused the decision.
pub fn field_at_fault(error: &EditError) -> Option<Slot> {
    match error {
        EditError::AcceptWithoutOwner => Some(OWNER),
        EditError::AcceptWithoutReview | EditError::ReviewInPast(_) => Some(REVIEW_BY),
        EditError::NoThreats => Some(ANSWERS),
        EditError::Required(_) => Some(SUMMARY),
        _ => None,
    }
}

/// What to say once saved.
pub fn saved(session: &Session, applied: &Applied) -> String {
    let Some(Target::Decision(id)) = &applied.target else {
        return "saved the decision".into();
    };
    let kind = session
        .decisions
        .iter()
        .find(|d| &d.id == id)
        .map_or("", |d| d.kind.name());
    format!("saved {id} ({kind})")
}
