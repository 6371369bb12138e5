//! The one way to start a session: `threatbench new` and the workbench's new-session form
//! both describe it as a [`NewSession`] and get the same checks.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::session::{Agenda, Participant, Session};
use super::validate::{is_allowed_char, is_blank, validate};

/// What a new session starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// What is being modeled; surrounding blanks are dropped.
    pub title: String,
    /// The feature's ticket; blank means none.
    pub ticket: Option<String>,
    /// The agenda (a preset's, usually).
    pub agenda: Agenda,
    /// Who takes part.
    pub participants: Vec<Participant>,
}

/// Why a new session cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NewSessionError {
    /// The title is empty or blank.
    #[error("the title is empty")]
    EmptyTitle,
    /// A one-line text holds a line break or a control character.
    #[error("the {0} must be one line without control characters")]
    NotOneLine(&'static str),
    /// A participant without a name.
    #[error("{0:?} has no name; write Name or Name:role")]
    Nameless(String),
    /// Anything else the session's validation refuses (an agenda out of range, say).
    #[error("{0}")]
    Invalid(#[from] super::validate::ValidationError),
}

fn one_line(text: &str, what: &'static str) -> Result<(), NewSessionError> {
    if text
        .chars()
        .all(|c| is_allowed_char(c) && c != '\n' && c != '\t')
    {
        Ok(())
    } else {
        Err(NewSessionError::NotOneLine(what))
    }
}

impl NewSession {
    /// The session at revision 1, created `now`, or why it cannot be.
    pub fn create(self, now: DateTime<Utc>) -> Result<Session, NewSessionError> {
        let title = self.title.trim();
        if is_blank(title) {
            return Err(NewSessionError::EmptyTitle);
        }
        one_line(title, "title")?;
        let ticket = self
            .ticket
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(ticket) = ticket {
            one_line(ticket, "ticket")?;
        }
        for p in &self.participants {
            if is_blank(&p.name) {
                return Err(NewSessionError::Nameless(p.to_string()));
            }
            one_line(&p.name, "participant's name")?;
            if let Some(role) = &p.role {
                one_line(role, "participant's role")?;
            }
        }
        let mut session = Session::new(title, self.agenda, now);
        session.ticket = ticket.map(str::to_owned);
        session.participants = self.participants;
        validate(&session)?;
        Ok(session)
    }
}

impl Participant {
    /// Reads "Name:role, Name" as typed into the new-session form.
    pub fn parse_list(text: &str) -> Result<Vec<Participant>, NewSessionError> {
        text.split(',')
            .map(str::trim)
            .filter(|spec| !spec.is_empty())
            .map(|spec| {
                Participant::parse(spec).ok_or_else(|| NewSessionError::Nameless(spec.to_owned()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;

    fn new(title: &str, ticket: Option<&str>) -> NewSession {
        NewSession {
            title: title.into(),
            ticket: ticket.map(str::to_owned),
            agenda: Agenda {
                quick: false,
                phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
            },
            participants: Vec::new(),
        }
    }

    #[test]
    fn titles_and_tickets_are_trimmed_and_checked() {
        let s = new("  Refund API ", Some(" PAY-1 "))
            .create(Utc::now())
            .unwrap();
        assert_eq!(
            (s.title.as_str(), s.ticket.as_deref()),
            ("Refund API", Some("PAY-1"))
        );
        assert_eq!(
            new("x", Some("  ")).create(Utc::now()).unwrap().ticket,
            None
        );
        assert_eq!(
            new("   ", None).create(Utc::now()),
            Err(NewSessionError::EmptyTitle)
        );
        assert_eq!(
            new("evil\u{1b}]52", None).create(Utc::now()),
            Err(NewSessionError::NotOneLine("title"))
        );
        assert_eq!(
            new("a\nb", None).create(Utc::now()),
            Err(NewSessionError::NotOneLine("title"))
        );
        assert_eq!(
            new("x", Some("a\u{7}")).create(Utc::now()),
            Err(NewSessionError::NotOneLine("ticket"))
        );
    }

    #[test]
    fn participants_are_read_from_a_list() {
        let people = Participant::parse_list("Ana:facilitator, Bo,,").unwrap();
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].role.as_deref(), Some("facilitator"));
        assert_eq!(
            Participant::parse_list("Ana, :admin"),
            Err(NewSessionError::Nameless(":admin".into()))
        );
        let mut bad = new("x", None);
        bad.participants = vec![Participant {
            name: "Bo\u{1b}".into(),
            role: None,
        }];
        assert!(bad.create(Utc::now()).is_err());
    }
}
