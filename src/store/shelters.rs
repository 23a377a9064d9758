//! The shelters (`shelters`, `shelter_hazards`), the registry files imported
//! (`shelter_imports`) and the changes they left to review (`shelter_changes`).

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result, SqlContext};
use crate::model::shelter::{
    AcceptedGroup, NewShelter, RegistryEntry, RegistryLayout, Shelter, ShelterChange,
    ShelterHazard, WelfareKind,
};
use crate::store::sql::Cached;

const SELECT: &str = "SELECT s.id, s.registry_key, s.name, s.address, s.municipality,
        s.emergency_site, s.evacuation_centre, s.lat, s.lon, s.capacity, s.accepts,
        s.associations, s.note, s.gone_on,
        (SELECT group_concat(h.hazard, ' ') FROM shelter_hazards h WHERE h.shelter_id = s.id),
        s.welfare, s.family, s.contact, s.equipment,
        (SELECT group_concat(g.grp, ' ') FROM shelter_groups g WHERE g.shelter_id = s.id)
    FROM shelters s";

fn tokens<T: Ord>(text: Option<String>, parse: fn(&str) -> Option<T>) -> Vec<T> {
    let mut out: Vec<T> = text
        .unwrap_or_default()
        .split(' ')
        .filter_map(parse)
        .collect();
    out.sort();
    out
}

fn split(text: &str) -> Vec<String> {
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Shelter> {
    let associations: String = r.get(11)?;
    let welfare: Option<String> = r.get(15)?;
    let equipment: String = r.get(18)?;
    Ok(Shelter {
        id: r.get(0)?,
        registry_key: r.get(1)?,
        name: r.get(2)?,
        address: r.get(3)?,
        municipality: r.get(4)?,
        emergency_site: r.get(5)?,
        evacuation_centre: r.get(6)?,
        hazards: tokens(r.get(14)?, ShelterHazard::from_token),
        lat: r.get(7)?,
        lon: r.get(8)?,
        capacity: r.get(9)?,
        accepts: r.get(10)?,
        associations: split(&associations),
        note: r.get(12)?,
        welfare: welfare.as_deref().and_then(WelfareKind::from_token),
        groups: tokens(r.get(19)?, AcceptedGroup::from_token),
        family: r.get(16)?,
        contact: r.get(17)?,
        equipment: split(&equipment),
        gone_on: r.get(13)?,
    })
}

/// Adds a shelter the officer entered (checked); returns its id.
pub(crate) fn insert(conn: &Connection, s: &NewShelter, at: &str) -> Result<i64> {
    conn.exec(
        "INSERT INTO shelters (name, address, emergency_site, lat, lon, capacity, note, welfare,
                               family, contact, equipment, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![
            s.name,
            s.address,
            !s.hazards.is_empty(),
            s.lat,
            s.lon,
            s.capacity,
            s.note,
            s.welfare.map(WelfareKind::token),
            s.family,
            s.contact,
            s.equipment.join(";"),
            at
        ],
    )
    .ctx("adding a shelter")?;
    let id = conn.last_insert_rowid();
    set_hazards(conn, id, &s.hazards)?;
    for g in &s.groups {
        conn.exec(
            "INSERT INTO shelter_groups (shelter_id, grp) VALUES (?1, ?2)",
            params![id, g.token()],
        )
        .ctx("adding a shelter's groups")?;
    }
    Ok(id)
}

/// Every shelter (gone ones too), or those designated for `hazard`, by id.
pub(crate) fn list(conn: &Connection, hazard: Option<ShelterHazard>) -> Result<Vec<Shelter>> {
    let sql = format!(
        "{SELECT} WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM shelter_hazards h
                                              WHERE h.shelter_id = s.id AND h.hazard = ?1)
         ORDER BY s.id"
    );
    let mut stmt = conn.prepare(&sql).ctx("reading shelters")?;
    let rows = stmt
        .query_map([hazard.map(ShelterHazard::token)], from_row)
        .ctx("reading shelters")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading shelters")
}

/// Writes what the officer enters of shelter `id`: its standing as a 福祉避難所, whom it
/// accepts, the family who may come, capacity, contact, what it has and the note; for a
/// shelter entered by hand (`registry` false) also its name, address, position and hazards.
pub(crate) fn update(
    conn: &Connection,
    id: i64,
    s: &NewShelter,
    registry: bool,
    at: &str,
) -> Result<()> {
    conn.exec(
        "UPDATE shelters SET welfare = ?2, family = ?3, capacity = ?4, contact = ?5,
                equipment = ?6, note = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            id,
            s.welfare.map(WelfareKind::token),
            s.family,
            s.capacity,
            s.contact,
            s.equipment.join(";"),
            s.note,
            at
        ],
    )
    .ctx("changing a shelter")?;
    conn.exec("DELETE FROM shelter_groups WHERE shelter_id = ?1", [id])
        .ctx("changing a shelter's groups")?;
    for g in &s.groups {
        conn.exec(
            "INSERT INTO shelter_groups (shelter_id, grp) VALUES (?1, ?2)",
            params![id, g.token()],
        )
        .ctx("changing a shelter's groups")?;
    }
    if !registry {
        conn.exec(
            "UPDATE shelters SET name = ?2, address = ?3, lat = ?4, lon = ?5,
                    emergency_site = ?6
             WHERE id = ?1",
            params![id, s.name, s.address, s.lat, s.lon, !s.hazards.is_empty()],
        )
        .ctx("changing a shelter")?;
        set_hazards(conn, id, &s.hazards)?;
    }
    Ok(())
}

