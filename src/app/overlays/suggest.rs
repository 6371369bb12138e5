//! Suggestions from the threat library for the cell under the cursor; the one chosen
//! becomes an ordinary threat.

use super::Flow;
use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::core::keymap::{Mode, keys_for};
use crate::assets::LibraryThreat;
use crate::model::{Applied, Category, Edit, Id, Target};

/// The suggestions for one cell.
#[derive(Debug, Clone)]
pub struct SuggestState {
    /// The element.
    pub element: Id,
    /// The category.
    pub category: Category,
    /// The suggestions.
    pub entries: Vec<LibraryThreat>,
    /// The selected one.
    pub cursor: usize,
}

/// Moves through the suggestions, adds the selected one, or closes.
pub fn command(suggest: &mut SuggestState, command: Command, cx: &mut Cx<'_>) -> Flow {
    let last = suggest.entries.len().saturating_sub(1);
    match command {
        Command::Up => suggest.cursor = suggest.cursor.saturating_sub(1),
        Command::Down => suggest.cursor = (suggest.cursor + 1).min(last),
        Command::Enter | Command::Submit | Command::Add => return add(suggest, cx),
        Command::Cancel => return Flow::Close,
        _ => {}
    }
    Flow::Keep
}

/// Adds the selected suggestion as a threat of the cell; closes once it is added.
fn add(suggest: &SuggestState, cx: &mut Cx<'_>) -> Flow {
    let Some(entry) = suggest.entries.get(suggest.cursor) else {
        return Flow::Keep;
    };
    let edit = Edit::AddThreat {
        element: suggest.element.clone(),
        category: suggest.category,
        draft: entry.draft(),
    };
    match cx.apply(edit) {
        Some(Applied {
            target: Some(Target::Threat(id)),
            ..
        }) => {
            let edit = keys_for(Mode::Threats, &Command::Edit);
            cx.info(format!(
                "added {id} from the library: rate it and adjust it with {edit}"
            ));
            Flow::Close
        }
        _ => Flow::Keep,
    }
}
