//! A trail that can be trusted (#15): every single-bit change of a stored audit row is
//! found by the chain check `check` runs, and a head printed on paper tells whether the
//! log was rewritten after it — even by someone holding the key who made the rewritten
//! chain verify on its own.

mod common;
#[path = "common/rechain.rs"]
mod rechain;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::Duration;
use common::*;
use rechain::rechain;
use rusqlite::types::{ToSql, ToSqlOutput, ValueRef};
use yorisoi::model::account::Role;
use yorisoi::model::ArchiveReason;
use yorisoi::store::audit::head::HeadVerdict;
use yorisoi::store::audit::{self, AuditEntry};
use yorisoi::{Error, FixedClock, Passphrase, Roster};

const OFFICER: &str = "佐藤 花子";
const OFFICER_PASS: &str = "ひまわり畑で赤い自転車";

/// The roster opened by `account` with `pass`, `hours` after the test clock.
fn open_later(path: &Path, account: &str, pass: &str, hours: i64) -> Roster {
    let at = clock().0 + Duration::hours(hours);
    Roster::open(
        path,
        account,
        &Passphrase::new(pass.to_string()),
        Arc::new(FixedClock(at)),
    )
    .unwrap()
}

/// A small roster with a varied log: two accounts, a free-text desk name, several
/// actions, rows with and without a record, details in Japanese.
fn varied_roster() -> TempRoster {
    let (t, mut r) = TempRoster::new();
    r.set_operator("窓口 二番（本庁）");
    r.set_setting("municipality.name", "みどり市").unwrap();
    let a = r
        .add_person(person("山田 太郎", "やまだ たろう", "1940-01-02"))
        .unwrap();
    r.view_person(a).unwrap();
    r.account_add(
        OFFICER,
        Role::Officer,
        &Passphrase::new(OFFICER_PASS.into()),
    )
    .unwrap();
    r.archive_person(a, ArchiveReason::Moved, None, "転居先は不明")
        .unwrap();
    r.restore_person(a).unwrap();
    drop(r);
    let mut r = open_later(&t.path, OFFICER, OFFICER_PASS, 1);
    let b = r
        .add_person(person("鈴木 一郎", "すずき いちろう", "1938-05-06"))
        .unwrap();
    let mut p = r.view_person(b).unwrap();
    p.phone = "0990-22-3333".into();
    r.update_person(b, p).unwrap();
    r.set_setting("municipality.name", "みどり市役所").unwrap();
    drop(r);
    t
}

/// Any bytes as a TEXT value, valid UTF-8 or not (as a damaged page would hold them).
struct RawText(Vec<u8>);

impl ToSql for RawText {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

/// A stored value, and the same value with one bit changed.
enum Stored {
    Text(Vec<u8>),
    Integer(i64),
    Null,
}

fn stored(conn: &rusqlite::Connection, table: &str, column: &str, rowid: i64) -> Stored {
    conn.query_row(
        &format!("SELECT {column} FROM {table} WHERE rowid = ?1"),
        [rowid],
        |r| {
            Ok(match r.get_ref(0)? {
                ValueRef::Text(b) => Stored::Text(b.to_vec()),
                ValueRef::Integer(i) => Stored::Integer(i),
                ValueRef::Null => Stored::Null,
                other => panic!("{table}.{column}: unexpected type {:?}", other.data_type()),
            })
        },
    )
    .unwrap()
}

#[test]
fn every_single_bit_flip_of_a_stored_audit_row_is_detected() {
    let t = varied_roster();
    let conn = raw(&t.path);
    let clean = audit::verify(&conn).unwrap();
    assert_eq!(clean.first_fault, None);
    assert!(clean.rows >= 12, "{}", clean.rows);
    let log: Vec<AuditEntry> = audit::list(&conn, None, None, None).unwrap();
    let actions: std::collections::BTreeSet<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.len() >= 8, "{actions:?}");
    assert!(log.iter().any(|e| e.detail.contains("みどり市")));
    assert!(log.iter().any(|e| e.account == OFFICER));
    assert!(log.iter().any(|e| e.entity_id.is_none()));