/// Shelter `id`.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<Shelter> {
    conn.query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
        .optional()
        .ctx("reading a shelter")?
        .ok_or(Error::NotFound {
            what: "shelter",
            id,
        })
}

/// The shelters that came from a registry, by their key.
pub(crate) fn by_key(conn: &Connection) -> Result<HashMap<String, Shelter>> {
    let mut stmt = conn
        .prepare(&format!("{SELECT} WHERE s.registry_key IS NOT NULL"))
        .ctx("reading shelters")?;
    let rows = stmt.query_map([], from_row).ctx("reading shelters")?;
    let mut out = HashMap::new();
    for s in rows {
        let s = s.ctx("reading shelters")?;
        if let Some(k) = s.registry_key.clone() {
            out.insert(k, s);
        }
    }
    Ok(out)
}

/// The shelter a registry's key names, if there is one.
pub(crate) fn id_by_key(conn: &Connection, key: &str) -> Result<Option<i64>> {
    conn.query_row(
        "SELECT id FROM shelters WHERE registry_key = ?1",
        [key],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading a shelter")
}

/// A registry file as imported.
pub(crate) struct NewImport<'a> {
    pub(crate) layout: RegistryLayout,
    pub(crate) file_name: &'a str,
    pub(crate) sha256: &'a str,
    pub(crate) municipality: &'a str,
    pub(crate) entries: usize,
    pub(crate) outside: usize,
    pub(crate) at: &'a str,
    pub(crate) by: &'a str,
}

/// Records an import; returns its id.
pub(crate) fn insert_import(conn: &Connection, i: &NewImport<'_>) -> Result<i64> {
    conn.exec(
        "INSERT INTO shelter_imports (layout, file_name, file_sha256, municipality, entries,
                                      outside, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            i.layout.token(),
            i.file_name,
            i.sha256,
            i.municipality,
            i.entries as i64,
            i.outside as i64,
            i.at,
            i.by
        ],
    )
    .ctx("recording a shelter import")?;
    Ok(conn.last_insert_rowid())
}

/// A change an import found.
pub(crate) struct NewChange<'a> {
    pub(crate) import_id: i64,
    pub(crate) registry_key: &'a str,
    pub(crate) shelter_id: Option<i64>,
    pub(crate) change: &'static str,
    pub(crate) layout: RegistryLayout,
    pub(crate) entry: Option<&'a RegistryEntry>,
    pub(crate) fields: &'a [&'static str],
}

/// Keeps a change to review; a pending one for the same shelter and layout from an
/// earlier import is superseded by it.
pub(crate) fn insert_change(
    conn: &Connection,
    c: &NewChange<'_>,
    at: &str,
    by: &str,
) -> Result<()> {
    conn.exec(
        "UPDATE shelter_changes SET status = 'superseded', decided_at = ?3, decided_by = ?4
         WHERE registry_key = ?1 AND layout = ?2 AND status = 'pending'",
        params![c.registry_key, c.layout.token(), at, by],
    )
    .ctx("superseding a shelter change")?;
    let entry = match c.entry {
        Some(e) => serde_json::to_string(e)
            .map_err(|e| Error::Integrity(format!("a shelter's row cannot be kept: {e}")))?,
        None => String::new(),
    };
    conn.exec(
        "INSERT INTO shelter_changes (import_id, registry_key, shelter_id, change, layout, entry, fields)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            c.import_id,
            c.registry_key,
            c.shelter_id,
            c.change,
            c.layout.token(),
            entry,
            c.fields.join(" ")
        ],
    )
    .ctx("keeping a shelter change")?;
    Ok(())
}

fn change_from_row(r: &Row<'_>) -> rusqlite::Result<ShelterChange> {
    let layout: String = r.get(5)?;
    let entry: String = r.get(6)?;
    let fields: String = r.get(7)?;
    Ok(ShelterChange {
        id: r.get(0)?,
        import_id: r.get(1)?,
        registry_key: r.get(2)?,
        shelter_id: r.get(3)?,
        change: r.get(4)?,
        layout: RegistryLayout::from_token(&layout).unwrap_or(RegistryLayout::GsiEmergency),
        entry: serde_json::from_str(&entry).ok(),
        fields: fields
            .split(' ')
            .filter(|f| !f.is_empty())
            .map(String::from)
            .collect(),
        status: r.get(8)?,
    })
}

const CHANGES: &str = "SELECT id, import_id, registry_key, shelter_id, change, layout, entry,
                              fields, status
                       FROM shelter_changes";

