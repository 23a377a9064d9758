//! Officer accounts from the command line (#14): `--account`, `account …`, `recovery new`,
//! `unlock-recovery`, roles refused with exit 6, and restore naming the accounts it brings.
//! Every unlock costs an Argon2id derivation (≈0.5 s), so each test opens only as often as
//! what it checks needs.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::common::*;

/// The first admin's name; its passphrase is `PASS`.
const ADMIN: &str = "kanri";
const SATO_PASS: &str = "ひまわり畑で赤い自転車";
const SATO_NEW: &str = "夕焼けの港に白い灯台が三つ";
const YAMADA_PASS: &str = "violet kettle under moonlit harbour";

/// Runs `yorisoi` as `account` with `passphrase` and extra variables.
fn as_(db: &Path, account: &str, passphrase: &str, env: &[(&str, &str)], args: &[&str]) -> Output {
    yorisoi_as(db, Some(account), Some(passphrase), env, args)
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Asserts the exit code, showing what the command said when it differs.
#[track_caller]
fn expect(o: &Output, want: i32) {
    assert_eq!(
        code(o),
        Some(want),
        "stdout: {}\nstderr: {}",
        stdout(o),
        stderr(o)
    );
}

/// The key after `recovery key: ` on standard output, if shown.
fn shown_key(o: &Output) -> Option<String> {
    stdout(o)
        .lines()
        .find_map(|l| l.strip_prefix("recovery key: "))
        .map(|k| k.trim().to_string())
}

/// The message of exit 6: the account's role may not do this.
fn refused_for_role(o: &Output, role: &str) -> bool {
    let e = stderr(o);
    e.contains(&format!("your account's role ({role}) may not")) && e.contains("アカウントの役割")
}

/// Eight groups of six digits.
fn looks_like_a_key(k: &str) -> bool {
    let groups: Vec<&str> = k.split('-').collect();
    groups.len() == 8
        && groups
            .iter()
            .all(|g| g.len() == 6 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A new roster with `ADMIN` as its first admin; returns its path and the init output.
fn init(dir: &Path, extra: &[&str]) -> (PathBuf, Output) {
    let db = dir.join("roster.db");
    let mut args = vec!["init"];
    args.extend_from_slice(extra);
    let o = as_(&db, ADMIN, PASS, &[], &args);
    expect(&o, 0);
    (db, o)
}

/// `ADMIN` adds `name` with `role` and `passphrase`.
fn add_account(db: &Path, name: &str, role: &str, passphrase: &str) -> Output {
    as_(
        db,
        ADMIN,
        PASS,
        &[("YORISOI_NEW_PASSPHRASE", passphrase)],
        &["account", "add", name, "--role", role],
    )
}

fn list_json(db: &Path) -> Vec<Value> {
    let o = as_(db, ADMIN, PASS, &[], &["account", "list", "--json"]);
    expect(&o, 0);
    serde_json::from_str::<Value>(&stdout(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn init_needs_an_account_and_shows_the_recovery_key_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    for args in [&["init"][..], &["init", "--account", "  "][..]] {
        let o = yorisoi_as(&db, None, Some(PASS), &[], args);
        expect(&o, 2);
        assert!(
            stderr(&o).contains("--account") && stderr(&o).contains("YORISOI_ACCOUNT"),
            "{}",
            stderr(&o)
        );
        assert!(!db.exists() && !dir.path().join("roster.keys").exists());
    }
    // A weak first passphrase: refused naming the field, nothing made.
    let o = as_(&db, ADMIN, "password1234", &[], &["init"]);
    expect(&o, 5);
    assert!(stderr(&o).contains("passphrase"), "{}", stderr(&o));
    assert!(!db.exists());

    let (db, o) = init(dir.path(), &[]);
    assert!(dir.path().join("roster.keys").is_file());
    let text = stdout(&o);
    assert!(text.contains(ADMIN), "{text}");
    assert!(
        text.contains("回復キー")
            && text.contains("write it down")
            && text.contains("recovery new --out"),
        "{text}"
    );
    let key = shown_key(&o).expect("init shows the recovery key");
    assert!(looks_like_a_key(&key), "{key}");
    assert!(!text.contains(PASS) && !stderr(&o).contains(PASS));
    // Only once: opening again never shows it.
    let o = as_(&db, ADMIN, PASS, &[], &["account", "list"]);
    expect(&o, 0);
    assert!(!stdout(&o).contains(&key) && shown_key(&o).is_none());
    // Any command that opens needs the account too.
    let o = yorisoi_as(&db, None, Some(PASS), &[], &["person", "list"]);
    expect(&o, 2);
    assert!(stderr(&o).contains("YORISOI_ACCOUNT"), "{}", stderr(&o));
}

#[test]
fn every_account_command_from_init_to_remove() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = init(dir.path(), &[]);

    // Bad input is refused before anything is opened or changed.
    let o = add_account(&db, "sato", "chief", SATO_PASS);
    expect(&o, 5);
    assert!(
        stderr(&o).contains("role: must be one of: viewer, officer, admin"),
        "{}",
        stderr(&o)
    );
    let o = add_account(&db, "sato", "officer", "sato12345678");
    expect(&o, 5);
    assert!(stderr(&o).contains("passphrase"), "{}", stderr(&o));

    let o = add_account(&db, "sato", "officer", SATO_PASS);
    expect(&o, 0);
    assert!(stdout(&o).contains("sato") && stdout(&o).contains("officer"));
    assert!(!stdout(&o).contains(SATO_PASS) && !stderr(&o).contains(SATO_PASS));
    expect(&add_account(&db, "yamada", "viewer", YAMADA_PASS), 0);
    // The same name twice is refused.
    expect(&add_account(&db, "yamada", "viewer", YAMADA_PASS), 5);

    let list = list_json(&db);
    let names: Vec<(&str, &str)> = list
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("kanri", "admin"),
            ("sato", "officer"),
            ("yamada", "viewer")
        ]
    );
    for a in &list {
        let mut keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["created_at", "created_by", "name", "role"], "{a}");
        assert!(
            chrono::DateTime::parse_from_rfc3339(a["created_at"].as_str().unwrap()).is_ok(),
            "{a}"
        );
    }
    assert_eq!(list[1]["created_by"], ADMIN, "{list:?}");

    // Each account opens with its own passphrase, and only with it.
    let o = as_(&db, "sato", SATO_PASS, &[], &["account", "list"]);
    expect(&o, 0);
    let text = stdout(&o);
    assert!(
        text.lines().any(|l| l.starts_with("yamada\tviewer\t")),
        "{text}"
    );
    expect(&as_(&db, "sato", PASS, &[], &["person", "list"]), 3);

    // An officer may not manage accounts.
    let o = as_(
        &db,
        "sato",
        SATO_PASS,
        &[],
        &["account", "role", "yamada", "officer"],
    );
    expect(&o, 6);
    assert!(refused_for_role(&o, "officer"), "{}", stderr(&o));

    // Re-role.
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[],
        &["account", "role", "yamada", "officer"],
    );
    expect(&o, 0);
    assert!(stdout(&o).contains("yamada") && stdout(&o).contains("officer"));
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[],
        &["account", "role", "yamada", "boss"],
    );
    expect(&o, 5);
    // The last admin stays one, and cannot remove itself.
    expect(
        &as_(&db, ADMIN, PASS, &[], &["account", "role", ADMIN, "viewer"]),
        5,
    );
    expect(
        &as_(&db, ADMIN, PASS, &[], &["account", "remove", ADMIN]),
        5,
    );

    // Changing one's own passphrase: the old one stops, the new one opens, others still do.
    let o = as_(
        &db,
        "sato",
        SATO_PASS,
        &[("YORISOI_NEW_PASSPHRASE", SATO_NEW)],
        &["account", "passphrase"],
    );
    expect(&o, 0);
    assert!(stdout(&o).contains("no longer opens"), "{}", stdout(&o));
    assert!(!stdout(&o).contains(SATO_NEW) && !stderr(&o).contains(SATO_NEW));
    expect(&as_(&db, "sato", SATO_PASS, &[], &["person", "list"]), 3);
    expect(&as_(&db, "sato", SATO_NEW, &[], &["person", "list"]), 0);
    expect(
        &as_(&db, "yamada", YAMADA_PASS, &[], &["person", "list"]),
        0,
    );

    // Removed: its passphrase no longer opens (exit 3, as a wrong one).
    let o = as_(&db, ADMIN, PASS, &[], &["account", "remove", "sato"]);
    expect(&o, 0);
    assert!(stdout(&o).contains("sato"), "{}", stdout(&o));
    let o = as_(&db, "sato", SATO_NEW, &[], &["person", "list"]);
    expect(&o, 3);
    assert!(
        stderr(&o).contains("passphrase does not open"),
        "{}",
        stderr(&o)
    );
    let names: Vec<String> = list_json(&db)
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["kanri", "yamada"]);

    // The audit log names the account of every change.
    let o = as_(&db, ADMIN, PASS, &[], &["audit", "list", "--json"]);
    let rows: Vec<Value> = serde_json::from_str::<Value>(&stdout(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let by = |action: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r["action"] == action)
            .map(|r| r["account"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(by("account.remove"), ["kanri"]);
    assert!(by("roster.unlock").contains(&"sato".to_string()));
    assert!(by("roster.unlock").contains(&"yamada".to_string()));
}

#[test]
fn rekey_is_the_old_name_of_account_passphrase() {
    let o = yorisoi_as(
        Path::new("unused.db"),
        None,
        None,
        &[],
        &["rekey", "--help"],
    );
    expect(&o, 0);
    assert!(stdout(&o).contains("account passphrase"), "{}", stdout(&o));
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = init(dir.path(), &[]);
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[("YORISOI_NEW_PASSPHRASE", SATO_NEW)],
        &["rekey"],
    );
    expect(&o, 0);
    expect(&as_(&db, ADMIN, PASS, &[], &["person", "list"]), 3);
    expect(&as_(&db, ADMIN, SATO_NEW, &[], &["person", "list"]), 0);
}

#[test]
fn a_viewer_reads_and_is_refused_every_write_with_exit_6() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = init(dir.path(), &[]);
    expect(&add_account(&db, "yamada", "viewer", YAMADA_PASS), 0);
    let json = dir.path().join("person.json");
    std::fs::write(&json, sentinel_person_json()).unwrap();
    let add = |account: &str, pass: &str| {
        as_(
            &db,
            account,
            pass,
            &[],
            &["person", "add", "--json", json.to_str().unwrap()],
        )
    };
    let o = add(ADMIN, PASS);
    expect(&o, 0);
    let id = stdout(&o).trim().to_string();

    let o = add("yamada", YAMADA_PASS);
    expect(&o, 6);
    assert!(refused_for_role(&o, "viewer"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let o = as_(
        &db,
        "yamada",
        YAMADA_PASS,
        &[],
        &[
            "consent",
            "record",
            &id,
            "--purpose",
            "roster",
            "--recipient-kind",
            "fire",
            "--answer",
            "consented",
        ],
    );
    expect(&o, 6);
    let o = as_(
        &db,
        "yamada",
        YAMADA_PASS,
        &[],
        &["account", "add", "x", "--role", "admin"],
    );
    expect(&o, 6);

    // Still one person, and the viewer may list it.
    let o = as_(
        &db,
        "yamada",
        YAMADA_PASS,
        &[],
        &["person", "list", "--json"],
    );
    expect(&o, 0);
    let list: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");

    // The text audit log: seq, at, account, operator, action, ...
    let o = as_(&db, "yamada", YAMADA_PASS, &[], &["audit", "list"]);
    expect(&o, 0);
    let text = stdout(&o);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        (rows[0][2], rows[0][4]),
        ("yamada", "roster.unlock"),
        "{text}"
    );
    // The person was added by the admin's account, with the named operator beside it.
    let added: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[4] == "person.add")
        .map(|r| (r[2], r[3]))
        .collect();
    assert_eq!(added, [(ADMIN, "試験 担当")], "{text}");

    // A wrong passphrase: exit 3.
    let o = as_(&db, "yamada", SATO_PASS, &[], &["person", "list"]);
    expect(&o, 3);
    assert!(!stderr(&o).contains(SATO_PASS));
}

