//! Reading an import file into a table of text cells: the encoding found or chosen, CSV
//! with quoted line breaks, or the first sheet of an XLSX workbook. All in memory: no
//! temporary file ever holds what the file carries.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};

use crate::error::{Error, Result};

/// The file formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// An Excel workbook (first sheet).
    Xlsx,
}

impl Format {
    /// Its token.
    pub fn token(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// Parses a token.
    pub fn from_token(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// Guesses from the bytes: an XLSX file is a ZIP archive.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// The text encodings a CSV may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// Detect: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else Shift_JIS (CP932).
    Auto,
    /// UTF-8, with or without a BOM.
    Utf8,
    /// Shift_JIS as Windows writes it (CP932, with the NEC and IBM extensions).
    ShiftJis,
}

impl TextEncoding {
    /// Parses a token (`auto`, `utf-8`, `shift_jis`).
    pub fn from_token(s: &str) -> Option<TextEncoding> {
        match s.to_ascii_lowercase().replace('-', "_").as_str() {
            "auto" => Some(TextEncoding::Auto),
            "utf_8" | "utf8" => Some(TextEncoding::Utf8),
            "shift_jis" | "sjis" | "cp932" | "windows_31j" => Some(TextEncoding::ShiftJis),
            _ => None,
        }
    }
}

/// One data row: its number as a spreadsheet shows it (the header is row 1) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Row number (header = 1).
    pub number: usize,
    /// Cells, as text.
    pub cells: Vec<String>,
}

/// A file read into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header row.
    pub headers: Vec<String>,
    /// The data rows (blank rows are left out).
    pub rows: Vec<Row>,
    /// The encoding it was read in (`utf-8`, `utf-8-bom`, `shift_jis`, `xlsx`).
    pub encoding: &'static str,
}

fn bad(reason: impl Into<String>) -> Error {
    Error::invalid("file", reason)
}

/// Reads `bytes` as `format`.
pub fn read(bytes: &[u8], format: Format, encoding: TextEncoding) -> Result<Table> {
    match format {
        Format::Csv => {
            let (text, name) = decode(bytes, encoding)?;
            read_csv(&text, name)
        }
        Format::Xlsx => read_xlsx(bytes),
    }
}

/// Decodes CSV bytes; a byte sequence that is not valid in the encoding is reported by
/// line, never replaced silently (a replaced character would be a wrong name).
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> Result<(String, &'static str)> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let (enc, name): (&'static Encoding, &'static str) = match encoding {
        TextEncoding::Utf8 if has_bom => (UTF_8, "utf-8-bom"),
        TextEncoding::Utf8 => (UTF_8, "utf-8"),
        TextEncoding::ShiftJis => (SHIFT_JIS, "shift_jis"),
        TextEncoding::Auto if has_bom => (UTF_8, "utf-8-bom"),
        TextEncoding::Auto if std::str::from_utf8(bytes).is_ok() => (UTF_8, "utf-8"),
        TextEncoding::Auto => (SHIFT_JIS, "shift_jis"),
    };
    let body = if enc == UTF_8 && has_bom {
        &bytes[3..]
    } else {
        bytes
    };
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        let line = text[..at].matches('\n').count() + 1;
        let other = if enc == UTF_8 { "shift_jis" } else { "utf-8" };
        return Err(bad(format!(
            "line {line} is not valid {name}; choose the file's encoding with --encoding {other} (or save it again as UTF-8)"
        )));
    }
    Ok((text.into_owned(), name))
}

fn read_csv(text: &str, encoding: &'static str) -> Result<Table> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(i + 1, |p| p.line() as usize);
            bad(format!(
                "line {line} cannot be read as CSV (an unclosed quote?); check the file in a spreadsheet and save it as CSV again"
            ))
        })?;
        records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
    }
    table(records, encoding)
}

fn read_xlsx(bytes: &[u8]) -> Result<Table> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        bad("is not a readable XLSX workbook; save it again from the spreadsheet as .xlsx")
    })?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("the workbook has no sheet"))?
        .map_err(|_| bad("the first sheet cannot be read; save it again as .xlsx"))?;
    let records = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect::<Vec<_>>())
        .collect();
    table(records, "xlsx")
}

/// A cell as text: numbers without a spurious `.0`, dates as ISO.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64()).unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

/// An Excel serial date (days since 1899-12-30, the 1900 system) as ISO.
fn excel_date(serial: f64) -> Option<String> {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    if !(0.0..=2_958_465.0).contains(&days) {
        return None;
    }
    base.checked_add_days(chrono::Days::new(days as u64))
        .map(|d| d.to_string())
}

fn table(records: Vec<Vec<String>>, encoding: &'static str) -> Result<Table> {
    let mut it = records
        .into_iter()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let (_, headers) = it.next().ok_or_else(|| {
        bad("is empty; the first row must name the columns (氏名, 生年月日, 住所 …)")
    })?;
    let headers = headers.into_iter().map(|h| h.trim().to_string()).collect();
    let rows = it
        .map(|(i, cells)| Row {
            number: i + 1,
            cells,
        })
        .collect();
    Ok(Table {
        headers,
        rows,
        encoding,
    })
}

/// Undoes formula neutralisation: a cell an export wrote as `'=…` reads back as `=…`.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp932_extension_characters_decode() {
        let (bytes, _, unmappable) = SHIFT_JIS.encode("髙橋 﨑");
        assert!(!unmappable);
        let (text, name) = decode(&bytes, TextEncoding::Auto).unwrap();
        assert_eq!(text, "髙橋 﨑");
        assert_eq!(name, "shift_jis");
    }

    #[test]
    fn bad_bytes_are_reported_by_line() {
        let err = decode(b"a,b\n\xff\xff,c\n", TextEncoding::ShiftJis).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
