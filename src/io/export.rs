//! Export: persons to CSV (UTF-8 with BOM or Shift_JIS) or XLSX bytes. A pure function of
//! its input: the caller writes the file (and warns that it is not encrypted).

use encoding_rs::SHIFT_JIS;
use rust_xlsxwriter::{Format as CellFormat, Workbook};

use super::columns::Column;
use super::table::Format;
use crate::error::{Error, Result};
use crate::model::Person;

/// Which fields an export carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The statutory fields (災害対策基本法第49条の10): the open column layout.
    Statutory,
    /// Every column Yorisoi imports, plus the registration.
    Full,
}

impl Profile {
    /// Parses a token.
    pub fn from_token(s: &str) -> Option<Profile> {
        match s {
            "statutory" => Some(Profile::Statutory),
            "full" => Some(Profile::Full),
            _ => None,
        }
    }

    /// Its token.
    pub fn token(self) -> &'static str {
        match self {
            Profile::Statutory => "statutory",
            Profile::Full => "full",
        }
    }

    /// The columns, in order.
    pub fn columns(self) -> Vec<Column> {
        match self {
            Profile::Statutory => vec![
                Column::Id,
                Column::ResidentNumber,
                Column::Name,
                Column::Furigana,
                Column::Sex,
                Column::DateOfBirth,
                Column::Address,
                Column::Phone,
                Column::MobilePhone,
                Column::SupportReason,
            ],
            Profile::Full => Column::all().filter(|c| c.is_field()).collect(),
        }
    }
}

/// How a CSV export is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportEncoding {
    /// UTF-8 with a BOM (so Excel opens it as UTF-8).
    Utf8Bom,
    /// Shift_JIS (CP932) for older Excel.
    ShiftJis,
}

impl ExportEncoding {
    /// Parses a token.
    pub fn from_token(s: &str) -> Option<ExportEncoding> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8-bom" | "utf8-bom" => Some(ExportEncoding::Utf8Bom),
            "shift-jis" | "sjis" | "cp932" => Some(ExportEncoding::ShiftJis),
            _ => None,
        }
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
/// first) gets a leading apostrophe, so it shows as text. An import takes it off again.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Renders `persons` with `profile`'s columns.
pub fn render(
    persons: &[Person],
    profile: Profile,
    format: Format,
    encoding: ExportEncoding,
) -> Result<Vec<u8>> {
    let columns = profile.columns();
    match format {
        Format::Csv => csv(persons, &columns, profile, encoding),
        Format::Xlsx => xlsx(persons, &columns, profile),
    }
}

/// One cell. The statutory layout goes to other systems, which know nothing of 支援措置:
/// the address of a person under address protection is left empty there (the full profile
/// carries it, with 住所秘匿 = 1, for the officers' own use).
fn cell(p: &Person, c: Column, profile: Profile) -> String {
    if profile == Profile::Statutory && c == Column::Address && p.address_protected {
        return String::new();
    }
    c.get(p)
}

fn csv(
    persons: &[Person],
    columns: &[Column],
    profile: Profile,
    encoding: ExportEncoding,
) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let write_err = |_| Error::invalid("export", "the CSV could not be written");
    w.write_record(columns.iter().map(|c| c.header()))
        .map_err(write_err)?;
    for p in persons {
        w.write_record(
            columns
                .iter()
                .map(|c| neutralise(&cell(p, *c, profile)).into_owned()),
        )
        .map_err(write_err)?;
    }
    let text = String::from_utf8(
        w.into_inner()
            .map_err(|_| Error::invalid("export", "the CSV could not be written"))?,
    )
    .map_err(|_| Error::invalid("export", "the CSV is not text"))?;
    match encoding {
        ExportEncoding::Utf8Bom => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend_from_slice(text.as_bytes());
            Ok(out)
        }
        ExportEncoding::ShiftJis => to_shift_jis(persons, columns, profile, &text),
    }
}

/// Shift_JIS cannot hold every character in real names (e.g. 𠮷). Rather than write a
/// wrong name, the export is refused, naming the person and column to fix.
fn to_shift_jis(
    persons: &[Person],
    columns: &[Column],
    profile: Profile,
    text: &str,
) -> Result<Vec<u8>> {
    let (bytes, _, unmappable) = SHIFT_JIS.encode(text);
    if !unmappable {
        return Ok(bytes.into_owned());
    }
    let fits = |s: &str| !SHIFT_JIS.encode(s).2;
    for p in persons {
        for c in columns {
            if !fits(&cell(p, *c, profile)) {
                return Err(Error::invalid(
                    "--encoding",
                    format!(
                        "person {} has a character in {} that Shift_JIS cannot hold; export with --encoding utf-8-bom (or --format xlsx)",
                        p.id.unwrap_or(0),
                        c.header()
                    ),
                ));
            }
        }
    }
    Err(Error::invalid(
        "--encoding",
        "a character cannot be written in Shift_JIS; export with --encoding utf-8-bom",
    ))
}

fn xlsx(persons: &[Person], columns: &[Column], profile: Profile) -> Result<Vec<u8>> {
    let fail = |_| Error::invalid("export", "the XLSX workbook could not be written");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名簿").map_err(fail)?;
    let bold = CellFormat::new().set_bold();
    for (c, col) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet
            .write_string_with_format(0, c, col.header(), &bold)
            .map_err(fail)?;
    }
    for (r, p) in persons.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, col) in columns.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            let value = cell(p, *col, profile);
            if !value.is_empty() {
                // Always a string cell: never a formula, whatever the text.
                sheet
                    .write_string(r, c, neutralise(&value).as_ref())
                    .map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}
