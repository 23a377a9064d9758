//! The core's error type. Messages name the field or the file and say what to do; they
//! never contain personal data or the passphrase.

use std::path::PathBuf;

use serde::Serialize;

/// A rejected value: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    /// The field's name as it appears in the JSON document (e.g. `date_of_birth`,
    /// `emergency_contacts[1].phone`).
    pub field: String,
    /// What is wrong and what to enter instead.
    pub reason: String,
}

impl ValidationError {
    /// A rejection of `field` for `reason`.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        ValidationError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Everything the core can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The passphrase is wrong, empty or missing — or the file is not a roster at all,
    /// which SQLCipher cannot tell apart. Never a reason to touch the file.
    #[error("the passphrase does not open this roster ({0})")]
    WrongPassphrase(PathBuf),
    /// No passphrase was given and none can be asked for.
    #[error("no passphrase: set YORISOI_PASSPHRASE or run in a terminal to be asked")]
    MissingPassphrase,
    /// The roster's key file (`roster.keys`) is not there. Nothing is created in its place:
    /// without it the roster cannot be opened, and a new one would open nothing.
    #[error("the key file {0} is missing: without it the roster cannot be opened. Put it back from the backup it was saved with (`yorisoi restore` brings the key file with the roster); nothing was created or changed")]
    KeyFileMissing(PathBuf),
    /// No key file beside the roster, and the passphrase does not open it the way a roster
    /// from before accounts opens: the passphrase is wrong, or the roster already has
    /// accounts and its key file was lost. Nothing is created or changed.
    #[error("the passphrase does not open this roster ({roster}). A roster from before accounts opens with its old shared passphrase; a roster with accounts also needs its key file {keys}, which is missing — if it had accounts, put the key file back from the backup it was saved with. Nothing was created or changed")]
    NoKeyFile {
        /// The roster.
        roster: PathBuf,
        /// Where its key file should be.
        keys: PathBuf,
    },
    /// Too many wrong passphrases for this account lately: wait before the next try.
    #[error("too many wrong passphrases for this account: wait {seconds} s before trying again")]
    TooSoon {
        /// Seconds still to wait.
        seconds: u64,
    },
    /// The account that unlocked may not do this (its role).
    #[error("your account's role ({role}) may not {what}; ask an administrator of this roster")]
    Forbidden {
        /// The role's token.
        role: &'static str,
        /// What was refused, in words.
        what: &'static str,
    },
    /// The key file is not one Yorisoi can read; nothing was changed.
    #[error(
        "the key file cannot be read: {0}. Put it back from a backup; the roster was not changed"
    )]
    KeyFileDamaged(String),
    /// There is no roster file at the path.
    #[error("no roster at {0}: create one with `yorisoi init` (or `yorisoi demo`)")]
    RosterMissing(PathBuf),
    /// A file that would be overwritten already exists.
    #[error("{0} already exists; choose another path (nothing was overwritten)")]
    AlreadyExists(PathBuf),
    /// A record that does not exist.
    #[error("{what} {id} not found")]
    NotFound {
        /// The kind of record ("person", "supporter", ...).
        what: &'static str,
        /// Its id.
        id: i64,
    },
    /// A value was rejected.
    #[error("invalid input: {0}")]
    Invalid(#[from] ValidationError),
    /// The roster was written by a newer Yorisoi.
    #[error("this roster has schema version {found}, newer than this Yorisoi supports ({supported}); install the newer version")]
    NewerSchema {
        /// `user_version` of the file.
        found: i64,
        /// The newest schema this binary knows.
        supported: i64,
    },
    /// A database statement failed; `context` says which one.
    #[error("database error while {context}: {source}")]
    Sql {
        /// What the store was doing.
        context: &'static str,
        /// The SQLite error (its text names no personal data: values are bound, not
        /// formatted into SQL).
        #[source]
        source: rusqlite::Error,
    },
    /// A file operation failed.
    #[error("{context} {path}: {source}")]
    Io {
        /// What was being done.
        context: &'static str,
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The roster's integrity check found a fault.
    #[error("integrity check failed: {0}")]
    Integrity(String),
    /// The roster file is damaged: some of its pages fail their check (SQLCipher's HMAC)
    /// under a key that opens the others. Not a wrong passphrase: no try is counted, and
    /// nothing is changed.
    #[error("the roster file{} is damaged: {} — this is not a wrong passphrase, and no try was counted. Nothing was changed. Restore the newest backup (`yorisoi restore BACKUP --to NEW-PATH`, or 保守 → 復元 in the window) and open the restored roster; keep the damaged file for the record", path_part(.path), damaged_pages(.pages))]
    Damaged {
        /// The file (when known).
        path: Option<PathBuf>,
        /// The pages that fail their check, 1-based (empty: not known here; `yorisoi check`
        /// lists them).
        pages: Vec<u64>,
    },
    /// The roster cannot be written now: another program holds its write lock, the disk
    /// is full, or the file is read-only. Nothing was changed.
    #[error("{}", cannot_write_message(.0))]
    CannotWrite(WriteBlock),
    /// Characters that no installed font can draw; nothing was printed.
    #[error("nothing was printed: {} character(s) are in no installed font — {}. Correct the record (with the person's agreement), or make IPAmj明朝 available (on Windows it comes with Yorisoi as fonts\\ipamjm.ttf beside the program; on Debian install fonts-ipamj-mincho), then print again", .0.len(), unprintable_list(.0))]
    Unprintable(Vec<crate::print::glyphs::Unprintable>),
    /// A PDF could not be made or locked.
    #[error("the PDF could not be produced: {0}")]
    Pdf(String),
    /// The user asked long work (an import, a demo roster, a big print) to stop, and it
    /// stopped before writing anything.
    #[error("stopped at your request; nothing was written or changed")]
    Cancelled,
    /// A print is recorded (its ledger and audit rows committed) but its file could not be
    /// given its name: the whole file is in `staged`, with the hash the roster recorded.
    #[error("{record}, but its file could not be named {path}: {source}. Nothing is lost: the whole PDF is {staged} (sha256 {sha256}, as recorded); rename that file to a new name ending in .pdf. Do not print it again, which would record another copy")]
    Unpublished {
        /// What is recorded, in words (`copy 2026-00003 is recorded in the copy ledger`).
        record: String,
        /// The SHA-256 the roster recorded for the file.
        sha256: String,
        /// Where the bytes are (the unfinished name beside `path`).
        staged: PathBuf,
        /// The name the file was to have.
        path: PathBuf,
        /// Why the rename failed.
        #[source]
        source: std::io::Error,
    },
}

fn path_part(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|p| format!(" {}", p.display()))
        .unwrap_or_default()
}

