//! The frame around every screen: title, phase tabs and clock on top; key hints, status and
//! save state at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::Alignment;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Theme;
use super::layout::{FrameLayout, tab_label};
use crate::app::{App, Command, Screen, Urgency, keymap, mm_ss, reading};
use crate::model::Phase;
use crate::text::one_line;

/// Title, tabs and the clock rule.
pub fn header(app: &App, theme: Theme, frame: &FrameLayout, buf: &mut Buffer) {
    let mut title = vec![Span::styled(" threatbench ", theme.title())];
    match &app.screen {
        Screen::Start(_) => {
            title.push(Span::styled(" sessions", theme.dim()));
            Paragraph::new(Line::from(title)).render(frame.header, buf);
            let rule = "─".repeat(usize::from(frame.rule.width));
            Paragraph::new(Span::styled(rule, theme.dim())).render(frame.rule, buf);
        }
        Screen::Workbench(wb) => {
            let s = &wb.session;
            let mut label = format!(" {}", one_line(&s.title));
            if let Some(ticket) = &s.ticket {
                label.push_str(&format!(" · {}", one_line(ticket)));
            }
            label.push_str(&format!(" · rev {}", s.revision));
            if s.agenda.quick {
                label.push_str(" · quick review");
            }
            title.push(Span::raw(label));
            let room = frame.tabs[0].x.saturating_sub(frame.header.x + 1);
            Paragraph::new(Line::from(title)).render(
                frame.header.intersection(ratatui::layout::Rect {
                    width: room,
                    ..frame.header
                }),
                buf,
            );
            for (phase, area) in Phase::ALL.iter().zip(frame.tabs) {
                let style = if *phase == s.clock.phase {
                    theme.selected()
                } else {
                    theme.dim()
                };
                Paragraph::new(Span::styled(tab_label(*phase), style)).render(area, buf);
            }
            clock_rule(app, theme, frame, buf);
        }
    }
}

fn clock_rule(app: &App, theme: Theme, frame: &FrameLayout, buf: &mut Buffer) {
    let Some(wb) = app.workbench() else { return };
    let r = reading(&wb.session);
    let (text, style) = if r.phase_left >= 0 {
        let left = format!(
            " {} {} left · {} {} ",
            r.phase.name(),
            mm_ss(r.phase_left),
            session_label(wb.session.agenda.quick),
            signed(r.session_left)
        );
        let style = if r.urgency == Urgency::Soon {
            theme.warn()
        } else {
            theme.text()
        };
        (left, style)
    } else {
        (
            format!(
                " {} over by {} — time to move on · {} {} ",
                r.phase.name(),
                mm_ss(r.phase_left),
                session_label(wb.session.agenda.quick),
                signed(r.session_left)
            ),
            theme.danger(),
        )
    };
    let paused = if r.paused { " PAUSED " } else { "" };
    let width = usize::from(frame.rule.width);
    let used = text.chars().count() + paused.chars().count() + 1;
    let rule = "─".repeat(width.saturating_sub(used));
    let line = Line::from(vec![
        Span::styled(rule, theme.dim()),
        Span::styled(paused, theme.warn()),
        Span::styled(text, style),
        Span::styled("─", theme.dim()),
    ]);
    Paragraph::new(line).render(frame.rule, buf);
}

fn session_label(quick: bool) -> &'static str {
    if quick { "quick review" } else { "session" }
}

fn signed(secs: i64) -> String {
    if secs < 0 {
        format!("over {}", mm_ss(secs))
    } else {
        format!("{} left", mm_ss(secs))
    }
}

/// The hints that fit in `width` columns, in keymap order. Help and quit are always
/// kept: with those two, everything else can be found.
fn fitting_hints(app: &App, width: usize) -> Vec<(String, &'static str)> {
    let all: Vec<(String, &'static str, bool)> = keymap::active_bindings(app)
        .into_iter()
        .filter_map(|b| {
            let hint = b.hint?;
            let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
            let essential = matches!(b.command, Command::Help | Command::Quit);
            Some((key, hint, essential))
        })
        .collect();
    let cost = |key: &str, hint: &str| key.chars().count() + hint.chars().count() + 3;
    let mut room = width.saturating_sub(all.iter().filter(|h| h.2).map(|h| cost(&h.0, h.1)).sum());
    all.into_iter()
        .filter(|(key, hint, essential)| {
            if *essential {
                return true;
            }
            let c = cost(key, hint);
            let fits = c <= room;
            if fits {
                room -= c;
            }
            fits
        })
        .map(|(key, hint, _)| (key, hint))
        .collect()
}

/// Hints from the keymap, then the status message and the save state.
pub fn footer(app: &App, theme: Theme, frame: &FrameLayout, buf: &mut Buffer) {
    let mut hints = vec![Span::raw(" ")];
    for (key, hint) in fitting_hints(app, usize::from(frame.hints.width).saturating_sub(1)) {
        hints.push(Span::styled(key, theme.key()));
        hints.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    Paragraph::new(Line::from(hints)).render(frame.hints, buf);

    let save = app.workbench().map(|wb| {
        if wb.read_only.is_some() {
            (" read-only ".to_owned(), theme.danger())
        } else if wb.autosave.error.is_some() {
            (" NOT SAVED ".to_owned(), theme.danger())
        } else if let Some(at) = wb.autosave.saved_at {
            (format!(" saved {} ", at.format("%H:%M:%S")), theme.ok())
        } else {
            (" not saved yet ".to_owned(), theme.dim())
        }
    });
    let save_width = save.as_ref().map_or(0, |(t, _)| t.chars().count() as u16);
    let message_area = ratatui::layout::Rect {
        width: frame.status.width.saturating_sub(save_width),
        ..frame.status
    };
    if let Some(status) = &app.status {
        let style = if status.error {
            theme.danger()
        } else {
            theme.text()
        };
        Paragraph::new(Span::styled(format!(" {}", one_line(&status.text)), style))
            .render(message_area, buf);
    }
    if let Some((text, style)) = save {
        Paragraph::new(Span::styled(text, style))
            .alignment(Alignment::Right)
            .render(frame.status, buf);
    }
}
