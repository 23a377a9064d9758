//! The form as a workbook: written with `rust_xlsxwriter`, read back with `calamine` after
//! the import's guard against hostile workbooks ([`crate::io::xlsx::check`]).
//!
//! Sheet 「個別避難計画」: whose form it is (市区町村, 様式番号, ID, 氏名, 委託), then one row
//! per field — its label (A), the value to fill in (B: the only cells not locked, yellow,
//! formatted as text, coded fields with a drop-down list), how to fill it in (C), and the
//! field's token (D, hidden), by which the row is read back. The sheet is protected without
//! a password: against slips, not against intent.
//!
//! Sheet 「様式の鍵」 (very hidden, protected): the key — the layout's version, the form's
//! serial, its person, its commission and the HMAC over them.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, XlsxError,
};

use super::fields::{FormField, Input};
use crate::error::{Error, Result};
use crate::io::export::neutralise;
use crate::io::table::cell_text;
use crate::io::Limits;

/// The sheet the office fills in.
pub(crate) const MAIN: &str = "個別避難計画";
/// The very hidden sheet with the key.
pub(crate) const KEY: &str = "様式の鍵";

/// Where the identifying cells are (0-based rows; the value is in column B).
const ROW_SERIAL: u32 = 2;
const ROW_ID: u32 = 3;
/// The header row of the fields; the fields start on the next row.
const ROW_HEADER: u32 = 8;
/// The hidden column holding each field's token.
const COL_TOKEN: u16 = 3;

/// The largest file read as a form: a form is a few tens of kilobytes.
pub const MAX_FORM_BYTES: u64 = 4 * 1024 * 1024;
/// The most cells read from one sheet of a form (it has a few hundred).
const MAX_FORM_CELLS: usize = 5_000;
/// Rows and columns of a form's sheet that are read (cells beyond are counted, not kept).
const READ_ROWS: u32 = 400;
const READ_COLUMNS: u32 = 8;

/// The limits the guard checks a form with: far below an import's.
const FORM_LIMITS: Limits = Limits {
    file_bytes: MAX_FORM_BYTES,
    rows: READ_ROWS as usize,
    columns: 256,
    cells: MAX_FORM_CELLS,
    cell_chars: crate::io::limits::MAX_CELL_CHARS,
    xlsx_unpacked_bytes: 64 * 1024 * 1024,
    xlsx_token_bytes: crate::io::limits::MAX_XLSX_TOKEN_BYTES,
};

/// What ties a form to its person and roster (the key sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyCells {
    pub(crate) version: String,
    pub(crate) form: i64,
    pub(crate) person: i64,
    pub(crate) commission: Option<i64>,
    pub(crate) mac: String,
}

/// Everything a form shows.
pub(crate) struct FormSheet<'a> {
    pub(crate) municipality: &'a str,
    pub(crate) name: &'a str,
    /// 委託: the commission under way and its office, or なし.
    pub(crate) commission: &'a str,
    /// The day it is handed out, and the instant (the workbook's creation time).
    pub(crate) issued: chrono::DateTime<chrono::Utc>,
    pub(crate) fields: &'a [(FormField, String)],
    pub(crate) key: &'a KeyCells,
}

fn xlsx_failure(_: XlsxError) -> Error {
    Error::invalid("form", "the XLSX workbook could not be written")
}

/// The workbook's bytes.
pub(crate) fn render(f: &FormSheet<'_>) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let jst = crate::clock::jst_date(f.issued);
    let created = chrono::Datelike::year(&jst);
    let created = ExcelDateTime::from_ymd(
        u16::try_from(created).unwrap_or(2000),
        u8::try_from(chrono::Datelike::month(&jst)).unwrap_or(1),
        u8::try_from(chrono::Datelike::day(&jst)).unwrap_or(1),
    )
    .map_err(xlsx_failure)?;
    book.set_properties(
        &DocProperties::new()
            .set_title("個別避難計画 記入様式")
            .set_company(f.municipality)
            .set_creation_datetime(&created),
    );
    main_sheet(&mut book, f).map_err(xlsx_failure)?;
    key_sheet(&mut book, f.key).map_err(xlsx_failure)?;
    book.save_to_buffer().map_err(xlsx_failure)
}

