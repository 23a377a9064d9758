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
    /// Supporters not yet warned, the coordinator's first calls, in supporter id order:
    /// the page asked for (every one of them unless a limit was given).
    pub not_warned: Vec<SupporterToCall>,
    /// How many supporters of the district are not yet warned in all (`not_warned` is
    /// complete when it holds this many).
    pub not_warned_total: usize,
    /// Where `not_warned` starts in that whole list (0: the first).
    pub not_warned_offset: usize,
    /// Minutes from the start until everyone was confirmed, when they were.
    pub minutes_to_all: Option<i64>,
    /// The confirmation target passed with people still unconfirmed.
    pub over_target: bool,
    /// Still unknown, the coordinator's next calls, in person id order: the page asked
    /// for (everyone unless a limit was given).
    pub unknown: Vec<UnknownPerson>,
    /// How many people of the district are still unknown in all (`unknown` is complete
    /// when it holds this many).
    pub unknown_total: usize,
    /// Where `unknown` starts in that whole list (0: the first).
    pub unknown_offset: usize,
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
    /// Per district, in the drill's order (only the one asked for, when one was).
    pub districts: Vec<DistrictBoard>,
    /// All districts together (always the whole drill).
    pub total: Tally,
    /// Warnings, all districts together (each supporter once; always the whole drill).
    pub warned_total: WarnTally,
    /// Per shelter: expected, arrived, capacity, and who went elsewhere than planned.
    pub shelters: Vec<super::ShelterArrivals>,
}

/// Which part of the board's two lists (still unknown, not yet warned) to read: at the
/// start of a city-wide drill everyone is unknown, and reading half a million people with
/// their supporters is what a screen cannot show anyway. The counts, minutes and warnings
/// are always those of the whole district.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardPage {
    /// Only this district (by name; `None`: every district of the drill).
    pub district: Option<String>,
    /// Skip this many of each list (both lists, every district).
    pub offset: usize,
    /// At most this many of each list per district (`None`: the whole lists).
    pub limit: Option<usize>,
    /// Longer lists for these districts (a screen's "more"): each replaces `limit` for
    /// its district.
    pub longer: Vec<DistrictLimits>,
}

/// How many of a district's lists to read, instead of [`BoardPage::limit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictLimits {
    /// District name.
    pub district: String,
    /// At most this many of the still unknown.
    pub unknown: usize,
    /// At most this many of the supporters not yet warned.
    pub not_warned: usize,
}

impl BoardPage {
    /// The whole board: every district, the complete lists.
    pub fn all() -> BoardPage {
        BoardPage::default()
    }

    /// The first `limit` of each list, every district.
    pub fn first(limit: usize) -> BoardPage {
        BoardPage {
            limit: Some(limit),
            ..BoardPage::default()
        }
    }

    /// (limit of the unknown, limit of the not warned) for district `name`.
    fn limits(&self, name: &str) -> (Option<usize>, Option<usize>) {
        match self.longer.iter().find(|l| l.district == name) {
            Some(l) => (Some(l.unknown), Some(l.not_warned)),
            None => (self.limit, self.limit),
        }
    }
}

/// Items `offset..offset + limit` of `items`, and how many there are in all.
fn window<T>(
    items: impl Iterator<Item = T>,
    offset: usize,
    limit: Option<usize>,
) -> (Vec<T>, usize) {
    let mut page = Vec::new();
    let mut total = 0;
    for item in items {
        if total >= offset && limit.is_none_or(|n| page.len() < n) {
            page.push(item);
        }
        total += 1;
    }
    (page, total)
}

