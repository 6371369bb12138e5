//! Review — did we do a good job? Coverage with the cells never considered, undecided
//! threats in red, accepted risks with owners and review dates, the readiness checklist,
//! the parking lot (items can become follow-ups) and the retrospective.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use crate::app::Command;
use crate::app::Workbench;
use crate::app::keymap::{Mode, keys_for};
use crate::app::screens::review::{Tone, finding_rows, last_scroll};
use crate::layout::{inner, review_panes};
use crate::text::one_line;
use crate::ui::Theme;
use crate::ui::chrome::pane_title;
use crate::wrap::{Piece, hanging};

/// Draws the review phase into `area`.
pub fn render(wb: &Workbench, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (left, right) = review_panes(area);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(pane_title("Did we do a good job?", left, theme.title()))
        .render(left, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(pane_title(
            "Parking lot · retrospective",
            right,
            theme.title(),
        ))
        .render(right, buf);
    let body = inner(left);
    // The rows paging counts, so that the last one can be brought to the bottom and no
    // further.
    let rows = finding_rows(wb, body.width);
    let scroll = wb.review.scroll.min(last_scroll(rows.len(), body.height));
    let lines: Vec<Line> = rows
        .iter()
        .skip(usize::from(scroll))
        .take(usize::from(body.height))
        .map(|row| line(row.clone(), |tone| style(tone, theme)))
        .collect();
    Paragraph::new(lines).render(body, buf);
    let notes = inner(right);
    Paragraph::new(notes_rows(wb, theme, notes.width)).render(notes, buf);
}

/// The colour of a tone of the findings.
fn style(tone: Tone, theme: Theme) -> Style {
    match tone {
        Tone::Plain => theme.text(),
        Tone::Heading => theme.title(),
        Tone::Dim => theme.dim(),
        Tone::Ok => theme.ok(),
        Tone::Warn => theme.warn(),
        Tone::Danger => theme.danger(),
    }
}

/// The parking lot, the retrospective and how to export, wrapped to `width` columns: a
/// parked item's further rows start under its text, not under its bullet.
fn notes_rows(wb: &Workbench, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let s = wb.session();
    let plain = |text: &str| (text.to_owned(), theme.text());
    let mut rows = Vec::new();
    let mut add = |lead: &[Piece<Style>], text: &[Piece<Style>], line_style: Style| {
        rows.extend(hung(lead, text, width, line_style));
    };
    let heading = |text: String| [(text, theme.title())];
    add(
        &[],
        &heading(format!("Parking lot ({})", s.parking_lot.len())),
        Style::new(),
    );
    if s.parking_lot.is_empty() {
        let text = format!(
            "nothing parked ({} parks a point)",
            keys_for(Mode::Session, &Command::Park)
        );
        add(
            &[("  ".into(), theme.dim())],
            &[(text, theme.dim())],
            Style::new(),
        );
    }
    for (i, item) in s.parking_lot.iter().enumerate() {
        let mark = if item.follow_up { "[follow-up] " } else { "" };
        let selection = if i == wb.review.cursor {
            theme.selected()
        } else {
            Style::new()
        };
        add(
            &[plain("• ")],
            &[plain(&format!("{mark}{}", one_line(&item.text)))],
            selection,
        );
    }
    add(&[], &[], Style::new());
    add(&[], &heading("Retrospective (r)".into()), Style::new());
    let retro = &s.retrospective;
    for (label, text) in [("worked", &retro.worked), ("change", &retro.change)] {
        let text = if text.is_empty() {
            "—".to_owned()
        } else {
            one_line(text).into_owned()
        };
        add(
            &[(format!("{label}: "), theme.dim())],
            &[(text, theme.text())],
            Style::new(),
        );
    }
    add(&[], &[], Style::new());
    add(&[], &heading("Export".into()), Style::new());
    let key = |k: &str| (k.to_owned(), theme.key());
    add(
        &[],
        &[
            key("x"),
            plain(
                " previews the ticket-ready export (GitHub, GitLab, Jira, Markdown, JSON); in it ",
            ),
            key("w"),
            plain(" writes it beside the session file and "),
            key("c"),
            plain(" copies it to the clipboard."),
        ],
        Style::new(),
    );
    rows
}

/// One line of the notes wrapped to `width` columns, further rows under the text after
/// `lead`, each row in `line_style` (the selection) over the pieces' own styles.
fn hung(
    lead: &[Piece<Style>],
    text: &[Piece<Style>],
    width: u16,
    line_style: Style,
) -> Vec<Line<'static>> {
    hanging(lead, text, usize::from(width))
        .into_iter()
        .map(|row| line(row, |s| s).style(line_style))
        .collect()
}

/// A wrapped row as a line, each piece in the style `style` gives it.
fn line<S>(row: Vec<Piece<S>>, style: impl Fn(S) -> Style) -> Line<'static> {
    Line::from(
        row.into_iter()
            .map(|(text, s)| Span::styled(text, style(s)))
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::core::testing::{now, workbench};
    use crate::app::screens::review::BUILT;
    use crate::model::Edit;

    fn built() -> usize {
        BUILT.with(std::cell::Cell::get)
    }

    /// The review drawn at `width`×30, as text.
    fn draw(wb: &Workbench, width: u16) -> String {
        let area = Rect::new(0, 0, width, 30);
        let mut buf = Buffer::empty(area);
        render(wb, Theme::new(false), area, &mut buf);
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn frames_draw_the_findings_made_once_per_change_and_width() {
        let mut wb = workbench("Refund API");
        let before = built();
        let first = draw(&wb, 100);
        assert!(first.contains("Undecided threats: 0"), "{first}");
        assert_eq!(draw(&wb, 100), first);
        assert_eq!(built(), before + 1, "a second frame made no line again");
        // Another width wraps again.
        draw(&wb, 80);
        assert_eq!(built(), before + 2);
        // An edit makes them again, once.
        wb.apply(Edit::Notes("agreed with the payments team".into()), now())
            .unwrap();
        draw(&wb, 80);
        draw(&wb, 80);
        assert_eq!(built(), before + 3);
    }
}
