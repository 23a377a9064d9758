//! The first sheet of an XLSX workbook, read as a stream of cells. A workbook is checked
//! by [`guard`] first (what its parts unpack to, each piece of XML, every cell
//! reference); then its cells are read one by one and kept as they are found. Neither
//! the sheet's `<dimension>` nor two cells far apart make a grid between them: only the
//! rows that hold something are laid out, each as wide as the columns in use, and the
//! columns and cells are counted against [`Limits`] before anything is laid out.

mod guard;

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};

use super::limits::Limits;
use super::table::{bad, cell_text, Gather, Table};
use crate::error::Result;

/// Checks the workbook in `bytes` against `limits` without reading it ([`guard`]): for a
/// reader of its own sheets (the plan form, `commissions::form`).
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<()> {
    guard::check(bytes, limits)
}

/// Reads the first sheet of the workbook in `bytes`, within `limits`.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Table> {
    guard::check(bytes, limits)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        bad("is not a readable XLSX workbook; save it again from the spreadsheet as .xlsx")
    })?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| bad("the workbook has no sheet"))?;
    let unreadable = || bad("the first sheet cannot be read; save it again as .xlsx");
    let mut reader = match book.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        // A chart sheet first: there is nothing to read.
        Err(XlsxError::NotAWorksheet(_)) => return Gather::new(limits).finish("xlsx"),
        Err(_) => return Err(unreadable()),
    };
    let mut found: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        if column as usize >= limits.columns {
            return Err(limits.column_ref_beyond(&reference(row, column), u64::from(column) + 1));
        }
        if found.len() >= limits.cells {
            return Err(limits.cells_beyond(found.len() as u64 + 1));
        }
        let text = cell_text(&Data::from(cell.get_value().clone()));
        found.push((row, column, text));
    }
    lay_out(found, limits)
}

/// The cells found, as rows: the first row with a cell is the file's row 1 (as the sheet
/// was read before), each row as wide as the columns in use, blank rows left out. A later
/// cell at the same place replaces an earlier one.
fn lay_out(mut found: Vec<(u32, u32, String)>, limits: &Limits) -> Result<Table> {
    let mut gather = Gather::new(limits);
    let (Some(first_row), Some(first_column), Some(last_column)) = (
        found.iter().map(|c| c.0).min(),
        found.iter().map(|c| c.1).min(),
        found.iter().map(|c| c.1).max(),
    ) else {
        return gather.finish("xlsx");
    };
    found.sort_by_key(|c| (c.0, c.1));
    let width = (last_column - first_column) as usize + 1;
    let mut rows_used = found.iter().map(|c| c.0).collect::<Vec<_>>();
    rows_used.dedup();
    let laid_out = rows_used.len() as u64 * width as u64;
    if laid_out > limits.cells as u64 {
        return Err(limits.cells_beyond(laid_out));
    }
    let mut cells = found.into_iter().peekable();
    while let Some(&(row, _, _)) = cells.peek() {
        let mut line = vec![String::new(); width];
        while let Some((_, column, text)) = cells.next_if(|c| c.0 == row) {
            line[(column - first_column) as usize] = text;
        }
        gather.push((row - first_row) as usize, line)?;
    }
    gather.finish("xlsx")
}

/// A cell's reference as a spreadsheet writes it (`XFD1048576`), from 0-based indexes.
fn reference(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_written_as_a_spreadsheet_does() {
        assert_eq!(reference(0, 0), "A1");
        assert_eq!(reference(9, 25), "Z10");
        assert_eq!(reference(0, 26), "AA1");
        assert_eq!(reference(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn cells_far_apart_are_laid_out_as_two_short_rows() {
        let found = vec![
            (0, 0, "氏名".to_string()),
            (0, 2, "住所".to_string()),
            (999_999, 1, "x".to_string()),
        ];
        let table = lay_out(found, &Limits::DEFAULT).unwrap();
        assert_eq!(table.headers, vec!["氏名", "", "住所"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].number, 1_000_000);
        assert_eq!(table.rows[0].cells, vec!["", "x", ""]);
    }

    #[test]
    fn rows_times_columns_beyond_the_cell_limit_are_refused_before_laying_out() {
        let limits = Limits {
            cells: 10,
            ..Limits::DEFAULT
        };
        // Four rows, the widest reaching column 4: 16 cells to lay out, 5 found.
        let found = vec![
            (0, 0, "a".to_string()),
            (1, 0, "b".to_string()),
            (2, 0, "c".to_string()),
            (3, 0, "d".to_string()),
            (3, 3, "e".to_string()),
        ];
        let err = lay_out(found, &limits).unwrap_err().to_string();
        assert!(err.contains("at least 16 cells"), "{err}");
        assert!(err.contains("the limit is 10 cells"), "{err}");
    }
}
