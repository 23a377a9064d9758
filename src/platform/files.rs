//! Files readable by their owner only: printed lists, exports, the roster and its backups.

use std::fs::File;
use std::io;
use std::path::Path;

/// Creates a new file at `path` that only this account can read or write, and opens it
/// for writing. Never replaces a file: a taken name is [`io::ErrorKind::AlreadyExists`].
///
/// On Windows the owner-only access is set as the file is made (a protected DACL with one
/// entry for this account), so there is no moment in which the folder's inherited
/// permissions would let someone else open it.
pub fn create_private(path: &Path) -> io::Result<File> {
    #[cfg(windows)]
    {
        super::windows::create_private(path)
    }
    #[cfg(not(windows))]
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path)
    }
}

/// Writes `bytes` to a new file that only this account can read ([`create_private`]) and
/// flushes it to disk. A file that could not be written whole is removed: a printed list
/// recorded in the ledger must exist, and half a list must not.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut file = create_private(path)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(())
}

/// Gives the file `from` the name `to` in the same folder, never replacing a file that
/// has that name: a taken name is [`io::ErrorKind::AlreadyExists`] and `from` stays as it
/// was. Used to name a finished print only once it is recorded; a plain rename would
/// silently replace a file the officer made meanwhile.
///
/// Linux: `renameat2(RENAME_NOREPLACE)`, atomic. Where the file system does not offer it,
/// a hard link then removing `from` (as atomic for the new name); where neither works (a
/// FAT stick on an old kernel), the name is checked just before the rename. Windows:
/// `MoveFileExW` without `MOVEFILE_REPLACE_EXISTING`, written through.
pub fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        super::windows::rename_new(from, to)
    }
    #[cfg(not(windows))]
    {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        match rename_noreplace(from, to) {
            Err(e) if unsupported(&e) => {}
            done => return done,
        }
        match std::fs::hard_link(from, to) {
            Ok(()) => {
                // Both names hold the whole file now; a failure to drop the old name
                // leaves a second name, never a lost file.
                let _ = std::fs::remove_file(from);
                Ok(())
            }
            Err(e) if unsupported(&e) => {
                if std::fs::symlink_metadata(to).is_ok() {
                    return Err(io::Error::from(io::ErrorKind::AlreadyExists));
                }
                std::fs::rename(from, to)
            }
            Err(e) => Err(e),
        }
    }
}

/// The file system cannot do this kind of rename or link (as opposed to: the name is
/// taken, or the folder refuses writes).
#[cfg(not(windows))]
fn unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP | libc::EPERM | libc::EXDEV)
        )
    }
    #[cfg(not(unix))]
    {
        e.kind() == io::ErrorKind::Unsupported
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    };
    let (f, t) = (c(from)?, c(to)?);
    // SAFETY: both paths are NUL-terminated and outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            f.as_ptr(),
            libc::AT_FDCWD,
            t.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Makes a rename into the folder of `path` durable (Unix: the folder is flushed; on
/// Windows a rename is durable once it returns). Best effort: a failure here loses no data.
pub fn sync_folder_of(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Makes an existing file (or folder, and what is later made in it) accessible to this
/// account only: mode `0600` (`0700` for a folder) on Linux; a protected DACL with one
/// entry granting this account full access on Windows.
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(windows)]
    {
        super::windows::restrict_to_owner(path)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        Ok(())
    }
}

/// Whether nobody but the owner may read `path`: no group or other bits on Linux; on
/// Windows, every entry that allows access names this account.
pub fn is_owner_only(path: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(path)?.permissions().mode() & 0o077 == 0)
    }
    #[cfg(windows)]
    {
        super::windows::is_owner_only(path)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        Ok(false)
    }
}

