//! Importing a municipality's file: plan every row (validate, match, diff) against the
//! roster, then — unless it is a dry run — write all of it in one transaction with one
//! audit row. Changes to people already on the roster are kept for review, never applied
//! silently.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::search_key::text_key;
use super::{persons, Cached, Roster};
use crate::error::{Error, Result, SqlContext, ValidationError};
use crate::io::columns::{blank_person, parse_status, Column};
use crate::io::mapping::{MappedHeader, Mapping};
use crate::io::table::{self, unneutralise, Format, Table, TextEncoding};
use crate::model::validate::{normalise_person, parse_date_field};
use crate::model::{ArchiveReason, Person, RegistrationRoute};

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

/// One field an import would change: old → new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The column token.
    pub column: String,
    /// The roster's value.
    pub old: String,
    /// The file's value, as it would be stored.
    pub new: String,
    /// The cell as read (what accepting writes).
    pub cell: String,
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

enum Action {
    Add(Box<Person>),
    Candidate(Box<Person>),
    Change {
        person_id: i64,
        fields: Vec<FieldChange>,
        archive: Option<(ArchiveReason, String)>,
    },
    Unchanged,
}

struct Planned {
    row: usize,
    action: Action,
}

/// Who is already known: roster people and pending candidates, by resident number and
/// by name + birth + address.
#[derive(Default)]
struct Known {
    by_number: HashMap<String, Known1>,
    by_key: HashMap<(String, String, String), Known1>,
}

#[derive(Clone, Copy)]
enum Known1 {
    Person { id: i64, archived: bool },
    Candidate,
}

fn identity_key(name: &str, dob: &str, address: &str) -> (String, String, String) {
    (text_key(name), dob.to_string(), text_key(address))
}

fn load_known(conn: &Connection) -> Result<Known> {
    let mut k = Known::default();
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.resident_number, p.name, p.date_of_birth, p.address,
                    p.archived_on IS NOT NULL
             FROM persons p",
        )
        .ctx("reading the roster for matching")?;
    let mut rows = stmt.query([]).ctx("reading the roster for matching")?;
    while let Some(r) = rows.next().ctx("reading the roster for matching")? {
        let id: i64 = r.get(0).ctx("reading the roster for matching")?;
        let number: Option<String> = r.get(1).ctx("reading the roster for matching")?;
        let (name, dob, address): (String, String, String) = (
            r.get(2).ctx("reading the roster for matching")?,
            r.get(3).ctx("reading the roster for matching")?,
            r.get(4).ctx("reading the roster for matching")?,
        );
        let archived: bool = r.get(5).ctx("reading the roster for matching")?;
        let who = Known1::Person { id, archived };
        if let Some(n) = number {
            k.by_number.insert(n, who);
        }
        k.by_key.insert(identity_key(&name, &dob, &address), who);
    }
    for doc in pending_candidate_documents(conn)? {
        if let Ok(p) = Person::from_json(&doc) {
            if let Some(n) = &p.resident_number {
                k.by_number.entry(n.clone()).or_insert(Known1::Candidate);
            }
            k.by_key
                .entry(identity_key(&p.name, &p.date_of_birth, &p.address))
                .or_insert(Known1::Candidate);
        }
    }
    Ok(k)
}

fn pending_candidate_documents(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare(
            "SELECT document FROM candidates WHERE person_id IS NULL AND registered_at IS NULL",
        )
        .ctx("reading candidates")?;
    let rows = stmt.query_map([], |r| r.get(0)).ctx("reading candidates")?;
    rows.collect::<rusqlite::Result<Vec<String>>>()
        .ctx("reading candidates")
}

/// The planning context of one import.
struct Planner<'a> {
    conn: &'a Connection,
    table: &'a Table,
    mapping: &'a Mapping,
    route: RegistrationRoute,
    source: &'a str,
    today: NaiveDate,
    known: Known,
    seen_number: HashMap<String, usize>,
    seen_key: HashMap<(String, String, String), usize>,
    issues: Vec<RowIssue>,
}

