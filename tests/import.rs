//! Import, review, candidates, export and the plan / stale worklists (issue 7). Every
//! fixture is synthetic and made here.

mod common;

use std::collections::BTreeMap;

use common::*;
use encoding_rs::SHIFT_JIS;
use yorisoi::intake::import::{ImportOptions, ImportReport};
use yorisoi::io::export::{neutralise, render};
use yorisoi::io::{ExportEncoding, Format, Profile, TextEncoding};
use yorisoi::model::{ArchiveReason, PersonQuery, RegistrationRoute};
use yorisoi::policy::SharePurpose;
use yorisoi::{Error, Roster};

fn dry() -> ImportOptions {
    ImportOptions {
        dry_run: true,
        ..import_options()
    }
}

fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = SHIFT_JIS.encode(text);
    assert!(!unmappable, "fixture must be encodable");
    bytes.into_owned()
}

const HEADER: &str =
    "宛名番号,氏名,ﾌﾘｶﾞﾅ,性別,生年月日,住所,電話番号,要介護度,世帯状況,地区,備考\r\n";

/// A welfare extract as old systems write it: Shift_JIS, half-width kana, wareki,
/// full-width digits, an IBM extension character, a quoted line break.
fn welfare_extract() -> Vec<u8> {
    sjis(&format!(
        "{HEADER}\
         1001,髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ,男,S15/03/02,みどり市中央町１－２－３,０９９０－１１－２２２２,要介護３,独居,中央地区,\"階段が苦手\r\n夜間は娘が来る\"\r\n\
         1002,山﨑　花子,ﾔﾏｻﾞｷ ﾊﾅｺ,女,昭和15年3月2日,みどり市東町4-5,0990-22-3333,要支援1,高齢者のみ,東地区,\r\n\
         1003,佐藤 次郎,ｻﾄｳ ｼﾞﾛｳ,1,1950-07-08,みどり市西町7,,非該当,同居,西地区,\r\n"
    ))
}

fn person_by_name(roster: &mut Roster, name: &str) -> yorisoi::model::Person {
    let q = PersonQuery {
        text: Some(name.to_string()),
        include_archived: true,
        ..PersonQuery::default()
    };
    let id = roster.list_persons(&q).unwrap()[0].id;
    roster.view_person(id).unwrap()
}

#[test]
fn a_shift_jis_welfare_extract_imports_with_every_value_read() {
    let (_t, mut roster) = TempRoster::new();
    let r = roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    assert_eq!((r.read, r.added, r.rejected.len()), (3, 3, 0), "{r:?}");
    assert_eq!(r.encoding, "shift_jis");
    let p = person_by_name(&mut roster, "髙橋");
    assert_eq!(p.name, "髙橋 一郎");
    assert_eq!(p.furigana, "タカハシ イチロウ");
    assert_eq!(p.date_of_birth, "1940-03-02");
    assert_eq!(p.phone, "0990-11-2222");
    assert_eq!(p.resident_number.as_deref(), Some("1001"));
    assert_eq!(p.care_level.map(|c| c.token()), Some("care-3"));
    assert_eq!(p.household.map(|h| h.token()), Some("alone"));
    assert_eq!(p.notes, "階段が苦手\r\n夜間は娘が来る");
    assert_eq!(p.registration.route, RegistrationRoute::Consent);
    assert_eq!(p.registration.date.as_deref(), Some("2026-11-22"));
    let q = person_by_name(&mut roster, "山﨑");
    assert_eq!(q.name, "山﨑 花子");
    assert_eq!(q.date_of_birth, "1940-03-02");
    assert_eq!(q.care_level.map(|c| c.token()), Some("support-1"));
    let s = person_by_name(&mut roster, "佐藤");
    assert_eq!(s.sex.token(), "male");
    assert_eq!(s.care_level, None);
}

