//! A form as a centered overlay between the header and the hint bar: a label column and the
//! fields (scrolled when they do not fit), the focused text field with its (drawn) cursor,
//! text of several lines wrapped in its box, the reason a save was refused, and the keys
//! that work here.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use tui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

use crate::app::Command;
use crate::app::forms::{Field, FieldValue, Form, FormKind, RATINGS, threat};
use crate::app::keymap::{Mode, keys_for};
use crate::layout::{centered, inner, list_offset};
use crate::text::fit;
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
    /// Text under the fields, wrapped to as many rows as it needs and the box has.
    pub preview: Option<String>,
    /// Why the last save was refused.
    pub error: Option<&'a str>,
    /// The keys that work here.
    pub hint: String,
}

/// Where a form box and its parts go.
struct Placed {
    /// The box, border included.
    outer: Rect,
    /// The fields shown (those that fit, the focused one among them) and the area of each
    /// one's value.
    fields: Vec<(usize, Rect)>,
    /// The preview's rows.
    preview: Vec<String>,
    /// Whether fields are hidden above and below the shown ones.
    more: (bool, bool),
}

/// Places a form box inside `area`: between the title row with the clock and the hint bar,
/// so that both stay in view while typing. Fields are spaced by a blank row when there is
/// room; when even unspaced they do not fit, they scroll so the focused field is shown.
fn layout(view: &FormView<'_>, area: Rect) -> Placed {
    let room = Rect {
        y: area.y.saturating_add(2),
        height: area.height.saturating_sub(4),
        ..area
    };
    let width = room.width.min(80);
    let inside = room.height.saturating_sub(2);
    let heights: Vec<u16> = view.fields.iter().map(height).collect();
    let tallest = heights.iter().copied().max().unwrap_or(0);
    // Below the fields: a blank row, the preview and the hint row.
    let preview = view.preview.as_deref().map_or_else(Vec::new, |text| {
        let rows = inside.saturating_sub(2 + tallest);
        wrapped(
            [text],
            usize::from(width.saturating_sub(2)),
            usize::from(rows),
        )
    });
    let below = 2 + preview.len() as u16;
    let total: u16 = heights.iter().sum();
    let n = heights.len() as u16;
    let gap = u16::from(total + n.saturating_sub(1) + below <= inside);
    let room_for_fields = inside.saturating_sub(below);
    let (first, shown) = window(&heights, gap, view.focus, room_for_fields);
    let used: u16 =
        heights[first..first + shown].iter().sum::<u16>() + gap * (shown as u16).saturating_sub(1);
    let outer = centered(room, width, used + below + 2);
    let body = inner(outer);
    let fields_area = Rect {
        height: body.height.saturating_sub(below),
        ..body
    };
    let mut y = body.y;
    let fields = (first..first + shown)
        .map(|i| {
            let rect = Rect::new(
                body.x + LABEL_WIDTH,
                y,
                body.width.saturating_sub(LABEL_WIDTH),
                heights[i],
            )
            .intersection(fields_area);
            y = y.saturating_add(heights[i] + gap);
            (i, rect)
        })
        .collect();
    Placed {
        outer,
        fields,
        preview,
        more: (first > 0, first + shown < heights.len()),
    }
}

/// The first field shown and how many are, for fields of `heights` spaced by `gap` rows in
/// `rows`: from the top when the focused one fits so, else scrolled just far enough that it
/// is the last one shown. The focused field is always among them.
fn window(heights: &[u16], gap: u16, focus: usize, rows: u16) -> (usize, usize) {
    let focus = focus.min(heights.len().saturating_sub(1));
    let span = |from: usize, to: usize| -> u16 {
        heights[from..=to].iter().sum::<u16>() + gap * (to - from) as u16
    };
    if heights.is_empty() {
        return (0, 0);
    }
    let first = (0..=focus)
        .find(|&from| span(from, focus) <= rows)
        .unwrap_or(focus);
    let last = (focus..heights.len())
        .take_while(|&to| span(first, to) <= rows)
        .last()
        .unwrap_or(focus);
    (first, last - first + 1)
}

