//! What is under the cursors of the phases' views: the cell of the threat grid and its
//! threats, the ranked threat and its decision; and the moves that need the session (the
//! walk to the next cell nobody has considered, a scope row found again after an edit).

use super::views::{ScopeRow, scope_rows};
use super::workbench::Workbench;
use crate::model::{Category, CellState, Element};

/// Puts the cursor on the row an edit just saved, if it is still there.
pub fn focus(wb: &mut Workbench, row: ScopeRow) {
    if let Some(index) = scope_rows(wb.session()).iter().position(|r| *r == row) {
        wb.scope.cursor = index;
    }
}

/// Puts the cursor on `row` (a click), if there is one.
pub fn select(wb: &mut Workbench, row: usize) {
    if row < scope_rows(wb.session()).len() {
        wb.scope.cursor = row;
    }
}

/// The element and category under the cursor.
pub fn cursor_cell(wb: &Workbench) -> Option<(&Element, Category)> {
    let index = *wb.derived.rows.get(wb.threats.row)?;
    let element = wb.session().elements.get(index)?;
    Some((element, Category::ALL[wb.threats.col.min(5)]))
}

/// The threats of the cell under the cursor, in file order.
pub fn cell_threats(wb: &Workbench) -> Vec<usize> {
    let Some((element, category)) = cursor_cell(wb) else {
        return Vec::new();
    };
    (0..wb.session().threats.len())
        .filter(|i| {
            let t = &wb.session().threats[*i];
            t.element == element.id && t.category == category
        })
        .collect()
}

/// Moves the cursor to the next live cell nobody has considered, after the current one in
/// reading order, wrapping around. Returns whether there was one.
pub fn next_unconsidered(wb: &mut Workbench) -> bool {
    let rows = wb.derived.rows.len();
    let start = wb.threats.row * 6 + wb.threats.col;
    for step in 1..=rows * 6 {
        let pos = (start + step) % (rows * 6);
        let (row, col) = (pos / 6, pos % 6);
        let element = &wb.session().elements[wb.derived.rows[row]];
        let category = Category::ALL[col];
        if element.kind.live_categories().contains(category)
            && wb.derived.cell(&element.id, category) == CellState::NotConsidered
        {
            wb.threats.row = row;
            wb.threats.col = col;
            wb.threats.pick = 0;
            return true;
        }
    }
    false
}

/// The threat under the cursor, as an index into `session.threats`.
pub fn cursor_threat(wb: &Workbench) -> Option<usize> {
    wb.derived.ranking.get(wb.decisions.cursor).copied()
}

/// The decisions answering the threat under the cursor, in file order.
pub fn cursor_decisions(wb: &Workbench) -> &[crate::model::Id] {
    cursor_threat(wb)
        .and_then(|i| wb.derived.decided.get(&wb.session().threats[i].id))
        .map_or(&[], Vec::as_slice)
}

/// The selected decision of the threat under the cursor (see `DecisionsState::pick`), as an
/// index into `session.decisions`.
pub fn cursor_decision(wb: &Workbench) -> Option<usize> {
    let ids = cursor_decisions(wb);
    let id = ids.get(wb.decisions.pick.min(ids.len().saturating_sub(1)))?;
    wb.session().decisions.iter().position(|d| &d.id == id)
}
