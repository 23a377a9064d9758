//! Everyone's home and who they are, as an area lists them (name, address, furigana,
//! district, where and how the home was placed), held in memory while the roster is open,
//! so that an area is found and named without reading the roster.
//!
//! A drawn area of 78,000 homes among 500,000 touches most of the persons' pages: read
//! row by row, even in id order, that is most of a second of decrypting; read once into
//! here, every later area is a pass over memory. It is read only for an area of
//! [`WORTH_READING`] people or more (a street's few hundred are read row by row), lives
//! only in this process's memory, never on disk, is wiped when dropped, and is read again
//! whenever the roster may have changed: it is stamped as the roster page's memo is
//! (`page_memo::Stamp`), by the writes to the search table and to the positions (every
//! change of a name, furigana, address, district, archiving or position writes one of
//! them), and by `PRAGMA data_version` for another program's commits.

use rusqlite::Connection;
use zeroize::Zeroize;

use crate::error::{Result, SqlContext};
use crate::geo::LonLat;
use crate::model::PositionLevel;
use crate::store::page_memo::{SearchWrites, Stamp};
use crate::store::Roster;

/// An area with at least this many people to name reads the whole directory (once) rather
/// than a row each (in this crate's own tests, every area: they hold the directory to the
/// rows).
pub(crate) const WORTH_READING: usize = if cfg!(test) { 1 } else { 4096 };

/// One person as the directory holds them.
pub(crate) struct Entry<'d> {
    pub(crate) person_id: i64,
    pub(crate) name: &'d str,
    pub(crate) address: &'d str,
    pub(crate) furigana: &'d str,
    pub(crate) district: Option<i64>,
    pub(crate) level: PositionLevel,
    /// Where, when placed.
    pub(crate) at: Option<LonLat>,
}

/// Everyone not archived, row `i` being person `ids[i]` (ascending).
pub(crate) struct Directory {
    stamp: Stamp,
    ids: Vec<i64>,
    districts: Vec<Option<i64>>,
    levels: Vec<PositionLevel>,
    /// Longitude and latitude; NaN when not placed.
    at: Vec<[f64; 2]>,
    /// Each person's name, address and furigana, laid end to end (UTF-8: each is copied
    /// whole from a text column). Grown by hand ([`grow`]), so no old buffer is freed
    /// unwiped.
    text: Vec<u8>,
    /// Where each of those three ends in `text` (three per person).
    ends: Vec<u32>,
}

impl Drop for Directory {
    fn drop(&mut self) {
        // Names, addresses and homes: no copy lingers in freed memory after the roster
        // closes.
        self.text.zeroize();
        self.at.zeroize();
    }
}

/// Makes room in `buf` for `more` items, growing it by hand and wiping the old buffer:
/// `Vec`'s own growth would free a copy of what was read so far unwiped.
fn grow<T: Zeroize + Copy>(buf: &mut Vec<T>, more: usize) {
    let need = buf.len() + more;
    if need > buf.capacity() {
        let mut grown = Vec::with_capacity(need.max(buf.capacity() * 2));
        grown.extend_from_slice(buf);
        buf.zeroize();
        *buf = grown;
    }
}

fn too_big() -> crate::error::Error {
    crate::error::Error::invalid(
        "roster",
        "holds more names and addresses than an area can list in memory",
    )
}

impl Directory {
    /// Reads everyone not archived through `conn`, as the roster is at `stamp` or later (a
    /// later change makes it stale at once, never current while it is not).
    pub(crate) fn read(conn: &Connection, stamp: Stamp) -> Result<Directory> {
        Directory::read_part(conn, stamp, i64::MIN, None, 0)
    }

    /// [`Directory::read`] in two halves by id at once, the first through `first`, the
    /// second through `second` on another thread: about half the time on two cores.
    pub(crate) fn read_halves(
        first: &Connection,
        second: Connection,
        stamp: Stamp,
    ) -> Result<Directory> {
        const SPAN: &str = "reading who lives where";
        let (low, high, rows): (Option<i64>, Option<i64>, i64) = first
            .query_row("SELECT min(id), max(id), count(*) FROM persons", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .ctx(SPAN)?;
        let (Some(low), Some(high)) = (low, high) else {
            return Directory::read(first, stamp);
        };
        let rows = usize::try_from(rows).unwrap_or(0);
        // (halved first: no overflow whatever the ids)
        let middle = low / 2 + high / 2;
        let (d, rest) = std::thread::scope(|scope| {
            let rest =
                scope.spawn(move || Directory::read_part(&second, stamp, middle, None, rows / 2));
            let d = Directory::read_part(first, stamp, i64::MIN, Some(middle), rows);
            (d, rest.join())
        });
        let rest = rest.map_err(|_| {
            crate::error::Error::invalid("roster", "could not be read for the area; try again")
        })??;
        let mut d = d?;
        d.append(rest)?;
        Ok(d)
    }

    /// Appends `other`, whose people all come after this one's.
    fn append(&mut self, mut other: Directory) -> Result<()> {
        let base = u32::try_from(self.text.len()).map_err(|_| too_big())?;
        u32::try_from(self.text.len() + other.text.len()).map_err(|_| too_big())?;
        self.ids.append(&mut other.ids);
        self.districts.append(&mut other.districts);
        self.levels.append(&mut other.levels);
        grow(&mut self.at, other.at.len());
        self.at.extend_from_slice(&other.at);
        grow(&mut self.text, other.text.len());
        self.text.extend_from_slice(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + base));
        // `other` is wiped as it drops.
        Ok(())
    }

