//! The store: schema versions, the audit chain, archive/restore/purge, search and
//! validation, through the library API.

mod common;

use common::*;
use rusqlite::Connection;
use yorisoi::model::{ArchiveReason, Person};
use yorisoi::store::{schema_sql, LATEST_VERSION};
use yorisoi::{Error, PersonQuery, Roster};

#[test]
fn frozen_v1_roster_upgrades_to_the_latest_schema_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.db");
    {
        // A roster from before accounts: keyed with its shared passphrase.
        let c = Connection::open(&old).unwrap();
        c.pragma_update(None, "key", PASS).unwrap();
        c.execute_batch(include_str!("fixtures/schema-v1.sql"))
            .unwrap();
        c.execute_batch(include_str!("fixtures/data-v1.sql"))
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    // Its first open converts it: the shared passphrase becomes account "t"'s.
    let mut upgraded = Roster::open(&old, "t", &pass(), clock()).unwrap();
    assert!(upgraded.unlock_notes().converted);
    let raw = |p: &std::path::Path| {
        if p == old {
            raw_with(p, &raw_key_of(p, "t"))
        } else {
            common::raw(p)
        }
    };
    let (fresh_dir, _fresh) = TempRoster::new();
    assert_eq!(
        schema_of(&raw(&old)),
        schema_of(&raw(&fresh_dir.path)),
        "upgraded schema differs from a fresh one"
    );
    let v: i64 = raw(&old)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, LATEST_VERSION);
    let p = upgraded.view_person(1).unwrap();
    assert_eq!(p.name, "古川 花子");
    assert_eq!(p.emergency_contacts[0].relationship, "長男");
    assert!(upgraded.check().unwrap().is_ok());
    // The frozen fixture is exactly what schema v1 was: editing a released migration
    // instead of adding a new one is caught here.
    assert_eq!(include_str!("fixtures/schema-v1.sql"), schema_sql(1));
}

#[test]
fn a_roster_from_a_newer_version_is_refused_and_left_alone() {
    let (t, roster) = TempRoster::new();
    drop(roster);
    raw(&t.path)
        .pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();
    let before = file_hash(&t.path);
    let err = Roster::open(&t.path, ACCOUNT, &pass(), clock()).unwrap_err();
    assert!(
        matches!(err, Error::NewerSchema { found, .. } if found == LATEST_VERSION + 1),
        "{err}"
    );
    assert_eq!(before, file_hash(&t.path));
}

#[test]
fn create_refuses_an_existing_file() {
    let (t, roster) = TempRoster::new();
    drop(roster);
    let before = file_hash(&t.path);
    let err = Roster::create(&t.path, "t", &pass(), clock())
        .map(|(r, _)| r)
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyExists(_)));
    assert_eq!(before, file_hash(&t.path));
    Roster::open(&t.path, ACCOUNT, &pass(), clock()).unwrap();
}

fn roster_with_history() -> (TempRoster, Roster) {
    let (t, mut r) = TempRoster::new();
    let id = r
        .add_person(person("山田 太郎", "やまだ たろう", "1940-01-02"))
        .unwrap();
    r.view_person(id).unwrap();
    r.archive_person(id, ArchiveReason::Moved, None, "")
        .unwrap();
    r.restore_person(id).unwrap();
    assert!(r.check().unwrap().is_ok());
    (t, r)
}

#[test]
fn check_detects_an_edited_audit_row() {
    let (t, r) = roster_with_history();
    raw(&t.path)
        .execute(
            "UPDATE audit_log SET operator = 'someone else' WHERE seq = 3",
            [],
        )
        .unwrap();
    let fault = r.check().unwrap().audit.first_fault.unwrap();
    assert!(
        fault.contains("audit row 3") && fault.contains("edited"),
        "{fault}"
    );
}

#[test]
fn check_detects_a_deleted_audit_row_in_the_middle() {
    let (t, r) = roster_with_history();
    raw(&t.path)
        .execute("DELETE FROM audit_log WHERE seq = 2", [])
        .unwrap();
    let fault = r.check().unwrap().audit.first_fault.unwrap();
    assert!(fault.contains("audit row 3"), "{fault}");
}

#[test]
fn check_detects_deleted_newest_rows() {
    let (t, r) = roster_with_history();
    raw(&t.path)
        .execute(
            "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
            [],
        )
        .unwrap();
    let fault = r.check().unwrap().audit.first_fault.unwrap();
    assert!(fault.contains("removed from the end"), "{fault}");
}

#[test]
fn check_detects_reordered_audit_rows() {
    let (t, r) = roster_with_history();
    let c = raw(&t.path);
    c.execute_batch(
        "UPDATE audit_log SET seq = -2 WHERE seq = 2;
         UPDATE audit_log SET seq = 2 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = -2;",
    )
    .unwrap();
    let fault = r.check().unwrap().audit.first_fault.unwrap();
    assert!(fault.contains("audit row 2"), "{fault}");
}

