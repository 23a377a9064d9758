//! Time is passed in, never read inside business logic, so that tests and printed
//! documents are reproducible.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// A source of the current instant.
pub trait Clock {
    /// The current instant, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Japan (JST, UTC+9), which is what every date on a form means.
    fn today(&self) -> NaiveDate {
        jst_date(self.now())
    }
}

/// The wall-clock time in Japan at instant `at` (JST is UTC+9 all year: no daylight saving).
pub fn jst(at: DateTime<Utc>) -> NaiveDateTime {
    (at + chrono::Duration::hours(9)).naive_utc()
}

/// The date in Japan at instant `at`.
pub fn jst_date(at: DateTime<Utc>) -> NaiveDate {
    jst(at).date()
}

/// The date in Japan of a stored instant (RFC 3339), or `None` if `stamp` is not one.
pub fn jst_date_of(stamp: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| jst_date(t.to_utc()))
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always answers the same instant (tests, reproducible output).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Formats an instant the way the store keeps it: RFC 3339, UTC, milliseconds.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_stored_instant_before_nine_utc_is_already_the_next_day_in_japan() {
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 15, 30, 0).unwrap();
        let next = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(jst_date(at), next);
        assert_eq!(jst_date_of(&stamp(at)), Some(next));
        assert_eq!(
            jst_date_of("2026-11-22T14:59:59.999Z"),
            NaiveDate::from_ymd_opt(2026, 11, 22)
        );
        assert_eq!(jst_date_of("2026-11-23"), None, "a date is not an instant");
    }
}
