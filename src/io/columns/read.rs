//! Reading a cell into a [`Person`]: the spellings welfare and resident-register extracts
//! use (要介護３, ２級, 独居, ○ / ×) become the record's values, or an error saying what to
//! write instead.

use unicode_normalization::UnicodeNormalization;

use super::{CellError, Column};
use crate::model::*;

impl Column {
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
            Column::CareLevelUntil => p.care_level_until = Some(period_end(&v)),
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

/// The last day of a 認定有効期間: the cell may hold the whole period, as the 介護保険
/// system prints it (`R7.4.1～R9.3.31`, `2025/04/01 ~ 2027/03/31`, `R7.4.1－R9.3.31`,
/// `…から…まで`); the date itself is read by the record's check, which names the column
/// when it is no date. An ISO date's own hyphens are never taken for a period's dash.
fn period_end(v: &str) -> String {
    let v = v.trim().trim_end_matches("まで").trim();
    let end = v
        .rsplit(['～', '〜', '~', '－', '―', '—'])
        .next()
        .and_then(|end| end.rsplit("から").next())
        .unwrap_or(v)
        .trim();
    let iso = end.chars().all(|c| c.is_ascii_digit() || c == '-') && end.matches('-').count() == 2;
    let end = if iso {
        end
    } else {
        end.rsplit('-').next().unwrap_or(end)
    };
    end.trim().to_string()
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
        care_level_until: None,
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
