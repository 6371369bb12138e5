//! An open session and the state of its screens, with the one door through which the app
//! changes the session: [`Workbench::apply`] applies an edit, records the undo step and
//! marks it for autosave, in one place. The session itself is private to this file, so the
//! compiler holds every other part of the app to that door.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::SubsecRound;
use thiserror::Error;

use super::action::Effect;
use super::views::{DecisionsState, ReviewState, ScopeState, ThreatsState};
use super::{Autosave, ClockRuntime, Derived, History, Now};
use crate::model::{Applied, Edit, EditError, Id, Session};

/// An open session and the state of its screens.
#[derive(Debug)]
pub struct Workbench {
    /// The session being edited: read it with [`Workbench::session`], change it with
    /// [`Workbench::apply`]. Shared with a save in progress (see [`Workbench::save`]): a
    /// change copies it first only while a save still holds it.
    session: Arc<Session>,
    /// Its file.
    pub path: PathBuf,
    /// Who holds the lock, when this process could only open it read-only.
    pub read_only: Option<String>,
    /// The scope phase's list.
    pub scope: ScopeState,
    /// Sub-second bookkeeping of the session clock.
    pub clock: ClockRuntime,
    /// What is saved and what is not.
    pub autosave: Autosave,
    /// Undo and redo.
    pub history: History,
    /// Figures derived from the session, refreshed once per edit.
    pub derived: Derived,
    /// Counts changes of what the session records; see [`Workbench::generation`].
    generation: u64,
    /// The threats grid.
    pub threats: ThreatsState,
    /// The decisions list.
    pub decisions: DecisionsState,
    /// The review.
    pub review: ReviewState,
    /// The element and threat under the grid's and the queue's cursors before the session
    /// changed, to keep the cursors on them once the figures follow.
    anchors: Option<(Option<Id>, Option<Id>)>,
    /// The `/` filter over elements and threats, when one is set.
    pub filter: Option<String>,
    /// Whether the big projector clock replaces the phase view.
    pub big_clock: bool,
    /// Today's date, from the last `now` seen: overdue reviews are judged as of it.
    pub today: chrono::NaiveDate,
    /// The thresholds the readiness checklist judges by: the repository policy's, as
    /// `check` uses them.
    pub thresholds: crate::model::Thresholds,
}

/// How an edit is named in "undone: …": by what it did to its target, or whole.
enum Described {
    /// A verb for the target the edit reports ("adding" → "adding T3").
    Target(&'static str),
    /// The whole wording.
    Whole(String),
}

fn describe(edit: &Edit) -> Described {
    match edit {
        Edit::AddElement(_)
        | Edit::AddParticipant(_)
        | Edit::AddAsset(_)
        | Edit::AddAssumption(_)
        | Edit::AddThreat { .. }
        | Edit::AddDecision(_) => Described::Target("adding"),
        Edit::UpdateElement(..)
        | Edit::UpdateParticipant(..)
        | Edit::UpdateAsset(..)
        | Edit::UpdateAssumption(..)
        | Edit::UpdateThreat(..)
        | Edit::UpdateDecision(..) => Described::Target("the change to"),
        Edit::NothingFound { .. } | Edit::NeedsReview { .. } => Described::Target("marking"),
        Edit::Remove(target) => Described::Whole(format!("deleting {target}")),
        Edit::Park(_) => Described::Whole("parking a point".into()),
        Edit::ToggleFollowUp(_) => Described::Whole("the follow-up mark".into()),
        Edit::Retrospective(_) => Described::Whole("the change to the retrospective".into()),
        Edit::Notes(_) => Described::Whole("the change to the session notes".into()),
        Edit::SetPhase(_) | Edit::Pause(_) | Edit::Elapse(_) => {
            Described::Whole("the clock".into())
        }
    }
}

/// Why the workbench did not apply an edit.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// Someone else holds the session; nothing may change it here.
    #[error("read-only: {0}")]
    ReadOnly(String),
    /// The model refused the edit.
    #[error(transparent)]
    Edit(#[from] EditError),
}

impl Workbench {
    /// A workbench on `session`, opened at `now`.
    pub fn new(session: Session, path: PathBuf, read_only: Option<String>, now: Now) -> Self {
        let derived = Derived::of(&session, 0, None);
        Workbench {
            session: Arc::new(session),
            path,
            read_only,
            scope: ScopeState::default(),
            clock: ClockRuntime {
                last: Some(now.mono),
                ..ClockRuntime::default()
            },
            autosave: Autosave::default(),
            history: History::default(),
            derived,
            generation: 0,
            anchors: None,
            threats: ThreatsState::default(),
            decisions: DecisionsState::default(),
            review: ReviewState::default(),
            filter: None,
            big_clock: false,
            today: now.wall.date_naive(),
            thresholds: crate::model::Thresholds::default(),
        }
    }

    /// The session as it stands.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session as it stands, shared: what a save writes. Costs nothing.
    pub fn snapshot(&self) -> Arc<Session> {
        Arc::clone(&self.session)
    }

