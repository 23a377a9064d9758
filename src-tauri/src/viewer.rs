//! Hands a saved PDF to the computer's own PDF viewer, which prints it (and asks for the
//! password of a locked list). The page never names the file: it names a handle that
//! [`crate::state::AppState::remember_saved`] gave out for a file this window saved.

use std::io;
use std::path::Path;

/// Opens `path` with the program the computer uses for PDF files.
pub fn open(path: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        open_windows(path)
    }
    #[cfg(not(windows))]
    {
        // xdg-open returns at once; the viewer outlives it. Its output is not ours to show.
        let mut child = std::process::Command::new("xdg-open")
            .arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        std::thread::spawn(move || child.wait());
        Ok(())
    }
}

#[cfg(windows)]
fn open_windows(path: &Path) -> io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::UI::Shell::ShellExecuteW;
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;

    let wide = |s: &std::ffi::OsStr| -> Vec<u16> { s.encode_wide().chain([0]).collect() };
    let verb = wide(std::ffi::OsStr::new("open"));
    let file = wide(path.as_os_str());
    // SAFETY: both strings are NUL-terminated and outlive the call; the rest may be null.
    let result = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // ShellExecuteW reports success as a value above 32.
    if result as usize > 32 {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "ShellExecuteW returned {}",
            result as usize
        )))
    }
}
