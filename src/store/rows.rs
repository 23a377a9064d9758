//! Rows read by position, from a statement or from a copy of its rows: a list of the whole
//! town copies its rows out of the connection's thread in batches, and builds the records
//! from them on another (`facts::persons`), so reading the pages and building the records
//! share the two cores.

use rusqlite::types::{FromSql, FromSqlError, ValueRef};
use rusqlite::Row;

/// The columns of one row, read by position.
pub(crate) trait Columns {
    /// Column `i` as SQLite holds it.
    fn value(&self, i: usize) -> rusqlite::Result<ValueRef<'_>>;

    /// Column `i` as `T`, with the errors a statement's row gives.
    fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        let value = self.value(i)?;
        T::column_result(value).map_err(|e| match e {
            FromSqlError::InvalidType => {
                rusqlite::Error::InvalidColumnType(i, format!("column {i}"), value.data_type())
            }
            FromSqlError::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
            other => rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), other.into()),
        })
    }
}

impl Columns for Row<'_> {
    fn value(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        self.get_ref(i)
    }

    fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        Row::get(self, i)
    }
}

/// One column of a copied row; text and blobs as ranges of the batch's bytes.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    Text(usize, usize),
    Blob(usize, usize),
}

/// Rows copied out of a statement: every column of each, the text of all of them in one
/// buffer (two allocations a batch, none a value), each row with a tag of the reader's.
#[derive(Debug)]
pub(crate) struct Batch<K> {
    width: usize,
    cells: Vec<Cell>,
    bytes: Vec<u8>,
    tags: Vec<K>,
}

impl<K: Copy> Batch<K> {
    /// An empty batch of rows `width` columns wide, room for `rows` of them.
    pub(crate) fn new(width: usize, rows: usize) -> Batch<K> {
        Batch {
            width,
            cells: Vec::with_capacity(width * rows),
            bytes: Vec::with_capacity(rows * 64),
            tags: Vec::with_capacity(rows),
        }
    }

    /// How many rows it holds.
    pub(crate) fn len(&self) -> usize {
        self.tags.len()
    }

    /// Copies the first `width` columns of `row`, tagged `tag`.
    pub(crate) fn push(&mut self, row: &Row<'_>, tag: K) -> rusqlite::Result<()> {
        for i in 0..self.width {
            let cell = match row.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(n) => Cell::Integer(n),
                ValueRef::Real(x) => Cell::Real(x),
                ValueRef::Text(t) => {
                    let from = self.bytes.len();
                    self.bytes.extend_from_slice(t);
                    Cell::Text(from, self.bytes.len())
                }
                ValueRef::Blob(b) => {
                    let from = self.bytes.len();
                    self.bytes.extend_from_slice(b);
                    Cell::Blob(from, self.bytes.len())
                }
            };
            self.cells.push(cell);
        }
        self.tags.push(tag);
        Ok(())
    }

    /// Row `k` and its tag.
    pub(crate) fn row(&self, k: usize) -> (BatchRow<'_, K>, K) {
        (
            BatchRow {
                batch: self,
                at: k * self.width,
            },
            self.tags[k],
        )
    }
}

/// One row of a [`Batch`].
pub(crate) struct BatchRow<'b, K> {
    batch: &'b Batch<K>,
    at: usize,
}

impl<K> Columns for BatchRow<'_, K> {
    fn value(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        if i >= self.batch.width {
            return Err(rusqlite::Error::InvalidColumnIndex(i));
        }
        let bytes = &self.batch.bytes;
        Ok(match self.batch.cells[self.at + i] {
            Cell::Null => ValueRef::Null,
            Cell::Integer(n) => ValueRef::Integer(n),
            Cell::Real(x) => ValueRef::Real(x),
            Cell::Text(from, to) => ValueRef::Text(&bytes[from..to]),
            Cell::Blob(from, to) => ValueRef::Blob(&bytes[from..to]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::Type;

    type Seven = (i64, String, Option<String>, f64, Vec<u8>, String, bool);

    /// The seven columns of the test's rows, through the trait (a statement's row reads
    /// through `Row::get`).
    fn seven(r: &impl Columns) -> Seven {
        (
            r.get(0).unwrap(),
            r.get(1).unwrap(),
            r.get(2).unwrap(),
            r.get(3).unwrap(),
            r.get(4).unwrap(),
            r.get(5).unwrap(),
            r.get(6).unwrap(),
        )
    }

    #[test]
    fn a_copied_row_reads_as_the_statement_row_did() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT 7, 'みどり', NULL, 2.5, x'00ff', '', 1 UNION ALL
                 SELECT -1, 'b', 'c', 0.0, x'', 'd', 0",
            )
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut batch = Batch::new(7, 1);
        let mut direct = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            direct.push(seven(r));
            batch.push(r, direct.len()).unwrap();
        }
        assert_eq!(batch.len(), 2);
        for (k, want) in direct.iter().enumerate() {
            let (row, tag) = batch.row(k);
            assert_eq!(tag, k + 1);
            assert_eq!(&seven(&row), want);
        }
        let (row, _) = batch.row(0);
        // The errors a statement's row gives: a wrong type, a column past the end.
        assert!(matches!(
            row.get::<i64>(1),
            Err(rusqlite::Error::InvalidColumnType(1, _, Type::Text))
        ));
        assert!(matches!(
            row.get::<String>(7),
            Err(rusqlite::Error::InvalidColumnIndex(7))
        ));
        assert_eq!(row.get::<u8>(0).unwrap(), 7);
        let (second, _) = batch.row(1);
        assert!(matches!(
            second.get::<u8>(0),
            Err(rusqlite::Error::IntegralValueOutOfRange(0, -1))
        ));
    }
}
