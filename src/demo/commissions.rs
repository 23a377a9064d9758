//! The demo town's care offices, their specialists, the fee tables of this 年度 and the last,
//! and commissions in every state — from a request made last week to a plan paid for —
//! for people who agreed to a plan. Drawn from their own random stream, so the rest of the
//! town is the same with or without them.

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::draw::{between, days_before, later, pick};
use crate::commissions::rules::{default_fee_item, fees_for};
use crate::error::Result;
use crate::model::commission::{
    fiscal_year, CommissionStatus, FeeItem, FeeTable, Office, OfficeKind, PlanKind, Qualification,
    Specialist,
};
use crate::model::{ConsentAnswer, ConsentBasis, ConsentPurpose, ConsentRecord, RecipientKind};
use crate::store::{commissions, consents, offices, Tx};

/// The town's offices: name, kind, 事業所番号.
const OFFICES: &[(&str, OfficeKind, &str)] = &[
    (
        "みどり居宅介護支援事業所",
        OfficeKind::HomeCareSupport,
        "0870100011",
    ),
    (
        "あおば居宅介護支援センター",
        OfficeKind::HomeCareSupport,
        "0870100029",
    ),
    (
        "みどり市地域包括支援センター",
        OfficeKind::CommunitySupportCentre,
        "0870100037",
    ),
    (
        "さくら相談支援事業所",
        OfficeKind::SpecifiedConsultation,
        "0870300015",
    ),
    (
        "ひかり障害児相談支援事業所",
        OfficeKind::ChildConsultation,
        "0870300023",
    ),
    (
        "ひなた訪問看護ステーション",
        OfficeKind::VisitingNursing,
        "0870600019",
    ),
];

/// The states, in the proportions a town a few years into the work shows.
const STATES: &[(CommissionStatus, u32)] = &[
    (CommissionStatus::Requested, 8),
    (CommissionStatus::Accepted, 8),
    (CommissionStatus::Declined, 3),
    (CommissionStatus::Visited, 8),
    (CommissionStatus::Submitted, 7),
    (CommissionStatus::Returned, 4),
    (CommissionStatus::Approved, 10),
    (CommissionStatus::Claimed, 8),
    (CommissionStatus::Paid, 40),
    (CommissionStatus::Cancelled, 4),
];

fn table(year: i32) -> FeeTable {
    let item = |item: &str, label: &str, yen, extra, once_per_year| FeeItem {
        item: item.into(),
        label: label.into(),
        yen,
        extra,
        once_per_year,
    };
    FeeTable {
        year,
        items: vec![
            item("new", "新規", 7000, false, false),
            item("update", "更新", 3000, false, true),
            item("info-only", "避難情報のみ", 1000, false, false),
            item("case-meeting", "個別ケース会議", 3500, true, false),
        ],
    }
}

/// The steps up to `to`, with their day offsets from the request and reasons.
fn path(to: CommissionStatus) -> Vec<(CommissionStatus, u32, &'static str)> {
    use CommissionStatus::*;
    let mut p = vec![(Accepted, 3, "")];
    match to {
        Requested => return vec![],
        Declined => return vec![(Declined, 4, "担当件数が上限に達しているため")],
        Cancelled => return vec![(Accepted, 3, ""), (Cancelled, 12, "施設入所のため")],
        Accepted => return p,
        _ => {}
    }
    p.push((Visited, 16, ""));
    if to == Visited {
        return p;
    }
    p.push((Submitted, 34, ""));
    if to == Submitted {
        return p;
    }
    if to == Returned {
        p.push((
            Returned,
            38,
            "避難先と連絡が取れないときの対応の記載がないため",
        ));
        return p;
    }
    p.push((Approved, 41, ""));
    if to == Approved {
        return p;
    }
    p.push((Claimed, 60, ""));
    if to == Claimed {
        return p;
    }
    p.push((Paid, 85, ""));
    p
}

