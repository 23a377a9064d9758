//! Recipients: the bodies lists are given to.

use chrono::NaiveDate;
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
        association: r.get("association_name")?,
        custodian: r.get("custodian")?,
        address: r.get("address")?,
        phone: r.get("phone")?,
    })
}

const SELECT: &str = "SELECT r.*, d.name AS district_name, a.name AS association_name
     FROM recipients r
     LEFT JOIN districts d ON d.id = r.district_id
     LEFT JOIN associations a ON a.id = r.association_id";

/// The district and 自治会 ids of the area `r` serves. The district is created on first
/// use (as for persons); the 自治会 must already be one of that district's, because a
/// recipient bound to a misspelt association would silently serve nobody.
fn area(conn: &Connection, r: &Recipient) -> Result<(Option<i64>, Option<i64>)> {
    let places = places::resolve(conn, r.district.as_deref(), None, None)?;
    let Some(name) = r.association.as_deref() else {
        return Ok((places.district, None));
    };
    let Some(district) = places.district else {
        return Err(Error::invalid(
            "association",
            "a 自治会 is within a district: give the district too",
        ));
    };
    match places::association_id(conn, district, name)? {
        Some(id) => Ok((Some(district), Some(id))),
        None => {
            let known = places::association_names(conn, district)?;
            Err(Error::invalid(
                "association",
                if known.is_empty() {
                    "this district has no 自治会 on the roster yet; add its people first, or leave the 自治会 empty".to_string()
                } else {
                    format!(
                        "no 自治会 of that name in this district (its 自治会: {})",
                        known.join("、")
                    )
                },
            ))
        }
    }
}

fn check(r: &Recipient) -> Result<()> {
    if r.name.trim().is_empty() {
        return Err(Error::invalid("name", "must not be empty"));
    }
    Ok(())
}

/// Inserts a recipient; returns its id.
pub(crate) fn insert(conn: &Connection, r: &Recipient, now: &str) -> Result<i64> {
    check(r)?;
    let (district, association) = area(conn, r)?;
    conn.exec(
        "INSERT INTO recipients (kind, name, district_id, association_id, custodian, address, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.kind.token(),
            r.name.trim(),
            district,
            association,
            r.custodian.trim(),
            r.address.trim(),
            r.phone.trim(),
            now
        ],
    )
    .ctx("adding a recipient")?;
    Ok(conn.last_insert_rowid())
}

/// Replaces the details of active recipient `id` with `r`; returns the names of the
/// fields that changed. The kind cannot change: consent answers were given for it.
pub(crate) fn update(conn: &Connection, id: i64, r: &Recipient) -> Result<Vec<&'static str>> {
    check(r)?;
    let before = load_active(conn, id)?;
    if before.kind != r.kind {
        return Err(Error::invalid(
            "kind",
            "cannot change: the consent answers on file were given for this kind of recipient; add a new recipient instead",
        ));
    }
    let (district, association) = area(conn, r)?;
    let trimmed = |s: &str| s.trim().to_string();
    let changed: Vec<&'static str> = [
        ("name", before.name != trimmed(&r.name)),
        ("district", before.district != r.district),
        ("association", before.association != r.association),
        ("custodian", before.custodian != trimmed(&r.custodian)),
        ("address", before.address != trimmed(&r.address)),
        ("phone", before.phone != trimmed(&r.phone)),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect();
    conn.exec(
        "UPDATE recipients SET name = ?2, district_id = ?3, association_id = ?4, custodian = ?5,
                               address = ?6, phone = ?7
         WHERE id = ?1",
        params![
            id,
            r.name.trim(),
            district,
            association,
            r.custodian.trim(),
            r.address.trim(),
            r.phone.trim()
        ],
    )
    .ctx("changing a recipient")?;
    Ok(changed)
}

/// Retires active recipient `id` on `on` (it leaves the lists of recipients and nothing
/// more can be printed for it). Refused while copies it holds are still out: they must be
/// recorded returned, destroyed or lost first, or nobody would chase them.
pub(crate) fn retire(conn: &Connection, id: i64, on: NaiveDate) -> Result<()> {
    load_active(conn, id)?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT serial FROM issuances WHERE recipient_id = ?1 AND status = 'issued' ORDER BY serial",
        )
        .ctx("reading a recipient's copies")?;
    let out = stmt
        .query_map([id], |r| r.get::<_, String>(0))
        .ctx("reading a recipient's copies")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading a recipient's copies")?;
    if !out.is_empty() {
        return Err(Error::invalid(
            "recipient",
            format!(
                "copies are still out with this recipient ({}); record each returned, destroyed or lost first",
                out.join(", ")
            ),
        ));
    }
    conn.exec(
        "UPDATE recipients SET retired_on = ?2 WHERE id = ?1",
        params![id, on.to_string()],
    )
    .ctx("retiring a recipient")?;
    Ok(())
}

/// Loads recipient `id`, refusing one that has been retired (nothing is given to it any
/// more).
pub(crate) fn load_active(conn: &Connection, id: i64) -> Result<Recipient> {
    let (recipient, retired) = conn
        .row(&format!("{SELECT} WHERE r.id = ?1"), [id], |r| {
            Ok((from_row(r)?, r.get::<_, Option<String>>("retired_on")?))
        })
        .optional()
        .ctx("loading a recipient")?
        .ok_or(Error::NotFound {
            what: "recipient",
            id,
        })?;
    match retired {
        Some(on) => Err(Error::invalid(
            "recipient",
            format!("recipient {id} was retired on {on}; nothing more is given to it"),
        )),
        None => Ok(recipient),
    }
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

/// Recipient `recipient_id`'s custodian now (`None`: no such recipient).
pub(crate) fn custodian_now(conn: &Connection, recipient_id: i64) -> Result<Option<String>> {
    conn.row(
        "SELECT custodian FROM recipients WHERE id = ?1",
        [recipient_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading custodians")
}
