//! The municipality's shelters (#22): 指定緊急避難場所 designated per kind of hazard,
//! 指定避難所, and 福祉避難所 (指定 or 協定) with whom they accept and how many.

use serde::{Deserialize, Serialize};

tokens! {
    /// The kinds of hazard a 指定緊急避難場所 is designated for (災害対策基本法施行令
    /// 第20条の4), in the order the 国土地理院's files list them.
    ShelterHazard {
        Flood = "flood", "洪水";
        Landslide = "landslide", "崖崩れ、土石流及び地滑り";
        StormSurge = "storm-surge", "高潮";
        Earthquake = "earthquake", "地震";
        Tsunami = "tsunami", "津波";
        LargeFire = "large-fire", "大規模な火事";
        InlandFlood = "inland-flood", "内水氾濫";
        Volcano = "volcano", "火山現象";
    }
}

tokens! {
    /// A 福祉避難所's standing.
    WelfareKind {
        Designated = "designated", "指定福祉避難所";
        Agreement = "agreement", "協定福祉避難所";
    }
}

tokens! {
    /// Whom a 福祉避難所 accepts (受入対象者の公示).
    AcceptedGroup {
        Elderly = "elderly", "高齢者";
        Disabled = "disabled", "障害者";
        DisabledChild = "disabled-child", "障害児";
        Infant = "infant", "乳幼児";
        Pregnant = "pregnant", "妊産婦";
        Injured = "injured", "傷病者";
        IntractableDisease = "intractable-disease", "難病患者";
        MedicalCare = "medical-care", "医療的ケアを必要とする者";
    }
}

tokens! {
    /// Which published list a registry row came from.
    RegistryLayout {
        GsiEmergency = "gsi-emergency", "指定緊急避難場所（国土地理院）";
        GsiEvacuation = "gsi-evacuation", "指定避難所（国土地理院）";
        OpenDataEmergency = "open-data-emergency", "指定緊急避難場所一覧（自治体標準オープンデータセット）";
    }
}

/// One shelter as a published registry file gives it, before it is compared with the
/// roster's registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistryEntry {
    /// The key a re-import is matched on: 共通ID (国土地理院) or ID (オープンデータ); when
    /// a file has neither, the name and address.
    pub key: String,
    /// 施設・場所名 / 名称.
    pub name: String,
    /// 住所 / 所在地_連結表記.
    pub address: String,
    /// 都道府県名及び市町村名, when the file has it.
    pub municipality: String,
    /// True for a 指定緊急避難場所.
    pub emergency_site: bool,
    /// True for a 指定避難所 (its own file, or 指定避難所との住所同一 / 指定避難所との重複).
    pub evacuation_centre: bool,
    /// The hazards it is designated for (a 指定緊急避難場所; empty for a 指定避難所 alone).
    pub hazards: Vec<ShelterHazard>,
    /// 緯度 (JGD2011 degrees), when given.
    pub lat: Option<f64>,
    /// 経度 (JGD2011 degrees), when given.
    pub lon: Option<f64>,
    /// 想定収容人数, when given.
    pub capacity: Option<u32>,
    /// 受入対象者 (指定避難所): whom it accepts, in the file's words.
    pub accepts: String,
    /// 対象となる町会・自治会.
    pub associations: Vec<String>,
    /// 備考.
    pub note: String,
}

impl ShelterHazard {
    /// The word a printed sheet or a list uses (洪水, 土砂災害 …).
    pub fn short_label(self) -> &'static str {
        match self {
            ShelterHazard::Flood => "洪水",
            ShelterHazard::Landslide => "土砂災害",
            ShelterHazard::StormSurge => "高潮",
            ShelterHazard::Earthquake => "地震",
            ShelterHazard::Tsunami => "津波",
            ShelterHazard::LargeFire => "大規模な火事",
            ShelterHazard::InlandFlood => "内水氾濫",
            ShelterHazard::Volcano => "火山",
        }
    }

    /// The hazard zone of a home (`HazardKind`) that this designation is about, if any.
    pub fn zone(self) -> Option<super::HazardKind> {
        match self {
            ShelterHazard::Flood | ShelterHazard::InlandFlood => Some(super::HazardKind::Flood),
            ShelterHazard::Landslide => Some(super::HazardKind::Landslide),
            ShelterHazard::Tsunami => Some(super::HazardKind::Tsunami),
            _ => None,
        }
    }
}

