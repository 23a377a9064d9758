//! Bulk reads for a list: every person of a cut, their consents and (only when the list's
//! fields need them) their own rows — one query per table, never one per person, so a list
//! of 100,000 people costs a handful of statements.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, Row};

use crate::error::{Result, SqlContext};
use crate::model::*;
use crate::policy::consent::parse_iso;
use crate::policy::{ConsentFact, FieldSet};
use crate::store::persons::{self, PERSON_COLUMNS};
use crate::store::rows::{Batch, Columns};

/// Who a list is drawn from: the people on the roster (not archived), in district ?1 or
/// in all districts when ?1 is NULL, and in the 自治会 called ?2 (of that district) when
/// ?2 is not NULL.
const CUT: &str = "p.archived_on IS NULL AND (?1 IS NULL OR p.district_id = ?1)
                   AND (?2 IS NULL OR a.name = ?2)";

/// Every person on the roster (not archived) in `district` (all when `None`) and, when
/// given, its 自治会 `association`, in the order lists use (50音 of the furigana), each
/// with whether they have a plan, as `each` makes of them. With `person`, only that
/// person, if they are in the area.
///
/// `shown`: when given, only the columns those fields are shown from (and the few every
/// list needs: id, name, ふりがな, sex, birth date, address, phone, district, 自治会, 班,
/// address protection, category, archive) are read; the others hold their column's
/// empty value. The whole main row otherwise.
///
/// The order comes from the narrow search table's 50音 index; the wide rows are read in
/// the table's own order, and each goes straight to its place. Sorting the wide rows
/// themselves (one query joining the two tables) held every record of the town in
/// SQLite's sorter.
///
/// The records are built, and `each` called, on a second thread while this one reads the
/// rows (the connection stays on this thread): `each` may keep what it makes of a record
/// and drop the record there.
pub(crate) fn persons<T: Send>(
    conn: &Connection,
    district: Option<i64>,
    association: Option<&str>,
    person: Option<i64>,
    shown: Option<FieldSet>,
    mut each: impl FnMut(Person, bool) -> T + Send,
) -> Result<Vec<T>> {
    let places = Places::read(conn, district, person)?;
    let columns = match shown {
        Some(fields) => persons::person_columns_for(fields),
        None => PERSON_COLUMNS.to_string(),
    };
    let only = if person.is_some() {
        " AND p.id = ?3"
    } else {
        ""
    };
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {columns}
             FROM persons p
             LEFT JOIN districts d ON d.id = p.district_id
             LEFT JOIN associations a ON a.id = p.association_id
             LEFT JOIN blocks b ON b.id = p.block_id
             WHERE {CUT}{only}"
        ))
        .ctx("reading persons for a list")?;
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&district, &association];
    args.extend(person.as_ref().map(|id| id as &dyn rusqlite::ToSql));
    let mut rows = stmt
        .query(args.as_slice())
        .ctx("reading persons for a list")?;
    let width = rows.as_ref().map_or(0, rusqlite::Statement::column_count);
    // This thread reads the pages and copies the rows of the people on the list out, a
    // batch at a time; another builds each record and makes `each` of it: SQLite's work
    // and the records' share the two cores.
    std::thread::scope(|scope| {
        let (send, batches) = std::sync::mpsc::sync_channel::<Batch<(u32, bool)>>(4);
        let worker = scope.spawn(move || -> rusqlite::Result<(Vec<T>, Vec<u32>)> {
            // Grown as rows come (not sized for the whole town: a district's list is a
            // seventh).
            let mut out: Vec<T> = Vec::new();
            let mut at: Vec<u32> = Vec::new();
            for batch in batches {
                for k in 0..batch.len() {
                    let (row, (place, has_plan)) = batch.row(k);
                    out.push(each(persons::person_from_row(&row)?, has_plan));
                    at.push(place);
                }
            }
            Ok((out, at))
        });
        let read = (|| -> rusqlite::Result<()> {
            let mut batch = Batch::new(width, BATCH);
            while let Some(r) = rows.next()? {
                // Someone without a search row is on no list, as with the join this
                // replaces.
                if let Some(tag) = places.get(r.get(0)?) {
                    batch.push(r, tag)?;
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Batch::new(width, BATCH));
                        if send.send(full).is_err() {
                            // The worker stopped at a row it could not read: its error
                            // is the one to give.
                            return Ok(());
                        }
                    }
                }
            }
            if batch.len() > 0 {
                let _ = send.send(batch);
            }
            Ok(())
        })();
        drop(send);
        let built = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.ctx("reading persons for a list")?;
        let (mut out, at) = built.ctx("reading persons for a list")?;
        in_order(&mut out, &at);
        Ok(out)
    })
}

