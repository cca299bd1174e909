//! Two pieces of work at once: how reading, checking, analysing and writing out a large map
//! use a second core (the machines we target have at least two). The store and the command
//! line use it too, so there is one place where a second thread is started and joined.

/// Runs `a` here and `b` on a second thread, or both here one after the other when
/// `two_threads` is false (small maps: a thread costs more than it saves). A panic in `b`
/// goes on in the caller, as if it had happened here.
pub fn both<A, B: Send>(
    two_threads: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !two_threads {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let b = s.spawn(b);
        let a = a();
        (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}
