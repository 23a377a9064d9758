//! The roster never touches disk unencrypted: not the database, not its WAL or shared-memory
//! file, not a backup or a restored copy, not a temporary file — whether written through the
//! library or the `yorisoi` command. And a wrong passphrase (or a file that is not a roster)
//! is refused without changing a byte.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use common::*;
use yorisoi::model::ArchiveReason;
use yorisoi::{Error, Passphrase, PersonQuery, Roster};

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const WRONG: &str = "wrong-passphrase-Quux-4711";
const NEW_PASS: &str = "a brand new passphrase 新しい合言葉";

// ---------------------------------------------------------------------------------------
// Scanning.

/// Serialises the scans of the shared temporary folder with the control test, which puts
/// a sentinel there on purpose.
static TEMP_SCAN: Mutex<()> = Mutex::new(());

fn temp_scan_lock() -> MutexGuard<'static, ()> {
    TEMP_SCAN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where this test writes plaintext on purpose (the JSON documents the CLI reads): the
/// target's scratch folder, which the scans leave out even when it lies in the temporary
/// folder.
fn plaintext_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// An instant safely before anything this test writes (file times may be coarse).
fn test_start() -> SystemTime {
    SystemTime::now() - Duration::from_secs(2)
}

/// Every regular file under `dir`, recursively (symbolic links are not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let Ok(meta) = e.path().symlink_metadata() else {
            continue;
        };
        if meta.is_dir() {
            out.extend(files_under(&e.path()));
        } else if meta.is_file() {
            out.push(e.path());
        }
    }
    out
}

/// The sentinels found in `files`, as (file, sentinel) pairs. Files that vanished since
/// they were listed are skipped.
fn find_sentinels(files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut hits = Vec::new();
    for f in files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        for s in sentinels() {
            if contains(&bytes, &s) {
                hits.push((f.clone(), String::from_utf8_lossy(&s).into_owned()));
            }
        }
    }
    hits
}

fn is_within(path: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|r| path.starts_with(r))
}

/// The files in the system temporary folder that were written since `since`: loose files
/// in it (where SQLite puts temporary files) and everything in folders made since then
/// (where temporary folders go). Folders that existed before, and build folders (with a
/// `CACHEDIR.TAG`), are not entered: nothing this test runs writes there, but concurrent
/// builds of this very test (whose binary holds the sentinels) do.
fn temp_files_written_since(since: SystemTime, exclude: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return out;
    };
    for e in entries.flatten() {
        let path = e.path();
        if is_within(&path, exclude) {
            continue;
        }
        let Ok(meta) = path.symlink_metadata() else {
            continue;
        };
        if meta.is_file() {
            if meta.modified().is_ok_and(|m| m >= since) {
                out.push(path);
            }
        } else if meta.is_dir() {
            let made = meta.created().or_else(|_| meta.modified());
            if made.is_ok_and(|m| m >= since) && !path.join("CACHEDIR.TAG").exists() {
                out.extend(
                    files_under(&path)
                        .into_iter()
                        .filter(|f| !is_within(f, exclude))
                        .filter(|f| {
                            f.symlink_metadata()
                                .and_then(|m| m.modified())
                                .is_ok_and(|m| m >= since)
                        }),
                );
            }
        }
    }
    out
}

/// Asserts no file under `dir` nor any temporary file written since `since` holds a
/// sentinel; returns the files scanned under `dir`.
fn assert_no_plaintext(dir: &Path, since: SystemTime) -> Vec<PathBuf> {
    let files = files_under(dir);
    let hits = find_sentinels(&files);
    assert!(hits.is_empty(), "plaintext personal data on disk: {hits:?}");
    let _guard = temp_scan_lock();
    let temp = temp_files_written_since(since, &[plaintext_root()]);
    let hits = find_sentinels(&temp);
    assert!(
        hits.is_empty(),
        "plaintext personal data in temporary files: {hits:?}"
    );
    files
}

/// True when the file starts with the header of an unencrypted SQLite database.
fn is_plain_sqlite(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(SQLITE_MAGIC)
}

