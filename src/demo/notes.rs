//! The free-text parts of a record — reason, help needed, what to carry, clinic, notes —
//! written the way officers write them on the form, and derived from the profile so that
//! they never contradict the structured fields.

use rand_chacha::ChaCha8Rng;

use super::draw::{chance, pick, weighted};
use super::household::Family;
use super::profile::Profile;
use crate::model::*;

/// 避難支援等を必要とする事由.
pub(super) fn support_reason(profile: &Profile, family: &Family) -> String {
    let mut parts = profile.reasons.clone();
    match family.household {
        HouseholdKind::Alone if profile.age >= 65 => parts.push("一人暮らし".to_string()),
        HouseholdKind::ElderlyOnly => parts.push("高齢者のみ世帯".to_string()),
        _ => {}
    }
    if parts.is_empty() {
        parts.push("避難情報の把握が困難".to_string());
    }
    format!("{}のため、自力での避難が困難", parts.join("、"))
}

/// 特記事項: what help is needed, from mobility and communication needs.
pub(super) fn help_needed(profile: &Profile) -> String {
    let mut parts: Vec<&str> = Vec::new();
    match profile.mobility {
        Some(Mobility::Bedridden) => {
            parts.push("寝たきりのため担架または車いすでの搬送が必要（2人以上）")
        }
        Some(Mobility::Wheelchair) => {
            parts.push("車いすの介助（押し手）が必要。段差では持ち上げが必要")
        }
        Some(Mobility::Cane) => parts.push("杖歩行。階段や段差では手引きが必要"),
        Some(Mobility::Walks) => parts.push("自力歩行は可能。避難情報の伝達と声かけが必要"),
        None => parts.push("乳幼児のため抱きかかえての避難が必要"),
    }
    for need in &profile.needs {
        parts.push(match need {
            CommunicationNeed::VisualImpairment => {
                "視覚障害のため誘導時は肘を持ってもらい手引きする"
            }
            CommunicationNeed::HearingImpairment => {
                "聴覚障害のため防災無線が聞こえない。正面から合図する"
            }
            CommunicationNeed::SignLanguage => "手話で伝える",
            CommunicationNeed::Written => "筆談で伝える（メモとペンを用意）",
            CommunicationNeed::Interpreter => "やさしい日本語か通訳アプリで伝える",
            CommunicationNeed::Other => "ゆっくり短い言葉で伝える",
        });
    }
    if profile.dementia {
        parts.push("認知症のため状況の理解が難しい。顔見知りが落ち着いて声をかける");
    }
    if profile.power_dependent() {
        parts.push("停電時は医療機器の電源確保が最優先");
    }
    parts.join("。")
}

/// What to carry: medication first, then devices and everyday aids.
pub(super) fn items_to_carry(rng: &mut ChaCha8Rng, profile: &Profile) -> String {
    let mut items: Vec<&str> = Vec::new();
    if profile.category == Category::PregnantOrInfant {
        items.push(if profile.pregnant {
            "母子健康手帳"
        } else {
            "ミルク、おむつ、母子健康手帳"
        });
        return items.join("、");
    }
    items.push(*pick(
        rng,
        &[
            "常備薬（降圧剤）",
            "常備薬（糖尿病薬）",
            "常備薬（心臓の薬）",
            "常備薬",
            "インスリン注射・血糖測定器",
        ],
    ));
    items.push("お薬手帳");
    for d in &profile.devices {
        items.push(match d.device {
            MedicalDeviceKind::Ventilator => "人工呼吸器の外部バッテリー・蘇生バッグ",
            MedicalDeviceKind::Oxygen => "携帯用酸素ボンベ（予備2本）",
            MedicalDeviceKind::Suction => "吸引器・吸引カテーテル",
            MedicalDeviceKind::Dialysis => "透析手帳",
            MedicalDeviceKind::Other => "医療機器の取扱説明書",
        });
    }
    if matches!(
        profile.care_level,
        Some(CareLevel::Care4 | CareLevel::Care5)
    ) {
        items.push("おむつ、とろみ剤");
    }
    if profile
        .needs
        .contains(&CommunicationNeed::HearingImpairment)
    {
        items.push("補聴器の予備電池");
    }
    if chance(rng, 0.4) {
        items.push(*pick(rng, &["眼鏡", "入れ歯", "補聴器", "杖の予備"]));
    }
    items.join("、")
}

/// Allergies: mostly none recorded.
pub(super) fn allergies(rng: &mut ChaCha8Rng) -> String {
    let a = weighted(
        rng,
        &[
            ("", 70),
            ("なし", 12),
            ("ペニシリン系抗生物質", 6),
            ("卵", 4),
            ("そば", 4),
            ("造影剤", 4),
        ],
    );
    a.to_string()
}

/// かかりつけ医, matched to the condition where it matters.
pub(super) fn clinic(rng: &mut ChaCha8Rng, profile: &Profile, town: &str) -> String {
    if profile
        .devices
        .iter()
        .any(|d| d.device == MedicalDeviceKind::Dialysis)
    {
        return "みどり腎クリニック".to_string();
    }
    if !profile.disease.is_empty() {
        return "みどり市民病院 脳神経内科".to_string();
    }
    if profile.category == Category::PregnantOrInfant {
        return "みどり市民病院 産婦人科・小児科".to_string();
    }
    match weighted(rng, &[(0, 30), (1, 25), (2, 25), (3, 20)]) {
        0 => "みどり中央クリニック".to_string(),
        1 => "みどり市民病院".to_string(),
        2 => format!("{town}内科医院"),
        _ => String::new(),
    }
}

/// Anything else an officer noted: 0–2 remarks that fit the person.
pub(super) fn notes(rng: &mut ChaCha8Rng, profile: &Profile, family: &Family) -> Vec<String> {
    let mut pool: Vec<&str> = vec![
        "常備薬あり",
        "小型犬を飼っている（同行避難を希望）",
        "玄関の合鍵を隣家が預かっている",
    ];
    if profile.care_level.is_some() {
        pool.push("デイサービス利用（月・木）");
        pool.push("訪問介護（毎日 朝・夕）");
    }
    if !profile.devices.is_empty() {
        pool.push("訪問看護（週2回）");
        pool.push("停電時は電力会社・医療機器業者へ連絡済み");
    }
    if family.household == HouseholdKind::Alone {
        pool.push("日中は長女が様子を見に来る");
        pool.push("夜間は一人になる");
    }
    if family.members.iter().any(|m| !m.note.is_empty()) {
        pool.push("日中は家族が不在になる");
    }
    let n = weighted(rng, &[(0usize, 35), (1, 45), (2, 20)]);
    let mut out: Vec<String> = Vec::new();
    for _ in 0..n {
        let note = pick(rng, &pool).to_string();
        if !out.contains(&note) {
            out.push(note);
        }
    }
    out
}