/// The live board at `now`, with the part of its lists `page` asks for.
pub(crate) fn board(
    conn: &Connection,
    drill_id: i64,
    now: DateTime<Utc>,
    page: &BoardPage,
) -> Result<DrillBoard> {
    let drill = drills::load(conn, drill_id)?;
    let all_districts = drills::districts(conn, drill_id)?;
    if let Some(want) = &page.district {
        if !all_districts.iter().any(|(_, n)| n == want) {
            let names: Vec<&str> = all_districts.iter().map(|(_, n)| n.as_str()).collect();
            return Err(Error::invalid(
                "district",
                format!(
                    "drill {drill_id} has no district {want:?}; its districts are: {}",
                    names.join(", ")
                ),
            ));
        }
    }
    let r = read(conn, &drill)?;
    let since = calc::minutes_between(r.start, now);
    let past_confirm = since > i64::from(drill.confirm_target_min);
    let past_warn = since > i64::from(drill.warn_target_min);
    let mut districts = Vec::new();
    let mut total = Tally::default();
    let mut everyone_to_warn = BTreeSet::new();
    for (did, name) in all_districts {
        let people = r.by_district.get(&did).map_or(&[][..], Vec::as_slice);
        for (_, o) in people {
            total.add(o.current);
        }
        let supporters = supporters_in(&r, did);
        if page.district.as_ref().is_some_and(|d| *d != name) {
            everyone_to_warn.extend(supporters);
            continue;
        }
        let (unknown_limit, not_warned_limit) = page.limits(&name);
        let t = tally(people);
        // The page of the still unknown, read in two statements: only those shown get
        // their contacts and supporters (a whole city has half a million).
        let (still, unknown_total) = window(
            people
                .iter()
                .filter(|(_, o)| !o.current.is_some_and(CheckStatus::confirms)),
            page.offset,
            unknown_limit,
        );
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
        let (warnings, warned_minutes) = r.warnings(supporters.iter());
        let waiting = |sid: &i64| r.warned.get(sid).is_none_or(|s| s.settled_at.is_none());
        let (calls, not_warned_total) = window(
            r.to_warn
                .get(&did)
                .into_iter()
                .flatten()
                .filter(|(sid, _)| waiting(sid)),
            page.offset,
            not_warned_limit,
        );
        let shown: BTreeSet<i64> = calls.iter().map(|(sid, _)| **sid).collect();
        let mut reach = drills::warnings::reach(conn, &shown)?;
        let mut not_warned = Vec::with_capacity(calls.len());
        for (sid, persons) in calls {
            let s = reach.remove(sid).unwrap_or_default();
            let last = r.warned.get(sid).and_then(|s| s.last.as_ref());
            not_warned.push(SupporterToCall {
                supporter_id: *sid,
                name: s.name,
                phone: s.phone,
                available_day: s.available_day,
                available_night: s.available_night,
                persons: *persons,
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
            unknown_total,
            unknown_offset: page.offset,
            not_warned,
            not_warned_total,
            not_warned_offset: page.offset,
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
        shelters: super::arrivals::shelter_arrivals(conn, drill_id)?,
    })
}

impl Roster {
    /// The live board now: per district, confirmed / needs help / not at home / not
    /// reached, minutes since the start against the targets, and who is still unknown with
    /// their supporters' contacts (the complete lists: [`Roster::drill_status_page`] reads a
    /// page of them). Audited `drill.status` (it shows names to the screen).
    pub fn drill_status(&mut self, drill_id: i64) -> Result<DrillBoard> {
        self.drill_status_page(drill_id, &BoardPage::all())
    }

    /// The live board with the part of its lists `page` asks for (each district's counts,
    /// minutes and warnings are whole, and `unknown_total` / `not_warned_total` say how
    /// long the lists are). Audited `drill.status`.
    pub fn drill_status_page(&mut self, drill_id: i64, page: &BoardPage) -> Result<DrillBoard> {
        self.note(|tx| {
            let b = board(tx.conn(), drill_id, tx.now(), page)?;
            tx.audit(
                "drill.status",
                "drill",
                Some(drill_id),
                &format!(
                    "people={},confirmed={},warned={},names_shown={}",
                    b.total.people,
                    b.total.confirmed,
                    b.warned_total.warned,
                    b.districts.iter().map(|d| d.unknown.len()).sum::<usize>()
                ),
            )?;
            Ok(b)
        })
    }
}
