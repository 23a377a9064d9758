//! What the 要見直し worklist reads: each plan's last review, the open flags the triggers
//! of schema step 19 raised, the names of the people due, and their commissions.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::{Result, SqlContext};

/// An open flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flag {
    pub person_id: i64,
    /// The plan's last review now.
    pub last: String,
    pub reason: String,
    pub source: String,
    pub raised_at: String,
}

/// Raises flag `reason` for person `person_id`, if they have a plan, at `now`.
pub(crate) fn raise(
    conn: &Connection,
    person_id: i64,
    reason: &str,
    source: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO plan_review_flags (person_id, reason, source, plan_as_of, raised_at)
         SELECT person_id, ?2, ?3, max(updated_on, coalesce(verified_on, '')), ?4
         FROM plans WHERE person_id = ?1",
        rusqlite::params![person_id, reason, source, now],
    )
    .ctx("raising a plan review flag")?;
    Ok(())
}

/// Raises flag `shelter-changed` for every plan with a destination at shelter `shelter`
/// (the registry's designation of it changed, or it went), at `now`. Returns how many.
pub(crate) fn raise_for_shelter(conn: &Connection, shelter: i64, now: &str) -> Result<usize> {
    conn.execute(
        "INSERT INTO plan_review_flags (person_id, reason, source, plan_as_of, raised_at)
         SELECT p.person_id, 'shelter-changed', 'shelter:' || ?1,
                max(p.updated_on, coalesce(p.verified_on, '')), ?2
         FROM plans p
         WHERE p.person_id IN (SELECT d.person_id FROM plan_destination_shelters l
                               JOIN plan_destinations d ON d.id = l.destination_id
                               WHERE l.shelter_id = ?1)",
        rusqlite::params![shelter, now],
    )
    .ctx("raising a plan review flag")
}

/// The plans last reviewed (the later of their update and their check with the person) on
/// or before `cutoff`: (person, that day). Read from the index of the plans' dates, not
/// the plans; archived people are among them (the names leave them out).
pub(crate) fn reviewed_by(conn: &Connection, cutoff: &str) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare(
            "SELECT person_id, max(updated_on, coalesce(verified_on, ''))
             FROM plans INDEXED BY plans_review
             WHERE max(updated_on, coalesce(verified_on, '')) <= ?1",
        )
        .ctx("reading plans' dates")?;
    let rows = stmt
        .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading plans' dates")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading plans' dates")
}

/// The 要介護認定 periods that ended on or before `today` after the plan's last review:
/// (person, the period's last day, the plan's last review). Read from the index of the
/// periods' ends, so only the ended ones are visited; archived people are among them.
pub(crate) fn certifications_ended(
    conn: &Connection,
    today: &str,
) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn
        .prepare(
            "SELECT p.id, p.care_level_until, max(pl.updated_on, coalesce(pl.verified_on, ''))
             FROM persons p INDEXED BY persons_care_level_until
             JOIN plans pl ON pl.person_id = p.id
             WHERE p.care_level_until <= ?1
               AND p.care_level_until > max(pl.updated_on, coalesce(pl.verified_on, ''))",
        )
        .ctx("reading the care certifications' periods")?;
    let rows = stmt
        .query_map([today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .ctx("reading the care certifications' periods")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading the care certifications' periods")
}

/// The flags not yet settled by a later review of the plan, nor voided by a correction of
/// the drill entry that raised them.
pub(crate) fn open_flags(conn: &Connection) -> Result<Vec<Flag>> {
    let mut stmt = conn
        .prepare(
            "SELECT f.person_id, f.reason, f.source, f.raised_at,
                    max(p.updated_on, coalesce(p.verified_on, ''))
             FROM plan_review_flags f JOIN plans p ON p.person_id = f.person_id
             WHERE max(p.updated_on, coalesce(p.verified_on, '')) <= f.plan_as_of
               AND NOT EXISTS (SELECT 1 FROM drill_checks c
                               WHERE f.drill_check_id IS NOT NULL AND c.corrects = f.drill_check_id)
               AND NOT EXISTS (SELECT 1 FROM drill_warnings w
                               WHERE f.drill_warning_id IS NOT NULL AND w.corrects = f.drill_warning_id)
             ORDER BY f.person_id, f.id",
        )
        .ctx("reading plan review flags")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Flag {
                person_id: r.get(0)?,
                reason: r.get(1)?,
                source: r.get(2)?,
                raised_at: r.get(3)?,
                last: r.get(4)?,
            })
        })
        .ctx("reading plan review flags")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading plan review flags")
}

