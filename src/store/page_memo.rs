//! The roster page's text filter at city scale: the search table's keys and facets held in
//! memory while the roster is open, so a text that matches much of the city (`0990-`, in
//! every phone number; `中央町`; a single character) is tested on every person in tens of
//! milliseconds, and the page's total stays exact.
//!
//! In the database such a text is tested row by row (0.25–0.4 s for 500,000 people, more
//! when the pages have to be decrypted again): the trigram index cannot narrow it. Here it
//! is one `memmem` pass over the keys laid end to end. The test is the statement's: a
//! person matches when the fragment's text key is part of their name, furigana or address
//! key, or its phone key part of their phone key (`instr` on UTF-8 text is a byte
//! substring test); `tests/roster_page.rs` compares every filter and sort with the plain
//! statement.
//!
//! The copy lives only in this process's memory, never on disk, is wiped when dropped, and
//! is read again whenever the search table may have changed: the connection's update hook
//! counts every row written to `person_search` (by the store, its triggers, a purge's
//! cascade) and every rollback, and `PRAGMA data_version` tells a commit by any other
//! connection or program.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use memchr::memmem;
use rusqlite::Connection;
use zeroize::Zeroize;

use super::persons::search::Fragment;
use super::roster_page::{
    ArchivedFilter, HazardFilter, RosterPageQuery, RosterSort, SupporterCount,
};
use crate::error::{Result, SqlContext};

/// Ends each key in [`Memo::text`]: never a byte of UTF-8, so no fragment matches across two
/// keys or two people.
const END: u8 = 0xFF;

/// Counts the writes that may change the search table, for [`Memo::is_current`].
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchWrites(Arc<AtomicU64>);

impl SearchWrites {
    /// Counts, from now on, every row `conn` writes to `person_search` or `person_positions`
    /// and every rollback
    /// (a rolled-back write may have been read into a memo before it was undone).
    pub(crate) fn watch(&self, conn: &mut Connection) -> Result<()> {
        let rows = Arc::clone(&self.0);
        conn.update_hook(Some(
            move |_: rusqlite::hooks::Action, _: &str, table: &str, _: i64| {
                // The positions too, for the areas' directory (`map::directory`): they
                // change rarely (an import, a position set by hand) and then the
                // roster page's memo is read again with it.
                if table == "person_search" || table == "person_positions" {
                    rows.fetch_add(1, Ordering::Relaxed);
                }
            },
        ))
        .ctx("watching the search table")?;
        let rollbacks = Arc::clone(&self.0);
        conn.rollback_hook(Some(move || {
            rollbacks.fetch_add(1, Ordering::Relaxed);
        }))
        .ctx("watching the search table")?;
        Ok(())
    }

