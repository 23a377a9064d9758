//! Care offices (事業所) and their specialists. An office is a recipient of kind
//! `care-office` with a row of its own.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{recipients, Cached};
use crate::error::{Error, Result, SqlContext};
use crate::model::commission::{Office, OfficeKind, Qualification, Specialist};
use crate::model::{Recipient, RecipientKind};

const SELECT: &str =
    "SELECT r.id, r.name, r.custodian, r.address, r.phone, d.name AS district_name,
            o.office_kind, o.office_number, o.fax,
            (SELECT count(*) FROM commissions c WHERE c.office_id = r.id
               AND (c.status = 'requested' OR c.status = 'accepted' OR c.status = 'visited'
                    OR c.status = 'submitted' OR c.status = 'returned')) AS under_way
     FROM care_offices o
     JOIN recipients r ON r.id = o.recipient_id
     LEFT JOIN districts d ON d.id = r.district_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Office> {
    let kind: String = r.get("office_kind")?;
    Ok(Office {
        id: Some(r.get("id")?),
        kind: OfficeKind::from_token(&kind).unwrap_or(OfficeKind::Other),
        name: r.get("name")?,
        office_number: r.get("office_number")?,
        district: r.get("district_name")?,
        custodian: r.get("custodian")?,
        address: r.get("address")?,
        phone: r.get("phone")?,
        fax: r.get("fax")?,
        specialists: Vec::new(),
        under_way: r.get("under_way")?,
    })
}

/// Adds office `o` with its specialists; returns its id (a recipient id).
pub(crate) fn insert(conn: &Connection, o: &Office, now: &str) -> Result<i64> {
    if o.name.trim().is_empty() {
        return Err(Error::invalid("name", "is empty: give the office's name"));
    }
    let recipient = Recipient {
        id: None,
        kind: RecipientKind::CareOffice,
        name: o.name.trim().to_string(),
        district: o.district.clone(),
        association: None,
        custodian: o.custodian.trim().to_string(),
        address: o.address.trim().to_string(),
        phone: o.phone.trim().to_string(),
    };
    let id = recipients::insert(conn, &recipient, now)?;
    conn.exec(
        "INSERT INTO care_offices (recipient_id, office_kind, office_number, fax) VALUES (?1, ?2, ?3, ?4)",
        params![id, o.kind.token(), o.office_number.trim(), o.fax.trim()],
    )
    .ctx("adding a care office")?;
    for s in &o.specialists {
        insert_specialist(conn, id, s, now)?;
    }
    Ok(id)
}

/// Adds specialist `s` to office `office_id`; returns their id.
pub(crate) fn insert_specialist(
    conn: &Connection,
    office_id: i64,
    s: &Specialist,
    now: &str,
) -> Result<i64> {
    if s.name.trim().is_empty() {
        return Err(Error::invalid(
            "specialists.name",
            "is empty: give each specialist's name",
        ));
    }
    conn.exec(
        "INSERT INTO specialists (office_id, name, qualification, phone, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![office_id, s.name.trim(), s.qualification.token(), s.phone.trim(), now],
    )
    .ctx("adding a specialist")?;
    Ok(conn.last_insert_rowid())
}

fn specialists_of(conn: &Connection, office_id: i64) -> Result<Vec<Specialist>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, name, qualification, phone FROM specialists
             WHERE office_id = ?1 AND retired_on IS NULL ORDER BY id",
        )
        .ctx("reading specialists")?;
    let rows = stmt
        .query_map([office_id], |r| {
            let q: String = r.get(2)?;
            Ok(Specialist {
                id: Some(r.get(0)?),
                name: r.get(1)?,
                qualification: Qualification::from_token(&q).unwrap_or(Qualification::Other),
                phone: r.get(3)?,
            })
        })
        .ctx("reading specialists")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading specialists")
}

/// Office `id` with its specialists; an error when it is no office, or retired.
pub(crate) fn load_active(conn: &Connection, id: i64) -> Result<Office> {
    recipients::load_active(conn, id)?;
    let mut o = conn
        .row(&format!("{SELECT} WHERE r.id = ?1"), [id], from_row)
        .optional()
        .ctx("loading an office")?
        .ok_or(Error::NotFound { what: "office", id })?;
    o.specialists = specialists_of(conn, id)?;
    Ok(o)
}

/// Active offices with their specialists, by name.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Office>> {
    let mut stmt = conn
        .prepare(&format!(
            "{SELECT} WHERE r.retired_on IS NULL ORDER BY r.name, r.id"
        ))
        .ctx("listing offices")?;
    let mut out: Vec<Office> = stmt
        .query_map([], from_row)
        .ctx("listing offices")?
        .collect::<rusqlite::Result<_>>()
        .ctx("listing offices")?;
    for o in &mut out {
        o.specialists = specialists_of(conn, o.id.unwrap_or_default())?;
    }
    Ok(out)
}

/// The specialist `id` of office `office_id`, refusing another office's or a retired one.
pub(crate) fn specialist_of(conn: &Connection, office_id: i64, id: i64) -> Result<Specialist> {
    let o = specialists_of(conn, office_id)?;
    o.into_iter().find(|s| s.id == Some(id)).ok_or_else(|| {
        Error::invalid(
            "specialist",
            format!(
                "specialist {id} does not work at office {office_id} (see `yorisoi office list`)"
            ),
        )
    })
}
