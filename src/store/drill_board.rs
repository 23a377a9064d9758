//! The live board (per district: who is confirmed, who is still unknown and which
//! supporters to call) and the report data (time to 50/90/100 %, never reached and why,
//! supporters who did not report, earlier drills of the same districts). Office views:
//! read with the officer's rights, but an address-protected person's address is never
//! shown, so the board can stand on a screen in a community hall.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::drills::{self, Drill};
use super::{drill_warnings, Roster};
use crate::clock::jst;
use crate::drill::{
    self as calc, CheckEntry, CheckStatus, Standing, Tally, WarnTally, WarningEntry,
};
use crate::error::{Error, Result, SqlContext};

/// A supporter to call about someone still unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupporterContact {
    /// Supporter id.
    pub supporter_id: i64,
    /// 1 = first to go.
    pub position: u32,
    /// Name (person or group).
    pub name: String,
    /// Phone.
    pub phone: String,
}

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

/// One district in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictReport {
    /// District (「全体」 for the total).
    pub district: String,
    /// Head-counts at the end.
    pub tally: Tally,
    /// Minutes to 50 % confirmed.
    pub to_50: Option<i64>,
    /// Minutes to 90 %.
    pub to_90: Option<i64>,
    /// Minutes to 100 %.
    pub to_100: Option<i64>,
    /// Everyone confirmed within the confirmation target.
    pub within_target: bool,
    /// Warnings to the supporters of these people at the end.
    pub warnings: WarnTally,
    /// Minutes until every supporter was warned.
    pub warn_to_100: Option<i64>,
    /// Every supporter warned within the warnings target.
    pub warned_within_target: bool,
}

/// Someone never confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeverReached {
    /// Id.
    pub person_id: i64,
    /// Name.
    pub name: String,
    /// District.
    pub district: String,
    /// Last status (`None`: no result was ever entered).
    pub status: Option<CheckStatus>,
    /// Why, as entered (the last result's remark), else the status's word.
    pub why: String,
    /// Results entered for them (counting ones).
    pub attempts: usize,
}

/// A supporter of the drill's people: one named on no result (did not report), or one the
/// warning never reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SilentSupporter {
    /// Supporter id.
    pub supporter_id: i64,
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// The drill's people they support.
    pub persons: Vec<i64>,
}

/// An earlier (or this) drill's confirmation over time, over the shared districts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillCurve {
    /// Drill id.
    pub drill_id: i64,
    /// Name.
    pub name: String,
    /// Day held.
    pub held_on: String,
    /// Head-counts at the end (shared districts only).
    pub tally: Tally,
    /// Minutes to 50 %.
    pub to_50: Option<i64>,
    /// Minutes to 90 %.
    pub to_90: Option<i64>,
    /// Minutes to 100 %.
    pub to_100: Option<i64>,
    /// (minutes since start, percent confirmed) after each confirmation.
    pub curve: Vec<(i64, f64)>,
}

/// The drill report's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrillReport {
    /// The drill.
    pub drill: Drill,
    /// Per district.
    pub districts: Vec<DistrictReport>,
    /// All districts together.
    pub total: DistrictReport,
    /// People never confirmed, and why.
    pub never_reached: Vec<NeverReached>,
    /// Supporters who did not report.
    pub silent_supporters: Vec<SilentSupporter>,
    /// Supporters the warning never reached.
    pub never_warned: Vec<SilentSupporter>,
    /// This drill (first) and earlier drills of the same districts, oldest after it.
    pub comparison: Vec<DrillCurve>,
    /// Results entered.
    pub checks: usize,
    /// Of which corrections.
    pub corrections: usize,
    /// Calls to supporters entered (corrections included).
    pub calls: usize,
}

/// A drill's people and their outcomes, by district id, and its supporters' warnings.
struct Reading {
    entries: Vec<CheckEntry>,
    by_district: BTreeMap<i64, Vec<(i64, calc::Outcome)>>,
    start: DateTime<Utc>,
    /// The supporters to warn, by district id, with the people they support there.
    to_warn: BTreeMap<i64, BTreeMap<i64, BTreeSet<i64>>>,
    /// Where each supporter's warning stands, by supporter id.
    warned: BTreeMap<i64, Standing<WarningEntry>>,
    calls: usize,
}