impl Planner<'_> {
    fn header(&self, c: Column) -> Option<String> {
        self.mapping
            .by_position
            .iter()
            .position(|x| *x == Some(c))
            .and_then(|i| self.table.headers.get(i).cloned())
    }

    fn reject(
        &mut self,
        row: usize,
        column: Option<Column>,
        value: Option<&str>,
        reason: impl Into<String>,
    ) {
        self.issues.push(RowIssue {
            row,
            column: column.and_then(|c| self.header(c).or_else(|| Some(c.header().to_string()))),
            value: value.map(str::to_string),
            reason: reason.into(),
        });
    }

    fn reject_validation(&mut self, row: usize, e: &ValidationError, cells: &[(Column, String)]) {
        let column = Column::of_person_field(&e.field);
        let value =
            column.and_then(|c| cells.iter().find(|(x, _)| *x == c).map(|(_, v)| v.clone()));
        let reason = if column.is_some() {
            e.reason.clone()
        } else {
            format!("{}: {}", e.field, e.reason)
        };
        self.reject(row, column, value.as_deref(), reason);
    }

    fn plan_row(&mut self, row: &table::Row) -> Result<Option<Action>> {
        let n = row.number;
        let width = self.table.headers.len();
        if row.cells.len() < width || row.cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            self.reject(
                n,
                None,
                None,
                format!(
                    "has {} cells but the header has {width}; a comma or quote is probably missing — fix the row and import again",
                    row.cells.len()
                ),
            );
            return Ok(None);
        }
        // The mapped, non-empty cells: an empty cell means "the file says nothing".
        let cells: Vec<(Column, String)> = self
            .mapping
            .by_position
            .iter()
            .zip(&row.cells)
            .filter_map(|(c, v)| {
                let v = unneutralise(v.trim()).trim();
                c.filter(|_| !v.is_empty()).map(|c| (c, v.to_string()))
            })
            .collect();
        let mut status = None;
        let mut status_on = None;
        let mut p = blank_person();
        for (c, v) in &cells {
            let result = match c {
                Column::Status => parse_status(v).map(|s| status = s),
                Column::StatusDate => parse_date_field("status_date", v)
                    .map(|d| status_on = Some(d))
                    .map_err(|e| e.reason),
                _ => c.set(&mut p, v),
            };
            if let Err(reason) = result {
                self.reject(n, Some(*c), Some(v), reason);
                return Ok(None);
            }
        }
        if status_on.is_some_and(|d| d > self.today) {
            let v = cells
                .iter()
                .find(|(c, _)| *c == Column::StatusDate)
                .map(|(_, v)| v.as_str());
            self.reject(n, Some(Column::StatusDate), v, "is in the future");
            return Ok(None);
        }
        // Identify: by 宛名番号, else by normalised name + date of birth + address.
        let number = p.resident_number.clone().filter(|s| !s.is_empty());
        let dob = wareki_iso(&p.date_of_birth);
        let key = match (&dob, p.name.is_empty(), p.address.trim().is_empty()) {
            (Some(d), false, false) => Some(identity_key(
                &crate::model::validate::normalise_name(&p.name),
                d,
                p.address.trim(),
            )),
            _ => None,
        };
        if let Some(first) = number
            .as_ref()
            .and_then(|k| self.seen_number.get(k))
            .or_else(|| key.as_ref().and_then(|k| self.seen_key.get(k)))
        {
            let first = *first;
            self.reject(
                n,
                None,
                None,
                format!("is the same person as row {first} (a duplicate row); keep one of them"),
            );
            return Ok(None);
        }
        if let Some(k) = &number {
            self.seen_number.insert(k.clone(), n);
        }
        if let Some(k) = &key {
            self.seen_key.insert(k.clone(), n);
        }
        let found = number
            .as_ref()
            .and_then(|k| self.known.by_number.get(k))
            .or_else(|| key.as_ref().and_then(|k| self.known.by_key.get(k)))
            .copied();
        match found {
            Some(Known1::Candidate) => Ok(Some(Action::Unchanged)),
            Some(Known1::Person { id, archived: true }) => {
                if status.is_none() {
                    self.reject(
                        n,
                        None,
                        None,
                        format!("matches person {id}, who is archived; restore them first (`person restore {id}`) to take changes"),
                    );
                    return Ok(None);
                }
                Ok(Some(Action::Unchanged))
            }
            Some(Known1::Person {
                id,
                archived: false,
            }) => self.plan_change(n, id, &cells, status, status_on),
            None => {
                if status.is_some() {
                    let v = cells
                        .iter()
                        .find(|(c, _)| *c == Column::Status)
                        .map(|(_, v)| v.clone());
                    self.reject(
                        n,
                        Some(Column::Status),
                        v.as_deref(),
                        "this person is not on the roster, so there is nobody to archive; check 宛名番号 or remove the row",
                    );
                    return Ok(None);
                }
                p.registration.route = self.route;
                p.registration.date = Some(self.today.to_string());
                p.registration.source = self.source.to_string();
                if let Err(e) = normalise_person(&mut p, self.today) {
                    self.reject_validation(n, &e, &cells);
                    return Ok(None);
                }
                if self.route == RegistrationRoute::SharedInformation {
                    Ok(Some(Action::Candidate(Box::new(p))))
                } else {
                    Ok(Some(Action::Add(Box::new(p))))
                }
            }
        }
    }

    fn plan_change(
        &mut self,
        n: usize,
        id: i64,
        cells: &[(Column, String)],
        status: Option<ArchiveReason>,
        status_on: Option<NaiveDate>,
    ) -> Result<Option<Action>> {
        let before = persons::load(self.conn, id)?;
        let mut after = before.clone();
        for (c, v) in cells {
            if let Err(reason) = c.set(&mut after, v) {
                self.reject(n, Some(*c), Some(v), reason);
                return Ok(None);
            }
        }
        if let Err(e) = normalise_person(&mut after, self.today) {
            self.reject_validation(n, &e, cells);
            return Ok(None);
        }
        let mut fields = Vec::new();
        for (c, cell) in cells.iter().filter(|(c, _)| c.is_field()) {
            let (old, new) = (c.get(&before), c.get(&after));
            if old != new && text_key(&old) != text_key(&new) {
                fields.push(FieldChange {
                    column: c.token().to_string(),
                    old,
                    new,
                    cell: cell.clone(),
                });
            }
        }
        let archive = status.map(|r| (r, status_on.unwrap_or(self.today).to_string()));
        if fields.is_empty() && archive.is_none() {
            return Ok(Some(Action::Unchanged));
        }
        Ok(Some(Action::Change {
            person_id: id,
            fields,
            archive,
        }))
    }
}

