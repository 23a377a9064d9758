//! Why a synthetic person needs support: category, age, care level, certificates, devices,
//! communication needs and mobility, drawn so that they agree with each other (要介護5 is
//! often bedridden, ALS often needs a ventilator, a deaf person needs 手話 or 筆談).

use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, pick, weighted};
use crate::model::*;

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

/// Age bands of the elderly on a roster: most are in their eighties.
const ELDERLY_AGES: &[((u32, u32), u32)] = &[
    ((65, 69), 8),
    ((70, 74), 14),
    ((75, 79), 20),
    ((80, 84), 24),
    ((85, 89), 20),
    ((90, 94), 10),
    ((95, 100), 4),
];

const DISABLED_AGES: &[((u32, u32), u32)] =
    &[((5, 17), 8), ((18, 39), 20), ((40, 64), 32), ((65, 90), 40)];

const CARE_NEEDING: &[(Option<CareLevel>, u32)] = &[
    (Some(CareLevel::Support1), 6),
    (Some(CareLevel::Support2), 8),
    (Some(CareLevel::Care1), 18),
    (Some(CareLevel::Care2), 18),
    (Some(CareLevel::Care3), 20),
    (Some(CareLevel::Care4), 16),
    (Some(CareLevel::Care5), 14),
];

const CARE_ALONE: &[(Option<CareLevel>, u32)] = &[
    (None, 50),
    (Some(CareLevel::Support1), 15),
    (Some(CareLevel::Support2), 15),
    (Some(CareLevel::Care1), 12),
    (Some(CareLevel::Care2), 8),
];

const DISEASES: &[(&str, u32)] = &[
    ("パーキンソン病", 30),
    ("筋萎縮性側索硬化症（ALS）", 12),
    ("筋ジストロフィー", 8),
    ("脊髄小脳変性症", 10),
    ("多発性硬化症", 8),
    ("重症筋無力症", 8),
    ("全身性エリテマトーデス", 8),
    ("潰瘍性大腸炎", 6),
    ("後縦靱帯骨化症", 10),
];

const LANGUAGES: &[&str] = &[
    "ベトナム語",
    "ポルトガル語",
    "中国語",
    "タガログ語",
    "英語",
    "韓国語",
];