/// `lines` wrapped to rows of at most `width` columns, as [`line_rows`] wraps them. At
/// most `max_rows` rows; when the text has more, the last one ends with `…`. Reads no
/// further than it shows.
fn wrapped<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    width: usize,
    max_rows: usize,
) -> Vec<String> {
    let mut rows = Vec::new();
    for line in lines {
        let room = (max_rows + 1).saturating_sub(rows.len());
        if room == 0 {
            break;
        }
        rows.extend(
            line_rows(line, width, room)
                .into_iter()
                .map(|row| line[row].trim_end().to_owned()),
        );
    }
    if rows.len() > max_rows {
        rows.truncate(max_rows);
        if let Some(last) = rows.last_mut() {
            *last = fit(&format!("{last}…"), width);
        }
    }
    rows
}

/// The rows (at most `limit`) that `line` wraps to in `width` columns, as byte ranges of
/// it. Columns are display width (a CJK character takes two). A row breaks at spaces, which
/// stay at the end of the row they follow even past the edge, and anywhere inside a word
/// wider than a row.
fn line_rows(line: &str, width: usize, limit: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let (mut start, mut at, mut used) = (0, 0, 0);
    for word in line.split_inclusive(' ') {
        let whole = word.trim_end_matches(' ').width() <= width;
        for piece in word.split_inclusive(|_: char| !whole) {
            if used > 0 && used + piece.trim_end_matches(' ').width() > width {
                rows.push(start..at);
                if rows.len() >= limit {
                    return rows;
                }
                (start, used) = (at, 0);
            }
            at += piece.len();
            used += piece.width();
        }
    }
    if rows.len() < limit {
        rows.push(start..line.len());
    }
    rows
}

/// Draws the focused field of several lines: its text wrapped as it is when not focused,
/// scrolled so that the cursor's row is shown, and the cursor on it.
fn editor(area: &TextArea<'_>, rect: Rect, buf: &mut Buffer) {
    let (width, height) = (usize::from(rect.width), usize::from(rect.height));
    if width == 0 || height == 0 {
        return;
    }
    let lines = area.lines();
    let tui_textarea::DataCursor(cursor_line, cursor_char) = area.cursor();
    // Every row up to the cursor's, and no more after it than can be shown.
    let mut rows: Vec<(usize, Range<usize>)> = Vec::new();
    let mut cursor = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        if i > cursor_line && rows.len() > cursor.0 + height {
            break;
        }
        let wrapped = line_rows(line, width, usize::MAX);
        if i == cursor_line {
            let byte = line
                .char_indices()
                .nth(cursor_char)
                .map_or(line.len(), |(b, _)| b);
            let k = wrapped.iter().rposition(|r| r.start <= byte).unwrap_or(0);
            let column = wrapped.get(k).map_or(0, |r| line[r.start..byte].width());
            // After spaces that hang past the edge, the cursor is where the next word goes.
            cursor = if column < width {
                (rows.len() + k, column)
            } else {
                (rows.len() + k + 1, 0)
            };
        }
        rows.extend(wrapped.into_iter().map(|r| (i, r)));
    }
    let offset = list_offset(cursor.0, rows.len().max(cursor.0 + 1), rect.height);
    let shown: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|(i, r)| Line::from(lines[*i][r.clone()].trim_end().to_owned()))
        .collect();
    Paragraph::new(shown).render(rect, buf);
    // Both fit: the column is less than the width, the row less than the height.
    let (x, y) = (cursor.1 as u16, (cursor.0 - offset) as u16);
    if let Some(cell) = buf.cell_mut((rect.x + x, rect.y + y)) {
        cell.set_style(area.cursor_style());
    }
}

