//! The listings the use-cases walk: ids of a district or of the whole roster, the names
//! a worklist shows, the contact lines a drill board shows, and what a person's priority
//! is scored from for the plan and stale worklists. Each is one statement.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{Result, SqlContext};
use crate::model::wareki::age_on;
use crate::model::{CareLevel, HouseholdKind, IntellectualGrade, Mobility, RegistrationRoute};
use crate::priority::Facts;
use crate::store::rows_by_id;

/// Everyone of district `district_id` still on the roster, in 50音 order.
pub(crate) fn in_district(conn: &Connection, district_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.id FROM persons p JOIN person_search s NOT INDEXED ON s.person_id = p.id
             WHERE p.district_id = ?1 AND p.archived_on IS NULL
             ORDER BY s.furigana_key, p.id",
        )
        .ctx("listing a district")?;
    let ids = stmt
        .query_map([district_id], |r| r.get(0))
        .ctx("listing a district")?
        .collect::<rusqlite::Result<Vec<i64>>>()
        .ctx("listing a district");
    ids
}

/// Everyone on the roster (not archived), by id.
pub(crate) fn active_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare("SELECT id FROM persons WHERE archived_on IS NULL ORDER BY id")
        .ctx("listing persons for export")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, i64>(0))
        .ctx("listing persons for export")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("listing persons for export");
    ids
}

/// A person as a worklist line names them.
pub(crate) struct NamedPerson {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) furigana: String,
    pub(crate) district: Option<String>,
    pub(crate) route: RegistrationRoute,
}

/// Everyone on the roster (not archived) by name, in 50音 order.
pub(crate) fn named(conn: &Connection) -> Result<Vec<NamedPerson>> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.name, p.furigana, d.name, p.registration_route
             FROM persons p
             JOIN person_search s NOT INDEXED ON s.person_id = p.id
             LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.archived_on IS NULL
             ORDER BY s.furigana_key, p.id",
        )
        .ctx("reading persons for a worklist")?;
    let rows = stmt
        .query_map([], |r| {
            let route: String = r.get(4)?;
            Ok(NamedPerson {
                id: r.get(0)?,
                name: r.get(1)?,
                furigana: r.get(2)?,
                district: r.get(3)?,
                route: RegistrationRoute::from_token(&route).unwrap_or(RegistrationRoute::Consent),
            })
        })
        .ctx("reading persons for a worklist")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading persons for a worklist")
}

/// What a drill board shows of a person still unknown.
pub(crate) struct Contact {
    pub(crate) name: String,
    pub(crate) address: String,
    pub(crate) address_protected: bool,
    pub(crate) phone: String,
}

/// Name, address and phone of each of `ids`, in one statement.
pub(crate) fn contacts(conn: &Connection, ids: &BTreeSet<i64>) -> Result<BTreeMap<i64, Contact>> {
    rows_by_id(
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

/// A person as the plan and stale worklists weigh them.
pub(crate) struct PlanLine {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) district: Option<String>,
    pub(crate) facts: Facts,
    pub(crate) has_plan: bool,
    pub(crate) supporters: u32,
    pub(crate) last_verified: Option<String>,
    pub(crate) created_at: String,
}

/// Everyone on the roster (not archived) with what their priority is scored from.
pub(crate) fn plan_lines(conn: &Connection, today: NaiveDate) -> Result<Vec<PlanLine>> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.name, d.name, p.date_of_birth, p.care_level, p.physical_disability_grade,
                    p.intellectual_disability_grade, p.mental_disability_grade, p.mobility, p.household,
                    p.flood_zone, p.landslide_zone, p.tsunami_zone,
                    EXISTS (SELECT 1 FROM medical_devices m WHERE m.person_id = p.id AND m.power_dependent = 1),
                    EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = p.id),
                    (SELECT count(*) FROM assignments a WHERE a.person_id = p.id),
                    p.last_verified_on, p.created_at
             FROM persons p LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.archived_on IS NULL ORDER BY p.id",
        )
        .ctx("reading persons for a worklist")?;
    let rows = stmt
        .query_map([], |r| {
            let tok = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let dob: String = r.get(3)?;
            let age = NaiveDate::parse_from_str(&dob, "%Y-%m-%d")
                .map(|d| age_on(d, today))
                .unwrap_or(0);
            Ok(PlanLine {
                id: r.get(0)?,
                name: r.get(1)?,
                district: r.get(2)?,
                facts: Facts {
                    age,
                    care_level: tok(4)?.as_deref().and_then(CareLevel::from_token),
                    physical_grade: r.get(5)?,
                    intellectual: tok(6)?.as_deref().and_then(IntellectualGrade::from_token),
                    mental_grade: r.get(7)?,
                    power_device: r.get(13)?,
                    mobility: tok(8)?.as_deref().and_then(Mobility::from_token),
                    household: tok(9)?.as_deref().and_then(HouseholdKind::from_token),
                    flood: r.get(10)?,
                    landslide: r.get(11)?,
                    tsunami: r.get(12)?,
                },
                has_plan: r.get(14)?,
                supporters: r.get(15)?,
                last_verified: r.get(16)?,
                created_at: r.get(17)?,
            })
        })
        .ctx("reading persons for a worklist")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading persons for a worklist")
}