fn assert_not_plain_sqlite(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    assert!(
        len >= 4096,
        "{} is too small to be a roster ({len} bytes)",
        path.display()
    );
    assert!(
        !is_plain_sqlite(path),
        "{} is an unencrypted SQLite file",
        path.display()
    );
}

fn names(files: &[PathBuf]) -> Vec<String> {
    let mut v: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// How much of the shared-memory file (`-shm`, SQLite's WAL index) must stay as it was.
#[derive(Clone, Copy, Debug)]
enum Shm {
    /// Byte for byte: no process has the roster open, so nothing may write it.
    Exact,
    /// Present or absent, and its size. While a roster is open, or after a crash, every
    /// connection that looks at the WAL writes its read marks (or a fresh index) into this
    /// shared memory, whatever its key; it never holds roster data.
    Scratch,
}

/// The roster file, its WAL, its shared-memory file and a rollback journal: present or not,
/// and their hashes (the `-shm` per `shm`).
fn snapshot(db: &Path, shm: Shm) -> BTreeMap<String, Option<String>> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|s| {
            let p = with_suffix(db, s);
            let state = p.exists().then(|| match (*s, shm) {
                ("-shm", Shm::Scratch) => format!("{} bytes", std::fs::metadata(&p).unwrap().len()),
                _ => file_hash(&p),
            });
            (s.to_string(), state)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The command line.

/// Runs `yorisoi` like `common::yorisoi`, with extra environment variables.
fn yorisoi_env(db: &Path, passphrase: Option<&str>, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("YORISOI_PASSPHRASE")
        .env_remove("YORISOI_NEW_PASSPHRASE")
        .env_remove("YORISOI_DB")
        .env("YORISOI_OPERATOR", "試験 担当")
        .env("YORISOI_ACCOUNT", ACCOUNT)
        .stdin(Stdio::null());
    if let Some(p) = passphrase {
        cmd.env("YORISOI_PASSPHRASE", p);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn assert_ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: {:?}\nstdout: {}\nstderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// No passphrase ever appears in what the command prints.
fn assert_quiet_about(o: &Output, secrets: &[&str]) {
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        for (name, text) in [("stdout", stdout(o)), ("stderr", stderr(o))] {
            assert!(
                !text.contains(s),
                "the passphrase {s:?} appears in {name}: {text}"
            );
        }
    }
}

/// The command was refused as "the passphrase does not open this roster" — or, with
/// accounts, "did not open" (no key file beside it) or "wait N s" (after wrong tries).
fn assert_refused(o: &Output, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(3),
        "{what}: stdout {} stderr {}",
        stdout(o),
        stderr(o)
    );
    assert!(
        [
            "passphrase does not open",
            "did not open",
            "before trying again"
        ]
        .iter()
        .any(|m| stderr(o).contains(m)),
        "{what}: unclear message: {}",
        stderr(o)
    );
    assert!(stdout(o).is_empty(), "{what}: printed {}", stdout(o));
}

/// Writes the sentinel document where plaintext may be, runs `yorisoi person add` on it
/// and removes it at once; returns the new id.
fn cli_add_sentinel(db: &Path, passphrase: &str) -> String {
    let dir = tempfile::tempdir_in(plaintext_root()).unwrap();
    let json = dir.path().join("person.json");
    std::fs::write(&json, sentinel_person_json()).unwrap();
    let o = yorisoi(
        db,
        Some(passphrase),
        &["person", "add", "--json", json.to_str().unwrap()],
    );
    std::fs::remove_file(&json).unwrap();
    assert_ok(&o, "person add");
    assert_quiet_about(&o, &[passphrase]);
    let id = stdout(&o).trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "person add printed {id:?}");
    id
}

// ---------------------------------------------------------------------------------------
// Controls: the scans can fail.

#[test]
fn control_the_scans_find_plaintext() {
    let start = test_start();
    // A plain file in a fresh folder of the system temporary folder.
    {
        let _guard = temp_scan_lock();
        let dir = tempfile::tempdir().unwrap();
        let leak = dir.path().join("leak.txt");
        std::fs::write(&leak, format!("prefix {} suffix", "SENTINEL-NOTE-7f3a9c")).unwrap();
        let hits = find_sentinels(&files_under(dir.path()));
        assert_eq!(
            hits,
            vec![(leak.clone(), "SENTINEL-NOTE-7f3a9c".to_string())]
        );
        let temp = temp_files_written_since(start, &[plaintext_root()]);
        assert!(
            temp.contains(&leak),
            "the temporary-folder scan missed {}",
            leak.display()
        );
        assert!(!find_sentinels(&temp).is_empty());
    }
    // An unencrypted SQLite database holding the sentinel: found, and its header shows.
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    {
        let c = rusqlite::Connection::open(&plain).unwrap();
        c.execute_batch("CREATE TABLE t (v TEXT)").unwrap();
        c.execute("INSERT INTO t VALUES (?1)", [sentinel_person_json()])
            .unwrap();
    }
    let hits = find_sentinels(std::slice::from_ref(&plain));
    assert_eq!(hits.len(), sentinels().len(), "{hits:?}");
    assert!(is_plain_sqlite(&plain));
}

// ---------------------------------------------------------------------------------------
// Through the library.

#[test]
fn library_writes_nothing_in_plaintext() {
    let start = test_start();
    let (t, mut roster) = TempRoster::new();
    let id = roster.add_person(sentinel_person()).unwrap();
    let mut p = roster.view_person(id).unwrap();
    assert_eq!(p.name, "秘密山 漏洩子");
    assert_eq!(p.notes, "SENTINEL-NOTE-7f3a9c");
    p.help_needed = "秘密山さんは酸素ボンベ SENTINEL-NOTE-7f3a9c".to_string();
    p.contact.mobile_phone = "0990-12-3456".to_string();
    roster.update_person(id, p).unwrap();
    roster
        .archive_person(id, ArchiveReason::Moved, None, "漏洩子 転出")
        .unwrap();
    roster.restore_person(id).unwrap();
    let found = roster
        .list_persons(&PersonQuery {
            text: Some("ひみつやま".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].address, "みどり市センチネル町9丁目8番7号");

    let backup = t.dir.path().join("backup.db");
    roster.backup(&backup).unwrap();
    let restored_path = t.dir.path().join("restored.db");
    let mut restored =
        Roster::restore_backup(&backup, &restored_path, "試験 担当", &pass(), clock()).unwrap();
    assert_eq!(
        restored.view_person(id).unwrap().help_needed,
        "秘密山さんは酸素ボンベ SENTINEL-NOTE-7f3a9c"
    );
    // The live roster's newest pages are in its WAL: that must hold data, or the scan of it
    // would prove nothing.
    roster.view_person(id).unwrap();
    let wal = with_suffix(&t.path, "-wal");
    assert!(
        wal.exists() && std::fs::metadata(&wal).unwrap().len() > 0,
        "the open roster has no WAL"
    );
    assert!(
        with_suffix(&t.path, "-shm").exists(),
        "the open roster has no -shm"
    );

    // Both rosters are still open. (Reading their files here drops this process's POSIX
    // locks on them — closing any descriptor of a file does — which is harmless only
    // because no other process uses them. The tests that need a live lock hold the roster
    // open in a child process.)
    let scanned = assert_no_plaintext(t.dir.path(), start);
    let scanned = names(&scanned);
    for f in [
        "roster.db",
        "roster.db-wal",
        "roster.db-shm",
        "backup.db",
        "restored.db",
        "restored.db-wal",
    ] {
        assert!(
            scanned.iter().any(|s| s == f),
            "{f} was not scanned: {scanned:?}"
        );
    }
    for f in [&t.path, &backup, &restored_path] {
        assert_not_plain_sqlite(f);
    }
    drop(roster);
    drop(restored);
    // Closed (checkpointed into the main files), still nothing.
    assert_no_plaintext(t.dir.path(), start);
    for f in [&t.path, &backup, &restored_path] {
        assert_not_plain_sqlite(f);
    }
}

/// The SHA-256 of nothing: a kept, emptied write-ahead log.
const EMPTY_FILE: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// True when the snapshot's write-ahead log is absent or empty.
fn wal_is_empty_or_gone(s: &BTreeMap<String, Option<String>>) -> bool {
    s["-wal"].as_deref().is_none_or(|h| h == EMPTY_FILE)
}

#[test]
fn library_wrong_passphrase_is_refused_and_changes_nothing() {
    let (t, mut roster) = TempRoster::new();
    let id = roster.add_person(sentinel_person()).unwrap();
    drop(roster);
    let before = snapshot(&t.path, Shm::Exact);
    // Closed: the write-ahead log is kept beside the roster (so a full disk can still
    // open it) but emptied at the checkpoint.
    assert!(
        before[""].is_some() && wal_is_empty_or_gone(&before),
        "{before:?}"
    );
    for wrong in [
        WRONG,
        "",
        "correct horse battery stapl",
        "correct horse battery staple ",
    ] {
        let err = Roster::open(
            &t.path,
            "試験 担当",
            &Passphrase::new(wrong.to_string()),
            clock(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::WrongPassphrase(_)), "{wrong:?}: {err}");
        assert!(!err.to_string().contains(PASS));
        assert_eq!(
            snapshot(&t.path, Shm::Exact),
            before,
            "a wrong passphrase {wrong:?} changed the files"
        );
    }
    let mut roster = t.open_after_waiting();
    assert_eq!(roster.view_person(id).unwrap().name, "秘密山 漏洩子");
}

#[test]
fn cipher_settings_are_pinned() {
    let (t, mut roster) = TempRoster::new();
    let backup = t.dir.path().join("backup.db");
    roster.backup(&backup).unwrap();
    drop(roster);
    let reopened = t.open();
    let from_backup = Roster::open(&backup, "試験 担当", &pass(), clock()).unwrap();
    for r in [&reopened, &from_backup] {
        let s: BTreeMap<String, String> = r.cipher_settings().unwrap().into_iter().collect();
        assert!(!s["cipher_version"].trim().is_empty(), "{s:?}");
        assert!(s["kdf_iter"].parse::<u32>().unwrap() >= 256_000, "{s:?}");
        assert_eq!(s["cipher_hmac_algorithm"], "HMAC_SHA512");
        assert_eq!(s["cipher_kdf_algorithm"], "PBKDF2_HMAC_SHA512");
        assert_eq!(s["cipher_page_size"], "4096");
        assert_eq!(s["cipher_memory_security"], "1");
    }
}

// ---------------------------------------------------------------------------------------
// Through the command line.

#[test]
fn cli_writes_nothing_in_plaintext() {
    let start = test_start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    let o = yorisoi(&db, Some(PASS), &["init"]);
    assert_ok(&o, "init");
    assert_quiet_about(&o, &[PASS]);
    let id = cli_add_sentinel(&db, PASS);

    let o = yorisoi(&db, Some(PASS), &["person", "show", &id]);
    assert_ok(&o, "person show");
    assert!(
        stdout(&o).contains("秘密山 漏洩子") && stdout(&o).contains("SENTINEL-NOTE-7f3a9c"),
        "{}",
        stdout(&o)
    );
    assert_quiet_about(&o, &[PASS]);
    let o = yorisoi(&db, Some(PASS), &["person", "show", &id, "--json"]);
    assert_ok(&o, "person show --json");
    let shown: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown["address"], "みどり市センチネル町9丁目8番7号");
    let o = yorisoi(&db, Some(PASS), &["person", "list", "-q", "秘密山"]);
    assert_ok(&o, "person list");
    assert!(stdout(&o).contains("漏洩子"));
    let backup = dir.path().join("backup.db");
    let o = yorisoi(
        &db,
        Some(PASS),
        &["backup", "--out", backup.to_str().unwrap()],
    );
    assert_ok(&o, "backup");
    assert_quiet_about(&o, &[PASS]);

    let scanned = names(&assert_no_plaintext(dir.path(), start));
    assert!(
        scanned.contains(&"roster.db".to_string()) && scanned.contains(&"backup.db".to_string()),
        "{scanned:?}"
    );
    assert_not_plain_sqlite(&db);
    assert_not_plain_sqlite(&backup);
    // The backup opens with the passphrase and holds the person.
    let o = yorisoi(&backup, Some(PASS), &["person", "show", &id, "--json"]);
    assert_ok(&o, "person show from the backup");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()["name"],
        "秘密山 漏洩子"
    );
}

