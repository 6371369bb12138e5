//! The terminal runtime: reads keys, signals and time; feeds them to `update`; performs the
//! effects it returns; draws when something visible changed. The only code that touches the
//! real terminal. The loop itself, [`run_loop`], is generic over the ratatui backend and
//! reads its input from a channel, so tests drive the real loop on a `TestBackend`.

mod perform;
mod terminal;
mod writer;

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::app::pointer::{self, Pointer};
use crate::app::{Action, App, Effect, Now, input, update};
use crate::model::Session;
use crate::store::{self, SessionFile};
use crate::ui::{self, Theme};
pub use perform::{Outcome, Performer, list};
pub use terminal::restore;

/// How the workbench starts.
pub enum Start {
    /// On the start screen, listing the sessions folder.
    List,
    /// On a session already opened by the caller (with its lock).
    Opened(Box<Session>, SessionFile),
}

/// How the workbench ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A signal ended it; the session was saved first. Holds the signal number.
    Signal(i32),
    /// The terminal went away; the session was saved.
    HangUp,
    /// A panic; the session was saved if it could be.
    Panic,
}

/// Why the workbench could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Standard input or output is not a terminal (the command line says which commands
    /// work without one).
    #[error("the workbench needs a terminal, and this is not one (piped or in CI)")]
    NotATerminal,
    /// The terminal could not be set up.
    #[error("could not set up the terminal: {0}")]
    Terminal(#[from] std::io::Error),
}

/// Whether both standard input and output are terminals.
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// What the loop waits for: a terminal event, a signal, or the end of input.
#[derive(Debug)]
pub enum Message {
    /// A key, paste, mouse or resize event.
    Event(Event),
    /// A signal arrived (its number).
    Signal(i32),
    /// The terminal's input closed.
    InputClosed,
}

/// Reads terminal events on a thread of its own; marks the terminal `resized` before
/// passing a resize on, so that the frame it causes asks the terminal for its size.
fn spawn_input(tx: Sender<Message>, resized: terminal::Resized) {
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(ev) => {
                    if matches!(ev, Event::Resize(..)) {
                        resized.store(true, std::sync::atomic::Ordering::Release);
                    }
                    if tx.send(Message::Event(ev)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Message::InputClosed);
                    return;
                }
            }
        }
    });
}

/// The signals the workbench handles: those that end it (after a save), and SIGTSTP, which
/// suspends it with the terminal given back. Any of the ending ones unhandled would kill the
/// process on the alternate screen with the last edit unsaved.
const SIGNALS: [i32; 8] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGTSTP,
];

fn spawn_signals(tx: Sender<Message>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(SIGNALS)?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Message::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// The action a terminal event stands for, if any.
fn action_for(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => input::resolve(app, key),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        Event::Mouse(mouse) => {
            let pointer = match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Pointer::Click {
                    column: mouse.column,
                    row: mouse.row,
                },
                MouseEventKind::ScrollDown => Pointer::Scroll { down: true },
                MouseEventKind::ScrollUp => Pointer::Scroll { down: false },
                _ => return None,
            };
            pointer::resolve(app, pointer)
        }
        _ => None,
    }
}

/// How the workbench ended, and where unsaved edits went when they could not be saved.
#[derive(Debug)]
pub struct Ending {
    /// How it ended.
    pub exit: Exit,
    /// Edits that were never saved (a signal while the disk was full, quitting without
    /// saving): the recovery file they went to, or why none could be written.
    pub recovery: Option<Result<PathBuf, String>>,
}

/// Runs the workbench until the user quits, a signal arrives or the terminal goes away.
pub fn run(dir: PathBuf, start: Start) -> Result<Ending, RunError> {
    if !has_terminal() {
        return Err(RunError::NotATerminal);
    }
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;
    let resized = terminal::Resized::default();
    let (guard, mut terminal) = terminal::TerminalGuard::enter(resized.clone())?;
    spawn_input(tx, resized.clone());
    let size = terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let mut app = App::new(dir.clone(), size);
    let mut effects = Performer::new(dir);
    let started = Instant::now();
    let now = || Now {
        mono: started.elapsed(),
        wall: Utc::now(),
    };
    let first = match start {
        Start::List => vec![Effect::ListSessions],
        Start::Opened(session, file) => {
            let action = effects.adopt(*session, file);
            update(&mut app, action, now());
            Vec::new()
        }
    };
    let mut runtime = Runtime {
        performer: &mut effects,
        theme: Theme::from_env(),
        clock: &now,
        to_terminal: &mut to_terminal,
        suspend: &mut || {
            let _ = terminal::suspend();
            // The window may have changed size while the shell had it.
            resized.store(true, std::sync::atomic::Ordering::Release);
        },
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_loop(&mut app, &mut runtime, &mut terminal, &rx, first)
    }));
    let (exit, unsaved) = match result {
        Ok(exit) => (exit, unsaved(&app)),
        Err(_) => {
            // The panic message was printed by the hook (after restoring the terminal).
            // Keep what can be kept: the store refuses to write a session that is not valid.
            let saved = app.workbench().is_none_or(|wb| {
                let mut reports = effects
                    .perform(vec![Effect::Save {
                        session: wb.snapshot(),
                        seq: 0,
                    }])
                    .actions;
                reports.extend(effects.flush());
                reports.iter().any(|a| matches!(a, Action::Saved { .. }))
            });
            (Exit::Panic, if saved { None } else { unsaved(&app) })
        }
    };
    let recovery = unsaved.map(|(path, session)| store::recovery::write(&path, &session));
    // ratatui's own clean-up on drop shows the cursor and, if that fails (the terminal is
    // gone), prints with `eprintln!`, which panics on a dead terminal. The guard restores
    // everything, so the terminal object is let go without its drop.
    let _ = terminal.show_cursor();
    std::mem::forget(terminal);
    drop(guard);
    Ok(Ending { exit, recovery })
}

