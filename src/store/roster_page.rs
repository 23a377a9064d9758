//! One page of the roster for a window that scrolls through all of it: filters, a sort
//! order, an offset and the total, so a 100,000-person roster is read a page at a time.
//!
//! Also the two small writes the desktop needs beyond the CLI's: reordering a person's
//! supporters, and reading the audit chain's verdict.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::audit::{self, ChainReport};
use super::page_memo::{Ask, Memo, Stamp};
use super::persons::search::{Candidates, Fragment};
use super::places;
use super::{Cached, Roster};
use crate::error::{Error, Result, SqlContext};
use crate::model::*;

/// The order of a roster page. Every order ends with the id, so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RosterSort {
    /// ふりがな (the default, the order people are filed in).
    #[default]
    Furigana,
    /// 氏名.
    Name,
    /// Date of birth: oldest person first when ascending.
    Age,
    /// 地区 name.
    District,
    /// Number of supporters assigned.
    Supporters,
    /// Roster id (order of registration).
    Id,
}

/// Which people with how many supporters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupporterCount {
    /// No supporter at all.
    None,
    /// Exactly one (the guideline asks for several).
    One,
    /// Two or more.
    Several,
}

/// Which hazard zone the home lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HazardFilter {
    /// In any of the zones.
    Any,
    /// 浸水想定区域.
    Flood,
    /// 土砂災害警戒区域.
    Landslide,
    /// 津波浸水想定区域.
    Tsunami,
}

/// Archived people: left out, included, or alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArchivedFilter {
    /// Only people on the roster (the default).
    #[default]
    Exclude,
    /// Everyone.
    Include,
    /// Only archived people.
    Only,
}

/// What one roster page holds.
#[derive(Debug, Clone, Default)]
pub struct RosterPageQuery {
    /// Partial match on name, furigana (either kana), address or phone.
    pub text: Option<String>,
    /// Only this district (by name).
    pub district: Option<String>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only this care level.
    pub care_level: Option<CareLevel>,
    /// Only people with this many supporters.
    pub supporters: Option<SupporterCount>,
    /// `Some(true)`: only people with a plan; `Some(false)`: only people without.
    pub has_plan: Option<bool>,
    /// Only people in this hazard zone.
    pub hazard: Option<HazardFilter>,
    /// Archived people.
    pub archived: ArchivedFilter,
    /// Only these people (a worklist's, say); `None` for no such limit.
    pub only: Option<Vec<i64>>,
    /// Order.
    pub sort: RosterSort,
    /// Descending instead of ascending.
    pub descending: bool,
    /// Rows skipped.
    pub offset: usize,
    /// Rows returned at most.
    pub limit: usize,
}

/// A page of the roster and how many people match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterPage {
    /// Everyone matching the filters (not only this page).
    pub total: u64,
    /// The rows of this page, in order.
    pub persons: Vec<PersonSummary>,
}

/// Above this many people named by the trigram index, the text is tested on everyone in
/// memory instead (`page_memo`: 6–25 ms a page for 500,000 people, where testing and
/// sorting candidates by id costs about 5 µs each).
const PAGE_CANDIDATES: usize = 1_000;

/// Most rows one page may ask for.
pub const MAX_PAGE: usize = 1000;

impl Roster {
    /// One page of the roster (summaries only; not audited as a view of a record).
    pub fn person_page(&self, q: &RosterPageQuery) -> Result<RosterPage> {
        if q.limit == 0 || q.limit > MAX_PAGE {
            return Err(Error::invalid(
                "limit",
                format!("must be between 1 and {MAX_PAGE}"),
            ));
        }
        let filter = Filter::of(self, q)?;
        if let Some(fragment) = &filter.everyone {
            // A text the trigram index cannot narrow: tested on everyone, in memory.
            let (total, ids) = self.memo_page(q, &filter, fragment)?;
            return Ok(RosterPage {
                total,
                persons: summaries(self, &ids)?,
            });
        }
        // Everything a page filters and sorts on is in the narrow search table (schema
        // v13); the wide (encrypted, page by page decrypted) person rows are read just for
        // the rows of the page.
        let total = count(self, &filter)?;
        let ids = match filter.plan(q, || tally(self, &filter, Use::Walked), total)? {
            Plan::Collect => page_ids(self, q, &filter, Plan::Collect)?,
            Plan::Walk if q.sort == RosterSort::District => district_order(self, q, &filter)?,
            plan => page_ids(self, q, &filter, plan)?,
        };
        Ok(RosterPage {
            total,
            persons: summaries(self, &ids)?,
        })
    }

