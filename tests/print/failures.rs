//! File and ledger agree whatever fails, in every order. A print is staged under an
//! unfinished name (`.NAME.SERIAL.part`), recorded (ledger row, audit row, commit), and
//! only then named. Each step is made to fail for real — a folder that is missing, frozen
//! or full; a trigger that refuses the ledger row, the audit row or the commit; a name
//! taken or a folder frozen before the rename — and afterwards the folder, the ledger, the
//! next serial and the recorded hash are checked, for lists, plan sheets, drill sheets,
//! forms and letters.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, NaiveTime};
use yorisoi::drill::NewDrill;
use yorisoi::printing::drill::SheetRequest;
use yorisoi::printing::{
    Destination, ListRequest, NewFile, PlanRequest, PlanTarget, Printed, Unpublished,
};
use yorisoi::Error;

use super::common::{file_hash, raw, stderr, stdout, yorisoi, PASS};
use super::support::*;

/// What is printed.
#[derive(Clone, Copy, Debug)]
enum Doc {
    List,
    /// The office's plan sheets of 中央地区: one PDF, one copy.
    Plans,
    /// A check sheet of this drill.
    DrillSheet(i64),
    Form,
    Letters,
}

impl Doc {
    fn print(self, town: &mut Town, to: &mut dyn Destination) -> yorisoi::Result<Printed> {
        match self {
            // A reason, so that the copies after the first are reprints, not refusals.
            Doc::List => town.r.print_list(
                &ListRequest {
                    reprint_reason: Some("試験の再印刷"),
                    ..simple(town.assoc)
                },
                to,
            ),
            Doc::Plans => town.r.print_plans(&district_plans(), to),
            Doc::DrillSheet(drill) => town.r.print_drill_sheet(
                &SheetRequest {
                    drill_id: drill,
                    district: "中央地区",
                    recipient_id: Some(town.assoc),
                    reprint_reason: Some("試験の再印刷"),
                    unlocked_reason: Some("訓練の班長が現地で書き込むため"),
                    ..Default::default()
                },
                to,
            ),
            Doc::Form => town.r.print_form(Some(town.both), to),
            Doc::Letters => town.r.print_letters(60, to),
        }
    }

    fn action(self) -> &'static str {
        match self {
            Doc::List => "print.list",
            Doc::Plans => "print.plan",
            Doc::DrillSheet(_) => "print.drill-sheet",
            Doc::Form => "print.form",
            Doc::Letters => "print.letters",
        }
    }

    /// The tables its record is written to besides the audit log (a trigger there fails it).
    fn tables(self) -> &'static [&'static str] {
        match self {
            Doc::List => &["issuances", "issuance_persons"],
            Doc::Plans => &["issuances", "issuance_persons"],
            Doc::DrillSheet(_) => &["issuances", "drill_sheets"],
            Doc::Form => &[],
            Doc::Letters => &["letters"],
        }
    }

    /// A copy in the ledger (else recorded by its audit row only).
    fn ledgered(self) -> bool {
        matches!(self, Doc::List | Doc::Plans | Doc::DrillSheet(_))
    }

    /// The serial of the n-th print recorded (1-based).
    fn serial(self, n: usize) -> Option<String> {
        match self {
            Doc::Form => None,
            Doc::Letters => Some(format!("L2026-{n:05}")),
            _ => Some(format!("2026-{n:05}")),
        }
    }
}

fn district_plans() -> PlanRequest<'static> {
    PlanRequest {
        target: PlanTarget::District("中央地区"),
        recipient_id: None,
        // The office's copy has every field: always locked.
        password: Some("plan-office-lock"),
        due_back: None,
        reprint_reason: None,
        unlocked_reason: None,
    }
}

