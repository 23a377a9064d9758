//! Plans commissioned to care offices (委託・報償費): offices and their specialists, a
//! commission from 依頼 to 支払 with every step dated and audited, the fee tables per 年度,
//! and the month's claim lists.
//!
//! A commission is refused unless the person's plan-creation consent (or the ordinance)
//! allows it ([`crate::policy::commission`]). An office is a recipient of kind
//! `care-office`: it is never given a list; what it gets is its commissions' papers.

pub mod claims;
pub mod form;
pub mod rules;

use chrono::{Days, NaiveDate};

use crate::error::{Error, Result};
use crate::model::commission::{
    fiscal_year, Commission, CommissionStatus, CommissionStep, FeeTable, NewCommission, Office,
    PlanKind,
};
use crate::model::validate::parse_date_field;
use crate::model::ConsentPurpose;
use crate::policy;
use crate::store::commissions::{self, Filter};
use crate::store::{facts, offices, persons, plan_review, settings, Roster};

pub use crate::store::commissions::Filter as CommissionFilter;

impl Roster {
    /// Adds a care office (a recipient of kind `care-office`) with its specialists;
    /// audited `office.add`.
    pub fn add_office(&mut self, office: &Office) -> Result<i64> {
        self.write(|tx| {
            let id = offices::insert(tx.conn(), office, &tx.stamp())?;
            tx.audit(
                "office.add",
                "recipient",
                Some(id),
                &format!(
                    "kind={},specialists={}",
                    office.kind.token(),
                    office.specialists.len()
                ),
            )?;
            Ok(id)
        })
    }

    /// Active care offices with their specialists and how many commissions each has under
    /// way.
    pub fn offices(&self) -> Result<Vec<Office>> {
        offices::list(self.conn())
    }

    /// Commissions person `c.person_id`'s plan to an office (by default the one that made
    /// their last approved plan); audited `commission.new`. A new plan when the person has
    /// none, an update otherwise. Refused for an archived person,
    /// a retired office, another office's specialist, a person with a commission under
    /// way, a date in the future, or without the plan-creation consent the municipality's
    /// basis asks for.
    pub fn new_commission(&mut self, c: &NewCommission<'_>) -> Result<Commission> {
        let today = self.clock().today();
        let on = match c.on {
            Some(s) => parse_date_field("--date", s)?,
            None => today,
        };
        if on > today {
            return Err(Error::invalid(
                "--date",
                format!("{on} is in the future; a commission is dated the day it is asked"),
            ));
        }
        let id = self.write(|tx| {
            let conn = tx.conn();
            if persons::is_archived(conn, c.person_id)? {
                return Err(Error::invalid(
                    "--person",
                    format!(
                        "person {} is archived: no plan is commissioned for them",
                        c.person_id
                    ),
                ));
            }
            let office_id = match c.office_id {
                Some(o) => o,
                None => plan_review::last_office(conn, c.person_id)?.ok_or_else(|| {
                    Error::invalid(
                        "--office",
                        format!("person {} has no approved plan from an office yet: name the office (`yorisoi office list`)", c.person_id),
                    )
                })?,
            };
            offices::load_active(conn, office_id)?;
            if let Some(s) = c.specialist_id {
                offices::specialist_of(conn, office_id, s)?;
            }
            let sharing = settings::load(conn)?;
            let rows = facts::person_consents(conn, c.person_id, ConsentPurpose::PlanCreate)?;
            let basis = policy::commission::may_commission(
                &rows,
                sharing.basis,
                sharing.renewal_months,
                today,
            )
            .map_err(|why| Error::invalid("--person", format!("person {}: {why}", c.person_id)))?;
            let plan_kind = match commissions::plan_updated_on(conn, c.person_id)? {
                Some(_) => PlanKind::Update,
                None => PlanKind::New,
            };
            let on = on.to_string();
            let account = tx.account().to_string();
            let id = commissions::insert(
                tx.conn(),
                &commissions::Insert {
                    person_id: c.person_id,
                    office_id,
                    specialist_id: c.specialist_id,
                    plan_kind,
                    requested_on: &on,
                    note: c.note.trim(),
                },
                &tx.stamp(),
                &account,
            )?;
            tx.audit(
                "commission.new",
                "commission",
                Some(id),
                &format!(
                    "person={},office={},kind={},consent={}",
                    c.person_id,
                    office_id,
                    plan_kind.token(),
                    basis
                ),
            )?;
            Ok(id)
        })?;
        self.commission(id)
    }

