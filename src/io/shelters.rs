//! Reading a published shelter registry (#22): the 国土地理院's 指定緊急避難場所 and
//! 指定避難所 CSVs, and the デジタル庁's 自治体標準オープンデータセット 指定緊急避難場所一覧.
//!
//! Columns are found by their header, never by position (an older 国土地理院 file lacks
//! 都道府県名及び市町村名, some add 市町村コード, the open data set has thirty-odd columns
//! in its own order). A file missing a column the layout needs is refused naming it; a
//! row that cannot be read is listed with its column and reason, never dropped. A national
//! file is cut to the municipality asked for.

use unicode_normalization::UnicodeNormalization;

use super::columns::header_key as key;
use super::table::{bad, Table};
use crate::error::Result;
use crate::model::shelter::{RegistryEntry, RegistryLayout, ShelterHazard};

/// A registry file read for one municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryFile {
    /// Which published list it is.
    pub layout: RegistryLayout,
    /// The shelters of the municipality, in the file's order.
    pub entries: Vec<RegistryEntry>,
    /// Rows that could not be read: nothing of the file should be taken while any is here.
    pub rejected: Vec<RejectedRow>,
    /// Rows of other municipalities, left out.
    pub outside: usize,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// Its row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column, by its header.
    pub column: String,
    /// What is wrong and what to write instead.
    pub reason: String,
}

/// The hazard columns: the 国土地理院's header, then the open data set's.
const HAZARD_COLUMNS: [(ShelterHazard, &str, &str); 8] = [
    (ShelterHazard::Flood, "洪水", "災害種別_洪水"),
    (
        ShelterHazard::Landslide,
        "崖崩れ、土石流及び地滑り",
        "災害種別_崖崩れ、土石流及び地滑り",
    ),
    (ShelterHazard::StormSurge, "高潮", "災害種別_高潮"),
    (ShelterHazard::Earthquake, "地震", "災害種別_地震"),
    (ShelterHazard::Tsunami, "津波", "災害種別_津波"),
    (
        ShelterHazard::LargeFire,
        "大規模な火事",
        "災害種別_大規模な火事",
    ),
    (ShelterHazard::InlandFlood, "内水氾濫", "災害種別_内水氾濫"),
    (ShelterHazard::Volcano, "火山現象", "災害種別_火山現象"),
];

/// The file's columns, found by header.
struct Columns<'a> {
    table: &'a Table,
    keys: Vec<String>,
}

impl<'a> Columns<'a> {
    fn new(table: &'a Table) -> Self {
        Columns {
            table,
            keys: table.headers.iter().map(|h| key(h)).collect(),
        }
    }

    /// The index of the first column named any of `names`.
    fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.keys.iter().position(|k| *k == key(n)))
    }

    fn has(&self, name: &str) -> bool {
        self.find(&[name]).is_some()
    }

    /// A column the layout cannot do without.
    fn needed(&self, names: &[&str], layout: RegistryLayout) -> Result<usize> {
        self.find(names).ok_or_else(|| {
            bad(format!(
                "the file has no column {} ({}); it is needed to read the {}. Check that \
                 the header row is the file's first line and is not renamed",
                names[0],
                self.table
                    .headers
                    .iter()
                    .take(40)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                layout.label()
            ))
        })
    }
}

/// Which list the headers say the file is.
fn layout_of(c: &Columns<'_>) -> Result<RegistryLayout> {
    if c.has("所在地_連結表記") || c.has("災害種別_洪水") {
        Ok(RegistryLayout::OpenDataEmergency)
    } else if c.has("受入対象者") || c.has("指定緊急避難場所との住所同一") {
        Ok(RegistryLayout::GsiEvacuation)
    } else if c.has("洪水") || c.has("施設・場所名") {
        Ok(RegistryLayout::GsiEmergency)
    } else {
        Err(bad(
            "this is not a shelter registry: expected the 国土地理院's 指定緊急避難場所 \
             (施設・場所名, 住所, 洪水 …) or 指定避難所 (施設・場所名, 住所, 受入対象者 …) \
             columns, or the open data set's 指定緊急避難場所一覧 (名称, 所在地_連結表記, \
             災害種別_洪水 …)",
        ))
    }
}

/// Where each field is, for the file's layout.
struct Layout {
    layout: RegistryLayout,
    key: Option<usize>,
    name: usize,
    address: usize,
    municipality: Vec<usize>,
    hazards: Vec<(ShelterHazard, usize)>,
    also_evacuation: Option<usize>,
    lat: usize,
    lon: usize,
    capacity: Option<usize>,
    accepts: Option<usize>,
    associations: Option<usize>,
    note: Option<usize>,
}

fn locate(c: &Columns<'_>) -> Result<Layout> {
    let layout = layout_of(c)?;
    let open = layout == RegistryLayout::OpenDataEmergency;
    let hazards = match layout {
        RegistryLayout::GsiEvacuation => Vec::new(),
        _ => HAZARD_COLUMNS
            .iter()
            .map(|&(h, gsi, od)| Ok((h, c.needed(&[if open { od } else { gsi }], layout)?)))
            .collect::<Result<_>>()?,
    };
    let (name, address) = if open {
        (
            c.needed(&["名称"], layout)?,
            c.needed(&["所在地_連結表記", "住所"], layout)?,
        )
    } else {
        (
            c.needed(&["施設・場所名", "施設名", "名称"], layout)?,
            c.needed(&["住所", "所在地"], layout)?,
        )
    };
    let municipality = if open {
        ["所在地_都道府県", "所在地_市区町村"]
            .iter()
            .filter_map(|n| c.find(&[n]))
            .collect()
    } else {
        c.find(&["都道府県名及び市町村名"]).into_iter().collect()
    };
    Ok(Layout {
        layout,
        key: c.find(&["共通ID", "ID"]),
        name,
        address,
        municipality,
        hazards,
        also_evacuation: match layout {
            RegistryLayout::GsiEmergency => c.find(&["指定避難所との住所同一"]),
            RegistryLayout::OpenDataEmergency => c.find(&["指定避難所との重複"]),
            RegistryLayout::GsiEvacuation => None,
        },
        lat: c.needed(&["緯度"], layout)?,
        lon: c.needed(&["経度"], layout)?,
        capacity: c.find(&["想定収容人数", "収容人数"]),
        accepts: c.find(&["受入対象者"]),
        associations: c.find(&["対象となる町会・自治会"]),
        note: c.find(&["備考"]),
    })
}

