//! The check's outcome written for a person or a machine. Each format is a pure function
//! of the [`Outcome`](super::Outcome): the same files and day give the same bytes.

mod github;
mod json;
mod junit;
mod sarif;
mod text;

pub use github::{step_summary, workflow_commands};
pub use json::json;
pub use junit::junit;
pub use sarif::{MAX_RESULTS, sarif};
pub use text::text;

/// The formats `check --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, for a person (the default).
    Text,
    /// Every finding with its rule and place, for scripts.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, for GitLab's test report.
    Junit,
    /// GitHub Actions workflow commands, which annotate the pull request.
    Github,
}

/// Renders `outcome` in `format`. `github` gives the workflow commands only; the step
/// summary is [`step_summary`].
pub fn render(outcome: &super::Outcome, format: Format) -> String {
    match format {
        Format::Text => text(outcome),
        Format::Json => json(outcome),
        Format::Sarif => sarif(outcome),
        Format::Junit => junit(outcome),
        Format::Github => workflow_commands(outcome),
    }
}
