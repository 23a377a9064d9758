//! Warnings passed to supporters in a drill (伝達): the coordinator's call list and what
//! each call gave. The supporters to warn are those assigned to the people on the drill's
//! check sheets; the guideline's first target is that the warning reaches all of them
//! within the drill's warnings target (20 minutes by default).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::entry::{corrected, entry_texts, entry_time};
use crate::clock::stamp;
use crate::drill::{standing, WarningEntry};
use crate::error::{Error, Result};
use crate::model::Supporter;
use crate::store::drills;
use crate::store::{supporters, Connection, Roster};

/// What one warning entry asks.
#[derive(Debug, Clone)]
pub struct WarnRequest<'a> {
    /// The drill.
    pub drill_id: i64,
    /// The supporter called.
    pub supporter_id: i64,
    /// The warning got through (false: no answer, engaged, …).
    pub reached: bool,
    /// When (`None`: now).
    pub at: Option<DateTime<Utc>>,
    /// Who passed it.
    pub by: &'a str,
    /// Remarks.
    pub note: &'a str,
    /// Replace this supporter's latest counting entry instead of adding a call.
    pub correct: bool,
}

/// A supporter on a drill's call list, and where their warning stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillSupporter {
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
    /// The districts (of the drill) of the people they support.
    pub districts: Vec<String>,
    /// How many of the drill's people they support.
    pub persons: usize,
    /// The warning got through (their latest counting entry says so).
    pub warned: bool,
    /// When it first got through (Japan time), when `warned`.
    pub warned_at_jst: Option<String>,
    /// Their latest counting entry, if any (e.g. a call that did not get through).
    pub last: Option<WarningEntry>,
    /// Every entry for them in this drill, in entry order.
    pub history: Vec<WarningEntry>,
}

/// The supporters a drill must warn, by the district id of the people they support: for
/// each, how many of the drill's people they support there (an assignment is one person
/// and one supporter, once: a count, not a set of 500,000 ids at city scale).
/// `population` is the drill's people with their sheet's district
/// ([`drills::population`]).
pub(crate) fn to_warn(
    conn: &Connection,
    population: &BTreeMap<i64, i64>,
) -> Result<BTreeMap<i64, BTreeMap<i64, usize>>> {
    let mut out: BTreeMap<i64, BTreeMap<i64, usize>> = BTreeMap::new();
    // Both by person id: walked side by side, not half a million look-ups in the map.
    let mut people = population.iter().peekable();
    for (person, supporter) in supporters::assignments(conn)? {
        while people.next_if(|(p, _)| **p < person).is_some() {}
        if let Some((_, district)) = people.peek().filter(|(p, _)| **p == person) {
            *out.entry(**district)
                .or_default()
                .entry(supporter)
                .or_default() += 1;
        }
    }
    Ok(out)
}

/// Each supporter's entries, by supporter id.
pub(crate) fn by_supporter(entries: &[WarningEntry]) -> BTreeMap<i64, Vec<&WarningEntry>> {
    let mut out: BTreeMap<i64, Vec<&WarningEntry>> = BTreeMap::new();
    for e in entries {
        out.entry(e.supporter_id).or_default().push(e);
    }
    out
}

/// Supporter `supporter_id`'s line on the call list, from their districts, how many of
/// the drill's people they support and their calls.
fn line(
    s: drills::warnings::Reach,
    supporter_id: i64,
    districts: BTreeSet<String>,
    persons: usize,
    calls: &[&WarningEntry],
) -> DrillSupporter {
    let st = standing(calls);
    DrillSupporter {
        supporter_id,
        name: s.name,
        phone: s.phone,
        available_day: s.available_day,
        available_night: s.available_night,
        districts: districts.into_iter().collect(),
        persons,
        warned: st.settled_at.is_some(),
        warned_at_jst: st
            .settled_at
            .map(|t| crate::clock::jst(t).format("%Y-%m-%d %H:%M").to_string()),
        last: st.last,
        history: calls.iter().map(|e| (*e).clone()).collect(),
    }
}

/// Supporter `supporter_id` and the drill's people they support; not found for no such
/// supporter, invalid input when they support nobody on drill `drill_id`'s sheets.
fn on_call_list(
    conn: &Connection,
    drill_id: i64,
    supporter_id: i64,
) -> Result<(Supporter, BTreeMap<i64, String>)> {
    let s = supporters::load(conn, supporter_id)?;
    let people = drills::warnings::supported(conn, drill_id, supporter_id)?;
    if people.is_empty() {
        return Err(Error::invalid(
            "supporter",
            format!(
                "supporter {supporter_id} supports nobody on drill {drill_id}'s check sheets; check the number (the call list is `yorisoi drill supporters {drill_id}`)"
            ),
        ));
    }
    Ok((s, people))
}

