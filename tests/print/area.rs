//! The area a recipient serves: a 自治会 bound to its own association is given that
//! association's people only — on lists, plan sheets, drill check sheets and the share
//! preview — whatever is asked; a district recipient never another district's. Recipients
//! are edited (custodian, area) and retired, each audited.

use chrono::{NaiveDate, NaiveTime};
use yorisoi::drill::NewDrill;
use yorisoi::model::{ConsentAnswer, ConsentPurpose, IssuanceStatus, RecipientKind};
use yorisoi::policy::SharePurpose;
use yorisoi::printing::drill::SheetRequest;
use yorisoi::printing::{ListRequest, PlanRequest, PlanTarget};
use yorisoi::{Error, Roster};

use super::support::*;

/// 本町自治会 of 中央地区 (not the 自治会 recipient's own association), consented to the
/// 自治会: the district-wide cut would include them.
fn add_honcho_neighbour(town: &mut Town) -> i64 {
    add_neighbour(
        &mut town.r,
        "本田 町子",
        "ほんだ まちこ",
        "みどり市中央町3-1-1",
        serde_json::json!({"association": "本町自治会", "block": "1班", "plan": plan()}),
    )
}

fn plan() -> serde_json::Value {
    serde_json::json!({"route": "自宅 → 中央小学校（約300m）", "means": "walk"})
}

/// Binds the town's 自治会 recipient to 中央一丁目自治会.
fn bind(town: &mut Town) {
    let mut r = town.r.recipient(town.assoc).unwrap();
    r.association = Some("中央一丁目自治会".into());
    town.r.update_recipient(town.assoc, &r).unwrap();
}

