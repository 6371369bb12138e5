//! Where things are on screen, as pure functions of the terminal size. The drawing (`ui`)
//! places every pane with these functions and the app (`app`) pages and hit-tests with the
//! same ones, so a page is as long as the list drawn and a click lands on what was drawn
//! there. Neither side knows the other: both depend on this module.

use ratatui::layout::{Constraint, Layout, Position, Rect};

use crate::model::Phase;

/// Below this size the app shows a "terminal too small" screen instead.
pub const MIN_WIDTH: u16 = 60;
/// Below this size the app shows a "terminal too small" screen instead.
pub const MIN_HEIGHT: u16 = 15;

/// Rows of the threats grid above and below the element rows: the category heading, the
/// legend and the coverage line.
const GRID_CHROME_ROWS: u16 = 3;

/// The labels of the phase tabs.
pub fn tab_label(phase: Phase) -> String {
    format!(" {} {} ", phase.number(), phase.name())
}

/// Whether a terminal of `size` is large enough to draw the app at all.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_WIDTH && size.1 >= MIN_HEIGHT
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
        let at = Position { x: column, y: row };
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
    let widths = Phase::ALL.map(|p| width_of(&tab_label(p)));
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

fn width_of(text: &str) -> u16 {
    u16::try_from(unicode_width::UnicodeWidthStr::width(text)).unwrap_or(u16::MAX)
}

/// The start screen's table, inside its border: the heading row, the session rows, and
/// the last row for why the selected file cannot be opened (when it cannot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartTable {
    /// Everything inside the border.
    pub body: Rect,
    /// The session rows, below the heading.
    pub rows: Rect,
    /// The line naming the selected file's problem, if one is shown.
    pub problem: Option<Rect>,
}

/// The start screen's table in `body`, with a problem line when `problem` is set.
pub fn start_table(body: Rect, problem: bool) -> StartTable {
    let inside = inner(body);
    let problem_line = problem.then(|| Rect {
        y: inside.bottom().saturating_sub(1),
        height: 1.min(inside.height),
        ..inside
    });
    let rows = Rect {
        y: inside.y.saturating_add(1),
        height: inside
            .height
            .saturating_sub(1 + u16::from(problem_line.is_some())),
        ..inside
    };
    StartTable {
        body: inside,
        rows,
        problem: problem_line,
    }
}

/// The body of the scope phase: the list on the left, details on the right.
pub fn scope_panes(body: Rect) -> (Rect, Rect) {
    let [list, details] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    (list, details)
}

/// The body of the threats phase: the grid on the left, the prompt card and the cell's
/// threats on the right.
pub fn threat_panes(body: Rect) -> (Rect, Rect) {
    let grid = (body.width * 3 / 5).max(40).min(body.width);
    let [left, right] =
        Layout::horizontal([Constraint::Length(grid), Constraint::Fill(1)]).areas(body);
    (left, right)
}

/// How many element rows the threats grid shows inside its border `inside`.
pub fn grid_rows(inside: Rect) -> u16 {
    inside.height.saturating_sub(GRID_CHROME_ROWS)
}

/// The body of the decisions phase: the ranked threats on the left, the decision on the
/// right.
pub fn decision_panes(body: Rect) -> (Rect, Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(body);
    (left, right)
}

/// The body of the review phase: the checklist and figures on the left, the parking lot and
/// retrospective on the right.
pub fn review_panes(body: Rect) -> (Rect, Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(body);
    (left, right)
}

/// The help overlay's box over the whole `area`.
pub fn help_box(area: Rect) -> Rect {
    centered(area, 78, area.height.saturating_sub(2))
}

/// The export preview's box: the header and hint bar stay visible above and below.
pub fn export_box(area: Rect) -> Rect {
    centered(area, area.width, area.height.saturating_sub(4))
}

/// What the app needs to know of the screen to page and to hit-test: every figure is
/// computed with the same functions the drawing uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// The terminal size, columns and rows.
    pub size: (u16, u16),
    /// The frame for that size.
    pub frame: FrameLayout,
}

impl Geometry {
    /// The geometry of a terminal of `size`.
    pub fn of(size: (u16, u16)) -> Self {
        Geometry {
            size,
            frame: frame(size),
        }
    }

    fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// The start screen's session rows (the heading excluded).
    pub fn start_rows(&self, problem: bool) -> Rect {
        start_table(self.frame.body, problem).rows
    }

    /// The scope list's rows, inside its border.
    pub fn scope_rows(&self) -> Rect {
        inner(scope_panes(self.frame.body).0)
    }

    /// Rows of one page of the scope list.
    pub fn scope_page(&self) -> usize {
        page(self.scope_rows().height)
    }

    /// Rows of one page of the threats grid.
    pub fn grid_page(&self) -> usize {
        page(grid_rows(inner(threat_panes(self.frame.body).0)))
    }

    /// Rows of one page of the ranked threats.
    pub fn ranking_page(&self) -> usize {
        page(inner(decision_panes(self.frame.body).0).height)
    }

    /// Rows of one page of the review.
    pub fn review_page(&self) -> usize {
        page(inner(review_panes(self.frame.body).0).height)
    }

    /// Rows of one page of the help.
    pub fn help_page(&self) -> usize {
        page(inner(help_box(self.area())).height)
    }

    /// Rows of one page of the export preview.
    pub fn export_page(&self) -> usize {
        page(inner(export_box(self.area())).height)
    }
}

/// A page is never less than a row, so paging always moves.
fn page(rows: u16) -> usize {
    usize::from(rows).max(1)
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

/// The row of a list of `len` rows shown in `rows` with `cursor` selected that sits at
/// terminal row `y`, if a row of the list is drawn there.
pub fn list_row_at(rows: Rect, cursor: usize, len: usize, column: u16, y: u16) -> Option<usize> {
    if !rows.contains(Position { x: column, y }) {
        return None;
    }
    let index = list_offset(cursor, len, rows.height) + usize::from(y - rows.y);
    (index < len).then_some(index)
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
    fn a_click_finds_the_row_drawn_there() {
        let rows = Rect::new(1, 3, 20, 5);
        assert_eq!(list_row_at(rows, 0, 10, 2, 3), Some(0));
        assert_eq!(list_row_at(rows, 9, 10, 2, 3), Some(5));
        assert_eq!(list_row_at(rows, 0, 3, 2, 7), None, "below the last row");
        assert_eq!(list_row_at(rows, 0, 10, 0, 3), None, "on the border");
    }

    #[test]
    fn pages_are_the_rows_drawn() {
        let g = Geometry::of((80, 24));
        // Body 20 rows; a bordered pane shows 18.
        assert_eq!(g.scope_page(), 18);
        assert_eq!(g.ranking_page(), 18);
        assert_eq!(g.grid_page(), 15);
        assert_eq!(g.help_page(), 20);
        assert_eq!(g.export_page(), 18);
        assert_eq!(Geometry::of((0, 0)).scope_page(), 1);
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        for size in [(0, 0), (1, 1), (3, 2), (300, 300)] {
            let f = frame(size);
            assert!(f.body.width <= size.0);
            let _ = Geometry::of(size).grid_page();
        }
    }
}