/// Rows handed from the reading thread to the one building the records at a time.
const BATCH: usize = 256;

/// Puts `items` in the order of their places `at` (distinct), in place: a list of the
/// whole town is never held twice.
fn in_order<T>(items: &mut [T], at: &[u32]) {
    // rank[k]: where item k goes.
    let mut by_place: Vec<usize> = (0..items.len()).collect();
    by_place.sort_unstable_by_key(|&k| at[k]);
    let mut rank = vec![0; items.len()];
    for (r, &k) in by_place.iter().enumerate() {
        rank[k] = r;
    }
    for i in 0..items.len() {
        while rank[i] != i {
            let j = rank[i];
            items.swap(i, j);
            rank.swap(i, j);
        }
    }
}

/// Each person's place in the order lists use and whether they have a plan, from the
/// search table alone (its 50音 index on the people on the roster covers both, schema
/// step 15). By id in a vector when the ids are dense enough (at most 128 bytes a person),
/// as a roster's are; a map otherwise.
enum Places {
    Dense(Vec<Option<(u32, bool)>>),
    Sparse(HashMap<i64, (u32, bool)>),
}

impl Places {
    /// The people on the roster in `district` (all when `None`), or only `person`.
    fn read(conn: &Connection, district: Option<i64>, person: Option<i64>) -> Result<Places> {
        let sql = match person {
            // One person (a plan sheet of one): their row alone, read by its key.
            Some(_) => "SELECT person_id, has_plan FROM person_search WHERE person_id = ?1",
            None => {
                "SELECT person_id, has_plan FROM person_search
                 INDEXED BY person_search_furigana_facets
                 WHERE archived = 0 AND (?1 IS NULL OR district_id = ?1)
                 ORDER BY furigana_key, person_id"
            }
        };
        let mut stmt = conn.prepare_cached(sql).ctx("reading persons for a list")?;
        let key = person.or(district);
        let order = stmt
            .query_map([key], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))
            .ctx("reading persons for a list")?
            .collect::<rusqlite::Result<Vec<(i64, bool)>>>()
            .ctx("reading persons for a list")?;
        let top = order.iter().map(|&(id, _)| id).max().unwrap_or(0);
        let dense = order.iter().all(|&(id, _)| id > 0)
            && usize::try_from(top).is_ok_and(|top| top <= 16 * order.len());
        let places = order
            .into_iter()
            .enumerate()
            .map(|(i, (id, plan))| (id, (u32::try_from(i).unwrap_or(u32::MAX), plan)));
        Ok(if dense {
            let mut by_id = vec![None; usize::try_from(top).unwrap_or(0) + 1];
            for (id, place) in places {
                by_id[usize::try_from(id).unwrap_or(0)] = Some(place);
            }
            Places::Dense(by_id)
        } else {
            Places::Sparse(places.collect())
        })
    }

    fn get(&self, id: i64) -> Option<(u32, bool)> {
        match self {
            Places::Dense(by_id) => usize::try_from(id)
                .ok()
                .and_then(|i| by_id.get(i).copied().flatten()),
            Places::Sparse(map) => map.get(&id).copied(),
        }
    }
}

