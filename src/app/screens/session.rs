//! The keys that work in every phase of an open session: phases, the clock, the parking
//! lot, undo and redo, the filter, the big clock, closing and quitting.

use crate::app::core::Cx;
use crate::app::core::keymap::{Mode, keys_for};
use crate::app::core::{Command, Effect};
use crate::app::forms::park;
use crate::app::overlays::{FilterState, HelpState, Overlay};
use crate::model::Edit;

/// Whether `command` works the same in every phase (it then goes to [`command`]); Esc
/// does only while a filter is set.
pub fn handles(command: &Command, filtering: bool) -> bool {
    match command {
        Command::NextPhase
        | Command::PrevPhase
        | Command::GoPhase(_)
        | Command::TogglePause
        | Command::Park
        | Command::BigClock
        | Command::Filter
        | Command::Help
        | Command::Undo
        | Command::Redo
        | Command::Close
        | Command::Quit
        | Command::Suspend
        | Command::QuitWithoutSaving => true,
        Command::Cancel => filtering,
        _ => false,
    }
}

/// Carries out a session-wide command; returns the overlay it opens, if any.
pub fn command(cx: &mut Cx<'_>, command: &Command) -> Option<Overlay> {
    let phase = cx.wb.session().clock.phase;
    match command {
        Command::Help => return Some(Overlay::Help(HelpState::default())),
        Command::NextPhase | Command::PrevPhase | Command::GoPhase(_) => {
            let to = match command {
                Command::NextPhase => phase.next(),
                Command::PrevPhase => phase.previous(),
                Command::GoPhase(to) => Some(*to),
                _ => None,
            };
            if let Some(to) = to.filter(|to| *to != phase)
                && cx.wb.apply(Edit::SetPhase(to), cx.now).is_ok()
            {
                if cx.wb.read_only.is_none() {
                    let save = cx.wb.save(cx.now);
                    cx.effect(save);
                }
                cx.wb.big_clock = false;
                cx.info(format!("{}: {}", to.name(), to.question()));
            }
        }
        Command::TogglePause => {
            let paused = !cx.wb.session().clock.paused;
            if cx.apply(Edit::Pause(paused)).is_some() {
                let p = keys_for(Mode::Session, &Command::TogglePause);
                cx.info(if paused {
                    format!("clock paused ({p} resumes)")
                } else {
                    "clock running".to_owned()
                });
            }
        }
        Command::Park => {
            let refused = cx.refuse_if_read_only();
            return (!refused).then(|| park::open().into());
        }
        Command::BigClock => cx.wb.big_clock = !cx.wb.big_clock,
        Command::Cancel if cx.wb.filter.is_some() => {
            cx.wb.filter = None;
            cx.info("filter cleared");
        }
        Command::Filter => {
            let current = cx.wb.filter.clone().unwrap_or_default();
            return Some(Overlay::Filter(FilterState::new(&current)));
        }
        Command::Undo | Command::Redo => step_history(cx, *command == Command::Redo),
        Command::Close => {
            cx.save_if_needed();
            cx.effect(Effect::Close);
        }
        Command::Quit => {
            cx.save_if_needed();
            cx.effect(Effect::Quit);
        }
        Command::Suspend => {
            cx.save_if_needed();
            cx.effect(Effect::Suspend);
        }
        Command::QuitWithoutSaving => {
            if cx.wb.autosave.error.is_some() || cx.wb.read_only.is_some() {
                cx.effect(Effect::Quit);
            } else {
                let quit_anyway = keys_for(Mode::Session, &Command::QuitWithoutSaving);
                let quit = keys_for(Mode::Session, &Command::Quit);
                cx.info(format!(
                    "{quit_anyway} quits without saving only after a save failed; {quit} saves and quits"
                ));
            }
        }
        _ => {}
    }
    None
}

fn step_history(cx: &mut Cx<'_>, redo: bool) {
    match cx.wb.step_history(redo, cx.now) {
        Ok(Some(step)) => {
            let (back, forward) = cx.wb.history.depth();
            let done = if redo { "redone" } else { "undone" };
            cx.info(format!(
                "{done}: {step} ({back} more to undo, {forward} to redo)"
            ));
        }
        Ok(None) => cx.info(if redo {
            "nothing to redo"
        } else {
            "nothing to undo"
        }),
        Err(refusal) => cx.error(refusal.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::core::keymap::{BINDINGS, Mode};

    #[test]
    fn every_key_of_a_session_is_handled_here() {
        for binding in BINDINGS.iter().filter(|b| b.mode == Mode::Session) {
            assert!(
                handles(&binding.command, true),
                "{:?} is bound everywhere in a session but nothing here handles it",
                binding.command
            );
        }
    }
}
