//! Typed errors of the store, each naming the file and, where there is one, the line and
//! column, so that the CLI and the TUI can say what went wrong and where.

use std::fmt;
use std::io;
use std::path::PathBuf;

use thiserror::Error;

use super::lock::Holder;
use crate::model::{FORMAT_VERSION, ValidationError};

/// A 1-based line and column in a session file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl Position {
    /// The position of byte `offset` in `bytes`; columns count characters of the valid text
    /// before the offset.
    pub fn at_offset(bytes: &[u8], offset: usize) -> Self {
        let before = &bytes[..offset.min(bytes.len())];
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let col = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Position { line, col }
    }

    /// The positions of several byte offsets of `text`, given in increasing order, in one
    /// pass: lines and columns are counted once, not once per offset.
    pub fn at_offsets(text: &str, offsets: &[usize]) -> Vec<Self> {
        let mut out = Vec::with_capacity(offsets.len());
        let (mut line, mut line_start, mut scanned) = (1, 0, 0);
        for &offset in offsets {
            let offset = offset.min(text.len());
            if offset < scanned {
                out.push(Position::at_offset(text.as_bytes(), offset));
                continue;
            }
            for (i, b) in text.as_bytes()[scanned..offset].iter().enumerate() {
                if *b == b'\n' {
                    line += 1;
                    line_start = scanned + i + 1;
                }
            }
            scanned = offset;
            let col = text
                .get(line_start..offset)
                .map_or(0, |s| s.chars().count())
                + 1;
            out.push(Position { line, col });
        }
        out
    }

    /// Where the item with ID `id` is defined: its `id: "…"` field, or failing that the
    /// first mention of the ID.
    pub fn of_id(text: &str, id: &str) -> Option<Self> {
        let quoted = format!("\"{id}\"");
        let offset = text
            .find(&format!("id: {quoted}"))
            .or_else(|| text.find(&quoted).map(|i| i + 1))?;
        Some(Self::at_offset(text.as_bytes(), offset))
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// `path`, or `path:line:col` when the position is known.
struct Located<'a>(&'a PathBuf, Option<Position>);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Some(position) => write!(f, "{}:{position}", self.0.display()),
            None => write!(f, "{}", self.0.display()),
        }
    }
}

/// Why a session file could not be loaded. The file is never changed by a failed load.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// Not a regular file (a directory, a device, a pipe).
    #[error("{}: not a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// Bigger than any real session; refused before parsing.
    #[error("{}: the file is {size} bytes, over the {limit}-byte limit for a session file", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Holds bytes that are not UTF-8.
    #[error("{}: not UTF-8 text (a session file is plain text)", Located(path, Some(*position)))]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first bad byte is.
        position: Position,
    },
    /// Holds a NUL byte: binary, not a session.
    #[error("{}: contains a NUL byte; this is not a session file", Located(path, Some(*position)))]
    NulByte {
        /// The file.
        path: PathBuf,
        /// Where the NUL is.
        position: Position,
    },
    /// Not valid session RON.
    #[error("{}: {message}", Located(path, Some(*position)))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Where the parser stopped.
        position: Position,
        /// What it expected.
        message: String,
    },
    /// Written by a newer threatbench.
    #[error(
        "{}: written in format {found} by a newer threatbench; this one reads format {FORMAT_VERSION}. \
         Upgrade threatbench to open it (the file was left as it is)",
        Located(path, *position)
    )]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// Where the format number is written.
        position: Option<Position>,
        /// The format number found.
        found: u32,
    },
    /// Parsed, but breaks a rule of the model.
    #[error("{}: {error}", Located(path, *position))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Where the offending item is, when it can be found.
        position: Option<Position>,
        /// The rule broken (boxed: it is large and rare).
        error: Box<ValidationError>,
    },
}

impl LoadError {
    /// The line and column the error points at, if any.
    pub fn position(&self) -> Option<Position> {
        match self {
            LoadError::NotUtf8 { position, .. }
            | LoadError::NulByte { position, .. }
            | LoadError::Syntax { position, .. } => Some(*position),
            LoadError::Invalid { position, .. } | LoadError::NewerFormat { position, .. } => {
                *position
            }
            _ => None,
        }
    }
}

/// Why a save did not happen. The previous file is untouched and the session is still in
/// memory, so the caller can keep it and try again.
#[derive(Debug, Error)]
pub enum SaveError {
    /// The session is open read-only (another process holds its lock, or it is a link).
    #[error("{} is open read-only: {reason}", path.display())]
    ReadOnly {
        /// The session file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The target is a symbolic link; writing through it could replace a file elsewhere.
    #[error("{}: refusing to write through a symbolic link", path.display())]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// The target exists and is not a regular file.
    #[error("{}: not a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The session breaks a rule of the model; saving it would make a file that cannot load.
    #[error("not saved, the session is invalid: {0}")]
    Invalid(#[from] ValidationError),
    /// RON serialization failed.
    #[error("not saved, the session could not be written as RON: {0}")]
    Serialize(String),
    /// The written text did not read back as the same session.
    #[error("not saved: the written text did not read back as the same session ({0})")]
    RoundTrip(String),
    /// A file-system step failed.
    #[error("{}: {step} failed: {source}", path.display())]
    Io {
        /// The file the step worked on.
        path: PathBuf,
        /// The step: "create temp file", "write", "fsync", "rename", ...
        step: &'static str,
        /// What the system said.
        source: io::Error,
    },
}

/// Who holds a lock, in words ("held by pid 42 on build-host since …", or "held by another
/// process" when the lock file says nothing readable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderText(pub Option<Holder>);

impl fmt::Display for HolderText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(holder) => write!(f, "held by {holder}"),
            None => f.write_str("held by another process"),
        }
    }
}
