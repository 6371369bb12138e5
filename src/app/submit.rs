//! Saving a form: check what was typed, then turn it into a change of the session (or, for
//! the new-session form, into a session to create).

use super::action::Effect;
use super::form::{FieldKey, Form, FormKind};
use super::scope::{ScopeRow, scope_rows};
use super::update::edited;
use super::{App, Now, Overlay, Screen, Status};
use crate::assets;
use crate::model::{
    Assumption, Considered, Decision, DecisionKind, Element, ElementKind, Id, IdKind, KindTag,
    NewSession, NewSessionError, ParkingItem, Participant, Session, Threat,
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
        (_, Screen::Workbench(wb)) => {
            // Applied to a copy first: a form can never leave a session that would not save.
            let mut changed = wb.session.clone();
            let applied = review_date_ahead(&form, now)
                .and_then(|()| apply(&form, &mut changed))
                .and_then(|ok| {
                    crate::model::validate(&changed).map_err(|e| format!("not possible: {e}"))?;
                    Ok(ok)
                });
            if applied.is_ok() {
                wb.session = changed;
            }
            if let Ok((_, focus)) = &applied {
                edited(wb, now);
                if matches!(form.kind, FormKind::Decision(_)) {
                    // The marks were for this decision; it is made.
                    wb.decisions.marked.clear();
                }
                if let Some(focus) = focus {
                    let rows = scope_rows(&wb.session);
                    if let Some(index) = rows.iter().position(|r| r == focus) {
                        wb.scope.cursor = index;
                    }
                }
            }
            applied.map(|(message, _)| message)
        }
        _ => Err("no session is open".to_owned()),
    };
    match result {
        Ok(message) => {
            app.overlays.pop();
            app.status = Some(Status {
                text: message,
                error: false,
            });
        }
        Err(reason) => {
            if let Some(Overlay::Form(open)) = app.overlays.last_mut() {
                open.error = Some(reason);
            }
        }
    }
}

