//! The plan forms handed out (`commission_forms`), the secret their keys are made with
//! (`form_secret`), and the forms read back (`commission_form_reads`), each read that found
//! changes recorded as an import of one row with its change to review (`imports`,
//! `import_changes`), so that the officer accepts or rejects it like an import's.

use rusqlite::{params, Connection, OptionalExtension};
use zeroize::Zeroizing;

use super::imports::{self, FieldChange, ImportRow};
use super::Cached;
use crate::error::{Error, Result, SqlContext};

/// The length of the form secret, in bytes (HMAC-SHA256's own output length).
pub(crate) const SECRET_LEN: usize = 32;

/// The roster's form secret, if a form was ever handed out.
pub(crate) fn secret(conn: &Connection) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let found: Option<Vec<u8>> = conn
        .row("SELECT secret FROM form_secret WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .ctx("reading the form secret")?;
    match found {
        Some(s) if s.len() == SECRET_LEN => Ok(Some(Zeroizing::new(s))),
        Some(_) => Err(Error::Integrity(
            "the form secret is not 32 bytes long".to_string(),
        )),
        None => Ok(None),
    }
}

/// Keeps `secret` as the roster's form secret (there is none yet).
pub(crate) fn put_secret(conn: &Connection, secret: &[u8], now: &str) -> Result<()> {
    conn.exec(
        "INSERT INTO form_secret (id, secret, created_at) VALUES (1, ?1, ?2)",
        params![secret, now],
    )
    .ctx("keeping the form secret")?;
    Ok(())
}

/// A form about to be handed out.
pub(crate) struct NewForm<'a> {
    pub(crate) person_id: i64,
    pub(crate) commission_id: Option<i64>,
    /// What it is filled in with (JSON `[[token, value], …]`).
    pub(crate) fields: &'a str,
    pub(crate) issued_at: &'a str,
    pub(crate) issued_by: &'a str,
}

/// Records a form; its serial.
pub(crate) fn insert(conn: &Connection, f: &NewForm<'_>) -> Result<i64> {
    conn.exec(
        "INSERT INTO commission_forms (person_id, commission_id, fields, issued_at, issued_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            f.person_id,
            f.commission_id,
            f.fields,
            f.issued_at,
            f.issued_by
        ],
    )
    .ctx("recording a plan form")?;
    Ok(conn.last_insert_rowid())
}

/// A form as it was handed out.
#[derive(Debug, Clone)]
pub(crate) struct FormRow {
    pub(crate) person_id: i64,
    pub(crate) commission_id: Option<i64>,
    /// JSON `[[token, value], …]`.
    pub(crate) fields: String,
}

/// Form `id`, if this roster handed it out (and its person was not purged since).
pub(crate) fn load(conn: &Connection, id: i64) -> Result<Option<FormRow>> {
    conn.row(
        "SELECT person_id, commission_id, fields FROM commission_forms WHERE id = ?1",
        [id],
        |r| {
            Ok(FormRow {
                person_id: r.get(0)?,
                commission_id: r.get(1)?,
                fields: r.get(2)?,
            })
        },
    )
    .optional()
    .ctx("reading a plan form")
}

/// The change to review an earlier read of form `form_id` made, while it waits for a
/// decision.
pub(crate) fn pending_change(conn: &Connection, form_id: i64) -> Result<Option<i64>> {
    conn.row(
        "SELECT c.id FROM commission_form_reads f
         JOIN import_changes c ON c.id = f.change_id
         WHERE f.form_id = ?1 AND c.status = 'pending'
         ORDER BY c.id LIMIT 1",
        [form_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading a plan form's changes")
}

/// A form read back.
pub(crate) struct FormRead<'a> {
    pub(crate) form_id: i64,
    pub(crate) person_id: i64,
    pub(crate) file_sha256: &'a str,
    /// The person's registration route (the `imports` row needs one; no one is added).
    pub(crate) route: &'a str,
    pub(crate) changes: &'a [FieldChange],
    pub(crate) read_at: &'a str,
    pub(crate) read_by: &'a str,
}

/// Records the read of a form; when it found changes, they are kept for review as an
/// import of one row (mapping `commission-form`, source `様式 N`). Returns the change's
/// id, if one was made.
pub(crate) fn record_read(conn: &Connection, r: &FormRead<'_>) -> Result<Option<i64>> {
    let mut import_id = None;
    let mut change_id = None;
    if !r.changes.is_empty() {
        let source = format!("個別避難計画の様式 {}", r.form_id);
        let id = imports::insert(
            conn,
            &ImportRow {
                at: r.read_at,
                operator: r.read_by,
                file_sha256: r.file_sha256,
                format: "xlsx",
                encoding: "xlsx",
                mapping: "commission-form",
                source: &source,
                route: r.route,
                rows_read: 1,
                added: 0,
                to_review: 1,
                candidates: 0,
                unchanged: 0,
                rejected: 0,
            },
        )?;
        imports::insert_change(conn, id, r.person_id, 1, r.changes, None)?;
        import_id = Some(id);
        change_id = Some(conn.last_insert_rowid());
    }
    conn.exec(
        "INSERT INTO commission_form_reads (form_id, import_id, change_id, file_sha256, changes,
                                            read_at, read_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.form_id,
            import_id,
            change_id,
            r.file_sha256,
            r.changes.len() as i64,
            r.read_at,
            r.read_by
        ],
    )
    .ctx("recording a plan form's read")?;
    Ok(change_id)
}
