//! The restore drill: back up, damage the live roster, see `check` report the damage,
//! restore the backup, and find every row of every table as it was. And the record of the
//! last good backup, which every desk (the window, the CLI's `check`) reads from the roster.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use yorisoi::model::account::Role;
use yorisoi::Roster;

/// Every table's rows (all columns, in rowid order), read under the API with `key`.
fn dump(path: &Path, key: &str) -> BTreeMap<String, Vec<String>> {
    let conn = raw_with(path, key);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(columns);
                for i in 0..columns {
                    cells.push(format!("{:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(cells.join(" | "))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.insert(table, rows);
    }
    out
}

/// Flips every byte of a stretch in the middle of page `page` (1-based) of `path`.
fn flip_page(path: &Path, page: u64) {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let at = (page - 1) * 4096 + 1000;
    let mut bytes = [0u8; 64];
    f.seek(SeekFrom::Start(at)).unwrap();
    f.read_exact(&mut bytes).unwrap();
    for b in &mut bytes {
        *b ^= 0xA5;
    }
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&bytes).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn backup_damage_check_restore_gives_back_every_row() {
    let (t, mut roster) = TempRoster::new();
    yorisoi::demo::populate(&mut roster, 80, 3).unwrap();
    let backup = t.dir.path().join("before-the-damage.db");
    roster.backup(&backup).unwrap();
    drop(roster);
    let key = raw_key(&t.path);
    let before = dump(&t.path, &key);
    assert!(
        before["persons"].len() >= 80 && !before["consents"].is_empty(),
        "a roster worth restoring"
    );

    // Damage a page in the middle of the live roster (closed, so all of it is in the file).
    let pages = std::fs::metadata(&t.path).unwrap().len() / 4096;
    assert!(pages > 10, "{pages} pages");
    flip_page(&t.path, pages / 2);

    // `check` says so (or the damaged page already stops the open or the check: either
    // way it is not reported sound).
    let damage_seen = match Roster::open(&t.path, ACCOUNT, &pass(), clock()) {
        Err(e) => {
            assert!(
                !matches!(e, yorisoi::Error::WrongPassphrase(_)),
                "damage read as a wrong passphrase: {e}"
            );
            true
        }
        Ok(damaged) => match damaged.check() {
            Ok(report) => {
                assert!(
                    !report.cipher_faults.is_empty() || report.integrity != ["ok"],
                    "check found nothing: {report:?}"
                );
                !report.is_ok()
            }
            Err(e) => {
                let text = e.to_string();
                assert!(
                    text.contains("malformed") || text.contains("integrity"),
                    "{text}"
                );
                true
            }
        },
    };
    assert!(damage_seen);

    // Restore the backup beside it: every table's rows as they were when it was made.
    let restored_path = t.dir.path().join("restored.db");
    let restored =
        Roster::restore_backup(&backup, &restored_path, ACCOUNT, &pass(), clock()).unwrap();
    assert!(restored.check().unwrap().is_ok());
    drop(restored);
    let after = dump(&restored_path, &key);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &before {
        if table == "audit_log" || table == "audit_head" {
            continue;
        }
        assert_eq!(rows, &after[table], "table {table} differs after restoring");
    }
    // The audit log: the live roster's rows up to and including the backup's own
    // `roster.backup` row, then only what restoring added (the good-backup record was
    // written to the live roster after the copy).
    let log = |d: &BTreeMap<String, Vec<String>>| d["audit_log"].clone();
    let (live, back) = (log(&before), log(&after));
    let in_backup: Vec<&String> = live
        .iter()
        .filter(|r| !r.contains("roster.backup.verified"))
        .collect();
    for row in &in_backup {
        assert!(back.contains(row), "audit row lost: {row}");
    }
    assert!(back.iter().any(|r| r.contains("roster.restore")));
}

#[test]
fn the_last_good_backup_is_recorded_in_the_roster_and_check_reports_it() {
    let (t, mut roster) = TempRoster::new();
    assert_eq!(roster.last_good_backup().unwrap(), None);
    assert_eq!(roster.check().unwrap().last_backup, None);

    // A refused backup (the file exists) records nothing.
    let taken = t.dir.path().join("taken.db");
    std::fs::write(&taken, b"an officer's own file").unwrap();
    assert!(roster.backup(&taken).is_err());
    assert_eq!(roster.last_good_backup().unwrap(), None);
    assert_eq!(std::fs::read(&taken).unwrap(), b"an officer's own file");

    roster.backup(&t.dir.path().join("b1.db")).unwrap();
    let last = roster.last_good_backup().unwrap().expect("recorded");
    assert_eq!(last.account, ACCOUNT);
    assert_eq!(last.kind, "manual");
    assert_eq!(last.at, yorisoi::clock::stamp(clock().0));
    assert_eq!(roster.check().unwrap().last_backup, Some(last.clone()));

    // Every desk sees it: another account, another handle.
    roster
        .account_add(
            "閲覧 鈴木",
            Role::Viewer,
            &yorisoi::Passphrase::new("みかんの皮は三日で乾く".into()),
        )
        .unwrap();
    drop(roster);
    let viewer = Roster::open(
        &t.path,
        "閲覧 鈴木",
        &yorisoi::Passphrase::new("みかんの皮は三日で乾く".into()),
        clock(),
    )
    .unwrap();
    assert_eq!(viewer.last_good_backup().unwrap(), Some(last));

    // The CLI's backup counts too, and `check --json` says when.
    drop(viewer);
    let out = t.dir.path().join("cli.db");
    let o = yorisoi(
        &t.path,
        Some(PASS),
        &["backup", "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = yorisoi(&t.path, Some(PASS), &["check", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["last_backup"]["kind"], "manual");
    assert_eq!(report["last_backup"]["account"], ACCOUNT);
    let o = yorisoi(&t.path, Some(PASS), &["check"]);
    assert!(stdout(&o).contains("last good backup: "), "{}", stdout(&o));
    // Audited: the attempt inside the copy, the proof in the roster.
    let roster = t.open();
    let actions: Vec<String> = roster
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "roster.backup.verified")
            .count(),
        2
    );
    assert!(actions.iter().filter(|a| *a == "roster.backup").count() >= 2);
}
