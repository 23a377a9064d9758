//! The consent ledger: answers are appended, never updated or deleted.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, Row};

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
    if c.recipient_kind == RecipientKind::CareOffice {
        return Err(Error::invalid(
            "recipient_kind",
            "a care office is not asked about: a plan is commissioned to it under the person's plan-create consent (recorded for the body that coordinates plans, e.g. care-centre)",
        ));
    }
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
    write_rows(conn, std::slice::from_ref(c), now, operator)?;
    Ok(conn.last_insert_rowid())
}

/// The most rows [`write_rows`] puts in one statement (14 values each, well under SQLite's
/// 32,766 parameters).
const ROWS_PER_STATEMENT: usize = 16;

/// Records answers: one INSERT of up to [`ROWS_PER_STATEMENT`] rows each, the ids given
/// in order as row by row ([`write_row`] is one of them). The demo writes about nine answers a
/// person, 4.4 million for 500,000 people: each statement run opens the table and its
/// three indexes again.
pub(crate) fn write_rows(
    conn: &Connection,
    rows: &[ConsentRecord],
    now: &str,
    operator: &str,
) -> Result<()> {
    use std::sync::OnceLock;
    // The statement for n rows, n from 1: written once per process, not once per person.
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    let sql = SQL.get_or_init(|| {
        (1..=ROWS_PER_STATEMENT)
            .map(|n| {
                let values: Vec<String> = (0..n)
                    .map(|i| {
                        let marks: Vec<String> =
                            (1..=14).map(|k| format!("?{}", i * 14 + k)).collect();
                        format!("({})", marks.join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO consents (person_id, purpose, recipient_kind, recipient_id, answer, basis,
                                           proxy_name, proxy_relationship, obtained_on, obtained_by,
                                           evidence_ref, expires_on, recorded_at, recorded_by)
                     VALUES {}",
                    values.join(", ")
                )
            })
            .collect()
    });
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let values = chunk.iter().flat_map(|c| {
            [
                int(c.person_id),
                text(c.purpose.token()),
                text(c.recipient_kind.token()),
                c.recipient_id.map_or(ToSqlOutput::Owned(Value::Null), int),
                text(c.answer.token()),
                opt_text(c.basis.map(ConsentBasis::token)),
                text(&c.proxy_name),
                text(&c.proxy_relationship),
                text(&c.obtained_on),
                text(&c.obtained_by),
                text(&c.evidence_ref),
                opt_text(c.expires_on.as_deref()),
                text(now),
                text(operator),
            ]
        });
        conn.exec(&sql[chunk.len() - 1], rusqlite::params_from_iter(values))
            .ctx("recording consent answers")?;
    }
    Ok(())
}

fn text(s: &str) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

fn opt_text(s: Option<&str>) -> ToSqlOutput<'_> {
    s.map_or(ToSqlOutput::Owned(Value::Null), text)
}

fn int(i: i64) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(Value::Integer(i))
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

#[cfg(test)]
mod tests {
    use rusqlite::types::Value;
    use rusqlite::Connection;

    use crate::model::*;

    fn consents_table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&crate::store::schema_sql(crate::store::LATEST_VERSION))
            .unwrap();
        // The rows name people and recipients this table alone does not hold.
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        conn
    }

    fn all_rows(conn: &Connection) -> Vec<Vec<Value>> {
        let mut stmt = conn.prepare("SELECT * FROM consents ORDER BY id").unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Rows of every shape (with and without a recipient, basis, proxy and expiry),
    /// across a statement's limit and its remainder.
    #[test]
    fn rows_written_together_are_the_rows_written_one_by_one() {
        let rows: Vec<ConsentRecord> = (0..37i64)
            .map(|i| ConsentRecord {
                id: None,
                person_id: 1 + i / 5,
                purpose: ConsentPurpose::ALL[i as usize % 3],
                recipient_kind: RecipientKind::ALL[i as usize % 7],
                recipient_id: (i % 2 == 0).then_some(i + 100),
                answer: if i % 4 == 0 {
                    ConsentAnswer::Proxy
                } else {
                    ConsentAnswer::Consented
                },
                basis: (i % 3 != 0).then_some(ConsentBasis::Explicit),
                proxy_name: if i % 4 == 0 {
                    format!("代理 {i}")
                } else {
                    String::new()
                },
                proxy_relationship: if i % 4 == 0 {
                    "長女".into()
                } else {
                    String::new()
                },
                obtained_on: format!("2024-03-{:02}", 1 + i % 28),
                obtained_by: format!("職員 {i}"),
                evidence_ref: format!("同意書-{i}"),
                expires_on: (i % 5 == 0).then(|| "2027-03-31".to_string()),
                recorded_at: None,
                recorded_by: None,
            })
            .collect();
        let (one, many) = (consents_table(), consents_table());
        for r in &rows {
            super::write_row(&one, r, "2025-06-01T01:00:00.000Z", "tester").unwrap();
        }
        super::write_rows(&many, &rows, "2025-06-01T01:00:00.000Z", "tester").unwrap();
        super::write_rows(&many, &[], "2025-06-01T01:00:00.000Z", "tester").unwrap();
        let written = all_rows(&one);
        assert_eq!(written.len(), 37);
        assert_eq!(all_rows(&many), written);
    }
}
