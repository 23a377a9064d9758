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