    /// The total and the ids of a page filtered by a text tested on every person, from the
    /// search table's copy in memory (`page_memo`), read first when there is none or the
    /// table may have changed since.
    fn memo_page(
        &self,
        q: &RosterPageQuery,
        filter: &Filter,
        fragment: &Fragment,
    ) -> Result<(u64, Vec<i64>)> {
        let ask = Ask {
            query: q,
            fragment,
            district: filter.district,
        };
        let mut held = self.page_memo.borrow_mut();
        if let Some(memo) = held.as_ref() {
            if !memo.is_current(self.conn(), &self.search_writes)? {
                // The old copy goes before the new one is read: never two at once.
                *held = None;
            }
        }
        let memo = match held.as_mut() {
            Some(memo) => memo,
            None => {
                // The stamp first: a change made while the table is read leaves the memo
                // stale, to be read again at the next page.
                let stamp = Stamp::now(self.conn(), &self.search_writes)?;
                // Through other connections, to keep the roster's page cache as it is;
                // should none open (no account yet, no file handle left), through the
                // roster's own: the same rows either way.
                // Two of them, a half of the table each, on the two cores. A side reader
                // that could not read (the file busy past its wait, say) leaves it to the
                // roster's own connection.
                let read = match (self.side_reader(), self.side_reader()) {
                    (Ok(Some(first)), Ok(Some(second))) => {
                        Memo::read_halves(&first, second, stamp).ok()
                    }
                    (Ok(Some(reader)), _) | (_, Ok(Some(reader))) => {
                        Memo::read(&reader, stamp).ok()
                    }
                    _ => None,
                };
                let memo = match read {
                    Some(memo) => memo,
                    None => Memo::read(self.conn(), stamp)?,
                };
                held.insert(memo)
            }
        };
        Ok(memo.page(&ask))
    }

