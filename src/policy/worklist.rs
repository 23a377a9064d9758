//! The consent worklist: whose consent runs out soon, who was never asked, who did not
//! answer, who refused, who withdrew recently. For the officers only — it lists refusals.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::consent::{self, ConsentFact, ConsentState, Scope};
use super::PersonFacts;
use crate::model::{ConsentAnswer, ConsentPurpose, RecipientKind};

/// One answer that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkItem {
    /// The person.
    pub person_id: i64,
    /// The consent row.
    pub consent_id: i64,
    /// Purpose.
    pub purpose: ConsentPurpose,
    /// Recipient kind.
    pub recipient_kind: RecipientKind,
    /// A named recipient, if the answer was for one.
    pub recipient_id: Option<i64>,
    /// The answer.
    pub answer: ConsentAnswer,
    /// Date obtained.
    pub obtained_on: NaiveDate,
    /// Last valid day.
    pub expires_on: Option<NaiveDate>,
    /// Days from today to the expiry (negative once expired).
    pub days_left: Option<i64>,
}

impl WorkItem {
    fn new(person_id: i64, c: &ConsentFact, today: NaiveDate) -> WorkItem {
        WorkItem {
            person_id,
            consent_id: c.id,
            purpose: c.purpose,
            recipient_kind: c.recipient_kind,
            recipient_id: c.recipient_id,
            answer: c.answer,
            obtained_on: c.obtained_on,
            expires_on: c.expires_on,
            days_left: c.expires_on.map(|e| (e - today).num_days()),
        }
    }
}

/// The worklist on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConsentWorklist {
    /// Valid consents whose last day is within the window, soonest first.
    pub expiring: Vec<WorkItem>,
    /// Consents that have run out and were not renewed.
    pub expired: Vec<WorkItem>,
    /// People on the roster with no consent row at all.
    pub never_asked: Vec<i64>,
    /// Asked, and the current answer is "no answer".
    pub no_answer: Vec<WorkItem>,
    /// The current answer is a refusal.
    pub refused: Vec<WorkItem>,
    /// Withdrawals dated within the window, newest first (even if a later answer followed:
    /// copies given out before the withdrawal still have to be recalled).
    pub withdrawn: Vec<WorkItem>,
}

/// Builds the worklist for `persons` on `today`, looking `days` days ahead (expiring) and
/// back (withdrawn). Archived people are left out: they are on no list.
pub fn consent_worklist(
    persons: &[PersonFacts<'_>],
    today: NaiveDate,
    days: u32,
) -> ConsentWorklist {
    let horizon = today + Duration::days(i64::from(days));
    let since = today - Duration::days(i64::from(days));
    let mut w = ConsentWorklist::default();
    for p in persons.iter().filter(|p| !p.archived) {
        let rows: Vec<ConsentFact> = p
            .consents
            .iter()
            .filter(|c| c.obtained_on <= today)
            .copied()
            .collect();
        if rows.is_empty() {
            w.never_asked.push(p.person_id);
            continue;
        }
        let scopes: BTreeSet<Scope> = rows.iter().map(ConsentFact::scope).collect();
        for scope in scopes {
            match consent::state(&rows, scope, today) {
                ConsentState::Valid(c) if c.expires_on.is_some_and(|e| e <= horizon) => {
                    w.expiring.push(WorkItem::new(p.person_id, &c, today));
                }
                ConsentState::Expired(c) => w.expired.push(WorkItem::new(p.person_id, &c, today)),
                ConsentState::NoAnswer(c) => {
                    w.no_answer.push(WorkItem::new(p.person_id, &c, today))
                }
                ConsentState::Refused(c) => w.refused.push(WorkItem::new(p.person_id, &c, today)),
                _ => {}
            }
        }
        for c in rows
            .iter()
            .filter(|c| c.answer == ConsentAnswer::Withdrawn && c.obtained_on >= since)
        {
            w.withdrawn.push(WorkItem::new(p.person_id, c, today));
        }
    }
    // A kind-wide answer covers each named recipient's scope too: keep one line per row.
    for list in [
        &mut w.expiring,
        &mut w.expired,
        &mut w.no_answer,
        &mut w.refused,
    ] {
        list.sort_by_key(|i| (i.person_id, i.consent_id));
        list.dedup_by_key(|i| i.consent_id);
    }
    w.expiring
        .sort_by_key(|i| (i.expires_on, i.person_id, i.consent_id));
    w.withdrawn
        .sort_by_key(|i| (std::cmp::Reverse(i.obtained_on), i.person_id, i.consent_id));
    w
}
