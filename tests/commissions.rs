//! Plans commissioned to care offices (#21): offices, the consent a commission needs,
//! every step, the fees an approval fixes, and the month's claim lists (PDF and CSV).

mod common;

#[path = "print/support.rs"]
mod support;

use common::*;
use support::{consent_for, doc, pages_text};
use yorisoi::commissions::CommissionFilter;
use yorisoi::model::commission::{
    CommissionStatus, CommissionStep, FeeItem, FeeTable, NewCommission, Office, OfficeKind,
    PlanKind, Qualification, Specialist,
};
use yorisoi::model::{ConsentAnswer, ConsentPurpose, RecipientKind};
use yorisoi::printing::ClaimsFormat;
use yorisoi::{Error, Roster};

fn office(name: &str) -> Office {
    Office {
        id: None,
        kind: OfficeKind::HomeCareSupport,
        name: name.into(),
        office_number: "1234567890".into(),
        district: None,
        custodian: "管理 者".into(),
        address: "みどり市本町1-1".into(),
        phone: "0990-22-3333".into(),
        fax: String::new(),
        specialists: vec![Specialist {
            id: None,
            name: "介護 支援".into(),
            qualification: Qualification::CareManager,
            phone: String::new(),
        }],
        under_way: 0,
    }
}

fn table(year: i32, new: i64, update: i64) -> FeeTable {
    let item = |item: &str, label: &str, yen, extra, once| FeeItem {
        item: item.into(),
        label: label.into(),
        yen,
        extra,
        once_per_year: once,
    };
    FeeTable {
        year,
        items: vec![
            item("new", "新規", new, false, false),
            item("update", "更新", update, false, true),
            item("info-only", "避難情報のみ", 500, false, false),
            item("case-meeting", "個別ケース会議", 3500, true, false),
        ],
    }
}

/// A person who agreed to a plan (a `plan-create` answer), and whether they have a plan
/// updated on `plan_on`.
fn consenting(r: &mut Roster, name: &str, plan_on: Option<&str>) -> i64 {
    let extra = match plan_on {
        Some(d) => {
            serde_json::json!({"plan": {"route": "東へ徒歩", "created_on": d, "updated_on": d}})
        }
        None => serde_json::json!({}),
    };
    let id = r
        .add_person(doc(
            name,
            "なまえ",
            "みどり市中央町1-2-3",
            "中央地区",
            extra,
        ))
        .unwrap();
    r.record_consent(consent_for(
        id,
        ConsentPurpose::PlanCreate,
        RecipientKind::CareCentre,
        ConsentAnswer::Consented,
    ))
    .unwrap();
    id
}

fn step<'a>(to: CommissionStatus, on: &'a str) -> CommissionStep<'a> {
    CommissionStep {
        to,
        on: Some(on),
        reason: "",
        fee: None,
        extras: &[],
    }
}