/// Adds the offices, the fee tables and commissions for up to `wanted` people (who agreed
/// to a plan, or are asked now). Returns how many offices, commissions and consent
/// answers (of the people asked now) were made.
pub(super) fn add(
    tx: &Tx<'_>,
    seed: u64,
    today: NaiveDate,
    care_managers: &[String],
    counsellors: &[String],
    wanted: usize,
) -> Result<(usize, usize, usize)> {
    let conn = tx.conn();
    let now = tx.stamp();
    let by = tx.account().to_string();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x2121_c0de);
    let mut office_ids = Vec::new();
    for (k, (name, kind, number)) in OFFICES.iter().enumerate() {
        let staff = match kind {
            OfficeKind::SpecifiedConsultation | OfficeKind::ChildConsultation => {
                (counsellors, Qualification::ConsultationSpecialist)
            }
            OfficeKind::VisitingNursing => (care_managers, Qualification::Nurse),
            _ => (care_managers, Qualification::CareManager),
        };
        let specialists = (0..2)
            .filter_map(|i| staff.0.get((k * 2 + i) % staff.0.len().max(1)))
            .map(|n| Specialist {
                id: None,
                name: n.clone(),
                qualification: staff.1,
                phone: String::new(),
            })
            .collect();
        let o = Office {
            id: None,
            kind: *kind,
            name: (*name).to_string(),
            office_number: (*number).to_string(),
            district: None,
            custodian: "管理者".to_string(),
            address: format!("みどり市本町{}-{}", k + 1, 3 * k + 2),
            phone: format!("0990-2{k}-{:04}", 1000 + 37 * k),
            fax: String::new(),
            specialists,
            under_way: 0,
        };
        office_ids.push(offices::insert(conn, &o, &now)?);
    }
    let this_year = fiscal_year(today);
    for year in [this_year - 1, this_year] {
        commissions::set_table(conn, &table(year), &now, &by)?;
    }
    // New plans are asked of people without one, updates of people with one: both kinds
    // appear among the commissions under way; approved ones are mostly updates.
    // The people without a plan are asked first (they agree, and the plan is commissioned).
    let (mut with, _): (Vec<_>, Vec<_>) = commissions::consenting_people(conn, wanted * 2)?
        .into_iter()
        .partition(|(_, plan_on)| plan_on.is_some());
    let mut without: Vec<(i64, Option<String>)> = commissions::unasked_people(conn, wanted)?
        .into_iter()
        .map(|id| (id, None))
        .collect();
    with.reverse();
    without.reverse();
    let officer = care_managers.first().cloned().unwrap_or_default();
    let total: u32 = STATES.iter().map(|s| s.1).sum();
    let mut made = 0;
    let mut asked = 0;
    for k in 0..wanted {
        // Every state in turn first, then by the proportions.
        let to = if let Some((first, _)) = STATES.get(k) {
            *first
        } else {
            let mut n = between(&mut rng, 0, total - 1);
            STATES
                .iter()
                .find(|(_, w)| {
                    let hit = n < *w;
                    n = n.saturating_sub(*w);
                    hit
                })
                .map_or(CommissionStatus::Paid, |s| s.0)
        };
        // Now and then an approval ended in information only (no plan was made).
        let new_plan =
            (!to.approved() && k % 2 == 0) || (to == CommissionStatus::Approved && k % 3 == 0);
        let Some((person, plan_on)) = (if new_plan {
            without.pop().or_else(|| with.pop())
        } else {
            with.pop().or_else(|| without.pop())
        }) else {
            break;
        };
        let steps = path(to);
        let span = steps.last().map_or(0, |s| s.1);
        let requested = days_before(today, span + between(&mut rng, 2, 200));
        let office = *pick(&mut rng, &office_ids);
        let plan_kind = if plan_on.is_some() {
            PlanKind::Update
        } else {
            PlanKind::New
        };
        let approves = steps.iter().any(|s| s.0 == CommissionStatus::Approved);
        // An approval of a person with no plan is one that ended in information only.
        let info_only = approves && plan_on.is_none();
        let requested_on = requested.to_string();
        if plan_on.is_none() {
            // Asked at a visit the week before: the plan-creation consent the commission needs.
            consents::insert(
                conn,
                &ConsentRecord {
                    id: None,
                    person_id: person,
                    purpose: ConsentPurpose::PlanCreate,
                    recipient_kind: RecipientKind::CareCentre,
                    recipient_id: None,
                    answer: ConsentAnswer::Consented,
                    basis: Some(ConsentBasis::Explicit),
                    proxy_name: String::new(),
                    proxy_relationship: String::new(),
                    obtained_on: days_before(requested, 7).to_string(),
                    obtained_by: officer.clone(),
                    evidence_ref: format!("計画-{person}"),
                    expires_on: None,
                    recorded_at: None,
                    recorded_by: None,
                },
                &now,
                &by,
            )?;
            asked += 1;
        }
        let id = commissions::insert(
            conn,
            &commissions::Insert {
                person_id: person,
                office_id: office,
                specialist_id: None,
                plan_kind,
                requested_on: &requested_on,
                note: "",
            },
            &now,
            &by,
        )?;
        for (status, offset, reason) in steps {
            let on = later(requested, offset).min(today);
            if status == CommissionStatus::Approved {
                let item = if info_only {
                    "info-only"
                } else {
                    default_fee_item(plan_kind)
                };
                let extras: Vec<String> = if between(&mut rng, 0, 9) == 0 {
                    vec!["case-meeting".to_string()]
                } else {
                    Vec::new()
                };
                let year = fiscal_year(on);
                let t = commissions::table(conn, year)?;
                let fees = match fees_for(t.as_ref(), on, item, &extras, |i| {
                    commissions::paid_in_year(conn, person, i, year, id)
                }) {
                    Ok(f) => f,
                    // An approval older than the tables: the oldest table's terms.
                    Err(_) => fees_for(Some(&table(year)), on, item, &extras, |_| Ok(false))?,
                };
                commissions::fix_fees(conn, id, &fees)?;
                if !info_only {
                    commissions::set_plan_updated(
                        conn,
                        person,
                        &later(requested, 30).min(on).to_string(),
                    )?;
                    commissions::mark_plan_made(conn, person, office)?;
                }
            }
            commissions::step(conn, id, status, &on.to_string(), reason, &now, &by)?;
        }
        made += 1;
    }
    Ok((office_ids.len(), made, asked))
}
