//! The ministry's 位置参照情報 (国土交通省 位置参照情報ダウンロードサービス) read into
//! positions, and a person's address placed with them, offline.
//!
//! Two kinds of file are read, told apart by their header row: 街区レベル (a point for each
//! 街区 or 地番 of the 都市計画区域) and 大字・町丁目レベル (a point for each 大字 or 町丁目,
//! everywhere). A [`Gazetteer`] holds both; [`Gazetteer::locate`] places an address at its
//! 街区 when that is known, else at its 町丁目.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::address::{normalise, normalise_part};
use super::LonLat;
use crate::error::{Error, Result};
use crate::io::limits::Limits;
use crate::io::table::decode;
use crate::io::TextEncoding;

/// How precisely a position places a home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchLevel {
    /// At its 街区 (block): 街区レベル位置参照情報.
    Block,
    /// At its 大字 or 町丁目 (town): 大字・町丁目レベル, or the middle of its known blocks.
    Town,
}

impl MatchLevel {
    /// The stable token: `block` or `town`.
    pub fn token(self) -> &'static str {
        match self {
            MatchLevel::Block => "block",
            MatchLevel::Town => "town",
        }
    }
}

/// One position of a 位置参照情報 file. The names are kept in [`normalise`]d parts, so
/// that a gazetteer can match an address written without its city (see [`Gazetteer::new`])
/// or without its 小字.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionEntry {
    /// 市区町村名, normalised (`みどり市`; a 郡 is left out: `上閉伊郡大槌町` → `大槌町`).
    pub city: String,
    /// 大字・町丁目名, normalised (`中央町二丁目` → `中央町2`); empty for a municipality
    /// without 大字 (the ministry's `（大字なし）`).
    pub town: String,
    /// 小字・通称名, normalised; empty when the row has none (always, at town level).
    pub koaza: String,
    /// 街区符号 or 地番 (its main number) at block level; `None` at town level.
    pub block: Option<u32>,
    /// Where it is.
    pub at: LonLat,
}

impl PositionEntry {
    /// The normalised place name: 市区町村 + 大字・町丁目 + 小字 (`みどり市中央町2`).
    pub fn place(&self) -> String {
        format!("{}{}{}", self.city, self.town, self.koaza)
    }
}

/// A 位置参照情報 file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct PositionFile {
    /// Which kind of file it is.
    pub level: MatchLevel,
    /// Its positions (a row naming several 地番, `24,29`, gives one for each).
    pub entries: Vec<PositionEntry>,
    /// How many data rows it has (blank rows not counted).
    pub rows_read: usize,
    /// The rows left out as the ministry means them to be, with why: not the block's
    /// representative point (代表フラグ 0), a block since deleted (履歴フラグ 3), or a
    /// 街区符号 that is no number. Line numbers as an editor shows them (the header is 1).
    pub skipped: Vec<(usize, String)>,
}

/// Where an address was placed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Located {
    /// The position.
    pub at: LonLat,
    /// How precisely.
    pub level: MatchLevel,
}

/// Japan's extent, roughly (沖ノ鳥島 to 択捉島, 与那国島 to 南鳥島): a position outside
/// is a wrong row, not a place.
const LAT: (f64, f64) = (20.0, 46.0);
const LON: (f64, f64) = (122.0, 154.0);

/// How many wrong rows a refusal names.
const NAMED_ROWS: usize = 5;

fn bad(reason: impl Into<String>) -> Error {
    Error::invalid("file", reason)
}

/// The columns of each kind, by the names the ministry gives them; a name in brackets is
/// another spelling of the same column.
const BLOCK_COLUMNS: [&[&str]; 5] = [
    &["市区町村名"],
    &["大字・丁目名", "大字・町丁目名"],
    &["街区符号・地番"],
    &["緯度"],
    &["経度"],
];
const TOWN_COLUMNS: [&[&str]; 4] = [&["市区町村名"], &["大字町丁目名"], &["緯度"], &["経度"]];

/// Where each column read is in the file.
struct Columns {
    city: usize,
    town: usize,
    block: Option<usize>,
    lat: usize,
    lon: usize,
    koaza: Option<usize>,
    representative: Option<usize>,
    history: [Option<usize>; 2],
}

