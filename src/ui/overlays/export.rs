//! The export preview: exactly what `w` writes and `c` copies, in the chosen format.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::app::Workbench;
use crate::app::overlays::ExportState;
use crate::app::overlays::export::Preview;
use crate::export::Flavour;
use crate::layout::{export_box, inner};
use crate::text::fit;
use crate::ui::{Theme, clip};

/// Draws the export preview: exactly what `w` writes and `c` copies, in the chosen format.
pub fn render(wb: &Workbench, state: &ExportState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let scroll = state.scroll;
    // Header and hint bar stay visible above and below.
    let box_area = export_box(area);
    Clear.render(box_area, buf);
    let chosen = state.chosen();
    let mut tabs = vec![Span::styled(" Export ", theme.title())];
    for f in Flavour::ALL {
        let style = if f == chosen {
            theme.selected()
        } else {
            theme.dim()
        };
        tabs.push(Span::styled(format!(" {f} "), style));
    }

    // Cut with … between the corners, like every pane's title.
    let room = usize::from(box_area.width.saturating_sub(2));
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(clip(Line::from(tabs), room))
        .render(box_area, buf);
    // The preview made when it opened, switched or saw an edit; made here only if the
    // session changed some other way, so that what is shown is never out of date.
    let made;
    let lines = match state.current(wb) {
        Some(preview) => &preview.lines,
        None => {
            made = Preview::of(wb, chosen);
            &made.lines
        }
    };
    let body = inner(box_area);
    let height = usize::from(body.height);
    let top = usize::from(scroll).min(lines.len().saturating_sub(height));
    // Only the lines on screen are cut to the width: a frame costs the same at any size.
    // Lines are shown as written, not wrapped; a line that runs past the edge ends in … so
    // that it does not read as whole.
    let shown: Vec<Line> = lines[top..]
        .iter()
        .take(height)
        .map(|l| Line::from(fit(l, usize::from(body.width))))
        .collect();
    Paragraph::new(shown).render(body, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::core::testing::now;
    use crate::app::core::{Command, Cx, Shell};
    use crate::app::overlays::export::{MADE, command};
    use crate::layout::Geometry;
    use crate::model::Edit;

    fn workbench() -> Workbench {
        crate::app::core::testing::workbench("Refund API")
    }

    fn made() -> usize {
        MADE.with(std::cell::Cell::get)
    }

    /// The preview drawn at 100×40, as text.
    fn draw(wb: &Workbench, state: &ExportState) -> String {
        let area = Rect::new(0, 0, 100, 40);
        let mut buf = Buffer::empty(area);
        render(wb, state, Theme::new(false), area, &mut buf);
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    /// Hands `command` to the open preview, as the dispatcher does.
    fn press(wb: &mut Workbench, state: &mut ExportState, c: Command) {
        let (mut status, mut effects) = (None, Vec::new());
        let shell = Shell {
            status: &mut status,
            effects: &mut effects,
            now: now(),
            geometry: Geometry::of((100, 40)),
        };
        command(state, c, &mut Cx { wb, shell });
    }

    #[test]
    fn frames_draw_the_preview_made_on_open() {
        let mut wb = workbench();
        let before = made();
        let mut state = ExportState::open(&wb);
        assert_eq!(made(), before + 1);
        let first = draw(&wb, &state);
        assert!(first.contains("## Threat model: Refund API"), "{first}");
        assert_eq!(draw(&wb, &state), first);
        // Scrolling moves over the same text.
        press(&mut wb, &mut state, Command::Down);
        assert_ne!(draw(&wb, &state), first);
        assert_eq!(
            made(),
            before + 1,
            "no frame or scroll made the export again"
        );
        // A switch of format makes the other one, once.
        press(&mut wb, &mut state, Command::Right);
        draw(&wb, &state);
        draw(&wb, &state);
        assert_eq!(made(), before + 2);
        assert!(draw(&wb, &state).contains("## Threat model"));
    }

    #[test]
    fn an_edit_makes_the_preview_again() {
        let mut wb = workbench();
        let mut state = ExportState::open(&wb);
        let before = made();
        wb.apply(Edit::Notes("agreed with the payments team".into()), now())
            .unwrap();
        // Made again at the next command, then drawn from the new text.
        press(&mut wb, &mut state, Command::Up);
        assert_eq!(made(), before + 1);
        assert!(draw(&wb, &state).contains("agreed with the payments team"));
        assert_eq!(made(), before + 1);
    }
}
