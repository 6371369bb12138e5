//! Two pieces of work at once on this machine's two cores: one on the calling thread, the
//! other on a scoped helper thread, both results returned ([`alongside`]); or a list of
//! independent tasks shared by the two threads, each taking the next one left ([`shared`]),
//! so that neither waits long for the other whatever the tasks cost.

use std::sync::atomic::{AtomicUsize, Ordering};

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

#[cfg(test)]
mod tests {
    use super::*;

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
