//! Export of the roster to CSV or XLSX. The file is the one deliberate exception to "the
//! roster never touches disk unencrypted": the caller warns, and this audits.

use std::path::Path;

use crate::error::{Error, Result};
use crate::io::export::{render, ExportEncoding, Profile};
use crate::io::Format;
use crate::model::Person;
use crate::store::{persons, Roster};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportSummary {
    /// People written.
    pub persons: usize,
    /// Bytes written.
    pub bytes: usize,
}

impl Roster {
    /// Everyone on the roster (not archived), by id, as full records.
    pub(crate) fn active_persons(&self) -> Result<Vec<Person>> {
        let ids = persons::active_ids(self.conn())?;
        ids.into_iter()
            .map(|id| persons::load(self.conn(), id))
            .collect()
    }

    /// Renders the export in memory: everyone on the roster with `profile`'s columns.
    pub fn render_export(
        &self,
        format: Format,
        profile: Profile,
        encoding: ExportEncoding,
    ) -> Result<(Vec<u8>, usize)> {
        let persons = self.active_persons()?;
        let bytes = render(&persons, profile, format, encoding)?;
        Ok((bytes, persons.len()))
    }

    /// Writes the export to `out` (which must not exist) and audits it. The file is NOT
    /// encrypted: the caller must say so to the operator.
    pub fn export(
        &mut self,
        out: &Path,
        format: Format,
        profile: Profile,
        encoding: ExportEncoding,
    ) -> Result<ExportSummary> {
        if out.exists() {
            return Err(Error::AlreadyExists(out.to_path_buf()));
        }
        let (bytes, count) = self.render_export(format, profile, encoding)?;
        let enc = match (format, encoding) {
            (Format::Xlsx, _) => "xlsx",
            (_, ExportEncoding::Utf8Bom) => "utf-8-bom",
            (_, ExportEncoding::ShiftJis) => "shift_jis",
        };
        // Audited before the file exists: an export that was written is never missing
        // from the log (a failed write leaves a logged attempt, which is the safe side).
        self.write(|tx| {
            tx.audit(
                "export",
                "",
                None,
                &format!(
                    "format={} profile={} encoding={enc} persons={count} unencrypted=true",
                    format.token(),
                    profile.token()
                ),
            )
        })?;
        let io = |source| Error::Io {
            context: "cannot write the export",
            path: out.to_path_buf(),
            source,
        };
        crate::platform::write_private(out, &bytes).map_err(io)?;
        Ok(ExportSummary {
            persons: count,
            bytes: bytes.len(),
        })
    }
}
