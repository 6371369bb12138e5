//! Review — did we do a good job? The cursor moves over the parking lot, whose items can be
//! turned into follow-ups; the retrospective has its own form.

use super::action::Command;
use super::form::Form;
use super::{App, Confirm, Overlay, Screen, Status};

/// The review's cursor over the parking lot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    /// Index into `session.parking_lot`.
    pub cursor: usize,
    /// Lines the review is scrolled by.
    pub scroll: u16,
}

/// Carries out a command of the review phase. Returns whether the session changed.
pub fn command(app: &mut App, command: Command) -> bool {
    let Screen::Workbench(wb) = &mut app.screen else {
        return false;
    };
    let len = wb.session.parking_lot.len();
    let cursor = &mut wb.review.cursor;
    match command {
        Command::Up => *cursor = cursor.saturating_sub(1),
        Command::Down => *cursor = (*cursor + 1).min(len.saturating_sub(1)),
        Command::PageDown => wb.review.scroll = wb.review.scroll.saturating_add(5),
        Command::PageUp => wb.review.scroll = wb.review.scroll.saturating_sub(5),
        Command::Top => *cursor = 0,
        Command::Bottom => *cursor = len.saturating_sub(1),
        Command::FollowUp | Command::Retrospective | Command::Delete if wb.read_only.is_some() => {
            let holder = wb.read_only.clone().unwrap_or_default();
            app.status = Some(Status {
                text: format!("read-only: {holder}"),
                error: true,
            });
        }
        Command::FollowUp | Command::Edit => {
            if let Some(item) = wb.session.parking_lot.get_mut(*cursor) {
                item.follow_up = !item.follow_up;
                let text = if item.follow_up {
                    "marked as a follow-up for after the session"
                } else {
                    "no longer a follow-up"
                };
                app.status = Some(Status {
                    text: text.into(),
                    error: false,
                });
                return true;
            }
        }
        Command::Retrospective => {
            let form = Form::retrospective(&wb.session.retrospective);
            app.overlays.push(Overlay::Form(Box::new(form)));
        }
        Command::Delete => {
            if let Some(item) = wb.session.parking_lot.get(*cursor) {
                let question = format!(
                    "Remove \"{}\" from the parking lot?",
                    crate::text::one_line(&item.text)
                );
                app.overlays.push(Overlay::Confirm(Confirm {
                    question,
                    on_yes: Command::DeleteConfirmed,
                }));
            }
        }
        _ => {}
    }
    false
}