/// A shelter of the roster's registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shelter {
    /// The roster's id.
    pub id: i64,
    /// 共通ID / ID of the registry it came from; `None` when entered by hand.
    pub registry_key: Option<String>,
    /// 施設・場所名.
    pub name: String,
    /// 住所.
    pub address: String,
    /// 都道府県名及び市町村名.
    pub municipality: String,
    /// A 指定緊急避難場所.
    pub emergency_site: bool,
    /// A 指定避難所.
    pub evacuation_centre: bool,
    /// The hazards it is designated for, in [`ShelterHazard::ALL`]'s order.
    pub hazards: Vec<ShelterHazard>,
    /// 緯度.
    pub lat: Option<f64>,
    /// 経度.
    pub lon: Option<f64>,
    /// 想定収容人数.
    pub capacity: Option<u32>,
    /// 受入対象者.
    pub accepts: String,
    /// 対象となる町会・自治会.
    pub associations: Vec<String>,
    /// 備考.
    pub note: String,
    /// 福祉避難所: 指定 or 協定; `None` for any other shelter.
    pub welfare: Option<WelfareKind>,
    /// Whom it accepts, as a 福祉避難所.
    pub groups: Vec<AcceptedGroup>,
    /// How many family members may come with each person.
    pub family: u32,
    /// Who to call.
    pub contact: String,
    /// What it has: 電源, 酸素, 介護ベッド …
    pub equipment: Vec<String>,
    /// The day it went from the registry (an accepted removal), if it did.
    pub gone_on: Option<String>,
}

/// A shelter the officer enters (`shelter add --json`): a 福祉避難所, or a place no
/// published list holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewShelter {
    /// 施設名.
    pub name: String,
    /// 住所.
    #[serde(default)]
    pub address: String,
    /// `designated` (指定福祉避難所) or `agreement` (協定福祉避難所); absent for another kind.
    #[serde(default)]
    pub welfare: Option<WelfareKind>,
    /// Whom it accepts.
    #[serde(default)]
    pub groups: Vec<AcceptedGroup>,
    /// Family members who may come with each person (default 1).
    #[serde(default = "one")]
    pub family: u32,
    /// Capacity in persons.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Who to call.
    #[serde(default)]
    pub contact: String,
    /// What it has.
    #[serde(default)]
    pub equipment: Vec<String>,
    /// The hazards it is safe for, when it is also a 指定緊急避難場所 for them.
    #[serde(default)]
    pub hazards: Vec<ShelterHazard>,
    /// 緯度.
    #[serde(default)]
    pub lat: Option<f64>,
    /// 経度.
    #[serde(default)]
    pub lon: Option<f64>,
    /// 備考.
    #[serde(default)]
    pub note: String,
}

fn one() -> u32 {
    1
}

impl NewShelter {
    /// Checks and tidies the document, naming the field that is wrong.
    pub fn normalise(&mut self) -> Result<(), crate::error::ValidationError> {
        let err = crate::error::ValidationError::new;
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(err("name", "must not be empty"));
        }
        self.address = self.address.trim().to_string();
        if self.welfare.is_none() && !self.groups.is_empty() {
            return Err(err(
                "groups",
                "are only for a 福祉避難所: set welfare to designated or agreement",
            ));
        }
        if self.welfare == Some(WelfareKind::Designated) && self.groups.is_empty() {
            return Err(err(
                "groups",
                "a 指定福祉避難所 publishes whom it accepts (受入対象者の公示): name at least one group",
            ));
        }
        if self.welfare.is_some() && self.capacity.is_none() {
            return Err(err(
                "capacity",
                "a 福祉避難所 needs its capacity in persons, to match people within it",
            ));
        }
        match (self.lat, self.lon) {
            (Some(lat), Some(lon))
                if (20.0..=46.0).contains(&lat) && (122.0..=154.0).contains(&lon) => {}
            (None, None) => {}
            _ => {
                return Err(err(
                    "lat",
                    "give both lat (20–46) and lon (122–154) in degrees, or neither",
                ))
            }
        }
        self.groups.sort();
        self.groups.dedup();
        self.hazards.sort();
        self.hazards.dedup();
        self.equipment = self
            .equipment
            .iter()
            .map(|e| e.trim().replace(';', "；"))
            .filter(|e| !e.is_empty())
            .collect();
        Ok(())
    }
}

/// What a registry import found for one shelter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShelterChange {
    /// The change's id.
    pub id: i64,
    /// The import that found it.
    pub import_id: i64,
    /// 共通ID / ID.
    pub registry_key: String,
    /// The shelter it changes (`None` for a new one).
    pub shelter_id: Option<i64>,
    /// `new`, `changed` or `gone`.
    pub change: String,
    /// The file's layout.
    pub layout: RegistryLayout,
    /// The registry's row (new and changed).
    pub entry: Option<RegistryEntry>,
    /// What differs (changed): `name`, `address`, `position`, `hazards`, …
    pub fields: Vec<String>,
    /// `pending`, `accepted`, `rejected` or `superseded`.
    pub status: String,
}

impl RegistryLayout {
    /// True when the layout's rows are 指定緊急避難場所 (designated per hazard).
    pub fn lists_emergency_sites(self) -> bool {
        self != RegistryLayout::GsiEvacuation
    }
}

