//! Who may change the roster. A deliberately small model:
//!
//! - `officer` (福祉・防災担当職員): reads and writes everything the window offers;
//! - `viewer` (閲覧のみ): searches and reads records, worklists and the audit log, and
//!   changes nothing — no edits, consents, supporters, archive, disaster mode or
//!   preferences of the roster.
//!
//! The role comes from a policy file the computer's administrator keeps where users
//! cannot write it (`/etc/yorisoi/roles` on Linux, `%ProgramData%\Yorisoi\roles` on
//! Windows), one `account = role` per line. An account not listed, or no file, is an
//! officer: a single officer's desk needs no setup. Every write command checks the role
//! in Rust ([`crate::state::AppState::write`]); the page only mirrors it.

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Officer,
    Viewer,
}

impl Role {
    pub fn token(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Viewer => "viewer",
        }
    }

    pub fn can_write(self) -> bool {
        self == Role::Officer
    }

    /// The role of `account` in a policy file's text. Unknown roles read as `viewer`:
    /// a typo must not grant more than was meant.
    pub fn of(account: &str, policy: Option<&str>) -> Role {
        let Some(policy) = policy else {
            return Role::Officer;
        };
        for line in policy.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let Some((who, role)) = line.split_once('=') else {
                continue;
            };
            if same_account(who.trim(), account) {
                return match role.trim() {
                    "officer" => Role::Officer,
                    _ => Role::Viewer,
                };
            }
        }
        Role::Officer
    }
}

/// Whether a policy line's account names `account`. Windows account names ignore case,
/// and an administrator may write the domain (`CITY\tanaka`): the OS gives the name alone.
fn same_account(listed: &str, account: &str) -> bool {
    if cfg!(windows) {
        let listed = listed.rsplit('\\').next().unwrap_or(listed);
        listed.to_lowercase() == account.to_lowercase()
    } else {
        listed == account
    }
}

/// Where the administrator's policy file is: `%ProgramData%` as Windows knows it (not as
/// the environment variable says, which a user could point elsewhere).
pub fn policy_path() -> Option<PathBuf> {
    if cfg!(windows) {
        yorisoi::platform::program_data_dir().map(|d| d.join("Yorisoi").join("roles"))
    } else {
        Some(PathBuf::from("/etc/yorisoi/roles"))
    }
}

/// A policy file's text as an administrator's editor may have saved it: UTF-8 with or
/// without a BOM, UTF-16 (Notepad's "Unicode"), or Shift_JIS (Notepad's "ANSI" on a
/// Japanese PC). Misreading it would silently make every account an officer.
pub fn policy_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The role of `account` on this computer. A policy file that exists but cannot be read
/// makes everyone a viewer: it was put there to limit someone.
pub fn role_of(account: &str) -> Role {
    let Some(path) = policy_path() else {
        return Role::Officer;
    };
    match std::fs::read(path) {
        Ok(bytes) => Role::of(account, Some(&policy_text(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Role::Officer,
        Err(_) => Role::Viewer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_officers_unless_the_policy_says_otherwise() {
        assert_eq!(Role::of("tanaka", None), Role::Officer);
        let policy = "# 閲覧のみ\nsato = viewer\n tanaka = officer \nito = admin\n";
        assert_eq!(Role::of("sato", Some(policy)), Role::Viewer);
        assert_eq!(Role::of("tanaka", Some(policy)), Role::Officer);
        assert_eq!(Role::of("ito", Some(policy)), Role::Viewer, "unknown role");
        assert_eq!(
            Role::of("suzuki", Some(policy)),
            Role::Officer,
            "not listed"
        );
        assert!(!Role::Viewer.can_write());
    }

    #[test]
    fn a_policy_file_reads_the_same_in_every_encoding_an_editor_saves() {
        let policy = "# 権限\nsato = viewer\n";
        let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), policy.as_bytes()].concat();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(policy.encode_utf16().flat_map(u16::to_le_bytes));
        let (sjis, _, bad) = encoding_rs::SHIFT_JIS.encode(policy);
        assert!(!bad);
        for bytes in [
            policy.as_bytes().to_vec(),
            utf8_bom,
            utf16,
            sjis.into_owned(),
        ] {
            let text = policy_text(&bytes);
            assert_eq!(text, policy, "{bytes:?}");
            assert_eq!(Role::of("sato", Some(&text)), Role::Viewer);
        }
    }
}