#[test]
fn utf8_with_and_without_bom_and_an_explicit_encoding_read_alike() {
    let text = "氏名,生年月日,住所,性別\n田中 三郎,1945-01-02,みどり市南町1,男\n";
    for bytes in [
        text.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    ] {
        let (_t, mut roster) = TempRoster::new();
        let r = roster.import(&bytes, &import_options()).unwrap();
        assert_eq!(r.added, 1);
        assert_eq!(person_by_name(&mut roster, "田中").address, "みどり市南町1");
    }
    // Shift_JIS bytes read as UTF-8 by choice: refused by line, nothing written.
    let (_t, mut roster) = TempRoster::new();
    let opts = ImportOptions {
        encoding: TextEncoding::Utf8,
        ..import_options()
    };
    let err = roster.import(&welfare_extract(), &opts).unwrap_err();
    assert!(
        err.to_string().contains("line 1 is not valid utf-8"),
        "{err}"
    );
    assert!(roster
        .list_persons(&PersonQuery::default())
        .unwrap()
        .is_empty());
}

fn bad_file() -> Vec<u8> {
    "氏名,生年月日,住所,性別,電話番号,要介護度\n\
     正常 一郎,1940-01-01,みどり市1,男,0990-1-2222,要介護1\n\
     壊れ 行\n\
     日付 不正,昭和15年2月30日,みどり市2,男,,\n\
     正常 一郎,1940-01-01,みどり市1,男,0990-1-2222,要介護1\n\
     ,1941-01-01,みどり市3,女,,\n\
     介護 不明,1941-01-01,みどり市4,女,,要介護9\n\
     電話 不正,1942-02-02,みどり市5,女,abc,\n"
        .as_bytes()
        .to_vec()
}

#[test]
fn a_dry_run_reports_every_rejected_row_with_column_value_and_reason_and_writes_nothing() {
    let (t, mut roster) = TempRoster::new();
    let before = dump(&t.path);
    let r = roster.import(&bad_file(), &dry()).unwrap();
    assert!(r.dry_run);
    assert_eq!(r.import_id, None);
    assert_eq!((r.read, r.added), (7, 1));
    let rows: Vec<(usize, Option<&str>, Option<&str>)> = r
        .rejected
        .iter()
        .map(|i| (i.row, i.column.as_deref(), i.value.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (3, None, None),
            (4, Some("生年月日"), Some("昭和15年2月30日")),
            (5, None, None),
            (6, Some("氏名"), None),
            (7, Some("要介護度"), Some("要介護9")),
            (8, Some("電話番号"), Some("abc")),
        ]
    );
    assert!(r.rejected[0]
        .reason
        .contains("has 1 cells but the header has 6"));
    assert!(r.rejected[1].reason.contains("no such date"));
    assert!(r.rejected[2].reason.contains("same person as row 2"));
    assert!(r.rejected[3].reason.contains("must not be empty"));
    assert_eq!(dump(&t.path), before, "a dry run must write nothing");
    // Without --dry-run the good row goes in, the bad ones are reported again.
    let r = roster.import(&bad_file(), &import_options()).unwrap();
    assert_eq!((r.added, r.rejected.len()), (1, 6));
    assert_eq!(
        roster.list_persons(&PersonQuery::default()).unwrap().len(),
        1
    );
}

/// Every row of every user table, for "nothing changed" comparisons.
fn dump(path: &std::path::Path) -> Vec<String> {
    let c = raw(path);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        // Order by every column: some tables are WITHOUT ROWID.
        let n = c
            .prepare(&format!("SELECT * FROM {t}"))
            .unwrap()
            .column_count();
        let order = (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let mut stmt = c
            .prepare(&format!("SELECT * FROM {t} ORDER BY {order}"))
            .unwrap();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.push(format!("{t}: {}", rows.join("\n")));
    }
    out
}

#[test]
fn a_failure_half_way_leaves_the_roster_exactly_as_before() {
    let (t, mut roster) = TempRoster::new();
    roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    // A fault the planner cannot foresee: the database refuses the 3rd new row.
    {
        let c = raw(&t.path);
        c.execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON persons WHEN NEW.name = '失敗 三郎'
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
        )
        .unwrap();
    }
    let file = "宛名番号,氏名,生年月日,住所,性別,状態\n\
                1001,髙橋 一郎,1940-03-02,みどり市北町9,男,\n\
                2001,新規 一郎,1950-01-01,みどり市1,男,\n\
                2002,新規 二郎,1950-01-02,みどり市2,男,\n\
                2003,失敗 三郎,1950-01-03,みどり市3,男,\n\
                2004,新規 四郎,1950-01-04,みどり市4,男,\n\
                1002,山﨑 花子,1940-03-02,みどり市東町4-5,女,死亡\n";
    let before = dump(&t.path);
    let err = roster
        .import(file.as_bytes(), &import_options())
        .unwrap_err();
    assert!(matches!(err, Error::Sql { .. }), "{err}");
    assert_eq!(dump(&t.path), before);
    assert_eq!(
        roster.list_persons(&PersonQuery::default()).unwrap().len(),
        3
    );
    assert!(roster.pending_changes().unwrap().is_empty());
}

