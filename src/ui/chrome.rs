//! The frame around every screen: title, phase tabs and clock on top; key hints, status and
//! save state at the bottom.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Theme;
use crate::app::{App, Command, Screen, Urgency, keymap, mm_ss, reading};
use crate::layout::{FrameLayout, tab_label};
use crate::model::Phase;
use crate::text::{fit, one_line};

/// The title of a pane drawn in `area`: a space either side, cut with `…` to the room
/// between the corners, so that a cut title never reads as a whole one. The `…` follows
/// the last word cut, not a space.
pub fn pane_title(text: &str, area: Rect, style: Style) -> Span<'static> {
    let room = usize::from(area.width.saturating_sub(4));
    let cut = fit(text, room);
    let title = match cut.strip_suffix('…') {
        Some(head) => format!("{}…", head.trim_end()),
        None => cut,
    };
    Span::styled(format!(" {title} "), style)
}

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
            let s = wb.session();
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
            let title = crate::ui::clip(Line::from(title), usize::from(room));
            Paragraph::new(title).render(
                frame.header.intersection(Rect {
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
    let width = usize::from(frame.rule.width);
    if let Some(holder) = &wb.read_only {
        let text = fit(
            &format!(" READ-ONLY — {} — changes are not saved ", one_line(holder)),
            width,
        );
        Paragraph::new(Span::styled(text, theme.danger())).render(frame.rule, buf);
        return;
    }
    let r = reading(wb.session());
    let phase = r.phase.name();
    let session = format!(
        "{} {}",
        session_label(wb.session().agenda.quick),
        signed(r.session_left)
    );
    let left = mm_ss(r.phase_left);
    // The longest wording that fits: the advice goes first, the numbers stay whole.
    let (variants, style) = match r.urgency {
        Urgency::Over => (
            vec![
                format!(" {phase} over by {left} — time to move on · {session} "),
                format!(" {phase} over by {left} · {session} "),
                format!(" {phase} over by {left} "),
            ],
            theme.danger(),
        ),
        Urgency::Soon => (
            vec![
                format!(" {phase} {left} left — wrap up · {session} "),
                format!(" {phase} {left} left · {session} "),
                format!(" {phase} {left} left "),
            ],
            theme.warn(),
        ),
        Urgency::Calm => (
            vec![
                format!(" {phase} {left} left · {session} "),
                format!(" {phase} {left} left "),
            ],
            theme.text(),
        ),
    };
    let paused = if r.paused { " PAUSED " } else { "" };
    let room = width.saturating_sub(paused.chars().count() + 1);
    let text = variants
        .iter()
        .find(|v| v.chars().count() <= room)
        .cloned()
        .unwrap_or_else(|| fit(&variants[variants.len() - 1], room));
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
    let wb = app.workbench();
    let read_only = wb.is_some_and(|wb| wb.read_only.is_some());
    let paused = wb.is_some_and(|wb| wb.session().clock.paused);
    let last_phase = wb.is_some_and(|wb| wb.session().clock.phase.next().is_none());
    let all: Vec<(String, &'static str, bool)> = crate::app::input::active_bindings(app)
        .into_iter()
        .filter_map(|b| {
            let mut hint = b.hint?;
            let on_session = app.overlays.is_empty();
            let refused = read_only && on_session && b.command.edits();
            if refused || (last_phase && b.command == Command::NextPhase) {
                return None;
            }
            // Pairs read as pairs (↑↓ move, ←→ choose): the key of the opposite command
            // comes first.
            let this = b.keys.first().map(|k| k.label()).unwrap_or_default();
            let opposite = match b.command {
                Command::Down => Some(Command::Up),
                Command::ChoiceNext => Some(Command::ChoicePrev),
                Command::Right => Some(Command::Left),
                _ => None,
            };
            let key = match opposite {
                Some(back) if keymap::is_bound(b.mode, &back) => {
                    format!("{}{this}", keymap::keys_for(b.mode, &back))
                }
                _ => this,
            };
            if b.command == Command::TogglePause && paused {
                hint = "resume";
            }
            // Parking a point is what a facilitator reaches for mid-sentence: always shown.
            let essential = matches!(b.command, Command::Help | Command::Quit | Command::Park);
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
        // The running clock alone does not make a session "unsaved": edits do.
        let pending = wb.autosave.first_unsaved.is_some();
        if wb.read_only.is_some() {
            (" read-only ".to_owned(), theme.danger())
        } else if wb.autosave.error.is_some() {
            (" NOT SAVED ".to_owned(), theme.danger())
        } else if pending {
            (" saving… ".to_owned(), theme.dim())
        } else if let Some(at) = wb.autosave.saved_at {
            (format!(" saved {} ", at.format("%H:%M:%S")), theme.ok())
        } else {
            (" up to date ".to_owned(), theme.dim())
        }
    });
    let save_width = save.as_ref().map_or(0, |(t, _)| t.chars().count() as u16);
    let message_area = Rect {
        width: frame.status.width.saturating_sub(save_width),
        ..frame.status
    };
    if let Some(status) = &app.status {
        let style = if status.error {
            theme.danger()
        } else {
            theme.text()
        };
        let text = fit(
            &one_line(&status.text),
            usize::from(message_area.width.saturating_sub(2)),
        );
        Paragraph::new(Span::styled(format!(" {text}"), style)).render(message_area, buf);
    }
    if let Some((text, style)) = save {
        Paragraph::new(Span::styled(text, style))
            .alignment(Alignment::Right)
            .render(frame.status, buf);
    }
}
