//! The copy ledger: serials, reprints with a reason, return / destruction / loss with who
//! and when, and the worklists that chase copies back.

use chrono::{TimeZone, Utc};
use yorisoi::model::{ConsentAnswer, IssuanceStatus, RecipientKind};
use yorisoi::printing::ListRequest;
use yorisoi::Error;

use super::support::*;

#[test]
fn a_reprint_needs_a_reason_and_gets_a_new_serial() {
    let mut town = town();
    // A reason given for a first copy is no reprint.
    let (first, _) = list(
        &mut town.r,
        &ListRequest {
            reprint_reason: Some("念のため"),
            ..simple(town.assoc)
        },
    )
    .unwrap();
    assert_eq!(first.reprint_of, None);
    assert_eq!(town.r.issuances(None).unwrap()[0].reprint_reason, "");
    let e = list(&mut town.r, &simple(town.assoc)).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.field == "reprint"),
        "{e}"
    );
    assert!(e.to_string().contains("2026-00001"));
    assert_eq!(town.r.issuances(None).unwrap().len(), 1);
    let (printed, pdf) = list(
        &mut town.r,
        &ListRequest {
            reprint_reason: Some("雨で汚損したため"),
            ..simple(town.assoc)
        },
    )
    .unwrap();
    assert_eq!(printed.serial.as_deref(), Some("2026-00002"));
    assert_eq!(printed.reprint_of.as_deref(), Some("2026-00001"));
    assert!(pages_text(&pdf, None)[0].contains("2026-00002"));
    let copies = town.r.issuances(None).unwrap();
    assert_eq!(copies[1].reprint_of.as_deref(), Some("2026-00001"));
    assert_eq!(copies[1].reprint_reason, "雨で汚損したため");
    // Another recipient's list is not a reprint.
    list(&mut town.r, &simple(town.commissioner)).unwrap();
    // Once the first copy is back, a new one needs no reason.
    town.r
        .set_issuance_status("2026-00001", IssuanceStatus::Returned, "")
        .unwrap();
    town.r
        .set_issuance_status("2026-00002", IssuanceStatus::Destroyed, "シュレッダー")
        .unwrap();
    let (p, _) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert_eq!(p.serial.as_deref(), Some("2026-00004"));
    assert_eq!(p.reprint_of, None);
}

#[test]
fn status_changes_record_who_and_when_and_closed_copies_stay_closed() {
    let mut town = town();
    list(&mut town.r, &simple(town.assoc)).unwrap();
    let lost = town
        .r
        .set_issuance_status("2026-00001", IssuanceStatus::Lost, "会長宅で所在不明")
        .unwrap();
    assert_eq!(lost.status, IssuanceStatus::Lost);
    assert_eq!(lost.status_by, "試験 担当");
    assert_eq!(lost.status_at.as_deref(), Some("2026-11-22T01:00:00.000Z"));
    // A lost copy lists the people to tell.
    let d = town.r.issuance_detail("2026-00001").unwrap();
    assert_eq!(d.persons.len(), 2);
    assert!(d.persons.iter().any(|p| p.name == "青木 花子"));
    // It may turn up.
    town.r
        .set_issuance_status("2026-00001", IssuanceStatus::Returned, "発見・返却")
        .unwrap();
    let e = town
        .r
        .set_issuance_status("2026-00001", IssuanceStatus::Lost, "")
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    let d = town.r.issuance_detail("2026-00001").unwrap();
    let history: Vec<_> = d.events.iter().map(|e| e.status).collect();
    assert_eq!(history, [IssuanceStatus::Lost, IssuanceStatus::Returned]);
    let e = town
        .r
        .set_issuance_status("2099-00001", IssuanceStatus::Returned, "")
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)));
    let actions: Vec<String> = town
        .r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"issuance.lost".to_string()));
    assert!(actions.contains(&"issuance.return".to_string()));
    assert!(actions.contains(&"issuance.show".to_string()));
}

#[test]
fn worklists_find_overdue_copies_changed_custodians_and_withdrawn_people() {
    let mut town = town();
    list(&mut town.r, &simple(town.assoc)).unwrap();
    list(
        &mut town.r,
        &ListRequest {
            due_back: Some(day("2026-12-01")),
            ..simple(town.commissioner)
        },
    )
    .unwrap();
    let w = town.r.copy_worklist().unwrap();
    assert!(w.overdue.is_empty() && w.custodian_changed.is_empty() && w.withdrawn.is_empty());

    // 青木 withdraws for the 自治会: the 自治会's copy must be recalled.
    town.r
        .record_consent(consent(
            town.both,
            RecipientKind::Neighbourhood,
            ConsentAnswer::Withdrawn,
        ))
        .unwrap();
    // The 民生委員 council's custodian changes.
    let mut council = town.r.recipient(town.commissioner).unwrap();
    council.custodian = "新任 委員".into();
    town.r
        .update_recipient(town.commissioner, &council)
        .unwrap();
    let w = town.r.copy_worklist().unwrap();
    assert_eq!(w.withdrawn.len(), 1);
    assert_eq!(w.withdrawn[0].issuance.serial, "2026-00001");
    assert_eq!(w.withdrawn[0].withdrawn_person_ids, [town.both]);
    assert_eq!(w.custodian_changed.len(), 1);
    assert_eq!(w.custodian_changed[0].issuance.serial, "2026-00002");
    assert_eq!(
        w.custodian_changed[0].custodian_now.as_deref(),
        Some("新任 委員")
    );
    let cw = town.r.consent_worklist(60).unwrap();
    assert_eq!(cw.issued_copies.as_ref().map(Vec::len), Some(1));
    assert!(cw.issued_copies_note.contains("2026-00001"));

    // Two weeks on, the 民生委員 copy is overdue.
    drop(town.r);
    let later = roster_at(
        &town.t.path,
        Utc.with_ymd_and_hms(2026, 12, 6, 1, 0, 0).unwrap(),
    );
    let w = later.copy_worklist().unwrap();
    assert_eq!(w.overdue.len(), 1);
    assert_eq!(w.overdue[0].issuance.serial, "2026-00002");
}

#[test]
fn a_copy_that_could_not_be_saved_is_not_in_the_ledger() {
    let mut town = town();
    let e = town
        .r
        .print_list(&simple(town.assoc), &mut |_: &[u8]| {
            Err(Error::Io {
                context: "cannot write",
                path: "/full/disk.pdf".into(),
                source: std::io::Error::other("disk full"),
            })
        })
        .unwrap_err();
    assert!(matches!(e, Error::Io { .. }));
    assert!(town.r.issuances(None).unwrap().is_empty());
    assert!(!town
        .r
        .audit_log(None, None)
        .unwrap()
        .iter()
        .any(|e| e.action == "print.list"));
    // The serial is not used up.
    let (p, _) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert_eq!(p.serial.as_deref(), Some("2026-00001"));
}
