//! Matching people to 福祉避難所 within capacity (`shelter match`): who needs one by the
//! rule and has none agreed, each 福祉避難所's agreed people and their family against its
//! capacity, and for each person still to place the accepting shelters with room, nearest
//! first. Suggestions only: the officer decides, and agrees it in the plan
//! (`plan destination set … --shelter ID --direct`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::destinations::takes_direct;
use crate::error::Result;
use crate::model::shelter::{AcceptedGroup, Shelter, WelfareKind};
use crate::store::shelter_plans::{self, Judged, Which};
use crate::store::{shelters, Roster};

/// How many suggestions a person gets.
const SUGGESTIONS: usize = 3;

/// One 福祉避難所 and who is agreed to go there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WelfareLoad {
    pub shelter_id: i64,
    pub name: String,
    pub welfare: WelfareKind,
    /// 受入可能人数.
    pub capacity: u32,
    /// The people agreed to go there directly (their plans name it with 直接避難).
    pub people: Vec<i64>,
    /// The family members coming with them: for each, as many as live with the person,
    /// at most the shelter's allowance.
    pub family: u32,
    /// People and family together.
    pub total: u32,
    /// How many more it takes (negative: over capacity by that many).
    pub room: i64,
}

/// A shelter offered for a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub shelter_id: i64,
    pub name: String,
    /// Its room before the person.
    pub room: i64,
    /// From the person's home, in metres, when both are placed.
    pub distance_m: Option<u32>,
}

/// A person who needs a 福祉避難所 and has none agreed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WelfareNeed {
    pub person_id: i64,
    pub name: String,
    pub district: Option<String>,
    /// Why: `medical-device`, `care-level`, `disability`.
    pub reasons: Vec<String>,
    /// Their groups of the 受入対象者の公示.
    pub groups: Vec<AcceptedGroup>,
    /// Family members who would come (as many as live with them).
    pub household: u32,
    /// Accepting 指定福祉避難所 with room for them and their family, nearest first (by id
    /// where positions are missing).
    pub suggestions: Vec<Suggestion>,
}

/// The matching.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WelfareMatching {
    /// Every 福祉避難所 still in the registry, by id.
    pub shelters: Vec<WelfareLoad>,
    /// Those over capacity (ids).
    pub over_capacity: Vec<i64>,
    /// Those who need one and have none agreed, by id.
    pub needing: Vec<WelfareNeed>,
}

/// Metres between two (lon, lat) points (haversine on a 6,371 km sphere).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (l1, p1) = (a.0.to_radians(), a.1.to_radians());
    let (l2, p2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((l2 - l1) / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

fn coming(s: &Shelter, who: &Judged) -> u32 {
    who.household.min(s.family)
}

impl Roster {
    /// Matches the people who need a 福祉避難所 to those with room (see the module).
    pub fn shelter_match(&self) -> Result<WelfareMatching> {
        let conn = self.conn();
        let today = self.clock().today();
        let welfare: Vec<Shelter> = shelters::list(conn, None)?
            .into_iter()
            .filter(|s| s.welfare.is_some() && s.gone_on.is_none())
            .collect();
        let by_id: HashMap<i64, &Shelter> = welfare.iter().map(|s| (s.id, s)).collect();
        // Who is agreed where (a person counts once per shelter).
        let mut agreed: BTreeMap<i64, BTreeMap<i64, u32>> = BTreeMap::new();
        let mut placed: BTreeSet<i64> = BTreeSet::new();
        for (d, who) in shelter_plans::linked(conn, Which::Direct, today)? {
            let Some(s) = d.shelter_id.and_then(|id| by_id.get(&id)) else {
                continue;
            };
            if !d.direct {
                continue;
            }
            agreed
                .entry(s.id)
                .or_default()
                .insert(d.person_id, coming(s, &who));
            if takes_direct(s.welfare) {
                placed.insert(d.person_id);
            }
        }
        let loads: Vec<WelfareLoad> = welfare
            .iter()
            .map(|s| {
                let people = agreed.get(&s.id).cloned().unwrap_or_default();
                let family: u32 = people.values().sum();
                let total = people.len() as u32 + family;
                let capacity = s.capacity.unwrap_or(0);
                WelfareLoad {
                    shelter_id: s.id,
                    name: s.name.clone(),
                    welfare: s.welfare.unwrap_or(WelfareKind::Agreement),
                    capacity,
                    people: people.keys().copied().collect(),
                    family,
                    total,
                    room: i64::from(capacity) - i64::from(total),
                }
            })
            .collect();
        let room: HashMap<i64, i64> = loads.iter().map(|l| (l.shelter_id, l.room)).collect();
        let mut needing = Vec::new();
        for (id, who) in shelter_plans::needing_welfare(conn, today)? {
            if placed.contains(&id) {
                continue;
            }
            let groups = who.facts.groups();
            let mut suggestions: Vec<(Option<f64>, Suggestion)> = welfare
                .iter()
                .filter(|s| takes_direct(s.welfare))
                .filter(|s| groups.iter().any(|g| s.groups.contains(g)))
                // Room for the person and the family coming with them.
                .filter(|s| room[&s.id] > i64::from(coming(s, &who)))
                .map(|s| {
                    let d = who.at.zip(s.lon.zip(s.lat)).map(|(a, b)| metres(a, b));
                    let suggestion = Suggestion {
                        shelter_id: s.id,
                        name: s.name.clone(),
                        room: room[&s.id],
                        distance_m: d.map(|d| d.round() as u32),
                    };
                    (d, suggestion)
                })
                .collect();
            suggestions.sort_by(|a, b| match (a.0, b.0) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.1.shelter_id.cmp(&b.1.shelter_id),
            });
            needing.push(WelfareNeed {
                person_id: id,
                name: who.name.clone(),
                district: who.district.clone(),
                reasons: who
                    .facts
                    .welfare_need()
                    .into_iter()
                    .map(String::from)
                    .collect(),
                groups,
                household: who.household,
                suggestions: suggestions
                    .into_iter()
                    .take(SUGGESTIONS)
                    .map(|s| s.1)
                    .collect(),
            });
        }
        Ok(WelfareMatching {
            over_capacity: loads
                .iter()
                .filter(|l| l.room < 0)
                .map(|l| l.shelter_id)
                .collect(),
            shelters: loads,
            needing,
        })
    }
}
