//! The command line makes no core dump: a running `yorisoi` is looked at from outside,
//! through `/proc`, while it waits for its key file (a FIFO the test holds open), so the
//! process observed is the real binary at work, not a test double.
#![cfg(target_os = "linux")]

mod common;

use std::ffi::CString;
use std::fs::OpenOptions;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{ACCOUNT, PASS};

/// The group a root test gives the processes it watches (nogroup). A dumpable process's
/// `/proc/PID` entries belong to its own user and group; a non-dumpable one's to root, so
/// a root test can tell the two apart only by a group other than root's.
const WATCH_GID: u32 = 65534;

fn root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Runs `cmd` in the watched group (when the test is root) and with core files allowed as
/// far as this test may allow them, so a limit of 0 can only come from the program.
fn watched(mut cmd: Command) -> Child {
    if root() {
        cmd.gid(WATCH_GID);
    }
    // SAFETY: only setrlimit and getrlimit run between fork and exec; both are
    // async-signal-safe and touch nothing but the limit.
    unsafe {
        cmd.pre_exec(|| {
            let mut l = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::getrlimit(libc::RLIMIT_CORE, &mut l);
            l.rlim_cur = l.rlim_max;
            if libc::geteuid() == 0 {
                l.rlim_cur = libc::RLIM_INFINITY;
                l.rlim_max = libc::RLIM_INFINITY;
            }
            libc::setrlimit(libc::RLIMIT_CORE, &l);
            Ok(())
        });
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The core-file limit of process `pid` as `/proc/PID/limits` shows it (soft, hard).
fn core_limit(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap()
        .to_string();
    let mut cols = line["Max core file size".len()..].split_whitespace();
    (
        cols.next().unwrap().to_string(),
        cols.next().unwrap().to_string(),
    )
}

/// True when `/proc/PID` says the process may be dumped: its entries belong to the
/// process's own user and group rather than to root.
fn dumpable(pid: u32) -> bool {
    let status = std::fs::metadata(format!("/proc/{pid}/status")).unwrap();
    if root() {
        status.gid() == WATCH_GID
    } else {
        status.uid() != 0
    }
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: c is a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[test]
fn the_command_line_is_not_dumpable_and_has_no_core_limit() {
    // The observation works: a program that does not harden itself (cat, waiting on its
    // input) is seen dumpable, with the core limit the test gave it.
    let mut plain = watched(Command::new("cat"));
    assert!(dumpable(plain.id()), "the /proc observation cannot tell");
    let (soft, _) = core_limit(plain.id());
    drop(plain.stdin.take());
    plain.wait().unwrap();

    // yorisoi opening a roster whose key file is a FIFO: it waits in the read until the
    // test's write end closes, after main has begun.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    std::fs::write(&db, b"not read: the key file comes first").unwrap();
    let keys = dir.path().join("roster.keys");
    mkfifo(&keys);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    cmd.arg("--db")
        .arg(&db)
        .args(["district", "list"])
        .env("YORISOI_ACCOUNT", ACCOUNT)
        .env("YORISOI_PASSPHRASE", PASS);
    let mut cli = watched(cmd);
    // Opening the FIFO for writing returns once yorisoi has opened it to read.
    let writer = OpenOptions::new().write(true).open(&keys).unwrap();
    let pid = cli.id();
    assert_eq!(
        core_limit(pid),
        ("0".to_string(), "0".to_string()),
        "a core file could still be written (the test allowed {soft})"
    );
    assert!(!dumpable(pid), "yorisoi is still dumpable");
    drop(writer);
    // An empty key file: yorisoi says so and ends.
    assert!(!cli.wait().unwrap().success());
}
