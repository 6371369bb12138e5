//! Carrying out effects: the only place the workbench touches files. The [`Performer`]
//! holds the open session file and its lock, and hands saves to a writer thread
//! ([`super::writer`]); give it effects, get back the reports for `update`. It needs no
//! terminal, so it is tested on its own.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Local;

use crate::app::{Action, Effect, OpenedSession, SessionRow};
use crate::export::{self, Flavour};
use crate::model::Session;
use crate::store::{self, SessionFile, location};

use super::writer::{SharedFile, Writer, lock};

/// What the runtime holds between effects: the sessions folder, the open file with its
/// lock, and the writer thread that saves into it.
pub struct Performer {
    /// The sessions folder.
    pub dir: PathBuf,
    /// The open session file, if any; the writer saves into it.
    file: SharedFile,
    writer: Writer,
}

/// What performing a batch of effects produced.
#[derive(Default)]
pub struct Outcome {
    /// Reports to feed back into `update`, oldest first.
    pub actions: Vec<Action>,
    /// Whether the runtime should stop.
    pub quit: bool,
    /// Whether the runtime should hand the terminal back and stop until `fg`.
    pub suspend: bool,
    /// Bytes for the terminal itself (the OSC 52 clipboard sequence), written by the
    /// runtime between frames.
    pub terminal: Vec<u8>,
}

impl Performer {
    /// A performer for the sessions in `dir`, with no session open.
    pub fn new(dir: PathBuf) -> Self {
        let file = SharedFile::default();
        let writer = Writer::start(Arc::clone(&file));
        Performer { dir, file, writer }
    }

    /// Performs `effects` in order. A save is handed to the writer thread and reported
    /// later ([`Performer::finished`]); every other effect on the open file (quit, close,
    /// suspend, export, opening another) first waits for the saves before it. A failed save
    /// cancels a quit in the same batch: quitting would lose what could not be saved.
    pub fn perform(&mut self, effects: Vec<Effect>) -> Outcome {
        let mut outcome = Outcome::default();
        let mut saving = false;
        let mut save_failed = false;
        for effect in effects {
            if waits_for_saves(&effect) {
                let reports = self.writer.flush();
                save_failed |= saving && last_save_failed(&reports);
                outcome.actions.extend(reports);
            }
            match effect {
                Effect::Save { session, seq } => {
                    self.writer.submit(session, seq);
                    saving = true;
                }
                Effect::ListSessions => outcome.actions.push(Action::Listed(list(&self.dir))),
                Effect::Open(path) => outcome.actions.push(self.open(&path)),
                Effect::Create(session) => outcome.actions.push(self.create(*session)),
                Effect::OpenExample => outcome.actions.push(self.open_example()),
                Effect::Revise(path) => outcome.actions.push(
                    match crate::revision::file::revise(&path, chrono::Utc::now()) {
                        Ok(revised) => Action::Revised(revised.to_string()),
                        Err(reason) => Action::ReviseFailed(reason),
                    },
                ),
                Effect::Quit => outcome.quit |= !save_failed,
                Effect::Suspend => outcome.suspend = true,
                Effect::Close if !save_failed => {
                    *lock(&self.file) = None;
                    outcome.actions.push(Action::Closed);
                }
                Effect::Close => {}
                Effect::Export {
                    flavour,
                    write,
                    copy,
                } => {
                    let action = self.export(flavour, write, copy, &mut outcome.terminal);
                    outcome.actions.push(action);
                }
            }
        }
        outcome.actions.extend(self.writer.finished());
        outcome
    }

    /// The reports of saves finished since they were last taken, oldest first; does not
    /// wait.
    pub fn finished(&mut self) -> Vec<Action> {
        self.writer.finished()
    }

    /// Whether a save is still under way or unreported: the runtime then looks for its
    /// report soon rather than at the next tick.
    pub fn saving(&self) -> bool {
        self.writer.active()
    }

    /// Waits for every save handed over so far; returns their reports, oldest first.
    pub fn flush(&mut self) -> Vec<Action> {
        self.writer.flush()
    }

    fn open(&mut self, path: &Path) -> Action {
        match SessionFile::open(path) {
            Ok(opened) => self.adopt(opened.session, opened.file),
            Err(e) => Action::OpenFailed(e.to_string()),
        }
    }

