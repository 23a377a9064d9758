//! One page of the roster for a window that scrolls through all of it: filters, a sort
//! order, an offset and the total, so a 100,000-person roster is read a page at a time.
//!
//! Also the two small writes the desktop needs beyond the CLI's: reordering a person's
//! supporters, and reading the audit chain's verdict.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::audit::{self, ChainReport};
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

/// Above this many people named by the trigram index, the filter tests every row instead
/// (a list of ids that long costs more than the test).
const PAGE_CANDIDATES: usize = 20_000;

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
        let (count_filter, filter, mut args) = where_clause(self, q)?;
        // The narrow search table alone answers most pages; the wide (encrypted, page by
        // page decrypted) persons rows are joined only when a filter or the order needs
        // them, and otherwise read just for the rows of the page.
        let wide = q.category.is_some()
            || q.care_level.is_some()
            || q.hazard.is_some()
            || q.sort == RosterSort::Age;
        let join = if wide {
            "JOIN persons p ON p.id = s.person_id"
        } else {
            ""
        };
        let total: i64 = self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM person_search s {join} {count_filter}"
            ))
            .and_then(|mut st| st.query_row(params_from_iter(args.iter()), |r| r.get(0)))
            .ctx("counting persons")?;
        let direction = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            RosterSort::Furigana => format!("s.furigana_key {direction}, "),
            RosterSort::Name => format!("s.name_key {direction}, "),
            // Oldest first is the earliest date of birth.
            RosterSort::Age => format!("p.date_of_birth {direction}, "),
            RosterSort::District => format!("d.name IS NULL, d.name {direction}, "),
            RosterSort::Supporters => format!(
                "(SELECT count(*) FROM assignments a WHERE a.person_id = s.person_id) {direction}, "
            ),
            RosterSort::Id => String::new(),
        };
        args.push(Value::Integer(q.limit as i64));
        args.push(Value::Integer(q.offset as i64));
        let ids: Vec<i64> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT s.person_id FROM person_search s {join}
                 LEFT JOIN districts d ON d.id = s.district_id
                 {filter}
                 ORDER BY {order}s.person_id {direction}
                 LIMIT ? OFFSET ?"
            ))
            .and_then(|mut st| {
                st.query_map(params_from_iter(args.iter()), |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()
            })
            .ctx("reading a roster page")?;
        Ok(RosterPage {
            total: u64::try_from(total).unwrap_or(0),
            persons: summaries(self, &ids)?,
        })
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

/// `WHERE …` over `person_search s` (and `persons p` for category, care level and
/// hazard zones), and its arguments in order.
///
/// Two forms of it: for counting, the archived and district terms may use the small index
/// on them (`person_search_archived`); for reading a page they may not (`+s.…`), so the
/// page is read in its order from the search table (or the 50音 index) and stops at its
/// end instead of fetching every row of the filter by index and sorting them all.
fn where_clause(roster: &Roster, q: &RosterPageQuery) -> Result<(String, String, Vec<Value>)> {
    let mut terms: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(fragment) = q.text.as_deref().and_then(Fragment::of) {
        // The trigram index names everyone who may match (a fragment of three characters
        // or more); the test below alone decides who does.
        if let Candidates::Ids(ids) =
            Candidates::find(roster.conn(), &fragment, Some(PAGE_CANDIDATES))?
        {
            terms.push("s.person_id IN (SELECT value FROM json_each(?))");
            args.push(Value::Text(super::id_list(&ids)));
        }
        terms.push(
            "(instr(s.name_key, ?) > 0 OR instr(s.furigana_key, ?) > 0
              OR instr(s.address_key, ?) > 0 OR (? IS NOT NULL AND instr(s.phone_key, ?) > 0))",
        );
        // An empty key would match everything; a phone-only query matches by phone.
        let key = fragment.text.map_or(Value::Null, Value::Text);
        let phone = fragment.phone.map_or(Value::Null, Value::Text);
        args.extend([key.clone(), key.clone(), key, phone.clone(), phone]);
    }
    if let Some(name) = q.district.as_deref() {
        let id = places::district_id(roster.conn(), name)?
            .ok_or_else(|| Error::invalid("district", "no district has that name"))?;
        terms.push("s.district_id = ?");
        args.push(Value::Integer(id));
    }
    if let Some(category) = q.category {
        terms.push("p.category = ?");
        args.push(Value::Text(category.token().to_owned()));
    }
    if let Some(level) = q.care_level {
        terms.push("p.care_level = ?");
        args.push(Value::Text(level.token().to_owned()));
    }
    match q.supporters {
        None => {}
        Some(SupporterCount::None) => {
            terms.push("NOT EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = s.person_id)")
        }
        Some(SupporterCount::One) => {
            terms.push("(SELECT count(*) FROM assignments a WHERE a.person_id = s.person_id) = 1")
        }
        Some(SupporterCount::Several) => {
            terms.push("(SELECT count(*) FROM assignments a WHERE a.person_id = s.person_id) >= 2")
        }
    }
    match q.has_plan {
        None => {}
        Some(true) => {
            terms.push("EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = s.person_id)")
        }
        Some(false) => {
            terms.push("NOT EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = s.person_id)")
        }
    }
    match q.hazard {
        None => {}
        Some(HazardFilter::Any) => {
            terms.push("(p.flood_zone = 1 OR p.landslide_zone = 1 OR p.tsunami_zone = 1)")
        }
        Some(HazardFilter::Flood) => terms.push("p.flood_zone = 1"),
        Some(HazardFilter::Landslide) => terms.push("p.landslide_zone = 1"),
        Some(HazardFilter::Tsunami) => terms.push("p.tsunami_zone = 1"),
    }
    match q.archived {
        ArchivedFilter::Exclude => terms.push("s.archived = 0"),
        ArchivedFilter::Include => {}
        ArchivedFilter::Only => terms.push("s.archived = 1"),
    }
    if let Some(ids) = &q.only {
        terms.push("s.person_id IN (SELECT value FROM json_each(?))");
        args.push(Value::Text(super::id_list(ids)));
    }
    if terms.is_empty() {
        return Ok((String::new(), String::new(), args));
    }
    let counting = format!("WHERE {}", terms.join(" AND "));
    let paging: Vec<String> = terms
        .iter()
        .map(|t| match *t {
            "s.district_id = ?" | "s.archived = 0" | "s.archived = 1" => format!("+{t}"),
            t => t.to_string(),
        })
        .collect();
    Ok((counting, format!("WHERE {}", paging.join(" AND ")), args))
}
