//! Persons and the rows that belong only to them (devices, contacts, household, plan).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::places::{self, PlaceIds};
use super::search_key::{looks_like_phone, phone_key, text_key};
use super::Cached;
use crate::clock::{jst_date, stamp};
use crate::error::{Error, Result, SqlContext};
use crate::model::*;

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

fn flag(b: bool) -> Value {
    Value::Integer(i64::from(b))
}

fn opt_int(i: Option<i64>) -> Value {
    i.map_or(Value::Null, Value::Integer)
}

/// The persons columns written from a document, as (column, value) pairs: one list serves
/// both INSERT and UPDATE, so the two can never disagree.
fn columns(p: &Person, places: PlaceIds) -> Vec<(&'static str, Value)> {
    vec![
        ("resident_number", opt_text(p.resident_number.as_deref())),
        ("name", text(&p.name)),
        ("furigana", text(&p.furigana)),
        ("sex", text(p.sex.token())),
        ("date_of_birth", text(&p.date_of_birth)),
        ("address", text(&p.address)),
        ("address_protected", flag(p.address_protected)),
        ("phone", text(&p.phone)),
        ("mobile_phone", text(&p.contact.mobile_phone)),
        ("fax", text(&p.contact.fax)),
        ("email", text(&p.contact.email)),
        ("district_id", opt_int(places.district)),
        ("association_id", opt_int(places.association)),
        ("block_id", opt_int(places.block)),
        ("welfare_commissioner", text(&p.welfare_commissioner)),
        ("category", text(p.category.token())),
        ("support_reason", text(&p.support_reason)),
        ("care_level", opt_text(p.care_level.map(CareLevel::token))),
        (
            "physical_disability_grade",
            opt_int(p.physical_disability.as_ref().map(|d| i64::from(d.grade))),
        ),
        (
            "physical_disability_type",
            text(
                p.physical_disability
                    .as_ref()
                    .map_or("", |d| d.kind.as_str()),
            ),
        ),
        (
            "intellectual_disability_grade",
            opt_text(
                p.intellectual_disability_grade
                    .map(IntellectualGrade::token),
            ),
        ),
        (
            "mental_disability_grade",
            opt_int(p.mental_disability_grade.map(i64::from)),
        ),
        ("intractable_disease", text(&p.intractable_disease)),
        ("mobility", opt_text(p.mobility.map(Mobility::token))),
        ("household", opt_text(p.household.map(HouseholdKind::token))),
        (
            "house_structure",
            opt_text(p.house.structure.map(HouseStructure::token)),
        ),
        ("house_storeys", opt_int(p.house.storeys.map(i64::from))),
        (
            "house_year_built",
            opt_int(p.house.year_built.map(i64::from)),
        ),
        ("usual_room", text(&p.house.usual_room)),
        ("bedroom_location", text(&p.house.bedroom_location)),
        ("help_needed", text(&p.help_needed)),
        ("items_to_carry", text(&p.items_to_carry)),
        ("allergies", text(&p.allergies)),
        ("regular_clinic", text(&p.regular_clinic)),
        ("notes", text(&p.notes)),
        ("emergency_alarm", flag(p.emergency_alarm)),
        ("flood_zone", flag(p.hazard_zones.flood)),
        ("landslide_zone", flag(p.hazard_zones.landslide)),
        ("tsunami_zone", flag(p.hazard_zones.tsunami)),
        ("registration_route", text(p.registration.route.token())),
        (
            "registration_date",
            opt_text(p.registration.date.as_deref()),
        ),
        ("registration_source", text(&p.registration.source)),
        ("last_verified_on", opt_text(p.last_verified_on.as_deref())),
    ]
}

/// Inserts a validated person with all its own rows; returns the new id.
pub(crate) fn insert(conn: &Connection, p: &Person, now: DateTime<Utc>) -> Result<i64> {
    let today = jst_date(now);
    let now = &stamp(now);
    let places = places::resolve(
        conn,
        p.district.as_deref(),
        p.association.as_deref(),
        p.block.as_deref(),
    )?;
    check_resident_number_free(conn, p.resident_number.as_deref(), None)?;
    let mut cols = columns(p, places);
    cols.push(("created_at", text(now)));
    cols.push(("updated_at", text(now)));
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO persons ({}) VALUES ({})",
        names.join(", "),
        marks.join(", ")
    );
    conn.exec(&sql, params_from_iter(cols.into_iter().map(|c| c.1)))
        .ctx("adding a person")?;
    let id = conn.last_insert_rowid();
    write_children(conn, id, p, today)?;
    Ok(id)
}

