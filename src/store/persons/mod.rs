//! Persons and the rows that belong only to them (devices, contacts, household, plan):
//! writing them here, reading them in [`read`], the id and name listings the use-cases
//! walk in [`lists`].

mod lists;
mod read;
pub(crate) mod search;

pub(crate) use lists::*;
pub(crate) use read::{destination_at, person_columns_for, person_from_row, PERSON_COLUMNS};
pub use read::{list, load};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use std::sync::OnceLock;

use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::places::{self, PlaceIds};
use super::search_key::{phone_key, text_key};
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
        ("care_level_until", opt_text(p.care_level_until.as_deref())),
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
    // The column list never changes: its statement is written once per process, not once
    // per person (an import of 500,000 people spent a tenth of its time formatting it).
    static SQL: OnceLock<String> = OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO persons ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        )
    });
    conn.exec(sql, params_from_iter(cols.into_iter().map(|c| c.1)))
        .ctx("adding a person")?;
    let id = conn.last_insert_rowid();
    write_children(conn, id, p, today, Search::New(places.district))?;
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
    static SQL: OnceLock<String> = OnceLock::new();
    let sql = SQL.get_or_init(|| {
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} = ?{}", c.0, i + 1))
            .collect();
        format!(
            "UPDATE persons SET {} WHERE id = ?{}",
            sets.join(", "),
            cols.len() + 1
        )
    });
    let mut values: Vec<Value> = cols.into_iter().map(|c| c.1).collect();
    values.push(Value::Integer(id));
    conn.exec(sql, params_from_iter(values))
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
    write_children(conn, id, p, today, Search::Existing)
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

/// How a person's search row is written.
#[derive(Clone, Copy)]
enum Search {
    /// A person just added (not archived) in this district: a plain one-row insert, which
    /// needs no statement journal.
    New(Option<i64>),
    /// A person already on the roster: the row is replaced, its district and archive state
    /// read from the person.
    Existing,
}

/// `today` is the date in Japan of this write: a new plan's created/updated day.
fn write_children(
    conn: &Connection,
    id: i64,
    p: &Person,
    today: NaiveDate,
    search: Search,
) -> Result<()> {
    let keys = (
        text_key(&p.name),
        text_key(&p.furigana),
        text_key(&p.address),
        format!(
            "{} {}",
            phone_key(&p.phone),
            phone_key(&p.contact.mobile_phone)
        )
        .trim()
        .to_string(),
    );
    // What the roster page filters and sorts on, copied beside the keys (schema v13); the
    // counts of supporters and plans follow their tables by trigger.
    let facets = (
        p.category.token(),
        p.care_level.map(CareLevel::token),
        p.date_of_birth.as_str(),
        p.hazard_zones.flood,
        p.hazard_zones.landslide,
        p.hazard_zones.tsunami,
    );
    match search {
        Search::New(district) => conn.exec(
            "INSERT INTO person_search (person_id, name_key, furigana_key, address_key, phone_key,
                                        district_id, archived, category, care_level, date_of_birth,
                                        flood_zone, landslide_zone, tsunami_zone)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id, keys.0, keys.1, keys.2, keys.3, district, facets.0, facets.1, facets.2,
                facets.3, facets.4, facets.5
            ],
        ),
        Search::Existing => conn.exec(
            "INSERT INTO person_search (person_id, name_key, furigana_key, address_key, phone_key,
                                        district_id, archived, category, care_level, date_of_birth,
                                        flood_zone, landslide_zone, tsunami_zone, supporters, has_plan)
             SELECT ?1, ?2, ?3, ?4, ?5, district_id, archived_on IS NOT NULL, ?6, ?7, ?8, ?9, ?10,
                    ?11, (SELECT count(*) FROM assignments a WHERE a.person_id = ?1),
                    EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = ?1)
             FROM persons WHERE id = ?1
             ON CONFLICT (person_id) DO UPDATE SET name_key = excluded.name_key,
               furigana_key = excluded.furigana_key, address_key = excluded.address_key,
               phone_key = excluded.phone_key, district_id = excluded.district_id,
               archived = excluded.archived, category = excluded.category,
               care_level = excluded.care_level, date_of_birth = excluded.date_of_birth,
               flood_zone = excluded.flood_zone, landslide_zone = excluded.landslide_zone,
               tsunami_zone = excluded.tsunami_zone, supporters = excluded.supporters,
               has_plan = excluded.has_plan",
            params![
                id, keys.0, keys.1, keys.2, keys.3, facets.0, facets.1, facets.2, facets.3,
                facets.4, facets.5
            ],
        ),
    }
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
        if let Some(office) = plan.made_by_office {
            let known: bool = conn
                .row(
                    "SELECT EXISTS (SELECT 1 FROM care_offices WHERE recipient_id = ?1)",
                    [office],
                    |r| r.get(0),
                )
                .ctx("checking a plan's office")?;
            if !known {
                return Err(Error::invalid(
                    "plan.made_by_office",
                    format!("{office} is not a care office (see `yorisoi office list`)"),
                ));
            }
        }
        let today = today.to_string();
        let today = today.as_str();
        conn.exec(
            "INSERT INTO plans (person_id, route, means, departure_timing, warning_contact, warning_method,
                                if_unreachable, drafted_by, drafted_by_role, created_on, updated_on, verified_on,
                                made_by, made_by_office)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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
                plan.made_by.map(PlanMaker::token),
                plan.made_by_office,
            ],
        )
        .ctx("adding a plan")?;
        for (i, d) in plan.destinations.iter().enumerate() {
            write_destination(conn, id, i, d)?;
        }
    }
    Ok(())
}

