//! The store's share preview, disaster mode, settings and worklist, through the library
//! with fixed clocks.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use yorisoi::model::*;
use yorisoi::policy::{ConsentFact, Field, Mode, ReasonCode, SharePurpose};
use yorisoi::store::disaster::DisasterState;
use yorisoi::{Error, FixedClock, Roster};

use crate::common::{pass, person, recipient};
use crate::oracle::{jst, normally_shared};

fn roster_at(dir: &tempfile::TempDir, now: DateTime<Utc>) -> Roster {
    let path = dir.path().join("roster.db");
    let clock = Arc::new(FixedClock(now));
    if path.exists() {
        Roster::open(&path, "試験 担当", &pass(), clock).unwrap()
    } else {
        Roster::create(&path, "試験 担当", &pass(), clock)
            .map(|(r, _)| r)
            .unwrap()
    }
}

fn answer(
    person_id: i64,
    purpose: ConsentPurpose,
    kind: RecipientKind,
    a: ConsentAnswer,
    on: NaiveDate,
    expires: Option<NaiveDate>,
) -> ConsentRecord {
    ConsentRecord {
        id: None,
        person_id,
        purpose,
        recipient_kind: kind,
        recipient_id: None,
        answer: a,
        basis: None,
        proxy_name: if a == ConsentAnswer::Proxy {
            "代理 太郎".into()
        } else {
            String::new()
        },
        proxy_relationship: if a == ConsentAnswer::Proxy {
            "長男".into()
        } else {
            String::new()
        },
        obtained_on: on.to_string(),
        obtained_by: "訪問 担当".into(),
        evidence_ref: "F-1".into(),
        expires_on: expires.map(|d| d.to_string()),
        recorded_at: None,
        recorded_by: None,
    }
}

type GenStored = (
    bool,
    bool,
    Vec<(RecipientKind, ConsentAnswer, i64, Option<i64>)>,
);

fn stored_person() -> impl Strategy<Value = GenStored> {
    (
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.3),
        prop::collection::vec(
            (
                select(vec![
                    RecipientKind::WelfareCommissioner,
                    RecipientKind::Neighbourhood,
                ]),
                select(ConsentAnswer::ALL.to_vec()),
                0i64..500,
                prop::option::of(0i64..600),
            ),
            0..5,
        ),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// What the store shows equals the rule applied to what the store holds, and an
    /// address-protected person's address appears nowhere in the preview.
    #[test]
    fn the_store_preview_follows_the_rule(
        people in prop::collection::vec(stored_person(), 1..6),
        basis in select(ConsentBasis::ALL.to_vec()),
        day in 0i64..365,
        disaster in any::<bool>(),
    ) {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 1, 0, 0).unwrap() + Duration::days(day);
        let today = jst(now);
        let dir = tempfile::tempdir().unwrap();
        let mut r = roster_at(&dir, now);
        r.set_setting("consent.basis", basis.token()).unwrap();
        let rid = r.add_recipient(&Recipient {
            id: None, kind: RecipientKind::WelfareCommissioner, name: "民生委員 中央".into(),
            district: None, association: None, custodian: String::new(), address: String::new(), phone: String::new(),
        }).unwrap();
        let mut ids = Vec::new();
        for (i, (archived, protected, rows)) in people.iter().enumerate() {
            let mut p = person(&format!("試験 {i}"), "しけん", "1940-01-02");
            p.address = format!("秘匿町{i}番地の{i}");
            p.address_protected = *protected;
            let id = r.add_person(p).unwrap();
            for (kind, a, back, len) in rows {
                let on = today - Duration::days(*back);
                let row = answer(id, ConsentPurpose::Roster, *kind, *a, on, len.map(|l| on + Duration::days(l)));
                r.record_consent(row).unwrap();
            }
            if *archived {
                r.archive_person(id, ArchiveReason::Moved, None, "").unwrap();
            }
            ids.push((i, id, *archived, *protected));
        }
        if disaster {
            r.disaster_on("試験の警報", None).unwrap();
        }
        let preview = r.share_preview(rid, SharePurpose::Roster, None).unwrap();
        prop_assert_eq!(preview.mode == Mode::Disaster, disaster);
        prop_assert_eq!(preview.marked_disaster, disaster);
        let json = serde_json::to_string(&preview).unwrap();
        for (i, id, archived, protected) in ids {
            let facts: Vec<ConsentFact> = r.consent_history(id).unwrap().iter().filter_map(ConsentFact::from_record).collect();
            let expected = !archived && (disaster || normally_shared(
                &facts, ConsentPurpose::Roster, RecipientKind::WelfareCommissioner, rid, basis, 12, today,
            ));
            let shown = preview.included.iter().find(|s| s.person_id == id);
            prop_assert_eq!(shown.is_some(), expected, "person {}", id);
            if archived {
                prop_assert!(!preview.excluded.iter().any(|e| e.person_id == id));
            }
            if let Some(s) = shown {
                prop_assert_eq!(s.marked_disaster, disaster);
                prop_assert_eq!(s.fields.get(Field::Address).is_none(), protected);
            }
            if protected {
                let secret = format!("秘匿町{i}番地");
                prop_assert!(!json.contains(&secret), "protected address in the preview");
            }
        }
        prop_assert_eq!(preview.included_count + preview.excluded_count,
            people.iter().filter(|p| !p.0).count());
    }
}

