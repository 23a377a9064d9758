//! What every page of a handed-out document carries: a header naming the document, its
//! recipient and serial, 「取扱注意・複製禁止」 and the disaster-time marking; a footer with
//! "page x / y" and the audit chain's head hash, so a found copy can be traced.

use chrono::NaiveDate;

use super::page::{fit, line_height, Page};
use crate::model::wareki::to_wareki;

/// The heading facts of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Furniture {
    /// 「避難行動要支援者名簿（簡易版）」.
    pub title: String,
    /// 交付番号, when the document is in the copy ledger.
    pub serial: Option<String>,
    /// One line under the title: recipient, district, issue date.
    pub subtitle: String,
    /// 「災害時提供」 marking text, when made in disaster mode.
    pub disaster: Option<String>,
    /// The audit chain's head hash when the document was made.
    pub audit_head: String,
    /// Whether the page says 「取扱注意・複製禁止」.
    pub confidential: bool,
}

/// Height the header takes, mm from the top margin.
pub const HEADER_HEIGHT: f32 = 21.0;
/// Margin on every side, mm.
pub const MARGIN: f32 = 12.0;

/// A date as 令和8年11月22日（2026-11-22）.
pub fn both_dates(d: NaiveDate) -> String {
    match to_wareki(d) {
        Some(w) => format!("{w}（{}）", d.format("%Y-%m-%d")),
        None => d.format("%Y-%m-%d").to_string(),
    }
}

impl Furniture {
    /// Draws the header; returns the y where content starts.
    pub fn header(&self, page: &mut Page) -> f32 {
        let left = MARGIN;
        let right = page.width - MARGIN;
        let mut y = MARGIN + 5.0;
        let mut right_edge = right;
        if self.confidential {
            let label = "取扱注意・複製禁止";
            let w = super::page::text_width(label, 11.0) + 6.0;
            page.frame(right - w, MARGIN, w, 8.0, 1.4);
            page.text(right - w + 3.0, MARGIN + 5.8, 11.0, label);
            right_edge = right - w - 4.0;
        }
        if let Some(serial) = &self.serial {
            let label = format!("交付番号 {serial}");
            page.text_right(right_edge, y, 10.0, &label);
            right_edge -= super::page::text_width(&label, 10.0) + 4.0;
        }
        let title = fit(&self.title, right_edge - left, 14.0);
        page.text(left, y + 0.5, 14.0, title);
        y += line_height(9.0) + 2.5;
        page.text(left, y, 9.0, fit(&self.subtitle, right - left, 9.0));
        y += 2.0;
        if let Some(marking) = &self.disaster {
            page.fill(left, y, right - left, 6.5, 0.82);
            page.frame(left, y, right - left, 6.5, 1.6);
            page.text(
                left + 2.0,
                y + 4.8,
                10.0,
                fit(marking, right - left - 4.0, 10.0),
            );
            y += 7.5;
        }
        page.line((left, y + 0.8), (right, y + 0.8), 0.8);
        y + 3.0
    }

    /// Draws the footer of page `n` of `total`.
    pub fn footer(&self, page: &mut Page, n: usize, total: usize) {
        let y = page.height - MARGIN + 5.0;
        let left = MARGIN;
        let right = page.width - MARGIN;
        page.line((left, y - 4.0), (right, y - 4.0), 0.4);
        page.text(left, y, 6.5, format!("監査ハッシュ {}", self.audit_head));
        page.text_right(right, y, 9.0, &format!("{n} / {total} ページ"));
    }

    /// The y below which content must not go.
    pub fn content_bottom(page: &Page) -> f32 {
        page.height - MARGIN - 6.0
    }
}

/// Adds the header to every page and the footer with "x / y"; returns the pages.
pub fn finish(pages: &mut [Page], furniture: &Furniture) {
    let total = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        furniture.footer(p, i + 1, total);
    }
}
