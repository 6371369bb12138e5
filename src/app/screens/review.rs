//! Review — did we do a good job? The cursor moves over the parking lot, whose items can be
//! turned into follow-ups; the retrospective has its own form. The findings (coverage,
//! undecided threats, accepted risks, readiness) are laid out here in rows, which the
//! drawing shows and paging stops at.

use crate::app::core::Command;
use crate::app::core::Cx;
use crate::app::core::Workbench;
use crate::app::forms::retrospective;
use crate::app::overlays::{Confirm, ExportState, Overlay};
use crate::layout::{inner, review_panes};
use crate::model::{Category, DecisionKind, Edit, Target};
use crate::text::one_line;
use crate::wrap::{Piece, hanging};
use std::rc::Rc;

/// Carries out a command of the review phase.
pub fn command(cx: &mut Cx<'_>, command: Command) -> Option<Overlay> {
    let page = u16::try_from(cx.geometry.review_page()).unwrap_or(u16::MAX);
    let pane = inner(review_panes(cx.geometry.frame.body).0);
    let last = cx.wb.session().parking_lot.len().saturating_sub(1);
    let review = &mut cx.wb.review;
    match command {
        Command::Up => review.cursor = review.cursor.saturating_sub(1),
        Command::Down => review.cursor = (review.cursor + 1).min(last),
        Command::PageDown | Command::PageUp => {
            // Never past the last row at the bottom, so that the first PgUp moves at once.
            let bottom = last_scroll(finding_rows(cx.wb, pane.width).len(), pane.height);
            let review = &mut cx.wb.review;
            review.scroll = if command == Command::PageDown {
                review.scroll.saturating_add(page).min(bottom)
            } else {
                review.scroll.min(bottom).saturating_sub(page)
            };
        }
        Command::Top => review.cursor = 0,
        Command::Bottom => review.cursor = last,
        Command::FollowUp | Command::Edit => follow_up(cx),
        Command::Retrospective => {
            return Some(retrospective::open(&cx.wb.session().retrospective).into());
        }
        Command::ExportPreview => return Some(Overlay::Export(ExportState::open(cx.wb))),
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

pub use crate::app::core::views::Tone;

/// One line of the findings: a lead (a mark or an ID) and the text after it, under which the
/// line's further rows start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finding {
    /// What the line starts with.
    pub lead: Vec<Piece<Tone>>,
    /// The rest of the line.
    pub text: Vec<Piece<Tone>>,
}

impl Finding {
    /// A line of one text in one tone, with no lead.
    fn plain(text: impl Into<String>, tone: Tone) -> Self {
        Finding {
            lead: Vec::new(),
            text: vec![(text.into(), tone)],
        }
    }

    /// A line led by `lead`, indented two columns like every item under a heading.
    fn item(lead: impl std::fmt::Display, lead_tone: Tone, text: Vec<Piece<Tone>>) -> Self {
        Finding {
            lead: vec![(format!("  {lead} "), lead_tone)],
            text,
        }
    }
}

/// The review's findings, a line each: coverage and the cells never considered, the
/// undecided threats, the accepted risks and the readiness checklist.
pub fn findings(wb: &Workbench) -> Vec<Finding> {
    let s = wb.session();
    let d = &wb.derived;
    let coverage = d.coverage;
    let mut lines = vec![Finding::plain(
        format!("Coverage {coverage} ({}%)", coverage.percent()),
        Tone::Heading,
    )];
    if !d.gaps.is_empty() {
        lines.push(Finding::plain(
            "Never considered (element: STRIDE letters)",
            Tone::Warn,
        ));
        // Looked up once, not by a scan of the elements per gap.
        let names: std::collections::HashMap<&crate::model::Id, &str> = s
            .elements
            .iter()
            .map(|e| (&e.id, e.name.as_str()))
            .collect();
        for gap in &d.gaps {
            let name = names.get(&gap.element).copied().unwrap_or("");
            let missing: String = gap.categories.iter().map(Category::letter).collect();
            lines.push(Finding::item(
                &gap.element,
                Tone::Plain,
                vec![
                    (format!("{}: ", one_line(name)), Tone::Plain),
                    (missing, Tone::Warn),
                ],
            ));
        }
    }
    if d.gaps.is_empty() && coverage.live > 0 {
        lines.push(Finding {
            lead: vec![("  ".into(), Tone::Ok)],
            text: vec![("every live cell was considered".into(), Tone::Ok)],
        });
    }
    let undecided = s.undecided_threats();
    lines.push(Finding::default());
    lines.push(Finding::plain(
        format!("Undecided threats: {}", undecided.len()),
        if undecided.is_empty() {
            Tone::Ok
        } else {
            Tone::Danger
        },
    ));
    for t in &undecided {
        let title = one_line(&t.title).into_owned();
        lines.push(Finding::item(
            &t.id,
            Tone::Danger,
            vec![(title, Tone::Danger)],
        ));
    }
    let accepted: Vec<_> = s
        .decisions
        .iter()
        .filter(|d| d.kind == DecisionKind::Accept)
        .collect();
    lines.push(Finding::default());
    lines.push(Finding::plain(
        format!("Accepted risks: {}", accepted.len()),
        Tone::Heading,
    ));
    for a in accepted {
        let threats: Vec<String> = a.threats.iter().map(ToString::to_string).collect();
        let owner = a
            .owner
            .as_deref()
            .map_or_else(|| "no owner".to_owned(), |o| one_line(o).into_owned());
        let review = a
            .review_by
            .map_or_else(|| "no review date".to_owned(), |r| format!("review by {r}"));
        let text = format!("({}) · {owner} · {review}", threats.join(", "));
        lines.push(Finding::item(&a.id, Tone::Plain, vec![(text, Tone::Plain)]));
    }
    lines.push(Finding::default());
    lines.push(Finding::plain("Ready?", Tone::Heading));
    // As of today: an acceptance whose review date passed since the last save is overdue.
    for check in &d.readiness {
        let (mark, tone) = if check.ok {
            ("✓", Tone::Ok)
        } else {
            ("✗", Tone::Danger)
        };
        lines.push(Finding::item(
            mark,
            tone,
            vec![
                (check.label.to_owned(), Tone::Plain),
                (format!(" — {}", one_line(&check.detail)), Tone::Dim),
            ],
        ));
    }
    lines
}

/// The rows the findings take in a pane `width` columns wide: what the drawing shows, and
/// what paging counts. Made once per change of the session, day and width, and kept for
/// the frames after: a clock tick or a scroll redraws without building a line.
pub fn finding_rows(wb: &Workbench, width: u16) -> Rc<Vec<Vec<Piece<Tone>>>> {
    let key = (wb.generation(), wb.today, width);
    wb.review.rows.get_or(key, || {
        #[cfg(test)]
        BUILT.with(|built| built.set(built.get() + 1));
        findings(wb)
            .iter()
            .flat_map(|f| hanging(&f.lead, &f.text, usize::from(width)))
            .collect()
    })
}

#[cfg(test)]
thread_local! {
    /// How many times the finding rows were built on this thread (tests only).
    pub(crate) static BUILT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The furthest the findings scroll in a pane `height` rows high: their last row at the
/// bottom, or not at all when they fit.
pub fn last_scroll(rows: usize, height: u16) -> u16 {
    u16::try_from(rows.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
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