    fn create(&mut self, session: Session) -> Action {
        match SessionFile::create(&self.dir, &session) {
            Ok(file) => self.adopt(session, file),
            Err(e) => Action::OpenFailed(format!("could not create the session: {e}")),
        }
    }

    /// Opens the copy of the example in the sessions folder, making it on first use. The
    /// copy is titled "Example: …" and its clock is paused, so that looking around neither
    /// spends its time nor makes a second copy.
    fn open_example(&mut self) -> Action {
        let mut session = match store::from_bytes(
            Path::new("example"),
            crate::assets::EXAMPLE_SESSION.as_bytes(),
        ) {
            Ok(session) => session,
            Err(e) => return Action::OpenFailed(format!("the bundled example is broken: {e}")),
        };
        session.title = format!("Example: {}", session.title);
        session.clock.paused = true;
        let existing = location::candidates(&self.dir, &session.title).next();
        match existing {
            Some(path) if path.exists() => self.open(&path),
            _ => self.create(session),
        }
    }

    /// Exports the saved session file: parts written beside it and/or the first part put on
    /// the clipboard (as bytes for the terminal).
    fn export(&self, flavour: Flavour, write: bool, copy: bool, terminal: &mut Vec<u8>) -> Action {
        let Some(path) = lock(&self.file).as_ref().map(|f| f.path().to_owned()) else {
            return Action::ExportFailed("no session file is open".into());
        };
        let path = path.as_path();
        let (session, sha256) = match store::load_with_sha256(path) {
            Ok(loaded) => loaded,
            Err(e) => return Action::ExportFailed(format!("cannot export: {e}")),
        };
        let source = export::Source {
            path: shareable(path),
            sha256,
        };
        let parts = export::render(
            &export::Context::of(&session, source, Local::now().date_naive()),
            flavour,
        );
        let mut said = Vec::new();
        if write {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let target = path.with_file_name(format!("{stem}.export.{}", flavour.extension()));
            match store::write_parts(&target, path, flavour.extension(), &parts) {
                Ok(written) => {
                    let names: Vec<String> =
                        written.iter().map(|p| p.display().to_string()).collect();
                    said.push(format!("wrote {}", names.join(", ")));
                }
                Err(e) => return Action::ExportFailed(format!("cannot write the export: {e}")),
            }
        }
        if copy {
            let first = parts.first().map(String::as_str).unwrap_or("");
            let sequence = crate::clipboard::osc52(first);
            terminal.extend_from_slice(sequence.as_bytes());
            let which = if parts.len() > 1 {
                format!("part 1 of {}", parts.len())
            } else {
                "the export".into()
            };
            said.push(format!(
                "copied {which} ({flavour}) with OSC 52 ({}; w writes a file instead)",
                crate::clipboard::advice()
            ));
        }
        Action::Exported(said.join("; "))
    }

    /// Keeps `file` (and its lock) for later saves and reports the session as opened.
    pub fn adopt(&mut self, session: Session, file: SessionFile) -> Action {
        let opened = OpenedSession {
            recoveries: store::recovery::find(file.path()),
            thresholds: policy_thresholds(file.path()),
            session,
            path: file.path().to_owned(),
            read_only: file.read_only().map(|holder| holder.to_string()),
        };
        *lock(&self.file) = Some(file);
        Action::Opened(Box::new(opened))
    }
}

/// The thresholds of the policy that governs the session at `path` (as `check` finds it),
/// or the defaults when there is none or it cannot be read (`check` says why).
fn policy_thresholds(path: &std::path::Path) -> crate::model::Thresholds {
    use crate::check::policy;
    policy::find(path)
        .1
        .and_then(|p| policy::load(&p).ok())
        .map(|p| p.thresholds)
        .unwrap_or_default()
}

/// Whether `effect` must wait for the saves handed over before it: everything that
/// reads, replaces or lets go of the open file, or ends or stops the process.
fn waits_for_saves(effect: &Effect) -> bool {
    !matches!(
        effect,
        Effect::Save { .. } | Effect::ListSessions | Effect::Revise(_)
    )
}

/// Whether the newest save among `reports` failed.
fn last_save_failed(reports: &[Action]) -> bool {
    reports
        .iter()
        .rev()
        .find(|a| matches!(a, Action::Saved { .. } | Action::SaveFailed(_)))
        .is_some_and(|a| matches!(a, Action::SaveFailed(_)))
}

