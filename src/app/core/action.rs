//! What can happen to the app (actions) and what the app asks the runtime to do (effects).

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::KeyEvent;

use crate::model::{Phase, Session};

/// Everything `update` reacts to: commands from the keymap, raw input for text fields, and
/// reports from the runtime.
#[derive(Debug, Clone)]
pub enum Action {
    /// A command resolved from a key through the keymap.
    Command(Command),
    /// A key for the focused text field.
    TextInput(KeyEvent),
    /// Pasted text (bracketed paste): goes into the focused field, never runs as keys.
    Paste(String),
    /// A row of the list on screen was picked (a click, resolved by [`super::pointer`]).
    Select(usize),
    /// The terminal changed size.
    Resize(u16, u16),
    /// Time passed; the runtime sends one at least every second.
    Tick,
    /// The runtime listed the sessions folder.
    Listed(Vec<SessionRow>),
    /// The runtime opened (or created) a session.
    Opened(Box<OpenedSession>),
    /// Opening or creating a session failed; the text says why.
    OpenFailed(String),
    /// A save finished; `seq` is the edit sequence it carried.
    Saved {
        /// The sequence number the save was requested with.
        seq: u64,
        /// When it was written, in the user's time zone.
        at: DateTime<FixedOffset>,
    },
    /// The save went to another file than the session's (renamed on disk, or a conflict
    /// copy beside a file someone else changed), which is the session's file from now on.
    Moved {
        /// The session's file now.
        path: PathBuf,
        /// What happened, for the status line.
        message: String,
        /// Whether it is a conflict the user must look at (shown in red).
        conflict: bool,
    },
    /// A save failed; the session is still in memory.
    SaveFailed(String),
    /// A signal (SIGTERM, SIGHUP, SIGINT) asks the process to end: save and go.
    Terminate,
    /// A signal (SIGTSTP) asks to stop for a while: save, give the terminal back, and carry
    /// on where it was after `fg`, whatever overlay is open.
    Suspend,
    /// The runtime closed the session file (after saving it).
    Closed,
    /// An export finished; the text says what was written or copied.
    Exported(String),
    /// An export failed; the text says why.
    ExportFailed(String),
    /// A session file was revised; the text says what was done.
    Revised(String),
    /// Revising a session file failed; the text says why.
    ReviseFailed(String),
}

/// User intents, bound to keys by the keymap. One enum so that the help overlay, the hint
/// bar and the dispatcher all speak of the same things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Save (when a session is open) and quit.
    Quit,
    /// Save, hand the terminal back to the shell and stop (Ctrl-z); `fg` brings it back.
    Suspend,
    /// Quit without saving, after a save failed.
    QuitWithoutSaving,
    /// Go to the next phase.
    NextPhase,
    /// Go to the previous phase.
    PrevPhase,
    /// Go to a phase.
    GoPhase(Phase),
    /// Pause or resume the session clock.
    TogglePause,
    /// Capture a parking-lot item in one line.
    Park,
    /// Show or hide the key reference.
    Help,
    /// Show or hide the big projector clock.
    BigClock,
    /// Move the cursor up.
    Up,
    /// Move the cursor down.
    Down,
    /// Move the cursor a page up.
    PageUp,
    /// Move the cursor a page down.
    PageDown,
    /// Move to the first row.
    Top,
    /// Move to the last row.
    Bottom,
    /// Add an item of the kind under the cursor.
    Add,
    /// Edit the item under the cursor (or open the session, on the start screen).
    Edit,
    /// Delete the item under the cursor, after confirmation.
    Delete,
    /// Carry out a confirmed deletion (sent by the confirmation overlay).
    DeleteConfirmed,
    /// Start the new-session form.
    NewSession,
    /// Open the bundled example session.
    OpenExample,
    /// Reread the sessions folder.
    Refresh,
    /// Start the next revision of the selected session, after confirmation (start screen).
    Revise,
    /// Carry out a confirmed revise (sent by the confirmation overlay).
    ReviseConfirmed,
    /// Close the top overlay; in a changed form, ask first.
    Cancel,
    /// Close the top overlay without asking (sent by a confirmation).
    Discard,
    /// Answer yes to a confirmation.
    Yes,
    /// Save the form.
    Submit,
    /// Next form field.
    NextField,
    /// Previous form field.
    PrevField,
    /// Change the focused choice field to the previous option.
    ChoicePrev,
    /// Change the focused choice field to the next option.
    ChoiceNext,
    /// Toggle the focused switch or the checklist item under the cursor.
    Toggle,
    /// On a single-line field, move on; on the last field, save.
    Enter,
    /// Move the cursor left (the threats grid).
    Left,
    /// Move the cursor right (the threats grid).
    Right,
    /// Walk to the next live cell nobody has considered.
    NextUnconsidered,
    /// Mark the cell "considered, nothing found", with a reason.
    NothingFound,
    /// Offer common threats for the cell from the threat library.
    Suggest,
    /// Show all of the prompt card's questions, or fewer again.
    MorePrompts,
    /// Select the next threat of the cell.
    PickNext,
    /// Select the previous threat of the cell.
    PickPrev,
    /// Mark or unmark the threat under the cursor for one decision.
    Mark,
    /// Accept the risk of the marked threats (or the one under the cursor).
    AcceptShortcut,
    /// Turn the parking-lot item into a follow-up, or back.
    FollowUp,
    /// Write the retrospective.
    Retrospective,
    /// Undo the last change to the session.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Filter elements and threats by text.
    Filter,
    /// Save, close the session and go back to the list of sessions.
    Close,
    /// Preview the export (review phase).
    ExportPreview,
    /// Write the export beside the session file.
    ExportWrite,
    /// Copy the export to the clipboard.
    ExportCopy,
}

