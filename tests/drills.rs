//! Safety-check drills: a scripted drill over the small fixed town — sheets hold exactly
//! the people the sharing rule allows and come back in the ledger; results entered out of
//! order and corrected give the right counts and times; the report's percentages and
//! unreached list match the entered data; a disaster-mode exercise carries people without
//! consent and is marked.

mod common;

#[path = "print/support.rs"]
mod support;

use chrono::{NaiveDate, NaiveTime, Utc};
use yorisoi::drill::CheckStatus;
use yorisoi::drill::WarnRequest;
use yorisoi::drill::{jst_instant, CheckRequest, NewDrill};
use yorisoi::model::{
    ConsentAnswer, IssuanceKind, IssuanceStatus, RecipientKind, Supporter, SupporterConsent,
    SupporterConsentAnswer, SupporterConsentPurpose,
};
use yorisoi::printing::drill::SheetRequest;
use yorisoi::printing::Printed;
use yorisoi::{Error, Roster};

use support::*;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn hm(h: u32, m: u32) -> chrono::DateTime<Utc> {
    jst_instant(day(), NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn new_drill(r: &mut Roster, name: &str, held_on: NaiveDate, disaster: bool) -> i64 {
    r.drill_new(&NewDrill {
        name,
        held_on,
        scenario: "大雨・高齢者等避難",
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        districts: &["中央地区".to_string()],
        targets: (20, 90),
        disaster,
    })
    .unwrap()
    .id
}

fn sheet(r: &mut Roster, drill: i64) -> yorisoi::Result<(Printed, Vec<u8>)> {
    sheet_for(r, drill, None, None)
}

/// The 中央地区 sheet for `recipient` (default: its 自治会), with a reprint reason.
fn sheet_for(
    r: &mut Roster,
    drill: i64,
    recipient: Option<i64>,
    reprint_reason: Option<&str>,
) -> yorisoi::Result<(Printed, Vec<u8>)> {
    let mut bytes = Vec::new();
    let p = r.print_drill_sheet(
        &SheetRequest {
            drill_id: drill,
            district: "中央地区",
            recipient_id: recipient,
            reprint_reason,
            unlocked_reason: Some("訓練の試験"),
            ..Default::default()
        },
        &mut |b: &[u8]| {
            bytes = b.to_vec();
            Ok(())
        },
    )?;
    Ok((p, bytes))
}

/// The drill report's PDF, printed into memory.
fn report_pdf(r: &mut Roster, drill: i64) -> Vec<u8> {
    let mut pdf = Vec::new();
    r.print_drill_report(drill, &mut |b: &[u8]| {
        pdf = b.to_vec();
        Ok(())
    })
    .unwrap();
    pdf
}

fn check(
    r: &mut Roster,
    drill: i64,
    person: i64,
    status: CheckStatus,
    at: (u32, u32),
    (by, note): (&str, &str),
    correct: bool,
) -> yorisoi::Result<yorisoi::drill::CheckRecorded> {
    r.drill_check(&CheckRequest {
        drill_id: drill,
        person_id: person,
        status,
        at: Some(hm(at.0, at.1)),
        by,
        note,
        correct,
    })
}

/// Every barcode on the PDF's pages, read by an independent decoder (zbar) from a 300 dpi
/// rendering, as numbers.
fn scan_barcodes(pdf: &[u8]) -> Vec<i64> {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, pdf).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-png"])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm (poppler-utils) is needed")
        .success();
    assert!(ok, "pdftoppm failed");
    let mut numbers = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    for page in pages {
        let out = Command::new("zbarimg")
            .args(["--raw", "-q", "-Sdisable", "-Scode128.enable"])
            .arg(&page)
            .output()
            .expect("zbarimg (zbar-tools) is needed");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let digits = line.trim();
            assert!(
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                "a barcode holds only digits: {line:?}"
            );
            assert_eq!(
                digits.len() % 2,
                0,
                "even digit count (Code Set C): {digits}"
            );
            numbers.push(digits.parse().unwrap());
        }
    }
    numbers
}

fn supporter(r: &mut Roster, name: &str, phone: &str) -> i64 {
    let s: Supporter = serde_json::from_value(
        serde_json::json!({"kind": "individual", "name": name, "phone": phone}),
    )
    .unwrap();
    r.add_supporter(&s).unwrap()
}

