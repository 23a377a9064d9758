//! Windows: the window needs the Microsoft Edge WebView2 Runtime. Windows 11 ships it and
//! Windows 10 gets it through updates, but an isolated PC may lack it; then, instead of
//! failing without a word, the app says in Japanese what to do. It downloads nothing.

/// `true` when the window can be shown; otherwise explains in a message box.
pub fn webview_ready() -> bool {
    #[cfg(windows)]
    {
        if tauri::webview_version().is_ok() {
            return true;
        }
        explain_missing_runtime();
        false
    }
    #[cfg(not(windows))]
    {
        true
    }
}

/// The message shown when the runtime is missing (the installers say the same in their own
/// words before installing).
#[cfg_attr(not(windows), allow(dead_code))] // shown on Windows; tested everywhere
pub const MISSING_RUNTIME: &str = "Microsoft Edge WebView2 ランタイムが見つからないため、\
よりそいの画面を開けません。\n\n\
Windows Update を実行するか、情報システム担当に WebView2 ランタイム\
（Evergreen スタンドアロン版）の配布を依頼してください。\n\
名簿のデータはそのまま残っています。コマンドライン版（yorisoi.exe）は WebView2 なしで使えます。";

#[cfg(windows)]
fn explain_missing_runtime() {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
    let wide = |s: &str| -> Vec<u16> { s.encode_utf16().chain([0]).collect() };
    let text = wide(MISSING_RUNTIME);
    let title = wide("よりそい");
    // SAFETY: both strings are NUL-terminated and outlive the call.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | MB_ICONERROR,
        )
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_message_says_what_to_do_and_that_nothing_is_lost() {
        for needed in [
            "WebView2",
            "Windows Update",
            "情報システム担当",
            "データはそのまま",
        ] {
            assert!(super::MISSING_RUNTIME.contains(needed), "{needed}");
        }
        assert!(
            !super::MISSING_RUNTIME.contains("http"),
            "no download link: offline PCs"
        );
    }
}