#[test]
fn disaster_mode_ends_by_itself_and_every_switch_is_audited() {
    let t0 = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut r = roster_at(&dir, t0);
    assert_eq!(r.disaster_status().unwrap().state, DisasterState::Never);
    assert!(matches!(r.disaster_on("  ", None), Err(Error::Invalid(e)) if e.field == "reason"));
    assert!(matches!(r.disaster_on("警報", Some(0)), Err(Error::Invalid(e)) if e.field == "hours"));
    assert!(matches!(r.disaster_off(), Err(Error::Invalid(_))));
    let on = r.disaster_on("大雨特別警報", Some(2)).unwrap();
    assert!(on.on);
    assert_eq!(on.until.as_deref(), Some("2026-09-01T02:00:00.000Z"));
    assert_eq!(on.by.as_deref(), Some("試験 担当"));
    drop(r);
    // One millisecond before `until` it is on; at `until` it is off, by itself.
    let r = roster_at(&dir, t0 + Duration::hours(2) - Duration::milliseconds(1));
    assert!(r.disaster_status().unwrap().on);
    drop(r);
    let mut r = roster_at(&dir, t0 + Duration::hours(1));
    let renewed = r.disaster_on("継続", None).unwrap();
    assert_eq!(renewed.since.as_deref(), Some("2026-09-01T00:00:00.000Z"));
    assert_eq!(
        renewed.until.as_deref(),
        Some("2026-09-04T01:00:00.000Z"),
        "default 72 h"
    );
    assert_eq!(renewed.renews, on.period_id);
    drop(r);
    let mut r = roster_at(&dir, t0 + Duration::hours(73));
    let s = r.disaster_check().unwrap();
    assert!(!s.on);
    assert_eq!(s.state, DisasterState::Expired);
    drop(r);
    // Opened again later: the expiry was logged once, by the first open after `until`.
    drop(roster_at(&dir, t0 + Duration::hours(75)));
    let mut r = roster_at(&dir, t0 + Duration::hours(80));
    r.set_setting("disaster.default_hours", "24").unwrap();
    let again = r.disaster_on("余震", None).unwrap();
    assert_eq!(
        again.renews, None,
        "after expiry it is a new period, not a renewal"
    );
    assert_eq!(again.until.as_deref(), Some("2026-09-05T08:00:00.000Z"));
    let off = r.disaster_off().unwrap();
    assert_eq!(off.state, DisasterState::Off);
    assert_eq!(off.ended_by.as_deref(), Some("試験 担当"));
    drop(r);
    // Switched off early and then past its `until`: that is no expiry.
    let mut r = roster_at(&dir, t0 + Duration::hours(200));
    assert_eq!(r.disaster_check().unwrap().state, DisasterState::Off);
    let log = r.audit_log(None, None).unwrap();
    let actions: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.action.starts_with("disaster.") || e.action == "settings.set")
        .map(|e| (e.action.clone(), e.detail.clone()))
        .collect();
    let names: Vec<&str> = actions.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "disaster.off",
            "disaster.on",
            "settings.set",
            "disaster.expired",
            "disaster.on",
            "disaster.on"
        ]
    );
    assert!(actions[4].1.contains("renews=1"), "{:?}", actions[4]);
    let expired = log.iter().find(|e| e.action == "disaster.expired").unwrap();
    assert_eq!(expired.account, "system", "nobody switched it off");
    assert_eq!(expired.entity_id, renewed.period_id, "the renewal ran out");
    assert_eq!(expired.detail, "until=2026-09-04T01:00:00.000Z");
    assert_eq!(
        expired.at, "2026-09-04T01:00:00.000Z",
        "logged at the first open after it"
    );
    assert!(
        actions
            .iter()
            .all(|a| !a.1.contains("警報") && !a.1.contains("余震")),
        "the reason is free text: kept out of the log"
    );
    assert!(r.check().unwrap().is_ok());
}

