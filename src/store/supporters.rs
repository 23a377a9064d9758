//! Supporters and their assignment to persons.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::places;
use super::Cached;
use crate::clock::{jst_date, stamp};
use crate::error::{Error, Result, SqlContext};
use crate::model::validate::parse_date_field;
use crate::model::{
    Supporter, SupporterConsent, SupporterConsentAnswer, SupporterConsentPurpose, SupporterKind,
};

fn from_row(r: &Row<'_>) -> rusqlite::Result<Supporter> {
    let kind: String = r.get("kind")?;
    Ok(Supporter {
        id: Some(r.get("id")?),
        kind: SupporterKind::from_token(&kind).unwrap_or(SupporterKind::Individual),
        name: r.get("name")?,
        furigana: r.get("furigana")?,
        address: r.get("address")?,
        phone: r.get("phone")?,
        district: r.get("district_name")?,
        available_day: r.get("available_day")?,
        available_night: r.get("available_night")?,
        note: r.get("note")?,
        load: r.get("load")?,
    })
}

const SELECT: &str = "SELECT s.*, d.name AS district_name,
        (SELECT count(*) FROM assignments a JOIN persons p ON p.id = a.person_id
         WHERE a.supporter_id = s.id AND p.archived_on IS NULL) AS load
     FROM supporters s LEFT JOIN districts d ON d.id = s.district_id";

/// Inserts a supporter; returns its id.
pub(crate) fn insert(conn: &Connection, s: &Supporter, now: &str) -> Result<i64> {
    if s.name.trim().is_empty() {
        return Err(Error::invalid("name", "must not be empty"));
    }
    let places = places::resolve(conn, s.district.as_deref(), None, None)?;
    conn.exec(
        "INSERT INTO supporters (kind, name, furigana, address, phone, district_id, available_day,
                                 available_night, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            s.kind.token(),
            s.name.trim(),
            s.furigana.trim(),
            s.address.trim(),
            s.phone.trim(),
            places.district,
            s.available_day,
            s.available_night,
            s.note,
            now
        ],
    )
    .ctx("adding a supporter")?;
    Ok(conn.last_insert_rowid())
}

/// Loads supporter `id`.
pub fn load(conn: &Connection, id: i64) -> Result<Supporter> {
    conn.row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()
        .ctx("loading a supporter")?
        .ok_or(Error::NotFound {
            what: "supporter",
            id,
        })
}

/// All supporters, by furigana.
pub fn list(conn: &Connection) -> Result<Vec<Supporter>> {
    let mut stmt = conn
        .prepare(&format!("{SELECT} ORDER BY s.furigana, s.id"))
        .ctx("listing supporters")?;
    let rows = stmt.query_map([], from_row).ctx("listing supporters")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing supporters")
}

/// Appends supporter to person's list (position = last + 1); returns the position.
pub(crate) fn assign(
    conn: &Connection,
    person_id: i64,
    supporter_id: i64,
    role: &str,
    now: &str,
) -> Result<u32> {
    super::persons::ensure_exists(conn, person_id)?;
    load(conn, supporter_id)?;
    let already: Option<i64> = conn
        .row(
            "SELECT position FROM assignments WHERE person_id = ?1 AND supporter_id = ?2",
            params![person_id, supporter_id],
            |r| r.get(0),
        )
        .optional()
        .ctx("checking an assignment")?;
    if already.is_some() {
        return Err(Error::invalid(
            "supporter_id",
            "this supporter is already assigned to this person",
        ));
    }
    let position: u32 = conn
        .row(
            "SELECT coalesce(max(position), 0) + 1 FROM assignments WHERE person_id = ?1",
            [person_id],
            |r| r.get(0),
        )
        .ctx("numbering an assignment")?;
    write_assignment(conn, person_id, supporter_id, position, role, now)?;
    Ok(position)
}

/// Writes assignment number `position` of a person added in this same transaction, for
/// bulk work that knows both ids exist and the supporters are distinct (the demo roster):
/// the checks of [`assign`] are the foreign keys' and the primary key's alone.
pub(crate) fn write_assignment(
    conn: &Connection,
    person_id: i64,
    supporter_id: i64,
    position: u32,
    role: &str,
    now: &str,
) -> Result<()> {
    conn.exec(
        "INSERT INTO assignments (person_id, supporter_id, position, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![person_id, supporter_id, position, role, now],
    )
    .ctx("assigning a supporter")?;
    Ok(())
}

/// Removes supporter from person's list and closes the gap in the order.
pub(crate) fn unassign(conn: &Connection, person_id: i64, supporter_id: i64) -> Result<()> {
    let position: Option<i64> = conn
        .row(
            "SELECT position FROM assignments WHERE person_id = ?1 AND supporter_id = ?2",
            params![person_id, supporter_id],
            |r| r.get(0),
        )
        .optional()
        .ctx("finding an assignment")?;
    let Some(position) = position else {
        return Err(Error::NotFound {
            what: "assignment of supporter",
            id: supporter_id,
        });
    };
    conn.exec(
        "DELETE FROM assignments WHERE person_id = ?1 AND supporter_id = ?2",
        params![person_id, supporter_id],
    )
    .ctx("removing an assignment")?;
    // Two steps through negative positions so UNIQUE (person_id, position) never collides.
    conn.exec(
        "UPDATE assignments SET position = -(position - 1) WHERE person_id = ?1 AND position > ?2",
        params![person_id, position],
    )
    .ctx("renumbering assignments")?;
    conn.exec(
        "UPDATE assignments SET position = -position WHERE person_id = ?1 AND position < 0",
        [person_id],
    )
    .ctx("renumbering assignments")?;
    Ok(())
}

