//! The check sheet a block leader carries door to door: one row per person with tick boxes
//! for 無事 / 要支援 / 不在 / 未確認, a time and "checked by" column, and the tally at the end.

use crate::print::furniture::{Furniture, MARGIN};
use crate::print::page::{fit, line_height, wrap, Page};

/// One person on a check sheet: only what the sharing rule gives the recipient.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// Running number.
    pub no: usize,
    /// Roster id (the number typed in when the results are entered).
    pub person_id: i64,
    /// ふりがな (may be empty).
    pub furigana: String,
    /// Name.
    pub name: String,
    /// Address, or 「（非開示）」.
    pub address: String,
    /// Phone (may be empty).
    pub phone: String,
    /// Supporters to go (may be empty).
    pub supporters: String,
    /// On the sheet only because of disaster mode.
    pub disaster_only: bool,
}

/// A check sheet ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSheet {
    /// Header and footer.
    pub furniture: Furniture,
    /// The instruction block.
    pub instructions: Vec<String>,
    /// The people.
    pub rows: Vec<SheetRow>,
}

const BODY: f32 = 9.0;
const SMALL: f32 = 6.5;
const BOXES: [&str; 4] = ["無事", "要支援", "不在", "未確認"];

impl CheckSheet {
    /// Every text the layout prints (for the glyph check), with the person it belongs to.
    pub fn texts(&self) -> Vec<(Option<i64>, &'static str, &str)> {
        let mut v: Vec<(Option<i64>, &'static str, &str)> = vec![
            (None, "title", self.furniture.title.as_str()),
            (None, "subtitle", self.furniture.subtitle.as_str()),
        ];
        for i in &self.instructions {
            v.push((None, "instructions", i.as_str()));
        }
        for r in &self.rows {
            let id = Some(r.person_id);
            v.push((id, "furigana", r.furigana.as_str()));
            v.push((id, "name", r.name.as_str()));
            v.push((id, "address", r.address.as_str()));
            v.push((id, "phone", r.phone.as_str()));
            v.push((id, "supporters", r.supporters.as_str()));
        }
        v
    }

    /// Lays the sheet out on A4 landscape pages (footers added by `finish`).
    pub fn layout(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut page = Page::a4_landscape();
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let bottom = Furniture::content_bottom(&page);
        let mut y = self.furniture.header(&mut page) + 1.0;
        for line in &self.instructions {
            for l in wrap(line, width - 4.0, 8.5) {
                y += line_height(8.5);
                page.text(left + 2.0, y, 8.5, l);
            }
        }
        y += 3.0;
        // Columns: No./ID, name, address, phone, supporters, four boxes, time, checked by.
        let widths = [
            23.0, 40.0, 52.0, 25.0, 45.0, 11.0, 11.0, 11.0, 11.0, 17.0, 26.0,
        ];
        let scale = width / widths.iter().sum::<f32>();
        let widths: Vec<f32> = widths.iter().map(|w| w * scale).collect();
        let heads = [
            "No./ID",
            "ふりがな／氏名",
            "住所",
            "電話",
            "支援者",
            BOXES[0],
            BOXES[1],
            BOXES[2],
            BOXES[3],
            "時刻",
            "確認者",
        ];
        let head = |page: &mut Page, y: f32| {
            let h = 7.0;
            page.fill(left, y, width, h, 0.85);
            page.frame(left, y, width, h, 0.6);
            let mut x = left;
            for (t, w) in heads.iter().zip(&widths) {
                page.line((x, y), (x, y + h), 0.4);
                page.text(x + 1.2, y + 4.9, 8.0, fit(t, w - 2.0, 8.0));
                x += w;
            }
            y + h
        };
        y = head(&mut page, y);
        if self.rows.is_empty() {
            page.text(left + 2.0, y + 8.0, 11.0, "掲載する人はいません。");
        }
        for row in &self.rows {
            let name = wrap(&row.name, widths[1] - 2.4, BODY);
            let furi = wrap(&row.furigana, widths[1] - 2.4, SMALL);
            let addr = wrap(&row.address, widths[2] - 2.4, BODY);
            let phone = wrap(&row.phone, widths[3] - 2.4, BODY);
            let sup = wrap(&row.supporters, widths[4] - 2.4, 8.0);
            let name_h =
                furi.len() as f32 * line_height(SMALL) + name.len() as f32 * line_height(BODY);
            let lines = [addr.len(), phone.len(), sup.len()]
                .into_iter()
                .max()
                .unwrap_or(1)
                .max(1) as f32;
            let mut h = (lines * line_height(BODY)).max(name_h).max(9.0) + 3.0;
            if row.disaster_only {
                h += line_height(SMALL);
            }
            if y + h > bottom {
                pages.push(std::mem::replace(&mut page, Page::a4_landscape()));
                y = self.furniture.header(&mut page) + 2.0;
                y = head(&mut page, y);
            }
            page.frame(left, y, width, h, 0.5);
            let mut x = left;
            for w in &widths {
                page.line((x, y), (x, y + h), 0.4);
                x += w;
            }
            page.text(
                left + 1.2,
                y + 3.9,
                7.5,
                format!("{}　ID{}", row.no, row.person_id),
            );
            // The number to scan into the entry screen, quiet zones inside the cell.
            page.barcode(left + 0.4, y + 5.0, widths[0] - 0.8, 5.6, row.person_id);
            let mut x = left + widths[0];
            let mut ty = y + 3.6;
            for l in &furi {
                page.text(x + 1.2, ty, SMALL, l.as_str());
                ty += line_height(SMALL);
            }
            ty += 0.8;
            for l in &name {
                page.text(x + 1.2, ty, BODY, l.as_str());
                ty += line_height(BODY);
            }
            if row.disaster_only {
                page.text(x + 1.2, y + h - 1.2, SMALL, "※災害時のみ掲載");
            }
            x += widths[1];
            for (col, lines) in [(2, &addr), (3, &phone), (4, &sup)] {
                for (i, l) in lines.iter().enumerate() {
                    page.text(
                        x + 1.2,
                        y + 4.6 + i as f32 * line_height(BODY),
                        if col == 4 { 8.0 } else { BODY },
                        l.as_str(),
                    );
                }
                x += widths[col];
            }
            for w in &widths[5..9] {
                page.tick_box(x + (w - 4.5) / 2.0, y + (h - 4.5) / 2.0, 4.5, false);
                x += w;
            }
            page.text(x + 2.0, y + h / 2.0 + 1.5, BODY, "　：");
            y += h;
        }
        y += 6.0;
        if y + 14.0 > bottom {
            pages.push(std::mem::replace(&mut page, Page::a4_landscape()));
            y = self.furniture.header(&mut page) + 4.0;
        }
        page.frame(left, y, width, 12.0, 0.8);
        page.text(
            left + 3.0,
            y + 7.8,
            10.0,
            "集計　無事　　　名　要支援　　　名　不在　　　名　未確認　　　名　　記入者　　　　　　　　　　　終了時刻　　　：",
        );
        pages.push(page);
        pages
    }
}