fn count(t: &TempRoster, sql: &str) -> i64 {
    raw(&t.path).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Gives person `id` a plan updated on `on` (the plan the office submitted, typed in).
fn enter_plan(r: &mut Roster, id: i64, on: &str) {
    let mut p = r.view_person(id).unwrap();
    let mut v: serde_json::Value = serde_json::to_value(&p).unwrap();
    v["plan"] = serde_json::json!({"route": "提出された経路", "created_on": on, "updated_on": on});
    p = serde_json::from_value(v).unwrap();
    r.update_person(id, p).unwrap();
}

#[test]
fn a_commission_needs_the_plan_creation_consent_and_refusal_writes_nothing() {
    let (t, mut r) = TempRoster::new();
    let o = r.add_office(&office("みどり居宅介護支援事業所")).unwrap();
    let never = r
        .add_person(doc(
            "未回答 一郎",
            "みかいとう",
            "みどり市1",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    let refused = consenting(&mut r, "拒否 花子", None);
    r.record_consent(consent_for(
        refused,
        ConsentPurpose::PlanCreate,
        RecipientKind::WelfareCommissioner,
        ConsentAnswer::Refused,
    ))
    .unwrap();
    let ask = |person| NewCommission {
        person_id: person,
        office_id: Some(o),
        specialist_id: None,
        on: None,
        note: "",
    };
    let audit_before = count(&t, "SELECT count(*) FROM audit_log");
    let err = r.new_commission(&ask(never)).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert!(err.to_string().contains("never asked"), "{err}");
    let err = r.new_commission(&ask(refused)).unwrap_err();
    assert!(err.to_string().contains("refused a plan"), "{err}");
    // Even where an ordinance shares the roster without consent, a refusal stands.
    r.set_setting("consent.basis", "ordinance").unwrap();
    assert!(r.new_commission(&ask(refused)).is_err());
    assert_eq!(count(&t, "SELECT count(*) FROM commissions"), 0);
    assert_eq!(count(&t, "SELECT count(*) FROM commission_steps"), 0);
    assert_eq!(
        count(&t, "SELECT count(*) FROM audit_log"),
        audit_before + 1,
        "only the settings change is audited"
    );
    // The ordinance allows one never asked.
    let c = r.new_commission(&ask(never)).unwrap();
    assert_eq!(
        (c.status, c.plan_kind, c.person_id),
        (CommissionStatus::Requested, PlanKind::New, never)
    );
    let detail: String = raw(&t.path)
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'commission.new'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        detail,
        format!("person={never},office={o},kind=new,consent=ordinance")
    );
    // One under way at a time.
    let err = r.new_commission(&ask(never)).unwrap_err();
    assert!(err.to_string().contains("already has commission"), "{err}");
}

#[test]
fn a_commission_walks_every_step_and_refuses_the_illegal_ones() {
    let (t, mut r) = TempRoster::new();
    let o = r.add_office(&office("みどり居宅介護支援事業所")).unwrap();
    let specialist = r.offices().unwrap()[0].specialists[0].id;
    let p = consenting(&mut r, "計画 太郎", Some("2025-06-01"));
    r.set_fee_table(&table(2026, 3000, 1000)).unwrap();
    let c = r
        .new_commission(&NewCommission {
            person_id: p,
            office_id: Some(o),
            specialist_id: specialist,
            on: Some("2026-09-01"),
            note: "",
        })
        .unwrap();
    assert_eq!(c.plan_kind, PlanKind::Update, "the person has a plan");
    let id = c.id;
    use CommissionStatus::*;
    // Illegal from `requested`, each refused with what is allowed, and nothing written.
    for to in [
        Visited, Submitted, Returned, Approved, Claimed, Paid, Requested,
    ] {
        let steps = count(&t, "SELECT count(*) FROM commission_steps");
        let err = r.step_commission(id, &step(to, "2026-09-02")).unwrap_err();
        assert!(
            err.to_string().contains("accepted, declined, cancelled"),
            "{to}: {err}"
        );
        assert_eq!(count(&t, "SELECT count(*) FROM commission_steps"), steps);
    }
    let bad_date = r
        .step_commission(id, &step(Accepted, "2026-08-31"))
        .unwrap_err();
    assert!(bad_date.to_string().contains("before"), "{bad_date}");
    r.step_commission(id, &step(Accepted, "2026-09-03"))
        .unwrap();
    r.step_commission(id, &step(Visited, "2026-09-10")).unwrap();
    r.step_commission(id, &step(Submitted, "2026-09-20"))
        .unwrap();
    let no_reason = r.step_commission(id, &step(Returned, "2026-09-25"));
    assert!(no_reason.unwrap_err().to_string().contains("--reason"));
    let returned = CommissionStep {
        reason: "避難先の記載漏れ",
        ..step(Returned, "2026-09-25")
    };
    r.step_commission(id, &returned).unwrap();
    r.step_commission(id, &step(Submitted, "2026-10-05"))
        .unwrap();
    // The plan on record predates the request: approval waits for the submitted plan.
    let early = r
        .step_commission(id, &step(Approved, "2026-10-06"))
        .unwrap_err();
    assert!(
        early.to_string().contains("last updated on 2025-06-01"),
        "{early}"
    );
    enter_plan(&mut r, p, "2026-10-06");
    let approved = r
        .step_commission(id, &step(Approved, "2026-10-07"))
        .unwrap();
    assert_eq!(approved.total_yen, 1000);
    let plan = r.view_person(p).unwrap().plan.unwrap();
    assert_eq!(
        (plan.made_by, plan.made_by_office),
        (Some(yorisoi::model::PlanMaker::Professional), Some(o))
    );
    r.step_commission(id, &step(Claimed, "2026-10-31")).unwrap();
    let paid = r.step_commission(id, &step(Paid, "2026-11-15")).unwrap();
    let walked: Vec<(CommissionStatus, &str)> = paid
        .steps
        .iter()
        .map(|s| (s.status, s.on.as_str()))
        .collect();
    assert_eq!(
        walked,
        vec![
            (Requested, "2026-09-01"),
            (Accepted, "2026-09-03"),
            (Visited, "2026-09-10"),
            (Submitted, "2026-09-20"),
            (Returned, "2026-09-25"),
            (Submitted, "2026-10-05"),
            (Approved, "2026-10-07"),
            (Claimed, "2026-10-31"),
            (Paid, "2026-11-15"),
        ]
    );
    assert_eq!(paid.steps[4].reason, "避難先の記載漏れ");
    assert!(paid.steps.iter().all(|s| s.recorded_by == ACCOUNT));
    assert!(paid.next.is_empty());
    assert!(r.step_commission(id, &step(Claimed, "2026-11-16")).is_err());
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM audit_log WHERE action = 'commission.step'"
        ),
        8
    );
    // A finished commission frees the person for the next.
    let next = r
        .new_commission(&NewCommission {
            person_id: p,
            office_id: Some(o),
            specialist_id: None,
            on: None,
            note: "",
        })
        .unwrap();
    let cancel = r.step_commission(
        next.id,
        &CommissionStep {
            reason: "施設入所",
            ..step(Cancelled, "2026-11-22")
        },
    );
    assert_eq!(cancel.unwrap().status, Cancelled);
}