/// Reads column `i` as a token of a closed vocabulary (an unknown token is a column-type
/// error, never a panic).
pub(in crate::store) fn parse_token<T>(
    r: &impl Columns,
    i: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    // Borrowed from the row: a token is compared, never kept.
    parse(text(r, i)?.unwrap_or_default()).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(i, format!("column {i}"), rusqlite::types::Type::Text)
    })
}

pub(in crate::store) fn opt_token<T>(
    r: &impl Columns,
    i: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    Ok(text(r, i)?.and_then(parse))
}

/// Column `i` as text borrowed from the row (`None`: NULL); anything else is a column-type
/// error.
fn text(r: &impl Columns, i: usize) -> rusqlite::Result<Option<&str>> {
    let value = r.value(i)?;
    value.as_str_or_null().map_err(|_| {
        rusqlite::Error::InvalidColumnType(i, format!("column {i}"), value.data_type())
    })
}

fn date(r: &impl Columns, i: usize) -> rusqlite::Result<chrono::NaiveDate> {
    parse_iso(text(r, i)?.unwrap_or_default()).ok_or(rusqlite::Error::InvalidColumnType(
        i,
        "date".into(),
        rusqlite::types::Type::Text,
    ))
}

/// The consent rows of the persons in `wanted`, by person; only of one purpose and
/// recipient kind when they are given. The ledger is scanned on its own and filtered here:
/// joining it to the wide persons table would decrypt a persons page per answer.
pub(crate) fn consents(
    conn: &Connection,
    wanted: &HashSet<i64>,
    purpose: Option<ConsentPurpose>,
    kind: Option<RecipientKind>,
) -> Result<HashMap<i64, Vec<ConsentFact>>> {
    let mut stmt = conn
        .prepare(
            "SELECT person_id, id, purpose, recipient_kind, recipient_id, answer, obtained_on, expires_on
             FROM consents
             WHERE (?1 IS NULL OR purpose = ?1) AND (?2 IS NULL OR recipient_kind = ?2)",
        )
        .ctx("reading consents for a list")?;
    let mut rows = stmt
        .query(params![
            purpose.map(ConsentPurpose::token),
            kind.map(RecipientKind::token)
        ])
        .ctx("reading consents for a list")?;
    let mut by_person: HashMap<i64, Vec<ConsentFact>> = HashMap::new();
    while let Some(r) = rows.next().ctx("reading consents for a list")? {
        let person_id: i64 = r.get(0).ctx("reading consents for a list")?;
        if !wanted.contains(&person_id) {
            continue;
        }
        let fact = consent_fact(r).ctx("reading consents for a list")?;
        by_person.entry(person_id).or_default().push(fact);
    }
    Ok(by_person)
}

/// The consent rows of one purpose and recipient kind, by person: a list's answers, read
/// from the covering index on (purpose, kind, …) (schema v14) rather than from the whole
/// ledger, which holds every purpose and kind. With `person`, only theirs (the same
/// index, one more key column).
pub(crate) fn scope_consents(
    conn: &Connection,
    purpose: ConsentPurpose,
    kind: RecipientKind,
    person: Option<i64>,
) -> Result<ScopeConsents> {
    let only = if person.is_some() {
        " AND person_id = ?3"
    } else {
        ""
    };
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT person_id, id, purpose, recipient_kind, recipient_id, answer, obtained_on, expires_on
             FROM consents INDEXED BY consents_scope
             WHERE purpose = ?1 AND recipient_kind = ?2{only}
             ORDER BY person_id, id"
        ))
        .ctx("reading consents for a list")?;
    let (purpose, kind) = (purpose.token(), kind.token());
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&purpose, &kind];
    args.extend(person.as_ref().map(|id| id as &dyn rusqlite::ToSql));
    let mut rows = stmt
        .query(args.as_slice())
        .ctx("reading consents for a list")?;
    let mut found = ScopeConsents::default();
    while let Some(r) = rows.next().ctx("reading consents for a list")? {
        found
            .person_ids
            .push(r.get(0).ctx("reading consents for a list")?);
        found
            .facts
            .push(consent_fact(r).ctx("reading consents for a list")?);
    }
    Ok(found)
}

