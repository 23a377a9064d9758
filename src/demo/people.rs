//! One synthetic person needing support: identity, home, household, registration and,
//! for a few, the archive they will be moved to.

use chrono::{Datelike, NaiveDate};
use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, date_between, days_before, landline, mobile, pick, weighted};
use super::household::{self, Family};
use super::notes;
use super::profile::{self, Profile};
use super::town::{self, Staff, DISTRICTS};
use super::words::{Era, Words};
use crate::model::*;

/// A generated person before it is stored, with what the rest of the generator needs to
/// know about them (their condition, family, place, and whether they leave the roster).
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub person: Person,
    pub profile: Profile,
    pub family: Family,
    /// Index into [`DISTRICTS`], of its associations, and the 班 number (1-based).
    pub district: usize,
    pub association: usize,
    pub block: u32,
    pub registered_on: NaiveDate,
    /// Set for the ~3% who have left: why, when, and a note.
    pub archive: Option<(ArchiveReason, NaiveDate, &'static str)>,
}

/// About 3 in 100 people on a live roster have moved, died or entered a facility.
const ARCHIVE_RATE: f64 = 0.03;
/// About 1 in 100 is under a DV・ストーカー等支援措置.
const PROTECTED_RATE: f64 = 0.01;
/// Registrations go back three years.
const HISTORY_DAYS: u32 = 3 * 365;

/// Draws person number `index` (0-based) as of `today`.
pub(super) fn draw(
    rng: &mut ChaCha8Rng,
    words: &Words,
    staff: &Staff,
    index: usize,
    today: NaiveDate,
) -> Draft {
    let profile = profile::draw(rng);
    let di = town::district_index(rng);
    let d = &DISTRICTS[di];
    let association = rng_index(rng, d.associations.len());
    let block = between(rng, 1, d.associations[association].blocks);

    let age_days = profile.age * 365 + profile.age / 4 + between(rng, 0, 364);
    let born = days_before(today, age_days);
    let (name, family_name, sex) = if profile.category == Category::ForeignResident {
        let (name, sex) = words.foreign(rng);
        let family = name.family;
        (name, family, sex)
    } else {
        let name = words.person(rng, profile.sex, Era::of_birth_year(born.year()));
        let family = name.family;
        (name, family, profile.sex)
    };
    let mut profile = profile;
    profile.sex = sex;
    let family = household::draw(rng, words, &profile, family_name, today.year());

    let elderly = profile.age >= 65;
    let home = town::home(rng, d, if elderly { 0.15 } else { 0.3 });
    let protected = chance(rng, PROTECTED_RATE);
    let phone = if !protected && chance(rng, if elderly { 0.85 } else { 0.5 }) {
        landline(rng, d.exchange)
    } else {
        String::new()
    };
    let mobile_phone =
        if profile.age >= 13 && (protected || chance(rng, if elderly { 0.35 } else { 0.95 })) {
            mobile(rng)
        } else {
            String::new()
        };
    let deaf = profile
        .needs
        .contains(&CommunicationNeed::HearingImpairment);
    let contact = OtherContact {
        mobile_phone,
        fax: if deaf && chance(rng, 0.6) {
            landline(rng, d.exchange)
        } else {
            String::new()
        },
        email: if (deaf || !elderly) && profile.age >= 16 && chance(rng, 0.3) {
            format!("midori{:06}@example.jp", index)
        } else {
            String::new()
        },
    };

    let registration = registration(rng, &profile, today);
    let registered_on = registration
        .date
        .as_deref()
        .and_then(|s| s.parse().ok())
        .unwrap_or(today);
    let archive = chance(rng, ARCHIVE_RATE).then(|| {
        let reason = weighted(
            rng,
            &[
                (ArchiveReason::Died, 45),
                (ArchiveReason::Moved, 30),
                (ArchiveReason::EnteredFacility, 25),
            ],
        );
        let note = match reason {
            ArchiveReason::Moved => *pick(rng, &["さくら市へ転出", "長男宅（あおば市）へ転居"]),
            ArchiveReason::EnteredFacility => *pick(
                rng,
                &["特別養護老人ホームみどり苑に入所", "グループホームに入所"],
            ),
            _ => "",
        };
        (reason, date_between(rng, registered_on, today), note)
    });

    let mut extra = notes::notes(rng, &profile, &family);
    if protected {
        extra.insert(
            0,
            "DV等支援措置対象。住所・連絡先を第三者に知らせないこと".to_string(),
        );
    }
    let person = Person {
        id: None,
        name: name.text,
        furigana: name.reading,
        sex,
        date_of_birth: born.to_string(),
        address: home.address.clone(),
        phone,
        district: Some(d.name.to_string()),
        association: Some(d.associations[association].name.to_string()),
        block: Some(format!("第{block}班")),
        // Unique by construction: each index owns its own range of 97 numbers.
        resident_number: Some(format!(
            "R{:08}",
            10_000_000 + index * 97 + rng_index(rng, 97)
        )),
        address_protected: protected,
        contact,
        welfare_commissioner: pick(rng, &staff.commissioners[di]).clone(),
        category: profile.category,
        support_reason: notes::support_reason(&profile, &family),
        care_level: profile.care_level,
        care_level_until: profile
            .care_level
            .and_then(|_| certification_end(index, today))
            .map(|d| d.to_string()),
        physical_disability: profile.physical.clone(),
        intellectual_disability_grade: profile.intellectual,
        mental_disability_grade: profile.mental,
        intractable_disease: profile.disease.to_string(),
        medical_devices: profile.devices.clone(),
        communication_needs: profile.needs.clone(),
        mobility: profile.mobility,
        household: Some(family.household),
        household_members: family.members.clone(),
        emergency_contacts: family.contacts.clone(),
        house: house(rng, &home, &profile, today),
        help_needed: notes::help_needed(&profile),
        items_to_carry: notes::items_to_carry(rng, &profile),
        allergies: notes::allergies(rng),
        regular_clinic: notes::clinic(rng, &profile, d.town),
        notes: extra.join("。"),
        emergency_alarm: chance(
            rng,
            match family.household {
                HouseholdKind::Alone if elderly => 0.35,
                HouseholdKind::ElderlyOnly => 0.15,
                _ => 0.03,
            },
        ),
        // Where the demo's hazard layers put the home (super::map), so that importing
        // them finds nothing to change.
        hazard_zones: super::map::zones(d, home.ban),
        last_verified_on: chance(rng, 0.7)
            .then(|| date_between(rng, registered_on, today).to_string()),
        registration,
        plan: None,
        created_at: None,
        updated_at: None,
        archived: None,
        supporters: Vec::new(),
    };
    Draft {
        person,
        profile,
        family,
        district: di,
        association,
        block,
        registered_on,
        archive,
    }
}

