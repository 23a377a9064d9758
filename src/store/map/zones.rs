//! The hazard zones the layers give: checked against each placed home, and every
//! difference from the person's record kept as a change to review (`zone_changes`).

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension};

use super::layers;
use crate::error::{Error, Result, SqlContext};
use crate::geo::{AreaIndex, LonLat};
use crate::model::map::{LayerRef, ZoneChange, ZoneCheck};
use crate::model::HazardKind;
use crate::store::sql::Cached;

/// The areas in use for one kind of hazard, and the layer each came from.
pub(crate) struct KindAreas {
    pub(crate) kind: HazardKind,
    /// Every layer of the kind in use.
    pub(crate) layers: Vec<i64>,
    index: AreaIndex,
    layer_of: Vec<i64>,
}

impl KindAreas {
    /// For each of `points`, the layers whose areas hold it (ascending, each once).
    pub(crate) fn layers_holding_each(&self, points: &[LonLat]) -> Vec<Vec<i64>> {
        self.index
            .containing_each(points)
            .into_iter()
            .map(|areas| {
                let set: BTreeSet<i64> = areas
                    .into_iter()
                    .filter_map(|i| self.layer_of.get(i).copied())
                    .collect();
                set.into_iter().collect()
            })
            .collect()
    }
}

/// The areas of every layer in use, by kind (kinds without a layer are left out: nothing
/// is known about them). With `near`, only the areas whose bounding box holds one of those
/// points are read (a few people placed after an edit need not read a city's layers).
pub(crate) fn areas_in_use(conn: &Connection, near: Option<&[LonLat]>) -> Result<Vec<KindAreas>> {
    let mut out = Vec::new();
    let all = layers::list(conn)?;
    for kind in HazardKind::ALL {
        let mut ids = Vec::new();
        let mut areas = Vec::new();
        let mut layer_of = Vec::new();
        for layer in all
            .iter()
            .filter(|l| l.kind == *kind && l.retired_at.is_none())
        {
            ids.push(layer.id);
            let read = match near {
                None => layers::areas(conn, layer.id)?,
                Some(points) => layers::areas_near(conn, layer.id, points)?,
            };
            for area in read {
                areas.push(area);
                layer_of.push(layer.id);
            }
        }
        if !ids.is_empty() {
            out.push(KindAreas {
                kind: *kind,
                layers: ids,
                index: AreaIndex::new(areas),
                layer_of,
            });
        }
    }
    Ok(out)
}

/// Below this many people, a check reads only the areas near them.
const NEAR_BELOW: usize = 64;

/// Checks the zones of `people` (or of everyone placed and not archived) against the
/// layers in use; records a change for every difference from the record.
pub(crate) fn check(
    conn: &Connection,
    people: Option<&[(i64, LonLat)]>,
    at: &str,
) -> Result<ZoneCheck> {
    let near: Option<Vec<LonLat>> = people
        .filter(|p| p.len() <= NEAR_BELOW)
        .map(|p| p.iter().map(|(_, at)| *at).collect());
    let kinds = areas_in_use(conn, near.as_deref())?;
    let mut report = ZoneCheck {
        kinds: kinds.iter().map(|k| k.kind).collect(),
        ..ZoneCheck::default()
    };
    if people.is_none() {
        // A kind with no layer in use any more says nothing: what its layers found is no
        // longer a change to make.
        for kind in HazardKind::ALL.iter().filter(|k| !report.kinds.contains(k)) {
            report.superseded += conn
                .exec(
                    "UPDATE zone_changes SET status = 'superseded', decided_at = ?2, decided_by = ''
                     WHERE status = 'pending' AND kind = ?1",
                    params![kind.token(), at],
                )
                .ctx("setting aside zone changes")?;
        }
    }
    if kinds.is_empty() {
        return Ok(report);
    }
    let homes: Vec<Home> = match people {
        Some(p) if p.len() <= NEAR_BELOW => {
            let mut out = Vec::new();
            for (person, at) in p {
                if let Some(zones) = zones_of(conn, *person)? {
                    out.push((*person, *at, zones));
                }
            }
            out
        }
        Some(p) => {
            let ids: std::collections::HashSet<i64> = p.iter().map(|(id, _)| *id).collect();
            let mut all = everyone_placed(conn)?;
            all.retain(|(id, _, _)| ids.contains(id));
            all
        }
        None => {
            report.unplaced = unplaced_count(conn)?;
            everyone_placed(conn)?
        }
    };
    let mut pending = pending_by_person(conn)?;
    let points: Vec<LonLat> = homes.iter().map(|(_, at, _)| *at).collect();
    // Each kind's answer for every home at once: neighbours ask the same areas in turn.
    let holding: Vec<Vec<Vec<i64>>> = kinds
        .iter()
        .map(|k| k.layers_holding_each(&points))
        .collect();
    for (i, (person, _, zones)) in homes.into_iter().enumerate() {
        report.checked += 1;
        for (k, held) in kinds.iter().zip(&holding) {
            let old = match k.kind {
                HazardKind::Flood => zones[0],
                HazardKind::Landslide => zones[1],
                HazardKind::Tsunami => zones[2],
            };
            let layers = held.get(i).cloned().unwrap_or_default();
            let new = !layers.is_empty();
            let waiting = pending.remove(&(person, k.kind));
            if old == new && waiting.is_none() {
                continue;
            }
            let deciding = if new { layers } else { k.layers.clone() };
            match record(conn, person, k.kind, old, new, &deciding, waiting, at)? {
                Recorded::New => report.new_changes += 1,
                Recorded::StillPending => report.still_pending += 1,
                Recorded::Superseded => report.superseded += 1,
                Recorded::Nothing => {}
            }
        }
    }
    Ok(report)
}

