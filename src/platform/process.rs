//! Keeping this process's memory off the disk: a crash must not leave a core dump (or a
//! Windows Error Reporting dump) holding the passphrase, the data key or the roster's
//! decrypted pages.

use std::io;

/// Switches crash dumps of this process off; call it first thing in `main`, before any
/// secret is read.
///
/// - Linux: the core-file limit is set to 0 (soft and hard, so nothing later raises it)
///   and the process is made non-dumpable (`PR_SET_DUMPABLE` 0), which also covers a
///   `core_pattern` that pipes cores to a handler such as systemd-coredump (that ignores
///   the limit) and keeps other processes of the same user from reading its memory
///   through `/proc` or attaching a debugger.
/// - Windows: critical-error boxes are off and Windows Error Reporting is not invoked for
///   a fault (`SetErrorMode`); where WER still runs (a fail-fast abort bypasses the error
///   mode), its report carries no heap (`WerSetFlags` with `WER_FAULT_REPORTING_FLAG_NOHEAP`)
///   and shows no dialog. `WerAddExcludedApplication` is not used: it writes the registry
///   for every program of the same file name, beyond this process.
///
/// Both steps are tried; the first failure is returned (the caller warns and goes on: a
/// roster is still safe on disk without them).
pub fn harden_process() -> io::Result<()> {
    imp::harden()
}

#[cfg(target_os = "linux")]
mod imp {
    use std::io;

    pub(super) fn harden() -> io::Result<()> {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: `none` is a valid rlimit for the duration of the call.
        let limit = if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        };
        // SAFETY: PR_SET_DUMPABLE takes one integer argument; the rest are ignored.
        let dumpable = if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        };
        limit.and(dumpable)
    }

    /// True when this process may be dumped (`PR_GET_DUMPABLE`), for the tests.
    #[cfg(test)]
    pub(super) fn dumpable() -> bool {
        // SAFETY: PR_GET_DUMPABLE takes no argument and returns the flag.
        let flag = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) };
        flag != 0
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
mod imp {
    use std::io;

    pub(super) fn harden() -> io::Result<()> {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: `none` is a valid rlimit for the duration of the call.
        if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }
}

#[cfg(windows)]
mod imp {
    pub(super) fn harden() -> std::io::Result<()> {
        super::super::windows::no_crash_dumps()
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub(super) fn harden() -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// Runs in a child process of its own (the test binary re-run for this one test), so
    /// the other tests keep a dumpable process.
    #[test]
    fn no_core_and_not_dumpable() {
        if std::env::var_os("YORISOI_HARDEN_CHILD").is_none() {
            let me = std::env::current_exe().unwrap();
            let out = std::process::Command::new(me)
                .args([
                    "--exact",
                    "platform::process::tests::no_core_and_not_dumpable",
                    "--nocapture",
                ])
                .env("YORISOI_HARDEN_CHILD", "1")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{text}");
            assert!(text.contains("hardened: dumpable=false core=0/0"), "{text}");
            return;
        }
        assert!(super::imp::dumpable(), "a fresh process is dumpable");
        super::harden_process().unwrap();
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: `limit` is writable for the call.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        println!(
            "hardened: dumpable={} core={}/{}",
            super::imp::dumpable(),
            limit.rlim_cur,
            limit.rlim_max
        );
    }
}
