//! The person record as the page edits it.
//!
//! A twin of the core's `Person` document with TypeScript generated from it. Vocabulary
//! fields travel as tokens (`"care-3"`); the core checks them. Conversion goes through the
//! document's JSON shape, so a field added to the core and not here fails the round-trip
//! test below instead of being silently dropped.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::model::Person;

use crate::error::IpcError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonDoc {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub furigana: String,
    pub sex: String,
    /// ISO, or wareki on input.
    pub date_of_birth: String,
    pub address: String,
    pub phone: String,
    pub district: Option<String>,
    pub association: Option<String>,
    pub block: Option<String>,
    pub resident_number: Option<String>,
    pub address_protected: bool,
    pub contact: ContactDoc,
    pub welfare_commissioner: String,
    pub category: String,
    pub support_reason: String,
    pub care_level: Option<String>,
    /// The last day of the 要介護認定, ISO (wareki on input).
    pub care_level_until: Option<String>,
    pub physical_disability: Option<PhysicalDisabilityDoc>,
    pub intellectual_disability_grade: Option<String>,
    pub mental_disability_grade: Option<u8>,
    pub intractable_disease: String,
    pub medical_devices: Vec<MedicalDeviceDoc>,
    pub communication_needs: Vec<String>,
    pub mobility: Option<String>,
    pub household: Option<String>,
    pub household_members: Vec<HouseholdMemberDoc>,
    pub emergency_contacts: Vec<EmergencyContactDoc>,
    pub house: HouseDoc,
    pub help_needed: String,
    pub items_to_carry: String,
    pub allergies: String,
    pub regular_clinic: String,
    pub notes: String,
    pub emergency_alarm: bool,
    pub hazard_zones: HazardZonesDoc,
    pub registration: RegistrationDoc,
    pub plan: Option<PlanDoc>,
    pub last_verified_on: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub archived: Option<ArchivedDoc>,
    pub supporters: Vec<AssignedSupporterDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ContactDoc {
    pub mobile_phone: String,
    pub fax: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PhysicalDisabilityDoc {
    pub grade: u8,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MedicalDeviceDoc {
    pub device: String,
    pub power_dependent: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HouseholdMemberDoc {
    pub name: String,
    pub relationship: String,
    pub age: Option<u8>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EmergencyContactDoc {
    pub name: String,
    pub relationship: String,
    pub address: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HouseDoc {
    pub structure: Option<String>,
    pub storeys: Option<u8>,
    pub year_built: Option<u16>,
    pub usual_room: String,
    pub bedroom_location: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HazardZonesDoc {
    pub flood: bool,
    pub landslide: bool,
    pub tsunami: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RegistrationDoc {
    pub route: String,
    pub date: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PlanDoc {
    pub destinations: Vec<DestinationDoc>,
    pub route: String,
    pub means: Option<String>,
    pub departure_timing: String,
    pub warning_contact: String,
    pub warning_method: Option<String>,
    pub if_unreachable: String,
    pub made_by: Option<String>,
    #[ts(type = "number | null")]
    pub made_by_office: Option<i64>,
    pub drafted_by: String,
    pub drafted_by_role: String,
    pub created_on: Option<String>,
    pub updated_on: Option<String>,
    pub verified_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DestinationDoc {
    pub kind: String,
    pub name: String,
    pub address: String,
    pub direct_admission: bool,
    /// The kind of hazard it is the place for (a `shelter_hazard` token); null: any.
    pub hazard: Option<String>,
    /// The registry's shelter, when chosen from it (its name and address are then the
    /// registry's).
    #[ts(type = "number | null")]
    pub shelter_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ArchivedDoc {
    pub on: String,
    pub reason: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AssignedSupporterDoc {
    #[ts(type = "number")]
    pub supporter_id: i64,
    pub position: u32,
    pub role: String,
    pub name: String,
    pub kind: String,
    pub phone: String,
    pub available_day: bool,
    pub available_night: bool,
}

impl PersonDoc {
    /// The core's document as the page sees it.
    pub fn from_core(person: &Person) -> Result<PersonDoc, IpcError> {
        serde_json::to_value(person)
            .and_then(serde_json::from_value)
            .map_err(|_| IpcError::internal("a person record does not fit the window's form"))
    }

    /// The page's document as the core reads it: a bad value is an `invalid_input`
    /// error naming the field (`care_level`, `emergency_contacts[0].name`).
    pub fn into_core(self) -> Result<Person, IpcError> {
        let text = serde_json::to_string(&self)
            .map_err(|_| IpcError::internal("the form could not be read"))?;
        Person::from_json(&text).map_err(|e| yorisoi::Error::Invalid(e).into())
    }
}

/// A person's id.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonId {
    #[ts(type = "number")]
    pub id: i64,
}

/// A new or changed record.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonSaveRequest {
    /// `null` adds a new person.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub person: PersonDoc,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ArchiveRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub reason: String,
    /// ISO or wareki; today when empty.
    pub on: String,
    pub note: String,
}

/// A date as typed (western or wareki) and what it means.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DateRequest {
    pub text: String,
}

#[derive(Debug, Serialize, TS)]
pub struct DateReading {
    /// `1940-03-02`.
    pub iso: String,
    /// `昭和15年3月2日` (none before Meiji).
    pub wareki: Option<String>,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use yorisoi::{Passphrase, PersonQuery, Roster, SystemClock};

    use super::*;

    /// Every demo person (they fill nearly every field) survives the trip through the
    /// window's form unchanged: nothing is lost or renamed on the way.
    #[test]
    fn person_documents_round_trip_through_the_form() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.db");
        let pass = Passphrase::new("ひまわり畑で赤い自転車".into());
        let (mut roster, _recovery) =
            Roster::create(&path, "職員", &pass, Arc::new(SystemClock)).expect("roster");
        yorisoi::demo::populate(&mut roster, 40, 3).expect("demo");
        let ids: Vec<i64> = roster
            .list_persons(&PersonQuery::default())
            .expect("list")
            .iter()
            .map(|p| p.id)
            .collect();
        let mut with_plan = 0;
        for id in ids {
            let person = roster.view_person(id).expect("person");
            with_plan += usize::from(person.plan.is_some());
            let doc = PersonDoc::from_core(&person).expect("fits");
            assert_eq!(doc.clone().into_core().expect("reads back"), person);
        }
        assert!(with_plan > 0, "the demo should include plans");
    }

    #[test]
    fn a_bad_token_names_its_field() {
        let json = serde_json::json!({
            "name": "山田 花子", "sex": "female", "date_of_birth": "1940-01-01",
            "address": "中央町1"
        });
        let person = Person::from_json(&json.to_string()).expect("person");
        let mut doc = PersonDoc::from_core(&person).expect("fits");
        doc.care_level = Some("care-9".into());
        let err = doc.into_core().expect_err("refused");
        assert_eq!(err.field.as_deref(), Some("care_level"));
    }
}
