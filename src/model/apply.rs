//! Applying an [`Edit`]: check it against the domain rules without changing anything, then
//! carry it out, issuing IDs and taking along what depends on a removed item. A refused
//! edit leaves the session exactly as it was; an applied one leaves it valid.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::decision::{Decision, DecisionKind};
use super::edit::{Applied, DecisionDraft, Edit, EditError, ElementDraft, Target, ThreatDraft};
use super::element::{Element, ElementKind};
use super::id::{Id, IdKind};
use super::session::{Assumption, NeedsReview, NothingFound, ParkingItem, Participant, Session};
use super::stride::{Category, CellState};
use super::threat::{RATING_RANGE, Threat};
use super::undo::{Change, ListChange, Part, retain};
use super::validate::{MAX_COUNTER, MAX_ELAPSED_SECS, is_allowed_char, is_blank};

/// Refuses control characters in a text.
fn clean(text: &str, what: &'static str) -> Result<(), EditError> {
    match text.chars().find(|c| !is_allowed_char(*c)) {
        Some(c) => Err(EditError::ControlCharacter(what, u32::from(c))),
        None => Ok(()),
    }
}

/// Refuses a blank or unclean text that must say something.
fn required(text: &str, what: &'static str) -> Result<(), EditError> {
    if is_blank(text) {
        return Err(EditError::Required(what));
    }
    clean(text, what)
}

fn rating(value: Option<u8>, what: &'static str) -> Result<(), EditError> {
    match value {
        Some(v) if !RATING_RANGE.contains(&v) => Err(EditError::OutOfRange(what, v)),
        _ => Ok(()),
    }
}

impl Session {
    /// Applies `edit`, judging dates against `today`. On success the session still passes
    /// [`super::validate`]; on error it is exactly as it was.
    pub fn apply(&mut self, edit: Edit, today: NaiveDate) -> Result<Applied, EditError> {
        self.apply_undoable(edit, today).map(|(applied, _)| applied)
    }

    /// Applies `edit` as [`Session::apply`] does, and gives back also the change that takes
    /// it back exactly ([`Session::revert`]): the old values of what it touched, in memory
    /// proportional to the edit. Edits of the clock give back an empty change: undo does not
    /// give time back.
    pub fn apply_undoable(
        &mut self,
        edit: Edit,
        today: NaiveDate,
    ) -> Result<(Applied, Change), EditError> {
        self.check(&edit, today)?;
        let mut undo = Change::default();
        let applied = self.perform(edit, &mut undo);
        Ok((applied, undo.finish()))
    }

    /// Whether `edit` would be applied, and if not, why. Nothing changes.
    pub fn check(&self, edit: &Edit, today: NaiveDate) -> Result<(), EditError> {
        match edit {
            Edit::AddElement(draft) => {
                self.can_issue(IdKind::Element)?;
                self.check_element(None, draft)
            }
            Edit::UpdateElement(id, draft) => {
                let existing = self
                    .element(id)
                    .ok_or_else(|| EditError::NotFound(Target::Element(id.clone())))?;
                if existing.kind.tag() != draft.kind.tag() {
                    return Err(EditError::KindChanged(id.clone()));
                }
                self.keeps_used_cells(id, &draft.kind)?;
                self.check_element(Some(id), draft)
            }
            Edit::AddParticipant(p) => check_participant(p),
            Edit::UpdateParticipant(i, p) => {
                self.exists(*i < self.participants.len(), Target::Participant(*i))?;
                check_participant(p)
            }
            Edit::AddAsset(text) => required(text, "the asset"),
            Edit::UpdateAsset(i, text) => {
                self.exists(*i < self.assets.len(), Target::Asset(*i))?;
                required(text, "the asset")
            }
            Edit::AddAssumption(text) => {
                self.can_issue(IdKind::Assumption)?;
                required(text, "the assumption")
            }
            Edit::UpdateAssumption(id, text) => {
                self.exists(
                    self.assumptions.iter().any(|a| &a.id == id),
                    Target::Assumption(id.clone()),
                )?;
                required(text, "the assumption")
            }
            Edit::Park(text) => required(text, "the point"),
            Edit::ToggleFollowUp(i) => self.exists(*i < self.parking_lot.len(), Target::Parked(*i)),
            Edit::AddThreat {
                element,
                category,
                draft,
            } => {
                self.can_issue(IdKind::Threat)?;
                // A threat on a cell the grid shows as `·` would be listed by the exports
                // but never shown in the grid.
                self.live_cell(element, *category)?;
                check_threat(draft)
            }
            Edit::UpdateThreat(id, draft) => {
                self.exists(self.threat(id).is_some(), Target::Threat(id.clone()))?;
                check_threat(draft)
            }
            Edit::NothingFound {
                element,
                category,
                note,
            } => {
                self.can_mark_nothing_found(element, *category)?;
                required(note, "a reason")
            }
            Edit::NeedsReview {
                element,
                category,
                reason,
            } => {
                self.live_cell(element, *category)?;
                required(reason, "a reason")
            }
            Edit::AddDecision(draft) => {
                self.can_issue(IdKind::Decision)?;
                self.check_decision(draft, today)
            }
            Edit::UpdateDecision(id, draft) => {
                self.exists(
                    self.decisions.iter().any(|d| &d.id == id),
                    Target::Decision(id.clone()),
                )?;
                self.check_decision(draft, today)
            }
            Edit::Retrospective(retro) => {
                clean(&retro.worked, "what worked")?;
                clean(&retro.change, "what to change")
            }
            Edit::Notes(notes) => clean(notes, "the session notes"),
            Edit::Remove(target) => self.check_remove(target),
            Edit::SetPhase(_) | Edit::Pause(_) | Edit::Elapse(_) => Ok(()),
        }
    }

