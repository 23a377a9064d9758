//! The person record (避難行動要支援者) as the JSON document `person show --json` prints
//! and `person add --json` reads.
//!
//! The 個別避難計画 it may carry is in `plan`.

use serde::{Deserialize, Serialize};

use super::tokens::*;

mod plan;

pub use plan::{Destination, Plan};

/// A person needing support, with everything "What a record holds" lists.
///
/// The statutory fields (Art. 49-10) are the top-level `name`, `furigana`, `sex`,
/// `date_of_birth`, `address`, `phone` and `district`. Fields marked read-only are filled
/// by the store and ignored when a document is added or updated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Read-only: the roster's id.
    #[serde(default)]
    pub id: Option<i64>,
    /// 氏名: family and given name separated by a space.
    pub name: String,
    /// ふりがな, in hiragana or katakana.
    #[serde(default)]
    pub furigana: String,
    /// 性別.
    pub sex: Sex,
    /// 生年月日, ISO 8601 (`1940-03-02`); wareki (`昭和15年3月2日`, `S15.3.2`) is accepted on input.
    pub date_of_birth: String,
    /// 住所又は居所.
    pub address: String,
    /// 電話番号.
    #[serde(default)]
    pub phone: String,
    /// 地区 (created when new).
    #[serde(default)]
    pub district: Option<String>,
    /// 自治会 within the district.
    #[serde(default)]
    pub association: Option<String>,
    /// 班 within the association.
    #[serde(default)]
    pub block: Option<String>,
    /// 宛名番号, the municipality's resident number, when known.
    #[serde(default)]
    pub resident_number: Option<String>,
    /// DV・ストーカー等支援措置: the address must never be printed for others.
    #[serde(default)]
    pub address_protected: bool,
    /// Other contacts.
    #[serde(default)]
    pub contact: OtherContact,
    /// 担当民生委員 (name).
    #[serde(default)]
    pub welfare_commissioner: String,
    /// Registration category.
    #[serde(default = "default_category")]
    pub category: Category,
    /// 避難支援等を必要とする事由, in words.
    #[serde(default)]
    pub support_reason: String,
    /// 要介護度.
    #[serde(default)]
    pub care_level: Option<CareLevel>,
    /// The last day of the 要介護認定 (認定有効期間の終了日), ISO 8601; wareki is accepted on
    /// input. The plan is due for review on that day if its yearly review comes later.
    #[serde(default)]
    pub care_level_until: Option<String>,
    /// 身体障害者手帳.
    #[serde(default)]
    pub physical_disability: Option<PhysicalDisability>,
    /// 療育手帳.
    #[serde(default)]
    pub intellectual_disability_grade: Option<IntellectualGrade>,
    /// 精神障害者保健福祉手帳 grade 1–3.
    #[serde(default)]
    pub mental_disability_grade: Option<u8>,
    /// 難病 (the disease's name), empty if none.
    #[serde(default)]
    pub intractable_disease: String,
    /// Medical devices in use.
    #[serde(default)]
    pub medical_devices: Vec<MedicalDevice>,
    /// Communication needs.
    #[serde(default)]
    pub communication_needs: Vec<CommunicationNeed>,
    /// How the person moves.
    #[serde(default)]
    pub mobility: Option<Mobility>,
    /// Household situation.
    #[serde(default)]
    pub household: Option<HouseholdKind>,
    /// Who lives with them.
    #[serde(default)]
    pub household_members: Vec<HouseholdMember>,
    /// 緊急連絡先, in order.
    #[serde(default)]
    pub emergency_contacts: Vec<EmergencyContact>,
    /// The house.
    #[serde(default)]
    pub house: House,
    /// 特記事項: what help is needed.
    #[serde(default)]
    pub help_needed: String,
    /// What to carry (medication, devices).
    #[serde(default)]
    pub items_to_carry: String,
    /// Allergies.
    #[serde(default)]
    pub allergies: String,
    /// かかりつけ医.
    #[serde(default)]
    pub regular_clinic: String,
    /// Anything else.
    #[serde(default)]
    pub notes: String,
    /// 緊急通報システム installed.
    #[serde(default)]
    pub emergency_alarm: bool,
    /// Hazard exposure of the home.
    #[serde(default)]
    pub hazard_zones: HazardZones,
    /// How the person came onto the roster.
    #[serde(default)]
    pub registration: Registration,
    /// The evacuation plan, if one has been made.
    #[serde(default)]
    pub plan: Option<Plan>,
    /// When an officer last confirmed the record is current.
    #[serde(default)]
    pub last_verified_on: Option<String>,
    /// Read-only: when the record was created (RFC 3339).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Read-only: when the record last changed (RFC 3339).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Read-only: set when the person has left the roster.
    #[serde(default)]
    pub archived: Option<Archived>,
    /// Read-only: assigned supporters in order (assign them with the supporter commands).
    #[serde(default)]
    pub supporters: Vec<AssignedSupporter>,
}

fn default_category() -> Category {
    Category::Other
}

