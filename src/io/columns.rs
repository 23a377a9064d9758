//! The columns an import reads and an export writes: one table naming each column's
//! token, its Japanese header, the headers it is recognised by, and how its value is read
//! from and written to a [`Person`].
//!
//! Import and export share this table, so a file Yorisoi exports imports back unchanged.

use unicode_normalization::UnicodeNormalization;

use crate::model::*;

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

struct Spec {
    column: Column,
    token: &'static str,
    header: &'static str,
    aliases: &'static [&'static str],
}

const fn spec(
    column: Column,
    token: &'static str,
    header: &'static str,
    aliases: &'static [&'static str],
) -> Spec {
    Spec {
        column,
        token,
        header,
        aliases,
    }
}

/// The table, in export order.
const SPECS: &[Spec] = &[
    spec(Column::Id, "id", "ID", &[]),
    spec(
        Column::ResidentNumber,
        "resident-number",
        "宛名番号",
        &[
            "宛名コード",
            "住民番号",
            "個人番号",
            "住民コード",
            "resident_number",
        ],
    ),
    spec(
        Column::Name,
        "name",
        "氏名",
        &["名前", "氏名漢字", "漢字氏名", "対象者氏名", "name"],
    ),
    spec(
        Column::Furigana,
        "furigana",
        "フリガナ",
        &[
            "ふりがな",
            "カナ氏名",
            "氏名カナ",
            "氏名フリガナ",
            "カナ",
            "よみがな",
        ],
    ),
    spec(Column::Sex, "sex", "性別", &["性", "sex"]),
    spec(
        Column::DateOfBirth,
        "date-of-birth",
        "生年月日",
        &["誕生日", "生年月日和暦", "date_of_birth"],
    ),
    spec(
        Column::Address,
        "address",
        "住所",
        &["住所又は居所", "現住所", "住所地", "居所", "address"],
    ),
    spec(
        Column::Phone,
        "phone",
        "電話番号",
        &["電話", "自宅電話", "自宅電話番号", "連絡先", "tel", "phone"],
    ),
    spec(
        Column::MobilePhone,
        "mobile-phone",
        "携帯電話",
        &["携帯電話番号", "携帯", "携帯番号"],
    ),
    spec(
        Column::Fax,
        "fax",
        "FAX",
        &["ファクス", "ファックス", "FAX番号"],
    ),
    spec(
        Column::Email,
        "email",
        "メール",
        &["メールアドレス", "email", "e-mail"],
    ),
    spec(Column::District, "district", "地区", &["地区名", "行政区"]),
    spec(
        Column::Association,
        "association",
        "自治会",
        &["自治会名", "町内会", "自治会・町内会"],
    ),
    spec(Column::Block, "block", "班", &["班名", "組"]),
    spec(
        Column::AddressProtected,
        "address-protected",
        "住所秘匿",
        &["支援措置", "DV等支援措置"],
    ),
    spec(
        Column::WelfareCommissioner,
        "welfare-commissioner",
        "担当民生委員",
        &["民生委員"],
    ),
    spec(
        Column::Category,
        "category",
        "区分",
        &["対象区分", "登録区分"],
    ),
    spec(
        Column::SupportReason,
        "support-reason",
        "避難支援等を必要とする事由",
        &["支援を必要とする事由", "支援が必要な理由", "事由"],
    ),
    spec(
        Column::CareLevel,
        "care-level",
        "要介護度",
        &["要介護状態区分", "介護度", "要介護認定"],
    ),
    spec(
        Column::PhysicalGrade,
        "physical-disability-grade",
        "身体障害者手帳等級",
        &["身体障害者手帳", "身障手帳等級", "身体障害等級", "身体等級"],
    ),
    spec(
        Column::PhysicalKind,
        "physical-disability-type",
        "身体障害種別",
        &["障害種別", "身体障害の種別"],
    ),
    spec(
        Column::IntellectualGrade,
        "intellectual-disability-grade",
        "療育手帳",
        &["療育手帳等級", "療育手帳判定"],
    ),
    spec(
        Column::MentalGrade,
        "mental-disability-grade",
        "精神障害者保健福祉手帳等級",
        &["精神障害者保健福祉手帳", "精神手帳等級", "精神等級"],
    ),
    spec(
        Column::IntractableDisease,
        "intractable-disease",
        "難病",
        &["難病名", "特定疾病"],
    ),
    spec(
        Column::MedicalDevices,
        "medical-devices",
        "医療機器",
        &["使用医療機器", "医療的ケア"],
    ),
    spec(Column::Mobility, "mobility", "移動手段", &["移動", "歩行"]),
    spec(
        Column::Household,
        "household",
        "世帯状況",
        &["世帯", "世帯構成", "同居状況", "家族構成"],
    ),
    spec(
        Column::FloodZone,
        "flood-zone",
        "浸水想定区域",
        &["浸水区域", "洪水浸水想定区域"],
    ),
    spec(
        Column::LandslideZone,
        "landslide-zone",
        "土砂災害警戒区域",
        &["土砂災害区域", "土砂区域"],
    ),
    spec(
        Column::TsunamiZone,
        "tsunami-zone",
        "津波浸水想定区域",
        &["津波区域", "津波"],
    ),
    spec(
        Column::EmergencyAlarm,
        "emergency-alarm",
        "緊急通報システム",
        &["緊急通報装置"],
    ),
    spec(
        Column::LastVerifiedOn,
        "last-verified-on",
        "最終確認日",
        &["確認日", "最終確認"],
    ),
    spec(Column::Notes, "notes", "備考", &["特記事項", "メモ"]),
    spec(
        Column::RegistrationRoute,
        "registration-route",
        "登録方式",
        &[],
    ),
    spec(Column::RegistrationDate, "registration-date", "登録日", &[]),
    spec(
        Column::RegistrationSource,
        "registration-source",
        "登録元",
        &[],
    ),
    spec(
        Column::Status,
        "status",
        "異動事由",
        &["異動区分", "異動", "状態"],
    ),
    spec(Column::StatusDate, "status-date", "異動日", &["異動年月日"]),
];

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
                "medical_devices" => Column::MedicalDevices,
                _ => return None,
            },
        })
    }

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

    /// Writes a non-empty cell into `p`. The value is checked as far as this column alone
    /// can; the whole record is then checked by [`crate::model::validate::normalise_person`].
    pub fn set(self, p: &mut Person, value: &str) -> Result<(), CellError> {
        let v = value.trim().to_string();
        let folded: String = v.nfkc().filter(|c| !c.is_whitespace()).collect();
        match self {
            Column::Id
            | Column::RegistrationRoute
            | Column::RegistrationDate
            | Column::RegistrationSource
            | Column::Status
            | Column::StatusDate => {}
            Column::ResidentNumber => p.resident_number = Some(folded),
            Column::Name => p.name = v,
            Column::Furigana => p.furigana = v.nfkc().collect::<String>(),
            Column::Sex => p.sex = parse_sex(&folded)?,
            Column::DateOfBirth => p.date_of_birth = v,
            Column::Address => p.address = v,
            Column::Phone => p.phone = v,
            Column::MobilePhone => p.contact.mobile_phone = v,
            Column::Fax => p.contact.fax = v,
            Column::Email => p.contact.email = v,
            Column::District => p.district = Some(v),
            Column::Association => p.association = Some(v),
            Column::Block => p.block = Some(v),
            Column::AddressProtected => p.address_protected = parse_flag(&folded)?,
            Column::WelfareCommissioner => p.welfare_commissioner = v,
            Column::Category => p.category = parse_category(&folded)?,
            Column::SupportReason => p.support_reason = v,
            Column::CareLevel => p.care_level = parse_care_level(&folded)?,
            Column::PhysicalGrade => match parse_grade(&folded, 6)? {
                Some(grade) => {
                    let kind = p
                        .physical_disability
                        .take()
                        .map(|d| d.kind)
                        .unwrap_or_default();
                    p.physical_disability = Some(PhysicalDisability { grade, kind });
                }
                None => p.physical_disability = None,
            },
            Column::PhysicalKind => {
                if let Some(d) = &mut p.physical_disability {
                    d.kind = v;
                }
            }
            Column::IntellectualGrade => {
                p.intellectual_disability_grade = parse_intellectual(&folded)?
            }
            Column::MentalGrade => p.mental_disability_grade = parse_grade(&folded, 3)?,
            Column::IntractableDisease => p.intractable_disease = v,
            Column::MedicalDevices => p.medical_devices = parse_devices(&folded)?,
            Column::Mobility => {
                p.mobility = parse_label(
                    &folded,
                    Mobility::ALL,
                    Mobility::label,
                    Mobility::token,
                    &[
                        ("歩行可", Mobility::Walks),
                        ("自立", Mobility::Walks),
                        ("車椅子", Mobility::Wheelchair),
                        ("車イス", Mobility::Wheelchair),
                    ],
                )?
            }
            Column::Household => p.household = parse_household(&folded)?,
            Column::FloodZone => p.hazard_zones.flood = parse_flag(&folded)?,
            Column::LandslideZone => p.hazard_zones.landslide = parse_flag(&folded)?,
            Column::TsunamiZone => p.hazard_zones.tsunami = parse_flag(&folded)?,
            Column::EmergencyAlarm => p.emergency_alarm = parse_flag(&folded)?,
            Column::LastVerifiedOn => p.last_verified_on = Some(v),
            Column::Notes => p.notes = v,
        }
        Ok(())
    }
}