/// Wrong, empty and missing passphrases: exit 3, a clear message, no passphrase printed,
/// and the roster's files exactly as they were.
fn assert_cli_refusals_change_nothing(db: &Path, shm: Shm) {
    let before = snapshot(db, shm);
    for (wrong, what) in [(Some(WRONG), "wrong"), (Some(""), "empty")] {
        let o = yorisoi(db, wrong, &["person", "list"]);
        assert_refused(&o, what);
        assert_quiet_about(&o, &[PASS, WRONG]);
        assert_eq!(
            snapshot(db, shm),
            before,
            "a {what} passphrase changed the files"
        );
    }
    let o = yorisoi(db, None, &["person", "list"]);
    assert_eq!(o.status.code(), Some(3), "no passphrase: {}", stderr(&o));
    let msg = stderr(&o);
    assert!(
        msg.contains("no passphrase") && msg.contains("YORISOI_PASSPHRASE"),
        "unclear message: {msg}"
    );
    assert!(stdout(&o).is_empty());
    assert_eq!(
        snapshot(db, shm),
        before,
        "a missing passphrase changed the files"
    );
}

const HOLDER_DB: &str = "YORISOI_PRIVACY_HOLDER_DB";
const HOLDER_READY: &str = "@holder-ready@";

/// Another process holding the roster open (as the desktop app would): it unlocks the
/// roster, adds the sentinel person and waits until its standard input closes. Does
/// nothing when run by hand.
#[test]
#[ignore = "the child process of the passphrase tests; does nothing unless YORISOI_PRIVACY_HOLDER_DB is set"]
fn roster_holder() {
    use std::io::{Read, Write};
    let Ok(db) = std::env::var(HOLDER_DB) else {
        return;
    };
    let mut roster = Roster::open(Path::new(&db), "試験 担当", &pass(), clock()).unwrap();
    roster.add_person(sentinel_person()).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{HOLDER_READY}").unwrap();
    out.flush().unwrap();
    drop(out);
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
    drop(roster);
}

