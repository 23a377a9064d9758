//! Which other programs have a roster open: named when the roster is busy, so the message
//! says what to close ("in use by another program (yorisoi-desktop, pid 4242)").

use std::path::Path;

/// The other processes that have the file at `path` (or its write-ahead log) open, as
/// `name (pid N)`. Linux reads `/proc`, which shows this account's processes (all of them
/// to root); elsewhere, and when nothing can be found, the list is empty and the message
/// says "another program".
pub fn holders_of(path: &Path) -> Vec<String> {
    #[cfg(target_os = "linux")]
    {
        linux(path)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        Vec::new()
    }
}

#[cfg(target_os = "linux")]
fn linux(path: &Path) -> Vec<String> {
    let Ok(target) = path.canonicalize() else {
        return Vec::new();
    };
    let mut wal = target.clone().into_os_string();
    wal.push("-wal");
    let wal = std::path::PathBuf::from(wal);
    let me = std::process::id();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in procs.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let holds = fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l == target || l == wal));
        if holds {
            let name = std::fs::read_to_string(entry.path().join("comm"))
                .map(|n| n.trim().to_string())
                .unwrap_or_else(|_| "?".to_string());
            found.push(format!("{name}, pid {pid}"));
        }
    }
    found.sort();
    found
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_file_nobody_else_holds_has_no_holders_and_another_process_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        std::fs::write(&path, b"x").unwrap();
        assert!(holders_of(&path).is_empty(), "only this process has it");
        // `tail -f` keeps the file open in another process.
        let mut child = std::process::Command::new("tail")
            .arg("-f")
            .arg(&path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        let mut named = Vec::new();
        for _ in 0..50 {
            named = holders_of(&path);
            if !named.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(named, vec![format!("tail, pid {pid}")]);
    }
}
