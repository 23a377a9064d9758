//! May a plan be commissioned for this person? The 個別避難計画の作成 consent decides, under
//! the municipality's basis, as it decides a list in normal time.
//!
//! Plan creation is asked once, whoever the form named as the body that coordinates the
//! drafting: the current answer is the latest of the person's `plan-create` rows, of any
//! recipient kind (see [`super::consent`] for when answers take effect). Then:
//! - `explicit`: only with a valid consent (consented, by proxy, or applied);
//! - `presumed`: a valid consent, or a letter left unanswered within its period;
//! - `ordinance-opt-out` and `ordinance`: unless the person refused or withdrew. A plan is
//!   made with the person — a care manager visits them — so even where an ordinance lets
//!   the roster be shared without consent, a person who said no to a plan is not sent one.

use chrono::NaiveDate;

use super::consent::{self, ConsentFact, ConsentState};
use crate::model::{ConsentBasis, ConsentPurpose};

/// The current plan-creation answer of a person's rows on `today`.
pub fn plan_creation_state(rows: &[ConsentFact], today: NaiveDate) -> ConsentState {
    let Some(latest) = rows
        .iter()
        .filter(|c| c.purpose == ConsentPurpose::PlanCreate && c.obtained_on <= today)
        .max_by_key(|c| (c.obtained_on, c.id))
    else {
        return ConsentState::NeverAsked;
    };
    let scope = latest.scope();
    let same: Vec<ConsentFact> = rows.iter().filter(|c| c.id == latest.id).copied().collect();
    consent::state(&same, scope, today)
}

/// Whether a plan may be commissioned: `Ok(basis)` — `consented`, `presumed` or `ordinance`
/// — or `Err(why not)`, naming the command that helps.
pub fn may_commission(
    rows: &[ConsentFact],
    basis: ConsentBasis,
    renewal_months: u32,
    today: NaiveDate,
) -> Result<&'static str, String> {
    let state = plan_creation_state(rows, today);
    let ask =
        "record the person's answer with `yorisoi consent record` (purpose plan-create) first";
    match (basis, state) {
        (_, ConsentState::Valid(_)) => Ok("consented"),
        (_, ConsentState::Refused(c)) => Err(format!(
            "the person refused a plan (個別避難計画の作成: 不同意, {}); no plan is commissioned without their consent",
            c.obtained_on
        )),
        (_, ConsentState::Withdrawn(c)) => Err(format!(
            "the person withdrew their consent to a plan on {}; no plan is commissioned without it",
            c.obtained_on
        )),
        (ConsentBasis::Ordinance | ConsentBasis::OrdinanceOptOut, _) => {
            Ok("ordinance")
        }
        (ConsentBasis::Presumed, ConsentState::NoAnswer(c)) => {
            let until = c
                .expires_on
                .or_else(|| consent::default_expiry(c.obtained_on, renewal_months));
            match until {
                Some(u) if u < today => Err(format!(
                    "the letter asking about a plan ({}) went unanswered and its presumed consent ended on {u}; {ask}",
                    c.obtained_on
                )),
                _ => Ok("presumed"),
            }
        }
        (_, ConsentState::Expired(c)) => Err(format!(
            "the person's consent to a plan expired on {}; {ask}",
            c.expires_on.map(|d| d.to_string()).unwrap_or_default()
        )),
        (_, ConsentState::NoAnswer(_)) => Err(format!(
            "the person has not answered whether they want a plan; {ask}"
        )),
        (_, ConsentState::NeverAsked) => Err(format!(
            "the person was never asked whether they want a plan (個別避難計画の作成); {ask}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConsentAnswer, RecipientKind};

    fn d(s: &str) -> NaiveDate {
        consent::parse_iso(s).unwrap_or_default()
    }

    fn row(id: i64, kind: RecipientKind, answer: ConsentAnswer, on: &str) -> ConsentFact {
        ConsentFact {
            id,
            purpose: ConsentPurpose::PlanCreate,
            recipient_kind: kind,
            recipient_id: None,
            answer,
            obtained_on: d(on),
            expires_on: None,
        }
    }

    #[test]
    fn the_latest_plan_answer_of_any_kind_decides() {
        let today = d("2026-12-01");
        let yes = row(
            1,
            RecipientKind::CareCentre,
            ConsentAnswer::Consented,
            "2026-04-01",
        );
        let no = row(
            2,
            RecipientKind::WelfareCommissioner,
            ConsentAnswer::Withdrawn,
            "2026-06-01",
        );
        let b = ConsentBasis::Explicit;
        assert!(may_commission(&[yes], b, 12, today).is_ok());
        let err = may_commission(&[yes, no], b, 12, today).unwrap_err();
        assert!(err.contains("withdrew"), "{err}");
        // Even an ordinance does not send a care manager to someone who said no.
        assert!(may_commission(&[yes, no], ConsentBasis::Ordinance, 12, today).is_err());
        assert!(may_commission(&[], ConsentBasis::Ordinance, 12, today).is_ok());
        assert!(may_commission(&[], b, 12, today)
            .unwrap_err()
            .contains("never asked"));
        // A roster answer is not a plan answer.
        let mut roster = yes;
        roster.purpose = ConsentPurpose::Roster;
        assert!(may_commission(&[roster], b, 12, today).is_err());
        // Not yet obtained on `today`: ignored.
        let later = row(
            3,
            RecipientKind::CareCentre,
            ConsentAnswer::Consented,
            "2027-01-01",
        );
        assert!(may_commission(&[later], b, 12, today).is_err());
    }

    #[test]
    fn a_presumed_consent_lasts_its_period() {
        let letter = row(
            1,
            RecipientKind::CareCentre,
            ConsentAnswer::NoAnswer,
            "2026-01-10",
        );
        let p = ConsentBasis::Presumed;
        assert!(may_commission(&[letter], p, 12, d("2026-12-01")).is_ok());
        let err = may_commission(&[letter], p, 12, d("2027-02-01")).unwrap_err();
        assert!(err.contains("2027-01-09"), "{err}");
        assert!(may_commission(&[letter], ConsentBasis::Explicit, 12, d("2026-12-01")).is_err());
    }
}
