//! Saving off the input thread: a writer thread serializes and writes each snapshot of the
//! session while keys go on being handled. One snapshot waits at most: a newer one replaces
//! it before the thread takes it (it holds everything the older one held), so saves are
//! never reordered and the newest is never lost. Reports come back in the order the saves
//! were written; [`Writer::flush`] waits for the last one (quit, close, export, a signal).

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use chrono::Local;

use crate::app::Action;
use crate::model::Session;
use crate::store::{self, Saved, SessionFile};

/// The open session file, shared by the writer thread (which saves into it) and the
/// performer (which opens, closes and exports it, after a [`Writer::flush`]).
pub type SharedFile = Arc<Mutex<Option<SessionFile>>>;

/// Locks `mutex`, also after a panic on the other side: the data behind it (a queue, the
/// file) is left consistent between steps, and a save must still be possible then.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A snapshot to write.
struct Job {
    session: Arc<Session>,
    seq: u64,
}

/// What the performer and the writer thread share.
#[derive(Default)]
struct Queue {
    /// The next snapshot to write; a newer one replaces it until the thread takes it.
    waiting: Option<Job>,
    /// A snapshot is being written now.
    busy: bool,
    /// Reports of finished saves, oldest first: `Saved` (and `Moved`) or `SaveFailed`.
    done: VecDeque<Action>,
    /// The performer let go: write what waits, then stop.
    closing: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// Signalled when a job waits, a save finished, or the writer is closing.
    changed: Condvar,
}

/// The writer thread and its queue. Dropping it writes what waits and joins the thread.
pub struct Writer {
    shared: Arc<Shared>,
    /// The thread; `None` if it could not be started, and then saves are written inline.
    thread: Option<JoinHandle<()>>,
    file: SharedFile,
}

impl Writer {
    /// Starts the writer thread, saving into `file`.
    pub fn start(file: SharedFile) -> Writer {
        let shared = Arc::new(Shared::default());
        let (theirs, their_file) = (Arc::clone(&shared), Arc::clone(&file));
        let thread = std::thread::Builder::new()
            .name("threatbench-writer".into())
            .spawn(move || work(&theirs, &their_file))
            .ok();
        Writer {
            shared,
            thread,
            file,
        }
    }

    /// Queues a snapshot for saving, in place of any snapshot still waiting. Returns at
    /// once: the thread serializes and writes it.
    pub fn submit(&self, session: Arc<Session>, seq: u64) {
        let job = Job { session, seq };
        if self.thread.is_none() {
            let reports = save(&self.file, job);
            lock(&self.shared.queue).done.extend(reports);
            return;
        }
        lock(&self.shared.queue).waiting = Some(job);
        self.shared.changed.notify_all();
    }

    /// The reports of saves finished so far, oldest first; does not wait.
    pub fn finished(&self) -> Vec<Action> {
        lock(&self.shared.queue).done.drain(..).collect()
    }

    /// Whether a save waits, is being written, or has a report not yet taken.
    pub fn active(&self) -> bool {
        let queue = lock(&self.shared.queue);
        queue.busy || queue.waiting.is_some() || !queue.done.is_empty()
    }