#[test]
fn every_change_and_view_is_audited_with_the_account_and_no_personal_data() {
    let (_t, r) = roster_with_history();
    let log = r.audit_log(None, None).unwrap();
    let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "roster.create",
            "account.add",
            "recovery.new",
            "person.add",
            "person.view",
            "person.archive",
            "person.restore"
        ]
    );
    // Every row names the account that unlocked; the OS user stays beside it, as
    // information only.
    assert!(log.iter().all(|e| e.account == ACCOUNT));
    assert!(log.iter().all(|e| e.operator == r.operator()));
    let all = serde_json::to_string(&log).unwrap();
    assert!(!all.contains("山田") && !all.contains("やまだ") && !all.contains("中央町"));
}

#[test]
fn archive_keeps_the_record_and_restore_brings_it_back() {
    let (_t, mut r) = TempRoster::new();
    let id = r
        .add_person(person("山田 太郎", "やまだ たろう", "1940-01-02"))
        .unwrap();
    r.archive_person(id, ArchiveReason::Died, Some("令和8年10月1日"), "病院にて")
        .unwrap();
    assert!(r.list_persons(&PersonQuery::default()).unwrap().is_empty());
    let all = r
        .list_persons(&PersonQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].archived);
    let p = r.view_person(id).unwrap();
    let a = p.archived.unwrap();
    assert_eq!(
        (a.on.as_str(), a.reason, a.note.as_str()),
        ("2026-10-01", ArchiveReason::Died, "病院にて")
    );
    assert!(
        r.archive_person(id, ArchiveReason::Moved, None, "")
            .is_err(),
        "archived twice"
    );
    r.restore_person(id).unwrap();
    assert_eq!(r.list_persons(&PersonQuery::default()).unwrap().len(), 1);
    assert!(r.view_person(id).unwrap().archived.is_none());
}

#[test]
fn purge_removes_only_an_archived_person_and_is_audited() {
    let (t, mut r) = TempRoster::new();
    let id = r.add_person(sentinel_person()).unwrap();
    let keep = r
        .add_person(person("山田 太郎", "やまだ たろう", "1940-01-02"))
        .unwrap();
    assert!(
        matches!(r.purge_person(id), Err(Error::Invalid(_))),
        "purge of a person on the roster"
    );
    r.archive_person(id, ArchiveReason::Moved, None, "")
        .unwrap();
    let report = r.purge_person(id).unwrap();
    assert!(
        report.rows.contains(&("emergency_contacts".to_string(), 1)),
        "{:?}",
        report.rows
    );
    assert!(matches!(r.view_person(id), Err(Error::NotFound { .. })));
    r.view_person(keep).unwrap();
    let c = raw(&t.path);
    for table in [
        "emergency_contacts",
        "medical_devices",
        "plans",
        "plan_destinations",
        "person_search",
    ] {
        let n: i64 = c
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE person_id = ?1"),
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{table} still has rows of the purged person");
    }
    let purge = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "person.purge")
        .unwrap();
    assert_eq!(purge.entity_id, Some(id));
    assert!(purge.detail.contains("emergency_contacts=1"));
    assert!(r.check().unwrap().is_ok());
}

#[test]
fn full_record_round_trips_through_json() {
    let (_t, mut r) = TempRoster::new();
    let id = r.add_person(sentinel_person()).unwrap();
    let shown = r.view_person(id).unwrap();
    assert_eq!(shown.date_of_birth, "1937-04-05", "wareki stored as ISO");
    assert_eq!(shown.block.as_deref(), Some("3班"));
    assert_eq!(
        shown.plan.as_ref().unwrap().destinations[0].name,
        "みどり苑"
    );
    assert_eq!(
        shown.plan.as_ref().unwrap().created_on.as_deref(),
        Some("2026-11-22")
    );
    // What `show --json` prints can be added again as it is, giving the same record.
    let again = r
        .add_person(Person::from_json(&serde_json::to_string(&shown).unwrap()).unwrap())
        .unwrap();
    let mut copy = r.view_person(again).unwrap();
    copy.id = shown.id;
    assert_eq!(copy, shown);
}