    let columns = |table: &str| -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        let names = stmt.query_map([], |r| r.get(0)).unwrap();
        names.map(Result::unwrap).collect()
    };
    let mut targets: Vec<(&str, String, i64)> = Vec::new();
    for column in columns("audit_log") {
        for e in &log {
            targets.push(("audit_log", column.clone(), e.seq));
        }
    }
    for column in columns("audit_head") {
        targets.push(("audit_head", column, 1));
    }
    assert_eq!(
        targets.len(),
        log.len() * 10 + 3,
        "audit_log has 10 columns"
    );

    let started = Instant::now();
    conn.execute_batch("BEGIN").unwrap();
    let (mut flips, mut refused, mut not_utf8, mut nulls) = (0usize, 0usize, 0usize, 0usize);
    for (table, column, rowid) in &targets {
        let update = format!("UPDATE {table} SET {column} = ?1 WHERE rowid = ?2");
        let mut try_flip = |value: &dyn ToSql, what: &str| {
            conn.execute_batch("SAVEPOINT flip").unwrap();
            match conn.execute(&update, rusqlite::params![value, rowid]) {
                // A value the table's constraints refuse (a taken seq, a head id other
                // than 1) cannot be stored at all.
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    refused += 1
                }
                Err(e) => panic!("{table}.{column} row {rowid} {what}: {e}"),
                Ok(n) => {
                    assert_eq!(n, 1);
                    let report = audit::verify(&conn).unwrap_or_else(|e| {
                        panic!("{table}.{column} row {rowid} {what}: the check failed: {e}")
                    });
                    assert!(
                        report.first_fault.is_some(),
                        "{table}.{column} row {rowid} {what}: not detected"
                    );
                }
            }
            conn.execute_batch("ROLLBACK TO flip; RELEASE flip")
                .unwrap();
            flips += 1;
        };
        match stored(&conn, table, column, *rowid) {
            Stored::Text(bytes) => {
                for i in 0..bytes.len() * 8 {
                    let mut b = bytes.clone();
                    b[i / 8] ^= 1 << (i % 8);
                    if std::str::from_utf8(&b).is_err() {
                        not_utf8 += 1;
                    }
                    try_flip(&RawText(b), &format!("byte {} bit {}", i / 8, i % 8));
                }
            }
            Stored::Integer(v) => {
                for bit in 0..64 {
                    try_flip(&(v ^ (1i64 << bit)), &format!("bit {bit}"));
                }
            }
            Stored::Null => nulls += 1,
        }
    }
    conn.execute_batch("ROLLBACK").unwrap();
    let elapsed = started.elapsed();
    // Nothing was left changed.
    assert_eq!(audit::verify(&conn).unwrap(), clean);
    eprintln!(
        "bit flips: {flips} over {} rows and the head ({refused} refused by the table, {not_utf8} not UTF-8; {nulls} NULL values have no bits) in {elapsed:.2?}",
        log.len()
    );
    assert!(flips > 10_000, "{flips}");
    assert!(not_utf8 > 1000, "{not_utf8}");
}

#[test]
fn a_value_that_is_no_longer_text_is_named_as_a_fault_of_its_row() {
    let t = varied_roster();
    let conn = raw(&t.path);
    conn.execute(
        "UPDATE audit_log SET detail = ?1 WHERE seq = 4",
        [&RawText(b"name=\xff\xfe".to_vec())],
    )
    .unwrap();
    let report = audit::verify(&conn).unwrap();
    assert_eq!(
        report.first_fault.as_deref(),
        Some("audit row 4: a stored value is not readable text (damaged)")
    );
}

