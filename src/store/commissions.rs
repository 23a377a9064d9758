//! Commissions (委託), the steps they took, the fee tables per 年度 and the fees fixed on
//! approval.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Cached;
use crate::error::{Error, Result, SqlContext};
use crate::model::commission::{
    Commission, CommissionStatus, FeeItem, FeeTable, FixedFee, PlanKind, StepRecord,
};

/// What a step needs to know of the commission it moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub id: i64,
    pub person_id: i64,
    pub office_id: i64,
    pub plan_kind: PlanKind,
    pub status: CommissionStatus,
    pub status_on: String,
    pub requested_on: String,
}

/// A new commission's row.
pub(crate) struct Insert<'a> {
    pub person_id: i64,
    pub office_id: i64,
    pub specialist_id: Option<i64>,
    pub plan_kind: PlanKind,
    pub requested_on: &'a str,
    pub note: &'a str,
}

/// Which commissions to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these statuses (all when empty).
    pub statuses: Vec<CommissionStatus>,
    /// Only this office's.
    pub office: Option<i64>,
    /// Only this person's.
    pub person: Option<i64>,
    /// Only these commissions (all when empty).
    pub ids: Vec<i64>,
    /// Only those overdue (applied by the caller, who knows today and the settings).
    pub overdue_only: bool,
    /// Only those approved on or after this day (ISO) …
    pub approved_from: Option<String>,
    /// … and before this day (ISO).
    pub approved_before: Option<String>,
}

/// Inserts a commission with its first step (`requested`); returns its id. A person with a
/// commission still under way is refused, naming it.
pub(crate) fn insert(conn: &Connection, c: &Insert<'_>, now: &str, by: &str) -> Result<i64> {
    if let Some(other) = under_way_for(conn, c.person_id)? {
        return Err(Error::invalid(
            "person",
            format!(
                "person {} already has commission {other} under way; finish, or cancel it (`yorisoi commission step {other} --to cancelled --reason …`) first",
                c.person_id
            ),
        ));
    }
    conn.exec(
        "INSERT INTO commissions (person_id, office_id, specialist_id, plan_kind, status, requested_on, status_on, note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, 'requested', ?5, ?5, ?6, ?7, ?8)",
        params![
            c.person_id,
            c.office_id,
            c.specialist_id,
            c.plan_kind.token(),
            c.requested_on,
            c.note,
            now,
            by
        ],
    )
    .ctx("adding a commission")?;
    let id = conn.last_insert_rowid();
    insert_step(
        conn,
        id,
        CommissionStatus::Requested,
        c.requested_on,
        "",
        now,
        by,
    )?;
    Ok(id)
}

fn insert_step(
    conn: &Connection,
    id: i64,
    status: CommissionStatus,
    on: &str,
    reason: &str,
    now: &str,
    by: &str,
) -> Result<()> {
    conn.exec(
        "INSERT INTO commission_steps (commission_id, status, on_date, reason, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, status.token(), on, reason, now, by],
    )
    .ctx("recording a commission's step")?;
    Ok(())
}

