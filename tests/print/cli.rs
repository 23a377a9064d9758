//! The print and issuance commands: files, exit codes, the password from the environment.

use super::common::{self, stderr, stdout, yorisoi, PASS};
use super::support::*;

#[test]
fn print_list_writes_a_new_file_and_the_ledger_follows_it() {
    let town = town();
    let db = town.t.path.clone();
    let (assoc, commissioner, both) = (town.assoc, town.commissioner, town.both);
    drop(town.r);
    let out = town.t.dir.path().join("list.pdf");
    let out_s = out.to_str().unwrap();
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "print",
            "list",
            "--kind",
            "simple",
            "--recipient",
            &assoc.to_string(),
            "--out",
            out_s,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2026-00001"));
    let text = pages_text(&std::fs::read(&out).unwrap(), None).join("\n");
    assert!(has_id(&text, both));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Never overwrites.
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "print",
            "list",
            "--kind",
            "simple",
            "--recipient",
            &assoc.to_string(),
            "--out",
            out_s,
            "--reprint-reason",
            "x",
        ],
    );
    assert!(!o.status.success());
    // Detailed without a password and without a terminal: usage error (5), nothing written.
    let d = town.t.dir.path().join("d.pdf");
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "print",
            "list",
            "--kind",
            "detailed",
            "--recipient",
            &commissioner.to_string(),
            "--out",
            d.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(!d.exists());
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "print",
            "list",
            "--kind",
            "medium",
            "--recipient",
            "1",
            "--out",
            d.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(5));
    // Locked simplified list, password from the named variable.
    let l = town.t.dir.path().join("locked.pdf");
    let o = {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_yorisoi"));
        c.args([
            "--db",
            db.to_str().unwrap(),
            "print",
            "list",
            "--kind",
            "simple",
            "--recipient",
            &commissioner.to_string(),
            "--lock-password-env",
            "LIST_PW",
            "--out",
            l.to_str().unwrap(),
        ])
        .env("YORISOI_PASSPHRASE", PASS)
        .env("YORISOI_ACCOUNT", common::ACCOUNT)
        .env("YORISOI_OPERATOR", "試験 担当")
        .env("LIST_PW", "aikotoba-2026")
        .stdin(std::process::Stdio::null());
        c.output().unwrap()
    };
    assert!(o.status.success(), "{}", stderr(&o));
    let (ok, enc) = qpdf(
        &["--password=aikotoba-2026", "--show-encryption", "{pdf}"],
        &std::fs::read(&l).unwrap(),
    );
    assert!(
        ok && enc.contains("R = 6") && enc.contains("AESv3"),
        "{enc}"
    );

    // The ledger from the command line.
    let o = yorisoi(&db, Some(PASS), &["issuance", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["locked"], true);
    let o = yorisoi(
        &db,
        Some(PASS),
        &["issuance", "lost", "2026-00001", "--note", "所在不明"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("issuance show 2026-00001"));
    let o = yorisoi(&db, Some(PASS), &["issuance", "list", "--status", "lost"]);
    assert!(stdout(&o).contains("2026-00001") && !stdout(&o).contains("2026-00002"));
    let o = yorisoi(
        &db,
        Some(PASS),
        &["issuance", "list", "--status", "misplaced"],
    );
    assert_eq!(o.status.code(), Some(5));
    let o = yorisoi(&db, Some(PASS), &["worklist", "copies", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let _ = common::PASS;
}

/// `print plan` run with the lock password in `PLAN_PW`.
fn print_plan(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    c.args(["--db", db.to_str().unwrap(), "print", "plan"])
        .args(args)
        .args(["--lock-password-env", "PLAN_PW"])
        .env("YORISOI_PASSPHRASE", PASS)
        .env("YORISOI_ACCOUNT", common::ACCOUNT)
        .env("PLAN_PW", "aikotoba-2026")
        .stdin(std::process::Stdio::null());
    c.output().unwrap()
}

#[test]
fn print_plan_each_writes_one_locked_pdf_and_one_ledger_copy_per_person_of_the_district() {
    let town = town();
    let db = town.t.path.clone();
    let central = [
        (town.both, "青木 花子"),
        (town.refused_assoc, "井上 拒子"),
        (town.never, "上田 未問"),
        (town.protected, "遠藤 秘子"),
    ];
    let north = (town.other_district, "岡田 北子");
    drop(town.r);
    let dir = town.t.dir.path().join("sheets");
    let dir_s = dir.to_str().unwrap();
    let o = print_plan(&db, &["--district", "中央地区", "--each", dir_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("wrote 4 plan sheets"), "{}", stdout(&o));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut expected: Vec<String> = central
        .iter()
        .map(|(id, _)| format!("plan-{id}.pdf"))
        .collect();
    expected.sort();
    assert_eq!(
        files, expected,
        "one file per person of the district, nothing else"
    );
    for (id, name) in central {
        let pdf = std::fs::read(dir.join(format!("plan-{id}.pdf"))).unwrap();
        let (ok, _) = qpdf(&["--check", "{pdf}"], &pdf);
        assert!(!ok, "person {id}'s sheet opened without its password");
        let text = pages_text(&pdf, Some("aikotoba-2026")).join("\n");
        assert!(
            text.contains(name),
            "plan-{id}.pdf is {name}'s sheet: {text}"
        );
        for (_, other) in central.iter().chain([&north]).filter(|o| o.0 != id) {
            assert!(!text.contains(other), "plan-{id}.pdf holds only {name}");
        }
    }
    // The ledger: one copy per person, cut by person, each with its own file's digest.
    let o = yorisoi(&db, Some(PASS), &["issuance", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let copies = v.as_array().unwrap();
    assert_eq!(copies.len(), 4);
    for c in copies {
        let id: i64 = c["cut"].as_str().unwrap()[2..].parse().unwrap();
        let pdf = std::fs::read(dir.join(format!("plan-{id}.pdf"))).unwrap();
        use sha2::Digest;
        assert_eq!(c["sha256"], hex::encode(sha2::Sha256::digest(&pdf)));
        assert_eq!(c["locked"], true);
    }
    // Again into the same folder: refused before anything is printed or recorded.
    let o = print_plan(&db, &["--district", "中央地区", "--each", dir_s]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("plan-"), "{}", stderr(&o));
    let o = yorisoi(&db, Some(PASS), &["issuance", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4, "nothing more recorded");
    // --each is for a district.
    let o = print_plan(&db, &["--person", &north.0.to_string(), "--each", dir_s]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
