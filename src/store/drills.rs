//! Drill sessions and their results (安否確認訓練): create, list, enter a result (or correct
//! one, keeping the history), note lessons. Who a drill must reach is who is on its check
//! sheets ([`super::drill_print`]): the sharing rule decided that when the sheets were
//! printed, so a normal drill reaches the consenting roster and a disaster-mode exercise
//! reaches everyone disaster mode released.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{places, Roster};
use crate::clock::{jst, stamp};
use crate::drill::{standing, CheckEntry, CheckStatus, Entry};
use crate::error::{Error, Result, SqlContext};

/// Default target: warnings reach the supporters within this many minutes.
pub const DEFAULT_WARN_TARGET: u32 = 20;
/// Default target: everyone's safety confirmed within this many minutes.
pub const DEFAULT_CONFIRM_TARGET: u32 = 90;

/// What a new drill is.
#[derive(Debug, Clone)]
pub struct NewDrill<'a> {
    /// Its name (e.g. 令和8年度 中央地区 安否確認訓練).
    pub name: &'a str,
    /// The day it is held.
    pub held_on: NaiveDate,
    /// The scenario (e.g. 大雨・高齢者等避難).
    pub scenario: &'a str,
    /// Start time in Japan.
    pub start: NaiveTime,
    /// Districts taking part, by name (empty: every district).
    pub districts: &'a [String],
    /// (warnings, confirmation) targets in minutes.
    pub targets: (u32, u32),
    /// A disaster-mode exercise: its sheets are printed only while disaster mode is on.
    pub disaster: bool,
}

/// A drill session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drill {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Day held (ISO).
    pub held_on: String,
    /// Scenario.
    pub scenario: String,
    /// Start (RFC 3339 UTC).
    pub starts_at: String,
    /// Start in Japan (`YYYY-MM-DD HH:MM`).
    pub starts_jst: String,
    /// Warnings target, minutes.
    pub warn_target_min: u32,
    /// Confirmation target, minutes.
    pub confirm_target_min: u32,
    /// A disaster-mode exercise.
    pub disaster: bool,
    /// Lessons noted.
    pub lessons: String,
    /// Districts taking part.
    pub districts: Vec<String>,
    /// Check sheets printed.
    pub sheets: usize,
    /// Results entered (corrections included).
    pub checks: usize,
}

impl Drill {
    /// The start as an instant.
    pub fn start(&self) -> Result<DateTime<Utc>> {
        instant(&self.starts_at)
    }
}

pub(crate) fn instant(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.to_utc())
        .map_err(|_| Error::Integrity(format!("a stored time is not RFC 3339: {s}")))
}