/// The commission of `person_id` still under way, if one.
pub(crate) fn under_way_for(conn: &Connection, person_id: i64) -> Result<Option<i64>> {
    conn.row(
        "SELECT id FROM commissions WHERE person_id = ?1
           AND (status = 'requested' OR status = 'accepted' OR status = 'visited'
                OR status = 'submitted' OR status = 'returned')",
        [person_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading commissions")
}

fn head_from(r: &Row<'_>) -> rusqlite::Result<Head> {
    let kind: String = r.get("plan_kind")?;
    let status: String = r.get("status")?;
    Ok(Head {
        id: r.get("id")?,
        person_id: r.get("person_id")?,
        office_id: r.get("office_id")?,
        plan_kind: PlanKind::from_token(&kind).unwrap_or(PlanKind::New),
        status: CommissionStatus::from_token(&status).unwrap_or(CommissionStatus::Requested),
        status_on: r.get("status_on")?,
        requested_on: r.get("requested_on")?,
    })
}

/// Commission `id`'s head.
pub(crate) fn head(conn: &Connection, id: i64) -> Result<Head> {
    conn.row(
        "SELECT id, person_id, office_id, plan_kind, status, status_on, requested_on FROM commissions WHERE id = ?1",
        [id],
        head_from,
    )
    .optional()
    .ctx("loading a commission")?
    .ok_or(Error::NotFound {
        what: "commission",
        id,
    })
}

/// Moves commission `id` to `status` on `on`, recording the step.
pub(crate) fn step(
    conn: &Connection,
    id: i64,
    status: CommissionStatus,
    on: &str,
    reason: &str,
    now: &str,
    by: &str,
) -> Result<()> {
    conn.exec(
        "UPDATE commissions SET status = ?2, status_on = ?3 WHERE id = ?1",
        params![id, status.token(), on],
    )
    .ctx("moving a commission")?;
    insert_step(conn, id, status, on, reason, now, by)
}

/// Fixes `fees` on commission `id` (on approval).
pub(crate) fn fix_fees(conn: &Connection, id: i64, fees: &[FixedFee]) -> Result<()> {
    for f in fees {
        conn.exec(
            "INSERT INTO commission_fees (commission_id, item, label, yen, year, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, f.item, f.label, f.yen, f.year, f.note],
        )
        .ctx("fixing a commission's fees")?;
    }
    Ok(())
}

/// True when person `person_id` already has `item` fixed, with a non-zero amount, on an
/// approved commission of 年度 `year` (other than `except`).
pub(crate) fn paid_in_year(
    conn: &Connection,
    person_id: i64,
    item: &str,
    year: i32,
    except: i64,
) -> Result<bool> {
    conn.row(
        "SELECT EXISTS (SELECT 1 FROM commission_fees f JOIN commissions c ON c.id = f.commission_id
           WHERE c.person_id = ?1 AND f.item = ?2 AND f.year = ?3 AND f.yen > 0 AND c.id <> ?4
             AND (c.status = 'approved' OR c.status = 'claimed' OR c.status = 'paid'))",
        params![person_id, item, year, except],
        |r| r.get(0),
    )
    .ctx("reading fees paid this year")
}

/// Replaces the fee table of 年度 `year`.
pub(crate) fn set_table(conn: &Connection, t: &FeeTable, now: &str, by: &str) -> Result<()> {
    conn.exec("DELETE FROM fee_items WHERE year = ?1", [t.year])
        .ctx("replacing a fee table")?;
    for i in &t.items {
        conn.exec(
            "INSERT INTO fee_items (year, item, label, yen, extra, once_per_year, set_at, set_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                t.year,
                i.item,
                i.label,
                i.yen,
                i.extra,
                i.once_per_year,
                now,
                by
            ],
        )
        .ctx("setting a fee table")?;
    }
    Ok(())
}

/// The fee table of 年度 `year`, if one was set.
pub(crate) fn table(conn: &Connection, year: i32) -> Result<Option<FeeTable>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT item, label, yen, extra, once_per_year FROM fee_items WHERE year = ?1
             ORDER BY extra, CASE item WHEN 'new' THEN 0 WHEN 'update' THEN 1 WHEN 'info-only' THEN 2 ELSE 3 END, item",
        )
        .ctx("reading a fee table")?;
    let items: Vec<FeeItem> = stmt
        .query_map([year], |r| {
            Ok(FeeItem {
                item: r.get(0)?,
                label: r.get(1)?,
                yen: r.get(2)?,
                extra: r.get(3)?,
                once_per_year: r.get(4)?,
            })
        })
        .ctx("reading a fee table")?
        .collect::<rusqlite::Result<_>>()
        .ctx("reading a fee table")?;
    Ok((!items.is_empty()).then_some(FeeTable { year, items }))
}

