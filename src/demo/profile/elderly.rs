//! The elderly (要介護高齢者, 一人暮らし高齢者): age, care level, dementia, and the mobility and
//! devices that go with the care level.

use rand_chacha::ChaCha8Rng;

use super::disability::physical;
use super::{band, device, Profile};
use crate::demo::draw::{chance, weighted};
use crate::model::*;

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

pub(super) const CARE_NEEDING: &[(Option<CareLevel>, u32)] = &[
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

pub(super) fn elderly(rng: &mut ChaCha8Rng, p: &mut Profile) {
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

pub(super) fn mobility_for_care(rng: &mut ChaCha8Rng, level: Option<CareLevel>) -> Mobility {
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
