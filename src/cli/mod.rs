//! The command line: the workbench (no command, `open`, or a file), `new`, `list`,
//! `validate`, `check`, `register`, `report`, `export`, `diff`, `revise`, `verify`, `init-git` and `completions`,
//! and the hidden commands git and threatbench itself run. Data goes to stdout, messages to
//! stderr; exit status 0 is success, 1 a failure, 2 a usage error.

mod args;
mod check;
mod commands;
mod diff;
mod export;
mod import;
mod init_git;
pub mod list;
mod merge_driver;
mod messages;
mod new;
mod register;
mod report;
mod revise;
mod template;
mod validate;
mod verify;
mod workbench;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

pub use args::{Cli, Subcommand};
use messages::Report;

use crate::store::location;

/// Runs the command line with the process's arguments and returns the exit status.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let report = Report::stderr();
    let result = match (cli.command, cli.file) {
        (Some(_), Some(file)) => {
            report.error(format_args!(
                "{} and a command were both given: open a file (threatbench FILE) or run a command, not both",
                file.display()
            ));
            Ok(ExitCode::from(2))
        }
        (None, None) => workbench::start(cli.dir, &report),
        (None, Some(file)) => workbench::open(cli.dir, &file, true, &report),
        (Some(Subcommand::Open { file }), None) => workbench::open(cli.dir, &file, false, &report),
        (Some(Subcommand::New(args)), None) => new::run(cli.dir, args, &report),
        (Some(Subcommand::List { folder }), None) => {
            list::run(folder.or(cli.dir), &report).map(|()| ExitCode::SUCCESS)
        }
        (Some(Subcommand::Validate { files }), None) => {
            validate::run(&files, &report).map(|()| ExitCode::SUCCESS)
        }
        (Some(Subcommand::Check(args)), None) => check::run(cli.dir, args, &report),
        (Some(Subcommand::Register(args)), None) => register::run(cli.dir, args, &report),
        (Some(Subcommand::Report(args)), None) => report::run(cli.dir, args, &report),
        (Some(Subcommand::Export(args)), None) => {
            export::run(args, &report).map(|()| ExitCode::SUCCESS)
        }
        (Some(Subcommand::Diff(args)), None) => diff::run(args, &report),
        (Some(Subcommand::Import(args)), None) => import::run(cli.dir, args, &report),
        (Some(Subcommand::DiffDriver { args }), None) => return diff::driver(&args, &report),
        (Some(Subcommand::Revise { file }), None) => {
            revise::run(&file, &report).map(|()| ExitCode::SUCCESS)
        }
        (Some(Subcommand::Verify { files }), None) => Ok(verify::run(&files, &report)),
        (Some(Subcommand::InitGit { repo }), None) => init_git::run(repo, &report),
        (
            Some(Subcommand::MergeDriver {
                base,
                ours,
                theirs,
                path,
            }),
            None,
        ) => merge_driver::run(&base, &ours, &theirs, path, &report),
        (Some(Subcommand::RenderTemplate), None) => return template::serve(),
        (Some(Subcommand::Completions { shell }), None) => {
            let mut command = for_completion(Cli::command());
            clap_complete::generate(shell, &mut command, "threatbench", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    };
    let _ = std::io::stdout().flush();
    result.unwrap_or(ExitCode::FAILURE)
}

/// The command line as completions offer it: without the hidden subcommands (the ones git
/// and threatbench itself call), which the completion generators would list.
fn for_completion(command: clap::Command) -> clap::Command {
    let visible: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .cloned()
        .collect();
    command
        .get_arguments()
        .cloned()
        .fold(clap::Command::new("threatbench"), clap::Command::arg)
        .subcommands(visible)
}

/// A command failed; what went wrong has already been reported on stderr.
#[derive(Debug)]
pub struct Failed;

/// The sessions folder: `--dir` or `THREATBENCH_DIR` when given, else the default.
fn sessions_dir(flag: Option<PathBuf>, report: &Report) -> Result<PathBuf, Failed> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    let cwd = std::env::current_dir().map_err(|e| {
        report.error(format_args!("cannot read the current directory: {e}"));
        Failed
    })?;
    location::default_dir(&cwd).map_err(|e| {
        report.error(format_args!("{e}"));
        Failed
    })
}
