//! The checks of the plans' shelters (`shelter check`, and the plan editor's warnings):
//! never silent, never a refusal — the officer decides.
//!
//! - `not-designated`: the shelter is not a 指定緊急避難場所 for the hazard the destination
//!   is named for, or (a destination for any hazard) for a hazard the person's home is
//!   exposed to (浸水想定区域, 土砂災害警戒区域, 津波浸水想定区域 on the record) where the plan
//!   names no place of its own for it;
//! - `in-hazard-zone`: the shelter's position lies inside a hazard layer in use of that
//!   kind (`map layer import`);
//! - `agreement-direct`: a 協定福祉避難所 named for a direct evacuation (only a 指定 one
//!   takes people directly);
//! - `not-accepted`: a 福祉避難所 whose 受入対象者 do not include the person's groups;
//! - `gone`: the shelter went from the registry.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::geo::LonLat;
use crate::model::shelter::{Shelter, ShelterHazard, WelfareKind};
use crate::model::HazardKind;
use crate::store::map::zones;
use crate::store::shelter_plans::{self, Judged, Linked, Which};
use crate::store::{shelters, Connection, Roster};

/// One warning about one destination of one plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShelterWarning {
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// 地区.
    pub district: Option<String>,
    /// The destination's place in the plan, from 1.
    pub position: i64,
    pub shelter_id: i64,
    pub shelter_name: String,
    /// The hazard the warning is about, when it is about one.
    pub hazard: Option<ShelterHazard>,
    /// `not-designated`, `in-hazard-zone`, `agreement-direct`, `not-accepted` or `gone`.
    pub code: String,
    /// The warning in words.
    pub label: String,
}

/// The hazards whose designation keeps a home of zone `kind` safe.
fn hazards_for(kind: HazardKind) -> &'static [ShelterHazard] {
    match kind {
        HazardKind::Flood => &[ShelterHazard::Flood, ShelterHazard::InlandFlood],
        HazardKind::Landslide => &[ShelterHazard::Landslide],
        HazardKind::Tsunami => &[ShelterHazard::Tsunami],
    }
}

/// The zone kinds each shelter lies in, by the hazard layers in use (shelters without a
/// position, or no layer of a kind: nothing known, nothing said).
fn zones_of(conn: &Connection, shelters: &[&Shelter]) -> Result<HashMap<i64, Vec<HazardKind>>> {
    let placed: Vec<(i64, LonLat)> = shelters
        .iter()
        .filter_map(|s| {
            Some((
                s.id,
                LonLat {
                    lon: s.lon?,
                    lat: s.lat?,
                },
            ))
        })
        .collect();
    let mut out: HashMap<i64, Vec<HazardKind>> = HashMap::new();
    if placed.is_empty() {
        return Ok(out);
    }
    let points: Vec<LonLat> = placed.iter().map(|p| p.1).collect();
    for kind in zones::areas_in_use(conn, Some(&points))? {
        for ((id, _), layers) in placed.iter().zip(kind.layers_holding_each(&points)) {
            if !layers.is_empty() {
                out.entry(*id).or_default().push(kind.kind);
            }
        }
    }
    Ok(out)
}