fn main_sheet(book: &mut Workbook, f: &FormSheet<'_>) -> std::result::Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(MAIN)?;
    let title = Format::new().set_bold().set_font_size(14);
    let label = Format::new()
        .set_background_color(Color::RGB(0xEDEDED))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let shown = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("@");
    let fill = Format::new()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_border(FormatBorder::Thin)
        .set_num_format("@")
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let hint = Format::new()
        .set_font_color(Color::RGB(0x595959))
        .set_text_wrap();
    let bold = label.clone().set_bold();
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 48)?;
    sheet.set_column_width(2, 36)?;
    sheet.merge_range(0, 0, 0, 2, "個別避難計画 記入様式", &title)?;
    let key = f.key;
    let head: [(u32, &str, String); 6] = [
        (1, "市区町村", f.municipality.to_string()),
        (ROW_SERIAL, "様式番号", key.form.to_string()),
        (ROW_ID, "対象者ID", key.person.to_string()),
        (4, "氏名", f.name.to_string()),
        (5, "委託", f.commission.to_string()),
        (6, "交付日", crate::clock::jst_date(f.issued).to_string()),
    ];
    for (row, l, v) in &head {
        sheet.write_string_with_format(*row, 0, *l, &label)?;
        sheet.write_string_with_format(*row, 1, neutralise(v).as_ref(), &shown)?;
    }
    sheet.merge_range(
        7,
        0,
        7,
        2,
        "黄色の欄に記入して返送してください。それ以外の欄と行は変えないでください（様式番号・ID・鍵で照合します）。この様式は個人情報です：取扱いに注意し、返送後は削除してください。",
        &hint,
    )?;
    sheet.set_row_height(7, 45)?;
    for (c, h) in ["項目", "記入欄", "記入のしかた"].iter().enumerate() {
        sheet.write_string_with_format(ROW_HEADER, c as u16, *h, &bold)?;
    }
    sheet.write_string(ROW_HEADER, COL_TOKEN, "token")?;
    for (i, (field, value)) in f.fields.iter().enumerate() {
        let row = ROW_HEADER + 1 + u32::try_from(i).unwrap_or(u32::MAX - ROW_HEADER - 1);
        sheet.write_string_with_format(row, 0, field.label(), &label)?;
        if value.is_empty() {
            // A blank cell keeps its format (unlocked, yellow) for the office to fill in.
            sheet.write_blank(row, 1, &fill)?;
        } else {
            sheet.write_string_with_format(row, 1, neutralise(value).as_ref(), &fill)?;
        }
        sheet.write_string_with_format(row, 2, field.hint(), &hint)?;
        sheet.write_string(row, COL_TOKEN, field.token())?;
        if field.input() == Input::Choice {
            let list = DataValidation::new()
                .allow_list_strings(&field.choices())?
                .set_error_title("一覧から選んでください")?
                .set_error_message("この欄は一覧にある値だけを選べます。")?;
            sheet.add_data_validation(row, 1, row, 1, &list)?;
        }
    }
    sheet.set_column_hidden(COL_TOKEN)?;
    sheet.protect();
    Ok(())
}

fn key_sheet(book: &mut Workbook, key: &KeyCells) -> std::result::Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(KEY)?;
    let rows: [(&str, String); 5] = [
        ("version", key.version.clone()),
        ("form", key.form.to_string()),
        ("person", key.person.to_string()),
        (
            "commission",
            key.commission.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("key", key.mac.clone()),
    ];
    for (r, (name, value)) in rows.iter().enumerate() {
        let r = r as u32;
        sheet.write_string(r, 0, *name)?;
        sheet.write_string(r, 1, value)?;
    }
    sheet.write_string(
        6,
        0,
        "この様式の照合用です。変更すると様式は読み込めません。",
    )?;
    sheet.set_very_hidden(true);
    sheet.protect();
    Ok(())
}

/// A form as read back.
#[derive(Debug, Clone)]
pub(crate) struct Filled {
    pub(crate) key: KeyCells,
    /// The 様式番号 and 対象者ID the form shows.
    pub(crate) shown_serial: String,
    pub(crate) shown_id: String,
    /// (token, cell) of every field row, in the sheet's order.
    pub(crate) cells: Vec<(String, String)>,
}

