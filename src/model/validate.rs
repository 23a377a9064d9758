//! Checks a person document before it is stored, naming the field that is wrong.
//!
//! Normalises as it goes (trims text, turns wareki dates into ISO) so that what is
//! stored is what will be printed.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use super::person::Person;
use super::tokens::{DestinationKind, PlanMaker};
use super::wareki;
use crate::error::ValidationError;

type Check = Result<(), ValidationError>;

fn err(field: impl Into<String>, reason: impl Into<String>) -> ValidationError {
    ValidationError::new(field, reason)
}

/// Validates and normalises `p` in place; `today` bounds dates of birth.
pub fn normalise_person(p: &mut Person, today: NaiveDate) -> Check {
    p.name = normalise_name(&p.name);
    if p.name.is_empty() {
        return Err(err(
            "name",
            "must not be empty; write family and given name separated by a space",
        ));
    }
    check_len("name", &p.name, 100)?;
    p.furigana = normalise_name(&p.furigana);
    check_kana("furigana", &p.furigana)?;
    let dob = parse_date_field("date_of_birth", &p.date_of_birth)?;
    if dob > today {
        return Err(err("date_of_birth", "is in the future"));
    }
    p.date_of_birth = dob.to_string();
    p.address = p.address.trim().to_string();
    if p.address.is_empty() {
        return Err(err(
            "address",
            "must not be empty (住所又は居所 is required by law)",
        ));
    }
    check_len("address", &p.address, 300)?;
    check_phone("phone", &mut p.phone)?;
    check_phone("contact.mobile_phone", &mut p.contact.mobile_phone)?;
    check_phone("contact.fax", &mut p.contact.fax)?;
    p.contact.email = p.contact.email.trim().to_string();
    if !p.contact.email.is_empty() && !is_plausible_email(&p.contact.email) {
        return Err(err(
            "contact.email",
            "is not an e-mail address (name@example.jp)",
        ));
    }
    for (field, value) in [
        ("district", &mut p.district),
        ("association", &mut p.association),
        ("block", &mut p.block),
        ("resident_number", &mut p.resident_number),
    ] {
        trim_optional(value);
        if let Some(v) = value {
            check_len(field, v, 100)?;
        }
    }
    if p.association.is_some() && p.district.is_none() {
        return Err(err("association", "needs a district"));
    }
    if p.block.is_some() && p.association.is_none() {
        return Err(err("block", "needs an association"));
    }
    if let Some(d) = &p.physical_disability {
        if !(1..=6).contains(&d.grade) {
            return Err(err(
                "physical_disability.grade",
                "must be 1 to 6 (身体障害者手帳の等級)",
            ));
        }
    }
    if let Some(g) = p.mental_disability_grade {
        if !(1..=3).contains(&g) {
            return Err(err(
                "mental_disability_grade",
                "must be 1 to 3 (精神障害者保健福祉手帳の等級)",
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    p.communication_needs.retain(|n| seen.insert(*n));
    for (i, m) in p.household_members.iter_mut().enumerate() {
        m.name = normalise_name(&m.name);
        if m.name.is_empty() {
            return Err(err(
                format!("household_members[{i}].name"),
                "must not be empty",
            ));
        }
        if m.age.is_some_and(|a| a > 130) {
            return Err(err(
                format!("household_members[{i}].age"),
                "must be 0 to 130",
            ));
        }
    }
    for (i, c) in p.emergency_contacts.iter_mut().enumerate() {
        c.name = normalise_name(&c.name);
        if c.name.is_empty() {
            return Err(err(
                format!("emergency_contacts[{i}].name"),
                "must not be empty",
            ));
        }
        check_phone(&format!("emergency_contacts[{i}].phone"), &mut c.phone)?;
    }
    if let Some(s) = p.house.storeys {
        if !(1..=99).contains(&s) {
            return Err(err("house.storeys", "must be 1 to 99"));
        }
    }
    if let Some(y) = p.house.year_built {
        let this_year = u16::try_from(chrono::Datelike::year(&today)).unwrap_or(u16::MAX);
        if !(1800..=this_year).contains(&y) {
            return Err(err(
                "house.year_built",
                format!("must be a year from 1800 to {this_year}"),
            ));
        }
    }
    if let Some(d) = &mut p.registration.date {
        *d = parse_date_field("registration.date", d)?.to_string();
    }
    if let Some(d) = &mut p.care_level_until {
        let date = parse_date_field("care_level_until", d)?;
        if date < dob {
            return Err(err(
                "care_level_until",
                "is before the date of birth; write the last day of the 要介護認定 (認定有効期間の終了日)",
            ));
        }
        *d = date.to_string();
    }
    if let Some(d) = &mut p.last_verified_on {
        let date = parse_date_field("last_verified_on", d)?;
        if date > today {
            return Err(err("last_verified_on", "is in the future"));
        }
        *d = date.to_string();
    }
    if let Some(plan) = &mut p.plan {
        for (i, d) in plan.destinations.iter_mut().enumerate() {
            d.name = d.name.trim().to_string();
            // A shelter of the registry takes its name from the registry.
            if d.name.is_empty() && d.shelter_id.is_none() {
                return Err(err(
                    format!("plan.destinations[{i}].name"),
                    "must not be empty",
                ));
            }
            if d.shelter_id.is_some()
                && !matches!(
                    d.kind,
                    DestinationKind::Shelter | DestinationKind::WelfareShelter
                )
            {
                return Err(err(
                    format!("plan.destinations[{i}].shelter_id"),
                    "names a shelter of the registry, which is a 指定避難所 or 福祉避難所: \
                     remove shelter_id for a relative's home or another place",
                ));
            }
        }
        if plan.made_by_office.is_some() && plan.made_by != Some(PlanMaker::Professional) {
            return Err(err(
                "plan.made_by_office",
                "is only for a plan made by 福祉専門職 (made_by professional); remove it or set made_by",
            ));
        }
        for (field, value) in [
            ("plan.created_on", &mut plan.created_on),
            ("plan.updated_on", &mut plan.updated_on),
            ("plan.verified_on", &mut plan.verified_on),
        ] {
            if let Some(d) = value {
                *d = parse_date_field(field, d)?.to_string();
            }
        }
    }
    Ok(())
}

/// Parses a date field (ISO or wareki), naming the field on failure.
pub fn parse_date_field(field: &str, value: &str) -> Result<NaiveDate, ValidationError> {
    if value.trim().is_empty() {
        return Err(err(
            field,
            "must not be empty; write a date such as 1940-03-02 or 昭和15年3月2日",
        ));
    }
    wareki::parse_date(value).map_err(|e| err(field, e.to_string()))
}

/// Trims a name and folds any run of spaces (ASCII or U+3000) into one ASCII space, so
/// `山田　太郎` and `山田 太郎` are stored alike.
pub fn normalise_name(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn trim_optional(v: &mut Option<String>) {
    if let Some(s) = v {
        let t = s.trim();
        if t.is_empty() {
            *v = None;
        } else if t.len() != s.len() {
            *v = Some(t.to_string());
        }
    }
}

fn check_len(field: &str, v: &str, max: usize) -> Check {
    if v.chars().count() > max {
        return Err(err(field, format!("is longer than {max} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(err(field, "contains control characters"));
    }
    Ok(())
}

fn check_kana(field: &str, v: &str) -> Check {
    let ok = v.nfkc().all(|c| {
        matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '゛' | '゜' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | '・' | ' ' | '\u{3099}' | '\u{309A}')
    });
    if ok {
        Ok(())
    } else {
        Err(err(
            field,
            "must be written in hiragana or katakana (ふりがな)",
        ))
    }
}

/// Phone numbers: digits with hyphens, brackets, spaces or a leading +; full-width is folded.
fn check_phone(field: &str, v: &mut String) -> Check {
    let folded: String = v.nfkc().collect::<String>().trim().to_string();
    if folded.is_empty() {
        v.clear();
        return Ok(());
    }
    let allowed = folded.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' ') || (c == '+' && i == 0)
    });
    let digits = folded.chars().filter(|c| c.is_ascii_digit()).count();
    if !allowed {
        return Err(err(
            field,
            "may contain only digits, hyphens and brackets (e.g. 0123-45-6789)",
        ));
    }
    if !(3..=15).contains(&digits) {
        return Err(err(field, "must have 3 to 15 digits"));
    }
    *v = folded;
    Ok(())
}

fn is_plausible_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}
