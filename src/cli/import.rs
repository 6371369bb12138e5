//! `threatbench import KIND FILE`: a session from another tool's file, or that file added to
//! an existing session (`--into`). Prints the session file it wrote and, on stderr, what was
//! mapped and what was not. On any error nothing is written.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{SubsecRound, Utc};

use super::args::ImportArgs;
use super::messages::Report;
use super::{Failed, sessions_dir};
use crate::assets;
use crate::import::{self, ImportError, Kind, MAX_BYTES, Options};
use crate::model::Session;
use crate::store::{Saved, SessionFile};
use crate::text::visible;

/// Runs the import `args` describe.
pub fn run(dir: Option<PathBuf>, args: ImportArgs, report: &Report) -> Result<ExitCode, Failed> {
    let shown = visible(&args.file.display().to_string()).into_owned();
    let fail = |message: &dyn std::fmt::Display| {
        report.error(format_args!("{shown}: {message}"));
        Failed
    };
    if let Some(out) = &args.out {
        check_out(out).map_err(|m| {
            report.error(format_args!(
                "--out {}: {m}",
                visible(&out.display().to_string())
            ));
            Failed
        })?;
    }
    let bytes = read(&args.file).map_err(|m| fail(&m))?;
    let doc = import::parse(&bytes).map_err(|e| fail(&e))?;
    let options = Options {
        all: args.all,
        filter: args.filter.clone(),
    };
    if args.kind != Kind::Sbom && (options.all || options.filter.is_some()) {
        let name = args.kind.name();
        report.warning(format_args!(
            "--all and --filter choose SBOM components; {} {name} has none, so they are ignored",
            crate::model::indefinite_article(name, false)
        ));
    }
    let now = Utc::now();
    let today = now.date_naive();
    let failed = |e: ImportError| match e {
        // It already says what the file is not.
        ImportError::WrongFormat(_) => fail(&e),
        _ => {
            let name = args.kind.name();
            let article = crate::model::indefinite_article(name, false);
            fail(&format!("not imported as {article} {name}: {e}"))
        }
    };

    if let Some(into) = &args.into {
        let mut opened = SessionFile::open(into).map_err(|e| {
            report.error(format_args!("{e}"));
            Failed
        })?;
        if let Some(reason) = opened.file.read_only() {
            report.error(format_args!(
                "{} is read-only ({reason}); close it in the workbench first, nothing was imported",
                visible(&into.display().to_string())
            ));
            return Err(Failed);
        }
        let (session, summary) =
            import::import(args.kind, &doc, &opened.session, today, options).map_err(failed)?;
        if args.kind != Kind::Sbom && session != opened.session {
            report.warning(format_args!(
                "a {} is added as new items: importing the same file again adds them again",
                args.kind.name()
            ));
        }
        if session == opened.session {
            println!("{}", visible(&into.display().to_string()));
            report.note(format_args!(
                "nothing new: the session already holds all of it"
            ));
            eprint!("{}", visible(&summary.to_string()));
            return Ok(ExitCode::SUCCESS);
        }
        let mut session = session;
        session.updated = now.trunc_subsecs(0);
        let saved = opened.file.save(&session).map_err(|e| {
            report.error(format_args!("{e}"));
            Failed
        })?;
        if let Saved::Diverted { from, to, why } = &saved {
            report.warning(format_args!(
                "{} {why}: it was left alone and the import went to {}",
                visible(&from.display().to_string()),
                visible(&to.display().to_string())
            ));
        }
        println!("{}", visible(&opened.file.path().display().to_string()));
        eprint!("{}", visible(&summary.to_string()));
        return Ok(ExitCode::SUCCESS);
    }

    let title = import::title(args.kind, &doc).unwrap_or_else(|| fallback_title(&args.file));
    let agenda = assets::preset("60")
        .map(|p| p.agenda())
        .ok_or_else(|| fail(&"the built-in agendas did not load"))?;
    let empty = Session::new(title, agenda, now);
    let (session, summary) =
        import::import(args.kind, &doc, &empty, today, options).map_err(failed)?;
    let created = match &args.out {
        Some(out) => SessionFile::create_at(out, &session),
        None => {
            let dir = sessions_dir(dir, report)?;
            SessionFile::create(&dir, &session)
        }
    };
    let file = created.map_err(|e| {
        report.error(format_args!("{e}"));
        Failed
    })?;
    println!("{}", visible(&file.path().display().to_string()));
    if summary.added.is_empty() {
        report.warning(format_args!(
            "the file holds nothing to import: the new session is empty"
        ));
    }
    report.note(format_args!(
        "imported {} into a new session: {}",
        args.kind.name(),
        session.title
    ));
    eprint!("{}", visible(&summary.to_string()));
    Ok(ExitCode::SUCCESS)
}

/// Why a new session cannot be written at `out`, checked before anything is read.
fn check_out(out: &Path) -> Result<(), String> {
    if out.as_os_str() == "-" {
        return Err(
            "a session is a file: name one (an import does not write to standard output)".into(),
        );
    }
    if out.is_dir() {
        return Err("is a folder: name the new session file, e.g. --out sessions/shop.ron".into());
    }
    if std::fs::symlink_metadata(out).is_ok() {
        return Err("exists: an import never replaces a file; add to it with --into, or choose another name".into());
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent
        && !parent.is_dir()
    {
        return Err(format!(
            "the folder {} does not exist",
            visible(&parent.display().to_string())
        ));
    }
    Ok(())
}

/// The file's bytes, refusing what is not a regular file or is too large to be a model.
fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_BYTES {
        return Err(format!(
            "{} bytes is more than the {} MiB an import reads",
            meta.len(),
            MAX_BYTES / 1024 / 1024
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "more than the {} MiB an import reads",
            MAX_BYTES / 1024 / 1024
        ));
    }
    Ok(bytes)
}

/// A title from the file's name, for a file that names no model or product.
fn fallback_title(path: &Path) -> String {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem
        .trim_end_matches(".json")
        .trim_end_matches(".tc")
        .trim_end_matches(".bom")
        .to_owned();
    let title = import::one_line(&stem);
    if title.is_empty() {
        "Imported model".to_owned()
    } else {
        title
    }
}