#[test]
fn failed_tries_make_the_next_one_wait_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = init(dir.path(), &[]);
    let mut last = None;
    for _ in 0..4 {
        last = Some(as_(&db, ADMIN, SATO_PASS, &[], &["person", "list"]));
        expect(last.as_ref().unwrap(), 3);
    }
    // Now even the right passphrase must wait, and is not tried.
    let o = as_(&db, ADMIN, PASS, &[], &["person", "list"]);
    expect(&o, 3);
    assert!(
        stderr(&o).contains("s before trying again") && stderr(&o).contains("wait"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(last.as_ref().unwrap()).contains("before trying again"),
        "the fourth wrong try already waits: {}",
        stderr(last.as_ref().unwrap())
    );
}

#[test]
fn the_recovery_key_sheet_and_unlocking_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    // init with --recovery-sheet: the key is on the sheet, not on the screen.
    let first_sheet = dir.path().join("first.pdf");
    let (db, o) = init(
        dir.path(),
        &["--recovery-sheet", first_sheet.to_str().unwrap()],
    );
    assert!(shown_key(&o).is_none(), "{}", stdout(&o));
    assert!(stdout(&o).contains("first.pdf"), "{}", stdout(&o));
    assert!(std::fs::read(&first_sheet).unwrap().starts_with(b"%PDF"));

    // recovery new: a new sheet, the key not shown without --show.
    let sheet = dir.path().join("sheet.pdf");
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[],
        &["recovery", "new", "--out", sheet.to_str().unwrap()],
    );
    expect(&o, 0);
    assert!(shown_key(&o).is_none(), "{}", stdout(&o));
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"%PDF"));
    // Never over an existing file; nothing made.
    let before = file_hash(&sheet);
    let keys_before = file_hash(&dir.path().join("roster.keys"));
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[],
        &[
            "recovery",
            "new",
            "--out",
            sheet.to_str().unwrap(),
            "--show",
        ],
    );
    expect(&o, 1);
    assert!(shown_key(&o).is_none());
    assert_eq!(file_hash(&sheet), before);
    assert_eq!(file_hash(&dir.path().join("roster.keys")), keys_before);
    // A viewer may not make one.
    expect(&add_account(&db, "yamada", "viewer", YAMADA_PASS), 0);
    let other = dir.path().join("viewer.pdf");
    let o = as_(
        &db,
        "yamada",
        YAMADA_PASS,
        &[],
        &["recovery", "new", "--out", other.to_str().unwrap()],
    );
    expect(&o, 6);
    assert!(!other.exists());

    let shown = dir.path().join("shown.pdf");
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[],
        &[
            "recovery",
            "new",
            "--out",
            shown.to_str().unwrap(),
            "--show",
        ],
    );
    expect(&o, 0);
    let key = shown_key(&o).expect("--show prints the key");
    assert!(looks_like_a_key(&key), "{key}");

    let unlock = |account: Option<&str>, key: &str| {
        yorisoi_as(
            &db,
            account,
            None,
            &[
                ("YORISOI_RECOVERY_KEY", key),
                ("YORISOI_NEW_PASSPHRASE", SATO_NEW),
            ],
            &["unlock-recovery"],
        )
    };
    // A typo in group 3 is caught by its check digits: exit 5 naming the group.
    let mut typo: Vec<char> = key.chars().collect();
    let last_of_group_3 = 2 * 7 + 5;
    typo[last_of_group_3] = char::from(b'0' + (typo[last_of_group_3] as u8 - b'0' + 1) % 10);
    let typo: String = typo.into_iter().collect();
    let o = unlock(Some(ADMIN), &typo);
    expect(&o, 5);
    assert!(stderr(&o).contains("group 3"), "{}", stderr(&o));
    // No account named: usage.
    expect(&unlock(None, &key), 2);
    // Only for an admin.
    expect(&unlock(Some("yamada"), &key), 5);

    let o = unlock(Some(ADMIN), &key);
    expect(&o, 0);
    assert!(
        stdout(&o).contains("old one no longer opens"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains(&key) && !stdout(&o).contains(SATO_NEW));
    expect(&as_(&db, ADMIN, PASS, &[], &["person", "list"]), 3);
    let o = as_(&db, ADMIN, SATO_NEW, &[], &["audit", "list", "--json"]);
    expect(&o, 0);
    let rows: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "recovery.unlock" && r["account"] == ADMIN),
        "{rows}"
    );
}