/// A placed home: the person, where, and their zones on record (flood, landslide, tsunami).
type Home = (i64, LonLat, [bool; 3]);

fn zones_of(conn: &Connection, person: i64) -> Result<Option<[bool; 3]>> {
    conn.row(
        "SELECT flood_zone, landslide_zone, tsunami_zone FROM persons
         WHERE id = ?1 AND archived_on IS NULL",
        [person],
        |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]),
    )
    .optional()
    .ctx("reading a person's zones")
}

/// A change waiting: its id, the zone it gives, and the layers (JSON) that gave it.
type Waiting = (i64, bool, String);

/// Every change waiting, by person and kind.
fn pending_by_person(
    conn: &Connection,
) -> Result<std::collections::HashMap<(i64, HazardKind), Waiting>> {
    let mut stmt = conn
        .prepare(
            "SELECT person_id, kind, id, new, layers FROM zone_changes WHERE status = 'pending'",
        )
        .ctx("reading zone changes")?;
    let mut rows = stmt.query([]).ctx("reading zone changes")?;
    let mut out = std::collections::HashMap::new();
    while let Some(r) = rows.next().ctx("reading zone changes")? {
        let kind: String = r.get(1).ctx("reading zone changes")?;
        let Some(kind) = HazardKind::from_token(&kind) else {
            continue;
        };
        out.insert(
            (r.get(0).ctx("reading zone changes")?, kind),
            (
                r.get(2).ctx("reading zone changes")?,
                r.get(3).ctx("reading zone changes")?,
                r.get(4).ctx("reading zone changes")?,
            ),
        );
    }
    Ok(out)
}

fn everyone_placed(conn: &Connection) -> Result<Vec<Home>> {
    let mut stmt = conn
        .prepare(
            "SELECT pp.person_id, pp.lon, pp.lat, p.flood_zone, p.landslide_zone, p.tsunami_zone
             FROM person_positions pp JOIN persons p ON p.id = pp.person_id
             WHERE pp.lon IS NOT NULL AND p.archived_on IS NULL ORDER BY pp.person_id",
        )
        .ctx("reading the placed homes")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                LonLat {
                    lon: r.get(1)?,
                    lat: r.get(2)?,
                },
                [r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        })
        .ctx("reading the placed homes")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the placed homes")
}

fn unplaced_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn
        .row(
            "SELECT count(*) FROM persons p LEFT JOIN person_positions pp ON pp.person_id = p.id
             WHERE p.archived_on IS NULL AND pp.lon IS NULL",
            [],
            |r| r.get(0),
        )
        .ctx("counting the people not placed")?;
    Ok(usize::try_from(n).unwrap_or(0))
}