/// Appends a supporter's answer (rows are never changed); returns its id.
pub(crate) fn insert_consent(
    conn: &Connection,
    c: &SupporterConsent,
    now: DateTime<Utc>,
    operator: &str,
) -> Result<i64> {
    load(conn, c.supporter_id)?;
    if let Some(person) = c.person_id {
        super::persons::ensure_exists(conn, person)?;
    }
    let obtained = parse_date_field("obtained_on", &c.obtained_on)?;
    // Dates on forms are days in Japan; the instant is UTC (9 hours behind).
    if obtained > jst_date(now) {
        return Err(Error::invalid("obtained_on", "is in the future"));
    }
    conn.exec(
        "INSERT INTO supporter_consents (supporter_id, person_id, purpose, answer, obtained_on,
                                         obtained_by, evidence_ref, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.supporter_id,
            c.person_id,
            c.purpose.token(),
            c.answer.token(),
            obtained.to_string(),
            c.obtained_by.trim(),
            c.evidence_ref.trim(),
            stamp(now),
            operator
        ],
    )
    .ctx("recording a supporter's answer")?;
    Ok(conn.last_insert_rowid())
}

/// A supporter's answers, oldest first.
pub fn consent_history(conn: &Connection, supporter_id: i64) -> Result<Vec<SupporterConsent>> {
    load(conn, supporter_id)?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, supporter_id, person_id, purpose, answer, obtained_on, obtained_by,
                    evidence_ref, recorded_at, recorded_by
             FROM supporter_consents WHERE supporter_id = ?1 ORDER BY obtained_on, id",
        )
        .ctx("reading a supporter's answers")?;
    let rows = stmt
        .query_map([supporter_id], |r| {
            let purpose: String = r.get(3)?;
            let answer: String = r.get(4)?;
            let bad = |c: &str| {
                rusqlite::Error::InvalidColumnType(0, c.to_string(), rusqlite::types::Type::Text)
            };
            Ok(SupporterConsent {
                id: Some(r.get(0)?),
                supporter_id: r.get(1)?,
                person_id: r.get(2)?,
                purpose: SupporterConsentPurpose::from_token(&purpose)
                    .ok_or_else(|| bad("purpose"))?,
                answer: SupporterConsentAnswer::from_token(&answer).ok_or_else(|| bad("answer"))?,
                obtained_on: r.get(5)?,
                obtained_by: r.get(6)?,
                evidence_ref: r.get(7)?,
                recorded_at: Some(r.get(8)?),
                recorded_by: Some(r.get(9)?),
            })
        })
        .ctx("reading a supporter's answers")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading a supporter's answers")
}

/// A supporter to call about someone still unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupporterContact {
    /// Supporter id.
    pub supporter_id: i64,
    /// 1 = first to go.
    pub position: u32,
    /// Name (person or group).
    pub name: String,
    /// Phone.
    pub phone: String,
}

/// The supporters of each of `ids`, in their order, in one statement.
pub(crate) fn contacts_of_many(
    conn: &Connection,
    ids: &BTreeSet<i64>,
) -> Result<BTreeMap<i64, Vec<SupporterContact>>> {
    let list = super::id_list(ids);
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.person_id, s.id, a.position, s.name, s.phone FROM assignments a
             JOIN supporters s ON s.id = a.supporter_id
             WHERE a.person_id IN (SELECT value FROM json_each(?1))
             ORDER BY a.person_id, a.position",
        )
        .ctx("reading supporters to call")?;
    let mut rows = stmt.query([list]).ctx("reading supporters to call")?;
    let mut out: BTreeMap<i64, Vec<SupporterContact>> = BTreeMap::new();
    while let Some(r) = rows.next().ctx("reading supporters to call")? {
        let person: i64 = r.get(0).ctx("reading supporters to call")?;
        out.entry(person).or_default().push(SupporterContact {
            supporter_id: r.get(1).ctx("reading supporters to call")?,
            position: r.get(2).ctx("reading supporters to call")?,
            name: r.get(3).ctx("reading supporters to call")?,
            phone: r.get(4).ctx("reading supporters to call")?,
        });
    }
    Ok(out)
}

/// Every (person, supporter) assignment, by person id (the `(person_id, supporter_id)`
/// index gives that order without a sort). The table is narrow: reading it whole is
/// cheaper than asking for a drill's people one by one.
pub(crate) fn assignments(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT person_id, supporter_id FROM assignments ORDER BY person_id, supporter_id",
        )
        .ctx("reading whom a drill must warn")?;
    let pairs = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
        .ctx("reading whom a drill must warn")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading whom a drill must warn");
    pairs
}