    fn count(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// When a memo was read: the search table has not changed while both are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// `PRAGMA data_version`: changes when another connection commits.
    data_version: i64,
    /// [`SearchWrites`] of this connection.
    writes: u64,
}

impl Stamp {
    pub(crate) fn now(conn: &Connection, writes: &SearchWrites) -> Result<Stamp> {
        // Read before the rows, so a write that lands while they are read makes the memo
        // stale rather than current.
        let writes = writes.count();
        let data_version = conn
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .ctx("reading the roster's data version")?;
        Ok(Stamp {
            data_version,
            writes,
        })
    }
}

/// One person's facets, as the search table holds them.
#[derive(Debug, Clone, Copy)]
struct Facets {
    /// The `archived` column.
    archived: bool,
    /// Index into [`Memo::districts`], or `None`.
    district: Option<u16>,
    /// Index into [`Memo::categories`].
    category: u8,
    /// Index into [`Memo::care_levels`], or `None` for no care level.
    care_level: Option<u8>,
    flood: bool,
    landslide: bool,
    tsunami: bool,
    /// `has_plan`: 1, 0, or anything else (never written, but then neither filter keeps it,
    /// as in the statement).
    has_plan: u8,
    /// The number of supporters.
    supporters: u32,
}

/// The search table in memory, row `i` being the person `ids[i]` (ascending).
pub(crate) struct Memo {
    stamp: Stamp,
    ids: Vec<i64>,
    facets: Vec<Facets>,
    /// Each person's name, furigana and address keys, each followed by [`END`].
    text: Vec<u8>,
    /// Where each person's keys end in `text`.
    text_ends: Vec<u32>,
    /// Each person's phone key followed by [`END`].
    phone: Vec<u8>,
    phone_ends: Vec<u32>,
    /// Each person's date of birth as stored (the order by age), and where it ends.
    births: Vec<u8>,
    birth_ends: Vec<u32>,
    /// District ids, and their names (for the district order).
    districts: Vec<(i64, Option<String>)>,
    /// The category and care level tokens met, as bytes.
    categories: Vec<Vec<u8>>,
    care_levels: Vec<Vec<u8>>,
    /// The rows of each order, read when first asked for (index: [`order_slot`]).
    orders: [Option<Vec<u32>>; 6],
}

impl Drop for Memo {
    fn drop(&mut self) {
        // The keys are names, readings, addresses and phone numbers: no copy lingers in
        // freed memory after the roster is closed.
        self.text.zeroize();
        self.phone.zeroize();
        self.births.zeroize();
        for (_, name) in &mut self.districts {
            if let Some(name) = name {
                name.zeroize();
            }
        }
    }
}

/// What a page asks of the memo: the filters of [`RosterPageQuery`] with the district as
/// its id and the fragment as its keys.
pub(crate) struct Ask<'q> {
    pub(crate) query: &'q RosterPageQuery,
    pub(crate) fragment: &'q Fragment,
    pub(crate) district: Option<i64>,
}

fn too_many(what: &str) -> crate::error::Error {
    crate::error::Error::invalid(
        "roster",
        format!("holds more {what} than a page can sort in memory"),
    )
}

impl Memo {
    /// Reads the search table through `conn`, as it is at `stamp` or later (a later
    /// change makes the memo stale at once, never current while it is not).
    pub(crate) fn read(conn: &Connection, stamp: Stamp) -> Result<Memo> {
        let span = span(conn)?;
        Memo::read_part(conn, stamp, i64::MIN, i64::MAX, span.map_or(0, |s| s.rows))
    }

    /// [`Memo::read`] in two halves by id at once, the first through `first`, the second
    /// through `second` on another thread: half the time on two cores. Each half is as the
    /// table was at `stamp` or later.
    pub(crate) fn read_halves(
        first: &Connection,
        second: Connection,
        stamp: Stamp,
    ) -> Result<Memo> {
        let Some(span) = span(first)? else {
            return Memo::read(first, stamp);
        };
        let middle = span.low + (span.high - span.low) / 2;
        // The first half reserves room for everyone: the second is appended to it.
        let (memo, rest) = std::thread::scope(|scope| {
            let rest = scope
                .spawn(move || Memo::read_part(&second, stamp, middle, i64::MAX, span.rows / 2));
            let memo = Memo::read_part(first, stamp, i64::MIN, middle, span.rows);
            (memo, rest.join())
        });
        let rest = rest.map_err(|_| {
            crate::error::Error::invalid("roster", "could not be read for the page; try again")
        })??;
        let mut memo = memo?;
        memo.append(rest)?;
        Ok(memo)
    }

