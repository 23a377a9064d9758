//! Drill sessions: creating one (its districts, targets and mode), noting its lessons,
//! and reading back what was printed for it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::drills::{self, jst_instant, Drill, DrillSheet};
use crate::store::{places, Roster};

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
                let id = places::known_district_id(tx.conn(), name.trim())?;
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
            let id = drills::insert(
                tx.conn(),
                &drills::DrillRow {
                    name,
                    held_on: d.held_on,
                    scenario: d.scenario.trim(),
                    starts_at: &starts_at,
                    targets: (warn, confirm),
                    disaster: d.disaster,
                    districts: &ids,
                    created_at: &tx.stamp(),
                    created_by: tx.account(),
                },
            )?;
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
            drills::load(tx.conn(), id)
        })
    }

    /// Every drill, oldest first.
    pub fn drills(&self) -> Result<Vec<Drill>> {
        drills::list(self.conn())
    }

    /// One drill.
    pub fn drill(&self, id: i64) -> Result<Drill> {
        drills::load(self.conn(), id)
    }

    /// Sets the lessons noted for a drill (printed on its report). Audited `drill.lessons`.
    pub fn drill_lessons(&mut self, id: i64, text: &str) -> Result<Drill> {
        let text = text.trim();
        if text.chars().count() > 4000 {
            return Err(Error::invalid("lessons", "at most 4000 characters"));
        }
        self.write(|tx| {
            drills::load(tx.conn(), id)?;
            drills::set_lessons(tx.conn(), id, text)?;
            tx.audit(
                "drill.lessons",
                "drill",
                Some(id),
                &format!("chars={}", text.chars().count()),
            )?;
            drills::load(tx.conn(), id)
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
        let drill = drills::load(self.conn(), drill_id)?;
        let day = NaiveDate::parse_from_str(&drill.held_on, "%Y-%m-%d")
            .map_err(|_| Error::Integrity(format!("drill {drill_id} has no readable day")))?;
        parse_check_time(field, typed, day)
    }

    /// The check sheets printed for a drill, oldest first.
    pub fn drill_sheets(&self, drill_id: i64) -> Result<Vec<DrillSheet>> {
        drills::load(self.conn(), drill_id)?;
        drills::sheets(self.conn(), drill_id)
    }
}
