//! The month's claim list (請求一覧) per office, its CSV for the finance system, and the
//! 年度's summary. A commission belongs to the month of its approval, whatever it has
//! reached since (claimed, paid); the fees are those fixed on approval.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::export::neutralise;
use crate::model::commission::{Commission, CommissionStatus, FixedFee};
use crate::store::commissions::Filter;
use crate::store::Roster;

/// One commission on a claim list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimLine {
    /// The commission.
    pub commission_id: i64,
    /// Whose plan.
    pub person_id: i64,
    /// Their name.
    pub person_name: String,
    /// The specialist, if named.
    pub specialist_name: Option<String>,
    /// Approved on.
    pub approved_on: String,
    /// Where it stands now (approved, claimed, paid).
    pub status: CommissionStatus,
    /// The fees fixed on approval.
    pub fees: Vec<FixedFee>,
    /// Their sum, yen.
    pub total_yen: i64,
}

/// One office's claims of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficeClaims {
    /// The office.
    pub office_id: i64,
    /// Its name.
    pub office_name: String,
    /// Its commissions approved in the month, by approval date.
    pub lines: Vec<ClaimLine>,
    /// Their sum, yen.
    pub total_yen: i64,
}

/// The month's claim list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claims {
    /// The month (`YYYY-MM`).
    pub month: String,
    /// Per office, by name.
    pub offices: Vec<OfficeClaims>,
    /// Commissions on the list.
    pub count: usize,
    /// The sum of everything, yen.
    pub total_yen: i64,
}

/// One line of the 年度's summary: an office and a fee item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryLine {
    /// The office.
    pub office_id: i64,
    /// Its name.
    pub office_name: String,
    /// The fee item.
    pub item: String,
    /// Its label.
    pub label: String,
    /// How many times it was fixed.
    pub count: usize,
    /// Their sum, yen.
    pub total_yen: i64,
}

/// The 年度's fees: by office and item, and in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearSummary {
    /// The 年度.
    pub year: i32,
    /// By office and item.
    pub lines: Vec<SummaryLine>,
    /// Commissions approved in the 年度.
    pub commissions: usize,
    /// The sum, yen.
    pub total_yen: i64,
}

/// The first day of `month` (`YYYY-MM`) and of the month after.
pub fn month_bounds(month: &str) -> Result<(NaiveDate, NaiveDate)> {
    let bad = || {
        Error::invalid(
            "--month",
            format!("{month:?} is not a month: write it as 2026-11"),
        )
    };
    let first = NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .map_err(|_| bad())?;
    let next = first.checked_add_months(Months::new(1)).ok_or_else(bad)?;
    Ok((first, next))
}

fn approved_on(c: &Commission) -> String {
    c.steps
        .iter()
        .rev()
        .find(|s| s.status == CommissionStatus::Approved)
        .map(|s| s.on.clone())
        .unwrap_or_default()
}

impl Roster {
    /// The claim list of `month` (`YYYY-MM`): every commission approved in it, per office
    /// (only `office`'s when given).
    pub fn claims(&self, month: &str, office: Option<i64>) -> Result<Claims> {
        let (first, next) = month_bounds(month)?;
        if let Some(o) = office {
            crate::store::offices::load_active(self.conn(), o)?;
        }
        let list = self.commissions(&Filter {
            office,
            approved_from: Some(first.to_string()),
            approved_before: Some(next.to_string()),
            ..Filter::default()
        })?;
        let mut by_office: BTreeMap<(String, i64), Vec<ClaimLine>> = BTreeMap::new();
        for c in list.into_iter().filter(|c| c.status.approved()) {
            by_office
                .entry((c.office_name.clone(), c.office_id))
                .or_default()
                .push(ClaimLine {
                    commission_id: c.id,
                    person_id: c.person_id,
                    approved_on: approved_on(&c),
                    person_name: c.person_name,
                    specialist_name: c.specialist_name,
                    status: c.status,
                    total_yen: c.total_yen,
                    fees: c.fees,
                });
        }
        let offices: Vec<OfficeClaims> = by_office
            .into_iter()
            .map(|((office_name, office_id), mut lines)| {
                lines.sort_by(|a, b| {
                    (&a.approved_on, a.commission_id).cmp(&(&b.approved_on, b.commission_id))
                });
                OfficeClaims {
                    office_id,
                    office_name,
                    total_yen: lines.iter().map(|l| l.total_yen).sum(),
                    lines,
                }
            })
            .collect();
        Ok(Claims {
            month: first.format("%Y-%m").to_string(),
            count: offices.iter().map(|o| o.lines.len()).sum(),
            total_yen: offices.iter().map(|o| o.total_yen).sum(),
            offices,
        })
    }

    /// The fees of 年度 `year` (April to March): by office and item.
    pub fn fee_summary(&self, year: i32) -> Result<YearSummary> {
        let first = NaiveDate::from_ymd_opt(year, 4, 1)
            .ok_or_else(|| Error::invalid("--year", "must be a 年度 such as 2026"))?;
        let next = NaiveDate::from_ymd_opt(year + 1, 4, 1)
            .ok_or_else(|| Error::invalid("--year", "must be a 年度 such as 2026"))?;
        let list = self.commissions(&Filter {
            approved_from: Some(first.to_string()),
            approved_before: Some(next.to_string()),
            ..Filter::default()
        })?;
        let mut lines: BTreeMap<(String, i64, String), SummaryLine> = BTreeMap::new();
        let mut commissions = 0;
        for c in list.iter().filter(|c| c.status.approved()) {
            commissions += 1;
            for f in &c.fees {
                let l = lines
                    .entry((c.office_name.clone(), c.office_id, f.item.clone()))
                    .or_insert_with(|| SummaryLine {
                        office_id: c.office_id,
                        office_name: c.office_name.clone(),
                        item: f.item.clone(),
                        label: f.label.clone(),
                        count: 0,
                        total_yen: 0,
                    });
                l.count += 1;
                l.total_yen += f.yen;
            }
        }
        let lines: Vec<SummaryLine> = lines.into_values().collect();
        Ok(YearSummary {
            year,
            total_yen: lines.iter().map(|l| l.total_yen).sum(),
            commissions,
            lines,
        })
    }
}

/// The claim list as CSV for the finance system: UTF-8 with a byte-order mark, one line
/// per fee (so the amounts add up by column), header first. Texts that a spreadsheet would
/// take for a formula are neutralised as in every export.
pub fn claims_csv(c: &Claims) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: csv::Error| Error::invalid("--out", format!("cannot write the CSV: {e}"));
    w.write_record([
        "請求月",
        "事業所ID",
        "事業所名",
        "委託番号",
        "対象者ID",
        "対象者氏名",
        "承認日",
        "区分",
        "項目",
        "金額",
        "年度",
        "備考",
    ])
    .map_err(fail)?;
    for o in &c.offices {
        for l in &o.lines {
            for f in &l.fees {
                w.write_record([
                    c.month.as_str(),
                    &o.office_id.to_string(),
                    &neutralise(&o.office_name),
                    &l.commission_id.to_string(),
                    &l.person_id.to_string(),
                    &neutralise(&l.person_name),
                    &l.approved_on,
                    &f.item,
                    &neutralise(&f.label),
                    &f.yen.to_string(),
                    &f.year.to_string(),
                    &neutralise(&f.note),
                ])
                .map_err(fail)?;
            }
        }
    }
    w.into_inner()
        .map_err(|e| Error::invalid("--out", format!("cannot write the CSV: {e}")))
}
