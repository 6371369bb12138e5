//! Entering and leaving the full-screen terminal mode, so that every way out — quit, error,
//! panic, signal, hang-up — leaves the user's terminal as it was.

use std::io::{self, Stdout, Write};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Restores the terminal when dropped.
pub struct TerminalGuard;

/// The terminal the app draws on.
pub type Tty = Terminal<CrosstermBackend<Stdout>>;

impl TerminalGuard {
    /// Raw mode, the alternate screen, bracketed paste and mouse reports; plus a panic hook
    /// that restores all of it before the panic message is printed.
    pub fn enter() -> io::Result<(TerminalGuard, Tty)> {
        install_panic_hook();
        enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture
        )?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok((guard, terminal))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves every terminal mode the app entered. Safe to call more than once and on a
/// terminal that is gone: errors are ignored, there is nothing better to do with them.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = out.flush();
}

/// Hands the terminal back to the shell and stops the process (Ctrl-z, SIGTSTP); returns
/// when the shell continues it (`fg`), with the workbench's terminal modes entered again.
/// The caller redraws the whole screen.
pub fn suspend() -> io::Result<()> {
    restore();
    // SAFETY: raise(3) with a valid signal number; SIGSTOP cannot be caught, so the
    // process stops here until SIGCONT.
    unsafe { libc::raise(libc::SIGSTOP) };
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
