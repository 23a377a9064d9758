//! The drill report: the facts, the tables (confirmation, then warnings to supporters; a
//! line per district), the chart of confirmation over time, and the further sections
//! (never reached, silent supporters, earlier drills, lessons).

use crate::print::furniture::{Furniture, MARGIN};
use crate::print::page::{fit, line_height, text_width, wrap, Page};

/// A table of the report: one line per district (and the total).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTable {
    /// Column heads, the district's first.
    pub heads: Vec<String>,
    /// The lines.
    pub lines: Vec<ReportLine>,
    /// What the columns mean, under the table.
    pub note: String,
}

/// One line of a report table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLine {
    /// District (or 全体).
    pub district: String,
    /// Cells after the district: people, counts, minutes.
    pub cells: Vec<String>,
}

/// One drill's curve on the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    /// Legend text.
    pub label: String,
    /// (minutes since start, percent confirmed) after each confirmation.
    pub points: Vec<(i64, f64)>,
    /// This drill (drawn heavier).
    pub current: bool,
}

/// The drill report ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDoc {
    /// Header and footer.
    pub furniture: Furniture,
    /// Facts at the top (訓練名, 実施日 …).
    pub facts: Vec<(String, String)>,
    /// Tables per district: confirmation, then warnings to supporters.
    pub tables: Vec<ReportTable>,
    /// The chart.
    pub series: Vec<ChartSeries>,
    /// Targets (warnings, confirmation), minutes.
    pub targets: (u32, u32),
    /// Further sections: heading and lines (never reached, silent supporters, earlier
    /// drills, lessons).
    pub sections: Vec<(String, Vec<String>)>,
}

/// Draws table `t` from `y` across `width`; returns the y below it and its note.
fn table(page: &mut Page, t: &ReportTable, left: f32, mut y: f32, width: f32) -> f32 {
    let w0 = 40.0;
    let wc = (width - w0) / (t.heads.len().max(2) - 1) as f32;
    let row_h = 6.5;
    page.fill(left, y, width, row_h, 0.85);
    for (i, h) in t.heads.iter().enumerate() {
        let x = if i == 0 {
            left
        } else {
            left + w0 + (i - 1) as f32 * wc
        };
        page.text(
            x + 1.2,
            y + 4.6,
            8.5,
            fit(h, if i == 0 { w0 } else { wc } - 2.0, 8.5),
        );
    }
    page.frame(left, y, width, row_h, 0.6);
    y += row_h;
    for l in &t.lines {
        page.frame(left, y, width, row_h, 0.4);
        page.text(left + 1.2, y + 4.6, 9.0, fit(&l.district, w0 - 2.0, 9.0));
        for (i, c) in l.cells.iter().enumerate() {
            let x = left + w0 + i as f32 * wc;
            page.line((x, y), (x, y + row_h), 0.3);
            page.text(x + 1.2, y + 4.6, 9.0, fit(c, wc - 2.0, 9.0));
        }
        y += row_h;
    }
    page.text(left, y + 4.0, 7.5, t.note.as_str());
    y + 9.0
}

impl ReportDoc {
    /// Every text the layout prints.
    pub fn texts(&self) -> Vec<&str> {
        let mut v = vec![
            self.furniture.title.as_str(),
            self.furniture.subtitle.as_str(),
        ];
        for (k, x) in &self.facts {
            v.push(k);
            v.push(x);
        }
        for t in &self.tables {
            v.extend(t.heads.iter().map(String::as_str));
            v.push(&t.note);
            for l in &t.lines {
                v.push(&l.district);
                v.extend(l.cells.iter().map(String::as_str));
            }
        }
        for s in &self.series {
            v.push(&s.label);
        }
        for (h, ls) in &self.sections {
            v.push(h);
            v.extend(ls.iter().map(String::as_str));
        }
        v
    }

