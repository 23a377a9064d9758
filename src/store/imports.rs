//! What imports read and leave in the roster: who is on the roster to match rows against,
//! the record of each import (`imports`), the changes it found for people already on the
//! roster (`import_changes`, waiting for review), and the saved column mappings
//! (`import_mappings`).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Cached;
use crate::error::{Error, Result, SqlContext};
use crate::model::ArchiveReason;

/// Who is on the roster, as an import matches rows against it.
pub(crate) struct Identity {
    pub(crate) id: i64,
    pub(crate) resident_number: Option<String>,
    pub(crate) name: String,
    pub(crate) date_of_birth: String,
    pub(crate) address: String,
    pub(crate) archived: bool,
}

/// Everyone on the roster (archived too), as an import matches rows against them, handed
/// to `each` one at a time (a city's roster is never gathered into one list here).
pub(crate) fn each_identity(conn: &Connection, mut each: impl FnMut(Identity)) -> Result<()> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.resident_number, p.name, p.date_of_birth, p.address,
                    p.archived_on IS NOT NULL
             FROM persons p",
        )
        .ctx("reading the roster for matching")?;
    let mut rows = stmt.query([]).ctx("reading the roster for matching")?;
    while let Some(r) = rows.next().ctx("reading the roster for matching")? {
        each(Identity {
            id: r.get(0).ctx("reading the roster for matching")?,
            resident_number: r.get(1).ctx("reading the roster for matching")?,
            name: r.get(2).ctx("reading the roster for matching")?,
            date_of_birth: r.get(3).ctx("reading the roster for matching")?,
            address: r.get(4).ctx("reading the roster for matching")?,
            archived: r.get(5).ctx("reading the roster for matching")?,
        });
    }
    Ok(())
}

/// The record of one import, as stored.
pub(crate) struct ImportRow<'a> {
    pub(crate) at: &'a str,
    pub(crate) operator: &'a str,
    pub(crate) file_sha256: &'a str,
    pub(crate) format: &'a str,
    pub(crate) encoding: &'a str,
    pub(crate) mapping: &'a str,
    pub(crate) source: &'a str,
    pub(crate) route: &'a str,
    pub(crate) rows_read: usize,
    pub(crate) added: usize,
    pub(crate) to_review: usize,
    pub(crate) candidates: usize,
    pub(crate) unchanged: usize,
    pub(crate) rejected: usize,
}

/// Records an import; its id.
pub(crate) fn insert(conn: &Connection, i: &ImportRow<'_>) -> Result<i64> {
    conn.exec(
        "INSERT INTO imports (at, operator, file_sha256, format, encoding, mapping, source,
                              route, rows_read, added, to_review, candidates, unchanged, rejected)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            i.at,
            i.operator,
            i.file_sha256,
            i.format,
            i.encoding,
            i.mapping,
            i.source,
            i.route,
            i.rows_read as i64,
            i.added as i64,
            i.to_review as i64,
            i.candidates as i64,
            i.unchanged as i64,
            i.rejected as i64
        ],
    )
    .ctx("recording the import")?;
    Ok(conn.last_insert_rowid())
}