#[test]
fn matched_people_become_changes_to_review_never_silent_overwrites() {
    let (_t, mut roster) = TempRoster::new();
    roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    let takahashi = person_by_name(&mut roster, "髙橋").id.unwrap();
    let yamazaki = person_by_name(&mut roster, "山﨑").id.unwrap();
    let sato = person_by_name(&mut roster, "佐藤").id.unwrap();
    // Next month: 髙橋 moved within the city, 山﨑 died, 佐藤 (matched by name + birth +
    // address, no number in this file) moved out, one new person, one unchanged row.
    let next = "宛名番号,氏名,生年月日,住所,性別,異動事由,異動日\n\
                1001,髙橋 一郎,S15.3.2,みどり市北町9-9,男,,\n\
                1002,山﨑 花子,1940-03-02,みどり市東町4-5,女,死亡,令和8年11月1日\n\
                ,佐藤　次郎,1950-07-08,みどり市西町７,男,転出,2026-10-31\n\
                1004,新人 四郎,1944-04-04,みどり市南町4,男,,\n";
    let r = roster.import(next.as_bytes(), &import_options()).unwrap();
    assert_eq!(
        (r.added, r.to_review, r.unchanged, r.rejected.len()),
        (1, 3, 0, 0),
        "{r:?}"
    );
    // Nothing changed yet.
    assert_eq!(
        person_by_name(&mut roster, "髙橋").address,
        "みどり市中央町１－２－３"
    );
    let items = roster.pending_changes().unwrap();
    assert_eq!(items.len(), 3);
    let addr = &items[0];
    assert_eq!(addr.person_id, takahashi);
    assert_eq!(addr.fields.len(), 1);
    assert_eq!(addr.fields[0].column, "address");
    assert_eq!(addr.fields[0].old, "みどり市中央町１－２－３");
    assert_eq!(addr.fields[0].new, "みどり市北町9-9");
    assert_eq!(items[1].person_id, yamazaki);
    assert_eq!(items[1].archive_reason, Some(ArchiveReason::Died));
    assert_eq!(items[1].archive_on.as_deref(), Some("2026-11-01"));
    assert!(items[1].fields.is_empty());
    assert_eq!(items[2].person_id, sato);
    assert_eq!(items[2].archive_reason, Some(ArchiveReason::Moved));

    roster.accept_change(items[0].id).unwrap();
    assert_eq!(
        person_by_name(&mut roster, "髙橋").address,
        "みどり市北町9-9"
    );
    roster.accept_change(items[1].id).unwrap();
    let dead = roster.view_person(yamazaki).unwrap();
    let a = dead.archived.unwrap();
    assert_eq!(
        (a.reason, a.on.as_str()),
        (ArchiveReason::Died, "2026-11-01")
    );
    roster.reject_change(items[2].id).unwrap();
    assert!(roster.view_person(sato).unwrap().archived.is_none());
    assert!(roster.pending_changes().unwrap().is_empty());
    let err = roster.accept_change(items[2].id).unwrap_err();
    assert!(err.to_string().contains("already rejected"));

    let log = roster.audit_log(None, None).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "import",
        "import.review.accept",
        "import.review.reject",
        "person.archive",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let import = log.iter().find(|e| e.action == "import").unwrap();
    assert!(
        import.detail.contains("read=4 added=1 to_review=3"),
        "{}",
        import.detail
    );
    assert!(import.detail.contains("sha256="));
    for e in &log {
        for secret in ["髙橋", "山﨑", "北町", "1001"] {
            assert!(
                !e.detail.contains(secret),
                "personal data in audit: {}",
                e.detail
            );
        }
    }
}

