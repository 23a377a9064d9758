//! The columns an import reads and an export writes: one table naming each column's
//! token, its Japanese header, the headers it is recognised by, and how its value is read
//! from and written to a [`Person`](crate::model::Person).
//!
//! Import and export share this table, so a file Yorisoi exports imports back unchanged.
//!
//! - `catalogue`: the table itself;
//! - `read`: a cell into a person (import), in the spellings municipal files use;
//! - `write`: a person into cells (export, and the review of an import).

use unicode_normalization::UnicodeNormalization;

use catalogue::{Spec, SPECS};

mod catalogue;
mod read;
mod write;

pub use read::{blank_person, parse_status};

/// One column of an import or export file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// The roster's id (export only: an import matches by 宛名番号 or name + birth + address).
    Id,
    /// 宛名番号.
    ResidentNumber,
    /// 氏名.
    Name,
    /// フリガナ.
    Furigana,
    /// 性別.
    Sex,
    /// 生年月日.
    DateOfBirth,
    /// 住所.
    Address,
    /// 電話番号.
    Phone,
    /// 携帯電話.
    MobilePhone,
    /// FAX.
    Fax,
    /// メール.
    Email,
    /// 地区.
    District,
    /// 自治会.
    Association,
    /// 班.
    Block,
    /// 住所秘匿 (DV・ストーカー等支援措置).
    AddressProtected,
    /// 担当民生委員.
    WelfareCommissioner,
    /// 区分.
    Category,
    /// 避難支援等を必要とする事由.
    SupportReason,
    /// 要介護度.
    CareLevel,
    /// 認定有効期間の終了日.
    CareLevelUntil,
    /// 身体障害者手帳等級.
    PhysicalGrade,
    /// 身体障害の種別.
    PhysicalKind,
    /// 療育手帳.
    IntellectualGrade,
    /// 精神障害者保健福祉手帳等級.
    MentalGrade,
    /// 難病.
    IntractableDisease,
    /// 医療機器.
    MedicalDevices,
    /// 移動.
    Mobility,
    /// 世帯状況.
    Household,
    /// 浸水想定区域.
    FloodZone,
    /// 土砂災害警戒区域.
    LandslideZone,
    /// 津波浸水想定区域.
    TsunamiZone,
    /// 緊急通報システム.
    EmergencyAlarm,
    /// 最終確認日.
    LastVerifiedOn,
    /// 備考.
    Notes,
    /// 登録方式 (export only).
    RegistrationRoute,
    /// 登録日 (export only).
    RegistrationDate,
    /// 登録元 (export only).
    RegistrationSource,
    /// 異動事由: 死亡 / 転出 / 施設入所 (import only).
    Status,
    /// 異動日 (import only).
    StatusDate,
}

/// A cell that could not be read: what is wrong and what to write instead.
pub type CellError = String;

impl Column {
    /// Every column, in export order.
    pub fn all() -> impl Iterator<Item = Column> {
        SPECS.iter().map(|s| s.column)
    }

    fn spec(self) -> &'static Spec {
        // Every variant has a row in SPECS (checked by a test); Id is the fallback.
        SPECS.iter().find(|s| s.column == self).unwrap_or(&SPECS[0])
    }

    /// The stable token (mapping profiles, `--set`).
    pub fn token(self) -> &'static str {
        self.spec().token
    }

    /// The Japanese header an export writes.
    pub fn header(self) -> &'static str {
        self.spec().header
    }

    /// Parses a token.
    pub fn from_token(s: &str) -> Option<Column> {
        SPECS.iter().find(|x| x.token == s.trim()).map(|x| x.column)
    }

    /// The accepted tokens, for error messages.
    pub fn tokens_list() -> String {
        SPECS
            .iter()
            .filter(|s| s.column.importable())
            .map(|s| s.token)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Recognises a header (any width, spacing or case) as a column.
    pub fn recognise(header: &str) -> Option<Column> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        SPECS
            .iter()
            .find(|s| {
                header_key(s.header) == key
                    || header_key(s.token) == key
                    || s.aliases.iter().any(|a| header_key(a) == key)
            })
            .map(|s| s.column)
            .filter(|c| c.importable())
    }

    /// True when an import reads this column.
    pub fn importable(self) -> bool {
        !matches!(
            self,
            Column::Id
                | Column::RegistrationRoute
                | Column::RegistrationDate
                | Column::RegistrationSource
        )
    }

    /// True when this column describes the record (as opposed to an event like 異動事由):
    /// these are compared with the roster and exported.
    pub fn is_field(self) -> bool {
        !matches!(self, Column::Status | Column::StatusDate)
    }

    /// The column a validation error's field (`date_of_birth`, `contact.fax`) is about.
    pub fn of_person_field(field: &str) -> Option<Column> {
        let head = field.split(['[', '.']).next().unwrap_or(field);
        Some(match field {
            "contact.mobile_phone" => Column::MobilePhone,
            "contact.fax" => Column::Fax,
            "contact.email" => Column::Email,
            "physical_disability.grade" => Column::PhysicalGrade,
            "hazard_zones.flood" => Column::FloodZone,
            _ => match head {
                "resident_number" => Column::ResidentNumber,
                "name" => Column::Name,
                "furigana" => Column::Furigana,
                "sex" => Column::Sex,
                "date_of_birth" => Column::DateOfBirth,
                "address" => Column::Address,
                "phone" => Column::Phone,
                "district" => Column::District,
                "association" => Column::Association,
                "block" => Column::Block,
                "mental_disability_grade" => Column::MentalGrade,
                "last_verified_on" => Column::LastVerifiedOn,
                "care_level_until" => Column::CareLevelUntil,
                "medical_devices" => Column::MedicalDevices,
                _ => return None,
            },
        })
    }
}

/// A header reduced for recognition: NFKC, lower case, without spaces, brackets,
/// underscores, a byte-order mark or the separators files differ in (`崖崩れ、土石流` /
/// `崖崩れ・土石流`, `自治会・町内会` / `自治会町内会`). The person import and the shelter
/// registry read headers with it.
pub(crate) fn header_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '(' | ')' | '「' | '」' | '_' | '-' | '、' | '・' | ',' | '\u{FEFF}'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests;
