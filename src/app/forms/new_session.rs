//! The new-session form (start screen `n`): title, ticket, agenda and the people in the
//! room. Saving it asks the runtime to create the session file.

use super::{Field, Form, FormKind, Slot};
use crate::app::core::Effect;
use crate::app::core::Shell;
use crate::assets;
use crate::model::{NewSession, NewSessionError, Participant};

const TITLE: Slot = Slot(0);
const TICKET: Slot = Slot(1);
const AGENDA: Slot = Slot(2);
const PEOPLE: Slot = Slot(3);

/// The agenda presets offered, as (preset name, what the form shows).
const AGENDAS: [(&str, &str); 4] = [
    ("30", "30 minutes"),
    ("45", "45 minutes"),
    ("60", "60 minutes"),
    ("quick", "quick (15 minutes, solo)"),
];

/// The new-session form, on a 45-minute agenda.
pub fn open() -> Form {
    Form::new(
        FormKind::NewSession,
        "New session",
        vec![
            Field::text(
                TITLE,
                "Title",
                "",
                "what are we working on? e.g. Refund API",
            ),
            Field::text(TICKET, "Ticket", "", "optional, e.g. PAY-142"),
            Field::choice(
                AGENDA,
                "Agenda",
                AGENDAS
                    .iter()
                    .map(|(_, label)| (*label).to_owned())
                    .collect(),
                1,
            ),
            Field::text(
                PEOPLE,
                "People",
                "",
                "optional, as Name:role separated by commas",
            ),
        ],
    )
}

/// Reads the form into a new session and asks the runtime to create it.
pub fn submit(form: &Form, shell: &mut Shell<'_>) -> Result<(), String> {
    let (preset_name, _) = AGENDAS[form.choice(AGENDA).unwrap_or(1)];
    let preset =
        assets::preset(preset_name).ok_or_else(|| format!("unknown agenda {preset_name}"))?;
    let participants = Participant::parse_list(&form.text(PEOPLE)).map_err(|e| e.to_string())?;
    let new = NewSession {
        title: form.text(TITLE),
        ticket: form.optional(TICKET),
        agenda: preset.agenda(),
        participants,
    };
    let session = new.create(shell.now.wall).map_err(|e| match e {
        NewSessionError::EmptyTitle => "a title is required".to_owned(),
        other => other.to_string(),
    })?;
    shell.effect(Effect::Create(Box::new(session)));
    shell.info("creating the session");
    Ok(())
}
