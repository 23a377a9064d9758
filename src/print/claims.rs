//! The month's claim list (委託料・報償費 請求一覧): one section per office, starting on a
//! page of its own, a line per approved commission with its fees, the office's sum, and
//! the month's sum on the last page.

use super::furniture::{Furniture, MARGIN};
use super::page::{fit, line_height, Page};

/// One line: a commission.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    /// 委託番号.
    pub commission: String,
    /// 対象者 (name and id).
    pub person: String,
    /// 担当.
    pub specialist: String,
    /// 承認日.
    pub approved_on: String,
    /// The fees, one a line (「新規 3,000円」, 「個別ケース会議 3,500円」), with any note.
    pub fees: Vec<String>,
    /// The sum, formatted.
    pub total: String,
    /// 状況 (承認 / 請求 / 支払).
    pub status: String,
}

/// One office's section.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSection {
    /// The office's name and id.
    pub office: String,
    /// Its lines.
    pub rows: Vec<ClaimRow>,
    /// 「合計 2件 10,500円」.
    pub total: String,
}

/// The claim list ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsDoc {
    /// Header and footer.
    pub furniture: Furniture,
    /// The sections, one per office.
    pub sections: Vec<ClaimSection>,
    /// The month's sum, on the last page.
    pub total: String,
}

/// `yen` with thousands separators and 円: 12,500円.
pub fn yen(yen: i64) -> String {
    let digits = yen.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}円", if yen < 0 { "-" } else { "" })
}

const HEADS: [&str; 7] = [
    "委託番号",
    "対象者",
    "担当",
    "承認日",
    "内訳",
    "金額",
    "状況",
];
const WIDTHS: [f32; 7] = [15.0, 38.0, 26.0, 20.0, 0.0, 20.0, 11.0];
const ROW: f32 = 6.5;
/// Each further fee of a line adds this much to its height.
const FEE_LINE: f32 = 4.2;

impl ClaimsDoc {
    /// Every text the document prints (for the glyph check and tests).
    pub fn texts(&self) -> Vec<&str> {
        let mut v = vec![self.total.as_str()];
        for s in &self.sections {
            v.push(&s.office);
            v.push(&s.total);
            for r in &s.rows {
                v.extend([
                    r.commission.as_str(),
                    &r.person,
                    &r.specialist,
                    &r.approved_on,
                    &r.total,
                    &r.status,
                ]);
                v.extend(r.fees.iter().map(String::as_str));
            }
        }
        v
    }

    /// Lays the list out on A4 portrait pages.
    pub fn layout(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut page = Page::a4();
        let width = page.width - 2.0 * MARGIN;
        let widths = column_widths(width);
        let bottom = Furniture::content_bottom(&page);
        let mut y = self.furniture.header(&mut page) + 4.0;
        if self.sections.is_empty() {
            y += line_height(10.0);
            page.text(MARGIN, y, 10.0, "この月に承認された委託はありません。");
        }
        for (k, s) in self.sections.iter().enumerate() {
            if k > 0 {
                pages.push(std::mem::replace(&mut page, Page::a4()));
                y = self.furniture.header(&mut page) + 4.0;
            }
            y = heading(&mut page, &s.office, y, width);
            y = heads(&mut page, &widths, y, width);
            for r in &s.rows {
                let h = ROW + FEE_LINE * r.fees.len().saturating_sub(1) as f32;
                if y + h > bottom - ROW {
                    pages.push(std::mem::replace(&mut page, Page::a4()));
                    y = self.furniture.header(&mut page) + 4.0;
                    y = heading(&mut page, &format!("{}（続き）", s.office), y, width);
                    y = heads(&mut page, &widths, y, width);
                }
                let fees = String::new(); // drawn a line each, below
                let cells = [
                    &r.commission,
                    &r.person,
                    &r.specialist,
                    &r.approved_on,
                    &fees,
                    &r.total,
                    &r.status,
                ];
                let mut x = MARGIN;
                for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                    match i {
                        4 => {
                            for (k, f) in r.fees.iter().enumerate() {
                                let at = y + 4.6 + FEE_LINE * k as f32;
                                page.text(x + 1.2, at, 8.5, fit(f, w - 2.4, 8.5));
                            }
                        }
                        5 => page.text_right(x + w - 1.2, y + 4.6, 8.5, &fit(c, w - 2.4, 8.5)),
                        _ => page.text(x + 1.2, y + 4.6, 8.5, fit(c, w - 2.4, 8.5)),
                    }
                    x += w;
                }
                page.frame(MARGIN, y, width, h, 0.4);
                y += h;
            }
            y += 2.0;
            page.text_right(MARGIN + width, y + 4.6, 10.0, &s.total);
            y += ROW;
        }
        if y + 2.0 * ROW > bottom {
            pages.push(std::mem::replace(&mut page, Page::a4()));
            y = self.furniture.header(&mut page) + 4.0;
        }
        y += ROW;
        page.line((MARGIN, y), (MARGIN + width, y), 0.6);
        page.text_right(MARGIN + width, y + 5.5, 11.0, &self.total);
        pages.push(page);
        pages
    }
}

