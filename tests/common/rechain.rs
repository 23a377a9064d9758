//! What someone holding the roster's key can do to its audit log: change rows, then
//! recompute every later hash and the recorded head so that the chain verifies on its own.
#![allow(dead_code)]

use yorisoi::store::audit::{row_hash, NewEntry, GENESIS};

/// Recomputes the link and hash of every row from `from_seq` on, in order, and the
/// recorded head, as a forger would after editing or deleting rows.
pub fn rechain(conn: &rusqlite::Connection, from_seq: i64) {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        String,
    );
    let mut prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq < ?1 ORDER BY seq DESC LIMIT 1",
            [from_seq],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| GENESIS.to_string());
    let rows: Vec<Row> = {
        let mut stmt = conn
            .prepare(
                "SELECT seq, at, account, operator, action, entity, entity_id, detail
                 FROM audit_log WHERE seq >= ?1 ORDER BY seq",
            )
            .unwrap();
        let rows = stmt
            .query_map([from_seq], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    for (seq, at, account, operator, action, entity, entity_id, detail) in rows {
        let entry = NewEntry {
            at: &at,
            account: &account,
            operator: &operator,
            action: &action,
            entity: &entity,
            entity_id,
            detail: &detail,
        };
        let hash = row_hash(seq, &entry, &prev);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute(
        "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log), hash = ?1 WHERE id = 1",
        [&prev],
    )
    .unwrap();
}
