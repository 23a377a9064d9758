//! Reading a typed date: ISO or 和暦, in the spellings IMEs and scanned forms produce.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use super::eras::{format_era_date, ERAS};
use super::DateParseError;

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
mod tests;