/// Replaces the editable content of person `id` with `p` (created, archived and
/// supporters are kept).
pub(crate) fn update(conn: &Connection, id: i64, p: &Person, now: DateTime<Utc>) -> Result<()> {
    let today = jst_date(now);
    let now = &stamp(now);
    ensure_exists(conn, id)?;
    let places = places::resolve(
        conn,
        p.district.as_deref(),
        p.association.as_deref(),
        p.block.as_deref(),
    )?;
    check_resident_number_free(conn, p.resident_number.as_deref(), Some(id))?;
    let mut cols = columns(p, places);
    cols.push(("updated_at", text(now)));
    let sets: Vec<String> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} = ?{}", c.0, i + 1))
        .collect();
    let sql = format!(
        "UPDATE persons SET {} WHERE id = ?{}",
        sets.join(", "),
        cols.len() + 1
    );
    let mut values: Vec<Value> = cols.into_iter().map(|c| c.1).collect();
    values.push(Value::Integer(id));
    conn.exec(&sql, params_from_iter(values))
        .ctx("updating a person")?;
    for table in [
        "medical_devices",
        "communication_needs",
        "emergency_contacts",
        "household_members",
        "plans",
    ] {
        conn.exec(&format!("DELETE FROM {table} WHERE person_id = ?1"), [id])
            .ctx("replacing a person's rows")?;
    }
    write_children(conn, id, p, today)
}

fn check_resident_number_free(
    conn: &Connection,
    number: Option<&str>,
    except: Option<i64>,
) -> Result<()> {
    let Some(number) = number else { return Ok(()) };
    let other: Option<i64> = conn
        .row(
            "SELECT id FROM persons WHERE resident_number = ?1 AND (?2 IS NULL OR id <> ?2)",
            params![number, except],
            |r| r.get(0),
        )
        .optional()
        .ctx("checking the resident number")?;
    match other {
        Some(other) => Err(Error::invalid(
            "resident_number",
            format!("is already used by person {other}"),
        )),
        None => Ok(()),
    }
}

/// `today` is the date in Japan of this write: a new plan's created/updated day.
fn write_children(conn: &Connection, id: i64, p: &Person, today: NaiveDate) -> Result<()> {
    conn.exec(
        "INSERT INTO person_search (person_id, name_key, furigana_key, address_key, phone_key,
                                    district_id, archived)
         SELECT ?1, ?2, ?3, ?4, ?5, district_id, archived_on IS NOT NULL FROM persons WHERE id = ?1
         ON CONFLICT (person_id) DO UPDATE SET name_key = excluded.name_key,
           furigana_key = excluded.furigana_key, address_key = excluded.address_key,
           phone_key = excluded.phone_key, district_id = excluded.district_id,
           archived = excluded.archived",
        params![
            id,
            text_key(&p.name),
            text_key(&p.furigana),
            text_key(&p.address),
            format!(
                "{} {}",
                phone_key(&p.phone),
                phone_key(&p.contact.mobile_phone)
            )
            .trim()
            .to_string()
        ],
    )
    .ctx("indexing a person for search")?;
    for d in &p.medical_devices {
        conn.exec(
            "INSERT INTO medical_devices (person_id, device, power_dependent, note) VALUES (?1, ?2, ?3, ?4)",
            params![id, d.device.token(), d.power_dependent, d.note],
        )
        .ctx("adding a medical device")?;
    }
    for n in &p.communication_needs {
        conn.exec(
            "INSERT INTO communication_needs (person_id, need) VALUES (?1, ?2)",
            params![id, n.token()],
        )
        .ctx("adding a communication need")?;
    }
    for (i, c) in p.emergency_contacts.iter().enumerate() {
        conn.exec(
            "INSERT INTO emergency_contacts (person_id, position, name, relationship, address, phone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, i as i64 + 1, c.name, c.relationship, c.address, c.phone],
        )
        .ctx("adding an emergency contact")?;
    }
    for (i, m) in p.household_members.iter().enumerate() {
        conn.exec(
            "INSERT INTO household_members (person_id, position, name, relationship, age, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, i as i64 + 1, m.name, m.relationship, m.age, m.note],
        )
        .ctx("adding a household member")?;
    }
    if let Some(plan) = &p.plan {
        let today = today.to_string();
        let today = today.as_str();
        conn.exec(
            "INSERT INTO plans (person_id, route, means, departure_timing, warning_contact, warning_method,
                                if_unreachable, drafted_by, drafted_by_role, created_on, updated_on, verified_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id,
                plan.route,
                plan.means.map(EvacuationMeans::token),
                plan.departure_timing,
                plan.warning_contact,
                plan.warning_method.map(WarningMethod::token),
                plan.if_unreachable,
                plan.drafted_by,
                plan.drafted_by_role,
                plan.created_on.as_deref().unwrap_or(today),
                plan.updated_on.as_deref().unwrap_or(today),
                plan.verified_on,
            ],
        )
        .ctx("adding a plan")?;
        for (i, d) in plan.destinations.iter().enumerate() {
            conn.exec(
                "INSERT INTO plan_destinations (person_id, position, kind, name, address, direct_admission)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, i as i64 + 1, d.kind.token(), d.name, d.address, d.direct_admission],
            )
            .ctx("adding a destination")?;
        }
    }
    Ok(())
}

