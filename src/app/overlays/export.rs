//! The export preview (review phase): the ticket-ready export in each format, written
//! beside the session or copied to the clipboard.

use super::Flow;
use crate::app::core::Cx;
use crate::app::core::keymap::{Mode, keys_for};
use crate::app::core::{Command, Effect};
use crate::export::Flavour;
use crate::model::Edit;

/// The flavour shown and how far it is scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportState {
    /// Index into [`Flavour::ALL`].
    pub flavour: usize,
    /// Lines scrolled (clamped when drawn).
    pub scroll: u16,
}

impl ExportState {
    /// The flavour shown.
    pub fn chosen(&self) -> Flavour {
        Flavour::ALL[self.flavour % Flavour::ALL.len()]
    }
}

/// Scrolls, switches format, writes, copies or closes.
pub fn command(export: &mut ExportState, command: Command, cx: &mut Cx<'_>) -> Flow {
    let page = u16::try_from(cx.geometry.export_page()).unwrap_or(u16::MAX);
    let count = Flavour::ALL.len();
    let scroll = &mut export.scroll;
    match command {
        Command::Up => *scroll = scroll.saturating_sub(1),
        Command::Down => *scroll = scroll.saturating_add(1),
        Command::PageUp => *scroll = scroll.saturating_sub(page),
        Command::PageDown => *scroll = scroll.saturating_add(page),
        Command::Left | Command::Right => {
            let step = if command == Command::Right {
                1
            } else {
                count - 1
            };
            export.flavour = (export.flavour + step) % count;
            export.scroll = 0;
        }
        Command::ExportWrite | Command::ExportCopy => {
            // The export cites the file's SHA-256: it must name the bytes left on disk. A
            // running clock would rewrite the file at the next save (or on quit), so it is
            // paused first, and then the session saved.
            if !cx.wb.session().clock.paused && cx.apply(Edit::Pause(true)).is_some() {
                let resume = keys_for(Mode::Session, &Command::TogglePause);
                cx.info(format!(
                    "clock paused so that the export matches the saved file ({resume} resumes)"
                ));
            }
            cx.save_if_needed();
            let write = command == Command::ExportWrite;
            cx.effect(Effect::Export {
                flavour: export.chosen(),
                write,
                copy: !write,
            });
        }
        Command::Cancel => return Flow::Close,
        _ => {}
    }
    Flow::Keep
}
