//! Saving a form: read what was typed into an [`Edit`] (or, for the new-session form, a
//! [`NewSession`]) and hand it to the workbench's one door; a refusal keeps the form open
//! with the reason.

use super::action::Effect;
use super::form::{FieldKey, Form, FormKind};
use super::scope::{ScopeRow, scope_rows};
use super::status::{apply, info};
use super::{App, Now, Overlay, Screen};
use crate::assets;
use crate::model::{
    Applied, DecisionDraft, Edit, ElementDraft, ElementKind, Id, KindTag, NewSession,
    NewSessionError, Participant, Retrospective, Session, Target, ThreatDraft,
};

/// Saves the form on top: applies it, or leaves it open with the reason it was refused.
pub fn submit(app: &mut App, now: Now, effects: &mut Vec<Effect>) {
    let Some(Overlay::Form(form)) = app.overlays.last() else {
        return;
    };
    if form.kind == FormKind::Filter {
        app.overlays.pop();
        return;
    }
    let form = form.as_ref().clone();
    let result = match (&form.kind, &mut app.screen) {
        (FormKind::NewSession, _) => new_session(&form, now).map(|session| {
            effects.push(Effect::Create(Box::new(session)));
            "creating the session".to_owned()
        }),
        (_, Screen::Workbench(wb)) => read(&form, wb.session()).and_then(|edit| {
            let applied = wb.apply(edit, now).map_err(|refusal| refusal.to_string())?;
            let (message, focus) = said(wb.session(), &applied, &form.kind);
            if matches!(form.kind, FormKind::Decision(_)) {
                // The marks were for this decision; it is made.
                wb.decisions.marked.clear();
            }
            if let Some(focus) = focus {
                let rows = scope_rows(wb.session());
                if let Some(index) = rows.iter().position(|r| *r == focus) {
                    wb.scope.cursor = index;
                }
            }
            Ok(message)
        }),
        _ => Err("no session is open".to_owned()),
    };
    match result {
        Ok(message) => {
            app.overlays.pop();
            app.status = Some(info(message));
        }
        Err(reason) => {
            if let Some(Overlay::Form(open)) = app.overlays.last_mut() {
                open.error = Some(reason);
            }
        }
    }
}

fn optional(form: &Form, key: FieldKey) -> Option<String> {
    Some(form.text(key)).filter(|t| !t.is_empty())
}

fn new_session(form: &Form, now: Now) -> Result<Session, String> {
    let preset_name = form.choice(FieldKey::Agenda).unwrap_or_else(|| "45".into());
    let preset =
        assets::preset(&preset_name).ok_or_else(|| format!("unknown agenda {preset_name}"))?;
    let participants =
        Participant::parse_list(&form.text(FieldKey::Participants)).map_err(|e| e.to_string())?;
    let new = NewSession {
        title: form.text(FieldKey::Title),
        ticket: optional(form, FieldKey::Ticket),
        agenda: preset.agenda(),
        participants,
    };
    new.create(now.wall).map_err(|e| match e {
        NewSessionError::EmptyTitle => "a title is required".to_owned(),
        other => other.to_string(),
    })
}

/// Reads a session form into the edit it asks for. What the model checks (a required name,
/// an owner for an acceptance, ...) is left to it; only what cannot be read is refused here.
fn read(form: &Form, session: &Session) -> Result<Edit, String> {
    Ok(match &form.kind {
        FormKind::Element(editing) => {
            let draft = element(form)?;
            match editing {
                Some(id) => Edit::UpdateElement(id.clone(), draft),
                None => Edit::AddElement(draft),
            }
        }
        FormKind::Participant(index) => {
            let participant = Participant {
                name: form.text(FieldKey::Name),
                role: optional(form, FieldKey::Role),
            };
            match index {
                Some(i) => Edit::UpdateParticipant(*i, participant),
                None => Edit::AddParticipant(participant),
            }
        }
        FormKind::Asset(index) => {
            let text = form.text(FieldKey::Text);
            match index {
                Some(i) => Edit::UpdateAsset(*i, text),
                None => Edit::AddAsset(text),
            }
        }
        FormKind::Assumption(id) => {
            let text = form.text(FieldKey::Text);
            match id {
                Some(id) => Edit::UpdateAssumption(id.clone(), text),
                None => Edit::AddAssumption(text),
            }
        }
        FormKind::Park => Edit::Park(form.text(FieldKey::Text)),
        FormKind::Threat(editing, element, category) => {
            let draft = ThreatDraft {
                title: form.text(FieldKey::Title),
                grammar: form.grammar(),
                likelihood: form.rating(FieldKey::Likelihood),
                impact: form.rating(FieldKey::Impact),
                notes: form.text(FieldKey::Notes),
            };
            match editing {
                Some(id) => Edit::UpdateThreat(id.clone(), draft),
                None => Edit::AddThreat {
                    element: element.clone(),
                    category: *category,
                    draft,
                },
            }
        }
        FormKind::Considered(element, category) => Edit::NothingFound {
            element: element.clone(),
            category: *category,
            note: form.text(FieldKey::Text),
        },
        FormKind::Decision(editing) => {
            let draft = decision(form)?;
            match editing {
                Some(id) => Edit::UpdateDecision(id.clone(), draft),
                None => Edit::AddDecision(draft),
            }
        }
        FormKind::Retrospective => Edit::Retrospective(Retrospective {
            worked: form.text(FieldKey::Worked),
            change: form.text(FieldKey::Change),
        }),
        FormKind::NewSession | FormKind::Filter => {
            let _ = session;
            return Err("not a session edit".into());
        }
    })
}

