//! The consent ledger: answers are appended, never updated or deleted.

use rusqlite::{params, Connection, Row};

use super::Cached;
use crate::error::{Error, Result, SqlContext};
use crate::model::validate::parse_date_field;
use crate::model::*;

fn from_row(r: &Row<'_>) -> rusqlite::Result<ConsentRecord> {
    let purpose: String = r.get("purpose")?;
    let kind: String = r.get("recipient_kind")?;
    let answer: String = r.get("answer")?;
    let basis: Option<String> = r.get("basis")?;
    let bad =
        |c: &str| rusqlite::Error::InvalidColumnType(0, c.to_string(), rusqlite::types::Type::Text);
    Ok(ConsentRecord {
        id: Some(r.get("id")?),
        person_id: r.get("person_id")?,
        purpose: ConsentPurpose::from_token(&purpose).ok_or_else(|| bad("purpose"))?,
        recipient_kind: RecipientKind::from_token(&kind).ok_or_else(|| bad("recipient_kind"))?,
        recipient_id: r.get("recipient_id")?,
        answer: ConsentAnswer::from_token(&answer).ok_or_else(|| bad("answer"))?,
        basis: basis.as_deref().and_then(ConsentBasis::from_token),
        proxy_name: r.get("proxy_name")?,
        proxy_relationship: r.get("proxy_relationship")?,
        obtained_on: r.get("obtained_on")?,
        obtained_by: r.get("obtained_by")?,
        evidence_ref: r.get("evidence_ref")?,
        expires_on: r.get("expires_on")?,
        recorded_at: Some(r.get("recorded_at")?),
        recorded_by: Some(r.get("recorded_by")?),
    })
}

/// Checks and normalises a consent answer before it is recorded.
pub(crate) fn normalise(c: &mut ConsentRecord) -> Result<()> {
    c.obtained_on = parse_date_field("obtained_on", &c.obtained_on)?.to_string();
    if let Some(e) = &mut c.expires_on {
        let expires = parse_date_field("expires_on", e)?;
        if expires.to_string() < c.obtained_on {
            return Err(Error::invalid(
                "expires_on",
                "is before the date the answer was obtained",
            ));
        }
        *e = expires.to_string();
    }
    c.proxy_name = c.proxy_name.trim().to_string();
    c.proxy_relationship = c.proxy_relationship.trim().to_string();
    match c.answer {
        ConsentAnswer::Proxy if c.proxy_name.is_empty() => {
            return Err(Error::invalid(
                "proxy",
                "a proxy answer needs the proxy's name",
            ));
        }
        ConsentAnswer::Proxy if c.proxy_relationship.is_empty() => {
            return Err(Error::invalid(
                "relationship",
                "a proxy answer needs the proxy's relationship (続柄)",
            ));
        }
        ConsentAnswer::Proxy => {}
        _ if !c.proxy_name.is_empty() => {
            return Err(Error::invalid(
                "proxy",
                "only a `proxy` answer names a proxy",
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Appends a normalised answer; returns its id.
pub(crate) fn insert(
    conn: &Connection,
    c: &ConsentRecord,
    now: &str,
    operator: &str,
) -> Result<i64> {
    super::persons::ensure_exists(conn, c.person_id)?;
    if let Some(rid) = c.recipient_id {
        super::recipients::load(conn, rid)?;
    }
    write_row(conn, c, now, operator)
}

/// Writes a normalised consent row whose person and recipient are known to exist (bulk
/// work that made them in this transaction: the demo roster); the foreign keys still hold.
pub(crate) fn write_row(
    conn: &Connection,
    c: &ConsentRecord,
    now: &str,
    operator: &str,
) -> Result<i64> {
    conn.exec(
        "INSERT INTO consents (person_id, purpose, recipient_kind, recipient_id, answer, basis, proxy_name,
                               proxy_relationship, obtained_on, obtained_by, evidence_ref, expires_on,
                               recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            c.person_id,
            c.purpose.token(),
            c.recipient_kind.token(),
            c.recipient_id,
            c.answer.token(),
            c.basis.map(ConsentBasis::token),
            c.proxy_name,
            c.proxy_relationship,
            c.obtained_on,
            c.obtained_by,
            c.evidence_ref,
            c.expires_on,
            now,
            operator
        ],
    )
    .ctx("recording a consent answer")?;
    Ok(conn.last_insert_rowid())
}

/// The full history for one person, oldest first.
pub fn history(conn: &Connection, person_id: i64) -> Result<Vec<ConsentRecord>> {
    super::persons::ensure_exists(conn, person_id)?;
    let mut stmt = conn
        .prepare_cached("SELECT * FROM consents WHERE person_id = ?1 ORDER BY obtained_on, id")
        .ctx("reading consent history")?;
    let rows = stmt
        .query_map([person_id], from_row)
        .ctx("reading consent history")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading consent history")
}
