//! A form as a centered overlay: a label column and the fields, the focused text field with
//! its (drawn) cursor, the reason a save was refused, and the keys that work here.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use super::Theme;
use super::layout::{centered, inner};
use crate::app::{Field, FieldValue, Form, FormKind};

const LABEL_WIDTH: u16 = 13;

/// Rows a field takes.
fn height(field: &Field) -> u16 {
    match &field.value {
        FieldValue::Text {
            multiline: true, ..
        } => 4,
        FieldValue::Checklist { options, .. } => (options.len() as u16).clamp(1, 6),
        _ => 1,
    }
}

/// Rows for the sentence preview of a threat form.
fn preview_rows(form: &Form) -> u16 {
    if matches!(form.kind, FormKind::Threat(..)) {
        2
    } else {
        0
    }
}

/// The box, the area of each field's value, and whether fields are spaced by a blank row
/// (dropped when the terminal is too short for it).
fn layout(form: &Form, area: Rect) -> (Rect, Vec<Rect>) {
    let fields: u16 = form.fields.iter().map(height).sum();
    let n = form.fields.len() as u16;
    let spaced = fields + n + 4 + preview_rows(form) <= area.height;
    let gap = u16::from(spaced);
    let rows = fields + n * gap + 3 + u16::from(!spaced) + preview_rows(form);
    let outer = centered(area, 80, rows);
    let body = inner(outer);
    let mut y = body.y;
    let rects = form
        .fields
        .iter()
        .map(|field| {
            let h = height(field);
            let rect = Rect::new(
                body.x + LABEL_WIDTH,
                y,
                body.width.saturating_sub(LABEL_WIDTH),
                h,
            )
            .intersection(body);
            y = y.saturating_add(h + gap);
            rect
        })
        .collect();
    (outer, rects)
}

/// Draws the form over `area`.
pub fn render(form: &Form, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (outer, rects) = layout(form, area);
    Clear.render(outer, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Span::styled(format!(" {} ", form.title), theme.title()))
        .render(outer, buf);
    let body = inner(outer);
    for (i, (field, rect)) in form.fields.iter().zip(rects).enumerate() {
        let focused = i == form.focus;
        let label_style = if focused { theme.focus() } else { theme.dim() };
        let label = Rect::new(body.x, rect.y, LABEL_WIDTH.min(body.width), 1).intersection(body);
        Paragraph::new(Span::styled(
            format!("{:<w$}", field.label, w = usize::from(LABEL_WIDTH) - 1),
            label_style,
        ))
        .render(label, buf);
        value(field, focused, theme, rect, buf);
    }
    let preview = preview_rows(form);
    if preview > 0 {
        let rect = Rect::new(
            body.x,
            body.bottom().saturating_sub(1 + preview),
            body.width,
            preview,
        )
        .intersection(body);
        let sentence = form.grammar().statement().unwrap_or_else(|| {
            "The statement appears here as you fill in source, needing, can, leading to, harming.".to_owned()
        });
        Paragraph::new(Span::styled(sentence, theme.dim()))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(rect, buf);
    }
    let bottom =
        Rect::new(body.x, body.bottom().saturating_sub(1), body.width, 1).intersection(body);
    let line = match &form.error {
        Some(reason) => Line::from(Span::styled(reason.clone(), theme.danger())),
        None => Line::from(Span::styled(hint(form), theme.dim())),
    };
    Paragraph::new(line).render(bottom, buf);
}

fn hint(form: &Form) -> &'static str {
    match form.focused().map(|f| &f.value) {
        Some(FieldValue::Choice { .. }) => "←→ choose · Tab next · Ctrl-s save · Esc cancel",
        Some(FieldValue::Toggle(_)) => "Space switch · Tab next · Ctrl-s save · Esc cancel",
        Some(FieldValue::Checklist { .. }) => {
            "↑↓ move · Space tick · Tab next · Ctrl-s save · Esc cancel"
        }
        Some(FieldValue::Text {
            multiline: true, ..
        }) => "Enter new line · Tab next · Ctrl-s save · Esc cancel",
        _ if form.focus + 1 == form.fields.len() => {
            "Shift-Tab back · Enter or Ctrl-s save · Esc cancel"
        }
        _ => "Enter next · Tab next · Ctrl-s save · Esc cancel",
    }
}

fn value(field: &Field, focused: bool, theme: Theme, rect: Rect, buf: &mut Buffer) {
    match &field.value {
        FieldValue::Text { area, .. } => {
            if focused {
                area.render(rect, buf);
            } else if area.is_empty() {
                Paragraph::new(Span::styled(
                    area.placeholder_text().to_owned(),
                    theme.dim(),
                ))
                .render(rect, buf);
            } else {
                let lines: Vec<Line> = area.lines().iter().map(|l| Line::from(l.clone())).collect();
                Paragraph::new(lines).render(rect, buf);
            }
        }
        FieldValue::Choice {
            options, selected, ..
        } => {
            let text = options
                .get(*selected)
                .cloned()
                .unwrap_or_else(|| "(nothing to choose yet)".into());
            let style = if focused {
                theme.selected()
            } else {
                theme.text()
            };
            Paragraph::new(Line::from(vec![
                Span::styled("‹ ", theme.dim()),
                Span::styled(text, style),
                Span::styled(" ›", theme.dim()),
            ]))
            .render(rect, buf);
        }
        FieldValue::Toggle(on) => {
            let text = if *on { "[x] yes" } else { "[ ] no" };
            Paragraph::new(Span::styled(
                text,
                if focused {
                    theme.selected()
                } else {
                    theme.text()
                },
            ))
            .render(rect, buf);
        }
        FieldValue::Checklist {
            options,
            checked,
            cursor,
            ..
        } => {
            if options.is_empty() {
                Paragraph::new(Span::styled(
                    "(add entities, processes or stores first)",
                    theme.dim(),
                ))
                .render(rect, buf);
                return;
            }
            let offset = super::layout::list_offset(*cursor, options.len(), rect.height);
            let lines: Vec<Line> = options
                .iter()
                .zip(checked)
                .enumerate()
                .skip(offset)
                .take(usize::from(rect.height))
                .map(|(i, (option, on))| {
                    let text = format!("{} {}", if *on { "[x]" } else { "[ ]" }, option);
                    let style = if focused && i == *cursor {
                        theme.selected()
                    } else {
                        theme.text()
                    };
                    Line::styled(text, style)
                })
                .collect();
            Paragraph::new(lines).render(rect, buf);
        }
    }
}
