//! Importing a municipality's file: plan every row (validate, match, diff) against the
//! roster, then — unless it is a dry run — write all of it in one transaction with one
//! audit row. Changes to people already on the roster are kept for review, never applied
//! silently.

mod mappings;
mod plan;

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::io::mapping::MappedHeader;
use crate::io::table::{self, Format, TextEncoding};
use crate::model::RegistrationRoute;
use crate::progress::{Progress, Quiet, Stage};
use crate::store::Tx;
use crate::store::{candidates, imports, persons, Roster};
use plan::{Action, Planner};

pub use crate::store::imports::FieldChange;
pub use mappings::MappingProfile;

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The format; sniffed from the bytes when `None`.
    pub format: Option<Format>,
    /// The text encoding of a CSV.
    pub encoding: TextEncoding,
    /// A saved mapping profile's name.
    pub mapping: Option<String>,
    /// Header overrides (`header -> column token or "ignore"`), on top of the profile.
    pub overrides: BTreeMap<String, String>,
    /// Where the data came from (e.g. 介護保険 2026-11 extract).
    pub source: String,
    /// The registration route of the people added.
    pub route: RegistrationRoute,
    /// Plan and report only; write nothing.
    pub dry_run: bool,
}

/// A row (or cell) that was not imported, and why. The value is shown to the operator,
/// who holds the file anyway; it never goes into the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    /// Row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column's header in the file, when one column is at fault.
    pub column: Option<String>,
    /// The rejected value.
    pub value: Option<String>,
    /// What is wrong and what to do.
    pub reason: String,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The import's id (`None` for a dry run).
    pub import_id: Option<i64>,
    /// True when nothing was written.
    pub dry_run: bool,
    /// SHA-256 of the file's bytes.
    pub file_sha256: String,
    /// `csv` or `xlsx`.
    pub format: &'static str,
    /// The encoding read.
    pub encoding: &'static str,
    /// Header → column.
    pub mapping: Vec<MappedHeader>,
    /// Data rows read.
    pub read: usize,
    /// New people added to the roster.
    pub added: usize,
    /// Changes to people on the roster, waiting for review.
    pub to_review: usize,
    /// New people staged as candidates (shared-information route).
    pub candidates: usize,
    /// Rows that match the roster exactly (or a pending candidate).
    pub unchanged: usize,
    /// Rows not imported.
    pub rejected: Vec<RowIssue>,
}

impl ImportReport {
    /// Counts one planned row.
    fn tally(&mut self, action: &Action) {
        match action {
            Action::Add(_) => self.added += 1,
            Action::Candidate(_) => self.candidates += 1,
            Action::Change { .. } => self.to_review += 1,
            Action::Unchanged => self.unchanged += 1,
        }
    }

    fn counts<'a>(&self, row: imports::ImportRow<'a>) -> imports::ImportRow<'a> {
        imports::ImportRow {
            rows_read: self.read,
            added: self.added,
            to_review: self.to_review,
            candidates: self.candidates,
            unchanged: self.unchanged,
            rejected: self.rejected.len(),
            ..row
        }
    }
}

impl Roster {
    /// Imports `bytes` (a CSV or XLSX file). A dry run plans and reports but writes
    /// nothing; otherwise every accepted row is written in one transaction, with one audit
    /// row (file hash, mapping, counts) and a `person.add` audit row per person added.
    pub fn import(&mut self, bytes: &[u8], options: &ImportOptions) -> Result<ImportReport> {
        self.import_with(bytes, options, &Quiet)
    }