/// A header reduced for recognition: NFKC, no spaces or brackets, lower case.
fn header_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '「' | '」' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The change an import row announces for a person already on the roster.
pub fn parse_status(value: &str) -> Result<Option<ArchiveReason>, CellError> {
    let v: String = value.nfkc().filter(|c| !c.is_whitespace()).collect();
    Ok(match v.as_str() {
        "" | "現存" | "在住" | "なし" | "-" => None,
        "死亡" | "died" => Some(ArchiveReason::Died),
        "転出" | "moved" | "市外転出" => Some(ArchiveReason::Moved),
        "施設入所" | "入所" | "entered-facility" => Some(ArchiveReason::EnteredFacility),
        _ => return Err("must be 死亡, 転出 or 施設入所 (or empty)".to_string()),
    })
}

fn parse_sex(v: &str) -> Result<Sex, CellError> {
    Ok(match v.to_lowercase().as_str() {
        "男" | "男性" | "1" | "m" | "male" => Sex::Male,
        "女" | "女性" | "2" | "f" | "female" => Sex::Female,
        "未記入" | "不明" | "0" | "9" | "unspecified" => Sex::Unspecified,
        _ => return Err("must be 男 or 女 (or 1 / 2, 未記入)".to_string()),
    })
}

fn parse_flag(v: &str) -> Result<bool, CellError> {
    Ok(match v.to_lowercase().as_str() {
        "1" | "○" | "〇" | "◯" | "有" | "あり" | "はい" | "該当" | "yes" | "true" | "y" => {
            true
        }
        "0" | "×" | "無" | "なし" | "いいえ" | "非該当" | "no" | "false" | "n" | "-" => {
            false
        }
        _ => return Err("must be 1 / 0 (or ○ / ×, あり / なし)".to_string()),
    })
}