/// A list's consent rows in the order of their person's id (and their own), as the
/// index holds them: one person's are found by a binary search, with no map of the whole
/// town's answers built first.
#[derive(Default)]
pub(crate) struct ScopeConsents {
    person_ids: Vec<i64>,
    facts: Vec<ConsentFact>,
}

impl ScopeConsents {
    /// The rows of person `id`, oldest row first.
    pub(crate) fn of(&self, id: i64) -> &[ConsentFact] {
        let from = self.person_ids.partition_point(|&p| p < id);
        let to = from + self.person_ids[from..].partition_point(|&p| p == id);
        &self.facts[from..to]
    }
}

/// Person `person_id`'s consent rows of one purpose (any recipient kind), through the
/// index on (person, purpose, kind).
pub(crate) fn person_consents(
    conn: &Connection,
    person_id: i64,
    purpose: ConsentPurpose,
) -> Result<Vec<ConsentFact>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT person_id, id, purpose, recipient_kind, recipient_id, answer, obtained_on, expires_on
             FROM consents INDEXED BY consents_person WHERE person_id = ?1 AND purpose = ?2",
        )
        .ctx("reading a person's consents")?;
    let rows = stmt
        .query_map(params![person_id, purpose.token()], consent_fact)
        .ctx("reading a person's consents")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading a person's consents")
}

fn consent_fact(r: &Row<'_>) -> rusqlite::Result<ConsentFact> {
    let expires = text(r, 7)?;
    Ok(ConsentFact {
        id: r.get(1)?,
        purpose: parse_token(r, 2, ConsentPurpose::from_token)?,
        recipient_kind: parse_token(r, 3, RecipientKind::from_token)?,
        recipient_id: r.get(4)?,
        answer: parse_token(r, 5, ConsentAnswer::from_token)?,
        obtained_on: date(r, 6)?,
        expires_on: expires.and_then(parse_iso),
    })
}

/// Runs `sql` (which selects the person id first) and groups the mapped rows of the
/// persons in `wanted` by person, in the order the query returns them. The narrow child
/// table is scanned whole rather than joined to the wide persons table: a join would
/// decrypt a persons page for every child row.
fn grouped<T>(
    conn: &Connection,
    sql: &str,
    wanted: &HashSet<i64>,
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<i64, Vec<T>>> {
    let mut stmt = conn.prepare(sql).ctx("reading rows for a list")?;
    let mut rows = stmt.query([]).ctx("reading rows for a list")?;
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    while let Some(r) = rows.next().ctx("reading rows for a list")? {
        let id: i64 = r.get(0).ctx("reading rows for a list")?;
        if wanted.contains(&id) {
            out.entry(id)
                .or_default()
                .push(f(r).ctx("reading rows for a list")?);
        }
    }
    Ok(out)
}

/// Which of a person's own rows to attach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    pub devices: bool,
    pub needs: bool,
    pub contacts: bool,
    pub members: bool,
    pub supporters: bool,
    pub plan: bool,
}

