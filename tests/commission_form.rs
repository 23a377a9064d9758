//! The plan comes back as a filled spreadsheet (#21): a per-person XLSX form is handed out
//! with the plan's items filled in, read back as a change to review (old → new per field),
//! and written only when an officer accepts it. Another person's form, an altered key and a
//! damaged file are refused, and nothing is written.

mod common;

#[path = "print/support.rs"]
mod support;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::*;
use support::{consent_for, doc};
use yorisoi::commissions::form::FormReading;
use yorisoi::model::commission::{NewCommission, Office, OfficeKind, Qualification, Specialist};
use yorisoi::model::{ConsentAnswer, ConsentPurpose, EvacuationMeans, RecipientKind};
use yorisoi::printing::NewFile;
use yorisoi::{Error, Roster};

/// A person with a plan: one destination, a route, on foot.
fn with_plan(r: &mut Roster, name: &str) -> i64 {
    r.add_person(doc(
        name,
        "なまえ",
        "みどり市中央町1-2-3",
        "中央地区",
        serde_json::json!({"plan": {
            "destinations": [{"kind": "shelter", "name": "中央小学校", "address": "みどり市中央町5"}],
            "route": "東へ徒歩",
            "means": "walk",
            "warning_contact": "隣家の佐藤",
            "warning_method": "phone",
            "created_on": "2026-04-01",
            "updated_on": "2026-04-01"
        }}),
    ))
    .unwrap()
}

/// Hands out person `id`'s form; its bytes.
fn issue(r: &mut Roster, id: i64) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut keep = |b: &[u8]| -> yorisoi::Result<()> {
        bytes = b.to_vec();
        Ok(())
    };
    r.issue_form(id, &mut keep).unwrap();
    bytes
}

/// Every sheet of a workbook: (name, cells as (row, column, text)).
type Book = Vec<(String, Vec<(u32, u32, String)>)>;

fn sheets(bytes: &[u8]) -> Book {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let text = match v {
                    Data::Empty => continue,
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                };
                cells.push((r0 + r as u32, c0 + c as u32, text));
            }
        }
        out.push((name, cells));
    }
    out
}

/// The workbook written again, as a spreadsheet program saves what it opened: the same
/// sheets and text cells (the key sheet hidden again), with `edit` applied to each cell.
fn rewrite(book: &Book, mut edit: impl FnMut(&str, u32, u32, &mut String)) -> Vec<u8> {
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, cells) in book {
        let sheet = out.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, c, text) in cells {
            let mut text = text.clone();
            edit(name, *r, *c, &mut text);
            sheet.write_string(*r, *c as u16, &text).unwrap();
        }
        if name != "個別避難計画" {
            sheet.set_hidden(true);
        }
    }
    out.save_to_buffer().unwrap()
}

/// The row of the form's field `token` (its token is in column D).
fn row_of(book: &Book, token: &str) -> u32 {
    let (_, cells) = book.iter().find(|(n, _)| n == "個別避難計画").unwrap();
    cells
        .iter()
        .find(|(_, c, t)| *c == 3 && t == token)
        .map(|(r, _, _)| *r)
        .unwrap_or_else(|| panic!("no row for {token}"))
}

/// The value (column B) of the form's field `token`.
fn value_of(book: &Book, token: &str) -> String {
    let row = row_of(book, token);
    let (_, cells) = book.iter().find(|(n, _)| n == "個別避難計画").unwrap();
    cells
        .iter()
        .find(|(r, c, _)| *r == row && *c == 1)
        .map(|(_, _, t)| t.clone())
        .unwrap_or_default()
}

/// The form with field `token` filled in as `value` (cells that were blank included).
fn fill(bytes: &[u8], fields: &[(&str, &str)]) -> Vec<u8> {
    let book = sheets(bytes);
    let rows: Vec<(u32, &str)> = fields.iter().map(|(t, v)| (row_of(&book, t), *v)).collect();
    let mut book = book;
    let main = book.iter_mut().find(|(n, _)| n == "個別避難計画").unwrap();
    for (row, value) in &rows {
        main.1.retain(|(r, c, _)| !(r == row && *c == 1));
        main.1.push((*row, 1, value.to_string()));
    }
    rewrite(&book, |_, _, _, _| {})
}