    /// Lays the report out on A4 portrait pages.
    pub fn layout(&self) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut page = Page::a4();
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let bottom = Furniture::content_bottom(&page);
        let mut y = self.furniture.header(&mut page) + 4.0;
        for (k, v) in &self.facts {
            y += line_height(9.5);
            page.text(left + 2.0, y, 9.5, k.as_str());
            page.text(left + 32.0, y, 9.5, fit(v, width - 34.0, 9.5));
        }
        y += 5.0;
        for t in &self.tables {
            if y + 6.5 * (t.lines.len() + 2) as f32 + 9.0 > bottom {
                pages.push(std::mem::replace(&mut page, Page::a4()));
                y = self.furniture.header(&mut page) + 4.0;
            }
            y = table(&mut page, t, left, y, width);
        }
        if y + 80.0 > bottom {
            pages.push(std::mem::replace(&mut page, Page::a4()));
            y = self.furniture.header(&mut page) + 4.0;
        }
        y = self.chart(&mut page, left, y, width);
        for (heading, lines) in &self.sections {
            if y + 14.0 > bottom {
                pages.push(std::mem::replace(&mut page, Page::a4()));
                y = self.furniture.header(&mut page) + 4.0;
            }
            y += 6.0;
            page.text(left, y, 11.0, heading.as_str());
            page.line((left, y + 1.2), (left + width, y + 1.2), 0.4);
            y += 1.5;
            if lines.is_empty() {
                y += line_height(9.0);
                page.text(left + 3.0, y, 9.0, "なし");
            }
            for line in lines {
                for l in wrap(line, width - 6.0, 9.0) {
                    if y + line_height(9.0) > bottom {
                        pages.push(std::mem::replace(&mut page, Page::a4()));
                        y = self.furniture.header(&mut page) + 4.0;
                    }
                    y += line_height(9.0);
                    page.text(left + 3.0, y, 9.0, l);
                }
            }
        }
        pages.push(page);
        pages
    }

    /// Confirmation over time: x minutes since the start, y percent confirmed; one step
    /// line per drill, the targets as vertical lines. Returns the y below it.
    fn chart(&self, page: &mut Page, left: f32, top: f32, width: f32) -> f32 {
        page.text(left, top + 4.0, 10.5, "確認率の推移（開始からの分）");
        let x0 = left + 12.0;
        let y0 = top + 8.0;
        let w = width - 60.0;
        let h = 62.0;
        let last = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .max()
            .unwrap_or(0);
        let span = (last.max(i64::from(self.targets.1)) as f32 * 1.1 / 30.0).ceil() * 30.0;
        let span = span.max(30.0);
        let px = |m: f32| x0 + w * (m / span).clamp(0.0, 1.0);
        let py = |pct: f32| y0 + h - h * (pct / 100.0).clamp(0.0, 1.0);
        page.frame(x0, y0, w, h, 0.6);
        for pct in [25.0, 50.0, 75.0] {
            page.line((x0, py(pct)), (x0 + w, py(pct)), 0.2);
        }
        for pct in [0.0, 50.0, 100.0] {
            let label = format!("{pct:.0}%");
            page.text(
                x0 - text_width(&label, 7.0) - 1.0,
                py(pct) + 1.2,
                7.0,
                label,
            );
        }
        let mut m = 0.0;
        while m <= span {
            page.text(px(m) - 2.0, y0 + h + 4.0, 7.0, format!("{m:.0}"));
            m += 30.0;
        }
        for (t, label) in [(self.targets.0, "目標"), (self.targets.1, "目標")] {
            let x = px(t as f32);
            page.line((x, y0), (x, y0 + h), 1.0);
            page.text(x + 0.8, y0 + 3.5, 6.5, format!("{label}{t}分"));
        }
        let mut ly = y0 + 3.0;
        for (i, s) in self.series.iter().enumerate() {
            let stroke = if s.current { 1.8 } else { 0.6 };
            let mut prev = (px(0.0), py(0.0));
            for (mins, pct) in &s.points {
                let x = px(*mins as f32);
                page.line(prev, (x, prev.1), stroke);
                let next = (x, py(*pct as f32));
                page.line((x, prev.1), next, stroke);
                prev = next;
            }
            page.line(prev, (px(span), prev.1), stroke);
            // Legend: a short line of the same weight and a small square numbering it.
            let lx = x0 + w + 4.0;
            page.line((lx, ly), (lx + 6.0, ly), stroke);
            page.fill(
                lx + 7.0,
                ly - 1.2,
                2.4,
                2.4,
                if s.current { 0.0 } else { 0.6 },
            );
            for (j, l) in wrap(&s.label, 34.0, 6.5).iter().take(3).enumerate() {
                page.text(
                    lx + 10.5,
                    ly + 1.0 + j as f32 * line_height(6.5),
                    6.5,
                    l.as_str(),
                );
            }
            ly += 11.0;
            if i >= 5 {
                break;
            }
        }
        y0 + h + 8.0
    }
}