/// Writes destination `i` (from 0) of person `id`'s plan. One chosen from the registry
/// takes the shelter's name, address and kind (福祉避難所 or 指定避難所); a shelter the
/// registry does not hold is refused naming the field.
fn write_destination(conn: &Connection, id: i64, i: usize, d: &Destination) -> Result<()> {
    let mut d = d.clone();
    if let Some(shelter) = d.shelter_id {
        let found = conn
            .row(
                "SELECT name, address, welfare IS NOT NULL FROM shelters WHERE id = ?1",
                [shelter],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .ctx("reading a destination's shelter")?;
        let Some((name, address, welfare)) = found else {
            return Err(crate::error::ValidationError::new(
                format!("plan.destinations[{i}].shelter_id"),
                format!("names no shelter of the registry ({shelter}); see `shelter list`"),
            )
            .into());
        };
        d.name = name;
        d.address = address;
        d.kind = if welfare {
            DestinationKind::WelfareShelter
        } else {
            DestinationKind::Shelter
        };
    }
    conn.exec(
        "INSERT INTO plan_destinations (person_id, position, kind, name, address, direct_admission)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            i as i64 + 1,
            d.kind.token(),
            d.name,
            d.address,
            d.direct_admission
        ],
    )
    .ctx("adding a destination")?;
    if d.hazard.is_some() || d.shelter_id.is_some() {
        conn.exec(
            "INSERT INTO plan_destination_shelters (destination_id, hazard, shelter_id)
             VALUES (last_insert_rowid(), ?1, ?2)",
            params![
                d.hazard.map(crate::model::shelter::ShelterHazard::token),
                d.shelter_id
            ],
        )
        .ctx("adding a destination")?;
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
        "person_positions",
        "zone_changes",
        "commissions",
        "commission_forms",
        "plan_review_flags",
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

/// Runs `add`, which adds many people in the current transaction (an import, the demo
/// roster), with the search table's triggers set aside — the trigram index's, the
/// supporter and plan counts' and, on a small roster, the facet tally's — and, on a small
/// roster, the indexes it would write at random places ([`SCATTERED_INDEXES`]).
/// At the end it indexes and counts every person it added in one statement each, counts
/// the tally again, and puts the triggers and indexes back — all in the same transaction,
/// so an error or a stop rolls the set-aside back too. `add` must not search the roster.
///
/// Indexing 200,000 people row by row through the trigger took 14.5 s, in one statement
/// 3.0 s (measured 2026-12-06). `add` may add people and change the people it added (their
/// supporters and plan included); it must not change or delete the rows of people who were
/// there before, which the set-aside triggers would have followed (imports keep such
/// changes for review; the demo starts from an empty roster).
pub(crate) fn adding_many<T>(
    tx: &mut super::Tx<'_>,
    add: impl FnOnce(&mut super::Tx<'_>) -> Result<T>,
) -> Result<T> {
    let aside = SetAside::new(tx.conn())?;
    let out = add(tx)?;
    aside.restore(tx.conn())?;
    Ok(out)
}

/// The indexes a bulk addition would write at a random place for each row: the search
/// table's orders, facets and key ends (schema steps 12, 13 and 15), the supporters'
/// side of assignments, the plans' review dates (step 19) and the 要介護認定's ends (step 22). Below [`REBUILD_INDEXES_BELOW`] people they are set aside and built
/// again at the end, one sort each. The other indexes of the tables filled stay: their
/// rows arrive in their order (by person id, or at the end of one of a few groups, such as
/// a consent's recipient or a person's district), so each insert lands on a page already in
/// the cache, where a rebuild would read and sort the whole table again (the demo's 4.4
/// million consent answers: rebuilding their three indexes cost more than it saved).
const SCATTERED_INDEXES: [&str; 12] = [
    "person_search_name",
    "person_search_furigana_facets",
    "person_search_age",
    "person_search_supporters",
    "person_search_facets",
    "person_search_name_end",
    "person_search_furigana_end",
    "person_search_address_end",
    "person_search_furigana",
    "assignments_supporter",
    "plans_review",
    "persons_care_level_until",
];

/// Below this many people on the roster, a bulk addition sets [`SCATTERED_INDEXES`] aside
/// too and builds them again at the end (an import of 500,000 people into a new roster
/// took half as long again with the search table's kept). Above it, rebuilding them for
/// everyone would cost more than keeping them.
const REBUILD_INDEXES_BELOW: i64 = 50_000;

/// The tally of the roster page's facets (schema step 15), counted again from the search
/// rows.
const RECOUNT_TALLY: &str = "DELETE FROM person_search_tally;
    INSERT INTO person_search_tally
    SELECT archived, category, care_level, flood_zone, landslide_zone, tsunami_zone, has_plan,
           min(supporters, 2), district_id, count(*)
    FROM person_search
    GROUP BY archived, category, care_level, flood_zone, landslide_zone, tsunami_zone,
             has_plan, min(supporters, 2), district_id;";

/// The supporter count and plan flag of the search rows of people after `?1` (schema step
/// 13), counted from their assignments and plans: what the set-aside count triggers would
/// have written. A new search row starts at none and no plan.
const COUNT_ADDED: [&str; 2] = [
    "UPDATE person_search SET supporters = c.n
     FROM (SELECT person_id, count(*) AS n FROM assignments WHERE person_id > ?1
           GROUP BY person_id) AS c
     WHERE person_search.person_id = c.person_id AND person_search.supporters <> c.n",
    "UPDATE person_search SET has_plan = 1
     WHERE person_id > ?1 AND has_plan = 0
       AND person_id IN (SELECT person_id FROM plans WHERE person_id > ?1)",
];

/// The triggers (always) and indexes (on a small roster) set aside for the time of a bulk
/// addition.
struct SetAside {
    /// The highest person id with a search row before.
    before: i64,
    /// The triggers' names and their `CREATE TRIGGER` text, as stored.
    triggers: Vec<(String, String)>,
    /// The indexes' names and their `CREATE INDEX` text, as stored.
    indexes: Vec<(String, String)>,
    /// Whether the tally's triggers are among `triggers` (it is counted again at the end:
    /// a trigger's update per person, assignment and plan added cost the 10,300-person
    /// demo a third more time).
    recount: bool,
}

impl SetAside {
    fn new(conn: &Connection) -> Result<SetAside> {
        let before: i64 = conn
            .query_row(
                "SELECT coalesce(max(person_id), 0) FROM person_search",
                [],
                |r| r.get(0),
            )
            .ctx("reading the last search row")?;
        let people: i64 = conn
            .query_row("SELECT count(*) FROM person_search", [], |r| r.get(0))
            .ctx("counting the search rows")?;
        let recount = people < REBUILD_INDEXES_BELOW;
        // The count triggers are on `assignments` and `plans`: each fired an update of the
        // person's search row, and with it a statement journal for every assignment and
        // plan written (a copy of each page it touched, wiped when dropped).
        let triggers: Vec<(String, String)> = conn
            .prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'trigger'
                   AND (name LIKE 'person_search_trigram_%'
                        OR name LIKE 'person_search_supporters_%'
                        OR name LIKE 'person_search_plan_%'
                        OR ?1 AND name LIKE 'person_search_tally_%')",
            )
            .and_then(|mut s| {
                s.query_map([recount], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .ctx("reading the search index's triggers")?;
        for (name, _) in &triggers {
            conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))
                .ctx("setting the search index's triggers aside")?;
        }
        let mut indexes: Vec<(String, String)> = Vec::new();
        if recount {
            let mut stmt = conn
                .prepare(
                    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL",
                )
                .ctx("reading the indexes to set aside")?;
            indexes = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .ctx("reading the indexes to set aside")?;
            indexes.retain(|(name, _)| SCATTERED_INDEXES.contains(&name.as_str()));
            for (name, _) in &indexes {
                conn.execute_batch(&format!("DROP INDEX \"{name}\""))
                    .ctx("setting the indexes aside")?;
            }
        }
        Ok(SetAside {
            before,
            triggers,
            indexes,
            recount,
        })
    }

    fn restore(self, conn: &Connection) -> Result<()> {
        conn.execute(
            "INSERT INTO person_search_trigram (rowid, name_key, furigana_key, address_key, phone_key)
             SELECT person_id, name_key, furigana_key, address_key, phone_key
             FROM person_search WHERE person_id > ?1",
            [self.before],
        )
        .ctx("indexing the people added for search")?;
        for sql in COUNT_ADDED {
            conn.execute(sql, [self.before])
                .ctx("counting the supporters and plans of the people added")?;
        }
        if self.recount {
            conn.execute_batch(RECOUNT_TALLY)
                .ctx("counting the roster page's facets again")?;
        }
        for (_, sql) in &self.triggers {
            conn.execute_batch(sql)
                .ctx("putting the search index's triggers back")?;
        }
        for (_, sql) in &self.indexes {
            conn.execute_batch(sql)
                .ctx("building the indexes set aside again")?;
        }
        Ok(())
    }
}
