//! The evidence report: what the session files show about how a team assesses risk at
//! design time, for the people who answer for it (a CTO, an auditor), with CRA Annex I
//! Part I and NIS2 Article 21(2) in view.

/// The formats `report --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown document (the default).
    Markdown,
    /// One self-contained HTML page that prints well to PDF.
    Html,
    /// Everything, for scripts.
    Json,
}