/// The warnings of the linked destinations `rows` (grouped by person, in order).
pub(crate) fn judge(conn: &Connection, rows: &[(Linked, Judged)]) -> Result<Vec<ShelterWarning>> {
    let registry: HashMap<i64, Shelter> = shelters::list(conn, None)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let named: Vec<&Shelter> = {
        let mut ids: Vec<i64> = rows.iter().filter_map(|r| r.0.shelter_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().filter_map(|id| registry.get(id)).collect()
    };
    let in_zone = zones_of(conn, &named)?;
    let mut by_person: BTreeMap<i64, Vec<&(Linked, Judged)>> = BTreeMap::new();
    for r in rows {
        by_person.entry(r.0.person_id).or_default().push(r);
    }
    let mut out = Vec::new();
    for dests in by_person.values() {
        // The hazards the plan names a place of its own for.
        let own: Vec<ShelterHazard> = dests.iter().filter_map(|d| d.0.hazard).collect();
        for (d, who) in dests.iter().map(|r| (&r.0, &r.1)) {
            let Some(s) = d.shelter_id.and_then(|id| registry.get(&id)) else {
                continue;
            };
            let mut warn = |code: &str, hazard: Option<ShelterHazard>, label: String| {
                out.push(ShelterWarning {
                    person_id: d.person_id,
                    name: who.name.clone(),
                    district: who.district.clone(),
                    position: d.position,
                    shelter_id: s.id,
                    shelter_name: s.name.clone(),
                    hazard,
                    code: code.into(),
                    label,
                })
            };
            if let Some(gone) = &s.gone_on {
                warn(
                    "gone",
                    d.hazard,
                    format!("避難先台帳から{gone}に削除された避難先"),
                );
                continue;
            }
            let zones = in_zone.get(&s.id).map(Vec::as_slice).unwrap_or_default();
            let exposed: Vec<ShelterHazard> = match d.hazard {
                Some(h) => vec![h],
                None => HazardKind::ALL
                    .iter()
                    .zip(who.zones)
                    .filter(|(_, on)| *on)
                    .filter(|(k, _)| !hazards_for(**k).iter().any(|h| own.contains(h)))
                    .map(|(k, _)| hazards_for(*k)[0])
                    .collect(),
            };
            for h in exposed {
                let safe = match h.zone() {
                    Some(k) => hazards_for(k).iter().any(|x| s.hazards.contains(x)),
                    None => s.hazards.contains(&h),
                };
                if !safe {
                    let why = if d.hazard.is_some() {
                        format!("{}の指定緊急避難場所ではない", h.short_label())
                    } else {
                        format!(
                            "自宅が{}にあるが、{}の指定緊急避難場所ではない",
                            h.zone().map_or("", HazardKind::label),
                            h.short_label()
                        )
                    };
                    warn("not-designated", Some(h), why);
                }
                if let Some(k) = h.zone().filter(|k| zones.contains(k)) {
                    warn(
                        "in-hazard-zone",
                        Some(h),
                        format!("避難先が{}の中にある", k.label()),
                    );
                }
            }
            if d.direct && s.welfare == Some(WelfareKind::Agreement) {
                warn(
                    "agreement-direct",
                    d.hazard,
                    "協定福祉避難所は直接避難を受け入れない（要請により開設）".into(),
                );
            }
            if s.welfare.is_some() && !s.groups.is_empty() {
                let groups = who.facts.groups();
                if !groups.iter().any(|g| s.groups.contains(g)) {
                    warn(
                        "not-accepted",
                        d.hazard,
                        format!(
                            "受入対象者（{}）に当たらない",
                            s.groups
                                .iter()
                                .map(|g| g.label())
                                .collect::<Vec<_>>()
                                .join("・")
                        ),
                    );
                }
            }
        }
    }
    Ok(out)
}

/// The warnings of person `id`'s plan.
pub(crate) fn for_person(
    conn: &Connection,
    id: i64,
    today: NaiveDate,
) -> Result<Vec<ShelterWarning>> {
    judge(
        conn,
        &shelter_plans::linked(conn, Which::All(Some(id)), today)?,
    )
}

impl Roster {
    /// The warnings of every plan's shelters (`shelter check`), by person and place, each
    /// with the person's name and district.
    pub fn shelter_check(&self) -> Result<Vec<ShelterWarning>> {
        let conn = self.conn();
        let rows = shelter_plans::linked(conn, Which::All(None), self.clock().today())?;
        judge(conn, &rows)
    }

    /// The warnings of person `id`'s plan's shelters (the plan editor shows them).
    pub fn shelter_warnings(&self, id: i64) -> Result<Vec<ShelterWarning>> {
        for_person(self.conn(), id, self.clock().today())
    }
}
