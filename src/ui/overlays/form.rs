//! A form as a centered overlay: a label column and the fields, the focused text field with
//! its (drawn) cursor, the reason a save was refused, and the keys that work here.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

use crate::app::Command;
use crate::app::forms::{Field, FieldValue, Form, FormKind, RATINGS, threat};
use crate::app::keymap::{Mode, keys_for};
use crate::layout::{centered, inner, list_offset};
use crate::ui::Theme;

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

/// What a form box shows: a title, fields, the focused one, and below them an optional
/// preview and the reason a save was refused or the keys that work.
pub struct FormView<'a> {
    /// The box's title.
    pub title: &'a str,
    /// The fields, in Tab order.
    pub fields: &'a [Field],
    /// The focused field.
    pub focus: usize,
    /// Rows of preview text under the fields, and the text.
    pub preview: Option<(u16, String)>,
    /// Why the last save was refused.
    pub error: Option<&'a str>,
    /// The keys that work here.
    pub hint: String,
}

/// The box, the area of each field's value, and whether fields are spaced by a blank row
/// (dropped when the terminal is too short for it).
fn layout(view: &FormView<'_>, area: Rect) -> (Rect, Vec<Rect>) {
    let preview_rows = view.preview.as_ref().map_or(0, |(rows, _)| *rows);
    let fields: u16 = view.fields.iter().map(height).sum();
    let n = view.fields.len() as u16;
    let spaced = fields + n + 4 + preview_rows <= area.height;
    let gap = u16::from(spaced);
    let rows = fields + n * gap + 3 + u16::from(!spaced) + preview_rows;
    // Below the title and the clock, above the hints, when the terminal has the room.
    let room = Rect {
        y: area.y + 2,
        height: area.height.saturating_sub(4),
        ..area
    };
    let outer = if rows <= room.height {
        centered(room, 80, rows)
    } else {
        centered(area, 80, rows)
    };
    let body = inner(outer);
    let mut y = body.y;
    let rects = view
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
    let preview = matches!(form.kind, FormKind::Threat(_)).then(|| {
        let sentence = threat::grammar(form).statement().unwrap_or_else(|| {
            "The statement appears here as you fill in source, needing, can, leading to, harming.".to_owned()
        });
        (2, sentence)
    });
    let view = FormView {
        title: &form.title,
        fields: &form.fields,
        focus: form.focus,
        preview,
        error: form.error.as_deref(),
        hint: hint(form),
    };
    draw(&view, theme, area, buf);
}

/// Draws a form box over `area`.
pub fn draw(view: &FormView<'_>, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (outer, rects) = layout(view, area);
    Clear.render(outer, buf);
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Span::styled(format!(" {} ", view.title), theme.title()))
        .render(outer, buf);
    let body = inner(outer);
    for (i, (field, rect)) in view.fields.iter().zip(rects).enumerate() {
        let focused = i == view.focus;
        let label_style = if focused { theme.focus() } else { theme.dim() };
        let label = Rect::new(body.x, rect.y, LABEL_WIDTH.min(body.width), 1).intersection(body);
        Paragraph::new(Span::styled(
            format!("{:<w$}", field.label, w = usize::from(LABEL_WIDTH) - 1),
            label_style,
        ))
        .render(label, buf);
        value(field, focused, theme, rect, buf);
    }
    if let Some((rows, sentence)) = &view.preview {
        let rect = Rect::new(
            body.x,
            body.bottom().saturating_sub(1 + rows),
            body.width,
            *rows,
        )
        .intersection(body);
        Paragraph::new(Span::styled(sentence.clone(), theme.dim()))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(rect, buf);
    }
    let bottom =
        Rect::new(body.x, body.bottom().saturating_sub(1), body.width, 1).intersection(body);
    let line = match view.error {
        Some(reason) => Line::from(Span::styled(reason.to_owned(), theme.danger())),
        None => Line::from(Span::styled(view.hint.clone(), theme.dim())),
    };
    Paragraph::new(line).render(bottom, buf);
}

/// The keys that work in the focused field, from the keymap.
fn hint(form: &Form) -> String {
    let tab = keys_for(Mode::Form, &Command::NextField);
    let save = keys_for(Mode::Form, &Command::Submit);
    let cancel = keys_for(Mode::Form, &Command::Cancel);
    let enter = keys_for(Mode::Form, &Command::Enter);
    let tail = format!("{tab} next · {save} save · {cancel} cancel");
    match form.focused().map(|f| &f.value) {
        Some(FieldValue::Choice { .. }) => {
            let (prev, next) = (
                keys_for(Mode::FormChoice, &Command::ChoicePrev),
                keys_for(Mode::FormChoice, &Command::ChoiceNext),
            );
            format!("{prev}{next} choose · {tail}")
        }
        Some(FieldValue::Rating(_)) => {
            let (prev, next) = (
                keys_for(Mode::FormChoice, &Command::ChoicePrev),
                keys_for(Mode::FormChoice, &Command::ChoiceNext),
            );
            format!("{prev}{next} or 0–5 (0 unrated) · {tail}")
        }
        Some(FieldValue::Toggle(_)) => {
            format!(
                "{} switch · {tail}",
                keys_for(Mode::FormCheck, &Command::Toggle)
            )
        }
        Some(FieldValue::Checklist { .. }) => {
            let (up, down) = (
                keys_for(Mode::FormCheck, &Command::ChoicePrev),
                keys_for(Mode::FormCheck, &Command::ChoiceNext),
            );
            let tick = keys_for(Mode::FormCheck, &Command::Toggle);
            format!("{up}{down} move · {tick} tick · {tail}")
        }
        Some(FieldValue::Text {
            multiline: true, ..
        }) => format!("{enter} new line · {tail}"),
        _ if form.fields.len() == 1 => format!("{enter} or {save} save · {cancel} cancel"),
        _ if form.focus + 1 == form.fields.len() => {
            let back = keys_for(Mode::Form, &Command::PrevField);
            format!("{back} back · {enter} or {save} save · {cancel} cancel")
        }
        _ => format!("{enter} next · {tail}"),
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
        FieldValue::Choice { .. } | FieldValue::Rating(_) => {
            let text = match &field.value {
                FieldValue::Choice { options, selected } => options
                    .get(*selected)
                    .cloned()
                    .unwrap_or_else(|| "(nothing to choose yet)".into()),
                FieldValue::Rating(rating) => {
                    RATINGS[usize::from(rating.unwrap_or(0)).min(5)].to_owned()
                }
                _ => String::new(),
            };
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
            let offset = list_offset(*cursor, options.len(), rect.height);
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