#[test]
fn update_replaces_the_record_and_audits_field_names_only() {
    let (_t, mut r) = TempRoster::new();
    let id = r.add_person(sentinel_person()).unwrap();
    let mut p = r.view_person(id).unwrap();
    p.phone = "0990-99-8888".into();
    p.emergency_contacts.clear();
    r.update_person(id, p).unwrap();
    let after = r.view_person(id).unwrap();
    assert_eq!(after.phone, "0990-99-8888");
    assert!(after.emergency_contacts.is_empty());
    let e = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "person.update")
        .unwrap();
    assert_eq!(e.detail, "emergency_contacts,phone");
    assert_eq!(
        r.list_persons(&PersonQuery {
            text: Some("9999".into()),
            ..Default::default()
        })
        .unwrap()
        .len(),
        0
    );
    assert_eq!(
        r.list_persons(&PersonQuery {
            text: Some("0990998888".into()),
            ..Default::default()
        })
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn search_finds_the_same_person_whatever_kana_width_or_spacing() {
    let (_t, mut r) = TempRoster::new();
    let id = r
        .add_person(person("山田　太郎", "やまだ たろう", "1940-01-02"))
        .unwrap();
    r.add_person(person("田中 花子", "たなか はなこ", "1938-03-04"))
        .unwrap();
    for q in [
        "やまだ",
        "ヤマダ",
        "ﾔﾏﾀﾞ",
        "ヤマダタロウ",
        "やまだ　たろう",
        "ﾔﾏﾀﾞ ﾀﾛｳ",
        "だたろ",
        "山田太郎",
        "山田 太郎",
        "山田　太郎",
        "田太",
        "0990-11",
        "０９９０１１２２２２",
        "中央町1-2",
    ] {
        let found = r
            .list_persons(&PersonQuery {
                text: Some(q.into()),
                ..Default::default()
            })
            .unwrap();
        let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
        if q == "0990-11" || q == "０９９０１１２２２２" || q == "中央町1-2" {
            assert!(ids.contains(&id), "{q} did not find the person");
        } else {
            assert_eq!(ids, vec![id], "query {q}");
        }
    }
    assert!(r
        .list_persons(&PersonQuery {
            text: Some("すずき".into()),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    // Stored names are normalised: the full-width space became one ASCII space.
    assert_eq!(r.view_person(id).unwrap().name, "山田 太郎");
}

#[test]
fn search_can_be_cut_by_district() {
    let (_t, mut r) = TempRoster::new();
    let mut a = person("山田 太郎", "やまだ たろう", "1940-01-02");
    a.district = Some("東地区".into());
    r.add_person(a).unwrap();
    r.add_person(person("山田 次郎", "やまだ じろう", "1941-01-02"))
        .unwrap();
    let q = |d: &str| PersonQuery {
        text: Some("やまだ".into()),
        district: Some(d.into()),
        ..Default::default()
    };
    assert_eq!(r.list_persons(&q("東地区")).unwrap()[0].name, "山田 太郎");
    assert_eq!(r.list_persons(&q("中央地区")).unwrap()[0].name, "山田 次郎");
    assert!(
        matches!(r.list_persons(&q("無い地区")), Err(Error::Invalid(e)) if e.field == "district")
    );
}

/// Each bad value is rejected naming its field, and nothing is written.
#[test]
fn validation_names_the_field_and_writes_nothing() {
    let (_t, mut r) = TempRoster::new();
    let cases: &[(&str, serde_json::Value, &str)] = &[
        ("name", serde_json::json!("  "), "name"),
        (
            "date_of_birth",
            serde_json::json!("1940-02-30"),
            "date_of_birth",
        ),
        (
            "date_of_birth",
            serde_json::json!("昭和64年1月8日"),
            "date_of_birth",
        ),
        (
            "date_of_birth",
            serde_json::json!("2099-01-01"),
            "date_of_birth",
        ),
        (
            "date_of_birth",
            serde_json::json!("someday"),
            "date_of_birth",
        ),
        ("care_level", serde_json::json!("care-6"), "care_level"),
        ("phone", serde_json::json!("0990-AB-1234"), "phone"),
        ("furigana", serde_json::json!("Yamada"), "furigana"),
        ("address", serde_json::json!(""), "address"),
        ("sex", serde_json::json!("x"), "sex"),
        (
            "mental_disability_grade",
            serde_json::json!(4),
            "mental_disability_grade",
        ),
        (
            "physical_disability",
            serde_json::json!({"grade": 7}),
            "physical_disability.grade",
        ),
        (
            "house",
            serde_json::json!({"year_built": 3000}),
            "house.year_built",
        ),
        (
            "emergency_contacts",
            serde_json::json!([{"name": "a", "phone": "x1"}]),
            "emergency_contacts[0].phone",
        ),
        ("adress", serde_json::json!("typo"), "adress"),
    ];
    for (key, value, field) in cases {
        let mut doc: serde_json::Value = serde_json::from_str(&sentinel_person_json()).unwrap();
        doc[*key] = value.clone();
        let result = Person::from_json(&doc.to_string())
            .map_err(Error::Invalid)
            .and_then(|p| r.add_person(p));
        match result {
            Err(Error::Invalid(e)) => {
                assert!(
                    e.field == *field || e.to_string().contains(field),
                    "{key}: got field {} ({e})",
                    e.field
                );
                assert!(
                    !e.to_string().contains("秘密山"),
                    "message leaks personal data: {e}"
                );
            }
            other => panic!("{key}={value}: expected a validation error, got {other:?}"),
        }
    }
    assert!(r
        .list_persons(&PersonQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    assert_eq!(
        r.audit_log(None, None).unwrap().len(),
        3,
        "only roster.create, account.add and recovery.new"
    );
}

#[test]
fn wareki_dates_of_birth_are_accepted() {
    let (_t, mut r) = TempRoster::new();
    for (input, iso) in [
        ("昭和15年3月2日", "1940-03-02"),
        ("S15.3.2", "1940-03-02"),
        ("Ｓ１５．３．２", "1940-03-02"),
        ("大正元年8月1日", "1912-08-01"),
    ] {
        let id = r
            .add_person(person("山田 太郎", "やまだ たろう", input))
            .unwrap();
        assert_eq!(r.view_person(id).unwrap().date_of_birth, iso, "{input}");
    }
}

#[test]
fn supporters_are_ordered_and_unassign_closes_the_gap() {
    let (_t, mut r) = TempRoster::new();
    let p = r
        .add_person(person("山田 太郎", "やまだ たろう", "1940-01-02"))
        .unwrap();
    let mk = |name: &str| yorisoi::model::Supporter {
        id: None,
        kind: yorisoi::model::SupporterKind::Individual,
        name: name.into(),
        furigana: String::new(),
        address: String::new(),
        phone: String::new(),
        district: None,
        available_day: true,
        available_night: false,
        note: String::new(),
        load: 0,
    };
    let a = r.add_supporter(&mk("支援 一")).unwrap();
    let b = r.add_supporter(&mk("支援 二")).unwrap();
    let c = r.add_supporter(&mk("支援 三")).unwrap();
    for s in [a, b, c] {
        r.assign_supporter(p, s, "声かけ").unwrap();
    }
    assert!(r.assign_supporter(p, a, "").is_err(), "assigned twice");
    r.unassign_supporter(p, a).unwrap();
    let s = r.view_person(p).unwrap().supporters;
    assert_eq!(
        s.iter()
            .map(|s| (s.position, s.name.as_str()))
            .collect::<Vec<_>>(),
        [(1, "支援 二"), (2, "支援 三")]
    );
    assert_eq!(
        r.supporters().unwrap().iter().map(|s| s.load).sum::<u32>(),
        2
    );
}

/// Between 00:00 and 09:00 in Japan the UTC date is still yesterday. Every date the
/// officer types or the roster stamps on a form is a day in Japan.
#[test]
fn dates_are_days_in_japan_even_while_utc_is_still_yesterday() {
    use chrono::{TimeZone, Utc};
    use yorisoi::model::{
        Supporter, SupporterConsent, SupporterConsentAnswer, SupporterConsentPurpose, SupporterKind,
    };
    // 2026-11-23 00:30 JST = 2026-11-22 15:30 UTC.
    let clock = std::sync::Arc::new(yorisoi::FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 15, 30, 0).unwrap(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let mut r = Roster::create(&dir.path().join("roster.db"), "試験 担当", &pass(), clock)
        .map(|(r, _)| r)
        .unwrap();
    let mut person = sentinel_person();
    person.plan.as_mut().unwrap().created_on = None;
    let id = r.add_person(person).unwrap();
    let plan = r.view_person(id).unwrap().plan.unwrap();
    assert_eq!(plan.created_on.as_deref(), Some("2026-11-23"));
    assert_eq!(plan.updated_on.as_deref(), Some("2026-11-23"));

    let supporter = r
        .add_supporter(&Supporter {
            id: None,
            kind: SupporterKind::Individual,
            name: "隣野 助".into(),
            furigana: String::new(),
            address: String::new(),
            phone: String::new(),
            district: None,
            available_day: true,
            available_night: false,
            note: String::new(),
            load: 0,
        })
        .unwrap();
    let answer = |on: &str| SupporterConsent {
        id: None,
        supporter_id: supporter,
        person_id: None,
        purpose: SupporterConsentPurpose::BeNamed,
        answer: SupporterConsentAnswer::Consented,
        obtained_on: on.into(),
        obtained_by: String::new(),
        evidence_ref: String::new(),
        recorded_at: None,
        recorded_by: None,
    };
    r.record_supporter_consent(&answer("2026-11-23"))
        .expect("today in Japan is not in the future");
    let err = r
        .record_supporter_consent(&answer("2026-11-24"))
        .unwrap_err();
    assert!(
        err.to_string().contains("obtained_on: is in the future"),
        "{err}"
    );
}