/// Contacts other than the main phone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherContact {
    /// Mobile phone.
    #[serde(default)]
    pub mobile_phone: String,
    /// FAX (often the way to reach deaf people).
    #[serde(default)]
    pub fax: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
}

/// 身体障害者手帳.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhysicalDisability {
    /// Grade 1 (most severe) to 6.
    pub grade: u8,
    /// Type (視覚, 聴覚, 肢体不自由, 内部 ...).
    #[serde(default)]
    pub kind: String,
}

/// One medical device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalDevice {
    /// Which device.
    pub device: MedicalDeviceKind,
    /// Needs mains power (a blackout is life-threatening).
    pub power_dependent: bool,
    /// Free text (battery hours, supplier).
    #[serde(default)]
    pub note: String,
}

/// Someone living with the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdMember {
    /// Name.
    pub name: String,
    /// 続柄.
    #[serde(default)]
    pub relationship: String,
    /// Age in years.
    #[serde(default)]
    pub age: Option<u8>,
    /// e.g. works nights.
    #[serde(default)]
    pub note: String,
}

/// 緊急連絡先.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyContact {
    /// Name.
    pub name: String,
    /// 続柄.
    #[serde(default)]
    pub relationship: String,
    /// Address.
    #[serde(default)]
    pub address: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
}

/// The house the person lives in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct House {
    /// 構造.
    #[serde(default)]
    pub structure: Option<HouseStructure>,
    /// Storeys.
    #[serde(default)]
    pub storeys: Option<u8>,
    /// Year built.
    #[serde(default)]
    pub year_built: Option<u16>,
    /// 普段いる部屋.
    #[serde(default)]
    pub usual_room: String,
    /// 寝室の位置 (e.g. 1階 北側和室).
    #[serde(default)]
    pub bedroom_location: String,
}

/// Hazard zones the home lies in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HazardZones {
    /// 浸水想定区域.
    #[serde(default)]
    pub flood: bool,
    /// 土砂災害警戒区域.
    #[serde(default)]
    pub landslide: bool,
    /// 津波浸水想定区域.
    #[serde(default)]
    pub tsunami: bool,
}

/// 登録方式 and where the data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// Route.
    pub route: RegistrationRoute,
    /// Date registered (ISO).
    #[serde(default)]
    pub date: Option<String>,
    /// For 共有情報方式: which welfare data it came from.
    #[serde(default)]
    pub source: String,
}

impl Default for Registration {
    fn default() -> Self {
        Registration {
            route: RegistrationRoute::Consent,
            date: None,
            source: String::new(),
        }
    }
}

/// Why and when a person left the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Archived {
    /// Date (ISO).
    pub on: String,
    /// Reason.
    pub reason: ArchiveReason,
    /// Free text.
    #[serde(default)]
    pub note: String,
}

/// A supporter as assigned to one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignedSupporter {
    /// The supporter's id.
    pub supporter_id: i64,
    /// 1 = first to go.
    pub position: u32,
    /// Role for this person.
    #[serde(default)]
    pub role: String,
    /// Name (person or group).
    pub name: String,
    /// Kind.
    pub kind: SupporterKind,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// Available by day.
    pub available_day: bool,
    /// Available by night.
    pub available_night: bool,
}

/// One line of a roster listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSummary {
    /// Id.
    pub id: i64,
    /// 氏名.
    pub name: String,
    /// ふりがな.
    pub furigana: String,
    /// 性別.
    pub sex: Sex,
    /// 生年月日 (ISO).
    pub date_of_birth: String,
    /// Age today, in full years.
    pub age: u32,
    /// 住所.
    pub address: String,
    /// 電話.
    pub phone: String,
    /// 地区.
    pub district: Option<String>,
    /// 要介護度.
    pub care_level: Option<CareLevel>,
    /// Number of supporters assigned.
    pub supporters: u32,
    /// True when archived.
    pub archived: bool,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct PersonQuery {
    /// Partial match on name, furigana, address or phone, whatever kana, width or spacing.
    pub text: Option<String>,
    /// Only this district (by name).
    pub district: Option<String>,
    /// Include archived people too.
    pub include_archived: bool,
    /// At most this many rows.
    pub limit: Option<usize>,
}

impl Person {
    /// Reads a person document (the shape `person show --json` prints). A malformed
    /// document is rejected naming the field (`care_level`, `emergency_contacts[0].name`).
    pub fn from_json(text: &str) -> Result<Person, crate::error::ValidationError> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." {
                "document".to_string()
            } else {
                path
            };
            crate::error::ValidationError::new(field, redact_quoted(&e.into_inner().to_string()))
        })
    }
}

/// serde_json quotes the offending value in its messages (`invalid type: string "山田"`);
/// that value may be personal data, so it is cut out before the message is shown.
fn redact_quoted(message: &str) -> String {
    match (message.find('"'), message.rfind('"')) {
        (Some(a), Some(b)) if b > a => format!("{}\u{2026}{}", &message[..a], &message[b + 1..]),
        _ => message.to_string(),
    }
}