#[test]
fn approvals_fix_the_table_fees_and_the_claims_add_up() {
    let (t, mut r) = TempRoster::new();
    let a = r.add_office(&office("あおば居宅介護支援事業所")).unwrap();
    let b = r.add_office(&office("みどり相談支援センター")).unwrap();
    r.set_fee_table(&table(2026, 7000, 7000)).unwrap();
    use CommissionStatus::*;
    // (office, has a plan, fee, extras, approval date, expected yen)
    type Case<'a> = (i64, bool, Option<&'a str>, Vec<String>, &'a str, i64);
    let cases: Vec<Case> = vec![
        (a, false, None, vec![], "2026-10-01", 7000),
        (
            a,
            false,
            None,
            vec!["case-meeting".into()],
            "2026-10-15",
            10500,
        ),
        (b, true, None, vec![], "2026-10-20", 7000),
        (b, false, Some("info-only"), vec![], "2026-10-31", 500),
        (a, false, None, vec![], "2026-11-02", 7000), // another month
    ];
    let mut expected_october = 0;
    for (k, (office, has_plan, fee, extras, on, yen)) in cases.iter().enumerate() {
        let p = consenting(
            &mut r,
            &format!("対象 {k}"),
            has_plan.then_some("2025-01-01"),
        );
        let c = r
            .new_commission(&NewCommission {
                person_id: p,
                office_id: Some(*office),
                specialist_id: None,
                on: Some("2026-09-01"),
                note: "",
            })
            .unwrap();
        for (to, d) in [
            (Accepted, "2026-09-02"),
            (Visited, "2026-09-05"),
            (Submitted, *on),
        ] {
            r.step_commission(c.id, &step(to, d)).unwrap();
        }
        if *fee != Some("info-only") {
            enter_plan(&mut r, p, on);
        }
        let done = r
            .step_commission(
                c.id,
                &CommissionStep {
                    fee: *fee,
                    extras,
                    ..step(Approved, on)
                },
            )
            .unwrap();
        assert_eq!(done.total_yen, *yen, "case {k}");
        if on.starts_with("2026-10") {
            expected_october += yen;
        }
    }
    // Changing the table never rewrites what was approved.
    r.set_fee_table(&table(2026, 1, 1)).unwrap();
    let claims = r.claims("2026-10", None).unwrap();
    assert_eq!(claims.count, 4);
    assert_eq!(claims.total_yen, expected_october);
    assert_eq!(claims.total_yen, 7000 + 10500 + 7000 + 500);
    let per_office: Vec<(i64, usize, i64)> = claims
        .offices
        .iter()
        .map(|o| (o.office_id, o.lines.len(), o.total_yen))
        .collect();
    assert_eq!(per_office, vec![(a, 2, 17500), (b, 2, 7500)]);
    assert_eq!(r.claims("2026-10", Some(b)).unwrap().total_yen, 7500);
    // The CSV's amounts, summed independently.
    let mut csv = Vec::new();
    r.print_claims("2026-10", None, ClaimsFormat::Csv, &mut |b: &[u8]| {
        csv.extend_from_slice(b);
        Ok(())
    })
    .unwrap();
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let head: Vec<&str> = lines[0].split(',').collect();
    let yen_col = head.iter().position(|h| *h == "金額").unwrap();
    let sum: i64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(yen_col).unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(sum, expected_october);
    assert_eq!(
        lines.len(),
        1 + 5,
        "one line per fee: four plans and one case meeting"
    );
    // The PDF: each office on its own page, with its sum; the month's sum at the end.
    let mut pdf = Vec::new();
    let printed = r
        .print_claims("2026-10", None, ClaimsFormat::Pdf, &mut |b: &[u8]| {
            pdf.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
    assert_eq!((printed.pages, printed.persons), (2, 4));
    let pages = pages_text(&pdf, None);
    assert!(
        pages[0].contains("あおば居宅介護支援事業所"),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("合計 2件 17,500円"), "{}", pages[0]);
    assert!(pages[0].contains("個別ケース会議 3,500円"), "{}", pages[0]);
    assert!(pages[1].contains("合計 2件 7,500円"), "{}", pages[1]);
    assert!(pages[1].contains("総計 4件 25,000円"), "{}", pages[1]);
    assert!(
        !pages[0].contains("対象 4"),
        "November's approval is not October's claim"
    );
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM audit_log WHERE action IN ('print.claims', 'export.claims')
             AND detail LIKE 'month=2026-10,offices=2,commissions=4,yen=25000,%'"
        ),
        2
    );
    // The year's summary.
    let s = r.fee_summary(2026).unwrap();
    assert_eq!((s.commissions, s.total_yen), (5, 32000));
}