fn column_widths(width: f32) -> [f32; 7] {
    let fixed: f32 = WIDTHS.iter().sum();
    let mut w = WIDTHS;
    w[4] = width - fixed;
    w
}

fn heading(page: &mut Page, office: &str, y: f32, width: f32) -> f32 {
    let y = y + line_height(11.0);
    page.text(MARGIN, y, 11.0, fit(office, width, 11.0));
    y + 2.5
}

fn heads(page: &mut Page, widths: &[f32; 7], y: f32, width: f32) -> f32 {
    page.fill(MARGIN, y, width, ROW, 0.85);
    let mut x = MARGIN;
    for (h, w) in HEADS.iter().zip(widths) {
        page.text(x + 1.2, y + 4.6, 8.5, *h);
        x += w;
    }
    page.frame(MARGIN, y, width, ROW, 0.6);
    y + ROW
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_has_thousands_separators() {
        assert_eq!(yen(0), "0円");
        assert_eq!(yen(999), "999円");
        assert_eq!(yen(7000), "7,000円");
        assert_eq!(yen(1_234_567), "1,234,567円");
    }

    #[test]
    fn each_office_starts_a_page_and_long_lists_continue() {
        let row = |i: usize| ClaimRow {
            commission: format!("{i}"),
            person: format!("対象者{i}"),
            specialist: "担当".into(),
            approved_on: "2026-11-02".into(),
            fees: vec!["新規 3,000円".into()],
            total: "3,000円".into(),
            status: "承認".into(),
        };
        let doc = ClaimsDoc {
            furniture: Furniture {
                title: "請求一覧".into(),
                serial: None,
                subtitle: String::new(),
                disaster: None,
                audit_head: String::new(),
                confidential: true,
            },
            sections: vec![
                ClaimSection {
                    office: "A事業所".into(),
                    rows: (0..60).map(row).collect(),
                    total: "合計".into(),
                },
                ClaimSection {
                    office: "B事業所".into(),
                    rows: vec![row(99)],
                    total: "合計".into(),
                },
            ],
            total: "総計".into(),
        };
        let pages = doc.layout();
        assert_eq!(pages.len(), 3);
        let texts: Vec<Vec<&str>> = pages.iter().map(|p| p.texts().collect()).collect();
        assert!(texts[1].iter().any(|t| t.contains("A事業所（続き）")));
        assert!(texts[2].contains(&"B事業所"));
        assert!(texts[2].contains(&"総計"));
        let rows_a: usize = texts[..2]
            .iter()
            .map(|t| {
                t.iter()
                    .filter(|s| s.starts_with("対象者") && **s != "対象者")
                    .count()
            })
            .sum();
        assert_eq!(rows_a, 60);
    }
}
