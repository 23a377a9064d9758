//! Reading a person back: the whole record with its rows, and the filtered list.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::search::{Candidates, Fragment};
use crate::error::{Error, Result, SqlContext};
use crate::model::*;
use crate::policy::{Field, FieldSet};
use crate::store::{places, Cached};

use crate::store::facts::{opt_token, parse_token};
use crate::store::rows::Columns;

/// The columns [`person_from_row`] reads, in its order, from `persons p` left-joined to
/// `districts d`, `associations a` and `blocks b` (see [`PERSON_FROM`]). Read by position:
/// looking 50 columns up by name costs more than reading them, for a list of 500,000.
pub(crate) const PERSON_COLUMNS: &str = "p.id, p.name, p.furigana, p.sex, p.date_of_birth,
    p.address, p.phone, d.name, a.name, b.name, p.resident_number, p.address_protected,
    p.mobile_phone, p.fax, p.email, p.welfare_commissioner, p.category, p.support_reason,
    p.care_level, p.care_level_until, p.physical_disability_grade, p.physical_disability_type,
    p.intellectual_disability_grade, p.mental_disability_grade, p.intractable_disease,
    p.mobility, p.household, p.house_structure, p.house_storeys, p.house_year_built,
    p.usual_room, p.bedroom_location, p.help_needed, p.items_to_carry, p.allergies,
    p.regular_clinic, p.notes, p.emergency_alarm, p.flood_zone, p.landslide_zone,
    p.tsunami_zone, p.registration_route, p.registration_date, p.registration_source,
    p.last_verified_on, p.created_at, p.updated_at, p.archived_on, p.archive_reason,
    p.archive_note";

/// How many columns [`PERSON_COLUMNS`] has: a query's own columns follow them.
pub(crate) const PERSON_COLUMN_COUNT: usize = 50;

/// [`PERSON_COLUMNS`] one by one: the column, and what stands in for it when no field to
/// be shown needs it (`None`: always read), with the fields shown from it.
const PERSON_COLUMN_USES: [(&str, Option<&str>, &[Field]); PERSON_COLUMN_COUNT] = [
    ("p.id", None, &[]),
    ("p.name", None, &[]),
    ("p.furigana", None, &[]),
    ("p.sex", None, &[]),
    ("p.date_of_birth", None, &[]),
    ("p.address", None, &[]),
    ("p.phone", None, &[]),
    ("d.name", None, &[]),
    ("a.name", None, &[]),
    ("b.name", None, &[]),
    ("p.resident_number", Some("NULL"), &[]),
    ("p.address_protected", None, &[]),
    ("p.mobile_phone", Some("''"), &[Field::MobilePhone]),
    ("p.fax", Some("''"), &[Field::Fax]),
    ("p.email", Some("''"), &[Field::Email]),
    (
        "p.welfare_commissioner",
        Some("''"),
        &[Field::WelfareCommissioner],
    ),
    ("p.category", None, &[]),
    ("p.support_reason", Some("''"), &[Field::SupportReason]),
    ("p.care_level", Some("NULL"), &[Field::CareLevel]),
    ("p.care_level_until", Some("NULL"), &[]),
    (
        "p.physical_disability_grade",
        Some("NULL"),
        &[Field::Disabilities],
    ),
    (
        "p.physical_disability_type",
        Some("''"),
        &[Field::Disabilities],
    ),
    (
        "p.intellectual_disability_grade",
        Some("NULL"),
        &[Field::Disabilities],
    ),
    (
        "p.mental_disability_grade",
        Some("NULL"),
        &[Field::Disabilities],
    ),
    ("p.intractable_disease", Some("''"), &[Field::Disabilities]),
    ("p.mobility", Some("NULL"), &[Field::Mobility]),
    ("p.household", Some("NULL"), &[Field::Household]),
    ("p.house_structure", Some("NULL"), &[Field::House]),
    ("p.house_storeys", Some("NULL"), &[Field::House]),
    ("p.house_year_built", Some("NULL"), &[Field::House]),
    ("p.usual_room", Some("''"), &[Field::House]),
    ("p.bedroom_location", Some("''"), &[Field::House]),
    ("p.help_needed", Some("''"), &[Field::HelpNeeded]),
    ("p.items_to_carry", Some("''"), &[Field::ItemsToCarry]),
    ("p.allergies", Some("''"), &[Field::Allergies]),
    ("p.regular_clinic", Some("''"), &[Field::RegularClinic]),
    ("p.notes", Some("''"), &[Field::Notes]),
    ("p.emergency_alarm", Some("0"), &[Field::EmergencyAlarm]),
    ("p.flood_zone", Some("0"), &[Field::HazardZones]),
    ("p.landslide_zone", Some("0"), &[Field::HazardZones]),
    ("p.tsunami_zone", Some("0"), &[Field::HazardZones]),
    ("p.registration_route", None, &[]),
    ("p.registration_date", Some("NULL"), &[]),
    ("p.registration_source", Some("''"), &[]),
    ("p.last_verified_on", Some("NULL"), &[]),
    ("p.created_at", Some("''"), &[]),
    ("p.updated_at", Some("''"), &[]),
    ("p.archived_on", None, &[]),
    ("p.archive_reason", None, &[]),
    ("p.archive_note", Some("''"), &[]),
];

