//! The one error shape that crosses IPC: `{ code, message, field }`.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as a closed set the page can branch on. Add a code only when the
/// page needs to react to it differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A wrong passphrase or recovery key, or an account that does not exist or was
    /// removed (deliberately not told apart).
    WrongPassphrase,
    /// Too many wrong passphrases for this account: wait before trying again (`message`
    /// holds the seconds).
    UnlockDelayed,
    /// The key file beside the roster (`roster.keys`) is missing or damaged: restore it
    /// from the backup. Nothing was changed.
    KeyFile,
    /// No key file beside the roster and the passphrase did not open it as a roster from
    /// before accounts: either the (old shared) passphrase is wrong, or the key file is
    /// lost. Nothing was changed.
    NoKeyFile,
    NotFound,
    AlreadyExists,
    /// A value was refused; `field` names it so the page can show the message beside it.
    InvalidInput,
    /// The person's role does not allow this (checked here, not only hidden in the page).
    Forbidden,
    /// The roster was written by a newer Yorisoi.
    NewerSchema,
    /// The roster file is damaged.
    Integrity,
    /// Some pages of the roster file fail their check (not a wrong passphrase; no try was
    /// counted): `damaged_pages` lists them, and the page offers the newest backup.
    Damaged,
    /// The roster cannot be written now (another program is changing it, the disk is
    /// full, or the file is read-only): nothing was changed; try again.
    CannotWrite,
    /// The user stopped long work (an import, a big print) with 中止: nothing was written.
    Cancelled,
    /// The roster is not open (never unlocked, or locked again).
    Locked,
    /// A print holds characters no font can draw; `unprintable` lists them and nothing
    /// was printed.
    Unprintable,
    Internal,
}

/// An error as the page sees it. `message` is for people (and never holds personal
/// data or the passphrase); the page decides by `code` alone.
#[derive(Debug, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// For `invalid_input`: the field as the document names it (`date_of_birth`,
    /// `emergency_contacts[1].phone`).
    pub field: Option<String>,
    /// For `unprintable`: each character no font has, with whose record and field holds
    /// it (ids and field names, never the rest of the record).
    pub unprintable: Vec<UnprintableChar>,
    /// For `damaged`: the pages of the roster file that fail their check (1-based; empty
    /// when not known).
    #[ts(type = "number[]")]
    pub damaged_pages: Vec<u64>,
}

/// A character a print cannot draw.
#[derive(Debug, Serialize, TS)]
pub struct UnprintableChar {
    /// The person whose record holds it (`null`: the recipient or a heading).
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub field: String,
    pub character: String,
    /// `U+20BB7`.
    pub codepoint: String,
}

impl IpcError {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            field: None,
            unprintable: Vec::new(),
            damaged_pages: Vec::new(),
        }
    }

    pub fn locked() -> Self {
        Self::new(ErrorCode::Locked, "the roster is locked")
    }

    pub fn internal(message: &str) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, "your role may not do this")
    }

    /// Refused because only an admin account may do it (the core refuses it too).
    pub fn admins_only() -> Self {
        Self::new(
            ErrorCode::Forbidden,
            "only an admin account may manage accounts and the recovery key",
        )
    }

    pub fn delayed(seconds: u64) -> Self {
        Self::new(ErrorCode::UnlockDelayed, seconds.to_string())
    }

    pub fn invalid(field: &str, reason: &str) -> Self {
        IpcError {
            field: Some(field.to_owned()),
            ..Self::new(ErrorCode::InvalidInput, reason)
        }
    }
}

impl From<yorisoi::Error> for IpcError {
    fn from(err: yorisoi::Error) -> Self {
        use yorisoi::ErrorCode as Core;
        match &err {
            yorisoi::Error::Invalid(v) => return IpcError::invalid(&v.field, &v.reason),
            yorisoi::Error::TooSoon { seconds } => return IpcError::delayed(*seconds),
            yorisoi::Error::KeyFileMissing(_) | yorisoi::Error::KeyFileDamaged(_) => {
                return Self::new(ErrorCode::KeyFile, err.to_string())
            }
            yorisoi::Error::NoKeyFile { .. } => {
                return Self::new(ErrorCode::NoKeyFile, err.to_string())
            }
            yorisoi::Error::Damaged { pages, .. } => {
                return IpcError {
                    damaged_pages: pages.clone(),
                    ..Self::new(ErrorCode::Damaged, err.to_string())
                }
            }
            _ => {}
        }
        if let yorisoi::Error::Unprintable(found) = &err {
            return IpcError {
                unprintable: found
                    .iter()
                    .map(|u| UnprintableChar {
                        person_id: u.person_id,
                        field: u.field.clone(),
                        character: u.character.to_string(),
                        codepoint: u.codepoint(),
                    })
                    .collect(),
                ..Self::new(ErrorCode::Unprintable, "some characters cannot be printed")
            };
        }
        let code = match err.code() {
            Core::WrongPassphrase => ErrorCode::WrongPassphrase,
            Core::Delayed => ErrorCode::UnlockDelayed,
            Core::Forbidden => ErrorCode::Forbidden,
            Core::NotFound => ErrorCode::NotFound,
            Core::AlreadyExists => ErrorCode::AlreadyExists,
            Core::Invalid => ErrorCode::InvalidInput,
            Core::NewerSchema => ErrorCode::NewerSchema,
            Core::Integrity => ErrorCode::Integrity,
            Core::CannotWrite => ErrorCode::CannotWrite,
            Core::Cancelled => ErrorCode::Cancelled,
            Core::Internal => ErrorCode::Internal,
        };
        Self::new(code, err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cores_back_off_keeps_the_pages_countdown() {
        let err = IpcError::from(yorisoi::Error::TooSoon { seconds: 8 });
        assert_eq!(
            (err.code, err.message.as_str()),
            (ErrorCode::UnlockDelayed, "8")
        );
    }

    #[test]
    fn a_missing_or_damaged_key_file_has_its_own_code() {
        let missing = IpcError::from(yorisoi::Error::KeyFileMissing("r.keys".into()));
        assert_eq!(missing.code, ErrorCode::KeyFile);
        let damaged = IpcError::from(yorisoi::Error::KeyFileDamaged("truncated".into()));
        assert_eq!(damaged.code, ErrorCode::KeyFile);
        let forbidden = IpcError::from(yorisoi::Error::Forbidden {
            role: "viewer",
            what: "change the roster",
        });
        assert_eq!(forbidden.code, ErrorCode::Forbidden);
    }
}
