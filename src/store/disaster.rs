//! Disaster mode (災害対策基本法第49条の11第3項): while it is on, the roster may be given
//! to supporters and responders without consent. Switching it on is a deliberate act — who,
//! when, why, until when — and it ends by itself at `until` unless renewed.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{settings, Roster, Tx, SYSTEM_OPERATOR};
use crate::clock::stamp;
use crate::error::{Error, Result, SqlContext};
use crate::policy::settings::MAX_DISASTER_HOURS;

/// One switch-on or renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisasterPeriod {
    /// Row id.
    pub id: i64,
    /// Start of the continuous period (the first switch-on, kept through renewals).
    pub since: String,
    /// This switch-on or renewal.
    pub switched_at: String,
    /// When it ends by itself.
    pub until: String,
    /// Why (e.g. the warning that was issued).
    pub reason: String,
    /// Who switched it on.
    pub switched_by: String,
    /// The period this one renewed.
    pub renews: Option<i64>,
    /// When it was switched off early.
    pub ended_at: Option<String>,
    /// Who switched it off.
    pub ended_by: String,
}

impl DisasterPeriod {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<DisasterPeriod> {
        Ok(DisasterPeriod {
            id: r.get("id")?,
            since: r.get("since")?,
            switched_at: r.get("switched_at")?,
            until: r.get("until")?,
            reason: r.get("reason")?,
            switched_by: r.get("switched_by")?,
            renews: r.get("renews")?,
            ended_at: r.get("ended_at")?,
            ended_by: r.get("ended_by")?,
        })
    }

    /// True at `now` when not switched off and `until` has not come.
    pub fn is_on(&self, now: DateTime<Utc>) -> bool {
        self.ended_at.is_none() && DateTime::parse_from_rfc3339(&self.until).is_ok_and(|u| now < u)
    }
}

/// Where disaster mode stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisasterState {
    /// Never switched on in this roster.
    Never,
    /// On.
    On,
    /// Switched off.
    Off,
    /// Ran out by itself at `until`.
    Expired,
}

/// Disaster mode at an instant, with the newest period's particulars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisasterStatus {
    /// True while disaster mode is on.
    pub on: bool,
    /// On, off, expired or never.
    pub state: DisasterState,
    /// The newest period's id.
    pub period_id: Option<i64>,
    /// Why it was switched on (or renewed).
    pub reason: Option<String>,
    /// Who switched it on (or renewed it).
    pub by: Option<String>,
    /// Start of the continuous period.
    pub since: Option<String>,
    /// The newest switch-on or renewal.
    pub switched_at: Option<String>,
    /// When it ends (or ended) by itself.
    pub until: Option<String>,
    /// The period the newest one renewed.
    pub renews: Option<i64>,
    /// When it was switched off early.
    pub ended_at: Option<String>,
    /// Who switched it off.
    pub ended_by: Option<String>,
}

fn latest(conn: &Connection) -> Result<Option<DisasterPeriod>> {
    conn.query_row(
        "SELECT * FROM disaster_periods ORDER BY id DESC LIMIT 1",
        [],
        DisasterPeriod::from_row,
    )
    .optional()
    .ctx("reading disaster mode")
}