/// The head printed on a list made now: the newest row, as the footer shows it.
fn head_now(r: &Roster) -> String {
    let top = &r.audit_log(None, Some(1)).unwrap()[0];
    format!("#{} {}", top.seq, top.hash)
}

#[test]
fn a_head_from_before_later_activity_is_on_the_chain_with_what_followed() {
    let t = varied_roster();
    let r = open_later(&t.path, ACCOUNT, PASS, 2);
    let paper = head_now(&r);
    let seq: i64 = paper[1..paper.find(' ').unwrap()].parse().unwrap();
    drop(r);
    // Later, legitimate work: another account, a day on.
    let mut r = open_later(&t.path, OFFICER, OFFICER_PASS, 26);
    let c = r
        .add_person(person("田中 三郎", "たなか さぶろう", "1939-02-03"))
        .unwrap();
    r.view_person(c).unwrap();
    r.view_person(c).unwrap();
    let check = r.verify_head(&format!("  {}  ", &paper[1..])).unwrap();
    assert_eq!(check.verdict, HeadVerdict::OnChain);
    assert!(check.is_ok());
    assert_eq!(check.head.to_string(), paper);
    assert_eq!(check.head_at.as_deref(), Some("2026-11-22T03:00:00.000Z"));
    assert_eq!(check.rows, seq + 4);
    let after = check.after.unwrap();
    assert_eq!(after.rows, 4);
    assert_eq!(after.fault, None);
    assert_eq!(after.first_at.as_deref(), Some("2026-11-23T03:00:00.000Z"));
    assert_eq!(after.last_at.as_deref(), Some("2026-11-23T03:00:00.000Z"));
    let actions: Vec<(&str, i64)> = after
        .actions
        .iter()
        .map(|a| (a.name.as_str(), a.count))
        .collect();
    assert_eq!(
        actions,
        [("person.view", 2), ("person.add", 1), ("roster.unlock", 1)]
    );
    assert_eq!(after.accounts.len(), 1);
    assert_eq!(
        (after.accounts[0].name.as_str(), after.accounts[0].count),
        (OFFICER, 4)
    );
    // The current head is on the chain too, with nothing after it.
    let now = r.verify_head(&head_now(&r)).unwrap();
    assert!(now.is_ok());
    assert_eq!(now.after.unwrap().rows, 0);
    assert_eq!(now.current_head, head_now(&r));
}

#[test]
fn a_rewritten_history_that_verifies_on_its_own_is_caught_by_an_earlier_head() {
    let t = varied_roster();
    let r = t.open();
    let paper = head_now(&r);
    let before = r.audit_log(None, None).unwrap().len();
    drop(r);
    // With the key: rename who added the first person, then make the chain whole again.
    let conn = raw(&t.path);
    let seq: i64 = conn
        .query_row(
            "SELECT min(seq) FROM audit_log WHERE action = 'person.add'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET operator = '別の 職員' WHERE seq = ?1",
        [seq],
    )
    .unwrap();
    rechain(&conn, seq);
    drop(conn);
    let r = t.open();
    assert!(
        r.check().unwrap().is_ok(),
        "the forged chain verifies on its own"
    );
    let check = r.verify_head(&paper).unwrap();
    assert_eq!(check.verdict, HeadVerdict::NotOnChain);
    assert!(!check.is_ok());
    assert!(check.after.is_none());
    let stored = check.stored_hash.unwrap();
    assert_eq!(stored.len(), 64);
    assert_ne!(format!("#{} {stored}", check.head.seq), paper);
    assert_eq!(check.fault_before, None);
    assert_eq!(check.rows as usize, before + 1);
}