/// [`PERSON_COLUMNS`] with only the columns `shown` is shown from read (and those every
/// list needs); each other column is its empty value, so [`person_from_row`] reads the
/// row as ever. A list of the whole town reads a few short columns, not 50.
pub(crate) fn person_columns_for(shown: FieldSet) -> String {
    PERSON_COLUMN_USES
        .iter()
        .map(|(column, empty, fields)| match empty {
            Some(empty) if !fields.iter().any(|f| shown.contains(*f)) => *empty,
            _ => *column,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tables [`PERSON_COLUMNS`] names.
const PERSON_FROM: &str = "persons p
    LEFT JOIN districts d ON d.id = p.district_id
    LEFT JOIN associations a ON a.id = p.association_id
    LEFT JOIN blocks b ON b.id = p.block_id";

fn required<T>(r: &Row<'_>, col: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let v: String = r.get(col)?;
    parse(&v).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, col.to_string(), rusqlite::types::Type::Text)
    })
}

fn token<T>(r: &Row<'_>, col: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    let v: Option<String> = r.get(col)?;
    Ok(v.as_deref().and_then(parse))
}

/// A person from a row that starts with [`PERSON_COLUMNS`].
pub(crate) fn person_from_row(r: &impl Columns) -> rusqlite::Result<Person> {
    // Each read takes the next column: the statements below are in PERSON_COLUMNS' order.
    let mut column = 0..PERSON_COLUMN_COUNT;
    let mut next = || column.next().expect("PERSON_COLUMN_COUNT columns");
    let id = r.get(next())?;
    let name = r.get(next())?;
    let furigana = r.get(next())?;
    let sex = parse_token(r, next(), Sex::from_token)?;
    let date_of_birth = r.get(next())?;
    let address = r.get(next())?;
    let phone = r.get(next())?;
    let district = r.get(next())?;
    let association = r.get(next())?;
    let block = r.get(next())?;
    let resident_number = r.get(next())?;
    let address_protected = r.get(next())?;
    let contact = OtherContact {
        mobile_phone: r.get(next())?,
        fax: r.get(next())?,
        email: r.get(next())?,
    };
    let welfare_commissioner = r.get(next())?;
    let category = parse_token(r, next(), Category::from_token)?;
    let support_reason = r.get(next())?;
    let care_level = opt_token(r, next(), CareLevel::from_token)?;
    let care_level_until = r.get(next())?;
    let grade: Option<i64> = r.get(next())?;
    let physical_disability_type: Option<String> = r.get(next())?;
    let intellectual_disability_grade = opt_token(r, next(), IntellectualGrade::from_token)?;
    let mental_disability_grade = r.get(next())?;
    let intractable_disease = r.get(next())?;
    let mobility = opt_token(r, next(), Mobility::from_token)?;
    let household = opt_token(r, next(), HouseholdKind::from_token)?;
    let house = House {
        structure: opt_token(r, next(), HouseStructure::from_token)?,
        storeys: r.get(next())?,
        year_built: r.get(next())?,
        usual_room: r.get(next())?,
        bedroom_location: r.get(next())?,
    };
    let help_needed = r.get(next())?;
    let items_to_carry = r.get(next())?;
    let allergies = r.get(next())?;
    let regular_clinic = r.get(next())?;
    let notes = r.get(next())?;
    let emergency_alarm = r.get(next())?;
    let hazard_zones = HazardZones {
        flood: r.get(next())?,
        landslide: r.get(next())?,
        tsunami: r.get(next())?,
    };
    let registration = Registration {
        route: parse_token(r, next(), RegistrationRoute::from_token)?,
        date: r.get(next())?,
        source: r.get(next())?,
    };
    let last_verified_on = r.get(next())?;
    let created_at = r.get(next())?;
    let updated_at = r.get(next())?;
    let archived_on: Option<String> = r.get(next())?;
    let archive_reason = opt_token(r, next(), ArchiveReason::from_token)?;
    let archive_note = r.get(next())?;
    Ok(Person {
        id: Some(id),
        name,
        furigana,
        sex,
        date_of_birth,
        address,
        phone,
        district,
        association,
        block,
        resident_number,
        address_protected,
        contact,
        welfare_commissioner,
        category,
        support_reason,
        care_level,
        care_level_until,
        physical_disability: grade.map(|g| PhysicalDisability {
            grade: u8::try_from(g).unwrap_or(0),
            kind: physical_disability_type.unwrap_or_default(),
        }),
        intellectual_disability_grade,
        mental_disability_grade,
        intractable_disease,
        medical_devices: Vec::new(),
        communication_needs: Vec::new(),
        mobility,
        household,
        household_members: Vec::new(),
        emergency_contacts: Vec::new(),
        house,
        help_needed,
        items_to_carry,
        allergies,
        regular_clinic,
        notes,
        emergency_alarm,
        hazard_zones,
        registration,
        plan: None,
        last_verified_on,
        created_at: Some(created_at),
        updated_at: Some(updated_at),
        archived: match (archived_on, archive_reason) {
            (Some(on), Some(reason)) => Some(Archived {
                on,
                reason,
                note: archive_note,
            }),
            _ => None,
        },
        supporters: Vec::new(),
    })
}