#[test]
fn a_change_to_a_record_edited_since_the_import_is_refused() {
    let (_t, mut roster) = TempRoster::new();
    roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    let next = "宛名番号,電話番号\n1001,0990-99-9999\n";
    roster.import(next.as_bytes(), &import_options()).unwrap();
    let item = &roster.pending_changes().unwrap()[0];
    let mut p = person_by_name(&mut roster, "髙橋");
    p.phone = "0990-55-5555".to_string();
    roster.update_person(item.person_id, p).unwrap();
    let err = roster.accept_change(item.id).unwrap_err();
    assert!(
        err.to_string().contains("changed after the import"),
        "{err}"
    );
    assert_eq!(person_by_name(&mut roster, "髙橋").phone, "0990-55-5555");
}

fn formula_person() -> yorisoi::model::Person {
    let mut p = person("=HYPERLINK 太郎", "たろう", "1940-01-01");
    p.notes = "@SUM(A1)".to_string();
    p.support_reason = "+1 -2".to_string();
    p.welfare_commissioner = "-民生 委員".to_string();
    p
}

#[test]
fn export_neutralises_formulas_and_round_trips_through_import_unchanged() {
    let (_t, mut roster) = TempRoster::new();
    roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    roster.add_person(formula_person()).unwrap();
    let (csv, n) = roster
        .render_export(Format::Csv, Profile::Full, ExportEncoding::Utf8Bom)
        .unwrap();
    assert_eq!(n, 4);
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.contains(",'=HYPERLINK 太郎,"), "{text}");
    assert!(text.contains(",'@SUM(A1)"));
    assert!(text.contains(",'+1 -2,"));
    assert!(text.contains(",'-民生 委員,"));
    assert!(text.starts_with("ID,宛名番号,氏名,フリガナ,性別,生年月日,住所,"));
    assert_eq!(neutralise("\tx"), "'\tx");
    assert_eq!(neutralise("0990"), "0990");

    for (format, enc) in [
        (Format::Csv, ExportEncoding::Utf8Bom),
        (Format::Csv, ExportEncoding::ShiftJis),
        (Format::Xlsx, ExportEncoding::Utf8Bom),
    ] {
        let (bytes, _) = roster.render_export(format, Profile::Full, enc).unwrap();
        let r = roster.import(&bytes, &import_options()).unwrap();
        assert_eq!(
            (r.read, r.unchanged, r.added, r.to_review, r.rejected.len()),
            (4, 4, 0, 0, 0),
            "{format:?} {r:?}"
        );
    }
    assert_eq!(
        roster.list_persons(&PersonQuery::default()).unwrap().len(),
        4
    );
}

#[test]
fn shift_jis_export_keeps_extension_characters_and_refuses_what_it_cannot_hold() {
    let (_t, mut roster) = TempRoster::new();
    roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    let (bytes, _) = roster
        .render_export(Format::Csv, Profile::Statutory, ExportEncoding::ShiftJis)
        .unwrap();
    let (text, _, errors) = SHIFT_JIS.decode(&bytes);
    assert!(!errors);
    assert!(text.contains("髙橋 一郎") && text.contains("山﨑 花子"));
    assert!(text.starts_with("ID,宛名番号,氏名,フリガナ,性別,生年月日,住所,電話番号,携帯電話,避難支援等を必要とする事由\r\n"));
    assert!(
        !text.contains("要介護"),
        "statutory profile carries no care level"
    );
    let id = roster
        .add_person(person("𠮷田 太郎", "よしだ たろう", "1950-01-01"))
        .unwrap();
    let err = roster
        .render_export(Format::Csv, Profile::Statutory, ExportEncoding::ShiftJis)
        .unwrap_err();
    assert!(err.to_string().contains(&format!("person {id}")), "{err}");
    assert!(err.to_string().contains("utf-8-bom"));
    assert!(!err.to_string().contains("𠮷"));
}