    /// Why nothing may change here, when someone else holds the session.
    pub fn refusal(&self) -> Option<Refusal> {
        self.read_only.clone().map(Refusal::ReadOnly)
    }

    /// Applies `edit` at `now`. A change of what the session records is a step for undo and
    /// is saved within a second; a change of phase or pause is saved but not undone. In a
    /// read-only session only the phase may change (for looking around), and it is not
    /// saved.
    pub fn apply(&mut self, edit: Edit, now: Now) -> Result<Applied, Refusal> {
        let content = edit.is_content();
        let phase_only = matches!(edit, Edit::SetPhase(_));
        let what = describe(&edit);
        if let Some(holder) = &self.read_only
            && !phase_only
        {
            return Err(Refusal::ReadOnly(holder.clone()));
        }
        let anchors = self.cursor_ids();
        let (applied, undo) =
            Arc::make_mut(&mut self.session).apply_undoable(edit, now.wall.date_naive())?;
        if self.read_only.is_none() {
            self.autosave.edited(now.mono);
            if content {
                self.anchors = self.anchors.take().or(anchors);
                self.follow(&undo);
                let target = applied.target.as_ref().map(ToString::to_string);
                let what = match (what, target) {
                    (Described::Target(verb), Some(target)) => format!("{verb} {target}"),
                    (Described::Target(verb), None) => format!("{verb} an item"),
                    (Described::Whole(text), _) => text,
                };
                self.history.record(undo, what);
                self.generation += 1;
            }
        }
        Ok(applied)
    }

    /// Moves the session clock to `now`: whole seconds are counted in the session (and
    /// saved with the running clock every 30 s). Returns whether the display changed.
    pub fn advance_clock(&mut self, now: Now) -> bool {
        self.today = now.wall.date_naive();
        if self.read_only.is_some() {
            return false;
        }
        let secs = self.clock.advance(self.session.clock.paused, now.mono);
        if secs == 0 {
            return false;
        }
        // Elapsing time is always allowed, so the result carries nothing to report.
        let _ = Arc::make_mut(&mut self.session).apply(Edit::Elapse(secs), now.wall.date_naive());
        self.autosave.clock_moved(now.mono);
        true
    }

    /// Goes one edit back (or forward again with `redo`); returns what that edit did, if
    /// there was one. Saved like any edit, but not recorded as a new step.
    pub fn step_history(&mut self, redo: bool, now: Now) -> Result<Option<String>, Refusal> {
        if let Some(holder) = &self.read_only {
            return Err(Refusal::ReadOnly(holder.clone()));
        }
        let (back, forth) = self.history.depth();
        if (if redo { forth } else { back }) == 0 {
            return Ok(None);
        }
        let anchors = self.cursor_ids();
        let session = Arc::make_mut(&mut self.session);
        let step = if redo {
            self.history.redo(session)
        } else {
            self.history.undo(session)
        };
        let Some((done, change)) = step else {
            return Ok(None);
        };
        self.anchors = self.anchors.take().or(anchors);
        self.autosave.edited(now.mono);
        if !self.derived.follow(
            &self.session,
            &change.reach(&self.session),
            self.generation + 1,
        ) {
            self.derived.ready = false;
        }
        self.generation += 1;
        Ok(Some(done))
    }

    /// A save of the session as it is now, stamped with the time of saving.
    pub fn save(&mut self, now: Now) -> Effect {
        // Never before `created`: a clock set back must not make the file invalid.
        let updated = now.wall.trunc_subsecs(0).max(self.session.created);
        if self.session.updated != updated {
            Arc::make_mut(&mut self.session).updated = updated;
        }
        self.autosave.pending = true;
        Effect::Save {
            session: self.snapshot(),
            seq: self.autosave.seq,
        }
    }

    /// A save, when anything (an edit, the running clock) is not on disk yet and the
    /// session is writable.
    pub fn save_if_needed(&mut self, now: Now) -> Option<Effect> {
        let unsaved = self.autosave.is_dirty() || self.autosave.error.is_some();
        (self.read_only.is_none() && unsaved).then(|| self.save(now))
    }

    /// How many times what the session records has changed (an edit, an undo, a redo):
    /// the derived figures are recomputed when it moves, and only then.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Recomputes the derived figures when the session changed since they were computed,
    /// filters them again when the filter changed, judges readiness (in the review) again
    /// after a change or on a new day; keeps the cursors inside what is left. Nothing is
    /// done when nothing changed.
    pub fn refresh_derived(&mut self) {
        let filter = self
            .filter
            .as_deref()
            .map(str::to_lowercase)
            .filter(|f| !f.is_empty());
        let stale = !self.derived.ready || self.derived.generation != self.generation;
        if stale || self.derived.refilter || self.derived.filter != filter {
            // The cursors stay on the same element and threat when they are still shown (a
            // filter typed or cleared, a decision saved that moves its threat down the
            // ranking).
            let anchors = self.anchors.take().or_else(|| self.cursor_ids());
            let (element, threat) = anchors.unwrap_or_default();
            if stale {
                self.derived.figures(&self.session, self.generation);
            }
            self.derived.filter(&self.session, filter.as_deref());
            self.keep_cursors(element, threat);
        }
        // Only the review shows the checklist: an edit elsewhere does not judge it.
        if self.session.clock.phase == crate::model::Phase::Review {
            self.derived
                .judge(&self.session, self.today, self.thresholds);
        }
    }

