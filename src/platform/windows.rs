//! The Windows API calls behind [`super`]: the account, owner-only security descriptors
//! and drive types. Every `unsafe` block of the platform layer is here.

use std::ffi::OsStr;
use std::fs::File;
use std::io;
use std::os::windows::ffi::{OsStrExt, OsStringExt};
use std::os::windows::io::FromRawHandle;
use std::path::Path;

use windows_sys::Win32::Foundation::{
    CloseHandle, LocalFree, GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
    ConvertStringSecurityDescriptorToSecurityDescriptorW, GetNamedSecurityInfoW,
    SetNamedSecurityInfoW, SDDL_REVISION_1, SE_FILE_OBJECT,
};
use windows_sys::Win32::Security::{
    GetSecurityDescriptorDacl, GetTokenInformation, TokenUser, ACL, DACL_SECURITY_INFORMATION,
    PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES, TOKEN_QUERY,
    TOKEN_USER,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, GetDriveTypeW, MoveFileExW, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
    MOVEFILE_WRITE_THROUGH,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
use windows_sys::Win32::System::WindowsProgramming::{GetUserNameW, DRIVE_REMOTE};

/// `s` as a NUL-terminated UTF-16 string.
fn wide(s: &OsStr) -> Vec<u16> {
    s.encode_wide().chain(std::iter::once(0)).collect()
}

/// The characters of a NUL-terminated UTF-16 string the system handed out (without the NUL).
///
/// # Safety
/// `p` must be non-null and point to a NUL-terminated UTF-16 string that outlives the slice.
unsafe fn wide_chars<'a>(p: *const u16) -> &'a [u16] {
    let mut len = 0;
    while *p.add(len) != 0 {
        len += 1;
    }
    std::slice::from_raw_parts(p, len)
}

/// A NUL-terminated UTF-16 string the system allocated with `LocalAlloc`, as a `String`;
/// frees it.
///
/// # Safety
/// `p` must be null or a `LocalAlloc`ed, NUL-terminated UTF-16 string owned by the caller.
unsafe fn take_local_wide(p: *mut u16) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let s = String::from_utf16_lossy(wide_chars(p));
    LocalFree(p.cast());
    Some(s)
}

/// The logged-on account's name (`GetUserNameW`).
pub(super) fn user_name() -> Option<String> {
    // UNLEN (256) characters and the terminating NUL.
    let mut buf = [0u16; 257];
    let mut len = buf.len() as u32;
    // SAFETY: buf is writable for len characters.
    let ok = unsafe { GetUserNameW(buf.as_mut_ptr(), &mut len) };
    if ok == 0 || len == 0 {
        return None;
    }
    // len counts the terminating NUL.
    Some(String::from_utf16_lossy(&buf[..len as usize - 1]))
}

/// This process's account as a SID string (`S-1-5-21-…`).
fn user_sid() -> io::Result<String> {
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: the pseudo handle of the current process needs no closing; token is written.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let mut needed = 0u32;
    // SAFETY: asking for the size only (null buffer, zero length).
    unsafe { GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut needed) };
    // u64s keep the buffer aligned for TOKEN_USER.
    let mut buf = vec![0u64; (needed as usize).div_ceil(8).max(1)];
    // SAFETY: buf holds `needed` bytes.
    let ok = unsafe {
        GetTokenInformation(
            token,
            TokenUser,
            buf.as_mut_ptr().cast(),
            needed,
            &mut needed,
        )
    };
    let err = io::Error::last_os_error();
    // SAFETY: token was opened above and is closed once.
    unsafe { CloseHandle(token) };
    if ok == 0 {
        return Err(err);
    }
    // SAFETY: GetTokenInformation(TokenUser) filled buf with a TOKEN_USER.
    let sid = unsafe { (*buf.as_ptr().cast::<TOKEN_USER>()).User.Sid };
    let mut text: *mut u16 = std::ptr::null_mut();
    // SAFETY: sid points into buf, which is alive; text receives a LocalAlloc'ed string.
    if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: text was allocated by ConvertSidToStringSidW.
    unsafe { take_local_wide(text) }.ok_or_else(|| io::Error::other("no SID"))
}

/// A security descriptor that lets this account alone in (`D:P(A;…;FA;;;SID)`), freed on
/// drop. `inherit` passes the entry on to files and folders made inside a folder.
struct OwnerOnly(PSECURITY_DESCRIPTOR);

impl OwnerOnly {
    fn new(inherit: bool) -> io::Result<OwnerOnly> {
        let flags = if inherit { "OICI" } else { "" };
        let sddl = format!("D:P(A;{flags};FA;;;{})", user_sid()?);
        let sddl = wide(OsStr::new(&sddl));
        let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: sddl is NUL-terminated; sd receives a LocalAlloc'ed descriptor.
        let ok = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                SDDL_REVISION_1,
                &mut sd,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(OwnerOnly(sd))
    }

    fn dacl(&self) -> io::Result<*mut ACL> {
        let (mut present, mut defaulted) = (0, 0);
        let mut dacl: *mut ACL = std::ptr::null_mut();
        // SAFETY: self.0 is a valid descriptor; the out-pointers are writable.
        let ok =
            unsafe { GetSecurityDescriptorDacl(self.0, &mut present, &mut dacl, &mut defaulted) };
        if ok == 0 || present == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(dacl)
    }
}

impl Drop for OwnerOnly {
    fn drop(&mut self) {
        // SAFETY: the descriptor was LocalAlloc'ed by the SDDL conversion and is freed once.
        unsafe { LocalFree(self.0) };
    }
}

