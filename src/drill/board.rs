//! The live board (per district: who is confirmed, who is still unknown and which
//! supporters to call). An office view: read with the officer's rights, but an
//! address-protected person's address is never shown, so the board can stand on a screen
//! in a community hall.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::reading::{minutes, read, supporters_in, tally};
use crate::clock::jst;
use crate::drill::{self as calc, CheckStatus, Tally, WarnTally};
use crate::error::{Error, Result};
use crate::store::drills::{self, Drill};
use crate::store::{persons, supporters, Connection, Roster};

pub use crate::store::supporters::SupporterContact;

/// Someone whose situation is still unknown (不在, 未確認, or no result yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownPerson {
    /// Id (the number on the sheet).
    pub person_id: i64,
    /// Name.
    pub name: String,
    /// Address (empty for an address-protected person: see `address_withheld`).
    pub address: String,
    /// Address protection (支援措置): the address is not shown.
    pub address_withheld: bool,
    /// Phone.
    pub phone: String,
    /// Last status (`None`: no result yet).
    pub status: Option<CheckStatus>,
    /// When last checked (JST).
    pub last_checked: Option<String>,
    /// Remarks on the last result (why not reached).
    pub note: String,
    /// Who to call.
    pub supporters: Vec<SupporterContact>,
}

/// A supporter the warning has not reached yet: the coordinator's next call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupporterToCall {
    /// Supporter id.
    pub supporter_id: i64,
    /// Name (person or group).
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Can help by day.
    pub available_day: bool,
    /// Can help by night.
    pub available_night: bool,
    /// How many of the district's people on the sheets they support.
    pub persons: usize,
    /// The last call that did not get through (Japan time), if one was made.
    pub last_call: Option<String>,
    /// Remarks on that call.
    pub note: String,
}

/// One district on the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictBoard {
    /// District.
    pub district: String,
    /// Head-counts.
    pub tally: Tally,
    /// Warnings to the supporters of the district's people.
    pub warnings: WarnTally,
    /// Minutes from the start until every supporter was warned, when they were.
    pub minutes_to_warn_all: Option<i64>,
    /// The warnings target passed with supporters not yet warned.
    pub warn_over_target: bool,
    /// Supporters not yet warned, the coordinator's first calls.
    pub not_warned: Vec<SupporterToCall>,
    /// Minutes from the start until everyone was confirmed, when they were.
    pub minutes_to_all: Option<i64>,
    /// The confirmation target passed with people still unconfirmed.
    pub over_target: bool,
    /// Still unknown, the coordinator's next calls.
    pub unknown: Vec<UnknownPerson>,
}

/// The live board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillBoard {
    /// The drill.
    pub drill: Drill,
    /// Now, in Japan.
    pub at: String,
    /// Minutes since the start.
    pub minutes_since_start: i64,
    /// Past the warnings target (minutes).
    pub past_warn_target: bool,
    /// Past the confirmation target (minutes).
    pub past_confirm_target: bool,
    /// Per district, in the drill's order.
    pub districts: Vec<DistrictBoard>,
    /// All districts together.
    pub total: Tally,
    /// Warnings, all districts together (each supporter once).
    pub warned_total: WarnTally,
}

