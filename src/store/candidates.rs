//! The shared-information route's rows: candidates staged by an import (`candidates`)
//! and the criteria rules (`eligibility_rules`).

use rusqlite::{params, Connection, OptionalExtension};

use super::Cached;
use crate::error::{Result, SqlContext};
use crate::priority::Rule;

/// The criteria rules, in their order.
pub(crate) fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    let mut stmt = conn
        .prepare("SELECT rule, enabled, threshold FROM eligibility_rules ORDER BY rowid")
        .ctx("reading the criteria")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Rule {
                rule: r.get(0)?,
                enabled: r.get(1)?,
                threshold: r.get(2)?,
            })
        })
        .ctx("reading the criteria")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the criteria")
}

/// Switches rule `rule` on or off and/or sets its threshold (`None`: as it is).
pub(crate) fn set_rule(
    conn: &Connection,
    rule: &str,
    enabled: Option<bool>,
    threshold: Option<i64>,
) -> Result<()> {
    conn.exec(
        "UPDATE eligibility_rules SET enabled = coalesce(?2, enabled),
                                      threshold = coalesce(?3, threshold)
         WHERE rule = ?1",
        params![rule, enabled, threshold],
    )
    .ctx("changing a rule")?;
    Ok(())
}

/// A staged candidate: the person as the file gave them (JSON), where from and when.
pub(crate) struct Stored {
    pub(crate) id: i64,
    pub(crate) import_id: i64,
    pub(crate) file_row: i64,
    pub(crate) document: String,
    pub(crate) source: String,
    pub(crate) found_on: String,
}

/// Candidates not yet registered, oldest first.
pub(crate) fn waiting(conn: &Connection) -> Result<Vec<Stored>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, import_id, file_row, document, source, found_on FROM candidates
             WHERE person_id IS NULL AND registered_at IS NULL ORDER BY id",
        )
        .ctx("reading candidates")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Stored {
                id: r.get(0)?,
                import_id: r.get(1)?,
                file_row: r.get(2)?,
                document: r.get(3)?,
                source: r.get(4)?,
                found_on: r.get(5)?,
            })
        })
        .ctx("reading candidates")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading candidates")
}

/// The documents of the candidates not yet registered (an import matches against them).
pub(crate) fn waiting_documents(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare(
            "SELECT document FROM candidates WHERE person_id IS NULL AND registered_at IS NULL",
        )
        .ctx("reading candidates")?;
    let rows = stmt.query_map([], |r| r.get(0)).ctx("reading candidates")?;
    rows.collect::<rusqlite::Result<Vec<String>>>()
        .ctx("reading candidates")
}

/// True when candidate `id` exists (registered or not).
pub(crate) fn exists(conn: &Connection, id: i64) -> Result<bool> {
    let found: Option<i64> = conn
        .row("SELECT id FROM candidates WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()
        .ctx("reading a candidate")?;
    Ok(found.is_some())
}

/// Stages a candidate found at file row `row` of import `import_id`.
pub(crate) fn insert(
    conn: &Connection,
    import_id: i64,
    row: usize,
    document: &str,
    source: &str,
    found_on: &str,
) -> Result<()> {
    conn.exec(
        "INSERT INTO candidates (import_id, file_row, document, source, found_on)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![import_id, row as i64, document, source, found_on],
    )
    .ctx("staging a candidate")?;
    Ok(())
}

/// Marks candidate `id` registered as person `person_id`.
pub(crate) fn registered(conn: &Connection, id: i64, person_id: i64, at: &str) -> Result<()> {
    conn.exec(
        "UPDATE candidates SET person_id = ?2, registered_at = ?3 WHERE id = ?1",
        params![id, person_id, at],
    )
    .ctx("registering a candidate")?;
    Ok(())
}