    /// Moves commission `id` one step (see [`CommissionStatus::next`]); audited
    /// `commission.step`. An approval fixes its fees from the table of its 年度 and needs
    /// the plan on the record (updated since the request), unless it ended in information
    /// only; the plan is then recorded as made by 福祉専門職 of the office.
    pub fn step_commission(&mut self, id: i64, step: &CommissionStep<'_>) -> Result<Commission> {
        let today = self.clock().today();
        let on = match step.on {
            Some(s) => parse_date_field("--date", s)?,
            None => today,
        };
        if step.to != CommissionStatus::Approved && (step.fee.is_some() || !step.extras.is_empty())
        {
            return Err(Error::invalid(
                "--fee",
                "fees are fixed on approval only: give --fee and --extra with --to approved",
            ));
        }
        self.write(|tx| {
            let head = commissions::head(tx.conn(), id)?;
            let last_on = parse_date_field("status_on", &head.status_on)?;
            rules::check_step(id, head.status, last_on, step.to, on, step.reason, today)?;
            let mut detail = format!("person={},to={}", head.person_id, step.to.token());
            if step.to == CommissionStatus::Approved {
                let item = step
                    .fee
                    .unwrap_or_else(|| rules::default_fee_item(head.plan_kind));
                let requested = parse_date_field("requested_on", &head.requested_on)?;
                let plan_on = commissions::plan_updated_on(tx.conn(), head.person_id)?
                    .map(|d| parse_date_field("updated_on", &d))
                    .transpose()?;
                rules::check_plan_on_record(id, head.person_id, item, requested, plan_on)?;
                let table = commissions::table(tx.conn(), fiscal_year(on))?;
                let year = fiscal_year(on);
                let fees = rules::fees_for(table.as_ref(), on, item, step.extras, |i| {
                    commissions::paid_in_year(tx.conn(), head.person_id, i, year, id)
                })?;
                commissions::fix_fees(tx.conn(), id, &fees)?;
                if item != "info-only" {
                    commissions::mark_plan_made(tx.conn(), head.person_id, head.office_id)?;
                }
                let total: i64 = fees.iter().map(|f| f.yen).sum();
                detail.push_str(&format!(",fee={item},yen={total}"));
            }
            let account = tx.account().to_string();
            commissions::step(
                tx.conn(),
                id,
                step.to,
                &on.to_string(),
                step.reason.trim(),
                &tx.stamp(),
                &account,
            )?;
            tx.audit("commission.step", "commission", Some(id), &detail)
        })?;
        self.commission(id)
    }

    /// Commission `id`, with its steps, fees and whether it is overdue.
    pub fn commission(&self, id: i64) -> Result<Commission> {
        let filter = Filter {
            ids: vec![id],
            ..Filter::default()
        };
        self.commissions(&filter)?.pop().ok_or(Error::NotFound {
            what: "commission",
            id,
        })
    }

    /// The commissions `filter` asks for, oldest first, each marked overdue when it is
    /// (see the settings `commission.visit_days` and `commission.submit_days`).
    pub fn commissions(&self, filter: &Filter) -> Result<Vec<Commission>> {
        let s = settings::load(self.conn())?;
        let today = self.clock().today();
        let mut out = commissions::list(self.conn(), filter)?;
        for c in &mut out {
            c.overdue = overdue(c, s.visit_days, s.submit_days, today);
        }
        if filter.overdue_only {
            out.retain(|c| c.overdue.is_some());
        }
        Ok(out)
    }

    /// Sets the fee table of 年度 `table.year` (replacing the one set before; what was
    /// approved keeps the fees it fixed); audited `fees.table`.
    pub fn set_fee_table(&mut self, table: &FeeTable) -> Result<()> {
        rules::check_table(table)?;
        self.write(|tx| {
            let account = tx.account().to_string();
            let replaced = commissions::table(tx.conn(), table.year)?.is_some();
            commissions::set_table(tx.conn(), table, &tx.stamp(), &account)?;
            tx.audit(
                "fees.table",
                "fee_table",
                Some(i64::from(table.year)),
                &format!("items={},replaced={replaced}", table.items.len()),
            )
        })
    }

    /// The fee table of 年度 `year`, if one was set.
    pub fn fee_table(&self, year: i32) -> Result<Option<FeeTable>> {
        commissions::table(self.conn(), year)
    }

    /// The 年度 with a fee table, newest first.
    pub fn fee_table_years(&self) -> Result<Vec<i32>> {
        commissions::table_years(self.conn())
    }
}

/// Why commission `c` is late on `today`, if it is: no visit `visit_days` after the
/// request, or no plan `submit_days` after the request (or after it was returned).
pub fn overdue(
    c: &Commission,
    visit_days: u32,
    submit_days: u32,
    today: NaiveDate,
) -> Option<String> {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let requested = date(&c.requested_on)?;
    let late = |from: NaiveDate, days: u32| {
        from.checked_add_days(Days::new(u64::from(days)))
            .is_some_and(|due| today > due)
    };
    let days_since = |from: NaiveDate| (today - from).num_days();
    match c.status {
        CommissionStatus::Requested | CommissionStatus::Accepted if late(requested, visit_days) => {
            Some(format!(
                "訪問なし（依頼から{}日、期限{visit_days}日）",
                days_since(requested)
            ))
        }
        CommissionStatus::Requested | CommissionStatus::Accepted | CommissionStatus::Visited
            if late(requested, submit_days) =>
        {
            Some(format!(
                "計画未提出（依頼から{}日、期限{submit_days}日）",
                days_since(requested)
            ))
        }
        CommissionStatus::Returned => {
            let back = date(&c.status_on)?;
            late(back, submit_days).then(|| {
                format!(
                    "差戻し後未提出（差戻しから{}日、期限{submit_days}日）",
                    days_since(back)
                )
            })
        }
        _ => None,
    }
}