/// Attaches the rows `needs` asks for to `people`.
pub(crate) fn attach(conn: &Connection, needs: Needs, people: &mut [&mut Person]) -> Result<()> {
    let wanted: HashSet<i64> = people.iter().filter_map(|p| p.id).collect();
    let w = &wanted;
    // Each ORDER BY follows a UNIQUE index or the rowid, so nothing is sorted.
    let mut devices = match needs.devices {
        false => HashMap::new(),
        true => grouped(
            conn,
            "SELECT person_id, device, power_dependent, note FROM medical_devices ORDER BY id",
            w,
            |r| {
                Ok(MedicalDevice {
                    device: parse_token(r, 1, MedicalDeviceKind::from_token)?,
                    power_dependent: r.get(2)?,
                    note: r.get(3)?,
                })
            },
        )?,
    };
    let mut comm = match needs.needs {
        false => HashMap::new(),
        true => grouped(
            conn,
            "SELECT person_id, need FROM communication_needs ORDER BY person_id, need",
            w,
            |r| parse_token(r, 1, CommunicationNeed::from_token),
        )?,
    };
    let mut contacts = match needs.contacts {
        false => HashMap::new(),
        true => grouped(
            conn,
            "SELECT person_id, name, relationship, address, phone FROM emergency_contacts
             ORDER BY person_id, position",
            w,
            |r| {
                Ok(EmergencyContact {
                    name: r.get(1)?,
                    relationship: r.get(2)?,
                    address: r.get(3)?,
                    phone: r.get(4)?,
                })
            },
        )?,
    };
    let mut members = match needs.members {
        false => HashMap::new(),
        true => grouped(
            conn,
            "SELECT person_id, name, relationship, age, note FROM household_members
             ORDER BY person_id, position",
            w,
            |r| {
                Ok(HouseholdMember {
                    name: r.get(1)?,
                    relationship: r.get(2)?,
                    age: r.get(3)?,
                    note: r.get(4)?,
                })
            },
        )?,
    };
    let mut supporters = match needs.supporters {
        false => HashMap::new(),
        true => grouped(
            conn,
            // A supporter whose latest answer to being named (for this person, or for
            // every plan) is a refusal or a withdrawal is left off whatever is handed out.
            // No answer yet names them: the officer records the answer when asking.
            "SELECT x.person_id, s.id, x.position, x.role, s.name, s.kind, s.phone,
                    s.available_day, s.available_night
             FROM assignments x JOIN supporters s ON s.id = x.supporter_id
             WHERE COALESCE((SELECT c.answer FROM supporter_consents c
                             WHERE c.supporter_id = s.id AND c.purpose = 'be-named'
                               AND (c.person_id = x.person_id OR c.person_id IS NULL)
                             ORDER BY c.obtained_on DESC, c.id DESC LIMIT 1),
                            'consented') = 'consented'
             ORDER BY x.person_id, x.position",
            w,
            |r| {
                Ok(AssignedSupporter {
                    supporter_id: r.get(1)?,
                    position: r.get(2)?,
                    role: r.get(3)?,
                    name: r.get(4)?,
                    kind: parse_token(r, 5, SupporterKind::from_token)?,
                    phone: r.get(6)?,
                    available_day: r.get(7)?,
                    available_night: r.get(8)?,
                })
            },
        )?,
    };
    let mut plans = match needs.plan {
        false => HashMap::new(),
        true => plans(conn, w)?,
    };
    for p in people.iter_mut() {
        let Some(id) = p.id else { continue };
        p.medical_devices = devices.remove(&id).unwrap_or_default();
        p.communication_needs = comm.remove(&id).unwrap_or_default();
        p.emergency_contacts = contacts.remove(&id).unwrap_or_default();
        p.household_members = members.remove(&id).unwrap_or_default();
        p.supporters = supporters.remove(&id).unwrap_or_default();
        p.plan = plans.remove(&id).and_then(|mut v| v.pop());
    }
    Ok(())
}