#[test]
fn consents_get_the_default_expiry_and_every_change_is_audited() {
    let now = Utc.with_ymd_and_hms(2026, 4, 10, 1, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut r = roster_at(&dir, now);
    let id = r
        .add_person(person("同意 花子", "どうい はなこ", "1940-01-02"))
        .unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let wc = RecipientKind::WelfareCommissioner;
    r.record_consent(answer(
        id,
        ConsentPurpose::Roster,
        wc,
        ConsentAnswer::Consented,
        d("2026-04-01"),
        None,
    ))
    .unwrap();
    r.record_consent(answer(
        id,
        ConsentPurpose::Roster,
        wc,
        ConsentAnswer::Refused,
        d("2026-04-02"),
        None,
    ))
    .unwrap();
    let future = r.record_consent(answer(
        id,
        ConsentPurpose::Roster,
        wc,
        ConsentAnswer::Consented,
        d("2026-04-11"),
        None,
    ));
    assert!(matches!(future, Err(Error::Invalid(e)) if e.field == "obtained_on"));
    r.set_setting("consent.renewal_months", "0").unwrap();
    r.record_consent(answer(
        id,
        ConsentPurpose::PlanShare,
        wc,
        ConsentAnswer::Applied,
        d("2026-04-03"),
        None,
    ))
    .unwrap();
    let h = r.view_consent_history(id).unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(
        h[0].expires_on.as_deref(),
        Some("2027-03-31"),
        "12 months by default"
    );
    assert_eq!(h[1].expires_on, None, "a refusal does not expire");
    assert_eq!(h[2].expires_on, None, "renewal_months 0: no expiry");
    let other = r
        .add_recipient(&Recipient {
            id: None,
            kind: RecipientKind::Other,
            name: "社会福祉法人 みどり会".into(),
            district: None,
            association: None,
            custodian: String::new(),
            address: String::new(),
            phone: String::new(),
        })
        .unwrap();
    let mut wrong = answer(
        id,
        ConsentPurpose::Roster,
        wc,
        ConsentAnswer::Consented,
        d("2026-04-03"),
        None,
    );
    wrong.recipient_id = Some(other);
    assert!(matches!(r.record_consent(wrong), Err(Error::Invalid(e)) if e.field == "recipient"));
    let audit = r.person_audit_trail(id).unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "consent.history",
            "consent.record",
            "consent.record",
            "consent.record",
            "person.add"
        ]
    );
    assert!(audit[1].detail.contains("answer=applied"));
}

#[test]
fn the_worklist_finds_each_kind_of_follow_up() {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 1, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut r = roster_at(&dir, now);
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let wc = RecipientKind::WelfareCommissioner;
    let nb = RecipientKind::Neighbourhood;
    let roster = ConsentPurpose::Roster;
    let mut add = |name: &str| {
        r.add_person(person(name, "さぎょう", "1940-01-02"))
            .unwrap()
    };
    let (expiring, expired, never, silent, refused, withdrew, archived) = (
        add("期限 近子"),
        add("期限 切子"),
        add("未確 認子"),
        add("未回 答子"),
        add("不同 意子"),
        add("撤回 子"),
        add("除外 子"),
    );
    let mut rec = |id, kind, a, on: &str, exp: Option<&str>| {
        r.record_consent(answer(id, roster, kind, a, d(on), exp.map(d)))
            .unwrap();
    };
    rec(
        expiring,
        wc,
        ConsentAnswer::Consented,
        "2025-07-01",
        Some("2026-07-15"),
    );
    rec(
        expired,
        wc,
        ConsentAnswer::Consented,
        "2025-01-01",
        Some("2026-05-31"),
    );
    rec(silent, nb, ConsentAnswer::NoAnswer, "2026-05-01", None);
    rec(refused, wc, ConsentAnswer::Refused, "2026-03-01", None);
    rec(withdrew, wc, ConsentAnswer::Consented, "2026-01-01", None);
    rec(withdrew, wc, ConsentAnswer::Withdrawn, "2026-05-20", None);
    rec(archived, wc, ConsentAnswer::Refused, "2026-05-20", None);
    let _ = never;
    r.archive_person(archived, ArchiveReason::Died, None, "")
        .unwrap();
    let w = r.consent_worklist(60).unwrap();
    let ids = |v: &[yorisoi::worklists::consent::WorklistEntry]| {
        v.iter().map(|e| e.person_id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&w.expiring), [expiring]);
    assert_eq!(w.expiring[0].consent.as_ref().unwrap().days_left, Some(44));
    assert_eq!(ids(&w.expired), [expired]);
    assert_eq!(ids(&w.never_asked), [never]);
    assert_eq!(ids(&w.no_answer), [silent]);
    assert_eq!(ids(&w.refused), [refused]);
    assert_eq!(ids(&w.withdrawn), [withdrew]);
    // Nothing has been printed: no copy to recall.
    assert_eq!(w.issued_copies.as_deref().map(<[_]>::len), Some(0));
    assert!(w.issued_copies_note.starts_with("なし"));
    let short = r.consent_worklist(10).unwrap();
    assert!(short.expiring.is_empty() && short.withdrawn.is_empty());
}