/// Draws the form over `area`.
pub fn render(form: &Form, theme: Theme, area: Rect, buf: &mut Buffer) {
    let preview = matches!(form.kind, FormKind::Threat(_)).then(|| {
        threat::grammar(form).statement().unwrap_or_else(|| {
            "The statement appears here as you fill in source, needing, can, leading to, harming.".to_owned()
        })
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
    let placed = layout(view, area);
    let outer = placed.outer;
    Clear.render(outer, buf);
    let more = |shown: bool, text: &'static str| {
        Line::from(if shown { text } else { "" })
            .style(theme.dim())
            .right_aligned()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.title())
        .title(Span::styled(format!(" {} ", view.title), theme.title()))
        .title_top(more(placed.more.0, " ↑ more "))
        .title_bottom(more(placed.more.1, " ↓ more "))
        .render(outer, buf);
    let body = inner(outer);
    for (i, rect) in placed.fields {
        let Some(field) = view.fields.get(i) else {
            continue;
        };
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
    let rows = placed.preview.len() as u16;
    let rect = Rect::new(
        body.x,
        body.bottom().saturating_sub(1 + rows),
        body.width,
        rows,
    )
    .intersection(body);
    let lines: Vec<Line> = placed
        .preview
        .into_iter()
        .map(|row| Line::styled(row, theme.dim()))
        .collect();
    Paragraph::new(lines).render(rect, buf);
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
        FieldValue::Text { area, multiline } => {
            if focused && *multiline && !area.is_empty() {
                editor(area, rect, buf);
            } else if focused {
                area.render(rect, buf);
            } else if area.is_empty() {
                Paragraph::new(Span::styled(
                    area.placeholder_text().to_owned(),
                    theme.dim(),
                ))
                .render(rect, buf);
            } else {
                let width = usize::from(rect.width);
                let rows = if *multiline {
                    wrapped(
                        area.lines().iter().map(String::as_str),
                        width,
                        usize::from(rect.height),
                    )
                } else {
                    area.lines().iter().map(|line| fit(line, width)).collect()
                };
                let lines: Vec<Line> = rows.into_iter().map(Line::from).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::forms::Slot;
    use ratatui::style::Modifier;

    #[test]
    fn wrapping_counts_columns_and_breaks_at_spaces() {
        assert_eq!(
            wrapped(["an attacker can read it"], 10, 9),
            ["an", "attacker", "can read", "it"]
        );
        // CJK takes two columns a character; a word wider than a row breaks anywhere.
        assert_eq!(
            wrapped(["漢字漢字漢字 ok"], 5, 9),
            ["漢字", "漢字", "漢字", "ok"]
        );
        assert_eq!(wrapped(["abcdefgh"], 3, 9), ["abc", "def", "gh"]);
        assert_eq!(wrapped(["one", "", "two"], 10, 9), ["one", "", "two"]);
    }

    #[test]
    fn wrapping_too_much_text_ends_with_an_ellipsis() {
        assert_eq!(wrapped(["aaa bbb ccc"], 4, 2), ["aaa", "bbb…"]);
        assert_eq!(wrapped(["aaaa bbbb cccc"], 4, 2), ["aaaa", "bbb…"]);
        assert_eq!(wrapped(["one", "two", "three"], 10, 2), ["one", "two…"]);
        assert_eq!(wrapped(["aaa bbb"], 4, 2), ["aaa", "bbb"]);
        assert!(wrapped(["text"], 4, 0).is_empty());
    }

    #[test]
    fn spaces_hang_at_the_end_of_a_row() {
        let line = "one two. three";
        let rows: Vec<&str> = line_rows(line, 8, 9)
            .into_iter()
            .map(|r| &line[r])
            .collect();
        assert_eq!(rows, ["one two. ", "three"]);
    }

    /// A focused field of several lines holding `text`, the cursor `back` characters
    /// before its end, drawn in a box of `width` × `height`: its rows and the cursor.
    fn edited(text: &str, back: usize, width: u16, height: u16) -> (Vec<String>, (u16, u16)) {
        let mut field = Field::lines(Slot(0), "Notes", text, "");
        if let FieldValue::Text { area, .. } = &mut field.value {
            for _ in 0..back {
                area.move_cursor(tui_textarea::CursorMove::Back);
            }
        }
        let rect = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(rect);
        value(&field, true, Theme::new(false), rect, &mut buf);
        let rows = (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect();
        let [at] = cursor(&buf)[..] else {
            panic!("one cursor: {:?}", cursor(&buf))
        };
        (rows, at)
    }

    #[test]
    fn the_cursor_sits_where_the_wrapped_text_puts_it() {
        let (rows, at) = edited("one two. three", 0, 8, 3);
        assert_eq!(
            (rows, at),
            (
                vec!["one two.".into(), "three".into(), String::new()],
                (5, 1)
            )
        );
        let (_, at) = edited("one two. three", 6, 8, 3);
        assert_eq!(at, (0, 1), "before the word that wrapped");
        let (rows, at) = edited("one two. ", 0, 8, 3);
        assert_eq!(
            (rows[0].as_str(), at),
            ("one two.", (0, 1)),
            "after a hanging space"
        );
        let (rows, at) = edited("1 2 3 4 5 6 7", 0, 3, 2);
        assert_eq!(
            (rows, at),
            (vec!["5 6".into(), "7".into()], (1, 1)),
            "scrolled"
        );
        let (rows, at) = edited("1 2 3 4 5 6 7 8", 0, 3, 2);
        assert_eq!(
            (rows, at),
            (vec!["7 8".into(), String::new()], (0, 1)),
            "a full row"
        );
        let (rows, at) = edited("1 2 3 4 5 6 7", 13, 3, 2);
        assert_eq!(
            (rows, at),
            (vec!["1 2".into(), "3 4".into()], (0, 0)),
            "back at the top"
        );
    }

    #[test]
    fn fields_scroll_to_keep_the_focused_one_shown() {
        let heights = [1, 4, 1, 1, 4];
        assert_eq!(window(&heights, 0, 0, 20), (0, 5), "all fit");
        assert_eq!(window(&heights, 0, 1, 7), (0, 4), "from the top");
        assert_eq!(window(&heights, 0, 4, 7), (2, 3), "scrolled down");
        assert_eq!(window(&heights, 1, 2, 7), (1, 2), "spaced");
        assert_eq!(window(&heights, 0, 4, 2), (4, 1), "too tall: shown alone");
        assert_eq!(window(&[], 0, 0, 5), (0, 0));
    }

    /// The cells of `buf` drawn reversed: the text cursor.
    fn cursor(buf: &Buffer) -> Vec<(u16, u16)> {
        let area = buf.area;
        (area.top()..area.bottom())
            .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
            .filter(|&(x, y)| buf[(x, y)].modifier.contains(Modifier::REVERSED))
            .collect()
    }

    #[test]
    fn a_long_text_wraps_in_its_box_with_the_cursor_after_it() {
        let words = "最初 the rationale goes on and on ".repeat(12);
        let fields = [
            Field::text(Slot(0), "Summary", "short", ""),
            Field::lines(Slot(1), "Rationale", words.trim_end(), ""),
        ];
        let view = FormView {
            title: "Decision",
            fields: &fields,
            focus: 1,
            preview: None,
            error: None,
            hint: String::new(),
        };
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        draw(&view, Theme::new(false), area, &mut buf);
        let placed = layout(&view, area);
        let rect = placed.fields[1].1;
        let rows: Vec<String> = (rect.top()..rect.bottom())
            .map(|y| {
                (rect.left()..rect.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect();
        let shown = rows.join(" ");
        assert!(shown.contains("on and on"), "{rows:#?}");
        let [(x, y)] = cursor(&buf)[..] else {
            panic!("one cursor: {:?}", cursor(&buf))
        };
        assert!(rect.contains(ratatui::layout::Position { x, y }));
        let last = rows[usize::from(y - rect.y)].trim_end();
        assert!(last.ends_with("on and on"), "cursor row: {last:?}");
        assert_eq!(y, rect.bottom() - 1, "scrolled to the last row");
        assert_eq!(
            usize::from(x - rect.x),
            last.width(),
            "right after the text"
        );
    }
}
