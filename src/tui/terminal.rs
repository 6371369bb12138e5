//! Entering and leaving the full-screen terminal mode, so that every way out — quit, error,
//! panic, signal, hang-up — leaves the user's terminal as it was.

use std::cell::Cell;
use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell as BufferCell;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::{Position, Size};

/// Restores the terminal when dropped.
pub struct TerminalGuard;

/// The terminal the app draws on.
pub type Tty = Terminal<KnownSize<CrosstermBackend<Stdout>>>;

impl TerminalGuard {
    /// Raw mode, the alternate screen, bracketed paste and mouse reports; plus a panic hook
    /// that restores all of it before the panic message is printed.
    pub fn enter(resized: Resized) -> io::Result<(TerminalGuard, Tty)> {
        install_panic_hook();
        enable_raw_mode()?;
        let guard = TerminalGuard;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableBracketedPaste,
            EnableMouseCapture
        )?;
        let terminal = Terminal::new(KnownSize::new(CrosstermBackend::new(io::stdout()), resized))?;
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

/// Set when the terminal may have changed size (a resize event, a return from `fg`), so
/// that the next frame asks the terminal for it; shared with the input thread.
pub type Resized = Arc<AtomicBool>;

/// A backend that asks the terminal for its size only after it may have changed. ratatui
/// asks before every frame, and crossterm answers by opening `/dev/tty`: a system call or
/// three on every tick of the clock for nothing.
pub struct KnownSize<B> {
    inner: B,
    size: Cell<Option<Size>>,
    resized: Resized,
}

impl<B> KnownSize<B> {
    /// `inner`, its size asked for on first use and again after `resized` was set.
    pub fn new(inner: B, resized: Resized) -> Self {
        KnownSize {
            inner,
            size: Cell::new(None),
            resized,
        }
    }
}

impl<B: Backend> Backend for KnownSize<B> {
    type Error = B::Error;

    fn size(&self) -> Result<Size, Self::Error> {
        match self.size.get() {
            Some(size) if !self.resized.load(Ordering::Acquire) => Ok(size),
            _ => {
                // Cleared before asking: a resize during the question sets it again.
                self.resized.store(false, Ordering::Release);
                let size = self.inner.size()?;
                self.size.set(Some(size));
                Ok(size)
            }
        }
    }

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a BufferCell)>,
    {
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    #[test]
    fn the_size_is_asked_again_only_after_a_resize() {
        let resized = Resized::default();
        let mut backend = KnownSize::new(TestBackend::new(80, 24), Arc::clone(&resized));
        assert_eq!(backend.size().unwrap(), Size::new(80, 24));
        backend.inner.resize(100, 30);
        assert_eq!(backend.size().unwrap(), Size::new(80, 24), "no resize said");
        resized.store(true, Ordering::Release);
        assert_eq!(backend.size().unwrap(), Size::new(100, 30));
        assert!(!resized.load(Ordering::Acquire));
    }
}