/// The hashes the roster recorded for `doc`'s prints, oldest first: from the audit rows,
/// and for a ledger copy the ledger's (serial, hash), which must say the same.
fn recorded(town: &mut Town, doc: Doc) -> Vec<(Option<String>, String)> {
    let mut rows: Vec<_> = town
        .r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == doc.action())
        .collect();
    rows.sort_by_key(|e| e.seq);
    let audited: Vec<String> = rows
        .iter()
        .map(|e| {
            e.detail
                .split(',')
                .find_map(|kv| kv.strip_prefix("sha256="))
                .expect("the audit row names the file's hash")
                .to_string()
        })
        .collect();
    if !doc.ledgered() {
        return audited.into_iter().map(|h| (None, h)).collect();
    }
    let ledger: Vec<(Option<String>, String)> = town
        .r
        .issuances(None)
        .unwrap()
        .into_iter()
        .map(|i| (Some(i.serial), i.sha256))
        .collect();
    assert_eq!(
        ledger.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>(),
        audited,
        "the ledger and the audit log agree"
    );
    ledger
}

/// The names in `dir`, sorted (none when it does not exist).
fn files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs SQL on the roster's file through a second connection (its data key).
fn inject(town: &Town, sql: &str) {
    raw(&town.t.path).execute_batch(sql).unwrap();
}

fn heal(town: &Town) {
    inject(town, "DROP TRIGGER IF EXISTS fault;");
}

/// A trigger that refuses every row of `table`.
fn refuse_rows(table: &str) -> String {
    format!("CREATE TRIGGER fault BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'injected: {table}'); END;")
}

/// A trigger that refuses `action`'s audit row.
fn refuse_audit(action: &str) -> String {
    format!(
        "CREATE TRIGGER fault BEFORE INSERT ON audit_log WHEN NEW.action = '{action}'
         BEGIN SELECT RAISE(ABORT, 'injected: audit row'); END;"
    )
}

/// A trigger that lets every statement of the print succeed and makes its COMMIT fail: a
/// deferred foreign key, broken by a row added with `action`'s audit row, is checked only
/// when the transaction commits.
fn refuse_commit(action: &str) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS fault_parent (id INTEGER PRIMARY KEY);
         CREATE TABLE IF NOT EXISTS fault_child (
             parent INTEGER REFERENCES fault_parent(id) DEFERRABLE INITIALLY DEFERRED);
         CREATE TRIGGER fault AFTER INSERT ON audit_log WHEN NEW.action = '{action}'
         BEGIN INSERT INTO fault_child (parent) VALUES (1); END;"
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A folder that refuses new names until dropped: `chattr +i` for root (whom permissions
/// do not stop), mode 0500 for anyone else.
struct Frozen(PathBuf);

fn freeze(dir: &Path) -> Frozen {
    if is_root() {
        let o = Command::new("chattr").arg("+i").arg(dir).output().unwrap();
        assert!(o.status.success(), "chattr +i: {}", stderr(&o));
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500)).unwrap();
    }
    Frozen(dir.to_path_buf())
}

impl Drop for Frozen {
    fn drop(&mut self) {
        if is_root() {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o700));
        }
    }
}

/// A [`NewFile`] that lets the test act between staging and the commit, as another program
/// (or the officer in the file manager) might.
struct Meanwhile<F: FnMut(&Path)> {
    file: NewFile,
    then: F,
}

impl<F: FnMut(&Path)> Destination for Meanwhile<F> {
    fn stage(&mut self, bytes: &[u8], serial: Option<&str>) -> yorisoi::Result<()> {
        self.file.stage(bytes, serial)?;
        let dir = self.file.path().parent().unwrap().to_path_buf();
        (self.then)(&dir);
        Ok(())
    }

    fn publish(&mut self) -> Result<(), Unpublished> {
        self.file.publish()
    }

    fn discard(&mut self) {
        self.file.discard();
    }
}