#[test]
fn export_to_a_file_is_audited_and_never_overwrites() {
    let (t, mut roster) = TempRoster::new();
    roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    let out = t.dir.path().join("out.xlsx");
    let s = roster
        .export(
            &out,
            Format::Xlsx,
            Profile::Statutory,
            ExportEncoding::Utf8Bom,
        )
        .unwrap();
    assert_eq!(s.persons, 3);
    let again = roster
        .import(&std::fs::read(&out).unwrap(), &dry())
        .unwrap();
    assert_eq!(again.unchanged, 3);
    assert!(matches!(
        roster.export(&out, Format::Xlsx, Profile::Full, ExportEncoding::Utf8Bom),
        Err(Error::AlreadyExists(_))
    ));
    let log = roster.audit_log(None, None).unwrap();
    let e = log.iter().find(|e| e.action == "export").unwrap();
    assert_eq!(
        e.detail,
        "format=xlsx profile=statutory encoding=xlsx persons=3 unencrypted=true"
    );
}

fn extract_for_candidates() -> &'static str {
    "宛名番号,氏名,生年月日,住所,性別,要介護度,身体障害者手帳等級,療育手帳,世帯状況,医療機器,浸水想定区域\n\
     3001,候補 一,1950-01-01,みどり市1,男,要介護4,,,,,\n\
     3002,候補 二,1960-01-01,みどり市2,女,,1級,,,,\n\
     3003,候補 三,1945-01-01,みどり市3,女,,,,独居,,\n\
     3004,候補 四,1990-01-01,みどり市4,男,,,,,人工呼吸器,1\n\
     3005,候補 五,1980-01-01,みどり市5,男,要介護1,,B,同居,,0\n"
}

#[test]
fn shared_information_rows_become_candidates_with_reasons_and_register_without_consent() {
    let (_t, mut roster) = TempRoster::new();
    let opts = ImportOptions {
        route: RegistrationRoute::SharedInformation,
        source: "介護保険 2026年11月抽出".to_string(),
        ..import_options()
    };
    let r = roster
        .import(extract_for_candidates().as_bytes(), &opts)
        .unwrap();
    assert_eq!((r.candidates, r.added), (5, 0));
    assert!(roster
        .list_persons(&PersonQuery::default())
        .unwrap()
        .is_empty());
    // The same file again does not stage them twice.
    let again = roster
        .import(extract_for_candidates().as_bytes(), &opts)
        .unwrap();
    assert_eq!((again.candidates, again.unchanged), (0, 5));

    let c = roster.candidates().unwrap();
    let reasons: Vec<(&str, Vec<String>)> = c
        .iter()
        .map(|c| (c.name.as_str(), c.reasons.clone()))
        .collect();
    assert_eq!(
        reasons[0],
        ("候補 一", vec!["要介護4（要介護3以上）".to_string()])
    );
    assert_eq!(
        reasons[1].1,
        vec!["身体障害者手帳1級（2級以上）".to_string()]
    );
    assert_eq!(
        reasons[2].1,
        vec!["一人暮らし・81歳（75歳以上）".to_string()]
    );
    assert_eq!(
        reasons[3].1,
        vec![
            "電源を要する医療機器".to_string(),
            "浸水想定区域".to_string()
        ]
    );
    assert!(reasons[4].1.is_empty());

    // Rules are editable: 要介護1以上 now takes in 候補 五.
    roster
        .set_eligibility_rule("care-level", None, Some(1))
        .unwrap();
    assert_eq!(
        roster.candidates().unwrap()[4].reasons,
        vec!["要介護1（要介護1以上）".to_string()]
    );
    roster
        .set_eligibility_rule("care-level", Some(false), None)
        .unwrap();
    assert!(roster.candidates().unwrap()[4].reasons.is_empty());
    assert!(roster
        .set_eligibility_rule("care-level", None, Some(9))
        .is_err());

    let done = roster.register_candidates(None).unwrap();
    assert_eq!(
        done.len(),
        3,
        "候補 一 no longer meets a rule (care-level off), 候補 五 neither"
    );
    let left: Vec<String> = roster
        .candidates()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(left, vec!["候補 一", "候補 五"]);
    let p = roster.view_person(done[0].1).unwrap();
    assert_eq!(p.registration.route, RegistrationRoute::SharedInformation);
    assert_eq!(p.registration.source, "介護保険 2026年11月抽出");
    assert_eq!(p.registration.date.as_deref(), Some("2026-11-22"));
    assert!(
        roster.consent_history(done[0].1).unwrap().is_empty(),
        "consent not yet asked"
    );
    let explicit = roster
        .register_candidates(Some(&[left_id(&roster, "候補 五")]))
        .unwrap();
    assert_eq!(explicit.len(), 1);
    assert!(matches!(
        roster.register_candidates(Some(&[done[0].0])),
        Err(Error::Invalid(_))
    ));

    // On the officers' consent worklist, on no normal-time list.
    let w = roster.consent_worklist(60).unwrap();
    let never: Vec<i64> = w.never_asked.iter().map(|e| e.person_id).collect();
    for (_, pid) in done.iter().chain(&explicit) {
        assert!(never.contains(pid));
    }
    let recipient = roster
        .add_recipient(&common::recipient(
            yorisoi::model::RecipientKind::Neighbourhood,
            "中央町自治会",
        ))
        .unwrap();
    let preview = roster
        .share_preview(recipient, SharePurpose::Roster, None)
        .unwrap();
    assert!(preview.included.is_empty());
    assert_eq!(preview.excluded.len(), 4);
    let log = roster.audit_log(None, None).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "candidate.register")
            .count(),
        4
    );
}

