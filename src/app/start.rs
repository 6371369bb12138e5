//! The start screen: the sessions in the sessions folder.

use super::action::SessionRow;

/// State of the start screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartState {
    /// The sessions found, newest first; `None` until the runtime has listed the folder.
    pub rows: Option<Vec<SessionRow>>,
    /// The selected row.
    pub cursor: usize,
}