    /// Adds `other`, whose people all come after this memo's.
    fn append(&mut self, mut other: Memo) -> Result<()> {
        let districts: Vec<u16> = other
            .districts
            .iter()
            .map(|(id, name)| {
                let i = match self.districts.iter().position(|(d, _)| d == id) {
                    Some(i) => i,
                    None => {
                        self.districts.push((*id, name.clone()));
                        self.districts.len() - 1
                    }
                };
                u16::try_from(i).map_err(|_| too_many("districts"))
            })
            .collect::<Result<_>>()?;
        let categories: Vec<u8> = other
            .categories
            .iter()
            .map(|t| intern(&mut self.categories, t))
            .collect::<Result<_>>()?;
        let care_levels: Vec<u8> = other
            .care_levels
            .iter()
            .map(|t| intern(&mut self.care_levels, t))
            .collect::<Result<_>>()?;
        for f in &mut other.facets {
            f.district = f.district.map(|d| districts[usize::from(d)]);
            f.category = categories[usize::from(f.category)];
            f.care_level = f.care_level.map(|c| care_levels[usize::from(c)]);
        }
        let shift = |ends: &mut Vec<u32>, more: &[u32], base: usize| -> Result<()> {
            let base = u32::try_from(base).map_err(|_| too_many("text"))?;
            for end in more {
                ends.push(end.checked_add(base).ok_or_else(|| too_many("text"))?);
            }
            Ok(())
        };
        shift(&mut self.text_ends, &other.text_ends, self.text.len())?;
        shift(&mut self.phone_ends, &other.phone_ends, self.phone.len())?;
        shift(&mut self.birth_ends, &other.birth_ends, self.births.len())?;
        add(&mut self.text, &other.text, false);
        add(&mut self.phone, &other.phone, false);
        add(&mut self.births, &other.births, false);
        self.ids.append(&mut other.ids);
        self.facets.append(&mut other.facets);
        // `other` is wiped as it is dropped.
        Ok(())
    }