/// A designation cell: `1` (or ○) when designated, empty (or 0, ×) when not.
fn flag(v: &str) -> std::result::Result<bool, String> {
    match key(v).as_str() {
        "1" | "○" | "〇" | "◯" | "●" | "該当" | "true" | "有" => Ok(true),
        "" | "0" | "×" | "-" | "非該当" | "false" | "無" => Ok(false),
        _ => Err("must be 1 when designated, or empty".to_string()),
    }
}

/// A coordinate in degrees within Japan's extent, or empty.
fn degrees(
    v: &str,
    range: std::ops::RangeInclusive<f64>,
) -> std::result::Result<Option<f64>, String> {
    let v: String = v.nfkc().filter(|c| !c.is_whitespace()).collect();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<f64>() {
        Ok(d) if range.contains(&d) => Ok(Some(d)),
        Ok(_) => Err(format!(
            "is outside Japan ({}–{} degrees); write decimal degrees (JGD2011)",
            range.start(),
            range.end()
        )),
        Err(_) => Err("is not a number; write decimal degrees (JGD2011), e.g. 35.6895".into()),
    }
}

/// A number of persons (`1,200`, `1200人`), or empty.
fn persons(v: &str) -> std::result::Result<Option<u32>, String> {
    let v: String = v
        .nfkc()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let v = v.trim_end_matches('人');
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<u32>()
        .map(Some)
        .map_err(|_| "must be a whole number of persons (e.g. 120), or empty".to_string())
}

/// Reads a registry `table`; with `municipality`, keeps only that municipality's rows
/// (by the file's municipality columns, or by the address where it has none).
pub fn read_registry(table: &Table, municipality: Option<&str>) -> Result<RegistryFile> {
    let c = Columns::new(table);
    let l = locate(&c)?;
    let want = municipality.map(key).filter(|m| !m.is_empty());
    let mut out = RegistryFile {
        layout: l.layout,
        entries: Vec::new(),
        rejected: Vec::new(),
        outside: 0,
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).map_or("", |s| s.trim());
        let opt = |i: Option<usize>| i.map_or("", cell);
        if let Some(m) = &want {
            let place: String = l.municipality.iter().map(|&i| cell(i)).collect();
            let place = if place.is_empty() {
                cell(l.address).to_string()
            } else {
                place
            };
            if !key(&place).contains(m.as_str()) {
                out.outside += 1;
                continue;
            }
        }
        let mut reject = |column: usize, reason: String| {
            out.rejected.push(RejectedRow {
                row: row.number,
                column: table.headers.get(column).cloned().unwrap_or_default(),
                reason,
            });
        };
        let name = cell(l.name).nfkc().collect::<String>();
        if name.is_empty() {
            reject(l.name, "is empty; every shelter needs its name".into());
            continue;
        }
        let mut ok = true;
        let mut hazards = Vec::new();
        for &(h, i) in &l.hazards {
            match flag(cell(i)) {
                Ok(true) => hazards.push(h),
                Ok(false) => {}
                Err(e) => {
                    reject(i, e);
                    ok = false;
                }
            }
        }
        let also = match l.also_evacuation.map(|i| (i, flag(cell(i)))) {
            Some((i, Err(e))) => {
                reject(i, e);
                ok = false;
                false
            }
            Some((_, Ok(b))) => b,
            None => false,
        };
        let lat = degrees(cell(l.lat), 20.0..=46.0).unwrap_or_else(|e| {
            reject(l.lat, e);
            ok = false;
            None
        });
        let lon = degrees(cell(l.lon), 122.0..=154.0).unwrap_or_else(|e| {
            reject(l.lon, e);
            ok = false;
            None
        });
        let capacity = match l.capacity {
            Some(i) => persons(cell(i)).unwrap_or_else(|e| {
                reject(i, e);
                ok = false;
                None
            }),
            None => None,
        };
        let address = cell(l.address).to_string();
        let key_text = match l.key.map(cell).filter(|k| !k.is_empty()) {
            Some(k) => k.to_string(),
            None => format!("{name}|{address}"),
        };
        if let Some(first) = seen.get(&key_text) {
            reject(
                l.key.unwrap_or(l.name),
                format!("the same shelter is on row {first} already; keep one row for it"),
            );
            continue;
        }
        if !ok {
            continue;
        }
        seen.insert(key_text.clone(), row.number);
        let emergency = l.layout != RegistryLayout::GsiEvacuation;
        out.entries.push(RegistryEntry {
            key: key_text,
            name,
            address,
            municipality: l
                .municipality
                .iter()
                .map(|&i| cell(i))
                .collect::<Vec<_>>()
                .concat(),
            emergency_site: emergency,
            evacuation_centre: !emergency || also,
            hazards,
            lat,
            lon,
            capacity,
            accepts: opt(l.accepts).to_string(),
            associations: opt(l.associations)
                .split([';', '；'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            note: opt(l.note).to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
