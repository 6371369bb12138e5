//! Two pieces of work at once on this machine's two cores: one on the calling thread, the
//! other on a scoped helper thread, both results returned. Saves, loads and exports use it
//! where the halves are independent and about as long as each other.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_in_their_places() {
        let words = ["one", "two"];
        let (a, b) = alongside("test", || words[0].len(), || words[1].to_uppercase());
        assert_eq!((a, b.as_str()), (3, "TWO"));
    }
}