fn wareki_iso(s: &str) -> Option<String> {
    crate::model::wareki::parse_date(s)
        .ok()
        .map(|d| d.to_string())
}

/// Reads, maps and plans a whole file.
fn plan(
    conn: &Connection,
    table: &Table,
    mapping: &Mapping,
    options: &ImportOptions,
    today: NaiveDate,
) -> Result<(Vec<Planned>, Vec<RowIssue>)> {
    let mut planner = Planner {
        conn,
        table,
        mapping,
        route: options.route,
        source: options.source.trim(),
        today,
        known: load_known(conn)?,
        seen_number: HashMap::new(),
        seen_key: HashMap::new(),
        issues: Vec::new(),
    };
    let mut planned = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        if let Some(action) = planner.plan_row(row)? {
            planned.push(Planned {
                row: row.number,
                action,
            });
        }
    }
    Ok((planned, planner.issues))
}

fn count(planned: &[Planned], f: fn(&Action) -> bool) -> usize {
    planned.iter().filter(|p| f(&p.action)).count()
}

/// A saved mapping profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingProfile {
    /// Its name.
    pub name: String,
    /// Header → column token (or `ignore`).
    pub columns: BTreeMap<String, String>,
    /// Last saved (RFC 3339).
    pub updated_at: String,
}

fn load_profile(conn: &Connection, name: &str) -> Result<Option<BTreeMap<String, String>>> {
    let text: Option<String> = conn
        .row(
            "SELECT columns FROM import_mappings WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading a mapping")?;
    match text {
        Some(t) => serde_json::from_str(&t)
            .map(Some)
            .map_err(|_| Error::Integrity("a saved mapping is not valid JSON".to_string())),
        None => Ok(None),
    }
}

impl Roster {
    fn mapping_for(&self, table: &Table, options: &ImportOptions) -> Result<Mapping> {
        let mut profile = match &options.mapping {
            Some(name) => load_profile(self.conn(), name)?.ok_or_else(|| {
                Error::invalid(
                    "--mapping",
                    "no saved mapping has this name; list them with `import mapping list`",
                )
            })?,
            None => BTreeMap::new(),
        };
        profile.extend(options.overrides.clone());
        Mapping::resolve(&table.headers, &profile)
    }

