//! How big an import file may be. Every limit is here, named, with its reason; the readers
//! (`io::table`, `io::xlsx`) check them while they read, so a file beyond one is refused
//! with a message naming the limit and what was found — before anything is written, and
//! before the reader has allocated for what the file merely claims.
//!
//! The limits are set for a city: a roster of 500,000 people, exported by a welfare or
//! resident system with a few dozen columns, fits with room to spare.

use crate::error::{Error, Result};

/// The largest file read, in bytes (512 MiB). A 500,000-person extract with 40 columns is
/// about 50–150 MB as CSV and far less as XLSX; the whole file is read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The most data rows (the header row not counted; blank rows are not rows). Twice the
/// largest roster a city keeps.
pub const MAX_ROWS: usize = 1_000_000;

/// The most columns a row (or an XLSX cell reference) may reach. Yorisoi reads 38 columns;
/// a system's full extract rarely has more than 100.
pub const MAX_COLUMNS: usize = 256;

/// The most cells in all: rows × columns as read (1,000,000 rows of 40 columns, or 500,000
/// of 80). This bounds the memory a file can take, whatever its shape.
pub const MAX_CELLS: usize = 40_000_000;

/// The most characters in one cell: Excel's own limit for a cell (32,767), so nothing a
/// spreadsheet can write is refused.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most bytes an XLSX workbook's parts may unpack to, together (2 GiB). An XLSX is a
/// ZIP archive: a sheet of 1,000,000 rows of 40 cells is about 1.5 GB of XML, while a
/// "ZIP bomb" unpacks a few kilobytes into many gigabytes. The parts are unpacked and
/// counted as a stream before the workbook is read, so this bounds time, not memory.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The longest single piece of an XLSX part's XML (a tag, a text, a comment), in bytes
/// (1 MiB): the workbook reader holds one such piece in memory at a time. A cell at
/// [`MAX_CELL_CHARS`], written with character references, stays well below it.
pub const MAX_XLSX_TOKEN_BYTES: usize = 1024 * 1024;

/// A set of limits. Reading uses [`Limits::DEFAULT`], built from the constants above; a
/// smaller set lets a test or a fuzz target reach a limit without a gigabyte file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// [`MAX_FILE_BYTES`].
    pub file_bytes: u64,
    /// [`MAX_ROWS`].
    pub rows: usize,
    /// [`MAX_COLUMNS`].
    pub columns: usize,
    /// [`MAX_CELLS`].
    pub cells: usize,
    /// [`MAX_CELL_CHARS`].
    pub cell_chars: usize,
    /// [`MAX_XLSX_UNPACKED_BYTES`].
    pub xlsx_unpacked_bytes: u64,
    /// [`MAX_XLSX_TOKEN_BYTES`].
    pub xlsx_token_bytes: usize,
}

impl Limits {
    /// The limits every import and saved mapping reads with.
    pub const DEFAULT: Limits = Limits {
        file_bytes: MAX_FILE_BYTES,
        rows: MAX_ROWS,
        columns: MAX_COLUMNS,
        cells: MAX_CELLS,
        cell_chars: MAX_CELL_CHARS,
        xlsx_unpacked_bytes: MAX_XLSX_UNPACKED_BYTES,
        xlsx_token_bytes: MAX_XLSX_TOKEN_BYTES,
    };

    /// Refuses a file of `len` bytes beyond [`Limits::file_bytes`]. The command line asks
    /// this of the file's size before reading it.
    pub fn check_file_bytes(&self, len: u64) -> Result<()> {
        if len > self.file_bytes {
            return Err(beyond(format!(
                "is {} bytes; the limit is {} bytes ({}). Split the file (for example by district) and import each part",
                group(len),
                group(self.file_bytes),
                mib(self.file_bytes)
            )));
        }
        Ok(())
    }

    /// Refuses more than [`Limits::rows`] data rows; `found` is how many the file has.
    pub(crate) fn rows_beyond(&self, found: usize) -> Error {
        beyond(format!(
            "has {} data rows; the limit is {} rows. Split the file (for example by district) and import each part",
            group(found as u64),
            group(self.rows as u64)
        ))
    }

    /// Refuses a row of `found` cells (`row` as a spreadsheet shows it).
    pub(crate) fn columns_beyond(&self, row: usize, found: usize) -> Error {
        beyond(format!(
            "row {row} has {} columns; the limit is {} columns. Remove the columns Yorisoi does not read and import again",
            group(found as u64),
            self.columns
        ))
    }

    /// Refuses an XLSX cell at reference `cell`, in column `column` (1-based).
    pub(crate) fn column_ref_beyond(&self, cell: &str, column: u64) -> Error {
        beyond(format!(
            "has a cell at {cell}, in column {}; the limit is {} columns. Delete the columns and rows beyond the data (or copy the data to a new sheet) and save it again",
            group(column),
            self.columns
        ))
    }

    /// Refuses a file with more than [`Limits::cells`] cells; `found` is a lower bound.
    pub(crate) fn cells_beyond(&self, found: u64) -> Error {
        beyond(format!(
            "has at least {} cells (rows × columns); the limit is {} cells. Remove the columns Yorisoi does not read, or split the file, and import again",
            group(found),
            group(self.cells as u64)
        ))
    }

    /// Refuses a cell of `found` characters (`row` as a spreadsheet shows it, `column`
    /// 1-based).
    pub(crate) fn cell_beyond(&self, row: usize, column: usize, found: usize) -> Error {
        beyond(format!(
            "row {row}, column {column} holds {} characters; the limit is {} characters in a cell. Shorten it and import again",
            group(found as u64),
            group(self.cell_chars as u64)
        ))
    }

    /// Refuses a workbook whose parts unpack to more than [`Limits::xlsx_unpacked_bytes`].
    pub(crate) fn unpacked_beyond(&self, found: u64) -> Error {
        beyond(format!(
            "unpacks to more than {} bytes (at least {} found); the limit is {} bytes ({}) for the parts of an XLSX workbook. Save the sheet again as .xlsx, or as CSV",
            group(self.xlsx_unpacked_bytes),
            group(found),
            group(self.xlsx_unpacked_bytes),
            mib(self.xlsx_unpacked_bytes)
        ))
    }

    /// Refuses an XML piece longer than [`Limits::xlsx_token_bytes`] in part `part`.
    pub(crate) fn token_beyond(&self, part: &str) -> Error {
        beyond(format!(
            "has a piece of XML longer than {} bytes in its part {part}; the limit is {} bytes. Save the sheet again as .xlsx, or as CSV",
            group(self.xlsx_token_bytes as u64),
            group(self.xlsx_token_bytes as u64)
        ))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

fn beyond(reason: String) -> Error {
    Error::invalid("file", reason)
}

/// `1234567` as `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as MiB (or GiB) when they are whole.
fn mib(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes % (1024 * MIB) == 0 {
        format!("{} GiB", bytes / (1024 * MIB))
    } else if bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_sizes_named() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(536_870_912), "536,870,912");
        assert_eq!(mib(MAX_FILE_BYTES), "512 MiB");
        assert_eq!(mib(MAX_XLSX_UNPACKED_BYTES), "2 GiB");
    }

    #[test]
    fn a_file_one_byte_over_the_limit_is_refused_naming_both_sizes() {
        let limits = Limits::DEFAULT;
        assert!(limits.check_file_bytes(MAX_FILE_BYTES).is_ok());
        let err = limits
            .check_file_bytes(MAX_FILE_BYTES + 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("536,870,913 bytes"), "{err}");
        assert!(
            err.contains("the limit is 536,870,912 bytes (512 MiB)"),
            "{err}"
        );
    }
}
