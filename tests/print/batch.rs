//! A plan-sheet job of many sheets prints each sheet as it prints alone; the lock's key
//! material, made once per password for a job, never unlocks a PDF locked with another
//! password; a job's copies are numbered and recorded in its order, a person named twice
//! meeting the reprint rule; and a stop asked for while a long list is being laid out ends
//! it there.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use yorisoi::model::{ConsentAnswer, ConsentPurpose, RecipientKind};
use yorisoi::print::lock::{lock, Job};
use yorisoi::print::page::Page;
use yorisoi::print::render::{render, DocMeta};
use yorisoi::printing::{Destination, NewFile, PlanRequest, PlanTarget};
use yorisoi::progress::{Progress, Stage};
use yorisoi::{Error, Roster};

use super::support::*;

const PW: &str = "kagi-no-aikotoba";

fn office(id: i64) -> PlanRequest<'static> {
    PlanRequest {
        target: PlanTarget::Person(id),
        recipient_id: None,
        password: Some(PW),
        unlocked_reason: None,
        due_back: None,
        reprint_reason: None,
    }
}

/// The `i`-th person's name.
fn name(i: usize) -> String {
    let given = ["一郎", "花子", "髙志", "﨑子", "清", "ヨシ", "トメ"];
    let family = [
        "青木", "石川", "宇野", "江藤", "小野", "加賀", "木村", "久保", "今野",
    ];
    format!("{} {}", family[i % family.len()], given[i % given.len()])
}

/// `n` people with names, addresses and plans of their own (so each sheet's glyphs differ).
fn people(r: &mut Roster, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            add_neighbour(
                r,
                &name(i),
                "かな",
                &format!("みどり市中央町{}-{}", i / 3 + 1, i + 1),
                serde_json::json!({
                    "phone": format!("0990-{:02}-{:04}", i, 1000 + i * 37),
                    "notes": format!("避難先：第{}小学校体育館", ["一", "二", "三", "四"][i % 4]),
                }),
            )
        })
        .collect()
}

