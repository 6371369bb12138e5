//! The risk register across sessions: every threat of every session under some paths in
//! one ranked list, and the patterns no single session shows.

/// The formats `register --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown page (the default).
    Markdown,
    /// One row per threat, for a spreadsheet.
    Csv,
    /// Everything, for scripts.
    Json,
    /// One self-contained HTML page.
    Html,
}