fn parse_care_level(v: &str) -> Result<Option<CareLevel>, CellError> {
    if matches!(v, "非該当" | "自立" | "なし" | "-") {
        return Ok(None);
    }
    if let Some(c) = CareLevel::from_token(v) {
        return Ok(Some(c));
    }
    let (kind, n) = v
        .strip_prefix("要介護")
        .or_else(|| v.strip_prefix("介護"))
        .map(|n| ("care", n))
        .or_else(|| {
            v.strip_prefix("要支援")
                .or_else(|| v.strip_prefix("支援"))
                .map(|n| ("support", n))
        })
        .unwrap_or(("", ""));
    CareLevel::from_token(&format!("{kind}-{n}"))
        .map(Some)
        .ok_or_else(|| "must be 要支援1–2 or 要介護1–5 (or 非該当)".to_string())
}

fn parse_grade(v: &str, max: u8) -> Result<Option<u8>, CellError> {
    if matches!(v, "なし" | "-" | "非該当") {
        return Ok(None);
    }
    let digits = v.trim_end_matches('級').trim_start_matches("第");
    match digits.parse::<u8>() {
        Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
        _ => Err(format!("must be a grade from 1 to {max} (e.g. 2 or 2級)")),
    }
}

fn parse_intellectual(v: &str) -> Result<Option<IntellectualGrade>, CellError> {
    Ok(match v.to_uppercase().as_str() {
        "なし" | "-" | "非該当" => None,
        "A" | "A1" | "A2" | "最重度" | "重度" | "マルA" | "Ⓐ" => {
            Some(IntellectualGrade::A)
        }
        "B" | "B1" | "B2" | "中度" | "軽度" => Some(IntellectualGrade::B),
        _ => return Err("must be A or B (A1, A2, B1, B2 are read as A or B)".to_string()),
    })
}

