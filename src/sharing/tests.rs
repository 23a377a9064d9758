//! The share preview reads only what the recipient's list shows, and the consents of one
//! purpose and kind; these tests hold it to the rule decided from everything: each
//! person's whole record and whole consent ledger.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{TimeZone, Utc};

use super::*;
use crate::model::{Person, PersonSummary};
use crate::policy::ConsentFact;
use crate::store::{consents, persons};
use crate::{FixedClock, Passphrase, PersonQuery};

fn roster(path: &std::path::Path) -> Roster {
    let at = Utc.with_ymd_and_hms(2025, 6, 1, 1, 0, 0).single();
    let clock = Arc::new(FixedClock(at.unwrap_or_default()));
    let pass = Passphrase::new("share preview passphrase".into());
    Roster::create(path, "tester", &pass, clock)
        .map(|(r, _)| r)
        .unwrap()
}

/// Everyone, archived too, with their whole record (every row) and whole ledger.
fn everything(r: &Roster) -> Vec<(Person, Vec<ConsentFact>)> {
    let q = PersonQuery {
        include_archived: true,
        ..PersonQuery::default()
    };
    let list: Vec<PersonSummary> = r.list_persons(&q).unwrap();
    list.iter()
        .map(|s| {
            let p = persons::load(r.conn(), s.id).unwrap();
            let ledger = consents::history(r.conn(), s.id).unwrap();
            let facts = ledger.iter().filter_map(ConsentFact::from_record).collect();
            (p, facts)
        })
        .collect()
}

/// What the rule gives `recipient`, decided for each person of its area from everything
/// known about them, by person id.
fn expected(
    r: &Roster,
    all: &[(Person, Vec<ConsentFact>)],
    recipient: &Recipient,
    purpose: SharePurpose,
) -> HashMap<i64, (crate::policy::Decision, Option<FieldValues>)> {
    let settings = r.sharing_settings().unwrap();
    let now = r.clock().now();
    let mode = if r.disaster_status().unwrap().on {
        Mode::Disaster
    } else {
        Mode::Normal
    };
    let rid = recipient.id.unwrap();
    let facts = RecipientFacts {
        id: rid,
        kind: recipient.kind,
    };
    all.iter()
        .filter(|(p, _)| p.archived.is_none())
        .filter(|(p, _)| recipient.district.is_none() || p.district == recipient.district)
        .filter(|(p, _)| recipient.association.is_none() || p.association == recipient.association)
        .map(|(p, ledger)| {
            let id = p.id.unwrap();
            let person = PersonFacts {
                person_id: id,
                archived: p.archived.is_some(),
                address_protected: p.address_protected,
                location_released: false,
                has_plan: p.plan.is_some(),
                consents: ledger,
            };
            let d = decide(&person, &facts, purpose, mode, &settings, now);
            let shown = d.included.then(|| project(p, d.fields, jst_date(now)));
            (id, (d, shown))
        })
        .collect()
}

/// Compares the preview with the rule decided from everything, person by person.
fn same_as_full_rule(
    r: &mut Roster,
    all: &[(Person, Vec<ConsentFact>)],
    recipient: &Recipient,
    purpose: SharePurpose,
) -> (usize, usize) {
    let want = expected(r, all, recipient, purpose);
    let got = r
        .share_preview(recipient.id.unwrap(), purpose, None)
        .unwrap();
    let what = format!(
        "recipient {:?} {:?}, {purpose:?}",
        recipient.id, recipient.kind
    );
    assert_eq!(
        got.included_count + got.excluded_count,
        want.len(),
        "{what}"
    );
    for s in &got.included {
        let (d, shown) = &want[&s.person_id];
        assert!(d.included, "{what}: person {} listed", s.person_id);
        assert_eq!(s.reason_code, d.reason.code, "{what}: {}", s.person_id);
        assert_eq!(s.reason, d.reason.ja, "{what}: {}", s.person_id);
        assert_eq!(s.reason_en, d.reason.en, "{what}: {}", s.person_id);
        assert_eq!(
            s.marked_disaster, d.marked_disaster,
            "{what}: {}",
            s.person_id
        );
        assert_eq!(s.normally_included, d.normally_included, "{what}");
        assert_eq!(s.withheld, d.withheld, "{what}: {}", s.person_id);
        assert_eq!(Some(&s.fields), shown.as_ref(), "{what}: {}", s.person_id);
    }
    for e in &got.excluded {
        let (d, _) = &want[&e.person_id];
        assert!(!d.included, "{what}: person {} left off", e.person_id);
        assert_eq!(e.reason_code, d.reason.code, "{what}: {}", e.person_id);
        assert_eq!(e.reason, d.reason.ja, "{what}: {}", e.person_id);
    }
    (got.included_count, got.excluded_count)
}

