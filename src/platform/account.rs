//! The OS account this process runs as.

/// The name of the account this process runs as, read from the operating system
/// (`getpwuid_r` on Linux, `GetUserNameW` on Windows). Environment variables are never
/// consulted: `USERNAME=someone-else` must not change who the audit log names or which
/// role the window grants. `None` only when the OS cannot say.
pub fn os_account() -> Option<String> {
    lookup().filter(|name| !name.trim().is_empty())
}

/// Windows: the machine-wide data folder (`C:\ProgramData`) as Windows knows it
/// (`SHGetKnownFolderPath`), not as the `ProgramData` variable says — a user could point that
/// at a folder of their own and bring their own roles file. `None` elsewhere.
pub fn program_data_dir() -> Option<std::path::PathBuf> {
    #[cfg(windows)]
    {
        super::windows::program_data_dir()
    }
    #[cfg(not(windows))]
    {
        None
    }
}

#[cfg(unix)]
fn lookup() -> Option<String> {
    use std::ffi::CStr;

    // SAFETY: geteuid cannot fail and has no preconditions.
    let uid = unsafe { libc::geteuid() };
    let mut buf: Vec<libc::c_char> = vec![0; 1024];
    loop {
        // SAFETY: an all-zero passwd is a valid value to be overwritten by getpwuid_r.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call and buf's length is passed with it.
        let rc =
            unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
            // An account with no passwd entry (some containers) is still an account.
            return Some(format!("uid:{uid}"));
        }
        // SAFETY: getpwuid_r succeeded, so pw_name points to a NUL-terminated string in buf.
        let name = unsafe { CStr::from_ptr(pwd.pw_name) };
        return Some(name.to_string_lossy().into_owned());
    }
}

#[cfg(windows)]
fn lookup() -> Option<String> {
    super::windows::user_name()
}

#[cfg(not(any(unix, windows)))]
fn lookup() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_comes_from_the_os_not_the_environment() {
        let before = os_account().expect("the OS names this account");
        // Tests of one binary share the environment; this one sets a variable no other
        // test reads and restores it.
        let saved = std::env::var_os("USER");
        std::env::set_var("USER", "spoofed-officer");
        let during = os_account();
        match saved {
            Some(v) => std::env::set_var("USER", v),
            None => std::env::remove_var("USER"),
        }
        assert_eq!(during.as_deref(), Some(before.as_str()));
        assert_ne!(before, "spoofed-officer");
    }
}
