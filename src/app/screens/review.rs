//! Review — did we do a good job? The cursor moves over the parking lot, whose items can be
//! turned into follow-ups; the retrospective has its own form.

use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::core::Workbench;
use crate::app::forms::retrospective;
use crate::app::overlays::{Confirm, ExportState, Overlay};
use crate::model::{Edit, Target};

/// Carries out a command of the review phase.
pub fn command(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let page = u16::try_from(cx.geometry.review_page()).unwrap_or(u16::MAX);
    let last = cx.wb.session().parking_lot.len().saturating_sub(1);
    let review = &mut cx.wb.review;
    match command {
        Command::Up => review.cursor = review.cursor.saturating_sub(1),
        Command::Down => review.cursor = (review.cursor + 1).min(last),
        Command::PageDown => {
            // No further than the review could be long, so that PgUp answers at once; the
            // drawing keeps the last rows in view.
            let bound = review_rows_bound(cx.wb);
            let review = &mut cx.wb.review;
            review.scroll = review.scroll.saturating_add(page).min(bound);
        }
        Command::PageUp => review.scroll = review.scroll.saturating_sub(page),
        Command::Top => review.cursor = 0,
        Command::Bottom => review.cursor = last,
        Command::FollowUp | Command::Edit => follow_up(cx),
        Command::Retrospective => {
            return Some(retrospective::open(&cx.wb.session().retrospective).into());
        }
        Command::ExportPreview => return Some(Overlay::Export(ExportState::default())),
        Command::Delete => {
            if let Some(item) = cx.wb.session().parking_lot.get(cx.wb.review.cursor) {
                let question = format!(
                    "Remove \"{}\" from the parking lot?",
                    crate::text::one_line(&item.text)
                );
                return Some(Confirm::delete(question).into());
            }
        }
        Command::DeleteConfirmed => {
            if let Some((edit, message)) = deletion(cx.wb)
                && cx.apply(edit).is_some()
            {
                cx.info(message);
            }
        }
        _ => {}
    }
    None
}

/// More rows than the review's findings can take: a few per section, plus one per gap,
/// undecided threat and decision.
fn review_rows_bound(wb: &Workbench) -> u16 {
    let s = wb.session();
    let rows = 30 + wb.derived.gaps.len() + s.threats.len() + s.decisions.len();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Turns the parking-lot item under the cursor into a follow-up, or back.
fn follow_up(cx: &mut Cx<'_>) {
    let index = cx.wb.review.cursor;
    if index < cx.wb.session().parking_lot.len() && cx.apply(Edit::ToggleFollowUp(index)).is_some()
    {
        let follow_up = cx.wb.session().parking_lot[index].follow_up;
        cx.info(if follow_up {
            "marked as a follow-up for after the session"
        } else {
            "no longer a follow-up"
        });
    }
}

/// The removal of the parking-lot item under the cursor, with the message to show once it
/// is done.
fn deletion(wb: &Workbench) -> Option<(Edit, String)> {
    let cursor = wb.review.cursor;
    let item = wb.session().parking_lot.get(cursor)?;
    let message = format!(
        "removed \"{}\" from the parking lot",
        crate::text::one_line(&item.text)
    );
    Some((Edit::Remove(Target::Parked(cursor)), message))
}
