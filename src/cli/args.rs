//! The command-line grammar (clap derive). Help text here is what `--help` shows.

use std::path::PathBuf;

use clap::Parser;
use clap_complete::Shell;

use crate::model::Participant;
use crate::store::location::DIR_ENV;

const EXAMPLES: &str = "\
Examples:
  threatbench                      open the workbench on the sessions folder
  threatbench sessions/refund-api.ron
  threatbench new \"Refund API\" --ticket PAY-142 --agenda 45 --participant \"Ana:facilitator\"
  threatbench new \"Cache rework\" --agenda quick
  threatbench new \"Cache rework\" --no-open     create only (for scripts)
  threatbench list
  threatbench validate sessions/*.ron
  threatbench completions bash > ~/.local/share/bash-completion/completions/threatbench

Sessions live in ./sessions/ when the current directory has one (your repository),
else in your data directory; --dir or THREATBENCH_DIR chooses another folder.";

/// threatbench: a terminal workbench for threat modeling.
///
/// Runs a timed session on the four questions (what are we working on, what can go wrong,
/// what are we going to do about it, did we do a good job) with STRIDE per element, and
/// keeps the result as a RON file in your repository.
#[derive(Debug, Parser)]
#[command(name = "threatbench", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Folder that holds the sessions [default: ./sessions if present, else the data directory]
    #[arg(long, global = true, env = DIR_ENV, hide_env_values = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// A session file to open in the workbench (same as `threatbench open FILE`)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// What to do; without a command, the workbench opens on the sessions folder.
    #[command(subcommand)]
    pub command: Option<Subcommand>,
}

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// Create a session, print the path of its file, and open it in the workbench
    #[command(
        after_help = "Examples:\n  threatbench new \"Refund API\" --ticket PAY-142 --agenda 45 \\\n      --participant \"Ana:facilitator\" --participant \"Bo:architect\"\n  threatbench new \"Cache rework\" --agenda quick\n  path=$(threatbench new \"Nightly job\" --no-open)"
    )]
    New(NewArgs),
    /// Open a session file in the workbench
    Open {
        /// The session file
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List the sessions in a folder: title, ticket, revision, threats, coverage
    #[command(after_help = "Examples:\n  threatbench list\n  threatbench list ~/threat-models")]
    List {
        /// Folder to list [default: the sessions folder]
        #[arg(id = "folder", value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// Check session files; exit 0 when all are valid, 1 when any is not
    #[command(
        after_help = "Errors name the file, line and column, or the ID at fault.\n\nExamples:\n  threatbench validate sessions/*.ron"
    )]
    Validate {
        /// Session files to check
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Export a session as a ticket-ready comment (stdout by default)
    #[command(
        after_help = "Text from the session is escaped for the target: it cannot ping people, reference issues,\nrun GitLab quick actions, load images or links, or break a table. Exports longer than a\ncomment holds (GitHub 65,536 characters, Jira 32,767) are split into numbered parts.\n\nExamples:\n  threatbench export sessions/refund-api.ron --format github | gh issue comment 42 --body-file -\n  threatbench export sessions/refund-api.ron --format jira --clipboard\n  threatbench export sessions/refund-api.ron --format markdown --out docs/threat-model.md\n  threatbench export sessions/refund-api.ron --template my-report.md.j2"
    )]
    Export(ExportArgs),
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: Shell,
    },
}

/// Arguments of `threatbench export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The session file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Target: github, gitlab, jira, markdown or json
    #[arg(long, default_value = "github", value_parser = ["github", "gitlab", "jira", "markdown", "json"])]
    pub format: String,

    /// Write to this file (parts: NAME-part-N) or into this folder; - for stdout
    #[arg(long, value_name = "PATH|-")]
    pub out: Option<PathBuf>,

    /// Also copy the export (its first part) to the clipboard with OSC 52
    #[arg(long)]
    pub clipboard: bool,

    /// Render your own minijinja template over the export context (see docs/export.md); it is
    /// stopped after 10 million steps or 16 MB of output
    #[arg(long, value_name = "PATH")]
    pub template: Option<PathBuf>,
}

/// Arguments of `threatbench new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What you are threat-modeling, e.g. "Refund API"
    #[arg(value_name = "TITLE")]
    pub title: String,

    /// The feature's ticket, e.g. PAY-142
    #[arg(long, value_name = "KEY")]
    pub ticket: Option<String>,

    /// Session length: 30, 45 or 60 minutes with a team, or quick (15 minutes, solo)
    #[arg(long, default_value = "45", value_parser = ["30", "45", "60", "quick"])]
    pub agenda: String,

    /// A participant as "Name" or "Name:role"; repeat for each person
    #[arg(long = "participant", value_name = "NAME[:ROLE]", value_parser = parse_participant)]
    pub participants: Vec<Participant>,

    /// Only create the file and print its path; do not open the workbench
    #[arg(long)]
    pub no_open: bool,
}

fn parse_participant(spec: &str) -> Result<Participant, String> {
    Participant::parse(spec)
        .ok_or_else(|| format!("{spec:?} has no name; write \"Name\" or \"Name:role\""))
}
