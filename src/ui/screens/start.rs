//! The start screen: the sessions in the sessions folder, or a first-run welcome.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Widget, Wrap};

use crate::app::{App, StartState};
use crate::layout::{list_offset, start_table};
use crate::text::one_line;
use crate::ui::Theme;

/// Draws the start screen into `area`.
pub fn render(app: &App, start: &StartState, theme: Theme, area: Rect, buf: &mut Buffer) {
    let dir = one_line(&app.dir.display().to_string()).into_owned();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(Span::styled(format!(" Sessions · {dir} "), theme.title()));
    block.render(area, buf);
    let problem = start.selected().and_then(|r| r.error.as_deref());
    let table = start_table(area, problem.is_some());
    let body = table.body;
    let Some(rows) = &start.rows else {
        Paragraph::new(Span::styled("reading the sessions folder…", theme.dim())).render(body, buf);
        return;
    };
    if rows.is_empty() {
        let body = Rect {
            x: body.x + 2,
            width: body.width.saturating_sub(4),
            ..body
        };
        let text = vec![
            Line::from(""),
            Line::from(Span::styled("No sessions here yet.", theme.title())),
            Line::from(""),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled("e", theme.key()),
                Span::raw(
                    " to open the bundled example — a 45-minute session of a small Refund API — to see a working session at once.",
                ),
            ]),
            Line::from(""),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled("n", theme.key()),
                Span::raw(
                    " to start a new session of your own: a title, an agenda, who is in the room.",
                ),
            ]),
            Line::from(""),
            Line::from(Span::styled(
                "A session walks the four questions: what are we working on, what can go wrong, what are we going to do about it, did we do a good job?",
                theme.dim(),
            )),
        ];
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .render(body, buf);
        return;
    }
    // The last row tells why the selected file cannot be opened, when it cannot.
    if let (Some(reason), Some(line)) = (problem, table.problem) {
        Paragraph::new(Span::styled(
            format!("cannot open: {}", one_line(reason)),
            theme.danger(),
        ))
        .render(line, buf);
    }
    let height = table.rows.height;
    let offset = list_offset(start.cursor, rows.len(), height);
    let header =
        Row::new(["Title", "Ticket", "Rev", "Updated", "Undecided", "Coverage"]).style(theme.dim());
    let table_rows = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(height))
        .map(|(i, row)| {
            let style = if i == start.cursor {
                theme.selected()
            } else {
                theme.text()
            };
            match &row.error {
                Some(_) => Row::new(vec![
                    one_line(&row.title).into_owned(),
                    String::new(),
                    String::new(),
                    "cannot open".to_owned(),
                    String::new(),
                    String::new(),
                ])
                .style(if i == start.cursor {
                    theme.selected()
                } else {
                    theme.danger()
                }),
                None => Row::new(vec![
                    one_line(&row.title).into_owned(),
                    one_line(&row.ticket).into_owned(),
                    row.revision.to_string(),
                    row.updated.clone(),
                    format!("{}/{}", row.undecided, row.threats),
                    row.coverage.clone(),
                ])
                .style(style),
            }
        });
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(4),
        Constraint::Length(17),
        Constraint::Length(10),
        Constraint::Length(11),
    ];
    Widget::render(Table::new(table_rows, widths).header(header), body, buf);
}