/// The live board at `now`.
pub(crate) fn board(conn: &Connection, drill_id: i64, now: DateTime<Utc>) -> Result<DrillBoard> {
    let drill = drills::load(conn, drill_id)?;
    let r = read(conn, &drill)?;
    let since = calc::minutes_between(r.start, now);
    let past_confirm = since > i64::from(drill.confirm_target_min);
    let past_warn = since > i64::from(drill.warn_target_min);
    let mut districts = Vec::new();
    let mut total = Tally::default();
    let mut everyone_to_warn = BTreeSet::new();
    for (did, name) in drills::districts(conn, drill_id)? {
        let people = r.by_district.get(&did).map_or(&[][..], Vec::as_slice);
        let t = tally(people);
        for (_, o) in people {
            total.add(o.current);
        }
        // Everyone still unknown, read in two statements (a whole town has thousands).
        let still: Vec<&(i64, calc::Outcome)> = people
            .iter()
            .filter(|(_, o)| !o.current.is_some_and(CheckStatus::confirms))
            .collect();
        let ids: BTreeSet<i64> = still.iter().map(|(pid, _)| *pid).collect();
        let mut contacts = persons::contacts(conn, &ids)?;
        let mut their_supporters = supporters::contacts_of_many(conn, &ids)?;
        let mut unknown = Vec::with_capacity(still.len());
        for (pid, o) in still {
            let p = contacts.remove(pid).ok_or(Error::NotFound {
                what: "person",
                id: *pid,
            })?;
            unknown.push(UnknownPerson {
                person_id: *pid,
                name: p.name,
                address_withheld: p.address_protected,
                address: if p.address_protected {
                    String::new()
                } else {
                    p.address
                },
                phone: p.phone,
                status: o.current,
                last_checked: o.last.as_ref().map(|e| e.checked_at_jst.clone()),
                note: o.last.as_ref().map(|e| e.note.clone()).unwrap_or_default(),
                supporters: their_supporters.remove(pid).unwrap_or_default(),
            });
        }
        let m = minutes(&r, people);
        let supporters = supporters_in(&r, did);
        let (warnings, warned_minutes) = r.warnings(supporters.iter());
        let waiting: BTreeSet<i64> = supporters
            .iter()
            .copied()
            .filter(|sid| r.warned.get(sid).is_none_or(|s| s.settled_at.is_none()))
            .collect();
        let mut reach = drills::warnings::reach(conn, &waiting)?;
        let mut not_warned = Vec::new();
        for (sid, persons) in r.to_warn.get(&did).into_iter().flatten() {
            if !waiting.contains(sid) {
                continue;
            }
            let s = reach.remove(sid).unwrap_or_default();
            let last = r.warned.get(sid).and_then(|s| s.last.as_ref());
            not_warned.push(SupporterToCall {
                supporter_id: *sid,
                name: s.name,
                phone: s.phone,
                available_day: s.available_day,
                available_night: s.available_night,
                persons: persons.len(),
                last_call: last.map(|e| e.warned_at_jst.clone()),
                note: last.map(|e| e.note.clone()).unwrap_or_default(),
            });
        }
        everyone_to_warn.extend(supporters);
        districts.push(DistrictBoard {
            district: name,
            minutes_to_all: calc::minutes_to(100, &m, t.people),
            over_target: past_confirm && t.confirmed < t.people,
            tally: t,
            minutes_to_warn_all: calc::minutes_to(100, &warned_minutes, warnings.supporters),
            warn_over_target: past_warn && warnings.warned < warnings.supporters,
            warnings,
            unknown,
            not_warned,
        });
    }
    let (warned_total, _) = r.warnings(everyone_to_warn.iter());
    Ok(DrillBoard {
        at: jst(now).format("%Y-%m-%d %H:%M").to_string(),
        minutes_since_start: since,
        past_warn_target: past_warn,
        past_confirm_target: past_confirm,
        drill,
        districts,
        total,
        warned_total,
    })
}

impl Roster {
    /// The live board now: per district, confirmed / needs help / not at home / not
    /// reached, minutes since the start against the targets, and who is still unknown with
    /// their supporters' contacts. Audited `drill.status` (it shows names to the screen).
    pub fn drill_status(&mut self, drill_id: i64) -> Result<DrillBoard> {
        self.note(|tx| {
            let b = board(tx.conn(), drill_id, tx.now())?;
            tx.audit(
                "drill.status",
                "drill",
                Some(drill_id),
                &format!(
                    "people={},confirmed={},warned={}",
                    b.total.people, b.total.confirmed, b.warned_total.warned
                ),
            )?;
            Ok(b)
        })
    }
}