    /// Imports `bytes` (a CSV or XLSX file). A dry run plans and reports but writes
    /// nothing; otherwise every accepted row is written in one transaction, with one audit
    /// row (file hash, mapping, counts) and a `person.add` audit row per person added.
    pub fn import(&mut self, bytes: &[u8], options: &ImportOptions) -> Result<ImportReport> {
        let format = options.format.unwrap_or_else(|| Format::sniff(bytes));
        let table = table::read(bytes, format, options.encoding)?;
        let mapping = self.mapping_for(&table, options)?;
        let sha = hex::encode(Sha256::digest(bytes));
        let today = self.clock().today();
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
        let fill = |report: &mut ImportReport, planned: &[Planned], issues: Vec<RowIssue>| {
            report.added = count(planned, |a| matches!(a, Action::Add(_)));
            report.candidates = count(planned, |a| matches!(a, Action::Candidate(_)));
            report.to_review = count(planned, |a| matches!(a, Action::Change { .. }));
            report.unchanged = count(planned, |a| matches!(a, Action::Unchanged));
            report.rejected = issues;
        };
        if options.dry_run {
            let (planned, issues) = plan(self.conn(), &table, &mapping, options, today)?;
            fill(&mut report, &planned, issues);
            return Ok(report);
        }
        let operator = self.operator().to_string();
        self.write(|tx| {
            // Planned inside the write, so nothing can change between plan and apply.
            let (planned, issues) = plan(tx.conn(), &table, &mapping, options, today)?;
            fill(&mut report, &planned, issues);
            let now = tx.stamp();
            tx.conn()
                .exec(
                    "INSERT INTO imports (at, operator, file_sha256, format, encoding, mapping, source,
                                          route, rows_read, added, to_review, candidates, unchanged, rejected)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    params![
                        now,
                        operator,
                        sha,
                        format.token(),
                        table.encoding,
                        options.mapping.clone().unwrap_or_default(),
                        options.source.trim(),
                        options.route.token(),
                        report.read as i64,
                        report.added as i64,
                        report.to_review as i64,
                        report.candidates as i64,
                        report.unchanged as i64,
                        report.rejected.len() as i64
                    ],
                )
                .ctx("recording the import")?;
            let import_id = tx.conn().last_insert_rowid();
            let detail_import = format!("import={import_id}");
            for p in planned {
                match p.action {
                    Action::Add(person) => {
                        let id = persons::insert(tx.conn(), &person, tx.now())?;
                        tx.audit("person.add", "person", Some(id), &detail_import)?;
                    }
                    Action::Candidate(person) => {
                        let doc = serde_json::to_string(&person)
                            .map_err(|_| Error::invalid("candidate", "cannot be stored"))?;
                        tx.conn()
                            .exec(
                                "INSERT INTO candidates (import_id, file_row, document, source, found_on)
                                 VALUES (?1, ?2, ?3, ?4, ?5)",
                                params![import_id, p.row as i64, doc, options.source.trim(), today.to_string()],
                            )
                            .ctx("staging a candidate")?;
                    }
                    Action::Change {
                        person_id,
                        fields,
                        archive,
                    } => {
                        let json = serde_json::to_string(&fields)
                            .map_err(|_| Error::invalid("change", "cannot be stored"))?;
                        let (reason, on) = archive.map_or((None, None), |(r, d)| (Some(r.token()), Some(d)));
                        tx.conn()
                            .exec(
                                "INSERT INTO import_changes (import_id, person_id, file_row, fields,
                                                             archive_reason, archive_on)
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                params![import_id, person_id, p.row as i64, json, reason, on],
                            )
                            .ctx("recording a change to review")?;
                    }
                    Action::Unchanged => {}
                }
            }
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

    /// Saves (or replaces) a named mapping: the headers of `bytes` as recognised, with
    /// `overrides` on top. Returns the saved profile.
    pub fn save_mapping(
        &mut self,
        name: &str,
        bytes: &[u8],
        format: Option<Format>,
        encoding: TextEncoding,
        overrides: &BTreeMap<String, String>,
    ) -> Result<MappingProfile> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid("name", "must be 1 to 100 characters"));
        }
        let format = format.unwrap_or_else(|| Format::sniff(bytes));
        let table = table::read(bytes, format, encoding)?;
        let mapping = Mapping::resolve(&table.headers, overrides)?;
        let columns = mapping.to_profile(&table.headers);
        let json = serde_json::to_string(&columns)
            .map_err(|_| Error::invalid("mapping", "cannot be stored"))?;
        let stamp = self.write(|tx| {
            let now = tx.stamp();
            tx.conn()
                .exec(
                    "INSERT INTO import_mappings (name, columns, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
                     ON CONFLICT (name) DO UPDATE SET columns = excluded.columns, updated_at = excluded.updated_at",
                    params![name, json, now],
                )
                .ctx("saving a mapping")?;
            tx.audit("import.mapping.save", "import_mapping", None, &format!("columns={}", columns.len()))?;
            Ok(now)
        })?;
        Ok(MappingProfile {
            name: name.to_string(),
            columns,
            updated_at: stamp,
        })
    }

    /// The saved mappings, by name.
    pub fn mappings(&self) -> Result<Vec<MappingProfile>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name, columns, updated_at FROM import_mappings ORDER BY name")
            .ctx("reading mappings")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })
            .ctx("reading mappings")?;
        let mut out = Vec::new();
        for row in rows {
            let (name, columns, updated_at) = row.ctx("reading mappings")?;
            out.push(MappingProfile {
                name,
                columns: serde_json::from_str(&columns).unwrap_or_default(),
                updated_at,
            });
        }
        Ok(out)
    }
}
