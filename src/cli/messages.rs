//! Messages for people on stderr: `error:` and `warning:` prefixes, coloured only on a
//! terminal and never when `NO_COLOR` is set.

use std::fmt;
use std::io::{IsTerminal, Write};

use crate::text::visible;

/// Writes `text` to stdout. A reader that stopped reading (`| head`) is no failure; any
/// other error (a full disk under `> file`) is reported, and is the command's failure.
pub fn write_stdout(text: &str, what: &str, report: &Report) -> Result<(), super::Failed> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            report.error(format_args!("cannot write the {what}: {e}"));
            Err(super::Failed)
        }
        _ => Ok(()),
    }
}

/// Writes messages to stderr.
pub struct Report {
    color: bool,
}

impl Report {
    /// A reporter for this process's stderr.
    pub fn stderr() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Report {
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    fn line(&self, label: &str, ansi: &str, message: fmt::Arguments<'_>) {
        // Messages quote names and IDs from files that may be hostile.
        let message = message.to_string();
        let message = visible(&message);
        let mut err = std::io::stderr().lock();
        let _ = if self.color {
            writeln!(err, "\x1b[1;{ansi}m{label}:\x1b[0m {message}")
        } else {
            writeln!(err, "{label}: {message}")
        };
    }

    /// `error: …`
    pub fn error(&self, message: fmt::Arguments<'_>) {
        self.line("error", "31", message);
    }

    /// `warning: …`
    pub fn warning(&self, message: fmt::Arguments<'_>) {
        self.line("warning", "33", message);
    }

    /// A plain note.
    pub fn note(&self, message: fmt::Arguments<'_>) {
        let message = message.to_string();
        let _ = writeln!(std::io::stderr().lock(), "{}", visible(&message));
    }
}

pub use crate::text::count;
