//! The simplified (簡易版) and detailed (詳細版) lists for a recipient: a cover page with the
//! count and the custodian's receipt line, then the people — a table for the simplified
//! list, one block per person for the detailed list. Rows grow to fit their text and move
//! whole to the next page; nothing is clipped.

use super::furniture::{Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::page::{line_height, text_width, wrap, Page};
use crate::policy::{Field, FieldProfile};

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
    }

    /// Lays the list out: cover, then the people; headers drawn, footers added by
    /// [`finish`](super::furniture::finish) once the page count is known.
    pub fn layout(&self) -> Vec<Page> {
        let mut pages = vec![cover(self)];
        match self.profile {
            FieldProfile::Simplified => table(self, &mut pages),
            FieldProfile::Detailed => blocks(self, &mut pages),
        }
        pages
    }
}

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

/// Width weight of a column of the simplified table.
fn weight(f: Field) -> f32 {
    match f {
        Field::Name => 44.0,
        Field::Sex | Field::Age => 11.0,
        Field::DateOfBirth => 30.0,
        Field::Address => 70.0,
        Field::Phone | Field::MobilePhone | Field::Fax => 28.0,
        Field::Block => 14.0,
        Field::District | Field::Association | Field::Category => 26.0,
        Field::Supporters | Field::Notes | Field::HelpNeeded | Field::Plan => 60.0,
        _ => 34.0,
    }
}

const BODY: f32 = 9.5;
const SMALL: f32 = 7.5;

fn table(doc: &ListDoc, pages: &mut Vec<Page>) {
    // The name column carries the furigana above the name, as paper rosters do.
    let columns: Vec<Field> = doc
        .columns
        .iter()
        .copied()
        .filter(|f| *f != Field::Furigana)
        .collect();
    let furigana = doc.columns.contains(&Field::Furigana);
    let probe = Page::a4_landscape();
    let left = MARGIN;
    let width = probe.width - 2.0 * MARGIN;
    let no_w = 14.0;
    let total: f32 = columns.iter().map(|f| weight(*f)).sum();
    let scale = (width - no_w) / total;
    let widths: Vec<f32> = columns.iter().map(|f| weight(*f) * scale).collect();
    let bottom = Furniture::content_bottom(&probe);

    let mut page = Page::a4_landscape();
    let mut y = doc.furniture.header(&mut page);
    let head_h = 7.0;
    let header = |page: &mut Page, y: f32| {
        page.fill(left, y, width, head_h, 0.85);
        page.frame(left, y, width, head_h, 0.6);
        page.text(left + 1.5, y + 4.9, 8.5, "No.");
        let mut x = left + no_w;
        for (f, w) in columns.iter().zip(&widths) {
            page.line((x, y), (x, y + head_h), 0.4);
            let label = if *f == Field::Name && furigana {
                "ふりがな／氏名"
            } else {
                f.label()
            };
            page.text(x + 1.5, y + 4.9, 8.5, super::page::fit(label, w - 3.0, 8.5));
            x += w;
        }
        y + head_h
    };
    y = header(&mut page, y);
    if doc.rows.is_empty() {
        page.text(left + 2.0, y + 8.0, 11.0, "掲載する人はいません。");
    }
    for row in &doc.rows {
        let cells: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(f, w)| wrap(row.cell(*f), w - 3.0, BODY))
            .collect();
        let furi = if furigana {
            wrap(row.cell(Field::Furigana), widths[0] - 3.0, SMALL)
        } else {
            Vec::new()
        };
        let name_extra = if furigana && columns.first() == Some(&Field::Name) {
            furi.len() as f32 * line_height(SMALL)
        } else {
            0.0
        };
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut h = lines as f32 * line_height(BODY) + 3.0;
        h = h.max(name_extra + cells.first().map_or(1, Vec::len) as f32 * line_height(BODY) + 3.0);
        if row.disaster_only {
            h += line_height(SMALL);
        }
        if y + h > bottom {
            pages.push(std::mem::replace(&mut page, Page::a4_landscape()));
            y = doc.furniture.header(&mut page);
            y = header(&mut page, y);
        }
        page.frame(left, y, width, h, 0.5);
        page.text(left + 1.5, y + 4.6, BODY, row.no.to_string());
        page.text(
            left + 1.5,
            y + 4.6 + line_height(SMALL) + 0.6,
            6.0,
            format!("ID{}", row.person_id),
        );
        let mut x = left + no_w;
        for (ci, ((f, w), lines)) in columns.iter().zip(&widths).zip(&cells).enumerate() {
            page.line((x, y), (x, y + h), 0.4);
            let mut ty = y + 4.6;
            if ci == 0 && *f == Field::Name && furigana {
                for l in &furi {
                    page.text(x + 1.5, ty - 0.8, SMALL, l.as_str());
                    ty += line_height(SMALL);
                }
            }
            for l in lines {
                page.text(x + 1.5, ty, BODY, l.as_str());
                ty += line_height(BODY);
            }
            if ci == 0 && row.disaster_only {
                page.text(x + 1.5, ty, SMALL, "【災害時提供】");
            }
            x += w;
        }
        y += h;
    }
    pages.push(page);
}

