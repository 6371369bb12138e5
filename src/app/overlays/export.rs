//! The export preview (review phase): the ticket-ready export in each format, written
//! beside the session or copied to the clipboard.

use super::Flow;
use crate::app::core::Cx;
use crate::app::core::Workbench;
use crate::app::core::keymap::{Mode, keys_for};
use crate::app::core::{Command, Effect};
use crate::export::{self, Flavour, Source};
use crate::model::Edit;
use crate::text::one_line;

/// The flavour shown, how far it is scrolled, and the export as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportState {
    /// Index into [`Flavour::ALL`].
    pub flavour: usize,
    /// Lines scrolled (clamped when drawn).
    pub scroll: u16,
    /// The export as shown: made on open, on a format switch and after an edit, never per
    /// frame (at 10,000 threats one export takes longer than many frames).
    pub preview: Option<Preview>,
}

/// The export of one flavour, made once, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The flavour it shows.
    pub flavour: Flavour,
    /// The workbench's edit count ([`crate::app::core::Autosave::seq`]) it was made at.
    pub seq: u64,
    /// Its lines, each made safe to show on one line (cut to the width when drawn).
    pub lines: Vec<String>,
}

#[cfg(test)]
thread_local! {
    /// How many previews this thread has made: the tests hold drawing to none.
    pub(crate) static MADE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Preview {
    /// The preview of `flavour` of the session open in `wb`, exactly what `w` writes but
    /// for the file's hash, which only the written file has.
    pub fn of(wb: &Workbench, flavour: Flavour) -> Self {
        #[cfg(test)]
        MADE.with(|made| made.set(made.get() + 1));
        let source = Source {
            path: wb.path.display().to_string(),
            sha256: "(computed from the saved file when written)".into(),
        };
        let context = export::Context::of(wb.session(), source, wb.today);
        let text = export::joined(&export::render(&context, flavour));
        Preview {
            flavour,
            seq: wb.autosave.seq,
            lines: text.lines().map(|l| one_line(l).into_owned()).collect(),
        }
    }

    /// Whether it still shows `flavour` of the session as it is in `wb`.
    pub fn shows(&self, wb: &Workbench, flavour: Flavour) -> bool {
        self.flavour == flavour && self.seq == wb.autosave.seq
    }
}

impl ExportState {
    /// The preview opened on the session in `wb`, in the first flavour.
    pub fn open(wb: &Workbench) -> Self {
        let mut state = ExportState::default();
        state.refresh(wb);
        state
    }

    /// The flavour shown.
    pub fn chosen(&self) -> Flavour {
        Flavour::ALL[self.flavour % Flavour::ALL.len()]
    }

    /// The preview, when it shows the chosen flavour of the session as it is in `wb`.
    pub fn current(&self, wb: &Workbench) -> Option<&Preview> {
        self.preview.as_ref().filter(|p| p.shows(wb, self.chosen()))
    }

    /// Makes the preview again when another flavour is chosen or the session was edited.
    pub fn refresh(&mut self, wb: &Workbench) {
        if self.current(wb).is_none() {
            self.preview = Some(Preview::of(wb, self.chosen()));
        }
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
    // After a switch, or the pause and save before a write: the text shown follows.
    export.refresh(cx.wb);
    Flow::Keep
}