    /// Whether "considered, nothing found" may be recorded for this cell: the element
    /// exists, the category applies to it, and it has no threats there.
    pub fn can_mark_nothing_found(
        &self,
        element: &Id,
        category: Category,
    ) -> Result<(), EditError> {
        let e = self
            .element(element)
            .ok_or_else(|| EditError::NotFound(Target::Element(element.clone())))?;
        if let CellState::Threats(_) = self.cell_state(element, category) {
            return Err(EditError::HasThreats {
                name: crate::text::one_line(&e.name).into_owned(),
                category,
            });
        }
        if !e.kind.live_categories().contains(category) {
            return Err(EditError::NotLive {
                category,
                kind: e.kind.tag(),
            });
        }
        Ok(())
    }

    /// Whether `category` is a live cell of the existing `element`.
    fn live_cell(&self, element: &Id, category: Category) -> Result<(), EditError> {
        let e = self
            .element(element)
            .ok_or_else(|| EditError::NotFound(Target::Element(element.clone())))?;
        if e.kind.live_categories().contains(category) {
            Ok(())
        } else {
            Err(EditError::NotLive {
                category,
                kind: e.kind.tag(),
            })
        }
    }

    /// Someone recorded something on the cell again: it no longer waits for a review.
    fn reviewed(&mut self, element: &Id, category: Category, undo: &mut Change) {
        let marks = retain(&mut self.needs_review, |m| {
            !(&m.element == element && m.category == category)
        });
        undo.record(marks.map(Part::NeedsReview));
    }

    /// Refuses details that would take a cell away from `id` while threats or a "nothing
    /// found" note are on it (a data store no longer holding logs loses Repudiation).
    fn keeps_used_cells(&self, id: &Id, kind: &ElementKind) -> Result<(), EditError> {
        let live = kind.live_categories();
        let used = self
            .threats
            .iter()
            .filter(|t| &t.element == id)
            .map(|t| t.category)
            .chain(
                self.considered
                    .iter()
                    .filter(|c| &c.element == id)
                    .map(|c| c.category),
            );
        for category in used {
            if !live.contains(category) {
                return Err(EditError::CellInUse {
                    element: id.clone(),
                    category,
                });
            }
        }
        Ok(())
    }

    fn exists(&self, present: bool, target: Target) -> Result<(), EditError> {
        if present {
            Ok(())
        } else {
            Err(EditError::NotFound(target))
        }
    }

    fn can_issue(&self, kind: IdKind) -> Result<(), EditError> {
        if self.counters.last(kind) >= MAX_COUNTER {
            Err(EditError::Exhausted(kind))
        } else {
            Ok(())
        }
    }

