//! The simplified (簡易版) and detailed (詳細版) lists for a recipient: a cover page with the
//! count and the custodian's receipt line, then the people — a table for the simplified
//! list, one block per person for the detailed list. Rows grow to fit their text and move
//! whole to the next page; nothing is clipped.
//!
//! Here the documents and the cover; `simplified` lays out the table, `detailed` the blocks.

use super::furniture::{Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::map::MapPage;
use super::page::{line_height, wrap, Page};
use crate::policy::{Field, FieldProfile};
use detailed::blocks;
use simplified::table;

mod detailed;
mod simplified;

/// A list ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct ListDoc {
    /// Simplified or detailed.
    pub profile: FieldProfile,
    /// Header and footer.
    pub furniture: Furniture,
    /// The cover page's facts, in order (交付番号, 提供先 …).
    pub facts: Vec<(String, String)>,
    /// The handling rules printed on the cover.
    pub rules: Vec<String>,
    /// The columns (the fields the sharing rule gives this recipient, in list order).
    pub columns: Vec<Field>,
    /// The people, in print order.
    pub rows: Vec<ListRow>,
    /// The 地図 page after the people, when asked for.
    pub map: Option<MapPage>,
}

/// One person on a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    /// Running number on this list.
    pub no: usize,
    /// The person's roster id (printed, so a returned sheet can be matched).
    pub person_id: i64,
    /// The allowed fields' text.
    pub cells: Vec<(Field, String)>,
    /// Fields of the list withheld for this person (printed as 「非開示」).
    pub withheld: Vec<Field>,
    /// On the list only because of disaster mode.
    pub disaster_only: bool,
}

impl ListRow {
    fn cell(&self, f: Field) -> &str {
        if self.withheld.contains(&f) {
            return "（非開示）";
        }
        self.cells
            .iter()
            .find(|(g, _)| *g == f)
            .map_or("", |(_, t)| t.as_str())
    }
}

impl ListDoc {
    /// Checks every character that will be printed.
    pub fn check_glyphs(&self, g: &mut GlyphCheck) {
        g.check(None, "title", &self.furniture.title);
        g.check(None, "subtitle", &self.furniture.subtitle);
        for (k, v) in &self.facts {
            g.check(None, k, v);
        }
        for r in &self.rows {
            for (f, t) in &r.cells {
                g.check(Some(r.person_id), f.token(), t);
            }
        }
        if let Some(map) = &self.map {
            map.check_glyphs(g);
        }
    }

    /// Lays the list out: cover, then the people, then the map when there is one; headers drawn, footers added by
    /// [`finish`](super::furniture::finish) once the page count is known.
    pub fn layout(&self) -> Vec<Page> {
        self.layout_or_stop(&|| false).unwrap_or_default()
    }

    /// Lays the list out as [`layout`](Self::layout) does, asking `stop` every
    /// [`STOP_EVERY`] people whether to give up: `None` when it said so (a town's list is
    /// a few seconds of layout, and a stop should not wait for all of it).
    pub fn layout_or_stop(&self, stop: &dyn Fn() -> bool) -> Option<Vec<Page>> {
        let mut pages = vec![cover(self)];
        match self.profile {
            FieldProfile::Simplified => table(self, &mut pages, stop)?,
            FieldProfile::Detailed => blocks(self, &mut pages, stop)?,
        }
        if let Some(map) = &self.map {
            pages.extend(map.layout(&self.furniture));
        }
        Some(pages)
    }
}

/// How many people a list lays out between two looks at a stop request.
pub const STOP_EVERY: usize = 256;

const BODY: f32 = 9.5;
const SMALL: f32 = 7.5;

const RECEIPT: &str =
    "上記の名簿を受領しました。取扱いの注意事項を守り、返却期限までに返却します。";

fn cover(doc: &ListDoc) -> Page {
    let mut page = Page::a4();
    let mut y = doc.furniture.header(&mut page) + 14.0;
    let left = MARGIN + 8.0;
    let right = page.width - MARGIN - 8.0;
    page.text_centre(page.width / 2.0, y, 20.0, &doc.furniture.title);
    y += 16.0;
    let label_w = 38.0;
    for (k, v) in &doc.facts {
        let lines = wrap(v, right - left - label_w - 4.0, 11.0);
        let h = lines.len() as f32 * line_height(11.0) + 3.0;
        page.fill(left, y, label_w, h, 0.9);
        page.frame(left, y, right - left, h, 0.6);
        page.line((left + label_w, y), (left + label_w, y + h), 0.6);
        page.text(left + 2.0, y + 5.2, 11.0, k.as_str());
        for (i, l) in lines.iter().enumerate() {
            page.text(
                left + label_w + 3.0,
                y + 5.2 + i as f32 * line_height(11.0),
                11.0,
                l.as_str(),
            );
        }
        y += h;
    }
    y += 8.0;
    page.text(left, y, 11.0, "取扱いの注意");
    y += 2.0;
    for (i, rule) in doc.rules.iter().enumerate() {
        for (j, l) in wrap(rule, right - left - 8.0, 9.5).iter().enumerate() {
            y += line_height(9.5);
            if j == 0 {
                page.text(left + 1.0, y, 9.5, format!("{}.", i + 1));
            }
            page.text(left + 7.0, y, 9.5, l.as_str());
        }
    }
    // The custodian's receipt, and the return record.
    y = y.max(page.height - 95.0) + 6.0;
    page.frame(left, y, right - left, 40.0, 1.0);
    page.text(left + 3.0, y + 7.0, 12.0, "受領書");
    page.text(left + 3.0, y + 14.0, 9.5, RECEIPT);
    page.text(
        left + 3.0,
        y + 24.0,
        10.5,
        "受領日　　令和　　年　　月　　日",
    );
    page.text(left + 3.0, y + 34.0, 10.5, "受領者（管理責任者）氏名");
    page.line((left + 48.0, y + 35.0), (right - 16.0, y + 35.0), 0.5);
    page.text(right - 10.0, y + 34.0, 10.5, "印");
    y += 46.0;
    page.frame(left, y, right - left, 18.0, 0.6);
    page.text(left + 3.0, y + 7.0, 10.0, "返却・廃棄の記録（市記入）");
    page.text(
        left + 3.0,
        y + 14.5,
        10.0,
        "返却日／廃棄日　　　年　　月　　日　　確認者",
    );
    page.line((left + 96.0, y + 15.5), (right - 4.0, y + 15.5), 0.5);
    page
}
