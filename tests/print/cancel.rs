//! A plan-sheet job of many people (one PDF each, one copy in the ledger each, in one
//! transaction), and a stop asked for in the middle of a print: nothing half-written —
//! no file, no copy in the ledger, no audit row of a print that did not happen.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use yorisoi::printing::{Destination, NewFile, PlanRequest, PlanTarget};
use yorisoi::progress::{Progress, Stage};
use yorisoi::{Error, Roster};

use super::support::*;

const PW: &str = "kagi-no-aikotoba";

fn office() -> PlanRequest<'static> {
    PlanRequest {
        target: PlanTarget::Person(0),
        recipient_id: None,
        password: Some(PW),
        unlocked_reason: None,
        due_back: None,
        reprint_reason: None,
    }
}

/// Asks to stop once `after` units of printing have been reported.
struct StopAfter {
    after: u64,
    reported: AtomicU64,
}

impl StopAfter {
    fn new(after: u64) -> StopAfter {
        StopAfter {
            after,
            reported: AtomicU64::new(0),
        }
    }
}

impl Progress for StopAfter {
    fn report(&self, stage: Stage, done: u64, _total: u64) {
        assert_eq!(stage, Stage::Print);
        self.reported.fetch_max(done, Ordering::SeqCst);
    }

    fn stop_requested(&self) -> bool {
        self.reported.load(Ordering::SeqCst) >= self.after
    }
}

fn people(r: &mut Roster, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            add_neighbour(
                r,
                &format!("計画 {}郎", ["一", "二", "三", "四", "五", "六"][i % 6]),
                "けいかく",
                &format!("みどり市中央町1-{}", i + 1),
                serde_json::json!({}),
            )
        })
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn print_each(
    r: &mut Roster,
    ids: &[i64],
    dir: &Path,
    progress: &dyn Progress,
) -> yorisoi::Result<Vec<yorisoi::printing::Printed>> {
    let mut files: Vec<NewFile> = ids
        .iter()
        .map(|id| NewFile::new(dir.join(format!("plan-{id}.pdf"))))
        .collect();
    let mut sheets: Vec<(i64, &mut dyn Destination)> = ids
        .iter()
        .copied()
        .zip(files.iter_mut().map(|f| f as &mut dyn Destination))
        .collect();
    r.print_plan_sheets(&office(), &mut sheets, progress)
}

fn prints_in_audit(r: &Roster) -> usize {
    r.audit_log(None, None)
        .unwrap()
        .iter()
        .filter(|e| e.action.starts_with("print."))
        .count()
}

#[test]
fn a_plan_sheet_job_prints_one_locked_pdf_and_one_ledger_copy_per_person() {
    let Town { t, mut r, .. } = town();
    let ids = people(&mut r, 5);
    let out = t.dir.path().join("sheets");
    std::fs::create_dir(&out).unwrap();
    let printed = print_each(&mut r, &ids, &out, &StopAfter::new(u64::MAX)).unwrap();

    assert_eq!(printed.len(), 5);
    let mut expected: Vec<String> = ids.iter().map(|id| format!("plan-{id}.pdf")).collect();
    expected.sort();
    assert_eq!(files_in(&out), expected);
    let copies = r.issuances(None).unwrap();
    assert_eq!(copies.len(), 5, "one copy in the ledger per PDF");
    let mut serials: Vec<_> = printed.iter().filter_map(|p| p.serial.clone()).collect();
    serials.dedup();
    assert_eq!(serials.len(), 5, "each PDF has its own serial");
    assert_eq!(prints_in_audit(&r), 5);
    for ((id, p), kanji) in ids.iter().zip(&printed).zip(["一", "二", "三", "四", "五"]) {
        let bytes = std::fs::read(out.join(format!("plan-{id}.pdf"))).unwrap();
        assert_eq!(
            file_hash_of(&bytes),
            p.sha256,
            "the ledger's hash is the file's"
        );
        let text = pages_text(&bytes, Some(PW)).join("\n");
        assert!(
            text.contains(&format!("{kanji}郎")),
            "sheet of {id}: {text}"
        );
        assert!(text.contains(p.serial.as_deref().unwrap()));
    }
}

#[test]
fn a_stopped_plan_sheet_job_leaves_no_file_no_copy_and_no_audit_row() {
    let Town { t, mut r, .. } = town();
    let ids = people(&mut r, 6);
    let out = t.dir.path().join("sheets");
    std::fs::create_dir(&out).unwrap();
    let before = prints_in_audit(&r);

    let stop = StopAfter::new(3);
    let e = print_each(&mut r, &ids, &out, &stop).unwrap_err();
    assert!(matches!(e, Error::Cancelled), "{e:?}");
    assert_eq!(
        stop.reported.load(Ordering::SeqCst),
        3,
        "stopped after 3 sheets"
    );
    assert_eq!(
        files_in(&out),
        Vec::<String>::new(),
        "no PDF, no unfinished file"
    );
    assert!(
        r.issuances(None).unwrap().is_empty(),
        "no copy in the ledger"
    );
    assert_eq!(prints_in_audit(&r), before, "no audit row of a print");

    // The roster is as it was: the same job prints whole afterwards, from the first serial.
    let printed = print_each(&mut r, &ids, &out, &StopAfter::new(u64::MAX)).unwrap();
    assert_eq!(files_in(&out).len(), 6);
    assert!(printed[0].serial.as_deref().unwrap().ends_with("0001"));
}

#[test]
fn a_stopped_list_or_district_print_leaves_no_file_and_no_copy() {
    let Town {
        t, mut r, assoc, ..
    } = town();
    people(&mut r, 3);
    let path = t.dir.path().join("list.pdf");
    for after in [0, 1] {
        let e = r
            .print_list_with_progress(
                &simple(assoc),
                &mut NewFile::new(&path),
                &StopAfter::new(after),
            )
            .unwrap_err();
        assert!(matches!(e, Error::Cancelled), "{e:?}");
    }
    let req = PlanRequest {
        target: PlanTarget::District("中央地区"),
        ..office()
    };
    let e = r
        .print_plans_reporting(&req, &mut NewFile::new(&path), &StopAfter::new(2))
        .unwrap_err();
    assert!(matches!(e, Error::Cancelled), "{e:?}");
    assert_eq!(
        files_in(t.dir.path())
            .iter()
            .filter(|f| f.contains("list"))
            .count(),
        0
    );
    assert!(r.issuances(None).unwrap().is_empty());
    assert_eq!(prints_in_audit(&r), 0);
}

fn file_hash_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
