//! Where a roster may live: on this computer's own disk.
//!
//! SQLite's locking and its write-ahead log rely on the local file system; on a network
//! share (a UNC path, a mapped drive, an NFS or SMB mount) two computers can write one file
//! at once and damage it. A roaming or redirected Windows profile can put app data on such
//! a share without anyone noticing, so the roster's path is checked every time it is
//! created, opened or restored.

use std::path::Path;

use crate::error::{Error, Result};

/// Refuses a roster path on a network share, saying what it is and what to do instead.
pub fn ensure_local(path: &Path) -> Result<()> {
    match network_kind(path) {
        None => Ok(()),
        Some(kind) => Err(Error::invalid(
            "roster",
            format!(
                "{} is on {kind}; a roster must be on this computer's own disk, where the \
                 database cannot be damaged by another computer writing to it. Choose a \
                 folder on a local drive (the default is the local app-data folder); keep \
                 only encrypted backups (`yorisoi backup`) on a file server",
                path.display()
            ),
        )),
    }
}

/// What kind of network location `path` is on, or `None` when it is on a local disk (or
/// cannot be told, e.g. a folder that does not exist yet on an unmounted drive).
pub fn network_kind(path: &Path) -> Option<String> {
    #[cfg(windows)]
    {
        windows_kind(path)
    }
    #[cfg(target_os = "linux")]
    {
        linux_kind(path)
    }
    #[cfg(not(any(windows, target_os = "linux")))]
    {
        let _ = path;
        None
    }
}

#[cfg(windows)]
fn windows_kind(path: &Path) -> Option<String> {
    use std::path::{Component, Prefix};
    let absolute = std::path::absolute(path).ok()?;
    let Some(Component::Prefix(prefix)) = absolute.components().next() else {
        return None;
    };
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => {
            Some("a network share (a \\\\server\\share path)".to_owned())
        }
        Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
            let letter = char::from(letter).to_ascii_uppercase();
            super::windows::is_network_drive(letter).then(|| format!("a network drive ({letter}:)"))
        }
        _ => None,
    }
}

/// File systems whose files live on another computer (`statfs(2)`'s `f_type`).
#[cfg(target_os = "linux")]
const NETWORK_FILE_SYSTEMS: &[(i64, &str)] = &[
    (0x6969, "an NFS mount"),
    (0x517B, "an SMB mount"),
    (0xFF53_4D42, "an SMB (CIFS) mount"),
    (0xFE53_4D42, "an SMB2 mount"),
    (0x564C, "a NetWare mount"),
    (0x5346_414F, "an AFS mount"),
    (0x00C3_6400, "a Ceph mount"),
];

#[cfg(target_os = "linux")]
fn linux_kind(path: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    // The roster may not exist yet: ask about the nearest folder that does.
    let existing = path
        .ancestors()
        .find(|p| !p.as_os_str().is_empty() && p.exists())?;
    let c_path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    // SAFETY: an all-zero statfs is a valid value for statfs(2) to overwrite.
    let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: c_path is NUL-terminated and stat is a valid, writable statfs.
    if unsafe { libc::statfs(c_path.as_ptr(), &mut stat) } != 0 {
        return None;
    }
    #[allow(clippy::useless_conversion)] // f_type's width differs between architectures
    let magic = i64::from(stat.f_type);
    linux_network_name(magic).map(str::to_owned)
}

#[cfg(target_os = "linux")]
fn linux_network_name(magic: i64) -> Option<&'static str> {
    // f_type is signed on some architectures: compare the low 32 bits.
    NETWORK_FILE_SYSTEMS
        .iter()
        .find(|(m, _)| (m & 0xFFFF_FFFF) == (magic & 0xFFFF_FFFF))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_folder_is_accepted() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            network_kind(&dir.path().join("名簿 フォルダ").join("r.db")),
            None
        );
        assert!(ensure_local(&dir.path().join("r.db")).is_ok());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn network_file_systems_are_known_by_their_magic() {
        assert_eq!(linux_network_name(0x6969), Some("an NFS mount"));
        assert_eq!(linux_network_name(0xFF53_4D42), Some("an SMB (CIFS) mount"));
        // The same magic read as a negative 32-bit number (signed f_type).
        assert_eq!(
            linux_network_name(i64::from(0xFF53_4D42_u32 as i32)),
            Some("an SMB (CIFS) mount")
        );
        assert_eq!(linux_network_name(0xEF53), None, "ext4 is local");
        assert_eq!(linux_network_name(0x0102_1994), None, "tmpfs is local");
    }
}