    fn check_element(&self, own: Option<&Id>, draft: &ElementDraft) -> Result<(), EditError> {
        required(&draft.name, "a name")?;
        clean(&draft.notes, "the notes")?;
        let node = |field: &'static str, target: &Id| -> Result<(), EditError> {
            let bad = |problem| EditError::BadReference {
                field,
                target: target.clone(),
                problem,
            };
            match self.element(target) {
                None => Err(bad("which does not exist")),
                Some(e) if !e.kind.is_node() || Some(&e.id) == own => Err(bad(
                    "which is a flow or a boundary, not an entity, process, store or component",
                )),
                Some(_) => Ok(()),
            }
        };
        match &draft.kind {
            ElementKind::DataFlow { from, to, data } => {
                node("From", from)?;
                node("To", to)?;
                if from == to {
                    return Err(EditError::FlowLoop);
                }
                clean(data, "the data")
            }
            ElementKind::TrustBoundary { members } => {
                let mut seen = HashSet::new();
                for member in members {
                    node("Inside", member)?;
                    if !seen.insert(member) {
                        return Err(EditError::BadReference {
                            field: "Inside",
                            target: member.clone(),
                            problem: "twice",
                        });
                    }
                }
                Ok(())
            }
            ElementKind::ThirdParty {
                supplier,
                version,
                purl,
            } => {
                clean(supplier, "the supplier")?;
                clean(version.as_deref().unwrap_or(""), "the version")?;
                clean(purl.as_deref().unwrap_or(""), "the package URL")
            }
            ElementKind::ExternalEntity | ElementKind::Process | ElementKind::DataStore { .. } => {
                Ok(())
            }
        }
    }

    fn check_decision(&self, draft: &DecisionDraft, today: NaiveDate) -> Result<(), EditError> {
        // Taken apart field by field: a field added to decisions must be checked here too.
        let DecisionDraft {
            kind,
            threats,
            summary,
            rationale,
            owner,
            ticket,
            status: _,
            review_by,
            requirements: _,
        } = draft;
        if threats.is_empty() {
            return Err(EditError::NoThreats);
        }
        let mut seen = HashSet::new();
        for threat in threats {
            if self.threat(threat).is_none() {
                return Err(EditError::BadReference {
                    field: "Answers",
                    target: threat.clone(),
                    problem: "which does not exist",
                });
            }
            if !seen.insert(threat) {
                return Err(EditError::BadReference {
                    field: "Answers",
                    target: threat.clone(),
                    problem: "twice",
                });
            }
        }
        required(summary, "a summary")?;
        clean(rationale, "the rationale")?;
        clean(owner.as_deref().unwrap_or(""), "the owner")?;
        clean(ticket.as_deref().unwrap_or(""), "the ticket")?;
        if *kind == DecisionKind::Accept {
            if owner.as_deref().is_none_or(is_blank) {
                return Err(EditError::AcceptWithoutOwner);
            }
            match *review_by {
                None => return Err(EditError::AcceptWithoutReview),
                Some(date) if date < today => return Err(EditError::ReviewInPast(date)),
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn check_remove(&self, target: &Target) -> Result<(), EditError> {
        let present = match target {
            Target::Element(id) => self.element(id).is_some(),
            Target::Threat(id) => self.threat(id).is_some(),
            Target::Decision(id) => self.decisions.iter().any(|d| &d.id == id),
            Target::Assumption(id) => self.assumptions.iter().any(|a| &a.id == id),
            Target::Asset(i) => *i < self.assets.len(),
            Target::Participant(i) => *i < self.participants.len(),
            Target::Parked(i) => *i < self.parking_lot.len(),
            Target::NothingFound(element, category) => self
                .considered
                .iter()
                .any(|c| &c.element == element && c.category == *category),
            Target::NeedsReview(element, category) => self
                .needs_review
                .iter()
                .any(|m| &m.element == element && m.category == *category),
            Target::Retrospective | Target::Notes => true,
        };
        self.exists(present, target.clone())
    }

    /// Carries out an edit that [`Session::check`] accepted, recording in `undo` how to
    /// take back each step.
    fn perform(&mut self, edit: Edit, undo: &mut Change) -> Applied {
        let changed = |target| Applied {
            target: Some(target),
            ..Applied::default()
        };
        let created = |target| Applied {
            target: Some(target),
            created: true,
            ..Applied::default()
        };
        match edit {
            Edit::AddElement(draft) => {
                let id = self.issue_id(IdKind::Element);
                undo.record(Some(Part::Elements(appended(&self.elements))));
                self.elements.push(element(id.clone(), draft));
                created(Target::Element(id))
            }
            Edit::UpdateElement(id, draft) => {
                let live = draft.kind.live_categories();
                if let Some(i) = self.elements.iter().position(|e| e.id == id) {
                    let old = std::mem::replace(&mut self.elements[i], element(id.clone(), draft));
                    undo.record(Some(Part::Elements(replaced(i, old))));
                }
                // A mark on a cell the new details take away has nothing left to review.
                let marks = retain(&mut self.needs_review, |m| {
                    m.element != id || live.contains(m.category)
                });
                undo.record(marks.map(Part::NeedsReview));
                changed(Target::Element(id))
            }
            Edit::AddParticipant(p) => {
                undo.record(Some(Part::Participants(appended(&self.participants))));
                self.participants.push(p);
                created(Target::Participant(self.participants.len() - 1))
            }
            Edit::UpdateParticipant(i, p) => {
                let old = std::mem::replace(&mut self.participants[i], p);
                undo.record(Some(Part::Participants(replaced(i, old))));
                changed(Target::Participant(i))
            }
            Edit::AddAsset(text) => {
                undo.record(Some(Part::Assets(appended(&self.assets))));
                self.assets.push(text);
                created(Target::Asset(self.assets.len() - 1))
            }
            Edit::UpdateAsset(i, text) => {
                let old = std::mem::replace(&mut self.assets[i], text);
                undo.record(Some(Part::Assets(replaced(i, old))));
                changed(Target::Asset(i))
            }
            Edit::AddAssumption(text) => {
                let id = self.issue_id(IdKind::Assumption);
                undo.record(Some(Part::Assumptions(appended(&self.assumptions))));
                self.assumptions.push(Assumption {
                    id: id.clone(),
                    text,
                });
                created(Target::Assumption(id))
            }
            Edit::UpdateAssumption(id, text) => {
                if let Some(i) = self.assumptions.iter().position(|a| a.id == id) {
                    let old = std::mem::replace(&mut self.assumptions[i].text, text);
                    let before = Assumption {
                        id: id.clone(),
                        text: old,
                    };
                    undo.record(Some(Part::Assumptions(replaced(i, before))));
                }
                changed(Target::Assumption(id))
            }
            Edit::Park(text) => {
                undo.record(Some(Part::ParkingLot(appended(&self.parking_lot))));
                self.parking_lot.push(ParkingItem {
                    text,
                    follow_up: false,
                });
                created(Target::Parked(self.parking_lot.len() - 1))
            }
            Edit::ToggleFollowUp(i) => {
                let item = &mut self.parking_lot[i];
                undo.record(Some(Part::ParkingLot(replaced(i, item.clone()))));
                item.follow_up = !item.follow_up;
                changed(Target::Parked(i))
            }
            Edit::AddThreat {
                element,
                category,
                draft,
            } => {
                let id = self.issue_id(IdKind::Threat);
                self.reviewed(&element, category, undo);
                undo.record(Some(Part::Threats(appended(&self.threats))));
                self.threats
                    .push(threat(id.clone(), element, category, draft));
                created(Target::Threat(id))
            }
            Edit::UpdateThreat(id, draft) => {
                if let Some(i) = self.threats.iter().position(|t| t.id == id) {
                    // The cell stays: only what the threat says changes.
                    let (element, category) =
                        (self.threats[i].element.clone(), self.threats[i].category);
                    let new = threat(id.clone(), element.clone(), category, draft);
                    let old = std::mem::replace(&mut self.threats[i], new);
                    undo.record(Some(Part::Threats(replaced(i, old))));
                    self.reviewed(&element, category, undo);
                }
                changed(Target::Threat(id))
            }
            Edit::NothingFound {
                element,
                category,
                note,
            } => {
                let target = Target::NothingFound(element.clone(), category);
                self.reviewed(&element, category, undo);
                match self
                    .considered
                    .iter()
                    .position(|c| c.element == element && c.category == category)
                {
                    Some(i) => {
                        let old = std::mem::replace(&mut self.considered[i].note, note);
                        let mut before = self.considered[i].clone();
                        before.note = old;
                        undo.record(Some(Part::Considered(replaced(i, before))));
                        changed(target)
                    }
                    None => {
                        undo.record(Some(Part::Considered(appended(&self.considered))));
                        self.considered.push(NothingFound {
                            element,
                            category,
                            note,
                        });
                        created(target)
                    }
                }
            }
            Edit::NeedsReview {
                element,
                category,
                reason,
            } => {
                let target = Target::NeedsReview(element.clone(), category);
                match self
                    .needs_review
                    .iter()
                    .position(|m| m.element == element && m.category == category)
                {
                    Some(i) => {
                        let existing = &mut self.needs_review[i];
                        if !existing.reason.split("; ").any(|r| r == reason) {
                            undo.record(Some(Part::NeedsReview(replaced(i, existing.clone()))));
                            existing.reason.push_str("; ");
                            existing.reason.push_str(&reason);
                        }
                        changed(target)
                    }
                    None => {
                        undo.record(Some(Part::NeedsReview(appended(&self.needs_review))));
                        self.needs_review.push(NeedsReview {
                            element,
                            category,
                            reason,
                        });
                        created(target)
                    }
                }
            }
            Edit::AddDecision(draft) => {
                let id = self.issue_id(IdKind::Decision);
                undo.record(Some(Part::Decisions(appended(&self.decisions))));
                self.decisions.push(decision(id.clone(), draft));
                created(Target::Decision(id))
            }
            Edit::UpdateDecision(id, draft) => {
                if let Some(i) = self.decisions.iter().position(|d| d.id == id) {
                    let old =
                        std::mem::replace(&mut self.decisions[i], decision(id.clone(), draft));
                    undo.record(Some(Part::Decisions(replaced(i, old))));
                }
                changed(Target::Decision(id))
            }
            Edit::Retrospective(retro) => {
                let old = std::mem::replace(&mut self.retrospective, retro);
                undo.record(Some(Part::Retrospective(old)));
                changed(Target::Retrospective)
            }
            Edit::Notes(notes) => {
                let old = std::mem::replace(&mut self.notes, notes);
                undo.record(Some(Part::Notes(old)));
                changed(Target::Notes)
            }
            Edit::Remove(target) => Applied {
                removal: self.remove(target, undo),
                ..Applied::default()
            },
            Edit::SetPhase(phase) => {
                self.clock.phase = phase;
                Applied::default()
            }
            Edit::Pause(paused) => {
                self.clock.paused = paused;
                Applied::default()
            }
            Edit::Elapse(secs) => {
                let elapsed = self.clock.elapsed_secs.entry(self.clock.phase).or_insert(0);
                *elapsed = elapsed.saturating_add(secs).min(MAX_ELAPSED_SECS);
                Applied::default()
            }
        }
    }
}

/// How to take back an item pushed onto `list`.
fn appended<T>(list: &[T]) -> ListChange<T> {
    ListChange::Truncate(list.len())
}

/// How to take back a change of the item at `index`, which was `old`.
fn replaced<T>(index: usize, old: T) -> ListChange<T> {
    ListChange::Replace(vec![(index, old)])
}

fn check_participant(p: &Participant) -> Result<(), EditError> {
    required(&p.name, "a name")?;
    clean(p.role.as_deref().unwrap_or(""), "the role")
}

fn check_threat(draft: &ThreatDraft) -> Result<(), EditError> {
    required(&draft.title, "a title")?;
    let g = &draft.grammar;
    for (text, what) in [
        (&draft.notes, "the notes"),
        (&g.source, "the source"),
        (&g.prerequisites, "the prerequisites"),
        (&g.action, "the action"),
        (&g.impact, "the impact"),
        (&g.assets, "the assets harmed"),
    ] {
        clean(text, what)?;
    }
    rating(draft.likelihood, "likelihood")?;
    rating(draft.impact, "impact")?;
    rating(draft.residual_likelihood, "residual likelihood")?;
    rating(draft.residual_impact, "residual impact")
}

fn element(id: Id, draft: ElementDraft) -> Element {
    let ElementDraft { name, kind, notes } = draft;
    Element {
        id,
        kind,
        name,
        notes,
    }
}

fn threat(id: Id, element: Id, category: Category, draft: ThreatDraft) -> Threat {
    let ThreatDraft {
        title,
        grammar,
        likelihood,
        impact,
        residual_likelihood,
        residual_impact,
        references,
        notes,
    } = draft;
    Threat {
        id,
        element,
        category,
        title,
        grammar,
        likelihood,
        impact,
        residual_likelihood,
        residual_impact,
        references,
        notes,
    }
}

fn decision(id: Id, draft: DecisionDraft) -> Decision {
    let DecisionDraft {
        kind,
        threats,
        summary,
        rationale,
        owner,
        ticket,
        status,
        review_by,
        requirements,
    } = draft;
    Decision {
        id,
        kind,
        threats,
        summary,
        rationale,
        owner,
        ticket,
        status,
        review_by,
        requirements,
    }
}
