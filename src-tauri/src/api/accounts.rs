//! Officer accounts, the recovery key (回復キー) and the passphrase strength rule, as the
//! window sees them. Requests that carry a passphrase or a recovery key are deliberately
//! not `Debug`, so they cannot end up in a log by accident; the command wraps the secret
//! (`Passphrase::new`, `Zeroizing`) at once and the request is dropped.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::accounts::UnlockNotes;
use yorisoi::model::account::{Account, Role};
use yorisoi::model::recovery::RecoveryKey;

use crate::error::IpcError;

/// A role as the page sends it: `viewer` | `officer` | `admin`.
pub fn role(token: &str) -> Result<Role, IpcError> {
    Role::from_token(token).ok_or_else(|| IpcError::invalid("role", "viewer, officer or admin"))
}

/// What opening found that the officer should act on now.
#[derive(Debug, Default, PartialEq, Serialize, TS)]
pub struct UnlockNotesView {
    /// A roster of the one shared passphrase was converted on this open: the account
    /// that opened it is its first admin.
    pub converted: bool,
    /// The roster has no recovery key (offer to make one; admins only).
    pub recovery_key_missing: bool,
    /// The passphrase just used is below the strength rule: why, in Japanese (ask to
    /// change it now).
    pub passphrase_weak: Option<String>,
}

impl From<&UnlockNotes> for UnlockNotesView {
    fn from(n: &UnlockNotes) -> Self {
        UnlockNotesView {
            converted: n.converted,
            recovery_key_missing: n.recovery_key_missing,
            passphrase_weak: n.passphrase_weak.clone(),
        }
    }
}

/// A recovery key, shown once: the page shows it large and offers the sheet. It is not
/// kept by the page; the backend holds it only until the officer confirms it was written
/// down or printed (`recovery_done`), or the roster locks.
#[derive(Serialize, TS)]
pub struct RecoveryKeyView {
    /// 8 groups of 6 digits, in order.
    pub groups: Vec<String>,
}

impl From<&RecoveryKey> for RecoveryKeyView {
    fn from(key: &RecoveryKey) -> Self {
        let shown = key.display();
        RecoveryKeyView {
            groups: shown.split('-').map(str::to_owned).collect(),
        }
    }
}

/// A new roster was made: its recovery key, to show once.
#[derive(Serialize, TS)]
pub struct CreatedView {
    pub recovery: RecoveryKeyView,
}

/// Opens the roster with the recovery key: the admin account that gets a new passphrase
/// at once. (Not `Debug`: it holds the key and the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecoveryOpenRequest {
    /// As typed from the sheet (hyphens, spaces and full-width digits are fine).
    pub recovery_key: String,
    pub admin: String,
    pub new_passphrase: String,
}

/// Asks whether a passphrase meets the strength rule, as the officer types it. (Not
/// `Debug`: it holds the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StrengthRequest {
    pub passphrase: String,
    /// The account it is for: its name is a guesser's first try.
    pub account: String,
}

/// The strength rule's answer: `reason` (Japanese, with the English in brackets) when it
/// is refused.
#[derive(Debug, Serialize, TS)]
pub struct StrengthView {
    pub ok: bool,
    pub reason: Option<String>,
}

/// One account on the 職員アカウント screen.
#[derive(Debug, Serialize, TS)]
pub struct AccountRow {
    pub name: String,
    /// `viewer` | `officer` | `admin` (labels are in the page's catalogue).
    pub role: String,
    /// When it was added (RFC 3339).
    pub created_at: String,
    pub created_by: String,
    /// The account using the window now.
    pub is_me: bool,
}

impl AccountRow {
    pub fn new(account: Account, me: &str) -> Self {
        AccountRow {
            is_me: account.name == me,
            name: account.name,
            role: account.role.token().to_owned(),
            created_at: account.created_at,
            created_by: account.created_by,
        }
    }
}

/// A new account. (Not `Debug`: it holds the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountAddRequest {
    pub name: String,
    /// `viewer` | `officer` | `admin`.
    pub role: String,
    pub passphrase: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountRoleRequest {
    pub name: String,
    /// `viewer` | `officer` | `admin`.
    pub role: String,
}

/// An account, by name.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountName {
    pub name: String,
}

/// The signed-in account's new passphrase. (Not `Debug`: it holds the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PassphraseChangeRequest {
    pub passphrase: String,
}

/// The 回復キー sheet was saved: its name and the window's handle for 「印刷」.
#[derive(Debug, Serialize, TS)]
pub struct SavedSheet {
    pub file_name: Option<String>,
    pub saved_file: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_from_their_tokens_only() {
        assert_eq!(role("viewer").expect("viewer"), Role::Viewer);
        assert_eq!(role("admin").expect("admin"), Role::Admin);
        let err = role("root").expect_err("refused");
        assert_eq!(err.field.as_deref(), Some("role"));
    }

    #[test]
    fn a_recovery_key_is_shown_in_its_eight_groups() {
        let key = RecoveryKey::from_bytes([7; 16]);
        let view = RecoveryKeyView::from(&key);
        assert_eq!(view.groups.len(), 8);
        assert!(view.groups.iter().all(|g| g.len() == 6));
        assert_eq!(view.groups.join("-"), key.display().as_str());
    }
}