    /// The people with ids in `(after, up_to]`, with room reserved for about `rows`.
    fn read_part(
        conn: &Connection,
        stamp: Stamp,
        after: i64,
        up_to: i64,
        rows: usize,
    ) -> Result<Memo> {
        let mut memo = Memo {
            stamp,
            ids: Vec::with_capacity(rows),
            facets: Vec::with_capacity(rows),
            text: Vec::with_capacity(rows * 96),
            text_ends: Vec::with_capacity(rows),
            phone: Vec::with_capacity(rows * 12),
            phone_ends: Vec::with_capacity(rows),
            births: Vec::with_capacity(rows * 10),
            birth_ends: Vec::with_capacity(rows),
            districts: Vec::new(),
            categories: Vec::new(),
            care_levels: Vec::new(),
            orders: Default::default(),
        };
        // Every district by id; an id the table does not hold (the statement's join finds
        // no name for it) is kept after them, by its id alone.
        let named: Vec<(i64, String)> = conn
            .prepare("SELECT id, name FROM districts ORDER BY id")
            .and_then(|mut st| {
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .ctx("reading the districts")?;
        memo.districts = named
            .into_iter()
            .map(|(id, name)| (id, Some(name)))
            .collect();
        let known = memo.districts.len();
        let mut stmt = conn
            .prepare(
                "SELECT person_id, name_key, furigana_key, address_key, phone_key, district_id,
                        archived, category, care_level, flood_zone, landslide_zone,
                        tsunami_zone, has_plan, supporters, date_of_birth
                 FROM person_search WHERE person_id > ?1 AND person_id <= ?2
                 ORDER BY person_id",
            )
            .ctx("reading the search table")?;
        let mut cursor = stmt.query([after, up_to]).ctx("reading the search table")?;
        while let Some(r) = cursor.next().ctx("reading the search table")? {
            memo.ids.push(r.get(0).ctx("reading the search table")?);
            for column in 1..=3 {
                add(
                    &mut memo.text,
                    text(r, column).ctx("reading the search table")?,
                    true,
                );
            }
            memo.text_ends
                .push(u32::try_from(memo.text.len()).map_err(|_| too_many("text"))?);
            add(
                &mut memo.phone,
                text(r, 4).ctx("reading the search table")?,
                true,
            );
            add(
                &mut memo.births,
                text(r, 14).ctx("reading the search table")?,
                false,
            );
            memo.birth_ends
                .push(u32::try_from(memo.births.len()).map_err(|_| too_many("dates"))?);
            memo.phone_ends
                .push(u32::try_from(memo.phone.len()).map_err(|_| too_many("phone numbers"))?);
            let district = match r.get::<_, Option<i64>>(5).ctx("reading the search table")? {
                None => None,
                Some(id) => {
                    let i = match memo.districts[..known].binary_search_by_key(&id, |d| d.0) {
                        Ok(i) => i,
                        Err(_) => match memo.districts[known..].iter().position(|d| d.0 == id) {
                            Some(i) => known + i,
                            None => {
                                memo.districts.push((id, None));
                                memo.districts.len() - 1
                            }
                        },
                    };
                    Some(u16::try_from(i).map_err(|_| too_many("districts"))?)
                }
            };
            let category = intern(
                &mut memo.categories,
                text(r, 7).ctx("reading the search table")?,
            )?;
            let care_level = match r.get_ref(8).ctx("reading the search table")? {
                rusqlite::types::ValueRef::Null => None,
                _ => Some(intern(
                    &mut memo.care_levels,
                    text(r, 8).ctx("reading the search table")?,
                )?),
            };
            let flag = |i: usize| -> Result<i64> { r.get(i).ctx("reading the search table") };
            memo.facets.push(Facets {
                archived: flag(6)? == 1,
                district,
                category,
                care_level,
                flood: flag(9)? == 1,
                landslide: flag(10)? == 1,
                tsunami: flag(11)? == 1,
                has_plan: u8::try_from(flag(12)?).unwrap_or(u8::MAX),
                supporters: u32::try_from(flag(13)?).unwrap_or(u32::MAX),
            });
        }
        Ok(memo)
    }

    /// Whether the search table is as this memo read it.
    pub(crate) fn is_current(&self, conn: &Connection, writes: &SearchWrites) -> Result<bool> {
        Ok(Stamp::now(conn, writes)? == self.stamp)
    }

    /// The page `ask` asks for: everyone matching (the total) and the ids of the page.
    pub(crate) fn page(&mut self, ask: &Ask<'_>) -> (u64, Vec<i64>) {
        let q = ask.query;
        let slot = order_slot(q.sort);
        if self.orders[slot].is_none() {
            self.orders[slot] = Some(self.make_order(q.sort));
        }
        let order = self.orders[slot].as_deref().unwrap_or_default();
        let matching = self.matching(ask);
        let total = matching.iter().filter(|m| **m).count() as u64;
        let mut skip = q.offset;
        let mut ids = Vec::with_capacity(q.limit.min(total as usize));
        let mut take = |row: u32| {
            if !matching[row as usize] {
                return true;
            }
            if skip > 0 {
                skip -= 1;
                return true;
            }
            ids.push(self.ids[row as usize]);
            ids.len() < q.limit
        };
        let rows: Box<dyn Iterator<Item = &u32>> = match (q.sort, q.descending) {
            (_, false) => Box::new(order.iter()),
            // People without a district come last either way.
            (RosterSort::District, true) => {
                let split = order
                    .iter()
                    .position(|&row| self.district_name(row).is_none())
                    .unwrap_or(order.len());
                let (named, unnamed) = order.split_at(split);
                Box::new(named.iter().rev().chain(unnamed.iter().rev()))
            }
            (_, true) => Box::new(order.iter().rev()),
        };
        for &row in rows {
            if !take(row) {
                break;
            }
        }
        (total, ids)
    }

    fn district_name(&self, row: u32) -> Option<&str> {
        let d = self.facets[row as usize].district?;
        self.districts[usize::from(d)].1.as_deref()
    }

    /// Who matches `ask`, by row.
    fn matching(&self, ask: &Ask<'_>) -> Vec<bool> {
        let mut hit = vec![false; self.ids.len()];
        if let Some(text) = &ask.fragment.text {
            mark(&self.text, &self.text_ends, text.as_bytes(), &mut hit);
        }
        if let Some(phone) = &ask.fragment.phone {
            mark(&self.phone, &self.phone_ends, phone.as_bytes(), &mut hit);
        }
        let keep = self.facet_test(ask);
        for (hit, facets) in hit.iter_mut().zip(&self.facets) {
            if *hit {
                *hit = keep(facets);
            }
        }
        hit
    }

    /// The filters other than the text, as a test of one row's facets.
    fn facet_test<'a>(&'a self, ask: &Ask<'_>) -> impl Fn(&Facets) -> bool + 'a {
        let q = ask.query;
        // A value no row holds keeps nobody: `Some(None)`.
        let district = ask.district.map(|id| {
            self.districts
                .iter()
                .position(|(d, _)| *d == id)
                .and_then(|i| u16::try_from(i).ok())
        });
        let category = q.category.map(|c| {
            self.categories
                .iter()
                .position(|t| t == c.token().as_bytes())
                .and_then(|i| u8::try_from(i).ok())
        });
        let care_level = q.care_level.map(|c| {
            self.care_levels
                .iter()
                .position(|t| t == c.token().as_bytes())
                .and_then(|i| u8::try_from(i).ok())
        });
        let archived = q.archived;
        let supporters = q.supporters;
        let has_plan = q.has_plan;
        let hazard = q.hazard;
        move |f: &Facets| {
            let archived_ok = match archived {
                ArchivedFilter::Exclude => !f.archived,
                ArchivedFilter::Include => true,
                ArchivedFilter::Only => f.archived,
            };
            archived_ok
                && district.is_none_or(|d| d.is_some() && f.district == d)
                && category.is_none_or(|c| c == Some(f.category))
                && care_level.is_none_or(|c| c.is_some() && f.care_level == c)
                && supporters.is_none_or(|s| match s {
                    SupporterCount::None => f.supporters == 0,
                    SupporterCount::One => f.supporters == 1,
                    SupporterCount::Several => f.supporters >= 2,
                })
                && has_plan.is_none_or(|p| f.has_plan == u8::from(p))
                && hazard.is_none_or(|h| match h {
                    HazardFilter::Any => f.flood || f.landslide || f.tsunami,
                    HazardFilter::Flood => f.flood,
                    HazardFilter::Landslide => f.landslide,
                    HazardFilter::Tsunami => f.tsunami,
                })
        }
    }

    /// The rows in `sort`'s ascending order (ties by id).
    fn make_order(&self, sort: RosterSort) -> Vec<u32> {
        let mut rows: Vec<u32> = (0..self.ids.len() as u32).collect();
        // Rows are in id order already: a stable sort by the key alone ties by id.
        match sort {
            RosterSort::Id => {}
            RosterSort::Furigana => rows = by_bytes(&self.keys(1)),
            RosterSort::Name => rows = by_bytes(&self.keys(0)),
            // Oldest first: the earliest date, compared as the statement compares text.
            RosterSort::Age => rows = by_bytes(&spans(&self.births, &self.birth_ends)),
            RosterSort::Supporters => {
                rows.sort_by_key(|r| self.facets[*r as usize].supporters);
            }
            // The district's name; people without one (or whose district has no name)
            // after everyone else.
            RosterSort::District => {
                let mut named: Vec<(&str, usize)> = self
                    .districts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (_, name))| Some((name.as_deref()?, i)))
                    .collect();
                named.sort_unstable();
                let mut rank = vec![u32::MAX; self.districts.len()];
                for (place, (_, i)) in named.iter().enumerate() {
                    rank[*i] = place as u32;
                }
                rows.sort_by_key(|r| {
                    self.facets[*r as usize]
                        .district
                        .map_or(u32::MAX, |d| rank[usize::from(d)])
                });
            }
        }
        rows
    }

