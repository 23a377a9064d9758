//! Reading an import file into a table of text cells: the encoding found or chosen, CSV
//! with quoted line breaks, or the first sheet of an XLSX workbook. All in memory: no
//! temporary file ever holds what the file carries.

use calamine::Data;
use csv_core::ReadFieldResult;
use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};

use super::limits::Limits;
use super::xlsx;
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

pub(crate) fn bad(reason: impl Into<String>) -> Error {
    Error::invalid("file", reason)
}

/// Reads `bytes` as `format`, within [`Limits::DEFAULT`].
pub fn read(bytes: &[u8], format: Format, encoding: TextEncoding) -> Result<Table> {
    read_within(bytes, format, encoding, &Limits::DEFAULT)
}

/// Reads `bytes` as `format`, refusing a file beyond `limits` (its size, rows, columns,
/// cells, a cell's length; for XLSX also what its parts unpack to). Nothing is allocated
/// for what a file only claims: a sheet's stated dimension is not trusted, and cells far
/// apart are kept as they are found, never as a grid between them.
pub fn read_within(
    bytes: &[u8],
    format: Format,
    encoding: TextEncoding,
    limits: &Limits,
) -> Result<Table> {
    limits.check_file_bytes(bytes.len() as u64)?;
    match format {
        Format::Csv => {
            let (text, name) = decode(bytes, encoding)?;
            read_csv(&text, name, limits)
        }
        Format::Xlsx => xlsx::read(bytes, limits),
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

/// Reads CSV text record by record, field by field (csv-core), so a line of a million
/// commas is refused at the column limit instead of being gathered first.
fn read_csv(text: &str, encoding: &'static str, limits: &Limits) -> Result<Table> {
    let mut reader = csv_core::Reader::new();
    let mut gather = Gather::new(limits);
    let mut input = text.as_bytes();
    let mut field = vec![0u8; 256];
    let mut len = 0;
    let mut record: Vec<String> = Vec::new();
    let mut index = 0;
    let mut wide = 0;
    loop {
        let (result, read, written) = reader.read_field(input, &mut field[len..]);
        input = &input[read..];
        len += written;
        match result {
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => {
                let grown = field.len() * 2;
                field.resize(grown, 0);
            }
            ReadFieldResult::Field { record_end } => {
                // Beyond the column limit the fields are only counted, to say how many.
                if record.len() >= limits.columns {
                    wide += 1;
                    if record_end {
                        return Err(limits.columns_beyond(index + 1, record.len() + wide));
                    }
                    len = 0;
                    continue;
                }
                // The delimiters are ASCII, so a field of valid UTF-8 text is valid UTF-8.
                let cell = std::str::from_utf8(&field[..len])
                    .map_err(|_| bad(format!("line {} cannot be read as text", reader.line())))?;
                record.push(cell.to_string());
                len = 0;
                if record_end {
                    gather.push(index, std::mem::take(&mut record))?;
                    index += 1;
                }
            }
            ReadFieldResult::End => break,
        }
    }
    gather.finish(encoding)
}

/// A cell as text: numbers without a spurious `.0`, dates as ISO.
pub(crate) fn cell_text(d: &Data) -> String {
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

/// Gathers a file's records into a [`Table`], checking the limits on each as it comes:
/// columns and a cell's length at once, cells in all at once, data rows at the end (the
/// rows beyond the limit are counted, not kept, so the message can say how many there are).
pub(crate) struct Gather<'a> {
    limits: &'a Limits,
    headers: Option<Vec<String>>,
    rows: Vec<Row>,
    data_rows: usize,
    cells: u64,
}

impl<'a> Gather<'a> {
    pub(crate) fn new(limits: &'a Limits) -> Self {
        Gather {
            limits,
            headers: None,
            rows: Vec::new(),
            data_rows: 0,
            cells: 0,
        }
    }

    /// Adds the record at `index` (0 = the file's first row).
    pub(crate) fn push(&mut self, index: usize, cells: Vec<String>) -> Result<()> {
        let number = index + 1;
        if cells.len() > self.limits.columns {
            return Err(self.limits.columns_beyond(number, cells.len()));
        }
        for (i, cell) in cells.iter().enumerate() {
            // A char is at least one byte: only a long cell needs counting.
            if cell.len() > self.limits.cell_chars {
                let found = cell.chars().count();
                if found > self.limits.cell_chars {
                    return Err(self.limits.cell_beyond(number, i + 1, found));
                }
            }
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        if self.headers.is_some() {
            self.data_rows += 1;
            if self.data_rows > self.limits.rows {
                return Ok(());
            }
        }
        self.cells += cells.len() as u64;
        if self.cells > self.limits.cells as u64 {
            return Err(self.limits.cells_beyond(self.cells));
        }
        match self.headers {
            None => self.headers = Some(cells.into_iter().map(|h| h.trim().to_string()).collect()),
            Some(_) => self.rows.push(Row { number, cells }),
        }
        Ok(())
    }

    /// The table, or why the file is refused.
    pub(crate) fn finish(self, encoding: &'static str) -> Result<Table> {
        if self.data_rows > self.limits.rows {
            return Err(self.limits.rows_beyond(self.data_rows));
        }
        let headers = self.headers.ok_or_else(|| {
            bad("is empty; the first row must name the columns (氏名, 生年月日, 住所 …)")
        })?;
        Ok(Table {
            headers,
            rows: self.rows,
            encoding,
        })
    }
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