fn damaged_pages(pages: &[u64]) -> String {
    match pages {
        [] => "a page fails its check (`yorisoi check` lists which)".to_string(),
        [one] => format!("page {one} fails its check"),
        many => {
            let shown: Vec<String> = many.iter().take(20).map(u64::to_string).collect();
            let more = many.len().saturating_sub(20);
            format!(
                "{} pages fail their check ({}{})",
                many.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )
        }
    }
}

fn cannot_write_message(block: &WriteBlock) -> String {
    match block {
        WriteBlock::Busy { holders } if holders.is_empty() => "the roster is in use by another program, which is changing it; nothing was changed: try again in a moment".to_string(),
        WriteBlock::Busy { holders } => format!(
            "the roster is in use by another program ({}), which is changing it; nothing was changed: try again in a moment",
            holders.join(", ")
        ),
        WriteBlock::DiskFull => "the disk is full. Nothing was changed: free some space on the disk being written to (the roster's, or a backup's), then do it again".to_string(),
        WriteBlock::ReadOnly => "the roster cannot be written: its file or folder is read-only. Nothing was changed: open a roster on a disk you may write to, or ask for write access".to_string(),
    }
}

/// Why a roster cannot be written now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WriteBlock {
    /// Another program holds the write lock (past the wait); who, where the system says.
    Busy {
        /// The programs that have the roster open (e.g. `yorisoi (pid 4242)`).
        holders: Vec<String>,
    },
    /// The disk is full.
    DiskFull,
    /// The file or its folder is read-only.
    ReadOnly,
}