/// Reads a 位置参照情報 CSV as the ministry publishes it: Shift_JIS (or UTF-8, with or
/// without a BOM), quoted values, the kind told by the header row and each column found
/// by its name, in whatever order.
///
/// A row that cannot be used (no 市区町村名, a 緯度 or 経度 that is empty, no number, or
/// outside Japan) refuses the whole file, naming the first rows and their lines: nothing
/// is kept from it, since a file with wrong rows may have wrong rows that look right, and
/// the officer can take it again from the ministry. Rows the ministry flags as not to be
/// used are left out and listed in [`PositionFile::skipped`]: at block level a row whose
/// 代表フラグ is 0 (a block with several points has one representative) and a row whose
/// 更新後履歴フラグ or 更新前履歴フラグ is 3 (削除: the block no longer exists; the ministry
/// notes that its 令和3年度 files carry such rows by mistake). Rows flagged 1 (新規作成) or
/// 2 (名称変更) are blocks as they now are, and are kept.
pub fn read_position_reference(bytes: &[u8]) -> Result<PositionFile> {
    let limits = Limits::DEFAULT;
    limits.check_file_bytes(bytes.len() as u64)?;
    let (text, _) = decode(bytes, TextEncoding::Auto)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let blank = |r: &csv::StringRecord| r.iter().all(|c| c.trim().is_empty());
    let header: Vec<String> = loop {
        if !next(&mut reader, &mut record)? {
            return Err(bad(
                "is empty: a 位置参照情報 file starts with a row naming its columns",
            ));
        }
        if !blank(&record) {
            break record.iter().map(column_name).collect();
        }
    };
    let (level, columns) = columns(&header)?;
    let mut file = PositionFile {
        level,
        entries: Vec::new(),
        rows_read: 0,
        skipped: Vec::new(),
    };
    let mut wrong: Vec<(usize, String)> = Vec::new();
    let mut wrong_rows = 0;
    let mut lines = Lines::new(text.as_bytes());
    while next(&mut reader, &mut record)? {
        if blank(&record) {
            continue;
        }
        file.rows_read += 1;
        if file.rows_read > limits.rows {
            continue;
        }
        let line = lines.at(record.position().map_or(0, |p| p.byte()));
        if record.len() > limits.columns {
            return Err(limits.columns_beyond(line, record.len()));
        }
        match read_row(&record, &columns) {
            Row::Entries(entries) => file.entries.extend(entries),
            Row::Skipped(why) => file.skipped.push((line, why)),
            Row::Wrong(why) => {
                wrong_rows += 1;
                if wrong.len() < NAMED_ROWS {
                    wrong.push((line, why));
                }
            }
        }
    }
    if file.rows_read > limits.rows {
        return Err(limits.rows_beyond(file.rows_read));
    }
    if !wrong.is_empty() {
        let named: Vec<String> = wrong
            .iter()
            .map(|(line, why)| format!("line {line}: {why}"))
            .collect();
        let more = match wrong_rows - wrong.len() {
            0 => String::new(),
            n => format!("; and {n} more rows"),
        };
        return Err(bad(format!(
            "has {wrong_rows} rows that cannot be used, so nothing was read from it: {}{more}. Take the file again from the 位置参照情報ダウンロードサービス, or correct those rows, and import it again",
            named.join("; ")
        )));
    }
    if file.entries.is_empty() {
        return Err(bad(format!(
            "holds no positions ({} rows, none usable): import a 位置参照情報 file with rows",
            file.rows_read
        )));
    }
    Ok(file)
}

/// Line numbers of records' starts met in order. The csv reader's own count is off by one
/// after a CRLF line end (the ministry's): the record it reports then starts at the `\n`.
struct Lines<'a> {
    text: &'a [u8],
    byte: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        Lines {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The line of the record that starts at `byte` (the first line is 1); `byte` never
    /// goes back. A `\n` at `byte` itself ends the line before the record.
    fn at(&mut self, byte: u64) -> usize {
        let byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .saturating_add(1)
            .min(self.text.len());
        if byte > self.byte {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.byte..byte]).count();
            self.byte = byte;
        }
        self.line
    }
}

fn next(reader: &mut csv::Reader<&[u8]>, record: &mut csv::StringRecord) -> Result<bool> {
    reader.read_record(record).map_err(|e| {
        let line = e.position().map_or(0, |p| p.line());
        bad(format!("line {line} cannot be read as CSV"))
    })
}

/// A header cell as compared: NFKC (`Ｘ座標` = `X座標`), no spaces around it.
fn column_name(cell: &str) -> String {
    cell.trim().nfkc().collect::<String>().trim().to_string()
}