/// Supporter `supporter_id`'s line on drill `drill_id`'s call list; invalid input when
/// they support nobody on its sheets.
fn supporter_line(conn: &Connection, drill_id: i64, supporter_id: i64) -> Result<DrillSupporter> {
    let (s, people) = on_call_list(conn, drill_id, supporter_id)?;
    let calls = drills::warnings::supporter_warnings(conn, drill_id, supporter_id)?;
    let refs: Vec<&WarningEntry> = calls.iter().collect();
    let reach = drills::warnings::Reach {
        name: s.name,
        phone: s.phone,
        available_day: s.available_day,
        available_night: s.available_night,
    };
    Ok(line(
        reach,
        supporter_id,
        people.values().cloned().collect(),
        people.len(),
        &refs,
    ))
}

impl Roster {
    /// The drill's call list: every supporter of the people on its check sheets, with
    /// whether the warning has reached them, first those not yet warned (by name).
    pub fn drill_supporters(&self, drill_id: i64) -> Result<Vec<DrillSupporter>> {
        let conn = self.conn();
        let drill = drills::load(conn, drill_id)?;
        let names: BTreeMap<i64, String> = drills::districts(conn, drill.id)?.into_iter().collect();
        let entries = drills::warnings::warnings(conn, drill_id)?;
        let entries_of = by_supporter(&entries);
        let mut rows: BTreeMap<i64, (BTreeSet<String>, usize)> = BTreeMap::new();
        let population = drills::population(conn, drill_id)?;
        for (district, supporters) in to_warn(conn, &population)? {
            for (supporter, persons) in supporters {
                let row = rows.entry(supporter).or_default();
                row.0
                    .insert(names.get(&district).cloned().unwrap_or_default());
                row.1 += persons;
            }
        }
        let mut reach = drills::warnings::reach(conn, &rows.keys().copied().collect())?;
        let mut out = Vec::with_capacity(rows.len());
        for (supporter_id, (districts, persons)) in rows {
            let mine = entries_of.get(&supporter_id).map_or(&[][..], Vec::as_slice);
            let r = reach.remove(&supporter_id).unwrap_or_default();
            out.push(line(r, supporter_id, districts, persons, mine));
        }
        out.sort_by(|a, b| (a.warned, &a.name).cmp(&(b.warned, &b.name)));
        Ok(out)
    }

    /// Enters one call to a supporter: a new entry, or (`correct`) a correction of their
    /// latest counting entry, which stays in the history. The supporter must support
    /// someone on the drill's check sheets; the time may not be before the drill's start
    /// nor after now. Audited `drill.warn` (ids, outcome and time only).
    pub fn drill_warn(&mut self, req: &WarnRequest<'_>) -> Result<DrillSupporter> {
        let (by, note) = entry_texts(req.by, req.note)?;
        self.write(|tx| {
            let drill = drills::load(tx.conn(), req.drill_id)?;
            let at = entry_time(&drill, req.at, tx.now())?;
            on_call_list(tx.conn(), req.drill_id, req.supporter_id)?;
            let corrects = if req.correct {
                let history = drills::warnings::supporter_warnings(
                    tx.conn(),
                    req.drill_id,
                    req.supporter_id,
                )?;
                Some(corrected(&history, || {
                    format!(
                        "supporter {} has no call in this drill to correct",
                        req.supporter_id
                    )
                })?)
            } else {
                None
            };
            let id = drills::warnings::insert(
                tx.conn(),
                &drills::warnings::NewWarning {
                    drill_id: req.drill_id,
                    supporter_id: req.supporter_id,
                    reached: req.reached,
                    at,
                    by,
                    note,
                    corrects,
                    recorded_at: &tx.stamp(),
                    recorded_by: tx.account(),
                },
            )?;
            tx.audit(
                "drill.warn",
                "drill",
                Some(req.drill_id),
                &format!(
                    "warning={id},supporter={},reached={},at={}{}",
                    req.supporter_id,
                    u8::from(req.reached),
                    stamp(at),
                    corrects
                        .map(|c| format!(",corrects={c}"))
                        .unwrap_or_default()
                ),
            )?;
            supporter_line(tx.conn(), req.drill_id, req.supporter_id)
        })
    }
}