/// Fails with NotFound unless person `id` exists (archived or not).
pub(crate) fn ensure_exists(conn: &Connection, id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .row("SELECT id FROM persons WHERE id = ?1", [id], |r| r.get(0))
        .optional()
        .ctx("looking up a person")?;
    found
        .map(|_| ())
        .ok_or(Error::NotFound { what: "person", id })
}

fn token<T>(r: &Row<'_>, col: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    let v: Option<String> = r.get(col)?;
    Ok(v.as_deref().and_then(parse))
}

fn required<T>(r: &Row<'_>, col: &str, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let v: String = r.get(col)?;
    parse(&v).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, col.to_string(), rusqlite::types::Type::Text)
    })
}

pub(super) fn person_from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    let grade: Option<i64> = r.get("physical_disability_grade")?;
    let archived_on: Option<String> = r.get("archived_on")?;
    let archive_reason = token(r, "archive_reason", ArchiveReason::from_token)?;
    Ok(Person {
        id: Some(r.get("id")?),
        name: r.get("name")?,
        furigana: r.get("furigana")?,
        sex: required(r, "sex", Sex::from_token)?,
        date_of_birth: r.get("date_of_birth")?,
        address: r.get("address")?,
        phone: r.get("phone")?,
        district: r.get("district_name")?,
        association: r.get("association_name")?,
        block: r.get("block_name")?,
        resident_number: r.get("resident_number")?,
        address_protected: r.get("address_protected")?,
        contact: OtherContact {
            mobile_phone: r.get("mobile_phone")?,
            fax: r.get("fax")?,
            email: r.get("email")?,
        },
        welfare_commissioner: r.get("welfare_commissioner")?,
        category: required(r, "category", Category::from_token)?,
        support_reason: r.get("support_reason")?,
        care_level: token(r, "care_level", CareLevel::from_token)?,
        physical_disability: grade
            .map(|g| -> rusqlite::Result<PhysicalDisability> {
                Ok(PhysicalDisability {
                    grade: u8::try_from(g).unwrap_or(0),
                    kind: r.get("physical_disability_type")?,
                })
            })
            .transpose()?,
        intellectual_disability_grade: token(
            r,
            "intellectual_disability_grade",
            IntellectualGrade::from_token,
        )?,
        mental_disability_grade: r.get("mental_disability_grade")?,
        intractable_disease: r.get("intractable_disease")?,
        medical_devices: Vec::new(),
        communication_needs: Vec::new(),
        mobility: token(r, "mobility", Mobility::from_token)?,
        household: token(r, "household", HouseholdKind::from_token)?,
        household_members: Vec::new(),
        emergency_contacts: Vec::new(),
        house: House {
            structure: token(r, "house_structure", HouseStructure::from_token)?,
            storeys: r.get("house_storeys")?,
            year_built: r.get("house_year_built")?,
            usual_room: r.get("usual_room")?,
            bedroom_location: r.get("bedroom_location")?,
        },
        help_needed: r.get("help_needed")?,
        items_to_carry: r.get("items_to_carry")?,
        allergies: r.get("allergies")?,
        regular_clinic: r.get("regular_clinic")?,
        notes: r.get("notes")?,
        emergency_alarm: r.get("emergency_alarm")?,
        hazard_zones: HazardZones {
            flood: r.get("flood_zone")?,
            landslide: r.get("landslide_zone")?,
            tsunami: r.get("tsunami_zone")?,
        },
        registration: Registration {
            route: required(r, "registration_route", RegistrationRoute::from_token)?,
            date: r.get("registration_date")?,
            source: r.get("registration_source")?,
        },
        plan: None,
        last_verified_on: r.get("last_verified_on")?,
        created_at: Some(r.get("created_at")?),
        updated_at: Some(r.get("updated_at")?),
        archived: match (archived_on, archive_reason) {
            (Some(on), Some(reason)) => Some(Archived {
                on,
                reason,
                note: r.get("archive_note")?,
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
            "SELECT p.*, d.name AS district_name, a.name AS association_name, b.name AS block_name
             FROM persons p
             LEFT JOIN districts d ON d.id = p.district_id
             LEFT JOIN associations a ON a.id = p.association_id
             LEFT JOIN blocks b ON b.id = p.block_id
             WHERE p.id = ?1",
            [id],
            person_from_row,
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
    plan.destinations = query(conn, "SELECT kind, name, address, direct_admission FROM plan_destinations WHERE person_id = ?1 ORDER BY position", id, |r| {
        Ok(Destination { kind: required(r, "kind", DestinationKind::from_token)?, name: r.get(1)?, address: r.get(2)?, direct_admission: r.get(3)? })
    })?;
    Ok(Some(plan))
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
    let text = q.text.as_deref().map(text_key).filter(|t| !t.is_empty());
    let phone = q
        .text
        .as_deref()
        .filter(|t| looks_like_phone(t))
        .map(phone_key);
    let district = match q.district.as_deref() {
        Some(name) => Some(places::district_id(conn, name)?.ok_or_else(|| {
            Error::invalid(
                "district",
                "no district has that name (see `yorisoi district list`)",
            )
        })?),
        None => None,
    };
    let limit = q.limit.map_or(-1, |l| l as i64);
    let mut stmt = conn
        .prepare_cached(
            // Filter, sort and limit in the narrow search table first; only the rows
            // returned are read from the wide (and, page by page, decrypted) persons table.
            "SELECT p.id, p.name, p.furigana, p.sex, p.date_of_birth, p.address, p.phone, d.name,
                    p.care_level,
                    (SELECT count(*) FROM assignments a WHERE a.person_id = p.id),
                    p.archived_on IS NOT NULL
             FROM (SELECT person_id, furigana_key FROM person_search
                   WHERE (?1 IS NULL OR instr(name_key, ?1) > 0 OR instr(furigana_key, ?1) > 0
                          OR instr(address_key, ?1) > 0 OR (?2 IS NOT NULL AND instr(phone_key, ?2) > 0))
                     AND (?3 IS NULL OR district_id = ?3)
                     AND (?4 OR archived = 0)
                   ORDER BY furigana_key, person_id
                   LIMIT ?5) s
             CROSS JOIN persons p ON p.id = s.person_id
             LEFT JOIN districts d ON d.id = p.district_id
             ORDER BY s.furigana_key, s.person_id",
        )
        .ctx("searching persons")?;
    let rows = stmt
        .query_map(
            params![text, phone, district, q.include_archived, limit],
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

/// Archives person `id`. Fails if already archived.
pub(crate) fn archive(
    conn: &Connection,
    id: i64,
    reason: ArchiveReason,
    on: &str,
    note: &str,
    now: &str,
) -> Result<()> {
    ensure_exists(conn, id)?;
    let changed = conn
        .exec(
            "UPDATE persons SET archived_on = ?2, archive_reason = ?3, archive_note = ?4, updated_at = ?5
             WHERE id = ?1 AND archived_on IS NULL",
            params![id, on, reason.token(), note, now],
        )
        .ctx("archiving a person")?;
    if changed == 0 {
        return Err(Error::invalid("id", "this person is already archived"));
    }
    set_search_archived(conn, id, true)
}

/// Brings an archived person back onto the roster.
pub(crate) fn restore(conn: &Connection, id: i64, now: &str) -> Result<()> {
    ensure_exists(conn, id)?;
    let changed = conn
        .exec(
            "UPDATE persons SET archived_on = NULL, archive_reason = NULL, archive_note = '', updated_at = ?2
             WHERE id = ?1 AND archived_on IS NOT NULL",
            params![id, now],
        )
        .ctx("restoring a person")?;
    if changed == 0 {
        return Err(Error::invalid("id", "this person is not archived"));
    }
    set_search_archived(conn, id, false)
}

fn set_search_archived(conn: &Connection, id: i64, archived: bool) -> Result<()> {
    conn.exec(
        "UPDATE person_search SET archived = ?2 WHERE person_id = ?1",
        params![id, archived],
    )
    .ctx("indexing a person for search")?;
    Ok(())
}

/// Whether person `id` is archived.
pub(crate) fn is_archived(conn: &Connection, id: i64) -> Result<bool> {
    conn.row(
        "SELECT archived_on IS NOT NULL FROM persons WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading a person")?
    .ok_or(Error::NotFound { what: "person", id })
}

/// Rows that belong to person `id`, by table, for the purge report.
pub(crate) fn owned_row_counts(conn: &Connection, id: i64) -> Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for table in [
        "consents",
        "assignments",
        "emergency_contacts",
        "household_members",
        "medical_devices",
        "communication_needs",
        "plans",
        "plan_destinations",
        "supporter_consents",
        "issuance_persons",
        "letters",
    ] {
        let n: i64 = conn
            .row(
                &format!("SELECT count(*) FROM {table} WHERE person_id = ?1"),
                [id],
                |r| r.get(0),
            )
            .ctx("counting a person's rows")?;
        out.push((table, n));
    }
    Ok(out)
}