/// The last day of a person's 要介護認定: renewals run up to three years, so the ends lie
/// from two months ago (a renewal not yet in the extract) to about three years ahead; one
/// in 25 extracts leaves it out. Drawn from the person's number, not the generator's
/// stream, so that everything else the demo makes stays as it was.
fn certification_end(index: usize, today: NaiveDate) -> Option<NaiveDate> {
    // SplitMix64's finaliser: a well-spread number from the index.
    let mut h = (index as u64) ^ 0x5eed_ca7e_0021_0021;
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    if h % 25 == 0 {
        return None;
    }
    let offset = i64::try_from((h >> 8) % 1_100).unwrap_or(0) - 60;
    today.checked_add_signed(chrono::TimeDelta::days(offset))
}

fn rng_index(rng: &mut ChaCha8Rng, len: usize) -> usize {
    between(rng, 0, u32::try_from(len.saturating_sub(1)).unwrap_or(0)) as usize
}

/// How the person came onto the roster: mostly asked (同意方式), some applied (手上げ), and
/// some taken from welfare data (共有情報方式) with the system it came from.
fn registration(rng: &mut ChaCha8Rng, profile: &Profile, today: NaiveDate) -> Registration {
    let route = weighted(
        rng,
        &[
            (RegistrationRoute::Consent, 62),
            (RegistrationRoute::OptIn, 15),
            (RegistrationRoute::SharedInformation, 23),
        ],
    );
    let date = days_before(today, between(rng, 0, HISTORY_DAYS));
    let source = if route == RegistrationRoute::SharedInformation {
        if profile.care_level.is_some() {
            "介護保険システム抽出"
        } else if !profile.disease.is_empty() {
            "難病患者情報（保健所提供）"
        } else if profile.physical.is_some()
            || profile.intellectual.is_some()
            || profile.mental.is_some()
        {
            "障害者福祉システム抽出"
        } else {
            "住民基本台帳（高齢者のみ世帯）抽出"
        }
    } else {
        ""
    };
    Registration {
        route,
        date: Some(date.to_string()),
        source: source.to_string(),
    }
}

/// The house: a flat takes its building's structure; the bedridden sleep downstairs.
fn house(rng: &mut ChaCha8Rng, home: &town::Home, profile: &Profile, today: NaiveDate) -> House {
    let this_year = u32::try_from(today.year()).unwrap_or(2025);
    let bedridden = profile.mobility == Some(Mobility::Bedridden);
    if let Some((storeys, structure, floor)) = home.apartment {
        let room = format!("{floor}階 自室の居間");
        return House {
            structure: Some(structure),
            storeys: Some(storeys),
            year_built: u16::try_from(between(rng, 1972, this_year.min(2020))).ok(),
            usual_room: room,
            bedroom_location: format!(
                "{floor}階 {}",
                if bedridden {
                    "居間（介護ベッド）"
                } else {
                    "奥の和室"
                }
            ),
        };
    }
    let structure = weighted(
        rng,
        &[
            (HouseStructure::Wooden, 82),
            (HouseStructure::Steel, 10),
            (HouseStructure::FireResistant, 5),
            (HouseStructure::Other, 3),
        ],
    );
    let storeys: u8 = weighted(rng, &[(1, 35), (2, 60), (3, 5)]);
    let oldest = if structure == HouseStructure::Wooden {
        1955
    } else {
        1975
    };
    let (usual_room, bedroom_location) = if bedridden {
        ("1階 和室（介護ベッド）", "1階 和室（介護ベッド）")
    } else {
        let usual = *pick(rng, &["1階 居間", "1階 茶の間", "1階 台所横の和室"]);
        let upstairs =
            storeys >= 2 && profile.mobility == Some(Mobility::Walks) && chance(rng, 0.35);
        let bed = if upstairs {
            *pick(rng, &["2階 和室", "2階 洋室"])
        } else {
            *pick(rng, &["1階 北側和室", "1階 奥の和室", "1階 洋室"])
        };
        (usual, bed)
    };
    House {
        structure: Some(structure),
        storeys: Some(storeys),
        year_built: u16::try_from(between(rng, oldest, this_year.min(2022))).ok(),
        usual_room: usual_room.to_string(),
        bedroom_location: bedroom_location.to_string(),
    }
}