    /// The people with ids from `low` (included) to `high` (excluded; `None`: no end), with
    /// room for `rows` of them.
    fn read_part(
        conn: &Connection,
        stamp: Stamp,
        low: i64,
        high: Option<i64>,
        rows: usize,
    ) -> Result<Directory> {
        const READING: &str = "reading who lives where";
        let mut d = Directory {
            stamp,
            ids: Vec::with_capacity(rows),
            districts: Vec::with_capacity(rows),
            levels: Vec::with_capacity(rows),
            at: Vec::with_capacity(rows),
            text: Vec::with_capacity(rows * 96),
            ends: Vec::with_capacity(rows * 3),
        };
        let mut stmt = conn
            .prepare(
                "SELECT p.id, p.name, p.address, p.furigana, p.district_id,
                        pp.level, pp.lon, pp.lat
                 FROM persons p LEFT JOIN person_positions pp ON pp.person_id = p.id
                 WHERE p.archived_on IS NULL AND p.id >= ?1 AND (?2 IS NULL OR p.id < ?2)
                 ORDER BY p.id",
            )
            .ctx(READING)?;
        let mut found = stmt.query(rusqlite::params![low, high]).ctx(READING)?;
        while let Some(r) = found.next().ctx(READING)? {
            d.ids.push(r.get(0).ctx(READING)?);
            for i in 1..=3 {
                let value = r
                    .get_ref(i)
                    .and_then(|v| v.as_str().map_err(Into::into))
                    .ctx(READING)?;
                grow(&mut d.text, value.len());
                d.text.extend_from_slice(value.as_bytes());
                d.ends
                    .push(u32::try_from(d.text.len()).map_err(|_| too_big())?);
            }
            d.districts.push(r.get(4).ctx(READING)?);
            let level: Option<String> = r.get(5).ctx(READING)?;
            d.levels.push(
                level
                    .as_deref()
                    .and_then(PositionLevel::from_token)
                    .unwrap_or(PositionLevel::Unplaced),
            );
            let lon: Option<f64> = r.get(6).ctx(READING)?;
            let lat: Option<f64> = r.get(7).ctx(READING)?;
            grow(&mut d.at, 1);
            d.at.push([lon.unwrap_or(f64::NAN), lat.unwrap_or(f64::NAN)]);
        }
        Ok(d)
    }

    /// Whether the roster is as this directory read it.
    pub(crate) fn is_current(&self, conn: &Connection, writes: &SearchWrites) -> Result<bool> {
        Ok(Stamp::now(conn, writes)? == self.stamp)
    }

    /// How many people it holds.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The row of person `id`, unless archived or nobody.
    pub(crate) fn row_of(&self, id: i64) -> Option<usize> {
        self.ids.binary_search(&id).ok()
    }

    /// Where row `row`'s home is, when placed.
    pub(crate) fn at(&self, row: usize) -> Option<LonLat> {
        let [lon, lat] = self.at[row];
        (!lon.is_nan() && !lat.is_nan()).then_some(LonLat { lon, lat })
    }

    /// Row `row`.
    pub(crate) fn entry(&self, row: usize) -> Entry<'_> {
        let start = match row {
            0 => 0,
            _ => self.ends[3 * row - 1] as usize,
        };
        let [a, b, c] = [
            self.ends[3 * row] as usize,
            self.ends[3 * row + 1] as usize,
            self.ends[3 * row + 2] as usize,
        ];
        // Each span is a whole text column as SQLite gave it (valid UTF-8), so this never
        // fails; should it, the span reads as empty rather than panicking.
        let text = |from: usize, to: usize| std::str::from_utf8(&self.text[from..to]).unwrap_or("");
        Entry {
            person_id: self.ids[row],
            name: text(start, a),
            address: text(a, b),
            furigana: text(b, c),
            district: self.districts[row],
            level: self.levels[row],
            at: self.at(row),
        }
    }
}