/// A new roster on 2026-06-01 whose lists follow the ordinance, with a town-wide fire
/// service as recipient (its id last).
fn ordinance_town() -> (tempfile::TempDir, DateTime<Utc>, Roster, i64) {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 1, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut r = roster_at(&dir, now);
    r.set_setting("consent.basis", "ordinance").unwrap();
    let rid = r
        .add_recipient(&recipient(RecipientKind::Fire, "みどり消防署"))
        .unwrap();
    (dir, now, r, rid)
}

#[test]
fn a_plan_list_holds_only_people_with_a_plan_and_the_reason_says_why() {
    let (_dir, _, mut r, rid) = ordinance_town();
    let mut with_plan = crate::common::sentinel_person();
    with_plan.address_protected = false;
    let planned = r.add_person(with_plan).unwrap();
    let unplanned = r
        .add_person(person("計画 無子", "けいかく", "1940-01-02"))
        .unwrap();
    let p = r.share_preview(rid, SharePurpose::Plan, None).unwrap();
    assert_eq!(
        p.included.iter().map(|s| s.person_id).collect::<Vec<_>>(),
        [planned]
    );
    assert_eq!(p.included[0].reason_code, ReasonCode::Ordinance);
    let plan = p.included[0].fields.get(Field::Plan).unwrap();
    assert_eq!(plan.value["route"], "川沿いを避け高台へ");
    assert_eq!(p.excluded[0].person_id, unplanned);
    assert_eq!(p.excluded[0].reason_code, ReasonCode::NoPlan);
}

/// `n` written with one kana a digit (あ for 0 … こ for 9): a reading that sorts as `n`.
fn kana_number(n: usize) -> String {
    let digits: Vec<char> = "あいうえおかきくけこ".chars().collect();
    format!("{n:04}")
        .bytes()
        .map(|d| digits[usize::from(d - b'0')])
        .collect()
}

/// A list reads the person rows on one thread and builds the records on another, a batch
/// of rows at a time: a row that cannot be read, late in the town and past the first
/// batches, fails the whole list with the error of that row — no list without them, no
/// hang, no panic — and the roster is as it was.
#[test]
fn a_person_row_that_cannot_be_read_fails_the_list_with_its_error() {
    let (dir, now, mut r, rid) = ordinance_town();
    let ids: Vec<i64> = (0..700)
        .map(|i| {
            r.add_person(person(
                &format!("読取 {i}"),
                &format!("よみとり {}", kana_number(i)),
                "1940-01-02",
            ))
            .unwrap()
        })
        .collect();
    let whole = r.share_preview(rid, SharePurpose::Roster, None).unwrap();
    assert_eq!(whole.included_count, 700);
    drop(r);
    let bad = ids[650];
    let raw = crate::common::raw_with(
        &dir.path().join("roster.db"),
        &crate::common::raw_key_of(&dir.path().join("roster.db"), "試験 担当"),
    );
    raw.execute_batch(&format!(
        "PRAGMA ignore_check_constraints = ON;
         UPDATE persons SET sex = 'neither' WHERE id = {bad};"
    ))
    .unwrap();
    drop(raw);
    let mut r = roster_at(&dir, now);
    let audited = r.audit_log(None, None).unwrap().len();
    for _ in 0..3 {
        let err = r
            .share_preview(rid, SharePurpose::Roster, None)
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("reading persons for a list"),
            "names what failed: {text}"
        );
    }
    assert_eq!(
        r.audit_log(None, None).unwrap().len(),
        audited,
        "no preview was recorded"
    );
}
