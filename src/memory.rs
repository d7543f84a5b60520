//! Giving memory back to the system. The dashboard's heap rises with each poll (the answers
//! parsed, a new view of every event) and falls when the previous views are dropped, but
//! glibc's malloc keeps the pages it freed, in one pool ("arena") per thread that allocated:
//! with the IO jobs on one runtime worker and the board on another, a poll's transient peak
//! stayed resident in two arenas for the life of the process. So the process uses one arena,
//! and hands free pages back after each poll is merged. Elsewhere (musl, other systems) both
//! are no-ops.

/// At start-up, before any thread: one malloc arena for the whole process (a dashboard does
/// too little allocation for per-thread arenas to pay for the memory they keep).
pub fn use_one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before other threads run.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// After a burst of short-lived allocations (a poll merged): returns the free pages of the
/// heap to the system, so the resident size follows what is really in use.
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory malloc holds unused; it takes malloc's own lock.
    unsafe {
        libc::malloc_trim(0);
    }
}
