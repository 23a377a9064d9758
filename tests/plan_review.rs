//! Plans that stay current (#21): the 要見直し worklist raises each trigger — the review
//! date, a changed care level, disability grade, address or household, a supporter taken
//! off, withdrawing or unreachable in a drill, a drill that could not reach the person or
//! confirmed them late — and a later review of the plan settles it.

mod common;

#[path = "print/support.rs"]
mod support;

use chrono::{NaiveDate, NaiveTime};
use support::{add_neighbour, town};
use yorisoi::drill::{jst_instant, CheckRequest, CheckStatus, NewDrill, WarnRequest};
use yorisoi::model::{
    Supporter, SupporterConsent, SupporterConsentAnswer, SupporterConsentPurpose, SupporterKind,
};
use yorisoi::printing::drill::SheetRequest;
use yorisoi::worklists::review::PlanDue;
use yorisoi::Roster;

/// A person of 中央地区 (on the 自治会's list) whose plan was last updated on `updated`.
fn planned(r: &mut Roster, name: &str, updated: &str) -> i64 {
    add_neighbour(
        r,
        name,
        "なまえ",
        "みどり市中央町2-2-2",
        serde_json::json!({
            "care_level": "care-2", "household": "elderly-only",
            "plan": {"route": "東へ", "created_on": updated, "updated_on": updated}
        }),
    )
}

fn reasons(due: &[PlanDue], id: i64) -> Vec<String> {
    due.iter()
        .find(|d| d.person_id == id)
        .map(|d| d.reasons.iter().map(|r| r.code.clone()).collect())
        .unwrap_or_default()
}

fn edit(r: &mut Roster, id: i64, change: impl FnOnce(&mut serde_json::Value)) {
    let p = r.view_person(id).unwrap();
    let mut v = serde_json::to_value(&p).unwrap();
    change(&mut v);
    r.update_person(id, serde_json::from_value(v).unwrap())
        .unwrap();
}

fn supporter(r: &mut Roster, name: &str) -> i64 {
    r.add_supporter(&Supporter {
        id: None,
        kind: SupporterKind::Individual,
        name: name.into(),
        furigana: String::new(),
        address: "みどり市中央町3-3".into(),
        phone: "0990-33-4444".into(),
        district: Some("中央地区".into()),
        available_day: true,
        available_night: true,
        note: String::new(),
        load: 0,
    })
    .unwrap()
}