#[test]
fn an_update_paid_once_a_year_is_fixed_at_zero_the_second_time() {
    let (_t, mut r) = TempRoster::new();
    let o = r.add_office(&office("みどり居宅介護支援事業所")).unwrap();
    r.set_fee_table(&table(2026, 3000, 1000)).unwrap();
    let p = consenting(&mut r, "更新 二郎", Some("2025-05-01"));
    use CommissionStatus::*;
    let mut totals = Vec::new();
    for (req, approve) in [("2026-06-01", "2026-06-20"), ("2026-07-01", "2026-07-20")] {
        let c = r
            .new_commission(&NewCommission {
                person_id: p,
                office_id: Some(o),
                specialist_id: None,
                on: Some(req),
                note: "",
            })
            .unwrap();
        for to in [Accepted, Visited, Submitted] {
            r.step_commission(c.id, &step(to, req)).unwrap();
        }
        enter_plan(&mut r, p, approve);
        let done = r.step_commission(c.id, &step(Approved, approve)).unwrap();
        totals.push((done.total_yen, done.fees[0].note.clone()));
    }
    assert_eq!(totals[0], (1000, String::new()));
    assert_eq!(totals[1].0, 0);
    assert!(totals[1].1.contains("年1回"), "{}", totals[1].1);
}

