//! The one-page 作成状況 report: headline facts, then tables (by priority, by who made the
//! plans, high priority by district) and the five-year pace.

use super::furniture::{Furniture, MARGIN};
use super::page::{fit, line_height, wrap, Page};

/// A table: heads, then lines of cells (the first cell is the row's label).
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageTable {
    /// Its heading.
    pub heading: String,
    /// Column heads.
    pub heads: Vec<String>,
    /// The lines.
    pub lines: Vec<Vec<String>>,
}

/// The report ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageDoc {
    /// Header and footer.
    pub furniture: Furniture,
    /// Facts at the top (label, value).
    pub facts: Vec<(String, String)>,
    /// The tables.
    pub tables: Vec<CoverageTable>,
    /// Closing notes (definitions).
    pub notes: Vec<String>,
}

const ROW: f32 = 6.2;

impl CoverageDoc {
    /// Every text it prints.
    pub fn texts(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for (k, x) in &self.facts {
            v.push(k);
            v.push(x);
        }
        for t in &self.tables {
            v.push(&t.heading);
            v.extend(t.heads.iter().map(String::as_str));
            v.extend(t.lines.iter().flatten().map(String::as_str));
        }
        v.extend(self.notes.iter().map(String::as_str));
        v
    }

    /// Lays the report out (a page, and more only for a town with very many districts).
    pub fn layout(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut page = Page::a4();
        let width = page.width - 2.0 * MARGIN;
        let bottom = Furniture::content_bottom(&page);
        let mut y = self.furniture.header(&mut page) + 3.0;
        for (k, v) in &self.facts {
            y += line_height(10.0);
            page.text(MARGIN + 2.0, y, 10.0, k.as_str());
            page.text(MARGIN + 62.0, y, 10.0, fit(v, width - 64.0, 10.0));
        }
        y += 4.0;
        for t in &self.tables {
            let mut first = true;
            let mut rows = t.lines.iter().peekable();
            while first || rows.peek().is_some() {
                if y + 3.0 * ROW > bottom {
                    pages.push(std::mem::replace(&mut page, Page::a4()));
                    y = self.furniture.header(&mut page) + 3.0;
                }
                y += line_height(11.0);
                let heading = if first {
                    t.heading.clone()
                } else {
                    format!("{}（続き）", t.heading)
                };
                page.text(MARGIN, y, 11.0, heading);
                y += 2.0;
                let label_w = 46.0;
                let cell_w = (width - label_w) / (t.heads.len().max(2) - 1) as f32;
                let x_of = |i: usize| {
                    if i == 0 {
                        MARGIN
                    } else {
                        MARGIN + label_w + (i - 1) as f32 * cell_w
                    }
                };
                page.fill(MARGIN, y, width, ROW, 0.85);
                for (i, h) in t.heads.iter().enumerate() {
                    let w = if i == 0 { label_w } else { cell_w };
                    page.text(x_of(i) + 1.2, y + 4.4, 8.5, fit(h, w - 2.4, 8.5));
                }
                page.frame(MARGIN, y, width, ROW, 0.6);
                y += ROW;
                first = false;
                while let Some(line) = rows.next_if(|_| y + ROW <= bottom) {
                    for (i, c) in line.iter().enumerate() {
                        if i == 0 {
                            page.text(x_of(i) + 1.2, y + 4.4, 9.0, fit(c, label_w - 2.4, 9.0));
                        } else {
                            page.text_right(
                                x_of(i) + cell_w - 1.5,
                                y + 4.4,
                                9.0,
                                &fit(c, cell_w - 3.0, 9.0),
                            );
                        }
                    }
                    page.frame(MARGIN, y, width, ROW, 0.4);
                    y += ROW;
                }
            }
            y += 3.0;
        }
        for n in &self.notes {
            for l in wrap(n, width, 8.0) {
                if y + line_height(8.0) > bottom {
                    pages.push(std::mem::replace(&mut page, Page::a4()));
                    y = self.furniture.header(&mut page) + 3.0;
                }
                y += line_height(8.0);
                page.text(MARGIN, y, 8.0, l);
            }
        }
        pages.push(page);
        pages
    }
}
