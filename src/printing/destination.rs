//! Where a finished print goes, in step with the transaction that records it, so the file
//! and the roster always agree: the bytes are *staged* (written whole under an unfinished
//! name) inside the transaction, the transaction commits the ledger and audit rows, and
//! only then is the file *published* under its name. When anything fails before the
//! commit, what was staged is *discarded*: no file, no row, and the serial is not used up.
//! When the final rename fails after the commit, the error names the recorded copy and the
//! unfinished file that holds its bytes (the hash the ledger has).

use std::path::{Path, PathBuf};

use super::Printed;
use crate::error::{Error, Result};

/// Where a print's bytes go. The core calls [`Destination::stage`] once, inside the write
/// transaction, then [`Destination::publish`] after it committed, or
/// [`Destination::discard`] when it did not (including when staging itself failed).
pub trait Destination {
    /// Takes the finished bytes somewhere that is not yet final. `serial` is the copy's
    /// serial (or mailing batch) when it has one, so an unfinished file says which copy it
    /// is. An error here stops the print before anything is recorded.
    fn stage(&mut self, bytes: &[u8], serial: Option<&str>) -> Result<()>;

    /// The print is recorded: makes the staged bytes final.
    fn publish(&mut self) -> std::result::Result<(), Unpublished>;

    /// The print is not recorded: removes whatever was staged (best effort).
    fn discard(&mut self);
}

/// Why staged bytes could not be given their final name, and where they are.
#[derive(Debug)]
pub struct Unpublished {
    /// The unfinished file holding the whole print.
    pub staged: PathBuf,
    /// The name it was to have.
    pub path: PathBuf,
    /// The OS error of the rename.
    pub source: std::io::Error,
}

/// Bytes kept in memory (tests, benchmarks): the closure receives them as they are made
/// and there is nothing to publish or take back. A file on disk must be written through
/// [`NewFile`], which keeps it under an unfinished name until the print is recorded.
impl<F: FnMut(&[u8]) -> Result<()>> Destination for F {
    fn stage(&mut self, bytes: &[u8], _serial: Option<&str>) -> Result<()> {
        self(bytes)
    }

    fn publish(&mut self) -> std::result::Result<(), Unpublished> {
        Ok(())
    }

    fn discard(&mut self) {}
}

/// A new PDF file at `path`, readable by its owner only, that appears under its name only
/// once the print is recorded. Staged as `.NAME.SERIAL.part` in the same folder (made
/// new, never over another file, flushed to disk), so the final rename is atomic; that
/// rename never replaces a file either ([`crate::platform::rename_new`]). A file already
/// at `path` is refused before anything is written.
#[derive(Debug)]
pub struct NewFile {
    path: PathBuf,
    staged: Option<PathBuf>,
}

impl NewFile {
    /// The file to write (it must not exist).
    pub fn new(path: impl Into<PathBuf>) -> NewFile {
        NewFile {
            path: path.into(),
            staged: None,
        }
    }

    /// The final name.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The unfinished name beside the final one: `.NAME.SERIAL.part` (`.NAME.part` for a
    /// print without a serial).
    pub fn staged_name(&self, serial: Option<&str>) -> Result<PathBuf> {
        let name = self
            .path
            .file_name()
            .filter(|_| !self.path.as_os_str().is_empty())
            .ok_or_else(|| Error::invalid("file", "give a file name to save to, not a folder"))?
            .to_string_lossy();
        Ok(self.path.with_file_name(match serial {
            Some(s) => format!(".{name}.{s}.part"),
            None => format!(".{name}.part"),
        }))
    }
}

impl Destination for NewFile {
    fn stage(&mut self, bytes: &[u8], serial: Option<&str>) -> Result<()> {
        // A dangling link counts as taken too: nothing is ever written through it.
        if std::fs::symlink_metadata(&self.path).is_ok() {
            return Err(Error::AlreadyExists(self.path.clone()));
        }
        let staged = self.staged_name(serial)?;
        crate::platform::write_private(&staged, bytes).map_err(|source| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                // Left by a print that stopped half-way (see the README): never replaced.
                Error::AlreadyExists(staged.clone())
            } else {
                // Named by the file asked for: the unfinished one is gone again.
                Error::Io {
                    context: "cannot write",
                    path: self.path.clone(),
                    source,
                }
            }
        })?;
        self.staged = Some(staged);
        Ok(())
    }

    fn publish(&mut self) -> std::result::Result<(), Unpublished> {
        let Some(staged) = self.staged.take() else {
            return Ok(());
        };
        match crate::platform::rename_new(&staged, &self.path) {
            Ok(()) => {
                crate::platform::sync_folder_of(&self.path);
                Ok(())
            }
            Err(source) => Err(Unpublished {
                staged,
                path: self.path.clone(),
                source,
            }),
        }
    }

    fn discard(&mut self) {
        if let Some(staged) = self.staged.take() {
            let _ = std::fs::remove_file(&staged);
            crate::platform::sync_folder_of(&staged);
        }
    }
}

/// Ends a print whose bytes went to `to`: `result` is what the write transaction returned
/// (so, on `Ok`, the rows are committed). On `Ok` the staged bytes are published — a
/// failure then is [`Error::Unpublished`], naming what `record` says is recorded; on `Err`
/// they are discarded and the error returned as it was.
pub(super) fn settle(
    to: &mut dyn Destination,
    result: Result<Printed>,
    record: impl FnOnce(&Printed) -> String,
) -> Result<Printed> {
    let printed = match result {
        Ok(p) => p,
        Err(e) => {
            to.discard();
            return Err(e);
        }
    };
    match to.publish() {
        Ok(()) => Ok(printed),
        Err(u) => Err(Error::Unpublished {
            record: record(&printed),
            sha256: printed.sha256.clone(),
            staged: u.staged,
            path: u.path,
            source: u.source,
        }),
    }
}

/// How [`settle`] names a ledger copy.
pub(super) fn ledger_copy(p: &Printed) -> String {
    format!(
        "copy {} is recorded in the copy ledger",
        p.serial.as_deref().unwrap_or("")
    )
}