/// The open session, with its file, when it holds edits that never reached the disk.
fn unsaved(app: &App) -> Option<(PathBuf, Session)> {
    let wb = app.workbench()?;
    let lost = wb.read_only.is_none() && wb.autosave.first_unsaved.is_some();
    lost.then(|| (wb.path.clone(), wb.session().clone()))
}

/// Writes bytes meant for the terminal itself (the clipboard sequence) between frames.
fn to_terminal(bytes: &[u8]) {
    use std::io::Write;
    if !bytes.is_empty() {
        let mut out = std::io::stdout();
        let _ = out.write_all(bytes).and_then(|()| out.flush());
    }
}

/// What the loop works with besides the app and the terminal.
pub struct Runtime<'a> {
    /// Carries out the effects.
    pub performer: &'a mut Performer,
    /// Colours (or none).
    pub theme: Theme,
    /// The time now.
    pub clock: &'a dyn Fn() -> Now,
    /// Where bytes for the terminal itself (the OSC 52 clipboard sequence) go.
    pub to_terminal: &'a mut dyn FnMut(&[u8]),
    /// Hands the terminal back and stops until `fg` (the real terminal's
    /// [`terminal::suspend`]; nothing on a test backend).
    pub suspend: &'a mut dyn FnMut(),
}

impl Runtime<'_> {
    fn step<B: Backend>(
        &mut self,
        app: &mut App,
        terminal: &mut Terminal<B>,
        action: Action,
    ) -> Outcome {
        let mut out = self.performer.perform(update(app, action, (self.clock)()));
        (self.to_terminal)(&out.terminal);
        if out.suspend {
            (self.suspend)();
            // The shell drew over the screen, and the window may have changed size: draw all
            // of it again. (`resize` clears without asking the terminal where its cursor
            // is, which `clear` does and a busy input reader may never answer.)
            if let Ok(size) = terminal.size() {
                let _ = terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height));
                out.actions.push(Action::Resize(size.width, size.height));
            }
            app.needs_redraw = true;
        }
        out
    }
}

/// How often the loop looks for the report of a save under way on the writer thread.
const SAVE_POLL: Duration = Duration::from_millis(5);

/// The event loop: reports from effects first (in the order they came), then a draw when
/// something changed, then the next message (or a tick when none comes in time). Returns how
/// it ended: a quit, a signal (after a save was tried and waited for), or the input or the
/// terminal going away.
pub fn run_loop<B: Backend>(
    app: &mut App,
    runtime: &mut Runtime<'_>,
    terminal: &mut Terminal<B>,
    rx: &Receiver<Message>,
    first: Vec<Effect>,
) -> Exit {
    let mut pending = VecDeque::from(runtime.performer.perform(first).actions);
    let mut exit = Exit::Quit;
    loop {
        // Reports from effects first: they may cause more effects.
        pending.extend(runtime.performer.finished());
        while let Some(action) = pending.pop_front() {
            let out = runtime.step(app, terminal, action);
            pending.extend(out.actions);
            if out.quit {
                return exit;
            }
        }
        if app.needs_redraw {
            app.needs_redraw = false;
            let theme = runtime.theme;
            if terminal
                .draw(|frame| ui::render(app, theme, frame))
                .is_err()
            {
                // The terminal is gone: save and leave.
                exit = Exit::HangUp;
                pending.push_back(Action::Terminate);
                continue;
            }
        }
        // A save under way reports on the writer thread: look for it every few
        // milliseconds until it came; otherwise sleep until the app wants a tick.
        let wakeup = app.next_wakeup((runtime.clock)());
        let polling = runtime.performer.saving() && wakeup > SAVE_POLL;
        let wait = if polling { SAVE_POLL } else { wakeup };
        let action = match rx.recv_timeout(wait) {
            Ok(Message::Event(event)) => match action_for(app, event) {
                Some(action) => action,
                None => continue,
            },
            Ok(Message::Signal(signal_hook::consts::SIGTSTP)) => Action::Suspend,
            Ok(Message::Signal(signal)) => {
                exit = if signal == signal_hook::consts::SIGHUP {
                    Exit::HangUp
                } else {
                    Exit::Signal(signal)
                };
                Action::Terminate
            }
            Ok(Message::InputClosed) | Err(RecvTimeoutError::Disconnected) => {
                exit = Exit::HangUp;
                Action::Terminate
            }
            Err(RecvTimeoutError::Timeout) if polling => continue,
            Err(RecvTimeoutError::Timeout) => Action::Tick,
        };
        let terminating = matches!(action, Action::Terminate);
        let out = runtime.step(app, terminal, action);
        pending.extend(out.actions);
        if out.quit || terminating {
            // A signal ends the process even if the save failed: it was tried, and the
            // previous file is intact.
            pending.extend(runtime.performer.flush());
            while let Some(action) = pending.pop_front() {
                update(app, action, (runtime.clock)());
            }
            return exit;
        }
    }
}