/// The 年度 that have a fee table, newest first.
pub(crate) fn table_years(conn: &Connection) -> Result<Vec<i32>> {
    let mut stmt = conn
        .prepare("SELECT DISTINCT year FROM fee_items ORDER BY year DESC")
        .ctx("reading fee tables")?;
    let years = stmt
        .query_map([], |r| r.get(0))
        .ctx("reading fee tables")?
        .collect::<rusqlite::Result<_>>()
        .ctx("reading fee tables");
    years
}

const LIST: &str = "SELECT c.id, c.person_id, p.name AS person_name, d.name AS district,
        c.office_id, r.name AS office_name, c.specialist_id, s.name AS specialist_name,
        c.plan_kind, c.status, c.status_on, c.requested_on,
        (SELECT on_date FROM commission_steps t WHERE t.commission_id = c.id AND t.status = 'approved'
         ORDER BY t.id DESC LIMIT 1) AS approved_on
     FROM commissions c
     JOIN persons p ON p.id = c.person_id
     LEFT JOIN districts d ON d.id = p.district_id
     JOIN recipients r ON r.id = c.office_id
     LEFT JOIN specialists s ON s.id = c.specialist_id";

/// The commissions `filter` asks for, with their steps and fees, oldest first. `overdue`
/// is left `None` and `next` filled from the status.
pub(crate) fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Commission>> {
    let mut sql = format!("{LIST} WHERE 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !filter.statuses.is_empty() {
        let marks: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| {
                args.push(s.token().to_string().into());
                format!("c.status = ?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND ({})", marks.join(" OR ")));
    }
    let mut bind = |sql: &mut String, clause: &str, v: rusqlite::types::Value| {
        args.push(v);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if !filter.ids.is_empty() {
        let ids: Vec<String> = filter.ids.iter().map(i64::to_string).collect();
        sql.push_str(&format!(" AND c.id IN ({})", ids.join(",")));
    }
    if let Some(o) = filter.office {
        bind(&mut sql, " AND c.office_id = ?", o.into());
    }
    if let Some(p) = filter.person {
        bind(&mut sql, " AND c.person_id = ?", p.into());
    }
    if let Some(d) = &filter.approved_from {
        bind(&mut sql, " AND approved_on >= ?", d.clone().into());
    }
    if let Some(d) = &filter.approved_before {
        bind(&mut sql, " AND approved_on < ?", d.clone().into());
    }
    sql.push_str(" ORDER BY c.id");
    let mut stmt = conn.prepare(&sql).ctx("listing commissions")?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            let kind: String = r.get("plan_kind")?;
            let status: String = r.get("status")?;
            let status =
                CommissionStatus::from_token(&status).unwrap_or(CommissionStatus::Requested);
            Ok(Commission {
                id: r.get("id")?,
                person_id: r.get("person_id")?,
                person_name: r.get("person_name")?,
                district: r.get("district")?,
                office_id: r.get("office_id")?,
                office_name: r.get("office_name")?,
                specialist_id: r.get("specialist_id")?,
                specialist_name: r.get("specialist_name")?,
                plan_kind: PlanKind::from_token(&kind).unwrap_or(PlanKind::New),
                status,
                status_on: r.get("status_on")?,
                requested_on: r.get("requested_on")?,
                steps: Vec::new(),
                fees: Vec::new(),
                total_yen: 0,
                next: status.next().to_vec(),
                overdue: None,
            })
        })
        .ctx("listing commissions")?;
    let mut out: Vec<Commission> = rows
        .collect::<rusqlite::Result<_>>()
        .ctx("listing commissions")?;
    for c in &mut out {
        c.steps = steps_of(conn, c.id)?;
        c.fees = fees_of(conn, c.id)?;
        c.total_yen = c.fees.iter().map(|f| f.yen).sum();
    }
    Ok(out)
}

fn steps_of(conn: &Connection, id: i64) -> Result<Vec<StepRecord>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT status, on_date, reason, recorded_by FROM commission_steps
             WHERE commission_id = ?1 ORDER BY id",
        )
        .ctx("reading a commission's steps")?;
    let rows = stmt
        .query_map([id], |r| {
            let s: String = r.get(0)?;
            Ok(StepRecord {
                status: CommissionStatus::from_token(&s).unwrap_or(CommissionStatus::Requested),
                on: r.get(1)?,
                reason: r.get(2)?,
                recorded_by: r.get(3)?,
            })
        })
        .ctx("reading a commission's steps")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading a commission's steps")
}

