//! The 作成状況 report, printed: counts only (no one's name), audited `print.coverage`.

use super::claims::internal_pdf;
use super::destination::{settle, Destination};
use super::Printed;
use crate::error::Result;
use crate::model::wareki::to_wareki;
use crate::print::coverage::{CoverageDoc, CoverageTable};
use crate::print::furniture::{both_dates, Furniture};
use crate::store::{audit, settings, Roster};
use crate::worklists::coverage::{Counts, Coverage, HIGH, MIDDLE};

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn line(c: &Counts) -> Vec<String> {
    vec![
        c.label.clone(),
        c.people.to_string(),
        c.made.to_string(),
        c.partly.to_string(),
        c.not_made.to_string(),
        c.info_only.to_string(),
        c.current.to_string(),
        pct(c.current, c.people),
    ]
}

fn heads() -> Vec<String> {
    [
        "",
        "対象者",
        "作成済",
        "一部作成",
        "未作成",
        "うち情報のみ",
        "最新の計画",
        "最新の割合",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The report's document from the figures.
pub fn coverage_doc(c: &Coverage, furniture: Furniture) -> CoverageDoc {
    let year = |y: i32| {
        chrono::NaiveDate::from_ymd_opt(y, 4, 1)
            .and_then(to_wareki)
            .map(|w| {
                format!(
                    "{}年度（{y}年度）",
                    w.split('年').next().unwrap_or_default()
                )
            })
            .unwrap_or_else(|| format!("{y}年度"))
    };
    let by = match c.high_all_by {
        Some(y) => format!("{}の見込み", year(y)),
        None => "見込みなし（この1年に作成された計画がありません）".to_string(),
    };
    CoverageDoc {
        furniture,
        facts: vec![
            ("名簿登載者".into(), format!("{}名", c.total.people)),
            (
                "個別避難計画".into(),
                format!(
                    "作成済 {}名、一部作成 {}名、未作成 {}名（うち避難情報のみ提供 {}名）",
                    c.total.made, c.total.partly, c.total.not_made, c.total.info_only
                ),
            ),
            (
                "優先度の高い方".into(),
                format!(
                    "{}名のうち最新の計画あり {}名（{}）",
                    c.by_priority[0].people,
                    c.by_priority[0].current,
                    pct(c.by_priority[0].current, c.by_priority[0].people)
                ),
            ),
            (
                "作成のペース".into(),
                format!(
                    "この1年に{}名。残り{}名の完了は{by}",
                    c.high_new_last_year, c.high_remaining
                ),
            ),
        ],
        tables: vec![
            CoverageTable {
                heading: "優先度別".into(),
                heads: heads(),
                lines: c
                    .by_priority
                    .iter()
                    .chain(std::iter::once(&c.total))
                    .map(line)
                    .collect(),
            },
            CoverageTable {
                heading: "作成の区分別（計画のある方）".into(),
                heads: vec!["区分".into(), "計画".into(), "割合".into()],
                lines: {
                    let all: usize = c.by_maker.iter().map(|(_, n)| n).sum();
                    c.by_maker
                        .iter()
                        .map(|(l, n)| vec![l.clone(), n.to_string(), pct(*n, all)])
                        .collect()
                },
            },
            CoverageTable {
                heading: "優先度の高い方の地区別".into(),
                heads: heads(),
                lines: c.high_by_district.iter().map(line).collect(),
            },
        ],
        notes: vec![
            format!("優先度：危険度×身体状況×世帯の点数で、高 {HIGH}点以上、中 {MIDDLE}〜{}点、低 {}点以下。", HIGH - 1, MIDDLE - 1),
            "作成済：避難先と避難支援者のある計画。一部作成：そのどちらかがない計画。最新の計画：作成済で見直し期限内、かつ見直しの必要（要見直し）がない計画。".into(),
            "作成のペース：優先度の高い方のうち、この1年に初めて計画が作成された人数。その人数で残りを作成し終える年度を示します（取組指針：優先度の高い方は概ね5年で作成）。".into(),
        ],
    }
}

impl Roster {
    /// Prints the 作成状況 report to `to`.
    pub fn print_coverage(&mut self, to: &mut dyn Destination) -> Result<Printed> {
        let result = self.coverage_to(&mut *to);
        settle(to, result, |_| {
            "the report is recorded in the audit log (print.coverage)".into()
        })
    }

    fn coverage_to(&mut self, save: &mut dyn Destination) -> Result<Printed> {
        let c = self.plan_coverage()?;
        self.write(|tx| {
            let furniture = Furniture {
                title: "個別避難計画 作成状況".into(),
                serial: None,
                subtitle: format!(
                    "{}　集計日：{}（庁内用・人数のみ）",
                    settings::municipality(tx.conn())?,
                    both_dates(crate::clock::jst_date(tx.now()))
                ),
                disaster: None,
                audit_head: audit::head_label(tx.conn())?,
                confidential: false,
            };
            let doc = coverage_doc(&c, furniture);
            let (bytes, pages) = internal_pdf(
                &doc.texts(),
                "coverage",
                doc.layout(),
                &doc.furniture,
                tx.now(),
            )?;
            let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
            save.stage(&bytes, None)?;
            tx.audit(
                "print.coverage",
                "coverage",
                None,
                &format!(
                    "people={},made={},partly={},not_made={},sha256={sha256}",
                    c.total.people, c.total.made, c.total.partly, c.total.not_made
                ),
            )?;
            Ok(Printed {
                serial: None,
                pages,
                persons: c.total.people,
                excluded: 0,
                unplaced: 0,
                locked: false,
                disaster: false,
                sha256,
                due_back: None,
                reprint_of: None,
            })
        })
    }
}
