//! Schema versions in `PRAGMA user_version`. Each migration is additive and runs in its
//! own transaction together with the version bump.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::check_lists::expand_in_lists;
use crate::error::{Error, Result, SqlContext};

/// One schema step.
enum Step {
    /// A migration file.
    Sql(&'static str),
    /// Rewrites every table's `col IN ('a', 'b', 'c')` checks as `(col = 'a' OR …)`
    /// (see [`super::check_lists`]): the same rule, without an ephemeral table built and
    /// wiped at every insert.
    ExpandCheckLists,
    /// Widens one table's check by rewriting its stored text: `from` (which must occur
    /// exactly once in `table`'s definition) becomes `to`. Only for a check that accepts
    /// more after it than before, so every stored row still satisfies it.
    WidenCheck {
        table: &'static str,
        from: &'static str,
        to: &'static str,
    },
}

/// Recipients of kind `care-office` (事業所, schema step 17): the kind list of recipients
/// gains one value.
const CARE_OFFICE_KIND: Step = Step::WidenCheck {
    table: "recipients",
    from: "kind = 'other')",
    to: "kind = 'other' OR kind = 'care-office')",
};

/// Plan review flags of reason `care-certification` (the 要介護認定 renewed or ended,
/// schema step 21): the reason list of the flags gains one value.
const CERTIFICATION_FLAG: Step = Step::WidenCheck {
    table: "plan_review_flags",
    from: "OR reason = 'drill-slow')",
    to: "OR reason = 'drill-slow' OR reason = 'care-certification')",
};

/// Plan review flags of reasons `shelter-changed` (the registry's designation of a plan's
/// shelter changed, or it went from the registry) and `drill-elsewhere` (a drill's arrival
/// at a shelter the plan does not name; schema step 24). This and the later
/// widenings add at the list's head, so that an earlier step's widened text stays whole
/// (and is still found when that step is checked again).
const SHELTER_FLAG: Step = Step::WidenCheck {
    table: "plan_review_flags",
    from: "(reason = 'care-level'",
    to: "(reason = 'shelter-changed' OR reason = 'drill-elsewhere' OR reason = 'care-level'",
};

/// Recipients of kind `shelter` (a shelter's operator, schema step 26).
const SHELTER_RECIPIENT: Step = Step::WidenCheck {
    table: "recipients",
    from: "(kind = 'fire'",
    to: "(kind = 'shelter' OR kind = 'fire'",
};

/// Answers about recipients of kind `shelter` (schema step 27).
const SHELTER_CONSENT: Step = Step::WidenCheck {
    table: "consents",
    from: "(recipient_kind = 'fire'",
    to: "(recipient_kind = 'shelter' OR recipient_kind = 'fire'",
};

/// The migrations, in order: index 0 takes version 0 to 1, and so on.
const MIGRATIONS: &[Step] = &[
    Step::Sql(include_str!("migrations/0001_init.sql")),
    Step::Sql(include_str!("migrations/0002_sharing.sql")),
    Step::Sql(include_str!("migrations/0003_issuance.sql")),
    Step::Sql(include_str!("migrations/0004_import.sql")),
    Step::Sql(include_str!("migrations/0005_drills.sql")),
    Step::Sql(include_str!("migrations/0006_recipient_area.sql")),
    Step::Sql(include_str!("migrations/0007_drill_warnings.sql")),
    Step::Sql(include_str!("migrations/0008_disaster_expiry.sql")),
    Step::Sql(include_str!("migrations/0009_accounts.sql")),
    Step::Sql(include_str!("migrations/0010_audit_account.sql")),
    Step::ExpandCheckLists,
    Step::Sql(include_str!("migrations/0012_search_index.sql")),
    Step::Sql(include_str!("migrations/0013_city_pages.sql")),
    Step::Sql(include_str!("migrations/0014_consent_scope.sql")),
    Step::Sql(include_str!("migrations/0015_page_tally.sql")),
    Step::Sql(include_str!("migrations/0016_map.sql")),
    CARE_OFFICE_KIND,
    Step::Sql(include_str!("migrations/0018_commissions.sql")),
    Step::Sql(include_str!("migrations/0019_plan_review.sql")),
    Step::Sql(include_str!("migrations/0020_commission_forms.sql")),
    CERTIFICATION_FLAG,
    Step::Sql(include_str!("migrations/0022_care_certification.sql")),
    Step::Sql(include_str!("migrations/0023_shelters.sql")),
    SHELTER_FLAG,
    Step::Sql(include_str!("migrations/0025_shelter_plans.sql")),
    SHELTER_RECIPIENT,
    SHELTER_CONSENT,
];

/// The schema version this binary writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The SQL that creates schema `version` from nothing (for fixtures and benchmarks).
pub fn schema_sql(version: i64) -> String {
    let mut sql = String::new();
    for step in MIGRATIONS
        .iter()
        .take(usize::try_from(version).unwrap_or(0))
    {
        match step {
            Step::Sql(text) => {
                if !sql.is_empty() {
                    sql.push('\n');
                }
                sql.push_str(text);
            }
            Step::ExpandCheckLists => sql = expand_in_lists(&sql),
            Step::WidenCheck { table, from, to } => {
                sql = widen_in_text(&sql, table, from, to).unwrap_or(sql);
            }
        }
    }
    sql
}

/// Brings the schema up to [`LATEST_VERSION`]; refuses a newer one.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found = refuse_newer(conn)?;
    for (index, step) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(found).unwrap_or(0))
    {
        let to = index as i64 + 1;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a migration")?;
        match step {
            Step::Sql(sql) => tx.execute_batch(sql).ctx("migrating the schema")?,
            Step::ExpandCheckLists => rewrite_table_checks(&tx, |_, sql| expand_in_lists(sql))?,
            Step::WidenCheck { table, from, to } => {
                check_widenable(&tx, table, from, to)?;
                rewrite_table_checks(&tx, |name, sql| {
                    if name == *table {
                        widen_in_text(sql, table, from, to).unwrap_or_else(|| sql.to_string())
                    } else {
                        sql.to_string()
                    }
                })?
            }
        }
        tx.pragma_update(None, "user_version", to)
            .ctx("setting the schema version")?;
        tx.commit().ctx("committing a migration")?;
    }
    Ok(())
}

