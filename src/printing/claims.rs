//! The month's claim list, printed (PDF) or for the finance system (CSV): audited
//! `print.claims` or `export.claims` with its counts and hash. It is an internal document
//! of the municipality (not a copy handed to a recipient), so it takes no ledger serial.

use super::destination::{settle, Destination};
use super::Printed;
use crate::commissions::claims::{claims_csv, Claims};
use crate::error::Result;
use crate::print::claims::{yen, ClaimRow, ClaimSection, ClaimsDoc};
use crate::print::furniture::finish;
use crate::print::furniture::{both_dates, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::render::{render, DocMeta};
use crate::store::{audit, settings, Roster};

/// How the claim list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimsFormat {
    /// A4 PDF, one office per page.
    Pdf,
    /// CSV (UTF-8 with BOM), one line per fee.
    Csv,
}

/// A document of the municipality's own (no ledger copy): every text checked against the
/// fonts, the footers added to `pages`, rendered. Returns the bytes and the page count.
pub(super) fn internal_pdf(
    texts: &[&str],
    what: &str,
    mut pages: Vec<crate::print::page::Page>,
    furniture: &Furniture,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Vec<u8>, usize)> {
    let mut g = GlyphCheck::default();
    for t in texts {
        g.check(None, what, t);
    }
    g.finish()?;
    finish(&mut pages, furniture);
    let bytes = render(
        &pages,
        &DocMeta {
            title: &furniture.title,
            created: now,
        },
    );
    Ok((bytes, pages.len()))
}

impl Roster {
    /// Writes the claim list of `month` (only `office`'s when given) to `to`.
    pub fn print_claims(
        &mut self,
        month: &str,
        office: Option<i64>,
        format: ClaimsFormat,
        to: &mut dyn Destination,
    ) -> Result<Printed> {
        let result = self.claims_to(month, office, format, &mut *to);
        settle(to, result, |_| {
            "the claim list is recorded in the audit log (print.claims / export.claims)".into()
        })
    }

    fn claims_to(
        &mut self,
        month: &str,
        office: Option<i64>,
        format: ClaimsFormat,
        save: &mut dyn Destination,
    ) -> Result<Printed> {
        let claims = self.claims(month, office)?;
        self.write(|tx| {
            let (bytes, pages, action) = match format {
                ClaimsFormat::Csv => (claims_csv(&claims)?, 0, "export.claims"),
                ClaimsFormat::Pdf => {
                    let doc = ClaimsDoc {
                        furniture: Furniture {
                            title: format!(
                                "個別避難計画作成 委託料・報償費 請求一覧（{}）",
                                claims.month
                            ),
                            serial: None,
                            subtitle: format!(
                                "{}　作成：{}（庁内用）",
                                settings::municipality(tx.conn())?,
                                both_dates(crate::clock::jst_date(tx.now()))
                            ),
                            disaster: None,
                            audit_head: audit::head_label(tx.conn())?,
                            confidential: true,
                        },
                        sections: sections(&claims),
                        total: format!(
                            "{}　総計 {}件 {}",
                            claims.month,
                            claims.count,
                            yen(claims.total_yen)
                        ),
                    };
                    let (bytes, pages) = internal_pdf(
                        &doc.texts(),
                        "claims",
                        doc.layout(),
                        &doc.furniture,
                        tx.now(),
                    )?;
                    (bytes, pages, "print.claims")
                }
            };
            let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
            save.stage(&bytes, None)?;
            tx.audit(
                action,
                "claims",
                office,
                &format!(
                    "month={},offices={},commissions={},yen={},sha256={sha256}",
                    claims.month,
                    claims.offices.len(),
                    claims.count,
                    claims.total_yen
                ),
            )?;
            Ok(Printed {
                serial: None,
                pages,
                persons: claims.count,
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

fn sections(c: &Claims) -> Vec<ClaimSection> {
    c.offices
        .iter()
        .map(|o| ClaimSection {
            office: format!("{}（事業所ID {}）", o.office_name, o.office_id),
            rows: o
                .lines
                .iter()
                .map(|l| ClaimRow {
                    commission: l.commission_id.to_string(),
                    person: format!("{}（ID {}）", l.person_name, l.person_id),
                    specialist: l.specialist_name.clone().unwrap_or_default(),
                    approved_on: l.approved_on.clone(),
                    fees: l
                        .fees
                        .iter()
                        .map(|f| {
                            let note = if f.note.is_empty() {
                                String::new()
                            } else {
                                format!("（{}）", f.note)
                            };
                            format!("{} {}{note}", f.label, yen(f.yen))
                        })
                        .collect(),
                    total: yen(l.total_yen),
                    status: l.status.label().to_string(),
                })
                .collect(),
            total: format!("合計 {}件 {}", o.lines.len(), yen(o.total_yen)),
        })
        .collect()
}
