//! The fields of a person record a recipient may be given, the two list profiles, and the
//! fields that locate a person (withheld for address-protected people).

use serde::{Deserialize, Serialize, Serializer};

/// Declares [`Field`] with its stable token and Japanese label, in output order.
macro_rules! fields {
    ($($variant:ident = $token:literal, $label:literal;)+) => {
        /// One item of a person record as it appears on a list for others.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            $(#[doc = $label] $variant,)+
        }

        impl Field {
            /// Every field, in the order lists show them.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            /// The stable token (settings, JSON).
            pub fn token(self) -> &'static str {
                match self { $(Field::$variant => $token),+ }
            }

            /// The Japanese column heading.
            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $label),+ }
            }

            /// Parses a token.
            pub fn from_token(s: &str) -> Option<Field> {
                match s { $($token => Some(Field::$variant),)+ _ => None }
            }

            /// The accepted tokens, for error messages.
            pub fn tokens_list() -> String {
                [$($token),+].join(", ")
            }
        }
    };
}

fields! {
    Name = "name", "氏名";
    Furigana = "furigana", "ふりがな";
    Sex = "sex", "性別";
    Age = "age", "年齢";
    DateOfBirth = "date_of_birth", "生年月日";
    Address = "address", "住所";
    Phone = "phone", "電話";
    MobilePhone = "mobile_phone", "携帯電話";
    Fax = "fax", "FAX";
    Email = "email", "メール";
    District = "district", "地区";
    Association = "association", "自治会";
    Block = "block", "班";
    WelfareCommissioner = "welfare_commissioner", "担当民生委員";
    Category = "category", "区分";
    SupportReason = "support_reason", "避難支援が必要な理由";
    CareLevel = "care_level", "要介護度";
    Disabilities = "disabilities", "障害・難病";
    MedicalDevices = "medical_devices", "医療機器";
    CommunicationNeeds = "communication_needs", "コミュニケーション";
    Mobility = "mobility", "移動";
    Household = "household", "世帯";
    HouseholdMembers = "household_members", "同居者";
    EmergencyContacts = "emergency_contacts", "緊急連絡先";
    House = "house", "住居";
    HelpNeeded = "help_needed", "必要な支援";
    ItemsToCarry = "items_to_carry", "持ち出す物";
    Allergies = "allergies", "アレルギー";
    RegularClinic = "regular_clinic", "かかりつけ医";
    Notes = "notes", "特記事項";
    EmergencyAlarm = "emergency_alarm", "緊急通報システム";
    HazardZones = "hazard_zones", "災害リスク";
    Supporters = "supporters", "避難支援者";
    Plan = "plan", "個別避難計画";
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.token())
    }
}

/// A set of fields (a bit per field: cheap to copy for each of 100,000 decisions).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FieldSet(u64);

impl FieldSet {
    /// No field.
    pub const EMPTY: FieldSet = FieldSet(0);

    /// The set of `fields`.
    pub const fn of(fields: &[Field]) -> FieldSet {
        let mut bits = 0u64;
        let mut i = 0;
        while i < fields.len() {
            bits |= 1 << fields[i] as u8;
            i += 1;
        }
        FieldSet(bits)
    }

    /// Every field.
    pub fn all() -> FieldSet {
        FieldSet::of(Field::ALL)
    }

    /// True when `f` is in the set.
    pub fn contains(self, f: Field) -> bool {
        self.0 & (1 << f as u8) != 0
    }

    /// The set with `f` added.
    pub fn with(self, f: Field) -> FieldSet {
        FieldSet(self.0 | (1 << f as u8))
    }

    /// Fields in either set.
    pub fn union(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 | other.0)
    }

    /// Fields in both sets.
    pub fn intersect(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & other.0)
    }

    /// Fields of `self` that are not in `other`.
    pub fn minus(self, other: FieldSet) -> FieldSet {
        FieldSet(self.0 & !other.0)
    }

    /// True when no field is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The fields, in list order.
    pub fn iter(self) -> impl Iterator<Item = Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }

    /// The tokens joined by commas (the form settings store).
    pub fn tokens(self) -> String {
        self.iter().map(Field::token).collect::<Vec<_>>().join(",")
    }
}

impl std::fmt::Debug for FieldSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set()
            .entries(self.iter().map(Field::token))
            .finish()
    }
}

impl Serialize for FieldSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// 簡易版 (name, sex, age, contact, address — for everyday use and drills): the DOMAIN's
/// simplified list, with furigana (names are read aloud at a safety check) and the
/// district (lists are cut by it).
pub const SIMPLIFIED: FieldSet = FieldSet::of(&[
    Field::Name,
    Field::Furigana,
    Field::Sex,
    Field::Age,
    Field::Address,
    Field::Phone,
    Field::MobilePhone,
    Field::District,
]);

/// What a plan list adds to any profile: a plan without its plan and supporters is no plan.
pub const PLAN_FIELDS: FieldSet = FieldSet::of(&[Field::Plan, Field::Supporters]);

/// Everything that says where a person is or how to reach them, directly or through the
/// people around them. Withheld for a person under 住民基本台帳の支援措置 (DV・ストーカー等):
/// a neighbour, a relative or a shelter on a list can lead a pursuer to them.
pub const LOCATING: FieldSet = FieldSet::of(&[
    Field::Address,
    Field::Phone,
    Field::MobilePhone,
    Field::Fax,
    Field::Email,
    Field::District,
    Field::Association,
    Field::Block,
    Field::WelfareCommissioner,
    Field::HouseholdMembers,
    Field::EmergencyContacts,
    Field::House,
    Field::RegularClinic,
    Field::HazardZones,
    Field::Supporters,
    Field::Plan,
]);

/// Which list a recipient gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FieldProfile {
    /// 簡易版名簿.
    #[default]
    #[serde(rename = "simplified")]
    Simplified,
    /// 詳細版名簿: everything on the record.
    #[serde(rename = "detailed")]
    Detailed,
}

impl FieldProfile {
    /// Both profiles.
    pub const ALL: &'static [FieldProfile] = &[FieldProfile::Simplified, FieldProfile::Detailed];

    /// The stable token.
    pub fn token(self) -> &'static str {
        match self {
            FieldProfile::Simplified => "simplified",
            FieldProfile::Detailed => "detailed",
        }
    }

    /// The Japanese name.
    pub fn label(self) -> &'static str {
        match self {
            FieldProfile::Simplified => "簡易版",
            FieldProfile::Detailed => "詳細版",
        }
    }

    /// Parses a token.
    pub fn from_token(s: &str) -> Option<FieldProfile> {
        FieldProfile::ALL.iter().copied().find(|p| p.token() == s)
    }

    /// The fields of the profile.
    pub fn fields(self) -> FieldSet {
        match self {
            FieldProfile::Simplified => SIMPLIFIED,
            FieldProfile::Detailed => FieldSet::all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_sets_behave() {
        assert!(Field::ALL.len() < 64, "FieldSet is one u64");
        for f in Field::ALL {
            assert_eq!(Field::from_token(f.token()), Some(*f));
        }
        let s = FieldSet::of(&[Field::Name, Field::Plan]);
        assert_eq!(s.tokens(), "name,plan");
        assert!(s.minus(LOCATING).iter().eq([Field::Name]));
        assert!(FieldProfile::Detailed.fields().contains(Field::Notes));
        assert!(!FieldProfile::Simplified.fields().contains(Field::Notes));
    }
}
