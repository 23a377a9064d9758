//! The detailed list (詳細版): a block per person — a head line, then label and value rows,
//! short values two to a row.

use super::{ListDoc, BODY, STOP_EVERY};
use crate::policy::Field;
use crate::print::furniture::{Furniture, MARGIN};
use crate::print::page::{fit, line_height, text_width, wrap, Page};

/// The detailed list: a block per person, label and value rows.
/// `None` when `stop` said to give up (asked every [`STOP_EVERY`] people).
pub(super) fn blocks(doc: &ListDoc, pages: &mut Vec<Page>, stop: &dyn Fn() -> bool) -> Option<()> {
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
    for (i, row) in doc.rows.iter().enumerate() {
        if i % STOP_EVERY == 0 && stop() {
            return None;
        }
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
                    page.text(x + 1.5, y + 4.3, 8.5, fit(label, label_w - 3.0, 8.5));
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
                page.text(left + 1.5, y + 4.3, 8.5, fit(&shown, label_w - 3.0, 8.5));
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
    Some(())
}