fn band(rng: &mut ChaCha8Rng, bands: &[((u32, u32), u32)]) -> u32 {
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

fn elderly(rng: &mut ChaCha8Rng, p: &mut Profile) {
    p.age = band(rng, ELDERLY_AGES);
    let alone = p.category == Category::ElderlyLivingAlone;
    p.care_level = weighted(rng, if alone { CARE_ALONE } else { CARE_NEEDING });
    if let Some(level) = p.care_level {
        p.reasons.push(level.label().to_string());
    }
    let dementia_rate = match p.care_level {
        None | Some(CareLevel::Support1 | CareLevel::Support2) => 0.04,
        Some(CareLevel::Care1 | CareLevel::Care2) => 0.22,
        Some(CareLevel::Care3) => 0.38,
        Some(CareLevel::Care4 | CareLevel::Care5) => 0.45,
    };
    p.dementia = chance(
        rng,
        if alone {
            dementia_rate / 3.0
        } else {
            dementia_rate
        },
    );
    if p.dementia {
        p.reasons.push("認知症".to_string());
    }
    if chance(rng, 0.15) {
        let kind = weighted(
            rng,
            &[("肢体不自由", 50), ("視覚", 15), ("聴覚", 20), ("内部", 15)],
        );
        physical(rng, p, kind);
    }
    p.mobility = Some(mobility_for_care(rng, p.care_level));
    if matches!(p.care_level, Some(CareLevel::Care4 | CareLevel::Care5)) {
        if chance(rng, 0.04) {
            device(
                p,
                MedicalDeviceKind::Oxygen,
                "在宅酸素（濃縮器）。携帯用ボンベは約3時間",
            );
        }
        if chance(rng, 0.05) {
            device(
                p,
                MedicalDeviceKind::Suction,
                "痰の吸引が必要。充電式吸引器あり",
            );
        }
        if chance(rng, 0.02) {
            device(p, MedicalDeviceKind::Other, "胃ろう（経管栄養ポンプ）");
        }
    }
}

fn mobility_for_care(rng: &mut ChaCha8Rng, level: Option<CareLevel>) -> Mobility {
    use Mobility::*;
    let table: &[(Mobility, u32)] = match level {
        None => &[(Walks, 70), (Cane, 30)],
        Some(CareLevel::Support1 | CareLevel::Support2) => &[(Walks, 50), (Cane, 50)],
        Some(CareLevel::Care1 | CareLevel::Care2) => &[(Walks, 30), (Cane, 60), (Wheelchair, 10)],
        Some(CareLevel::Care3) => &[(Walks, 10), (Cane, 50), (Wheelchair, 40)],
        Some(CareLevel::Care4) => &[(Cane, 15), (Wheelchair, 60), (Bedridden, 25)],
        Some(CareLevel::Care5) => &[(Wheelchair, 30), (Bedridden, 70)],
    };
    weighted(rng, table)
}

/// Adds a 身体障害者手帳 of `kind`, with a grade the law gives that kind (聴覚 has no 1st
/// or 5th grade, 内部 only 1st, 3rd and 4th) and the needs that follow from it.
fn physical(rng: &mut ChaCha8Rng, p: &mut Profile, kind: &'static str) {
    let grades: &[(u8, u32)] = match kind {
        "聴覚" => &[(2, 30), (3, 25), (4, 25), (6, 20)],
        "内部" => &[(1, 55), (3, 25), (4, 20)],
        _ => &[(1, 25), (2, 20), (3, 20), (4, 20), (5, 8), (6, 7)],
    };
    let grade = weighted(rng, grades);
    p.reasons.push(format!("身体障害者手帳{grade}級（{kind}）"));
    match kind {
        "視覚" => p.needs.push(CommunicationNeed::VisualImpairment),
        "聴覚" => {
            p.needs.push(CommunicationNeed::HearingImpairment);
            p.needs.push(if chance(rng, 0.5) {
                CommunicationNeed::SignLanguage
            } else {
                CommunicationNeed::Written
            });
        }
        "内部" => match weighted(rng, &[("呼吸器", 35), ("腎臓", 40), ("心臓", 25)]) {
            "呼吸器" => device(
                p,
                MedicalDeviceKind::Oxygen,
                "在宅酸素（濃縮器）。携帯用ボンベは約3時間",
            ),
            "腎臓" => device(
                p,
                MedicalDeviceKind::Dialysis,
                "週3回（月・水・金）みどり腎クリニックで人工透析",
            ),
            _ => device(p, MedicalDeviceKind::Other, "ペースメーカー"),
        },
        _ => {}
    }
    p.physical = Some(PhysicalDisability {
        grade,
        kind: kind.to_string(),
    });
}

fn device(p: &mut Profile, kind: MedicalDeviceKind, note: &str) {
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

fn disabled(rng: &mut ChaCha8Rng, p: &mut Profile) {
    p.age = band(rng, DISABLED_AGES);
    let which = weighted(
        rng,
        &[
            ("physical", 60),
            ("intellectual", 20),
            ("mental", 15),
            ("both", 5),
        ],
    );
    if matches!(which, "physical" | "both") {
        let kind = weighted(
            rng,
            &[("肢体不自由", 45), ("視覚", 15), ("聴覚", 15), ("内部", 25)],
        );
        physical(rng, p, kind);
    }
    if matches!(which, "intellectual" | "both") {
        let grade = if which == "both" || chance(rng, 0.45) {
            IntellectualGrade::A
        } else {
            IntellectualGrade::B
        };
        p.intellectual = Some(grade);
        p.reasons.push(format!("療育手帳{}", grade.token()));
    }
    if which == "mental" {
        let grade = weighted(rng, &[(1, 25), (2, 55), (3, 20)]);
        p.mental = Some(grade);
        p.reasons.push(format!("精神障害者保健福祉手帳{grade}級"));
    }
    if p.age >= 65 && chance(rng, 0.4) {
        p.care_level = Some(weighted(rng, CARE_NEEDING).unwrap_or(CareLevel::Care1));
    }
    let severe_body = p
        .physical
        .as_ref()
        .is_some_and(|d| d.kind == "肢体不自由" && d.grade <= 2);
    if severe_body && p.intellectual == Some(IntellectualGrade::A) && chance(rng, 0.3) {
        // 重症心身障害: some depend on suction or a ventilator at home.
        device(
            p,
            MedicalDeviceKind::Suction,
            "痰の吸引（1日数回）。充電式吸引器あり",
        );
        if chance(rng, 0.3) {
            device(
                p,
                MedicalDeviceKind::Ventilator,
                "夜間のみ人工呼吸器。外部バッテリー約6時間",
            );
        }
    }
    use Mobility::*;
    p.mobility = Some(match (&p.physical, p.care_level) {
        (_, Some(level)) if level >= CareLevel::Care3 => mobility_for_care(rng, Some(level)),
        (Some(d), _) if d.kind == "肢体不自由" && d.grade <= 2 => {
            weighted(rng, &[(Wheelchair, 60), (Bedridden, 25), (Cane, 15)])
        }
        (Some(d), _) if d.kind == "肢体不自由" => {
            weighted(rng, &[(Cane, 50), (Wheelchair, 30), (Walks, 20)])
        }
        (Some(d), _) if d.kind == "視覚" => weighted(rng, &[(Cane, 60), (Walks, 40)]),
        _ => Walks,
    });
}

fn intractable(rng: &mut ChaCha8Rng, p: &mut Profile) {
    p.age = between(rng, 30, 85);
    p.disease = weighted(rng, DISEASES);
    p.reasons.push(format!("{}（指定難病）", p.disease));
    use Mobility::*;
    let (mobility, ventilator, suction) = match p.disease {
        "筋萎縮性側索硬化症（ALS）" => (
            weighted(rng, &[(Wheelchair, 40), (Bedridden, 60)]),
            0.6,
            0.7,
        ),
        "筋ジストロフィー" => (
            weighted(rng, &[(Wheelchair, 70), (Bedridden, 30)]),
            0.4,
            0.3,
        ),
        "パーキンソン病" | "脊髄小脳変性症" => (
            weighted(rng, &[(Walks, 20), (Cane, 50), (Wheelchair, 30)]),
            0.0,
            0.05,
        ),
        _ => (
            weighted(rng, &[(Walks, 60), (Cane, 30), (Wheelchair, 10)]),
            0.0,
            0.0,
        ),
    };
    p.mobility = Some(mobility);
    if chance(rng, ventilator) {
        device(
            p,
            MedicalDeviceKind::Ventilator,
            "人工呼吸器（気管切開）。外部バッテリー約8時間",
        );
    }
    if chance(rng, suction) {
        device(
            p,
            MedicalDeviceKind::Suction,
            "痰の吸引が必要。充電式吸引器あり",
        );
    }
    if p.age >= 40 && matches!(mobility, Wheelchair | Bedridden) && chance(rng, 0.6) {
        // 特定疾病: people over 40 with these diseases are in the care insurance too.
        let level = weighted(
            rng,
            &[
                (CareLevel::Care3, 30),
                (CareLevel::Care4, 35),
                (CareLevel::Care5, 35),
            ],
        );
        p.care_level = Some(level);
        p.reasons.insert(0, level.label().to_string());
    }
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
