//! みどり市 on a map: where each 町丁目 and 街区 lies, a 位置参照情報 file for them (街区レベル,
//! Shift_JIS, as the ministry publishes it) and synthetic hazard layers (GeoJSON), so the
//! map can be tried at once. All made up: no real place is drawn.
//!
//! Each 丁目 is a grid of [`BLOCKS`] 街区, seven to a row. A hazard kind covers the first
//! (flood, tsunami: the river and coast side) or last (landslide: the hill side) blocks of
//! every 丁目, as many as the district's share of homes in that zone; [`zones`] says the
//! same for one home, so a demo roster agrees with its own layers.

use serde_json::json;

use super::town::{District, CITY, DISTRICTS};
use crate::model::{HazardKind, HazardZones};

/// 街区 (番) per 丁目.
pub(super) const BLOCKS: u32 = 28;
/// 街区 per row of a 丁目's grid.
const ROW: u32 = 7;
/// Degrees between neighbouring 街区.
const STEP: f64 = 0.0008;
/// Half the side of a hazard cell: just under half a step, so rows do not touch.
const HALF: f64 = 0.00038;

/// The centre of 街区 `ban` of `chome` in district `index`.
fn block_at(index: usize, chome: u32, ban: u32) -> (f64, f64) {
    let col = (ban - 1) % ROW;
    let row = (ban - 1) / ROW;
    let lon =
        138.38 + (index % 4) as f64 * 0.03 + f64::from(chome - 1) * 0.0065 + f64::from(col) * STEP;
    let lat = 34.97 + (index / 4) as f64 * 0.03 + f64::from(row) * STEP;
    (lon, lat)
}

/// How many 街区 of each 丁目 a kind covers in district `d`.
fn covered(d: &District, kind: HazardKind) -> u32 {
    let share = match kind {
        HazardKind::Flood => d.hazard.flood,
        HazardKind::Landslide => d.hazard.landslide,
        HazardKind::Tsunami => d.hazard.tsunami,
    };
    (share * f64::from(BLOCKS)).round() as u32
}

/// Whether 街区 `ban` lies in a kind's area in district `d`.
fn in_zone(d: &District, kind: HazardKind, ban: u32) -> bool {
    let n = covered(d, kind);
    match kind {
        HazardKind::Flood | HazardKind::Tsunami => ban <= n,
        HazardKind::Landslide => ban > BLOCKS - n,
    }
}

/// The zones a home on 街区 `ban` of district `d` lies in.
pub(super) fn zones(d: &District, ban: u32) -> HazardZones {
    HazardZones {
        flood: in_zone(d, HazardKind::Flood, ban),
        landslide: in_zone(d, HazardKind::Landslide, ban),
        tsunami: in_zone(d, HazardKind::Tsunami, ban),
    }
}

/// The town's 街区レベル 位置参照情報 file: every 街区 of every 丁目, Shift_JIS.
pub fn position_file() -> Vec<u8> {
    let mut text = String::from(
        "\"都道府県名\",\"市区町村名\",\"大字・丁目名\",\"小字・通称名\",\"街区符号・地番\",\"座標系番号\",\"Ｘ座標\",\"Ｙ座標\",\"緯度\",\"経度\",\"住居表示フラグ\",\"代表フラグ\",\"更新前履歴フラグ\",\"更新後履歴フラグ\"\r\n",
    );
    for (index, d) in DISTRICTS.iter().enumerate() {
        for chome in 1..=d.chome {
            for ban in 1..=BLOCKS {
                let (lon, lat) = block_at(index, chome, ban);
                text.push_str(&format!(
                    "\"静岡県\",\"{CITY}\",\"{}{}丁目\",\"\",\"{ban}\",\"8\",\"0.0\",\"0.0\",\"{lat:.6}\",\"{lon:.6}\",\"1\",\"1\",\"0\",\"0\"\r\n",
                    d.town,
                    kanji_number(chome)
                ));
            }
        }
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    bytes.into_owned()
}

fn kanji_number(n: u32) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九"]
        .get(n as usize - 1)
        .copied()
        .unwrap_or("十")
}