/// Whether every entry of the DACL in `sddl` that allows access names `sid`. A DACL with
/// no entries at all denies everyone, which is private too; no DACL at all (`D:NO_ACCESS_CONTROL`)
/// lets everyone in.
#[cfg_attr(not(windows), allow(dead_code))] // read on Windows; tested everywhere
pub(super) fn sddl_allows_only(sddl: &str, sid: &str) -> bool {
    let Some(dacl) = sddl.split_once("D:").map(|(_, d)| d) else {
        return false;
    };
    if dacl.starts_with("NO_ACCESS_CONTROL") {
        return false;
    }
    dacl.split('(')
        .skip(1)
        .filter_map(|ace| ace.split(')').next())
        .map(|ace| ace.split(';').collect::<Vec<_>>())
        // The entry types that allow: plain, object, callback, callback object.
        .filter(|fields| {
            fields
                .first()
                .is_some_and(|t| matches!(*t, "A" | "OA" | "XA" | "ZA"))
        })
        .all(|fields| fields.get(5) == Some(&sid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_is_new_and_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("名簿 一覧.pdf");
        write_private(&path, b"%PDF").expect("written");
        assert!(is_owner_only(&path).expect("readable metadata"));
        assert_eq!(std::fs::read(&path).expect("read back"), b"%PDF");
        let again = create_private(&path).expect_err("never replaced");
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).expect("untouched"), b"%PDF");
    }

    #[test]
    fn a_new_name_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let part = dir.path().join(".名簿.pdf.2026-00001.part");
        let done = dir.path().join("名簿.pdf");
        write_private(&part, b"%PDF new").expect("staged");
        std::fs::write(&done, b"theirs").expect("a file of that name");
        let e = rename_new(&part, &done).expect_err("the name is taken");
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&done).expect("untouched"), b"theirs");
        assert_eq!(std::fs::read(&part).expect("still there"), b"%PDF new");
        std::fs::remove_file(&done).expect("removed");
        rename_new(&part, &done).expect("renamed");
        assert_eq!(std::fs::read(&done).expect("named"), b"%PDF new");
        assert!(!part.exists());
        assert!(is_owner_only(&done).expect("metadata"));
    }

    #[test]
    fn a_dacl_is_private_when_every_allowing_entry_names_the_account() {
        let me = "S-1-5-21-1-2-3-1001";
        assert!(sddl_allows_only(&format!("D:P(A;;FA;;;{me})"), me));
        assert!(sddl_allows_only(
            &format!("O:{me}D:P(A;OICI;FA;;;{me})(D;;FA;;;WD)"),
            me
        ));
        assert!(
            sddl_allows_only("D:P", me),
            "no entry at all lets nobody in"
        );
        // Inherited entries for SYSTEM, Administrators or Users let others in.
        assert!(!sddl_allows_only(
            &format!("D:(A;;FA;;;{me})(A;;FA;;;SY)"),
            me
        ));
        assert!(!sddl_allows_only(
            &format!("D:AI(A;ID;FA;;;{me})(A;ID;0x1200a9;;;BU)"),
            me
        ));
        assert!(!sddl_allows_only("D:P(A;;FA;;;S-1-5-21-1-2-3-1002)", me));
        assert!(
            !sddl_allows_only("D:NO_ACCESS_CONTROL", me),
            "no DACL lets everyone in"
        );
        assert!(!sddl_allows_only("O:BA", me), "no DACL read");
        assert!(!sddl_allows_only(
            &format!("D:P(A;;FA;;;{me})(XA;;FR;;;WD;(x))"),
            me
        ));
    }

    #[cfg(unix)]
    #[test]
    fn restricting_takes_away_what_others_could_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("roster.db");
        std::fs::write(&path, b"x").expect("written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(!is_owner_only(&path).expect("metadata"));
        restrict_to_owner(&path).expect("restricted");
        assert!(is_owner_only(&path).expect("metadata"));
        let sub = dir.path().join("data");
        std::fs::create_dir(&sub).expect("folder");
        restrict_to_owner(&sub).expect("restricted folder");
        let mode = std::fs::metadata(&sub)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
