//! Japanese era (和暦) dates: parsing what staff type, and printing dates
//! the way residents and municipal forms expect to read them.
//!
//! Dates of birth in this roster are mostly copied from paper forms and
//! 住民基本台帳 extracts that use 和暦 (`昭和15年3月2日`, `S15.3.2`), while the
//! database stores plain [`NaiveDate`]s. This module is the single place that
//! converts between the two, so that every screen and export agrees on era
//! boundaries.
//!
//! Dates are proleptic Gregorian throughout. Japan only switched to the
//! Gregorian calendar on 明治6年 (1873-01-01), so 明治1–5 dates on old
//! documents were lunisolar; like the usual official conversion tables we
//! ignore that and treat 明治 year 1 as 1868 starting on 1868-01-25.
//!
//! - `eras`: the era table, and dates written in 和暦 (`to_wareki`, `to_wareki_short`);
//! - `parse`: what staff type, read into a date (`parse_date`);
//! - here: the parse error, and ages (`age_on`).

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

mod eras;
mod parse;

pub use eras::{to_wareki, to_wareki_short};
pub use parse::parse_date;

/// Why a typed date was not accepted.
///
/// Messages are shown to staff as-is, so each one says what is wrong and what
/// to type instead. They deliberately contain at most the date itself (never
/// the whole input), because the input field may hold a pasted line with a
/// name or address that must not end up in logs or error dialogs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateParseError {
    /// The text does not have the shape of any accepted date format.
    #[error("not a date; write it as 1940-03-02, 昭和15年3月2日 or S15.3.2")]
    NotADate,

    /// The text has a date shape but names a day that does not exist,
    /// such as 2月30日 or month 13.
    #[error("no such date: {date}; check the month and day")]
    NoSuchDate {
        /// The impossible date, re-rendered from the parsed numbers.
        date: String,
    },

    /// An era year of 0 was given; era years start at 1 (元年).
    #[error("{era} has no year 0; the first year is 元年 (1), e.g. {era}元年")]
    EraYearZero {
        /// Era name in kanji, e.g. `昭和`.
        era: &'static str,
    },

    /// The date lies before the first day of the named era.
    #[error("{era} began on {start}; use {previous} for earlier dates")]
    BeforeEraStart {
        /// Era name in kanji.
        era: &'static str,
        /// First day of that era.
        start: NaiveDate,
        /// The era that was in force before it.
        previous: &'static str,
    },

    /// The date lies after the last day of the named era.
    #[error("{era} ended on {last_day}; use {next} for later dates")]
    AfterEraEnd {
        /// Era name in kanji.
        era: &'static str,
        /// Last day of that era.
        last_day: NaiveDate,
        /// The era that followed it.
        next: &'static str,
    },

    /// A 明治 date before 1868-01-25, which no supported era covers.
    #[error(
        "明治 began on 1868-01-25; write earlier dates in the Western calendar, e.g. 1867-12-31"
    )]
    BeforeMeiji,
}

/// Age in completed years on the day `on`, for someone born on
/// `date_of_birth`. Returns 0 if `on` is before the date of birth.
///
/// Someone born on 29 February turns a year older on 1 March in common
/// years. That matches both everyday practice and Japanese law (年齢計算ニ関スル
/// 法律 with 民法143条), under which the year ends at the close of 28 February,
/// so the new age is in effect from 1 March.
#[must_use]
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - date_of_birth.year();
    // Comparing (month, day) pairs handles 29 February without special
    // cases: in a common year (2, 28) < (2, 29) < (3, 1).
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests;