/// A sheet's text with what differs between two prints of it (the copy's serial and the
/// audit log's head: `#N` and its hash) taken out, line by line as words.
fn settled(pdf: &[u8], serial: &str) -> String {
    let text = pages_text(pdf, Some(PW)).join("\u{c}");
    let text = text.replace(serial, "〈交付番号〉");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("監査ハッシュ ") {
        let head = at + "監査ハッシュ ".len();
        out.push_str(&rest[..head]);
        out.push_str("〈監査〉");
        // `#N` and the hash of entry N.
        rest = rest[head..]
            .trim_start_matches(|c: char| !c.is_whitespace())
            .trim_start_matches(' ')
            .trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    out.push_str(rest);
    // pdftotext's -layout spacing follows the whole page's widths (a longer audit number
    // moves columns): compare the words of each line.
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_job_of_twenty_sheets_prints_each_as_it_prints_alone() {
    let Town { mut r, .. } = town();
    let ids = people(&mut r, 20);
    let (printed, bytes) = job(&mut r, &office(ids[0]), &ids);
    let printed = printed.unwrap();
    assert_eq!(printed.len(), 20);

    for (i, ((id, pdf), p)) in ids.iter().zip(&bytes).zip(&printed).enumerate() {
        let (alone, alone_pdf) = plans(&mut r, &office(*id)).unwrap();
        assert_eq!(alone.pages, p.pages, "person {id}");
        let job = settled(pdf, p.serial.as_deref().unwrap());
        let one = settled(&alone_pdf, alone.serial.as_deref().unwrap());
        assert!(
            job.contains("〈交付番号〉") && job.contains("〈監査〉"),
            "{job}"
        );
        assert!(job.contains(&name(i)), "person {id}'s own sheet: {job}");
        assert_eq!(job, one, "person {id}: the job's sheet and the sheet alone");
        // Both locked: neither opens without the password.
        for pdf in [pdf, &alone_pdf] {
            let (ok, _) = qpdf(&["--check", "{pdf}"], pdf);
            assert!(!ok, "a locked sheet opened without its password");
        }
    }
}

/// A job for `ids` (each sheet kept in memory), as `req`.
fn job(
    r: &mut Roster,
    req: &PlanRequest<'_>,
    ids: &[i64],
) -> (
    yorisoi::Result<Vec<yorisoi::printing::Printed>>,
    Vec<Vec<u8>>,
) {
    let mut bytes: Vec<Vec<u8>> = vec![Vec::new(); ids.len()];
    let mut sinks: Vec<_> = bytes
        .iter_mut()
        .map(|b| {
            move |pdf: &[u8]| {
                *b = pdf.to_vec();
                Ok(())
            }
        })
        .collect();
    let mut sheets: Vec<(i64, &mut dyn Destination)> = ids
        .iter()
        .copied()
        .zip(sinks.iter_mut().map(|s| s as &mut dyn Destination))
        .collect();
    let printed = r.print_plan_sheets(req, &mut sheets, &yorisoi::progress::Quiet);
    drop(sheets);
    drop(sinks);
    (printed, bytes)
}

#[test]
fn a_jobs_copies_are_numbered_and_recorded_in_its_order_and_a_second_sheet_is_a_reprint() {
    // The sheets are rendered on other threads and come back in any order: the ledger
    // still numbers and records them in the job's order, each with its own file's digest,
    // and a person named twice meets the reprint rule as one by one.
    let Town { mut r, assoc, .. } = town();
    let ids: Vec<i64> = (0..12)
        .map(|i| {
            add_neighbour(
                &mut r,
                &name(i),
                "かな",
                &format!("みどり市中央町{}-{}", i / 3 + 1, i + 1),
                serde_json::json!({
                    "plan": {
                        "destinations": [{"kind": "shelter", "name": format!("第{}集会所", i + 1), "address": "みどり市中央町1-1"}],
                        "route": "自宅 → 県道12号 → 集会所",
                        "means": "wheelchair",
                        "created_on": "2026-06-04"
                    }
                }),
            )
        })
        .collect();
    for id in &ids {
        r.record_consent(consent_for(
            *id,
            ConsentPurpose::PlanShare,
            RecipientKind::Neighbourhood,
            ConsentAnswer::Consented,
        ))
        .unwrap();
    }
    let to_assoc = PlanRequest {
        recipient_id: Some(assoc),
        ..office(ids[0])
    };
    let before = r.issuances(None).unwrap().len();

    // Person 3 twice, no reason: refused as one by one would be, and nothing recorded. The
    // second sheet right after the first: the first is still being rendered when the second
    // is checked, unless the job waits for it.
    let mut twice = ids.clone();
    twice.insert(4, ids[3]);
    let (e, _) = job(&mut r, &to_assoc, &twice);
    let e = e.unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "reprint"),
        "{e}"
    );
    assert_eq!(r.issuances(None).unwrap().len(), before, "nothing recorded");

    // With a reason: the second copy is a reprint of the first.
    let with_reason = PlanRequest {
        reprint_reason: Some("汚損のため"),
        ..to_assoc
    };
    let (printed, bytes) = job(&mut r, &with_reason, &twice);
    let printed = printed.unwrap();
    assert_eq!(printed.len(), twice.len());
    let ledger = r.issuances(None).unwrap();
    let recorded: Vec<_> = ledger
        .iter()
        .filter(|i| {
            printed
                .iter()
                .any(|p| p.serial.as_deref() == Some(&*i.serial))
        })
        .collect();
    assert_eq!(recorded.len(), twice.len());
    let first: u32 = printed[0].serial.as_deref().unwrap()[5..].parse().unwrap();
    for (k, ((p, pdf), id)) in printed.iter().zip(&bytes).zip(&twice).enumerate() {
        let serial = p.serial.as_deref().unwrap();
        assert_eq!(
            serial[5..].parse::<u32>().unwrap(),
            first + k as u32,
            "in order"
        );
        let row = recorded.iter().find(|i| i.serial == serial).unwrap();
        assert_eq!(row.cut, format!("ID{id}"), "copy {serial} is person {id}'s");
        assert_eq!(
            row.sha256,
            hex_sha256(pdf),
            "copy {serial}'s digest is its own file's"
        );
        assert!(
            pages_text(pdf, Some(PW)).join("\n").contains(serial),
            "copy {serial} carries its serial"
        );
        let reprint = (k == 4).then(|| printed[3].serial.clone().unwrap());
        assert_eq!(row.reprint_of, reprint, "copy {k}");
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn one_page(text: &str) -> Vec<u8> {
    let mut page = Page::a4();
    page.text(20.0, 30.0, 12.0, text);
    render(
        &[page],
        &DocMeta {
            title: "鍵の試験",
            created: chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        },
    )
}

/// The `/U` entry of a locked PDF's encryption dictionary (the user password's hash and
/// salts), as written: the dictionary itself is not encrypted.
fn user_entry(pdf: &[u8]) -> Vec<u8> {
    let at = pdf
        .windows(3)
        .position(|w| w == b"/U(")
        .expect("an encryption dictionary with /U")
        + 3;
    let (mut depth, mut escaped, mut out) = (1, false, Vec::new());
    for &b in &pdf[at..] {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        out.push(b);
    }
    assert!(out.len() >= 48, "{out:?}");
    out
}

/// Whether poppler opens `pdf` with `password` as user (`-upw`) or owner (`-opw`)
/// password (`None`: with none).
fn opens(pdf: &[u8], flag: &str, password: Option<&str>) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut c = std::process::Command::new("pdftotext");
    if let Some(p) = password {
        c.args([flag, p]);
    }
    let out = c.arg(&path).arg("-").output().unwrap();
    out.status.success()
}

#[test]
fn a_jobs_key_material_is_per_password_and_every_pdf_opens_only_with_its_own() {
    let (pw1, pw2) = ("hitotsume-no-kagi", "futatsume-no-kagi");
    let job = Job::begin();
    let a = lock(&one_page("一通目　青木"), pw1).unwrap();
    let b = lock(&one_page("二通目　石川"), pw2).unwrap();
    let c = lock(&one_page("三通目　宇野"), pw1).unwrap();
    drop(job);
    let d = lock(&one_page("四通目　江藤"), pw1).unwrap();

    // Made once per password within the job; made anew for the other password, and
    // after the job.
    assert_eq!(
        user_entry(&a),
        user_entry(&c),
        "one password, one key, in a job"
    );
    assert_ne!(
        user_entry(&a),
        user_entry(&b),
        "another password, another key"
    );
    assert_ne!(user_entry(&a), user_entry(&d), "a new key after the job");

    for (pdf, own, other, text) in [
        (&a, pw1, pw2, "一通目"),
        (&b, pw2, pw1, "二通目"),
        (&c, pw1, pw2, "三通目"),
        (&d, pw1, pw2, "四通目"),
    ] {
        assert!(opens(pdf, "-upw", Some(own)), "{text} with its password");
        assert!(!opens(pdf, "-upw", Some(other)), "{text} with another's");
        assert!(!opens(pdf, "-opw", Some(other)), "{text} as owner");
        assert!(!opens(pdf, "-upw", None), "{text} without a password");
        let read = pages_text(pdf, Some(own)).join("");
        assert!(read.contains(text), "{read}");
    }
}

/// Asks to stop at the `on`-th look at the stop request after the layout began (the
/// progress step before it reports 1): the list's layout looks every
/// `yorisoi::print::list::STOP_EVERY` people, and only after it the print looks again.
struct StopInLayout {
    on: usize,
    stage: AtomicU64,
    looks: AtomicUsize,
}

impl Progress for StopInLayout {
    fn report(&self, _stage: Stage, done: u64, _total: u64) {
        self.stage.store(done, Ordering::SeqCst);
    }

    fn stop_requested(&self) -> bool {
        if self.stage.load(Ordering::SeqCst) < 1 {
            return false;
        }
        self.looks.fetch_add(1, Ordering::SeqCst) + 1 >= self.on
    }
}

#[test]
fn a_stop_during_a_lists_layout_ends_it_with_no_file_and_no_copy() {
    let Town {
        t, mut r, assoc, ..
    } = town();
    let n = 2 * yorisoi::print::list::STOP_EVERY + 10;
    for i in 0..n {
        add_neighbour(
            &mut r,
            &format!("名簿 {}子", ["一", "二", "三"][i % 3]),
            "めいぼ",
            &format!("みどり市中央町2-{}", i + 1),
            serde_json::json!({}),
        );
    }
    let path = t.dir.path().join("list.pdf");
    // Looks: the step after the glyph check (1), then the layout's at people 0, 256 and
    // 512 (2–4); the print itself looks only twice more after the layout. The 4th look,
    // at the 513th person, is inside the layout.
    let stop = StopInLayout {
        on: 4,
        stage: AtomicU64::new(0),
        looks: AtomicUsize::new(0),
    };
    let e = r
        .print_list_with_progress(&simple(assoc), &mut NewFile::new(&path), &stop)
        .unwrap_err();
    assert!(matches!(e, Error::Cancelled), "{e:?}");
    assert_eq!(
        stop.looks.load(Ordering::SeqCst),
        4,
        "stopped at the 4th look"
    );
    let left: Vec<_> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.contains("list"))
        .collect();
    assert!(left.is_empty(), "no file, no unfinished file: {left:?}");
    assert!(
        r.issuances(None).unwrap().is_empty(),
        "no copy in the ledger"
    );
    assert!(
        !r.audit_log(None, None)
            .unwrap()
            .iter()
            .any(|e| e.action == "print.list"),
        "no audit row of a print"
    );

    // The same list prints whole afterwards, every person on it.
    let (printed, pdf) = list(&mut r, &simple(assoc)).unwrap();
    assert!(printed.persons >= n, "{}", printed.persons);
    assert!(pages_text(&pdf, None).join("").contains("名簿 三子"));
}