/// Records the final counts of import `id`, recorded with zeros before its rows were
/// written (each row is written as it is planned, so the counts are known only at the end;
/// both happen in the same transaction).
pub(crate) fn set_counts(conn: &Connection, id: i64, i: &ImportRow<'_>) -> Result<()> {
    conn.exec(
        "UPDATE imports SET rows_read = ?2, added = ?3, to_review = ?4, candidates = ?5,
                            unchanged = ?6, rejected = ?7
         WHERE id = ?1",
        params![
            id,
            i.rows_read as i64,
            i.added as i64,
            i.to_review as i64,
            i.candidates as i64,
            i.unchanged as i64,
            i.rejected as i64
        ],
    )
    .ctx("recording the import's counts")?;
    Ok(())
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

/// Keeps a change an import found for person `person_id` (file row `row`) for review.
pub(crate) fn insert_change(
    conn: &Connection,
    import_id: i64,
    person_id: i64,
    row: usize,
    fields: &[FieldChange],
    archive: Option<(ArchiveReason, String)>,
) -> Result<()> {
    let json =
        serde_json::to_string(fields).map_err(|_| Error::invalid("change", "cannot be stored"))?;
    let (reason, on) = archive.map_or((None, None), |(r, d)| (Some(r.token()), Some(d)));
    conn.exec(
        "INSERT INTO import_changes (import_id, person_id, file_row, fields,
                                     archive_reason, archive_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![import_id, person_id, row as i64, json, reason, on],
    )
    .ctx("recording a change to review")?;
    Ok(())
}

/// One change waiting for (or given) a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    /// The change's id.
    pub id: i64,
    /// The import that found it.
    pub import_id: i64,
    /// The row in that file.
    pub file_row: i64,
    /// The person.
    pub person_id: i64,
    /// Their name (the officers' own list).
    pub name: String,
    /// Field changes, old → new.
    pub fields: Vec<FieldChange>,
    /// 死亡 / 転出 / 施設入所, if the file says so.
    pub archive_reason: Option<ArchiveReason>,
    /// The date it happened.
    pub archive_on: Option<String>,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
}

const SELECT: &str = "SELECT c.id, c.import_id, c.file_row, c.person_id, p.name, c.fields,
                             c.archive_reason, c.archive_on, c.status
                      FROM import_changes c JOIN persons p ON p.id = c.person_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewItem> {
    let fields: String = r.get(5)?;
    let reason: Option<String> = r.get(6)?;
    Ok(ReviewItem {
        id: r.get(0)?,
        import_id: r.get(1)?,
        file_row: r.get(2)?,
        person_id: r.get(3)?,
        name: r.get(4)?,
        fields: serde_json::from_str(&fields).unwrap_or_default(),
        archive_reason: reason.as_deref().and_then(ArchiveReason::from_token),
        archive_on: r.get(7)?,
        status: r.get(8)?,
    })
}

/// Changes waiting for a decision, oldest first.
pub(crate) fn pending_changes(conn: &Connection) -> Result<Vec<ReviewItem>> {
    let mut stmt = conn
        .prepare(&format!(
            "{SELECT} WHERE c.status = 'pending' ORDER BY c.id"
        ))
        .ctx("reading changes to review")?;
    let rows = stmt
        .query_map([], from_row)
        .ctx("reading changes to review")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading changes to review")
}

/// Change `id`.
pub(crate) fn change(conn: &Connection, id: i64) -> Result<ReviewItem> {
    conn.row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
        .optional()
        .ctx("reading a change")?
        .ok_or(Error::NotFound { what: "change", id })
}

/// Records the decision on change `id` (`accepted` or `rejected`).
pub(crate) fn decide(conn: &Connection, id: i64, status: &str, at: &str, by: &str) -> Result<()> {
    conn.exec(
        "UPDATE import_changes SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE id = ?1",
        params![id, status, at, by],
    )
    .ctx("recording a decision")?;
    Ok(())
}

/// The saved mapping `name` (header → column token, as JSON), if any.
pub(crate) fn mapping(conn: &Connection, name: &str) -> Result<Option<String>> {
    conn.row(
        "SELECT columns FROM import_mappings WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading a mapping")
}

/// Saves (or replaces) mapping `name`.
pub(crate) fn save_mapping(conn: &Connection, name: &str, columns: &str, now: &str) -> Result<()> {
    conn.exec(
        "INSERT INTO import_mappings (name, columns, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (name) DO UPDATE SET columns = excluded.columns, updated_at = excluded.updated_at",
        params![name, columns, now],
    )
    .ctx("saving a mapping")?;
    Ok(())
}

/// Every saved mapping as (name, columns JSON, updated at), by name.
pub(crate) fn mappings(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn
        .prepare("SELECT name, columns, updated_at FROM import_mappings ORDER BY name")
        .ctx("reading mappings")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .ctx("reading mappings")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading mappings")
}