/// What of `shelter` a registry row of `layout` says otherwise, by field: `name`,
/// `address`, `position`, and by layout `hazards` and `evacuation-centre` (指定緊急避難場所),
/// `accepts` (指定避難所), `capacity` and `associations` (the open data set). A field the
/// layout does not carry is never a difference; nor is a position within about 1 m.
pub fn differences(
    entry: &RegistryEntry,
    shelter: &Shelter,
    layout: RegistryLayout,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if entry.name != shelter.name {
        out.push("name");
    }
    if entry.address != shelter.address {
        out.push("address");
    }
    let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-5,
        (None, None) => true,
        _ => false,
    };
    if !near(entry.lat, shelter.lat) || !near(entry.lon, shelter.lon) {
        out.push("position");
    }
    match layout {
        RegistryLayout::GsiEvacuation => {
            if !shelter.evacuation_centre {
                out.push("evacuation-centre");
            }
            if entry.accepts != shelter.accepts {
                out.push("accepts");
            }
        }
        RegistryLayout::GsiEmergency | RegistryLayout::OpenDataEmergency => {
            if !shelter.emergency_site || entry.hazards != shelter.hazards {
                out.push("hazards");
            }
            // A file without the column says nothing of it: only a designation it states
            // that the roster lacks is a difference.
            if entry.evacuation_centre && !shelter.evacuation_centre {
                out.push("evacuation-centre");
            }
        }
    }
    if layout == RegistryLayout::OpenDataEmergency {
        if entry.capacity != shelter.capacity {
            out.push("capacity");
        }
        if entry.associations != shelter.associations {
            out.push("associations");
        }
    }
    out
}

/// What the 福祉避難所 checks and matching read of a person (a few columns, never the
/// record: a city's roster is read in one pass).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShelterFacts {
    /// 年齢 on the day of the check.
    pub age: u32,
    /// 対象者区分.
    pub category: Option<super::Category>,
    /// 要介護度.
    pub care_level: Option<super::CareLevel>,
    /// 身体障害者手帳の等級 (1–6).
    pub physical_grade: Option<u8>,
    /// 療育手帳.
    pub intellectual_grade: Option<super::IntellectualGrade>,
    /// 精神障害者保健福祉手帳の等級 (1–3).
    pub mental_grade: Option<u8>,
    /// A 難病 is recorded.
    pub intractable_disease: bool,
    /// A medical device (医療的ケア) is recorded.
    pub medical_device: bool,
}

impl ShelterFacts {
    /// The groups of the 受入対象者の公示 the person belongs to: 高齢者 (65 or over, or
    /// certified 要支援・要介護), 障害者 / 障害児 (a disability certificate, 18 and over /
    /// under 18), 乳幼児 (under 6), 妊産婦 (対象者区分 妊産婦・乳幼児 from age 6), 難病患者,
    /// 医療的ケアを必要とする者 (a medical device). 傷病者 is not on the record.
    pub fn groups(&self) -> Vec<AcceptedGroup> {
        let mut out = Vec::new();
        if self.age >= 65 || self.care_level.is_some() {
            out.push(AcceptedGroup::Elderly);
        }
        let disabled = self.physical_grade.is_some()
            || self.intellectual_grade.is_some()
            || self.mental_grade.is_some()
            || self.category == Some(super::Category::Disabled);
        if disabled {
            out.push(if self.age >= 18 {
                AcceptedGroup::Disabled
            } else {
                AcceptedGroup::DisabledChild
            });
        }
        if self.age < 6 {
            out.push(AcceptedGroup::Infant);
        } else if self.category == Some(super::Category::PregnantOrInfant) {
            out.push(AcceptedGroup::Pregnant);
        }
        if self.intractable_disease || self.category == Some(super::Category::IntractableDisease) {
            out.push(AcceptedGroup::IntractableDisease);
        }
        if self.medical_device {
            out.push(AcceptedGroup::MedicalCare);
        }
        out.sort();
        out
    }

    /// Why the person needs a 福祉避難所 (the matching's rule), if they do: a medical
    /// device (`medical-device`), 要介護4–5 (`care-level`), or a severe disability
    /// (身体1・2級, 療育手帳A, 精神1級: `disability`).
    pub fn welfare_need(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.medical_device {
            out.push("medical-device");
        }
        if matches!(
            self.care_level,
            Some(super::CareLevel::Care4 | super::CareLevel::Care5)
        ) {
            out.push("care-level");
        }
        if matches!(self.physical_grade, Some(1 | 2))
            || self.intellectual_grade == Some(super::IntellectualGrade::A)
            || self.mental_grade == Some(1)
        {
            out.push("disability");
        }
        out
    }
}
