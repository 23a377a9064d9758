//! What the shelter checks and the 福祉避難所 matching read: the plans' destinations linked
//! to the registry or to a hazard (`plan_destination_shelters`), and the few columns of a
//! person they are judged by. Never a person's whole record: a city is read in one pass.

use chrono::NaiveDate;
use rusqlite::{Connection, Row};

use crate::error::{Result, SqlContext};
use crate::model::shelter::{ShelterFacts, ShelterHazard};
use crate::model::wareki::age_on;
use crate::model::{CareLevel, Category, IntellectualGrade};

/// The columns of `persons p` that [`judged`] reads, from `p.date_of_birth` on, with the
/// person's zones, household members, position, name and district after them (the lists
/// name the people from the same pass).
const FACTS: &str = "p.date_of_birth, p.category, p.care_level, p.physical_disability_grade,
    p.intellectual_disability_grade, p.mental_disability_grade, p.intractable_disease <> '',
    EXISTS (SELECT 1 FROM medical_devices m WHERE m.person_id = p.id),
    p.flood_zone, p.landslide_zone, p.tsunami_zone,
    (SELECT count(*) FROM household_members h WHERE h.person_id = p.id),
    pp.lon, pp.lat, p.name, (SELECT x.name FROM districts x WHERE x.id = p.district_id)";

/// A person as the checks and the matching judge them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Judged {
    pub(crate) facts: ShelterFacts,
    /// 浸水想定区域, 土砂災害警戒区域, 津波浸水想定区域 (the record's flags).
    pub(crate) zones: [bool; 3],
    /// 同居家族 on the record.
    pub(crate) household: u32,
    /// The home's position (lon, lat), when placed.
    pub(crate) at: Option<(f64, f64)>,
    /// 氏名.
    pub(crate) name: String,
    /// 地区.
    pub(crate) district: Option<String>,
}

fn judged(r: &Row<'_>, at: usize, today: NaiveDate) -> rusqlite::Result<Judged> {
    let dob: String = r.get(at)?;
    let age = NaiveDate::parse_from_str(&dob, "%Y-%m-%d").map_or(0, |d| age_on(d, today));
    let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(at + i) };
    let lon: Option<f64> = r.get(at + 12)?;
    let lat: Option<f64> = r.get(at + 13)?;
    Ok(Judged {
        facts: ShelterFacts {
            age,
            category: text(1)?.as_deref().and_then(Category::from_token),
            care_level: text(2)?.as_deref().and_then(CareLevel::from_token),
            physical_grade: r.get(at + 3)?,
            intellectual_grade: text(4)?.as_deref().and_then(IntellectualGrade::from_token),
            mental_grade: r.get(at + 5)?,
            intractable_disease: r.get(at + 6)?,
            medical_device: r.get(at + 7)?,
        },
        zones: [r.get(at + 8)?, r.get(at + 9)?, r.get(at + 10)?],
        household: r.get(at + 11)?,
        at: lon.zip(lat),
        name: r.get(at + 14)?,
        district: r.get(at + 15)?,
    })
}

/// One destination linked to the registry or to a hazard, of a person not archived.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Linked {
    pub(crate) person_id: i64,
    /// Its place in the plan, from 1.
    pub(crate) position: i64,
    pub(crate) direct: bool,
    pub(crate) hazard: Option<ShelterHazard>,
    pub(crate) shelter_id: Option<i64>,
}

/// Which linked destinations to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// Every one (of everyone, or of one person).
    All(Option<i64>),
    /// Only those agreed for a direct evacuation (the matching's load).
    Direct,
}

/// The linked destinations of everyone not archived (or as `which` says), by person and
/// place, each person's facts beside them.
pub(crate) fn linked(
    conn: &Connection,
    which: Which,
    today: NaiveDate,
) -> Result<Vec<(Linked, Judged)>> {
    let (person, direct) = match which {
        Which::All(person) => (person, false),
        Which::Direct => (None, true),
    };
    let sql = format!(
        "SELECT d.person_id, d.position, d.direct_admission, l.hazard, l.shelter_id, {FACTS}
         FROM plan_destination_shelters l
         JOIN plan_destinations d ON d.id = l.destination_id
         JOIN persons p ON p.id = d.person_id
         LEFT JOIN person_positions pp ON pp.person_id = p.id
         WHERE p.archived_on IS NULL AND (?1 IS NULL OR p.id = ?1)
           AND (?2 = 0 OR (d.direct_admission = 1 AND l.shelter_id IS NOT NULL))
         ORDER BY d.person_id, d.position"
    );
    let mut stmt = conn.prepare(&sql).ctx("reading the plans' shelters")?;
    let rows = stmt
        .query_map(rusqlite::params![person, direct], |r| {
            let hazard: Option<String> = r.get(3)?;
            Ok((
                Linked {
                    person_id: r.get(0)?,
                    position: r.get(1)?,
                    direct: r.get(2)?,
                    hazard: hazard.as_deref().and_then(ShelterHazard::from_token),
                    shelter_id: r.get(4)?,
                },
                judged(r, 5, today)?,
            ))
        })
        .ctx("reading the plans' shelters")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading the plans' shelters")
}

/// Everyone not archived who by the matching's rule needs a 福祉避難所 (a medical device,
/// 要介護4–5, 身体1・2級, 療育手帳A, 精神1級), by id.
pub(crate) fn needing_welfare(conn: &Connection, today: NaiveDate) -> Result<Vec<(i64, Judged)>> {
    let sql = format!(
        "SELECT p.id, {FACTS}
         FROM persons p LEFT JOIN person_positions pp ON pp.person_id = p.id
         WHERE p.archived_on IS NULL
           AND (p.care_level = 'care-4' OR p.care_level = 'care-5'
                OR p.physical_disability_grade <= 2 OR p.intellectual_disability_grade = 'A'
                OR p.mental_disability_grade = 1
                OR p.id IN (SELECT person_id FROM medical_devices))
         ORDER BY p.id"
    );
    let mut stmt = conn.prepare(&sql).ctx("reading who needs a 福祉避難所")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, judged(r, 1, today)?)))
        .ctx("reading who needs a 福祉避難所")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading who needs a 福祉避難所")
}

/// Everyone whose plan names shelter `id` (for any hazard).
pub(crate) fn expected_at(conn: &Connection, id: i64) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT d.person_id FROM plan_destination_shelters l
             JOIN plan_destinations d ON d.id = l.destination_id
             WHERE l.shelter_id = ?1",
        )
        .ctx("reading who is expected at a shelter")?;
    let rows = stmt
        .query_map([id], |r| r.get(0))
        .ctx("reading who is expected at a shelter")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading who is expected at a shelter")
}