/// The changes with `status` (all when `None`), by id.
pub(crate) fn changes(conn: &Connection, status: Option<&str>) -> Result<Vec<ShelterChange>> {
    let mut stmt = conn
        .prepare(&format!(
            "{CHANGES} WHERE ?1 IS NULL OR status = ?1 ORDER BY id"
        ))
        .ctx("reading shelter changes")?;
    let rows = stmt
        .query_map([status], change_from_row)
        .ctx("reading shelter changes")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading shelter changes")
}

/// Change `id`.
pub(crate) fn change(conn: &Connection, id: i64) -> Result<ShelterChange> {
    conn.query_row(&format!("{CHANGES} WHERE id = ?1"), [id], change_from_row)
        .optional()
        .ctx("reading a shelter change")?
        .ok_or(Error::NotFound {
            what: "shelter change",
            id,
        })
}

/// Settles pending change `id` as `status` (`accepted` or `rejected`).
pub(crate) fn decide(conn: &Connection, id: i64, status: &str, at: &str, by: &str) -> Result<()> {
    conn.exec(
        "UPDATE shelter_changes SET status = ?2, decided_at = ?3, decided_by = ?4
         WHERE id = ?1 AND status = 'pending'",
        params![id, status, at, by],
    )
    .ctx("deciding a shelter change")?;
    Ok(())
}

/// Writes a registry row of `layout` into shelter `id` (a new shelter when `None`): the
/// name, address and position, and what the layout designates. Returns the shelter's id.
pub(crate) fn apply(
    conn: &Connection,
    id: Option<i64>,
    e: &RegistryEntry,
    layout: RegistryLayout,
    at: &str,
) -> Result<i64> {
    let id =
        match id {
            Some(id) => {
                conn.exec(
                    "UPDATE shelters SET name = ?2, address = ?3, lat = ?4, lon = ?5,
                        municipality = CASE WHEN ?6 = '' THEN municipality ELSE ?6 END,
                        note = ?7, gone_on = NULL, updated_at = ?8
                 WHERE id = ?1",
                    params![
                        id,
                        e.name,
                        e.address,
                        e.lat,
                        e.lon,
                        e.municipality,
                        e.note,
                        at
                    ],
                )
                .ctx("changing a shelter")?;
                id
            }
            None => {
                conn.exec(
                "INSERT INTO shelters (registry_key, name, address, municipality, lat, lon, note,
                                       created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![e.key, e.name, e.address, e.municipality, e.lat, e.lon, e.note, at],
            )
            .ctx("adding a shelter")?;
                conn.last_insert_rowid()
            }
        };
    if layout.lists_emergency_sites() {
        conn.exec(
            "UPDATE shelters SET emergency_site = 1,
                    evacuation_centre = max(evacuation_centre, ?2)
             WHERE id = ?1",
            params![id, e.evacuation_centre],
        )
        .ctx("changing a shelter")?;
        set_hazards(conn, id, &e.hazards)?;
    } else {
        conn.exec(
            "UPDATE shelters SET evacuation_centre = 1, accepts = ?2 WHERE id = ?1",
            params![id, e.accepts],
        )
        .ctx("changing a shelter")?;
    }
    if layout == RegistryLayout::OpenDataEmergency {
        conn.exec(
            "UPDATE shelters SET capacity = ?2, associations = ?3 WHERE id = ?1",
            params![id, e.capacity, e.associations.join(";")],
        )
        .ctx("changing a shelter")?;
    }
    Ok(id)
}

fn set_hazards(conn: &Connection, id: i64, hazards: &[ShelterHazard]) -> Result<()> {
    conn.exec("DELETE FROM shelter_hazards WHERE shelter_id = ?1", [id])
        .ctx("changing a shelter's hazards")?;
    for h in hazards {
        conn.exec(
            "INSERT INTO shelter_hazards (shelter_id, hazard) VALUES (?1, ?2)",
            params![id, h.token()],
        )
        .ctx("changing a shelter's hazards")?;
    }
    Ok(())
}

/// Takes what `layout` designates off shelter `id` (it is gone from that list); when it
/// is then neither kind, it is gone from the registry on `today`.
pub(crate) fn remove(
    conn: &Connection,
    id: i64,
    layout: RegistryLayout,
    today: &str,
    at: &str,
) -> Result<()> {
    let taken_off = if layout.lists_emergency_sites() {
        set_hazards(conn, id, &[])?;
        conn.exec("UPDATE shelters SET emergency_site = 0 WHERE id = ?1", [id])
    } else {
        conn.exec(
            "UPDATE shelters SET evacuation_centre = 0 WHERE id = ?1",
            [id],
        )
    };
    taken_off.ctx("changing a shelter")?;
    conn.exec(
        "UPDATE shelters SET updated_at = ?3,
                gone_on = CASE WHEN emergency_site = 0 AND evacuation_centre = 0 THEN ?2 END
         WHERE id = ?1",
        params![id, today, at],
    )
    .ctx("changing a shelter")?;
    Ok(())
}
