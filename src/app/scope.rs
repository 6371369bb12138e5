//! The scope phase's list: elements grouped by kind, then assets, assumptions and
//! participants. Every row is selectable, headers included, so that `a` on an empty group
//! adds to it.

use crate::model::{KindTag, Session};

/// A group of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeGroup {
    /// Elements of one kind.
    Kind(KindTag),
    /// Assets worth protecting.
    Assets,
    /// Assumptions.
    Assumptions,
    /// Participants and roles.
    Participants,
}

impl ScopeGroup {
    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            ScopeGroup::Kind(KindTag::ExternalEntity) => "External entities",
            ScopeGroup::Kind(KindTag::Process) => "Processes",
            ScopeGroup::Kind(KindTag::DataStore) => "Data stores",
            ScopeGroup::Kind(KindTag::DataFlow) => "Data flows",
            ScopeGroup::Kind(KindTag::TrustBoundary) => "Trust boundaries",
            ScopeGroup::Kind(KindTag::ThirdParty) => "Third-party components",
            ScopeGroup::Assets => "Assets",
            ScopeGroup::Assumptions => "Assumptions",
            ScopeGroup::Participants => "Participants",
        }
    }
}

/// One row of the scope list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRow {
    /// A group heading with its item count.
    Header(ScopeGroup, usize),
    /// The element at this index of `session.elements`.
    Element(usize),
    /// The asset at this index.
    Asset(usize),
    /// The assumption at this index.
    Assumption(usize),
    /// The participant at this index.
    Participant(usize),
}

impl ScopeRow {
    /// The group the row belongs to.
    pub fn group(self, session: &Session) -> ScopeGroup {
        match self {
            ScopeRow::Header(group, _) => group,
            ScopeRow::Element(i) => ScopeGroup::Kind(session.elements[i].kind.tag()),
            ScopeRow::Asset(_) => ScopeGroup::Assets,
            ScopeRow::Assumption(_) => ScopeGroup::Assumptions,
            ScopeRow::Participant(_) => ScopeGroup::Participants,
        }
    }
}

/// The cursor of the scope list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeState {
    /// Index into [`scope_rows`].
    pub cursor: usize,
}

/// The rows of the scope list for `session`, in display order.
pub fn scope_rows(session: &Session) -> Vec<ScopeRow> {
    let mut rows = Vec::with_capacity(session.elements.len() + 16);
    for tag in KindTag::ALL {
        let items: Vec<usize> = (0..session.elements.len())
            .filter(|i| session.elements[*i].kind.tag() == tag)
            .collect();
        rows.push(ScopeRow::Header(ScopeGroup::Kind(tag), items.len()));
        rows.extend(items.into_iter().map(ScopeRow::Element));
    }
    rows.push(ScopeRow::Header(ScopeGroup::Assets, session.assets.len()));
    rows.extend((0..session.assets.len()).map(ScopeRow::Asset));
    rows.push(ScopeRow::Header(
        ScopeGroup::Assumptions,
        session.assumptions.len(),
    ));
    rows.extend((0..session.assumptions.len()).map(ScopeRow::Assumption));
    rows.push(ScopeRow::Header(
        ScopeGroup::Participants,
        session.participants.len(),
    ));
    rows.extend((0..session.participants.len()).map(ScopeRow::Participant));
    rows
}