#[test]
fn the_preview_gives_what_the_rule_decides_from_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = roster(&dir.path().join("r.db"));
    crate::demo::populate(&mut r, 1_000, 16).unwrap();
    // One recipient of every kind the demo has not made (town-wide).
    let kinds: Vec<RecipientKind> = r.recipients().unwrap().iter().map(|x| x.kind).collect();
    // (A care office is never given a list: see the last test.)
    for kind in RecipientKind::ALL {
        if !kinds.contains(kind) && *kind != RecipientKind::CareOffice {
            r.add_recipient(&Recipient {
                id: None,
                kind: *kind,
                name: format!("{} 試験", kind.label()),
                district: None,
                association: None,
                custodian: String::new(),
                address: String::new(),
                phone: String::new(),
            })
            .unwrap();
        }
    }
    // Care offices are never given a list (`an_office_gets_no_list…` in tests/commissions.rs).
    let recipients: Vec<Recipient> = r
        .recipients()
        .unwrap()
        .into_iter()
        .filter(|x| x.kind != RecipientKind::CareOffice)
        .collect();
    // Every column a detailed list shows is read for every other recipient.
    for x in recipients.iter().step_by(2) {
        r.set_setting(&format!("recipient.{}.profile", x.id.unwrap()), "detailed")
            .unwrap();
    }
    let all = everything(&r);
    let mut seen = (0, 0, 0);
    for basis in ["explicit", "presumed", "ordinance-opt-out", "ordinance"] {
        r.set_setting("consent.basis", basis).unwrap();
        for disaster in [false, true] {
            if disaster {
                r.disaster_on("試験", None).unwrap();
            }
            for x in &recipients {
                for purpose in [SharePurpose::Roster, SharePurpose::Plan] {
                    // A shelter's operator is given no plan sheets (`cut` refuses it).
                    if purpose == SharePurpose::Plan && x.kind == RecipientKind::Shelter {
                        continue;
                    }
                    let (inc, exc) = same_as_full_rule(&mut r, &all, x, purpose);
                    seen = (seen.0 + inc, seen.1 + exc, seen.2 + 1);
                }
            }
            if disaster {
                r.disaster_off().unwrap();
            }
        }
    }
    // The comparison was over lists with people on and off them.
    assert!(seen.0 > 5_000 && seen.1 > 5_000, "{seen:?}");
    let shelters = recipients
        .iter()
        .filter(|x| x.kind == RecipientKind::Shelter)
        .count();
    assert_eq!(shelters, 1);
    assert_eq!(seen.2, 4 * 2 * (2 * recipients.len() - shelters));
    assert!(RecipientKind::ALL
        .iter()
        .filter(|k| **k != RecipientKind::CareOffice)
        .all(|k| recipients.iter().any(|x| x.kind == *k)));
}

#[test]
fn a_cut_of_one_person_is_their_entry_in_the_cut_of_the_area() {
    // A plan sheet of one reads only that person's record and consents: it must decide
    // and read them exactly as the cut of the whole area does.
    let dir = tempfile::tempdir().unwrap();
    let mut r = roster(&dir.path().join("r.db"));
    crate::demo::populate(&mut r, 400, 21).unwrap();
    // Care offices are never given a list (`an_office_gets_no_list…` in tests/commissions.rs).
    let recipients: Vec<Recipient> = r
        .recipients()
        .unwrap()
        .into_iter()
        .filter(|x| x.kind != RecipientKind::CareOffice)
        .collect();
    let districts = r.districts().unwrap();
    let everyone: Vec<i64> = everything(&r).iter().filter_map(|(p, _)| p.id).collect();
    let mut compared = (0, 0);
    for x in &recipients {
        let rid = x.id.unwrap();
        for district in [None, Some(districts[0].name.as_str())] {
            let area = Area {
                district,
                ..Area::default()
            };
            let Ok(whole) = r.write(|tx| cut(tx, rid, SharePurpose::Plan, area, true)) else {
                continue; // a district this recipient may not be given
            };
            for id in everyone.iter().step_by(7) {
                let one = r
                    .write(|tx| {
                        let area = Area {
                            person: Some(*id),
                            ..area
                        };
                        cut(tx, rid, SharePurpose::Plan, area, true)
                    })
                    .unwrap();
                let theirs: Vec<_> = whole
                    .people
                    .iter()
                    .filter(|(p, _)| p.id == Some(*id))
                    .collect();
                let got: Vec<_> = one.people.iter().collect();
                assert_eq!(got, theirs, "recipient {rid}, {district:?}, person {id}");
                compared.0 += usize::from(!theirs.is_empty());
                compared.1 += usize::from(theirs.is_empty());
            }
        }
    }
    // People in and out of the areas, on and off the lists.
    assert!(compared.0 > 100 && compared.1 > 20, "{compared:?}");
}
