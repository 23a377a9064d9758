//! Import refuses files beyond its limits (`src/io/limits.rs`), naming the limit and what
//! was found, with exit 5 and nothing written — and hostile XLSX files (a sheet claiming
//! the whole grid, cells far apart, a ZIP bomb) are refused or read without allocating
//! for what they only claim (issue 15). Every hostile file is made here.

mod common;

use std::path::Path;

use common::*;
use yorisoi::io::limits::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use yorisoi::io::table::{read_within, Format, TextEncoding};
use yorisoi::io::Limits;
use yorisoi::model::PersonQuery;
use yorisoi::{ErrorCode, Roster};

const HEADER: &str = "氏名,生年月日,住所\n";
const ROW: &str = "山田 花子,1940-01-02,みどり市中央町1-2-3\n";

/// A roster with one person on it, and what it holds: the people and the audit trail.
fn roster_with_one() -> (TempRoster, Roster) {
    let (t, mut roster) = TempRoster::new();
    let r = roster
        .import(format!("{HEADER}{ROW}").as_bytes(), &import_options())
        .unwrap();
    assert_eq!(r.added, 1);
    (t, roster)
}

/// The people (with archived ones) and the audit actions: what a refused import must leave
/// as it was (the unlock's own audit rows aside).
fn contents(roster: &Roster) -> (Vec<String>, usize) {
    let q = PersonQuery {
        include_archived: true,
        ..PersonQuery::default()
    };
    let people = roster
        .list_persons(&q)
        .unwrap()
        .into_iter()
        .map(|p| format!("{} {}", p.id, p.name))
        .collect();
    let imports = roster
        .audit_log(None, None)
        .unwrap()
        .iter()
        .filter(|e| e.action.starts_with("import") || e.action == "person.add")
        .count();
    (people, imports)
}

