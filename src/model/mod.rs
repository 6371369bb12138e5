//! The session model: plain data with the STRIDE rules, IDs and validation. No terminal or
//! file code lives here; the TUI, the CLI and the exports all read the same types.

mod apply;
mod decision;
mod edit;
mod element;
mod figures;
pub(crate) mod hasher;
mod id;
mod new_session;
mod path;
mod readiness;
mod reference;
mod remove;
mod requirement;
mod rules;
mod session;
mod stride;
mod threat;
mod undo;
mod validate;

pub use decision::{Decision, DecisionKind, DecisionStatus};
pub use edit::{
    Applied, DecisionDraft, Edit, EditError, ElementDraft, Removal, Target, ThreatDraft,
};
pub use element::{Element, ElementKind, KindTag};
pub use figures::{Acceptance, CellStates, DUE_SOON_DAYS, Due, Gap, Summary, queue_key};
pub use id::{Counters, Id, IdKind};
pub use new_session::{NewSession, NewSessionError};
pub use path::{FieldPath, Step};
pub use readiness::Check;
pub use reference::{BadReference, Catalog, Reference};
pub use requirement::{BadRequirement, Requirement};
pub use rules::{Counted, Finding, Level, Rule, RuleInfo, Thresholds};
pub use session::{
    Agenda, Assumption, Clock, FORMAT_VERSION, NeedsReview, NothingFound, OLDEST_FORMAT,
    ParkingItem, Participant, Phase, Retrospective, Revision, Session,
};
pub use stride::{Category, CategorySet, Cell, CellState, Coverage};
pub use threat::{Grammar, RATING_RANGE, Risk, RiskBand, Threat, indefinite_article};
pub use undo::{Change, Moved, Reach};
pub use validate::{
    MAX_COUNTER, MAX_ELAPSED_SECS, MAX_PHASE_MINUTES, ValidationError, is_allowed_char, is_blank,
    validate, validate_at,
};
#[cfg(test)]
pub(crate) use validate::{TextField, text_fields};
