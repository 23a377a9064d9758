//! What the board and the report are read from: a drill's people with their outcomes by
//! district, and where each supporter's warning stands — read once per view.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::drill::{self as calc, CheckEntry, Standing, Tally, WarnTally, WarningEntry};
use crate::error::Result;
use crate::store::drills::{self, Drill};
use crate::store::Connection;

/// A drill's people and their outcomes, by district id, and its supporters' warnings.
pub(super) struct Reading {
    pub(super) entries: Vec<CheckEntry>,
    pub(super) by_district: BTreeMap<i64, Vec<(i64, calc::Outcome)>>,
    pub(super) start: DateTime<Utc>,
    /// The supporters to warn, by district id, with how many people they support there.
    pub(super) to_warn: BTreeMap<i64, BTreeMap<i64, usize>>,
    /// Where each supporter's warning stands, by supporter id.
    pub(super) warned: BTreeMap<i64, Standing<WarningEntry>>,
    pub(super) calls: usize,
}

impl Reading {
    /// The warnings to `supporters` and, for those warned, the minutes since the start.
    pub(super) fn warnings<'a>(
        &self,
        supporters: impl Iterator<Item = &'a i64>,
    ) -> (WarnTally, Vec<i64>) {
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

/// Reads drill `drill`'s results, calls and population once, for one view.
pub(super) fn read(conn: &Connection, drill: &Drill) -> Result<Reading> {
    let calls = drills::warnings::warnings(conn, drill.id)?;
    let warned = super::warnings::by_supporter(&calls)
        .into_iter()
        .map(|(id, entries)| (id, calc::standing(&entries)))
        .collect();
    let entries = drills::checks::checks(conn, drill.id)?;
    let population = drills::population(conn, drill.id)?;
    let to_warn = super::warnings::to_warn(conn, &population)?;
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

/// Minutes from the start to each confirmation among `people`.
pub(super) fn minutes(r: &Reading, people: &[(i64, calc::Outcome)]) -> Vec<i64> {
    people
        .iter()
        .filter_map(|(_, o)| o.confirmed_at)
        .map(|t| calc::minutes_between(r.start, t))
        .collect()
}

/// The head-counts of `people` by their current status.
pub(super) fn tally(people: &[(i64, calc::Outcome)]) -> Tally {
    let mut t = Tally::default();
    for (_, o) in people {
        t.add(o.current);
    }
    t
}

/// The supporters to warn in district `did` (none when nobody there has one).
pub(super) fn supporters_in(r: &Reading, did: i64) -> BTreeSet<i64> {
    r.to_warn
        .get(&did)
        .map(|s| s.keys().copied().collect())
        .unwrap_or_default()
}

/// District names by id.
pub(super) fn names(drill_districts: &[(i64, String)]) -> BTreeMap<i64, String> {
    drill_districts.iter().cloned().collect()
}