    /// The element and threat under the cursors, while the figures are those of the
    /// session as it is (before an edit) and so say what the rows show.
    fn cursor_ids(&self) -> Option<(Option<Id>, Option<Id>)> {
        let (d, s) = (&self.derived, &self.session);
        d.current(self.generation).then(|| {
            let element = d
                .rows
                .get(self.threats.row)
                .map(|i| s.elements[*i].id.clone());
            let threat = d
                .ranking
                .get(self.decisions.cursor)
                .map(|i| s.threats[*i].id.clone());
            (element, threat)
        })
    }

    /// Lets the figures follow the edit that `undo` takes back, just made; they are counted
    /// again at the next refresh when they cannot follow it.
    fn follow(&mut self, undo: &crate::model::Change) {
        let next = self.generation + 1;
        if !self
            .derived
            .follow(&self.session, &undo.reach(&self.session), next)
        {
            self.derived.ready = false;
        }
    }

    /// Puts the cursors back on `element` and `threat` when they are still shown, and
    /// inside what is left otherwise.
    fn keep_cursors(&mut self, element: Option<Id>, threat: Option<Id>) {
        let (d, s) = (&self.derived, &self.session);
        if let Some(row) =
            element.and_then(|id| d.rows.iter().position(|i| s.elements[*i].id == id))
        {
            self.threats.row = row;
        }
        self.threats.row = self.threats.row.min(d.rows.len().saturating_sub(1));
        if let Some(row) =
            threat.and_then(|id| d.ranking.iter().position(|i| s.threats[*i].id == id))
        {
            self.decisions.cursor = row;
        }
        self.decisions.cursor = self.decisions.cursor.min(d.ranking.len().saturating_sub(1));
        let parked = self.session.parking_lot.len();
        self.review.cursor = self.review.cursor.min(parked.saturating_sub(1));
        if !self.decisions.marked.is_empty() {
            let ids: std::collections::HashSet<&crate::model::Id> =
                self.session.threats.iter().map(|t| &t.id).collect();
            self.decisions.marked.retain(|id| ids.contains(id));
        }
    }
}

/// What unit tests of the workbench and its drawing start from.
#[cfg(test)]
pub(crate) mod testing {
    use std::time::Duration;

    use super::*;
    use crate::model::{Agenda, Phase};

    /// A moment one second into the run.
    pub(crate) fn now() -> Now {
        Now {
            mono: Duration::from_secs(1),
            wall: chrono::Utc::now(),
        }
    }

    /// A workbench on a new, empty session titled `title`.
    pub(crate) fn workbench(title: &str) -> Workbench {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 15)).collect(),
        };
        let session = Session::new(title, agenda, chrono::Utc::now());
        Workbench::new(session, PathBuf::from("t.ron"), None, now())
    }
}

#[cfg(test)]
mod tests {
    use super::testing::now;
    use super::*;
    use crate::model::Phase;

    fn workbench() -> Workbench {
        super::testing::workbench("t")
    }

    #[test]
    fn the_figures_are_computed_again_only_when_the_session_changed() {
        let mut wb = workbench();
        wb.refresh_derived();
        assert_eq!(wb.derived.generation, 0);
        for edit in [Edit::SetPhase(Phase::Review), Edit::Pause(true)] {
            assert!(wb.apply(edit, now()).is_ok());
            wb.refresh_derived();
            assert_eq!(
                wb.generation(),
                0,
                "the clock is not a change of the figures"
            );
        }
        assert!(wb.apply(Edit::AddAsset("cards".into()), now()).is_ok());
        wb.refresh_derived();
        assert_eq!((wb.generation(), wb.derived.generation), (1, 1));
        assert_eq!(
            wb.step_history(false, now()),
            Ok(Some("adding asset 1".into()))
        );
        wb.refresh_derived();
        assert_eq!((wb.generation(), wb.derived.generation), (2, 2));
        assert!(wb.session().assets.is_empty());
    }

    #[test]
    fn a_save_shares_the_session_and_the_next_edit_leaves_the_snapshot_alone() {
        let mut wb = workbench();
        let Effect::Save { session: saved, .. } = wb.save(now()) else {
            panic!("a save");
        };
        assert!(Arc::ptr_eq(&saved, &wb.snapshot()), "nothing was copied");
        assert!(wb.apply(Edit::AddAsset("cards".into()), now()).is_ok());
        assert!(saved.assets.is_empty(), "the snapshot is what was saved");
        assert_eq!(wb.session().assets, ["cards"]);
        drop(saved);
        assert!(wb.step_history(false, now()).is_ok());
        assert!(wb.session().assets.is_empty());
    }
}
