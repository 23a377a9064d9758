//! Sharing rules: who appears on which list for which recipient, and with which fields.
//!
//! Pure: no I/O, no clock — the instant is a parameter — so every rule here is tested
//! exhaustively on generated rosters (`tests/sharing.rs`).
//!
//! The rule, for one person, one recipient, one purpose, at one instant:
//! 1. an archived person is never on a list;
//! 2. a plan list carries only people who have a plan;
//! 3. in normal time the municipality's basis (`consent.basis`) decides, from the current
//!    answer for that purpose and recipient (see [`consent`] for when answers take effect):
//!    - `explicit`: only with a valid consent (consented, by proxy, or applied);
//!    - `presumed` (推定同意): a valid consent, or "no answer" to a letter — the row
//!      recorded when the letter went out — for `consent.renewal_months` from its date
//!      (or until its own expiry date); never asked, refused, withdrawn or expired are out;
//!    - `ordinance-opt-out` (条例・拒否の申出): everyone except those whose current answer
//!      is a refusal or a withdrawal;
//!    - `ordinance` (条例・同意不要): everyone;
//! 4. in disaster mode (災害対策基本法第49条の11第3項) everyone not archived is included and
//!    the decision is marked as a disaster-time release;
//! 5. the fields are the recipient's profile (plus the plan on a plan list) minus what the
//!    recipient must never get; for an address-protected person (DV・ストーカー等支援措置)
//!    everything that locates them is withheld too — in disaster mode as well — unless an
//!    officer has explicitly released it ([`PersonFacts::location_released`]).

pub mod commission;
pub mod consent;
pub mod fields;
pub mod passphrase;
pub mod project;
pub mod reason;
pub mod settings;
pub mod unlock;
pub mod worklist;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use consent::{ConsentFact, ConsentState, Scope};
pub use fields::{Field, FieldProfile, FieldSet, LOCATING};
pub use reason::{Reason, ReasonCode};
pub use settings::{SettingKey, SharingSettings};

use crate::model::{ConsentBasis, ConsentPurpose, RecipientKind};

/// Normal time, or disaster time (when data may be released without consent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// 平常時.
    Normal,
    /// 災害時 (disaster mode is on).
    Disaster,
}

/// What a list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SharePurpose {
    /// 名簿情報の提供: the roster list.
    Roster,
    /// 個別避難計画の提供: plans.
    Plan,
}

impl SharePurpose {
    /// The command-line token.
    pub fn token(self) -> &'static str {
        match self {
            SharePurpose::Roster => "roster",
            SharePurpose::Plan => "plan",
        }
    }

    /// Parses `roster` or `plan`.
    pub fn from_token(s: &str) -> Option<SharePurpose> {
        match s {
            "roster" => Some(SharePurpose::Roster),
            "plan" => Some(SharePurpose::Plan),
            _ => None,
        }
    }

    /// The consent that governs it.
    pub fn consent_purpose(self) -> ConsentPurpose {
        match self {
            SharePurpose::Roster => ConsentPurpose::Roster,
            SharePurpose::Plan => ConsentPurpose::PlanShare,
        }
    }
}

/// The recipient a list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecipientFacts {
    /// Its id (named-recipient consents and per-recipient field settings).
    pub id: i64,
    /// Its kind (which consents apply).
    pub kind: RecipientKind,
}

/// What the rule needs to know about one person.
#[derive(Debug, Clone, Copy)]
pub struct PersonFacts<'a> {
    /// The person's id.
    pub person_id: i64,
    /// Off the roster (moved, died, ...).
    pub archived: bool,
    /// Under a resident-record protection order (DV・ストーカー等支援措置).
    pub address_protected: bool,
    /// An officer has explicitly decided that this person's location may be given out.
    /// Nothing records such a decision yet, so the store always passes `false`.
    pub location_released: bool,
    /// Has an evacuation plan.
    pub has_plan: bool,
    /// The person's consent rows (any order; any purpose and kind).
    pub consents: &'a [ConsentFact],
}

