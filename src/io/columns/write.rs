//! Writing a [`Person`] into cells, as an export writes them and an import's review shows
//! them.

use super::Column;
use crate::model::Person;

impl Column {
    /// The value as an export writes it (and as a review shows it).
    pub fn get(self, p: &Person) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        match self {
            Column::Id => p.id.map(|i| i.to_string()).unwrap_or_default(),
            Column::ResidentNumber => opt(&p.resident_number),
            Column::Name => p.name.clone(),
            Column::Furigana => p.furigana.clone(),
            Column::Sex => p.sex.label().to_string(),
            Column::DateOfBirth => p.date_of_birth.clone(),
            Column::Address => p.address.clone(),
            Column::Phone => p.phone.clone(),
            Column::MobilePhone => p.contact.mobile_phone.clone(),
            Column::Fax => p.contact.fax.clone(),
            Column::Email => p.contact.email.clone(),
            Column::District => opt(&p.district),
            Column::Association => opt(&p.association),
            Column::Block => opt(&p.block),
            Column::AddressProtected => flag(p.address_protected),
            Column::WelfareCommissioner => p.welfare_commissioner.clone(),
            Column::Category => p.category.label().to_string(),
            Column::SupportReason => p.support_reason.clone(),
            Column::CareLevel => p
                .care_level
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
            Column::CareLevelUntil => opt(&p.care_level_until),
            Column::PhysicalGrade => p
                .physical_disability
                .as_ref()
                .map(|d| d.grade.to_string())
                .unwrap_or_default(),
            Column::PhysicalKind => p
                .physical_disability
                .as_ref()
                .map(|d| d.kind.clone())
                .unwrap_or_default(),
            Column::IntellectualGrade => p
                .intellectual_disability_grade
                .map(|g| g.token().to_string())
                .unwrap_or_default(),
            Column::MentalGrade => p
                .mental_disability_grade
                .map(|g| g.to_string())
                .unwrap_or_default(),
            Column::IntractableDisease => p.intractable_disease.clone(),
            Column::MedicalDevices => p
                .medical_devices
                .iter()
                .map(|d| {
                    let power = if d.power_dependent {
                        "電源"
                    } else {
                        "電源不要"
                    };
                    format!("{}({power})", d.device.label())
                })
                .collect::<Vec<_>>()
                .join(";"),
            Column::Mobility => p
                .mobility
                .map(|m| m.label().to_string())
                .unwrap_or_default(),
            Column::Household => p
                .household
                .map(|h| h.label().to_string())
                .unwrap_or_default(),
            Column::FloodZone => flag(p.hazard_zones.flood),
            Column::LandslideZone => flag(p.hazard_zones.landslide),
            Column::TsunamiZone => flag(p.hazard_zones.tsunami),
            Column::EmergencyAlarm => flag(p.emergency_alarm),
            Column::LastVerifiedOn => opt(&p.last_verified_on),
            Column::Notes => p.notes.clone(),
            Column::RegistrationRoute => p.registration.route.label().to_string(),
            Column::RegistrationDate => opt(&p.registration.date),
            Column::RegistrationSource => p.registration.source.clone(),
            Column::Status | Column::StatusDate => String::new(),
        }
    }
}