/// Nothing of `doc` was recorded beyond `before`, and nothing was left in `dir`.
#[track_caller]
fn nothing_left(town: &mut Town, doc: Doc, dir: &Path, before: &[(Option<String>, String)]) {
    assert_eq!(
        files(dir),
        Vec::<String>::new(),
        "{doc:?}: no file, no .part"
    );
    assert_eq!(recorded(town, doc), before, "{doc:?}: nothing recorded");
}

#[track_caller]
fn sql_error(e: &Error, what: &str) {
    assert!(matches!(e, Error::Sql { .. }), "{what}: {e}");
}

/// Every failure order for one kind of print, on one roster.
fn every_failure_order(town: &mut Town, doc: Doc) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let none = recorded(town, doc);
    assert!(none.is_empty());

    // 1. Staging: the folder does not exist.
    let missing = dir.join("missing");
    let e = doc
        .print(town, &mut NewFile::new(missing.join("a.pdf")))
        .unwrap_err();
    assert!(matches!(e, Error::Io { .. }), "{doc:?}: {e}");
    assert!(!missing.exists());
    nothing_left(town, doc, dir, &none);

    // 2. Staging: the folder refuses new files.
    {
        let _frozen = freeze(dir);
        let e = doc
            .print(town, &mut NewFile::new(dir.join("a.pdf")))
            .unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{doc:?}: {e}");
    }
    nothing_left(town, doc, dir, &none);

    // 3. The record's rows (the ledger row, the people on the copy, the drill's sheet, the
    //    letters) are refused after the file was staged.
    for table in doc.tables() {
        inject(town, &refuse_rows(table));
        let e = doc
            .print(town, &mut NewFile::new(dir.join("a.pdf")))
            .unwrap_err();
        heal(town);
        sql_error(&e, table);
        nothing_left(town, doc, dir, &none);
    }

    // 4. The audit row is refused.
    inject(town, &refuse_audit(doc.action()));
    let e = doc
        .print(town, &mut NewFile::new(dir.join("a.pdf")))
        .unwrap_err();
    heal(town);
    sql_error(&e, "audit row");
    nothing_left(town, doc, dir, &none);

    // 5. Every statement succeeds, the commit fails.
    inject(town, &refuse_commit(doc.action()));
    let e = doc
        .print(town, &mut NewFile::new(dir.join("a.pdf")))
        .unwrap_err();
    heal(town);
    assert!(
        matches!(&e, Error::Sql { context, .. } if *context == "committing"),
        "{doc:?}: {e}"
    );
    nothing_left(town, doc, dir, &none);

    // 6. Nothing failed: the first serial is still the next one (none was used up), the
    //    file is unfinished until the commit and named after it, and holds what the ledger
    //    says.
    let mut at_stage = Vec::new();
    let p = doc
        .print(
            town,
            &mut Meanwhile {
                file: NewFile::new(dir.join("a.pdf")),
                then: |d: &Path| at_stage = files(d),
            },
        )
        .unwrap();
    assert_eq!(p.serial, doc.serial(1), "{doc:?}");
    let part = match &p.serial {
        Some(s) => format!(".a.pdf.{s}.part"),
        None => ".a.pdf.part".to_string(),
    };
    assert_eq!(
        at_stage,
        std::slice::from_ref(&part),
        "{doc:?}: unfinished before the commit"
    );
    assert_eq!(files(dir), ["a.pdf"], "{doc:?}");
    assert_eq!(file_hash(&dir.join("a.pdf")), p.sha256);
    let mut so_far = recorded(town, doc);
    assert_eq!(
        so_far,
        [(doc.serial(1).filter(|_| doc.ledgered()), p.sha256.clone())]
    );

    // 7. The rename fails after the commit: another program took the name meanwhile. The
    //    copy is recorded; its bytes are whole under the unfinished name the error gives,
    //    with the recorded hash; the other file is untouched.
    let e = doc
        .print(
            town,
            &mut Meanwhile {
                file: NewFile::new(dir.join("b.pdf")),
                then: |d: &Path| std::fs::write(d.join("b.pdf"), "someone else's").unwrap(),
            },
        )
        .unwrap_err();
    let Error::Unpublished {
        sha256,
        staged,
        path,
        ..
    } = &e
    else {
        panic!("{doc:?}: {e}")
    };
    let second = doc.serial(2);
    let part = match &second {
        Some(s) => format!(".b.pdf.{s}.part"),
        None => ".b.pdf.part".to_string(),
    };
    assert_eq!(staged, &dir.join(&part));
    assert_eq!(path, &dir.join("b.pdf"));
    assert_eq!(&file_hash(staged), sha256, "{doc:?}: the bytes are whole");
    assert_eq!(std::fs::read(dir.join("b.pdf")).unwrap(), b"someone else's");
    let message = e.to_string();
    assert!(
        message.contains(&part) && message.contains(sha256.as_str()),
        "{message}"
    );
    if let Some(s) = &second {
        assert!(message.contains(s.as_str()), "{message}");
    }
    so_far.push((second.filter(|_| doc.ledgered()), sha256.clone()));
    assert_eq!(recorded(town, doc), so_far, "{doc:?}: recorded");
    let mut expected = vec![part, "a.pdf".to_string(), "b.pdf".to_string()];
    expected.sort();
    assert_eq!(files(dir), expected);

    // 8. The rename fails because the folder stopped taking new names after staging.
    let mut frozen = None;
    let e = doc
        .print(
            town,
            &mut Meanwhile {
                file: NewFile::new(dir.join("c.pdf")),
                then: |d: &Path| frozen = Some(freeze(d)),
            },
        )
        .unwrap_err();
    drop(frozen);
    let Error::Unpublished { sha256, staged, .. } = &e else {
        panic!("{doc:?}: {e}")
    };
    assert_eq!(&file_hash(staged), sha256);
    assert!(!dir.join("c.pdf").exists());
    so_far.push((doc.serial(3).filter(|_| doc.ledgered()), sha256.clone()));
    assert_eq!(recorded(town, doc), so_far, "{doc:?}: recorded");

    // 9. Recorded copies used their serials: the next print takes the one after.
    let p = doc
        .print(town, &mut NewFile::new(dir.join("d.pdf")))
        .unwrap();
    assert_eq!(p.serial, doc.serial(4), "{doc:?}");
    assert_eq!(file_hash(&dir.join("d.pdf")), p.sha256);
    assert_eq!(recorded(town, doc).len(), 4);
}