/// Loads person `id` with everything that belongs to them.
pub fn load(conn: &Connection, id: i64) -> Result<Person> {
    let mut p = conn
        .row(
            &format!("SELECT {PERSON_COLUMNS} FROM {PERSON_FROM} WHERE p.id = ?1"),
            [id],
            |r| person_from_row(r),
        )
        .optional()
        .ctx("loading a person")?
        .ok_or(Error::NotFound { what: "person", id })?;
    p.medical_devices = query(conn, "SELECT device, power_dependent, note FROM medical_devices WHERE person_id = ?1 ORDER BY id", id, |r| {
        Ok(MedicalDevice { device: required(r, "device", MedicalDeviceKind::from_token)?, power_dependent: r.get(1)?, note: r.get(2)? })
    })?;
    p.communication_needs = query(
        conn,
        "SELECT need FROM communication_needs WHERE person_id = ?1 ORDER BY need",
        id,
        |r| required(r, "need", CommunicationNeed::from_token),
    )?;
    p.emergency_contacts = query(conn, "SELECT name, relationship, address, phone FROM emergency_contacts WHERE person_id = ?1 ORDER BY position", id, |r| {
        Ok(EmergencyContact { name: r.get(0)?, relationship: r.get(1)?, address: r.get(2)?, phone: r.get(3)? })
    })?;
    p.household_members = query(conn, "SELECT name, relationship, age, note FROM household_members WHERE person_id = ?1 ORDER BY position", id, |r| {
        Ok(HouseholdMember { name: r.get(0)?, relationship: r.get(1)?, age: r.get(2)?, note: r.get(3)? })
    })?;
    p.plan = load_plan(conn, id)?;
    p.supporters = query(
        conn,
        "SELECT s.id, a.position, a.role, s.name, s.kind, s.phone, s.available_day, s.available_night
         FROM assignments a JOIN supporters s ON s.id = a.supporter_id
         WHERE a.person_id = ?1 ORDER BY a.position",
        id,
        |r| {
            Ok(AssignedSupporter {
                supporter_id: r.get(0)?,
                position: r.get(1)?,
                role: r.get(2)?,
                name: r.get(3)?,
                kind: required(r, "kind", SupporterKind::from_token)?,
                phone: r.get(5)?,
                available_day: r.get(6)?,
                available_night: r.get(7)?,
            })
        },
    )?;
    Ok(p)
}

