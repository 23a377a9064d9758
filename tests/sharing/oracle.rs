//! The sharing rule restated from the issue, independently of `yorisoi::policy`: written
//! with quantifiers ("a granting answer with no later answer") rather than "take the
//! maximum", so that a bug in one is not repeated in the other.

use chrono::{DateTime, Duration, Months, NaiveDate, TimeZone, Utc};
use yorisoi::model::{ConsentAnswer, ConsentBasis, ConsentPurpose, RecipientKind};
use yorisoi::policy::ConsentFact;

/// The JST date at an instant.
pub fn jst(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::hours(9)).date_naive()
}

/// 00:00 JST on `d`, as an instant.
pub fn jst_midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap()) - Duration::hours(9)
}

/// Whether row `c` speaks for (purpose, recipient kind, recipient id).
fn covers(c: &ConsentFact, purpose: ConsentPurpose, kind: RecipientKind, rid: i64) -> bool {
    c.purpose == purpose && c.recipient_kind == kind && c.recipient_id.is_none_or(|r| r == rid)
}

/// The answer in force on `today`: an applicable row dated on or before today such that no
/// other applicable row dated on or before today comes after it.
pub fn in_force(
    rows: &[ConsentFact],
    purpose: ConsentPurpose,
    kind: RecipientKind,
    rid: i64,
    today: NaiveDate,
) -> Option<ConsentFact> {
    let applicable = |c: &&ConsentFact| covers(c, purpose, kind, rid) && c.obtained_on <= today;
    rows.iter()
        .filter(applicable)
        .find(|r| {
            !rows
                .iter()
                .filter(applicable)
                .any(|s| (s.obtained_on, s.id) > (r.obtained_on, r.id))
        })
        .copied()
}

/// A valid consent on `today`: in force, granting, and `today` on or before its expiry.
pub fn valid_consent(
    rows: &[ConsentFact],
    purpose: ConsentPurpose,
    kind: RecipientKind,
    rid: i64,
    today: NaiveDate,
) -> bool {
    in_force(rows, purpose, kind, rid, today).is_some_and(|c| {
        matches!(
            c.answer,
            ConsentAnswer::Consented | ConsentAnswer::Proxy | ConsentAnswer::Applied
        ) && c.expires_on.is_none_or(|e| today <= e)
    })
}

/// Would the person be on a normal-time list, by the municipality's basis?
pub fn normally_shared(
    rows: &[ConsentFact],
    purpose: ConsentPurpose,
    kind: RecipientKind,
    rid: i64,
    basis: ConsentBasis,
    renewal_months: u32,
    today: NaiveDate,
) -> bool {
    if valid_consent(rows, purpose, kind, rid, today) {
        return true;
    }
    let current = in_force(rows, purpose, kind, rid, today);
    let objected = current
        .is_some_and(|c| matches!(c.answer, ConsentAnswer::Refused | ConsentAnswer::Withdrawn));
    match basis {
        ConsentBasis::Explicit => false,
        ConsentBasis::Presumed => current.is_some_and(|c| {
            let last_day = c.expires_on.or_else(|| {
                (renewal_months > 0).then(|| {
                    c.obtained_on
                        .checked_add_months(Months::new(renewal_months))
                        .unwrap()
                        - Duration::days(1)
                })
            });
            c.answer == ConsentAnswer::NoAnswer && last_day.is_none_or(|l| today <= l)
        }),
        ConsentBasis::OrdinanceOptOut => !objected,
        ConsentBasis::Ordinance => true,
    }
}
