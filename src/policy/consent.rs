//! The current state of a consent, derived from the ledger's rows at an instant.
//!
//! When things take effect (all dates on a consent form are dates in Japan, JST):
//! - a row obtained on day D speaks from D 00:00 JST; before that instant it has not
//!   happened yet and is ignored (a withdrawal dated D does not reach back before D);
//! - a row expiring on day E is valid through E 23:59:59 JST and expired from E+1 00:00 JST;
//! - of the rows that apply, the latest by (date obtained, id) is the current answer: a
//!   later refusal or withdrawal ends an earlier consent, a later consent ends a refusal.
//!   Two answers on one day are ordered by when they were entered (the id).

use chrono::{Months, NaiveDate};

use crate::model::{ConsentAnswer, ConsentPurpose, ConsentRecord, RecipientKind};

/// One ledger row, reduced to what the rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentFact {
    /// Row id (orders two answers given on the same day).
    pub id: i64,
    /// What it is for.
    pub purpose: ConsentPurpose,
    /// To which kind of recipient.
    pub recipient_kind: RecipientKind,
    /// A single named recipient, or `None` for every recipient of the kind.
    pub recipient_id: Option<i64>,
    /// The answer.
    pub answer: ConsentAnswer,
    /// Date obtained (JST).
    pub obtained_on: NaiveDate,
    /// Last day it is valid (JST), if it expires.
    pub expires_on: Option<NaiveDate>,
}

impl ConsentFact {
    /// The purpose and recipient this answer is about.
    pub fn scope(&self) -> Scope {
        Scope {
            purpose: self.purpose,
            recipient_kind: self.recipient_kind,
            recipient_id: self.recipient_id,
        }
    }

    /// The fact of a stored row; `None` when its dates do not parse (never for rows the
    /// store wrote, whose dates are checked in SQL).
    pub fn from_record(r: &ConsentRecord) -> Option<ConsentFact> {
        let expires_on = match &r.expires_on {
            Some(e) => Some(parse_iso(e)?),
            None => None,
        };
        Some(ConsentFact {
            id: r.id.unwrap_or(0),
            purpose: r.purpose,
            recipient_kind: r.recipient_kind,
            recipient_id: r.recipient_id,
            answer: r.answer,
            obtained_on: parse_iso(&r.obtained_on)?,
            expires_on,
        })
    }
}

/// Parses an ISO date (`2026-04-01`).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// What a set of answers is about: a purpose and a recipient kind, optionally one named
/// recipient of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    /// Purpose.
    pub purpose: ConsentPurpose,
    /// Recipient kind.
    pub recipient_kind: RecipientKind,
    /// A named recipient, or `None` for the whole kind.
    pub recipient_id: Option<i64>,
}

impl Scope {
    /// True when answer `c` speaks for this scope: same purpose and kind, and either given
    /// for the whole kind or for this very recipient.
    pub fn covers(&self, c: &ConsentFact) -> bool {
        c.purpose == self.purpose
            && c.recipient_kind == self.recipient_kind
            && (c.recipient_id.is_none() || c.recipient_id == self.recipient_id)
    }
}

pub use crate::clock::jst_date;

/// True for the answers that allow sharing: consented, by proxy, applied (手上げ).
pub fn grants(answer: ConsentAnswer) -> bool {
    matches!(
        answer,
        ConsentAnswer::Consented | ConsentAnswer::Proxy | ConsentAnswer::Applied
    )
}

/// The last day of a consent obtained on `obtained` that runs for `months` months (so
/// 2026-04-01 for 12 months is valid through 2027-03-31); `None` when `months` is 0,
/// which means answers do not expire unless a date is given.
pub fn default_expiry(obtained: NaiveDate, months: u32) -> Option<NaiveDate> {
    if months == 0 {
        return None;
    }
    obtained
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
}

/// The answer that speaks for `scope` on `today`: the latest applicable row dated on or
/// before today.
pub fn current(rows: &[ConsentFact], scope: Scope, today: NaiveDate) -> Option<&ConsentFact> {
    rows.iter()
        .filter(|c| scope.covers(c) && c.obtained_on <= today)
        .max_by_key(|c| (c.obtained_on, c.id))
}

/// What the current answer means on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentState {
    /// No answer has been recorded.
    NeverAsked,
    /// Consent (in person, by proxy or by application) that has not expired.
    Valid(ConsentFact),
    /// Consent whose expiry date has passed.
    Expired(ConsentFact),
    /// Asked (e.g. by letter), no answer.
    NoAnswer(ConsentFact),
    /// 不同意.
    Refused(ConsentFact),
    /// 撤回.
    Withdrawn(ConsentFact),
}

/// The state of `scope` on `today`. Expiry limits only a granting answer: a refusal or a
/// withdrawal stands until the person answers again.
pub fn state(rows: &[ConsentFact], scope: Scope, today: NaiveDate) -> ConsentState {
    let Some(c) = current(rows, scope, today).copied() else {
        return ConsentState::NeverAsked;
    };
    match c.answer {
        a if grants(a) => match c.expires_on {
            Some(e) if e < today => ConsentState::Expired(c),
            _ => ConsentState::Valid(c),
        },
        ConsentAnswer::Refused => ConsentState::Refused(c),
        ConsentAnswer::Withdrawn => ConsentState::Withdrawn(c),
        _ => ConsentState::NoAnswer(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_iso(s).unwrap_or_default()
    }

    #[test]
    fn default_expiry_is_the_day_before_the_anniversary() {
        assert_eq!(default_expiry(d("2026-04-01"), 12), Some(d("2027-03-31")));
        assert_eq!(default_expiry(d("2024-02-29"), 12), Some(d("2025-02-27")));
        assert_eq!(default_expiry(d("2026-04-01"), 0), None);
    }
}