impl Command {
    /// Whether the command changes the session (or leads straight to a form that does). A
    /// read-only workbench refuses these in one place, and the hint bar leaves them out.
    pub fn edits(&self) -> bool {
        match self {
            Command::Add
            | Command::Edit
            | Command::Delete
            | Command::DeleteConfirmed
            | Command::NothingFound
            | Command::Suggest
            | Command::Mark
            | Command::AcceptShortcut
            | Command::FollowUp
            | Command::Retrospective
            | Command::TogglePause
            | Command::Park
            | Command::Undo
            | Command::Redo => true,
            Command::Quit
            | Command::Suspend
            | Command::QuitWithoutSaving
            | Command::NextPhase
            | Command::PrevPhase
            | Command::GoPhase(_)
            | Command::Help
            | Command::BigClock
            | Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
            | Command::NewSession
            | Command::OpenExample
            | Command::Refresh
            | Command::Revise
            | Command::ReviseConfirmed
            | Command::Cancel
            | Command::Discard
            | Command::Yes
            | Command::Submit
            | Command::NextField
            | Command::PrevField
            | Command::ChoicePrev
            | Command::ChoiceNext
            | Command::Toggle
            | Command::Enter
            | Command::Left
            | Command::Right
            | Command::NextUnconsidered
            | Command::MorePrompts
            | Command::PickNext
            | Command::PickPrev
            | Command::Filter
            | Command::Close
            | Command::ExportPreview
            | Command::ExportWrite
            | Command::ExportCopy => false,
        }
    }
}

/// A session row on the start screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// The file.
    pub path: PathBuf,
    /// Title, or the file name when it failed to load.
    pub title: String,
    /// Ticket.
    pub ticket: String,
    /// Revision.
    pub revision: u32,
    /// Last update.
    pub updated: String,
    /// Threats without a decision.
    pub undecided: usize,
    /// All threats.
    pub threats: usize,
    /// Coverage as "considered/live".
    pub coverage: String,
    /// Why the file did not load, if it did not.
    pub error: Option<String>,
}

/// A session the runtime opened.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    /// The session.
    pub session: Session,
    /// Its file.
    pub path: PathBuf,
    /// Who holds the lock, when it could only be opened read-only.
    pub read_only: Option<String>,
    /// Recovery files of this session: edits an earlier run could not save.
    pub recoveries: Vec<PathBuf>,
    /// The thresholds of the repository's policy (`threatbench.ron`), or the defaults: the
    /// review's readiness checklist judges by them, as `check` does.
    pub thresholds: crate::model::Thresholds,
}

/// Work for the runtime: the only I/O the app ever causes.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save this snapshot of the session; report `Saved { seq }` or `SaveFailed`.
    Save {
        /// The session as it should be on disk: shared with the workbench, so taking the
        /// snapshot copies nothing (the next edit copies it only if the save still holds it).
        session: std::sync::Arc<Session>,
        /// The edit sequence number this snapshot contains.
        seq: u64,
    },
    /// List the sessions folder; report `Listed`.
    ListSessions,
    /// Open this file; report `Opened` or `OpenFailed`.
    Open(PathBuf),
    /// Create this new session in the sessions folder and open it.
    Create(Box<Session>),
    /// Write the bundled example into the sessions folder and open it.
    OpenExample,
    /// Stop the runtime.
    Quit,
    /// Give the terminal back to the shell and stop the process until `fg` (after the
    /// saves before it in the same batch).
    Suspend,
    /// Let go of the open session file and its lock; report `Closed`. Skipped when a save
    /// in the same batch failed.
    Close,
    /// Start the next revision of this session file on disk (not open in this workbench);
    /// report `Revised` or `ReviseFailed`.
    Revise(PathBuf),
    /// Export the saved session file: write it beside the session and/or copy it to the
    /// clipboard; report `Exported` or `ExportFailed`.
    Export {
        /// The format.
        flavour: crate::export::Flavour,
        /// Write files beside the session file.
        write: bool,
        /// Copy (the first part) to the clipboard with OSC 52.
        copy: bool,
    },
}