/// The file's kind and its columns, or why it is neither kind.
fn columns(header: &[String]) -> Result<(MatchLevel, Columns)> {
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            let n = column_name(n);
            header.iter().position(|h| *h == n)
        })
    };
    let missing = |wanted: &[&[&'static str]]| -> Vec<&'static str> {
        wanted
            .iter()
            .filter(|names| find(names).is_none())
            .map(|names| names[0])
            .collect()
    };
    let level = if find(&["街区符号・地番"]).is_some() {
        MatchLevel::Block
    } else if find(&["大字町丁目名", "大字町丁目コード"]).is_some() {
        MatchLevel::Town
    } else {
        return Err(bad(format!(
            "is not a 位置参照情報 file: its header lacks the columns {} of a 街区レベル file, and {} of a 大字・町丁目レベル file",
            missing(&BLOCK_COLUMNS).join(", "),
            missing(&TOWN_COLUMNS).join(", ")
        )));
    };
    let (wanted, kind): (&[&[&'static str]], &str) = match level {
        MatchLevel::Block => (&BLOCK_COLUMNS, "街区レベル"),
        MatchLevel::Town => (&TOWN_COLUMNS, "大字・町丁目レベル"),
    };
    let lacking = missing(wanted);
    let at = |i: usize| find(wanted[i]);
    match (at(0), at(1), at(wanted.len() - 2), at(wanted.len() - 1)) {
        (Some(city), Some(town), Some(lat), Some(lon)) if lacking.is_empty() => Ok((
            level,
            Columns {
                city,
                town,
                block: (level == MatchLevel::Block).then(|| at(2)).flatten(),
                lat,
                lon,
                koaza: find(&["小字・通称名"]),
                representative: find(&["代表フラグ"]),
                history: [find(&["更新前履歴フラグ"]), find(&["更新後履歴フラグ"])],
            },
        )),
        _ => Err(bad(format!(
            "is a {kind} 位置参照情報 file without the columns {}: take the file again from the 位置参照情報ダウンロードサービス",
            lacking.join(", ")
        ))),
    }
}

enum Row {
    Entries(Vec<PositionEntry>),
    Skipped(String),
    Wrong(String),
}

fn read_row(record: &csv::StringRecord, c: &Columns) -> Row {
    let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
    if cell(c.representative) == "0" {
        return Row::Skipped("代表フラグ 0: not the block's representative point".into());
    }
    for (i, name) in ["更新前履歴フラグ", "更新後履歴フラグ"].iter().enumerate() {
        if cell(c.history[i]) == "3" {
            return Row::Skipped(format!("{name} 3: the block was deleted"));
        }
    }
    let city = cell(Some(c.city));
    if city.is_empty() {
        return Row::Wrong("市区町村名 is empty".into());
    }
    let at = match (
        degrees(cell(Some(c.lat)), "緯度", LAT),
        degrees(cell(Some(c.lon)), "経度", LON),
    ) {
        (Ok(lat), Ok(lon)) => LonLat { lon, lat },
        (Err(why), _) | (_, Err(why)) => return Row::Wrong(why),
    };
    let town = match cell(Some(c.town)) {
        "（大字なし）" | "(大字なし)" => String::new(),
        t => normalise_part(t),
    };
    let city = normalise(city);
    let koaza = normalise_part(cell(c.koaza));
    let Some(block_column) = c.block else {
        return Row::Entries(vec![PositionEntry {
            city,
            town,
            koaza,
            block: None,
            at,
        }]);
    };
    let raw = cell(Some(block_column));
    let mut entries = Vec::new();
    for part in raw.split([',', '、', '，']) {
        if let Some((prefix, block)) = block_number(part) {
            // A 地番 may carry its 小字 (`下桶126`); the 小字 column may already hold it.
            let koaza = if koaza.ends_with(&prefix) {
                koaza.clone()
            } else {
                format!("{koaza}{prefix}")
            };
            entries.push(PositionEntry {
                city: city.clone(),
                town: town.clone(),
                koaza,
                block: Some(block),
                at,
            });
        }
    }
    if entries.is_empty() {
        return Row::Skipped(format!(
            "街区符号・地番 \"{}\" is not a number",
            shorten(raw)
        ));
    }
    Row::Entries(entries)
}

/// A 街区符号 or 地番 as (the name before it, its main number): `3` → ("", 3),
/// `下桶126` → ("下桶", 126), `126-4` → ("", 126) (a 支号 is no block of its own).
fn block_number(part: &str) -> Option<(String, u32)> {
    let spelt = normalise_part(part);
    let start = spelt.find(|c: char| c.is_ascii_digit())?;
    let (prefix, rest) = spelt.split_at(start);
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, tail) = rest.split_at(end);
    if !(tail.is_empty() || tail.starts_with('-')) {
        return None;
    }
    let number = digits.parse().ok().filter(|&n| n > 0)?;
    Some((prefix.to_string(), number))
}

fn degrees(cell: &str, name: &str, (low, high): (f64, f64)) -> std::result::Result<f64, String> {
    if cell.is_empty() {
        return Err(format!("{name} is empty"));
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() && (low..=high).contains(&v) => Ok(v),
        Ok(_) => Err(format!(
            "{name} {} is outside Japan ({low}–{high})",
            shorten(cell)
        )),
        Err(_) => Err(format!("{name} \"{}\" is not a number", shorten(cell))),
    }
}

/// A cell quoted in a message, cut to 20 characters.
fn shorten(cell: &str) -> String {
    let mut s: String = cell.chars().take(20).collect();
    if cell.chars().nth(20).is_some() {
        s.push('…');
    }
    s
}

/// A block's position in a town.
#[derive(Debug, Clone, Copy)]
enum BlockAt {
    /// From a row of this town.
    Own(LonLat),
    /// From a row of one of its 小字 (an address may leave the 小字 out).
    Borrowed(LonLat),
    /// Two of its 小字 have this number at different places: the 小字 is needed.
    Ambiguous,
}

#[derive(Debug, Default)]
struct Town {
    /// From a town-level row.
    at: Option<LonLat>,
    blocks: HashMap<u32, BlockAt>,
    /// The sum of its block positions, and how many, for its middle.
    sum: (f64, f64),
    points: u32,
}

impl Town {
    fn add_point(&mut self, at: LonLat) {
        self.sum.0 += at.lon;
        self.sum.1 += at.lat;
        self.points += 1;
    }

    fn position(&self) -> Option<LonLat> {
        self.at.or_else(|| {
            (self.points > 0).then(|| LonLat {
                lon: self.sum.0 / f64::from(self.points),
                lat: self.sum.1 / f64::from(self.points),
            })
        })
    }
}

/// Known places and their positions, for placing addresses.
#[derive(Debug, Default)]
pub struct Gazetteer {
    towns: Vec<Town>,
    /// Each town's keys: its normalised place name, and the name without its city.
    keys: HashMap<Box<str>, usize>,
    /// The keys' lengths in bytes, longest first.
    lengths: Vec<usize>,
}

impl Gazetteer {
    /// A gazetteer of `entries` (block- and town-level alike; when two entries name the
    /// same place, the first is kept).
    ///
    /// Each place is known by its full name (市区町村 + 大字・町丁目 + 小字) and, when no
    /// other city in the gazetteer has a place of that name, by its name without the city:
    /// the roster is one municipality and its addresses are often written without the
    /// city's name (`中央町2-3-4`). So with one city's file every address without the city
    /// matches, and with a prefecture's file those whose town is not in another city too.
    /// A block of a 小字 is known in its 大字 as well (addresses often leave the 小字 out),
    /// unless two 小字 of the 大字 give that number different places.
    pub fn new(entries: impl IntoIterator<Item = PositionEntry>) -> Gazetteer {
        let mut g = Gazetteer::default();
        // A name without its city: the town it means, or None when cities share it.
        let mut bare: HashMap<String, Option<usize>> = HashMap::new();
        for e in entries {
            let place = e.place();
            let t = g.town(place);
            match e.block {
                Some(b) => {
                    let town = &mut g.towns[t];
                    if !matches!(town.blocks.get(&b), Some(BlockAt::Own(_))) {
                        town.blocks.insert(b, BlockAt::Own(e.at));
                        town.add_point(e.at);
                    }
                }
                None => {
                    let town = &mut g.towns[t];
                    town.at = town.at.or(Some(e.at));
                }
            }
            let name = format!("{}{}", e.town, e.koaza);
            if !name.is_empty() {
                let slot = bare.entry(name).or_insert(Some(t));
                if *slot != Some(t) {
                    *slot = None;
                }
            }
            if let (Some(b), false) = (e.block, e.koaza.is_empty()) {
                let parent = g.town(format!("{}{}", e.city, e.town));
                let town = &mut g.towns[parent];
                let slot = town.blocks.entry(b).or_insert(BlockAt::Borrowed(e.at));
                if let BlockAt::Borrowed(p) = *slot {
                    if p != e.at {
                        *slot = BlockAt::Ambiguous;
                    }
                }
                town.add_point(e.at);
                let name = e.town.clone();
                if !name.is_empty() {
                    let slot = bare.entry(name).or_insert(Some(parent));
                    if *slot != Some(parent) {
                        *slot = None;
                    }
                }
            }
        }
        for (name, town) in bare {
            if let Some(t) = town {
                g.keys.entry(name.into_boxed_str()).or_insert(t);
            }
        }
        let mut lengths: Vec<usize> = g.keys.keys().map(|k| k.len()).collect();
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        lengths.dedup();
        g.lengths = lengths;
        g
    }

    /// The town named `place`, made when new.
    fn town(&mut self, place: String) -> usize {
        let next = self.towns.len();
        let t = *self.keys.entry(place.into_boxed_str()).or_insert(next);
        if t == next {
            self.towns.push(Town::default());
        }
        t
    }

    /// Places `address`: [`normalise`]d, the longest known town its key starts with (a
    /// town never ends inside a number: `中央町1` is no prefix of `中央町11-3`), then the
    /// number right after it (`3番`, `3-`, `3番地`): block level when that block is known;
    /// else the town's position, from a town-level entry or, without one, the mean of its
    /// blocks' positions: town level. `None` when no known town starts the address.
    pub fn locate(&self, address: &str) -> Option<Located> {
        let key = normalise(address);
        for &len in &self.lengths {
            if len > key.len() || !key.is_char_boundary(len) {
                continue;
            }
            let (head, rest) = key.split_at(len);
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            if digit(head.chars().next_back()) && digit(rest.chars().next()) {
                continue;
            }
            let Some(&t) = self.keys.get(head) else {
                continue;
            };
            let town = &self.towns[t];
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let block = rest[..end].parse::<u32>().ok();
            if let Some(BlockAt::Own(at) | BlockAt::Borrowed(at)) =
                block.and_then(|b| town.blocks.get(&b))
            {
                return Some(Located {
                    at: *at,
                    level: MatchLevel::Block,
                });
            }
            return town.position().map(|at| Located {
                at,
                level: MatchLevel::Town,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use encoding_rs::SHIFT_JIS;

    use super::*;

    const BLOCK_HEADER: &str = "\"都道府県名\",\"市区町村名\",\"大字・丁目名\",\"小字・通称名\",\"街区符号・地番\",\"座標系番号\",\"Ｘ座標\",\"Ｙ座標\",\"緯度\",\"経度\",\"住居表示フラグ\",\"代表フラグ\",\"更新前履歴フラグ\",\"更新後履歴フラグ\"";
    const TOWN_HEADER: &str = "\"都道府県コード\",\"都道府県名\",\"市区町村コード\",\"市区町村名\",\"大字町丁目コード\",\"大字町丁目名\",\"緯度\",\"経度\",\"原典資料コード\",\"大字・字・丁目区分コード\"";

    /// A 街区レベル row as the ministry writes it, every value quoted.
    fn block_row(
        town: &str,
        koaza: &str,
        block: &str,
        lat: &str,
        lon: &str,
        flags: [&str; 3],
    ) -> String {
        let cells = [
            "〇〇県",
            "みどり市",
            town,
            koaza,
            block,
            "9",
            "-35298.7",
            "-7013.4",
            lat,
            lon,
            "1",
            flags[0],
            flags[1],
            flags[2],
        ];
        cells
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn sjis(lines: &[String]) -> Vec<u8> {
        let text = lines.join("\r\n") + "\r\n";
        let (bytes, _, unmappable) = SHIFT_JIS.encode(&text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn block_file() -> Vec<u8> {
        let ok = ["1", "0", "0"];
        sjis(&[
            BLOCK_HEADER.to_string(),
            block_row("中央町二丁目", "", "3", "35.700001", "139.750001", ok),
            block_row(
                "中央町二丁目",
                "",
                "3",
                "35.700009",
                "139.750009",
                ["0", "0", "0"],
            ),
            block_row("中央町二丁目", "", "4", "35.700002", "139.750002", ok),
            block_row(
                "中央町二丁目",
                "",
                "5",
                "35.700003",
                "139.750003",
                ["1", "0", "3"],
            ),
            block_row("中央町一丁目", "", "24,29", "35.690000", "139.740000", ok),
            block_row("岩根", "下桶", "126", "35.600000", "139.600000", ok),
        ])
    }

    fn at(lon: f64, lat: f64) -> LonLat {
        LonLat { lon, lat }
    }

    fn entry(town: &str, block: Option<u32>, lon: f64, lat: f64) -> PositionEntry {
        PositionEntry {
            city: "みどり市".into(),
            town: normalise_part(town),
            koaza: String::new(),
            block,
            at: at(lon, lat),
        }
    }

    #[test]
    fn a_block_level_file_in_shift_jis_is_read_by_its_header() {
        let file = read_position_reference(&block_file()).unwrap();
        assert_eq!(file.level, MatchLevel::Block);
        assert_eq!(file.rows_read, 6);
        let got: Vec<(String, Option<u32>, f64, f64)> = file
            .entries
            .iter()
            .map(|e| (e.place(), e.block, e.at.lon, e.at.lat))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "みどり市中央町2".to_string(),
                    Some(3),
                    139.750001,
                    35.700001
                ),
                (
                    "みどり市中央町2".to_string(),
                    Some(4),
                    139.750002,
                    35.700002
                ),
                ("みどり市中央町1".to_string(), Some(24), 139.74, 35.69),
                ("みどり市中央町1".to_string(), Some(29), 139.74, 35.69),
                ("みどり市岩根下桶".to_string(), Some(126), 139.6, 35.6),
            ]
        );
        assert_eq!(
            file.skipped,
            [
                (
                    3,
                    "代表フラグ 0: not the block's representative point".to_string()
                ),
                (5, "更新後履歴フラグ 3: the block was deleted".to_string()),
            ]
        );
    }

    #[test]
    fn a_town_level_file_in_shift_jis_is_read_by_its_header() {
        let bytes = sjis(&[
            TOWN_HEADER.to_string(),
            "\"99\",\"〇〇県\",\"99999\",\"みどり市\",\"999990002\",\"中央町二丁目\",\"35.701000\",\"139.751000\",\"1\",\"3\"".to_string(),
            "\"99\",\"〇〇県\",\"99999\",\"上閉伊郡大槌町\",\"999990003\",\"小鎚\",\"39.360000\",\"141.890000\",\"1\",\"1\"".to_string(),
        ]);
        let file = read_position_reference(&bytes).unwrap();
        assert_eq!(file.level, MatchLevel::Town);
        assert_eq!(serde_json::to_string(&file.level).unwrap(), "\"town\"");
        assert_eq!(
            serde_json::to_string(&MatchLevel::Block).unwrap(),
            "\"block\""
        );
        assert_eq!(MatchLevel::Block.token(), "block");
        assert_eq!(file.rows_read, 2);
        assert_eq!(
            file.entries[0],
            entry("中央町二丁目", None, 139.751, 35.701)
        );
        assert_eq!(file.entries[1].city, "大槌町");
        assert_eq!(file.entries[1].town, "小鎚");
        assert!(file.skipped.is_empty());
    }

    /// The block file's lines with their cells rearranged by `change`, quoted again.
    fn rearranged(change: impl Fn(&mut Vec<String>)) -> Vec<String> {
        let bytes = block_file();
        let (text, _, _) = SHIFT_JIS.decode(&bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| {
                let mut cells: Vec<String> = r.unwrap().iter().map(String::from).collect();
                change(&mut cells);
                cells
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    #[test]
    fn columns_in_another_order_and_utf8_read_the_same() {
        let moved = rearranged(|cells| {
            let order = [9, 8, 13, 12, 11, 10, 4, 3, 2, 1, 0, 5, 6, 7];
            *cells = order.iter().map(|&i| cells[i].clone()).collect();
        });
        assert!(moved[0].starts_with("\"経度\",\"緯度\",\"更新後履歴フラグ\""));
        let original = read_position_reference(&block_file()).unwrap();
        assert_eq!(original.entries.len(), 5);
        assert_eq!(read_position_reference(&sjis(&moved)).unwrap(), original);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), moved.join("\n").as_bytes()].concat();
        assert_eq!(read_position_reference(&with_bom).unwrap(), original);
    }

    #[test]
    fn a_file_without_a_column_is_refused_naming_it() {
        let without_lat = rearranged(|cells| {
            cells.remove(8);
        });
        let err = read_position_reference(&sjis(&without_lat))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("街区レベル 位置参照情報 file without the columns 緯度:"),
            "{err}"
        );
        let err = read_position_reference(b"name,address\nA,B\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("lacks the columns 市区町村名, 大字・丁目名, 街区符号・地番, 緯度, 経度 of a 街区レベル file, and 市区町村名, 大字町丁目名, 緯度, 経度 of"), "{err}");
    }

    #[test]
    fn a_bad_coordinate_refuses_the_file_naming_its_line() {
        let ok = ["1", "0", "0"];
        let bytes = sjis(&[
            BLOCK_HEADER.to_string(),
            block_row("中央町二丁目", "", "3", "35.7", "139.75", ok),
            block_row("中央町二丁目", "", "4", "", "139.75", ok),
            block_row("中央町二丁目", "", "5", "35.7", "13975", ok),
            block_row("中央町二丁目", "", "6", "三十五", "139.75", ok),
        ]);
        let err = read_position_reference(&bytes).unwrap_err().to_string();
        assert!(
            err.contains("has 3 rows that cannot be used, so nothing was read"),
            "{err}"
        );
        assert!(err.contains("line 3: 緯度 is empty; line 4: 経度 13975 is outside Japan (122–154); line 5: 緯度 \"三十五\" is not a number"), "{err}");
    }

    #[test]
    fn a_file_of_no_rows_is_refused() {
        let err = read_position_reference(&sjis(&[BLOCK_HEADER.to_string()])).unwrap_err();
        assert!(err.to_string().contains("holds no positions"), "{err}");
        assert!(read_position_reference(b"").is_err());
    }

    fn demo_gazetteer() -> Gazetteer {
        Gazetteer::new([
            entry("中央町二丁目", Some(3), 139.1, 35.1),
            entry("中央町二丁目", Some(4), 139.2, 35.2),
            entry("中央町一丁目", Some(5), 139.3, 35.3),
            entry("中央町十一丁目", Some(5), 139.4, 35.4),
            entry("中央町十一丁目", None, 139.45, 35.45),
            entry("本町", Some(1), 139.5, 35.5),
            entry("本町通", Some(1), 139.6, 35.6),
            entry("霞ヶ関", Some(2), 139.7, 35.7),
        ])
    }

    #[track_caller]
    fn placed(g: &Gazetteer, address: &str) -> Option<(MatchLevel, f64, f64)> {
        g.locate(address).map(|l| (l.level, l.at.lon, l.at.lat))
    }

    #[test]
    fn the_demo_towns_addresses_match_their_block() {
        let g = demo_gazetteer();
        let block3 = Some((MatchLevel::Block, 139.1, 35.1));
        for address in [
            "みどり市中央町二丁目3番4号",
            "みどり市中央町2-3-4",
            "みどり市中央町2-3-4 みどりハイツ203",
            "神奈川県みどり市中央町２丁目３番地４",
            "中央町2-3-4",
            "みどり市中央町2丁目3番",
        ] {
            assert_eq!(placed(&g, address), block3, "{address}");
        }
        assert_eq!(
            placed(&g, "みどり市中央町2-4-1"),
            Some((MatchLevel::Block, 139.2, 35.2))
        );
    }

    #[test]
    fn an_unknown_block_falls_back_to_its_town() {
        let g = demo_gazetteer();
        // No town-level entry: the mean of its blocks.
        let (level, lon, lat) = placed(&g, "みどり市中央町2-9-1").unwrap();
        assert_eq!(level, MatchLevel::Town);
        assert!(
            (lon - 139.15).abs() < 1e-9 && (lat - 35.15).abs() < 1e-9,
            "{lon} {lat}"
        );
        assert_eq!(
            placed(&g, "みどり市中央町二丁目"),
            Some((MatchLevel::Town, lon, lat))
        );
        // A town-level entry wins over the mean.
        assert_eq!(
            placed(&g, "みどり市中央町11-9"),
            Some((MatchLevel::Town, 139.45, 35.45))
        );
    }

    #[test]
    fn an_unknown_town_is_not_placed() {
        let g = demo_gazetteer();
        assert_eq!(placed(&g, "みどり市西町1-2-3"), None);
        assert_eq!(placed(&g, "あおば市中央町2-3-4"), None);
        assert_eq!(placed(&g, ""), None);
    }

    #[test]
    fn the_longest_town_wins_and_never_ends_inside_a_number() {
        let g = demo_gazetteer();
        assert_eq!(
            placed(&g, "みどり市中央町11-5-1"),
            Some((MatchLevel::Block, 139.4, 35.4))
        );
        assert_eq!(
            placed(&g, "みどり市中央町十一丁目5番1号"),
            Some((MatchLevel::Block, 139.4, 35.4))
        );
        assert_eq!(
            placed(&g, "みどり市中央町1-5-1"),
            Some((MatchLevel::Block, 139.3, 35.3))
        );
        assert_eq!(
            placed(&g, "みどり市本町通1-2"),
            Some((MatchLevel::Block, 139.6, 35.6))
        );
        assert_eq!(
            placed(&g, "みどり市本町1-2"),
            Some((MatchLevel::Block, 139.5, 35.5))
        );
        // 中央町1 is known, 中央町12 is not: no match inside the number.
        assert_eq!(placed(&g, "みどり市中央町12-5-1"), None);
        assert_eq!(
            placed(&g, "みどり市霞が関2-1"),
            Some((MatchLevel::Block, 139.7, 35.7))
        );
    }

    #[test]
    fn without_the_city_only_a_town_no_other_city_has_matches() {
        let mut entries = vec![entry("中央町二丁目", Some(3), 139.1, 35.1)];
        let other = |town: &str| PositionEntry {
            city: "あおば市".into(),
            ..entry(town, Some(3), 140.0, 36.0)
        };
        entries.push(other("中央町二丁目"));
        entries.push(other("東町"));
        let g = Gazetteer::new(entries);
        assert_eq!(placed(&g, "中央町2-3-4"), None);
        assert_eq!(
            placed(&g, "みどり市中央町2-3-4"),
            Some((MatchLevel::Block, 139.1, 35.1))
        );
        assert_eq!(placed(&g, "東町3"), Some((MatchLevel::Block, 140.0, 36.0)));
    }

    #[test]
    fn a_koaza_may_be_left_out_unless_it_tells_two_places_apart() {
        let file = read_position_reference(&block_file()).unwrap();
        let mut entries = file.entries;
        let koaza = |name: &str, block: u32, lon: f64| PositionEntry {
            koaza: name.into(),
            ..entry("岩根", Some(block), lon, 35.6)
        };
        entries.push(koaza("上桶", 7, 139.61));
        entries.push(koaza("下桶", 7, 139.62));
        let g = Gazetteer::new(entries);
        let block126 = Some((MatchLevel::Block, 139.6, 35.6));
        assert_eq!(placed(&g, "みどり市大字岩根字下桶126番地"), block126);
        assert_eq!(placed(&g, "みどり市岩根126-4"), block126);
        assert_eq!(
            placed(&g, "みどり市岩根上桶7"),
            Some((MatchLevel::Block, 139.61, 35.6))
        );
        assert_eq!(
            placed(&g, "みどり市岩根7").map(|p| p.0),
            Some(MatchLevel::Town)
        );
    }

    /// 500,000 addresses against 100,000 block positions of 2,000 towns, written the
    /// demo town's three ways. Run in release:
    /// `cargo test --release --lib geo::gazetteer::tests::speed -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement; run in release"]
    fn speed() {
        const KANJI: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        let kanji = |n: usize| match (n / 10, n % 10) {
            (0, d) => KANJI[d].to_string(),
            (1, d) => format!("十{}", KANJI[d]),
            (t, d) => format!("{}十{}", KANJI[t], KANJI[d]),
        };
        let names = [
            "中央",
            "東",
            "西",
            "北",
            "南",
            "川沿",
            "山手",
            "桜ヶ丘",
            "若葉台",
            "本",
        ];
        let mut entries = Vec::new();
        for t in 0..2_000 {
            let town = format!("{}{}町{}丁目", names[t % 10], t / 40, kanji(t % 40 + 1));
            for b in 1..=50 {
                entries.push(PositionEntry {
                    block: Some(b),
                    ..entry(
                        &town,
                        None,
                        139.0 + t as f64 * 1e-4,
                        35.0 + f64::from(b) * 1e-4,
                    )
                });
            }
        }
        let started = std::time::Instant::now();
        let g = Gazetteer::new(entries);
        let built = started.elapsed();
        let addresses: Vec<String> = (0..500_000)
            .map(|i| {
                let t = i % 2_000;
                let (name, chome, block) = (
                    format!("{}{}町", names[t % 10], t / 40),
                    t % 40 + 1,
                    i % 60 + 1,
                );
                match i % 3 {
                    0 => format!(
                        "みどり市{name}{}丁目{block}番{}号",
                        kanji(chome),
                        i % 24 + 1
                    ),
                    1 => format!("みどり市{name}{chome}-{block}-{}", i % 24 + 1),
                    _ => format!(
                        "みどり市{name}{chome}-{block}-{} さくらハイツ{}",
                        i % 24 + 1,
                        101 + i % 5
                    ),
                }
            })
            .collect();
        let started = std::time::Instant::now();
        let (mut blocks, mut towns) = (0, 0);
        for a in &addresses {
            match g.locate(a).map(|l| l.level) {
                Some(MatchLevel::Block) => blocks += 1,
                Some(MatchLevel::Town) => towns += 1,
                None => {}
            }
        }
        let located = started.elapsed();
        println!("built from 100,000 entries in {built:?}; 500,000 addresses located in {located:?} ({blocks} block, {towns} town)");
        assert_eq!(blocks + towns, 500_000);
        // Blocks 51 to 60 are not known: 10 in every 60 addresses.
        assert_eq!(towns, 500_000 / 60 * 10);
    }

    #[test]
    fn the_demo_towns_file_read_and_matched_end_to_end() {
        let g = Gazetteer::new(read_position_reference(&block_file()).unwrap().entries);
        // Block 5 was deleted (更新後履歴フラグ 3) and the second point of block 3 is not
        // the representative one.
        assert_eq!(
            placed(&g, "みどり市中央町2-3-1"),
            Some((MatchLevel::Block, 139.750001, 35.700001))
        );
        assert_eq!(
            placed(&g, "みどり市中央町2-5-1").map(|p| p.0),
            Some(MatchLevel::Town)
        );
        assert_eq!(
            placed(&g, "みどり市中央町一丁目29番1号"),
            Some((MatchLevel::Block, 139.74, 35.69))
        );
    }
}
