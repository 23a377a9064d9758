//! Time is passed in, never read inside business logic, so that tests and printed
//! documents are reproducible.

use chrono::{DateTime, NaiveDate, Utc};

/// A source of the current instant.
pub trait Clock {
    /// The current instant, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Japan (JST, UTC+9), which is what every date on a form means.
    fn today(&self) -> NaiveDate {
        (self.now() + chrono::Duration::hours(9)).date_naive()
    }
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