/// Starts [`roster_holder`] on `db` and waits until it has the roster open and has written.
fn hold_open(db: &Path) -> std::process::Child {
    use std::io::BufRead;
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "roster_holder", "--ignored", "--nocapture"])
        .env(HOLDER_DB, db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains(HOLDER_READY));
    assert!(ready, "the holder process did not open the roster");
    // Keep reading, so the child's test harness can still print its result line.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

/// Ends [`roster_holder`] cleanly (it closes the roster).
fn release(mut holder: std::process::Child) {
    drop(holder.stdin.take());
    assert!(holder.wait().unwrap().success());
}

#[test]
fn cli_wrong_empty_or_missing_passphrase_changes_nothing() {
    let (t, roster) = TempRoster::new();
    drop(roster);
    // While another process has the roster open, with a WAL and a shared-memory file.
    let holder = hold_open(&t.path);
    let open = snapshot(&t.path, Shm::Scratch);
    assert!(open["-wal"].is_some() && open["-shm"].is_some(), "{open:?}");
    assert_cli_refusals_change_nothing(&t.path, Shm::Scratch);
    let err = Roster::open(
        &t.path,
        "試験 担当",
        &Passphrase::new(WRONG.into()),
        clock(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase(_)), "{err}");
    assert_eq!(
        snapshot(&t.path, Shm::Scratch),
        open,
        "Roster::open with a wrong passphrase changed the files"
    );
    release(holder);
    // And when it is closed: the kept write-ahead log holds nothing.
    let closed = snapshot(&t.path, Shm::Exact);
    assert!(wal_is_empty_or_gone(&closed), "{closed:?}");
    assert_cli_refusals_change_nothing(&t.path, Shm::Exact);
    // The right passphrase still opens it, once the account's wait after three wrong
    // ones is over.
    let wait = Roster::unlock_wait(&t.path, "試験 担当", &yorisoi::SystemClock).unwrap();
    std::thread::sleep(std::time::Duration::from_secs(wait));
    let o = yorisoi(&t.path, Some(PASS), &["person", "list"]);
    assert_ok(&o, "person list");
    assert!(stdout(&o).contains("秘密山 漏洩子"), "{}", stdout(&o));
    assert_quiet_about(&o, &[PASS]);
}