pub(super) fn create_private(path: &Path) -> io::Result<File> {
    let sd = OwnerOnly::new(false)?;
    let attributes = SECURITY_ATTRIBUTES {
        nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: sd.0,
        bInheritHandle: 0,
    };
    let name = wide(path.as_os_str());
    // SAFETY: name is NUL-terminated; attributes and its descriptor outlive the call.
    let handle = unsafe {
        CreateFileW(
            name.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            0,
            &attributes,
            CREATE_NEW,
            FILE_ATTRIBUTE_NORMAL,
            std::ptr::null_mut(),
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        // ERROR_FILE_EXISTS reads as io::ErrorKind::AlreadyExists.
        return Err(io::Error::last_os_error());
    }
    // SAFETY: handle is a new, open file handle that the File now owns.
    Ok(unsafe { File::from_raw_handle(handle.cast()) })
}

pub(super) fn restrict_to_owner(path: &Path) -> io::Result<()> {
    let sd = OwnerOnly::new(path.is_dir())?;
    let dacl = sd.dacl()?;
    let name = wide(path.as_os_str());
    // SAFETY: name is NUL-terminated; dacl lives in sd, which outlives the call.
    let rc = unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            dacl,
            std::ptr::null(),
        )
    };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc as i32));
    }
    Ok(())
}

pub(super) fn is_owner_only(path: &Path) -> io::Result<bool> {
    let name = wide(path.as_os_str());
    let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: name is NUL-terminated; sd receives a LocalAlloc'ed descriptor.
    let rc = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut sd,
        )
    };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc as i32));
    }
    let mut text: *mut u16 = std::ptr::null_mut();
    // SAFETY: sd is the descriptor read above; text receives a LocalAlloc'ed string.
    let ok = unsafe {
        ConvertSecurityDescriptorToStringSecurityDescriptorW(
            sd,
            SDDL_REVISION_1,
            DACL_SECURITY_INFORMATION,
            &mut text,
            std::ptr::null_mut(),
        )
    };
    let err = io::Error::last_os_error();
    // SAFETY: sd was allocated by GetNamedSecurityInfoW and is freed once.
    unsafe { LocalFree(sd) };
    if ok == 0 {
        return Err(err);
    }
    // SAFETY: text was allocated by the conversion above.
    let sddl = unsafe { take_local_wide(text) }.unwrap_or_default();
    Ok(super::files::sddl_allows_only(&sddl, &user_sid()?))
}

/// `FOLDERID_ProgramData`'s path.
pub(super) fn program_data_dir() -> Option<std::path::PathBuf> {
    use windows_sys::Win32::System::Com::CoTaskMemFree;
    use windows_sys::Win32::UI::Shell::{FOLDERID_ProgramData, SHGetKnownFolderPath};
    let mut path: *mut u16 = std::ptr::null_mut();
    // SAFETY: the GUID is a static; path receives a CoTaskMemAlloc'ed string.
    let hr =
        unsafe { SHGetKnownFolderPath(&FOLDERID_ProgramData, 0, std::ptr::null_mut(), &mut path) };
    let found = if hr >= 0 && !path.is_null() {
        // SAFETY: on success path is a NUL-terminated string, freed only below.
        let chars = unsafe { wide_chars(path) };
        Some(std::path::PathBuf::from(std::ffi::OsString::from_wide(
            chars,
        )))
    } else {
        None
    };
    // SAFETY: freeing what SHGetKnownFolderPath allocated (null is allowed).
    unsafe { CoTaskMemFree(path.cast()) };
    found
}

/// Renames `from` to `to`, never replacing an existing `to` (no
/// `MOVEFILE_REPLACE_EXISTING`: a taken name fails with `ERROR_ALREADY_EXISTS`, which reads
/// as [`io::ErrorKind::AlreadyExists`]); returns once the rename is on disk.
pub(super) fn rename_new(from: &Path, to: &Path) -> io::Result<()> {
    let (f, t) = (wide(from.as_os_str()), wide(to.as_os_str()));
    // SAFETY: both names are NUL-terminated and outlive the call.
    if unsafe { MoveFileExW(f.as_ptr(), t.as_ptr(), MOVEFILE_WRITE_THROUGH) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Whether drive `letter` is a mapped network drive.
pub(super) fn is_network_drive(letter: char) -> bool {
    let root = wide(OsStr::new(&format!("{letter}:\\")));
    // SAFETY: root is NUL-terminated.
    unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
}

/// No critical-error box, no Windows Error Reporting for a fault, and no heap in a report
/// WER still makes (a fail-fast abort bypasses the error mode). See
/// [`super::harden_process`].
pub(super) fn no_crash_dumps() -> io::Result<()> {
    use windows_sys::Win32::System::Diagnostics::Debug::{
        GetErrorMode, SetErrorMode, SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX,
    };
    use windows_sys::Win32::System::ErrorReporting::{
        WerSetFlags, WER_FAULT_REPORTING_FLAG_NOHEAP, WER_FAULT_REPORTING_NO_UI,
    };
    // SAFETY: both take and return plain flags; the modes already set are kept.
    unsafe { SetErrorMode(GetErrorMode() | SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX) };
    // SAFETY: takes plain flags for this process.
    let hr = unsafe { WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP | WER_FAULT_REPORTING_NO_UI) };
    if hr < 0 {
        return Err(io::Error::other(format!(
            "WerSetFlags failed (HRESULT {hr:#010x})"
        )));
    }
    Ok(())
}