#[test]
fn a_list_and_its_ledger_copy_agree_whatever_fails() {
    let mut town = town();
    every_failure_order(&mut town, Doc::List);
}

#[test]
fn plan_sheets_and_their_ledger_copy_agree_whatever_fails() {
    let mut town = town();
    every_failure_order(&mut town, Doc::Plans);
}

#[test]
fn a_drill_sheet_and_its_ledger_copy_agree_whatever_fails() {
    let mut town = town();
    let drill = town
        .r
        .drill_new(&NewDrill {
            name: "失敗の訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &["中央地区".to_string()],
            targets: (20, 90),
            disaster: false,
        })
        .unwrap()
        .id;
    every_failure_order(&mut town, Doc::DrillSheet(drill));
    assert_eq!(town.r.drill_sheets(drill).unwrap().len(), 4, "one per copy");
}

#[test]
fn a_consent_form_and_its_audit_row_agree_whatever_fails() {
    let mut town = town();
    every_failure_order(&mut town, Doc::Form);
}

#[test]
fn a_mailing_of_letters_and_its_records_agree_whatever_fails() {
    let mut town = town();
    every_failure_order(&mut town, Doc::Letters);
}

/// A district's plan sheets are one PDF and one ledger copy: when the row of the k-th
/// person of n is refused, the sheets already laid out (1..k-1, and all n of them, as the
/// progress shows) are not kept anywhere — no file, no copy, no serial used.
#[test]
fn plan_sheets_failing_at_one_persons_row_leave_none_of_the_sheets() {
    let mut town = town();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    inject(
        &town,
        &format!(
            "CREATE TRIGGER fault BEFORE INSERT ON issuance_persons WHEN NEW.person_id = {}
             BEGIN SELECT RAISE(ABORT, 'injected: one person'); END;",
            town.protected
        ),
    );
    let mut progress = Vec::new();
    let e = town
        .r
        .print_plans_with_progress(
            &district_plans(),
            &mut NewFile::new(dir.join("plans.pdf")),
            &mut |done, total| progress.push((done, total)),
        )
        .unwrap_err();
    heal(&town);
    sql_error(&e, "one person's row");
    let n = progress.last().map(|(_, total)| *total).unwrap();
    assert!(n >= 3, "several sheets");
    assert_eq!(progress.last(), Some(&(n, n)), "every sheet was laid out");
    assert_eq!(files(dir), Vec::<String>::new());
    assert!(town.r.issuances(None).unwrap().is_empty());
    let p = town
        .r
        .print_plans(&district_plans(), &mut NewFile::new(dir.join("plans.pdf")))
        .unwrap();
    assert_eq!(p.serial.as_deref(), Some("2026-00001"));
    assert_eq!(p.persons, n);
    assert_eq!(file_hash(&dir.join("plans.pdf")), p.sha256);
}

