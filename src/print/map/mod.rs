//! The 地図 page of a list: where the homes of the people on the list are, each marked with
//! their number on the list, over the hazard areas of the layers in use, with a scale bar,
//! a north arrow and a legend; under it the numbers that are not on the map.
//!
//! Who is drawn is decided before a [`MapPage`] is made (the sharing rule chose the list;
//! the printing room leaves off anyone whose address is protected or not given to the
//! recipient). The page never says why a number is missing: "could not be placed" and
//! "address protected" print alike, so the line gives nobody away.

mod labels;
mod view;

pub use view::{Extent, FRAME_H, FRAME_W};

use geo_types::MultiPolygon;

use super::furniture::{Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::page::{line_height, wrap, Page, Rgb};
use crate::geo::LonLat;
use crate::model::HazardKind;
use labels::{Home, INK, PAPER};
use view::View;

/// A map page ready to lay out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapPage {
    /// The homes drawn.
    pub points: Vec<MapPoint>,
    /// Hazard areas to shade (only their parts inside the frame are drawn).
    pub areas: Vec<HazardArea>,
    /// The layers in use (named under the map, and their kinds in the legend).
    pub sources: Vec<MapSource>,
    /// The list's numbers that are not on the map, whatever the reason.
    pub missing: Vec<usize>,
}

/// One person's home on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapPoint {
    /// Their number on the list.
    pub no: usize,
    /// Where, in JGD2011 degrees.
    pub at: LonLat,
    /// Only the 町丁目's point is known (drawn hollow: the home is somewhere near).
    pub approximate: bool,
}

/// A hazard area of a layer in use.
#[derive(Debug, Clone, PartialEq)]
pub struct HazardArea {
    /// What kind of hazard.
    pub kind: HazardKind,
    /// The area, in JGD2011 degrees.
    pub area: MultiPolygon<f64>,
}

/// A layer the map's areas come from.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSource {
    /// Its kind.
    pub kind: HazardKind,
    /// 出典, as the officer recorded it.
    pub origin: String,
    /// The data's date.
    pub dated: String,
}

/// The ground the map of `points` shows (`None` without a point): the hazard areas worth
/// reading are those that reach into it.
pub fn extent(points: &[MapPoint]) -> Option<Extent> {
    View::fit(points.iter().map(|p| p.at)).map(|v| v.extent())
}

/// The page's heading.
pub const HEADING: &str = "地図　自宅の位置（数字は名簿の番号）";
/// What starts the line of numbers not on the map.
pub const MISSING: &str = "地図に載せていない番号：";

/// Light fills (and their outlines) by kind; each a different lightness, so they stay
/// apart on a grey copy too.
fn colours(kind: HazardKind) -> (Rgb, Rgb) {
    match kind {
        HazardKind::Flood => (Rgb(0.72, 0.85, 0.98), Rgb(0.25, 0.45, 0.75)),
        HazardKind::Landslide => (Rgb(0.99, 0.88, 0.62), Rgb(0.70, 0.45, 0.10)),
        HazardKind::Tsunami => (Rgb(0.80, 0.72, 0.92), Rgb(0.45, 0.30, 0.65)),
    }
}

/// Drawing order: wide floods first, the small landslide areas last (on top).
fn layer_order(kind: HazardKind) -> u8 {
    match kind {
        HazardKind::Tsunami => 0,
        HazardKind::Flood => 1,
        HazardKind::Landslide => 2,
    }
}

const NOTE: &str = "●は住所から求めた街区の代表点、○は町丁目の代表点（おおよその位置）で、建物の位置ではありません。同じ場所の人は一つの点にまとめています。";

impl MapPage {
    /// Checks every character the page prints that does not come from the layout itself.
    pub fn check_glyphs(&self, g: &mut GlyphCheck) {
        for s in &self.sources {
            g.check(None, "hazard_layer.source", &s.origin);
            g.check(None, "hazard_layer.dated", &s.dated);
        }
    }