fn fees_of(conn: &Connection, id: i64) -> Result<Vec<FixedFee>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT item, label, yen, year, note FROM commission_fees WHERE commission_id = ?1
             ORDER BY CASE item WHEN 'new' THEN 0 WHEN 'update' THEN 1 WHEN 'info-only' THEN 2 ELSE 3 END, item",
        )
        .ctx("reading a commission's fees")?;
    let rows = stmt
        .query_map([id], |r| {
            Ok(FixedFee {
                item: r.get(0)?,
                label: r.get(1)?,
                yen: r.get(2)?,
                year: r.get(3)?,
                note: r.get(4)?,
            })
        })
        .ctx("reading a commission's fees")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("reading a commission's fees")
}

/// Records on person `person_id`'s plan that it was made by 福祉専門職 of office `office_id`.
pub(crate) fn mark_plan_made(conn: &Connection, person_id: i64, office_id: i64) -> Result<()> {
    conn.exec(
        "UPDATE plans SET made_by = 'professional', made_by_office = ?2 WHERE person_id = ?1",
        params![person_id, office_id],
    )
    .ctx("recording who made a plan")?;
    Ok(())
}

/// The day person `person_id`'s plan was last updated, if they have one.
pub(crate) fn plan_updated_on(conn: &Connection, person_id: i64) -> Result<Option<String>> {
    conn.row(
        "SELECT updated_on FROM plans WHERE person_id = ?1",
        [person_id],
        |r| r.get(0),
    )
    .optional()
    .ctx("reading a plan's dates")
}

/// For the demo: up to `limit` people on the roster (not archived) with a granting
/// plan-creation answer, each with the day their plan was last updated (if they have
/// one), by id.
pub(crate) fn consenting_people(
    conn: &Connection,
    limit: usize,
) -> Result<Vec<(i64, Option<String>)>> {
    let mut stmt = conn
        .prepare(
            "SELECT c.person_id, pl.updated_on FROM consents c
             JOIN person_search s ON s.person_id = c.person_id AND s.archived = 0
             LEFT JOIN plans pl ON pl.person_id = c.person_id
             WHERE c.purpose = 'plan-create'
               AND (c.answer = 'consented' OR c.answer = 'proxy' OR c.answer = 'applied')
               AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.person_id = c.person_id
                   AND n.purpose = 'plan-create' AND n.id > c.id)
             GROUP BY c.person_id ORDER BY c.person_id LIMIT ?1",
        )
        .ctx("choosing demo commissions")?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ctx("choosing demo commissions")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("choosing demo commissions")
}

/// For the demo: sets person `person_id`'s plan's update day (the plan the office
/// submitted).
pub(crate) fn set_plan_updated(conn: &Connection, person_id: i64, on: &str) -> Result<()> {
    conn.exec(
        "UPDATE plans SET updated_on = ?2 WHERE person_id = ?1 AND created_on <= ?2",
        params![person_id, on],
    )
    .ctx("dating a demo plan")?;
    Ok(())
}

/// For the demo: up to `limit` people on the roster without a plan who were never asked
/// about one, by id.
pub(crate) fn unasked_people(conn: &Connection, limit: usize) -> Result<Vec<i64>> {
    let mut stmt = conn
        .prepare(
            "SELECT s.person_id FROM person_search s
             WHERE s.archived = 0 AND s.has_plan = 0
               AND NOT EXISTS (SELECT 1 FROM consents c
                               WHERE c.person_id = s.person_id AND c.purpose = 'plan-create')
             ORDER BY s.person_id LIMIT ?1",
        )
        .ctx("choosing demo commissions")?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))
        .ctx("choosing demo commissions")?;
    rows.collect::<rusqlite::Result<_>>()
        .ctx("choosing demo commissions")
}