#[test]
fn a_scripted_normal_drill_from_sheet_to_report() {
    let mut town = town();
    let r = &mut town.r;
    // A third consenting person in 中央地区, who will not be reached.
    let third = r
        .add_person(doc(
            "加藤 留子",
            "かとう とめこ",
            "みどり市中央町1-5-1",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    r.record_consent(consent(
        third,
        RecipientKind::Neighbourhood,
        ConsentAnswer::Consented,
    ))
    .unwrap();
    let kimura = supporter(r, "木村 支援", "090-0000-1111");
    let sato = supporter(r, "佐藤 支援", "090-0000-2222");
    r.assign_supporter(town.both, kimura, "声かけ").unwrap();
    r.assign_supporter(town.protected, sato, "声かけ").unwrap();
    r.assign_supporter(third, kimura, "声かけ").unwrap();

    let earlier = new_drill(
        r,
        "昨年度の訓練",
        NaiveDate::from_ymd_opt(2025, 11, 23).unwrap(),
        false,
    );
    let drill = new_drill(r, "中央地区 安否確認訓練", day(), false);

    // The sheet: exactly the people the 自治会 may get; the protected address never.
    let (printed, pdf) = sheet(r, drill).unwrap();
    let text = pages_text(&pdf, None).join("\n");
    for id in [town.both, town.protected, third] {
        assert!(has_id(&text, id), "ID{id} missing:\n{text}");
    }
    for id in [town.refused_assoc, town.never, town.other_district] {
        assert!(!has_id(&text, id), "ID{id} must not be on the sheet");
    }
    assert!(text.contains("中央町1-2-10") && !text.contains("中央町9-9-9"));
    assert!(text.contains("（非開示）"));
    assert!(
        text.contains("安否確認訓練チェックシート")
            && text.contains("無事")
            && text.contains("未確認")
    );
    assert!(text.contains("09:00") && !text.contains("災害時"));
    // The 自治会's simplified profile withholds supporters: the column says so, not blank.
    assert!(
        text.contains("（提供対象外）") && !text.contains("木村 支援"),
        "{text}"
    );
    // Each person's number is printed as a barcode that scans back to exactly that number.
    let mut scanned = scan_barcodes(&pdf);
    scanned.sort();
    let mut on_sheet = vec![town.both, town.protected, third];
    on_sheet.sort();
    assert_eq!(scanned, on_sheet, "numbers scanned from the sheet");
    let serial = printed.serial.clone().unwrap();
    assert!(text.contains(&serial));
    assert_eq!(printed.persons, 3);
    assert_eq!(printed.excluded, 2);
    // In the ledger, with its people, and it can come back.
    let copy = r
        .issuances(None)
        .unwrap()
        .into_iter()
        .find(|c| c.serial == serial)
        .unwrap();
    assert_eq!(copy.kind, IssuanceKind::DrillSheet);
    let detail = r.issuance_detail(&serial).unwrap();
    let mut on_copy: Vec<i64> = detail.persons.iter().map(|p| p.person_id).collect();
    on_copy.sort();
    let mut want = vec![town.both, town.protected, third];
    want.sort();
    assert_eq!(on_copy, want);
    // A second copy of the same sheet needs a reason, like any list.
    assert!(matches!(sheet(r, drill), Err(Error::Invalid(v)) if v.field == "reprint"));

    // Nobody off the sheets can be checked; no time before the start.
    let e = check(
        r,
        drill,
        town.never,
        CheckStatus::Safe,
        (9, 30),
        ("", ""),
        false,
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "person"),
        "{e}"
    );
    let e = check(
        r,
        drill,
        town.both,
        CheckStatus::Safe,
        (8, 50),
        ("", ""),
        false,
    )
    .unwrap_err();
    assert!(matches!(&e, Error::Invalid(v) if v.field == "at"), "{e}");

    // Results out of order, a re-check, and a correction.
    check(
        r,
        drill,
        town.protected,
        CheckStatus::NotHome,
        (9, 40),
        ("佐藤　支援", ""),
        false,
    )
    .unwrap();
    check(
        r,
        drill,
        town.both,
        CheckStatus::Safe,
        (9, 30),
        ("青木 家族", ""),
        false,
    )
    .unwrap();
    check(
        r,
        drill,
        third,
        CheckStatus::NotHome,
        (9, 25),
        ("", ""),
        false,
    )
    .unwrap();
    check(
        r,
        drill,
        town.protected,
        CheckStatus::Safe,
        (9, 55),
        ("佐藤 支援", ""),
        false,
    )
    .unwrap();
    // Entered late, checked early: does not override the later 無事.
    check(
        r,
        drill,
        town.protected,
        CheckStatus::Unreached,
        (9, 10),
        ("佐藤 支援", ""),
        false,
    )
    .unwrap();
    // The 09:30 entry was wrong: she needed help, seen at 09:35.
    let fixed = check(
        r,
        drill,
        town.both,
        CheckStatus::NeedsHelp,
        (9, 35),
        ("青木 家族", ""),
        true,
    )
    .unwrap();
    assert!(fixed.corrects.is_some());
    assert_eq!(
        fixed.history.len(),
        2,
        "the corrected entry stays in the history"
    );
    assert_eq!(fixed.current, Some(CheckStatus::NeedsHelp));
    check(
        r,
        drill,
        third,
        CheckStatus::Unreached,
        (9, 58),
        ("", "入院中"),
        false,
    )
    .unwrap();

    // The live board at 10:00.
    let b = r.drill_status(drill).unwrap();
    assert_eq!(b.minutes_since_start, 60);
    assert!(b.past_warn_target && !b.past_confirm_target);
    let d = &b.districts[0];
    assert_eq!(d.district, "中央地区");
    assert_eq!(
        (
            d.tally.people,
            d.tally.safe,
            d.tally.needs_help,
            d.tally.not_home,
            d.tally.not_reached
        ),
        (3, 1, 1, 0, 1)
    );
    assert_eq!(d.tally.confirmed_pct, 66.7);
    assert_eq!(d.unknown.len(), 1);
    assert_eq!(d.unknown[0].person_id, third);
    assert_eq!(d.unknown[0].supporters[0].name, "木村 支援");
    assert_eq!(d.unknown[0].supporters[0].phone, "090-0000-1111");

    r.drill_lessons(drill, "不在時の再訪問の手順を決める")
        .unwrap();
    // The report: minutes to 50 % is the 2nd confirmation (09:55), 90/100 % never.
    let rep = r.drill_report(drill).unwrap();
    let t = &rep.districts[0];
    assert_eq!((t.to_50, t.to_90, t.to_100), (Some(55), None, None));
    assert!(!t.within_target);
    assert_eq!(rep.never_reached.len(), 1);
    assert_eq!(rep.never_reached[0].person_id, third);
    assert_eq!(rep.never_reached[0].why, "入院中");
    assert_eq!(rep.never_reached[0].status, Some(CheckStatus::Unreached));
    // 木村 never reported; 佐藤 did (spaces do not matter).
    assert_eq!(rep.silent_supporters.len(), 1);
    assert_eq!(rep.silent_supporters[0].supporter_id, kimura);
    assert_eq!(rep.silent_supporters[0].persons, {
        let mut v = vec![town.both, third];
        v.sort();
        v
    });
    assert_eq!((rep.checks, rep.corrections), (7, 1));
    assert_eq!(rep.comparison.len(), 2);
    assert_eq!(rep.comparison[0].drill_id, drill);
    assert_eq!(rep.comparison[1].drill_id, earlier);
    assert_eq!(rep.comparison[0].curve, vec![(35, 33.3), (55, 66.7)]);

    let pdf = report_pdf(r, drill);
    let text = pages_text(&pdf, None).join("\n");
    assert!(text.contains("安否確認訓練 報告書"), "{text}");
    assert!(text.contains("55分"));
    assert!(has_id(&text, third) && text.contains("入院中"));
    assert!(text.contains("木村 支援"));
    assert!(text.contains("不在時の再訪問の手順を決める"));
    assert!(text.contains("昨年度の訓練"));
    assert!(!text.contains("災害時モード訓練"));
    if let Ok(dir) = std::env::var("YORISOI_KEEP_PDF") {
        std::fs::write(format!("{dir}/drill-report.pdf"), &pdf).unwrap();
        let (_, sheet_pdf) = {
            r.set_issuance_status(&serial, IssuanceStatus::Returned, "")
                .unwrap();
            sheet(r, drill).unwrap()
        };
        std::fs::write(format!("{dir}/drill-sheet.pdf"), &sheet_pdf).unwrap();
    }
    r.set_issuance_status(&serial, IssuanceStatus::Returned, "訓練後に回収")
        .ok();
    let back = r
        .issuances(None)
        .unwrap()
        .into_iter()
        .find(|c| c.serial == serial)
        .unwrap();
    assert_eq!(back.status, IssuanceStatus::Returned);
    let actions: Vec<String> = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "drill.new",
        "print.drill-sheet",
        "drill.check",
        "drill.status",
        "print.drill-report",
        "drill.lessons",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited");
    }
}