impl WriteBlock {
    /// The block a SQLite error means, if it means one.
    pub(crate) fn of(e: &rusqlite::Error) -> Option<WriteBlock> {
        let rusqlite::Error::SqliteFailure(f, _) = e else {
            return None;
        };
        match f.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                Some(WriteBlock::Busy {
                    holders: Vec::new(),
                })
            }
            rusqlite::ErrorCode::DiskFull => Some(WriteBlock::DiskFull),
            rusqlite::ErrorCode::ReadOnly => Some(WriteBlock::ReadOnly),
            _ => None,
        }
    }
}

fn unprintable_list(found: &[crate::print::glyphs::Unprintable]) -> String {
    found
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The closed set of error codes that cross to the UI and decide the CLI's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Wrong, empty or missing passphrase.
    WrongPassphrase,
    /// No roster, or no such record.
    NotFound,
    /// The target file exists.
    AlreadyExists,
    /// Bad input; the message names the field.
    Invalid,
    /// Roster written by a newer version.
    NewerSchema,
    /// Integrity fault.
    Integrity,
    /// Too many wrong passphrases lately: wait before trying again.
    Delayed,
    /// The account's role may not do this.
    Forbidden,
    /// The roster cannot be written now (busy, disk full, read-only): try again later.
    CannotWrite,
    /// The user stopped the work; nothing was written.
    Cancelled,
    /// Anything else.
    Internal,
}

impl Error {
    /// The code the UI branches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WrongPassphrase(_) | Error::MissingPassphrase | Error::NoKeyFile { .. } => {
                ErrorCode::WrongPassphrase
            }
            Error::TooSoon { .. } => ErrorCode::Delayed,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::RosterMissing(_) | Error::KeyFileMissing(_) | Error::NotFound { .. } => {
                ErrorCode::NotFound
            }
            Error::AlreadyExists(_) => ErrorCode::AlreadyExists,
            Error::Invalid(_) | Error::Unprintable(_) => ErrorCode::Invalid,
            Error::NewerSchema { .. } => ErrorCode::NewerSchema,
            Error::Integrity(_) | Error::KeyFileDamaged(_) | Error::Damaged { .. } => {
                ErrorCode::Integrity
            }
            Error::CannotWrite(_) => ErrorCode::CannotWrite,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Sql { .. } | Error::Io { .. } | Error::Pdf(_) | Error::Unpublished { .. } => {
                ErrorCode::Internal
            }
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::Invalid(ValidationError::new(field, reason))
    }
}

/// Adds a context to a rusqlite result.
pub(crate) trait SqlContext<T> {
    /// Wraps the error with what the store was doing.
    fn ctx(self, context: &'static str) -> Result<T, Error>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn ctx(self, context: &'static str) -> Result<T, Error> {
        self.map_err(|source| Error::from_sql(context, source))
    }
}

impl Error {
    /// A failed statement as the error it means: a damaged page, a roster that cannot be
    /// written now, or else a database error with its context.
    pub(crate) fn from_sql(context: &'static str, source: rusqlite::Error) -> Error {
        if let rusqlite::Error::SqliteFailure(f, _) = &source {
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) && context != "setting the key"
            {
                return Error::Damaged {
                    path: None,
                    pages: Vec::new(),
                };
            }
        }
        match WriteBlock::of(&source) {
            Some(block) => Error::CannotWrite(block),
            None => Error::Sql { context, source },
        }
    }

    /// True when this error means the roster cannot be written now (and reading may go
    /// on).
    pub(crate) fn is_cannot_write(&self) -> bool {
        matches!(self, Error::CannotWrite(_))
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
