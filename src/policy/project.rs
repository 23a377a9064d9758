//! Cuts a person record down to the fields a decision allows, each as a JSON value (tokens,
//! for scripts) and as text (Japanese labels, for the screen and for printed lists).

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::consent::parse_iso;
use super::fields::{Field, FieldSet};
use crate::model::wareki::{age_on, to_wareki};
use crate::model::Person;

/// One field of one person on a list.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    /// Which field.
    pub field: Field,
    /// Its value in the JSON form (`sex: "female"`, `age: 84`, arrays for contacts).
    pub value: Value,
    /// Its value as shown (`女`, `84歳`); empty when there is nothing to show.
    pub text: String,
}

/// The fields of one person, in list order. Serialises as a JSON object keyed by field
/// token, so a person's entry holds exactly the allowed keys and nothing else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldValues(pub Vec<FieldValue>);

impl FieldValues {
    /// The value of field `f`, if it is there.
    pub fn get(&self, f: Field) -> Option<&FieldValue> {
        self.0.iter().find(|v| v.field == f)
    }
}

impl Serialize for FieldValues {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for v in &self.0 {
            m.serialize_entry(v.field.token(), &v.value)?;
        }
        m.end()
    }
}

/// The allowed `fields` of `p`, with the age counted on `today`.
pub fn project(p: &Person, fields: FieldSet, today: NaiveDate) -> FieldValues {
    FieldValues(
        fields
            .iter()
            .map(|field| {
                let (value, text) = value_of(p, field, today);
                FieldValue { field, value, text }
            })
            .collect(),
    )
}

fn s(v: &str) -> (Value, String) {
    (json!(v), v.to_string())
}

fn opt_s(v: Option<&str>) -> (Value, String) {
    (json!(v), v.unwrap_or("").to_string())
}

fn token(t: Option<(&str, &str)>) -> (Value, String) {
    (
        json!(t.map(|t| t.0)),
        t.map(|t| t.1).unwrap_or("").to_string(),
    )
}

fn to_json<T: Serialize>(v: &T) -> Value {
    // Serialising plain record structs cannot fail; Null is the honest fallback.
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn joined(items: impl Iterator<Item = String>, sep: &str) -> String {
    items
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

fn value_of(p: &Person, f: Field, today: NaiveDate) -> (Value, String) {
    match f {
        Field::Name => s(&p.name),
        Field::Furigana => s(&p.furigana),
        Field::Sex => token(Some((p.sex.token(), p.sex.label()))),
        Field::Age => {
            let age = parse_iso(&p.date_of_birth).map(|d| age_on(d, today));
            (
                json!(age),
                age.map(|a| format!("{a}歳")).unwrap_or_default(),
            )
        }
        Field::DateOfBirth => {
            let wareki = parse_iso(&p.date_of_birth).and_then(to_wareki);
            let text = match wareki {
                Some(w) => format!("{w}（{}）", p.date_of_birth),
                None => p.date_of_birth.clone(),
            };
            (json!(p.date_of_birth), text)
        }
        Field::Address => s(&p.address),
        Field::Phone => s(&p.phone),
        Field::MobilePhone => s(&p.contact.mobile_phone),
        Field::Fax => s(&p.contact.fax),
        Field::Email => s(&p.contact.email),
        Field::District => opt_s(p.district.as_deref()),
        Field::Association => opt_s(p.association.as_deref()),
        Field::Block => opt_s(p.block.as_deref()),
        Field::WelfareCommissioner => s(&p.welfare_commissioner),
        Field::Category => token(Some((p.category.token(), p.category.label()))),
        Field::SupportReason => s(&p.support_reason),
        Field::CareLevel => token(p.care_level.map(|c| (c.token(), c.label()))),
        Field::Disabilities => disabilities(p),
        Field::MedicalDevices => (
            to_json(&p.medical_devices),
            joined(
                p.medical_devices.iter().map(|d| {
                    let power = if d.power_dependent {
                        "（電源必要）"
                    } else {
                        ""
                    };
                    format!("{}{power} {}", d.device.label(), d.note)
                        .trim()
                        .to_string()
                }),
                "、",
            ),
        ),
        Field::CommunicationNeeds => (
            to_json(&p.communication_needs),
            joined(
                p.communication_needs.iter().map(|n| n.label().to_string()),
                "、",
            ),
        ),
        Field::Mobility => token(p.mobility.map(|m| (m.token(), m.label()))),
        Field::Household => token(p.household.map(|h| (h.token(), h.label()))),
        Field::HouseholdMembers => (
            to_json(&p.household_members),
            joined(
                p.household_members.iter().map(|m| {
                    let age = m.age.map(|a| format!(" {a}歳")).unwrap_or_default();
                    format!("{}（{}）{age}", m.name, m.relationship)
                }),
                "、",
            ),
        ),
        Field::EmergencyContacts => (
            to_json(&p.emergency_contacts),
            joined(
                p.emergency_contacts.iter().map(|c| {
                    format!("{}（{}）{} {}", c.name, c.relationship, c.phone, c.address)
                        .trim()
                        .to_string()
                }),
                "、",
            ),
        ),
        Field::House => house(p),
        Field::HelpNeeded => s(&p.help_needed),
        Field::ItemsToCarry => s(&p.items_to_carry),
        Field::Allergies => s(&p.allergies),
        Field::RegularClinic => s(&p.regular_clinic),
        Field::Notes => s(&p.notes),
        Field::EmergencyAlarm => (
            json!(p.emergency_alarm),
            if p.emergency_alarm {
                "あり"
            } else {
                "なし"
            }
            .to_string(),
        ),
        Field::HazardZones => {
            let z = &p.hazard_zones;
            let text = joined(
                [
                    (z.flood, "浸水想定区域"),
                    (z.landslide, "土砂災害警戒区域"),
                    (z.tsunami, "津波浸水想定区域"),
                ]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, l)| l.to_string()),
                "、",
            );
            (to_json(z), text)
        }
        Field::Supporters => (
            to_json(&p.supporters),
            joined(
                p.supporters.iter().map(|s| {
                    format!(
                        "{}. {}（{}）{}",
                        s.position,
                        s.name,
                        s.kind.label(),
                        s.phone
                    )
                    .trim()
                    .to_string()
                }),
                "、",
            ),
        ),
        Field::Plan => plan(p),
    }
}