fn left_id(roster: &Roster, name: &str) -> i64 {
    roster
        .candidates()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

#[test]
fn plan_worklist_orders_by_priority_and_stale_lists_unverified_records() {
    let (_t, mut roster) = TempRoster::new();
    let file = "氏名,生年月日,住所,性別,要介護度,世帯状況,浸水想定区域,最終確認日\n\
                低い 人,1950-01-01,みどり市1,男,,同居,0,2026-10-01\n\
                高い 人,1940-01-01,みどり市2,女,要介護5,独居,1,2025-01-01\n\
                中位 人,1945-01-01,みどり市3,女,要介護2,高齢者のみ,0,\n";
    roster.import(file.as_bytes(), &import_options()).unwrap();
    let list = roster.plan_worklist().unwrap();
    let order: Vec<(&str, u32)> = list
        .iter()
        .map(|i| (i.name.as_str(), i.priority.score))
        .collect();
    assert_eq!(order, vec![("高い 人", 36), ("中位 人", 6), ("低い 人", 1)]);
    assert!(list[0]
        .priority
        .reasons
        .iter()
        .any(|r| r.contains("要介護5")));
    assert!(list[0]
        .priority
        .reasons
        .iter()
        .any(|r| r.contains("浸水想定区域")));
    let stale = roster.stale_worklist(Some(12)).unwrap();
    assert_eq!(stale.cutoff, "2025-11-22");
    let names: Vec<&str> = stale.stale.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["高い 人"]);
}

#[test]
fn a_saved_mapping_reads_next_months_file_with_odd_headers() {
    let (_t, mut roster) = TempRoster::new();
    let file = "No,対象者 名,カナ,誕生,居住地,性,要介護度\n1,木村 五郎,きむら ごろう,1941-05-05,みどり市5,男,要介護2\n";
    let err = roster.import(file.as_bytes(), &dry()).unwrap_err();
    assert!(
        err.to_string().contains("no column maps to 宛名番号"),
        "{err}"
    );
    let mut set = BTreeMap::new();
    set.insert("対象者 名".to_string(), "name".to_string());
    set.insert("誕生".to_string(), "date-of-birth".to_string());
    set.insert("居住地".to_string(), "address".to_string());
    let saved = roster
        .save_mapping(
            "介護保険月次",
            file.as_bytes(),
            None,
            TextEncoding::Auto,
            &set,
        )
        .unwrap();
    assert_eq!(saved.columns.get("No").map(String::as_str), Some("ignore"));
    assert_eq!(
        saved.columns.get("カナ").map(String::as_str),
        Some("furigana")
    );
    let opts = ImportOptions {
        mapping: Some("介護保険月次".to_string()),
        ..import_options()
    };
    let r: ImportReport = roster.import(file.as_bytes(), &opts).unwrap();
    assert_eq!(r.added, 1);
    let p = person_by_name(&mut roster, "木村");
    assert_eq!(
        (p.furigana.as_str(), p.date_of_birth.as_str()),
        ("きむら ごろう", "1941-05-05")
    );
    assert_eq!(roster.mappings().unwrap().len(), 1);
}

