//! `threatbench export`: a session as a ticket-ready comment, an Open Threat Model file or
//! the reference an SBOM carries to it, to stdout, files or the clipboard.

use std::io::Write;
use std::path::Path;

use super::Failed;
use super::args::ExportArgs;
use super::messages::{Report, count};
use crate::export::{self, Context, Flavour, Source};
use crate::store;
use crate::text::visible;

/// Runs the export described by `args`.
pub fn run(args: ExportArgs, report: &Report) -> Result<(), Failed> {
    let fail = |message: String| {
        report.error(format_args!("{message}"));
        Failed
    };
    let (session, sha256) = store::load_with_sha256(&args.file).map_err(|e| fail(e.to_string()))?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let source = Source {
        path: args.file.display().to_string(),
        sha256,
    };
    let flavour = Flavour::parse(&args.format).unwrap_or(Flavour::Github);
    let mut extension = flavour.extension();
    // The context is made only for the formats that read it: OTM is made from the session
    // and the CycloneDX reference from the file's hash (about 9 ms at 10,000 threats).
    let parts = match (&args.template, args.format.as_str()) {
        (Some(path), _) => {
            let template = super::template::read(path).map_err(fail)?;
            let name = path.display().to_string();
            let context = Context::of(&session, source, as_of);
            vec![super::template::render(&name, &template, &context).map_err(fail)?]
        }
        (None, "otm") => {
            extension = "otm.json";
            vec![export::otm::render(&session)]
        }
        (None, "cyclonedx-ref") => {
            extension = "cdx-ref.json";
            // The BOM lives in the repository: name the file from its root where there is one.
            let url = crate::git::repo_path(&args.file)
                .unwrap_or_else(|_| args.file.display().to_string());
            vec![export::cyclonedx::external_reference(
                &url,
                &source.sha256,
                &session.title,
                session.revision,
            )]
        }
        (None, _) => {
            let context = Context::of(&session, source, as_of);
            let parts = export::render(&context, flavour);
            // Freed when the process ends, all at once (see the end of this function).
            std::mem::forget(context);
            parts
        }
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
        None => print(&parts, report)?,
        Some(path) if path == Path::new("-") => print(&parts, report)?,
        Some(path) => {
            let replace = if args.force {
                store::Replace::AnyFile
            } else {
                store::Replace::Exports
            };
            let written = store::write_parts_with(path, &args.file, extension, &parts, replace)
                .map_err(fail)?;
            for written in written {
                println!("{}", visible(&written.display().to_string()));
            }
        }
    }
    if args.clipboard {
        copy(&parts, report)?;
    }
    // The process ends after this command: the system takes its memory back at once, where
    // freeing the session and the parts piece by piece (tens of thousands of strings at
    // 10,000 threats) took a few milliseconds of an export that should take fifty.
    std::mem::forget(session);
    std::mem::forget(parts);
    Ok(())
}

/// Writes the parts to standard output, joined with their markers when there are several.
fn print(parts: &[String], report: &Report) -> Result<(), Failed> {
    let mut out = std::io::stdout().lock();
    export::write_joined(&mut out, parts)
        .and_then(|()| out.flush())
        .map_err(|e| {
            report.error(format_args!("cannot write to standard output: {e}"));
            Failed
        })
}

/// Sends the first part to the clipboard through the terminal, saying what happened.
fn copy(parts: &[String], report: &Report) -> Result<(), Failed> {
    let Some(first) = parts.first() else {
        return Ok(());
    };
    let sequence = crate::clipboard::osc52(first);
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
        "sent {which} ({}) to the clipboard with OSC 52; terminals without OSC 52 support ignore it{}",
        count(first.chars().count(), "character"),
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