/// After a crash the WAL and shared-memory files stay beside the roster until the next
/// unlock. A wrong passphrase must leave them as they are too.
///
/// Ignored: fails today. `Roster::open` opens the file read-write and drops the connection
/// when the key probe fails; SQLite's close of the last connection then checkpoints the
/// leftover WAL into the roster file and deletes `-wal` and `-shm` (no key is needed to
/// copy encrypted frames). The data survives, but the file changes, against
/// `Roster::open`'s promise. See the report of tests/privacy.rs.
#[test]
fn wrong_passphrase_after_a_crash_leaves_the_wal_alone() {
    let (t, roster) = TempRoster::new();
    drop(roster);
    let mut holder = hold_open(&t.path);
    holder.kill().unwrap();
    holder.wait().unwrap();
    let crashed = snapshot(&t.path, Shm::Scratch);
    assert!(
        crashed["-wal"].is_some() && crashed["-shm"].is_some(),
        "{crashed:?}"
    );
    assert_cli_refusals_change_nothing(&t.path, Shm::Scratch);
    let err = Roster::open(
        &t.path,
        "試験 担当",
        &Passphrase::new(WRONG.into()),
        clock(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase(_)), "{err}");
    assert_eq!(
        snapshot(&t.path, Shm::Scratch),
        crashed,
        "Roster::open with a wrong passphrase changed the files"
    );
    let roster = t.open();
    assert_eq!(
        roster.list_persons(&PersonQuery::default()).unwrap().len(),
        1
    );
}

