//! みどり市's shelters: a synthetic registry in the 国土地理院's 指定緊急避難場所 layout
//! (`assets/demo/shelters-gsi-emergency.csv`, read by the same reader as any file an
//! officer imports) and four 福祉避難所 entered as an officer would, with capacities set
//! once the people are written so that one has room, one is exactly full and one is over
//! (the fourth is a 協定 one, which takes no direct evacuation). The plans' destinations
//! name them by name; the writer links them.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::town::WELFARE_SHELTERS;
use crate::error::{Result, SqlContext};
use crate::io::shelters::read_registry;
use crate::io::{table, Format, TextEncoding};
use crate::model::shelter::{AcceptedGroup, NewShelter, WelfareKind};
use crate::store::shelters;

/// The registry file the demo imports (and an officer may import again: it holds the
/// same shelters).
pub(super) const REGISTRY: &[u8] = include_bytes!("../../assets/demo/shelters-gsi-emergency.csv");

/// For each 福祉避難所 of [`WELFARE_SHELTERS`]: its standing, whom it accepts, the family
/// who may come, what it has, and its capacity as a share of the load agreed with it (in
/// hundredths: 125 has room, 100 is full, 80 is over).
const WELFARE: [(WelfareKind, &[AcceptedGroup], u32, &str, u32); 4] = [
    (
        WelfareKind::Designated,
        &[AcceptedGroup::Elderly],
        1,
        "介護ベッド;非常用電源",
        125,
    ),
    (
        WelfareKind::Designated,
        &[AcceptedGroup::Elderly, AcceptedGroup::MedicalCare],
        1,
        "介護ベッド;酸素;非常用電源",
        100,
    ),
    (
        WelfareKind::Designated,
        &[AcceptedGroup::Disabled, AcceptedGroup::DisabledChild],
        1,
        "車いす用トイレ;静養室",
        80,
    ),
    (
        WelfareKind::Agreement,
        &[AcceptedGroup::DisabledChild, AcceptedGroup::Disabled],
        2,
        "静養室",
        200,
    ),
];

/// Writes the registry and the 福祉避難所; returns each shelter's id by name.
pub(super) fn add(conn: &Connection, at: &str) -> Result<HashMap<String, i64>> {
    let table = table::read(REGISTRY, Format::Csv, TextEncoding::Auto)?;
    let file = read_registry(&table, Some("みどり市"))?;
    let mut ids = HashMap::new();
    for e in &file.entries {
        let id = shelters::apply(conn, None, e, file.layout, at)?;
        ids.insert(e.name.clone(), id);
    }
    for ((name, address), (welfare, groups, family, equipment, _)) in
        WELFARE_SHELTERS.iter().zip(WELFARE)
    {
        let s = NewShelter {
            name: (*name).to_string(),
            address: format!("静岡県{address}"),
            welfare: Some(welfare),
            groups: groups.to_vec(),
            family,
            // Set once the people are written (`set_capacities`).
            capacity: Some(0),
            contact: "0990-00-1234".into(),
            equipment: equipment.split(';').map(String::from).collect(),
            hazards: Vec::new(),
            lat: None,
            lon: None,
            note: "架空のデータ（デモ用）".into(),
        };
        ids.insert(s.name.clone(), shelters::insert(conn, &s, at)?);
    }
    Ok(ids)
}

/// Sets each 福祉避難所's capacity from the load agreed with it (the people whose plans
/// name it for a direct evacuation, and one family member each where they live with
/// someone): a share of it, at least five.
pub(super) fn set_capacities(conn: &Connection, ids: &HashMap<String, i64>) -> Result<()> {
    for ((name, _), (.., share)) in WELFARE_SHELTERS.iter().zip(WELFARE) {
        let Some(id) = ids.get(*name) else { continue };
        let load: i64 = conn
            .query_row(
                "SELECT count(*) + coalesce(sum(min(s.family,
                        (SELECT count(*) FROM household_members h WHERE h.person_id = x.person_id))), 0)
                 FROM (SELECT DISTINCT d.person_id FROM plan_destination_shelters l
                       JOIN plan_destinations d ON d.id = l.destination_id
                       JOIN persons p ON p.id = d.person_id
                       WHERE l.shelter_id = ?1 AND d.direct_admission = 1
                         AND p.archived_on IS NULL) x,
                      shelters s
                 WHERE s.id = ?1",
                [id],
                |r| r.get(0),
            )
            .ctx("counting a 福祉避難所's load")?;
        let capacity = (load * i64::from(share) / 100).max(5);
        conn.execute(
            "UPDATE shelters SET capacity = ?2 WHERE id = ?1",
            params![id, capacity],
        )
        .ctx("setting a 福祉避難所's capacity")?;
    }
    Ok(())
}
