//! The era table, and dates written in 和暦.

use chrono::{Datelike, NaiveDate};

/// One row of the era table.
pub(super) struct Era {
    /// Kanji name as written on forms.
    pub(super) name: &'static str,
    /// Upper-case initial used in the short form (`S15.3.2`).
    pub(super) letter: char,
    /// First day of the era; the era's year 1 is this date's year.
    pub(super) start: NaiveDate,
}

/// Builds a date for the era table at compile time.
///
/// It is only ever evaluated in a `const` context, so a typo in the table
/// stops the build instead of panicking at runtime.
const fn table_date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date in era table"),
    }
}

/// Supported eras, oldest first. Each era ends the day before the next
/// one starts; 令和 is open-ended.
pub(super) const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        letter: 'M',
        // Officially proclaimed 1868-10-23 but applied retroactively to the
        // start of 慶応4年, which is why conversion tables use 1868-01-25.
        start: table_date(1868, 1, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        start: table_date(1912, 7, 30),
    },
    Era {
        name: "昭和",
        letter: 'S',
        start: table_date(1926, 12, 25),
    },
    Era {
        name: "平成",
        letter: 'H',
        start: table_date(1989, 1, 8),
    },
    Era {
        name: "令和",
        letter: 'R',
        start: table_date(2019, 5, 1),
    },
];

/// Formats `昭和15年3月2日`, writing year 1 as `元年` as official documents do.
pub(super) fn format_era_date(era: &str, era_year: u32, month: u32, day: u32) -> String {
    if era_year == 1 {
        format!("{era}元年{month}月{day}日")
    } else {
        format!("{era}{era_year}年{month}月{day}日")
    }
}

/// Finds the era in force on `date` and the year within it.
fn era_of(date: NaiveDate) -> Option<(&'static Era, u32)> {
    let era = ERAS.iter().rev().find(|era| date >= era.start)?;
    let era_year = u32::try_from(date.year() - era.start.year() + 1).ok()?;
    Some((era, era_year))
}

/// Formats a date in long 和暦 form, e.g. `昭和15年3月2日`, with `元年` for the
/// first year of an era (`令和元年5月1日`).
///
/// Returns `None` for dates before 明治 (1868-01-25), which no era covers.
#[must_use]
pub fn to_wareki(date: NaiveDate) -> Option<String> {
    let (era, era_year) = era_of(date)?;
    Some(format_era_date(
        era.name,
        era_year,
        date.month(),
        date.day(),
    ))
}

/// Formats a date in short 和暦 form, e.g. `S15.3.2`, as used on compact
/// printouts where the long form does not fit. Year 1 is written `1`
/// (`R1.5.1`) because `元` does not fit the all-ASCII style.
///
/// Returns `None` for dates before 明治 (1868-01-25).
#[must_use]
pub fn to_wareki_short(date: NaiveDate) -> Option<String> {
    let (era, era_year) = era_of(date)?;
    Some(format!(
        "{}{}.{}.{}",
        era.letter,
        era_year,
        date.month(),
        date.day()
    ))
}
