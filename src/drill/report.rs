//! The report's data: per district time to 50/90/100 %, people never reached and why,
//! supporters who did not report, and earlier drills of the same districts to compare.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::reading::{minutes, names, read, supporters_in, tally, Reading};
use crate::drill::{self as calc, CheckStatus, Tally, WarnTally};
use crate::error::Result;
use crate::store::drills::{self, Drill};
use crate::store::supporters::SupporterContact;
use crate::store::{persons, supporters, Connection, Roster};

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
    /// Per shelter: expected, arrived, capacity, and who went elsewhere than planned.
    pub shelters: Vec<super::ShelterArrivals>,
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
    let mut contacts = persons::contacts(conn, &unconfirmed)?;
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
    for (pid, supporters) in supporters::contacts_of_many(conn, &everyone_ids)? {
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
        shelters: super::arrivals::shelter_arrivals(conn, drill_id)?,
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
    /// The report's data (the PDF is [`Roster::print_drill_report`]). Audited
    /// `drill.report`.
    pub fn drill_report(&mut self, drill_id: i64) -> Result<DrillReport> {
        self.note(|tx| {
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