#[test]
fn backup_carries_the_key_file_and_restore_names_the_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = init(dir.path(), &[]);
    expect(&add_account(&db, "yamada", "viewer", YAMADA_PASS), 0);
    let backup = dir.path().join("backup.db");
    let o = as_(
        &db,
        ADMIN,
        PASS,
        &[],
        &["backup", "--out", backup.to_str().unwrap()],
    );
    expect(&o, 0);
    assert!(
        stdout(&o).contains("backup.keys")
            && stdout(&o).contains("same accounts or the recovery key"),
        "{}",
        stdout(&o)
    );
    assert!(dir.path().join("backup.keys").is_file());

    let to = dir.path().join("restored.db");
    let restore = |account: Option<&str>, pass: &str| {
        yorisoi_as(
            &to,
            account,
            Some(pass),
            &[],
            &[
                "restore",
                backup.to_str().unwrap(),
                "--to",
                to.to_str().unwrap(),
            ],
        )
    };
    expect(&restore(None, PASS), 2);
    expect(&restore(Some(ADMIN), YAMADA_PASS), 3);
    assert!(!to.exists());
    // A viewer changes nothing, and makes no roster either.
    let o = restore(Some("yamada"), YAMADA_PASS);
    expect(&o, 6);
    assert!(!to.exists() && !dir.path().join("restored.keys").exists());
    let o = restore(Some(ADMIN), PASS);
    expect(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("kanri\tadmin"), "{text}");
    assert!(text.contains("yamada\tviewer"), "{text}");
    assert!(dir.path().join("restored.keys").is_file());
    // The restored roster opens with the same accounts.
    expect(
        &as_(&to, "yamada", YAMADA_PASS, &[], &["person", "list"]),
        0,
    );
}

