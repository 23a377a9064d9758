//! `audit verify-head`: the head printed on a list's footer, read back from the PDF,
//! checked against the roster — before and after someone with the key rewrites history.

use std::path::{Path, PathBuf};

use serde_json::Value;
use yorisoi::model::{ConsentAnswer, ConsentPurpose, ConsentRecord, Recipient, RecipientKind};
use yorisoi::Roster;

use super::common::*;
use crate::rechain::rechain;

/// A roster with one person who consented to the 自治会's list, and the 自治会.
fn town(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("roster.db");
    let (mut r, _) = Roster::create(&db, ACCOUNT, &pass(), clock()).unwrap();
    let id = r
        .add_person(person("青木 花子", "あおき はなこ", "1940-03-02"))
        .unwrap();
    let assoc = r
        .add_recipient(&Recipient {
            id: None,
            kind: RecipientKind::Neighbourhood,
            name: "中央一丁目自治会".into(),
            district: Some("中央地区".into()),
            association: None,
            custodian: "吉岡 会長".into(),
            address: String::new(),
            phone: String::new(),
        })
        .unwrap();
    r.record_consent(ConsentRecord {
        id: None,
        person_id: id,
        purpose: ConsentPurpose::Roster,
        recipient_kind: RecipientKind::Neighbourhood,
        recipient_id: None,
        answer: ConsentAnswer::Consented,
        basis: None,
        proxy_name: String::new(),
        proxy_relationship: String::new(),
        obtained_on: "2026-11-01".into(),
        obtained_by: "訪問 担当".into(),
        evidence_ref: "F-1".into(),
        expires_on: None,
        recorded_at: None,
        recorded_by: None,
    })
    .unwrap();
    (db, assoc)
}

/// Prints the 自治会's simplified list and returns the head on its footer, as pdftotext
/// reads it from the file.
fn print_and_read_head(db: &Path, assoc: i64, name: &str) -> String {
    let out = db.with_file_name(name);
    let assoc = assoc.to_string();
    let mut args = vec![
        "print",
        "list",
        "--kind",
        "simple",
        "--recipient",
        &assoc,
        "--out",
        out.to_str().unwrap(),
    ];
    if name != "list.pdf" {
        args.extend(["--reprint-reason", "汚損のため再交付"]);
    }
    let o = yorisoi(db, Some(PASS), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test (scripts/setup.sh installs it)");
    let text = String::from_utf8(text.stdout).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("監査ハッシュ "))
        .unwrap_or_else(|| panic!("no audit head in the footer:\n{text}"));
    line.trim().to_string()
}

fn verify(db: &Path, head: &str, json: bool) -> std::process::Output {
    let mut args = vec!["audit", "verify-head", head];
    if json {
        args.push("--json");
    }
    yorisoi(db, Some(PASS), &args)
}

#[test]
fn the_head_on_a_printed_list_is_on_the_chain_until_history_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let (db, assoc) = town(dir.path());
    let paper = print_and_read_head(&db, assoc, "list.pdf");
    assert!(paper.starts_with('#') && paper.len() > 66, "{paper}");
    let seq: i64 = paper[1..paper.find(' ').unwrap()].parse().unwrap();
    // Later, legitimate work: a second copy printed, a record viewed.
    let second = print_and_read_head(&db, assoc, "list2.pdf");
    assert_ne!(second, paper);
    let o = yorisoi(&db, Some(PASS), &["person", "show", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = verify(&db, &paper, false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("on this roster's chain"), "{text}");
    assert!(text.contains("print.list ×2"), "{text}");
    assert!(text.contains("person.view ×1"), "{text}");
    assert!(text.contains("the chain after it: ok"), "{text}");
    // Typed without the # and with spaces around it, in JSON.
    let o = verify(&db, &format!("  {}  ", &paper[1..]), true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "on_chain");
    assert_eq!(v["head"]["seq"], seq);
    let after = &v["after"];
    // Each run of the CLI unlocks (one row each): the two verifications, the print, the
    // view, and the print that followed the paper.
    let actions: Vec<(String, i64)> = after["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("roster.unlock".to_string(), 4),
            ("print.list".to_string(), 2),
            ("person.view".to_string(), 1)
        ]
    );
    assert_eq!(after["rows"], 7);
    assert_eq!(after["fault"], Value::Null);

    // With the key: an old row rewritten (who archived, what was viewed — any field), and
    // every later hash and the recorded head recomputed, so that the chain verifies.
    let conn = raw(&db);
    conn.execute(
        "UPDATE audit_log SET detail = 'fields=phone' WHERE seq = 5",
        [],
    )
    .unwrap();
    rechain(&conn, 5);
    drop(conn);
    let o = yorisoi(&db, Some(PASS), &["check"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the forged chain verifies on its own: {}",
        stdout(&o)
    );

    let o = verify(&db, &paper, false);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(text.contains("NOT ON THE CHAIN"), "{text}");
    assert!(text.contains("rewritten"), "{text}");
    assert!(
        stderr(&o).contains("not on this roster's audit chain"),
        "{}",
        stderr(&o)
    );
    let o = verify(&db, &paper, true);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "not_on_chain");
    assert_eq!(v["after"], Value::Null);
    assert_ne!(
        v["stored_hash"].as_str().unwrap(),
        &paper[paper.find(' ').unwrap() + 1..]
    );

    // A head beyond the end of the log.
    let far = format!("#{} {}", seq + 1000, &paper[paper.find(' ').unwrap() + 1..]);
    let o = verify(&db, &far, true);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["verdict"], "beyond_end");
}

#[test]
fn a_head_not_in_the_printed_form_is_refused_naming_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = town(dir.path());
    for bad in ["#12", "#12 abc123", "監査ハッシュ", "#twelve 00"] {
        let o = verify(&db, bad, false);
        assert_eq!(o.status.code(), Some(5), "{bad}: {}", stderr(&o));
        assert!(stderr(&o).contains("#SEQ HASH"), "{bad}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    // The head typed unquoted, as two words, reads the same.
    let o = yorisoi(
        &db,
        Some(PASS),
        &["audit", "list", "--limit", "1", "--json"],
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let (seq, hash) = (
        v[0]["seq"].to_string(),
        v[0]["hash"].as_str().unwrap().to_string(),
    );
    let o = yorisoi(&db, Some(PASS), &["audit", "verify-head", &seq, &hash]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