fn required(form: &Form, key: FieldKey, what: &str) -> Result<String, String> {
    let text = form.text(key);
    if text.is_empty() {
        Err(format!("{what} is required"))
    } else {
        Ok(text)
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

/// Applies a form to the session. Returns a message and the row to put the cursor on.
fn apply(form: &Form, session: &mut Session) -> Result<(String, Option<ScopeRow>), String> {
    match &form.kind {
        FormKind::Element(editing) => element(form, session, editing.as_ref()),
        FormKind::Participant(index) => {
            let name = required(form, FieldKey::Name, "a name")?;
            let participant = Participant {
                name,
                role: optional(form, FieldKey::Role),
            };
            let message = format!("{participant}");
            let index = match index {
                Some(i) if *i < session.participants.len() => {
                    session.participants[*i] = participant;
                    *i
                }
                _ => {
                    session.participants.push(participant);
                    session.participants.len() - 1
                }
            };
            Ok((
                format!("saved participant {message}"),
                Some(ScopeRow::Participant(index)),
            ))
        }
        FormKind::Asset(index) => {
            let text = required(form, FieldKey::Text, "the asset")?;
            let index = match index {
                Some(i) if *i < session.assets.len() => {
                    session.assets[*i] = text;
                    *i
                }
                _ => {
                    session.assets.push(text);
                    session.assets.len() - 1
                }
            };
            Ok(("saved the asset".into(), Some(ScopeRow::Asset(index))))
        }
        FormKind::Assumption(id) => {
            let text = required(form, FieldKey::Text, "the assumption")?;
            let existing = id
                .as_ref()
                .and_then(|id| session.assumptions.iter().position(|a| &a.id == id));
            let index = match existing {
                Some(i) => {
                    session.assumptions[i].text = text;
                    i
                }
                None => {
                    let id = session.issue_id(IdKind::Assumption);
                    session.assumptions.push(Assumption { id, text });
                    session.assumptions.len() - 1
                }
            };
            Ok((
                format!("saved {}", session.assumptions[index].id),
                Some(ScopeRow::Assumption(index)),
            ))
        }
        FormKind::Park => {
            let text = required(form, FieldKey::Text, "the point")?;
            session.parking_lot.push(ParkingItem {
                text,
                follow_up: false,
            });
            Ok((
                format!("parked ({} in the parking lot)", session.parking_lot.len()),
                None,
            ))
        }
        FormKind::Threat(editing, element, category) => {
            let title = required(form, FieldKey::Title, "a title")?;
            let threat = Threat {
                id: editing.clone().unwrap_or_else(|| Id::from("")),
                element: element.clone(),
                category: *category,
                title,
                grammar: form.grammar(),
                likelihood: form.rating(FieldKey::Likelihood),
                impact: form.rating(FieldKey::Impact),
                notes: form.text(FieldKey::Notes),
            };
            let id = match editing
                .as_ref()
                .and_then(|id| session.threats.iter().position(|t| &t.id == id))
            {
                Some(i) => {
                    session.threats[i] = threat;
                    session.threats[i].id.clone()
                }
                None => {
                    let id = session.issue_id(IdKind::Threat);
                    session.threats.push(Threat {
                        id: id.clone(),
                        ..threat
                    });
                    id
                }
            };
            Ok((format!("saved {id}"), None))
        }
        FormKind::Considered(element, category) => {
            let note = required(form, FieldKey::Text, "a reason")?;
            match session
                .considered
                .iter_mut()
                .find(|c| &c.element == element && c.category == *category)
            {
                Some(existing) => existing.note = note,
                None => session.considered.push(Considered {
                    element: element.clone(),
                    category: *category,
                    note,
                }),
            }
            Ok((
                format!("{element} · {category}: considered, nothing found"),
                None,
            ))
        }
        FormKind::Decision(editing) => decision(form, session, editing.as_ref()),
        FormKind::Retrospective => {
            session.retrospective.worked = form.text(FieldKey::Worked);
            session.retrospective.change = form.text(FieldKey::Change);
            Ok(("saved the retrospective".into(), None))
        }
        FormKind::NewSession | FormKind::Filter => Err("not a session edit".into()),
    }
}

fn element(
    form: &Form,
    session: &mut Session,
    editing: Option<&Id>,
) -> Result<(String, Option<ScopeRow>), String> {
    let name = required(form, FieldKey::Name, "a name")?;
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
        KindTag::DataFlow => {
            let from = id_of(FieldKey::From, "a source")?;
            let to = id_of(FieldKey::To, "a destination")?;
            if from == to {
                return Err("a flow needs two different ends: change From or To".into());
            }
            ElementKind::DataFlow {
                from,
                to,
                data: form.text(FieldKey::Data),
            }
        }
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
    let notes = form.text(FieldKey::Notes);
    let existing = editing.and_then(|id| session.elements.iter().position(|e| &e.id == id));
    let index = match existing {
        Some(i) => {
            let element = &mut session.elements[i];
            element.name = name;
            element.kind = kind;
            element.notes = notes;
            i
        }
        None => {
            let id = session.issue_id(IdKind::Element);
            session.elements.push(Element {
                id,
                kind,
                name,
                notes,
            });
            session.elements.len() - 1
        }
    };
    let element = &session.elements[index];
    Ok((
        format!(
            "saved {} {}",
            element.id,
            crate::text::one_line(&element.name)
        ),
        Some(ScopeRow::Element(index)),
    ))
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
    let Some(entry) = entries.get(*cursor).cloned() else {
        return;
    };
    let (element, category) = (element.clone(), *category);
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let id = wb.session.issue_id(IdKind::Threat);
    wb.session.threats.push(Threat {
        id: id.clone(),
        element,
        category,
        title: entry.title.clone(),
        grammar: entry.grammar(),
        likelihood: None,
        impact: None,
        notes: String::new(),
    });
    edited(wb, now);
    app.overlays.pop();
    app.status = Some(Status {
        text: format!("added {id} from the library: rate it and adjust it with Enter"),
        error: false,
    });
}

/// An accepted risk is reviewed in the future: a review date already past is a typo.
fn review_date_ahead(form: &Form, now: Now) -> Result<(), String> {
    if !matches!(form.kind, FormKind::Decision(_)) || form.decision_kind() != DecisionKind::Accept {
        return Ok(());
    }
    let review = form.text(FieldKey::ReviewBy);
    match chrono::NaiveDate::parse_from_str(&review, "%Y-%m-%d") {
        Ok(date) if date < now.wall.date_naive() => Err(format!(
            "review date {review} is in the past: when should this risk be looked at again?"
        )),
        _ => Ok(()),
    }
}

fn decision(
    form: &Form,
    session: &mut Session,
    editing: Option<&Id>,
) -> Result<(String, Option<ScopeRow>), String> {
    let kind = form.decision_kind();
    let threats: Vec<Id> = form
        .checked(FieldKey::Threats)
        .iter()
        .map(|v| Id::from(v.as_str()))
        .collect();
    if threats.is_empty() {
        return Err("tick at least one threat this decision answers".into());
    }
    let summary = required(form, FieldKey::Summary, "a summary")?;
    let owner = optional(form, FieldKey::Owner);
    let review = form.text(FieldKey::ReviewBy);
    let review_by = if review.is_empty() {
        None
    } else {
        Some(
            chrono::NaiveDate::parse_from_str(&review, "%Y-%m-%d")
                .map_err(|_| format!("review date {review:?} is not a date like 2027-02-25"))?,
        )
    };
    if kind == DecisionKind::Accept {
        if owner.is_none() {
            return Err("accepting a risk needs an owner: who signs it off?".into());
        }
        if review_by.is_none() {
            return Err("accepting a risk needs a review date".into());
        }
    }
    let decision = Decision {
        id: editing.cloned().unwrap_or_else(|| Id::from("")),
        kind,
        threats,
        summary,
        rationale: form.text(FieldKey::Rationale),
        owner,
        ticket: optional(form, FieldKey::Ticket),
        status: form.decision_status(),
        review_by,
    };
    let id = match editing.and_then(|id| session.decisions.iter().position(|d| &d.id == id)) {
        Some(i) => {
            session.decisions[i] = decision;
            session.decisions[i].id.clone()
        }
        None => {
            let id = session.issue_id(IdKind::Decision);
            session.decisions.push(Decision {
                id: id.clone(),
                ..decision
            });
            id
        }
    };
    Ok((format!("saved {id} ({})", kind.name()), None))
}
