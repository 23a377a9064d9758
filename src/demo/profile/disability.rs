//! People with disabilities (身体・知的・精神) and with intractable diseases (難病): the
//! certificates, the grades the law gives each kind, and the devices and mobility that
//! follow from them.

use rand_chacha::ChaCha8Rng;

use super::elderly::{mobility_for_care, CARE_NEEDING};
use super::{band, device, Profile};
use crate::demo::draw::{between, chance, weighted};
use crate::model::*;

const DISABLED_AGES: &[((u32, u32), u32)] =
    &[((5, 17), 8), ((18, 39), 20), ((40, 64), 32), ((65, 90), 40)];

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

/// Adds a 身体障害者手帳 of `kind`, with a grade the law gives that kind (聴覚 has no 1st
/// or 5th grade, 内部 only 1st, 3rd and 4th) and the needs that follow from it.
pub(super) fn physical(rng: &mut ChaCha8Rng, p: &mut Profile, kind: &'static str) {
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

pub(super) fn disabled(rng: &mut ChaCha8Rng, p: &mut Profile) {
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

pub(super) fn intractable(rng: &mut ChaCha8Rng, p: &mut Profile) {
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
