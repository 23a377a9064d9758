//! What every plan sheet says besides the plan: who made it (本人・家族 / 地域 / 福祉専門職,
//! with the office), to whom its information goes and how (from the person's plan-sharing
//! consents under the municipality's basis), and the municipality's 免責 wording.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::error::Result;
use crate::model::{ConsentBasis, ConsentPurpose, Person, RecipientKind};
use crate::policy::consent::{self, ConsentFact, ConsentState, Scope};
use crate::policy::settings::DEFAULT_DISCLAIMER;
use crate::store::{facts, recipients, settings, Tx};

/// The notes of each person's sheet, and the 免責 wording of all.
pub(super) struct PlanNotes {
    pub disclaimer: String,
    /// By person: (who made the plan, the sharing statement).
    pub by_person: HashMap<i64, (String, String)>,
}

/// The recipient kinds a plan is shared with in normal time, as the consent form asks them.
const SHARED_WITH: &[RecipientKind] = &[
    RecipientKind::Neighbourhood,
    RecipientKind::WelfareCommissioner,
    RecipientKind::SocialWelfareCouncil,
    RecipientKind::CareCentre,
    RecipientKind::Fire,
    RecipientKind::Police,
];

/// The sharing statement of a person whose plan-share answers are `rows`, under `basis`.
pub fn sharing_statement(
    rows: &[ConsentFact],
    basis: ConsentBasis,
    renewal_months: u32,
    today: NaiveDate,
) -> String {
    let state = |kind| {
        consent::state(
            rows,
            Scope {
                purpose: ConsentPurpose::PlanShare,
                recipient_kind: kind,
                recipient_id: None,
            },
            today,
        )
    };
    let shared = |kind: RecipientKind| match (basis, state(kind)) {
        (_, ConsentState::Valid(_)) => true,
        (ConsentBasis::Presumed, ConsentState::NoAnswer(c)) => c
            .expires_on
            .or_else(|| consent::default_expiry(c.obtained_on, renewal_months))
            .is_none_or(|u| u >= today),
        (ConsentBasis::Ordinance, _) => true,
        (ConsentBasis::OrdinanceOptOut, ConsentState::Refused(_) | ConsentState::Withdrawn(_)) => {
            false
        }
        (ConsentBasis::OrdinanceOptOut, _) => true,
        _ => false,
    };
    let kinds: Vec<&str> = SHARED_WITH
        .iter()
        .filter(|k| shared(**k))
        .map(|k| k.label())
        .collect();
    let disaster = "災害時（そのおそれがあるときを含む）は、災害対策基本法第49条の15に基づき必要な範囲で提供することがあります。";
    if kinds.is_empty() {
        return format!("本人の同意がないため、平常時には誰にも提供しません。{disaster}");
    }
    let why = match basis {
        ConsentBasis::Ordinance | ConsentBasis::OrdinanceOptOut => "市町村の条例に基づき",
        _ => "本人の同意に基づき",
    };
    format!(
        "{why}、平常時から{}に紙で提供し、交付台帳で管理します（受領者に守秘義務）。{disaster}",
        kinds.join("・")
    )
}

/// The notes of the sheets of `people`.
pub(super) fn plan_notes(tx: &Tx<'_>, people: &[&Person], today: NaiveDate) -> Result<PlanNotes> {
    let conn = tx.conn();
    let s = settings::load(conn)?;
    let wanted: HashSet<i64> = people.iter().filter_map(|p| p.id).collect();
    let consents = facts::consents(conn, &wanted, Some(ConsentPurpose::PlanShare), None)?;
    let mut offices: HashMap<i64, String> = HashMap::new();
    let mut by_person = HashMap::with_capacity(people.len());
    for p in people {
        let Some(id) = p.id else { continue };
        let made_by = match p
            .plan
            .as_ref()
            .and_then(|pl| pl.made_by.map(|m| (m, pl.made_by_office)))
        {
            Some((m, Some(office))) => {
                let name = match offices.entry(office) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(recipients::load(conn, office)?.name)
                    }
                };
                format!("{}（{name}）", m.label())
            }
            Some((m, None)) => m.label().to_string(),
            None => String::new(),
        };
        let rows = consents.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let sharing = sharing_statement(rows, s.basis, s.renewal_months, today);
        by_person.insert(id, (made_by, sharing));
    }
    Ok(PlanNotes {
        disclaimer: s
            .disclaimer
            .unwrap_or_else(|| DEFAULT_DISCLAIMER.to_string()),
        by_person,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConsentAnswer;

    fn d(s: &str) -> NaiveDate {
        consent::parse_iso(s).unwrap_or_default()
    }

    fn row(id: i64, kind: RecipientKind, answer: ConsentAnswer) -> ConsentFact {
        ConsentFact {
            id,
            purpose: ConsentPurpose::PlanShare,
            recipient_kind: kind,
            recipient_id: None,
            answer,
            obtained_on: d("2026-04-01"),
            expires_on: None,
        }
    }

    #[test]
    fn the_statement_names_the_bodies_the_person_agreed_to() {
        let today = d("2026-11-22");
        let rows = [
            row(1, RecipientKind::Neighbourhood, ConsentAnswer::Consented),
            row(2, RecipientKind::Fire, ConsentAnswer::Consented),
            row(3, RecipientKind::Police, ConsentAnswer::Refused),
        ];
        let s = sharing_statement(&rows, ConsentBasis::Explicit, 12, today);
        assert!(
            s.contains("本人の同意に基づき、平常時から自主防災組織・自治会・消防に紙で提供"),
            "{s}"
        );
        assert!(!s.contains("警察"), "{s}");
        let none = sharing_statement(&rows[2..], ConsentBasis::Explicit, 12, today);
        assert!(none.contains("平常時には誰にも提供しません"), "{none}");
        // An ordinance with opt-out: everyone but the body the person said no to.
        let opt_out = sharing_statement(&rows[2..], ConsentBasis::OrdinanceOptOut, 12, today);
        assert!(opt_out.contains("条例に基づき"), "{opt_out}");
        assert!(
            opt_out.contains("消防") && !opt_out.contains("警察"),
            "{opt_out}"
        );
    }
}
