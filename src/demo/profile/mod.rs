//! Why a synthetic person needs support: category, age, care level, certificates, devices,
//! communication needs and mobility, drawn so that they agree with each other (要介護5 is
//! often bedridden, ALS often needs a ventilator, a deaf person needs 手話 or 筆談).
//!
//! Here the profile and the draw by category; `elderly` and `disability` (障害, 難病) draw
//! the conditions of those categories.

use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, pick, weighted};
use crate::model::*;
use disability::{disabled, intractable};
use elderly::elderly;

mod disability;
mod elderly;

/// A person's condition, before it is written into a [`Person`].
#[derive(Debug, Clone)]
pub(super) struct Profile {
    pub category: Category,
    pub sex: Sex,
    pub age: u32,
    pub care_level: Option<CareLevel>,
    pub physical: Option<PhysicalDisability>,
    pub intellectual: Option<IntellectualGrade>,
    pub mental: Option<u8>,
    pub disease: &'static str,
    pub devices: Vec<MedicalDevice>,
    pub needs: Vec<CommunicationNeed>,
    pub mobility: Option<Mobility>,
    pub dementia: bool,
    /// For 妊産婦・乳幼児: an expectant mother rather than an infant.
    pub pregnant: bool,
    /// Why support is needed, in words, most important first.
    pub reasons: Vec<String>,
}

impl Profile {
    /// Someone who cannot answer for themselves: a proxy (family, guardian) consents.
    pub fn needs_proxy(&self) -> bool {
        self.dementia
            || self.age < 18
            || self.intellectual == Some(IntellectualGrade::A)
            || self.care_level == Some(CareLevel::Care5)
    }

    /// Any device that stops without mains power.
    pub fn power_dependent(&self) -> bool {
        self.devices.iter().any(|d| d.power_dependent)
    }
}

const CATEGORIES: &[(Category, u32)] = &[
    (Category::ElderlyNeedingCare, 45),
    (Category::ElderlyLivingAlone, 25),
    (Category::Disabled, 15),
    (Category::IntractableDisease, 5),
    (Category::PregnantOrInfant, 3),
    (Category::ForeignResident, 2),
    (Category::Other, 5),
];

const LANGUAGES: &[&str] = &[
    "ベトナム語",
    "ポルトガル語",
    "中国語",
    "タガログ語",
    "英語",
    "韓国語",
];

pub(super) fn band(rng: &mut ChaCha8Rng, bands: &[((u32, u32), u32)]) -> u32 {
    let (lo, hi) = weighted(rng, bands);
    between(rng, lo, hi)
}

/// Draws a consistent profile.
pub(super) fn draw(rng: &mut ChaCha8Rng) -> Profile {
    let category = weighted(rng, CATEGORIES);
    let mut p = Profile {
        category,
        sex: Sex::Female,
        age: 0,
        care_level: None,
        physical: None,
        intellectual: None,
        mental: None,
        disease: "",
        devices: Vec::new(),
        needs: Vec::new(),
        mobility: None,
        dementia: false,
        pregnant: false,
        reasons: Vec::new(),
    };
    // Women outlive men, so elderly rosters are about 60% women.
    let female_rate = match category {
        Category::ElderlyNeedingCare | Category::ElderlyLivingAlone => 0.62,
        _ => 0.5,
    };
    p.sex = if chance(rng, 0.003) {
        Sex::Unspecified
    } else if chance(rng, female_rate) {
        Sex::Female
    } else {
        Sex::Male
    };
    match category {
        Category::ElderlyNeedingCare | Category::ElderlyLivingAlone => elderly(rng, &mut p),
        Category::Disabled => disabled(rng, &mut p),
        Category::IntractableDisease => intractable(rng, &mut p),
        Category::PregnantOrInfant => pregnant_or_infant(rng, &mut p),
        Category::ForeignResident => {
            p.age = between(rng, 25, 85);
            p.needs.push(CommunicationNeed::Interpreter);
            let language = pick(rng, LANGUAGES);
            p.reasons
                .push(format!("日本語での避難情報の理解が困難（{language}）"));
            p.mobility = Some(if p.age >= 75 {
                Mobility::Cane
            } else {
                Mobility::Walks
            });
        }
        Category::Other => {
            p.age = between(rng, 40, 95);
            let why = *pick(
                rng,
                &[
                    "日中独居（家族は仕事で不在）",
                    "骨折のため一時的に歩行困難",
                    "認知症の疑い（要介護認定申請中）",
                ],
            );
            p.reasons.push(why.to_string());
            p.mobility = Some(if chance(rng, 0.5) {
                Mobility::Cane
            } else {
                Mobility::Walks
            });
        }
    }
    if chance(rng, 0.04) && p.age >= 60 && !p.needs.contains(&CommunicationNeed::HearingImpairment)
    {
        // Age-related hearing loss without a certificate: written notes work best.
        p.needs.push(CommunicationNeed::Written);
    }
    p
}

pub(super) fn device(p: &mut Profile, kind: MedicalDeviceKind, note: &str) {
    if p.devices.iter().any(|d| d.device == kind) {
        return;
    }
    let power_dependent = matches!(
        kind,
        MedicalDeviceKind::Ventilator | MedicalDeviceKind::Oxygen | MedicalDeviceKind::Suction
    );
    p.devices.push(MedicalDevice {
        device: kind,
        power_dependent,
        note: note.to_string(),
    });
    p.reasons.push(format!("{}使用", kind.label()));
}

fn pregnant_or_infant(rng: &mut ChaCha8Rng, p: &mut Profile) {
    if chance(rng, 0.4) {
        p.pregnant = true;
        p.sex = Sex::Female;
        p.age = between(rng, 20, 42);
        p.reasons.push(format!("妊娠{}週", between(rng, 24, 38)));
        p.mobility = Some(Mobility::Walks);
    } else {
        p.age = between(rng, 0, 2);
        if p.sex == Sex::Unspecified {
            p.sex = Sex::Male;
        }
        p.reasons.push(if p.age == 0 {
            "乳児".to_string()
        } else {
            "幼児".to_string()
        });
    }
}