fn disabilities(p: &Person) -> (Value, String) {
    let value = json!({
        "physical": p.physical_disability,
        "intellectual_grade": p.intellectual_disability_grade,
        "mental_grade": p.mental_disability_grade,
        "intractable_disease": p.intractable_disease,
    });
    let text = joined(
        [
            p.physical_disability
                .as_ref()
                .map(|d| format!("身体{}級 {}", d.grade, d.kind).trim().to_string()),
            p.intellectual_disability_grade
                .map(|g| format!("療育{}", g.label())),
            p.mental_disability_grade.map(|g| format!("精神{g}級")),
            Some(p.intractable_disease.clone())
                .filter(|d| !d.is_empty())
                .map(|d| format!("難病 {d}")),
        ]
        .into_iter()
        .flatten(),
        "、",
    );
    (value, text)
}

fn house(p: &Person) -> (Value, String) {
    let h = &p.house;
    let text = joined(
        [
            h.structure.map(|s| s.label().to_string()),
            h.storeys.map(|s| format!("{s}階建")),
            h.year_built.map(|y| format!("{y}年築")),
            Some(h.usual_room.clone())
                .filter(|r| !r.is_empty())
                .map(|r| format!("普段 {r}")),
            Some(h.bedroom_location.clone())
                .filter(|r| !r.is_empty())
                .map(|r| format!("寝室 {r}")),
        ]
        .into_iter()
        .flatten(),
        " ",
    );
    (to_json(h), text)
}

fn plan(p: &Person) -> (Value, String) {
    let Some(plan) = &p.plan else {
        return (Value::Null, String::new());
    };
    let destinations = plan.destinations.iter().map(|d| {
        let hazard = d
            .hazard
            .map(|h| format!("（{}）", h.short_label()))
            .unwrap_or_default();
        let direct = if d.direct_admission {
            "（直接避難）"
        } else {
            ""
        };
        format!("避難先{hazard} {}{direct}", d.name)
    });
    let rest = [
        Some(plan.route.clone())
            .filter(|r| !r.is_empty())
            .map(|r| format!("経路 {r}")),
        plan.means.map(|m| format!("方法 {}", m.label())),
        Some(plan.departure_timing.clone())
            .filter(|t| !t.is_empty())
            .map(|t| format!("開始 {t}")),
        Some(plan.warning_contact.clone())
            .filter(|t| !t.is_empty())
            .map(|t| format!("伝達 {t}")),
        Some(plan.if_unreachable.clone())
            .filter(|t| !t.is_empty())
            .map(|t| format!("連絡不能時 {t}")),
    ];
    let text = joined(destinations.chain(rest.into_iter().flatten()), "／");
    (to_json(plan), text)
}