fn parse_category(v: &str) -> Result<Category, CellError> {
    parse_label(v, Category::ALL, Category::label, Category::token, &[])?
        .ok_or_else(|| format!("must be one of: {}", labels(Category::ALL, Category::label)))
}

fn parse_household(v: &str) -> Result<Option<HouseholdKind>, CellError> {
    parse_label(
        v,
        HouseholdKind::ALL,
        HouseholdKind::label,
        HouseholdKind::token,
        &[
            ("独居", HouseholdKind::Alone),
            ("単身", HouseholdKind::Alone),
            ("ひとり暮らし", HouseholdKind::Alone),
            ("一人暮し", HouseholdKind::Alone),
            ("高齢者世帯", HouseholdKind::ElderlyOnly),
            ("高齢者のみ", HouseholdKind::ElderlyOnly),
            ("高齢夫婦", HouseholdKind::ElderlyOnly),
            ("同居", HouseholdKind::WithFamily),
            ("家族同居", HouseholdKind::WithFamily),
        ],
    )
}

fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> String {
    all.iter().map(|t| label(*t)).collect::<Vec<_>>().join("、")
}

/// Reads a token, its Japanese label, or one of `extra` spellings; `None` for "なし".
fn parse_label<T: Copy>(
    v: &str,
    all: &[T],
    label: fn(T) -> &'static str,
    token: fn(T) -> &'static str,
    extra: &[(&str, T)],
) -> Result<Option<T>, CellError> {
    if matches!(v, "なし" | "-") {
        return Ok(None);
    }
    let plain = |s: &str| s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>();
    all.iter()
        .copied()
        .find(|t| plain(label(*t)) == v || token(*t) == v)
        .or_else(|| extra.iter().find(|(s, _)| *s == v).map(|(_, t)| *t))
        .map(Some)
        .ok_or_else(|| format!("must be one of: {}", labels(all, label)))
}