#[test]
fn a_disaster_mode_drill_carries_everyone_and_is_marked() {
    let mut town = town();
    let r = &mut town.r;
    let normal = new_drill(r, "平常時訓練", day(), false);
    let drill = new_drill(r, "災害時モード訓練", day(), true);
    // Not in disaster mode: a disaster drill's sheet is refused.
    let e = sheet(r, drill).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "disaster"),
        "{e}"
    );
    r.disaster_on("訓練：大雨警報想定", Some(3)).unwrap();
    // In disaster mode: a normal drill's sheet is refused.
    let e = sheet(r, normal).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "disaster"),
        "{e}"
    );
    let (p, pdf) = sheet(r, drill).unwrap();
    assert!(p.disaster);
    let text = pages_text(&pdf, None).join("\n");
    for id in [town.both, town.refused_assoc, town.never, town.protected] {
        assert!(has_id(&text, id), "ID{id} missing in a disaster-mode sheet");
    }
    assert!(!has_id(&text, town.other_district));
    assert!(
        !text.contains("中央町9-9-9"),
        "address protection holds in disaster mode"
    );
    assert!(text.contains("災害時モード訓練") && text.contains("災害時提供"));
    assert!(text.contains("災害時のみ掲載"));
    let entry = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "print.drill-sheet")
        .unwrap();
    assert!(entry.detail.contains("mode=disaster"), "{}", entry.detail);
    // Results count people without consent too, and the report is marked.
    check(
        r,
        drill,
        town.never,
        CheckStatus::Safe,
        (9, 15),
        ("", ""),
        false,
    )
    .unwrap();
    let rep = r.drill_report(drill).unwrap();
    assert_eq!(rep.total.tally.people, 4);
    assert_eq!(rep.total.tally.confirmed, 1);
    assert_eq!(rep.total.tally.confirmed_pct, 25.0);
    let pdf = report_pdf(r, drill);
    assert!(pages_text(&pdf, None)
        .join("\n")
        .contains("災害時モード訓練"));
}

