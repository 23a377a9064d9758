//! Schema versions in `PRAGMA user_version`. Each migration is additive and runs in its
//! own transaction together with the version bump.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result, SqlContext};

/// The migrations, in order: index 0 takes version 0 to 1, and so on.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_sharing.sql"),
    include_str!("migrations/0003_issuance.sql"),
    include_str!("migrations/0004_import.sql"),
    include_str!("migrations/0005_drills.sql"),
    include_str!("migrations/0006_recipient_area.sql"),
    include_str!("migrations/0007_drill_warnings.sql"),
    include_str!("migrations/0008_disaster_expiry.sql"),
    include_str!("migrations/0009_accounts.sql"),
    include_str!("migrations/0010_audit_account.sql"),
    include_str!("migrations/0011_search_index.sql"),
];

/// The schema version this binary writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The SQL that creates schema `version` from nothing (for fixtures and benchmarks).
pub fn schema_sql(version: i64) -> String {
    MIGRATIONS
        .iter()
        .take(usize::try_from(version).unwrap_or(0))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// Brings the schema up to [`LATEST_VERSION`]; refuses a newer one.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found = refuse_newer(conn)?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        let to = index as i64 + 1;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a migration")?;
        tx.execute_batch(sql).ctx("migrating the schema")?;
        tx.pragma_update(None, "user_version", to)
            .ctx("setting the schema version")?;
        tx.commit().ctx("committing a migration")?;
    }
    Ok(())
}

/// The schema version of the file; an error when it is newer than this binary knows.
pub(crate) fn refuse_newer(conn: &Connection) -> Result<i64> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .ctx("reading the schema version")?;
    if found > LATEST_VERSION {
        return Err(Error::NewerSchema {
            found,
            supported: LATEST_VERSION,
        });
    }
    Ok(found)
}