/// Rows of the tables a read writes, and of the audit log.
fn counts(t: &TempRoster) -> [i64; 4] {
    let c = raw(&t.path);
    [
        "imports",
        "import_changes",
        "commission_form_reads",
        "audit_log",
    ]
    .map(|table| {
        c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
}

fn refused(r: &mut Roster, bytes: &[u8], person: Option<i64>) -> String {
    match r.read_form(bytes, person) {
        Ok(read) => panic!("read instead of refused: {read:?}"),
        Err(e) => e.to_string(),
    }
}

fn audit_details(t: &TempRoster, action: &str) -> Vec<String> {
    let c = raw(&t.path);
    let mut s = c
        .prepare("SELECT detail FROM audit_log WHERE action = ?1 ORDER BY seq")
        .unwrap();
    s.query_map([action], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_form_holds_the_plan_with_drop_down_lists_and_whose_it_is() {
    let (t, mut r) = TempRoster::new();
    let id = with_plan(&mut r, "様式 花子");
    let bytes = issue(&mut r, id);
    let book = sheets(&bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["個別避難計画", "様式の鍵"]);
    let main = &book[0].1;
    let cell = |row: u32, col: u32| {
        main.iter()
            .find(|(r, c, _)| *r == row && *c == col)
            .map(|(_, _, v)| v.as_str())
            .unwrap_or("")
    };
    assert_eq!(
        (cell(3, 0), cell(3, 1)),
        ("対象者ID", id.to_string().as_str())
    );
    assert_eq!((cell(4, 0), cell(4, 1)), ("氏名", "様式 花子"));
    assert_eq!(value_of(&book, "plan.route"), "東へ徒歩");
    assert_eq!(value_of(&book, "plan.means"), "徒歩");
    assert_eq!(value_of(&book, "plan.warning-method"), "電話");
    assert_eq!(value_of(&book, "plan.destination.1.kind"), "指定避難所");
    assert_eq!(value_of(&book, "plan.destination.1.name"), "中央小学校");
    assert_eq!(
        value_of(&book, "plan.destination.1.direct-admission"),
        "いいえ"
    );
    assert_eq!(value_of(&book, "plan.destination.2.name"), "");
    assert_eq!(value_of(&book, "plan.updated-on"), "2026-04-01");
    // Three destination slots (one more than the plan has, at least three), then the
    // plan's own eleven items.
    assert_eq!(
        row_of(&book, "plan.destination.3.direct-admission") + 1,
        row_of(&book, "plan.route")
    );
    // The coded fields have drop-down lists of the Japanese labels.
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let means_row = row_of(&book, "plan.means") + 1;
    assert!(
        xml.contains(&format!(
            "sqref=\"B{means_row}\"><formula1>\"徒歩,車いす,自動車,担架,その他\"</formula1>"
        )),
        "{xml}"
    );
    assert!(xml.contains("<formula1>\"指定避難所,福祉避難所,親族・知人宅,その他\"</formula1>"));
    assert!(xml.contains("<formula1>\"電話,FAX,訪問,メール,その他\"</formula1>"));
    assert!(xml.contains("<sheetProtection"), "the form is protected");
    // Issuing is audited with ids and counts only.
    let details = audit_details(&t, "commission.form");
    assert_eq!(details.len(), 1);
    assert!(
        details[0].starts_with(&format!(
            "person={id},commission=-,fields=23,destinations=3"
        )),
        "{}",
        details[0]
    );
    assert!(!details[0].contains("様式") && !details[0].contains("徒歩"));
}

#[test]
fn a_changed_field_comes_back_as_a_change_to_review_and_is_written_only_when_accepted() {
    let (t, mut r) = TempRoster::new();
    let id = with_plan(&mut r, "往復 太郎");
    let bytes = issue(&mut r, id);
    let filled = fill(&bytes, &[("plan.route", "西の高台へ車いすで")]);
    let before = counts(&t);
    let read: FormReading = r.read_form(&filled, Some(id)).unwrap();
    assert_eq!(read.person_id, id);
    assert_eq!(read.changes.len(), 1, "{:?}", read.changes);
    let change = &read.changes[0];
    assert_eq!(change.column, "plan.route");
    assert_eq!(
        (change.old.as_str(), change.new.as_str()),
        ("東へ徒歩", "西の高台へ車いすで")
    );
    // One import row, one change, one read, one audit row.
    let after = counts(&t);
    assert_eq!(
        [
            after[0] - before[0],
            after[1] - before[1],
            after[2] - before[2],
            after[3] - before[3]
        ],
        [1, 1, 1, 1]
    );
    // Nothing changed yet: the change waits for an officer.
    assert_eq!(r.view_person(id).unwrap().plan.unwrap().route, "東へ徒歩");
    let pending = r.pending_changes().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].id, read.change_id.unwrap());
    assert_eq!(pending[0].person_id, id);
    assert_eq!(pending[0].fields, read.changes);
    // The read is audited with ids and counts only.
    let details = audit_details(&t, "commission.form-read");
    assert_eq!(
        details,
        vec![format!(
            "person={id},commission=-,changes=1,change={}",
            read.change_id.unwrap()
        )]
    );
    // Accepted through the import review's path: now the plan has the new route, the rest
    // as it was.
    let accepted = r.accept_change(read.change_id.unwrap()).unwrap();
    assert_eq!(accepted.status, "accepted");
    let plan = r.view_person(id).unwrap().plan.unwrap();
    assert_eq!(plan.route, "西の高台へ車いすで");
    assert_eq!(plan.means, Some(EvacuationMeans::Walk));
    assert_eq!(plan.destinations.len(), 1);
    assert_eq!(plan.destinations[0].name, "中央小学校");
    assert_eq!(plan.warning_contact, "隣家の佐藤");
    assert_eq!(
        audit_details(&t, "person.update").last().unwrap(),
        &format!("change={} fields=plan.route", read.change_id.unwrap())
    );
    // Read again now: the roster already holds the form's values, so nothing is to review.
    let again = r.read_form(&filled, None).unwrap();
    assert_eq!((again.change_id, again.changes.len()), (None, 0));
}

#[test]
fn coded_fields_and_a_new_destination_are_read_by_their_labels() {
    let (_t, mut r) = TempRoster::new();
    let id = with_plan(&mut r, "選択 次郎");
    let bytes = issue(&mut r, id);
    let filled = fill(
        &bytes,
        &[
            ("plan.means", "車いす"),
            ("plan.destination.3.kind", "福祉避難所"),
            ("plan.destination.3.name", "みどり苑"),
            ("plan.destination.3.direct-admission", "はい"),
            ("plan.updated-on", "令和8年11月20日"),
        ],
    );
    let read = r.read_form(&filled, Some(id)).unwrap();
    let got: Vec<(&str, &str, &str)> = read
        .changes
        .iter()
        .map(|c| (c.column.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    // The filled third slot closes up to the second.
    assert_eq!(
        got,
        vec![
            ("plan.destination.2.kind", "", "福祉避難所"),
            ("plan.destination.2.name", "", "みどり苑"),
            ("plan.destination.2.direct-admission", "", "はい"),
            ("plan.means", "徒歩", "車いす"),
            ("plan.updated-on", "2026-04-01", "2026-11-20"),
        ]
    );
    r.accept_change(read.change_id.unwrap()).unwrap();
    let plan = r.view_person(id).unwrap().plan.unwrap();
    assert_eq!(plan.means, Some(EvacuationMeans::Wheelchair));
    assert_eq!(plan.destinations.len(), 2);
    assert_eq!(plan.destinations[1].name, "みどり苑");
    assert!(plan.destinations[1].direct_admission);
    assert_eq!(plan.updated_on.as_deref(), Some("2026-11-20"));
}

#[test]
fn a_field_the_office_left_alone_does_not_undo_a_change_made_in_the_roster_since() {
    let (_t, mut r) = TempRoster::new();
    let id = with_plan(&mut r, "後変 三郎");
    let bytes = issue(&mut r, id);
    let mut p = r.view_person(id).unwrap();
    p.plan.as_mut().unwrap().route = "職員が直した経路".into();
    r.update_person(id, p).unwrap();
    let filled = fill(&bytes, &[("plan.means", "自動車")]);
    let read = r.read_form(&filled, None).unwrap();
    let columns: Vec<&str> = read.changes.iter().map(|c| c.column.as_str()).collect();
    assert_eq!(columns, vec!["plan.means"]);
}

#[test]
fn a_change_is_refused_on_acceptance_when_the_field_changed_after_the_read() {
    let (_t, mut r) = TempRoster::new();
    let id = with_plan(&mut r, "競合 四郎");
    let bytes = issue(&mut r, id);
    let read = r
        .read_form(&fill(&bytes, &[("plan.route", "北の道")]), None)
        .unwrap();
    let mut p = r.view_person(id).unwrap();
    p.plan.as_mut().unwrap().route = "その間に変えた経路".into();
    r.update_person(id, p).unwrap();
    let err = r
        .accept_change(read.change_id.unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("避難経路 changed after the form was read"),
        "{err}"
    );
    assert_eq!(
        r.view_person(id).unwrap().plan.unwrap().route,
        "その間に変えた経路"
    );
    // Rejected, the roster stays as it is.
    r.reject_change(read.change_id.unwrap()).unwrap();
    assert_eq!(
        r.view_person(id).unwrap().plan.unwrap().route,
        "その間に変えた経路"
    );
}

#[test]
fn another_persons_form_is_refused_and_nothing_is_written() {
    let (t, mut r) = TempRoster::new();
    let a = with_plan(&mut r, "甲野 一");
    let b = with_plan(&mut r, "乙野 二");
    let form_a = issue(&mut r, a);
    let form_b = issue(&mut r, b);
    let before = counts(&t);

    // B's form read for A.
    let err = refused(&mut r, &form_b, Some(a));
    assert!(
        err.contains(&format!("this is person {b}'s plan form"))
            && err.contains(&format!("not person {a}'s")),
        "{err}"
    );

    // A's sheet with B's key: the key verifies, but it is not the shown person's.
    let book_a = sheets(&form_a);
    let book_b = sheets(&form_b);
    let mixed: Book = vec![book_a[0].clone(), book_b[1].clone()];
    let err = refused(&mut r, &rewrite(&mixed, |_, _, _, _| {}), None);
    assert!(
        err.contains(&format!("ID {a}, but its key is form"))
            && err.contains(&format!("of person {b}")),
        "{err}"
    );

    // A's form with B's ID written over the shown one.
    let shown_b = rewrite(&book_a, |sheet, row, col, v| {
        if sheet == "個別避難計画" && (row, col) == (3, 1) {
            *v = b.to_string();
        }
    });
    let err = refused(&mut r, &shown_b, None);
    assert!(
        err.contains("the sheet of one person's form was put with the key of another"),
        "{err}"
    );

    assert_eq!(counts(&t), before);
    assert!(r.pending_changes().unwrap().is_empty());
}

#[test]
fn an_altered_key_or_another_rosters_form_is_refused_and_nothing_is_written() {
    let (t, mut r) = TempRoster::new();
    let a = with_plan(&mut r, "鍵田 一");
    let b = with_plan(&mut r, "鍵田 二");
    let form = issue(&mut r, a);
    let book = sheets(&form);
    let before = counts(&t);
    let key_row = |name: &str| {
        book[1]
            .1
            .iter()
            .find(|(_, c, v)| *c == 0 && v == name)
            .map(|(r, _, _)| *r)
            .unwrap()
    };
    // The key's person turned into B (and the shown ID with it, so only the key can tell).
    let (person_row, key_mac_row) = (key_row("person"), key_row("key"));
    let to_b = rewrite(&book, |sheet, row, col, v| {
        if (sheet == "様式の鍵" && (row, col) == (person_row, 1))
            || (sheet == "個別避難計画" && (row, col) == (3, 1))
        {
            *v = b.to_string();
        }
    });
    let err = refused(&mut r, &to_b, None);
    assert!(err.contains("the form's key does not verify"), "{err}");
    // One character of the key changed.
    let flipped = rewrite(&book, |sheet, row, col, v| {
        if sheet == "様式の鍵" && (row, col) == (key_mac_row, 1) {
            let last = if v.ends_with('0') { '1' } else { '0' };
            v.pop();
            v.push(last);
        }
    });
    assert!(refused(&mut r, &flipped, None).contains("the form's key does not verify"));
    // The key sheet emptied.
    let blank = rewrite(&book, |sheet, _, col, v| {
        if sheet == "様式の鍵" && col == 1 {
            v.clear();
        }
    });
    assert!(refused(&mut r, &blank, None).contains("no readable form"));
    // A form another roster handed out, for a person with the same id.
    let (_t2, mut other) = TempRoster::new();
    let same_id = with_plan(&mut other, "鍵田 一");
    assert_eq!(same_id, a);
    let foreign = issue(&mut other, same_id);
    assert!(refused(&mut r, &foreign, None).contains("another roster handed it out"));
    assert_eq!(counts(&t), before);
}

#[test]
fn a_damaged_or_foreign_file_is_refused_with_the_reason_and_nothing_is_written() {
    let (t, mut r) = TempRoster::new();
    let a = with_plan(&mut r, "破損 一");
    let form = issue(&mut r, a);
    let before = counts(&t);
    let truncated = &form[..form.len() / 2];
    let err = refused(&mut r, truncated, None);
    assert!(err.contains("is not a readable XLSX workbook"), "{err}");
    let err = refused(&mut r, "氏名,住所\n甲,乙\n".as_bytes(), None);
    assert!(err.contains("is not a readable XLSX workbook"), "{err}");
    // An XLSX that is not a form: the roster's own export.
    let (export, _) = r
        .render_export(
            yorisoi::io::Format::Xlsx,
            yorisoi::io::Profile::Statutory,
            yorisoi::io::ExportEncoding::Utf8Bom,
        )
        .unwrap();
    let err = refused(&mut r, &export, None);
    assert!(
        err.contains("is not a plan form Yorisoi handed out"),
        "{err}"
    );
    // A value that is not in the list, and a destination with a name but no kind.
    let err = refused(&mut r, &fill(&form, &[("plan.means", "くるま")]), None);
    assert!(
        err.contains("避難方法") && err.contains("「くるま」は選べる値ではありません"),
        "{err}"
    );
    let err = refused(
        &mut r,
        &fill(&form, &[("plan.destination.2.name", "公民館")]),
        None,
    );
    assert!(
        err.contains("第2避難先: 種類と名称の両方を書いてください"),
        "{err}"
    );
    // A row of the form taken out.
    let book = sheets(&form);
    let route_row = row_of(&book, "plan.route");
    let cut = rewrite(&book, |sheet, row, col, v| {
        if sheet == "個別避難計画" && row == route_row && col == 3 {
            v.clear();
        }
    });
    let err = refused(&mut r, &cut, None);
    assert!(err.contains("the row 「避難経路」 is missing"), "{err}");
    assert_eq!(counts(&t), before);
}

/// The form with an extra part of 80 MiB of zeros (a ZIP bomb, compressed to a few
/// hundred kilobytes).
fn with_bomb(form: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut src = zip::ZipArchive::new(Cursor::new(form)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        out.raw_copy_file(src.by_index(i).unwrap()).unwrap();
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/media/image1.png", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..80 {
        out.write_all(&zeros).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused_by_the_imports_guard_with_a_forms_limits() {
    let (t, mut r) = TempRoster::new();
    let a = with_plan(&mut r, "爆弾 一");
    let bomb = with_bomb(&issue(&mut r, a));
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let before = counts(&t);
    let err = refused(&mut r, &bomb, None);
    assert!(
        err.contains("unpacks to more than 67,108,864 bytes"),
        "{err}"
    );
    assert_eq!(counts(&t), before);
}

#[test]
fn a_form_waiting_for_a_decision_is_not_read_twice() {
    let (t, mut r) = TempRoster::new();
    let a = with_plan(&mut r, "二度 読子");
    let filled = fill(&issue(&mut r, a), &[("plan.route", "南へ")]);
    let first = r.read_form(&filled, None).unwrap();
    let before = counts(&t);
    let err = refused(&mut r, &filled, None);
    assert!(
        err.contains(&format!(
            "its change {} waits for a decision",
            first.change_id.unwrap()
        )),
        "{err}"
    );
    assert_eq!(counts(&t), before);
    // Once rejected, it may be read again.
    r.reject_change(first.change_id.unwrap()).unwrap();
    let second = r.read_form(&filled, None).unwrap();
    assert_eq!(second.changes.len(), 1);
}

#[test]
fn a_form_is_written_new_and_names_the_commission_under_way() {
    let (t, mut r) = TempRoster::new();
    let a = with_plan(&mut r, "委託 花子");
    r.record_consent(consent_for(
        a,
        ConsentPurpose::PlanCreate,
        RecipientKind::CareCentre,
        ConsentAnswer::Consented,
    ))
    .unwrap();
    let office = r
        .add_office(&Office {
            id: None,
            kind: OfficeKind::HomeCareSupport,
            name: "みどり居宅介護支援事業所".into(),
            office_number: "1234567890".into(),
            district: None,
            custodian: "管理 者".into(),
            address: "みどり市本町1-1".into(),
            phone: "0990-22-3333".into(),
            fax: String::new(),
            specialists: vec![Specialist {
                id: None,
                name: "介護 支援".into(),
                qualification: Qualification::CareManager,
                phone: String::new(),
            }],
            under_way: 0,
        })
        .unwrap();
    let c = r
        .new_commission(&NewCommission {
            person_id: a,
            office_id: Some(office),
            specialist_id: None,
            on: Some("2026-11-01"),
            note: "",
        })
        .unwrap();
    let path = t.dir.path().join("plan-form.xlsx");
    let issued = r.issue_form(a, &mut NewFile::new(&path)).unwrap();
    assert_eq!(issued.commission_id, Some(c.id));
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(file_hash(&path), issued.sha256);
    let book = sheets(&bytes);
    assert!(book[0]
        .1
        .iter()
        .any(|(_, _, v)| v == &format!("委託番号 {}（みどり居宅介護支援事業所）", c.id)));
    // Never over a file: the second form to the same path is refused, and nothing recorded.
    let before = counts(&t);
    let err = r.issue_form(a, &mut NewFile::new(&path)).unwrap_err();
    assert!(matches!(err, Error::AlreadyExists(_)), "{err}");
    assert_eq!(counts(&t), before);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    // The read names the commission.
    let read = r
        .read_form(
            &fill(&bytes, &[("plan.route", "委託先が書いた経路")]),
            Some(a),
        )
        .unwrap();
    assert_eq!(read.commission_id, Some(c.id));
    assert!(audit_details(&t, "commission.form-read")[0].contains(&format!("commission={}", c.id)));
    // An archived person gets no form.
    r.archive_person(
        a,
        yorisoi::model::ArchiveReason::Moved,
        Some("2026-11-20"),
        "",
    )
    .unwrap();
    let err = r
        .issue_form(a, &mut NewFile::new(t.dir.path().join("again.xlsx")))
        .unwrap_err();
    assert!(err.to_string().contains("is archived"), "{err}");
}

#[test]
fn a_person_without_a_plan_gets_a_blank_form_that_makes_one() {
    let (_t, mut r) = TempRoster::new();
    let id = r
        .add_person(doc(
            "白紙 一",
            "はくし",
            "みどり市1",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    assert!(r.view_person(id).unwrap().plan.is_none());
    let bytes = issue(&mut r, id);
    let untouched = r.read_form(&bytes, Some(id)).unwrap();
    assert_eq!((untouched.change_id, untouched.changes.len()), (None, 0));
    let filled = fill(
        &bytes,
        &[
            ("plan.destination.1.kind", "指定避難所"),
            ("plan.destination.1.name", "北中学校"),
            ("plan.route", "坂を上る"),
        ],
    );
    let read = r.read_form(&filled, Some(id)).unwrap();
    assert_eq!(read.changes.len(), 4, "{:?}", read.changes); // kind, name, direct, route
    r.accept_change(read.change_id.unwrap()).unwrap();
    let plan = r.view_person(id).unwrap().plan.unwrap();
    assert_eq!(plan.route, "坂を上る");
    assert_eq!(plan.destinations[0].name, "北中学校");
}

#[test]
fn the_cli_hands_out_a_form_and_reads_it_back_as_a_change_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    assert_eq!(yorisoi(&db, Some(PASS), &["init"]).status.code(), Some(0));
    let person = dir.path().join("p.json");
    std::fs::write(
        &person,
        serde_json::json!({
            "name": "線引 一郎", "furigana": "せんびき", "sex": "male",
            "date_of_birth": "昭和10年1月1日", "address": "みどり市中央町1", "phone": "0990-11-2222",
            "plan": {"route": "東へ徒歩", "means": "walk"}
        })
        .to_string(),
    )
    .unwrap();
    let o = yorisoi(
        &db,
        Some(PASS),
        &["person", "add", "--json", person.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    let form = dir.path().join("form.xlsx");
    let form_s = form.to_str().unwrap();
    let o = yorisoi(
        &db,
        Some(PASS),
        &["commission", "form", "--person", &id, "--out", form_s],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("person {id}")),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("NOT encrypted"), "{}", stderr(&o));
    assert!(form.exists());
    // Never over a file.
    let o = yorisoi(
        &db,
        Some(PASS),
        &["commission", "form", "--person", &id, "--out", form_s],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    // Filled in and read back.
    let filled = dir.path().join("filled.xlsx");
    std::fs::write(
        &filled,
        fill(
            &std::fs::read(&form).unwrap(),
            &[("plan.route", "西の高台へ")],
        ),
    )
    .unwrap();
    let o = yorisoi(
        &db,
        Some(PASS),
        &["commission", "form", "read", filled.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("plan.route: 東へ徒歩 → 西の高台へ"), "{out}");
    assert!(out.contains("yorisoi import review accept"), "{out}");
    let list = stdout(&yorisoi(
        &db,
        Some(PASS),
        &["import", "review", "list", "--json"],
    ));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let change = list[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(list[0]["fields"][0]["column"], "plan.route");
    // Another person's id asked for: refused, with the reason.
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "commission",
            "form",
            "read",
            filled.to_str().unwrap(),
            "--person",
            "999",
        ],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("not person 999's"), "{}", stderr(&o));
    // A damaged file: refused, with the reason.
    let damaged = dir.path().join("damaged.xlsx");
    std::fs::write(&damaged, &std::fs::read(&form).unwrap()[..100]).unwrap();
    let o = yorisoi(
        &db,
        Some(PASS),
        &["commission", "form", "read", damaged.to_str().unwrap()],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("is not a readable XLSX workbook"),
        "{}",
        stderr(&o)
    );
    // Accepted through the import review.
    let o = yorisoi(&db, Some(PASS), &["import", "review", "accept", &change]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shown: serde_json::Value = serde_json::from_str(&stdout(&yorisoi(
        &db,
        Some(PASS),
        &["person", "show", &id, "--json"],
    )))
    .unwrap();
    assert_eq!(shown["plan"]["route"], "西の高台へ");
}