#[test]
fn no_input_makes_the_importer_panic() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let (_t, roster) = TempRoster::new();
    let roster = std::cell::RefCell::new(roster);
    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    let cell = prop_oneof![
        Just(String::new()),
        Just("\"".to_string()),
        Just("昭和64年1月8日".to_string()),
        Just("=1+2".to_string()),
        Just("ﾔﾏﾀﾞ".to_string()),
        Just("要介護３".to_string()),
        "[\\PC]{0,12}",
    ];
    let header = prop::sample::subsequence(
        vec![
            "宛名番号",
            "氏名",
            "生年月日",
            "住所",
            "性別",
            "要介護度",
            "医療機器",
            "異動事由",
            "異動日",
        ],
        0..9,
    );
    let csv = (
        header,
        prop::collection::vec(prop::collection::vec(cell, 0..10), 0..6),
    )
        .prop_map(|(h, rows)| {
            let mut s = h.join(",");
            for r in rows {
                s.push('\n');
                s.push_str(&r.join(","));
            }
            s.into_bytes()
        });
    let input = prop_oneof![prop::collection::vec(any::<u8>(), 0..200), csv];
    runner
        .run(&input, |bytes| {
            for format in [None, Some(Format::Xlsx)] {
                let opts = ImportOptions { format, ..dry() };
                let _ = roster.borrow_mut().import(&bytes, &opts);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_statutory_layout_leaves_out_a_protected_address_and_the_full_one_flags_it() {
    let mut p = formula_person();
    p.id = Some(7);
    p.address_protected = true;
    let text = |profile| {
        String::from_utf8(
            render(
                std::slice::from_ref(&p),
                profile,
                Format::Csv,
                ExportEncoding::Utf8Bom,
            )
            .unwrap(),
        )
        .unwrap()
    };
    let statutory = text(Profile::Statutory);
    assert!(!statutory.contains("みどり市中央町"), "{statutory}");
    assert!(
        statutory
            .contains("\r\n7,,'=HYPERLINK 太郎,たろう,男,1940-01-01,,0990-11-2222,,'+1 -2\r\n"),
        "{statutory}"
    );
    let full = text(Profile::Full);
    assert!(full.contains("みどり市中央町1-2-3"));
    assert!(full.contains(",中央地区,,,1,'-民生 委員,"), "{full}");
}

#[test]
fn an_xlsx_with_date_and_number_cells_reads_as_text() {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "宛名番号",
        "氏名",
        "生年月日",
        "住所",
        "性別",
        "身体障害者手帳等級",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = XFormat::new().set_num_format("yyyy/mm/dd");
    sheet.write_number(1, 0, 5001.0).unwrap();
    sheet.write_string(1, 1, "表計算 花子").unwrap();
    sheet
        .write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(1938, 12, 31).unwrap(), &date)
        .unwrap();
    sheet.write_string(1, 3, "みどり市表町1").unwrap();
    sheet.write_string(1, 4, "女").unwrap();
    sheet.write_number(1, 5, 2.0).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let (t, mut roster) = TempRoster::new();
    let r = roster.import(&bytes, &import_options()).unwrap();
    assert_eq!(
        (r.format, r.added, r.rejected.len()),
        ("xlsx", 1, 0),
        "{r:?}"
    );
    let p = person_by_name(&mut roster, "表計算");
    assert_eq!(p.resident_number.as_deref(), Some("5001"));
    assert_eq!(p.date_of_birth, "1938-12-31");
    assert_eq!(p.physical_disability.map(|d| d.grade), Some(2));
    // Nothing but the roster's own (encrypted) files is left in its folder.
    let mut names: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("roster.db") || n == "roster.keys"),
        "{names:?}"
    );
}

