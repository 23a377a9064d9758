use super::*;
use crate::model::{CareLevel, HouseholdKind};

#[test]
fn every_column_has_a_row_and_a_unique_token() {
    let tokens: std::collections::BTreeSet<_> = SPECS.iter().map(|s| s.token).collect();
    assert_eq!(tokens.len(), SPECS.len());
    assert_eq!(Column::from_token("care-level"), Some(Column::CareLevel));
}

#[test]
fn no_two_columns_are_recognised_by_the_same_header() {
    let mut seen = std::collections::BTreeMap::new();
    for s in SPECS {
        let names = [s.header, s.token]
            .into_iter()
            .chain(s.aliases.iter().copied());
        let keys: std::collections::BTreeSet<_> = names.map(header_key).collect();
        for k in keys {
            if let Some(other) = seen.insert(k.clone(), s.token) {
                panic!("{k:?} names both {other} and {}", s.token);
            }
        }
    }
    assert_eq!(
        Column::recognise("自治会町内会"),
        Column::recognise("自治会・町内会")
    );
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

#[test]
fn the_certification_period_is_read_as_its_last_day() {
    assert_eq!(
        Column::recognise("認定有効期間"),
        Some(Column::CareLevelUntil)
    );
    assert_eq!(
        Column::recognise("要介護認定有効期間終了日"),
        Some(Column::CareLevelUntil)
    );
    for (cell, day) in [
        ("2027-03-31", "2027-03-31"),
        ("R7.4.1～R9.3.31", "R9.3.31"),
        ("2025/04/01 ~ 2027/03/31", "2027/03/31"),
        ("令和7年4月1日から令和9年3月31日まで", "令和9年3月31日"),
        ("R7.4.1－R9.3.31", "R9.3.31"),
        ("2025/04/01-2027/03/31", "2027/03/31"),
        ("2027/3/31", "2027/3/31"),
    ] {
        let mut p = blank_person();
        Column::CareLevelUntil.set(&mut p, cell).unwrap();
        assert_eq!(p.care_level_until.as_deref(), Some(day), "{cell}");
        assert_eq!(Column::CareLevelUntil.get(&p), day);
        let parsed = crate::model::validate::parse_date_field("care_level_until", day).unwrap();
        assert_eq!(parsed.to_string(), "2027-03-31", "{cell}");
    }
}
