//! `threatbench diff OLD NEW`: the semantic diff of two sessions, either of them a file or a
//! file at a git revision (`PATH@REV`); exit 0 when equal, 1 when different, 2 when a side
//! cannot be read. And `diff-driver`, hidden: the same diff as git's external diff command
//! (`diff.threatbench.command`), which always exits 0 as git expects.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Failed;
use super::args::{DRIVER, DiffArgs};
use super::messages::Report;
use crate::diff::format::{self, Format, Sides};
use crate::model::Session;
use crate::{git, store};

/// Where one side of the diff comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// A file on disk.
    File(PathBuf),
    /// A file as committed at a git revision.
    Git {
        /// The file.
        path: PathBuf,
        /// The revision: a commit, branch, tag or `HEAD~1`.
        rev: String,
    },
}

/// Reads a side as given: a file that exists is a file, even with `@` in its name; else
/// `PATH@REV` splits at the first `@` whose path part is a file, or else at the first `@`
/// (a file deleted since; `x.ron@HEAD@{1}` keeps the reflog's `@` in the revision).
fn source(arg: &str) -> Source {
    if Path::new(arg).exists() {
        return Source::File(arg.into());
    }
    let splits: Vec<(&str, &str)> = arg
        .match_indices('@')
        .map(|(i, _)| (&arg[..i], &arg[i + 1..]))
        .collect();
    let chosen = splits
        .iter()
        .find(|(path, _)| Path::new(path).is_file())
        .or(splits.first());
    match chosen {
        Some((path, rev)) => Source::Git {
            path: path.into(),
            rev: (*rev).to_owned(),
        },
        None => Source::File(arg.into()),
    }
}

/// Loads one side; the error names what is wrong (the caller names the side).
fn load(arg: &str) -> Result<Session, String> {
    match source(arg) {
        Source::File(path) => store::load(&path).map_err(|e| e.to_string()),
        Source::Git { path, rev } => {
            if path.as_os_str().is_empty() {
                return Err(format!("{arg}: no file before the @ (write PATH@REV)"));
            }
            if rev.is_empty() {
                return Err(format!("{arg}: no revision after the @ (write PATH@REV)"));
            }
            let bytes = git::show(&path, &rev).map_err(|e| format!("{arg}: {e}"))?;
            store::from_bytes(Path::new(arg), &bytes).map_err(|e| e.to_string())
        }
    }
}

/// Runs `threatbench diff`.
pub fn run(args: DiffArgs, report: &Report) -> Result<ExitCode, Failed> {
    let side = |which: &str, arg: &str| {
        load(arg).map_err(|e| {
            report.error(format_args!("the {which} side: {e}"));
        })
    };
    let (old, new) = (side("old", &args.old), side("new", &args.new));
    let (Ok(old), Ok(new)) = (old, new) else {
        return Ok(ExitCode::from(2));
    };
    let diff = crate::diff::diff(&old, &new);
    let sides = Sides {
        old: &args.old,
        new: &args.new,
    };
    let _ = std::io::stdout()
        .lock()
        .write_all(format::render(&diff, sides, args.format).as_bytes());
    Ok(ExitCode::from(u8::from(!diff.is_empty())))
}

/// An empty session like `other`: what an added or deleted file is compared with, so that
/// everything in it shows as added or removed.
fn blank_like(other: &Session) -> Session {
    let mut blank = Session::new(other.title.clone(), other.agenda.clone(), other.created);
    blank.ticket.clone_from(&other.ticket);
    blank.revision = other.revision;
    blank
}

/// Runs `threatbench diff-driver` with git's arguments: `PATH OLD-FILE OLD-HEX OLD-MODE
/// NEW-FILE NEW-HEX NEW-MODE` (two more for a rename: the new path and a note), or just
/// `PATH` for an unmerged file. Prints the text diff under a `diff` header naming the path;
/// a file that is not a session gets git's own line diff. Exits 0 unless git's arguments
/// are not what git sends.
pub fn driver(args: &[PathBuf], report: &Report) -> ExitCode {
    let shown = |p: &Path| crate::text::one_line(&p.display().to_string()).into_owned();
    let (path, old_file, new_file) = match args {
        [path] => {
            println!("* Unmerged path {}", shown(path));
            return ExitCode::SUCCESS;
        }
        [path, old, _, _, new, _, _, rest @ ..] if rest.len() <= 2 => {
            (rest.first().unwrap_or(path), old, new)
        }
        _ => {
            report.error(format_args!(
                "{DRIVER} takes git's external diff arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE; see docs/diff.md"
            ));
            return ExitCode::from(2);
        }
    };
    let old_path = &args[0];
    let dev_null = |p: &Path| p == Path::new("/dev/null");
    let read = |p: &Path| (!dev_null(p)).then(|| store::load(p)).transpose();
    let sessions = match (read(old_file), read(new_file)) {
        (Ok(Some(old)), Ok(Some(new))) => Some((old, new)),
        (Ok(Some(old)), Ok(None)) => Some((old.clone(), blank_like(&old))),
        (Ok(None), Ok(Some(new))) => Some((blank_like(&new), new)),
        _ => None,
    };
    let name = |prefix: &str, p: &Path, file: &Path| {
        if dev_null(file) {
            "/dev/null".to_owned()
        } else {
            format!("{prefix}/{}", shown(p))
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "diff --threatbench a/{} b/{}",
        shown(old_path),
        shown(path)
    );
    let (old_name, new_name) = (name("a", old_path, old_file), name("b", path, new_file));
    match sessions {
        Some((old, new)) => {
            let diff = crate::diff::diff(&old, &new);
            let sides = Sides {
                old: &old_name,
                new: &new_name,
            };
            let _ = out.write_all(format::render(&diff, sides, Format::Text).as_bytes());
        }
        None => {
            let _ = writeln!(out, "(not a session file: the line diff follows)");
            match git::diff_files(old_file, new_file) {
                Ok(bytes) => {
                    let _ = out.write_all(&bytes);
                }
                Err(e) => report.error(format_args!("{}: {e}", shown(path))),
            }
        }
    }
    ExitCode::SUCCESS
}
