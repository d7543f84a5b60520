//! Keeping the admin secret out of core dumps: the process that holds it (every command: the
//! secret comes from the config, or the sandbox makes one) disables them before reading any.
//!
//! `RLIMIT_CORE = 0` stops the kernel writing a core file on a crash; on Linux,
//! `PR_SET_DUMPABLE = 0` also keeps other processes of the same user from attaching a debugger
//! or reading `/proc/PID/mem`, and covers core handlers (`systemd-coredump`, apport) that ignore
//! the limit.

/// Disables core dumps for this process. Failures are returned for the log; the command goes on.
pub fn no_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads the struct we pass and touches nothing else.
        if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_DUMPABLE takes a plain integer argument; no memory is shared.
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn core_dumps_are_off_afterwards() {
        super::no_core_dumps().unwrap();
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes into the struct we own.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
        // SAFETY: PR_GET_DUMPABLE takes no pointer.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
