//! The 個別避難計画 a person record carries: where to go, how and when, who warns, and the
//! plan's own dates.

use serde::{Deserialize, Serialize};

use crate::model::shelter::ShelterHazard;
use crate::model::tokens::{DestinationKind, EvacuationMeans, PlanMaker, WarningMethod};

/// 個別避難計画.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// 避難先, in order of preference.
    #[serde(default)]
    pub destinations: Vec<Destination>,
    /// 避難経路.
    #[serde(default)]
    pub route: String,
    /// 避難方法.
    #[serde(default)]
    pub means: Option<EvacuationMeans>,
    /// When to leave (e.g. 警戒レベル3 高齢者等避難).
    #[serde(default)]
    pub departure_timing: String,
    /// 避難情報の伝達者.
    #[serde(default)]
    pub warning_contact: String,
    /// How warnings reach the person.
    #[serde(default)]
    pub warning_method: Option<WarningMethod>,
    /// What to do when the person cannot be reached.
    #[serde(default)]
    pub if_unreachable: String,
    /// Who made the plan: 本人・家族, 地域 or 福祉専門職 (set to 福祉専門職 with the office when
    /// a commission is approved).
    #[serde(default)]
    pub made_by: Option<PlanMaker>,
    /// The care office (its recipient id) that made it, for 福祉専門職.
    #[serde(default)]
    pub made_by_office: Option<i64>,
    /// Who drafted the plan.
    #[serde(default)]
    pub drafted_by: String,
    /// Their role (ケアマネジャー, 相談支援専門員 ...).
    #[serde(default)]
    pub drafted_by_role: String,
    /// Created (ISO date); today when empty.
    #[serde(default)]
    pub created_on: Option<String>,
    /// Updated (ISO date); today when empty.
    #[serde(default)]
    pub updated_on: Option<String>,
    /// Last verified with the person (ISO date).
    #[serde(default)]
    pub verified_on: Option<String>,
}

/// One 避難先.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    /// Kind of place.
    pub kind: DestinationKind,
    /// Its name.
    pub name: String,
    /// Its address.
    #[serde(default)]
    pub address: String,
    /// A 指定福祉避難所 has agreed to receive the person directly.
    #[serde(default)]
    pub direct_admission: bool,
    /// The kind of hazard it is the place for; `None` for any (or the only) one.
    #[serde(default)]
    pub hazard: Option<ShelterHazard>,
    /// The shelter of the registry (`shelter list`) it is, when chosen from it: its name
    /// and address are then the registry's, and its kind follows the shelter's.
    #[serde(default)]
    pub shelter_id: Option<i64>,
}

impl Destination {
    /// Its kind as a sheet prints it, with the hazard it is for and a direct evacuation:
    /// `指定避難所（洪水）`, `福祉避難所（直接避難）`.
    pub fn kind_label(&self) -> String {
        let mut notes = Vec::new();
        if let Some(h) = self.hazard {
            notes.push(h.short_label());
        }
        if self.direct_admission {
            notes.push("直接避難");
        }
        if notes.is_empty() {
            self.kind.label().to_string()
        } else {
            format!("{}（{}）", self.kind.label(), notes.join("・"))
        }
    }
}