#[test]
fn overdue_commissions_are_listed_with_why() {
    let (_t, mut r) = TempRoster::new();
    let o = r.add_office(&office("みどり居宅介護支援事業所")).unwrap();
    r.set_setting("commission.visit_days", "14").unwrap();
    r.set_setting("commission.submit_days", "45").unwrap();
    let mut ask = |name: &str, on: &str| {
        let p = consenting(&mut r, name, None);
        r.new_commission(&NewCommission {
            person_id: p,
            office_id: Some(o),
            specialist_id: None,
            on: Some(on),
            note: "",
        })
        .unwrap()
        .id
    };
    // Today is 2026-11-22.
    let fresh = ask("新しい 依頼", "2026-11-15");
    let no_visit = ask("訪問 なし", "2026-11-01");
    let no_plan = ask("提出 なし", "2026-09-20");
    r.step_commission(no_plan, &step(CommissionStatus::Accepted, "2026-09-21"))
        .unwrap();
    r.step_commission(no_plan, &step(CommissionStatus::Visited, "2026-09-30"))
        .unwrap();
    let late = r
        .commissions(&CommissionFilter {
            overdue_only: true,
            ..CommissionFilter::default()
        })
        .unwrap();
    let found: Vec<(i64, String)> = late
        .iter()
        .map(|c| (c.id, c.overdue.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        vec![
            (no_visit, "訪問なし（依頼から21日、期限14日）".to_string()),
            (no_plan, "計画未提出（依頼から63日、期限45日）".to_string()),
        ]
    );
    assert!(r.commission(fresh).unwrap().overdue.is_none());
}

#[test]
fn an_office_gets_no_list_and_no_consent_is_asked_for_it() {
    let (_t, mut r) = TempRoster::new();
    let o = r.add_office(&office("みどり居宅介護支援事業所")).unwrap();
    let p = consenting(&mut r, "共有 三郎", None);
    r.set_setting("consent.basis", "ordinance").unwrap();
    let err = r
        .share_preview(o, yorisoi::policy::SharePurpose::Roster, None)
        .unwrap_err();
    assert!(err.to_string().contains("care office"), "{err}");
    let mut c = consent_for(
        p,
        ConsentPurpose::Roster,
        RecipientKind::CareOffice,
        ConsentAnswer::Consented,
    );
    assert!(r.record_consent(c.clone()).is_err());
    c.recipient_kind = RecipientKind::CareCentre;
    r.record_consent(c).unwrap();
    let err = r
        .add_recipient(&recipient(RecipientKind::CareOffice, "直接追加"))
        .unwrap_err();
    assert!(err.to_string().contains("office add"), "{err}");
    // The office is a recipient of kind care-office, listed with its specialist.
    assert_eq!(r.recipient(o).unwrap().kind, RecipientKind::CareOffice);
    let offices = r.offices().unwrap();
    assert_eq!(offices.len(), 1);
    assert_eq!(offices[0].specialists[0].name, "介護 支援");
}

#[test]
fn the_office_gets_the_request_and_draft_of_its_commission_only_while_under_way() {
    let (t, mut r) = TempRoster::new();
    r.set_setting("municipality.name", "みどり市").unwrap();
    r.set_setting(
        "plan.disclaimer",
        "この計画は支援を約束するものではありません。",
    )
    .unwrap();
    r.set_fee_table(&table(2026, 7000, 7000)).unwrap();
    let o = r.add_office(&office("あおば居宅介護支援事業所")).unwrap();
    let p = consenting(&mut r, "依頼 花子", Some("2025-04-01"));
    r.record_consent(consent_for(
        p,
        ConsentPurpose::PlanShare,
        RecipientKind::Neighbourhood,
        ConsentAnswer::Consented,
    ))
    .unwrap();
    let hidden = consenting(&mut r, "秘匿 次郎", None);
    let mut doc = r.view_person(hidden).unwrap();
    doc.address_protected = true;
    doc.address = "みどり市秘密町9-9-9".into();
    r.update_person(hidden, doc).unwrap();
    let ask = |person| NewCommission {
        person_id: person,
        office_id: Some(o),
        specialist_id: None,
        on: Some("2026-11-02"),
        note: "",
    };
    let c = r.new_commission(&ask(p)).unwrap();
    let print = |r: &mut Roster, id, reason: Option<&str>| {
        let mut pdf = Vec::new();
        let printed = r.print_commission(
            &yorisoi::printing::CommissionPrint {
                commission_id: id,
                unlocked_reason: reason,
                ..Default::default()
            },
            &mut |b: &[u8]| {
                pdf = b.to_vec();
                Ok(())
            },
        );
        printed.map(|p| (p, pdf))
    };
    // Neither locked nor a reason to go unlocked: refused, nothing recorded.
    assert!(print(&mut r, c.id, None).is_err());
    assert_eq!(count(&t, "SELECT count(*) FROM issuances"), 0);
    let (printed, pdf) = print(&mut r, c.id, Some("事業所へ手渡し")).unwrap();
    if let Ok(dir) = std::env::var("YORISOI_KEEP_PDF") {
        std::fs::write(format!("{dir}/commission.pdf"), &pdf).unwrap();
    }
    let pages = pages_text(&pdf, None);
    assert!(
        pages[0].contains("個別避難計画作成業務 依頼書"),
        "{}",
        pages[0]
    );
    assert!(
        pages[0].contains("あおば居宅介護支援事業所") && pages[0].contains("御中"),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("依頼 花子（ID"), "{}", pages[0]);
    assert!(pages[0].contains("更新 7,000円"), "{}", pages[0]);
    let sheet = pages[1..].join("\n");
    assert!(sheet.contains("依頼 花子"), "{sheet}");
    assert!(
        sheet.contains("この計画は支援を約束するものではありません。"),
        "{sheet}"
    );
    assert!(
        sheet.contains("本人の同意に基づき、平常時から自主防災組織・自治会に紙で提供"),
        "{sheet}"
    );
    let copy = r
        .issuances(None)
        .unwrap()
        .into_iter()
        .find(|i| Some(i.serial.clone()) == printed.serial)
        .unwrap();
    assert_eq!(copy.recipient_id, Some(o));
    assert_eq!(copy.person_count, 1);
    assert_eq!(
        copy.due_back.as_deref(),
        Some("2027-01-01"),
        "the submission date"
    );
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM audit_log WHERE action = 'print.commission'"
        ),
        1
    );
    // The office is never given anyone else: not through a list, not through another's
    // commission while this one is finished.
    let protected = r.new_commission(&ask(hidden)).unwrap();
    let (_, pdf) = print(&mut r, protected.id, Some("事業所へ手渡し")).unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(text.contains("秘匿 次郎"), "{text}");
    assert!(
        !text.contains("秘密町"),
        "a protected address is never printed for others"
    );
    assert!(text.contains("秘匿措置"), "{text}");
    r.step_commission(
        c.id,
        &CommissionStep {
            reason: "本人入院",
            ..step(CommissionStatus::Cancelled, "2026-11-03")
        },
    )
    .unwrap();
    let err = print(&mut r, c.id, Some("再送")).unwrap_err();
    assert!(err.to_string().contains("under way"), "{err}");
}

