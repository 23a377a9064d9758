//! Entering what the paper says: a result for a person on the drill's sheets, with who
//! checked, when and a remark; a correction replaces the latest counting entry, which
//! stays in the history.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::clock::stamp;
use crate::drill::{standing, CheckEntry, CheckStatus, Entry};
use crate::error::{Error, Result};
use crate::store::drills::{self, checks, Drill};
use crate::store::{persons, Connection, Roster};

/// Someone on a drill's sheets as the entry screen shows them: who the number is, where,
/// and the results entered so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillPerson {
    /// Id (the number on the sheet).
    pub person_id: i64,
    /// Name.
    pub name: String,
    /// Furigana.
    pub furigana: String,
    /// The district of their sheet.
    pub district: String,
    /// Their current status (`None`: no result yet).
    pub current: Option<CheckStatus>,
    /// Every result entered for them in this drill, in entry order.
    pub history: Vec<CheckEntry>,
}

/// What one entry asks.
#[derive(Debug, Clone)]
pub struct CheckRequest<'a> {
    /// The drill.
    pub drill_id: i64,
    /// The person (their number on the sheet).
    pub person_id: i64,
    /// What was found.
    pub status: CheckStatus,
    /// When (`None`: now).
    pub at: Option<DateTime<Utc>>,
    /// Who checked.
    pub by: &'a str,
    /// Remarks (why not reached, …).
    pub note: &'a str,
    /// Replace this person's latest counting entry instead of adding a check.
    pub correct: bool,
}

/// What an entry did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRecorded {
    /// The new entry's id.
    pub check_id: i64,
    /// The entry it corrected.
    pub corrects: Option<i64>,
    /// The person's current status after it.
    pub current: Option<CheckStatus>,
    /// The person's whole history in this drill, in entry order.
    pub history: Vec<CheckEntry>,
}

/// Longest name or note kept for a result or a call.
const MAX_TEXT: usize = 200;

/// Who and the remark of a paper entry (a result, a call), trimmed: at most 200
/// characters each.
pub(crate) fn entry_texts<'a>(by: &'a str, note: &'a str) -> Result<(&'a str, &'a str)> {
    let (by, note) = (by.trim(), note.trim());
    if by.chars().count() > MAX_TEXT {
        return Err(Error::invalid("by", "at most 200 characters"));
    }
    if note.chars().count() > MAX_TEXT {
        return Err(Error::invalid("note", "at most 200 characters"));
    }
    Ok((by, note))
}

/// When a paper entry happened (`None`: now): not before the drill's start, not after now
/// (a minute's grace for a clock read just before).
pub(crate) fn entry_time(
    drill: &Drill,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let at = at.unwrap_or(now);
    if at < drill.start()? {
        return Err(Error::invalid(
            "at",
            format!("before the drill started ({})", drill.starts_jst),
        ));
    }
    if at > now + Duration::minutes(1) {
        return Err(Error::invalid("at", "is in the future"));
    }
    Ok(at)
}

/// The entry a correction replaces: the latest counting one of `history` (one person's
/// or one supporter's entries in a drill); invalid input, `none` saying whose, when
/// there is nothing to correct.
pub(crate) fn corrected<E: Entry + Clone>(
    history: &[E],
    none: impl FnOnce() -> String,
) -> Result<i64> {
    let refs: Vec<&E> = history.iter().collect();
    standing(&refs)
        .last
        .map(|e| e.id())
        .ok_or_else(|| Error::invalid("correct", none()))
}

fn not_on_sheets(drill_id: i64, person_id: i64) -> Error {
    Error::invalid(
        "person",
        format!(
            "person {person_id} is on none of drill {drill_id}'s check sheets; check the number, or print the sheet of their district first (`yorisoi drill sheet`)"
        ),
    )
}

/// The district of the drill sheet `person_id` is on. Not found when there is no such
/// person (checked first, as the officer most likely mistyped the number); invalid when
/// they are on none of the drill's sheets.
pub(crate) fn sheet_district(conn: &Connection, drill_id: i64, person_id: i64) -> Result<String> {
    match drills::on_sheets(conn, drill_id, person_id) {
        Ok(Some(district)) => Ok(district),
        other => {
            persons::ensure_exists(conn, person_id)?;
            Err(match other {
                Err(e) => e,
                _ => not_on_sheets(drill_id, person_id),
            })
        }
    }
}

fn drill_person(conn: &Connection, drill_id: i64, person_id: i64) -> Result<DrillPerson> {
    drills::load(conn, drill_id)?;
    let district = sheet_district(conn, drill_id, person_id)?;
    let p = persons::load(conn, person_id)?;
    let history = checks::person_checks(conn, drill_id, person_id)?;
    let refs: Vec<&CheckEntry> = history.iter().collect();
    let current = crate::drill::outcome(&refs).current;
    Ok(DrillPerson {
        person_id,
        name: p.name,
        furigana: p.furigana,
        district,
        current,
        history,
    })
}

impl Roster {
    /// Who a number on a drill's sheets is, with their results so far (the entry screen
    /// shows it before a status is chosen). Not found: no such person; invalid: a person
    /// on none of the drill's sheets.
    pub fn drill_person(&self, drill_id: i64, person_id: i64) -> Result<DrillPerson> {
        drill_person(self.conn(), drill_id, person_id)
    }

    /// Enters one result: a new check of the person, or (`correct`) a correction of their
    /// latest counting entry, which stays in the history. The person must be on one of
    /// the drill's check sheets; the time may not be before the drill's start nor after
    /// now. Audited `drill.check` (ids, status and time only).
    pub fn drill_check(&mut self, req: &CheckRequest<'_>) -> Result<CheckRecorded> {
        let (by, note) = entry_texts(req.by, req.note)?;
        self.write(|tx| {
            let drill = drills::load(tx.conn(), req.drill_id)?;
            let at = entry_time(&drill, req.at, tx.now())?;
            sheet_district(tx.conn(), req.drill_id, req.person_id)?;
            let corrects = if req.correct {
                let history = checks::person_checks(tx.conn(), req.drill_id, req.person_id)?;
                Some(corrected(&history, || {
                    format!(
                        "person {} has no result in this drill to correct",
                        req.person_id
                    )
                })?)
            } else {
                None
            };
            let id = checks::insert(
                tx.conn(),
                &checks::NewCheck {
                    drill_id: req.drill_id,
                    person_id: req.person_id,
                    status: req.status,
                    at,
                    by,
                    note,
                    corrects,
                    recorded_at: &tx.stamp(),
                    recorded_by: tx.account(),
                },
            )?;
            tx.audit(
                "drill.check",
                "drill",
                Some(req.drill_id),
                &format!(
                    "check={id},person={},status={},at={}{}",
                    req.person_id,
                    req.status.token(),
                    stamp(at),
                    corrects
                        .map(|c| format!(",corrects={c}"))
                        .unwrap_or_default()
                ),
            )?;
            let history = checks::person_checks(tx.conn(), req.drill_id, req.person_id)?;
            let refs: Vec<&CheckEntry> = history.iter().collect();
            let current = crate::drill::outcome(&refs).current;
            Ok(CheckRecorded {
                check_id: id,
                corrects,
                current,
                history,
            })
        })
    }
}