#[test]
fn the_command_line_runs_a_drill() {
    let mut town = town();
    let db = town.t.path.clone();
    let both = town.both;
    let kimura = supporter(&mut town.r, "木村 支援", "090-0000-1111");
    town.r.assign_supporter(both, kimura, "声かけ").unwrap();
    drop(town.r);
    let run = |args: &[&str]| common::yorisoi(&db, Some(common::PASS), args);
    let o = run(&[
        "drill",
        "new",
        "--name",
        "CLI訓練",
        "--date",
        "2026-11-22",
        "--district",
        "中央地区",
        "--targets",
        "20,90",
        "--start",
        "09:00",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "drill",
        "new",
        "--name",
        "x",
        "--date",
        "2026-11-22",
        "--targets",
        "ninety",
    ]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--targets"));
    let o = run(&["drill", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["name"], "CLI訓練");
    assert_eq!(list[0]["districts"][0], "中央地区");
    let out = town.t.dir.path().join("sheet.pdf");
    let o = run(&[
        "drill",
        "sheet",
        "1",
        "--district",
        "中央地区",
        "--unlocked-reason",
        "訓練の試験",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = pages_text(&std::fs::read(&out).unwrap(), None).join("\n");
    assert!(has_id(&text, both));
    let id = both.to_string();
    let o = run(&["drill", "check", "1", &id, "--status", "fine"]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--status"));
    let o = run(&["drill", "check", "9", &id, "--status", "safe"]);
    assert_eq!(o.status.code(), Some(4));
    let o = run(&[
        "drill",
        "check",
        "1",
        &id,
        "--status",
        "safe",
        "--at",
        "09:12",
        "--by",
        "吉岡 会長",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The call list, a call that did not get through, then one that did.
    let o = run(&["drill", "supporters", "1", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["supporter_id"], kimura);
    assert_eq!(list[0]["warned"], false);
    let k = kimura.to_string();
    let o = run(&[
        "drill",
        "warn",
        "1",
        &k,
        "--not-reached",
        "--at",
        "09:04",
        "--note",
        "留守電",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("not warned yet"));
    let o = run(&["drill", "warn", "1", &k, "--at", "0911", "--by", "本部"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("warned (2026-11-22 09:11)"));
    let o = run(&["drill", "warn", "1", "999", "--at", "09:12"]);
    assert_eq!(o.status.code(), Some(4));
    let o = run(&["drill", "warn", "1", &k, "--at", "25:00"]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--at"));
    let o = run(&["drill", "status", "1", "--json"]);
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(b["districts"][0]["warnings"]["warned"], 1);
    assert_eq!(b["districts"][0]["minutes_to_warn_all"], 11);
    assert_eq!(b["districts"][0]["tally"]["safe"], 1);
    assert_eq!(b["districts"][0]["tally"]["people"], 2);
    let rep = town.t.dir.path().join("report.pdf");
    let o = run(&[
        "drill",
        "report",
        "1",
        "--out",
        rep.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["districts"][0]["to_50"], 12);
    assert!(pages_text(&std::fs::read(&rep).unwrap(), None)
        .join("\n")
        .contains("12分"));
    // A second copy of the same sheet for the same recipient must give a reason.
    let o = run(&[
        "drill",
        "sheet",
        "1",
        "--district",
        "中央地区",
        "--unlocked-reason",
        "訓練の試験",
        "--out",
        town.t.dir.path().join("again.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--reprint-reason"));
}

#[test]
fn the_entry_screen_reads_paper_times_and_looks_up_numbers() {
    use yorisoi::drill::parse_check_time;
    // Times as volunteers write them, all 09:35 on the drill day in Japan.
    for typed in [
        "9:35",
        "09:35",
        "0935",
        "935",
        "０９：３５",
        " 2026-11-22 09:35 ",
    ] {
        assert_eq!(
            parse_check_time("at", typed, day()).unwrap(),
            hm(9, 35),
            "{typed:?}"
        );
    }
    assert_eq!(
        parse_check_time("at", "2026-11-21 23:50", day()).unwrap(),
        jst_instant(
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            NaiveTime::from_hms_opt(23, 50, 0).unwrap()
        )
    );
    for bad in ["", "25:00", "9時", "12345", "9:75", "2026-13-01 09:00"] {
        let e = parse_check_time("at", bad, day()).unwrap_err();
        assert!(
            matches!(&e, Error::Invalid(v) if v.field == "at"),
            "{bad:?}: {e}"
        );
    }

    let mut town = town();
    let r = &mut town.r;
    let drill = new_drill(r, "中央地区 訓練", day(), false);
    // Before any sheet, nobody is on the drill.
    assert!(r.drill_sheets(drill).unwrap().is_empty());
    let e = r.drill_person(drill, town.both).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "person"),
        "{e}"
    );

    let (printed, _) = sheet(r, drill).unwrap();
    let sheets = r.drill_sheets(drill).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(Some(&sheets[0].serial), printed.serial.as_ref());
    assert_eq!(sheets[0].district, "中央地区");
    assert_eq!(sheets[0].persons, 2);
    assert_eq!(sheets[0].status, "issued");

    let found = r.drill_person(drill, town.both).unwrap();
    assert_eq!(found.person_id, town.both);
    assert_eq!(found.district, "中央地区");
    assert!(!found.name.is_empty());
    assert_eq!(
        found.name,
        r.view_person(town.both).unwrap().name,
        "the name of that number"
    );
    assert_eq!(found.current, None);
    assert!(found.history.is_empty());

    check(
        r,
        drill,
        town.both,
        CheckStatus::NotHome,
        (9, 20),
        ("木村", ""),
        false,
    )
    .unwrap();
    check(
        r,
        drill,
        town.both,
        CheckStatus::Safe,
        (9, 50),
        ("木村", ""),
        false,
    )
    .unwrap();
    check(
        r,
        drill,
        town.both,
        CheckStatus::NeedsHelp,
        (9, 50),
        ("木村", "訂正"),
        true,
    )
    .unwrap();
    let found = r.drill_person(drill, town.both).unwrap();
    let statuses: Vec<CheckStatus> = found.history.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [
            CheckStatus::NotHome,
            CheckStatus::Safe,
            CheckStatus::NeedsHelp
        ]
    );
    assert_eq!(found.history[2].corrects, Some(found.history[1].id));
    assert_eq!(found.current, Some(CheckStatus::NeedsHelp));

    // Someone not on the sheets, and a number nobody has.
    let e = r.drill_person(drill, town.never).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "person"),
        "{e}"
    );
    assert!(matches!(
        r.drill_person(drill, 999_999),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        r.drill_person(999, town.both),
        Err(Error::NotFound { .. })
    ));

    // A recipient whose profile carries supporters gets their names on the sheet; someone
    // with none assigned reads （記載なし）, not a blank.
    let kimura = supporter(r, "木村 支援", "090-0000-1111");
    r.assign_supporter(town.both, kimura, "声かけ").unwrap();
    r.set_setting(
        &format!("recipient.{}.profile", town.commissioner),
        "detailed",
    )
    .unwrap();
    let commissioner_sheet = |r: &mut Roster, reason: Option<&str>| {
        let (_, pdf) = sheet_for(r, drill, Some(town.commissioner), reason).unwrap();
        pages_text(&pdf, None).join("\n")
    };
    let text = commissioner_sheet(r, None);
    assert!(text.contains("木村 支援"), "{text}");
    // (The protected person's supporters stay withheld: they would locate her.)
    assert!(
        text.contains("（記載なし）") && text.matches("（提供対象外）").count() == 1,
        "{text}"
    );
    assert_eq!(r.drill_sheets(drill).unwrap().len(), 2);

    // A supporter who refused to be named (for this person) is left off what is handed
    // out; a later consent (for every plan) names them again.
    let answer = |r: &mut Roster, person: Option<i64>, answer, on: &str| {
        r.record_supporter_consent(&SupporterConsent {
            id: None,
            supporter_id: kimura,
            person_id: person,
            purpose: SupporterConsentPurpose::BeNamed,
            answer,
            obtained_on: on.into(),
            obtained_by: String::new(),
            evidence_ref: String::new(),
            recorded_at: None,
            recorded_by: None,
        })
        .unwrap();
    };
    answer(
        r,
        Some(town.both),
        SupporterConsentAnswer::Refused,
        "2026-11-01",
    );
    let text = commissioner_sheet(r, Some("支援者の記載変更"));
    assert!(!text.contains("木村"), "{text}");
    assert_eq!(text.matches("（記載なし）").count(), 2, "{text}");
    answer(r, None, SupporterConsentAnswer::Consented, "2026-11-10");
    let text = commissioner_sheet(r, Some("支援者が同意"));
    assert!(text.contains("木村 支援"), "{text}");
    // A withdrawal for every plan, later still, takes the name off again.
    answer(r, None, SupporterConsentAnswer::Withdrawn, "2026-11-20");
    let text = commissioner_sheet(r, Some("支援者が撤回"));
    assert!(!text.contains("木村"), "{text}");
}

fn warn(
    r: &mut Roster,
    drill: i64,
    supporter: i64,
    reached: bool,
    at: (u32, u32),
    correct: bool,
) -> yorisoi::Result<yorisoi::drill::DrillSupporter> {
    r.drill_warn(&WarnRequest {
        drill_id: drill,
        supporter_id: supporter,
        reached,
        at: Some(hm(at.0, at.1)),
        by: "本部 佐々木",
        note: if reached { "" } else { "呼出音のみ" },
        correct,
    })
}

#[test]
fn warnings_to_supporters_are_counted_against_the_warnings_target() {
    let mut town = town();
    let r = &mut town.r;
    let kimura = supporter(r, "木村 支援", "090-0000-1111");
    let sato = supporter(r, "佐藤 支援", "090-0000-2222");
    let elsewhere = supporter(r, "北村 支援", "090-0000-3333");
    r.assign_supporter(town.both, kimura, "声かけ").unwrap();
    r.assign_supporter(town.protected, kimura, "声かけ")
        .unwrap();
    r.assign_supporter(town.protected, sato, "搬送").unwrap();
    // Supports only people who are not on the sheet: not on the call list.
    r.assign_supporter(town.never, elsewhere, "声かけ").unwrap();
    let drill = new_drill(r, "伝達の訓練", day(), false);
    sheet(r, drill).unwrap();

    let list = r.drill_supporters(drill).unwrap();
    let ids: Vec<(i64, usize, bool)> = list
        .iter()
        .map(|s| (s.supporter_id, s.persons, s.warned))
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&(kimura, 2, false)) && ids.contains(&(sato, 1, false)));

    let e = warn(r, drill, elsewhere, true, (9, 5), false).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "supporter"),
        "{e}"
    );
    let e = warn(r, drill, kimura, true, (8, 55), false).unwrap_err();
    assert!(matches!(&e, Error::Invalid(v) if v.field == "at"), "{e}");
    let e = warn(r, drill, sato, false, (9, 1), true).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "correct"),
        "{e}"
    );

    // 佐藤 does not answer at 09:05; 木村 is reached at 09:12 — but that was entered
    // for the wrong supporter: corrected to "not reached", then 木村 really at 09:18.
    warn(r, drill, sato, false, (9, 5), false).unwrap();
    let k = warn(r, drill, kimura, true, (9, 12), false).unwrap();
    assert_eq!(k.warned_at_jst.as_deref(), Some("2026-11-22 09:12"));
    let k = warn(r, drill, kimura, false, (9, 12), true).unwrap();
    assert!(!k.warned, "the correction withdraws the wrong entry");
    assert_eq!(k.history.len(), 2);
    assert!(k.history[0].corrected_by.is_some());

    // The board (10:00, 60 minutes in): nobody warned yet, the target passed.
    let b = r.drill_status(drill).unwrap();
    let d = &b.districts[0];
    assert_eq!((d.warnings.supporters, d.warnings.warned), (2, 0));
    assert!(d.warn_over_target && d.minutes_to_warn_all.is_none());
    let calls: Vec<(i64, Option<&str>)> = d
        .not_warned
        .iter()
        .map(|s| (s.supporter_id, s.last_call.as_deref()))
        .collect();
    assert!(
        calls.contains(&(sato, Some("2026-11-22 09:05"))),
        "{calls:?}"
    );
    assert!(
        calls.contains(&(kimura, Some("2026-11-22 09:12"))),
        "{calls:?}"
    );
    assert_eq!(
        d.not_warned
            .iter()
            .find(|s| s.supporter_id == sato)
            .unwrap()
            .note,
        "呼出音のみ"
    );

    warn(r, drill, kimura, true, (9, 18), false).unwrap();
    warn(r, drill, sato, true, (9, 25), false).unwrap();
    let b = r.drill_status(drill).unwrap();
    let d = &b.districts[0];
    assert_eq!((d.warnings.warned, d.warnings.warned_pct), (2, 100.0));
    assert_eq!(d.minutes_to_warn_all, Some(25));
    assert!(!d.warn_over_target && d.not_warned.is_empty());
    assert_eq!(b.warned_total.warned, 2);

    // The report: everyone warned at 25 minutes, past the 20-minute target.
    let rep = r.drill_report(drill).unwrap();
    let t = &rep.districts[0];
    assert_eq!(t.warnings.supporters, 2);
    assert_eq!(t.warn_to_100, Some(25));
    assert!(!t.warned_within_target);
    assert!(rep.never_warned.is_empty());
    assert_eq!(rep.calls, 5);
    let pdf = report_pdf(r, drill);
    let text = pages_text(&pdf, None).join("\n");
    assert!(
        text.contains("支援者への伝達") && text.contains("25分"),
        "{text}"
    );
    assert!(text.contains("伝達5件"), "{text}");

    let warns: Vec<String> = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "drill.warn")
        .map(|e| e.detail)
        .collect();
    assert_eq!(warns.len(), 5);
    assert!(warns
        .iter()
        .all(|d| !d.contains("木村") && !d.contains("佐藤")));
    assert!(warns.iter().any(|d| d.contains(",corrects=")));
}
