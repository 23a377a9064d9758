//! Small helpers for drawing from the seeded generator.
//!
//! Every draw goes through a `ChaCha8Rng` passed in by the caller, in a fixed order, so
//! one seed always gives the same roster.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// True with probability `p` (0.0–1.0).
pub(super) fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// One element of a non-empty slice. Every slice passed here is a fixed table or a parsed
/// word list that [`super::words::Words::load`] has checked is not empty.
pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    debug_assert!(!items.is_empty());
    &items[rng.random_range(0..items.len().max(1))]
}

/// One value from a table of `(value, weight)`; weights need not sum to anything.
pub(super) fn weighted<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> T {
    debug_assert!(!table.is_empty());
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut at = rng.random_range(0..total.max(1));
    for (value, w) in table {
        if at < *w {
            return *value;
        }
        at -= w;
    }
    table[table.len() - 1].0
}

/// An integer in `lo..=hi`.
pub(super) fn between(rng: &mut ChaCha8Rng, lo: u32, hi: u32) -> u32 {
    rng.random_range(lo..=hi.max(lo))
}

/// The date `days` before `today` (saturating rather than panicking at the calendar's edge).
pub(super) fn days_before(today: NaiveDate, days: u32) -> NaiveDate {
    today
        .checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// The date `days` after `from`, never later than `today`.
pub(super) fn days_after(from: NaiveDate, days: u32, today: NaiveDate) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(today)
        .min(today)
}

/// A date between `from` and `today` inclusive (`today` when `from` is later).
pub(super) fn date_between(rng: &mut ChaCha8Rng, from: NaiveDate, today: NaiveDate) -> NaiveDate {
    let span = u32::try_from((today - from).num_days().max(0)).unwrap_or(u32::MAX);
    days_after(from, between(rng, 0, span), today)
}

/// A Japanese-style fixed-line number under the prefix 0990, e.g. `0990-12-3456`. 0990 was
/// the non-geographic ダイヤルQ2 prefix, withdrawn in 2014, so no home phone has it.
pub(super) fn landline(rng: &mut ChaCha8Rng, exchange: u32) -> String {
    format!("0990-{:02}-{:04}", exchange % 100, between(rng, 0, 9999))
}

/// A mobile number `090-xxxx-xxxx` or `080-xxxx-xxxx`.
pub(super) fn mobile(rng: &mut ChaCha8Rng) -> String {
    let prefix = if chance(rng, 0.6) { "090" } else { "080" };
    format!(
        "{prefix}-{:04}-{:04}",
        between(rng, 1000, 9999),
        between(rng, 0, 9999)
    )
}

/// The date `days` after `from`, not capped (expiry dates lie in the future).
pub(super) fn later(from: NaiveDate, days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}