impl Roster {
    /// Calls `f` with the roster's connection and the directory, read first when there is
    /// none or the roster may have changed since.
    pub(crate) fn with_directory<T>(
        &self,
        f: impl FnOnce(&Connection, &Directory) -> Result<T>,
    ) -> Result<T> {
        let mut held = self.area_directory.borrow_mut();
        if let Some(d) = held.as_ref() {
            if !d.is_current(self.conn(), &self.search_writes)? {
                // The old copy goes before the new one is read: never two at once.
                *held = None;
            }
        }
        let d = match held.as_ref() {
            Some(d) => d,
            None => {
                // The stamp first: a change made while it is read leaves it stale.
                let stamp = Stamp::now(self.conn(), &self.search_writes)?;
                // Through two other connections, a half each on the two cores, as the
                // roster page's memo is read (and keeping this connection's page cache as
                // it is); through the roster's own should they not open or read.
                let read = match (self.side_reader(), self.side_reader()) {
                    (Ok(Some(first)), Ok(Some(second))) => {
                        Directory::read_halves(&first, second, stamp).ok()
                    }
                    (Ok(Some(reader)), _) | (_, Ok(Some(reader))) => {
                        Directory::read(&reader, stamp).ok()
                    }
                    _ => None,
                };
                let d = match read {
                    Some(d) => d,
                    None => Directory::read(self.conn(), stamp)?,
                };
                held.insert(d)
            }
        };
        f(self.conn(), d)
    }

    /// Calls `f` with the directory when one is held and current; `None` otherwise.
    pub(crate) fn with_current_directory<T>(
        &self,
        f: impl FnOnce(&Connection, &Directory) -> Result<T>,
    ) -> Result<Option<T>> {
        let held = self.area_directory.borrow();
        match held.as_ref() {
            Some(d) if d.is_current(self.conn(), &self.search_writes)? => {
                f(self.conn(), d).map(Some)
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_person_reads_back_whole_and_nobody_else() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE persons (id INTEGER PRIMARY KEY, name TEXT, address TEXT,
                 furigana TEXT, district_id INTEGER, archived_on TEXT);
             CREATE TABLE person_positions (person_id INTEGER PRIMARY KEY, level TEXT,
                 lon REAL, lat REAL);
             INSERT INTO persons VALUES
                 (3, '山田 太郎', 'みどり市中央町1-2-3', 'やまだ たろう', 1, NULL),
                 (7, '𠮷田 花子', '', 'よしだ はなこ', NULL, NULL),
                 (9, '古川 次郎', 'みどり市北町9', 'ふるかわ じろう', 2, '2026-01-01'),
                 (12, 'A', 'B', '', 2, NULL);
             INSERT INTO person_positions VALUES
                 (3, 'block', 138.5, 35.25), (7, 'none', NULL, NULL), (9, 'manual', 1.0, 2.0);",
        )
        .unwrap();
        let writes = SearchWrites::default();
        let d = Directory::read(&conn, Stamp::now(&conn, &writes).unwrap()).unwrap();
        assert_eq!(d.len(), 3);
        let got = |id| {
            d.row_of(id).map(|row| {
                let e = d.entry(row);
                (
                    e.person_id,
                    e.name,
                    e.address,
                    e.furigana,
                    e.district,
                    e.level,
                    e.at.map(|p| (p.lon, p.lat)),
                )
            })
        };
        assert_eq!(
            got(3),
            Some((
                3,
                "山田 太郎",
                "みどり市中央町1-2-3",
                "やまだ たろう",
                Some(1),
                PositionLevel::Block,
                Some((138.5, 35.25))
            ))
        );
        assert_eq!(
            got(7),
            Some((
                7,
                "𠮷田 花子",
                "",
                "よしだ はなこ",
                None,
                PositionLevel::Unplaced,
                None
            ))
        );
        assert_eq!(got(9), None, "archived");
        assert_eq!(
            got(12),
            Some((12, "A", "B", "", Some(2), PositionLevel::Unplaced, None)),
            "no position row"
        );
        assert_eq!(got(5), None, "nobody");
        assert!(d.is_current(&conn, &writes).unwrap());

        // Read in halves (a second connection to the same file): the same rows.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("halves.db");
        conn.execute("VACUUM INTO ?1", [path.to_str().unwrap()])
            .unwrap();
        let open = || {
            crate::store::keying::connect(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap()
        };
        let (first, second) = (open(), open());
        let halves =
            Directory::read_halves(&first, second, Stamp::now(&first, &writes).unwrap()).unwrap();
        assert_eq!(halves.ids, d.ids);
        assert_eq!(halves.text, d.text);
        assert_eq!(halves.ends, d.ends);
        assert_eq!(halves.districts, d.districts);
        assert_eq!(halves.levels, d.levels);
        assert_eq!(format!("{:?}", halves.at), format!("{:?}", d.at));
    }
}