impl Reading {
    /// The warnings to `supporters` and, for those warned, the minutes since the start.
    fn warnings<'a>(&self, supporters: impl Iterator<Item = &'a i64>) -> (WarnTally, Vec<i64>) {
        let mut t = WarnTally::default();
        let mut minutes = Vec::new();
        for id in supporters {
            let at = self.warned.get(id).and_then(|s| s.settled_at);
            t.add(at.is_some());
            minutes.extend(at.map(|at| calc::minutes_between(self.start, at)));
        }
        (t, minutes)
    }
}

fn read(conn: &Connection, drill: &Drill) -> Result<Reading> {
    let calls = drill_warnings::warnings(conn, drill.id)?;
    let warned = drill_warnings::by_supporter(&calls)
        .into_iter()
        .map(|(id, entries)| (id, calc::standing(&entries)))
        .collect();
    let entries = drills::checks(conn, drill.id)?;
    let population = drills::population(conn, drill.id)?;
    let to_warn = drill_warnings::to_warn(conn, &population)?;
    let mut per_person: BTreeMap<i64, Vec<&CheckEntry>> = BTreeMap::new();
    for e in &entries {
        per_person.entry(e.person_id).or_default().push(e);
    }
    let mut by_district: BTreeMap<i64, Vec<(i64, calc::Outcome)>> = BTreeMap::new();
    for (person, district) in population {
        let o = calc::outcome(per_person.get(&person).map_or(&[], Vec::as_slice));
        by_district.entry(district).or_default().push((person, o));
    }
    Ok(Reading {
        start: drill.start()?,
        by_district,
        entries,
        to_warn,
        warned,
        calls: calls.len(),
    })
}

fn minutes(r: &Reading, people: &[(i64, calc::Outcome)]) -> Vec<i64> {
    people
        .iter()
        .filter_map(|(_, o)| o.confirmed_at)
        .map(|t| calc::minutes_between(r.start, t))
        .collect()
}

fn tally(people: &[(i64, calc::Outcome)]) -> Tally {
    let mut t = Tally::default();
    for (_, o) in people {
        t.add(o.current);
    }
    t
}

/// The report's line for `people`, whose supporters to warn are `supporters`.
fn district_report(
    name: &str,
    r: &Reading,
    people: &[(i64, calc::Outcome)],
    supporters: &BTreeSet<i64>,
    drill: &Drill,
) -> DistrictReport {
    let m = minutes(r, people);
    let t = tally(people);
    let to_100 = calc::minutes_to(100, &m, t.people);
    let (warnings, warned_minutes) = r.warnings(supporters.iter());
    let warn_to_100 = calc::minutes_to(100, &warned_minutes, warnings.supporters);
    DistrictReport {
        district: name.to_string(),
        tally: t,
        to_50: calc::minutes_to(50, &m, t.people),
        to_90: calc::minutes_to(90, &m, t.people),
        within_target: to_100.is_some_and(|x| x <= i64::from(drill.confirm_target_min)),
        to_100,
        warnings,
        warned_within_target: warn_to_100.is_some_and(|x| x <= i64::from(drill.warn_target_min)),
        warn_to_100,
    }
}

/// The supporters to warn in district `did` (none when nobody there has one).
fn supporters_in(r: &Reading, did: i64) -> BTreeSet<i64> {
    r.to_warn
        .get(&did)
        .map(|s| s.keys().copied().collect())
        .unwrap_or_default()
}

/// What the board shows of a person still unknown.
struct Contact {
    name: String,
    address: String,
    address_protected: bool,
    phone: String,
}

/// Name, address and phone of each of `ids`, in one statement.
fn contacts(conn: &Connection, ids: &BTreeSet<i64>) -> Result<BTreeMap<i64, Contact>> {
    super::rows_by_id(
        conn,
        "SELECT id, name, address, address_protected, phone FROM persons
         WHERE id IN (SELECT value FROM json_each(?1))",
        ids,
        "reading the people still unknown",
        |r| {
            Ok(Contact {
                name: r.get(1)?,
                address: r.get(2)?,
                address_protected: r.get(3)?,
                phone: r.get(4)?,
            })
        },
    )
}