    /// Puts person `person_id`'s supporters in the order given (first = first to go).
    /// `order` must name exactly the supporters assigned now. Audited `supporter.reorder`.
    pub fn reorder_supporters(&mut self, person_id: i64, order: &[i64]) -> Result<()> {
        self.write(|tx| {
            super::persons::ensure_exists(tx.conn(), person_id)?;
            let mut assigned: Vec<i64> = tx
                .conn()
                .prepare_cached("SELECT supporter_id FROM assignments WHERE person_id = ?1")
                .and_then(|mut st| {
                    st.query_map([person_id], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()
                })
                .ctx("reading assignments")?;
            let mut wanted = order.to_vec();
            assigned.sort_unstable();
            wanted.sort_unstable();
            if assigned != wanted {
                return Err(Error::invalid(
                    "order",
                    "must list each supporter assigned to this person exactly once",
                ));
            }
            // Through negative positions so UNIQUE (person_id, position) never collides.
            for (i, supporter) in order.iter().enumerate() {
                tx.conn()
                    .exec(
                        "UPDATE assignments SET position = ?3 WHERE person_id = ?1 AND supporter_id = ?2",
                        params![person_id, supporter, -(i as i64 + 1)],
                    )
                    .ctx("reordering supporters")?;
            }
            tx.conn()
                .exec(
                    "UPDATE assignments SET position = -position WHERE person_id = ?1",
                    [person_id],
                )
                .ctx("reordering supporters")?;
            let detail = order
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            tx.audit(
                "supporter.reorder",
                "person",
                Some(person_id),
                &format!("order={detail}"),
            )
        })
    }

    /// Verifies the audit chain (the `audit` part of [`Roster::check`], without the
    /// slower page-by-page integrity checks).
    pub fn verify_audit_chain(&self) -> Result<ChainReport> {
        audit::verify(self.conn())
    }
}

/// Above this many people matching, a page is never collected through the facets index and
/// sorted: walking its order finds its rows sooner.
const COLLECT_AT_MOST: u64 = 20_000;

/// How many people match `filter` in all: a sum over the tally (schema step 15) when no
/// text or list of people is asked for; else the candidates the text test keeps.
fn count(roster: &Roster, filter: &Filter) -> Result<u64> {
    if filter.tallied() {
        return tally(roster, filter, Use::Any);
    }
    // The candidates (of a text by trigram, or a list of people), read by id. A text
    // tested on every row never comes here: `Roster::memo_page` counts it.
    let sql = format!(
        "SELECT count(*) FROM person_search s {}",
        filter.sql(Use::Any)
    );
    let n: i64 = roster
        .conn()
        .prepare_cached(&sql)
        .and_then(|mut st| st.query_row(params_from_iter(filter.args.iter()), |r| r.get(0)))
        .ctx("counting persons")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The people of the tally kept by `filter`'s terms for `use_`: [`Use::Any`] all of them
/// (the total), [`Use::Walked`] only its archived term (how many rows a walk in order
/// passes over).
fn tally(roster: &Roster, filter: &Filter, use_: Use) -> Result<u64> {
    let n: i64 = roster
        .conn()
        .prepare_cached(&format!(
            "SELECT coalesce(sum(s.n), 0) FROM person_search_tally s {}",
            filter.sql(use_)
        ))
        .and_then(|mut st| {
            let args: &[Value] = if use_ == Use::Walked {
                &[]
            } else {
                &filter.args
            };
            st.query_row(params_from_iter(args.iter()), |r| r.get(0))
        })
        .ctx("counting persons")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// How a page's ids are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// A short list of candidates (text by trigram, a list of people), read by id and
    /// sorted.
    ById,
    /// Walking the index of the page's order, testing each row, stopping at the page's end.
    Walk,
    /// Every match collected through the facets index (rare facets), then sorted.
    Collect,
}

/// The summary lines of `ids`, in that order.
fn summaries(roster: &Roster, ids: &[i64]) -> Result<Vec<PersonSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let today = roster.clock().today();
    let marks = vec!["?"; ids.len()].join(",");
    let mut stmt = roster
        .conn()
        .prepare(&format!(
            "SELECT p.id, p.name, p.furigana, p.sex, p.date_of_birth, p.address, p.phone,
                    d.name, p.care_level,
                    (SELECT count(*) FROM assignments a WHERE a.person_id = p.id),
                    p.archived_on IS NOT NULL
             FROM persons p LEFT JOIN districts d ON d.id = p.district_id
             WHERE p.id IN ({marks})"
        ))
        .ctx("reading a roster page")?;
    let rows = stmt
        .query_map(params_from_iter(ids.iter()), |r| {
            let dob: String = r.get(4)?;
            Ok(PersonSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                furigana: r.get(2)?,
                sex: Sex::from_token(&r.get::<_, String>(3)?).unwrap_or(Sex::Unspecified),
                age: chrono::NaiveDate::parse_from_str(&dob, "%Y-%m-%d")
                    .map_or(0, |d| crate::model::wareki::age_on(d, today)),
                date_of_birth: dob,
                address: r.get(5)?,
                phone: r.get(6)?,
                district: r.get(7)?,
                care_level: r
                    .get::<_, Option<String>>(8)?
                    .as_deref()
                    .and_then(CareLevel::from_token),
                supporters: r.get(9)?,
                archived: r.get(10)?,
            })
        })
        .ctx("reading a roster page")?;
    let mut by_id: std::collections::HashMap<i64, PersonSummary> = rows
        .map(|r| r.map(|p| (p.id, p)))
        .collect::<rusqlite::Result<_>>()
        .ctx("reading a roster page")?;
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// How a statement reads the search table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Only the archived term (no arguments): over the tally, the rows a walk passes.
    Walked,
    /// Any index may answer the terms: summing the tally (schema step 15), counting the
    /// candidates of a text by id, collecting rare facets through their index, or a page
    /// whose index is named and starts with archived.
    Any,
    /// Reading a page in its order: the archived and district terms must not pick an index
    /// of their own, so the page is read in its order and stops at its end instead of
    /// fetching every row of the filter by index and sorting them all.
    Page,
    /// Reading the people of one district (`s.district_id IS ?` added) in id order, through
    /// the index on archived and district.
    District,
}

