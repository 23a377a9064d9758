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
            if who.trim() == account {
                return match role.trim() {
                    "officer" => Role::Officer,
                    _ => Role::Viewer,
                };
            }
        }
        Role::Officer
    }
}

/// Where the administrator's policy file is.
pub fn policy_path() -> Option<PathBuf> {
    if cfg!(windows) {
        std::env::var_os("ProgramData").map(|d| PathBuf::from(d).join("Yorisoi").join("roles"))
    } else {
        Some(PathBuf::from("/etc/yorisoi/roles"))
    }
}

/// The role of `account` on this computer.
pub fn role_of(account: &str) -> Role {
    let policy = policy_path().and_then(|p| std::fs::read_to_string(p).ok());
    Role::of(account, policy.as_deref())
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
}