/// A file system that is full: a 4 KiB tmpfs, mounted by the test (root only).
struct TinyDisk(PathBuf);

impl TinyDisk {
    fn mount(at: PathBuf) -> Option<TinyDisk> {
        std::fs::create_dir(&at).unwrap();
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4k,mode=0700", "tmpfs"])
            .arg(&at)
            .output()
            .ok()?;
        o.status.success().then_some(TinyDisk(at))
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn a_list_that_does_not_fit_on_the_disk_records_nothing() {
    let mut town = town();
    let out = tempfile::tempdir().unwrap();
    let Some(disk) = TinyDisk::mount(out.path().join("stick")) else {
        assert!(!is_root(), "root can mount a tmpfs");
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    };
    let e = town
        .r
        .print_list(
            &simple(town.assoc),
            &mut NewFile::new(disk.0.join("list.pdf")),
        )
        .unwrap_err();
    let Error::Io { source, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(source.raw_os_error(), Some(28), "ENOSPC: {e}");
    assert_eq!(
        files(&disk.0),
        Vec::<String>::new(),
        "no half file, no .part"
    );
    assert!(town.r.issuances(None).unwrap().is_empty());
    let (p, _) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert_eq!(p.serial.as_deref(), Some("2026-00001"), "no serial used up");
}

/// The command line writes through the same steps: a commit that fails leaves no file and
/// no `.part` in the folder, and the next print takes the serial.
#[test]
fn the_command_line_leaves_no_file_when_the_copy_is_not_recorded() {
    let town = town();
    inject(&town, &refuse_commit("print.list"));
    let db = town.t.path.clone();
    let assoc = town.assoc.to_string();
    drop(town.r);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("list.pdf");
    let args = [
        "print",
        "list",
        "--kind",
        "simple",
        "--recipient",
        &assoc,
        "--out",
        file.to_str().unwrap(),
    ];
    let o = yorisoi(&db, Some(PASS), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("committing"), "{}", stderr(&o));
    assert_eq!(files(out.path()), Vec::<String>::new());
    raw(&db).execute_batch("DROP TRIGGER fault;").unwrap();
    let o = yorisoi(&db, Some(PASS), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2026-00001"), "{}", stdout(&o));
    assert_eq!(files(out.path()), ["list.pdf"]);
    let sha = stdout(&o)
        .lines()
        .find_map(|l| l.strip_prefix("sha256: "))
        .unwrap()
        .to_string();
    assert_eq!(file_hash(&file), sha);
}