/// The filters of a page, as `WHERE` terms over `person_search s` and their arguments.
struct Filter {
    /// Terms with `?` arguments (text, category …), in the order of `args`.
    terms: Vec<&'static str>,
    args: Vec<Value>,
    /// The district asked for.
    district: Option<i64>,
    archived: ArchivedFilter,
    /// Whether the terms name their candidates by id (a text fragment the trigram index
    /// answers, or a list of people): few rows, read by id and sorted, not walked in order.
    by_id: bool,
    /// A text with no short list of candidates: tested on everyone in memory
    /// (`Roster::memo_page`), not by these terms.
    everyone: Option<Fragment>,
    /// Whether any of category, care level, supporters, plan or hazard is asked for.
    facets: bool,
}

impl Filter {
    fn of(roster: &Roster, q: &RosterPageQuery) -> Result<Filter> {
        let mut terms: Vec<&'static str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let mut by_id = false;
        let fragment = q.text.as_deref().and_then(Fragment::of);
        if let Some(fragment) = &fragment {
            // The trigram index names everyone who may match (a fragment of three
            // characters or more); the test below alone decides who does.
            if let Candidates::Ids(ids) =
                Candidates::find(roster.conn(), fragment, Some(PAGE_CANDIDATES))?
            {
                terms.push("s.person_id IN (SELECT value FROM json_each(?))");
                args.push(Value::Text(super::id_list(&ids)));
                by_id = true;
            }
            terms.push(
                "(instr(s.name_key, ?) > 0 OR instr(s.furigana_key, ?) > 0
                  OR instr(s.address_key, ?) > 0 OR (? IS NOT NULL AND instr(s.phone_key, ?) > 0))",
            );
            // An empty key would match everything; a phone-only query matches by phone.
            let key = fragment.text.clone().map_or(Value::Null, Value::Text);
            let phone = fragment.phone.clone().map_or(Value::Null, Value::Text);
            args.extend([key.clone(), key.clone(), key, phone.clone(), phone]);
        }
        let district = match q.district.as_deref() {
            None => None,
            Some(name) => Some(
                places::district_id(roster.conn(), name)?
                    .ok_or_else(|| Error::invalid("district", "no district has that name"))?,
            ),
        };
        let before_facets = terms.len();
        if let Some(category) = q.category {
            terms.push("s.category = ?");
            args.push(Value::Text(category.token().to_owned()));
        }
        if let Some(level) = q.care_level {
            terms.push("s.care_level = ?");
            args.push(Value::Text(level.token().to_owned()));
        }
        match q.supporters {
            None => {}
            Some(SupporterCount::None) => terms.push("s.supporters = 0"),
            Some(SupporterCount::One) => terms.push("s.supporters = 1"),
            Some(SupporterCount::Several) => terms.push("s.supporters >= 2"),
        }
        match q.has_plan {
            None => {}
            Some(true) => terms.push("s.has_plan = 1"),
            Some(false) => terms.push("s.has_plan = 0"),
        }
        match q.hazard {
            None => {}
            Some(HazardFilter::Any) => {
                terms.push("(s.flood_zone = 1 OR s.landslide_zone = 1 OR s.tsunami_zone = 1)")
            }
            Some(HazardFilter::Flood) => terms.push("s.flood_zone = 1"),
            Some(HazardFilter::Landslide) => terms.push("s.landslide_zone = 1"),
            Some(HazardFilter::Tsunami) => terms.push("s.tsunami_zone = 1"),
        }
        let facets = terms.len() > before_facets;
        if let Some(ids) = &q.only {
            terms.push("s.person_id IN (SELECT value FROM json_each(?))");
            args.push(Value::Text(super::id_list(ids)));
            by_id = true;
        }
        Ok(Filter {
            terms,
            args,
            district,
            archived: q.archived,
            everyone: fragment.filter(|_| !by_id),
            by_id,
            facets,
        })
    }

    /// Whether the total is a sum over the tally: no text, no list of people.
    fn tallied(&self) -> bool {
        !self.by_id && self.everyone.is_none()
    }

    /// How the page of `q` is read. `walked` tells how many rows a walk in order passes
    /// over (the archived side of the roster); `total` how many of them match.
    fn plan(
        &self,
        q: &RosterPageQuery,
        walked: impl FnOnce() -> Result<u64>,
        total: u64,
    ) -> Result<Plan> {
        if self.by_id {
            return Ok(Plan::ById);
        }
        if !self.facets || total > COLLECT_AT_MOST {
            return Ok(Plan::Walk);
        }
        // A walk reads about (offset + limit) × walked / total rows, each looked up for its
        // facets; collecting reads the facets index (no lookups) and the matches. Walk
        // while the walk is shorter than a tenth of the roster's side and than the matches.
        let wanted = (q.offset + q.limit) as u64;
        let walked = walked()?;
        let walk = wanted.saturating_mul(walked) / total.max(1);
        Ok(if walk > total && walk > walked / 10 {
            Plan::Collect
        } else {
            Plan::Walk
        })
    }

    /// `WHERE …` for `use_` (empty when nothing is filtered). The district and archived
    /// values are the store's own integers, written into the statement.
    fn sql(&self, use_: Use) -> String {
        let plus = if use_ == Use::Page { "+" } else { "" };
        let mut terms: Vec<String> = if use_ == Use::Walked {
            Vec::new()
        } else {
            self.terms.iter().map(|t| t.to_string()).collect()
        };
        match self.archived {
            ArchivedFilter::Exclude => terms.push(format!("{plus}s.archived = 0")),
            ArchivedFilter::Include if use_ == Use::District => {
                terms.push("s.archived IN (0, 1)".into())
            }
            ArchivedFilter::Include => {}
            ArchivedFilter::Only => terms.push(format!("{plus}s.archived = 1")),
        }
        if use_ == Use::District {
            terms.push("s.district_id IS ?".into());
        }
        if let Some(id) = self.district.filter(|_| use_ != Use::Walked) {
            terms.push(format!("{plus}s.district_id = {id}"));
        }
        if terms.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", terms.join(" AND "))
        }
    }
}

