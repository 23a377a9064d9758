//! Faults on a bad day: another program holding the write lock, a full disk, a damaged
//! file. Reading goes on when writing cannot (the audit rows of readings are held and
//! written at the next write), a change says why it cannot be made and changes nothing,
//! and a damaged page is never taken for a wrong passphrase.
//!
//! The full-disk test mounts a small tmpfs, so it needs root (CI runs as root); elsewhere
//! it says so and does nothing.

mod common;

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::*;
use yorisoi::{Error, PersonQuery, Roster, WriteBlock};

const ENV_DB: &str = "YORISOI_FAULTS_HOLDER_DB";
const ENV_KEY: &str = "YORISOI_FAULTS_HOLDER_KEY";
const HOLDING: &str = "@holding-the-write-lock@";

/// Not a test of its own: run by [`hold_write_lock`] in a second process, which takes the
/// roster's write lock and keeps it until its standard input closes.
#[test]
#[ignore = "a helper process for the other tests"]
fn write_lock_holder() {
    let (Ok(db), Ok(key)) = (std::env::var(ENV_DB), std::env::var(ENV_KEY)) else {
        return;
    };
    let conn = raw_with(Path::new(&db), &key);
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    println!("{HOLDING}");
    std::io::stdout().flush().unwrap();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    conn.execute_batch("ROLLBACK").unwrap();
}

/// Another process (this test binary again) holding the write lock of the roster at `db`,
/// with its output kept open until it ends.
struct Holder(Child, std::io::Lines<BufReader<std::process::ChildStdout>>);

impl Holder {
    fn pid(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        for _ in self.1.by_ref() {}
        let _ = self.0.wait();
    }
}

fn hold_write_lock(db: &Path) -> Holder {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "write_lock_holder", "--ignored", "--nocapture"])
        .env(ENV_DB, db)
        .env(ENV_KEY, raw_key(db))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut lines = BufReader::new(out).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains(HOLDING) => break,
            Some(_) => {}
            None => panic!("the lock holder ended before holding the lock"),
        }
    }
    Holder(child, lines)
}

fn people(r: &Roster) -> usize {
    r.list_persons(&PersonQuery::default()).unwrap().len()
}

fn actions(r: &Roster) -> Vec<(String, String)> {
    let mut log = r.audit_log(None, None).unwrap();
    log.reverse();
    log.into_iter().map(|e| (e.action, e.detail)).collect()
}

#[test]
fn while_another_program_writes_reading_goes_on_and_a_change_says_who_holds_it() {
    let (t, mut r) = TempRoster::new();
    let id = r
        .add_person(person("読取 継続", "よみとり けいぞく", "1940-04-01"))
        .unwrap();
    drop(r);
    let rows_before = actions(&t.open()).len();

    let holder = hold_write_lock(&t.path);
    // Opening writes its unlock row: it cannot, so the row is held and the roster opens.
    let mut r = t.open();
    let state = r.write_state();
    match &state.blocked {
        Some(WriteBlock::Busy { holders }) => assert!(
            holders
                .iter()
                .any(|h| h.contains(&format!("pid {}", holder.pid()))),
            "the holder is named: {holders:?}"
        ),
        other => panic!("expected busy, got {other:?}"),
    }
    assert_eq!(state.held_audit_rows, 1, "the unlock row waits");
    // Reading a record (itself audited) works and its row waits too.
    assert_eq!(r.view_person(id).unwrap().name, "読取 継続");
    assert_eq!(r.write_state().held_audit_rows, 2);

    // A change fails, saying why and who, and changes nothing.
    let err = r
        .add_person(person("書込 不可", "かきこみ ふか", "1941-01-01"))
        .unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, Error::CannotWrite(WriteBlock::Busy { .. })),
        "{err:?}"
    );
    assert!(message.contains("in use by another program"), "{message}");
    assert!(
        message.contains(&format!("pid {}", holder.pid())),
        "{message}"
    );
    assert!(!message.contains("database is locked"), "{message}");
    assert_eq!(people(&r), 1, "nothing half-written");

    // The other program finishes: the next write records the held rows first, at their
    // own time, marked as held, and the chain stays sound.
    drop(holder);
    assert_eq!(r.write_held_audit().unwrap(), 2);
    assert_eq!(r.write_state().held_audit_rows, 0);
    assert_eq!(r.write_state().blocked, None);
    r.add_person(person("書込 再開", "かきこみ さいかい", "1941-01-01"))
        .unwrap();
    let log = actions(&r);
    let after: Vec<&(String, String)> = log[rows_before..].iter().collect();
    assert_eq!(after[0].0, "roster.unlock");
    assert!(after[0].1.ends_with("held=1"), "{after:?}");
    assert_eq!(after[1].0, "person.view");
    assert!(after[1].1.ends_with("held=1"), "{after:?}");
    assert_eq!(after[2].0, "person.add");
    assert!(r.check().unwrap().is_ok());
}

