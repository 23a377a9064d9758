//! The simplified list (簡易版): one table row per person, the columns sized by weight, the
//! furigana above the name.

use super::{ListDoc, BODY, SMALL, STOP_EVERY};
use crate::policy::Field;
use crate::print::furniture::{Furniture, MARGIN};
use crate::print::page::{fit, line_height, wrap, Page};

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

/// `None` when `stop` said to give up (asked every [`STOP_EVERY`] people).
pub(super) fn table(doc: &ListDoc, pages: &mut Vec<Page>, stop: &dyn Fn() -> bool) -> Option<()> {
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
            page.text(x + 1.5, y + 4.9, 8.5, fit(label, w - 3.0, 8.5));
            x += w;
        }
        y + head_h
    };
    y = header(&mut page, y);
    if doc.rows.is_empty() {
        page.text(left + 2.0, y + 8.0, 11.0, "掲載する人はいません。");
    }
    for (i, row) in doc.rows.iter().enumerate() {
        if i % STOP_EVERY == 0 && stop() {
            return None;
        }
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
    Some(())
}
