//! `threatbench export`: a session as a ticket-ready comment, to stdout, files or the
//! clipboard.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Failed;
use super::args::ExportArgs;
use super::report::Report;
use crate::export::{self, Context, Flavour, Source};
use crate::store::{self, atomic};
use crate::text::visible;

/// Runs the export described by `args`.
pub fn run(args: ExportArgs, report: &Report) -> Result<(), Failed> {
    let fail = |message: String| {
        report.error(format_args!("{message}"));
        Failed
    };
    let session = store::load(&args.file).map_err(|e| fail(e.to_string()))?;
    let sha256 = store::file_sha256(&args.file)
        .map_err(|e| fail(format!("{}: {e}", args.file.display())))?;
    let context = Context::of(
        &session,
        Source {
            path: args.file.display().to_string(),
            sha256,
        },
    );
    let flavour = Flavour::parse(&args.format).unwrap_or(Flavour::Github);
    let parts = match &args.template {
        Some(path) => {
            let source = std::fs::read_to_string(path)
                .map_err(|e| fail(format!("{}: {e}", path.display())))?;
            let name = path.display().to_string();
            vec![export::template::render(&name, &source, &context).map_err(fail)?]
        }
        None => export::render(&context, flavour),
    };
    if parts.len() > 1 {
        report.note(format_args!(
            "the export is longer than one {flavour} comment holds: {} parts, each at most {} characters; \
             --out DIR writes one file per part to post one by one",
            parts.len(),
            flavour.limit().unwrap_or(usize::MAX)
        ));
    }
    match args.out.as_deref() {
        None => print(&export::joined(&parts), report)?,
        Some(path) if path == Path::new("-") => print(&export::joined(&parts), report)?,
        Some(path) => {
            for written in write_parts(path, &args.file, flavour, &parts).map_err(fail)? {
                println!("{}", visible(&written.display().to_string()));
            }
        }
    }
    if args.clipboard {
        copy(&parts, report)?;
    }
    Ok(())
}

fn print(text: &str, report: &Report) -> Result<(), Failed> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            report.error(format_args!("cannot write to standard output: {e}"));
            Failed
        })
}

/// Writes the parts to `target` (a file, or a folder to put them in), owner-only and
/// atomically. Returns the paths written.
pub fn write_parts(
    target: &Path,
    session: &Path,
    flavour: Flavour,
    parts: &[String],
) -> Result<Vec<PathBuf>, String> {
    // `--out build/` names a folder, whether or not it exists yet.
    if target.as_os_str().to_string_lossy().ends_with('/') && !target.exists() {
        atomic::create_dir_private(target).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let (dir, stem, ext) = if target.is_dir() {
        let stem = session
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        (target.to_owned(), stem, flavour.extension().to_owned())
    } else {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let name = target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match name.split_once('.') {
            Some((stem, ext)) => (dir, stem.to_owned(), ext.to_owned()),
            None => (dir, name, flavour.extension().to_owned()),
        }
    };
    let mut written = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let path = if parts.len() == 1 && !target.is_dir() {
            target.to_owned()
        } else if parts.len() == 1 {
            dir.join(format!("{stem}.{ext}"))
        } else {
            dir.join(format!("{stem}-part-{}.{ext}", i + 1))
        };
        refuse_to_clobber(&path, session)?;
        atomic::replace(&path, part.as_bytes()).map_err(|e| e.to_string())?;
        written.push(path);
    }
    Ok(written)
}

/// An export never replaces the session file it came from, nor any other session file.
fn refuse_to_clobber(path: &Path, session: &Path) -> Result<(), String> {
    let same = match (std::fs::canonicalize(path), std::fs::canonicalize(session)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let is_session = path.extension().is_some_and(|e| e == "ron") && path.exists();
    if same || is_session {
        return Err(format!(
            "{}: refusing to overwrite a session file with an export; choose another --out",
            path.display()
        ));
    }
    Ok(())
}

/// Sends the first part to the clipboard through the terminal, saying what happened.
fn copy(parts: &[String], report: &Report) -> Result<(), Failed> {
    let Some(first) = parts.first() else {
        return Ok(());
    };
    let sequence = crate::clipboard::osc52(first, crate::clipboard::in_tmux());
    let tty = std::fs::OpenOptions::new().write(true).open("/dev/tty");
    let mut tty = tty.map_err(|e| {
        report.error(format_args!(
            "cannot copy to the clipboard: no terminal to send the OSC 52 sequence to ({e}); use --out or a pipe instead"
        ));
        Failed
    })?;
    tty.write_all(sequence.as_bytes())
        .and_then(|()| tty.flush())
        .map_err(|e| {
            report.error(format_args!("cannot copy to the clipboard: {e}"));
            Failed
        })?;
    let which = if parts.len() > 1 {
        format!("part 1 of {}", parts.len())
    } else {
        "the export".to_owned()
    };
    report.note(format_args!(
        "sent {which} ({} characters) to the clipboard with OSC 52; terminals without OSC 52 support ignore it{}",
        first.chars().count(),
        if crate::clipboard::in_tmux() { " (in tmux: set -g set-clipboard on)" } else { "" }
    ));
    if sequence.len() > crate::clipboard::WARN_BYTES {
        report.warning(format_args!(
            "the sequence is {} bytes; some terminals drop sequences this long — write a file with --out instead",
            sequence.len()
        ));
    }
    Ok(())
}
