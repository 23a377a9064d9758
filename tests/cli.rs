//! The command line's contract: commands, JSON keys and exit codes that other tools script
//! against.

mod common;

#[path = "cli/accounts.rs"]
mod accounts;
#[path = "cli/audit.rs"]
mod audit;
#[path = "common/rechain.rs"]
mod rechain;

use common::*;
use serde_json::Value;

fn init(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let db = dir.path().join("roster.db");
    let o = yorisoi(&db, Some(PASS), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    db
}

fn add(db: &std::path::Path, json: &str) -> std::process::Output {
    let file = db.with_extension("json");
    std::fs::write(&file, json).unwrap();
    let o = yorisoi(
        db,
        Some(PASS),
        &["person", "add", "--json", file.to_str().unwrap()],
    );
    std::fs::remove_file(&file).unwrap();
    o
}

#[test]
fn person_add_show_list_round_trip_with_the_statutory_keys() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let mut doc: Value = serde_json::from_str(&sentinel_person_json()).unwrap();
    doc["id"] = Value::from(999); // ignored
    let o = add(&db, &doc.to_string());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    assert_eq!(id, "1");

    let o = yorisoi(&db, Some(PASS), &["person", "show", &id, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let shown: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown["id"], 1);
    assert_eq!(shown["name"], "秘密山 漏洩子");
    assert_eq!(shown["furigana"], "ひみつやま ろうえいこ");
    assert_eq!(shown["sex"], "female");
    assert_eq!(shown["date_of_birth"], "1937-04-05");
    assert_eq!(shown["address"], "みどり市センチネル町9丁目8番7号");
    assert_eq!(shown["phone"], "0990-12-3456");
    assert_eq!(shown["district"], "中央地区");
    assert_eq!(shown["care_level"], "care-3");

    // What show prints, add accepts: a second copy gets a new id and the same content.
    let o = add(
        &db,
        &stdout(&yorisoi(
            &db,
            Some(PASS),
            &["person", "show", "1", "--json"],
        )),
    );
    assert_eq!(stdout(&o).trim(), "2", "{}", stderr(&o));

    let o = yorisoi(
        &db,
        Some(PASS),
        &["person", "list", "--query", "ﾋﾐﾂﾔﾏ", "--json"],
    );
    let list: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["name"], "秘密山 漏洩子");
    assert_eq!(list[0]["age"], 89);

    let text = stdout(&yorisoi(&db, Some(PASS), &["person", "show", "1"]));
    assert!(text.contains("昭和12年4月5日（1937-04-05）"), "{text}");
    assert!(text.contains("要介護3"), "{text}");
}