fn parse_devices(v: &str) -> Result<Vec<MedicalDevice>, CellError> {
    let mut out = Vec::new();
    for part in v
        .split([';', ',', '、', '・', '/'])
        .filter(|s| !s.is_empty())
    {
        let (name, power) = match part.split_once('(') {
            Some((n, rest)) => (n, Some(rest.trim_end_matches(')'))),
            None => (part, None),
        };
        let device = match name {
            "人工呼吸器" | "呼吸器" | "ventilator" => MedicalDeviceKind::Ventilator,
            "在宅酸素" | "酸素" | "酸素濃縮器" | "oxygen" => MedicalDeviceKind::Oxygen,
            "透析" | "人工透析" | "dialysis" => MedicalDeviceKind::Dialysis,
            "吸引器" | "吸引" | "たん吸引" | "suction" => MedicalDeviceKind::Suction,
            "その他" | "other" => MedicalDeviceKind::Other,
            _ => {
                return Err(
                    "must list 人工呼吸器, 在宅酸素, 透析, 吸引器 or その他, separated by ;"
                        .to_string(),
                )
            }
        };
        let power_dependent = match power {
            Some("電源") => true,
            Some("電源不要") => false,
            Some(_) => return Err("write (電源) or (電源不要) after a device".to_string()),
            // Without a note, the devices that stop in a blackout are taken as dependent.
            None => matches!(
                device,
                MedicalDeviceKind::Ventilator
                    | MedicalDeviceKind::Oxygen
                    | MedicalDeviceKind::Suction
            ),
        };
        out.push(MedicalDevice {
            device,
            power_dependent,
            note: String::new(),
        });
    }
    Ok(out)
}

/// A blank person for a new row: the fields a file does not carry stay at their defaults.
pub fn blank_person() -> Person {
    Person {
        id: None,
        name: String::new(),
        furigana: String::new(),
        sex: Sex::Unspecified,
        date_of_birth: String::new(),
        address: String::new(),
        phone: String::new(),
        district: None,
        association: None,
        block: None,
        resident_number: None,
        address_protected: false,
        contact: OtherContact::default(),
        welfare_commissioner: String::new(),
        category: Category::Other,
        support_reason: String::new(),
        care_level: None,
        physical_disability: None,
        intellectual_disability_grade: None,
        mental_disability_grade: None,
        intractable_disease: String::new(),
        medical_devices: Vec::new(),
        communication_needs: Vec::new(),
        mobility: None,
        household: None,
        household_members: Vec::new(),
        emergency_contacts: Vec::new(),
        house: House::default(),
        help_needed: String::new(),
        items_to_carry: String::new(),
        allergies: String::new(),
        regular_clinic: String::new(),
        notes: String::new(),
        emergency_alarm: false,
        hazard_zones: HazardZones::default(),
        registration: Registration::default(),
        plan: None,
        last_verified_on: None,
        created_at: None,
        updated_at: None,
        archived: None,
        supporters: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_row_and_a_unique_token() {
        let tokens: std::collections::BTreeSet<_> = SPECS.iter().map(|s| s.token).collect();
        assert_eq!(tokens.len(), SPECS.len());
        assert_eq!(Column::from_token("care-level"), Some(Column::CareLevel));
    }

    #[test]
    fn common_japanese_headers_are_recognised() {
        assert_eq!(Column::recognise("ﾌﾘｶﾞﾅ"), Some(Column::Furigana));
        assert_eq!(Column::recognise("カナ氏名"), Some(Column::Furigana));
        assert_eq!(Column::recognise(" 氏　名 "), Some(Column::Name));
        assert_eq!(Column::recognise("要介護度"), Some(Column::CareLevel));
        assert_eq!(Column::recognise("ID"), None);
    }

    #[test]
    fn cells_read_the_spellings_found_in_welfare_extracts() {
        let mut p = blank_person();
        Column::CareLevel.set(&mut p, "要介護３").unwrap();
        assert_eq!(p.care_level, Some(CareLevel::Care3));
        Column::PhysicalGrade.set(&mut p, "２級").unwrap();
        assert_eq!(p.physical_disability.as_ref().map(|d| d.grade), Some(2));
        Column::Household.set(&mut p, "独居").unwrap();
        assert_eq!(p.household, Some(HouseholdKind::Alone));
        Column::MedicalDevices
            .set(&mut p, "人工呼吸器;透析(電源不要)")
            .unwrap();
        assert_eq!(p.medical_devices.len(), 2);
        assert!(p.medical_devices[0].power_dependent);
        assert!(Column::Sex.set(&mut p, "?").is_err());
    }
}