#[test]
fn each_trigger_puts_the_plan_on_the_worklist_until_it_is_reviewed() {
    let mut town = town();
    let r = &mut town.r;
    // Today is 2026-11-22; a plan is due 12 months after its last review.
    let old = planned(r, "古い 計画", "2025-10-01");
    let fresh = planned(r, "新しい 計画", "2026-10-01");
    let care = planned(r, "介護度 変更", "2026-10-01");
    let grade = planned(r, "等級 変更", "2026-10-01");
    let moved = planned(r, "転居 済み", "2026-10-01");
    let alone = planned(r, "独居 開始", "2026-10-01");
    let dropped = planned(r, "支援者 解除", "2026-10-01");
    let withdrew = planned(r, "支援者 撤回", "2026-10-01");
    let unreached = planned(r, "訓練 不通", "2026-10-01");
    let slow = planned(r, "訓練 遅延", "2026-10-01");
    let fast = planned(r, "訓練 迅速", "2026-10-01");
    let silent = planned(r, "支援者 不通", "2026-10-01");
    let no_plan = add_neighbour(
        r,
        "計画 なし",
        "なし",
        "みどり市中央町4-4",
        serde_json::json!({}),
    );

    let due = r.plans_due().unwrap();
    let ids: Vec<i64> = due.iter().map(|d| d.person_id).collect();
    assert_eq!(ids, vec![old], "only the plan past its review date");
    assert_eq!(due[0].review_on, "2026-10-01");
    assert_eq!(reasons(&due, old), vec!["review-date"]);

    edit(r, care, |v| v["care_level"] = "care-4".into());
    edit(r, grade, |v| v["mental_disability_grade"] = 2.into());
    edit(r, moved, |v| v["address"] = "みどり市北町5-5".into());
    edit(r, alone, |v| v["household"] = "alone".into());
    // An edit that changes none of those raises nothing.
    edit(r, fresh, |v| v["phone"] = "0990-99-9999".into());
    edit(r, no_plan, |v| v["care_level"] = "care-5".into());

    let a = supporter(r, "解除 される");
    r.assign_supporter(dropped, a, "声かけ").unwrap();
    r.unassign_supporter(dropped, a).unwrap();
    let b = supporter(r, "撤回 する");
    r.assign_supporter(withdrew, b, "声かけ").unwrap();
    r.record_supporter_consent(&SupporterConsent {
        id: None,
        supporter_id: b,
        person_id: None,
        purpose: SupporterConsentPurpose::BeNamed,
        answer: SupporterConsentAnswer::Withdrawn,
        obtained_on: "2026-11-20".into(),
        obtained_by: "担当".into(),
        evidence_ref: String::new(),
        recorded_at: None,
        recorded_by: None,
    })
    .unwrap();

    // A drill yesterday from 09:00 with a 90-minute target.
    let day = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let c = supporter(r, "電話 不通");
    r.assign_supporter(silent, c, "声かけ").unwrap();
    let drill = r
        .drill_new(&NewDrill {
            name: "見直し訓練",
            held_on: day,
            scenario: "大雨",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &["中央地区".to_string()],
            targets: (20, 90),
            disaster: false,
        })
        .unwrap()
        .id;
    r.print_drill_sheet(
        &SheetRequest {
            drill_id: drill,
            district: "中央地区",
            recipient_id: Some(town.assoc),
            unlocked_reason: Some("訓練の試験"),
            ..Default::default()
        },
        &mut |_: &[u8]| Ok(()),
    )
    .unwrap();
    let at = |h, m| Some(jst_instant(day, NaiveTime::from_hms_opt(h, m, 0).unwrap()));
    let check = |r: &mut Roster, person, status, when| {
        r.drill_check(&CheckRequest {
            drill_id: drill,
            person_id: person,
            status,
            at: when,
            by: "班長",
            note: "",
            correct: false,
        })
        .unwrap()
    };
    check(r, unreached, CheckStatus::Unreached, at(10, 0));
    check(r, slow, CheckStatus::Safe, at(10, 45));
    check(r, fast, CheckStatus::Safe, at(9, 40));
    r.drill_warn(&WarnRequest {
        drill_id: drill,
        supporter_id: c,
        reached: false,
        at: at(9, 10),
        by: "本部",
        note: "",
        correct: false,
    })
    .unwrap();

    let due = r.plans_due().unwrap();
    let expect = [
        (old, "review-date"),
        (care, "care-level"),
        (grade, "disability"),
        (moved, "address"),
        (alone, "household"),
        (dropped, "supporter-retired"),
        (withdrew, "supporter-withdrew"),
        (unreached, "drill-unreachable"),
        (slow, "drill-slow"),
        (silent, "supporter-unreachable"),
    ];
    for (id, code) in expect {
        assert_eq!(reasons(&due, id), vec![code.to_string()], "person {id}");
    }
    assert_eq!(due.len(), expect.len(), "{due:#?}");
    for quiet in [fresh, fast, no_plan] {
        assert!(reasons(&due, quiet).is_empty(), "person {quiet}");
    }
    let moved_line = due.iter().find(|d| d.person_id == moved).unwrap();
    assert_eq!(moved_line.reasons[0].label, "住所の変更");
    assert_eq!(moved_line.reasons[0].since, "2026-11-22");

    // A drill entry corrected to safe in time takes its flag with it.
    r.drill_check(&CheckRequest {
        drill_id: drill,
        person_id: unreached,
        status: CheckStatus::Safe,
        at: at(9, 30),
        by: "班長",
        note: "訂正",
        correct: true,
    })
    .unwrap();
    // Reviewing a plan (a later update, or a check with the person) settles its flags.
    edit(r, care, |v| v["plan"]["updated_on"] = "2026-11-22".into());
    edit(r, moved, |v| v["plan"]["verified_on"] = "2026-11-22".into());
    let due = r.plans_due().unwrap();
    for settled in [unreached, care, moved] {
        assert!(reasons(&due, settled).is_empty(), "person {settled}");
    }
    assert_eq!(due.len(), expect.len() - 3);
    // A shorter period puts the fresh plans on it too.
    r.set_setting("plan.review_months", "1").unwrap();
    let due = r.plans_due().unwrap();
    assert_eq!(reasons(&due, fresh), vec!["review-date"]);
}

/// A person of 中央地区 with 宛名番号 `number`, a plan last updated on `updated` and a
/// 要介護認定 ending on `until`.
fn certified(r: &mut Roster, name: &str, number: &str, updated: &str, until: &str) -> i64 {
    add_neighbour(
        r,
        name,
        "なまえ",
        "みどり市中央町2-2-2",
        serde_json::json!({
            "resident_number": number, "care_level": "care-2", "care_level_until": until,
            "plan": {"route": "東へ", "created_on": updated, "updated_on": updated}
        }),
    )
}