/// Rewrites the stored `CREATE TABLE` text of every table whose checks hold lists, the way
/// SQLite documents for changes that leave the stored rows as they are ("Making Other
/// Kinds Of Table Schema Changes": `writable_schema`, bump `schema_version`, check). The
/// rows already satisfy the rewritten checks, which accept exactly the same values.
fn rewrite_table_checks(
    tx: &Transaction<'_>,
    rewrite: impl Fn(&str, &str) -> String,
) -> Result<()> {
    let tables: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()
        })
        .ctx("reading the table definitions")?;
    let changed: Vec<(String, String)> = tables
        .into_iter()
        .filter_map(|(name, sql)| {
            let rewritten = rewrite(&name, &sql);
            (rewritten != sql).then_some((name, rewritten))
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let version: i64 = tx
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .ctx("reading the schema cookie")?;
    tx.pragma_update(None, "writable_schema", "ON")
        .ctx("opening the schema for the check rewrite")?;
    for (name, sql) in &changed {
        tx.execute(
            "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
            rusqlite::params![name, sql],
        )
        .ctx("rewriting a table's checks")?;
    }
    tx.pragma_update(None, "schema_version", version + 1)
        .ctx("bumping the schema cookie")?;
    tx.pragma_update(None, "writable_schema", "OFF")
        .ctx("closing the schema after the check rewrite")?;
    // Each rewritten table alone (with its indexes): a whole-database check read all 2.4 GB
    // of a 500,000-person roster, 45 s at its first open after an upgrade.
    for (name, _) in &changed {
        let verdict: String = tx
            .query_row(&format!("PRAGMA quick_check(\"{name}\")"), [], |r| r.get(0))
            .ctx("checking the rewritten schema")?;
        if verdict != "ok" {
            return Err(Error::Integrity(format!(
                "the rewritten table checks of {name} do not read back: {verdict}"
            )));
        }
    }
    Ok(())
}

/// Refuses a widening whose table does not hold the check it widens (nor the widened one
/// already): bumping the version over it would leave rows the code writes refused later,
/// in the middle of someone's work. The transaction rolls back; the roster stays as it was.
fn check_widenable(tx: &Transaction<'_>, table: &str, from: &str, to: &str) -> Result<()> {
    use rusqlite::OptionalExtension;
    let stored: Option<String> = tx
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .optional()
        .ctx("reading a table's definition")?;
    match stored {
        Some(sql) if sql.contains(to) || widen_in_text(&sql, table, from, to).is_some() => Ok(()),
        _ => Err(Error::Integrity(format!(
            "the table {table} does not hold the check this schema step widens; the roster \
             was left as it was (it may have been changed by another program)"
        ))),
    }
}

/// `sql` (a schema script, or one table's stored definition) with the one occurrence of
/// `from` inside `CREATE TABLE <table> (…)` replaced by `to`; `None` when the table is not
/// there or `from` is not found exactly once in it.
fn widen_in_text(sql: &str, table: &str, from: &str, to: &str) -> Option<String> {
    let head = format!("CREATE TABLE {table} (");
    let start = sql.find(&head)?;
    let end = start + sql[start..].find(") STRICT")?;
    let body = &sql[start..end];
    if body.matches(from).count() != 1 {
        return None;
    }
    let at = start + body.find(from)?;
    Some(format!("{}{to}{}", &sql[..at], &sql[at + from.len()..]))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables whose INSERT builds an ephemeral table (a list check evaluated the slow
    /// way), with the number of such tables for each.
    fn ephemeral_inserts(conn: &Connection) -> Vec<(String, usize)> {
        let tables: Vec<String> = conn
            .prepare(
                // (fts5vocab tables are read-only views of an index: nothing inserts there)
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                 AND sql NOT LIKE '%USING fts5vocab%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut found = Vec::new();
        for t in tables {
            let cols: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let marks = vec!["?"; cols.len()].join(", ");
            let sql = format!(
                "EXPLAIN INSERT INTO \"{t}\" ({}) VALUES ({marks})",
                cols.iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let n = conn
                .prepare(&sql)
                .unwrap()
                .query_map(
                    rusqlite::params_from_iter(vec![rusqlite::types::Null; cols.len()]),
                    |r| r.get::<_, String>(1),
                )
                .unwrap()
                .filter(|op| op.as_deref() == Ok("OpenEphemeral"))
                .count();
            if n > 0 {
                found.push((t, n));
            }
        }
        found
    }

    #[test]
    fn no_insert_builds_an_ephemeral_table_after_the_check_rewrite() {
        // A roster from before the rewrite: its inserts into persons and consents build
        // ephemeral tables for their list checks …
        let before_rewrite = MIGRATIONS
            .iter()
            .position(|s| matches!(s, Step::ExpandCheckLists))
            .unwrap() as i64;
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(&schema_sql(before_rewrite)).unwrap();
        old.pragma_update(None, "user_version", before_rewrite)
            .unwrap();
        let before = ephemeral_inserts(&old);
        assert!(
            before.iter().any(|(t, _)| t == "persons")
                && before.iter().any(|(t, _)| t == "consents"),
            "{before:?}"
        );
        // … which the migration removes, as it does for a new roster.
        migrate(&mut old).unwrap();
        assert_eq!(ephemeral_inserts(&old), vec![]);
        let mut new = Connection::open_in_memory().unwrap();
        migrate(&mut new).unwrap();
        assert_eq!(ephemeral_inserts(&new), vec![]);
        // schema_sql builds the same tables.
        let built = Connection::open_in_memory().unwrap();
        built.execute_batch(&schema_sql(LATEST_VERSION)).unwrap();
        assert_eq!(ephemeral_inserts(&built), vec![]);
    }

    #[test]
    fn the_rewritten_persons_table_still_refuses_a_value_outside_its_list() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        let sql: String = c
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'persons'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            sql.contains("(sex = 'male' OR sex = 'female' OR sex = 'unspecified')"),
            "{sql}"
        );
        let err = c
            .execute(
                "INSERT INTO consents (person_id, purpose, recipient_kind, answer, obtained_on, recorded_at, recorded_by)
                 VALUES (1, 'roster', 'fire', 'maybe', '2026-01-01', 'now', 'me')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
    }

    #[test]
    fn a_widening_whose_check_is_not_there_stops_the_migration_and_changes_nothing() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        // Step 21's flag reason is accepted; a flag of it can be written.
        c.execute_batch(
            "INSERT INTO persons (name, sex, date_of_birth, address, created_at, updated_at)
             VALUES ('a', 'male', '1940-01-01', 'x', 'now', 'now');
             INSERT INTO plan_review_flags (person_id, reason, plan_as_of, raised_at)
             VALUES (1, 'care-certification', '2026-01-01', 'now');",
        )
        .unwrap();
        let tx = c.transaction().unwrap();
        // Already widened: nothing to do, and no error.
        let flags = ("plan_review_flags", "OR reason = 'drill-slow')");
        check_widenable(&tx, flags.0, flags.1, "OR reason = 'care-certification')").unwrap();
        // A check changed by someone else, or a table that is not there: refused.
        let err = check_widenable(&tx, flags.0, "OR reason = 'other')", "x").unwrap_err();
        assert!(err.to_string().contains("plan_review_flags"), "{err}");
        assert!(check_widenable(&tx, "nothing", "a", "b").is_err());
    }
}