/// The detailed list: a block per person, label and value rows.
fn blocks(doc: &ListDoc, pages: &mut Vec<Page>) {
    let left = MARGIN;
    let mut page = Page::a4();
    let width = page.width - 2.0 * MARGIN;
    let bottom = Furniture::content_bottom(&page);
    let label_w = 34.0;
    let value_w = width - label_w - 4.0;
    let mut y = doc.furniture.header(&mut page);
    // Every page's header ends at the same height: where a fresh page's content starts.
    let top = y;
    if doc.rows.is_empty() {
        page.text(left + 2.0, y + 8.0, 11.0, "掲載する人はいません。");
    }
    let head_fields = [Field::Name, Field::Furigana, Field::Sex, Field::Age];
    for row in &doc.rows {
        // Head line: number, name, furigana, sex, age.
        let mut head = format!("{}．", row.no);
        let name = row.cell(Field::Name);
        head.push_str(name);
        let furi = row.cell(Field::Furigana);
        if !furi.is_empty() {
            head.push_str(&format!("（{furi}）"));
        }
        for f in [Field::Sex, Field::Age] {
            let t = row.cell(f);
            if !t.is_empty() {
                head.push_str(&format!("　{t}"));
            }
        }
        head.push_str(&format!("　ID{}", row.person_id));
        if row.disaster_only {
            head.push_str("　【災害時提供】");
        }
        let head_lines = wrap(&head, width - 4.0, 11.0);
        // Short values pair up two to a row; long ones take the full width.
        let half_value_w = width / 2.0 - label_w - 4.0;
        let items: Vec<(&str, String)> = doc
            .columns
            .iter()
            .filter(|f| !head_fields.contains(f))
            .map(|f| (f.label(), row.cell(*f).to_string()))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let short = |t: &str| !t.contains('\n') && text_width(t, BODY) <= half_value_w - 2.0;
        let mut rows: Vec<Vec<(&str, Vec<String>)>> = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let (label, text) = &items[i];
            if short(text) && i + 1 < items.len() && short(&items[i + 1].1) {
                let (l2, t2) = &items[i + 1];
                rows.push(vec![(label, vec![text.clone()]), (l2, vec![t2.clone()])]);
                i += 2;
            } else {
                rows.push(vec![(label, wrap(text, value_w - 2.0, BODY))]);
                i += 1;
            }
        }
        let head_h = head_lines.len() as f32 * line_height(11.0) + 3.0;
        let body_h: f32 = rows
            .iter()
            .map(|r| r[0].1.len() as f32 * line_height(BODY) + 1.6)
            .sum();
        // A block moves whole to the next page when it fits on one; a longer one is split
        // between rows (and, for a very long value, between lines) — never clipped.
        if y + head_h + body_h + 3.0 > bottom && y > top + 1.0 {
            pages.push(std::mem::replace(&mut page, Page::a4()));
            y = doc.furniture.header(&mut page);
        }
        page.fill(left, y, width, head_h, 0.88);
        page.frame(left, y, width, head_h, 0.8);
        for (i, l) in head_lines.iter().enumerate() {
            page.text(
                left + 2.0,
                y + 5.3 + i as f32 * line_height(11.0),
                11.0,
                l.as_str(),
            );
        }
        y += head_h;
        for row_cells in rows {
            if row_cells.len() == 2 {
                let h = line_height(BODY) + 1.6;
                if y + h > bottom {
                    pages.push(std::mem::replace(&mut page, Page::a4()));
                    y = doc.furniture.header(&mut page);
                }
                let half = width / 2.0;
                for (k, (label, lines)) in row_cells.iter().enumerate() {
                    let x = left + half * k as f32;
                    page.frame(x, y, half, h, 0.4);
                    page.line((x + label_w, y), (x + label_w, y + h), 0.4);
                    page.text(
                        x + 1.5,
                        y + 4.3,
                        8.5,
                        super::page::fit(label, label_w - 3.0, 8.5),
                    );
                    page.text(x + label_w + 2.0, y + 4.3, BODY, lines[0].as_str());
                }
                y += h;
                continue;
            }
            let (label, lines) = &row_cells[0];
            let mut rest: &[String] = lines;
            let mut first = true;
            while !rest.is_empty() {
                let room = ((bottom - y - 1.6) / line_height(BODY)).floor().max(0.0) as usize;
                if room == 0 {
                    pages.push(std::mem::replace(&mut page, Page::a4()));
                    y = doc.furniture.header(&mut page);
                    continue;
                }
                let take = room.min(rest.len());
                let h = take as f32 * line_height(BODY) + 1.6;
                page.frame(left, y, width, h, 0.4);
                page.line((left + label_w, y), (left + label_w, y + h), 0.4);
                let shown = if first {
                    label.to_string()
                } else {
                    format!("{label}（続き）")
                };
                page.text(
                    left + 1.5,
                    y + 4.3,
                    8.5,
                    super::page::fit(&shown, label_w - 3.0, 8.5),
                );
                for (i, l) in rest[..take].iter().enumerate() {
                    page.text(
                        left + label_w + 2.0,
                        y + 4.3 + i as f32 * line_height(BODY),
                        BODY,
                        l.as_str(),
                    );
                }
                y += h;
                rest = &rest[take..];
                first = false;
            }
        }
        y += 3.0;
    }
    pages.push(page);
}
