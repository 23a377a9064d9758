//! The shelters (#22) as the window shows them: the registry (for the plan editor's picker
//! and the 避難先 screen), the warnings about the plans' shelters, and the 福祉避難所
//! matching. Vocabulary travels as tokens (`flood`, `designated`); the core's warning
//! labels are Japanese, and the page translates by `code`.

use serde::Serialize;
use ts_rs::TS;
use yorisoi::model::shelter::Shelter;
use yorisoi::shelters::{ShelterWarning, Suggestion, WelfareLoad, WelfareMatching, WelfareNeed};

/// A shelter of the registry, gone ones too (marked by `gone_on`).
#[derive(Debug, Serialize, TS)]
pub struct ShelterRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub address: String,
    /// A 指定緊急避難場所.
    pub emergency_site: bool,
    /// A 指定避難所.
    pub evacuation_centre: bool,
    /// 福祉避難所: `designated` | `agreement`; null for any other shelter.
    pub welfare: Option<String>,
    /// The hazards it is designated for (`shelter_hazard` tokens).
    pub hazards: Vec<String>,
    /// 想定収容人数 (受入可能人数 for a 福祉避難所).
    pub capacity: Option<u32>,
    /// The day it went from the registry (ISO), if it did.
    pub gone_on: Option<String>,
}

impl From<Shelter> for ShelterRow {
    fn from(s: Shelter) -> Self {
        ShelterRow {
            id: s.id,
            name: s.name,
            address: s.address,
            emergency_site: s.emergency_site,
            evacuation_centre: s.evacuation_centre,
            welfare: s.welfare.map(|w| w.token().to_owned()),
            hazards: s.hazards.iter().map(|h| h.token().to_owned()).collect(),
            capacity: s.capacity,
            gone_on: s.gone_on,
        }
    }
}

/// One warning about one destination of one plan.
#[derive(Debug, Serialize, TS)]
pub struct ShelterWarningRow {
    #[ts(type = "number")]
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    pub district: Option<String>,
    /// The destination's place in the plan, from 1.
    #[ts(type = "number")]
    pub position: i64,
    #[ts(type = "number")]
    pub shelter_id: i64,
    pub shelter_name: String,
    /// The hazard it is about (a `shelter_hazard` token), when it is about one.
    pub hazard: Option<String>,
    /// `not-designated` | `in-hazard-zone` | `agreement-direct` | `not-accepted` | `gone`.
    pub code: String,
    /// The warning in words (the core's, Japanese).
    pub label: String,
}

impl From<ShelterWarning> for ShelterWarningRow {
    fn from(w: ShelterWarning) -> Self {
        ShelterWarningRow {
            person_id: w.person_id,
            name: w.name,
            district: w.district,
            position: w.position,
            shelter_id: w.shelter_id,
            shelter_name: w.shelter_name,
            hazard: w.hazard.map(|h| h.token().to_owned()),
            code: w.code,
            label: w.label,
        }
    }
}

/// One 福祉避難所 and who is agreed to go there directly.
#[derive(Debug, Serialize, TS)]
pub struct WelfareLoadRow {
    #[ts(type = "number")]
    pub shelter_id: i64,
    pub name: String,
    /// `designated` | `agreement`.
    pub welfare: String,
    /// 受入可能人数.
    pub capacity: u32,
    /// The people agreed to go there directly.
    #[ts(type = "Array<number>")]
    pub people: Vec<i64>,
    /// The family members coming with them.
    pub family: u32,
    /// People and family together.
    pub total: u32,
    /// How many more it takes (negative: over capacity by that many).
    #[ts(type = "number")]
    pub room: i64,
}

impl From<WelfareLoad> for WelfareLoadRow {
    fn from(l: WelfareLoad) -> Self {
        WelfareLoadRow {
            shelter_id: l.shelter_id,
            name: l.name,
            welfare: l.welfare.token().to_owned(),
            capacity: l.capacity,
            people: l.people,
            family: l.family,
            total: l.total,
            room: l.room,
        }
    }
}

/// A 指定福祉避難所 offered for a person.
#[derive(Debug, Serialize, TS)]
pub struct WelfareSuggestion {
    #[ts(type = "number")]
    pub shelter_id: i64,
    pub name: String,
    /// Its room before the person.
    #[ts(type = "number")]
    pub room: i64,
    /// From the person's home, in metres, when both are placed.
    pub distance_m: Option<u32>,
}

impl From<Suggestion> for WelfareSuggestion {
    fn from(s: Suggestion) -> Self {
        WelfareSuggestion {
            shelter_id: s.shelter_id,
            name: s.name,
            room: s.room,
            distance_m: s.distance_m,
        }
    }
}

/// A person who needs a 福祉避難所 and has none agreed.
#[derive(Debug, Serialize, TS)]
pub struct WelfareNeedRow {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub district: Option<String>,
    /// Why: `medical-device` | `care-level` | `disability`.
    pub reasons: Vec<String>,
    /// Their groups of the 受入対象者の公示 (`accepted_group` tokens).
    pub groups: Vec<String>,
    /// Family members who would come.
    pub household: u32,
    /// Accepting 指定福祉避難所 with room, nearest first.
    pub suggestions: Vec<WelfareSuggestion>,
}

impl From<WelfareNeed> for WelfareNeedRow {
    fn from(n: WelfareNeed) -> Self {
        WelfareNeedRow {
            person_id: n.person_id,
            name: n.name,
            district: n.district,
            reasons: n.reasons,
            groups: n.groups.iter().map(|g| g.token().to_owned()).collect(),
            household: n.household,
            suggestions: n.suggestions.into_iter().map(Into::into).collect(),
        }
    }
}

/// The 福祉避難所 matching: suggestions only, the officer decides in the plan.
#[derive(Debug, Serialize, TS)]
pub struct WelfareMatchingView {
    /// Every 福祉避難所 still in the registry.
    pub shelters: Vec<WelfareLoadRow>,
    /// Those over capacity (ids).
    #[ts(type = "Array<number>")]
    pub over_capacity: Vec<i64>,
    /// Those who need one and have none agreed.
    pub needing: Vec<WelfareNeedRow>,
}

impl From<WelfareMatching> for WelfareMatchingView {
    fn from(m: WelfareMatching) -> Self {
        WelfareMatchingView {
            shelters: m.shelters.into_iter().map(Into::into).collect(),
            over_capacity: m.over_capacity,
            needing: m.needing.into_iter().map(Into::into).collect(),
        }
    }
}