#[test]
fn opening_warns_of_a_conversion_a_weak_passphrase_and_no_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    // A roster as the release before accounts made it: keyed with a shared passphrase that
    // falls short of today's strength rule.
    {
        let c = raw_with(&db, "midori2020");
        c.execute_batch(include_str!("../fixtures/schema-v1.sql"))
            .unwrap();
        c.execute_batch(include_str!("../fixtures/data-v1.sql"))
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let notes = |o: &Output| -> Vec<String> {
        stderr(o)
            .lines()
            .filter(|l| l.starts_with("注意"))
            .map(str::to_string)
            .collect()
    };
    let o = as_(
        &db,
        "yamada",
        "midori2020",
        &[],
        &["person", "list", "--json"],
    );
    expect(&o, 0);
    let first = notes(&o);
    assert_eq!(first.len(), 3, "{}", stderr(&o));
    assert!(
        first[0].contains("移行") && first[0].contains("yamada"),
        "{first:?}"
    );
    assert!(
        first[1].contains("弱い") && first[1].contains("account passphrase"),
        "{first:?}"
    );
    assert!(
        first[2].contains("回復キー") && first[2].contains("recovery new"),
        "{first:?}"
    );
    // Japanese first, then English, on one line each.
    assert!(first.iter().all(|l| l.contains(" — note: ")), "{first:?}");
    // The JSON on stdout stays clean.
    assert!(serde_json::from_str::<Value>(&stdout(&o)).is_ok());
    assert!(dir.path().join("old.keys").is_file());

    // Converted once; with a recovery key the last note goes too.
    let sheet = dir.path().join("sheet.pdf");
    let o = as_(
        &db,
        "yamada",
        "midori2020",
        &[],
        &["recovery", "new", "--out", sheet.to_str().unwrap()],
    );
    expect(&o, 0);
    assert_eq!(notes(&o).len(), 2, "{}", stderr(&o));
    let o = as_(&db, "yamada", "midori2020", &[], &["person", "list"]);
    expect(&o, 0);
    let last = notes(&o);
    assert_eq!(last.len(), 1, "{}", stderr(&o));
    assert!(last[0].contains("弱い"), "{last:?}");
}