#[test]
fn the_care_certification_brings_the_review_forward_and_its_renewal_raises_one() {
    let mut town = town();
    let r = &mut town.r;
    // Today is 2026-11-22. The certification ended after the plan's last review: due on
    // its last day, not a year after the review.
    let ended = certified(r, "認定 満了", "C1", "2026-06-01", "2026-11-01");
    // Still valid, or ended before the plan was last reviewed: not due.
    let valid = certified(r, "認定 有効", "C2", "2026-06-01", "2027-03-31");
    let seen = certified(r, "満了後 見直し済", "C3", "2026-11-10", "2026-11-01");
    // Renewed early (the import brings the next period before this one ends), and set for
    // the first time.
    let renewed = certified(r, "認定 更新", "C4", "2026-06-01", "2026-12-31");
    let first = add_neighbour(
        r,
        "初回 取込",
        "なまえ",
        "みどり市中央町2-2-2",
        serde_json::json!({
            "resident_number": "C5", "care_level": "care-2",
            "plan": {"route": "東へ", "created_on": "2026-06-01", "updated_on": "2026-06-01"}
        }),
    );
    // Due for another reason: its review date is the certification's end, which comes
    // before a year after its review.
    let moved = certified(r, "転居 認定", "C6", "2026-10-01", "2027-01-15");
    edit(r, moved, |v| v["address"] = "みどり市北町5-5".into());
    // A typing error corrected to an earlier day is no renewal; a period cleared (the
    // certification ended) is one more reason to look at the plan.
    let corrected = certified(r, "認定 訂正", "C7", "2026-06-01", "2027-03-31");
    edit(r, corrected, |v| {
        v["care_level_until"] = "2027-03-30".into()
    });
    let cleared = certified(r, "認定 終了", "C8", "2026-06-01", "2027-03-31");
    edit(r, cleared, |v| {
        v["care_level_until"] = serde_json::Value::Null
    });

    // The welfare extract: the period as the 介護保険 system prints it; the unchanged
    // periods make no change to review.
    let extract = "宛名番号,認定有効期間\n\
                   C1,R6.11.2～R8.11.1\n\
                   C2,R7.4.1～R9.3.31\n\
                   C4,R9.1.1～R11.12.31\n\
                   C5,2025/01/01 ~ 2027/12/31\n";
    let report = r
        .import(extract.as_bytes(), &common::import_options())
        .unwrap();
    assert_eq!(
        (report.to_review, report.unchanged, report.rejected.len()),
        (2, 2, 0),
        "{report:?}"
    );
    for change in r.pending_changes().unwrap() {
        assert_eq!(change.fields.len(), 1, "{change:?}");
        assert_eq!(change.fields[0].column, "care-level-until");
        r.accept_change(change.id).unwrap();
    }
    assert_eq!(
        r.view_person(renewed).unwrap().care_level_until.as_deref(),
        Some("2029-12-31")
    );
    assert_eq!(
        r.view_person(first).unwrap().care_level_until.as_deref(),
        Some("2027-12-31")
    );

    let due = r.plans_due().unwrap();
    assert_eq!(reasons(&due, ended), vec!["certification-ended"]);
    let line = due.iter().find(|d| d.person_id == ended).unwrap();
    assert_eq!(
        (line.review_on.as_str(), line.reasons[0].since.as_str()),
        ("2026-11-01", "2026-11-01")
    );
    assert_eq!(line.reasons[0].label, "要介護認定の有効期間満了");
    assert_eq!(reasons(&due, renewed), vec!["care-certification"]);
    let line = due.iter().find(|d| d.person_id == renewed).unwrap();
    assert_eq!(line.reasons[0].source, "until:2026-12-31");
    assert_eq!(line.reasons[0].label, "要介護認定の更新");
    assert_eq!(reasons(&due, moved), vec!["address"]);
    let line = due.iter().find(|d| d.person_id == moved).unwrap();
    assert_eq!(line.review_on, "2027-01-15");
    assert_eq!(reasons(&due, cleared), vec!["care-certification"]);
    for quiet in [valid, seen, first, corrected] {
        assert!(reasons(&due, quiet).is_empty(), "person {quiet}: {due:#?}");
    }
    assert_eq!(due.len(), 4, "{due:#?}");

    // Reviewing the plans settles both. A period ending before the date of birth, or a
    // day that is no date, is refused naming the field, and the record keeps its period.
    edit(r, ended, |v| v["plan"]["updated_on"] = "2026-11-22".into());
    edit(r, renewed, |v| {
        v["plan"]["verified_on"] = "2026-11-22".into()
    });
    let due = r.plans_due().unwrap();
    assert!(reasons(&due, ended).is_empty() && reasons(&due, renewed).is_empty());
    let mut bad = r.view_person(valid).unwrap();
    bad.care_level_until = Some("1900-01-01".into());
    let err = r.update_person(valid, bad.clone()).unwrap_err();
    assert!(err.to_string().contains("care_level_until"), "{err}");
    bad.care_level_until = Some("来年".into());
    let err = r.update_person(valid, bad).unwrap_err();
    assert!(err.to_string().contains("care_level_until"), "{err}");
    assert_eq!(
        r.view_person(valid).unwrap().care_level_until.as_deref(),
        Some("2027-03-31")
    );
}