/// The supporters of each of `ids`, in their order, in one statement.
fn supporters_of_many(
    conn: &Connection,
    ids: &BTreeSet<i64>,
) -> Result<BTreeMap<i64, Vec<SupporterContact>>> {
    let list = super::id_list(ids);
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.person_id, s.id, a.position, s.name, s.phone FROM assignments a
             JOIN supporters s ON s.id = a.supporter_id
             WHERE a.person_id IN (SELECT value FROM json_each(?1))
             ORDER BY a.person_id, a.position",
        )
        .ctx("reading supporters to call")?;
    let mut rows = stmt.query([list]).ctx("reading supporters to call")?;
    let mut out: BTreeMap<i64, Vec<SupporterContact>> = BTreeMap::new();
    while let Some(r) = rows.next().ctx("reading supporters to call")? {
        let person: i64 = r.get(0).ctx("reading supporters to call")?;
        out.entry(person).or_default().push(SupporterContact {
            supporter_id: r.get(1).ctx("reading supporters to call")?,
            position: r.get(2).ctx("reading supporters to call")?,
            name: r.get(3).ctx("reading supporters to call")?,
            phone: r.get(4).ctx("reading supporters to call")?,
        });
    }
    Ok(out)
}

fn names(drill_districts: &[(i64, String)]) -> BTreeMap<i64, String> {
    drill_districts.iter().cloned().collect()
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
        let mut contacts = contacts(conn, &ids)?;
        let mut their_supporters = supporters_of_many(conn, &ids)?;
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
        let mut reach = drill_warnings::reach(conn, &waiting)?;
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

/// The report's data.
pub(crate) fn report(conn: &Connection, drill_id: i64) -> Result<DrillReport> {
    let drill = drills::load(conn, drill_id)?;
    let r = read(conn, &drill)?;
    let drill_districts = drills::districts(conn, drill_id)?;
    let names = names(&drill_districts);
    let mut districts = Vec::new();
    let mut everyone = Vec::new();
    let mut everyone_to_warn = BTreeSet::new();
    for (did, name) in &drill_districts {
        let people = r.by_district.get(did).map_or(&[][..], Vec::as_slice);
        let supporters = supporters_in(&r, *did);
        districts.push(district_report(name, &r, people, &supporters, &drill));
        everyone.extend(people.iter().cloned());
        everyone_to_warn.extend(supporters);
    }
    let total = district_report("全体", &r, &everyone, &everyone_to_warn, &drill);
    let mut never_reached = Vec::new();
    let unconfirmed: BTreeSet<i64> = r
        .by_district
        .values()
        .flatten()
        .filter(|(_, o)| !o.current.is_some_and(CheckStatus::confirms))
        .map(|(pid, _)| *pid)
        .collect();
    let mut contacts = contacts(conn, &unconfirmed)?;
    let mut attempts: BTreeMap<i64, usize> = BTreeMap::new();
    for e in r.entries.iter().filter(|e| e.corrected_by.is_none()) {
        *attempts.entry(e.person_id).or_default() += 1;
    }
    for (did, people) in &r.by_district {
        for (pid, o) in people {
            let Some(p) = contacts.remove(pid) else {
                continue; // confirmed
            };
            let note = o.last.as_ref().map(|e| e.note.clone()).unwrap_or_default();
            never_reached.push(NeverReached {
                person_id: *pid,
                name: p.name,
                district: names.get(did).cloned().unwrap_or_default(),
                status: o.current,
                why: if note.is_empty() {
                    o.current
                        .map_or("結果の記録なし", CheckStatus::label)
                        .to_string()
                } else {
                    note
                },
                attempts: attempts.get(pid).copied().unwrap_or(0),
            });
        }
    }
    never_reached.sort_by_key(|n| n.person_id);
    // Supporters of the drill's people, and whether any counting result names them.
    let mut named: BTreeMap<i64, (SupporterContact, BTreeSet<i64>)> = BTreeMap::new();
    let everyone_ids: BTreeSet<i64> = r
        .by_district
        .values()
        .flatten()
        .map(|(pid, _)| *pid)
        .collect();
    for (pid, supporters) in supporters_of_many(conn, &everyone_ids)? {
        for s in supporters {
            named
                .entry(s.supporter_id)
                .or_insert_with(|| (s.clone(), BTreeSet::new()))
                .1
                .insert(pid);
        }
    }
    let silent = |(s, ps): (SupporterContact, BTreeSet<i64>)| SilentSupporter {
        supporter_id: s.supporter_id,
        name: s.name,
        phone: s.phone,
        persons: ps.into_iter().collect(),
    };
    let never_warned = named
        .values()
        .filter(|(s, _)| {
            r.warned
                .get(&s.supporter_id)
                .is_none_or(|w| w.settled_at.is_none())
        })
        .cloned()
        .map(silent)
        .collect();
    let silent_supporters = named
        .into_values()
        .filter(|(s, _)| {
            !r.entries
                .iter()
                .any(|e| e.corrected_by.is_none() && calc::same_name(&e.checked_by, &s.name))
        })
        .map(silent)
        .collect();
    let shared: BTreeSet<i64> = drill_districts.iter().map(|(id, _)| *id).collect();
    let mut comparison = vec![curve_of(&drill, &r, &shared)];
    for other in drills::list(conn)? {
        let earlier = (other.held_on.as_str(), other.starts_at.as_str(), other.id)
            < (drill.held_on.as_str(), drill.starts_at.as_str(), drill.id);
        if !earlier {
            continue;
        }
        let theirs: BTreeSet<i64> = drills::districts(conn, other.id)?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| shared.contains(id))
            .collect();
        if theirs.is_empty() {
            continue;
        }
        let or = read(conn, &other)?;
        comparison.push(curve_of(&other, &or, &theirs));
    }
    let corrections = r.entries.iter().filter(|e| e.corrects.is_some()).count();
    Ok(DrillReport {
        checks: r.entries.len(),
        corrections,
        drill,
        districts,
        total,
        never_reached,
        silent_supporters,
        never_warned,
        comparison,
        calls: r.calls,
    })
}

