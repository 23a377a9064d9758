//! 個別避難計画 for a synthetic person: where to (the district's 指定避難所, a 福祉避難所 that
//! takes them directly, a relative's home), how, when to leave, and who warns them.

use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, date_between, pick, weighted};
use super::people::Draft;
use super::town::{Staff, DISTRICTS, WELFARE_SHELTERS};
use crate::model::*;

/// Draws the plan of `draft`, first written on `drafted_on`; `warner` is whoever passes
/// on warnings (the first supporter, or the 民生委員 when there is none).
pub(super) fn draw(
    rng: &mut ChaCha8Rng,
    draft: &Draft,
    staff: &Staff,
    warner: &str,
    drafted_on: NaiveDate,
    today: NaiveDate,
) -> Plan {
    let d = &DISTRICTS[draft.district];
    let p = &draft.profile;
    let severe = matches!(p.mobility, Some(Mobility::Bedridden))
        || matches!(p.care_level, Some(CareLevel::Care4 | CareLevel::Care5))
        || p.power_dependent();
    let mut destinations = Vec::new();
    if severe && chance(rng, 0.6) {
        destinations.push(welfare_shelter(rng, p));
    }
    destinations.push(Destination {
        kind: DestinationKind::Shelter,
        name: d.shelter.to_string(),
        address: d.shelter_address.to_string(),
        direct_admission: false,
        hazard: None,
        shelter_id: None,
    });
    if !severe && chance(rng, 0.12) {
        destinations.push(welfare_shelter(rng, p));
    }
    if let Some(c) = draft.family.contacts.first().filter(|_| chance(rng, 0.25)) {
        destinations.push(Destination {
            kind: DestinationKind::Relative,
            name: format!("{}（{}）宅", c.name, c.relationship),
            address: c.address.clone(),
            direct_admission: false,
            hazard: None,
            shelter_id: None,
        });
    }

    let means = match p.mobility {
        Some(Mobility::Bedridden) => weighted(
            rng,
            &[(EvacuationMeans::Stretcher, 50), (EvacuationMeans::Car, 50)],
        ),
        Some(Mobility::Wheelchair) => weighted(
            rng,
            &[
                (EvacuationMeans::Wheelchair, 70),
                (EvacuationMeans::Car, 30),
            ],
        ),
        Some(Mobility::Cane) => weighted(
            rng,
            &[(EvacuationMeans::Walk, 50), (EvacuationMeans::Car, 50)],
        ),
        Some(Mobility::Walks) => weighted(
            rng,
            &[(EvacuationMeans::Walk, 85), (EvacuationMeans::Car, 15)],
        ),
        None => EvacuationMeans::Other,
    };
    let first = destinations.first().map_or(d.shelter, |x| x.name.as_str());
    let metres = between(rng, 3, 18) * 100;
    let route = match means {
        EvacuationMeans::Car => format!(
            "自宅 →（家族または支援者の車）{} → {first}（約{metres}m、車で約5分）",
            d.road
        ),
        EvacuationMeans::Wheelchair | EvacuationMeans::Stretcher => {
            format!(
                "自宅 → {}（段差の少ない歩道）→ {first}（約{metres}m、約{}分）",
                d.road,
                metres / 40 + 5
            )
        }
        _ => format!(
            "自宅 → {} → {first}（約{metres}m、徒歩約{}分）",
            d.road,
            metres / 60 + 2
        ),
    };
    let deaf = p.needs.contains(&CommunicationNeed::HearingImpairment);
    let warning_method = if deaf {
        weighted(
            rng,
            &[
                (WarningMethod::Fax, 50),
                (WarningMethod::Visit, 35),
                (WarningMethod::Email, 15),
            ],
        )
    } else {
        weighted(
            rng,
            &[
                (WarningMethod::Phone, 60),
                (WarningMethod::Visit, 37),
                (WarningMethod::Email, 3),
            ],
        )
    };
    let (drafted_by, role) = drafter(rng, draft, staff);
    let updated_on = date_between(rng, drafted_on, today);
    let verified_on = chance(rng, 0.75).then(|| date_between(rng, updated_on, today).to_string());
    let river = draft.person.hazard_zones.flood || draft.person.hazard_zones.tsunami;
    Plan {
        destinations,
        route,
        means: Some(means),
        departure_timing: if severe || river {
            "警戒レベル3（高齢者等避難）発令時。大雨の予報が出た段階で早めに準備".to_string()
        } else {
            "警戒レベル3（高齢者等避難）発令時".to_string()
        },
        warning_contact: warner.to_string(),
        warning_method: Some(warning_method),
        if_unreachable: (*pick(
            rng,
            &[
                "民生委員が自宅を訪問して安否を確認する",
                "自治会の班長が訪問し、応答がなければ消防本部へ連絡する",
                "緊急連絡先の家族に連絡し、市福祉課へ報告する",
            ],
        ))
        .to_string(),
        made_by: Some(match role {
            "ケアマネジャー" | "相談支援専門員" => PlanMaker::Professional,
            "本人・家族" => PlanMaker::SelfFamily,
            _ => PlanMaker::Community,
        }),
        made_by_office: None,
        drafted_by,
        drafted_by_role: role.to_string(),
        created_on: Some(drafted_on.to_string()),
        updated_on: Some(updated_on.to_string()),
        verified_on,
    }
}

fn welfare_shelter(rng: &mut ChaCha8Rng, p: &super::profile::Profile) -> Destination {
    // Care homes take the elderly, the disability centre and the special school the rest.
    let (name, address) = if p.age >= 65 {
        *pick(rng, &WELFARE_SHELTERS[..2])
    } else {
        *pick(rng, &WELFARE_SHELTERS[2..])
    };
    Destination {
        kind: DestinationKind::WelfareShelter,
        name: name.to_string(),
        address: address.to_string(),
        direct_admission: chance(rng, 0.5),
        hazard: None,
        shelter_id: None,
    }
}

/// Who wrote the plan: the care manager for people in care insurance, the 相談支援専門員
/// for disabled people, otherwise an officer, the 民生委員, or the family.
fn drafter(rng: &mut ChaCha8Rng, draft: &Draft, staff: &Staff) -> (String, &'static str) {
    let p = &draft.profile;
    let disabled = p.physical.is_some() || p.intellectual.is_some() || p.mental.is_some();
    if p.care_level.is_some() && chance(rng, 0.8) {
        (pick(rng, &staff.care_managers).clone(), "ケアマネジャー")
    } else if disabled && chance(rng, 0.7) {
        (pick(rng, &staff.counsellors).clone(), "相談支援専門員")
    } else {
        match weighted(rng, &[(0, 45), (1, 35), (2, 20)]) {
            0 => (pick(rng, &staff.officers).clone(), "市福祉課職員"),
            1 => (draft.person.welfare_commissioner.clone(), "民生委員"),
            _ => (draft.person.name.clone(), "本人・家族"),
        }
    }
}
