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