#[test]
fn exit_codes_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    // 2: usage
    assert_eq!(
        yorisoi(&db, Some(PASS), &["person", "frobnicate"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        yorisoi(&db, Some(PASS), &["person", "show", "abc"])
            .status
            .code(),
        Some(2)
    );
    // 3: passphrase
    assert_eq!(
        yorisoi(&db, Some("wrong"), &["person", "list"])
            .status
            .code(),
        Some(3)
    );
    assert_eq!(
        yorisoi(&db, Some(""), &["person", "list"]).status.code(),
        Some(3)
    );
    let o = yorisoi(&db, None, &["person", "list"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("YORISOI_PASSPHRASE"));
    // 4: not found
    let o = yorisoi(&db, Some(PASS), &["person", "show", "42"]);
    assert_eq!(o.status.code(), Some(4));
    assert!(stderr(&o).contains("person 42 not found"), "{}", stderr(&o));
    assert_eq!(
        yorisoi(&dir.path().join("none.db"), Some(PASS), &["person", "list"])
            .status
            .code(),
        Some(4)
    );
    assert_eq!(
        yorisoi(&db, Some(PASS), &["person", "restore", "7"])
            .status
            .code(),
        Some(4)
    );
    // 5: invalid input, naming the field and not echoing the value
    let mut doc: Value = serde_json::from_str(&sentinel_person_json()).unwrap();
    doc["date_of_birth"] = Value::from("1940-02-30");
    let o = add(&db, &doc.to_string());
    assert_eq!(o.status.code(), Some(5));
    assert!(stderr(&o).contains("date_of_birth"), "{}", stderr(&o));
    doc["date_of_birth"] = Value::from("1940-02-03");
    doc["phone"] = Value::from("秘密山");
    let o = add(&db, &doc.to_string());
    assert_eq!(o.status.code(), Some(5));
    assert!(
        stderr(&o).contains("phone") && !stderr(&o).contains("秘密山"),
        "{}",
        stderr(&o)
    );
    assert_eq!(add(&db, "{not json").status.code(), Some(5));
    let id = stdout(&add(&db, &sentinel_person_json()))
        .trim()
        .to_string();
    let o = yorisoi(
        &db,
        Some(PASS),
        &["person", "archive", &id, "--reason", "bored"],
    );
    assert_eq!(o.status.code(), Some(5));
    assert!(stderr(&o).contains("reason"));
    // 1: anything else (init over an existing file), and the file is untouched
    let before = file_hash(&db);
    assert_eq!(yorisoi(&db, Some(PASS), &["init"]).status.code(), Some(1));
    assert_eq!(file_hash(&db), before);
    // nothing of the above leaked the passphrase
    for args in [&["person", "list"][..], &["person", "show", "1"]] {
        let o = yorisoi(&db, Some("wrong-Pass-123"), args);
        assert!(!stderr(&o).contains("wrong-Pass-123") && !stdout(&o).contains("wrong-Pass-123"));
    }
}

#[test]
fn archive_restore_and_purge_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let id = stdout(&add(&db, &sentinel_person_json()))
        .trim()
        .to_string();
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "person",
            "archive",
            &id,
            "--reason",
            "entered-facility",
            "--on",
            "R8.11.1",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = |extra: &[&str]| {
        let mut args = vec!["person", "list", "--json"];
        args.extend_from_slice(extra);
        serde_json::from_str::<Value>(&stdout(&yorisoi(&db, Some(PASS), &args))).unwrap()
    };
    assert_eq!(list(&[]).as_array().unwrap().len(), 0);
    assert_eq!(list(&["--archived"])[0]["archived"], true);
    let shown: Value = serde_json::from_str(&stdout(&yorisoi(
        &db,
        Some(PASS),
        &["person", "show", &id, "--json"],
    )))
    .unwrap();
    assert_eq!(shown["archived"]["reason"], "entered-facility");
    assert_eq!(shown["archived"]["on"], "2026-11-01");
    // Purge without --yes removes nothing.
    assert_eq!(
        yorisoi(&db, Some(PASS), &["person", "purge", &id])
            .status
            .code(),
        Some(5)
    );
    assert_eq!(list(&["--archived"]).as_array().unwrap().len(), 1);
    assert_eq!(
        yorisoi(&db, Some(PASS), &["person", "restore", &id])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(list(&[]).as_array().unwrap().len(), 1);
    yorisoi(
        &db,
        Some(PASS),
        &["person", "archive", &id, "--reason", "moved"],
    );
    let o = yorisoi(&db, Some(PASS), &["person", "purge", &id, "--yes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("emergency_contacts: 1"));
    assert_eq!(list(&["--archived"]).as_array().unwrap().len(), 0);
    let audit: Value = serde_json::from_str(&stdout(&yorisoi(
        &db,
        Some(PASS),
        &["audit", "list", "--json"],
    )))
    .unwrap();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "person.purge",
        "person.restore",
        "person.archive",
        "person.view",
        "person.add",
        "roster.unlock",
        "roster.create",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    // Newest first: this very command's unlock, then the listing's, then the purge.
    assert_eq!(
        actions[..3],
        ["roster.unlock", "roster.unlock", "person.purge"]
    );
    // The account is the who of every row; the named operator (--operator) stands beside
    // it on what the command did (the unlock row is written before it is set).
    assert_eq!(audit[0]["account"], ACCOUNT);
    assert_eq!(audit[2]["account"], ACCOUNT);
    assert_eq!(audit[2]["operator"], "試験 担当");
    assert_eq!(yorisoi(&db, Some(PASS), &["check"]).status.code(), Some(0));
}

#[test]
fn backup_restores_to_a_new_roster_with_the_same_content() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    add(&db, &sentinel_person_json());
    let backup = dir.path().join("backup.db");
    let o = yorisoi(
        &db,
        Some(PASS),
        &["backup", "--out", backup.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!std::fs::read(&backup)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    // A second backup to the same file is refused, leaving the first intact.
    let before = file_hash(&backup);
    assert_eq!(
        yorisoi(
            &db,
            Some(PASS),
            &["backup", "--out", backup.to_str().unwrap()]
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(file_hash(&backup), before);
    let restored = dir.path().join("restored.db");
    assert_eq!(
        yorisoi(
            &restored,
            Some("wrong"),
            &[
                "restore",
                backup.to_str().unwrap(),
                "--to",
                restored.to_str().unwrap()
            ]
        )
        .status
        .code(),
        Some(3)
    );
    assert!(!restored.exists());
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "restore",
            backup.to_str().unwrap(),
            "--to",
            restored.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Restoring reads the backup and never writes to it (not even an unlock row).
    assert_eq!(
        file_hash(&backup),
        before,
        "the backup changed while being restored"
    );
    let a = stdout(&yorisoi(
        &db,
        Some(PASS),
        &["person", "show", "1", "--json"],
    ));
    let b = stdout(&yorisoi(
        &restored,
        Some(PASS),
        &["person", "show", "1", "--json"],
    ));
    assert_eq!(a, b);
    assert_eq!(
        yorisoi(&restored, Some(PASS), &["check"]).status.code(),
        Some(0)
    );
}

#[test]
fn check_fails_on_a_tampered_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    add(&db, &sentinel_person_json());
    let c = raw(&db);
    c.execute(
        "UPDATE audit_log SET action = 'person.nothing' WHERE seq = 2",
        [],
    )
    .unwrap();
    drop(c);
    let o = yorisoi(&db, Some(PASS), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("first fault: audit row 2"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn supporters_record_their_own_consent_to_be_named_and_it_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let person = stdout(&add(&db, &sentinel_person_json()))
        .trim()
        .to_string();
    let file = dir.path().join("s.json");
    std::fs::write(
        &file,
        r#"{"kind": "individual", "name": "隣野 助", "available_night": false}"#,
    )
    .unwrap();
    let o = yorisoi(
        &db,
        Some(PASS),
        &["supporter", "add", "--json", file.to_str().unwrap()],
    );
    let supporter = stdout(&o).trim().to_string();
    assert_eq!(supporter, "1", "{}", stderr(&o));
    assert_eq!(
        yorisoi(
            &db,
            Some(PASS),
            &[
                "supporter",
                "assign",
                &person,
                &supporter,
                "--role",
                "声かけ"
            ]
        )
        .status
        .code(),
        Some(0)
    );
    let record = |extra: &[&str]| {
        let mut args = vec!["supporter", "consent", "record", supporter.as_str()];
        args.extend_from_slice(extra);
        yorisoi(&db, Some(PASS), &args)
    };
    assert_eq!(
        record(&[
            "--purpose",
            "be-named",
            "--answer",
            "consented",
            "--obtained",
            "R8.4.1",
            "--by",
            "福祉 一郎"
        ])
        .status
        .code(),
        Some(0)
    );
    let refused = record(&[
        "--purpose",
        "receive-plan",
        "--answer",
        "refused",
        "--person",
        &person,
    ]);
    assert_eq!(refused.status.code(), Some(0), "{}", stderr(&refused));
    let bad = record(&["--purpose", "be-named", "--answer", "maybe"]);
    assert_eq!(bad.status.code(), Some(5));
    assert!(
        stderr(&bad).contains("answer: must be one of: consented, refused, withdrawn"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(
        record(&[
            "--purpose",
            "be-named",
            "--answer",
            "consented",
            "--person",
            "99"
        ])
        .status
        .code(),
        Some(4)
    );
    let history: Value = serde_json::from_str(&stdout(&yorisoi(
        &db,
        Some(PASS),
        &["supporter", "consent", "history", &supporter, "--json"],
    )))
    .unwrap();
    let rows = history.as_array().unwrap();
    assert_eq!(rows.len(), 2, "the rejected answers wrote nothing");
    assert_eq!(
        (
            rows[0]["purpose"].as_str(),
            rows[0]["answer"].as_str(),
            rows[0]["obtained_on"].as_str()
        ),
        (Some("be-named"), Some("consented"), Some("2026-04-01"))
    );
    assert_eq!(rows[1]["person_id"].as_i64(), person.parse::<i64>().ok());
    assert_eq!(rows[1]["answer"], "refused");
    let audit = stdout(&yorisoi(&db, Some(PASS), &["audit", "list"]));
    assert_eq!(audit.matches("supporter.consent").count(), 2, "{audit}");
}

#[test]
fn the_operator_is_the_os_account_whatever_user_and_username_say() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let account = yorisoi::platform::os_account().expect("the OS names this account");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yorisoi"))
        .args(["--db", db.to_str().unwrap(), "audit", "list", "--json"])
        .env_remove("YORISOI_OPERATOR")
        .env("USER", "spoofed-officer")
        .env("USERNAME", "spoofed-officer")
        .env("YORISOI_PASSPHRASE", PASS)
        .env("YORISOI_ACCOUNT", ACCOUNT)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let unlock = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["action"] == "roster.unlock")
        .expect("the unlock is audited");
    assert_eq!(unlock["operator"], account.as_str(), "{unlock}");
    assert_eq!(unlock["account"], ACCOUNT, "{unlock}");
    assert_ne!(unlock["operator"], "spoofed-officer");
}

#[test]
fn check_reports_whether_other_accounts_can_read_the_roster() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let mode = std::fs::metadata(&db).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a new roster is its owner's only");
    let o = yorisoi(&db, Some(PASS), &["check", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(report["owner_only"], true);

    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = yorisoi(&db, Some(PASS), &["check"]);
    // A warning, not a fault: an administrator may share the file on purpose.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("file access: WARNING other accounts may read the roster file"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o644,
        "check only reports; it changes nothing"
    );
}