#[test]
fn a_cut_back_log_does_not_hold_a_later_head() {
    let t = varied_roster();
    let mut r = t.open();
    let early = head_now(&r);
    r.add_person(person("田中 三郎", "たなか さぶろう", "1939-02-03"))
        .unwrap();
    let late = head_now(&r);
    let late_seq: i64 = late[1..late.find(' ').unwrap()].parse().unwrap();
    drop(r);
    // With the key: drop the newest rows and record the shorter log's head, so that the
    // check passes.
    let conn = raw(&t.path);
    conn.execute("DELETE FROM audit_log WHERE seq >= ?1", [late_seq])
        .unwrap();
    rechain(&conn, late_seq);
    drop(conn);
    let r = t.open();
    assert!(r.check().unwrap().is_ok());
    let check = r.verify_head(&late).unwrap();
    assert_eq!(
        check.verdict,
        HeadVerdict::NotOnChain,
        "the reopen wrote row {late_seq} anew"
    );
    // A head beyond the end of the log.
    let beyond = r
        .verify_head(&format!(
            "#{} {}",
            late_seq + 50,
            &late[late.find(' ').unwrap() + 1..]
        ))
        .unwrap();
    assert_eq!(beyond.verdict, HeadVerdict::BeyondEnd);
    assert_eq!(beyond.head_at, None);
    assert!(!beyond.is_ok());
    // The earlier head is still on it.
    assert!(r.verify_head(&early).unwrap().is_ok());
}

#[test]
fn a_truncated_log_is_reported_after_a_head_still_on_it() {
    let t = varied_roster();
    let mut r = t.open();
    let early = head_now(&r);
    r.add_person(person("田中 三郎", "たなか さぶろう", "1939-02-03"))
        .unwrap();
    let late = head_now(&r);
    drop(r);
    // The newest row removed without touching the recorded head.
    let conn = raw(&t.path);
    conn.execute(
        "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
        [],
    )
    .unwrap();
    let check =
        audit::head::verify_head(&conn, &audit::head::Head::parse(&early).unwrap()).unwrap();
    assert_eq!(check.verdict, HeadVerdict::OnChain);
    let fault = check.after.as_ref().unwrap().fault.clone().unwrap();
    assert!(fault.contains("removed from the end"), "{fault}");
    assert!(!check.is_ok());
    let gone = audit::head::verify_head(&conn, &audit::head::Head::parse(&late).unwrap()).unwrap();
    assert_eq!(gone.verdict, HeadVerdict::BeyondEnd);
}

#[test]
fn an_edit_before_the_head_without_rechaining_is_broken_before() {
    let t = varied_roster();
    let r = t.open();
    let paper = head_now(&r);
    drop(r);
    let conn = raw(&t.path);
    conn.execute(
        "UPDATE audit_log SET detail = 'municipality.name=別の市' WHERE seq = 4",
        [],
    )
    .unwrap();
    let check =
        audit::head::verify_head(&conn, &audit::head::Head::parse(&paper).unwrap()).unwrap();
    assert_eq!(check.verdict, HeadVerdict::BrokenBefore);
    assert_eq!(
        check.fault_before.as_deref(),
        Some("audit row 4: its content does not match its hash (edited)")
    );
}

#[test]
fn any_role_may_verify_a_head_it_is_not_audited_and_a_malformed_one_is_refused() {
    let t = varied_roster();
    let mut admin = t.open();
    admin
        .account_add(
            "閲覧 さん",
            Role::Viewer,
            &Passphrase::new("青い海と白い灯台の町".into()),
        )
        .unwrap();
    drop(admin);
    let viewer = open_later(&t.path, "閲覧 さん", "青い海と白い灯台の町", 3);
    let paper = head_now(&viewer);
    let rows = viewer.audit_log(None, None).unwrap().len();
    assert!(viewer.verify_head(&paper).unwrap().is_ok());
    assert_eq!(viewer.audit_log(None, None).unwrap().len(), rows);
    for bad in ["", "#12", "#x abc", &paper[..20]] {
        match viewer.verify_head(bad) {
            Err(Error::Invalid(e)) => {
                assert_eq!(e.field, "head");
                assert!(e.reason.contains("#SEQ HASH"), "{e}");
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}