fn load_plan(conn: &Connection, id: i64) -> Result<Option<Plan>> {
    let plan = conn
        .row("SELECT * FROM plans WHERE person_id = ?1", [id], |r| {
            Ok(Plan {
                destinations: Vec::new(),
                route: r.get("route")?,
                means: token(r, "means", EvacuationMeans::from_token)?,
                departure_timing: r.get("departure_timing")?,
                warning_contact: r.get("warning_contact")?,
                warning_method: token(r, "warning_method", WarningMethod::from_token)?,
                if_unreachable: r.get("if_unreachable")?,
                made_by: token(r, "made_by", PlanMaker::from_token)?,
                made_by_office: r.get("made_by_office")?,
                drafted_by: r.get("drafted_by")?,
                drafted_by_role: r.get("drafted_by_role")?,
                created_on: r.get("created_on")?,
                updated_on: r.get("updated_on")?,
                verified_on: r.get("verified_on")?,
            })
        })
        .optional()
        .ctx("loading a plan")?;
    let Some(mut plan) = plan else {
        return Ok(None);
    };
    plan.destinations = query(conn, DESTINATIONS, id, destination)?;
    Ok(Some(plan))
}

/// A person's destinations, with the registry's name and address for a shelter chosen
/// from it (the registry may have renamed it since).
const DESTINATIONS: &str =
    "SELECT d.kind, coalesce(s.name, d.name), coalesce(s.address, d.address),
        d.direct_admission, l.hazard, l.shelter_id
    FROM plan_destinations d
    LEFT JOIN plan_destination_shelters l ON l.destination_id = d.id
    LEFT JOIN shelters s ON s.id = l.shelter_id
    WHERE d.person_id = ?1 ORDER BY d.position";

/// One row of [`DESTINATIONS`] (or of a query with the same columns after a first one).
pub(crate) fn destination_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Destination> {
    let token = |i: usize| -> rusqlite::Result<Option<String>> { r.get(at + i) };
    let bad = |i: usize, t: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            at + i,
            rusqlite::types::Type::Text,
            format!("unknown token {t:?}").into(),
        )
    };
    let kind = token(0)?.unwrap_or_default();
    let hazard = match token(4)? {
        None => None,
        Some(t) => {
            Some(crate::model::shelter::ShelterHazard::from_token(&t).ok_or_else(|| bad(4, &t))?)
        }
    };
    Ok(Destination {
        kind: DestinationKind::from_token(&kind).ok_or_else(|| bad(0, &kind))?,
        name: r.get(at + 1)?,
        address: r.get(at + 2)?,
        direct_admission: r.get(at + 3)?,
        hazard,
        shelter_id: r.get(at + 5)?,
    })
}

fn destination(r: &Row<'_>) -> rusqlite::Result<Destination> {
    destination_at(r, 0)
}

fn query<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).ctx("loading a person's rows")?;
    let rows = stmt.query_map([id], f).ctx("loading a person's rows")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("loading a person's rows")
}

/// Lists persons matching `q`, in 50音 order of their furigana.
pub fn list(
    conn: &Connection,
    q: &PersonQuery,
    today: chrono::NaiveDate,
) -> Result<Vec<PersonSummary>> {
    let fragment = q.text.as_deref().and_then(Fragment::of);
    let district = match q.district.as_deref() {
        Some(name) => Some(places::known_district_id(conn, name)?),
        None => None,
    };
    let candidates = match &fragment {
        Some(f) => Candidates::find(conn, f, q.limit.map(Candidates::cap))?,
        None => Candidates::Walk,
    };
    let (text, phone) = fragment.map_or((None, None), |f| (f.text, f.phone));
    let keys = Keys {
        text,
        phone,
        district,
        include_archived: q.include_archived,
    };
    match candidates {
        Candidates::Walk => rows(conn, &keys, None, q.limit, today),
        Candidates::Ids(ids) => {
            // The candidates in 50音 order, from the narrow index on (id, reading), and
            // then tested a run at a time in that order: the first `limit` matches are
            // among the runs tested so far, so only about a page of whole search rows is
            // read, not one for each candidate.
            let ordered = in_order(conn, &ids, &keys)?;
            let Some(limit) = q.limit else {
                return rows(conn, &keys, Some(&ordered), None, today);
            };
            let mut out = Vec::new();
            for run in ordered.chunks(limit.max(RUN)) {
                out.extend(rows(
                    conn,
                    &keys,
                    Some(run),
                    Some(limit - out.len()),
                    today,
                )?);
                if out.len() >= limit {
                    break;
                }
            }
            Ok(out)
        }
    }
}

/// Candidates tested at a time, at least.
const RUN: usize = 256;

/// What a search tests, besides the candidates.
struct Keys {
    text: Option<String>,
    phone: Option<String>,
    district: Option<i64>,
    include_archived: bool,
}