fn bad(reason: impl Into<String>) -> Error {
    Error::invalid("file", reason)
}

fn not_a_form() -> Error {
    bad("is not a plan form Yorisoi handed out (it has no key sheet 「様式の鍵」 or no sheet 「個別避難計画」); nothing was read. Read the form as it was handed out, or hand out a new one with `yorisoi commission form --person ID --out FILE.xlsx`")
}

/// Reads a filled form: the guard first (sizes, ZIP bomb, hostile XML), then the two
/// sheets, cell by cell. Refuses a file that is not an XLSX workbook, is damaged, or is not
/// a form, saying which.
pub(crate) fn read(bytes: &[u8]) -> Result<Filled> {
    if bytes.len() as u64 > MAX_FORM_BYTES {
        return Err(bad(format!(
            "is {} bytes; a plan form is a few tens of kilobytes, so this is not a form Yorisoi handed out. Nothing was read",
            bytes.len()
        )));
    }
    crate::io::xlsx::check(bytes, &FORM_LIMITS)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        bad("is not a readable XLSX workbook (damaged, or not a spreadsheet); nothing was read. Ask for the form again, saved as .xlsx")
    })?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == KEY) || !names.iter().any(|n| n == MAIN) {
        return Err(not_a_form());
    }
    let key_cells = cells(&mut book, KEY)?;
    let main = cells(&mut book, MAIN)?;
    let at = |found: &[(u32, u32, String)], row: u32, col: u32| {
        found
            .iter()
            .find(|(r, c, _)| *r == row && *c == col)
            .map(|(_, _, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let named = |name: &str| {
        key_cells
            .iter()
            .find(|(_, c, v)| *c == 0 && v.trim() == name)
            .map(|(r, _, _)| at(&key_cells, *r, 1))
            .unwrap_or_default()
    };
    let number = |name: &str| -> Result<i64> {
        named(name).parse().map_err(|_| {
            bad(format!(
                "the form's key sheet has no readable {name}: the key was altered or damaged. Nothing was read; ask for the form as it was handed out"
            ))
        })
    };
    let commission = match named("commission") {
        c if c.is_empty() => None,
        _ => Some(number("commission")?),
    };
    let key = KeyCells {
        version: named("version"),
        form: number("form")?,
        person: number("person")?,
        commission,
        mac: named("key"),
    };
    let mut cells = Vec::new();
    for (row, col, token) in &main {
        if *col == u32::from(COL_TOKEN) && *row > ROW_HEADER && !token.trim().is_empty() {
            cells.push((token.trim().to_string(), at(&main, *row, 1)));
        }
    }
    Ok(Filled {
        key,
        shown_serial: at(&main, ROW_SERIAL, 1),
        shown_id: at(&main, ROW_ID, 1),
        cells,
    })
}

/// The cells of sheet `name` near its top-left corner, as text (a leading apostrophe that
/// kept a formula-like text from running is taken off again). Counts every cell, refusing
/// a sheet with far more than a form has.
fn cells(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Vec<(u32, u32, String)>> {
    let unreadable = || {
        bad(format!(
            "the sheet 「{name}」 cannot be read (the workbook is damaged); nothing was read. Ask for the form again, saved as .xlsx"
        ))
    };
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|_| unreadable())?;
    let mut found = Vec::new();
    let mut seen = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        seen += 1;
        if seen > MAX_FORM_CELLS {
            return Err(bad(format!(
                "the sheet 「{name}」 has more than {MAX_FORM_CELLS} cells; a plan form has a few hundred, so this is not a form Yorisoi handed out. Nothing was read"
            )));
        }
        let (row, col) = cell.get_position();
        if row < READ_ROWS && col < READ_COLUMNS {
            let text = cell_text(&Data::from(cell.get_value().clone()));
            found.push((row, col, unneutralise(text)));
        }
    }
    Ok(found)
}

/// Takes off the apostrophe [`neutralise`] put before a formula-like text.
fn unneutralise(text: String) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => text,
    }
}
