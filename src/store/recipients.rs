//! Recipients: the bodies lists are given to.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::places;
use super::Cached;
use crate::error::{Error, Result, SqlContext};
use crate::model::{Recipient, RecipientKind};

fn from_row(r: &Row<'_>) -> rusqlite::Result<Recipient> {
    let kind: String = r.get("kind")?;
    Ok(Recipient {
        id: Some(r.get("id")?),
        kind: RecipientKind::from_token(&kind).unwrap_or(RecipientKind::Other),
        name: r.get("name")?,
        district: r.get("district_name")?,
        custodian: r.get("custodian")?,
        address: r.get("address")?,
        phone: r.get("phone")?,
    })
}

const SELECT: &str =
    "SELECT r.*, d.name AS district_name FROM recipients r LEFT JOIN districts d ON d.id = r.district_id";

/// Inserts a recipient; returns its id.
pub(crate) fn insert(conn: &Connection, r: &Recipient, now: &str) -> Result<i64> {
    if r.name.trim().is_empty() {
        return Err(Error::invalid("name", "must not be empty"));
    }
    let places = places::resolve(conn, r.district.as_deref(), None, None)?;
    conn.exec(
        "INSERT INTO recipients (kind, name, district_id, custodian, address, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.kind.token(),
            r.name.trim(),
            places.district,
            r.custodian.trim(),
            r.address.trim(),
            r.phone.trim(),
            now
        ],
    )
    .ctx("adding a recipient")?;
    Ok(conn.last_insert_rowid())
}

/// Loads recipient `id`.
pub fn load(conn: &Connection, id: i64) -> Result<Recipient> {
    conn.row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
        .optional()
        .ctx("loading a recipient")?
        .ok_or(Error::NotFound {
            what: "recipient",
            id,
        })
}

/// Active recipients, by kind then name.
pub fn list(conn: &Connection) -> Result<Vec<Recipient>> {
    let mut stmt = conn
        .prepare(&format!(
            "{SELECT} WHERE r.retired_on IS NULL ORDER BY r.kind, r.name, r.id"
        ))
        .ctx("listing recipients")?;
    let rows = stmt.query_map([], from_row).ctx("listing recipients")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing recipients")
}