/// Name and district of each of `ids` (archived people are left out).
pub(crate) fn names(
    conn: &Connection,
    ids: &[i64],
) -> Result<HashMap<i64, (String, Option<String>)>> {
    let mut out = HashMap::with_capacity(ids.len());
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.id, p.name, d.name FROM persons p LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.id = ?1 AND p.archived_on IS NULL",
        )
        .ctx("reading names")?;
    for id in ids {
        let mut rows = stmt.query([id]).ctx("reading names")?;
        if let Some(r) = rows.next().ctx("reading names")? {
            out.insert(
                r.get(0).ctx("reading names")?,
                (
                    r.get(1).ctx("reading names")?,
                    r.get(2).ctx("reading names")?,
                ),
            );
        }
    }
    Ok(out)
}

/// The last day of each 要介護認定 ending on or before `until`, by person: read from the
/// index of the periods' ends alone (the column sits at the end of a long row).
pub(crate) fn certification_ends(conn: &Connection, until: &str) -> Result<HashMap<i64, String>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, care_level_until FROM persons INDEXED BY persons_care_level_until
             WHERE care_level_until <= ?1",
        )
        .ctx("reading the care certifications' periods")?;
    let rows = stmt
        .query_map([until], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading the care certifications' periods")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading the care certifications' periods")
}

/// A person's commission under way (its id), and the office (id, name) of their last
/// approved one.
pub(crate) type PersonCommissions = (Option<i64>, Option<(i64, String)>);

/// Each person's commission under way (id), and the office (id, name) of their last
/// approved one.
pub(crate) fn commissions_by_person(conn: &Connection) -> Result<HashMap<i64, PersonCommissions>> {
    let mut stmt = conn
        .prepare(
            "SELECT c.person_id, c.id, c.status, c.office_id, r.name
             FROM commissions c JOIN recipients r ON r.id = c.office_id ORDER BY c.id",
        )
        .ctx("reading commissions")?;
    let mut rows = stmt.query([]).ctx("reading commissions")?;
    let mut out: HashMap<i64, PersonCommissions> = HashMap::new();
    while let Some(r) = rows.next().ctx("reading commissions")? {
        let person: i64 = r.get(0).ctx("reading commissions")?;
        let id: i64 = r.get(1).ctx("reading commissions")?;
        let status: String = r.get(2).ctx("reading commissions")?;
        let e = out.entry(person).or_default();
        match status.as_str() {
            "requested" | "accepted" | "visited" | "submitted" | "returned" => e.0 = Some(id),
            "approved" | "claimed" | "paid" => {
                e.1 = Some((
                    r.get(3).ctx("reading commissions")?,
                    r.get(4).ctx("reading commissions")?,
                ))
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The office of person `person_id`'s last approved commission, if one.
pub(crate) fn last_office(conn: &Connection, person_id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT office_id FROM commissions WHERE person_id = ?1
           AND (status = 'approved' OR status = 'claimed' OR status = 'paid')
         ORDER BY id DESC LIMIT 1",
        [person_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading commissions")
}

/// What the yearly figures read of each plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlanFacts {
    pub created_on: String,
    pub made_by: Option<String>,
    pub destinations: u32,
}

/// Every plan's facts, by person.
pub(crate) fn plan_facts(conn: &Connection) -> Result<HashMap<i64, PlanFacts>> {
    let mut stmt = conn
        .prepare(
            "SELECT pl.person_id, pl.created_on, pl.made_by,
                    (SELECT count(*) FROM plan_destinations d WHERE d.person_id = pl.person_id)
             FROM plans pl",
        )
        .ctx("reading plans")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                PlanFacts {
                    created_on: r.get(1)?,
                    made_by: r.get(2)?,
                    destinations: r.get(3)?,
                },
            ))
        })
        .ctx("reading plans")?;
    rows.collect::<rusqlite::Result<_>>().ctx("reading plans")
}

/// The people whose commission ended in information only (計画に至らず避難情報のみ提供).
pub(crate) fn informed_only(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT c.person_id FROM commissions c
             JOIN commission_fees f ON f.commission_id = c.id AND f.item = 'info-only'
             WHERE c.status = 'approved' OR c.status = 'claimed' OR c.status = 'paid'",
        )
        .ctx("reading commissions")?;
    let rows = stmt
        .query_map([], |r| r.get(0))
        .ctx("reading commissions")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading commissions")
}