#[test]
fn the_yearly_figures_match_an_independent_count() {
    let (_t, mut r) = TempRoster::new();
    let o = r.add_office(&office("あおば居宅介護支援事業所")).unwrap();
    r.set_fee_table(&table(2026, 7000, 7000)).unwrap();
    let s = r
        .add_supporter(&yorisoi::model::Supporter {
            id: None,
            kind: yorisoi::model::SupporterKind::Individual,
            name: "支援 者".into(),
            furigana: String::new(),
            address: String::new(),
            phone: String::new(),
            district: None,
            available_day: true,
            available_night: true,
            note: String::new(),
            load: 0,
        })
        .unwrap();
    // (name, high priority, plan: none / without destination / with one, supporter, maker)
    let high = serde_json::json!({"care_level": "care-5", "household": "alone",
        "hazard_zones": {"flood": true, "landslide": false, "tsunami": false}});
    let low = serde_json::json!({"care_level": "support-1", "household": "with-family"});
    let dest = serde_json::json!([{"kind": "shelter", "name": "中央小学校"}]);
    let mut add =
        |name: &str, facts: &serde_json::Value, plan: Option<serde_json::Value>, helped: bool| {
            let mut extra = facts.clone();
            if let Some(pl) = plan {
                extra["plan"] = pl;
            }
            let id = r
                .add_person(doc(name, "なまえ", "みどり市中央町1-1", "中央地区", extra))
                .unwrap();
            if helped {
                r.assign_supporter(id, s, "声かけ").unwrap();
            }
            id
        };
    let full = |on: &str, by: &str| serde_json::json!({"destinations": dest, "created_on": on, "updated_on": on, "made_by": by});
    add(
        "高 作成済 最近",
        &high,
        Some(full("2026-05-01", "community")),
        true,
    );
    add(
        "高 作成済 古い",
        &high,
        Some(full("2024-05-01", "self-family")),
        true,
    ); // due for review
    add(
        "高 一部",
        &high,
        Some(serde_json::json!({"created_on": "2026-06-01", "updated_on": "2026-06-01"})),
        true,
    );
    let info = add("高 未作成 情報のみ", &high, None, false);
    add("高 未作成", &high, None, false);
    add(
        "低 作成済",
        &low,
        Some(full("2026-02-01", "professional")),
        true,
    );
    add("低 未作成", &low, None, false);
    // One commission ended in evacuation information only.
    r.record_consent(consent_for(
        info,
        ConsentPurpose::PlanCreate,
        RecipientKind::CareCentre,
        ConsentAnswer::Consented,
    ))
    .unwrap();
    let c = r
        .new_commission(&NewCommission {
            person_id: info,
            office_id: Some(o),
            specialist_id: None,
            on: Some("2026-10-01"),
            note: "",
        })
        .unwrap();
    use CommissionStatus::*;
    for to in [Accepted, Visited, Submitted] {
        r.step_commission(c.id, &step(to, "2026-10-02")).unwrap();
    }
    r.step_commission(
        c.id,
        &CommissionStep {
            fee: Some("info-only"),
            ..step(Approved, "2026-10-03")
        },
    )
    .unwrap();

    let cov = r.plan_coverage().unwrap();
    let t = &cov.total;
    assert_eq!(
        (
            t.people,
            t.made,
            t.partly,
            t.not_made,
            t.info_only,
            t.current
        ),
        (7, 3, 1, 3, 1, 2)
    );
    let h = &cov.by_priority[0];
    assert_eq!(h.label, "高");
    assert_eq!(
        (
            h.people,
            h.made,
            h.partly,
            h.not_made,
            h.info_only,
            h.current
        ),
        (5, 2, 1, 2, 1, 1)
    );
    let low_band = &cov.by_priority[2];
    assert_eq!((low_band.people, low_band.made), (2, 1));
    let makers: Vec<(String, usize)> = cov.by_maker.clone();
    assert_eq!(
        makers,
        vec![
            ("本人・家族".to_string(), 1),
            ("地域".to_string(), 1),
            ("福祉専門職".to_string(), 1),
            ("未記入".to_string(), 1),
        ]
    );
    // High priority: 1 current of 5; first plans in the last twelve months: the recent
    // one and the partial one (2). 4 remain: two more years, 年度 2028.
    assert_eq!((cov.high_new_last_year, cov.high_remaining), (2, 4));
    assert_eq!(cov.high_all_by, Some(2028));
    assert_eq!(cov.high_by_district.len(), 1);
    assert_eq!(cov.high_by_district[0].people, 5);
    let mut pdf = Vec::new();
    r.print_coverage(&mut |b: &[u8]| {
        pdf = b.to_vec();
        Ok(())
    })
    .unwrap();
    let text = pages_text(&pdf, None).join("\n");
    assert!(text.contains("名簿登載者"), "{text}");
    assert!(
        text.contains("作成済 3名、一部作成 1名、未作成 3名（うち避難情報のみ提供 1名）"),
        "{text}"
    );
    assert!(
        text.contains("5名のうち最新の計画あり 1名（20.0%）"),
        "{text}"
    );
    assert!(text.contains("2028年度"), "{text}");
}