/// The answer for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// On the list.
    pub included: bool,
    /// The fields the recipient gets (empty when not included).
    pub fields: FieldSet,
    /// Fields of the recipient's profile withheld for this person (address protection).
    pub withheld: FieldSet,
    /// Why.
    pub reason: Reason,
    /// Included because disaster mode is on: the list is a disaster-time list.
    pub marked_disaster: bool,
    /// Would be included in normal time too (false: a copy given now must be recalled
    /// when the disaster is over).
    pub normally_included: bool,
}

impl Decision {
    fn excluded(reason: Reason) -> Decision {
        Decision {
            included: false,
            fields: FieldSet::EMPTY,
            withheld: FieldSet::EMPTY,
            reason,
            marked_disaster: false,
            normally_included: false,
        }
    }
}

/// Decides whether `person` is on `recipient`'s list for `purpose` at instant `now`, and
/// with which fields. See the module documentation for the rule.
pub fn decide(
    person: &PersonFacts<'_>,
    recipient: &RecipientFacts,
    purpose: SharePurpose,
    mode: Mode,
    settings: &SharingSettings,
    now: DateTime<Utc>,
) -> Decision {
    if person.archived {
        return Decision::excluded(Reason::archived());
    }
    if purpose == SharePurpose::Plan && !person.has_plan {
        return Decision::excluded(Reason::no_plan());
    }
    let (normally, normal_reason) = normal_time(person, recipient, purpose, settings, now);
    let (included, reason) = match mode {
        Mode::Normal => (normally, normal_reason),
        Mode::Disaster => (true, Reason::disaster(&normal_reason, normally)),
    };
    if !included {
        return Decision::excluded(reason);
    }
    let wanted = settings.fields_for(recipient.id, purpose);
    let withheld = if person.address_protected && !person.location_released {
        wanted.intersect(LOCATING)
    } else {
        FieldSet::EMPTY
    };
    Decision {
        included: true,
        fields: wanted.minus(withheld),
        withheld,
        reason,
        marked_disaster: mode == Mode::Disaster,
        normally_included: normally,
    }
}

/// The normal-time answer: included or not, and why.
fn normal_time(
    person: &PersonFacts<'_>,
    recipient: &RecipientFacts,
    purpose: SharePurpose,
    settings: &SharingSettings,
    now: DateTime<Utc>,
) -> (bool, Reason) {
    let today = consent::jst_date(now);
    let scope = Scope {
        purpose: purpose.consent_purpose(),
        recipient_kind: recipient.kind,
        recipient_id: Some(recipient.id),
    };
    let state = consent::state(person.consents, scope, today);
    let said = || Reason::of_state(&state, recipient.kind, purpose);
    let said_no = matches!(state, ConsentState::Refused(_) | ConsentState::Withdrawn(_));
    match (settings.basis, state) {
        (_, ConsentState::Valid(_)) => (true, said()),
        (ConsentBasis::Explicit, _) => (false, said()),
        (ConsentBasis::Presumed, ConsentState::NoAnswer(c)) => {
            let until = c
                .expires_on
                .or_else(|| consent::default_expiry(c.obtained_on, settings.renewal_months));
            match until {
                Some(u) if u < today => (false, Reason::presumption_expired(recipient.kind, &c, u)),
                _ => (true, Reason::presumed(recipient.kind, &c, until)),
            }
        }
        (ConsentBasis::Presumed, _) => (false, said()),
        (ConsentBasis::OrdinanceOptOut, _) if said_no => (false, said()),
        (ConsentBasis::OrdinanceOptOut, _) => {
            (true, Reason::ordinance(ConsentBasis::OrdinanceOptOut))
        }
        (ConsentBasis::Ordinance, _) if said_no => (
            true,
            Reason::ordinance(ConsentBasis::Ordinance).noting(
                &format!("（本人の意思表示: {}）", said().ja),
                &format!(" (the person's answer: {})", said().en),
            ),
        ),
        (ConsentBasis::Ordinance, _) => (true, Reason::ordinance(ConsentBasis::Ordinance)),
    }
}