fn invalid_field(result: yorisoi::Result<impl std::fmt::Debug>) -> (String, String) {
    match result {
        Err(Error::Invalid(e)) => (e.field.clone(), e.reason.clone()),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn drill_sheet(
    r: &mut Roster,
    recipient: i64,
    association: Option<&str>,
) -> yorisoi::Result<Vec<u8>> {
    let drill = r
        .drill_new(&NewDrill {
            name: "範囲の訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &["中央地区".to_string()],
            targets: (20, 90),
            disaster: false,
        })?
        .id;
    let mut bytes = Vec::new();
    r.print_drill_sheet(
        &SheetRequest {
            drill_id: drill,
            district: "中央地区",
            association,
            recipient_id: Some(recipient),
            unlocked_reason: Some("範囲の試験"),
            ..Default::default()
        },
        &mut |b: &[u8]| {
            bytes = b.to_vec();
            Ok(())
        },
    )?;
    Ok(bytes)
}

#[test]
fn a_recipient_bound_to_its_association_is_given_only_that_associations_people() {
    let mut town = town();
    let honcho = add_honcho_neighbour(&mut town);
    let planned = add_neighbour(
        &mut town.r,
        "青山 計子",
        "あおやま けいこ",
        "みどり市中央町1-2-3",
        serde_json::json!({"plan": plan()}),
    );
    for id in [planned, honcho] {
        town.r
            .record_consent(consent_for(
                id,
                ConsentPurpose::PlanShare,
                RecipientKind::Neighbourhood,
                ConsentAnswer::Consented,
            ))
            .unwrap();
    }

    // Unbound, the 自治会 recipient serves the whole district: 本田 is on its list.
    let (_, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(has_id(&text, town.both) && has_id(&text, honcho), "{text}");

    bind(&mut town);
    let bound = town.r.recipient(town.assoc).unwrap();
    assert_eq!(bound.association.as_deref(), Some("中央一丁目自治会"));

    // Bound: the list, the preview, the plan sheets and the check sheet leave 本田 out
    // (she is not even among the excluded: she is outside the recipient's area).
    let (printed, pdf) = list(
        &mut town.r,
        &ListRequest {
            reprint_reason: Some("範囲の変更"),
            ..simple(town.assoc)
        },
    )
    .unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(has_id(&text, town.both), "{text}");
    assert!(
        !has_id(&text, honcho),
        "another 自治会's person on the list:\n{text}"
    );
    assert!(
        text.contains("中央地区 / 中央一丁目自治会"),
        "the cut is named:\n{text}"
    );
    let detail = town
        .r
        .issuance_detail(printed.serial.as_deref().unwrap())
        .unwrap();
    assert!(detail.persons.iter().all(|p| p.person_id != honcho));

    let preview = town
        .r
        .share_preview(town.assoc, SharePurpose::Roster, None)
        .unwrap();
    let ids: Vec<i64> = preview
        .included
        .iter()
        .map(|p| p.person_id)
        .chain(preview.excluded.iter().map(|p| p.person_id))
        .collect();
    assert!(ids.contains(&town.both) && ids.contains(&town.refused_assoc));
    assert!(!ids.contains(&honcho), "{ids:?}");

    let (_, pdf) = plans(
        &mut town.r,
        &PlanRequest {
            target: PlanTarget::District("中央地区"),
            recipient_id: Some(town.assoc),
            password: None,
            unlocked_reason: Some("範囲の試験"),
            due_back: None,
            reprint_reason: None,
        },
    )
    .unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(
        text.contains("青山 計子") && !text.contains("本田 町子"),
        "{text}"
    );
    let (field, reason) = invalid_field(plans(
        &mut town.r,
        &PlanRequest {
            target: PlanTarget::Person(honcho),
            recipient_id: Some(town.assoc),
            password: None,
            unlocked_reason: Some("範囲の試験"),
            due_back: None,
            reprint_reason: Some("x"),
        },
    ));
    assert_eq!(field, "person");
    assert!(reason.contains("中央一丁目自治会"), "{reason}");

    let pdf = drill_sheet(&mut town.r, town.assoc, None).unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(has_id(&text, town.both) && !has_id(&text, honcho), "{text}");
}

#[test]
fn asking_a_recipient_for_people_outside_its_area_is_refused_and_records_nothing() {
    let mut town = town();
    add_honcho_neighbour(&mut town);
    bind(&mut town);
    let before = town.r.issuances(None).unwrap().len();

    let (field, reason) = invalid_field(list(
        &mut town.r,
        &ListRequest {
            association: Some("本町自治会"),
            ..simple(town.assoc)
        },
    ));
    assert_eq!(field, "association");
    assert!(reason.contains("中央一丁目自治会"), "{reason}");

    let (field, _) = invalid_field(list(
        &mut town.r,
        &ListRequest {
            district: Some("北地区"),
            ..simple(town.assoc)
        },
    ));
    assert_eq!(field, "district");
    // A district recipient (not bound to a 自治会) is not given another district either.
    let (field, reason) = invalid_field(town.r.share_preview(
        town.commissioner,
        SharePurpose::Roster,
        Some("北地区"),
    ));
    assert_eq!(field, "district");
    assert!(reason.contains("中央地区"), "{reason}");

    let (field, _) = invalid_field(drill_sheet(&mut town.r, town.assoc, Some("本町自治会")));
    assert_eq!(field, "association");
    assert_eq!(
        town.r.issuances(None).unwrap().len(),
        before,
        "nothing recorded"
    );

    // Its own 自治会 (and a 班 of it, with no --association needed) is fine.
    let (printed, _) = list(
        &mut town.r,
        &ListRequest {
            association: Some("中央一丁目自治会"),
            block: Some("2班"),
            ..simple(town.assoc)
        },
    )
    .unwrap();
    assert_eq!(printed.persons, 2, "青木 and 遠藤 of 2班");
}

#[test]
fn a_recipient_is_bound_only_to_a_known_association_of_its_district() {
    let mut town = town();
    add_honcho_neighbour(&mut town);
    // What the desktop offers to choose from: the district's own 自治会, by name.
    assert_eq!(
        town.r.associations("中央地区").unwrap(),
        ["中央一丁目自治会", "本町自治会"]
    );
    // 北地区's own (the town's 北地区 neighbour was filed under a 自治会 of the same name).
    assert_eq!(town.r.associations("北地区").unwrap(), ["中央一丁目自治会"]);
    assert!(town.r.associations("ない地区").unwrap().is_empty());
    let mut r = town.r.recipient(town.assoc).unwrap();
    r.association = Some("中央一丁目自冶会".into()); // 治 mistyped as 冶
    let (field, reason) = invalid_field(town.r.update_recipient(town.assoc, &r));
    assert_eq!(field, "association");
    assert!(
        reason.contains("中央一丁目自治会"),
        "the known names are offered: {reason}"
    );

    r.association = Some("中央一丁目自治会".into());
    r.district = None;
    let (field, _) = invalid_field(town.r.update_recipient(town.assoc, &r));
    assert_eq!(field, "association");

    let mut r = town.r.recipient(town.assoc).unwrap();
    r.kind = RecipientKind::Fire;
    let (field, _) = invalid_field(town.r.update_recipient(town.assoc, &r));
    assert_eq!(field, "kind");
    assert_eq!(
        town.r.recipient(town.assoc).unwrap().kind,
        RecipientKind::Neighbourhood,
        "nothing changed"
    );
}

#[test]
fn recipients_are_edited_and_retired_with_their_copies_accounted_for() {
    let mut town = town();
    let (printed, _) = list(&mut town.r, &simple(town.assoc)).unwrap();
    let serial = printed.serial.unwrap();

    // April: a new 会長 keeps the copies.
    let mut r = town.r.recipient(town.assoc).unwrap();
    r.custodian = "新任 会長".into();
    r.phone = "0990-21-0000".into();
    town.r.update_recipient(town.assoc, &r).unwrap();
    let after = town.r.recipient(town.assoc).unwrap();
    assert_eq!(
        (after.custodian.as_str(), after.phone.as_str()),
        ("新任 会長", "0990-21-0000")
    );
    let w = town.r.copy_worklist().unwrap();
    assert_eq!(w.custodian_changed.len(), 1);
    assert_eq!(w.custodian_changed[0].issuance.serial, serial);

    // Retiring it while its copy is out is refused, naming the copy.
    let (field, reason) = invalid_field(town.r.retire_recipient(town.assoc));
    assert_eq!(field, "recipient");
    assert!(reason.contains(&serial), "{reason}");
    assert!(town
        .r
        .recipients()
        .unwrap()
        .iter()
        .any(|x| x.id == Some(town.assoc)));

    town.r
        .set_issuance_status(&serial, IssuanceStatus::Returned, "回収")
        .unwrap();
    town.r.retire_recipient(town.assoc).unwrap();
    assert!(town
        .r
        .recipients()
        .unwrap()
        .iter()
        .all(|x| x.id != Some(town.assoc)));
    let (field, reason) = invalid_field(list(&mut town.r, &simple(town.assoc)));
    assert_eq!(field, "recipient");
    assert!(reason.contains("retired"), "{reason}");
    // The ledger still names it.
    assert_eq!(
        town.r
            .issuance_detail(&serial)
            .unwrap()
            .issuance
            .recipient_id,
        Some(town.assoc)
    );

    let log = town.r.audit_log(None, None).unwrap();
    let rows: Vec<(&str, &str)> = log
        .iter()
        .filter(|e| e.entity == "recipient" && e.entity_id == Some(town.assoc))
        .map(|e| (e.action.as_str(), e.detail.as_str()))
        .collect();
    assert!(
        rows.contains(&("recipient.update", "fields=custodian,phone")),
        "{rows:?}"
    );
    assert!(rows.contains(&("recipient.retire", "")), "{rows:?}");
    assert!(
        log.iter().all(|e| !e.detail.contains("新任")),
        "no names in the audit detail"
    );
}