#[test]
fn render_is_pure_and_has_one_row_per_person() {
    let p = formula_person();
    let bytes = render(
        &[p],
        Profile::Statutory,
        Format::Csv,
        ExportEncoding::Utf8Bom,
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn the_cli_imports_reviews_and_exports_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    assert!(yorisoi(&db, Some(PASS), &["init"]).status.success());
    let file = dir.path().join("extract.csv");
    std::fs::write(&file, welfare_extract()).unwrap();
    let f = file.to_str().unwrap();
    let o = yorisoi(&db, Some(PASS), &["import", f, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("read 3  added 3"), "{}", stdout(&o));
    assert!(stdout(&o).contains("ﾌﾘｶﾞﾅ → フリガナ (furigana)"));
    let o = yorisoi(&db, Some(PASS), &["import", f, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["added"], 3);
    assert_eq!(report["import_id"], 1);
    let next = dir.path().join("next.csv");
    std::fs::write(&next, "宛名番号,異動事由\n1002,死亡\n").unwrap();
    let o = yorisoi(&db, Some(PASS), &["import", next.to_str().unwrap()]);
    assert!(stdout(&o).contains("to review 1"), "{}", stdout(&o));
    let o = yorisoi(&db, Some(PASS), &["import", "review", "list"]);
    assert!(
        stdout(&o).contains("死亡 (2026-") || stdout(&o).contains("死亡 ("),
        "{}",
        stdout(&o)
    );
    let o = yorisoi(&db, Some(PASS), &["import", "review", "accept", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = yorisoi(&db, Some(PASS), &["import", "review", "reject", "1"]);
    assert_eq!(o.status.code(), Some(5));
    let o = yorisoi(&db, Some(PASS), &["import", "review", "accept", "99"]);
    assert_eq!(o.status.code(), Some(4));
    let out = dir.path().join("out.csv");
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "export",
            "--format",
            "csv",
            "--profile",
            "statutory",
            "--encoding",
            "shift_jis",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("暗号化されていません"));
    assert!(stdout(&o).contains("exported 2 person(s)"));
    let exported = std::fs::read(&out).unwrap();
    let (text, _, _) = SHIFT_JIS.decode(&exported);
    assert!(text.contains("髙橋 一郎"));
    let o = yorisoi(&db, Some(PASS), &["worklist", "plans", "--json"]);
    let plans: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(plans.as_array().unwrap().len(), 2);
    let o = yorisoi(&db, Some(PASS), &["worklist", "stale"]);
    assert!(o.status.success());
    let o = yorisoi(&db, Some(PASS), &["import", f, "--route", "nobody"]);
    assert_eq!(o.status.code(), Some(5));
    let o = yorisoi(&db, Some(PASS), &["candidates", "rules"]);
    assert!(stdout(&o).contains("care-level\ton\t3"));
}

/// Asks to stop once `after` rows have been reported.
struct StopAfter {
    after: u64,
    seen: std::sync::atomic::AtomicU64,
}

impl yorisoi::progress::Progress for StopAfter {
    fn report(&self, stage: yorisoi::progress::Stage, done: u64, _total: u64) {
        if matches!(
            stage,
            yorisoi::progress::Stage::Write | yorisoi::progress::Stage::Check
        ) {
            self.seen.store(done, std::sync::atomic::Ordering::SeqCst);
        }
    }

    fn stop_requested(&self) -> bool {
        self.seen.load(std::sync::atomic::Ordering::SeqCst) >= self.after
    }
}

#[test]
fn a_cancelled_import_leaves_the_roster_exactly_as_it_was() {
    let (_t, mut roster) = TempRoster::new();
    let everyone = PersonQuery {
        include_archived: true,
        ..PersonQuery::default()
    };
    let audit_before = roster.audit_log(None, None).unwrap().len();
    let stop = StopAfter {
        after: 2,
        seen: Default::default(),
    };
    let err = roster
        .import_with(&welfare_extract(), &import_options(), &stop)
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err}");
    assert_eq!(
        stop.seen.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "stopped after the second row of three"
    );
    assert_eq!(roster.list_persons(&everyone).unwrap().len(), 0);
    let log = roster.audit_log(None, None).unwrap();
    assert!(
        !log.iter()
            .any(|e| e.action == "person.add" || e.action == "import"),
        "nothing of the cancelled import is in the audit log"
    );
    assert!(log.len() >= audit_before);
    // The same file imports whole afterwards, as import 1: the cancelled one left no record.
    let r = roster
        .import(&welfare_extract(), &import_options())
        .unwrap();
    assert_eq!((r.import_id, r.added), (Some(1), 3), "{r:?}");
    assert_eq!(roster.list_persons(&everyone).unwrap().len(), 3);
}