/// The Japanese wall-clock time of a stored instant.
pub(crate) fn jst_text(s: &str) -> String {
    instant(s)
        .map(|t| jst(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The instant of a Japanese date and time.
pub fn jst_instant(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    (day.and_time(time) - Duration::hours(9)).and_utc()
}

const DRILL_COLUMNS: &str = "d.id, d.name, d.held_on, d.scenario, d.starts_at, d.warn_target_min,
    d.confirm_target_min, d.disaster, d.lessons,
    (SELECT count(*) FROM drill_sheets s WHERE s.drill_id = d.id),
    (SELECT count(*) FROM drill_checks c WHERE c.drill_id = d.id)";

fn drill_from_row(r: &Row<'_>) -> rusqlite::Result<Drill> {
    let starts_at: String = r.get(4)?;
    Ok(Drill {
        id: r.get(0)?,
        name: r.get(1)?,
        held_on: r.get(2)?,
        scenario: r.get(3)?,
        starts_jst: jst_text(&starts_at),
        starts_at,
        warn_target_min: r.get(5)?,
        confirm_target_min: r.get(6)?,
        disaster: r.get::<_, i64>(7)? == 1,
        lessons: r.get(8)?,
        districts: Vec::new(),
        sheets: r.get::<_, i64>(9)?.try_into().unwrap_or(0),
        checks: r.get::<_, i64>(10)?.try_into().unwrap_or(0),
    })
}

/// The drill's districts, by id and name, in id order.
pub(crate) fn districts(conn: &Connection, drill_id: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT x.id, x.name FROM drill_districts dd JOIN districts x ON x.id = dd.district_id
             WHERE dd.drill_id = ?1 ORDER BY x.id",
        )
        .ctx("reading a drill's districts")?;
    let rows = stmt
        .query_map([drill_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading a drill's districts")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading a drill's districts")?;
    Ok(rows)
}

/// One drill.
pub(crate) fn load(conn: &Connection, id: i64) -> Result<Drill> {
    let mut d = conn
        .query_row(
            &format!("SELECT {DRILL_COLUMNS} FROM drills d WHERE d.id = ?1"),
            [id],
            drill_from_row,
        )
        .optional()
        .ctx("reading a drill")?
        .ok_or(Error::NotFound { what: "drill", id })?;
    d.districts = districts(conn, id)?.into_iter().map(|(_, n)| n).collect();
    Ok(d)
}

/// Every drill, oldest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Drill>> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {DRILL_COLUMNS} FROM drills d ORDER BY d.held_on, d.starts_at, d.id"
        ))
        .ctx("listing drills")?;
    let mut drills = stmt
        .query_map([], drill_from_row)
        .ctx("listing drills")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing drills")?;
    for d in &mut drills {
        d.districts = districts(conn, d.id)?.into_iter().map(|(_, n)| n).collect();
    }
    Ok(drills)
}

/// Every entered result of a drill, in entry order.
pub(crate) fn checks(conn: &Connection, drill_id: i64) -> Result<Vec<CheckEntry>> {
    read_checks(conn, "c.drill_id = ?1", params![drill_id])
}

/// One person's results in a drill, in entry order (by the index, not the whole drill:
/// the entry screen asks this for every number typed).
fn person_checks(conn: &Connection, drill_id: i64, person_id: i64) -> Result<Vec<CheckEntry>> {
    read_checks(
        conn,
        "c.drill_id = ?1 AND c.person_id = ?2",
        params![drill_id, person_id],
    )
}

fn read_checks(
    conn: &Connection,
    filter: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<CheckEntry>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT c.id, c.person_id, c.status, c.checked_at, c.checked_by, c.note, c.corrects,
                    (SELECT n.id FROM drill_checks n WHERE n.corrects = c.id),
                    c.recorded_at, c.recorded_by
             FROM drill_checks c WHERE {filter} ORDER BY c.id"
        ))
        .ctx("reading drill results")?;
    let rows = stmt
        .query_map(args, |r| {
            let status: String = r.get(2)?;
            let checked_at: String = r.get(3)?;
            Ok(CheckEntry {
                id: r.get(0)?,
                person_id: r.get(1)?,
                status: CheckStatus::from_token(&status).unwrap_or(CheckStatus::Unreached),
                checked_at_jst: jst_text(&checked_at),
                checked_at,
                checked_by: r.get(4)?,
                note: r.get(5)?,
                corrects: r.get(6)?,
                corrected_by: r.get(7)?,
                recorded_at: r.get(8)?,
                recorded_by: r.get(9)?,
            })
        })
        .ctx("reading drill results")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading drill results")?;
    Ok(rows)
}

/// The people a drill must reach: everyone on its check sheets, with the sheet's district.
pub(crate) fn population(conn: &Connection, drill_id: i64) -> Result<BTreeMap<i64, i64>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT DISTINCT ip.person_id, s.district_id
             FROM drill_sheets s JOIN issuance_persons ip ON ip.issuance_id = s.issuance_id
             WHERE s.drill_id = ?1",
        )
        .ctx("reading who a drill must reach")?;
    let rows = stmt
        .query_map([drill_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading who a drill must reach")?
        .collect::<rusqlite::Result<BTreeMap<i64, i64>>>()
        .ctx("reading who a drill must reach")?;
    Ok(rows)
}

/// The time a result was found, as typed from the paper (Japan time): `HH:MM` (also
/// `H:MM`, `HHMM`, full-width digits, `：`) on the drill day, or `YYYY-MM-DD HH:MM`.
/// `field` names the input in the message.
pub fn parse_check_time(field: &str, text: &str, drill_day: NaiveDate) -> Result<DateTime<Utc>> {
    let s: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '：' => ':',
            '－' | 'ー' => '-',
            '　' => ' ',
            c => c,
        })
        .collect();
    let bad = || {
        Error::invalid(
            field,
            "a time of day as HH:MM in Japan time (e.g. 09:30 or 0930), or YYYY-MM-DD HH:MM",
        )
    };
    let clock = |t: &str| -> Result<NaiveTime> {
        let t = t.trim();
        if t.len() >= 3 && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            let (h, m) = t.split_at(t.len() - 2);
            let (h, m) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            return NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad);
        }
        NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad())
    };
    if let Some((d, t)) = s.split_once([' ', 'T']) {
        let day = crate::model::validate::parse_date_field(field, d).map_err(Error::Invalid)?;
        return Ok(jst_instant(day, clock(t)?));
    }
    Ok(jst_instant(drill_day, clock(&s)?))
}

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

