use geo::polygon;

use super::*;
use crate::print::page::Item;

fn furniture() -> Furniture {
    Furniture {
        title: "避難行動要支援者名簿（簡易版）".into(),
        serial: Some("2026-0001".into()),
        subtitle: "提供先：中央一丁目自治会　対象：中央地区".into(),
        disaster: None,
        audit_head: "abc123".into(),
        confidential: true,
    }
}

fn at(lon: f64, lat: f64) -> LonLat {
    LonLat { lon, lat }
}

fn point(no: usize, lon: f64, lat: f64) -> MapPoint {
    MapPoint {
        no,
        at: at(lon, lat),
        approximate: false,
    }
}

fn district() -> MapPage {
    MapPage {
        points: vec![
            point(1, 138.001, 35.0),
            point(2, 138.001, 35.0),
            point(4, 138.004, 35.002),
            MapPoint {
                approximate: true,
                ..point(5, 138.003, 34.999)
            },
        ],
        areas: vec![HazardArea {
            kind: HazardKind::Flood,
            area: MultiPolygon(vec![polygon![
                (x: 137.99, y: 34.99), (x: 138.0025, y: 34.99), (x: 138.0025, y: 35.01), (x: 137.99, y: 35.01)
            ]]),
        }],
        sources: vec![MapSource {
            kind: HazardKind::Flood,
            origin: "国土数値情報 洪水浸水想定区域".into(),
            dated: "2024-03-31".into(),
        }],
        missing: vec![3, 17],
    }
}

/// The text items inside the frame of a laid-out map page.
fn framed_numbers(page: &Page) -> Vec<usize> {
    let frame = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Rect {
                w,
                h,
                stroke: Some(_),
                ..
            } if *w == FRAME_W && *h == FRAME_H => Some(i.clone()),
            _ => None,
        })
        .expect("a frame");
    let Item::Rect { x, y, .. } = frame else {
        unreachable!()
    };
    let mut out: Vec<usize> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                x: tx, y: ty, text, ..
            } if *tx > x && *tx < x + FRAME_W && *ty > y && *ty < y + FRAME_H => Some(text.clone()),
            _ => None,
        })
        .flat_map(|t| {
            t.split('・')
                .filter_map(|n| n.parse::<usize>().ok())
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn the_page_numbers_each_home_shades_the_areas_and_lists_the_rest_without_a_reason() {
    let pages = district().layout(&furniture());
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    let texts: Vec<&str> = page.texts().collect();
    assert!(texts.contains(&HEADING), "{texts:?}");
    assert!(
        texts.contains(&"交付番号 2026-0001"),
        "the copy's furniture"
    );
    assert_eq!(framed_numbers(page), [1, 2, 4, 5]);
    // 1 and 2 live at one place: one box says both.
    assert!(texts.contains(&"1・2"), "{texts:?}");
    let line = texts
        .iter()
        .find(|t| t.starts_with(MISSING))
        .expect("the line of numbers not on the map");
    assert_eq!(*line, "地図に載せていない番号：3, 17");
    // The flood area is shaded, inside the frame only; its kind is in the legend with its
    // source.
    let shaded: Vec<&Vec<Vec<(f32, f32)>>> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Polygon {
                rings,
                fill: Some(f),
                ..
            } if *f == colours(HazardKind::Flood).0 => Some(rings),
            _ => None,
        })
        .collect();
    assert_eq!(shaded.len(), 2, "the area and its legend swatch");
    let (left, top) = (
        MARGIN,
        shaded[0][0].iter().map(|p| p.1).fold(f32::MAX, f32::min),
    );
    for &(x, _) in &shaded[0][0] {
        assert!(x >= left - 0.01 && x <= left + FRAME_W + 0.01, "{x}");
    }
    assert!(top >= 20.0, "{top}");
    assert!(texts.contains(&"浸水想定区域"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("国土数値情報 洪水浸水想定区域") && t.contains("2024-03-31")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("縮尺 約1:")));
    assert!(texts.contains(&"N"));
    // Every character the layout adds can be printed.
    let mut g = GlyphCheck::default();
    for t in &texts {
        g.check(None, "map", t);
    }
    g.finish().unwrap();
}

#[test]
fn nobody_placed_still_prints_the_page_and_every_number_as_missing() {
    let page = MapPage {
        missing: vec![1, 2],
        ..MapPage::default()
    };
    let pages = page.layout(&furniture());
    assert_eq!(pages.len(), 1);
    let texts: Vec<&str> = pages[0].texts().collect();
    assert!(texts.contains(&"地図に載せる人はいません。"));
    assert!(texts.contains(&"地図に載せていない番号：1, 2"));
    assert!(texts.contains(&"ハザード区域：取り込まれていません。"));
    assert!(extent(&page.points).is_none());
}

#[test]
fn a_long_line_of_missing_numbers_runs_on_to_another_page() {
    let page = MapPage {
        points: vec![point(1, 138.0, 35.0)],
        missing: (2..=1200).collect(),
        ..MapPage::default()
    };
    let pages = page.layout(&furniture());
    assert!(pages.len() >= 2, "{}", pages.len());
    let all: String = pages
        .iter()
        .flat_map(|p| p.texts().filter(|t| !t.contains("交付番号")))
        .collect::<Vec<_>>()
        .concat();
    for n in [2, 600, 1200] {
        assert!(
            all.contains(&format!("{n},")) || all.ends_with(&n.to_string()),
            "{n}"
        );
    }
    assert!(pages[1].texts().any(|t| t == format!("{HEADING}（続き）")));
    let bottom = Furniture::content_bottom(&pages[0]);
    for p in &pages {
        for i in &p.items {
            if let Item::Text { y, .. } = i {
                assert!(*y <= bottom + 0.01, "text at {y} below {bottom}");
            }
        }
    }
}