fn plans(conn: &Connection, wanted: &HashSet<i64>) -> Result<HashMap<i64, Vec<Plan>>> {
    let mut destinations = grouped(
        conn,
        "SELECT d.person_id, d.kind, coalesce(s.name, d.name), coalesce(s.address, d.address),
                d.direct_admission, l.hazard, l.shelter_id
         FROM plan_destinations d
         LEFT JOIN plan_destination_shelters l ON l.destination_id = d.id
         LEFT JOIN shelters s ON s.id = l.shelter_id
         ORDER BY d.person_id, d.position",
        wanted,
        |r| super::persons::destination_at(r, 1),
    )?;
    let mut plans = grouped(
        conn,
        "SELECT person_id, route, means, departure_timing, warning_contact, warning_method,
                if_unreachable, drafted_by, drafted_by_role, created_on, updated_on, verified_on,
                made_by, made_by_office
         FROM plans",
        wanted,
        |r| {
            Ok(Plan {
                destinations: Vec::new(),
                route: r.get(1)?,
                means: opt_token(r, 2, EvacuationMeans::from_token)?,
                departure_timing: r.get(3)?,
                warning_contact: r.get(4)?,
                warning_method: opt_token(r, 5, WarningMethod::from_token)?,
                if_unreachable: r.get(6)?,
                made_by: opt_token(r, 12, PlanMaker::from_token)?,
                made_by_office: r.get(13)?,
                drafted_by: r.get(7)?,
                drafted_by_role: r.get(8)?,
                created_on: r.get(9)?,
                updated_on: r.get(10)?,
                verified_on: r.get(11)?,
            })
        },
    )?;
    for (id, list) in plans.iter_mut() {
        if let Some(plan) = list.first_mut() {
            plan.destinations = destinations.remove(id).unwrap_or_default();
        }
    }
    Ok(plans)
}

#[cfg(test)]
mod tests {
    #[test]
    fn in_order_puts_each_item_at_its_place() {
        let mut items = vec!['c', 'a', 'e', 'b', 'd'];
        super::in_order(&mut items, &[7, 1, 40, 3, 9]);
        assert_eq!(items, vec!['a', 'b', 'c', 'd', 'e']);
        let mut none: Vec<char> = Vec::new();
        super::in_order(&mut none, &[]);
        assert!(none.is_empty());
    }

    /// The search table's columns `Places` reads, with its 50音 index on the roster.
    fn search_table(rows: &[(i64, &str, i64, bool, i64)]) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE person_search (person_id INTEGER PRIMARY KEY, furigana_key TEXT,
                 archived INTEGER, has_plan INTEGER, district_id INTEGER);
             CREATE INDEX person_search_furigana_facets
                 ON person_search(archived, furigana_key, person_id, has_plan, district_id);",
        )
        .unwrap();
        for &(id, kana, archived, plan, district) in rows {
            conn.execute(
                "INSERT INTO person_search VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, kana, archived, plan, district],
            )
            .unwrap();
        }
        conn
    }

    fn places(p: &super::Places, ids: &[i64]) -> Vec<Option<(u32, bool)>> {
        ids.iter().map(|&id| p.get(id)).collect()
    }

    #[test]
    fn places_are_the_50on_order_of_the_roster_with_the_plan_flag_dense_or_sparse() {
        use super::Places;
        // Ids 1-4 and one far beyond: the same answers from the vector and from the map.
        for far in [5, 40_000_000_000] {
            let conn = search_table(&[
                (1, "た", 0, false, 1),
                (2, "あ", 0, true, 2),
                (3, "か", 1, true, 1),
                (4, "あ", 0, false, 1),
                (far, "さ", 0, true, 1),
            ]);
            let all = Places::read(&conn, None, None).unwrap();
            assert_eq!(
                matches!(all, Places::Dense(_)),
                far == 5,
                "dense only when the ids are"
            );
            // あ(2), あ(4), さ(far), た(1); the archived 3 is on no list.
            assert_eq!(
                places(&all, &[1, 2, 3, 4, far, 6, 0, -1]),
                [
                    Some((3, false)),
                    Some((0, true)),
                    None,
                    Some((1, false)),
                    Some((2, true)),
                    None,
                    None,
                    None
                ]
            );
            let district = Places::read(&conn, Some(1), None).unwrap();
            assert_eq!(
                places(&district, &[1, 2, 4, far]),
                [Some((2, false)), None, Some((0, false)), Some((1, true))]
            );
            let one = Places::read(&conn, None, Some(2)).unwrap();
            assert_eq!(places(&one, &[1, 2, 4]), [None, Some((0, true)), None]);
        }
    }
}