    /// Key `which` (0 name, 1 furigana, 2 address) of every row.
    fn keys(&self, which: usize) -> Vec<&[u8]> {
        spans(&self.text, &self.text_ends)
            .into_iter()
            .map(|keys| keys.split(|b| *b == END).nth(which).unwrap_or_default())
            .collect()
    }
}

/// Each part of `all` ending at `ends`.
fn spans<'a>(all: &'a [u8], ends: &[u32]) -> Vec<&'a [u8]> {
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let span = &all[start..end as usize];
            start = end as usize;
            span
        })
        .collect()
}

/// The search table's lowest and highest id, and the rows between them (ids are given in
/// turn, so that is about how many there are).
#[derive(Clone, Copy)]
struct Span {
    low: i64,
    high: i64,
    rows: usize,
}

fn span(conn: &Connection) -> Result<Option<Span>> {
    let (low, high): (Option<i64>, Option<i64>) = conn
        .query_row(
            "SELECT min(person_id), max(person_id) FROM person_search",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ctx("reading the search table's ids")?;
    Ok(match (low, high) {
        (Some(low), Some(high)) => Some(Span {
            low,
            high,
            // Room for at most 10 million at first; more grows as read.
            rows: usize::try_from(high.saturating_sub(low).saturating_add(1))
                .unwrap_or(0)
                .min(10_000_000),
        }),
        _ => None,
    })
}

/// The rows in the order of `keys` (row `i`'s at `keys[i]`) as the statement compares text
/// (bytes, SQLite's BINARY), ties by row. Each row's first 16 bytes are compared as one
/// number, the rest only between rows whose first 16 are the same.
fn by_bytes(keys: &[&[u8]]) -> Vec<u32> {
    let head = |key: &[u8]| {
        let mut bytes = [0u8; 16];
        let n = key.len().min(16);
        bytes[..n].copy_from_slice(&key[..n]);
        u128::from_be_bytes(bytes)
    };
    let mut rows: Vec<(u128, u32)> = keys
        .iter()
        .enumerate()
        .map(|(row, key)| (head(key), row as u32))
        .collect();
    rows.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| keys[a.1 as usize].cmp(keys[b.1 as usize]))
            .then(a.1.cmp(&b.1))
    });
    let order = rows.iter().map(|(_, row)| *row).collect();
    // The heads are the first bytes of names and readings.
    for (head, _) in &mut rows {
        head.zeroize();
    }
    order
}

