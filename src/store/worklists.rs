//! Worklists for the officers: the consent worklist (expiring, expired, never asked, no
//! answer, refused, withdrawn recently).

use rusqlite::Connection;
use serde::Serialize;

use super::sharing::rows;
use super::Roster;
use crate::error::{Result, SqlContext};
use crate::model::RegistrationRoute;
use crate::policy::worklist::{consent_worklist, WorkItem};
use crate::policy::PersonFacts;

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
    pub issued_copies: Option<Vec<super::issuance::CopyToChase>>,
    /// Says why `issued_copies` is empty.
    pub issued_copies_note: String,
    /// People sent a consent letter who have not answered since (newest letter first).
    pub letters_unanswered: Vec<LetterFollowUp>,
}

/// A consent letter with no answer after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterFollowUp {
    /// The person's id.
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// The newest letter's mailing.
    pub batch: String,
    /// Sent on (ISO date).
    pub sent_on: String,
    /// Days since.
    pub days: i64,
}

fn letters_unanswered(conn: &Connection, today: chrono::NaiveDate) -> Result<Vec<LetterFollowUp>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT l.person_id, p.name, l.batch, l.sent_on
             FROM letters l JOIN persons p ON p.id = l.person_id
             WHERE p.archived_on IS NULL
               AND l.id = (SELECT max(l2.id) FROM letters l2 WHERE l2.person_id = l.person_id)
               AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = l.person_id
                               AND c.answer != 'no-answer' AND c.obtained_on >= l.sent_on)
             ORDER BY l.sent_on DESC, l.person_id",
        )
        .ctx("reading unanswered letters")?;
    let rows = stmt
        .query_map([], |r| {
            let sent_on: String = r.get(3)?;
            let days = chrono::NaiveDate::parse_from_str(&sent_on, "%Y-%m-%d")
                .map(|d| (today - d).num_days())
                .unwrap_or(0);
            Ok(LetterFollowUp {
                person_id: r.get(0)?,
                name: r.get(1)?,
                batch: r.get(2)?,
                sent_on,
                days,
            })
        })
        .ctx("reading unanswered letters")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading unanswered letters")
}

struct Row {
    id: i64,
    name: String,
    furigana: String,
    district: Option<String>,
    route: RegistrationRoute,
}

fn roster_persons(conn: &Connection) -> Result<Vec<Row>> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.name, p.furigana, d.name, p.registration_route
             FROM persons p
             JOIN person_search s ON s.person_id = p.id
             LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.archived_on IS NULL
             ORDER BY s.furigana_key, p.id",
        )
        .ctx("reading persons for a worklist")?;
    let rows = stmt
        .query_map([], |r| {
            let route: String = r.get(4)?;
            Ok(Row {
                id: r.get(0)?,
                name: r.get(1)?,
                furigana: r.get(2)?,
                district: r.get(3)?,
                route: RegistrationRoute::from_token(&route).unwrap_or(RegistrationRoute::Consent),
            })
        })
        .ctx("reading persons for a worklist")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading persons for a worklist")
}

impl Roster {
    /// The consent worklist today, looking `days` ahead for expiring consents and back for
    /// withdrawals. Read in two queries whatever the roster's size.
    pub fn consent_worklist(&self, days: u32) -> Result<ConsentWorklistReport> {
        let conn = self.conn();
        let today = self.clock().today();
        let people = roster_persons(conn)?;
        let ids = people.iter().map(|p| p.id).collect();
        let consents = rows::consents(conn, &ids, None, None)?;
        let facts: Vec<PersonFacts<'_>> = people
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
        let list = consent_worklist(&facts, today, days);
        let index: std::collections::HashMap<i64, &Row> =
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
            letters_unanswered: letters_unanswered(conn, today)?,
        })
    }
}