#[test]
fn the_command_line_commissions_steps_and_writes_the_claims() {
    let (t, mut r) = TempRoster::new();
    let p = consenting(&mut r, "コマンド 太郎", None);
    let never = r
        .add_person(doc(
            "未同意 次郎",
            "みどうい",
            "みどり市1",
            "中央地区",
            serde_json::json!({}),
        ))
        .unwrap();
    drop(r);
    let dir = t.dir.path();
    let run = |args: &[&str]| yorisoi(&t.path, Some(PASS), args);
    let office = dir.join("office.json");
    std::fs::write(
        &office,
        r#"{"kind": "home-care-support", "name": "あおば居宅介護支援事業所",
            "specialists": [{"name": "佐藤 恵", "qualification": "care-manager"}]}"#,
    )
    .unwrap();
    let o = run(&["office", "add", "--json", office.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let office_id = stdout(&o).trim().to_string();
    let fees = dir.join("fees.json");
    std::fs::write(
        &fees,
        r#"{"items": [{"item": "new", "label": "新規", "yen": 7000},
                      {"item": "update", "label": "更新", "yen": 3000},
                      {"item": "info-only", "label": "避難情報のみ", "yen": 1000}]}"#,
    )
    .unwrap();
    assert!(run(&[
        "fees",
        "table",
        "set",
        "--year",
        "2026",
        "--json",
        fees.to_str().unwrap()
    ])
    .status
    .success());
    // Without the person's consent: exit 5, saying why.
    let refused = run(&[
        "commission",
        "new",
        "--person",
        &never.to_string(),
        "--office",
        &office_id,
    ]);
    assert_eq!(refused.status.code(), Some(5));
    assert!(
        stderr(&refused).contains("never asked"),
        "{}",
        stderr(&refused)
    );
    let c = run(&[
        "commission",
        "new",
        "--person",
        &p.to_string(),
        "--office",
        &office_id,
        "--date",
        "2026-11-01",
    ]);
    assert!(c.status.success(), "{}", stderr(&c));
    let id = stdout(&c).trim().to_string();
    let illegal = run(&["commission", "step", &id, "--to", "paid"]);
    assert_eq!(illegal.status.code(), Some(5));
    assert!(stderr(&illegal).contains("it can go to accepted, declined, cancelled"));
    for (to, date) in [
        ("accepted", "2026-11-02"),
        ("visited", "2026-11-05"),
        ("submitted", "2026-11-10"),
    ] {
        let s = run(&["commission", "step", &id, "--to", to, "--date", date]);
        assert!(s.status.success(), "{to}: {}", stderr(&s));
    }
    let s = run(&[
        "commission",
        "step",
        &id,
        "--to",
        "approved",
        "--date",
        "2026-11-12",
        "--fee",
        "info-only",
        "--json",
    ]);
    assert!(s.status.success(), "{}", stderr(&s));
    let approved: serde_json::Value = serde_json::from_str(&stdout(&s)).unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["total_yen"], 1000);
    let csv = dir.join("claims.csv");
    let w = run(&[
        "fees",
        "claims",
        "--month",
        "2026-11",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(w.status.success(), "{}", stderr(&w));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.contains("コマンド 太郎") && text.contains(",1000,2026,"),
        "{text}"
    );
    let again = run(&[
        "fees",
        "claims",
        "--month",
        "2026-11",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1), "never overwritten");
    let listed = run(&["commission", "list", "--status", "approved", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&listed)).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let due = run(&["plan", "due", "--json"]);
    assert!(due.status.success(), "{}", stderr(&due));
    let progress = run(&["report", "progress", "--json"]);
    let figures: serde_json::Value = serde_json::from_str(&stdout(&progress)).unwrap();
    assert_eq!(figures["total"]["people"], 2);
    assert_eq!(figures["total"]["info_only"], 1);
}