/// Writes `disaster.expired` to the audit log, once, when the newest period ran out by
/// itself before `tx`'s instant: nobody switches it off, so the first write after `until`
/// records it (operator `system`; the detail says when it ended). A period that was
/// renewed or switched off is not an expiry.
pub(crate) fn log_expiry(tx: &mut Tx<'_>) -> Result<()> {
    if tx.is_held() {
        // A reading that cannot write: the next write records the expiry.
        return Ok(());
    }
    let newest = tx
        .conn()
        .query_row(
            "SELECT id, until FROM disaster_periods WHERE id = (SELECT max(id) FROM disaster_periods)
             AND ended_at IS NULL AND expiry_logged_at IS NULL",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()
        .ctx("reading disaster mode")?;
    let Some((id, until)) = newest else {
        return Ok(());
    };
    if !DateTime::parse_from_rfc3339(&until).is_ok_and(|u| tx.now() >= u) {
        return Ok(());
    }
    tx.conn()
        .execute(
            "UPDATE disaster_periods SET expiry_logged_at = ?2 WHERE id = ?1",
            params![id, tx.stamp()],
        )
        .ctx("recording that disaster mode ran out")?;
    tx.audit_as(
        SYSTEM_OPERATOR,
        "disaster.expired",
        "disaster",
        Some(id),
        &format!("until={until}"),
    )
}

/// Disaster mode at `now`.
pub(crate) fn status(conn: &Connection, now: DateTime<Utc>) -> Result<DisasterStatus> {
    let period = latest(conn)?;
    let state = match &period {
        None => DisasterState::Never,
        Some(p) if p.is_on(now) => DisasterState::On,
        Some(p) if p.ended_at.is_some() => DisasterState::Off,
        Some(_) => DisasterState::Expired,
    };
    let p = period.as_ref();
    Ok(DisasterStatus {
        on: state == DisasterState::On,
        state,
        period_id: p.map(|p| p.id),
        reason: p.map(|p| p.reason.clone()),
        by: p.map(|p| p.switched_by.clone()),
        since: p.map(|p| p.since.clone()),
        switched_at: p.map(|p| p.switched_at.clone()),
        until: p.map(|p| p.until.clone()),
        renews: p.and_then(|p| p.renews),
        ended_at: p.and_then(|p| p.ended_at.clone()),
        ended_by: p.map(|p| p.ended_by.clone()).filter(|b| !b.is_empty()),
    })
}

impl Roster {
    /// Disaster mode now.
    pub fn disaster_status(&self) -> Result<DisasterStatus> {
        status(self.conn(), self.clock().now())
    }

    /// Disaster mode now, and when it has run out by itself, `disaster.expired` written
    /// to the audit log (once; every write does this too). For a window that stays open
    /// past `until` with nobody writing.
    pub fn disaster_check(&mut self) -> Result<DisasterStatus> {
        let s = self.disaster_status()?;
        if s.state == DisasterState::Expired {
            self.note(|_| Ok(()))?;
        }
        Ok(s)
    }

    /// Switches disaster mode on for `hours` (default `disaster.default_hours`), or renews
    /// it when it is already on (the period keeps its start). Needs the operator's name and
    /// a reason; audited `disaster.on` (a renewal's detail names the period it renews).
    pub fn disaster_on(&mut self, reason: &str, hours: Option<u32>) -> Result<DisasterStatus> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "say why disaster mode is switched on (e.g. the warning issued)",
            ));
        }
        let operator = self.account().trim().to_string();
        if operator.is_empty() || operator == "unknown" {
            return Err(Error::invalid(
                "operator",
                "switching disaster mode on needs the operator's name (--operator NAME or YORISOI_OPERATOR)",
            ));
        }
        if let Some(h) = hours {
            if !(1..=MAX_DISASTER_HOURS).contains(&h) {
                return Err(Error::invalid(
                    "hours",
                    format!("must be from 1 to {MAX_DISASTER_HOURS}; renew it to go on longer"),
                ));
            }
        }
        self.write(|tx| {
            let hours = match hours {
                Some(h) => h,
                None => settings::load(tx.conn())?.disaster_default_hours,
            };
            let now = tx.now();
            let until = stamp(now + Duration::hours(i64::from(hours)));
            let current = latest(tx.conn())?.filter(|p| p.is_on(now));
            let since = current
                .as_ref()
                .map_or_else(|| tx.stamp(), |p| p.since.clone());
            let renews = current.as_ref().map(|p| p.id);
            tx.conn()
                .execute(
                    "INSERT INTO disaster_periods (since, switched_at, until, reason, switched_by, renews)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![since, tx.stamp(), until, reason, operator, renews],
                )
                .ctx("switching disaster mode on")?;
            let id = tx.conn().last_insert_rowid();
            let mut detail = format!("hours={hours},until={until}");
            if let Some(r) = renews {
                detail.push_str(&format!(",renews={r}"));
            }
            tx.audit("disaster.on", "disaster", Some(id), &detail)?;
            status(tx.conn(), now)
        })
    }

    /// Switches disaster mode off; audited `disaster.off`. Fails (changing nothing) when it
    /// is not on.
    pub fn disaster_off(&mut self) -> Result<DisasterStatus> {
        self.write(|tx| {
            let now = tx.now();
            let Some(current) = latest(tx.conn())?.filter(|p| p.is_on(now)) else {
                return Err(Error::invalid(
                    "disaster",
                    "disaster mode is not on; nothing was changed",
                ));
            };
            let by = if tx.account.trim().is_empty() {
                "unknown".to_string()
            } else {
                tx.account.to_string()
            };
            tx.conn()
                .execute(
                    "UPDATE disaster_periods SET ended_at = ?2, ended_by = ?3 WHERE id = ?1",
                    params![current.id, tx.stamp(), by],
                )
                .ctx("switching disaster mode off")?;
            tx.audit("disaster.off", "disaster", Some(current.id), "")?;
            status(tx.conn(), now)
        })
    }
}