#[test]
fn cli_rekey_changes_the_passphrase_and_keeps_the_data() {
    let start = test_start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    assert_ok(&yorisoi(&db, Some(PASS), &["init"]), "init");
    let id = cli_add_sentinel(&db, PASS);
    let show = |p: &str| yorisoi(&db, Some(p), &["person", "show", &id, "--json"]);
    let before = show(PASS);
    assert_ok(&before, "show before");
    assert!(stdout(&before).contains("秘密山 漏洩子"));

    let o = yorisoi_env(
        &db,
        Some(PASS),
        &[("YORISOI_NEW_PASSPHRASE", NEW_PASS)],
        &["rekey"],
    );
    assert_ok(&o, "rekey");
    assert_quiet_about(&o, &[PASS, NEW_PASS]);

    let old = yorisoi(&db, Some(PASS), &["person", "list"]);
    assert_refused(&old, "old passphrase after rekey");
    assert_quiet_about(&old, &[PASS, NEW_PASS]);
    let after = show(NEW_PASS);
    assert_ok(&after, "show after");
    assert_eq!(
        stdout(&after),
        stdout(&before),
        "the record changed across the rekey"
    );
    assert_quiet_about(&after, &[PASS, NEW_PASS]);
    let check = yorisoi(&db, Some(NEW_PASS), &["check"]);
    assert_ok(&check, "check after rekey");
    // Rekeying rewrites every page (through a rollback journal): still nothing in plaintext.
    assert_no_plaintext(dir.path(), start);
    assert_not_plain_sqlite(&db);
}

#[test]
fn a_file_that_is_not_a_roster_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.bin");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let before = snapshot(&path, Shm::Exact);
    for args in [
        &["person", "list"][..],
        &["check"][..],
        &["person", "show", "1"][..],
    ] {
        let o = yorisoi(&path, Some(PASS), args);
        assert_refused(&o, &format!("{args:?} on random bytes"));
        assert_quiet_about(&o, &[PASS]);
        assert_eq!(
            snapshot(&path, Shm::Exact),
            before,
            "{args:?} changed a file that is not a roster"
        );
    }
    let err = Roster::open(&path, "試験 担当", &pass(), clock()).unwrap_err();
    assert!(matches!(err, Error::NoKeyFile { .. }), "{err}");
    assert_eq!(snapshot(&path, Shm::Exact), before);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(
        names(&files_under(dir.path())),
        vec!["random.bin".to_string()]
    );
}