    /// Waits until every queued snapshot is written (or failed); returns all reports not
    /// yet taken, oldest first.
    pub fn flush(&self) -> Vec<Action> {
        if self.thread.is_none() {
            return self.finished();
        }
        let mut queue = lock(&self.shared.queue);
        while queue.busy || queue.waiting.is_some() {
            queue = self
                .shared
                .changed
                .wait(queue)
                .unwrap_or_else(PoisonError::into_inner);
        }
        queue.done.drain(..).collect()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        lock(&self.shared.queue).closing = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The writer thread: takes the waiting snapshot, saves it, reports; until closed with
/// nothing waiting.
fn work(shared: &Shared, file: &Mutex<Option<SessionFile>>) {
    loop {
        let job = {
            let mut queue = lock(&shared.queue);
            loop {
                if let Some(job) = queue.waiting.take() {
                    queue.busy = true;
                    break job;
                }
                if queue.closing {
                    return;
                }
                queue = shared
                    .changed
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        };
        let reports = save(file, job);
        let mut queue = lock(&shared.queue);
        queue.busy = false;
        queue.done.extend(reports);
        shared.changed.notify_all();
    }
}

/// Saves one snapshot into the file; the reports for `update`. The snapshot is let go as
/// soon as its text is made, before the disk is waited for: while the workbench shares it,
/// its next edit has to copy the session.
fn save(file: &Mutex<Option<SessionFile>>, job: Job) -> Vec<Action> {
    let Job { session, seq } = job;
    let text = store::encode_checked(&session);
    drop(session);
    let saved = match (text, &mut *lock(file)) {
        (Ok(text), Some(file)) => file.save_encoded(&text).map_err(|e| e.to_string()),
        (Err(e), Some(_)) => Err(e.to_string()),
        (_, None) => Err("no session file is open".into()),
    };
    match saved {
        Ok(saved) => {
            let mut reports = vec![Action::Saved {
                seq,
                at: Local::now().fixed_offset(),
            }];
            reports.extend(moved(saved));
            reports
        }
        Err(reason) => vec![Action::SaveFailed(reason)],
    }
}

/// What the app must hear when a save went elsewhere than the session's file.
fn moved(saved: Saved) -> Option<Action> {
    // Both live in the same folder: the file names say it, and fit the status line.
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or(p.as_os_str())
            .to_string_lossy()
            .into_owned()
    };
    match saved {
        Saved::InPlace => None,
        Saved::Followed { from, to } => Some(Action::Moved {
            message: format!(
                "{} was renamed to {}: saving there from now on",
                name(&from),
                name(&to)
            ),
            path: to,
            conflict: false,
        }),
        Saved::Diverted { from, to, why } => Some(Action::Moved {
            // Where yours is comes first: the line may be cut on a narrow terminal.
            message: format!(
                "yours is saved in {}, not over {} ({why}); compare the two",
                name(&to),
                name(&from)
            ),
            path: to,
            conflict: true,
        }),
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::model::{Agenda, ParkingItem, Phase};

    /// A session whose parking lot holds `n` points, so that snapshots tell apart.
    pub fn snapshot(n: usize) -> Arc<Session> {
        let agenda = Agenda {
            quick: false,
            phases: Phase::ALL.iter().map(|p| (*p, 10)).collect(),
        };
        let at = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let mut session = Session::new("Writer", agenda, at);
        session.parking_lot = (0..n)
            .map(|i| ParkingItem {
                text: format!("point {i}"),
                follow_up: false,
            })
            .collect();
        Arc::new(session)
    }

    /// A writer saving into a new session file in `dir`.
    fn writer_in(dir: &Path) -> (Writer, SharedFile) {
        let file = SessionFile::create(dir, &snapshot(0)).unwrap();
        let shared: SharedFile = Arc::new(Mutex::new(Some(file)));
        (Writer::start(Arc::clone(&shared)), shared)
    }

    fn path_of(file: &SharedFile) -> std::path::PathBuf {
        lock(file).as_ref().unwrap().path().to_owned()
    }

    #[test]
    fn a_save_never_keeps_the_caller_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, file) = writer_in(dir.path());
        // Hold the file as a slow disk would: the writer cannot finish the save.
        let held = lock(&file);
        writer.submit(snapshot(1), 1);
        assert!(writer.active(), "the save is under way");
        assert!(writer.finished().is_empty(), "and not reported yet");
        drop(held);
        let reports = writer.flush();
        assert!(
            matches!(reports.as_slice(), [Action::Saved { seq: 1, .. }]),
            "{reports:?}"
        );
        assert!(!writer.active());
        let on_disk = crate::store::load(&path_of(&file)).unwrap();
        assert_eq!(on_disk, *snapshot(1));
    }

    #[test]
    fn the_snapshot_is_let_go_before_the_disk_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, file) = writer_in(dir.path());
        let ours = snapshot(1);
        // The file is held, as a slow disk would: the write cannot start.
        let held = lock(&file);
        writer.submit(Arc::clone(&ours), 1);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Arc::strong_count(&ours) > 1 {
            assert!(
                std::time::Instant::now() < deadline,
                "the writer still holds the snapshot while it waits for the file"
            );
            std::thread::yield_now();
        }
        assert!(writer.finished().is_empty(), "not written yet");
        drop(held);
        let reports = writer.flush();
        assert!(matches!(reports.as_slice(), [Action::Saved { seq: 1, .. }]));
        assert_eq!(crate::store::load(&path_of(&file)).unwrap(), *ours);
    }

    #[test]
    fn saves_are_reported_in_order_and_the_newest_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, file) = writer_in(dir.path());
        let mut reports = Vec::new();
        for seq in 1..=40 {
            writer.submit(snapshot(seq), seq as u64);
            reports.extend(writer.finished());
        }
        reports.extend(writer.flush());
        let seqs: Vec<u64> = reports
            .iter()
            .map(|r| match r {
                Action::Saved { seq, .. } => *seq,
                other => panic!("not a save report: {other:?}"),
            })
            .collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order: {seqs:?}");
        assert_eq!(seqs.last(), Some(&40), "the newest is never dropped");
        let on_disk = crate::store::load(&path_of(&file)).unwrap();
        assert_eq!(on_disk, *snapshot(40));
    }

    #[test]
    fn a_newer_snapshot_replaces_one_still_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, file) = writer_in(dir.path());
        let held = lock(&file);
        writer.submit(snapshot(1), 1);
        // Wait until the thread took the first and is blocked on the file.
        while lock(&writer.shared.queue).waiting.is_some() {
            std::thread::yield_now();
        }
        writer.submit(snapshot(2), 2);
        writer.submit(snapshot(3), 3);
        drop(held);
        let seqs: Vec<u64> = writer
            .flush()
            .iter()
            .filter_map(|r| match r {
                Action::Saved { seq, .. } => Some(*seq),
                _ => None,
            })
            .collect();
        assert_eq!(
            seqs,
            [1, 3],
            "the second never waited alone: the third held it"
        );
    }

    #[test]
    fn a_failed_save_is_reported_and_the_next_one_still_written() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, file) = writer_in(dir.path());
        let mut invalid = snapshot(1);
        Arc::make_mut(&mut invalid).title = String::new();
        writer.submit(invalid, 1);
        let failed = writer.flush();
        assert!(
            matches!(failed.as_slice(), [Action::SaveFailed(_)]),
            "{failed:?}"
        );
        writer.submit(snapshot(2), 2);
        assert!(matches!(
            writer.flush().as_slice(),
            [Action::Saved { seq: 2, .. }]
        ));
        assert_eq!(crate::store::load(&path_of(&file)).unwrap(), *snapshot(2));
    }

    #[test]
    fn dropping_the_writer_writes_what_waits() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, file) = writer_in(dir.path());
        writer.submit(snapshot(5), 5);
        drop(writer);
        assert_eq!(crate::store::load(&path_of(&file)).unwrap(), *snapshot(5));
    }
}
