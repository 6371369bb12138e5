//! Revisions: a session is a living document. [`revise`] starts the next revision of a
//! session in place, linked to the bytes of the one before by their SHA-256; [`chain`]
//! checks such links over files or a file's committed history. Pure functions: the command
//! line reads the files and git, and saves through the store.

pub mod chain;
pub mod file;

use chrono::{DateTime, SubsecRound, Utc};

use crate::model::{Clock, Phase, Retrospective, Revision, Session};

pub use chain::{Break, Chain, Origin, Version};

/// The next revision of `session`, whose file held `previous_bytes`, started `now`.
///
/// The revision number goes up by one and `previous` records the old number with the
/// SHA-256 of those bytes. The record of the meeting starts fresh — the clock (back to the
/// agenda's first phase, nothing elapsed), the participants and the retrospective — since the
/// next revision is another meeting. Everything the team found and decided is carried over:
/// elements, assets, assumptions, threats, considered cells, decisions, the agenda and the ID
/// counters (IDs keep growing, never reused). So is the parking lot: its points wait for
/// "later", which may well be the next revision, and dropping them would lose them.
/// `created` stays the session's birth; `updated` is `now`.
///
/// `None` when the revision number cannot grow (at `u32::MAX`).
pub fn revise(session: &Session, previous_bytes: &[u8], now: DateTime<Utc>) -> Option<Session> {
    let revision = session.revision.checked_add(1)?;
    Some(Session {
        revision,
        previous: Some(Revision {
            number: session.revision,
            sha256: crate::store::sha256_hex(previous_bytes),
        }),
        updated: now.trunc_subsecs(0).max(session.created),
        clock: Clock::starting(first_phase(session)),
        participants: Vec::new(),
        retrospective: Retrospective::default(),
        ..session.clone()
    })
}

/// The phase a meeting on this session starts in: the threat walk for a quick review, as
/// [`Session::new`] does.
fn first_phase(session: &Session) -> Phase {
    if session.agenda.quick {
        Phase::Threats
    } else {
        Phase::Scope
    }
}

/// What starts fresh in a new revision, in words: for the command line and the workbench's
/// confirmation.
pub const FRESH: &str = "clock, participants and retrospective start fresh";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agenda, IdKind, ParkingItem, Participant};
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, h, 0, 0).unwrap()
    }

    fn session() -> Session {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
        };
        let mut s = Session::new("Refund API", agenda, at(9));
        s.participants
            .push(Participant::parse("Ana:facilitator").unwrap());
        s.clock.phase = Phase::Threats;
        s.clock.elapsed_secs.insert(Phase::Scope, 600);
        s.clock.paused = true;
        s.retrospective.worked = "the walk".into();
        s.parking_lot.push(ParkingItem {
            text: "ask ops about backups".into(),
            follow_up: true,
        });
        s.issue_id(IdKind::Threat);
        s.issue_id(IdKind::Threat);
        s
    }

    #[test]
    fn the_next_revision_links_to_the_bytes_and_starts_the_record_fresh() {
        let old = session();
        let bytes = b"the file as it was";
        let new = revise(&old, bytes, at(10)).unwrap();
        assert_eq!(new.revision, 2);
        assert_eq!(
            new.previous,
            Some(Revision {
                number: 1,
                sha256: crate::store::sha256_hex(bytes),
            })
        );
        assert_eq!(new.clock, Clock::starting(Phase::Scope));
        assert!(new.participants.is_empty());
        assert!(new.retrospective.is_empty());
        assert_eq!(new.updated, at(10));
        assert_eq!(new.created, old.created);
        // Everything else is carried over, the counters with it.
        let carried = Session {
            revision: old.revision,
            previous: old.previous.clone(),
            updated: old.updated,
            clock: old.clock.clone(),
            participants: old.participants.clone(),
            retrospective: old.retrospective.clone(),
            ..new.clone()
        };
        assert_eq!(carried, old);
        let mut next = new;
        assert_eq!(next.issue_id(IdKind::Threat).to_string(), "T3");
        assert_eq!(
            crate::model::validate(&next).map_err(|e| e.to_string()),
            Ok(())
        );
    }

    #[test]
    fn a_quick_review_starts_again_in_the_threat_walk_and_the_chain_goes_on() {
        let mut old = session();
        old.agenda.quick = true;
        let two = revise(&old, b"1", at(10)).unwrap();
        assert_eq!(two.clock.phase, Phase::Threats);
        let three = revise(&two, b"2", at(11)).unwrap();
        assert_eq!(three.revision, 3);
        assert_eq!(three.previous.as_ref().map(|p| p.number), Some(2));
        old.revision = u32::MAX;
        assert!(revise(&old, b"", at(10)).is_none());
    }
}