/// Appends `bytes` (and [`END`] when `end`) to `buf`. Grows it by hand, wiping the old
/// buffer: `Vec`'s own growth would free a copy of the keys read so far unwiped.
fn add(buf: &mut Vec<u8>, bytes: &[u8], end: bool) {
    let need = buf.len() + bytes.len() + usize::from(end);
    if need > buf.capacity() {
        let mut grown = Vec::with_capacity(need.max(buf.capacity() * 2));
        grown.extend_from_slice(buf);
        buf.zeroize();
        *buf = grown;
    }
    buf.extend_from_slice(bytes);
    if end {
        buf.push(END);
    }
}

/// The slot of `sort` in [`Memo::orders`].
fn order_slot(sort: RosterSort) -> usize {
    match sort {
        RosterSort::Furigana => 0,
        RosterSort::Name => 1,
        RosterSort::Age => 2,
        RosterSort::District => 3,
        RosterSort::Supporters => 4,
        RosterSort::Id => 5,
    }
}

/// Column `i` of `r`, a text, as its bytes.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r [u8]> {
    r.get_ref(i)?.as_bytes().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The index of `value` in `values`, added when new.
fn intern(values: &mut Vec<Vec<u8>>, value: &[u8]) -> Result<u8> {
    let i = match values.iter().position(|v| v == value) {
        Some(i) => i,
        None => {
            values.push(value.to_owned());
            values.len() - 1
        }
    };
    u8::try_from(i).map_err(|_| too_many("kinds of category or care level"))
}

/// Sets `hit[row]` for every row whose part of `keys` (ending at `ends[row]`) holds
/// `needle`.
fn mark(keys: &[u8], ends: &[u32], needle: &[u8], hit: &mut [bool]) {
    let finder = memmem::Finder::new(needle);
    let mut from = 0usize;
    let mut row = 0usize;
    while let Some(at) = finder.find(&keys[from..]) {
        let at = from + at;
        while (ends[row] as usize) <= at {
            row += 1;
        }
        hit[row] = true;
        // The rest of this row cannot add anything: on to the next.
        from = ends[row] as usize;
        row += 1;
        if row == ends.len() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::by_bytes;

    #[test]
    fn rows_sort_as_their_bytes_then_by_row_past_the_first_sixteen() {
        let keys: Vec<&[u8]> = vec![
            "すずきはなこ".as_bytes(), // 18 bytes: the first 16 shared with the next
            "すずきはなえ".as_bytes(),
            "すずきは".as_bytes(), // a proper prefix of both
            b"ab\0",
            b"ab",
            "すずきはなこ".as_bytes(), // the same as row 0: after it, by row
            b"",
        ];
        let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
        expected.sort_by(|a, b| keys[*a as usize].cmp(keys[*b as usize]).then(a.cmp(b)));
        assert_eq!(expected, [6, 4, 3, 2, 1, 0, 5]);
        assert_eq!(by_bytes(&keys), expected);
    }
}