/// The ids of one page read by `plan`, for every order but a walk by district.
fn page_ids(roster: &Roster, q: &RosterPageQuery, filter: &Filter, plan: Plan) -> Result<Vec<i64>> {
    let direction = if q.descending { "DESC" } else { "ASC" };
    // Archived people and those on the roster apart: the indexes on (archived, order).
    let split = filter.archived != ArchivedFilter::Include;
    // Facets without a text are tested in the index of the order (schema step 15), which
    // for the 50音 order is not the search's.
    let facets_only = split && filter.facets;
    let (order, index) = match q.sort {
        RosterSort::Furigana => (
            format!("s.furigana_key {direction}, "),
            if facets_only {
                "INDEXED BY person_search_furigana_facets"
            } else {
                "INDEXED BY person_search_furigana"
            },
        ),
        RosterSort::Name => (
            format!("s.name_key {direction}, "),
            if split {
                "INDEXED BY person_search_name"
            } else {
                ""
            },
        ),
        // Oldest first is the earliest date of birth.
        RosterSort::Age => (
            format!("s.date_of_birth {direction}, "),
            if split {
                "INDEXED BY person_search_age"
            } else {
                ""
            },
        ),
        RosterSort::Supporters => (
            format!("s.supporters {direction}, "),
            if split {
                "INDEXED BY person_search_supporters"
            } else {
                ""
            },
        ),
        RosterSort::District => (format!("d.name IS NULL, d.name {direction}, "), ""),
        RosterSort::Id => (String::new(), "NOT INDEXED"),
    };
    // A short list of candidates is read by id and sorted; rare facets are collected
    // through their index and sorted; otherwise the page walks the index of its order,
    // testing each row, and stops at its end.
    let (index, use_) = if plan == Plan::ById {
        ("", Use::Page)
    } else if plan == Plan::Collect {
        ("INDEXED BY person_search_facets", Use::Any)
    } else if split
        && (matches!(
            q.sort,
            RosterSort::Name | RosterSort::Age | RosterSort::Supporters
        ) || facets_only && q.sort == RosterSort::Furigana)
    {
        // The archived term is the index's first column.
        (index, Use::Any)
    } else {
        (index, Use::Page)
    };
    let mut args = filter.args.clone();
    args.push(Value::Integer(q.limit as i64));
    args.push(Value::Integer(q.offset as i64));
    roster
        .conn()
        .prepare_cached(&format!(
            "SELECT s.person_id FROM person_search s {index}
             LEFT JOIN districts d ON d.id = s.district_id
             {}
             ORDER BY {order}s.person_id {direction}
             LIMIT ? OFFSET ?",
            filter.sql(use_)
        ))
        .and_then(|mut st| {
            st.query_map(params_from_iter(args.iter()), |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()
        })
        .ctx("reading a roster page")
}

/// The ids of one page sorted by district name (people without a district last, either
/// way), read district by district in id order through the index on archived and
/// district, so the page stops at its end instead of sorting everyone.
fn district_order(roster: &Roster, q: &RosterPageQuery, filter: &Filter) -> Result<Vec<i64>> {
    let mut districts: Vec<Option<i64>> = roster
        .conn()
        .prepare_cached("SELECT id FROM districts ORDER BY name, id")
        .and_then(|mut st| {
            st.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<Option<i64>>>>()
        })
        .ctx("reading the districts")?;
    if q.descending {
        districts.reverse();
    }
    districts.push(None);
    if let Some(only) = filter.district {
        districts.retain(|d| *d == Some(only));
    }
    let direction = if q.descending { "DESC" } else { "ASC" };
    let mut stmt = roster
        .conn()
        .prepare_cached(&format!(
            "SELECT s.person_id FROM person_search s INDEXED BY person_search_archived
             {} ORDER BY s.person_id {direction} LIMIT ?",
            filter.sql(Use::District)
        ))
        .ctx("reading a roster page")?;
    // Without a text, the tally tells how many people of each district match: a district
    // with none is passed over, one wholly before the page skipped without reading it.
    let matches: Option<std::collections::HashMap<Option<i64>, usize>> = if filter.tallied() {
        let mut st = roster
            .conn()
            .prepare_cached(&format!(
                "SELECT s.district_id, sum(s.n) FROM person_search_tally s {}
                 GROUP BY s.district_id",
                filter.sql(Use::Any)
            ))
            .ctx("counting persons")?;
        let rows = st
            .query_map(params_from_iter(filter.args.iter()), |r| {
                Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, i64>(1)?))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx("counting persons")?;
        Some(
            rows.into_iter()
                .map(|(d, n)| (d, usize::try_from(n).unwrap_or(0)))
                .collect(),
        )
    } else {
        None
    };
    let mut skip = q.offset;
    let mut ids: Vec<i64> = Vec::with_capacity(q.limit);
    for district in districts {
        if let Some(matches) = &matches {
            let here = matches.get(&district).copied().unwrap_or(0);
            if here <= skip {
                skip -= here;
                continue;
            }
        }
        let want = skip + (q.limit - ids.len());
        let mut args = filter.args.clone();
        args.push(district.map_or(Value::Null, Value::Integer));
        args.push(Value::Integer(want as i64));
        let found = stmt
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, i64>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<i64>>>())
            .ctx("reading a roster page")?;
        if found.len() <= skip {
            skip -= found.len();
            continue;
        }
        ids.extend_from_slice(&found[skip..]);
        skip = 0;
        if ids.len() >= q.limit {
            break;
        }
    }
    Ok(ids)
}