enum Recorded {
    New,
    StillPending,
    Superseded,
    Nothing,
}

/// Keeps the review in step with what the layers say for one person and kind; `waiting`
/// is the change already waiting for them, if any.
#[allow(clippy::too_many_arguments)]
fn record(
    conn: &Connection,
    person: i64,
    kind: HazardKind,
    old: bool,
    new: bool,
    layers: &[i64],
    waiting: Option<Waiting>,
    at: &str,
) -> Result<Recorded> {
    let layers_json = serde_json::to_string(layers).unwrap_or_else(|_| "[]".to_string());
    if old == new {
        // The record agrees: a change still waiting is no longer one.
        if let Some((id, _, _)) = waiting {
            decide(conn, id, "superseded", at, "")?;
            return Ok(Recorded::Superseded);
        }
        return Ok(Recorded::Nothing);
    }
    if let Some((id, waiting_new, waiting_layers)) = waiting {
        if waiting_new == new && waiting_layers == layers_json {
            return Ok(Recorded::StillPending);
        }
        decide(conn, id, "superseded", at, "")?;
    }
    // An officer who rejected this same finding from the same layers is not asked again.
    let rejected: bool = conn
        .row(
            "SELECT EXISTS (SELECT 1 FROM zone_changes
                            WHERE person_id = ?1 AND kind = ?2 AND status = 'rejected'
                              AND old = ?3 AND new = ?4 AND layers = ?5)",
            params![person, kind.token(), old, new, layers_json],
            |r| r.get(0),
        )
        .ctx("reading a zone change")?;
    if rejected {
        return Ok(Recorded::Nothing);
    }
    conn.exec(
        "INSERT INTO zone_changes (person_id, kind, old, new, layers, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![person, kind.token(), old, new, layers_json, at],
    )
    .ctx("recording a zone change")?;
    Ok(Recorded::New)
}

/// Records the decision on change `id`.
pub(crate) fn decide(conn: &Connection, id: i64, status: &str, at: &str, by: &str) -> Result<()> {
    conn.exec(
        "UPDATE zone_changes SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE id = ?1",
        params![id, status, at, by],
    )
    .ctx("recording a decision")?;
    Ok(())
}

const SELECT: &str = "SELECT c.id, c.person_id, p.name, c.kind, c.old, c.new, c.layers,
                             c.found_at, c.status
                      FROM zone_changes c JOIN persons p ON p.id = c.person_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ZoneChange, Vec<i64>)> {
    let kind: String = r.get(3)?;
    let layers: String = r.get(6)?;
    Ok((
        ZoneChange {
            id: r.get(0)?,
            person_id: r.get(1)?,
            name: r.get(2)?,
            kind: HazardKind::from_token(&kind).unwrap_or(HazardKind::Flood),
            old: r.get(4)?,
            new: r.get(5)?,
            layers: Vec::new(),
            found_at: r.get(7)?,
            status: r.get(8)?,
        },
        serde_json::from_str(&layers).unwrap_or_default(),
    ))
}

fn with_layers(conn: &Connection, (mut c, ids): (ZoneChange, Vec<i64>)) -> Result<ZoneChange> {
    for id in ids {
        let l = layers::get(conn, id)?;
        c.layers.push(LayerRef {
            id,
            name: l.name,
            dated: l.dated,
        });
    }
    Ok(c)
}

/// Changes waiting for a decision, oldest first.
pub(crate) fn pending(conn: &Connection) -> Result<Vec<ZoneChange>> {
    let mut stmt = conn
        .prepare(&format!(
            "{SELECT} WHERE c.status = 'pending' ORDER BY c.id"
        ))
        .ctx("reading zone changes")?;
    let rows = stmt.query_map([], from_row).ctx("reading zone changes")?;
    let rows = rows
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading zone changes")?;
    rows.into_iter().map(|r| with_layers(conn, r)).collect()
}

/// Change `id`.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<ZoneChange> {
    let row = conn
        .row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
        .optional()
        .ctx("reading a zone change")?
        .ok_or(Error::NotFound {
            what: "zone change",
            id,
        })?;
    with_layers(conn, row)
}