/// The session's path as an export may show it to others: relative to the current folder
/// (the repository) when inside it, else the file name alone, so that no home directory or
/// user name ends up in a public comment.
fn shareable(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    match cwd.and_then(|cwd| absolute.strip_prefix(&cwd).ok().map(Path::to_owned)) {
        Some(relative) => relative.display().to_string(),
        None => path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned(),
    }
}

/// The sessions in `dir`, newest first; files that do not load are listed with the reason.
pub fn list(dir: &Path) -> Vec<SessionRow> {
    let files = location::session_files(dir).unwrap_or_default();
    let mut rows: Vec<(Option<chrono::DateTime<chrono::Utc>>, SessionRow)> = files
        .into_iter()
        .map(|path| match store::load(&path) {
            Ok(s) => {
                let summary = s.summary();
                let row = SessionRow {
                    title: summary.title,
                    ticket: summary.ticket.unwrap_or_default(),
                    revision: summary.revision,
                    updated: crate::text::local_minute(summary.updated),
                    undecided: summary.undecided,
                    threats: summary.threats,
                    coverage: format!("{} {}%", summary.coverage, summary.coverage.percent()),
                    error: None,
                    path,
                };
                (Some(summary.updated), row)
            }
            Err(e) => {
                let title = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                let row = SessionRow {
                    title,
                    ticket: String::new(),
                    revision: 0,
                    updated: String::new(),
                    undecided: 0,
                    threats: 0,
                    coverage: String::new(),
                    error: Some(e.to_string()),
                    path,
                };
                (None, row)
            }
        })
        .collect();
    rows.sort_by_key(|(updated, _)| std::cmp::Reverse(*updated));
    rows.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::writer::tests::snapshot;

    /// A performer with a new session file open in `dir`.
    fn performer_in(dir: &Path) -> (Performer, PathBuf) {
        let session = Session::clone(&snapshot(0));
        let file = SessionFile::create(dir, &session).unwrap();
        let path = file.path().to_owned();
        let mut performer = Performer::new(dir.to_owned());
        performer.adopt(session, file);
        (performer, path)
    }

    #[test]
    fn a_quit_waits_for_the_save_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut performer, path) = performer_in(dir.path());
        let out = performer.perform(vec![
            Effect::Save {
                session: snapshot(3),
                seq: 7,
            },
            Effect::Quit,
        ]);
        assert!(out.quit);
        assert!(
            matches!(out.actions.as_slice(), [Action::Saved { seq: 7, .. }]),
            "the save is reported before the quit: {:?}",
            out.actions
        );
        assert_eq!(store::load(&path).unwrap(), *snapshot(3));
    }

    #[test]
    fn a_failed_save_cancels_the_quit_behind_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut performer, path) = performer_in(dir.path());
        let mut invalid = snapshot(3);
        Arc::make_mut(&mut invalid).title = String::new();
        let out = performer.perform(vec![
            Effect::Save {
                session: invalid,
                seq: 7,
            },
            Effect::Quit,
        ]);
        assert!(!out.quit, "quitting would lose the edits");
        assert!(matches!(out.actions.as_slice(), [Action::SaveFailed(_)]));
        assert_eq!(
            store::load(&path).unwrap(),
            *snapshot(0),
            "the file is intact"
        );
    }

    #[test]
    fn an_export_reads_the_file_after_the_saves_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut performer, path) = performer_in(dir.path());
        let mut titled = snapshot(0);
        Arc::make_mut(&mut titled).title = "Renamed before the export".into();
        let flavour = Flavour::ALL[0];
        let out = performer.perform(vec![
            Effect::Save {
                session: titled,
                seq: 1,
            },
            Effect::Export {
                flavour,
                write: true,
                copy: false,
            },
        ]);
        assert!(
            matches!(
                out.actions.as_slice(),
                [Action::Saved { .. }, Action::Exported(_)]
            ),
            "{:?}",
            out.actions
        );
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let export = path.with_file_name(format!("{stem}.export.{}", flavour.extension()));
        let text = std::fs::read_to_string(export).unwrap();
        assert!(text.contains("Renamed before the export"), "{text}");
    }
}