/// `ids` in 50音 order (reading, then id), those outside the district or archived (unless
/// asked for) left out.
fn in_order(conn: &Connection, ids: &[i64], keys: &Keys) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT person_id FROM person_search INDEXED BY person_search_order
             WHERE person_id IN (SELECT value FROM json_each(?1))
               AND (?2 IS NULL OR district_id = ?2) AND (?3 OR archived = 0)
             ORDER BY furigana_key, person_id",
        )
        .ctx("searching persons")?;
    let ordered = stmt
        .query_map(
            params![
                crate::store::id_list(ids),
                keys.district,
                keys.include_archived
            ],
            |r| r.get(0),
        )
        .ctx("searching persons")?
        .collect::<rusqlite::Result<Vec<i64>>>()
        .ctx("searching persons");
    ordered
}

/// The people matching `keys` (among `ids` when given), in 50音 order, at most `limit`.
fn rows(
    conn: &Connection,
    keys: &Keys,
    ids: Option<&[i64]>,
    limit: Option<usize>,
    today: chrono::NaiveDate,
) -> Result<Vec<PersonSummary>> {
    let limit = limit.map_or(-1, |l| l as i64);
    // Filter, sort and limit in the narrow search table first; only the rows returned are
    // read from the wide (and, page by page, decrypted) persons table. The test on the
    // keys is the same either way; the candidates only spare it rows that cannot match.
    let (source, ids) = match ids {
        Some(ids) => (
            "person_search NOT INDEXED WHERE person_id IN (SELECT value FROM json_each(?6)) AND",
            Some(crate::store::id_list(ids)),
        ),
        None => (
            "person_search INDEXED BY person_search_furigana WHERE ?6 IS NULL AND",
            None,
        ),
    };
    let (text, phone, district) = (&keys.text, &keys.phone, keys.district);
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT p.id, p.name, p.furigana, p.sex, p.date_of_birth, p.address, p.phone, d.name,
                    p.care_level,
                    (SELECT count(*) FROM assignments a WHERE a.person_id = p.id),
                    p.archived_on IS NOT NULL
             FROM (SELECT person_id, furigana_key FROM {source}
                   (?1 IS NULL OR instr(name_key, ?1) > 0 OR instr(furigana_key, ?1) > 0
                          OR instr(address_key, ?1) > 0 OR (?2 IS NOT NULL AND instr(phone_key, ?2) > 0))
                     AND (?3 IS NULL OR district_id = ?3)
                     AND (?4 OR archived = 0)
                   ORDER BY furigana_key, person_id
                   LIMIT ?5) s
             CROSS JOIN persons p ON p.id = s.person_id
             LEFT JOIN districts d ON d.id = p.district_id
             ORDER BY s.furigana_key, s.person_id"
        ))
        .ctx("searching persons")?;
    let rows = stmt
        .query_map(
            params![text, phone, district, keys.include_archived, limit, ids],
            |r| {
                Ok(PersonSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    furigana: r.get(2)?,
                    sex: required(r, "sex", Sex::from_token)?,
                    age: chrono::NaiveDate::parse_from_str(&r.get::<_, String>(4)?, "%Y-%m-%d")
                        .map_or(0, |dob| crate::model::wareki::age_on(dob, today)),
                    date_of_birth: r.get(4)?,
                    address: r.get(5)?,
                    phone: r.get(6)?,
                    district: r.get(7)?,
                    care_level: token(r, "care_level", CareLevel::from_token)?,
                    supporters: r.get(9)?,
                    archived: r.get(10)?,
                })
            },
        )
        .ctx("searching persons")?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .ctx("searching persons")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_uses_are_the_person_columns_in_order() {
        let uses: Vec<&str> = PERSON_COLUMN_USES.iter().map(|c| c.0).collect();
        let columns: Vec<&str> = PERSON_COLUMNS.split(',').map(str::trim).collect();
        assert_eq!(uses, columns);
        // Every field shown reads its columns; nothing shown reads only what every list
        // needs.
        let all = person_columns_for(FieldSet::all());
        let none = person_columns_for(FieldSet::EMPTY);
        assert!(all.contains("p.notes") && all.contains("p.house_structure"));
        assert!(!none.contains("p.notes") && !none.contains("p.mobile_phone"));
        assert!(none.contains("p.address_protected") && none.contains("p.archived_on"));
        assert_eq!(none.split(", ").count(), PERSON_COLUMN_COUNT);
    }
}
