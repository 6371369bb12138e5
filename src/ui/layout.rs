//! Where things are on screen, as pure functions of the terminal size. Render and mouse
//! handling both use these, so a click lands on what was drawn there.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{App, Screen};
use crate::model::Phase;

/// Below this size the app shows a "terminal too small" screen instead.
pub const MIN_WIDTH: u16 = 60;
/// Below this size the app shows a "terminal too small" screen instead.
pub const MIN_HEIGHT: u16 = 15;

/// The labels of the phase tabs.
pub fn tab_label(phase: Phase) -> String {
    format!(" {} {} ", phase.number(), phase.name())
}

/// The frame's regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameLayout {
    /// Title and tabs.
    pub header: Rect,
    /// The rule with the clock.
    pub rule: Rect,
    /// The screen itself.
    pub body: Rect,
    /// Key hints.
    pub hints: Rect,
    /// Status message and save state.
    pub status: Rect,
    /// Each phase tab, in phase order.
    pub tabs: [Rect; Phase::ALL.len()],
}

impl FrameLayout {
    /// The phase whose tab is at this cell.
    pub fn tab_at(&self, column: u16, row: u16) -> Option<Phase> {
        let at = ratatui::layout::Position { x: column, y: row };
        self.tabs
            .iter()
            .position(|t| t.contains(at))
            .map(|i| Phase::ALL[i])
    }
}

/// The frame for a terminal of `size` (columns, rows).
pub fn frame(size: (u16, u16)) -> FrameLayout {
    let area = Rect::new(0, 0, size.0, size.1);
    let [header, rule, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let widths: Vec<u16> = Phase::ALL
        .iter()
        .map(|p| tab_label(*p).chars().count() as u16)
        .collect();
    let total: u16 = widths.iter().sum::<u16>() + 1;
    let mut x = header.right().saturating_sub(total);
    let mut tabs = [Rect::default(); Phase::ALL.len()];
    for (tab, width) in tabs.iter_mut().zip(widths) {
        *tab = Rect::new(x, header.y, width, 1).intersection(header);
        x = x.saturating_add(width);
    }
    FrameLayout {
        header,
        rule,
        body,
        hints,
        status,
        tabs,
    }
}

/// The body of the scope phase: the list on the left, details on the right.
pub fn scope_panes(body: Rect) -> (Rect, Rect) {
    let [list, details] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    (list, details)
}

/// The rows of the list the mouse can click on the current screen (inside its border).
pub fn list_area(app: &App) -> Option<Rect> {
    let body = frame(app.size).body;
    match &app.screen {
        Screen::Start(_) => {
            // Inside the border, below the table's heading row.
            let rows = inner(body);
            Some(Rect {
                y: rows.y.saturating_add(1),
                height: rows.height.saturating_sub(1),
                ..rows
            })
        }
        Screen::Workbench(wb) if wb.session().clock.phase == Phase::Scope && !app.big_clock => {
            Some(inner(scope_panes(body).0))
        }
        Screen::Workbench(_) => None,
    }
}

/// A rectangle less a one-cell border.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The first visible row of a list of `len` rows shown `height` rows at a time, so that
/// the cursor is always visible (scrolling only as far as needed).
pub fn list_offset(cursor: usize, len: usize, height: u16) -> usize {
    let height = usize::from(height).max(1);
    if len <= height {
        0
    } else {
        cursor.saturating_sub(height - 1).min(len - height)
    }
}

/// A centered rectangle of at most `width` × `height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_sit_at_the_right_and_are_found_by_click() {
        let f = frame((100, 30));
        assert_eq!(f.tabs[3].right(), 99);
        assert_eq!(f.tab_at(f.tabs[1].x, 0), Some(Phase::Threats));
        assert_eq!(f.tab_at(0, 0), None);
    }

    #[test]
    fn offsets_keep_the_cursor_visible() {
        assert_eq!(list_offset(0, 5, 10), 0);
        assert_eq!(list_offset(9, 20, 10), 0);
        assert_eq!(list_offset(10, 20, 10), 1);
        assert_eq!(list_offset(19, 20, 10), 10);
        assert_eq!(list_offset(3, 20, 0), 3);
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        for size in [(0, 0), (1, 1), (3, 2), (300, 300)] {
            let f = frame(size);
            assert!(f.body.width <= size.0);
        }
    }
}