fn curve_of(drill: &Drill, r: &Reading, districts: &BTreeSet<i64>) -> DrillCurve {
    let people: Vec<(i64, calc::Outcome)> = r
        .by_district
        .iter()
        .filter(|(d, _)| districts.contains(d))
        .flat_map(|(_, ps)| ps.iter().cloned())
        .collect();
    let d = district_report("", r, &people, &BTreeSet::new(), drill);
    let m = minutes(r, &people);
    DrillCurve {
        drill_id: drill.id,
        name: drill.name.clone(),
        held_on: drill.held_on.clone(),
        tally: d.tally,
        to_50: d.to_50,
        to_90: d.to_90,
        to_100: d.to_100,
        curve: calc::curve(&m, d.tally.people),
    }
}

impl Roster {
    /// The live board now: per district, confirmed / needs help / not at home / not
    /// reached, minutes since the start against the targets, and who is still unknown with
    /// their supporters' contacts. Audited `drill.status` (it shows names to the screen).
    pub fn drill_status(&mut self, drill_id: i64) -> Result<DrillBoard> {
        self.write(|tx| {
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

    /// The report's data (the PDF is [`Roster::print_drill_report`]). Audited
    /// `drill.report`.
    pub fn drill_report(&mut self, drill_id: i64) -> Result<DrillReport> {
        self.write(|tx| {
            let rep = report(tx.conn(), drill_id)?;
            tx.audit(
                "drill.report",
                "drill",
                Some(drill_id),
                &format!(
                    "people={},confirmed={},never_reached={}",
                    rep.total.tally.people,
                    rep.total.tally.confirmed,
                    rep.never_reached.len()
                ),
            )?;
            Ok(rep)
        })
    }
}