    /// Lays the map out: one page, and more only if the line of missing numbers runs on.
    /// Headers drawn; footers are added with the rest of the document's.
    pub fn layout(&self, furniture: &Furniture) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut page = Page::a4();
        let top = furniture.header(&mut page);
        let left = MARGIN;
        let right = page.width - MARGIN;
        page.text(left, top + 5.0, 12.0, HEADING);
        let (fx, fy) = (left, top + 8.0);
        let frame = (fx, fy, fx + FRAME_W, fy + FRAME_H);
        let view = View::fit(self.points.iter().map(|p| p.at));
        match view {
            Some(v) => self.draw_map(&mut page, &v, frame),
            None => {
                page.frame(fx, fy, FRAME_W, FRAME_H, 0.8);
                page.text_centre(
                    fx + FRAME_W / 2.0,
                    fy + FRAME_H / 2.0,
                    11.0,
                    "地図に載せる人はいません。",
                );
            }
        }
        let y = self.key(&mut page, view.as_ref(), left, fy + FRAME_H + 3.0);
        // Then the notes, the sources and the numbers not on the map, running on to
        // another page if they must.
        let mut lines: Vec<(f32, String)> = Vec::new();
        for (text, size) in [
            (NOTE.to_string(), 7.5),
            (self.sources_line(), 7.5),
            (self.missing_line(), 10.0),
        ] {
            lines.extend(
                wrap(&text, right - left, size)
                    .into_iter()
                    .map(|l| (size, l)),
            );
        }
        let bottom = Furniture::content_bottom(&page);
        let mut y = y;
        for (size, line) in lines {
            y += line_height(size) + if size > 8.0 { 1.0 } else { 0.0 };
            if y > bottom {
                pages.push(std::mem::replace(&mut page, Page::a4()));
                y = furniture.header(&mut page) + 5.0;
                page.text(left, y, 12.0, format!("{HEADING}（続き）"));
                y += 3.0 + line_height(size);
            }
            page.text(left, y, size, line);
        }
        pages.push(page);
        pages
    }

    fn draw_map(&self, page: &mut Page, v: &View, frame: (f32, f32, f32, f32)) {
        let (fx, fy) = (frame.0, frame.1);
        let mut areas: Vec<&HazardArea> = self.areas.iter().collect();
        areas.sort_by_key(|a| layer_order(a.kind));
        for a in areas {
            let (fill, edge) = colours(a.kind);
            for rings in v.clip(&a.area) {
                let rings = rings
                    .into_iter()
                    .map(|r| r.into_iter().map(|(x, y)| (fx + x, fy + y)).collect())
                    .collect();
                page.shape(rings, Some(fill), Some((0.5, edge)));
            }
        }
        page.frame(fx, fy, FRAME_W, FRAME_H, 0.8);
        // The north arrow, top right, on white.
        let (nx, ny) = (frame.2 - 9.0, fy + 2.0);
        page.shape(
            vec![vec![
                (nx, ny),
                (nx + 7.0, ny),
                (nx + 7.0, ny + 13.0),
                (nx, ny + 13.0),
            ]],
            Some(PAPER),
            Some((0.4, INK)),
        );
        page.text_centre(nx + 3.5, ny + 4.6, 9.0, "N");
        page.shape(
            vec![vec![
                (nx + 3.5, ny + 5.6),
                (nx + 6.0, ny + 12.2),
                (nx + 3.5, ny + 10.6),
                (nx + 1.0, ny + 12.2),
            ]],
            Some(INK),
            None,
        );
        let homes: Vec<Home> = self
            .points
            .iter()
            .map(|p| {
                let (x, y) = v.at(p.at);
                Home {
                    no: p.no,
                    at: (fx + x as f32, fy + y as f32),
                    approximate: p.approximate,
                }
            })
            .collect();
        let keep_off = [(nx - 0.5, ny - 0.5, nx + 7.5, ny + 13.5)];
        labels::draw(page, frame, &keep_off, &labels::markers(&homes));
    }

    /// The scale bar and the hazard kinds' key, in one row under the map; returns the y
    /// below it.
    fn key(&self, page: &mut Page, v: Option<&View>, left: f32, y: f32) -> f32 {
        let mut x = left;
        if let Some(v) = v {
            let (m, mm) = v.scale_bar(40.0);
            let mm = mm as f32;
            let bar_y = y + 1.0;
            page.fill(x, bar_y, mm / 2.0, 1.6, 0.0);
            page.frame(x, bar_y, mm, 1.6, 0.5);
            page.text(x, bar_y + 4.6, 7.0, "0");
            let label = if m >= 1000.0 {
                format!("{} km", m / 1000.0)
            } else {
                format!("{m} m")
            };
            page.text_right(x + mm + 1.0, bar_y + 4.6, 7.0, &label);
            x += mm + 4.0;
            let n = v.denominator();
            let round = 10f64.powf((n.log10() - 1.0).floor());
            let n = (n / round).round() * round;
            page.text(
                x,
                bar_y + 3.2,
                8.0,
                format!("縮尺 約1:{}", thousands(n as u64)),
            );
            x += 34.0;
        }
        // The hazard kinds of the layers in use.
        let mut kinds: Vec<HazardKind> = self.sources.iter().map(|s| s.kind).collect();
        kinds.sort_by_key(|k| layer_order(*k));
        kinds.dedup();
        for kind in kinds {
            let (fill, edge) = colours(kind);
            page.shape(
                vec![vec![
                    (x, y + 0.8),
                    (x + 6.0, y + 0.8),
                    (x + 6.0, y + 4.3),
                    (x, y + 4.3),
                ]],
                Some(fill),
                Some((0.5, edge)),
            );
            page.text(x + 7.0, y + 3.8, 8.0, kind.label());
            x += 8.0 + super::page::text_width(kind.label(), 8.0) + 4.0;
        }
        y + 6.5
    }

    /// Where the hazard areas come from.
    fn sources_line(&self) -> String {
        if self.sources.is_empty() {
            return "ハザード区域：取り込まれていません。".to_string();
        }
        format!(
            "ハザード区域の出典：{}",
            self.sources
                .iter()
                .map(|s| format!("{}（{}、{}）", s.kind.label(), s.origin, s.dated))
                .collect::<Vec<_>>()
                .join("　")
        )
    }

    /// The numbers not on the map, and nothing about why.
    fn missing_line(&self) -> String {
        let numbers = if self.missing.is_empty() {
            "なし".to_string()
        } else {
            self.missing
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!("{MISSING}{numbers}")
    }
}

/// 12345 as 12,345.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
