//! Worklists for the officers: the consent worklist (expiring, expired, never asked, no
//! answer, refused, withdrawn recently).

use serde::Serialize;

use crate::error::Result;
use crate::model::RegistrationRoute;
use crate::policy::worklist::{consent_worklist, WorkItem};
use crate::policy::PersonFacts;
use crate::store::persons::{self, NamedPerson};
use crate::store::{facts, letters, Roster};

/// Who a worklist line is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorklistEntry {
    /// The person's id.
    pub person_id: i64,
    /// 氏名 (the officers' own worklist).
    pub name: String,
    /// ふりがな.
    pub furigana: String,
    /// 地区.
    pub district: Option<String>,
    /// 登録方式.
    pub registration_route: RegistrationRoute,
    /// The answer concerned (none for "never asked").
    pub consent: Option<WorkItem>,
}

/// The consent worklist on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentWorklistReport {
    /// The day (JST).
    pub today: String,
    /// The window in days.
    pub days: u32,
    /// Valid consents ending within the window, soonest first.
    pub expiring: Vec<WorklistEntry>,
    /// Consents that ran out and were not renewed.
    pub expired: Vec<WorklistEntry>,
    /// People with no answer recorded at all.
    pub never_asked: Vec<WorklistEntry>,
    /// People whose current answer is "no answer" (e.g. a letter went unanswered).
    pub no_answer: Vec<WorklistEntry>,
    /// Refusals (officers only).
    pub refused: Vec<WorklistEntry>,
    /// Withdrawals within the window, newest first.
    pub withdrawn: Vec<WorklistEntry>,
    /// Printed copies still out that carry someone who withdrew or refused after the copy
    /// was made: they must be recalled (from the copy ledger; always `Some`).
    pub issued_copies: Option<Vec<crate::printing::CopyToChase>>,
    /// Says why `issued_copies` is empty.
    pub issued_copies_note: String,
    /// People sent a consent letter who have not answered since (newest letter first).
    pub letters_unanswered: Vec<LetterFollowUp>,
}

pub use crate::store::letters::LetterFollowUp;

impl Roster {
    /// The consent worklist today, looking `days` ahead for expiring consents and back for
    /// withdrawals. Read in two queries whatever the roster's size.
    pub fn consent_worklist(&self, days: u32) -> Result<ConsentWorklistReport> {
        let conn = self.conn();
        let today = self.clock().today();
        let people = persons::named(conn)?;
        let ids = people.iter().map(|p| p.id).collect();
        let consents = facts::consents(conn, &ids, None, None)?;
        let person_facts: Vec<PersonFacts<'_>> = people
            .iter()
            .map(|p| PersonFacts {
                person_id: p.id,
                archived: false,
                address_protected: false,
                location_released: false,
                has_plan: false,
                consents: consents.get(&p.id).map_or(&[], Vec::as_slice),
            })
            .collect();
        let list = consent_worklist(&person_facts, today, days);
        let index: std::collections::HashMap<i64, &NamedPerson> =
            people.iter().map(|p| (p.id, p)).collect();
        let entry = |person_id: i64, consent: Option<WorkItem>| {
            let p = index.get(&person_id);
            WorklistEntry {
                person_id,
                name: p.map(|p| p.name.clone()).unwrap_or_default(),
                furigana: p.map(|p| p.furigana.clone()).unwrap_or_default(),
                district: p.and_then(|p| p.district.clone()),
                registration_route: p.map_or(RegistrationRoute::Consent, |p| p.route),
                consent,
            }
        };
        let withdrawn_copies = self.copy_worklist()?.withdrawn;
        let items = |v: Vec<WorkItem>| v.into_iter().map(|i| entry(i.person_id, Some(i))).collect();
        Ok(ConsentWorklistReport {
            today: today.to_string(),
            days,
            expiring: items(list.expiring),
            expired: items(list.expired),
            never_asked: list
                .never_asked
                .into_iter()
                .map(|id| entry(id, None))
                .collect(),
            no_answer: items(list.no_answer),
            refused: items(list.refused),
            withdrawn: items(list.withdrawn),
            issued_copies_note: if withdrawn_copies.is_empty() {
                "なし（交付中の写しに撤回・拒否した人は含まれていません）".to_string()
            } else {
                format!(
                    "{}部（{}）: 回収してください",
                    withdrawn_copies.len(),
                    withdrawn_copies
                        .iter()
                        .map(|c| c.issuance.serial.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            issued_copies: Some(withdrawn_copies),
            letters_unanswered: letters::unanswered(conn, today)?,
        })
    }
}