/// A check sheet printed for a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillSheet {
    /// Its serial in the copy ledger.
    pub serial: String,
    /// The district it covers.
    pub district: String,
    /// The 自治会 / 班 cut, as printed.
    pub cut: String,
    /// Who holds it.
    pub recipient_name: String,
    /// People on it.
    pub persons: i64,
    /// When it was printed (RFC 3339).
    pub issued_at: String,
    /// `issued` | `returned` | `destroyed` | `lost`.
    pub status: String,
}

fn on_sheets(conn: &Connection, drill_id: i64, person_id: i64) -> Result<String> {
    conn.query_row(
        "SELECT x.name FROM drill_sheets s
         JOIN issuance_persons ip ON ip.issuance_id = s.issuance_id
         JOIN districts x ON x.id = s.district_id
         WHERE s.drill_id = ?1 AND ip.person_id = ?2 LIMIT 1",
        params![drill_id, person_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("looking up a person on a drill's sheets")?
    .ok_or_else(|| not_on_sheets(drill_id, person_id))
}

fn not_on_sheets(drill_id: i64, person_id: i64) -> Error {
    Error::invalid(
        "person",
        format!(
            "person {person_id} is on none of drill {drill_id}'s check sheets; check the number, or print the sheet of their district first (`yorisoi drill sheet`)"
        ),
    )
}

fn drill_person(conn: &Connection, drill_id: i64, person_id: i64) -> Result<DrillPerson> {
    load(conn, drill_id)?;
    let district = match on_sheets(conn, drill_id, person_id) {
        Ok(d) => d,
        Err(e) => {
            super::persons::ensure_exists(conn, person_id)?;
            return Err(e);
        }
    };
    let p = super::persons::load(conn, person_id)?;
    let history = person_checks(conn, drill_id, person_id)?;
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

impl Roster {
    /// Creates a drill. Audited `drill.new` with its districts, targets and mode.
    pub fn drill_new(&mut self, d: &NewDrill<'_>) -> Result<Drill> {
        let name = d.name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "give the drill a name"));
        }
        let (warn, confirm) = d.targets;
        if warn == 0 || confirm == 0 || warn > confirm || confirm > 24 * 60 {
            return Err(Error::invalid(
                "targets",
                "two minute counts, warnings then confirmation, e.g. 20,90 (the first not larger, at most 1440)",
            ));
        }
        self.write(|tx| {
            let mut ids = Vec::new();
            if d.districts.is_empty() {
                ids = places::list_districts(tx.conn())?
                    .into_iter()
                    .map(|x| x.id)
                    .collect();
            }
            for name in d.districts {
                let id = places::district_id(tx.conn(), name.trim())?.ok_or_else(|| {
                    Error::invalid(
                        "district",
                        "no district has that name (see `yorisoi district list`)",
                    )
                })?;
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.is_empty() {
                return Err(Error::invalid(
                    "district",
                    "the roster has no districts yet",
                ));
            }
            let starts_at = stamp(jst_instant(d.held_on, d.start));
            tx.conn()
                .execute(
                    "INSERT INTO drills (name, held_on, scenario, starts_at, warn_target_min,
                        confirm_target_min, disaster, created_at, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        name,
                        d.held_on.format("%Y-%m-%d").to_string(),
                        d.scenario.trim(),
                        starts_at,
                        warn,
                        confirm,
                        i64::from(d.disaster),
                        tx.stamp(),
                        tx.operator()
                    ],
                )
                .ctx("creating a drill")?;
            let id = tx.conn().last_insert_rowid();
            for did in &ids {
                tx.conn()
                    .execute(
                        "INSERT INTO drill_districts (drill_id, district_id) VALUES (?1, ?2)",
                        params![id, did],
                    )
                    .ctx("naming a drill's districts")?;
            }
            tx.audit(
                "drill.new",
                "drill",
                Some(id),
                &format!(
                    "districts={},targets={warn}/{confirm},mode={}",
                    ids.iter().map(i64::to_string).collect::<Vec<_>>().join("+"),
                    if d.disaster { "disaster" } else { "normal" }
                ),
            )?;
            load(tx.conn(), id)
        })
    }

    /// Every drill, oldest first.
    pub fn drills(&self) -> Result<Vec<Drill>> {
        list(self.conn())
    }

    /// One drill.
    pub fn drill(&self, id: i64) -> Result<Drill> {
        load(self.conn(), id)
    }

    /// Sets the lessons noted for a drill (printed on its report). Audited `drill.lessons`.
    pub fn drill_lessons(&mut self, id: i64, text: &str) -> Result<Drill> {
        let text = text.trim();
        if text.chars().count() > 4000 {
            return Err(Error::invalid("lessons", "at most 4000 characters"));
        }
        self.write(|tx| {
            load(tx.conn(), id)?;
            tx.conn()
                .execute(
                    "UPDATE drills SET lessons = ?2 WHERE id = ?1",
                    params![id, text],
                )
                .ctx("noting a drill's lessons")?;
            tx.audit(
                "drill.lessons",
                "drill",
                Some(id),
                &format!("chars={}", text.chars().count()),
            )?;
            load(tx.conn(), id)
        })
    }

    /// A time as typed from drill `drill_id`'s paper (see [`parse_check_time`]), on the
    /// drill's day. `field` names the input in the message.
    pub fn drill_paper_time(
        &self,
        drill_id: i64,
        field: &str,
        typed: &str,
    ) -> Result<DateTime<Utc>> {
        let drill = load(self.conn(), drill_id)?;
        let day = NaiveDate::parse_from_str(&drill.held_on, "%Y-%m-%d")
            .map_err(|_| Error::Integrity(format!("drill {drill_id} has no readable day")))?;
        parse_check_time(field, typed, day)
    }

    /// Who a number on a drill's sheets is, with their results so far (the entry screen
    /// shows it before a status is chosen). Not found: no such person; invalid: a person
    /// on none of the drill's sheets.
    pub fn drill_person(&self, drill_id: i64, person_id: i64) -> Result<DrillPerson> {
        drill_person(self.conn(), drill_id, person_id)
    }

    /// The check sheets printed for a drill, oldest first.
    pub fn drill_sheets(&self, drill_id: i64) -> Result<Vec<DrillSheet>> {
        load(self.conn(), drill_id)?;
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT i.serial, x.name, i.cut, i.recipient_name, i.person_count, i.issued_at,
                        i.status
                 FROM drill_sheets s JOIN issuances i ON i.id = s.issuance_id
                 JOIN districts x ON x.id = s.district_id
                 WHERE s.drill_id = ?1 ORDER BY i.id",
            )
            .ctx("reading a drill's sheets")?;
        let rows = stmt
            .query_map([drill_id], |r| {
                Ok(DrillSheet {
                    serial: r.get(0)?,
                    district: r.get(1)?,
                    cut: r.get(2)?,
                    recipient_name: r.get(3)?,
                    persons: r.get(4)?,
                    issued_at: r.get(5)?,
                    status: r.get(6)?,
                })
            })
            .ctx("reading a drill's sheets")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("reading a drill's sheets")?;
        Ok(rows)
    }

    /// Enters one result: a new check of the person, or (`correct`) a correction of their
    /// latest counting entry, which stays in the history. The person must be on one of
    /// the drill's check sheets; the time may not be before the drill's start nor after
    /// now. Audited `drill.check` (ids, status and time only).
    pub fn drill_check(&mut self, req: &CheckRequest<'_>) -> Result<CheckRecorded> {
        let (by, note) = entry_texts(req.by, req.note)?;
        self.write(|tx| {
            let drill = load(tx.conn(), req.drill_id)?;
            let at = entry_time(&drill, req.at, tx.now())?;
            if let Err(e) = on_sheets(tx.conn(), req.drill_id, req.person_id) {
                super::persons::ensure_exists(tx.conn(), req.person_id)?;
                return Err(e);
            }
            let corrects = if req.correct {
                let history = person_checks(tx.conn(), req.drill_id, req.person_id)?;
                Some(corrected(&history, || {
                    format!(
                        "person {} has no result in this drill to correct",
                        req.person_id
                    )
                })?)
            } else {
                None
            };
            tx.conn()
                .execute(
                    "INSERT INTO drill_checks (drill_id, person_id, status, checked_at, checked_by,
                        note, corrects, recorded_at, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![
                        req.drill_id,
                        req.person_id,
                        req.status.token(),
                        stamp(at),
                        by,
                        note,
                        corrects,
                        tx.stamp(),
                        tx.operator()
                    ],
                )
                .ctx("entering a drill result")?;
            let id = tx.conn().last_insert_rowid();
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
            let history = person_checks(tx.conn(), req.drill_id, req.person_id)?;
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