/// Runs `yorisoi import FILE` and checks it is refused with exit 5, nothing written;
/// returns the message.
fn cli_refuses(t: &TempRoster, before: &(Vec<String>, usize), file: &Path) -> String {
    let out = yorisoi(&t.path, Some(PASS), &["import", file.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(5), "{err}");
    assert_eq!(
        &contents(&t.open()),
        before,
        "a refused import changed the roster"
    );
    err
}

fn refused(roster: &mut Roster, bytes: &[u8]) -> String {
    let before = contents(roster);
    let err = roster.import(bytes, &import_options()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert_eq!(
        contents(roster),
        before,
        "a refused import changed the roster"
    );
    err.to_string()
}

#[test]
fn a_file_beyond_the_size_limit_is_refused_before_it_is_read() {
    let (t, roster) = roster_with_one();
    let before = contents(&roster);
    drop(roster);
    // A sparse file: 512 MiB + 1 byte on paper, nothing on the disk. The command line
    // refuses it by its size, without reading it into memory.
    let file = t.dir.path().join("huge.csv");
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let err = cli_refuses(&t, &before, &file);
    assert!(err.contains("is 536,870,913 bytes"), "{err}");
    assert!(
        err.contains("the limit is 536,870,912 bytes (512 MiB)"),
        "{err}"
    );
    // The same check in the core, for bytes handed over by a caller (smaller limit).
    let limits = Limits {
        file_bytes: 10,
        ..Limits::DEFAULT
    };
    let err = read_within(b"a,b,c\n1,2,3\n", Format::Csv, TextEncoding::Auto, &limits)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is 12 bytes; the limit is 10 bytes"), "{err}");
}

#[test]
fn a_csv_with_too_many_columns_is_refused_naming_the_row_and_the_count() {
    let (t, roster) = roster_with_one();
    let before = contents(&roster);
    drop(roster);
    let extra: String = (0..MAX_COLUMNS + 44).map(|i| format!(",列{i}")).collect();
    let file = t.dir.path().join("wide.csv");
    std::fs::write(&file, format!("{HEADER}{}{extra}\n", ROW.trim_end())).unwrap();
    let err = cli_refuses(&t, &before, &file);
    assert!(
        err.contains("row 2 has 303 columns; the limit is 256 columns"),
        "{err}"
    );
}

#[test]
fn a_csv_with_too_many_rows_is_refused_counting_them_all() {
    let (_t, mut roster) = roster_with_one();
    let mut csv = String::with_capacity((MAX_ROWS + 5) * 3);
    csv.push_str("氏名\n");
    for _ in 0..MAX_ROWS + 5 {
        csv.push_str("x\n");
    }
    let err = refused(&mut roster, csv.as_bytes());
    assert!(
        err.contains("has 1,000,005 data rows; the limit is 1,000,000 rows"),
        "{err}"
    );
}

#[test]
fn a_cell_beyond_excels_own_limit_is_refused() {
    let (_t, mut roster) = roster_with_one();
    let long = "あ".repeat(32_768);
    let err = refused(
        &mut roster,
        format!("{HEADER}山田 花子,1940-01-02,{long}\n").as_bytes(),
    );
    assert!(
        err.contains("row 2, column 3 holds 32,768 characters; the limit is 32,767 characters"),
        "{err}"
    );
}

#[test]
fn a_csv_of_empty_cells_beyond_the_cell_limit_is_refused() {
    // 40 rows of 256 empty-but-for-one cells: within the rows and columns, beyond a small
    // cell limit, refused before the rows are all kept.
    let limits = Limits {
        cells: 5_000,
        ..Limits::DEFAULT
    };
    let row = format!("x{}\n", ",".repeat(MAX_COLUMNS - 1));
    let csv = row.repeat(40);
    let err = read_within(csv.as_bytes(), Format::Csv, TextEncoding::Auto, &limits)
        .unwrap_err()
        .to_string();
    assert!(err.contains("the limit is 5,000 cells"), "{err}");
}

// ----- XLSX built by hand: a ZIP archive with stored parts, and raw deflate for a bomb.

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// One part of an archive: `data` as stored (method 0) or raw deflate (8), with the
/// uncompressed size and CRC the archive states.
struct Part {
    name: &'static str,
    method: u16,
    data: Vec<u8>,
    size: u32,
    crc: u32,
}

fn stored(name: &'static str, text: &str) -> Part {
    Part {
        name,
        method: 0,
        data: text.as_bytes().to_vec(),
        size: text.len() as u32,
        crc: crc32(text.as_bytes()),
    }
}

fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&p.method.to_le_bytes());
            h.extend_from_slice(&[0; 4]); // time, date
            h.extend_from_slice(&p.crc.to_le_bytes());
            h.extend_from_slice(&(p.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&p.size.to_le_bytes());
            h.extend_from_slice(&(p.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                // comment length, disk, internal and external attributes
                h.extend_from_slice(&[0; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(p.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(&p.data);
        central.extend(header(0x0201_4b50, true));
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A workbook whose first sheet is `sheet`, with `more` parts beside it.
fn workbook(sheet: Part, more: Vec<Part>) -> Vec<u8> {
    let mut parts = vec![
        stored("xl/workbook.xml", WORKBOOK),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet,
    ];
    parts.extend(more);
    zip(&parts)
}

fn inline(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A sheet with the three columns import needs, two people, and `dimension` as its
/// stated extent.
fn sheet_claiming(dimension: &str, extra: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData><row r="1">{}{}{}</row><row r="2">{}{}{}</row><row r="3">{}{}{}</row>{extra}</sheetData></worksheet>"#,
        inline("A1", "氏名"),
        inline("B1", "生年月日"),
        inline("C1", "住所"),
        inline("A2", "佐藤 一郎"),
        inline("B2", "1941-02-03"),
        inline("C2", "みどり市東町4-5"),
        inline("A3", "鈴木 次郎"),
        inline("B3", "1942-03-04"),
        inline("C3", "みどり市西町7"),
    )
}

#[test]
fn a_sheet_claiming_the_whole_grid_is_read_as_the_cells_it_holds() {
    let (_t, mut roster) = roster_with_one();
    // A1:XFD1048576 is 17 billion cells; a grid for them would not fit in memory.
    let xlsx = workbook(
        stored(
            "xl/worksheets/sheet1.xml",
            &sheet_claiming("A1:XFD1048576", ""),
        ),
        vec![],
    );
    let r = roster.import(&xlsx, &import_options()).unwrap();
    assert_eq!((r.format, r.read, r.added), ("xlsx", 2, 2), "{r:?}");
    let (mut people, _) = contents(&roster);
    people.sort();
    assert_eq!(people, vec!["1 山田 花子", "2 佐藤 一郎", "3 鈴木 次郎"]);
}

#[test]
fn cells_at_a1_and_xfd1048576_are_refused_by_the_column_limit_without_a_grid() {
    let (t, roster) = roster_with_one();
    let before = contents(&roster);
    drop(roster);
    let far = format!(r#"<row r="1048576">{}</row>"#, inline("XFD1048576", "x"));
    let xlsx = workbook(
        stored("xl/worksheets/sheet1.xml", &sheet_claiming("A1", &far)),
        vec![],
    );
    let file = t.dir.path().join("far.xlsx");
    std::fs::write(&file, &xlsx).unwrap();
    let err = cli_refuses(&t, &before, &file);
    assert!(
        err.contains("has a cell at XFD1048576, in column 16,384; the limit is 256 columns"),
        "{err}"
    );
}

#[test]
fn cells_far_apart_within_the_limits_make_two_rows_not_a_million() {
    let far = format!(r#"<row r="1000000">{}</row>"#, inline("IV1000000", "x"));
    let xlsx = workbook(
        stored("xl/worksheets/sheet1.xml", &sheet_claiming("A1", &far)),
        vec![],
    );
    let table = read_within(&xlsx, Format::Xlsx, TextEncoding::Auto, &Limits::DEFAULT).unwrap();
    assert_eq!(table.headers.len(), 256);
    let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![2, 3, 1_000_000]);
    assert_eq!(table.rows[2].cells[255], "x");
}

/// Raw deflate of `blocks` MiB of `fill`, made by repeating one compressed MiB: each
/// repeat only refers back to the bytes before it, so the stream stays valid however long.
fn deflate_bomb(fill: u8, blocks: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let mib = vec![fill; 1 << 20];
    let mut c = Compress::new(Compression::best(), false);
    let mut run = |input: &[u8], flush| {
        let mut out = Vec::with_capacity(64 << 10);
        c.compress_vec(input, &mut out, flush).unwrap();
        out
    };
    let first = run(&mib, FlushCompress::Sync);
    let repeat = run(&mib, FlushCompress::Sync);
    let end = run(&[], FlushCompress::Finish);
    let mut bomb = first;
    for _ in 1..blocks {
        bomb.extend_from_slice(&repeat);
    }
    bomb.extend_from_slice(&end);
    bomb
}

#[test]
fn a_zip_bomb_is_refused_while_unpacking_whatever_size_it_states() {
    let (t, roster) = roster_with_one();
    let before = contents(&roster);
    drop(roster);
    // A 2.5 GiB part of zeros in a file of a few megabytes, stating 1,000 bytes. It is
    // not XML (an image), so only what it unpacks to is counted.
    let bomb = deflate_bomb(0, 2560);
    let image = Part {
        name: "xl/media/image1.png",
        method: 8,
        size: 1000,
        crc: 0,
        data: bomb,
    };
    let sheet = stored("xl/worksheets/sheet1.xml", &sheet_claiming("A1:C3", ""));
    let xlsx = workbook(sheet, vec![image]);
    assert!(xlsx.len() < 4 << 20, "{}", xlsx.len());
    let file = t.dir.path().join("bomb.xlsx");
    std::fs::write(&file, &xlsx).unwrap();
    let err = cli_refuses(&t, &before, &file);
    assert!(
        err.contains("unpacks to more than 2,147,483,648 bytes")
            && err.contains("the limit is 2,147,483,648 bytes (2 GiB)"),
        "{err}"
    );
}

#[test]
fn a_sheet_that_inflates_to_gigabytes_of_text_is_refused_at_the_first_mebibyte() {
    let (_t, mut roster) = roster_with_one();
    // The sheet: 4 GiB of spaces in a few megabytes, stating 100 bytes.
    let sheet = Part {
        name: "xl/worksheets/sheet1.xml",
        method: 8,
        size: 100,
        crc: 0,
        data: deflate_bomb(b' ', 4096),
    };
    let xlsx = workbook(sheet, vec![]);
    let err = refused(&mut roster, &xlsx);
    assert!(
        err.contains(
            "has a piece of XML longer than 1,048,576 bytes in its part xl/worksheets/sheet1.xml"
        ),
        "{err}"
    );
}

#[test]
fn sheets_that_made_the_workbook_reader_panic_or_abort_are_refused() {
    let (_t, mut roster) = roster_with_one();
    // Each of these made calamine 0.35 panic (arithmetic overflow, in a debug build) or
    // abort (room for a trillion shared strings, in any build) before the guard.
    let backwards = workbook(
        stored("xl/worksheets/sheet1.xml", &sheet_claiming("B2:A1", "")),
        vec![],
    );
    let err = refused(&mut roster, &backwards);
    assert!(err.contains("\"B2:A1\" that is not a place"), "{err}");
    let long = format!(
        r#"<row r="4"><c r="{}4"><v>1</v></c></row>"#,
        "A".repeat(16)
    );
    let long = workbook(
        stored("xl/worksheets/sheet1.xml", &sheet_claiming("A1", &long)),
        vec![],
    );
    let err = refused(&mut roster, &long);
    assert!(
        err.contains("\"AAAAAAAAAAAAAAAA4\" that is not a place"),
        "{err}"
    );
    let strings = stored(
        "xl/sharedStrings.xml",
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="999999999999"><si><t>a</t></si></sst>"#,
    );
    let counted = workbook(
        stored("xl/worksheets/sheet1.xml", &sheet_claiming("A1", "")),
        vec![strings],
    );
    let err = refused(&mut roster, &counted);
    assert!(
        err.contains("has 999999999999 shared strings but it has 1"),
        "{err}"
    );
}
