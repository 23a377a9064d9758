//! The one error shape that crosses IPC: `{ code, message }`.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as a closed set the page can branch on. Add a code only when the
/// page needs to react to it differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    WrongPassphrase,
    NotFound,
    AlreadyExists,
    InvalidInput,
    /// The roster was written by a newer Yorisoi.
    NewerSchema,
    /// The roster file is damaged.
    Integrity,
    /// The roster is not open (never unlocked, or locked again).
    Locked,
    Internal,
}

/// An error as the page sees it. `message` is for people (and never holds personal
/// data or the passphrase); the page decides by `code` alone.
#[derive(Debug, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn locked() -> Self {
        IpcError {
            code: ErrorCode::Locked,
            message: "the roster is locked".to_owned(),
        }
    }

    pub fn internal(message: &str) -> Self {
        IpcError {
            code: ErrorCode::Internal,
            message: message.to_owned(),
        }
    }
}

impl From<yorisoi::Error> for IpcError {
    fn from(err: yorisoi::Error) -> Self {
        use yorisoi::ErrorCode as Core;
        let code = match err.code() {
            Core::WrongPassphrase => ErrorCode::WrongPassphrase,
            Core::NotFound => ErrorCode::NotFound,
            Core::AlreadyExists => ErrorCode::AlreadyExists,
            Core::Invalid => ErrorCode::InvalidInput,
            Core::NewerSchema => ErrorCode::NewerSchema,
            Core::Integrity => ErrorCode::Integrity,
            Core::Internal => ErrorCode::Internal,
        };
        IpcError {
            code,
            message: err.to_string(),
        }
    }
}