#[test]
fn the_command_line_reads_while_another_program_writes_and_a_change_exits_7() {
    let (t, mut r) = TempRoster::new();
    r.add_person(person("行列 読者", "ぎょうれつ どくしゃ", "1940-04-01"))
        .unwrap();
    drop(r);
    let holder = hold_write_lock(&t.path);
    let list = yorisoi(&t.path, Some(PASS), &["person", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stdout(&list).contains("行列 読者"));
    assert!(
        stderr(&list).contains("cannot be written now"),
        "the reader is told: {}",
        stderr(&list)
    );
    let doc = t.dir.path().join("p.json");
    std::fs::write(&doc, common::sentinel_person_json()).unwrap();
    let add = yorisoi(
        &t.path,
        Some(PASS),
        &["person", "add", "--json", doc.to_str().unwrap()],
    );
    assert_eq!(add.status.code(), Some(7), "{}", stderr(&add));
    assert!(stderr(&add).contains("in use by another program"));
    assert!(stderr(&add).contains(&format!("pid {}", holder.pid())));
    drop(holder);
    assert_eq!(people(&t.open()), 1);
}

// ---------------------------------------------------------------------------------------
// A full disk: a real file system that is full.

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` (with a note) when this process may not mount.
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let root = std::fs::read_to_string("/proc/self/status")
                .unwrap_or_default()
                .lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
            assert!(
                !root,
                "running as root, yet a tmpfs could not be mounted for the full-disk test"
            );
            eprintln!("SKIPPED: the full-disk test mounts a tmpfs and needs root");
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk to the last byte with a file, returned so it can be removed.
    fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        for chunk in [1 << 16, 4096, 512, 1] {
            let block = vec![0u8; chunk];
            while f.write_all(&block).is_ok() {}
        }
        let _ = f.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn on_a_full_disk_the_roster_opens_for_reading_and_a_change_loses_nothing() {
    let Some(disk) = SmallDisk::mount("24m") else {
        return;
    };
    let path = disk.path().join("roster.db");
    let (mut r, _) = Roster::create(&path, ACCOUNT, &pass(), clock()).unwrap();
    let id = r
        .add_person(person("満杯 太郎", "まんぱい たろう", "1939-02-03"))
        .unwrap();
    drop(r);
    let file_before = file_hash(&path);

    let filler = disk.fill();
    let mut r = Roster::open(&path, ACCOUNT, &pass(), clock()).unwrap();
    assert_eq!(r.write_state().blocked, Some(WriteBlock::DiskFull));
    assert_eq!(r.write_state().held_audit_rows, 1);
    assert_eq!(r.view_person(id).unwrap().name, "満杯 太郎");
    let err = r
        .add_person(person("不足 花子", "ふそく はなこ", "1940-01-01"))
        .unwrap_err();
    assert!(
        matches!(err, Error::CannotWrite(WriteBlock::DiskFull)),
        "{err:?}"
    );
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_eq!(people(&r), 1);
    // The CLI says the same and exits 7.
    let doc = disk.path().join("p.json");
    let _ = std::fs::write(&doc, common::sentinel_person_json());
    drop(r);
    assert_eq!(
        file_hash(&path),
        file_before,
        "the roster file was not touched"
    );

    std::fs::remove_file(&filler).unwrap();
    let mut r = Roster::open(&path, ACCOUNT, &pass(), clock()).unwrap();
    assert_eq!(r.write_state().blocked, None);
    r.add_person(person("空き 次郎", "あき じろう", "1940-01-01"))
        .unwrap();
    assert_eq!(people(&r), 2);
    assert!(r.check().unwrap().is_ok());
}

#[test]
fn the_command_line_on_a_full_disk_reads_and_refuses_a_change_with_exit_7() {
    let Some(disk) = SmallDisk::mount("24m") else {
        return;
    };
    let path = disk.path().join("roster.db");
    let (mut r, _) = Roster::create(&path, ACCOUNT, &pass(), clock()).unwrap();
    r.add_person(person("満杯 行列", "まんぱい ぎょうれつ", "1939-02-03"))
        .unwrap();
    drop(r);
    let outside = tempfile::tempdir().unwrap();
    let doc = outside.path().join("p.json");
    std::fs::write(&doc, common::sentinel_person_json()).unwrap();
    let filler = disk.fill();
    let list = yorisoi(&path, Some(PASS), &["person", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stdout(&list).contains("満杯 行列"));
    let add = yorisoi(
        &path,
        Some(PASS),
        &["person", "add", "--json", doc.to_str().unwrap()],
    );
    assert_eq!(add.status.code(), Some(7), "{}", stderr(&add));
    assert!(stderr(&add).contains("disk is full"), "{}", stderr(&add));
    std::fs::remove_file(&filler).unwrap();
    let r = Roster::open(&path, ACCOUNT, &pass(), clock()).unwrap();
    assert_eq!(people(&r), 1);
}

// ---------------------------------------------------------------------------------------
// A damaged file is not a wrong passphrase.

/// Overwrites two bytes in the middle of page `page` (1-based) of the file at `path`.
/// Flips two bytes in the middle of page `page` (never writes bytes that may already be
/// there: a page's ciphertext is random, and two fixed bytes matched it once in CI).
fn damage_page(path: &Path, page: u64) {
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let at = SeekFrom::Start((page - 1) * 4096 + 1500);
    let mut bytes = [0u8; 2];
    f.seek(at).unwrap();
    f.read_exact(&mut bytes).unwrap();
    f.seek(at).unwrap();
    f.write_all(&[bytes[0] ^ 0xA5, bytes[1] ^ 0x5A]).unwrap();
    f.sync_all().unwrap();
}

fn failures_in_key_file(path: &Path) -> u64 {
    let keys: serde_json::Value =
        serde_json::from_slice(&std::fs::read(yorisoi::store::keyfile::keys_path(path)).unwrap())
            .unwrap();
    keys["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["failures"].as_u64().unwrap_or(0))
        .sum()
}

#[test]
fn a_damaged_first_page_is_named_as_damage_and_counts_no_try() {
    let (t, mut r) = TempRoster::new();
    for i in 0..40 {
        r.add_person(person(&format!("損傷 {i}"), "そんしょう", "1940-01-01"))
            .unwrap();
    }
    drop(r);
    damage_page(&t.path, 1);
    let damaged = file_hash(&t.path);
    for _ in 0..5 {
        match Roster::open(&t.path, ACCOUNT, &pass(), clock()) {
            Err(Error::Damaged { pages, path }) => {
                assert_eq!(pages, vec![1]);
                assert_eq!(path.as_deref(), Some(t.path.as_path()));
            }
            other => panic!("expected damage, got {other:?}"),
        }
    }
    assert_eq!(
        failures_in_key_file(&t.path),
        0,
        "damage is not a failed try"
    );
    assert_eq!(file_hash(&t.path), damaged, "nothing was changed");
    // A wrong passphrase on the damaged file is still a wrong passphrase, and counts.
    let wrong = Roster::open(
        &t.path,
        ACCOUNT,
        &yorisoi::Passphrase::new("not the passphrase at all".into()),
        clock(),
    );
    assert!(matches!(wrong, Err(Error::WrongPassphrase(_))), "{wrong:?}");
    assert_eq!(failures_in_key_file(&t.path), 1);

    // The command line says which page and what to do, and it is not exit 3.
    let out = yorisoi(&t.path, Some(PASS), &["person", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("is damaged: page 1 fails its check"), "{err}");
    assert!(err.contains("not a wrong passphrase"), "{err}");
    assert!(err.contains("yorisoi restore"), "{err}");
}

#[test]
fn damaged_later_pages_are_named_and_count_no_try() {
    let (t, mut r) = TempRoster::new();
    for i in 0..200 {
        r.add_person(person(&format!("頁 損傷 {i}"), "ぺーじ", "1940-01-01"))
            .unwrap();
    }
    drop(r);
    let pages = std::fs::metadata(&t.path).unwrap().len() / 4096;
    // Damage the pages from the middle to the end: they hold persons.
    let damaged: Vec<u64> = (pages / 2..=pages).collect();
    for &page in &damaged {
        damage_page(&t.path, page);
    }
    // Opening may read a damaged page or not; either way the pages are named, and it is
    // never a wrong passphrase.
    match Roster::open(&t.path, ACCOUNT, &pass(), clock()) {
        Err(Error::Damaged { pages, .. }) => assert_eq!(pages, damaged),
        Err(e) => panic!("expected damage, got {e:?}"),
        Ok(r) => {
            let read = r.list_persons(&PersonQuery::default());
            match read {
                Err(e @ Error::Damaged { .. }) => {
                    assert_eq!(e.code(), yorisoi::ErrorCode::Integrity);
                    assert!(e.to_string().contains("yorisoi check"), "{e}");
                }
                other => panic!("expected damage, got {:?}", other.map(|v| v.len())),
            }
            let report = r.check().unwrap();
            assert!(!report.is_ok());
            for page in &damaged {
                assert!(
                    report
                        .cipher_faults
                        .iter()
                        .any(|l| l.ends_with(&format!("page {page}"))),
                    "{:?}",
                    report.cipher_faults
                );
            }
        }
    }
    assert_eq!(failures_in_key_file(&t.path), 0);
}
