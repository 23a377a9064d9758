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

use chrono::{Datelike, NaiveDate};
use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

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

/// One row of the era table.
struct Era {
    /// Kanji name as written on forms.
    name: &'static str,
    /// Upper-case initial used in the short form (`S15.3.2`).
    letter: char,
    /// First day of the era; the era's year 1 is this date's year.
    start: NaiveDate,
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
const ERAS: [Era; 5] = [
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

/// Parses a date typed in any of the forms staff are likely to copy from
/// paper: ISO `1940-03-02`, `1940/3/2`, `1940.3.2`, `1940年3月2日`, and 和暦
/// `昭和15年3月2日`, `昭和元年12月30日`, `S15.3.2`, `S15/03/02`, `S15-3-2`
/// (era letter in either case).
///
/// Full-width digits, letters and punctuation, the single-character era
/// ligatures (`㍼`), and whitespace anywhere are accepted, because IMEs and
/// scanned forms produce all of these. The trailing `日` may be omitted.
///
/// A 和暦 date must fall inside its era: `昭和64年1月8日` is rejected because
/// 平成 had already begun, rather than silently converted.
///
/// Only the format is checked, not plausibility: a date of birth in the
/// future is the caller's business.
///
/// # Errors
///
/// Returns a [`DateParseError`] saying what is wrong and what to type
/// instead when the text is not in an accepted form, names a day that does
/// not exist, or lies outside the named era.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateParseError> {
    // NFKC folds full-width ASCII and era ligatures to their plain forms, so
    // the grammar below only has to deal with one spelling of each token.
    let chars: Vec<char> = input.nfkc().filter(|c| !c.is_whitespace()).collect();
    let mut cursor = Cursor {
        chars: &chars,
        pos: 0,
    };

    if let Some(era_index) = cursor.era() {
        let year = cursor.era_year().ok_or(DateParseError::NotADate)?;
        let (month, day) = cursor.month_day().ok_or(DateParseError::NotADate)?;
        return resolve_era_date(era_index, year, month, day);
    }

    // Western years must have four digits: a two-digit year is ambiguous
    // (is `40/3/2` 1940 or 昭和40?) and guessing wrong corrupts a record.
    let year = cursor.number(4, 4).ok_or(DateParseError::NotADate)?;
    let (month, day) = cursor.month_day().ok_or(DateParseError::NotADate)?;
    let year = i32::try_from(year).map_err(|_| DateParseError::NotADate)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateParseError::NoSuchDate {
        date: format!("{year:04}-{month:02}-{day:02}"),
    })
}

/// Turns an era-relative date into a calendar date, checking that it lies
/// within the era.
fn resolve_era_date(
    era_index: usize,
    era_year: u32,
    month: u32,
    day: u32,
) -> Result<NaiveDate, DateParseError> {
    let Some(era) = ERAS.get(era_index) else {
        return Err(DateParseError::NotADate);
    };
    if era_year == 0 {
        return Err(DateParseError::EraYearZero { era: era.name });
    }
    let year = i32::try_from(era_year)
        .ok()
        .and_then(|y| era.start.year().checked_add(y - 1))
        .ok_or(DateParseError::NotADate)?;
    let date =
        NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateParseError::NoSuchDate {
            date: format_era_date(era.name, era_year, month, day),
        })?;

    if date < era.start {
        return Err(match era_index.checked_sub(1).and_then(|i| ERAS.get(i)) {
            Some(previous) => DateParseError::BeforeEraStart {
                era: era.name,
                start: era.start,
                previous: previous.name,
            },
            None => DateParseError::BeforeMeiji,
        });
    }
    if let Some(next) = ERAS.get(era_index + 1) {
        if date >= next.start {
            return Err(DateParseError::AfterEraEnd {
                era: era.name,
                // The era table starts in 1868, so the day before any era
                // start always exists; fall back to the start just in case.
                last_day: next.start.pred_opt().unwrap_or(next.start),
                next: next.name,
            });
        }
    }
    Ok(date)
}