/// A synthetic hazard layer of `kind` as a GeoJSON FeatureCollection: one feature per
/// 丁目 with any such area, each row of covered 街区 one polygon. `None` when the town has
/// no area of that kind.
pub fn hazard_file(kind: HazardKind) -> Option<Vec<u8>> {
    let mut features = Vec::new();
    for (index, d) in DISTRICTS.iter().enumerate() {
        for chome in 1..=d.chome {
            let mut rows: Vec<(u32, u32, u32)> = Vec::new(); // (row, first col, last col)
            for ban in (1..=BLOCKS).filter(|b| in_zone(d, kind, *b)) {
                let (row, col) = ((ban - 1) / ROW, (ban - 1) % ROW);
                match rows.last_mut() {
                    Some(last) if last.0 == row => last.2 = col,
                    _ => rows.push((row, col, col)),
                }
            }
            if rows.is_empty() {
                continue;
            }
            let polygons: Vec<_> = rows
                .iter()
                .map(|&(row, first, last)| {
                    let (x0, y) = block_at(index, chome, row * ROW + first + 1);
                    let (x1, _) = block_at(index, chome, row * ROW + last + 1);
                    let (w, e, s, n) = (x0 - HALF, x1 + HALF, y - HALF, y + HALF);
                    json!([[[w, s], [e, s], [e, n], [w, n], [w, s]]])
                })
                .collect();
            features.push(json!({
                "type": "Feature",
                "properties": {"地区": d.name, "町丁目": format!("{}{}丁目", d.town, chome)},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons}
            }));
        }
    }
    if features.is_empty() {
        return None;
    }
    Some(
        json!({"type": "FeatureCollection", "features": features})
            .to_string()
            .into_bytes(),
    )
}

/// The file name the demo's files are written under (`demo --map-files DIR`).
pub fn hazard_file_name(kind: HazardKind) -> &'static str {
    match kind {
        HazardKind::Flood => "みどり市-洪水浸水想定区域.geojson",
        HazardKind::Landslide => "みどり市-土砂災害警戒区域.geojson",
        HazardKind::Tsunami => "みどり市-津波浸水想定.geojson",
    }
}

/// The name of the town's 位置参照情報 file.
pub const POSITION_FILE_NAME: &str = "みどり市-位置参照情報-街区.csv";

/// Puts the town's 位置参照情報 and hazard layers into the roster being filled, read by the
/// same readers an officer's files go through. People added after it are placed (and
/// their zones checked) before the fill commits. Returns how many layers.
pub(super) fn import(tx: &crate::store::Tx<'_>, today: chrono::NaiveDate) -> crate::Result<usize> {
    use crate::store::map::{layers, positions};
    let file = crate::geo::gazetteer::read_position_reference(&position_file())?;
    let at = tx.stamp();
    positions::insert_file(
        tx.conn(),
        file.level,
        POSITION_FILE_NAME,
        "",
        &file.entries,
        &at,
        tx.account(),
    )?;
    let dated = today.format("%Y-%m-%d").to_string();
    let mut n = 0;
    for kind in HazardKind::ALL {
        let Some(bytes) = hazard_file(*kind) else {
            continue;
        };
        let parsed = crate::geo::read_geojson(&bytes)?;
        let areas: Vec<_> = parsed.features.into_iter().map(|f| f.area).collect();
        layers::insert(
            tx.conn(),
            &layers::NewLayer {
                kind: *kind,
                name: hazard_file_name(*kind),
                source: "みどり市（架空の町）デモ用の合成データ",
                dated: &dated,
                crs: &parsed.crs.label(),
                file_sha256: "",
                areas: &areas,
                at: &at,
                by: tx.account(),
            },
        )?;
        n += 1;
    }
    Ok(n)
}
