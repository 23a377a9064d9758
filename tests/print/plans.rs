//! Plan sheets: front and back with every part of the record, long text continued on a
//! 別紙 (never clipped), a recipient's copy cut by the sharing rule, and the consent form.

use yorisoi::model::{ConsentAnswer, ConsentPurpose, RecipientKind, Supporter, SupporterKind};
use yorisoi::printing::{PlanRequest, PlanTarget};
use yorisoi::Error;

use super::support::*;

/// The lock password of these tests' sheets (the office's copy is always locked).
const PW: &str = "kagi-no-aikotoba";

fn office(target: PlanTarget<'_>) -> PlanRequest<'_> {
    PlanRequest {
        target,
        recipient_id: None,
        password: Some(PW),
        unlocked_reason: None,
        due_back: None,
        reprint_reason: None,
    }
}

fn full_person(notes: &str) -> yorisoi::model::Person {
    doc(
        "計画 太郎",
        "けいかく たろう",
        "みどり市中央町3-4-5",
        "中央地区",
        serde_json::json!({
            "sex": "male",
            "welfare_commissioner": "松下 幸一",
            "support_reason": "要介護3、自力での避難が困難",
            "medical_devices": [{"device": "ventilator", "power_dependent": true, "note": "外部バッテリー約6時間"}],
            "emergency_contacts": [
                {"name": "計画 一郎", "relationship": "長男", "address": "ひかり市1-1", "phone": "090-1111-0001"},
                {"name": "計画 二郎", "relationship": "次男", "address": "ひかり市2-2", "phone": "090-1111-0002"},
                {"name": "計画 三郎", "relationship": "三男", "address": "ひかり市3-3", "phone": "090-1111-0003"}
            ],
            "house": {"structure": "wooden", "storeys": 2, "year_built": 1975, "usual_room": "1階 居間", "bedroom_location": "1階 北側和室"},
            "notes": notes,
            "emergency_alarm": true,
            "hazard_zones": {"flood": true, "landslide": true},
            "plan": {
                "destinations": [
                    {"kind": "welfare-shelter", "name": "みどり苑", "address": "みどり市山手1-1", "direct_admission": true},
                    {"kind": "shelter", "name": "中央小学校", "address": "みどり市中央町1-1"}
                ],
                "route": "自宅 → 県道12号 → 中央小学校（約700m）",
                "means": "wheelchair",
                "departure_timing": "警戒レベル3 高齢者等避難の発令時",
                "warning_contact": "自治会 副会長 山田",
                "warning_method": "phone",
                "if_unreachable": "自治会長が訪問し、不在なら消防へ連絡",
                "drafted_by": "石田 樹", "drafted_by_role": "ケアマネジャー",
                "created_on": "2026-06-04", "updated_on": "2026-08-03", "verified_on": "2026-09-26"
            }
        }),
    )
}

#[test]
fn a_plan_sheet_has_front_and_back_with_every_part_and_all_supporters_in_order() {
    let mut town = town();
    let id = town.r.add_person(full_person("夜間は一人")).unwrap();
    for (i, name) in ["支援 一号", "支援 二号", "支援 三号"].iter().enumerate() {
        let sid = town
            .r
            .add_supporter(&Supporter {
                id: None,
                kind: SupporterKind::Individual,
                name: name.to_string(),
                furigana: String::new(),
                phone: format!("0990-22-000{i}"),
                address: "みどり市中央町3-4-6".into(),
                district: Some("中央地区".into()),
                available_day: true,
                available_night: i != 1,
                note: String::new(),
                load: 0,
            })
            .unwrap();
        town.r.assign_supporter(id, sid, "声かけ").unwrap();
    }
    let (printed, pdf) = plans(&mut town.r, &office(PlanTarget::Person(id))).unwrap();
    let pages = pages_text(&pdf, Some(PW));
    // Front, back, and a 別紙 for the third emergency contact (the form has two rows).
    assert_eq!(pages.len(), 3);
    assert_eq!(printed.pages, 3);
    assert!(pages[0].contains("ほか1件は別紙"));
    assert!(pages[2].contains("別紙（続き）") && pages[2].contains("計画 三郎"));
    let front = &pages[0];
    for s in [
        "個別避難計画（避難支援プラン）",
        "みどり市長",
        "情報共有についての同意",
        "計画 太郎",
        "けいかく たろう",
        "昭和15年3月2日",
        "1940-03-02",
        "86歳",
        "みどり市中央町3-4-5",
        "松下 幸一",
        "計画 一郎",
        "計画 二郎",
        "1階 北側和室",
        "1975年築",
        "人工呼吸器",
        "夜間は一人",
    ] {
        assert!(front.contains(s), "front lacks {s}:\n{front}");
    }
    // All supporters, in order.
    let p1 = front.find("支援 一号").unwrap();
    let p2 = front.find("支援 二号").unwrap();
    let p3 = front.find("支援 三号").unwrap();
    assert!(p1 < p2 && p2 < p3);
    let back = &pages[1];
    for s in [
        "みどり苑",
        "福祉避難所（直接避難）",
        "中央小学校",
        "県道12号",
        "警戒レベル3",
        "自治会 副会長 山田",
        "自治会長が訪問し",
        "石田 樹（ケアマネジャー）",
        "令和8年6月4日",
        "2026-09-26",
    ] {
        assert!(back.contains(s), "back lacks {s}:\n{back}");
    }
    // Every page carries the serial and page x / y.
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("交付番号 2026-00001") && p.contains(&format!("{} / 3 ページ", i + 1)));
    }
}

