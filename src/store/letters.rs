//! Consent request letters (`letters`): one row per person per mailing, so a letter left
//! unanswered shows on the consent worklist.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::Cached;
use crate::error::{Result, SqlContext};

/// The newest mailing of `year` (`L2026-00003`), if any.
pub(crate) fn last_batch(conn: &Connection, year: &str) -> Result<Option<String>> {
    conn.row(
        "SELECT batch FROM letters WHERE batch LIKE 'L' || ?1 || '-%' ORDER BY batch DESC LIMIT 1",
        [year],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading the last mailing")
}

/// Records that `person_id` was sent a letter in mailing `batch`.
pub(crate) fn record(
    conn: &Connection,
    person_id: Option<i64>,
    batch: &str,
    sent_on: &str,
    sent_by: &str,
) -> Result<()> {
    conn.exec(
        "INSERT INTO letters (person_id, batch, sent_on, sent_by) VALUES (?1, ?2, ?3, ?4)",
        params![person_id, batch, sent_on, sent_by],
    )
    .ctx("recording a letter")?;
    Ok(())
}

/// A consent letter with no answer after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterFollowUp {
    /// The person's id.
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// The newest letter's mailing.
    pub batch: String,
    /// Sent on (ISO date).
    pub sent_on: String,
    /// Days since.
    pub days: i64,
}

/// People whose newest letter has had no answer recorded since it was sent, newest
/// letter first, with the days since `today`.
pub(crate) fn unanswered(
    conn: &Connection,
    today: chrono::NaiveDate,
) -> Result<Vec<LetterFollowUp>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT l.person_id, p.name, l.batch, l.sent_on
             FROM letters l JOIN persons p ON p.id = l.person_id
             WHERE p.archived_on IS NULL
               AND l.id = (SELECT max(l2.id) FROM letters l2 WHERE l2.person_id = l.person_id)
               AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = l.person_id
                               AND c.answer != 'no-answer' AND c.obtained_on >= l.sent_on)
             ORDER BY l.sent_on DESC, l.person_id",
        )
        .ctx("reading unanswered letters")?;
    let rows = stmt
        .query_map([], |r| {
            let sent_on: String = r.get(3)?;
            let days = chrono::NaiveDate::parse_from_str(&sent_on, "%Y-%m-%d")
                .map(|d| (today - d).num_days())
                .unwrap_or(0);
            Ok(LetterFollowUp {
                person_id: r.get(0)?,
                name: r.get(1)?,
                batch: r.get(2)?,
                sent_on,
                days,
            })
        })
        .ctx("reading unanswered letters")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading unanswered letters")
}