/// What to say once a form's edit is applied, and the scope row to put the cursor on.
fn said(session: &Session, applied: &Applied, kind: &FormKind) -> (String, Option<ScopeRow>) {
    let position = |found: Option<usize>, row: fn(usize) -> ScopeRow| found.map(row);
    match &applied.target {
        Some(Target::Element(id)) => {
            let index = session.elements.iter().position(|e| &e.id == id);
            let name = session.element(id).map_or("", |e| e.name.as_str());
            (
                format!("saved {id} {}", crate::text::one_line(name)),
                position(index, ScopeRow::Element),
            )
        }
        Some(Target::Participant(i)) => (
            format!(
                "saved participant {}",
                session
                    .participants
                    .get(*i)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            Some(ScopeRow::Participant(*i)),
        ),
        Some(Target::Asset(i)) => ("saved the asset".into(), Some(ScopeRow::Asset(*i))),
        Some(Target::Assumption(id)) => {
            let index = session.assumptions.iter().position(|a| &a.id == id);
            (format!("saved {id}"), position(index, ScopeRow::Assumption))
        }
        Some(Target::Parked(_)) => (
            format!("parked ({} in the parking lot)", session.parking_lot.len()),
            None,
        ),
        Some(Target::Threat(id)) => (format!("saved {id}"), None),
        Some(Target::Considered(element, category)) => (
            format!("{element} · {category}: considered, nothing found"),
            None,
        ),
        Some(Target::Decision(id)) => {
            let kind = session
                .decisions
                .iter()
                .find(|d| &d.id == id)
                .map_or("", |d| d.kind.name());
            (format!("saved {id} ({kind})"), None)
        }
        Some(Target::Retrospective) => ("saved the retrospective".into(), None),
        None => (format!("saved ({kind:?})"), None),
    }
}

fn element(form: &Form) -> Result<ElementDraft, String> {
    let tag = form.kind_tag().ok_or("choose a kind")?;
    let id_of = |key: FieldKey, what: &str| -> Result<Id, String> {
        form.choice(key)
            .map(|v| Id::from(v.as_str()))
            .ok_or_else(|| format!("a flow needs {what}: add the elements it connects first"))
    };
    let kind = match tag {
        KindTag::ExternalEntity => ElementKind::ExternalEntity,
        KindTag::Process => ElementKind::Process,
        KindTag::DataStore => ElementKind::DataStore {
            holds_logs: form.toggle(FieldKey::HoldsLogs),
        },
        KindTag::DataFlow => ElementKind::DataFlow {
            from: id_of(FieldKey::From, "a source")?,
            to: id_of(FieldKey::To, "a destination")?,
            data: form.text(FieldKey::Data),
        },
        KindTag::TrustBoundary => ElementKind::TrustBoundary {
            members: form
                .checked(FieldKey::Members)
                .iter()
                .map(|v| Id::from(v.as_str()))
                .collect(),
        },
        KindTag::ThirdParty => ElementKind::ThirdParty {
            supplier: form.text(FieldKey::Supplier),
            version: optional(form, FieldKey::Version),
            purl: optional(form, FieldKey::Purl),
        },
    };
    Ok(ElementDraft {
        name: form.text(FieldKey::Name),
        kind,
        notes: form.text(FieldKey::Notes),
    })
}

/// Adds the selected suggestion of the suggestions overlay as an ordinary threat.
pub fn accept_suggestion(app: &mut App, now: Now) {
    let Some(Overlay::Suggest {
        element,
        category,
        entries,
        cursor,
    }) = app.overlays.last()
    else {
        return;
    };
    let Some(entry) = entries.get(*cursor) else {
        return;
    };
    let edit = Edit::AddThreat {
        element: element.clone(),
        category: *category,
        draft: ThreatDraft {
            title: entry.title.clone(),
            grammar: entry.grammar(),
            ..ThreatDraft::default()
        },
    };
    if let Some(Applied {
        target: Some(Target::Threat(id)),
        ..
    }) = apply(app, edit, now)
    {
        app.overlays.pop();
        app.status = Some(info(format!(
            "added {id} from the library: rate it and adjust it with Enter"
        )));
    }
}

fn decision(form: &Form) -> Result<DecisionDraft, String> {
    let review = form.text(FieldKey::ReviewBy);
    let review_by = if review.is_empty() {
        None
    } else {
        Some(
            chrono::NaiveDate::parse_from_str(&review, "%Y-%m-%d")
                .map_err(|_| format!("review date {review:?} is not a date like 2027-02-25"))?,
        )
    };
    Ok(DecisionDraft {
        kind: form.decision_kind(),
        threats: form
            .checked(FieldKey::Threats)
            .iter()
            .map(|v| Id::from(v.as_str()))
            .collect(),
        summary: form.text(FieldKey::Summary),
        rationale: form.text(FieldKey::Rationale),
        owner: optional(form, FieldKey::Owner),
        ticket: optional(form, FieldKey::Ticket),
        status: form.decision_status(),
        review_by,
    })
}