#[test]
fn text_too_long_for_its_box_continues_on_an_extra_page_never_clipped() {
    let mut town = town();
    let sentence = "停電時は人工呼吸器の外部バッテリーで約六時間もつため、その間に発電機のある福祉避難所へ移る。";
    let long: String = (1..=30)
        .map(|i| format!("{i}番目の注意。{sentence}"))
        .collect::<Vec<_>>()
        .join("");
    let id = town.r.add_person(full_person(&long)).unwrap();
    let (printed, pdf) = plans(&mut town.r, &office(PlanTarget::Person(id))).unwrap();
    assert!(printed.pages >= 3, "a 別紙 follows");
    let pages = pages_text(&pdf, Some(PW));
    assert!(pages[0].contains("（続きは別紙）"));
    let extra = pages[2..].join("\n");
    assert!(extra.contains("別紙（続き）"));
    // Every sentence is on paper, the last one included (pdftotext breaks lines, so
    // compare without whitespace).
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let all = squeeze(&pages.join(""));
    for i in [1, 15, 30] {
        assert!(
            all.contains(&squeeze(&format!("{i}番目の注意。"))),
            "sentence {i}"
        );
    }
    assert!(all.contains(&squeeze(sentence)));
}

#[test]
fn a_recipients_plan_copy_follows_the_sharing_rule() {
    let mut town = town();
    let consented = town.r.add_person(full_person("")).unwrap();
    let nb = RecipientKind::Neighbourhood;
    town.r
        .record_consent(consent_for(
            consented,
            ConsentPurpose::PlanShare,
            nb,
            ConsentAnswer::Consented,
        ))
        .unwrap();
    let req = PlanRequest {
        recipient_id: Some(town.assoc),
        ..office(PlanTarget::Person(consented))
    };
    let (printed, pdf) = plans(&mut town.r, &req).unwrap();
    assert_eq!(printed.persons, 1);
    let all = pages_text(&pdf, Some(PW)).join("\n");
    assert!(all.contains("計画 太郎") && all.contains("提供先：中央一丁目自治会"));
    assert!(
        town.r.issuances(None).unwrap()[0].due_back.is_some(),
        "a recipient's copy is due back"
    );
    // Someone who never agreed to share their plan: refused, with the rule's reason.
    let e = plans(
        &mut town.r,
        &PlanRequest {
            target: PlanTarget::Person(town.never),
            ..req
        },
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "person"),
        "{e}"
    );
    assert_eq!(town.r.issuances(None).unwrap().len(), 1);
}

#[test]
fn the_consent_form_prints_blank_or_filled_in_and_is_audited() {
    let mut town = town();
    let mut blank = Vec::new();
    town.r
        .print_form(None, &mut |b: &[u8]| {
            blank = b.to_vec();
            Ok(())
        })
        .unwrap();
    let text = pages_text(&blank, None).join("\n");
    assert!(text.contains("登録申請書 兼 個人情報提供同意書") && text.contains("みどり市長"));
    assert!(text.contains("同意する") && text.contains("同意しない") && text.contains("本人署名"));
    assert!(!text.contains("青木"));
    let mut filled = Vec::new();
    town.r
        .print_form(Some(town.both), &mut |b: &[u8]| {
            filled = b.to_vec();
            Ok(())
        })
        .unwrap();
    let text = pages_text(&filled, None).join("\n");
    assert!(
        text.contains("青木 花子")
            && text.contains("あおき はなこ")
            && text.contains("みどり市中央町1-2-10")
    );
    assert!(text.contains(&format!("ID{}", town.both)));
    let log = town.r.audit_log(None, None).unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "print.form").count(), 2);
    assert!(
        town.r.issuances(None).unwrap().is_empty(),
        "a form is not a list copy"
    );
}

#[test]
fn consent_letters_go_to_whoever_must_be_asked_and_an_unanswered_letter_is_followed_up() {
    let mut town = town();
    let mut pdf = Vec::new();
    let printed = town
        .r
        .print_letters(60, &mut |b: &[u8]| {
            pdf = b.to_vec();
            Ok(())
        })
        .unwrap();
    assert_eq!(printed.persons, 1, "only the person never asked");
    assert_eq!(printed.serial.as_deref(), Some("L2026-00001"));
    let pages = pages_text(&pdf, None);
    assert_eq!(pages.len(), 2, "a letter and its prefilled form");
    assert!(
        pages[0].contains("上田 未問") && pages[0].contains("様") && pages[0].contains("お願い")
    );
    assert!(pages[1].contains("上田 未問") && pages[1].contains("同意しない"));
    assert!(
        !pages.join("").contains("青木 花子"),
        "people who answered get no letter"
    );
    let w = town.r.consent_worklist(60).unwrap();
    assert_eq!(w.letters_unanswered.len(), 1);
    assert_eq!(w.letters_unanswered[0].person_id, town.never);
    assert_eq!(w.letters_unanswered[0].batch, "L2026-00001");
    // The answer comes back: the follow-up is done.
    town.r
        .record_consent(consent(
            town.never,
            RecipientKind::Neighbourhood,
            ConsentAnswer::Consented,
        ))
        .unwrap();
    // (obtained 2026-11-01 in the helper is before the letter: record a fresh answer.)
    let mut fresh = consent(
        town.never,
        RecipientKind::WelfareCommissioner,
        ConsentAnswer::Refused,
    );
    fresh.obtained_on = "2026-11-22".into();
    town.r.record_consent(fresh).unwrap();
    assert!(town
        .r
        .consent_worklist(60)
        .unwrap()
        .letters_unanswered
        .is_empty());
    assert!(town
        .r
        .audit_log(None, None)
        .unwrap()
        .iter()
        .any(|e| e.action == "print.letters" && e.detail.contains("persons=1")));
}
