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
#[command(
    name = "threatbench",
    version,
    after_help = EXAMPLES,
    override_usage = "threatbench [OPTIONS] [FILE]\n       threatbench [OPTIONS] <COMMAND>"
)]
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
    /// Gate CI: fail on undecided threats, unconsidered cells, overdue acceptances, ...
    #[command(
        after_help = "Checks every *.ron session under the paths (folders recursively; hidden files, backups,\n\
locks and build folders are skipped). Dates are judged as of today, or --as-of.\n\n\
Rules (ID, name, default level):\n\
  TB001 undecided-threat          error    a threat with no decision\n\
  TB002 cell-not-considered       error    a live STRIDE cell never considered (coverage below 100 %)\n\
  TB003 acceptance-overdue        error    an accepted risk past its review date\n\
  TB004 acceptance-due-soon       warning  an accepted risk due for review within 30 days\n\
  TB005 acceptance-open-ended     warning  an accepted risk with no review date\n\
  TB006 decision-without-owner    error    a decision nobody owns\n\
  TB007 mitigation-without-ticket warning  a mitigation with no ticket\n\
  TB008 unrated-threat            note     a threat with no likelihood and impact\n\
  TB009 unreadable-file           error    a file that is not a valid session (exit 2)\n\
  TB010 exemption-expired         warning  a policy exemption past its expiry date\n\n\
A policy file, threatbench.ron at the repository root (or --policy FILE), sets levels,\n\
thresholds and exemptions; see docs/check.md.\n\n\
Exit status: 0 no errors, 1 errors found, 2 a file could not be read or a usage error.\n\n\
Examples:\n  threatbench check sessions\n  threatbench check sessions --format sarif > threatbench.sarif\n  threatbench check sessions/refund-api.ron --as-of 2027-01-31"
    )]
    Check(CheckArgs),
    /// Export a session as a ticket-ready comment (stdout by default)
    #[command(
        after_help = "Text from the session is escaped for the target: it cannot ping people, reference issues,\nrun GitLab quick actions, load images or links, or break a table. Exports longer than a\ncomment holds (GitHub 65,536 characters, Jira 32,767) are split into numbered parts.\n\n\
--out writes a new file, or replaces an earlier export: a file whose last line is threatbench's\n\
footer (_Generated by threatbench ..._), whose first line is a part header (Part N of M — threat\n\
model: ...), or JSON whose first field is \"schema\": \"threatbench-export/...\". Template output\n\
carries no such mark, so replacing it takes --force, as does any other existing file; a session\n\
(.ron), lock, backup or temp file is never replaced. A replaced file keeps its mode (a new one\n\
is owner-only), and no backup is left beside it.\n\nExamples:\n  threatbench export sessions/refund-api.ron --format github | gh issue comment 42 --body-file -\n  threatbench export sessions/refund-api.ron --format jira --clipboard\n  threatbench export sessions/refund-api.ron --format markdown --out docs/threat-model.md\n  threatbench export sessions/refund-api.ron --template my-report.md.j2"
    )]
    Export(ExportArgs),
    /// Set up git for session files: merge them by ID and diff them by meaning
    #[command(
        name = "init-git",
        after_help = "Appends to .gitattributes at the repository root (once; commit it):\n  *.ron merge=threatbench\n  *.ron diff=threatbench\n\
and defines the drivers in the repository's git config (each clone runs init-git once):\n  \
git config merge.threatbench.driver 'threatbench merge-driver %O %A %B %P'\n  \
git config diff.threatbench.command 'threatbench diff-driver'\n\nSee docs/merge.md.\n\nExamples:\n  threatbench init-git\n  threatbench init-git ~/src/payments"
    )]
    InitGit {
        /// A folder inside the repository [default: the current directory]
        #[arg(value_name = "REPO")]
        repo: Option<PathBuf>,
    },
    /// Merge two versions of a session by ID: git's merge driver (set up by init-git; not
    /// listed, as git runs it, not people)
    #[command(
        name = "merge-driver",
        hide = true,
        after_help = "Git runs it as `threatbench merge-driver %O %A %B %P`. Additions on both sides are kept\n\
(an ID both sides issued is given to theirs anew), changes to different fields are both kept.\n\
A field changed differently on both sides keeps ours in the session; every such conflict, with\n\
the base, our and their value, goes to PATH.conflicts.md beside the session.\n\n\
The merged session is written into OURS. Exit status: 0 merged cleanly, 1 merged with conflicts\n\
(git marks the file conflicted), 2 a side does not load (OURS is left as it was).\n\n\
Examples:\n  threatbench merge-driver base.ron ours.ron theirs.ron sessions/refund-api.ron"
    )]
    MergeDriver {
        /// The common ancestor (git's %O)
        #[arg(value_name = "BASE")]
        base: PathBuf,
        /// Our version (git's %A); the merge is written here
        #[arg(value_name = "OURS")]
        ours: PathBuf,
        /// Their version (git's %B)
        #[arg(value_name = "THEIRS")]
        theirs: PathBuf,
        /// The session's path in the repository (git's %P): names it in messages and places
        /// the conflict file [default: OURS]
        #[arg(value_name = "PATH")]
        path: Option<PathBuf>,
    },
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: Shell,
    },
    /// Render the template job on stdin: how `export --template` runs a template under
    /// limits, in a child process (not for people)
    #[command(name = super::template::COMMAND, hide = true)]
    RenderTemplate,
}

/// Arguments of `threatbench check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Session files or folders [default: the sessions folder]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output: text (by file), json, sarif (code scanning), junit (GitLab), github (annotations)
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::check::format::Format,

    /// The policy file [default: threatbench.ron at the repository root, if there is one]
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Judge review dates as of this day (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
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

    /// Write to this file (parts: NAME-part-N) or into this folder; - for stdout. An existing
    /// file is replaced only when it is an earlier export (see below), else with --force
    #[arg(long, value_name = "PATH|-")]
    pub out: Option<PathBuf>,

    /// With --out: replace an existing file that is not an earlier export (never a session,
    /// .lock, .bak or .tmp file)
    #[arg(long, requires = "out")]
    pub force: bool,

    /// Also copy the export (its first part) to the clipboard with OSC 52
    #[arg(long)]
    pub clipboard: bool,

    /// Render your own minijinja template over the export context (see docs/export.md); it is
    /// stopped after 10 million steps, 16 MB of output, 128 MB of memory or 10 s of work
    #[arg(long, value_name = "PATH")]
    pub template: Option<PathBuf>,

    /// Judge accepted risks' review dates as of this day (YYYY-MM-DD) instead of today: the
    /// same file and date give the same export, byte for byte
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
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
