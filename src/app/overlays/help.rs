//! The help overlay: every key of the keymap, the ones that work here first.

use super::Flow;
use crate::app::core::Command;
use crate::app::core::Shell;

/// How far the help is scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    /// Lines scrolled (clamped when drawn).
    pub scroll: u16,
}

/// Scrolls or closes the help.
pub fn command(help: &mut HelpState, command: &Command, shell: &Shell<'_>) -> Flow {
    let page = u16::try_from(shell.geometry.help_page()).unwrap_or(u16::MAX);
    let scroll = &mut help.scroll;
    match command {
        Command::Up => *scroll = scroll.saturating_sub(1),
        Command::Down => *scroll = scroll.saturating_add(1),
        Command::PageUp => *scroll = scroll.saturating_sub(page),
        Command::PageDown => *scroll = scroll.saturating_add(page),
        Command::Top => *scroll = 0,
        Command::Bottom => *scroll = u16::MAX,
        Command::Cancel | Command::Help => return Flow::Close,
        _ => {}
    }
    Flow::Keep
}