/// Formats `昭和15年3月2日`, writing year 1 as `元年` as official documents do.
fn format_era_date(era: &str, era_year: u32, month: u32, day: u32) -> String {
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

/// A tiny hand-written scanner; the grammar is small enough that a regex
/// dependency would cost more than it saves.
struct Cursor<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Cursor<'_> {
    /// Next character without consuming it.
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Consumes `c` if it is next.
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// True when all input has been consumed.
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// Consumes an era name (`昭和`) or letter (`S`/`s`) and returns its index
    /// in [`ERAS`].
    fn era(&mut self) -> Option<usize> {
        let rest = self.chars.get(self.pos..)?;
        for (index, era) in ERAS.iter().enumerate() {
            let name: Vec<char> = era.name.chars().collect();
            if rest.starts_with(&name) {
                self.pos += name.len();
                return Some(index);
            }
        }
        let first = rest.first()?.to_ascii_uppercase();
        let index = ERAS.iter().position(|era| era.letter == first)?;
        self.pos += 1;
        Some(index)
    }

    /// Consumes an era year: `元` (= 1) or one to three digits. Three digits
    /// are allowed so that `昭和100年` gets the helpful "era ended" message
    /// instead of "not a date".
    fn era_year(&mut self) -> Option<u32> {
        if self.eat('元') {
            return Some(1);
        }
        self.number(1, 3)
    }

    /// Consumes between `min` and `max` ASCII digits (all the digits present,
    /// so `19400` is not read as `1940` followed by junk).
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.pos;
        let mut value: u32 = 0;
        // Only ASCII digits: NFKC has already folded full-width digits, and
        // other scripts' digits are not something staff would type here.
        while let Some(digit) = self
            .peek()
            .filter(char::is_ascii_digit)
            .and_then(|c| c.to_digit(10))
        {
            value = value.checked_mul(10)?.checked_add(digit)?;
            self.pos += 1;
        }
        let len = self.pos - start;
        (min..=max).contains(&len).then_some(value)
    }

    /// Consumes the part after the year, either `年M月D日` (日 optional) or
    /// `<sep>M<sep>D` with the same separator twice, and requires the input
    /// to end there.
    fn month_day(&mut self) -> Option<(u32, u32)> {
        let (month, day) = if self.eat('年') {
            let month = self.number(1, 2)?;
            if !self.eat('月') {
                return None;
            }
            let day = self.number(1, 2)?;
            self.eat('日');
            (month, day)
        } else {
            // Mixed separators (`S15.3/2`) are rejected: they usually mean
            // two fields were pasted together.
            let separator = self.peek().filter(|c| matches!(c, '-' | '/' | '.'))?;
            self.pos += 1;
            let month = self.number(1, 2)?;
            if !self.eat(separator) {
                return None;
            }
            let day = self.number(1, 2)?;
            (month, day)
        };
        self.at_end().then_some((month, day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn parses_western_forms() {
        let want = ymd(1940, 3, 2);
        for input in [
            "1940-03-02",
            "1940-3-2",
            "1940/3/2",
            "1940/03/02",
            "1940.3.2",
            "1940年3月2日",
            "1940年03月02日",
            "1940年3月2",
            "  1940-03-02\n",
            "１９４０－０３－０２",
            "１９４０／３／２",
            "１９４０年３月２日",
            "1940 年 3 月 2 日",
            "\u{3000}1940/3/2\u{3000}",
        ] {
            assert_eq!(parse_date(input), Ok(want), "input {input:?}");
        }
    }

    #[test]
    fn parses_wareki_forms() {
        let want = ymd(1940, 3, 2);
        for input in [
            "昭和15年3月2日",
            "昭和15年03月02日",
            "昭和15.3.2",
            "S15.3.2",
            "S15/03/02",
            "S15-3-2",
            "s15.3.2",
            "s15/3/2",
            "S15年3月2日",
            "Ｓ１５．３．２",
            "ｓ１５．３．２",
            "昭和１５年３月２日",
            "  昭和15年3月2日  ",
            "昭和 15 年 3 月 2 日",
            "㍼15年3月2日",
        ] {
            assert_eq!(parse_date(input), Ok(want), "input {input:?}");
        }
    }

    #[test]
    fn parses_gannen() {
        assert_eq!(parse_date("昭和元年12月30日"), Ok(ymd(1926, 12, 30)));
        assert_eq!(parse_date("昭和1年12月30日"), Ok(ymd(1926, 12, 30)));
        assert_eq!(parse_date("令和元年5月1日"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_date("R元.5.1"), Ok(ymd(2019, 5, 1)));
        assert_eq!(parse_date("平成元年1月8日"), Ok(ymd(1989, 1, 8)));
        assert_eq!(parse_date("明治元年1月25日"), Ok(ymd(1868, 1, 25)));
        assert_eq!(parse_date("大正元年7月30日"), Ok(ymd(1912, 7, 30)));
    }

    #[test]
    fn parses_every_era_letter_and_name() {
        assert_eq!(parse_date("M45.7.29"), Ok(ymd(1912, 7, 29)));
        assert_eq!(parse_date("明治45年7月29日"), Ok(ymd(1912, 7, 29)));
        assert_eq!(parse_date("T15.12.24"), Ok(ymd(1926, 12, 24)));
        assert_eq!(parse_date("大正15年12月24日"), Ok(ymd(1926, 12, 24)));
        assert_eq!(parse_date("S64.1.7"), Ok(ymd(1989, 1, 7)));
        assert_eq!(parse_date("H31.4.30"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_date("平成31年4月30日"), Ok(ymd(2019, 4, 30)));
        assert_eq!(parse_date("R6.1.1"), Ok(ymd(2024, 1, 1)));
        assert_eq!(parse_date("令和6年1月1日"), Ok(ymd(2024, 1, 1)));
        assert_eq!(parse_date("m1.12.31"), Ok(ymd(1868, 12, 31)));
        assert_eq!(parse_date("t2.1.1"), Ok(ymd(1913, 1, 1)));
        assert_eq!(parse_date("h2.1.1"), Ok(ymd(1990, 1, 1)));
        assert_eq!(parse_date("r2.1.1"), Ok(ymd(2020, 1, 1)));
    }

    #[test]
    fn leap_days() {
        assert_eq!(parse_date("昭和15年2月29日"), Ok(ymd(1940, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Ok(ymd(2000, 2, 29)));
        assert!(matches!(
            parse_date("1900-02-29"),
            Err(DateParseError::NoSuchDate { .. })
        ));
        assert!(matches!(
            parse_date("昭和16年2月29日"),
            Err(DateParseError::NoSuchDate { .. })
        ));
    }

    #[test]
    fn rejects_impossible_dates() {
        let err = parse_date("1940-02-30").expect_err("no such day");
        assert_eq!(
            err,
            DateParseError::NoSuchDate {
                date: "1940-02-30".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "no such date: 1940-02-30; check the month and day"
        );

        assert_eq!(
            parse_date("昭和15年13月1日"),
            Err(DateParseError::NoSuchDate {
                date: "昭和15年13月1日".into()
            })
        );
        assert_eq!(
            parse_date("昭和15年2月30日"),
            Err(DateParseError::NoSuchDate {
                date: "昭和15年2月30日".into()
            })
        );
        for input in [
            "1940/4/31",
            "1940-00-10",
            "1940-01-00",
            "S15.0.1",
            "S15.1.32",
        ] {
            assert!(
                matches!(parse_date(input), Err(DateParseError::NoSuchDate { .. })),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn rejects_dates_outside_their_era() {
        let err = parse_date("昭和64年1月8日").expect_err("平成 had begun");
        assert_eq!(
            err,
            DateParseError::AfterEraEnd {
                era: "昭和",
                last_day: ymd(1989, 1, 7),
                next: "平成"
            }
        );
        assert_eq!(
            err.to_string(),
            "昭和 ended on 1989-01-07; use 平成 for later dates"
        );

        assert_eq!(
            parse_date("平成31年5月1日"),
            Err(DateParseError::AfterEraEnd {
                era: "平成",
                last_day: ymd(2019, 4, 30),
                next: "令和"
            })
        );

        let err = parse_date("令和1年4月30日").expect_err("still 平成");
        assert_eq!(
            err,
            DateParseError::BeforeEraStart {
                era: "令和",
                start: ymd(2019, 5, 1),
                previous: "平成"
            }
        );
        assert_eq!(
            err.to_string(),
            "令和 began on 2019-05-01; use 平成 for earlier dates"
        );

        assert_eq!(
            parse_date("大正1年7月29日"),
            Err(DateParseError::BeforeEraStart {
                era: "大正",
                start: ymd(1912, 7, 30),
                previous: "明治"
            })
        );
        assert_eq!(
            parse_date("明治45年7月30日"),
            Err(DateParseError::AfterEraEnd {
                era: "明治",
                last_day: ymd(1912, 7, 29),
                next: "大正"
            })
        );
        assert_eq!(
            parse_date("大正15年12月25日"),
            Err(DateParseError::AfterEraEnd {
                era: "大正",
                last_day: ymd(1926, 12, 24),
                next: "昭和"
            })
        );
        assert_eq!(
            parse_date("昭和元年12月24日"),
            Err(DateParseError::BeforeEraStart {
                era: "昭和",
                start: ymd(1926, 12, 25),
                previous: "大正"
            })
        );
        assert_eq!(
            parse_date("平成元年1月7日"),
            Err(DateParseError::BeforeEraStart {
                era: "平成",
                start: ymd(1989, 1, 8),
                previous: "昭和"
            })
        );
        assert_eq!(
            parse_date("S100.1.1"),
            Err(DateParseError::AfterEraEnd {
                era: "昭和",
                last_day: ymd(1989, 1, 7),
                next: "平成"
            })
        );
        assert_eq!(
            parse_date("明治元年1月24日"),
            Err(DateParseError::BeforeMeiji)
        );
        assert_eq!(parse_date("M1.1.1"), Err(DateParseError::BeforeMeiji));
    }

    #[test]
    fn rejects_era_year_zero() {
        let err = parse_date("昭和0年1月1日").expect_err("no year 0");
        assert_eq!(err, DateParseError::EraYearZero { era: "昭和" });
        assert_eq!(
            err.to_string(),
            "昭和 has no year 0; the first year is 元年 (1), e.g. 昭和元年"
        );
        assert_eq!(
            parse_date("R0.5.1"),
            Err(DateParseError::EraYearZero { era: "令和" })
        );
    }

    #[test]
    fn rejects_non_dates() {
        for input in [
            "",
            "   ",
            "yesterday",
            "1940",
            "1940-03",
            "40/3/2",
            "01940-03-02",
            "1940-03-02x",
            "1940-03/02",
            "S15.3/2",
            "S15",
            "S15.3",
            "X15.3.2",
            "昭和十五年三月二日",
            "昭和15年3月2日生まれ 山田太郎",
            "S1234.1.1",
            "1940-003-02",
            "1940年3月",
            "1940年3-2",
            "99999999999999999999-01-01",
        ] {
            assert_eq!(
                parse_date(input),
                Err(DateParseError::NotADate),
                "input {input:?}"
            );
        }
        assert_eq!(
            DateParseError::NotADate.to_string(),
            "not a date; write it as 1940-03-02, 昭和15年3月2日 or S15.3.2"
        );
    }

    #[test]
    fn error_messages_do_not_echo_the_input() {
        let secret = "山田太郎 090-1234-5678";
        for input in [
            format!("{secret} 1940-02-30"),
            format!("1940-02-30 {secret}"),
            format!("昭和64年1月8日{secret}"),
        ] {
            let message = parse_date(&input).expect_err("rejected").to_string();
            assert!(!message.contains("山田"), "{message}");
            assert!(!message.contains("5678"), "{message}");
        }
        // Rejected by shape, so only the fixed hint is shown.
        let message = parse_date("2月30日 山田")
            .expect_err("rejected")
            .to_string();
        assert!(!message.contains("山田"));
    }

    #[test]
    fn formats_wareki() {
        assert_eq!(
            to_wareki(ymd(1940, 3, 2)).as_deref(),
            Some("昭和15年3月2日")
        );
        assert_eq!(
            to_wareki(ymd(2019, 5, 1)).as_deref(),
            Some("令和元年5月1日")
        );
        assert_eq!(
            to_wareki(ymd(2019, 4, 30)).as_deref(),
            Some("平成31年4月30日")
        );
        assert_eq!(
            to_wareki(ymd(1989, 1, 7)).as_deref(),
            Some("昭和64年1月7日")
        );
        assert_eq!(
            to_wareki(ymd(1989, 1, 8)).as_deref(),
            Some("平成元年1月8日")
        );
        assert_eq!(
            to_wareki(ymd(1926, 12, 25)).as_deref(),
            Some("昭和元年12月25日")
        );
        assert_eq!(
            to_wareki(ymd(1868, 1, 25)).as_deref(),
            Some("明治元年1月25日")
        );
        assert_eq!(
            to_wareki(ymd(2024, 12, 31)).as_deref(),
            Some("令和6年12月31日")
        );
        assert_eq!(to_wareki(ymd(1868, 1, 24)), None);
        assert_eq!(to_wareki(ymd(1800, 1, 1)), None);
    }

    #[test]
    fn formats_wareki_short() {
        assert_eq!(to_wareki_short(ymd(1940, 3, 2)).as_deref(), Some("S15.3.2"));
        assert_eq!(to_wareki_short(ymd(2019, 5, 1)).as_deref(), Some("R1.5.1"));
        assert_eq!(
            to_wareki_short(ymd(1912, 7, 29)).as_deref(),
            Some("M45.7.29")
        );
        assert_eq!(
            to_wareki_short(ymd(1912, 7, 30)).as_deref(),
            Some("T1.7.30")
        );
        assert_eq!(to_wareki_short(ymd(1989, 1, 8)).as_deref(), Some("H1.1.8"));
        assert_eq!(
            to_wareki_short(ymd(2000, 12, 31)).as_deref(),
            Some("H12.12.31")
        );
        assert_eq!(to_wareki_short(ymd(1868, 1, 24)), None);
    }

    #[test]
    fn round_trips_at_every_era_boundary() {
        let mut dates = Vec::new();
        for era in &ERAS {
            let start = era.start;
            dates.push(start);
            dates.push(start.succ_opt().expect("day after"));
            if let Some(before) = start.pred_opt() {
                dates.push(before);
            }
            // End of the first (often short) era year and start of the second.
            dates.push(ymd(start.year(), 12, 31));
            dates.push(ymd(start.year() + 1, 1, 1));
        }
        dates.extend([ymd(1940, 3, 2), ymd(2000, 2, 29), ymd(2024, 2, 29)]);

        for date in dates {
            let Some(long) = to_wareki(date) else {
                assert_eq!(
                    date,
                    ymd(1868, 1, 24),
                    "only the day before 明治 has no era"
                );
                continue;
            };
            assert_eq!(parse_date(&long), Ok(date), "long form {long}");
            let short = to_wareki_short(date).expect("short form exists with long form");
            assert_eq!(parse_date(&short), Ok(date), "short form {short}");
            let iso = date.format("%Y-%m-%d").to_string();
            assert_eq!(parse_date(&iso), Ok(date), "iso {iso}");
        }
    }

    #[test]
    fn round_trips_every_day_across_showa_heisei_reiwa() {
        // Cheap exhaustive check over the eras most living people were
        // born in; catches off-by-one errors anywhere in the table.
        let mut date = ymd(1926, 12, 20);
        while date <= ymd(2030, 1, 1) {
            let long = to_wareki(date).expect("in range");
            assert_eq!(parse_date(&long), Ok(date), "{long}");
            let short = to_wareki_short(date).expect("in range");
            assert_eq!(parse_date(&short), Ok(date), "{short}");
            date = date.succ_opt().expect("next day");
        }
    }

    #[test]
    fn age_in_full_years() {
        let dob = ymd(1940, 3, 2);
        assert_eq!(age_on(dob, ymd(1940, 3, 2)), 0);
        assert_eq!(age_on(dob, ymd(1941, 3, 1)), 0);
        assert_eq!(age_on(dob, ymd(1941, 3, 2)), 1);
        assert_eq!(age_on(dob, ymd(2024, 3, 1)), 83);
        assert_eq!(age_on(dob, ymd(2024, 3, 2)), 84);
        assert_eq!(age_on(dob, ymd(2024, 12, 31)), 84);
    }

    #[test]
    fn age_before_birth_is_zero() {
        assert_eq!(age_on(ymd(1940, 3, 2), ymd(1940, 3, 1)), 0);
        assert_eq!(age_on(ymd(1940, 3, 2), ymd(1900, 1, 1)), 0);
    }

    #[test]
    fn age_for_leap_day_birth() {
        let dob = ymd(2000, 2, 29);
        assert_eq!(age_on(dob, ymd(2001, 2, 28)), 0);
        assert_eq!(age_on(dob, ymd(2001, 3, 1)), 1);
        assert_eq!(age_on(dob, ymd(2003, 2, 28)), 2);
        assert_eq!(age_on(dob, ymd(2003, 3, 1)), 3);
        assert_eq!(age_on(dob, ymd(2004, 2, 28)), 3);
        assert_eq!(age_on(dob, ymd(2004, 2, 29)), 4);
        assert_eq!(age_on(dob, ymd(2004, 3, 1)), 4);
    }

    #[test]
    fn age_for_new_years_eve_and_day_births() {
        assert_eq!(age_on(ymd(1950, 12, 31), ymd(1951, 12, 30)), 0);
        assert_eq!(age_on(ymd(1950, 12, 31), ymd(1951, 12, 31)), 1);
        assert_eq!(age_on(ymd(1950, 1, 1), ymd(1950, 12, 31)), 0);
        assert_eq!(age_on(ymd(1950, 1, 1), ymd(1951, 1, 1)), 1);
    }
}
