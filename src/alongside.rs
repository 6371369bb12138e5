//! Two pieces of work at once on this machine's two cores: one on the calling thread, the
//! other on a scoped helper thread, both results returned ([`alongside`]); or a list of
//! independent tasks shared by the two threads, each taking the next one left ([`shared`]),
//! so that neither waits long for the other whatever the tasks cost; or a list made so
//! ([`shared_list`]).

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// Runs `here` on this thread and `there` on a second one named `name` at the same time,
/// and returns both results; when no thread can be started, `there` runs after `here`. A
/// panic in either goes on as a panic here.
pub fn alongside<A, B: Send>(
    name: &str,
    here: impl FnOnce() -> A,
    there: impl Fn() -> B + Sync,
) -> (A, B) {
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name(name.into())
            .spawn_scoped(scope, &there);
        // Measured on a 2-core VM: a new thread often waits for the next load balance
        // (about 3 ms) on the busy core that started it, unless that thread yields once.
        std::thread::yield_now();
        let a = here();
        let b = match helper {
            Ok(helper) => helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => there(),
        };
        (a, b)
    })
}

/// Runs `first` on this thread while a second one named `name` starts on the tasks
/// `0..count`; then both take the next task not yet taken until none is left. Returns what
/// `first` made and the tasks' results in task order. Whatever the tasks cost, neither
/// thread waits for the other longer than one task.
pub fn shared<A, T: Send>(
    name: &str,
    first: impl FnOnce() -> A,
    count: usize,
    task: impl Fn(usize) -> T + Sync,
) -> (A, Vec<T>) {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            // Which thread takes which task does not matter: the results are sorted after.
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, task(i)));
        }
    };
    let ((made, mut done), theirs) = alongside(name, || (first(), work()), work);
    done.extend(theirs);
    done.sort_unstable_by_key(|(i, _)| *i);
    (made, done.into_iter().map(|(_, result)| result).collect())
}

/// [`shared`] for a list: runs `first` on this thread while the items `0..count` are made
/// in tasks of `per_task` that both threads share, each item written straight into its
/// place in the list returned (copying thousands of large items into one list after was a
/// millisecond and a half of an export).
pub fn shared_list<A, T: Send>(
    name: &str,
    first: impl FnOnce() -> A,
    count: usize,
    per_task: usize,
    item: impl Fn(usize) -> T + Sync,
) -> (A, Vec<T>) {
    let per_task = per_task.max(1);
    let mut list = Vec::with_capacity(count);
    let places: Vec<Mutex<&mut [MaybeUninit<T>]>> = list.spare_capacity_mut()[..count]
        .chunks_mut(per_task)
        .map(Mutex::new)
        .collect();
    let (made, _) = shared(name, first, places.len(), |task| {
        // Each task locks only its own places: the lock is never waited for, and cannot be
        // poisoned by a panic elsewhere, which ends `shared` before this list is used.
        let mut places = places[task].lock().unwrap_or_else(PoisonError::into_inner);
        for (n, place) in places.iter_mut().enumerate() {
            place.write(item(task * per_task + n));
        }
    });
    drop(places);
    // SAFETY: the places of the tasks are the first `count` places of the list's spare
    // capacity, cut in order; `shared` returned normally, so it ran every task
    // `0..places.len()` exactly once and each wrote an item into every one of its places.
    // So the first `count` items are written (and no item is written twice, so none leaks).
    unsafe { list.set_len(count) };
    (made, list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_list_holds_every_item_in_its_place() {
        for count in [0, 1, 2, 7, 100, 1000] {
            for per_task in [0, 1, 3, 256, 5000] {
                let (first, list) = shared_list("test", || 7, count, per_task, |i| i.to_string());
                assert_eq!(first, 7);
                let expected: Vec<String> = (0..count).map(|i| i.to_string()).collect();
                assert_eq!(list, expected, "{count} items, {per_task} a task");
            }
        }
    }

    #[test]
    fn shared_tasks_come_back_in_order() {
        for count in [0, 1, 2, 7, 100] {
            let (first, squares) = shared("test", || "first", count, |i| i * i);
            assert_eq!(first, "first");
            assert_eq!(squares, (0..count).map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn both_results_come_back_in_their_places() {
        let words = ["one", "two"];
        let (a, b) = alongside("test", || words[0].len(), || words[1].to_uppercase());
        assert_eq!((a, b.as_str()), (3, "TWO"));
    }
}