    /// [`Roster::import`], reporting each row to `progress` and stopping with
    /// [`Error::Cancelled`] when it asks: the transaction is then rolled back, and the
    /// roster is exactly as before.
    ///
    /// Each row is written as soon as it is planned, inside the one transaction, so that a
    /// city's file is never held twice in memory (once read, once planned). Planning a row
    /// never depends on the rows written before it: who is known is read once at the start,
    /// and rows already seen in the file are tracked by the planner.
    pub fn import_with(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
        progress: &dyn Progress,
    ) -> Result<ImportReport> {
        let format = options.format.unwrap_or_else(|| Format::sniff(bytes));
        progress.step(Stage::Read, 0, 0)?;
        let table = table::read(bytes, format, options.encoding)?;
        let mapping = self.mapping_for(&table, options)?;
        let sha = hex::encode(Sha256::digest(bytes));
        let today = self.clock().today();
        let total = table.rows.len() as u64;
        let mut report = ImportReport {
            import_id: None,
            dry_run: options.dry_run,
            file_sha256: sha.clone(),
            format: format.token(),
            encoding: table.encoding,
            mapping: mapping.describe(&table.headers),
            read: table.rows.len(),
            added: 0,
            to_review: 0,
            candidates: 0,
            unchanged: 0,
            rejected: Vec::new(),
        };
        if options.dry_run {
            let mut planner = Planner::new(self.conn(), &table, &mapping, options, today)?;
            for (done, row) in table.rows.iter().enumerate() {
                if let Some(action) = planner.plan(self.conn(), row)? {
                    report.tally(&action);
                }
                progress.step(Stage::Check, done as u64 + 1, total)?;
            }
            report.rejected = planner.into_issues();
            return Ok(report);
        }
        let operator = self.account().to_string();
        self.write(|tx| {
            let now = tx.stamp();
            let recorded = imports::ImportRow {
                at: &now,
                operator: &operator,
                file_sha256: &sha,
                format: format.token(),
                encoding: table.encoding,
                mapping: options.mapping.as_deref().unwrap_or_default(),
                source: options.source.trim(),
                route: options.route.token(),
                rows_read: report.read,
                added: 0,
                to_review: 0,
                candidates: 0,
                unchanged: 0,
                rejected: 0,
            };
            let import_id = imports::insert(tx.conn(), &recorded)?;
            // Planned inside the write, so nothing can change between plan and apply.
            let mut planner = Planner::new(tx.conn(), &table, &mapping, options, today)?;
            let detail_import = format!("import={import_id}");
            // Only new people are written (changes wait for review): the search index
            // can be built for them at the end.
            persons::adding_many(tx, |tx| {
                for (done, row) in table.rows.iter().enumerate() {
                    if let Some(action) = planner.plan(tx.conn(), row)? {
                        report.tally(&action);
                        apply(tx, import_id, row.number, action, options, today, &detail_import)?;
                    }
                    progress.step(Stage::Write, done as u64 + 1, total)?;
                }
                Ok(())
            })?;
            report.rejected = planner.into_issues();
            imports::set_counts(tx.conn(), import_id, &report.counts(recorded))?;
            let mapping_name = options.mapping.as_deref().unwrap_or("auto");
            let columns: Vec<&str> = mapping
                .by_position
                .iter()
                .flatten()
                .map(|c| c.token())
                .collect();
            tx.audit(
                "import",
                "import",
                Some(import_id),
                &format!(
                    "sha256={sha} format={} encoding={} mapping={mapping_name} columns={} route={} read={} added={} to_review={} candidates={} unchanged={} rejected={}",
                    format.token(),
                    table.encoding,
                    columns.join(","),
                    options.route.token(),
                    report.read,
                    report.added,
                    report.to_review,
                    report.candidates,
                    report.unchanged,
                    report.rejected.len()
                ),
            )?;
            report.import_id = Some(import_id);
            Ok(())
        })?;
        Ok(report)
    }
}

/// Writes one planned row of import `import_id`.
fn apply(
    tx: &mut Tx<'_>,
    import_id: i64,
    row: usize,
    action: Action,
    options: &ImportOptions,
    today: chrono::NaiveDate,
    detail_import: &str,
) -> Result<()> {
    match action {
        Action::Add(person) => {
            let id = persons::insert(tx.conn(), &person, tx.now())?;
            tx.audit("person.add", "person", Some(id), detail_import)?;
        }
        Action::Candidate(person) => {
            let doc = serde_json::to_string(&person)
                .map_err(|_| Error::invalid("candidate", "cannot be stored"))?;
            candidates::insert(
                tx.conn(),
                import_id,
                row,
                &doc,
                options.source.trim(),
                &today.to_string(),
            )?;
        }
        Action::Change {
            person_id,
            fields,
            archive,
        } => {
            imports::insert_change(tx.conn(), import_id, person_id, row, &fields, archive)?;
        }
        Action::Unchanged => {}
    }
    Ok(())
}
