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
