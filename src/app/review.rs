//! Review — did we do a good job? The cursor moves over the parking lot, whose items can be
//! turned into follow-ups; the retrospective has its own form.

use super::action::Command;
use super::form::Form;
use super::status::{apply, info, refuse_read_only};
use super::{App, Confirm, Now, Overlay, Screen, Workbench};
use crate::model::{Edit, Target};

/// The review's cursor over the parking lot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewState {
    /// Index into `session.parking_lot`.
    pub cursor: usize,
    /// Lines the review is scrolled by.
    pub scroll: u16,
}

/// Carries out a command of the review phase.
pub fn command(app: &mut App, command: Command, now: Now) {
    let Screen::Workbench(wb) = &mut app.screen else {
        return;
    };
    let len = wb.session().parking_lot.len();
    let review = &mut wb.review;
    match command {
        Command::Up => review.cursor = review.cursor.saturating_sub(1),
        Command::Down => review.cursor = (review.cursor + 1).min(len.saturating_sub(1)),
        Command::PageDown => review.scroll = review.scroll.saturating_add(5),
        Command::PageUp => review.scroll = review.scroll.saturating_sub(5),
        Command::Top => review.cursor = 0,
        Command::Bottom => review.cursor = len.saturating_sub(1),
        Command::FollowUp | Command::Retrospective | Command::Delete if wb.read_only.is_some() => {
            refuse_read_only(app);
        }
        Command::FollowUp | Command::Edit => {
            let index = wb.review.cursor;
            if index < len && apply(app, Edit::ToggleFollowUp(index), now).is_some() {
                let follow_up = app
                    .workbench()
                    .is_some_and(|wb| wb.session().parking_lot[index].follow_up);
                app.status = Some(info(if follow_up {
                    "marked as a follow-up for after the session"
                } else {
                    "no longer a follow-up"
                }));
            }
        }
        Command::Retrospective => {
            let form = Form::retrospective(&wb.session().retrospective);
            app.overlays.push(Overlay::Form(Box::new(form)));
        }
        Command::Delete => {
            if let Some(item) = wb.session().parking_lot.get(wb.review.cursor) {
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
}

/// The removal of the parking-lot item under the cursor, with the message to show once it
/// is done.
pub fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let cursor = wb.review.cursor;
    let item = wb.session().parking_lot.get(cursor)?;
    let message = format!(
        "removed \"{}\" from the parking lot",
        crate::text::one_line(&item.text)
    );
    Some((Edit::Remove(Target::Parked(cursor)), message))
}
